// Spatial layers against Python (fixtures: test/fixtures/make_nn_spatial.py):
// conv padding modes, transposed convs, pooling, unpooling, padding layers,
// upsampling, pixel shuffle and their F forms. Each module is built from the
// fixture's description (Python's args, kwargs in camelCase) after the same seed
// and compared for print, initial parameters, outputs and gradients.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, F } from "../../src";
import { KERNEL, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; dtype: string; values: number[] };
type Case = {
  name: string; cls: string; args: unknown[]; kwargs: Record<string, unknown>; input: number[]; dist: string;
  fwd: Record<string, unknown>; seed: number; repr: string; state: Record<string, Enc>; outputs: Enc[];
  input_grad: Enc; param_grads: Record<string, Enc>;
};
type FCase = { name: string; fn: string; args: unknown[]; kwargs: Record<string, unknown>; input: number[]; seed: number; outputs: Enc[]; input_grad: Enc };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_spatial.json"), "utf8"));

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
/** one kernel (or the same draws) as Python: floats within test/tolerance.ts KERNEL, integers exact */
const exact = (t: Tensor, e: Enc) => {
  expect(String(t.dtype)).toBe(`torch.${e.dtype}`);
  expectTensorClose(t, e, KERNEL);
};
const close = (t: Tensor, e: Enc, tol = 1e-5) => {
  expect(t.shape).toEqual(e.shape);
  expect(String(t.dtype)).toBe(`torch.${e.dtype}`);
  const got = Array.from(t.detach().toTypedArray(), Number);
  got.forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(e.values[i]))));
};
const build = (cls: string, args: unknown[], kwargs: Record<string, unknown>) => {
  const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[cls];
  return Object.keys(kwargs).length ? new Ctor(...args, camelKeys(kwargs)) : new Ctor(...args);
};

describe("spatial modules equal Python's (print, parameters, forward, gradients)", () => {
  for (const c of py.modules as Case[]) {
    it(c.name, () => {
      torch.manualSeed(c.seed);
      const m = build(c.cls, c.args, c.kwargs);
      expect(String(m)).toBe(c.repr);
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(c.state));
      for (const k of Object.keys(sd)) exact(sd[k], c.state[k]);
      const x = (c.dist === "rand" ? torch.rand(c.input) : torch.randn(c.input)).requiresGrad_();
      const y = c.fwd.output_size ? m(x, c.fwd.output_size) : m(x);
      const outs: Tensor[] = Array.isArray(y) ? y : [y];
      expect(outs.length).toBe(c.outputs.length);
      outs.forEach((o, i) => (o.dtype === torch.int64 ? exact(o, c.outputs[i]) : close(o, c.outputs[i])));
      outs[0].backward(torch.randn(outs[0].shape));
      close(x.grad!, c.input_grad, 1e-4);
      for (const [n, p] of m.namedParameters()) close(p.grad!, c.param_grads[n], 1e-4);
    });
  }
});

describe("F spatial functions equal Python's", () => {
  for (const c of py.functional as FCase[]) {
    it(c.name, () => {
      torch.manualSeed(c.seed);
      const x = torch.randn(c.input).requiresGrad_();
      const args = c.args.map((a) => (a !== null && typeof a === "object" && !Array.isArray(a) ? torch.randn((a as { randn: number[] }).randn) : a));
      const f = (F as unknown as Record<string, (...a: unknown[]) => Tensor | Tensor[]>)[camel(c.fn)];
      const y = Object.keys(c.kwargs).length ? f(x, ...args, camelKeys(c.kwargs)) : f(x, ...args);
      const outs: Tensor[] = Array.isArray(y) ? y : [y];
      expect(outs.length).toBe(c.outputs.length);
      outs.forEach((o, i) => (o.dtype === torch.int64 ? exact(o, c.outputs[i]) : close(o, c.outputs[i])));
      outs[0].backward(torch.randn(outs[0].shape));
      close(x.grad!, c.input_grad, 1e-4);
    });
  }
});

describe("MaxUnpool inverts MaxPool given its indices", () => {
  const U = py.unpool;
  const fromEnc = (e: Enc) => torch.tensor(e.values, { dtype: torch.float32 }).reshape(e.shape);
  it("MaxUnpool1d (with outputSize)", () => {
    const [o, i] = new nn.MaxPool1d(2, 2, { returnIndices: true })(fromEnc(U.u1.x));
    const u = new nn.MaxUnpool1d(2, { stride: 2 });
    expect(String(u)).toBe(U.u1.repr);
    exact(u(o, i), U.u1.out);
    exact(u(o, i, [9]), U.u1.out_size);
  });
  it("MaxUnpool2d (with a full outputSize)", () => {
    const [o, i] = new nn.MaxPool2d(3, { stride: 2, padding: 1, returnIndices: true })(fromEnc(U.u2.x));
    const u = new nn.MaxUnpool2d(3, 2, 1);
    expect(String(u)).toBe(U.u2.repr);
    exact(u(o, i), U.u2.out);
    exact(u(o, i, { outputSize: [1, 2, 6, 5] }), U.u2.out_size);
  });
  it("MaxUnpool3d and F.maxUnpool3d", () => {
    const [o, i] = new nn.MaxPool3d(2, { returnIndices: true })(fromEnc(U.u3.x));
    const u = new nn.MaxUnpool3d(2);
    expect(String(u)).toBe(U.u3.repr);
    exact(u(o, i), U.u3.out);
    exact(F.maxUnpool3d(o, i, 2, { outputSize: [5, 5, 4] }), U.u3.f_out);
  });
});

describe("spatial modules: defaults, prints and errors as Python", () => {
  it("a convolution with fan_in 0 draws its bias from U(0, 0), as Python", () => {
    torch.manualSeed(0);
    const c = new nn.Conv1d(0, 2, 3);
    exact(c.bias!, py.fan_in_zero.bias);
    exact(torch.rand(2), py.fan_in_zero.next);
  });

  it("LPPool with infinite norms is max pooling of |x|", () => {
    const L = py.lp_inf;
    const x = torch.tensor(L.x.values, { dtype: torch.float32 }).reshape(L.x.shape);
    const m = new nn.LPPool2d(Infinity, 2);
    expect(String(m)).toBe(L.repr);
    exact(m(x), L.inf);
    exact(new nn.LPPool1d(-Infinity, 2, 1)(x.index(0)), L.neg_inf);
  });

  it("prints as Python", () => {
    expect([
      new nn.MaxPool2d(2), new nn.MaxPool3d([2, 2, 1], { stride: 1, padding: [1, 0, 0] }), new nn.AvgPool1d(2), new nn.AvgPool3d(3, { ceilMode: true }),
      new nn.AdaptiveAvgPool2d(1), new nn.AdaptiveMaxPool3d([null, 2, null]), new nn.LPPool2d(2, [3, 3], 2), new nn.ConvTranspose2d(4, 2, 3, { bias: false }),
      new nn.Conv3d(2, 4, 3, { padding: "valid", paddingMode: "replicate" }), new nn.ConvTranspose3d(2, 4, [1, 2, 3], { outputPadding: 0, dilation: 2 }),
      new nn.Upsample({ size: 4 }), new nn.Upsample({ scaleFactor: [2, 3], mode: "bilinear" }), new nn.UpsamplingNearest2d({ size: [4, 6] }),
      new nn.ConstantPad3d(1, 0.25), new nn.ZeroPad2d(0), new nn.CircularPad3d([1, 2, 3, 4, 5, 6]),
    ].map(String)).toEqual(py.reprs);
  });

  it("module attributes and class relations follow Python", () => {
    const c = new nn.Conv2d(2, 3, 3, { padding: "same", paddingMode: "reflect", dilation: [1, 2] });
    expect(c.reversedPaddingRepeatedTwice).toEqual([2, 2, 1, 1]);
    expect(c.paddingMode).toBe("reflect");
    const t = new nn.ConvTranspose2d(4, 6, 3, { groups: 2 });
    expect(t.weight.shape).toEqual([4, 3, 3, 3]);
    expect(t.transposed).toBe(true);
    expect(new nn.ZeroPad2d(1)).toBeInstanceOf(nn.ConstantPad2d);
    expect(new nn.ZeroPad2d(1).value).toBe(0);
    expect(new nn.UpsamplingBilinear2d({ scaleFactor: 2 }).alignCorners).toBe(true);
    expect(new nn.MaxPool2d(3).stride).toBe(3);
    expect(new nn.AvgPool1d(3).kernelSize).toEqual([3]);
  });

  it("bad inputs throw Python's messages", () => {
    const E = py.errors as Record<string, string>;
    const x4 = torch.randn(1, 2, 5, 5);
    const cases: Record<string, () => unknown> = {
      maxpool_kernel_str: () => new nn.MaxPool2d("a" as never)(x4),
      maxpool_kernel_float: () => new nn.MaxPool2d(2.5)(x4),
      maxpool_input_dims: () => new nn.MaxPool2d(2)(torch.randn(5)),
      avgpool_kernel_str: () => new nn.AvgPool2d("a" as never)(x4),
      adaptive_avg3d_dims: () => new nn.AdaptiveAvgPool3d(2)(torch.randn(5, 5)),
      adaptive_list_default: () => new nn.AdaptiveAvgPool2d([null, 2])(torch.randn(5)),
      conv_input_dims: () => new nn.Conv2d(2, 3, 3)(torch.randn(5)),
      conv_reflect_dims: () => new nn.Conv2d(2, 3, 3, { padding: 1, paddingMode: "reflect" })(torch.randn(5)),
      conv_same_strided: () => new nn.Conv2d(2, 3, 3, { stride: 2, padding: "same" }),
      convT_padding_mode: () => new nn.ConvTranspose2d(2, 3, 3, { paddingMode: "reflect" } as never),
      convT_output_size_range: () => new nn.ConvTranspose2d(2, 3, 3)(x4, [20, 20]),
      convT_output_size_len: () => new nn.ConvTranspose2d(2, 3, 3)(x4, { outputSize: [20] }),
      convT_output_padding: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2, outputPadding: 2 })(x4),
      circular_dims: () => new nn.CircularPad2d(1)(torch.randn(5)),
      reflect_too_big: () => new nn.ReflectionPad2d(5)(x4),
      pad_odd: () => F.pad(x4, [1, 2, 3]),
      pad_mode: () => F.pad(x4, [1, 1], { mode: "foo" } as never),
      pad_int: () => F.pad(x4, 2 as never),
      upsample_none: () => new nn.Upsample()(x4),
      upsample_both: () => new nn.Upsample({ size: 3, scaleFactor: 2 })(x4),
      upsample_linear_4d: () => new nn.Upsample({ scaleFactor: 2, mode: "linear" })(x4),
      upsample_align_nearest: () => new nn.Upsample({ scaleFactor: 2, alignCorners: true })(x4),
      upsample_size_len: () => new nn.Upsample([3, 3, 3])(x4),
      upsample_scale_len: () => F.interpolate(x4, { scaleFactor: [2, 2, 2] }),
      upsample_recompute_size: () => F.interpolate(x4, { size: 3, recomputeScaleFactor: true }),
      upsample_antialias: () => F.interpolate(x4, { scaleFactor: 2, antialias: true }),
      interp_mode: () => F.interpolate(x4, { scaleFactor: 2, mode: "foo" } as never),
      interp_size_types: () => F.interpolate(x4, { size: [2, 2.5] }),
      pixel_shuffle_channels: () => new nn.PixelShuffle(3)(x4),
      unpool_output_size_len: () => new nn.MaxUnpool2d(2)(x4, x4.long(), [1]),
      unpool_output_size_range: () => new nn.MaxUnpool2d(2)(x4, x4.long(), [3, 10]),
    };
    expect(Object.keys(cases).sort()).toEqual(Object.keys(E).sort());
    for (const [k, f] of Object.entries(cases)) {
      let msg = "(did not throw)";
      try { f(); } catch (e) { msg = (e as Error).message.split("\n")[0]; }
      expect(`${k}: ${msg}`).toBe(`${k}: ${E[k]}`);
    }
    // Python's set repr orders these by hash; the text is otherwise Python's
    expect(() => new nn.Conv2d(2, 3, 3, { paddingMode: "foo" } as never)).toThrow(/padding_mode must be one of \{.*'reflect'.*\}, but got padding_mode='foo'/);
    expect(() => new nn.Conv2d(2, 3, "a" as never)).toThrow(TypeError);
    expect(() => new nn.Conv2d(2, 3, [3, 3, 3])).toThrow(/kernel_size/);
    expect(() => new nn.MaxPool2d([2, 2.5])).toThrow(/max_pool2d\(\): argument 'kernel_size' failed to unpack/);
  });
});
