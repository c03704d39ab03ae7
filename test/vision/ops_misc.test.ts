// torchvision.ops.misc (Conv2dNormActivation, Conv3dNormActivation, SqueezeExcitation, MLP, Permute,
// FrozenBatchNorm2d) and torchvision.ops.stochastic_depth against torchvision
// (test/fixtures/vision/make_models_mobile.py): keys, initialisation, reprs, forwards, random draws.
import { describe, it, expect } from "vitest";
import torch, { nn, Tensor } from "../../src";
import { ops, models } from "../../src/vision";
import { expectTensorClose, expectValues, KERNEL, ULPS, EXACT } from "../tolerance";
import { FX, ModelCase, expectKeys, expectInit, expectForwards, setWeights } from "./models_mobile_helpers";

interface OpCase extends ModelCase { repr: string }
const O = FX.ops as Record<string, OpCase>;
const E = FX.errors;

function check(name: string, make: () => nn.Module, train = true): void {
  torch.manualSeed(0);
  const m = make();
  expectKeys(m, O[name]);
  expectInit(m, O[name].init!);
  expect(String(m)).toBe(O[name].repr);
  if (!train) delete O[name].forward!.train;
  expectForwards(m, O[name].forward!, KERNEL, KERNEL);
}

describe("ConvNormActivation", () => {
  it("Conv2dNormActivation(3, 8): Conv2d + BatchNorm2d + ReLU", () => {
    check("conv2d_norm_act", () => new ops.Conv2dNormActivation(3, 8));
  });
  it("kernel [3, 5], stride, dilation, groups, Hardswish (padding from the tuple)", () => {
    check("conv2d_norm_act_k35", () => new ops.Conv2dNormActivation(3, 6, { kernelSize: [3, 5], stride: 2, dilation: 2, groups: 3, activationLayer: nn.Hardswish }));
  });
  it("normLayer null: a biased conv; activationLayer null: no activation", () => {
    check("conv2d_no_norm", () => new ops.Conv2dNormActivation(4, 4, 1, { normLayer: null, activationLayer: null }));
  });
  it("every argument positionally, a partial as normLayer, inplace null", () => {
    const bn = (c: number) => new nn.BatchNorm2d(c, { eps: 1e-3 });
    check("conv2d_silu_noinplace", () => new ops.Conv2dNormActivation(4, 6, 3, 1, 0, 2, bn, nn.SiLU, 1, null, true));
  });
  it("Conv3dNormActivation(2, 4, { kernelSize: 3 })", () => {
    check("conv3d_norm_act", () => new ops.Conv3dNormActivation(2, 4, { kernelSize: 3 }));
  });
  it("outChannels, and the base class warns as torchvision does", () => {
    expect(new ops.Conv2dNormActivation(3, 8).outChannels).toBe(8);
    const warned: string[] = [];
    const onWarn = (w: Error) => warned.push(w.message);
    process.on("warning", onWarn);
    const m = new ops.ConvNormActivation(3, 4);
    return new Promise<void>((resolve) => setImmediate(() => {
      process.off("warning", onWarn);
      expect(m.outChannels).toBe(4);
      expect(warned).toContain("Don't use ConvNormActivation directly, please use Conv2dNormActivation and Conv3dNormActivation instead.");
      resolve();
    }));
  });
  it("bad arguments", () => {
    expect(() => new ops.Conv2dNormActivation(0, 4)).toThrow(/in_channels/);
    expect(() => new ops.Conv2dNormActivation(3, 4, { normLayer: 5 as never })).toThrow(/norm_layer/);
    expect(() => new ops.Conv2dNormActivation(3, 4, { convLayer: nn.Conv2d } as never)).toThrow("unexpected keyword argument 'convLayer'");
  });
});

describe("SqueezeExcitation", () => {
  it("SqueezeExcitation(8, 2)", () => {
    check("squeeze_excitation", () => new ops.SqueezeExcitation(8, 2));
  });
  it("activation and scaleActivation given positionally", () => {
    check("squeeze_excitation_hs", () => new ops.SqueezeExcitation(6, 3, nn.SiLU, nn.Hardsigmoid));
  });
});

describe("MLP", () => {
  it("MLP(6, [8, 4], { dropout: 0.25 }): train-mode dropout draws", () => {
    check("mlp", () => new ops.MLP(6, [8, 4], { dropout: 0.25 }));
  });
  it("normLayer, GELU, no bias", () => {
    check("mlp_norm", () => new ops.MLP(6, [8, 7, 3], { normLayer: nn.LayerNorm, activationLayer: nn.GELU, bias: false }));
  });
  it("inplace true reaches the activation and the dropouts", () => {
    check("mlp_inplace", () => new ops.MLP(4, [8, 2], { inplace: true, dropout: 0.5 }));
  });
  it("bad hidden channels", () => {
    expect(() => new ops.MLP(4, [])).toThrow(/hidden_channels/);
    expect(() => new ops.MLP(4, [2.5])).toThrow(TypeError);
  });
});

describe("Permute and FrozenBatchNorm2d", () => {
  it("Permute([0, 2, 3, 1])", () => {
    torch.manualSeed(0);
    const x = torch.randn(2, 3, 4, 5);
    const p = new ops.Permute([0, 2, 3, 1]);
    expectTensorClose(p(x) as Tensor, FX.ops.permute.out, ULPS);  // randn: a few ulps on another CPU
    expect(String(p)).toBe(FX.ops.permute.repr);
    expect(() => new ops.Permute("0,1" as never)).toThrow(TypeError);
  });
  it("FrozenBatchNorm2d: buffers, repr, forward, and a BatchNorm2d state_dict (num_batches_tracked dropped)", () => {
    const fb = new ops.FrozenBatchNorm2d(4);
    const f = O.frozen_bn as unknown as Record<string, never>;
    expectKeys(fb, O.frozen_bn);
    expect(String(fb)).toBe(f.repr);
    expect(String(new ops.FrozenBatchNorm2d(3, { eps: 1e-3 }))).toBe(f.repr_eps);
    expect([...fb.parameters()]).toEqual([]);
    setWeights(fb);
    torch.manualSeed(1);
    expectTensorClose(fb(torch.randn(2, 4, 3, 3)) as Tensor, f.forward, KERNEL);
    const bn = new nn.BatchNorm2d(4);
    setWeights(bn, 3);
    const fb2 = new ops.FrozenBatchNorm2d(4);
    expect(fb2.loadStateDict(bn.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    torch.manualSeed(1);
    expectTensorClose(fb2(torch.randn(2, 4, 3, 3)) as Tensor, f.from_bn, KERNEL);
  });
  it("FrozenBatchNorm2d as a model's normLayer: the model loads a BatchNorm2d model's state_dict as is", () => {
    torch.manualSeed(0);
    const a = models.mobilenetV3Small({ numClasses: 4 });
    const b = models.mobilenetV3Small({ numClasses: 4, normLayer: (c: number) => new ops.FrozenBatchNorm2d(c, 0.001) });
    expect(Object.keys(a.stateDict()).filter((k) => k.endsWith("num_batches_tracked")).length).toBeGreaterThan(0);
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    setWeights(a);
    b.loadStateDict(a.stateDict());
    a.eval();
    b.eval();
    const x = torch.randn(2, 3, 32, 32);
    expectTensorClose(b(x) as Tensor, { shape: [2, 4], values: (a(x) as Tensor).flatten().tolist() as number[] }, { rtol: 1e-4, atol: 1e-5 });
  });
});

describe("stochasticDepth", () => {
  const S = FX.ops.stochastic_depth;
  it("row and batch modes draw torchvision's masks for a seed", () => {
    for (const mode of ["row", "batch"]) {
      for (const p of [0.0, 0.25, 0.5, 1.0]) {
        const key = `${mode}_${p === 0 || p === 1 ? p.toFixed(1) : p}`;
        torch.manualSeed(3);
        const y = ops.stochasticDepth(torch.ones(8, 2, 3), p, mode);
        expectTensorClose(y, S[key].out, ULPS, key);
        expectValues(torch.rand(2).tolist() as number[], S[key].after, ULPS, `${key}: draws after`);
      }
    }
  });
  it("training false draws nothing; options form", () => {
    torch.manualSeed(3);
    expectTensorClose(ops.stochasticDepth(torch.ones(4, 2), 0.5, "row", false), S.eval.out, EXACT);
    expectValues(torch.rand(2).tolist() as number[], S.eval.after, ULPS);
    torch.manualSeed(3);
    expectTensorClose(ops.stochasticDepth(torch.ones(4, 2), { p: 0.5, mode: "row", training: false }), S.eval.out, EXACT);
  });
  it("StochasticDepth(0.3, 'row') module: repr, draws, eval is the identity", () => {
    torch.manualSeed(4);
    const m = new ops.StochasticDepth(0.3, "row");
    expect(String(m)).toBe(S.module.repr);
    expectTensorClose(m(torch.arange(24, { dtype: torch.float32 }).reshape(6, 4)) as Tensor, S.module.out, ULPS);
    m.eval();
    const x = torch.randn(3, 2);
    expect(m(x)).toBe(x);
  });
  it("float64 input draws in float64", () => {
    torch.manualSeed(4);
    const y = ops.stochasticDepth(torch.ones(6, 2, { dtype: torch.float64 }), 0.5, "row");
    expect(y.dtype).toBe(torch.float64);
    expectTensorClose(y, S.float64, ULPS);
  });
  it("errors: torchvision's messages", () => {
    expect(() => ops.stochasticDepth(torch.ones(2), 1.5, "row")).toThrow(E.sd_p.message);
    expect(() => ops.stochasticDepth(torch.ones(2), -0.1, "row")).toThrow(E.sd_p_neg.message);
    expect(() => ops.stochasticDepth(torch.ones(2), 0.5, "col")).toThrow(E.sd_mode.message);
    expect(() => ops.stochasticDepth(torch.ones(2), 1.5, "row")).toThrow(RangeError);
    expect(() => ops.stochasticDepth([1, 2] as never, 0.5, "row")).toThrow(TypeError);
    expect(() => new ops.StochasticDepth(0.5, "col")).toThrow(E.sd_mode.message);
    expect(() => ops.stochasticDepth(torch.tensor(1.5), 0.5, "row")).toThrow(/batch dimension/);
    expect(ops.stochasticDepth(torch.ones(0, 3), 0.5, "row").shape).toEqual([0, 3]);
  });
});
