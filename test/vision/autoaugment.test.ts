// AutoAugment, RandAugment, TrivialAugmentWide and AugMix against torchvision for the same seeds:
// test/fixtures/vision/make_autoaugment.py writes autoaugment.json (each case lists the ops its
// draws picked; geometric ones run through transforms.functional.affine / rotate).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor, nn } from "../../src";
import { transforms } from "../../src/vision";
import { makeInput, build, expectImage, errorClass, type Encoded, type Spec } from "./transforms_color_helpers";

const fx = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "autoaugment.json"), "utf8"));

interface Case { id: string; spec: Spec; input: { seed: number; shape: number[] }; seed: number; outputs: Encoded[]; ops: [string, number][]; geometry: boolean }

describe("autoaugment transforms equal torchvision for the same torch.manualSeed", () => {
  for (const c of fx.cases as Case[]) {
    it(`${c.id}: ${c.ops.map(([o, m]) => `${o}(${Number(m.toFixed(3))})`).join(", ")}`, () => {
      const img = makeInput({ ...c.input, dtype: "uint8" });
      const t = build(c.spec) as (x: Tensor) => Tensor;
      torch.manualSeed(c.seed);
      // uint8 results of float math (contrast, saturation, resampling, AugMix's weighted sum) may land one step away on another CPU
      c.outputs.forEach((o, i) => expectImage(t(img), o, { steps: 1, grid: true }, `call ${i}`));
    });
  }
  it("the fixtures exercise every op", () => {
    const ops = new Set((fx.cases as Case[]).flatMap((c) => c.ops.map(([o]) => o)));
    for (const op of ["ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate", "Brightness", "Color", "Contrast", "Sharpness", "Posterize", "Solarize", "AutoContrast", "Equalize", "Invert", "Identity"])
      expect(ops.has(op), op).toBe(true);
  });
});

describe("autoaugment constructors, reprs and errors", () => {
  for (const r of fx.reprs as { spec: Spec; repr: string }[]) {
    it(r.repr, () => expect(String(build(r.spec))).toBe(r.repr));
  }
  for (const e of fx.errors as { spec: Spec; type: string; message: string }[]) {
    it(e.message, () => {
      expect(() => build(e.spec)).toThrow(errorClass(e.type));
      expect(() => build(e.spec)).toThrow(e.message);
    });
  }
  it("takes torchvision's arguments positionally or as options, and is an nn.Module", () => {
    const a = new transforms.AutoAugment(transforms.AutoAugmentPolicy.CIFAR10, transforms.InterpolationMode.BILINEAR, 0);
    expect(a.policy).toBe("cifar10");
    expect(a.interpolation).toBe("bilinear");
    expect(a).toBeInstanceOf(nn.Module);
    const r = new transforms.RandAugment({ numOps: 3, magnitude: 4, fill: [1, 2, 3] });
    expect([r.numOps, r.magnitude, r.numMagnitudeBins, r.fill]).toEqual([3, 4, 31, [1, 2, 3]]);
    const m = new transforms.AugMix(2, { alpha: 0.5, allOps: false });
    expect([m.severity, m.mixtureWidth, m.chainDepth, m.alpha, m.allOps, m.interpolation]).toEqual([2, 3, -1, 0.5, false, "bilinear"]);
    expect(new transforms.TrivialAugmentWide(2 as never, 0 as never).interpolation).toBe("nearest"); // PIL code 0
    expect(() => new transforms.AutoAugment("imagenet2" as never)).toThrow("The provided policy imagenet2 is not recognized.");
    expect(() => new transforms.RandAugment({ numOpz: 3 } as never)).toThrow("RandAugment.__init__() got an unexpected keyword argument 'numOpz'");
    expect(() => new transforms.RandAugment(2.5)).toThrow("argument 'num_ops' must be int");
    expect(() => new transforms.AugMix(3, 3, -1, 1.0, "yes" as never)).toThrow("argument 'all_ops' must be bool");
    expect(() => new transforms.TrivialAugmentWide(31, "cubic" as never)).toThrow(TypeError);
  });
  it("AutoAugment.getParams draws randint(n, [1]), rand(2), randint(2, [2]) in that order", () => {
    torch.manualSeed(11);
    const [id, probs, signs] = transforms.AutoAugment.getParams(25);
    torch.manualSeed(11);
    expect(id).toBe(torch.randint(25, [1]).item());
    expect(probs.equal(torch.rand([2]))).toBe(true);
    expect(signs.equal(torch.randint(2, [2]))).toBe(true);
  });
  it("float images: ops that need uint8 (or a 0-255 threshold) say so, as in torchvision", () => {
    const img = torch.rand([3, 8, 8]);
    let threw = 0;
    for (let s = 0; s < 20; s++) {
      torch.manualSeed(s);
      try {
        new transforms.TrivialAugmentWide()(img);
      } catch (e) {
        threw++;
        expect(String(e)).toMatch(/Only torch.uint8 image tensors are supported|Threshold should be less than bound of img/);
      }
    }
    expect(threw).toBeGreaterThan(0);
  });
});
