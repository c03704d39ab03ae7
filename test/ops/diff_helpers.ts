// Runs the op calls of test/fixtures/ops_diff.json (made by make_ops_diff.py,
// see its docstring for the encoding) through torch-node and compares the
// results with Python's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import torch, { Tensor } from "../../src";

export type Kind = "function" | "method" | "linalg" | "fft" | "special";

export interface CallSpec {
  kind: Kind;
  name: string;
  self?: Input;
  args: Input[];
  kwargs: Record<string, Input>;
}

export interface TensorInput {
  dtype: string;
  shape: number[];
  values: (number | boolean | string)[];
  transpose?: [number, number];
  requires_grad?: boolean;
}

export type Input =
  | null
  | number
  | boolean
  | string
  | Input[]
  | { t: TensorInput }
  | { dtype: string }
  | { float: number | string }
  | { call: CallSpec };

export interface TensorOut {
  shape: number[];
  dtype: string;
  values: (number | boolean | string)[];
  requires_grad: boolean;
}

export type Output =
  | { tensor: TensorOut }
  | { tuple: Output[]; fields: string[] | null }
  | { list: Output[] }
  | { value: unknown }
  | { dtype: string };

export interface PyError {
  /** Python's exception class, e.g. "_LinAlgError". */
  type: string;
  /** Its first builtin base among IndexError, ValueError, TypeError, RuntimeError. */
  base: string;
  /** The first line of str(e). */
  message: string;
}

export interface DiffCall extends CallSpec {
  id: string;
  exact?: boolean;
  tol?: { rtol: number; atol: number };
  expect: Output | { error: PyError };
}

export function loadCalls(): DiffCall[] {
  const file = join(__dirname, "..", "fixtures", "ops_diff.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { calls: DiffCall[] }).calls;
}

/** snake_case -> camelCase, keeping a trailing underscore (add_ -> add_, index_fill_ -> indexFill_). */
export function camel(s: string): string {
  if (s.endsWith("_")) return camel(s.slice(0, -1)) + "_";
  return s.replace(/_([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function decodeNum(v: unknown): unknown {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v;
}

const ns = torch as unknown as Record<string, unknown>;

function dtypeOf(name: string): unknown {
  const d = ns[name];
  if (d === undefined) throw new Error(`torch.${name} is not defined`);
  return d;
}

export function buildTensor(t: TensorInput): Tensor {
  const values = t.values.map(decodeNum) as number[];
  let x = torch.tensor(values, { dtype: dtypeOf(t.dtype) as never }).reshape(t.shape);
  if (t.transpose) x = x.transpose(t.transpose[0], t.transpose[1]);
  if (t.requires_grad) x.requiresGrad_(true);
  return x;
}

/** An encoded input -> the JS value torch-node receives. */
export function build(v: Input): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(build);
  if ("t" in v) return buildTensor(v.t);
  if ("dtype" in v) return dtypeOf(v.dtype);
  if ("float" in v) return decodeNum(v.float);
  if ("call" in v) return invoke(v.call);
  throw new Error(`cannot build input ${JSON.stringify(v)}`);
}

/** The JS argument list: positional args, then ONE options object with camelCase keys (none when empty). */
export function jsArgs(c: CallSpec): unknown[] {
  const args = c.args.map(build);
  const keys = Object.keys(c.kwargs);
  if (keys.length === 0) return args;
  const opts: Record<string, unknown> = {};
  for (const k of keys) opts[camel(k)] = build(c.kwargs[k]);
  return [...args, opts];
}

/** The JS spelling of a call, for titles and reports: torch.linalg.qr(...), x.add_(...). */
export function jsName(c: CallSpec): string {
  const n = camel(c.name);
  switch (c.kind) {
    case "function": return `torch.${n}`;
    case "method": return `x.${n}`;
    default: return `torch.${c.kind}.${n}`;
  }
}

/** Runs a call through torch-node as the JS user would write it. */
export function invoke(c: CallSpec): unknown {
  const name = camel(c.name);
  if (c.kind === "method") {
    const self = build(c.self ?? null) as Record<string, unknown>;
    const args = jsArgs(c);
    const f = self[name];
    if (typeof f !== "function") throw new Error(`Tensor.prototype.${name} is not a function`);
    return (f as (...a: unknown[]) => unknown).apply(self, args);
  }
  const owner = (c.kind === "function" ? ns : ns[c.kind]) as Record<string, unknown> | undefined;
  const f = owner?.[name];
  if (typeof f !== "function") throw new Error(`${jsName(c)} is not a function`);
  const args = jsArgs(c);
  return (f as (...a: unknown[]) => unknown).apply(owner, args);
}

// ---------------------------------------------------------------- comparison

export interface Tol {
  rtol: number;
  atol: number;
}

/** Float tolerance by result dtype (exact calls ignore it). */
export function defaultTol(dtype: string): Tol {
  switch (dtype) {
    case "float64": return { rtol: 1e-10, atol: 1e-12 };
    case "float16": return { rtol: 1e-3, atol: 1e-3 };
    case "bfloat16": return { rtol: 1e-2, atol: 1e-2 };
    default: return { rtol: 1e-5, atol: 1e-6 };
  }
}

function fmt(v: unknown): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

/** Same value: exact (Object.is, so -0 != 0 and NaN == NaN) or within tolerance (NaN == NaN, inf == inf). */
export function same(got: unknown, want: unknown, tol: Tol | null): boolean {
  if (Object.is(got, want)) return true;
  if (tol === null) return false;
  if (typeof got !== "number" || typeof want !== "number") return false;
  if (Number.isNaN(got) || Number.isNaN(want)) return false;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want);
}

function flat(t: Tensor): (number | boolean)[] {
  const data = t.toTypedArray();
  const isBool = t.dtype.name === "bool";
  const out: (number | boolean)[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = isBool ? v !== 0 : typeof v === "bigint" ? Number(v) : (v as number);
  }
  return out;
}

function items(actual: unknown, where: string): unknown[] {
  if (Array.isArray(actual)) return actual;
  if (actual !== null && typeof actual === "object" && !(actual instanceof Tensor) && Symbol.iterator in actual)
    return Array.from(actual as Iterable<unknown>);
  throw new Error(`${where}: expected a tuple/list (array or named tuple), got ${String(actual)}`);
}

export interface CompareOpts {
  exact: boolean;
  tol?: Tol;
}

/** Compares a torch-node result with Python's encoded output. */
export function compare(actual: unknown, exp: Output, o: CompareOpts, where = "result"): void {
  if ("tensor" in exp) {
    const e = exp.tensor;
    expect(actual, `${where} should be a Tensor`).toBeInstanceOf(Tensor);
    const t = actual as Tensor;
    expect({ shape: t.shape, dtype: t.dtype.name }, `${where} shape/dtype`).toEqual({ shape: e.shape, dtype: e.dtype });
    const got = flat(t);
    const want = e.values.map(decodeNum);
    expect(got.length, `${where} number of values`).toBe(want.length);
    const tol = o.exact ? null : (o.tol ?? defaultTol(e.dtype));
    const bad: string[] = [];
    for (let i = 0; i < want.length && bad.length < 8; i++)
      if (!same(got[i], want[i], tol)) bad.push(`[${i}] got ${fmt(got[i])}, want ${fmt(want[i])}`);
    expect(bad, `${where} values differ from Python (${o.exact ? "exact" : `rtol ${tol!.rtol} atol ${tol!.atol}`})`).toEqual([]);
    expect(t.requiresGrad, `${where} requiresGrad`).toBe(e.requires_grad);
    return;
  }
  if ("tuple" in exp || "list" in exp) {
    const want = "tuple" in exp ? exp.tuple : exp.list;
    const got = items(actual, where);
    expect(got.length, `${where} length`).toBe(want.length);
    want.forEach((w, i) => compare(got[i], w, o, `${where}[${i}]`));
    const fields = "tuple" in exp ? exp.fields : null;
    if (fields) {
      const obj = actual as Record<string, unknown>;
      fields.forEach((f, i) => {
        expect(obj[f], `${where}.${f} (named tuple field)`).toBeDefined();
        compare(obj[f], want[i], o, `${where}.${f}`);
      });
    }
    return;
  }
  if ("dtype" in exp) {
    expect((actual as { name?: string })?.name, `${where} dtype`).toBe(exp.dtype);
    return;
  }
  const want = decodeNum(exp.value);
  let got = actual;
  if (typeof got === "bigint") got = Number(got);
  if (got instanceof Tensor) throw new Error(`${where}: got a Tensor, Python returned the scalar ${String(want)}`);
  if (!same(got, want, o.exact ? null : (o.tol ?? defaultTol("float32"))))
    expect(got, `${where} value`).toEqual(want);
}

/** Python's exception class -> the JS error class torch-node throws. */
export const JS_ERROR: Record<string, ErrorConstructor> = {
  RuntimeError: Error,
  IndexError: RangeError,
  ValueError: RangeError,
  TypeError: TypeError,
};

export function expectPythonError(fn: () => unknown, e: PyError): void {
  let err: unknown;
  let threw = false;
  try {
    fn();
  } catch (x) {
    threw = true;
    err = x;
  }
  expect(threw, `expected ${e.type}: ${e.message}`).toBe(true);
  expect(err).toBeInstanceOf(JS_ERROR[e.base] ?? Error);
  const msg = (err as Error).message;
  expect(msg).toContain(e.message);
  expect(msg).not.toMatch(/Exception raised from|frame #\d/);
}
