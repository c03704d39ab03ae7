// torchvision.models.vgg: VGG (Very Deep Convolutional Networks for Large-Scale Image Recognition),
// makeLayers, cfgs, and the builders vgg11/13/16/19 and their _bn variants, with torchvision's module
// names, initialisation and weights enums.
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as nn from "../../nn";
import { bind } from "../../args";
import { describe } from "../../device";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass } from "./_api";

export interface VGGOptions {
  numClasses?: number;
  initWeights?: boolean;
  dropout?: number;
}

/** new VGG(features, numClasses = 1000, initWeights = true, dropout = 0.5) */
export class VGG extends Module {
  declare features: Module;
  declare avgpool: nn.AdaptiveAvgPool2d;
  declare classifier: nn.Sequential;

  constructor(features: Module, options?: VGGOptions);
  constructor(features: Module, numClasses?: number, initWeights?: boolean, dropout?: number);
  constructor(...args: unknown[]) {
    super();
    const [features, numClasses = 1000, initWeights = true, dropout = 0.5] =
      bind("VGG", ["features", "numClasses", "initWeights", "dropout"], args) as [Module, number?, boolean?, number?];
    if (!(features instanceof Module)) throw new TypeError(`VGG(): argument 'features' must be a Module, not ${describe(features)}`);
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new TypeError(`VGG(): argument 'numClasses' must be a positive int, not ${describe(numClasses)}`);
    this.features = features;
    this.avgpool = new nn.AdaptiveAvgPool2d([7, 7]);
    this.classifier = new nn.Sequential(
      new nn.Linear(512 * 7 * 7, 4096),
      new nn.ReLU(true),
      new nn.Dropout({ p: dropout }),
      new nn.Linear(4096, 4096),
      new nn.ReLU(true),
      new nn.Dropout({ p: dropout }),
      new nn.Linear(4096, numClasses),
    );
    if (initWeights) {
      for (const m of this.modules()) {
        if (m instanceof nn.Conv2d) {
          nn.init.kaimingNormal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
          if (m.bias !== null) nn.init.constant_(m.bias, 0);
        } else if (m instanceof nn.BatchNorm2d) {
          nn.init.constant_(m.weight!, 1);
          nn.init.constant_(m.bias!, 0);
        } else if (m instanceof nn.Linear) {
          nn.init.normal_(m.weight, 0, 0.01);
          nn.init.constant_(m.bias!, 0);
        }
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x);
    x = this.avgpool(x);
    x = torch.flatten(x, 1);
    return this.classifier(x);
  }
}

/** makeLayers(cfg, batchNorm = false): the convolutional part of a VGG ("M" is a 2x2 max pool). */
export function makeLayers(cfg: (number | "M")[], batchNorm = false): nn.Sequential {
  const layers: Module[] = [];
  let inChannels = 3;
  for (const v of cfg) {
    if (v === "M") layers.push(new nn.MaxPool2d({ kernelSize: 2, stride: 2 }));
    else {
      const conv2d = new nn.Conv2d(inChannels, v, { kernelSize: 3, padding: 1 });
      if (batchNorm) layers.push(conv2d, new nn.BatchNorm2d(v), new nn.ReLU(true));
      else layers.push(conv2d, new nn.ReLU(true));
      inChannels = v;
    }
  }
  return new nn.Sequential(...layers);
}

/** The layer configurations: A (VGG-11), B (VGG-13), D (VGG-16), E (VGG-19). */
export const cfgs: Record<"A" | "B" | "D" | "E", (number | "M")[]> = {
  A: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  B: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  D: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  E: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
};

export const VGG11_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG11_Weights");
export const VGG11_BN_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG11_BN_Weights");
export const VGG13_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG13_Weights");
export const VGG13_BN_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG13_BN_Weights");
export const VGG16_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_FEATURES">("VGG16_Weights");
export const VGG16_BN_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG16_BN_Weights");
export const VGG19_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG19_Weights");
export const VGG19_BN_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("VGG19_BN_Weights");

function vggBuilder(name: string, cfg: keyof typeof cfgs, batchNorm: boolean, weightsEnum: WeightsEnumClass): Builder<VGGOptions, VGG> {
  return makeBuilder(name, weightsEnum, (kwargs, weights) => {
    // with weights, torchvision skips the initialisation (kwargs["init_weights"] = False)
    if (weights !== null && weights.kind === "enum") kwargs.initWeights = false;
    return new VGG(makeLayers(cfgs[cfg], batchNorm), kwargs as VGGOptions);
  });
}

/** vgg11({ weights, progress, numClasses, initWeights, dropout }) */
export const vgg11 = vggBuilder("vgg11", "A", false, VGG11_Weights);
/** vgg11_bn({ weights, progress, ... }) */
export const vgg11_bn = vggBuilder("vgg11_bn", "A", true, VGG11_BN_Weights);
/** vgg13({ weights, progress, ... }) */
export const vgg13 = vggBuilder("vgg13", "B", false, VGG13_Weights);
/** vgg13_bn({ weights, progress, ... }) */
export const vgg13_bn = vggBuilder("vgg13_bn", "B", true, VGG13_BN_Weights);
/** vgg16({ weights, progress, ... }) */
export const vgg16 = vggBuilder("vgg16", "D", false, VGG16_Weights);
/** vgg16_bn({ weights, progress, ... }) */
export const vgg16_bn = vggBuilder("vgg16_bn", "D", true, VGG16_BN_Weights);
/** vgg19({ weights, progress, ... }) */
export const vgg19 = vggBuilder("vgg19", "E", false, VGG19_Weights);
/** vgg19_bn({ weights, progress, ... }) */
export const vgg19_bn = vggBuilder("vgg19_bn", "E", true, VGG19_BN_Weights);
