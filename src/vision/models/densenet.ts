// torchvision.models.densenet: DenseNet-BC (Densely Connected Convolutional Networks) and the builders
// densenet121/161/169/201, with torchvision's module names (features.denseblock1.denselayer1.norm1...),
// initialisation and weights enums; the old checkpoints' keys ("norm.1") are renamed when loading.
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as nn from "../../nn";
import * as F from "../../nn/functional";
import { bind } from "../../args";
import { describe } from "../../device";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass } from "./_api";

/** torchvision's _DenseLayer(numInputFeatures, growthRate, bnSize, dropRate, memoryEfficient = false). */
export class _DenseLayer extends Module {
  declare norm1: nn.BatchNorm2d;
  declare relu1: nn.ReLU;
  declare conv1: nn.Conv2d;
  declare norm2: nn.BatchNorm2d;
  declare relu2: nn.ReLU;
  declare conv2: nn.Conv2d;
  dropRate: number;
  /** Accepted for torchvision's signature; the forward is the same computation (no checkpointing here). */
  memoryEfficient: boolean;

  constructor(...args: unknown[]) {
    super();
    const [numInputFeatures, growthRate, bnSize, dropRate, memoryEfficient = false] =
      bind("_DenseLayer", ["numInputFeatures", "growthRate", "bnSize", "dropRate", "memoryEfficient"], args) as [number, number, number, number, boolean?];
    this.norm1 = new nn.BatchNorm2d(numInputFeatures);
    this.relu1 = new nn.ReLU(true);
    this.conv1 = new nn.Conv2d(numInputFeatures, bnSize * growthRate, { kernelSize: 1, stride: 1, bias: false });
    this.norm2 = new nn.BatchNorm2d(bnSize * growthRate);
    this.relu2 = new nn.ReLU(true);
    this.conv2 = new nn.Conv2d(bnSize * growthRate, growthRate, { kernelSize: 3, stride: 1, padding: 1, bias: false });
    this.dropRate = Number(dropRate);
    this.memoryEfficient = memoryEfficient;
  }

  /** bn_function: norm1 -> relu1 -> conv1 on the concatenated inputs. */
  bnFunction(inputs: Tensor[]): Tensor {
    const concatedFeatures = torch.cat(inputs, 1);
    return this.conv1(this.relu1(this.norm1(concatedFeatures)));
  }

  forward(input: Tensor | Tensor[]): Tensor {
    const prevFeatures = input instanceof Tensor ? [input] : input;
    const bottleneckOutput = this.bnFunction(prevFeatures);
    let newFeatures: Tensor = this.conv2(this.relu2(this.norm2(bottleneckOutput)));
    if (this.dropRate > 0) newFeatures = F.dropout(newFeatures, { p: this.dropRate, training: this.training });
    return newFeatures;
  }
}

/** torchvision's _DenseBlock(numLayers, numInputFeatures, bnSize, growthRate, dropRate, memoryEfficient = false): denselayer1..n. */
export class _DenseBlock extends nn.ModuleDict {
  constructor(...args: unknown[]) {
    super();
    const [numLayers, numInputFeatures, bnSize, growthRate, dropRate, memoryEfficient = false] =
      bind("_DenseBlock", ["numLayers", "numInputFeatures", "bnSize", "growthRate", "dropRate", "memoryEfficient"], args) as
        [number, number, number, number, number, boolean?];
    for (let i = 0; i < numLayers; i++) {
      const layer = new _DenseLayer(numInputFeatures + i * growthRate, { growthRate, bnSize, dropRate, memoryEfficient });
      this.addModule(`denselayer${i + 1}`, layer);
    }
  }

  forward(initFeatures: Tensor): Tensor {
    const features = [initFeatures];
    for (const [, layer] of this.namedChildren()) features.push(layer(features));
    return torch.cat(features, 1);
  }
}

/** torchvision's _Transition(numInputFeatures, numOutputFeatures): norm, relu, 1x1 conv, 2x2 average pool (a Sequential). */
export class _Transition extends nn.Sequential {
  declare norm: nn.BatchNorm2d;
  declare relu: nn.ReLU;
  declare conv: nn.Conv2d;
  declare pool: nn.AvgPool2d;

  constructor(numInputFeatures: number, numOutputFeatures: number) {
    super();
    this.norm = new nn.BatchNorm2d(numInputFeatures);
    this.relu = new nn.ReLU(true);
    this.conv = new nn.Conv2d(numInputFeatures, numOutputFeatures, { kernelSize: 1, stride: 1, bias: false });
    this.pool = new nn.AvgPool2d({ kernelSize: 2, stride: 2 });
  }
}

export interface DenseNetOptions {
  growthRate?: number;
  blockConfig?: [number, number, number, number] | number[];
  numInitFeatures?: number;
  bnSize?: number;
  dropRate?: number;
  numClasses?: number;
  memoryEfficient?: boolean;
}

const DENSENET_ARGS = ["growthRate", "blockConfig", "numInitFeatures", "bnSize", "dropRate", "numClasses", "memoryEfficient"];

/**
 * new DenseNet(growthRate = 32, blockConfig = [6, 12, 24, 16], numInitFeatures = 64, bnSize = 4, dropRate = 0,
 * numClasses = 1000, memoryEfficient = false)
 */
export class DenseNet extends Module {
  declare features: nn.Sequential;
  declare classifier: nn.Linear;

  constructor(options?: DenseNetOptions);
  constructor(growthRate?: number, blockConfig?: number[], numInitFeatures?: number, bnSize?: number, dropRate?: number,
    numClasses?: number, memoryEfficient?: boolean);
  constructor(growthRate: number, blockConfig: number[], numInitFeatures: number, options: DenseNetOptions);
  constructor(...args: unknown[]) {
    super();
    const [growthRate = 32, blockConfig = [6, 12, 24, 16], numInitFeatures = 64, bnSize = 4, dropRate = 0, numClasses = 1000, memoryEfficient = false] =
      bind("DenseNet", DENSENET_ARGS, args) as [number?, number[]?, number?, number?, number?, number?, boolean?];
    if (!Array.isArray(blockConfig) || !blockConfig.every((n) => Number.isInteger(n) && n >= 0))
      throw new TypeError(`DenseNet(): argument 'blockConfig' must be a list of ints, not ${describe(blockConfig)}`);
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new TypeError(`DenseNet(): argument 'numClasses' must be a positive int, not ${describe(numClasses)}`);
    this.features = new nn.Sequential({
      conv0: new nn.Conv2d(3, numInitFeatures, { kernelSize: 7, stride: 2, padding: 3, bias: false }),
      norm0: new nn.BatchNorm2d(numInitFeatures),
      relu0: new nn.ReLU(true),
      pool0: new nn.MaxPool2d({ kernelSize: 3, stride: 2, padding: 1 }),
    });
    let numFeatures = numInitFeatures;
    blockConfig.forEach((numLayers, i) => {
      const block = new _DenseBlock({ numLayers, numInputFeatures: numFeatures, bnSize, growthRate, dropRate, memoryEfficient });
      this.features.addModule(`denseblock${i + 1}`, block);
      numFeatures = numFeatures + numLayers * growthRate;
      if (i !== blockConfig.length - 1) {
        const trans = new _Transition(numFeatures, Math.floor(numFeatures / 2));
        this.features.addModule(`transition${i + 1}`, trans);
        numFeatures = Math.floor(numFeatures / 2);
      }
    });
    this.features.addModule("norm5", new nn.BatchNorm2d(numFeatures));
    this.classifier = new nn.Linear(numFeatures, numClasses);

    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) nn.init.kaimingNormal_(m.weight);
      else if (m instanceof nn.BatchNorm2d) {
        nn.init.constant_(m.weight!, 1);
        nn.init.constant_(m.bias!, 0);
      } else if (m instanceof nn.Linear) nn.init.constant_(m.bias!, 0);
    }
  }

  forward(x: Tensor): Tensor {
    const features = this.features(x);
    let out = F.relu(features, true);
    out = F.adaptiveAvgPool2d(out, [1, 1]);
    out = torch.flatten(out, 1);
    return this.classifier(out);
  }
}

/** The keys of torchvision's old DenseNet checkpoints ("...denselayer1.norm.1.weight") renamed to the module names ("...denselayer1.norm1.weight"). */
export function renameDenseNetKeys(stateDict: Record<string, Tensor>): Record<string, Tensor> {
  const pattern = /^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$/;
  const out: Record<string, Tensor> = {};
  const renamed: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(stateDict)) {
    const res = pattern.exec(k);
    // Python deletes the old key and appends the new one: renamed keys go last
    if (res) renamed[res[1] + res[2]] = v;
    else out[k] = v;
  }
  return Object.assign(out, renamed);
}

export const DenseNet121_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("DenseNet121_Weights");
export const DenseNet161_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("DenseNet161_Weights");
export const DenseNet169_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("DenseNet169_Weights");
export const DenseNet201_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("DenseNet201_Weights");

type DenseNetBuilderOptions = Omit<DenseNetOptions, "growthRate" | "blockConfig" | "numInitFeatures">;

function densenetBuilder(name: string, growthRate: number, blockConfig: number[], numInitFeatures: number,
  weightsEnum: WeightsEnumClass): Builder<DenseNetBuilderOptions, DenseNet> {
  return makeBuilder(name, weightsEnum, (kwargs) => new DenseNet(growthRate, blockConfig, numInitFeatures, kwargs as DenseNetOptions),
    { transform: renameDenseNetKeys });
}

/** densenet121({ weights, progress, numClasses, bnSize, dropRate, memoryEfficient }) */
export const densenet121 = densenetBuilder("densenet121", 32, [6, 12, 24, 16], 64, DenseNet121_Weights);
/** densenet161({ weights, progress, ... }) */
export const densenet161 = densenetBuilder("densenet161", 48, [6, 12, 36, 24], 96, DenseNet161_Weights);
/** densenet169({ weights, progress, ... }) */
export const densenet169 = densenetBuilder("densenet169", 32, [6, 12, 32, 32], 64, DenseNet169_Weights);
/** densenet201({ weights, progress, ... }) */
export const densenet201 = densenetBuilder("densenet201", 32, [6, 12, 48, 32], 64, DenseNet201_Weights);
