// Activations against Python (test/fixtures/make_nn_activation.py): every F form
// and module on fixed inputs (negatives, 0-d, nan/inf), outputs and input
// gradients, in-place forms returning the same tensor, print text, RReLU's
// train-mode draws for the same seed, SDPA, warnings and error messages.
import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, F, dtype } from "../../src";
import { expectTensorClose, valuesOf } from "../tolerance";

type Val = number | string | boolean;
type Enc = { shape: number[]; dtype: string; values: Val[] };
type Run = {
  out?: Enc; same?: boolean; warnings?: string[]; grad?: Enc; extra_grads?: (Enc | null)[];
  error?: [string, string]; grad_error?: [string, string];
};
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_activation.json"), "utf8"));

const dec = (v: Val): number | boolean =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : (v as number | boolean);
const DT: Record<string, dtype> = { float32: torch.float32, float64: torch.float64, bool: torch.bool, int64: torch.int64 };
function build(e: Enc): Tensor {
  return torch.tensor(e.values.map(dec) as number[], { dtype: DT[e.dtype] }).reshape(e.shape);
}
/**
 * Values within tol (relative and absolute); NaN and infinities exactly, except at `nonFiniteAt`
 * (results and gradients at non-finite inputs differ by kernel family, e.g. GELU's at inf is NaN with
 * AVX-512 and inf with AVX2, as in Python on those CPUs: only non-finiteness is compared, test/tolerance.ts).
 */
function close(t: Tensor, e: Enc, tol = 1e-5, nonFiniteAt: number[] = []): void {
  expect(t.dtype.name).toBe(e.dtype);
  expectTensorClose(t, { shape: e.shape, values: e.values.map((v) => Number(dec(v))) }, { rtol: tol, atol: tol }, "values", { nonFiniteAt });
}
/** Flat indices of a tensor's non-finite values. */
const nonFinite = (t: Tensor) => valuesOf(t).flatMap((v, i) => (Number.isFinite(v) ? [] : [i]));
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Python kwargs -> one camelCase options object ({ dtype: "float64" } markers become dtypes). */
function opts(kw: Record<string, unknown>): Record<string, unknown>[] {
  const keys = Object.keys(kw);
  if (keys.length === 0) return [];
  const o: Record<string, unknown> = {};
  for (const k of keys) {
    const v = kw[k] as { dtype?: string } | unknown;
    const marker = v !== null && typeof v === "object" && !(v instanceof Tensor) && "dtype" in (v as object);
    o[k.startsWith("_") ? k : camel(k)] = marker ? DT[(v as { dtype: string }).dtype] : v;
  }
  return [o];
}
const gw = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.linspace(-1, 1.3, Math.max(n, 1)).index(`:${n}`).reshape(shape);
};
const INPUTS: Record<string, Enc> = py.inputs;
const input = (name: string) => build(INPUTS[name]);

/** The fixture's run_case: b = a * 1 (a a leaf), y = fn(b) after manualSeed(0), grad of (y * gw).sum(). */
function check(fn: (b: Tensor) => Tensor, x: Tensor, r: Run, extra: Tensor[] = []): void {
  const a = x.clone().requiresGrad_(true);
  const b = a.mul(1);
  torch.manualSeed(0);
  if (r.error) {
    expect(() => fn(b)).toThrow(r.error[1]);
    return;
  }
  const y = fn(b);
  close(y, r.out!, 1e-5, nonFinite(x));
  expect(y === b, "returns its input tensor exactly when Python does").toBe(r.same);
  if (r.same) close(b, r.out!, 1e-5, nonFinite(x)); // changed in place
  (y.mul(gw(y.shape)).sum()).backward();
  close(a.grad!, r.grad!, 1e-5, nonFinite(a));
  extra.forEach((t, i) => (r.extra_grads![i] === null ? expect(t.grad).toBeNull() : close(t.grad!, r.extra_grads![i]!)));
}

const warned: string[] = [];
let spy: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  spy = vi.spyOn(process, "emitWarning").mockImplementation(((msg: string, type?: string) => {
    warned.push(`${type ?? "Warning"}: ${msg}`);
  }) as never);
});
afterAll(() => spy.mockRestore());

describe("F activation functions", () => {
  const fns = py.functional as Record<string, { fn: string; args: unknown[]; kw: Record<string, unknown>; runs: Record<string, Run> }>;
  for (const [label, c] of Object.entries(fns)) {
    it(`F.${camel(c.fn)} ${label}`, () => {
      const f = (F as unknown as Record<string, (...a: unknown[]) => Tensor>)[camel(c.fn)];
      expect(typeof f).toBe("function");
      for (const [name, r] of Object.entries(c.runs)) check((b) => f(b, ...c.args, ...opts(c.kw)), input(name), r);
    });
  }
  it("F.prelu with one slope and per-channel slopes, gradients for the weight too", () => {
    for (const [, c] of Object.entries(py.prelu as Record<string, { weight: Enc; runs: Record<string, Run> }>)) {
      for (const [name, r] of Object.entries(c.runs)) {
        const w = build(c.weight).requiresGrad_(true);
        check((b) => F.prelu(b, w), input(name), r, [w]);
      }
    }
  });
  it("the implicit softmax dim warns as Python does", () => {
    for (const c of Object.values(fns))
      for (const r of Object.values(c.runs)) for (const w of r.warnings ?? []) expect(warned).toContain(`UserWarning: ${w}`);
  });
  it("in-place forms keep the input's identity; the out-of-place ones leave it alone", () => {
    const x = input("X");
    const y = x.clone();
    expect(F.elu(y, { alpha: 0.5, inplace: true })).toBe(y);
    expect(F.hardtanh_(y, -0.1, 0.1)).toBe(y);
    expect(y.max().item()).toBeCloseTo(0.1, 6);
    const z = x.clone();
    F.leakyRelu(z, 0.2);
    F.rrelu(z, { training: true });
    expect(z.tolist()).toEqual(x.tolist());
  });
});

describe("RReLU random slopes", () => {
  it("train-mode draws follow the generator as in Python", () => {
    const x = input("X");
    torch.manualSeed(5);
    const r = new nn.RReLU();
    const [a, b, c] = py.rrelu_stream as Enc[];
    close(r(x) as Tensor, a);
    close(r(x) as Tensor, b);
    close(F.rrelu(x, { training: true }), c);
    const g = new torch.Generator().manualSeed(11);
    const xr = x.clone();
    F.rrelu_(xr, 0.1, 0.9, true, { generator: g });
    close(xr, py.rrelu_generator);
  });
});

describe("activation modules", () => {
  const mods = py.modules as Record<string, {
    cls: string; args: unknown[]; kw: Record<string, unknown>; repr: string; params: Record<string, Enc>;
    runs: Record<string, Run>; eval_runs: Record<string, Run>;
  }>;
  for (const [label, c] of Object.entries(mods)) {
    it(`nn.${c.cls} ${label}: print, parameters, forward, gradients`, () => {
      const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls];
      const m = new Cls(...c.args, ...opts(c.kw));
      expect(String(m)).toBe(c.repr);
      const params = [...m.namedParameters()];
      expect(params.map(([n]) => n)).toEqual(Object.keys(c.params));
      for (const [n, p] of params) close(p, c.params[n], 0);
      const ps = params.map(([, p]) => p);
      for (const [name, r] of Object.entries(c.runs)) {
        ps.forEach((p) => (p.grad = null));
        check((b) => m(b) as Tensor, input(name), r, ps);
      }
      m.eval();
      for (const [name, r] of Object.entries(c.eval_runs)) check((b) => m(b) as Tensor, input(name), r);
    });
  }
  it("other prints equal Python's", () => {
    const R = py.reprs;
    expect(String(new nn.Hardtanh(-2.5, 2.5))).toBe(R.Hardtanh_int);
    expect(String(new nn.RReLU())).toBe(R.RReLU_default);
    expect(String(new nn.Threshold(0.5, 1e-5))).toBe(R.Threshold_float);
    expect(String(new nn.Softplus())).toBe(R.Softplus_default);
    expect(String(new nn.Softmax())).toBe(R.Softmax_none);
    expect(String(new nn.Sequential(new nn.Linear(2, 3), new nn.LeakyReLU(0.1, true), new nn.RReLU(0.1, 0.2), new nn.Softshrink(0.25),
      new nn.Hardshrink(), new nn.Softmax2d(), new nn.ReLU6(true)))).toBe(R.Seq);
  });
  it("Hardtanh's deprecated minValue / maxValue warn (FutureWarning) and set the range", () => {
    const m = new nn.Hardtanh({ minValue: -3.0, maxValue: 3.0 });
    expect(String(m)).toBe(py.hardtanh_deprecated.repr);
    for (const w of py.hardtanh_deprecated.warnings) expect(warned).toContain(w);
  });
  it("attributes are camelCase; ReLU6 is a Hardtanh; PReLU keeps init and dtype", () => {
    const l = new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true });
    expect([l.negativeSlope, l.inplace]).toEqual([0.2, true]);
    const h = new nn.Hardtanh(-2, 2, { inplace: true });
    expect([h.minVal, h.maxVal, h.inplace]).toEqual([-2, 2, true]);
    const r6 = new nn.ReLU6({ inplace: true });
    expect(r6).toBeInstanceOf(nn.Hardtanh);
    expect([r6.minVal, r6.maxVal, r6.inplace]).toEqual([0, 6, true]);
    const p = new nn.PReLU({ numParameters: 3, init: 0.5, dtype: torch.float64 });
    expect([p.numParameters, p.init, p.weight.dtype.name]).toEqual([3, 0.5, "float64"]);
    expect(p.weight.tolist()).toEqual([0.5, 0.5, 0.5]);
    expect(p.stateDict()).toHaveProperty("weight");
    const rr = new nn.RReLU(0.1, 0.3, { inplace: true });
    expect([rr.lower, rr.upper, rr.inplace]).toEqual([0.1, 0.3, true]);
    expect(() => new (nn.ReLU as unknown as new (...a: unknown[]) => unknown)(true, false)).toThrow("ReLU() takes 1 positional argument but 2 were given");
  });
});

describe("F.scaledDotProductAttention", () => {
  const I = py.sdpa_inputs as Record<string, Enc>;
  for (const [label, c] of Object.entries(py.sdpa as Record<string, {
    q: string; k: string; v: string; args: unknown[]; kw: Record<string, unknown>; out?: Enc; grads?: Enc[]; error?: [string, string];
  }>)) {
    it(label, () => {
      const q = build(I[c.q]).requiresGrad_(true), k = build(I[c.k]).requiresGrad_(true), v = build(I[c.v]).requiresGrad_(true);
      const mask = (x: unknown) => (typeof x === "string" ? build(I[x]) : x);
      const args = c.args.map(mask);
      const kw = Object.fromEntries(Object.entries(c.kw).map(([kk, vv]) => [kk, mask(vv)]));
      torch.manualSeed(0);
      const run = () => F.scaledDotProductAttention(q, k, v, ...(args as []), ...(opts(kw) as []));
      if (c.error) {
        expect(run).toThrow(c.error[1]);
        return;
      }
      const y = run();
      close(y, c.out!, 2e-5);
      y.mul(gw(y.shape)).sum().backward();
      [q, k, v].forEach((t, i) => close(t.grad!, c.grads![i], 2e-5));
    });
  }
});

describe("errors as Python's", () => {
  const x = torch.randn(2, 5);
  const I = py.sdpa_inputs as Record<string, Enc>;
  const [Q, K, V, MF] = [I.q, I.k, I.v, I.mf].map(build);
  const bad = (v: unknown) => v as never;
  const CASES: Record<string, () => unknown> = {
    glu_odd: () => F.glu(x), glu_scalar: () => F.glu(torch.tensor(1.0)), glu_dim_str: () => F.glu(x, bad("a")),
    GLU_odd: () => new nn.GLU()(x),
    softplus_beta_str: () => F.softplus(x, bad("a")), softplus_beta_kw_str: () => F.softplus(x, { beta: bad("a") }),
    softplus_threshold_none: () => F.softplus(x, 1, bad(null)), softplus_input_str: () => F.softplus(bad("x")),
    elu_alpha_str: () => F.elu(x, bad("a")), elu_alpha_kw_str: () => F.elu(x, { alpha: bad("a") }), elu__alpha_str: () => F.elu_(x, bad("a")),
    leaky_relu_str: () => F.leakyRelu(x, bad("a")), leaky_relu__str: () => F.leakyRelu_(x, { negativeSlope: bad("a") }),
    hardtanh_minmax: () => F.hardtanh(x, 2.0, 1.0), Hardtanh_minmax: () => new nn.Hardtanh(1.0, 1.0),
    relu_str: () => F.relu(bad("a")), gelu_bad: () => F.gelu(x, { approximate: bad("foo") }), GELU_bad: () => new nn.GELU(bad("foo"))(x),
    celu_zero: () => F.celu(x, 0.0), rrelu_bounds: () => F.rrelu(x, 0.5, 0.2), rrelu_lower_str: () => F.rrelu(x, bad("a")),
    rrelu_training_str: () => F.rrelu(x, 0.1, 0.3, bad("a")),
    softshrink_neg: () => F.softshrink(x, -1.0), threshold_str: () => F.threshold(x, bad("a"), 1.0),
    prelu_mismatch: () => F.prelu(x, torch.ones(3)), PReLU_mismatch: () => new nn.PReLU(2)(torch.ones(2, 3)),
    prelu_weight_str: () => F.prelu(x, bad("w")),
    softmax_dim_range: () => F.softmax(x, 5), softmax_dim_str: () => F.softmax(x, bad("a")),
    softmax_dtype_str: () => F.softmax(x, 1, { dtype: bad("float64") }), log_softmax_dim_str: () => F.logSoftmax(x, bad("a")),
    softmin_dim_str: () => F.softmin(x, bad("a")), Softmax_range: () => new nn.Softmax(2)(x),
    Softmax2d_2d: () => new nn.Softmax2d()(x), elu_long: () => F.elu(torch.ones(3, { dtype: torch.long })),
    softplus_kwarg: () => F.softplus(x, bad({ betta: 1.0 })), relu_leaf_inplace: () => F.relu_(torch.ones(2, { requiresGrad: true })),
    sdpa_mask_causal: () => F.scaledDotProductAttention(Q, K, V, MF, { isCausal: true }),
    sdpa_dropout_str: () => F.scaledDotProductAttention(Q, K, V, null, bad("a")),
    threshold_missing: () => F.threshold(bad(x), bad(1.0)),
  };
  const KIND: Record<string, new (...a: never[]) => Error> = { TypeError, ValueError: RangeError, IndexError: RangeError };
  const HINTED = new Set(["elu_long"]);
  it("every fixture case has a TypeScript counterpart", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(py.errors).sort());
  });
  for (const [label, e] of Object.entries(py.errors as Record<string, [string, string] | null>)) {
    it(label, () => {
      if (e === null) {
        expect(CASES[label]).not.toThrow();
        return;
      }
      let caught: unknown;
      try {
        CASES[label]();
      } catch (err) {
        caught = err;
      }
      expect(caught, "throws").toBeInstanceOf(KIND[e[0]] ?? Error);
      const msg = (caught as Error).message.split("\n")[0];
      if (HINTED.has(label)) {
        // LibTorch's int64 dtype errors carry the JS-numbers hint first (src/dtype_hint.ts), Python's message after it
        expect(msg.startsWith("expected a floating point input but got int64 (Long)")).toBe(true);
        expect(msg.endsWith(`(${e[1]})`)).toBe(true);
      } else {
        expect(msg).toBe(e[1]);
      }
    });
  }
});
