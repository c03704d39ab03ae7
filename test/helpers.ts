// Shared loader and comparison helpers for the oracle tests: the expected
// results in test/fixtures/core.json are produced by Python torch
// (test/fixtures/make_core.py, see its docstring for the encoding).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import torch, { Tensor } from "../src";
import { KERNEL, closeTo, expectReprClose, tolFor } from "./tolerance";

export type Encoded = number | boolean | string | null;

export interface TensorExpected {
  kind: "tensor";
  shape: number[];
  dtype: string;
  /** Flattened row-major values; null when uninitialised (torch.empty). */
  values: Encoded[] | null;
  /** repr(t); null for uninitialised memory (torch.empty). */
  repr: string | null;
  requiresGrad: boolean;
  /** type(t.grad_fn).__name__: what repr prints. */
  gradFn: string | null;
  /** t.grad_fn.name(): differs from gradFn for C++ nodes ("torch::autograd::CopySlices"). */
  gradFnName: string | null;
}
export interface TupleExpected {
  kind: "tuple";
  items: Expected[];
}
export interface ValueExpected {
  kind: "value";
  value: unknown;
}
export interface ErrorExpected {
  kind: "error";
  type: string;
  message: string;
}
export type Expected = TensorExpected | TupleExpected | ValueExpected | ErrorExpected;

export interface Case {
  id: string;
  py: string;
  expected: Expected;
}

let cache: Map<string, Case> | null = null;

/** All oracle cases by id. */
export function loadCases(): Map<string, Case> {
  if (!cache) {
    const list = JSON.parse(readFileSync(join(__dirname, "fixtures", "core.json"), "utf8")) as Case[];
    cache = new Map(list.map((c) => [c.id, c]));
  }
  return cache;
}

export function getCase(id: string): Case {
  const c = loadCases().get(id);
  if (!c) throw new Error(`no oracle case '${id}' in test/fixtures/core.json (rerun make_core.py?)`);
  return c;
}

/** The expected tensor of a case (throws if the case is not a tensor). */
export function expectedTensor(id: string): TensorExpected {
  const e = getCase(id).expected;
  if (e.kind !== "tensor") throw new Error(`case '${id}' is ${e.kind}, not a tensor`);
  return e;
}

/** Decodes "nan" / "inf" / "-inf" to numbers; leaves everything else alone. */
export function decode(v: unknown): unknown {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  return v;
}

/** A tensor's values, flattened row-major, as JS numbers (booleans for bool). */
export function flatValues(t: Tensor): (number | boolean)[] {
  const data = t.toTypedArray();
  const isBool = t.dtype.name === "bool";
  const out: (number | boolean)[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = isBool ? v !== 0 : typeof v === "bigint" ? Number(v) : v;
  }
  return out;
}

export interface Tolerance {
  /** Relative tolerance; with neither given, integers compare exactly and floats within test/tolerance.ts KERNEL. */
  rtol?: number;
  atol?: number;
}

/** Float tolerance for transcendental ops and BLAS reductions: one float kernel across CPUs (test/tolerance.ts). */
export const TOL: Tolerance = KERNEL;

/**
 * Values agree within tol (test/tolerance.ts): integers and booleans exactly;
 * floats within the given tolerance, or KERNEL's when none is given (the
 * fixture may come from another kernel family, see test/tolerance.ts).
 */
function close(a: number | boolean, b: number | boolean, tol: Tolerance, dtypeName: string): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "number" || typeof b !== "number") return false;
  const t = tolFor(dtypeName, { rtol: tol.rtol ?? (tol.atol === undefined ? KERNEL.rtol : 0), atol: tol.atol ?? (tol.rtol === undefined ? KERNEL.atol : 0) });
  return closeTo(a, b, t);
}

/** Compares a tensor against its oracle: shape, dtype, values, requires_grad and grad_fn.name(). */
export function expectTensor(actual: unknown, exp: TensorExpected, tol: Tolerance = {}, where = "result"): void {
  expect(actual, `${where} should be a Tensor`).toBeInstanceOf(Tensor);
  const t = actual as Tensor;
  expect({ shape: t.shape, dtype: t.dtype.name }, `${where} shape/dtype`).toEqual({ shape: exp.shape, dtype: exp.dtype });
  if (exp.values !== null) {
    const got = flatValues(t);
    const want = exp.values.map(decode) as (number | boolean)[];
    expect(got.length, `${where} number of values`).toBe(want.length);
    const bad: string[] = [];
    for (let i = 0; i < want.length && bad.length < 8; i++)
      if (!close(got[i], want[i], tol, exp.dtype)) bad.push(`[${i}] got ${Object.is(got[i], -0) ? "-0" : String(got[i])}, want ${Object.is(want[i], -0) ? "-0" : String(want[i])}`);
    expect(bad, `${where} values differ from Python`).toEqual([]);
  }
  expect(t.requiresGrad, `${where} requiresGrad`).toBe(exp.requiresGrad);
  expect(t.gradFn?.name() ?? null, `${where} gradFn.name()`).toBe(exp.gradFnName);
}

/** JS value -> the JSON shape Python's value has (bigint -> number, dtype -> name, tuple -> array). */
export function normalize(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v === undefined) return null;
  if (v !== null && typeof v === "object") {
    if (v instanceof Tensor) return v;
    const ctor = (v as object).constructor?.name;
    if (ctor === "dtype") return (v as { name: string }).name;
    if (Array.isArray(v)) return v.map(normalize);
  }
  return v;
}

function asItems(actual: unknown): unknown[] {
  if (Array.isArray(actual)) return actual;
  if (actual !== null && typeof actual === "object" && Symbol.iterator in (actual as object) && !(actual instanceof Tensor))
    return Array.from(actual as Iterable<unknown>);
  throw new Error(`expected a tuple (array or named tuple), got ${String(actual)}`);
}

/** Compares any result (tensor, tuple, value) with its oracle. */
export function expectResult(actual: unknown, exp: Expected, tol: Tolerance = {}, where = "result"): void {
  switch (exp.kind) {
    case "tensor":
      expectTensor(actual, exp, tol, where);
      return;
    case "tuple": {
      const items = asItems(actual);
      expect(items.length, `${where} tuple length`).toBe(exp.items.length);
      exp.items.forEach((e, i) => expectResult(items[i], e, tol, `${where}[${i}]`));
      return;
    }
    case "value":
      expect(normalize(actual), `${where} value`).toEqual(decode(exp.value));
      return;
    case "error":
      throw new Error(`${where}: expected an error, use expectThrows`);
  }
}

/** Tensors of an expected result paired with the actual ones, in order. */
function tensorPairs(actual: unknown, exp: Expected, out: [unknown, TensorExpected][] = []): [unknown, TensorExpected][] {
  if (exp.kind === "tensor") out.push([actual, exp]);
  else if (exp.kind === "tuple") {
    const items = asItems(actual);
    exp.items.forEach((e, i) => tensorPairs(items[i], e, out));
  }
  return out;
}

export function hasTensor(exp: Expected): boolean {
  return exp.kind === "tensor" || (exp.kind === "tuple" && exp.items.some(hasTensor));
}

/** String(t) equals Python's repr(t) for every tensor in the result. */
export function expectRepr(actual: unknown, exp: Expected): void {
  for (const [t, e] of tensorPairs(actual, exp)) {
    expect(t).toBeInstanceOf(Tensor);
    if (e.repr === null) throw new Error("no repr recorded for this case (uninitialised values): use { noRepr: true }");
    expectReprClose(String(t), e.repr);
  }
}

/** fn throws; its message contains Python's message; optionally of a given class. */
export function expectThrows(fn: () => unknown, exp: ErrorExpected, errorClass?: new (...a: any[]) => Error): void {
  let err: unknown = undefined;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  expect(threw, `expected ${exp.type}: ${exp.message}`).toBe(true);
  expect(err).toBeInstanceOf(Error);
  if (errorClass) expect(err).toBeInstanceOf(errorClass);
  expect((err as Error).message).toContain(exp.message);
}

export interface CheckOptions extends Tolerance {
  /** The JS error class required for an error case (Python's message is always required). */
  throws?: new (...a: any[]) => Error;
  /** Only check that it throws (the JS message legitimately differs, e.g. argument parsing). */
  anyMessage?: boolean;
  /** Skip the `[repr]` companion test. */
  noRepr?: boolean;
  /** Known discrepancy in the values test: registered with it.fails (see the `// BUG:` comment at the call). */
  bug?: string;
  /** Known discrepancy in the `[repr]` test. */
  reprBug?: string;
}

const registered = new Set<string>();

/**
 * SHOW_BUGS=1 npx vitest run: registers the known-bug tests as ordinary tests,
 * so their actual failures (or a fix) show.
 */
const SHOW_BUGS = !!process.env.SHOW_BUGS;
function known(bug: string | undefined): typeof it | typeof it.fails {
  return bug && !SHOW_BUGS ? it.fails : it;
}

/**
 * Registers the oracle test for case `id`: `fn` is the JS program mirroring the
 * case's Python source. For a tensor result a companion `[repr]` test checks
 * String(t) == repr(t) as well.
 */
export function check(id: string, fn: () => unknown, opts: CheckOptions = {}): void {
  const c = getCase(id);
  registered.add(id);
  const e = c.expected;
  const title = `${id}: ${c.py.replace(/\s*\n\s*/g, "; ")}`;
  const main = known(opts.bug);
  if (e.kind === "error") {
    main(title, () => {
      if (opts.anyMessage) expect(fn).toThrow();
      else expectThrows(fn, e, opts.throws);
    });
    return;
  }
  main(title, () => expectResult(fn(), e, opts));
  if (!opts.noRepr && hasTensor(e)) known(opts.reprBug)(`${id} [repr]`, () => expectRepr(fn(), e));
}

/** Ids registered so far whose case is missing a JS test, for the given id prefixes. */
export function uncovered(prefixes: string[]): string[] {
  return [...loadCases().keys()].filter((id) => prefixes.some((p) => id.startsWith(p)) && !registered.has(id));
}

/** A test that fails if a fixture case of these areas has no JS counterpart in this file. */
export function coverageTest(prefixes: string[]): void {
  it(`every oracle case of ${prefixes.join(" ")} has a JS test`, () => {
    expect(uncovered(prefixes)).toEqual([]);
  });
}

/** Float32 tensor from JS numbers (JS cannot tell 2.0 from 2, so integral floats need the dtype). */
export function f32(data: Parameters<typeof torch.tensor>[0]): Tensor {
  return torch.tensor(data, { dtype: torch.float32 });
}
