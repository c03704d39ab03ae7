'use strict';
// Generates src/generated/ops.ts: the op surface Python binds (names, Python
// signatures, overload order) from scripts/gen/python-signatures.json, with
// TypeScript overloads for editors. The runtime (src/ops/surface.ts) binds each
// signature to the linked LibTorch's schema by argument name on first use.
// Run: npm run gen:ops. Output is marked generated; do not edit it by hand.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const src = JSON.parse(fs.readFileSync(path.join(__dirname, 'gen', 'python-signatures.json'), 'utf8'));
// The schemas of the LibTorch being built against, from its dispatcher (needs a built package).
// LibTorch is located at run time (scripts/locate.js), as the package's own import does.
const addon = require(path.join(root, 'scripts', 'locate.js')).loadAddon(root).native;
const { parseSchema } = require(path.join(root, 'lib', 'ops', 'schema.js'));
const schemaCache = new Map();
function schemaOf(full) {
  if (!schemaCache.has(full)) {
    const [name, overload = ''] = full.split('.');
    let s = null;
    try { s = parseSchema(addon.opSchema(addon.resolveOp(name, overload))); } catch { /* not in this LibTorch */ }
    schemaCache.set(full, s);
  }
  return schemaCache.get(full);
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// Names written by hand (faster or JS-specific) are not generated: the
// methods of class Tensor and the torch.* functions src/torch.ts defines.
function handwrittenMethods() {
  const text = fs.readFileSync(path.join(root, 'src', 'tensor.ts'), 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/^ {2}(?:get |set )?(\w+)\s*\(/gm)) names.add(m[1]);
  const unary = /const UNARY = \[([^\]]*)\]/s.exec(text);
  if (unary) for (const m of unary[1].matchAll(/"(\w+)"/g)) { names.add(m[1]); names.add(`${m[1]}_`); }
  return names;
}
function handwrittenFunctions() {
  const text = fs.readFileSync(path.join(root, 'src', 'torch.ts'), 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/^\s+(\w+)[,:]/gm)) names.add(m[1]);
  const fx = fs.readFileSync(path.join(root, 'src', 'functions.ts'), 'utf8');
  const list = /METHOD_FUNCTIONS = \[([^\]]*)\]/s.exec(fx);
  if (list) for (const m of list[1].matchAll(/"(\w+)"/g)) names.add(m[1]);
  return names;
}

const UNSUPPORTED = /Dimname|Storage|Stream|QScheme|ScalarType\[\]|Layout\[\]|Device\[\]|complex|Any|__torch__|ScalarTypeType/;

function tsType(type, numbersAsTensor) {
  if (type === 'PythonOnly') return 'boolean';
  if (type.startsWith('Literal:')) return type.slice(8);
  const opt = type.endsWith('?');
  const base = opt ? type.slice(0, -1) : type;
  let t;
  if (base === 'Tensor') t = numbersAsTensor ? 'Tensor | number | boolean' : 'Tensor';
  else if (base === 'Scalar') t = 'number | boolean';
  else if (base === 'int' || base === 'SymInt' || base === 'float') t = 'number';
  else if (base === 'MemoryFormat') t = 'memory_format';
  else if (base === 'Layout') t = 'layout';
  else if (base === 'bool') t = 'boolean';
  else if (base === 'str' || base === 'c10::string_view') t = 'string';
  else if (base === 'ScalarType') t = 'dtype';
  else if (base === 'Device') t = 'string | Device';
  else if (base === 'Generator') t = 'Generator';
  else if (base === 'Tensor[]') t = 'Tensor[]';
  else if (base === 'Tensor?[]') t = '(Tensor | null)[]';
  else if (base === 'Scalar[]') t = 'number[]';
  else if (/^(int|SymInt)\[\d*\]$/.test(base)) t = 'number | number[]';
  else if (/^float\[\d*\]$/.test(base)) t = 'number | number[]';
  else if (/^bool\[\d*\]$/.test(base)) t = 'boolean[]';
  else return null;
  return opt ? `${t} | null` : t;
}

function returnType(returns) {
  if (!returns.length) return 'void';
  const one = (r) => (r.type === 'Tensor' ? 'Tensor' : r.type === 'Tensor[]' ? 'Tensor[]' : r.type === 'bool' ? 'boolean'
    : /^(int|SymInt|float|Scalar)$/.test(r.type) ? 'number' : 'unknown');
  if (returns.length === 1) return one(returns[0]);
  if (returns.every((r) => r.name)) return `NamedTuple & { ${returns.map((r) => `${r.name}: ${one(r)}`).join('; ')} }`;
  return `[${returns.map(one).join(', ')}]`;
}

const NS = { torch: 'torch', Tensor: 'Tensor', linalg: 'linalg', fft: 'fft', special: 'special' };
const skipMethods = handwrittenMethods();
const skipFunctions = handwrittenFunctions();

const table = {};
const notGenerated = {};
const decls = {};
let count = 0;
for (const [ns, entries] of Object.entries(src.namespaces)) {
  if (!NS[ns]) continue;
  table[ns] = {};
  decls[ns] = [];
  for (const [pyname, sigs] of Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (pyname.startsWith('_')) continue;
    const jsname = pyname.endsWith('_') ? `${camel(pyname.slice(0, -1))}_` : camel(pyname);
    const gen = [];
    for (const s of sigs) {
      if (!s.aten || s.params.some((p) => p.type && UNSUPPORTED.test(p.type))) continue;
      // Python-only keywords (requires_grad of the factories) are handled by the runtime; others are not bound.
      const pyOnly = (p) => (p.name === 'requires_grad' ? 'PythonOnly'
        : /^Literal\[(True|False)\]$/.test(p.pyType || '') ? `Literal:${p.pyType === 'Literal[True]'}` : null);
      if (s.params.some((p) => !p.type && !pyOnly(p))) continue;
      const schema = schemaOf(s.aten);
      if (!schema) continue;
      gen.push({
        aten: s.aten,
        ...(s.out ? { out: s.out } : {}),
        params: s.params.map((p) => ({
          name: camel(p.name), py: p.name, arg: p.name === 'out' || !p.type ? p.name : (schema.args[p.schemaIndex]?.name ?? p.name), type: p.type || pyOnly(p),
          kwOnly: !!p.kwOnly, hasDefault: p.default !== undefined,
          // Python's binding passes 0 (no reduction) for an omitted `reduction` of the
          // torch.* loss functions, whatever the schema says (measured with the oracle).
          ...(ns === 'torch' && p.name === 'reduction' && p.type === 'int' ? { pyDefault: 0 } : {}),
        })),
        ...(s.numbersAsTensor ? { numbersAsTensor: true } : {}),
        ...(s.deprecated ? { deprecated: true } : {}),
        returns: s.returns,
      });
    }
    if (!gen.length) {
      const why = (src.unmapped || []).find((u) => u.ns === ns && u.name === pyname);
      const types = [...new Set(sigs.flatMap((x) => x.params.map((p) => p.type)).filter((t) => t && UNSUPPORTED.test(t)))];
      notGenerated[`${ns}.${jsname}`] = why ? why.reason
        : types.length ? `argument types not bound from JS: ${types.join(', ')}`
        : sigs.every((x) => !x.aten || !schemaOf(x.aten)) ? 'no aten operator in the linked LibTorch'
        : 'Python-only arguments';
      continue;
    }
    const handwritten = ns === 'Tensor' ? skipMethods.has(jsname) : ns === 'torch' ? skipFunctions.has(jsname) : false;
    table[ns][jsname] = gen;
    count++;
    if (handwritten) continue;
    // TypeScript overloads: every prefix of the optional positional params, then options.
    const lines = [];
    for (const s of gen) {
      if (s.deprecated) continue;
      const pos = s.params.filter((p) => !p.kwOnly && p.name !== 'out');
      const types = s.params.map((p) => (p.name === 'out' ? (s.returns.length > 1 ? 'Tensor[]' : 'Tensor') : tsType(p.type, s.numbersAsTensor)));
      if (types.some((t) => t === null)) continue;
      const optType = `{ ${s.params.map((p, i) => `${p.name}?: ${types[i]}`).join('; ')} }`;
      const required = pos.filter((p) => !p.hasDefault && !p.type.endsWith('?')).length;
      const ret = returnType(s.returns);
      const safe = (n) => (/^(function|default|in|var|new|with|delete|class|if|for|while|switch|case|return|this|typeof|void)$/.test(n) ? `${n}_` : n);
      // positional prefixes of every length; below `required`, the rest come in the options object
      const first = ns === 'Tensor' ? 0 : Math.min(1, required);
      for (let k = first; k <= pos.length; k++) {
        const ps = pos.slice(0, k).map((p) => `${safe(p.name)}: ${types[s.params.indexOf(p)]}`);
        lines.push(`  ${jsname}(${[...ps, `options${k < required ? '' : '?'}: ${optType}`].join(', ')}): ${ret};`);
      }
    }
    decls[ns].push(...new Set(lines));
  }
}

// Public Python names with no signature at all in the stubs' mapping: say why.
const pyNames = JSON.parse(fs.readFileSync(path.join(__dirname, 'gen', 'python-names.json'), 'utf8'));
const lists = { torch: pyNames.functions, Tensor: pyNames.methods, linalg: pyNames.linalg, fft: pyNames.fft, special: pyNames.special };
for (const [ns, list] of Object.entries(lists)) {
  for (const raw of list || []) {
    const pyname = ns === 'linalg' || ns === 'fft' || ns === 'special' ? raw.replace(new RegExp(`^${ns}_`), '') : raw;
    if (pyname.startsWith('_')) continue;
    const jsname = pyname.endsWith('_') ? `${camel(pyname.slice(0, -1))}_` : camel(pyname);
    if (table[ns]?.[jsname] || notGenerated[`${ns}.${jsname}`]) continue;
    const why = (src.unmapped || []).find((u) => u.ns === ns && (u.name === pyname || u.name === raw));
    notGenerated[`${ns}.${jsname}`] = why ? why.reason : 'a manual Python binding with no operator signature in the stubs';
  }
}

const header = `// GENERATED by scripts/gen-ops.js from scripts/gen/python-signatures.json (torch ${src.torch_version}).
// Do not edit: run \`npm run gen:ops\`.
/* eslint-disable */
import type { GenSig, NamedTuple } from "../ops/surface";
import type { Tensor } from "../tensor";
import type { dtype } from "../dtype";
import type { layout } from "../layout";
import type { memory_format } from "../memory_format";
import type { Device } from "../device";
import type { Generator } from "../random";
`;
const iface = (name, lines) => `export interface ${name} {\n${lines.join('\n')}\n}\n`;
const out = header +
  `\nexport const SIGNATURES: Record<string, Record<string, GenSig[]>> = ${JSON.stringify(table)};\n\n` +
  `/** Public Python names that are not generated, with the reason. */\nexport const NOT_GENERATED: Record<string, string> = ${JSON.stringify(notGenerated, null, 1)};\n\n` +
  iface('GeneratedTensorMethods', decls.Tensor || []) + '\n' +
  iface('GeneratedTorchFunctions', decls.torch || []) + '\n' +
  iface('GeneratedLinalg', decls.linalg || []) + '\n' +
  iface('GeneratedFft', decls.fft || []) + '\n' +
  iface('GeneratedSpecial', decls.special || []);
fs.mkdirSync(path.join(root, 'src', 'generated'), { recursive: true });
fs.writeFileSync(path.join(root, 'src', 'generated', 'ops.ts'), out);
console.log(`gen-ops: ${count} names, ${Object.values(decls).reduce((a, l) => a + l.length, 0)} typed overloads -> src/generated/ops.ts`);
