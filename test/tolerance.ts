// How a number computed here is compared with Python's on any CPU.
//
// Fixtures are made once, on the machine of whoever wrote them (AVX-512 so
// far), and compared on every CPU CI and users run. The same LibTorch picks
// its kernels at load time: ATen's vectorized kernels come in AVX-512, AVX2
// and a scalar `default` family (ATEN_CPU_CAPABILITY), and MKL and oneDNN
// pick their own code paths by CPU (MKL_ENABLE_INSTRUCTIONS,
// ONEDNN_MAX_CPU_ISA). Python torch on the other CPU agrees with torch-node
// there; it is the fixture that was made elsewhere. So, as LibTorch promises:
//   - integers, booleans, indices, shapes and dtypes: exact;
//   - floats from one kernel (a random draw's transform to a float, an
//     elementwise op): a few ulps (`ULPS`);
//   - floats from reductions, matmul, convolutions, norms (summation order
//     differs by vector width): `KERNEL`;
//   - floats after n optimizer steps or training steps, where differences
//     are amplified step by step: `afterSteps(n)`;
//   - non-finite values: NaN equals NaN and an infinity equals itself,
//     except where an op's result at a non-finite input differs between
//     kernel families (Python's own test suite skips those extremal
//     comparisons: `test_reference_numerics_extremal`); there a test may
//     ask only that the result is non-finite (`nonFiniteAt`).
// A test that is about bit-identity itself (two algorithms Python keeps apart
// only in the last bits) asks `sameKernelsAsFixtures()` and is exact where
// this CPU computes the fixtures' kernels bit for bit, within tolerance elsewhere.
// .ci/run runs the numeric suites again with the AVX2 and scalar kernel
// families forced, so a tolerance that is too tight fails on every machine.
import { expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { type Tensor } from "../src";

export interface Tol {
  rtol: number;
  atol: number;
}

/** Integers, booleans, indices: exact. */
export const EXACT: Tol = { rtol: 0, atol: 0 };
/** A float random draw or one elementwise float32 kernel: a few ulps (Box-Muller draws through vectorized log/cos differ by up to ~5e-7 absolute). */
export const ULPS: Tol = { rtol: 2e-6, atol: 1e-6 };
/** One float32 kernel with a reduction (matmul, conv, norm, softmax, attention). */
export const KERNEL: Tol = { rtol: 1e-5, atol: 2e-6 };
/** float64 kernels (a few ulps of float64, after reductions). */
export const KERNEL64: Tol = { rtol: 1e-12, atol: 1e-14 };

/** Float32 values after `n` optimizer (or training) steps: the difference of one step grows with each step. */
export function afterSteps(n: number, perStep = 1e-6): Tol {
  return { rtol: perStep * Math.max(1, n), atol: perStep * Math.max(1, n) };
}

const INTEGRAL = /^(u?int\d*|bool|long|int)$/;

/** The tolerance a dtype allows: integers and booleans are always exact. */
export function tolFor(dtypeName: string, tol: Tol): Tol {
  return INTEGRAL.test(dtypeName) ? EXACT : tol;
}

/** got ~ want within tol; NaN equals NaN, infinities compare exactly. */
export function closeTo(got: number, want: number, tol: Tol): boolean {
  if (Object.is(got, want)) return true;
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;
  return Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want);
}

export interface CompareOptions {
  /** flat indices where only non-finiteness is compared (results at non-finite inputs that differ by kernel family) */
  nonFiniteAt?: Iterable<number>;
}

/** Up to `max` mismatches as text ("[i] got g, want w"); empty when all values agree. */
export function mismatches(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tol, opts: CompareOptions = {}, max = 8): string[] {
  const loose = new Set(opts.nonFiniteAt ?? []);
  const bad: string[] = [];
  if (got.length !== want.length) return [`got ${got.length} values, want ${want.length}`];
  for (let i = 0; i < want.length && bad.length < max; i++) {
    const g = got[i], w = want[i];
    const ok = loose.has(i) && !Number.isFinite(w) ? !Number.isFinite(g) : closeTo(g, w, tol);
    if (!ok) bad.push(`[${i}] got ${Object.is(g, -0) ? "-0" : g}, want ${Object.is(w, -0) ? "-0" : w}`);
  }
  return bad;
}

/** A tensor's values, flat, as numbers (bigint and bool become numbers). */
export function valuesOf(t: Tensor): number[] {
  return Array.from(t.detach().cpu().toTypedArray() as ArrayLike<number | bigint>, Number);
}

/** expect: values agree within tol (exact for integer dtypes when `dtypeName` is given). */
export function expectValues(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tol, where = "values", opts: CompareOptions = {}, dtypeName?: string): void {
  const t = dtypeName === undefined ? tol : tolFor(dtypeName, tol);
  expect(mismatches(got, want, t, opts), `${where} differ from Python (rtol ${t.rtol}, atol ${t.atol})`).toEqual([]);
}

/** expect: a tensor has the fixture's shape and values (tolerance by dtype). */
export function expectTensorClose(t: Tensor, e: { shape: number[]; values: ArrayLike<number> }, tol: Tol, where = "tensor", opts: CompareOptions = {}): void {
  expect([...t.shape], `${where} shape`).toEqual(e.shape);
  expectValues(valuesOf(t), e.values, tol, where, opts, t.dtype.name);
}

const NUMBER = /-?(?:\d+\.?\d*(?:e[+-]?\d+)?|inf|nan)/g;

/**
 * A printed tensor equals Python's text; where the values themselves differ
 * within `tol` (another kernel family), the text may differ only in printed
 * numbers that agree within the tolerance plus one unit of their last digit.
 */
export function expectReprClose(got: string, want: string, tol: Tol = ULPS): void {
  if (got === want) return;
  expect(got.replace(NUMBER, "#"), "printed layout").toBe(want.replace(NUMBER, "#"));
  const g = got.match(NUMBER) ?? [], w = want.match(NUMBER) ?? [];
  const bad: string[] = [];
  w.forEach((ws, i) => {
    const gv = Number(g[i]), wv = Number(ws);
    const frac = /\.(\d+)/.exec(ws.split("e")[0])?.[1].length ?? 0;
    const exp = Number(/e([+-]?\d+)/.exec(ws)?.[1] ?? 0);
    const lastDigit = 10 ** (exp - frac);
    if (!(Object.is(gv, wv) || Math.abs(gv - wv) <= lastDigit + tol.atol + tol.rtol * Math.abs(wv))) bad.push(`${g[i]} vs ${ws}`);
  });
  expect(bad, "printed numbers differ from Python's beyond the last digit").toEqual([]);
}

let sameKernels: boolean | undefined;
/**
 * Whether this process computes float kernels bit for bit as the machine that
 * made the fixtures: the kernel fingerprint of test/fixtures/make_kernels.py
 * (vectorized draws, exp/tanh/gelu, MKL matmuls, oneDNN convolutions, softmax,
 * a long sum, nn.Linear's init) compared exactly. The global RNG state is left as it was.
 */
export function sameKernelsAsFixtures(): boolean {
  if (sameKernels !== undefined) return sameKernels;
  const want = JSON.parse(readFileSync(join(__dirname, "fixtures", "kernels.json"), "utf8")) as Record<string, number[]>;
  const seeded = (f: () => Tensor) => () => {
    torch.manualSeed(0);
    return f();
  };
  const F = torch.nn.functional;
  const runs: Record<string, () => Tensor> = {
    randn: () => torch.randn(64),
    rand_uniform: () => torch.empty(64).uniform_(-0.3, 0.3),
    exp: () => torch.randn(40).mul(3).exp(),
    tanh: () => torch.randn(40).mul(3).tanh(),
    gelu: () => F.gelu(torch.randn(40).mul(3)),
    matmul: () => torch.randn(33, 47).matmul(torch.randn(47, 29)),
    bmm: () => torch.randn(2, 1, 3, 4).matmul(torch.randn(5, 4, 2)),
    conv2d: () => F.conv2d(torch.randn(2, 3, 9, 9), torch.randn(4, 3, 3, 3)),
    conv_transpose2d: () => F.convTranspose2d(torch.randn(2, 4, 5, 5), torch.randn(4, 3, 3, 3), { stride: 2 }),
    softmax: () => torch.randn(7, 33).softmax(-1),
    sum: () => torch.randn(1000).sum(),
    linear_init: () => new torch.nn.Linear(10, 10).weight,
  };
  const state = torch.getRngState();
  try {
    sameKernels = Object.entries(runs).every(([name, f]) => {
      const got = valuesOf(seeded(f)());
      return got.length === want[name].length && got.every((v, i) => Object.is(v, want[name][i]));
    });
  } finally {
    torch.setRngState(state);
  }
  return sameKernels;
}
