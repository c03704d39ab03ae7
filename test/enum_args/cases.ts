// The calls test/enum_args.test.ts makes with invalid enum-valued arguments
// (memory format, dtype, layout, device), run in child processes
// (test/enum_args/child.ts) so that a crash shows as a signal, not a dead test
// runner. Two sets: the calls a fuzz sweep found killing the process, and every
// function and method of the generated surface with an enum-typed parameter,
// called with bad values in the keyword and (where Python allows) positional form.
import torch, { Tensor } from "../../src";
import { SIGNATURES } from "../../src/generated/ops";
import type { GenSig, GenParam } from "../../src/ops/surface";

export interface Case {
  label: string;
  run: () => unknown;
  /**
   * "TypeError": a TypeError naming one of `names` (or, for a positional value of a function with several
   * signatures, Python's "received an invalid combination of arguments", which names none);
   * "Error": any Error (Python raises RuntimeError there too).
   */
  expect: "TypeError" | "Error";
  /** whether the bad value is given positionally */
  positional?: boolean;
  names: string[];
}

const t4 = () => torch.ones(2, 3, 4, 5);

/** Objects that look like the torch.* enum objects but are not them. */
const lookAlike = {
  dtype: () => Object.create(torch.float32) as unknown,
  memoryFormat: () => Object.create(torch.channelsLast) as unknown,
  layout: () => Object.create(torch.strided) as unknown,
};

/** The calls the fuzz sweep found crashing the process (SIGSEGV, SIGFPE), and the silently accepted ones. */
export function listedCases(): Case[] {
  const mf = ["memory_format", "memoryFormat"];
  const dt = ["dtype"];
  const out: Case[] = [];
  const add = (label: string, run: () => unknown, names: string[]) => out.push({ label, run, expect: "TypeError", names });
  for (const bad of [4, 7, 99, -1, 2, NaN, "channels_last", true, lookAlike.memoryFormat()] as unknown[]) {
    const b = bad as never;
    const tag = typeof bad === "object" ? "look-alike" : String(bad);
    add(`t.clone({ memoryFormat: ${tag} })`, () => t4().clone({ memoryFormat: b }), mf);
    add(`t.clone(${tag})`, () => t4().clone(b), mf);
    add(`t.contiguous({ memoryFormat: ${tag} })`, () => t4().contiguous({ memoryFormat: b }), mf);
    add(`t.isContiguous({ memoryFormat: ${tag} })`, () => t4().isContiguous({ memoryFormat: b }), mf);
    add(`torch.emptyLike(t, { memoryFormat: ${tag} })`, () => torch.emptyLike(t4(), { memoryFormat: b }), mf);
    add(`torch.zerosLike(t, { memoryFormat: ${tag} })`, () => torch.zerosLike(t4(), { memoryFormat: b }), mf);
    add(`torch.onesLike(t, { memoryFormat: ${tag} })`, () => torch.onesLike(t4(), { memoryFormat: b }), mf);
    add(`torch.fullLike(t, 1, { memoryFormat: ${tag} })`, () => torch.fullLike(t4(), 1, { memoryFormat: b }), mf);
    add(`torch.randLike(t, { memoryFormat: ${tag} })`, () => torch.randLike(t4(), { memoryFormat: b }), mf);
    add(`torch.randnLike(t, { memoryFormat: ${tag} })`, () => torch.randnLike(t4(), { memoryFormat: b }), mf);
    add(`torch.randintLike(t, 5, { memoryFormat: ${tag} })`, () => torch.randintLike(t4(), 5, { memoryFormat: b }), mf);
    add(`t.resize_([4, 4], { memoryFormat: ${tag} })`, () => t4().resize_([4, 4], { memoryFormat: b }), mf);
    add(`t.resizeAs_(t, { memoryFormat: ${tag} })`, () => t4().resizeAs_(t4(), { memoryFormat: b }), mf);
    add(`t.to(t, { memoryFormat: ${tag} })`, () => t4().to(t4(), { memoryFormat: b }), mf);
    add(`t.to(torch.float64, { memoryFormat: ${tag} })`, () => t4().to(torch.float64, { memoryFormat: b }), mf);
    add(`t.to({ memoryFormat: ${tag} })`, () => t4().to({ memoryFormat: b }), mf);
    add(`t.chalf({ memoryFormat: ${tag} })`, () => t4().chalf({ memoryFormat: b }), mf);
    add(`torch.clone(t, { memoryFormat: ${tag} })`, () => torch.clone(t4(), { memoryFormat: b }), mf);
    add(`torch.empty(2, 3, { memoryFormat: ${tag} })`, () => torch.empty(2, 3, { memoryFormat: b }), mf);
    add(`torch.empty([2, 3], { memoryFormat: ${tag}, out })`, () => torch.empty([2, 3], { memoryFormat: b, out: torch.ones(2, 3) } as never), [...mf, "out"]);
  }
  for (const bad of [6, 99, -1, 1e9, NaN, "float32", true, lookAlike.dtype()] as unknown[]) {
    const b = bad as never;
    const tag = typeof bad === "object" ? "look-alike" : String(bad);
    // t.view(6) is a shape; a float, a string or a look-alike dtype is neither
    if (typeof bad !== "number" || Number.isNaN(bad)) add(`t.view(${tag})`, () => t4().view(b), [...dt, "dims", "size"]);
    add(`t.view({ dtype: ${tag} })`, () => t4().view({ dtype: b }), dt);
    add(`torch.viewCopy(t, { dtype: ${tag} })`, () => torch.viewCopy(t4(), { dtype: b } as never), dt);
    add(`torch.logspace(0, 1, 5, { dtype: ${tag} })`, () => torch.logspace(0, 1, 5, { dtype: b } as never), dt);
    // a string is read as a device (Python: RuntimeError for "float32")
    if (typeof bad === "string") out.push({ label: `t.to(${tag})`, run: () => t4().to(b), expect: "Error", names: [] });
    // a number is read as a device too (Python: a device index, RuntimeError without an accelerator)
    else if (typeof bad === "number") out.push({ label: `t.to(${tag})`, run: () => t4().to(b), expect: "Error", names: [] });
    else if (typeof bad !== "boolean") add(`t.to(${tag})`, () => t4().to(b), [...dt, "device"]);
    add(`t.to({ dtype: ${tag} })`, () => t4().to({ dtype: b }), dt);
    add(`t.sum({ dtype: ${tag} })`, () => t4().sum({ dtype: b } as never), dt);
    add(`torch.zeros(2, { dtype: ${tag} })`, () => torch.zeros(2, { dtype: b }), dt);
    add(`torch.tensor([1], { dtype: ${tag} })`, () => torch.tensor([1], { dtype: b }), dt);
    add(`torch.setDefaultDtype(${tag})`, () => torch.setDefaultDtype(b), ["d", "dtype"]);
    add(`torch.setAutocastDtype("cpu", ${tag})`, () => torch.setAutocastDtype("cpu", b), dt);
    add(`torch.canCast(${tag}, torch.float32)`, () => torch.canCast(b, torch.float32), ["from_"]);
  }
  for (const bad of [1, 8, NaN, "sparse_coo", lookAlike.layout()] as unknown[]) {
    const b = bad as never;
    const tag = typeof bad === "object" ? "look-alike" : String(bad);
    add(`torch.zeros(2, { layout: ${tag} })`, () => torch.zeros(2, { layout: b }), ["layout"]);
    add(`torch.emptyLike(t, { layout: ${tag} })`, () => torch.emptyLike(t4(), { layout: b }), ["layout"]);
    add(`torch.emptyStrided([2], [1], { layout: ${tag} })`, () => torch.emptyStrided([2], [1], { layout: b } as never), ["layout"]);
    add(`torch.sparseCompressedTensor(..., { layout: ${tag} })`,
      () => torch.sparseCompressedTensor(torch.tensor([0, 1]), torch.tensor([0]), torch.tensor([1.0]), [1, 1], { layout: b } as never), ["layout"]);
  }
  return out;
}

// ---------------------------------------------------------------- schema-derived

const ENUM = /^(ScalarType|MemoryFormat|Layout|Device)\??$/;

/** A type-correct value for a parameter the call needs (never reached by a kernel: the enum argument fails first). */
function dummy(p: GenParam): unknown {
  const base = p.type.replace(/\?$/, "");
  switch (base) {
    case "Tensor": return t4();
    case "Tensor[]": case "Tensor?[]": return [t4()];
    case "Scalar": return 1;
    case "Scalar[]": return [1];
    case "int": case "SymInt": return 1;
    case "float": return 1.5;
    case "bool": return false;
    case "str": case "c10::string_view": return "mean";
    case "ScalarType": return torch.float32;
    case "MemoryFormat": return torch.contiguousFormat;
    case "Layout": return torch.strided;
    case "Device": return "cpu";
    default:
      if (/^(int|SymInt)\[\d*\]$/.test(base)) return [1];
      if (/^float\[\d*\]$/.test(base)) return [1.5];
      if (/^bool\[\d*\]$/.test(base)) return [false];
      return undefined;
  }
}

function badValues(type: string): [string, () => unknown, "TypeError" | "Error"][] {
  const base = type.replace(/\?$/, "");
  switch (base) {
    case "ScalarType":
      return [["6", () => 6, "TypeError"], ["99", () => 99, "TypeError"], ["NaN", () => NaN, "TypeError"],
        ['"float32"', () => "float32", "TypeError"], ["look-alike", lookAlike.dtype, "TypeError"], ["torch.strided", () => torch.strided, "TypeError"]];
    case "MemoryFormat":
      return [["4", () => 4, "TypeError"], ["2", () => 2, "TypeError"], ["-1", () => -1, "TypeError"], ["NaN", () => NaN, "TypeError"],
        ['"channels_last"', () => "channels_last", "TypeError"], ["look-alike", lookAlike.memoryFormat, "TypeError"], ["torch.float32", () => torch.float32, "TypeError"]];
    case "Layout":
      return [["1", () => 1, "TypeError"], ["8", () => 8, "TypeError"], ["NaN", () => NaN, "TypeError"], ['"strided"', () => "strided", "TypeError"],
        ["look-alike", lookAlike.layout, "TypeError"]];
    case "Device":
      // Python takes an int as an accelerator index and a bad string raises RuntimeError: any error, never a crash
      return [["4", () => 4, "Error"], ["NaN", () => NaN, "Error"], ['"foo"', () => "foo", "Error"], ['"cpu:-1"', () => "cpu:-1", "Error"],
        ['"cuda:99999999999"', () => "cuda:99999999999", "Error"], ["torch.float32", () => torch.float32, "Error"]];
  }
  return [];
}

/** Every (function or method, enum parameter, bad value, form) of the generated surface. */
export function schemaCases(): Case[] {
  const out: Case[] = [];
  const seen = new Set<string>();
  const namespaces: Record<string, () => Record<string, unknown>> = {
    torch: () => torch as never, linalg: () => torch.linalg as never, fft: () => torch.fft as never, special: () => torch.special as never,
  };
  for (const [ns, entries] of Object.entries(SIGNATURES)) {
    for (const [name, sigs] of Object.entries(entries)) {
      for (const sig of sigs as GenSig[]) {
        // the hand-written torch.randintLike takes int bounds only (not randint_like's Tensor-high overloads)
        if (sig.deprecated || sig.aten.startsWith("randint_like.Tensor")) continue;
        const params = sig.params.filter((p) => p.name !== "out");
        for (const p of params) {
          if (!ENUM.test(p.type)) continue;
          const others = params.filter((q) => q !== p && !q.hasDefault && !q.type.endsWith("?") && q.type !== "PythonOnly" && !q.type.startsWith("Literal:"));
          if (others.some((q) => dummy(q) === undefined)) continue;
          const call = (args: () => unknown[]) => () => {
            const a = args();
            if (ns === "Tensor") {
              const self = t4() as unknown as Record<string, (...x: unknown[]) => unknown>;
              return self[name](...a);
            }
            const f = namespaces[ns]()[name] as (...x: unknown[]) => unknown;
            return f(...a);
          };
          for (const [tag, bad, expect] of badValues(p.type)) {
            const where = ns === "Tensor" ? `t.${name}` : ns === "torch" ? `torch.${name}` : `torch.${ns}.${name}`;
            // keyword form: the required others positionally where they are positional, the rest and the bad value as options
            const kwLabel = `${where}(${p.name}: ${tag}) [${sig.aten}]`;
            if (!seen.has(kwLabel)) {
              seen.add(kwLabel);
              out.push({
                label: kwLabel, expect, names: [p.py, p.name],
                run: call(() => {
                  const pos: unknown[] = [], opts: Record<string, unknown> = {};
                  for (const q of others) {
                    if (!q.kwOnly && pos.length === params.filter((r) => !r.kwOnly).indexOf(q)) pos.push(dummy(q));
                    else opts[q.name] = dummy(q);
                  }
                  opts[p.name] = bad();
                  return [...pos, opts];
                }),
              });
            }
            // positional form: every positional parameter up to p given (not for the hand-written
            // to() and view(), which read a leading value as a device or a shape, as Python does)
            if (!p.kwOnly && !(ns === "Tensor" && (name === "to" || name === "view"))) {
              const positional = params.filter((r) => !r.kwOnly);
              const upto = positional.slice(0, positional.indexOf(p));
              if (upto.some((q) => dummy(q) === undefined)) continue;
              const label = `${where}(..., ${tag}) [${sig.aten}]`;
              if (seen.has(label)) continue;
              seen.add(label);
              const kwOthers = others.filter((q) => q.kwOnly);
              out.push({
                label, expect, names: [p.py, p.name], positional: true,
                run: call(() => {
                  const a: unknown[] = upto.map(dummy);
                  a.push(bad());
                  if (kwOthers.length) a.push(Object.fromEntries(kwOthers.map((q) => [q.name, dummy(q)])));
                  return a;
                }),
              });
            }
          }
        }
      }
    }
  }
  return out;
}

export function allCases(): Case[] {
  return [...listedCases(), ...schemaCases()];
}

export { Tensor };
