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
  if (returns.every((r) => r.name)) return `ReturnTuple<{ ${returns.map((r) => `${r.name}: ${one(r)}`).join('; ')} }, [${returns.map(one).join(', ')}]>`;
  return `[${returns.map(one).join(', ')}]`;
}

// ---- doc comments, made from the Python signature (scripts/gen/python-signatures.json) ----
// Which names have a page of their own in PyTorch's documentation (the autosummary
// lists of its docs/source/*.md, scripts/gen/doc-pages.json). Link rule, per namespace:
//   torch.X:   generated/torch.X.html; else generated/torch.nn.functional.X.html where F documents X
//              (torch.conv2d, torch.relu_, ...); else, for an in-place X_, the page of X; else no link.
//   Tensor.X:  generated/torch.Tensor.X.html; else the page of X without its trailing underscore;
//              else the torch.X page (whose text the method's docstring points at); else the
//              torch.nn.functional.X page (Tensor.prelu); else no link.
//   linalg.X, fft.X: generated/torch.linalg.X.html / torch.fft.X.html; else no link.
//   special.X: special.html#torch.special.X (that module documents its functions on one page).
// A name with no page gets no link rather than a link that 404s.
const DOCS = 'https://pytorch.org/docs/stable/';
const pages = JSON.parse(fs.readFileSync(path.join(__dirname, 'gen', 'doc-pages.json'), 'utf8'));
const pageSets = Object.fromEntries(Object.entries(pages).filter(([k]) => !k.startsWith('_')).map(([k, v]) => [k, new Set(v)]));
function docLink(ns, py) {
  const has = (set, n) => pageSets[set].has(n);
  const gen = (full) => `${DOCS}generated/${full}.html`;
  const bare = py.endsWith('_') ? py.slice(0, -1) : null;
  if (ns === 'torch') {
    if (has('torch', py)) return gen(`torch.${py}`);
    if (has('nn.functional', py)) return gen(`torch.nn.functional.${py}`);
    if (bare && has('torch', bare)) return gen(`torch.${bare}`);
    if (bare && has('nn.functional', bare)) return gen(`torch.nn.functional.${bare}`);
    return null;
  }
  if (ns === 'Tensor') {
    if (has('Tensor', py)) return gen(`torch.Tensor.${py}`);
    if (bare && has('Tensor', bare)) return gen(`torch.Tensor.${bare}`);
    if (has('torch', py)) return gen(`torch.${py}`);
    if (bare && has('torch', bare)) return gen(`torch.${bare}`);
    if (has('nn.functional', py)) return gen(`torch.nn.functional.${py}`);
    return null;
  }
  if (ns === 'special') return has('special', py) ? `${DOCS}special.html#torch.special.${py}` : null;
  return has(ns, py) ? gen(`torch.${ns}.${py}`) : null;
}
// Python's spelling of a parameter's type, from the stubs (private aliases and SymInt folded away).
function pyTypeText(p) {
  if (!p.pyType) return null;
  return p.pyType
    .replace(/tuple\[(Tensor(?: \| None)?), \.\.\.\] \| list\[\1\]/g, 'Sequence[$1]')
    .replace(/\b_int \| SymInt\b/g, 'int').replace(/ \| torch\.Sym(Int|Float)/g, '').replace(/ \| _complex/g, '')
    .replace(/\bDeviceLikeType\b/g, 'device').replace(/\bIntLikeType\b/g, 'int').replace(/\btorch\.memory_format\b/g, 'memory_format')
    .replace(/\b_(int|float|bool|size|dtype|layout|symsize)\b/g, '$1').replace(/\bsymsize\b/g, 'size')
    .replace(/\b(int|float) \| \1\b/g, '$1');
}
function pyDefaultText(d) {
  if (d === null) return 'None';
  if (d === true) return 'True';
  if (d === false) return 'False';
  if (typeof d === 'string') return `"${d}"`;
  if (Array.isArray(d)) return `[${d.map(pyDefaultText).join(', ')}]`;
  if (typeof d === 'object' && d.py) return d.py;
  return String(d);
}
function pyReturnText(returns) {
  if (!returns.length) return 'None';
  const one = (r) => (r.type === 'Tensor[]' ? 'list[Tensor]' : r.type === 'Scalar' ? 'Number' : r.type);
  if (returns.length === 1) return one(returns[0]);
  if (returns.every((r) => r.name)) return `(${returns.map((r) => `${r.name}: ${one(r)}`).join(', ')})`;
  return `tuple[${returns.map(one).join(', ')}]`;
}
const PY_PREFIX = { torch: 'torch.', Tensor: 'Tensor.', linalg: 'torch.linalg.', fft: 'torch.fft.', special: 'torch.special.' };
// One Python signature as Python's docs print it: `torch.softmax(input: Tensor, dim: int, dtype: dtype | None = None) -> Tensor`.
function pySignature(ns, py, raw) {
  const parts = [];
  let star = false;
  for (const p of raw.params) {
    if (p.kwOnly && !star) { parts.push('*'); star = true; }
    const t = pyTypeText(p);
    parts.push(`${p.name}${t ? `: ${t}` : ''}${p.default !== undefined ? ` = ${pyDefaultText(p.default)}` : ''}`);
  }
  return `${PY_PREFIX[ns]}${py}(${parts.join(', ')}) -> ${pyReturnText(raw.returns)}`;
}
// The doc comment of one overload group: the Python signature(s) (names, types, defaults, what
// comes back), what a tuple return looks like in JS, and the docs page.
function docComment(ns, py, raws) {
  const link = docLink(ns, py);
  const sigs = raws.map((r) => `\`${pySignature(ns, py, r)}\``);
  const lines = sigs.length === 1 ? [`Python: ${sigs[0]}`] : ['Python:', ...sigs.map((x) => `- ${x}`)];
  const tuple = raws.find((r) => r.returns.length > 1);
  if (tuple) {
    const named = tuple.returns.every((r) => r.name);
    lines.push(named ? `@returns an object { ${tuple.returns.map((r) => r.name).join(', ')} } that also destructures as an array`
      : `@returns an array of ${tuple.returns.length}`);
  }
  if (link) lines.push(`@see ${link}`);
  return ['  /**', ...lines.map((l) => `   * ${l}`), '   */'];
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
      Object.defineProperty(gen[gen.length - 1], 'raw', { value: s, enumerable: false });
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
    // TypeScript overloads: every prefix of the positional params, then one options object holding
    // the params not given positionally (Python throws "got multiple values" for a repeated one), with
    // the required ones among them as required keys. A signature with no params at all takes nothing.
    const lines = [];
    const docRaws = [];
    const groups = [];
    for (const s of gen) {
      if (s.deprecated) continue;
      const pos = s.params.filter((p) => !p.kwOnly && p.name !== 'out');
      const types = s.params.map((p) => (p.name === 'out' ? (s.returns.length > 1 ? 'Tensor[]' : 'Tensor') : tsType(p.type, s.numbersAsTensor)));
      if (types.some((t) => t === null)) continue;
      const isRequired = (p) => !p.kwOnly && p.name !== 'out' && !p.hasDefault && !p.type.endsWith('?');
      const required = pos.filter(isRequired).length;
      const ret = returnType(s.returns);
      const safe = (n) => (/^(function|default|in|var|new|with|delete|class|if|for|while|switch|case|return|this|typeof|void)$/.test(n) ? `${n}_` : n);
      const group = [];
      // positional prefixes of every length; below `required`, the rest come in the options object
      const first = ns === 'Tensor' ? 0 : Math.min(1, required);
      for (let k = first; k <= pos.length; k++) {
        const given = new Set(pos.slice(0, k));
        const ps = pos.slice(0, k).map((p) => `${safe(p.name)}: ${types[s.params.indexOf(p)]}`);
        const rest = s.params.filter((p) => !given.has(p));
        if (rest.length) {
          const optType = `{ ${rest.map((p) => `${p.name}${isRequired(p) ? '' : '?'}: ${types[s.params.indexOf(p)]}`).join('; ')} }`;
          ps.push(`options${rest.some(isRequired) ? '' : '?'}: ${optType}`);
        }
        group.push(`  ${jsname}(${ps.join(', ')}): ${ret};`);
      }
      const raw = s.raw;
      groups.push({ lines: group, raw, ret });
    }
    // One doc comment per Python signature, on its first overload; the name's first overload lists
    // every signature (editors show it on hover whichever overload a call picks).
    const seen = new Set();
    groups.forEach((g, gi) => {
      const fresh = g.lines.filter((l) => !seen.has(l));
      fresh.forEach((l) => seen.add(l));
      if (!fresh.length) return;
      const raws = gi === 0 ? groups.map((x) => x.raw) : [g.raw];
      lines.push(...docComment(ns, pyname, [...new Set(raws)]), ...fresh);
    });
    decls[ns].push(...lines);
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
import type { GenSig, ReturnTuple } from "../ops/surface";
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
const overloads = Object.values(decls).reduce((a, l) => a + l.filter((x) => /^ {2}\w/.test(x)).length, 0);
console.log(`gen-ops: ${count} names, ${overloads} typed overloads -> src/generated/ops.ts`);
