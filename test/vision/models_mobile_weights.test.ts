// The weights of MobileNetV2/V3, EfficientNet and ViT (models/_api.ts): the enums' members, urls, meta
// and presets against torchvision (test/fixtures/vision/make_models_mobile.py), listModels, the builders
// loading a checkpoint from torch.hub's cache (a temporary TORCH_HOME: never the network) or a path.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { mkdtempSync, mkdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import torch, { Tensor } from "../../src";
import { models } from "../../src/vision";
import { ImageClassification } from "../../src/vision/transforms/_presets";
import { FX } from "./models_mobile_helpers";

const ENUMS: Record<string, models.WeightsEnumClass> = {
  MobileNet_V2_Weights: models.MobileNet_V2_Weights, MobileNet_V3_Small_Weights: models.MobileNet_V3_Small_Weights,
  MobileNet_V3_Large_Weights: models.MobileNet_V3_Large_Weights, EfficientNet_B0_Weights: models.EfficientNet_B0_Weights,
  EfficientNet_B1_Weights: models.EfficientNet_B1_Weights, EfficientNet_B7_Weights: models.EfficientNet_B7_Weights,
  EfficientNet_V2_S_Weights: models.EfficientNet_V2_S_Weights, ViT_B_16_Weights: models.ViT_B_16_Weights,
  ViT_B_32_Weights: models.ViT_B_32_Weights, ViT_L_16_Weights: models.ViT_L_16_Weights, ViT_H_14_Weights: models.ViT_H_14_Weights,
};

describe("weights enums equal torchvision's", () => {
  it("members, DEFAULT, repr, url, meta, preset transforms", () => {
    for (const [name, e] of Object.entries(ENUMS)) {
      const want = FX.weights[name];
      expect(e.name).toBe(name);
      expect(e.members().map((m) => m.name)).toEqual(Object.keys(want.members));
      expect(e.DEFAULT.name).toBe(want.default);
      for (const m of e.members()) {
        const w = want.members[m.name];
        expect(String(m)).toBe(w.repr);
        expect(m.url).toBe(w.url);
        expect(m.meta.numParams).toBe(w.num_params);
        expect(m.meta.minSize).toEqual(w.min_size);
        expect(m.meta.categories!.length).toBe(w.n_categories);
        expect(m.meta._metrics!["ImageNet-1K"]["acc@1"]).toBe(w.acc1);
        expect(String(m.transforms()), `${m} preset`).toBe(w.preset_repr);
        expect((m.transforms() as ImageClassification).describe()).toBe(w.preset_describe);
      }
    }
    expect(models.getWeight("ViT_B_16_Weights.IMAGENET1K_SWAG_E2E_V1")).toBe(models.ViT_B_16_Weights.IMAGENET1K_SWAG_E2E_V1);
    expect(models.getModelWeights("mobilenet_v3_small")).toBe(models.MobileNet_V3_Small_Weights);
    expect(models.getModelWeights(models.efficientnetB0)).toBe(models.EfficientNet_B0_Weights);
  });

  it("listModels", () => {
    for (const [pat, want] of Object.entries(FX.list_models as Record<string, string[]>))
      expect(models.listModels({ include: pat })).toEqual(want);
  });
});

describe("builders with weights", () => {
  let home: string;
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "tn-mobile-weights-"));
    for (const k of ["TORCH_HOME", "TORCH_NODE_NO_DOWNLOAD"]) saved[k] = process.env[k];
    process.env.TORCH_HOME = home;
    process.env.TORCH_NODE_NO_DOWNLOAD = "1";
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(home, { recursive: true, force: true });
  });

  function expectSame(m: { stateDict(): Record<string, Tensor> }, sd: Record<string, Tensor>): void {
    const got = m.stateDict();
    expect(Object.keys(got)).toEqual(Object.keys(sd));
    for (const k of Object.keys(sd)) expect(torch.equal(got[k], sd[k]), k).toBe(true);
  }

  it("mobilenetV3Small({ weights }) loads the checkpoint in $TORCH_HOME/hub/checkpoints", () => {
    const dir = join(home, "hub", "checkpoints");
    mkdirSync(dir, { recursive: true });
    torch.manualSeed(7);
    const sd = models.mobilenetV3Small().stateDict();
    torch.save(sd, join(dir, models.MobileNet_V3_Small_Weights.IMAGENET1K_V1.fileName));
    for (const weights of [models.MobileNet_V3_Small_Weights.IMAGENET1K_V1, "IMAGENET1K_V1", "DEFAULT", "MobileNet_V3_Small_Weights.DEFAULT"])
      expectSame(models.mobilenetV3Small({ weights }), sd);
    // weights fix numClasses to the categories' count
    expect(() => models.mobilenetV3Small({ weights: "DEFAULT", numClasses: 10 })).toThrow(/expected value 1000 but got 10/);
    // a checkpoint path
    const file = join(home, "mine.pth");
    torch.manualSeed(8);
    const mine = models.mobilenetV3Small({ numClasses: 3 }).stateDict();
    torch.save(mine, file);
    expectSame(models.mobilenetV3Small({ weights: file, numClasses: 3 }), mine);
  });

  it("a missing checkpoint with downloads off is an error, not a hang; ViT's weights fix imageSize", () => {
    expect(() => models.efficientnetB0({ weights: "DEFAULT" })).toThrow();
    expect(() => models.vitB16({ weights: "IMAGENET1K_V1", imageSize: 32 })).toThrow(/expected value 224 but got 32/);
    expect(() => models.mobilenetV2({ weights: "IMAGENET1K_V3" })).toThrow(/IMAGENET1K_V3/);
    expect(() => models.mobilenetV2({ weights: models.ResNet18_Weights.DEFAULT })).toThrow(/expected MobileNet_V2_Weights/);
  });
});
