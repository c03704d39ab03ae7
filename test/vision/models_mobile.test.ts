// torchvision.models MobileNetV2, MobileNetV3 and EfficientNet against torchvision
// (test/fixtures/vision/make_models_mobile.py): state_dict keys, shapes and dtypes, the default
// initialisation for a seed, eval and train forwards on the same weights, reprs and errors.
import { describe, it, expect } from "vitest";
import torch, { nn, Tensor } from "../../src";
import { models } from "../../src/vision";
import { FX, ModelCase, expectKeys, expectInit, expectForwards } from "./models_mobile_helpers";

const C = FX.models as Record<string, ModelCase>;

describe("MobileNetV2", () => {
  it("mobilenetV2(): torchvision's keys, shapes, initialisation and repr", () => {
    torch.manualSeed(0);
    const m = models.mobilenetV2();
    expectKeys(m, C.mobilenet_v2);
    expectInit(m, C.mobilenet_v2.init!);
    expect(String(m)).toBe(FX.reprs.mobilenet_v2);
    expect(m.lastChannel).toBe(1280);
    expect(m.features.getItem(1)).toBeInstanceOf(models.InvertedResidual);
    expect(m.features.getItem(1)).toBeInstanceOf(models.mobilenetv2.InvertedResidual);
  });

  it("forward in eval and train mode matches torchvision on the same weights", () => {
    torch.manualSeed(0);
    const m = models.mobilenetV2({ numClasses: 10 });
    expectForwards(m, C.mobilenet_v2.forward!);
  });

  it("widthMult, roundNearest and dropout (the class called positionally)", () => {
    torch.manualSeed(0);
    const m = new models.MobileNetV2(10, 0.5, null, 4, null, null, 0.5);
    expectKeys(m, C.mobilenet_v2_w050);
    expectInit(m, C.mobilenet_v2_w050.init!);
    expectForwards(m, C.mobilenet_v2_w050.forward!);
    torch.manualSeed(0);
    const b = models.mobilenetV2({ numClasses: 10, widthMult: 0.5, roundNearest: 4, dropout: 0.5 });
    expectInit(b, C.mobilenet_v2_w050.init!);
  });

  it("errors", () => {
    expect(() => new models.mobilenetv2.InvertedResidual(8, 8, 3, 2)).toThrow(FX.errors.v2_stride.message);
    expect(() => new models.MobileNetV2({ invertedResidualSetting: [[1, 16, 1]] })).toThrow(FX.errors.v2_setting.message);
    expect(() => models.mobilenetV2({ numClasses: -1 })).toThrow(RangeError);
    expect(() => models.mobilenetV2({ numClasses: -1 })).toThrow(/num_classes/);
    expect(() => models.mobilenetV2({ numClasses: 2.5 })).toThrow(TypeError);
    expect(() => models.mobilenetV2({ foo: 1 } as never)).toThrow("MobileNetV2() got an unexpected keyword argument 'foo'");
    expect(() => (models.mobilenetV2 as (...a: unknown[]) => unknown)(null, true, false)).toThrow(/takes from 0 to 2 positional arguments but 3 were given/);
    expect(() => models.mobilenetV2({ widthMult: 0 })).toThrow(/width_mult/);
  });
});

describe("MobileNetV3", () => {
  it("mobilenetV3Small(): keys, initialisation and repr", () => {
    torch.manualSeed(0);
    const m = models.mobilenetV3Small();
    expectKeys(m, C.mobilenet_v3_small);
    expectInit(m, C.mobilenet_v3_small.init!);
    expect(String(m)).toBe(FX.reprs.mobilenet_v3_small);
    expect(m.features.getItem(1)).toBeInstanceOf(models.mobilenetv3.InvertedResidual);
    expect(m.features.getItem(1)).toBeInstanceOf(models.InvertedResidualV3);
  });

  it("mobilenetV3Small forward (eval, train with dropout)", () => {
    torch.manualSeed(0);
    expectForwards(models.mobilenetV3Small({ numClasses: 10 }), C.mobilenet_v3_small.forward!);
  });

  it("mobilenetV3Large(): keys, initialisation and forward", () => {
    torch.manualSeed(0);
    const m = models.mobilenetV3Large();
    expectKeys(m, C.mobilenet_v3_large);
    expectInit(m, C.mobilenet_v3_large.init!);
    torch.manualSeed(0);
    expectForwards(models.mobilenetV3Large({ numClasses: 10 }), C.mobilenet_v3_large.forward!);
  });

  it("widthMult, reducedTail, dilated", () => {
    torch.manualSeed(0);
    const m = models.mobilenetV3Large({ numClasses: 10, widthMult: 0.75, reducedTail: true, dilated: true });
    expectKeys(m, C.mobilenet_v3_large_rt);
    expectInit(m, C.mobilenet_v3_large_rt.init!);
    expectForwards(m, C.mobilenet_v3_large_rt.forward!);
  });

  it("the class with its configuration, as Python builds it", () => {
    expect(models.mobilenetv3.InvertedResidualConfig).toBe(models.InvertedResidualConfig);
    const cnf = new models.InvertedResidualConfig(16, 3, 16, 16, true, "RE", 2, 1, 1.0);
    expect([cnf.inputChannels, cnf.expandedChannels, cnf.useSe, cnf.useHs]).toEqual([16, 16, true, false]);
    torch.manualSeed(0);
    const m = new models.MobileNetV3([cnf], 1024, { numClasses: 5 });
    expect((m.classifier.getItem(3) as nn.Linear).weight.shape).toEqual([5, 1024]);
    expect((m(torch.randn(1, 3, 16, 16)) as Tensor).shape).toEqual([1, 5]);
  });

  it("errors", () => {
    expect(() => new models.MobileNetV3([], 1280)).toThrow(FX.errors.v3_empty.message);
    expect(() => new models.MobileNetV3([1, 2] as never, 1280)).toThrow(FX.errors.v3_type.message);
    expect(() => models.mobilenetV3Small({ numClasses: -3 })).toThrow(/num_classes/);
  });
});

describe("EfficientNet", () => {
  it("efficientnetB0(): keys, initialisation and repr", () => {
    torch.manualSeed(0);
    const m = models.efficientnetB0();
    expectKeys(m, C.efficientnet_b0);
    expectInit(m, C.efficientnet_b0.init!);
    expect(String(m)).toBe(FX.reprs.efficientnet_b0);
  });

  it("efficientnetB0 forward: eval, and train with stochastic depth and dropout draws", () => {
    torch.manualSeed(0);
    expectForwards(models.efficientnetB0({ numClasses: 10 }), C.efficientnet_b0.forward!);
  });

  it("efficientnetB1 with stochasticDepthProb 0.5 (depth 1.1)", () => {
    torch.manualSeed(0);
    const m = models.efficientnetB1({ numClasses: 10, stochasticDepthProb: 0.5 });
    expectKeys(m, C.efficientnet_b1);
    expectInit(m, C.efficientnet_b1.init!);
    expectForwards(m, C.efficientnet_b1.forward!);
  });

  it("B5 (BatchNorm eps 0.001, momentum 0.01) keys; V2-S (FusedMBConv, BatchNorm eps 1e-3) keys and forward", () => {
    torch.manualSeed(0);
    const b5 = models.efficientnetB5();
    expectKeys(b5, C.efficientnet_b5);
    expect(String((b5.features.getItem(0) as nn.Sequential).getItem(1))).toBe(FX.reprs.efficientnet_b5_bn);
    torch.manualSeed(0);
    const v2s = models.efficientnetV2S({ numClasses: 10 });
    expectKeys(v2s, C.efficientnet_v2_s);
    expectForwards(v2s, C.efficientnet_v2_s.forward!);
  });

  it("errors", () => {
    expect(() => new models.EfficientNet([], 0.2)).toThrow(FX.errors.eff_empty.message);
    expect(() => new models.EfficientNet([1] as never, 0.2)).toThrow(FX.errors.eff_type.message);
    expect(() => models.efficientnetB5({ normLayer: nn.BatchNorm2d })).toThrow("got multiple values for keyword argument 'norm_layer'");
    expect(() => models.efficientnetB0({ numClasses: 1.5 })).toThrow(TypeError);
    expect(() => models.efficientnetB0({ stochasticDepthProb: 2 })).toThrow(/stochastic_depth_prob/);
  });
});

describe("transfer learning", () => {
  it("freeze the backbone, replace the classifier's Linear", () => {
    torch.manualSeed(0);
    const m = models.mobilenetV2();
    m.requiresGrad_(false);
    const last = m.classifier.getItem(1) as nn.Linear;
    m.classifier = new nn.Sequential(new nn.Dropout(0.2), new nn.Linear(last.inFeatures, 3));
    const trainable = [...m.namedParameters()].filter(([, p]) => p.requiresGrad).map(([k]) => k);
    expect(trainable).toEqual(["classifier.1.weight", "classifier.1.bias"]);
    const out = m(torch.randn(2, 3, 32, 32)) as Tensor;
    expect(out.shape).toEqual([2, 3]);
    out.sum().backward();
    expect((m.classifier.getItem(1) as nn.Linear).weight.grad).not.toBeNull();
  });

  it("a state_dict round trip loads as is", () => {
    torch.manualSeed(0);
    const a = models.mobilenetV3Small({ numClasses: 4 });
    torch.manualSeed(1);
    const b = models.mobilenetV3Small({ numClasses: 4 });
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    a.eval(); b.eval();
    const x = torch.randn(1, 3, 32, 32);
    expect((b(x) as Tensor).tolist()).toEqual((a(x) as Tensor).tolist());
  });
});
