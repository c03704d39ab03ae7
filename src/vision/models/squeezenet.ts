// torchvision.models.squeezenet: SqueezeNet 1.0 / 1.1 (Fire modules) and the builders squeezenet1_0,
// squeezenet1_1, with torchvision's module names, initialisation and weights enums.
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as nn from "../../nn";
import { bind } from "../../args";
import { describe } from "../../device";
import { Builder, makeBuilder, weightsEnumFromMeta } from "./_api";

/** new Fire(inplanes, squeezePlanes, expand1x1Planes, expand3x3Planes) */
export class Fire extends Module {
  inplanes: number;
  declare squeeze: nn.Conv2d;
  declare squeeze_activation: nn.ReLU;
  declare expand1x1: nn.Conv2d;
  declare expand1x1_activation: nn.ReLU;
  declare expand3x3: nn.Conv2d;
  declare expand3x3_activation: nn.ReLU;

  constructor(inplanes: number, squeezePlanes: number, expand1x1Planes: number, expand3x3Planes: number) {
    super();
    this.inplanes = inplanes;
    this.squeeze = new nn.Conv2d(inplanes, squeezePlanes, { kernelSize: 1 });
    this.squeeze_activation = new nn.ReLU(true);
    this.expand1x1 = new nn.Conv2d(squeezePlanes, expand1x1Planes, { kernelSize: 1 });
    this.expand1x1_activation = new nn.ReLU(true);
    this.expand3x3 = new nn.Conv2d(squeezePlanes, expand3x3Planes, { kernelSize: 3, padding: 1 });
    this.expand3x3_activation = new nn.ReLU(true);
  }

  forward(x: Tensor): Tensor {
    x = this.squeeze_activation(this.squeeze(x));
    return torch.cat([this.expand1x1_activation(this.expand1x1(x)), this.expand3x3_activation(this.expand3x3(x))], 1);
  }
}

export interface SqueezeNetOptions {
  version?: "1_0" | "1_1";
  numClasses?: number;
  dropout?: number;
}

/** new SqueezeNet(version = "1_0", numClasses = 1000, dropout = 0.5) */
export class SqueezeNet extends Module {
  numClasses: number;
  declare features: nn.Sequential;
  declare classifier: nn.Sequential;

  constructor(options?: SqueezeNetOptions);
  constructor(version?: "1_0" | "1_1", numClasses?: number, dropout?: number);
  constructor(version: "1_0" | "1_1", options: Omit<SqueezeNetOptions, "version">);
  constructor(...args: unknown[]) {
    super();
    const [version = "1_0", numClasses = 1000, dropout = 0.5] = bind("SqueezeNet", ["version", "numClasses", "dropout"], args) as [string?, number?, number?];
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new TypeError(`SqueezeNet(): argument 'numClasses' must be a positive int, not ${describe(numClasses)}`);
    this.numClasses = numClasses;
    const pool = () => new nn.MaxPool2d({ kernelSize: 3, stride: 2, ceilMode: true });
    if (version === "1_0") {
      this.features = new nn.Sequential(
        new nn.Conv2d(3, 96, { kernelSize: 7, stride: 2 }),
        new nn.ReLU(true),
        pool(),
        new Fire(96, 16, 64, 64),
        new Fire(128, 16, 64, 64),
        new Fire(128, 32, 128, 128),
        pool(),
        new Fire(256, 32, 128, 128),
        new Fire(256, 48, 192, 192),
        new Fire(384, 48, 192, 192),
        new Fire(384, 64, 256, 256),
        pool(),
        new Fire(512, 64, 256, 256),
      );
    } else if (version === "1_1") {
      this.features = new nn.Sequential(
        new nn.Conv2d(3, 64, { kernelSize: 3, stride: 2 }),
        new nn.ReLU(true),
        pool(),
        new Fire(64, 16, 64, 64),
        new Fire(128, 16, 64, 64),
        pool(),
        new Fire(128, 32, 128, 128),
        new Fire(256, 32, 128, 128),
        pool(),
        new Fire(256, 48, 192, 192),
        new Fire(384, 48, 192, 192),
        new Fire(384, 64, 256, 256),
        new Fire(512, 64, 256, 256),
      );
    } else {
      throw new RangeError(`Unsupported SqueezeNet version ${String(version)}: 1_0 or 1_1 expected`);
    }
    // the final convolution is initialised differently from the rest
    const finalConv = new nn.Conv2d(512, this.numClasses, { kernelSize: 1 });
    this.classifier = new nn.Sequential(new nn.Dropout({ p: dropout }), finalConv, new nn.ReLU(true), new nn.AdaptiveAvgPool2d([1, 1]));
    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) {
        if (m === finalConv) nn.init.normal_(m.weight, { mean: 0.0, std: 0.01 });
        else nn.init.kaimingUniform_(m.weight);
        if (m.bias !== null) nn.init.constant_(m.bias, 0);
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x);
    x = this.classifier(x);
    return torch.flatten(x, 1);
  }
}

export const SqueezeNet1_0_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("SqueezeNet1_0_Weights");
export const SqueezeNet1_1_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("SqueezeNet1_1_Weights");

/** squeezenet1_0({ weights, progress, numClasses, dropout }) */
export const squeezenet1_0: Builder<Omit<SqueezeNetOptions, "version">, SqueezeNet> =
  makeBuilder("squeezenet1_0", SqueezeNet1_0_Weights, (kwargs) => new SqueezeNet("1_0", kwargs as SqueezeNetOptions));
/** squeezenet1_1({ weights, progress, numClasses, dropout }): 2.4x less computation than 1.0, same accuracy. */
export const squeezenet1_1: Builder<Omit<SqueezeNetOptions, "version">, SqueezeNet> =
  makeBuilder("squeezenet1_1", SqueezeNet1_1_Weights, (kwargs) => new SqueezeNet("1_1", kwargs as SqueezeNetOptions));
