// torchvision.models.resnet: ResNet, BasicBlock, Bottleneck and the builders resnet18/34/50/101/152,
// resnext50_32x4d / resnext101_32x8d / resnext101_64x4d, wide_resnet50_2 / wide_resnet101_2, with
// torchvision's module names (state_dict keys), initialisation order and weights enums.
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as nn from "../../nn";
import { bind } from "../../args";
import type { PyArgsReq } from "../../args";
import { describe } from "../../device";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass } from "./_api";

/** A norm layer: a Module class or a function, called with the number of features (nn.BatchNorm2d by default). */
export type NormLayer = (new (numFeatures: number) => Module) | ((numFeatures: number) => Module);

/** Builds norm_layer(n): `new` for a Module class, a plain call for a factory function. (The blocks type their norm fields as nn.BatchNorm2d, the default.) */
export function makeNorm(normLayer: NormLayer, n: number): Module {
  const f = normLayer as { prototype?: unknown };
  if (typeof normLayer !== "function") throw new TypeError(`normLayer must be a Module class or a function, not ${describe(normLayer)}`);
  if (f.prototype instanceof Module || f.prototype === Module.prototype) return new (normLayer as new (n: number) => Module)(n);
  return (normLayer as (n: number) => Module)(n);
}

/** conv3x3(inPlanes, outPlanes, stride = 1, groups = 1, dilation = 1): 3x3 convolution with padding, no bias. */
export function conv3x3(inPlanes: number, outPlanes: number, stride = 1, groups = 1, dilation = 1): nn.Conv2d {
  return new nn.Conv2d(inPlanes, outPlanes, { kernelSize: 3, stride, padding: dilation, groups, bias: false, dilation });
}

/** conv1x1(inPlanes, outPlanes, stride = 1): 1x1 convolution, no bias. */
export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): nn.Conv2d {
  return new nn.Conv2d(inPlanes, outPlanes, { kernelSize: 1, stride, bias: false });
}

const BLOCK_ARGS = ["inplanes", "planes", "stride", "downsample", "groups", "baseWidth", "dilation", "normLayer"];

export interface BlockOptions {
  inplanes?: number;
  planes?: number;
  stride?: number;
  downsample?: Module | null;
  groups?: number;
  baseWidth?: number;
  dilation?: number;
  normLayer?: NormLayer | null;
}

/** A block's arguments: inplanes and planes, then the rest positionally in Python's order, or one options object. */
export type BlockArgs = PyArgsReq<[inplanes: number, planes: number],
  [stride: number, downsample: Module | null, groups: number, baseWidth: number, dilation: number, normLayer: NormLayer | null],
  BlockOptions, "inplanes" | "planes">;

/** BasicBlock(inplanes, planes, stride = 1, downsample = null, groups = 1, baseWidth = 64, dilation = 1, normLayer = null) */
export class BasicBlock extends Module {
  static readonly expansion: number = 1;
  declare conv1: nn.Conv2d;
  declare bn1: nn.BatchNorm2d;
  declare relu: nn.ReLU;
  declare conv2: nn.Conv2d;
  declare bn2: nn.BatchNorm2d;
  declare downsample: Module | null;
  stride: number;

  constructor(...args: BlockArgs);
  constructor(...args: unknown[]) {
    super();
    const [inplanes, planes, stride = 1, downsample = null, groups = 1, baseWidth = 64, dilation = 1, normLayer0 = null] =
      bind("BasicBlock", BLOCK_ARGS, args) as [number, number, number?, Module?, number?, number?, number?, NormLayer?];
    const normLayer = normLayer0 ?? nn.BatchNorm2d;
    if (groups !== 1 || baseWidth !== 64) throw new RangeError("BasicBlock only supports groups=1 and base_width=64");
    if (dilation > 1) throw new Error("Dilation > 1 not supported in BasicBlock");
    this.conv1 = conv3x3(inplanes, planes, stride);
    this.bn1 = makeNorm(normLayer, planes) as nn.BatchNorm2d;
    this.relu = new nn.ReLU(true);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = makeNorm(normLayer, planes) as nn.BatchNorm2d;
    this.downsample = downsample;
    this.stride = stride;
  }

  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.conv1(x);
    out = this.bn1(out);
    out = this.relu(out);
    out = this.conv2(out);
    out = this.bn2(out);
    if (this.downsample !== null) identity = this.downsample(x);
    out = out.add_(identity);
    return this.relu(out);
  }
}

/**
 * Bottleneck(inplanes, planes, stride = 1, downsample = null, groups = 1, baseWidth = 64, dilation = 1, normLayer = null):
 * ResNet V1.5 (the stride on the 3x3 convolution).
 */
export class Bottleneck extends Module {
  static readonly expansion: number = 4;
  declare conv1: nn.Conv2d;
  declare bn1: nn.BatchNorm2d;
  declare conv2: nn.Conv2d;
  declare bn2: nn.BatchNorm2d;
  declare conv3: nn.Conv2d;
  declare bn3: nn.BatchNorm2d;
  declare relu: nn.ReLU;
  declare downsample: Module | null;
  stride: number;

  constructor(...args: BlockArgs);
  constructor(...args: unknown[]) {
    super();
    const [inplanes, planes, stride = 1, downsample = null, groups = 1, baseWidth = 64, dilation = 1, normLayer0 = null] =
      bind("Bottleneck", BLOCK_ARGS, args) as [number, number, number?, Module?, number?, number?, number?, NormLayer?];
    const normLayer = normLayer0 ?? nn.BatchNorm2d;
    const width = Math.trunc(planes * (baseWidth / 64.0)) * groups;
    this.conv1 = conv1x1(inplanes, width);
    this.bn1 = makeNorm(normLayer, width) as nn.BatchNorm2d;
    this.conv2 = conv3x3(width, width, stride, groups, dilation);
    this.bn2 = makeNorm(normLayer, width) as nn.BatchNorm2d;
    this.conv3 = conv1x1(width, planes * Bottleneck.expansion);
    this.bn3 = makeNorm(normLayer, planes * Bottleneck.expansion) as nn.BatchNorm2d;
    this.relu = new nn.ReLU(true);
    this.downsample = downsample;
    this.stride = stride;
  }

  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.conv1(x);
    out = this.bn1(out);
    out = this.relu(out);
    out = this.conv2(out);
    out = this.bn2(out);
    out = this.relu(out);
    out = this.conv3(out);
    out = this.bn3(out);
    if (this.downsample !== null) identity = this.downsample(x);
    out = out.add_(identity);
    return this.relu(out);
  }
}

/** A residual block class (BasicBlock, Bottleneck or a subclass with the same constructor). */
export type BlockClass = (typeof BasicBlock | typeof Bottleneck) & { expansion: number };

export interface ResNetOptions {
  numClasses?: number;
  zeroInitResidual?: boolean;
  groups?: number;
  widthPerGroup?: number;
  replaceStrideWithDilation?: boolean[] | null;
  normLayer?: NormLayer | null;
}

const RESNET_ARGS = ["block", "layers", "numClasses", "zeroInitResidual", "groups", "widthPerGroup", "replaceStrideWithDilation", "normLayer"];

/**
 * new ResNet(block, layers, numClasses = 1000, zeroInitResidual = false, groups = 1, widthPerGroup = 64,
 * replaceStrideWithDilation = null, normLayer = null), or with the trailing options object.
 */
export class ResNet extends Module {
  declare conv1: nn.Conv2d;
  declare bn1: nn.BatchNorm2d;
  declare relu: nn.ReLU;
  declare maxpool: nn.MaxPool2d;
  declare layer1: nn.Sequential;
  declare layer2: nn.Sequential;
  declare layer3: nn.Sequential;
  declare layer4: nn.Sequential;
  declare avgpool: nn.AdaptiveAvgPool2d;
  /** The classifier (replace it for transfer learning: `model.fc = new nn.Linear(model.fc.inFeatures, 10)`). */
  declare fc: nn.Linear;
  /** @internal */ declare _normLayer: NormLayer;
  inplanes: number;
  dilation: number;
  groups: number;
  baseWidth: number;

  constructor(block: BlockClass, layers: number[], options?: ResNetOptions);
  constructor(block: BlockClass, layers: number[], numClasses?: number, zeroInitResidual?: boolean, groups?: number,
    widthPerGroup?: number, replaceStrideWithDilation?: boolean[] | null, normLayer?: NormLayer | null);
  constructor(...args: unknown[]) {
    super();
    const [block, layers, numClasses = 1000, zeroInitResidual = false, groups = 1, widthPerGroup = 64, rswd0 = null, normLayer0 = null] =
      bind("ResNet", RESNET_ARGS, args) as [BlockClass, number[], number?, boolean?, number?, number?, boolean[]?, NormLayer?];
    if (typeof block !== "function") throw new TypeError(`ResNet(): argument 'block' must be a block class (BasicBlock or Bottleneck), not ${describe(block)}`);
    if (!Array.isArray(layers) || layers.length !== 4 || !layers.every((n) => Number.isInteger(n) && n >= 1))
      throw new TypeError(`ResNet(): argument 'layers' must be a list of 4 positive ints, not ${describe(layers)}`);
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new TypeError(`ResNet(): argument 'numClasses' must be a positive int, not ${describe(numClasses)}`);
    this._normLayer = normLayer0 ?? nn.BatchNorm2d;
    this.inplanes = 64;
    this.dilation = 1;
    const rswd = rswd0 ?? [false, false, false];
    if (!Array.isArray(rswd) || rswd.length !== 3)
      throw new RangeError(`replace_stride_with_dilation should be None or a 3-element tuple, got ${describe(rswd)}`);
    this.groups = groups;
    this.baseWidth = widthPerGroup;
    this.conv1 = new nn.Conv2d(3, this.inplanes, { kernelSize: 7, stride: 2, padding: 3, bias: false });
    this.bn1 = makeNorm(this._normLayer, this.inplanes) as nn.BatchNorm2d;
    this.relu = new nn.ReLU(true);
    this.maxpool = new nn.MaxPool2d({ kernelSize: 3, stride: 2, padding: 1 });
    this.layer1 = this._makeLayer(block, 64, layers[0]);
    this.layer2 = this._makeLayer(block, 128, layers[1], 2, rswd[0]);
    this.layer3 = this._makeLayer(block, 256, layers[2], 2, rswd[1]);
    this.layer4 = this._makeLayer(block, 512, layers[3], 2, rswd[2]);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.fc = new nn.Linear(512 * block.expansion, numClasses);

    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) nn.init.kaimingNormal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
      else if (m instanceof nn.BatchNorm2d || m instanceof nn.GroupNorm) {
        nn.init.constant_((m as nn.BatchNorm2d).weight!, 1);
        nn.init.constant_((m as nn.BatchNorm2d).bias!, 0);
      }
    }
    // Zero-initialize the last BN in each residual branch, so that the residual branch starts with
    // zeros and each residual block behaves like an identity (https://arxiv.org/abs/1706.02677).
    if (zeroInitResidual) {
      for (const m of this.modules()) {
        const w = (b: Module) => (b as unknown as { weight: Tensor | null }).weight;
        if (m instanceof Bottleneck && w(m.bn3) !== null) nn.init.constant_(w(m.bn3)!, 0);
        else if (m instanceof BasicBlock && w(m.bn2) !== null) nn.init.constant_(w(m.bn2)!, 0);
      }
    }
  }

  /** @internal torchvision's _make_layer(block, planes, blocks, stride = 1, dilate = false). */
  _makeLayer(block: BlockClass, planes: number, blocks: number, stride = 1, dilate = false): nn.Sequential {
    const normLayer = this._normLayer;
    let downsample: Module | null = null;
    const previousDilation = this.dilation;
    if (dilate) {
      this.dilation *= stride;
      stride = 1;
    }
    if (stride !== 1 || this.inplanes !== planes * block.expansion)
      downsample = new nn.Sequential(conv1x1(this.inplanes, planes * block.expansion, stride), makeNorm(normLayer, planes * block.expansion));
    const layers: Module[] = [];
    layers.push(new block(this.inplanes, planes, stride, downsample, this.groups, this.baseWidth, previousDilation, normLayer));
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++)
      layers.push(new block(this.inplanes, planes, { groups: this.groups, baseWidth: this.baseWidth, dilation: this.dilation, normLayer }));
    return new nn.Sequential(...layers);
  }

  forward(x: Tensor): Tensor {
    x = this.conv1(x);
    x = this.bn1(x);
    x = this.relu(x);
    x = this.maxpool(x);
    x = this.layer1(x);
    x = this.layer2(x);
    x = this.layer3(x);
    x = this.layer4(x);
    x = this.avgpool(x);
    x = torch.flatten(x, 1);
    return this.fc(x);
  }
}

export const ResNet18_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("ResNet18_Weights");
export const ResNet34_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("ResNet34_Weights");
export const ResNet50_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("ResNet50_Weights");
export const ResNet101_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("ResNet101_Weights");
export const ResNet152_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("ResNet152_Weights");
export const ResNeXt50_32X4D_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("ResNeXt50_32X4D_Weights");
export const ResNeXt101_32X8D_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("ResNeXt101_32X8D_Weights");
export const ResNeXt101_64X4D_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("ResNeXt101_64X4D_Weights");
export const Wide_ResNet50_2_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("Wide_ResNet50_2_Weights");
export const Wide_ResNet101_2_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("Wide_ResNet101_2_Weights");

/** Builder options of the ResNet family: the weights options and ResNet's own. */
export type ResNetBuilderOptions = ResNetOptions;

function resnetBuilder(name: string, block: BlockClass, layers: number[], weightsEnum: WeightsEnumClass,
  fixed: Record<string, unknown> = {}): Builder<ResNetBuilderOptions, ResNet> {
  return makeBuilder(name, weightsEnum, (kwargs) => new ResNet(block, layers, kwargs as ResNetOptions), { fixed });
}

/** resnet18({ weights, progress, numClasses, ... }): ResNet-18 (Deep Residual Learning for Image Recognition). */
export const resnet18 = resnetBuilder("resnet18", BasicBlock, [2, 2, 2, 2], ResNet18_Weights);
/** resnet34({ weights, progress, ... }) */
export const resnet34 = resnetBuilder("resnet34", BasicBlock, [3, 4, 6, 3], ResNet34_Weights);
/** resnet50({ weights, progress, ... }) */
export const resnet50 = resnetBuilder("resnet50", Bottleneck, [3, 4, 6, 3], ResNet50_Weights);
/** resnet101({ weights, progress, ... }) */
export const resnet101 = resnetBuilder("resnet101", Bottleneck, [3, 4, 23, 3], ResNet101_Weights);
/** resnet152({ weights, progress, ... }) */
export const resnet152 = resnetBuilder("resnet152", Bottleneck, [3, 8, 36, 3], ResNet152_Weights);
/** resnext50_32x4d({ weights, progress, ... }): groups 32, widthPerGroup 4. */
export const resnext50_32x4d = resnetBuilder("resnext50_32x4d", Bottleneck, [3, 4, 6, 3], ResNeXt50_32X4D_Weights, { groups: 32, widthPerGroup: 4 });
/** resnext101_32x8d({ weights, progress, ... }): groups 32, widthPerGroup 8. */
export const resnext101_32x8d = resnetBuilder("resnext101_32x8d", Bottleneck, [3, 4, 23, 3], ResNeXt101_32X8D_Weights, { groups: 32, widthPerGroup: 8 });
/** resnext101_64x4d({ weights, progress, ... }): groups 64, widthPerGroup 4. */
export const resnext101_64x4d = resnetBuilder("resnext101_64x4d", Bottleneck, [3, 4, 23, 3], ResNeXt101_64X4D_Weights, { groups: 64, widthPerGroup: 4 });
/** wide_resnet50_2({ weights, progress, ... }): widthPerGroup 128. */
export const wide_resnet50_2 = resnetBuilder("wide_resnet50_2", Bottleneck, [3, 4, 6, 3], Wide_ResNet50_2_Weights, { widthPerGroup: 64 * 2 });
/** wide_resnet101_2({ weights, progress, ... }): widthPerGroup 128. */
export const wide_resnet101_2 = resnetBuilder("wide_resnet101_2", Bottleneck, [3, 4, 23, 3], Wide_ResNet101_2_Weights, { widthPerGroup: 64 * 2 });
