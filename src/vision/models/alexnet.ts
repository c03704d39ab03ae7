// torchvision.models.alexnet: AlexNet (One weird trick for parallelizing convolutional neural networks)
// and its builder, with torchvision's module names and weights enum.
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as nn from "../../nn";
import { bind } from "../../args";
import { describe } from "../../device";
import { Builder, makeBuilder, weightsEnumFromMeta } from "./_api";

export interface AlexNetOptions {
  numClasses?: number;
  dropout?: number;
}

/** new AlexNet(numClasses = 1000, dropout = 0.5) */
export class AlexNet extends Module {
  declare features: nn.Sequential;
  declare avgpool: nn.AdaptiveAvgPool2d;
  declare classifier: nn.Sequential;

  constructor(options?: AlexNetOptions);
  constructor(numClasses?: number, dropout?: number);
  constructor(...args: unknown[]) {
    super();
    const [numClasses = 1000, dropout = 0.5] = bind("AlexNet", ["numClasses", "dropout"], args) as [number?, number?];
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new TypeError(`AlexNet(): argument 'numClasses' must be a positive int, not ${describe(numClasses)}`);
    this.features = new nn.Sequential(
      new nn.Conv2d(3, 64, { kernelSize: 11, stride: 4, padding: 2 }),
      new nn.ReLU(true),
      new nn.MaxPool2d({ kernelSize: 3, stride: 2 }),
      new nn.Conv2d(64, 192, { kernelSize: 5, padding: 2 }),
      new nn.ReLU(true),
      new nn.MaxPool2d({ kernelSize: 3, stride: 2 }),
      new nn.Conv2d(192, 384, { kernelSize: 3, padding: 1 }),
      new nn.ReLU(true),
      new nn.Conv2d(384, 256, { kernelSize: 3, padding: 1 }),
      new nn.ReLU(true),
      new nn.Conv2d(256, 256, { kernelSize: 3, padding: 1 }),
      new nn.ReLU(true),
      new nn.MaxPool2d({ kernelSize: 3, stride: 2 }),
    );
    this.avgpool = new nn.AdaptiveAvgPool2d([6, 6]);
    this.classifier = new nn.Sequential(
      new nn.Dropout({ p: dropout }),
      new nn.Linear(256 * 6 * 6, 4096),
      new nn.ReLU(true),
      new nn.Dropout({ p: dropout }),
      new nn.Linear(4096, 4096),
      new nn.ReLU(true),
      new nn.Linear(4096, numClasses),
    );
  }

  forward(x: Tensor): Tensor {
    x = this.features(x);
    x = this.avgpool(x);
    x = torch.flatten(x, 1);
    return this.classifier(x);
  }
}

export const AlexNet_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("AlexNet_Weights");

/** alexnet({ weights, progress, numClasses, dropout }) */
export const alexnet: Builder<AlexNetOptions, AlexNet> = makeBuilder("alexnet", AlexNet_Weights, (kwargs) => new AlexNet(kwargs as AlexNetOptions));
