// torchvision.ops.misc: the building blocks torchvision's models share.
//   FrozenBatchNorm2d, ConvNormActivation (Conv2dNormActivation, Conv3dNormActivation),
//   SqueezeExcitation, MLP, Permute
// Module names, state_dict keys, reprs and the order of parameter initialisation are torchvision's.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d, Conv3d } from "../../nn/conv";
import { BatchNorm2d, BatchNorm3d, Dropout } from "../../nn/layers";
import { AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { ReLU, Sigmoid } from "../../nn/activation";
import { bind } from "../../args";
import { describe } from "../../device";
import { pyFloat } from "../../nn/repr";
import { warnOnce } from "../../warnings";
import { LayerFactory, makeLayer, checkPositive } from "../models/_utils";

/**
 * FrozenBatchNorm2d(numFeatures, eps = 1e-5): BatchNorm2d whose statistics and affine parameters are
 * fixed buffers (weight, bias, running_mean, running_var). Loading a state_dict drops a
 * `num_batches_tracked` entry, as torchvision's _load_from_state_dict does.
 */
export class FrozenBatchNorm2d extends Module {
  readonly eps: number;
  declare weight: Tensor;
  declare bias: Tensor;
  declare running_mean: Tensor;
  declare running_var: Tensor;

  constructor(numFeatures: number | { numFeatures: number; eps?: number }, eps?: number | { eps?: number });
  constructor(...args: unknown[]) {
    super();
    const [n, eps = 1e-5] = bind("FrozenBatchNorm2d", ["numFeatures", "eps"], args);
    const num = checkPositive("FrozenBatchNorm2d", n, "num_features");
    if (typeof eps !== "number") throw new TypeError(`FrozenBatchNorm2d(): argument 'eps' must be float, not ${describe(eps)}`);
    this.eps = eps;
    this.registerBuffer("weight", torch.ones(num));
    this.registerBuffer("bias", torch.zeros(num));
    this.registerBuffer("running_mean", torch.zeros(num));
    this.registerBuffer("running_var", torch.ones(num));
  }

  /** @internal torchvision's _load_from_state_dict: a checkpoint's num_batches_tracked is dropped. */
  static _upgradeStateDict(entries: Map<string, Tensor>, prefix: string): void {
    entries.delete(`${prefix}num_batches_tracked`);
  }

  forward(x: Tensor): Tensor {
    // move reshapes to the beginning to make it fuser-friendly
    const w = this.weight.reshape(1, -1, 1, 1);
    const b = this.bias.reshape(1, -1, 1, 1);
    const rv = this.running_var.reshape(1, -1, 1, 1);
    const rm = this.running_mean.reshape(1, -1, 1, 1);
    const scale = w.mul(rv.add(this.eps).rsqrt());
    const bias = b.sub(rm.mul(scale));
    return x.mul(scale).add(bias);
  }

  toString(): string {
    return `${this.constructor.name}(${this.weight.shape[0]}, eps=${pyFloat(this.eps)})`;
  }
}

function makeNtuple(x: number | number[], n: number): number[] {
  return Array.isArray(x) ? [...x] : new Array<number>(n).fill(x);
}

const CNA_NAMES = ["inChannels", "outChannels", "kernelSize", "stride", "padding", "groups", "normLayer", "activationLayer",
  "dilation", "inplace", "bias", "convLayer"] as const;

export interface ConvNormActivationOptions {
  inChannels?: number;
  outChannels?: number;
  kernelSize?: number | number[];
  stride?: number | number[];
  /** null (default): (kernelSize - 1) / 2 * dilation */
  padding?: number | number[] | string | null;
  groups?: number;
  /** null: no norm layer */
  normLayer?: LayerFactory | null;
  /** null: no activation */
  activationLayer?: LayerFactory | null;
  dilation?: number | number[];
  /** null: the activation's own default */
  inplace?: boolean | null;
  /** null (default): a bias when there is no norm layer */
  bias?: boolean | null;
  convLayer?: LayerFactory;
}
type CNAArg = number | number[] | string | boolean | LayerFactory | null | undefined | ConvNormActivationOptions;

function buildConvNormActivation(name: string, args: unknown[], dflt: { norm: LayerFactory; conv: LayerFactory }): [Module[], number] {
  const [inC, outC, k0 = 3, stride = 1, padding0 = null, groups = 1, norm0, act0, dil0 = 1, inplace0 = true, bias0 = null, conv0] =
    bind(name, CNA_NAMES, args);
  const normLayer = norm0 === undefined ? dflt.norm : norm0;
  const activationLayer = act0 === undefined ? ReLU : act0;
  const convLayer = conv0 === undefined || conv0 === null ? dflt.conv : conv0;
  const inChannels = checkPositive(name, inC, "in_channels");
  const outChannels = checkPositive(name, outC, "out_channels");
  let kernelSize = k0 as number | number[], dilation = dil0 as number | number[];
  let padding = padding0 as number | number[] | string | null;
  if (padding === null || padding === undefined) {
    if (typeof kernelSize === "number" && typeof dilation === "number") padding = Math.floor((kernelSize - 1) / 2) * dilation;
    else {
      const convDim = Array.isArray(kernelSize) ? kernelSize.length : (dilation as number[]).length;
      kernelSize = makeNtuple(kernelSize, convDim);
      dilation = makeNtuple(dilation, convDim);
      const ks = kernelSize, ds = dilation;
      padding = ks.map((kk, i) => Math.floor((kk - 1) / 2) * ds[i]);
    }
  }
  const bias = bias0 === null || bias0 === undefined ? normLayer === null : bias0;
  const layers: Module[] = [
    makeLayer(convLayer, "conv_layer", inChannels, outChannels, kernelSize, stride, padding, { dilation, groups, bias }),
  ];
  if (normLayer !== null) layers.push(makeLayer(normLayer, "norm_layer", outChannels));
  if (activationLayer !== null) {
    const params = inplace0 === null ? [] : [{ inplace: inplace0 }];
    layers.push(makeLayer(activationLayer, "activation_layer", ...params));
  }
  return [layers, outChannels];
}

/**
 * ConvNormActivation(inChannels, outChannels, kernelSize = 3, stride = 1, padding = null, groups = 1,
 * normLayer = nn.BatchNorm2d, activationLayer = nn.ReLU, dilation = 1, inplace = true, bias = null,
 * convLayer = nn.Conv2d): a Sequential of conv, norm and activation (`0`, `1`, `2`). Use
 * Conv2dNormActivation or Conv3dNormActivation (torchvision warns on this class itself).
 */
export class ConvNormActivation extends Sequential {
  declare readonly outChannels: number;
  constructor(inChannels: number | ConvNormActivationOptions, ...rest: CNAArg[]);
  constructor(...args: unknown[]) {
    const [layers, out] = args[0] === BUILT ? (args[1] as [Module[], number])
      : buildConvNormActivation("ConvNormActivation", args, { norm: BatchNorm2d, conv: Conv2d });
    super(...layers);
    this.outChannels = out;
    if (new.target === ConvNormActivation)
      warnOnce("Don't use ConvNormActivation directly, please use Conv2dNormActivation and Conv3dNormActivation instead.");
  }
}

const BUILT = Symbol("built");
/** The subclasses' arguments (ConvNormActivation's without convLayer), built with their conv and default norm layer. */
function subclassLayers(name: string, args: unknown[], norm: LayerFactory, conv: LayerFactory): [typeof BUILT, [Module[], number]] {
  const names = CNA_NAMES.slice(0, -1);
  const vals = bind(name, names, args);
  const opts: Record<string, unknown> = {};
  names.forEach((n, i) => { if (vals[i] !== undefined) opts[n] = vals[i]; });
  return [BUILT, buildConvNormActivation(name, [opts], { norm, conv })];
}

/**
 * Conv2dNormActivation(inChannels, outChannels, kernelSize = 3, stride = 1, padding = null, groups = 1,
 * normLayer = nn.BatchNorm2d, activationLayer = nn.ReLU, dilation = 1, inplace = true, bias = null):
 * Conv2d, then the norm layer, then the activation (a Sequential: keys `0.weight`, `1.running_mean`, ...).
 */
export class Conv2dNormActivation extends ConvNormActivation {
  constructor(inChannels: number | ConvNormActivationOptions, ...rest: CNAArg[]);
  constructor(...args: unknown[]) {
    super(...(subclassLayers("Conv2dNormActivation", args, BatchNorm2d, Conv2d) as unknown as [number]));
  }
}

/** Conv3dNormActivation(...): Conv2dNormActivation's arguments with nn.Conv3d and nn.BatchNorm3d. */
export class Conv3dNormActivation extends ConvNormActivation {
  constructor(inChannels: number | ConvNormActivationOptions, ...rest: CNAArg[]);
  constructor(...args: unknown[]) {
    super(...(subclassLayers("Conv3dNormActivation", args, BatchNorm3d, Conv3d) as unknown as [number]));
  }
}

/**
 * SqueezeExcitation(inputChannels, squeezeChannels, activation = nn.ReLU, scaleActivation = nn.Sigmoid):
 * scales the channels by fc2(activation(fc1(avgpool(x)))) through scaleActivation.
 */
export class SqueezeExcitation extends Module {
  declare avgpool: AdaptiveAvgPool2d;
  declare fc1: Conv2d;
  declare fc2: Conv2d;
  declare activation: Module;
  declare scale_activation: Module;
  constructor(inputChannels: number | { inputChannels: number; squeezeChannels: number; activation?: LayerFactory; scaleActivation?: LayerFactory },
    squeezeChannels?: number | object, activation?: LayerFactory | object, scaleActivation?: LayerFactory | object);
  constructor(...args: unknown[]) {
    super();
    const [i, s, act = ReLU, scaleAct = Sigmoid] = bind("SqueezeExcitation", ["inputChannels", "squeezeChannels", "activation", "scaleActivation"], args);
    const inputChannels = checkPositive("SqueezeExcitation", i, "input_channels");
    const squeezeChannels = checkPositive("SqueezeExcitation", s, "squeeze_channels");
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.fc1 = new Conv2d(inputChannels, squeezeChannels, 1);
    this.fc2 = new Conv2d(squeezeChannels, inputChannels, 1);
    this.activation = makeLayer(act, "activation");
    this.scale_activation = makeLayer(scaleAct, "scale_activation");
  }
  _scale(input: Tensor): Tensor {
    let scale = this.avgpool(input) as Tensor;
    scale = this.fc1(scale);
    scale = this.activation(scale);
    scale = this.fc2(scale);
    return this.scale_activation(scale);
  }
  forward(input: Tensor): Tensor {
    const scale = this._scale(input);
    return scale.mul(input);
  }
}

export interface MLPOptions {
  inChannels?: number;
  hiddenChannels?: number[];
  normLayer?: LayerFactory | null;
  activationLayer?: LayerFactory | null;
  inplace?: boolean | null;
  bias?: boolean;
  dropout?: number;
}

/**
 * MLP(inChannels, hiddenChannels, normLayer = null, activationLayer = nn.ReLU, inplace = null, bias = true,
 * dropout = 0.0): Linear (+ norm) + activation + Dropout per hidden layer, then Linear + Dropout
 * (a Sequential: keys `0.weight`, `3.weight`, ...).
 */
export class MLP extends Sequential {
  constructor(inChannels: number | MLPOptions, hiddenChannels?: number[] | MLPOptions, ...rest: (LayerFactory | boolean | number | null | MLPOptions)[]);
  constructor(...args: unknown[]) {
    super(...buildMLP(args));
  }
}

function buildMLP(args: unknown[]): Module[] {
  const [inC, hidden, normLayer = null, act0, inplace = null, bias = true, dropout = 0.0] =
    bind("MLP", ["inChannels", "hiddenChannels", "normLayer", "activationLayer", "inplace", "bias", "dropout"], args);
  const activationLayer = act0 === undefined ? ReLU : act0;
  const inChannels = checkPositive("MLP", inC, "in_channels");
  if (!Array.isArray(hidden) || hidden.length === 0)
    throw new TypeError(`MLP(): argument 'hidden_channels' must be a non-empty list of ints, not ${describe(hidden)}`);
  hidden.forEach((h, i) => checkPositive("MLP", h, `hidden_channels[${i}]`));
  if (typeof bias !== "boolean") throw new TypeError(`MLP(): argument 'bias' must be bool, not ${describe(bias)}`);
  if (typeof dropout !== "number") throw new TypeError(`MLP(): argument 'dropout' must be float, not ${describe(dropout)}`);
  const params = inplace === null ? [] : [{ inplace }];
  const layers: Module[] = [];
  let inDim = inChannels;
  for (const hiddenDim of (hidden as number[]).slice(0, -1)) {
    layers.push(new Linear(inDim, hiddenDim, { bias }));
    if (normLayer !== null) layers.push(makeLayer(normLayer, "norm_layer", hiddenDim));
    layers.push(makeLayer(activationLayer, "activation_layer", ...params));
    layers.push(new Dropout(dropout, ...(params as [{ inplace?: boolean }])));
    inDim = hiddenDim;
  }
  layers.push(new Linear(inDim, (hidden as number[])[hidden.length - 1], { bias }));
  layers.push(new Dropout(dropout, ...(params as [{ inplace?: boolean }])));
  return layers;
}

/** Permute(dims): returns a view of its input with the dimensions permuted (torch.permute(x, dims)). */
export class Permute extends Module {
  readonly dims: number[];
  constructor(dims: number[] | { dims: number[] });
  constructor(...args: unknown[]) {
    super();
    const [dims] = bind("Permute", ["dims"], args);
    if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d)))
      throw new TypeError(`Permute(): argument 'dims' must be a list of ints, not ${describe(dims)}`);
    this.dims = [...dims];
  }
  forward(x: Tensor): Tensor {
    return x.permute(this.dims);
  }
}
