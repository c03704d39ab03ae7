// Builder names: the camelCase names of PORTING.md rule 2 and torchvision's spelling are the same builders,
// and getModel finds each by torchvision's registered name.
import { describe, it, expect } from "vitest";
import { nn } from "../../src";
import { models } from "../../src/vision";

const PAIRS: [string, string][] = [
  ["vgg11Bn", "vgg11_bn"], ["vgg13Bn", "vgg13_bn"], ["vgg16Bn", "vgg16_bn"], ["vgg19Bn", "vgg19_bn"],
  ["wideResnet50_2", "wide_resnet50_2"], ["wideResnet101_2", "wide_resnet101_2"],
  ["mobilenetV2", "mobilenet_v2"], ["mobilenetV3Small", "mobilenet_v3_small"], ["mobilenetV3Large", "mobilenet_v3_large"],
  ["efficientnetB0", "efficientnet_b0"], ["efficientnetB7", "efficientnet_b7"], ["efficientnetV2S", "efficientnet_v2_s"],
  ["vitB16", "vit_b_16"], ["vitH14", "vit_h_14"],
];

describe("vision.models builder names", () => {
  it.each(PAIRS)("%s is torchvision's %s", (camel, snake) => {
    const m = models as unknown as Record<string, unknown>;
    expect(typeof m[camel]).toBe("function");
    expect(m[camel]).toBe(m[snake]);
  });

  it("getModel takes torchvision's registered names", () => {
    const names = models.listModels();
    for (const n of ["resnet18", "vgg16_bn", "mobilenet_v2", "efficientnet_b0", "vit_b_16", "squeezenet1_1", "densenet121"])
      expect(names).toContain(n);
    const m = models.getModel("squeezenet1_1", { numClasses: 7 }) as InstanceType<typeof models.SqueezeNet>;
    expect((m.classifier.getItem(1) as nn.Conv2d).outChannels).toBe(7);
  });
});
