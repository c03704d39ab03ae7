// The generated op surface at run time: Python's argument binding and overload
// choice over the signature table (src/generated/ops.ts), then one boxed call.
// Signatures bind to the linked LibTorch's schemas by argument name on first
// use, so a LibTorch of another version keeps working.
import { native, Handle } from "../native";
import { opId } from "../dispatch";
import { parseSchema, Schema } from "./schema";
import { isOptions, Options } from "../args";
import { isDtype } from "../dtype";
import { isLayout } from "../layout";
import { isMemoryFormat } from "../memory_format";
import { Device, describe } from "../device";
import type { Tensor as TensorT } from "../tensor";

/** One Python signature, as generated from the wheel's bindings. */
export interface GenParam {
  /** camelCase name (options key). */
  name: string;
  /** Python's name. */
  py: string;
  /** The aten schema's argument name this param feeds. */
  arg: string;
  /** aten type, e.g. "Tensor", "int[1]?", "ScalarType?". */
  type: string;
  kwOnly: boolean;
  hasDefault: boolean;
  /** What Python passes when the argument is omitted, where that differs from the schema default. */
  pyDefault?: number;
}
export interface GenSig {
  aten: string;
  out?: string;
  params: GenParam[];
  numbersAsTensor?: boolean;
  deprecated?: boolean;
  returns: { name: string; type: string }[];
}

/**
 * A signature with a fixed object shape: the generated literals differ in
 * which keys they carry, and property loads on mixed shapes are slow
 * (megamorphic) on the hot path. install.ts makes one of these per signature.
 */
export class Sig implements GenSig {
  aten: string;
  out: string | undefined;
  params: GenParam[];
  numbersAsTensor: boolean;
  deprecated: boolean;
  returns: { name: string; type: string }[];
  _plan: Plan | null | undefined = undefined;
  constructor(g: GenSig) {
    this.aten = g.aten;
    this.out = g.out;
    this.params = g.params.map((p) => ({
      name: p.name, py: p.py, arg: p.arg, type: p.type, kwOnly: p.kwOnly, hasDefault: p.hasDefault, pyDefault: p.pyDefault,
    }));
    this.numbersAsTensor = !!g.numbersAsTensor;
    this.deprecated = !!g.deprecated;
    this.returns = g.returns;
  }
}

interface Bound {
  id: number;
  nargs: number;
  index: Map<string, number>;
  selfIndex: number;
  schema: Schema;
}

const boundCache = new WeakMap<GenSig, { fn?: Bound | null; out?: Bound | null }>();

function bindOverload(full: string, selfArg: string | null): Bound | null {
  const [name, overload = ""] = full.split(".");
  let id: number;
  try {
    id = opId(name, overload);
  } catch {
    return null; // not in the linked LibTorch
  }
  const schema = parseSchema(native.opSchema(id));
  const index = new Map<string, number>();
  schema.args.forEach((a, i) => index.set(a.name, i));
  let selfIndex = -1;
  if (selfArg !== null) selfIndex = index.get(selfArg) ?? schema.args.findIndex((a) => a.type === "Tensor");
  return { id, nargs: schema.args.length, index, selfIndex, schema };
}

function bound(sig: GenSig, useOut: boolean, selfArg: string | null): Bound | null {
  let c = boundCache.get(sig);
  if (!c) boundCache.set(sig, (c = {}));
  if (useOut) {
    if (c.out === undefined) c.out = sig.out ? bindOverload(sig.out, selfArg) : null;
    return c.out;
  }
  if (c.fn === undefined) c.fn = bindOverload(sig.aten, selfArg);
  return c.fn;
}

// ---------------------------------------------------------------- value matching

let TensorClass: typeof TensorT;
let GeneratorClass: new (...a: never[]) => { _g: unknown };
let wrapResult: (h: Handle, self: TensorT | null) => TensorT;
let threadGenerator: () => unknown = () => null;
/** @internal set by random.ts: the generator an absent `Generator?` argument takes (null: LibTorch's default). */
export function registerThreadGenerator(fn: () => unknown): void {
  threadGenerator = fn;
}
/** @internal set by tensor.ts / random.ts to avoid import cycles. */
export function registerClasses(t: typeof TensorT, g: new (...a: never[]) => { _g: unknown }, wrap: (h: Handle, self: TensorT | null) => TensorT): void {
  TensorClass = t;
  GeneratorClass = g;
  wrapResult = wrap;
}

const isInt = (v: unknown) => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
const isNum = (v: unknown) => typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";

/** Converts `v` for an aten type, or returns NO_MATCH. */
const NO_MATCH = Symbol("no match");
function convert(v: unknown, type: string, numbersAsTensor: boolean): unknown {
  const optional = type.endsWith("?");
  if (v === undefined || v === null) return optional ? null : NO_MATCH;
  const base = optional ? type.slice(0, -1) : type;
  switch (base) {
    case "Tensor":
      if (v instanceof TensorClass) return v._h;
      return numbersAsTensor && isNum(v) ? v : NO_MATCH;
    case "Scalar":
      if (isNum(v)) return v;
      if (v instanceof TensorClass && v.numel() === 1 && v.dim() === 0) return v.item();
      return NO_MATCH;
    case "int":
    case "SymInt":
      return isInt(v) ? v : NO_MATCH;
    case "float":
      return typeof v === "number" ? v : NO_MATCH;
    case "bool":
      return typeof v === "boolean" ? v : NO_MATCH;
    case "str":
    case "c10::string_view":
      return typeof v === "string" ? v : NO_MATCH;
    // enum arguments: only the torch.* objects (never a number or a look-alike), so
    // no invalid code reaches LibTorch (docs/architecture.md, "Errors")
    case "ScalarType":
      return isDtype(v) ? v.code : NO_MATCH;
    case "Device":
      return typeof v === "string" || v instanceof Device ? String(v) : NO_MATCH;
    case "Generator":
      return v instanceof GeneratorClass ? v._g : NO_MATCH;
    case "MemoryFormat":
      return isMemoryFormat(v) ? v.code : NO_MATCH;
    case "Layout":
      return isLayout(v) ? v.code : NO_MATCH;
    case "Tensor[]":
      if (!Array.isArray(v)) return NO_MATCH;
      for (const t of v) if (!(t instanceof TensorClass)) return NO_MATCH;
      return v.map((t: TensorT) => t._h);
    case "Tensor?[]":
      if (!Array.isArray(v) || !allOf(v, (t) => t === null || t === undefined || t instanceof TensorClass)) return NO_MATCH;
      return Array.from(v, (t) => (t instanceof TensorClass ? t._h : null));
    case "Scalar[]":
      return Array.isArray(v) && allOf(v, isNum) ? v : NO_MATCH;
    default:
      if (/^(int|SymInt)\[\d*\]$/.test(base)) {
        // a lone int is accepted only where the list has a declared size (int[1], int[2]), as in Python
        if (isInt(v)) return /\[\d+\]$/.test(base) ? [v] : NO_MATCH;
        return Array.isArray(v) && allOf(v, isInt) ? v : NO_MATCH;
      }
      if (/^float\[\d*\]$/.test(base)) {
        if (typeof v === "number") return [v];
        return Array.isArray(v) && allOf(v, (x) => typeof x === "number") ? v : NO_MATCH;
      }
      if (/^bool\[\d*\]$/.test(base)) return Array.isArray(v) && allOf(v, (x) => typeof x === "boolean") ? v : NO_MATCH;
      return NO_MATCH; // Dimname, Storage, Stream, ...: not bound from JS
  }
}

/**
 * Whether every element passes, holes included (a hole is undefined): Array.prototype.every skips holes, so
 * it let a sparse `new Array(2 ** 32 - 1)` through as an int list and the binding then spent minutes on it.
 */
function allOf(v: readonly unknown[], pred: (x: unknown) => boolean): boolean {
  for (let i = 0; i < v.length; i++) if (!pred(v[i])) return false;
  return true;
}

function isIntList(type: string): boolean {
  return /^(int|SymInt)\[\d*\]\??$/.test(type);
}

// ---------------------------------------------------------------- calling

/**
 * Calls `name` with Python's binding rules: positional args in Python's
 * order, a trailing options object (camelCase keys), the first signature
 * that accepts them wins; `self` is the tensor for methods (null for
 * functions).
 */
export function callSurface(ns: string, name: string, sigs: readonly Sig[], self: TensorT | null, args: readonly unknown[]): unknown {
  let pos = args as unknown[];
  let opts: Options | null = null;
  if (pos.length && isOptions(pos[pos.length - 1])) {
    opts = pos[pos.length - 1] as Options;
    pos = pos.slice(0, -1);
  }
  const wantOut = opts !== null && opts.out !== undefined && opts.out !== null;
  for (let pass = 0; pass < 2; pass++) {
    for (const sig of sigs) {
      if (sig.deprecated !== (pass === 1)) continue;
      if (wantOut && !sig.out) continue;
      // positional-only calls (the common case) take the planned path when the signature has one
      const r = opts === null ? planned(sig, self, pos) : tryCall(sig, self, pos, opts, wantOut);
      if (r !== NO_MATCH) return r;
    }
  }
  throw mismatchError(ns, name, sigs, self, pos, opts);
}

// ---------------------------------------------------------------- planned (fast) path
//
// For a call with positional arguments only, a per-signature plan made on
// first use: a small type code and the schema index of each positional
// parameter. Matching then needs no maps and no intermediate arrays. A
// signature a plan cannot express (Python-only selectors, a required
// keyword-only argument, Python-side defaults) goes through tryCall.

/** How a positional parameter is checked inline; Other goes through convert(). */
const enum Code { Tensor, TensorNum, Int, Bool, Other }

interface Plan {
  id: number;
  nargs: number;
  selfIndex: number;
  nreq: number;
  /** where the schema takes a `Generator?` (filled with the thread default when absent), or -1 */
  genIndex: number;
  codes: Code[];
  types: string[];
  idx: number[];
  varargs: boolean;
  tensorReturn: boolean;
  schema: Schema;
  /** the plan compiled to one function: (self, positional args) -> result or NO_MATCH */
  run: (self: TensorT | null, pos: unknown[]) => unknown;
}

const callOp = native.callOp;

function codeOf(type: string, numbersAsTensor: boolean): Code {
  switch (type) {
    case "Tensor": return numbersAsTensor ? Code.TensorNum : Code.Tensor;
    case "int": case "SymInt": return Code.Int;
    case "bool": return Code.Bool;
    default: return Code.Other;
  }
}

function makePlan(sig: Sig, self: TensorT | null): Plan | null {
  const b = bound(sig, false, self ? "self" : null);
  if (!b || (self && b.selfIndex < 0)) return null;
  const positional: GenParam[] = [];
  for (const p of sig.params) {
    if (p.name === "out") continue;
    if (p.type === "PythonOnly" || p.type.startsWith("Literal:") || p.pyDefault !== undefined) {
      if (!p.kwOnly || !p.hasDefault || p.pyDefault !== undefined || p.type.startsWith("Literal:")) return null;
      continue;
    }
    if (p.kwOnly) {
      if (!p.hasDefault && !p.type.endsWith("?")) return null;
      continue;
    }
    positional.push(p);
  }
  const idx = positional.map((p) => b.index.get(p.arg) ?? -1);
  if (idx.some((i) => i < 0)) return null;
  let nreq = 0;
  positional.forEach((p, i) => { if (!p.hasDefault && !p.type.endsWith("?")) nreq = i + 1; });
  const nat = !!sig.numbersAsTensor;
  const genParam = sig.params.find((p) => p.type === "Generator?");
  const plan: Plan = {
    id: b.id, nargs: b.nargs, selfIndex: b.selfIndex, nreq,
    genIndex: genParam ? b.index.get(genParam.arg) ?? -1 : -1,
    codes: positional.map((p) => codeOf(p.type, nat)), types: positional.map((p) => p.type), idx,
    varargs: positional.length === 1 && isIntList(positional[0].type),
    tensorReturn: b.schema.returns.length === 1 && b.schema.returns[0].type === "Tensor",
    schema: b.schema,
    run: () => NO_MATCH,
  };
  plan.run = compilePlan(plan, sig, self !== null);
  return plan;
}

/**
 * Compiles a plan to one straight-line function, made once per signature on
 * first use: the checks of its positional parameters unrolled, the native call
 * made with the schema's arguments in place (no loop over codes, no scratch
 * array, no spread), so a generated op costs about what a hand-written fast
 * path does. The source is built from the plan's numbers and codes only; every
 * name in it is a parameter below.
 */
function compilePlan(plan: Plan, sig: Sig, hasSelf: boolean): Plan["run"] {
  const body: string[] = ["const n = pos.length;", `if (n < ${plan.nreq} || n > ${plan.codes.length}) return NO_MATCH;`];
  const slots: string[] = new Array<string>(plan.nargs).fill("undefined");
  if (hasSelf) slots[plan.selfIndex] = "self._h";
  plan.codes.forEach((code, i) => {
    const v = `pos[${i}]`;
    let check: string;
    switch (code) {
      case Code.Tensor:
        check = `{ const v = ${v}; if (!(v instanceof T)) return NO_MATCH; c${i} = v._h; }`;
        break;
      case Code.TensorNum:
        check = `{ const v = ${v}; if (v instanceof T) c${i} = v._h; else if (isNum(v)) c${i} = v; else return NO_MATCH; }`;
        break;
      case Code.Int:
        check = `{ const v = ${v}; if (!isInt(v)) return NO_MATCH; c${i} = v; }`;
        break;
      case Code.Bool:
        check = `{ const v = ${v}; if (typeof v !== "boolean") return NO_MATCH; c${i} = v; }`;
        break;
      default:
        check = `{ c${i} = convert(${v}, TYPES[${i}], NAT); if (c${i} === NO_MATCH) return NO_MATCH; }`;
    }
    body.push(`let c${i};`, i < plan.nreq ? check : `if (n > ${i}) ${check}`);
    slots[plan.idx[i]] = `c${i}`;
  });
  if (plan.genIndex >= 0) {
    const s = slots[plan.genIndex];
    slots[plan.genIndex] = s === "undefined" ? "gen()" : `(${s} === undefined ? gen() : ${s})`;
  }
  while (slots.length && slots[slots.length - 1] === "undefined") slots.pop();
  body.push(`const r = callOp(${[String(plan.id), ...slots].join(", ")});`);
  body.push(plan.tensorReturn ? "return wrap(r, self);" : "return convertReturn(r, SIG, self, null, SCHEMA);");
  let make: (...a: unknown[]) => unknown;
  try {
    make = new Function(
      "NO_MATCH", "T", "isInt", "isNum", "convert", "callOp", "wrap", "convertReturn", "gen", "SIG", "SCHEMA", "TYPES", "NAT",
      `return function ${sig.aten.replace(/\W/g, "_")}(self, pos) {\n${body.join("\n")}\n};`,
    ) as (...a: unknown[]) => unknown;
  } catch {
    // code generation disallowed (node --disallow-code-generation-from-strings): the general binder
    return (self, pos) => tryCall(sig, self, pos, null, false);
  }
  return make(
    NO_MATCH, TensorClass, isInt, isNum, convert, callOp, (h: Handle, self: TensorT | null) => wrapResult(h, self), convertReturn,
    () => threadGenerator(), sig, plan.schema, plan.types, !!sig.numbersAsTensor,
  ) as Plan["run"];
}

function planned(sig: Sig, self: TensorT | null, pos: unknown[]): unknown {
  let plan = sig._plan;
  if (plan === undefined) plan = sig._plan = makePlan(sig, self);
  if (plan === null) return tryCall(sig, self, pos, null, false);
  // Python's varargs for a lone positional int-list: x.view(2, 3) == x.view([2, 3]),
  // and a lone int is a list of one: x.resize_(5) == x.resize_([5])
  if (plan.varargs && pos.length >= 1 && isInt(pos[0])) {
    for (let i = 1; i < pos.length; i++) if (!isInt(pos[i])) return NO_MATCH;
    pos = [pos.slice()];
  }
  return plan.run(self, pos);
}

interface Prepared {
  /** indices (into params) of the positional params, in order */
  pos: number[];
  /** options key (camelCase or Python name) -> param index */
  byName: Map<string, number>;
}
const preparedCache = new WeakMap<GenSig, Prepared>();
function prepared(sig: GenSig): Prepared {
  let p = preparedCache.get(sig);
  if (!p) {
    const pos: number[] = [];
    const byName = new Map<string, number>();
    sig.params.forEach((q, i) => {
      if (q.name === "out") return;
      if (!q.kwOnly) pos.push(i);
      byName.set(q.name, i);
      byName.set(q.py, i);
    });
    p = { pos, byName };
    preparedCache.set(sig, p);
  }
  return p;
}
const ABSENT = Symbol("absent");

function tryCall(sig: GenSig, self: TensorT | null, pos: unknown[], opts: Options | null, useOut: boolean): unknown {
  const params = sig.params;
  const prep = prepared(sig);
  let given = pos;
  // Python's varargs for a lone positional int-list (see planned)
  if (prep.pos.length === 1 && pos.length >= 1 && isIntList(params[prep.pos[0]].type) && pos.every(isInt)) given = [pos.slice()];
  if (given.length > prep.pos.length) return NO_MATCH;
  const values = new Array<unknown>(params.length).fill(ABSENT);
  for (let i = 0; i < given.length; i++) values[prep.pos[i]] = given[i];
  if (opts) {
    for (const key in opts) {
      if (key === "out" && useOut) continue;
      const i = prep.byName.get(key);
      if (i === undefined || values[i] !== ABSENT) return NO_MATCH;
      values[i] = opts[key];
    }
  }
  const b = bound(sig, useOut, self ? "self" : null);
  if (!b) return NO_MATCH;
  const call = new Array<unknown>(b.nargs).fill(undefined);
  if (self) {
    if (b.selfIndex < 0) return NO_MATCH;
    call[b.selfIndex] = self._h;
  }
  let requiresGrad = false;
  const nat = !!sig.numbersAsTensor;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const v = values[i];
    if (p.name === "out") continue;
    const t = p.type;
    if (t.charCodeAt(0) === 76 /* L */ && t.startsWith("Literal:")) {
      // a Python-only selector such as nonzero(as_tuple=True): must equal the literal
      if (v !== ABSENT ? v !== (t === "Literal:true") : !p.hasDefault) return NO_MATCH;
      continue;
    }
    if (t === "PythonOnly") {
      // requires_grad of the factory functions: set on the result after the call
      if (v !== ABSENT) {
        if (typeof v !== "boolean") return NO_MATCH;
        requiresGrad = v;
      }
      continue;
    }
    const idx = b.index.get(p.arg);
    if (idx === undefined) {
      if (v !== ABSENT) return NO_MATCH;
      continue;
    }
    if (v === ABSENT) {
      if (t === "Generator?") {
        call[idx] = threadGenerator();
        continue;
      }
      if (!p.hasDefault && !t.endsWith("?")) return NO_MATCH;
      if (p.pyDefault !== undefined) call[idx] = p.pyDefault;
      continue; // otherwise the native side fills the schema default
    }
    const c = convert(v, t, nat);
    if (c === NO_MATCH) return NO_MATCH;
    call[idx] = c;
  }
  if (useOut) {
    const outArgs = b.schema.args.filter((a) => a.isOut);
    const outs = outArgs.length === 1 ? [opts!.out] : (opts!.out as unknown[]);
    if (!Array.isArray(outs) || outs.length !== outArgs.length) return NO_MATCH;
    for (let i = 0; i < outArgs.length; i++) {
      if (!(outs[i] instanceof TensorClass)) return NO_MATCH;
      call[b.index.get(outArgs[i].name)!] = (outs[i] as TensorT)._h;
    }
  }
  const r = native.callOp(b.id, ...call);
  const result = convertReturn(r, sig, self, useOut ? opts!.out : null, b.schema);
  if (requiresGrad && result instanceof TensorClass) result.requiresGrad_(true);
  return result;
}

/** A named tuple (torch.return_types.<op>): fields by name, iterable as an array. */
export class NamedTuple {
  [key: string]: unknown;
  constructor(readonly _op: string, names: string[], values: unknown[]) {
    names.forEach((n, i) => {
      this[n] = values[i];
      this[i] = values[i];
    });
    Object.defineProperty(this, "length", { value: values.length, enumerable: false });
    Object.defineProperty(this, "_op", { enumerable: false });
  }
  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < (this.length as number); i++) yield this[i];
  }
  toString(): string {
    const fields = Object.keys(this).filter((k) => !/^\d+$/.test(k));
    return `torch.return_types.${this._op}(\n${fields.map((f) => `${f}=${String(this[f])}`).join(",\n")})`;
  }
}

/**
 * The type of a named-tuple return (torch.return_types.<op>) in the generated declarations:
 * the fields `F` by name, and the values `T` by index and by iteration, so both
 * `x.max(1).values` and `const [values, indices] = x.max(1)` are typed.
 */
export type ReturnTuple<F, T extends readonly unknown[]> = NamedTuple & Readonly<F> &
  { readonly [I in Exclude<keyof T, keyof unknown[]>]: T[I] } &
  { readonly length: T["length"]; [Symbol.iterator](): Iterator<T[number]> };

function convertReturn(r: unknown, sig: GenSig, self: TensorT | null, out: unknown, schema: Schema): unknown {
  const rets = schema.returns;
  if (rets.length === 0) return undefined;
  const one = (v: unknown, type: string): unknown => {
    if (type === "Tensor") return wrapResult(v as Handle, self);
    if (type === "Tensor[]") return (v as Handle[]).map((h) => wrapResult(h, null));
    return v;
  };
  if (rets.length === 1) {
    if (out instanceof TensorClass) return out;
    return one(r, rets[0].type);
  }
  const vals = (r as unknown[]).map((v, i) => (Array.isArray(out) && out[i] instanceof TensorClass ? out[i] : one(v, rets[i].type)));
  if (rets.every((x) => x.name)) return new NamedTuple(sig.aten.split(".")[0].replace(/^(linalg|fft|special)_/, ""), rets.map((x) => x.name), vals);
  return vals;
}

function pyType(v: unknown): string {
  if (v instanceof TensorClass) return "Tensor";
  return describe(v);
}

/** The name Python's errors give a function: `resizeAs_` -> resize_as_, linalg.vectorNorm -> linalg_vector_norm. */
function pyFunctionName(ns: string, name: string): string {
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return ns === "Tensor" || ns === "torch" ? snake : `${ns}_${snake}`;
}

/** Python's name of an aten argument type in "must be X" messages. */
function pyTypeName(type: string): string {
  const base = type.endsWith("?") ? type.slice(0, -1) : type;
  switch (base) {
    case "Tensor": return "Tensor";
    case "Scalar": return "Number";
    case "int": case "SymInt": return "int";
    case "float": return "float";
    case "bool": return "bool";
    case "str": case "c10::string_view": return "str";
    case "ScalarType": return "torch.dtype";
    case "MemoryFormat": return "torch.memory_format";
    case "Layout": return "torch.layout";
    case "Device": return "torch.device";
    case "Generator": return "torch.Generator";
    case "Tensor[]": case "Tensor?[]": return "tuple of Tensors";
    case "Scalar[]": return "tuple of Scalars";
    default:
      if (/^(int|SymInt)\[\d*\]$/.test(base)) return "tuple of ints";
      if (/^float\[\d*\]$/.test(base)) return "tuple of floats";
      if (/^bool\[\d*\]$/.test(base)) return "tuple of bools";
      return base;
  }
}

/**
 * The TypeError for a call no signature accepted, as Python's argument parser
 * words it: where exactly one visible signature takes that many arguments, the
 * first argument it rejects (`clone(): argument 'memory_format' must be
 * torch.memory_format, not int`); otherwise "received an invalid combination".
 */
function mismatchError(ns: string, name: string, sigs: readonly GenSig[], self: TensorT | null, pos: unknown[], opts: Options | null): TypeError {
  const fn = pyFunctionName(ns, name);
  const given = opts ? Object.keys(opts).filter((k) => opts[k] !== undefined) : [];
  const nargs = pos.length + given.length;
  const seen = new Set<string>();
  const plausible = sigs.filter((s) => {
    if (s.deprecated) return false;
    const key = JSON.stringify(s.params);
    if (seen.has(key)) return false;
    seen.add(key);
    const min = s.params.filter((p) => !p.hasDefault && p.type !== "PythonOnly").length;
    return nargs >= min && nargs <= s.params.length;
  });
  if (plausible.length === 1) {
    const why = firstRejected(fn, plausible[0], pos, opts, given);
    if (why) return why;
  }
  return invalidCombination(ns, name, sigs, self, pos, opts);
}

/** The error for the first argument `sig` rejects, or null when none is rejected on its own. */
function firstRejected(fn: string, sig: GenSig, pos: unknown[], opts: Options | null, given: string[]): TypeError | null {
  const positional = sig.params.filter((p) => !p.kwOnly && p.name !== "out");
  // Python's varargs for a lone int list: x.view(2, 3)
  if (positional.length === 1 && pos.length > 1 && isIntList(positional[0].type) && pos.every(isInt)) pos = [pos.slice()];
  if (pos.length > positional.length)
    return new TypeError(`${fn}() takes ${positional.length} positional argument${positional.length === 1 ? "" : "s"} but ${pos.length} ${pos.length === 1 ? "was" : "were"} given`);
  for (let i = 0; i < pos.length; i++) {
    const p = positional[i];
    if (p.type === "PythonOnly" || p.type.startsWith("Literal:")) continue;
    if (pos[i] !== undefined && convert(pos[i], p.type, !!sig.numbersAsTensor) === NO_MATCH)
      return new TypeError(`${fn}(): argument '${p.py}' (position ${i + 1}) must be ${pyTypeName(p.type)}, not ${pyType(pos[i])}`);
  }
  for (const k of given) {
    const p = sig.params.find((q) => q.name === k || q.py === k);
    if (!p) return new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    const v = opts![k];
    if (p.name === "out" || p.type.startsWith("Literal:")) continue;
    if (p.type === "PythonOnly") {
      if (typeof v !== "boolean") return new TypeError(`${fn}(): argument '${p.py}' must be bool, not ${pyType(v)}`);
      continue;
    }
    const i = positional.indexOf(p);
    if (i >= 0 && i < pos.length) return new TypeError(`${fn}() got multiple values for argument '${p.py}'`);
    if (convert(v, p.type, !!sig.numbersAsTensor) === NO_MATCH)
      return new TypeError(`${fn}(): argument '${p.py}' must be ${pyTypeName(p.type)}, not ${pyType(v)}`);
  }
  return null;
}

function invalidCombination(ns: string, name: string, sigs: readonly GenSig[], self: TensorT | null, pos: unknown[], opts: Options | null): TypeError {
  const got = [...pos.map(pyType), ...Object.entries(opts ?? {}).map(([k, v]) => `${k}=${pyType(v)}`)].join(", ");
  const lines = sigs.filter((s) => !s.deprecated).map((s) => {
    const ps = s.params.map((p) => `${p.kwOnly ? "" : ""}${p.type} ${p.name}${p.hasDefault ? " = ..." : ""}`);
    const kw = s.params.findIndex((p) => p.kwOnly);
    if (kw >= 0) ps.splice(kw, 0, "*");
    return ` * (${ps.join(", ")})`;
  });
  const fn = pyFunctionName(ns, name);
  void self;
  return new TypeError(`${fn}() received an invalid combination of arguments - got (${got}), but expected one of:\n${[...new Set(lines)].join("\n")}`);
}
