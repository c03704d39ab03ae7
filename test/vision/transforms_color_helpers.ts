// Shared by the color-transform and autoaugment tests: seeded inputs made as the fixture
// scripts make them, transform specs built as torchvision builds them, image comparison.
import { gridTiesAllowed } from "./transforms_geometry_fixture";
import { expect } from "vitest";
import torch, { Tensor } from "../../src";
import { transforms } from "../../src/vision";
import { sameKernelsAsFixtures } from "../tolerance";

export interface InputSpec { seed: number; shape: number[]; dtype: string; range?: [number, number] }
export interface Encoded { shape: number[]; dtype: string; values: (number | string)[] }
export interface Spec { cls: string; args?: unknown[]; kwargs?: Record<string, unknown> }

/** torch.manual_seed(seed) then randint(lo, hi, shape, uint8) or rand(shape, dtype): bit-identical to Python. */
export function makeInput(spec: InputSpec): Tensor {
  torch.manualSeed(spec.seed);
  if (spec.dtype === "uint8") {
    const [lo, hi] = spec.range ?? [0, 256];
    return torch.randint(lo, hi, spec.shape, { dtype: torch.uint8 });
  }
  return torch.rand(spec.shape, { dtype: (torch as unknown as Record<string, typeof torch.float32>)[spec.dtype] });
}

export const camel = (n: string): string => n.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export function camelKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
}

/** A transform from a fixture spec: `new transforms[cls](...args, { camelCase kwargs })`, nested specs built too. */
export function build(spec: Spec): unknown {
  const conv = (v: unknown): unknown => {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && "cls" in v) return build(v as Spec);
    if (Array.isArray(v)) return v.map(conv);
    return v;
  };
  const Cls = (transforms as unknown as Record<string, new (...a: unknown[]) => unknown>)[spec.cls];
  if (!Cls) throw new Error(`no transforms.${spec.cls}`);
  if (spec.cls === "ConvertImageDtype") return new Cls((torch as unknown as Record<string, unknown>)[spec.args![0] as string]);
  const args = (spec.args ?? []).map(conv);
  const kw = spec.kwargs ?? {};
  if (Object.keys(kw).length === 0) return new Cls(...args);
  return new Cls(...args, camelKeys(Object.fromEntries(Object.entries(kw).map(([k, v]) => [k, conv(v)]))));
}

/**
 * Compares an image with torchvision's: shape and dtype exactly; integer values exactly, or within
 * `steps` (uint8 results of float math truncated to integers: a value on a rounding edge may land one
 * step away with another kernel family), on at most 2% of the values where this CPU runs the fixtures'
 * kernels (posterized images put many values on such edges, so elsewhere any number may be); float
 * values within rtol/atol.
 */
export function expectImage(t: unknown, exp: Encoded, opts: { steps?: number; rtol?: number; atol?: number; grid?: boolean } = {}, where = ""): void {
  expect(t, `${where}: a Tensor`).toBeInstanceOf(Tensor);
  const x = t as Tensor;
  expect({ shape: [...x.shape], dtype: x.dtype.name }, `${where}: shape/dtype`).toEqual({ shape: exp.shape, dtype: exp.dtype });
  const got = Array.from(x.contiguous().toTypedArray() as ArrayLike<number>, Number);
  const want = exp.values.map((v) => (v === "nan" ? NaN : Number(v)));
  expect(got.length).toBe(want.length);
  const isInt = !["float32", "float64", "float16", "bfloat16"].includes(exp.dtype);
  const bad: string[] = [];
  let offByStep = 0;
  const { steps = 0, rtol = 1e-5, atol = 1e-6 } = opts;
  for (let i = 0; i < want.length; i++) {
    const a = got[i], b = want[i];
    if (isInt) {
      if (a === b) continue;
      if (Math.abs(a - b) <= steps) { offByStep++; continue; }
      if (bad.length < 8) bad.push(`[${i}] got ${a}, want ${b}`);
    } else if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
      if (bad.length < 8) bad.push(`[${i}] got ${a}, want ${b}`);
    }
  }
  // geometric ops sample a grid with nearest neighbours: across a tie another kernel family takes the next pixel
  if (opts.grid && bad.length > 0 && countBad(got, want, isInt, steps, rtol, atol) <= gridTiesAllowed(want.length)) return;
  expect(bad, `${where}: values differ from torchvision`).toEqual([]);
  if (steps > 0 && sameKernelsAsFixtures()) expect(offByStep, `${where}: values one step off`).toBeLessThanOrEqual(Math.max(1, Math.ceil(want.length * 0.02)));
}

function countBad(got: number[], want: number[], isInt: boolean, steps: number, rtol: number, atol: number): number {
  let n = 0;
  for (let i = 0; i < want.length; i++) {
    const a = got[i], b = want[i];
    if (isInt ? Math.abs(a - b) > steps : !(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= atol + rtol * Math.abs(b))) n++;
  }
  return n;
}

/** Python exception type -> the JS error class torch-node throws for it. */
export function errorClass(pyType: string): typeof Error {
  return pyType === "ValueError" ? RangeError : pyType === "TypeError" ? TypeError : Error;
}
