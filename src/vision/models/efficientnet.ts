// torchvision.models.efficientnet: EfficientNet B0-B7 ("EfficientNet: Rethinking Model Scaling for
// Convolutional Neural Networks", https://arxiv.org/abs/1905.11946) and EfficientNetV2 S/M/L
// (https://arxiv.org/abs/2104.00298), with torchvision's module names, state_dict keys and initialisation.
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d, Dropout } from "../../nn/layers";
import { GroupNorm } from "../../nn/normalization";
import { AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { SiLU } from "../../nn/activation";
import * as init from "../../nn/init";
import { bind, Options } from "../../args";
import { describe } from "../../device";
import { Conv2dNormActivation, SqueezeExcitation } from "../ops/misc";
import { StochasticDepth } from "../ops/stochastic_depth";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass } from "./_api";
import { _makeDivisible, LayerFactory, makeLayer, checkCount, checkPositive, checkProb, checkMult, pop, rejectFixed } from "./_utils";

/** torchvision's _MBConvConfig (a dataclass): the fields both block configurations share. */
export abstract class _MBConvConfig {
  expandRatio: number;
  kernel: number;
  stride: number;
  inputChannels: number;
  outChannels: number;
  numLayers: number;
  block: LayerFactory;
  constructor(expandRatio: number, kernel: number, stride: number, inputChannels: number, outChannels: number, numLayers: number, block: LayerFactory) {
    this.expandRatio = expandRatio;
    this.kernel = kernel;
    this.stride = stride;
    this.inputChannels = inputChannels;
    this.outChannels = outChannels;
    this.numLayers = numLayers;
    this.block = block;
  }
  static adjustChannels(channels: number, widthMult: number, minValue: number | null = null): number {
    return _makeDivisible(channels * widthMult, 8, minValue);
  }
}

const CFG_NAMES = ["expandRatio", "kernel", "stride", "inputChannels", "outChannels", "numLayers"];
function checkCfg(fn: string, vals: unknown[]): number[] {
  if (typeof vals[0] !== "number" || !(vals[0] > 0)) throw new TypeError(`${fn}(): argument 'expand_ratio' must be a positive float, not ${describe(vals[0])}`);
  ["kernel", "stride", "input_channels", "out_channels", "num_layers"].forEach((n, i) => checkPositive(fn, vals[i + 1], n));
  return vals.slice(0, 6) as number[];
}

/**
 * MBConvConfig(expandRatio, kernel, stride, inputChannels, outChannels, numLayers, widthMult = 1.0,
 * depthMult = 1.0, block = null): an EfficientNet stage of MBConv blocks (channels and depth scaled).
 */
export class MBConvConfig extends _MBConvConfig {
  constructor(expandRatio: number | Options, ...rest: (number | LayerFactory | null | Options)[]);
  constructor(...args: unknown[]) {
    const vals = bind("MBConvConfig", [...CFG_NAMES, "widthMult", "depthMult", "block"], args);
    const [e, k, s, ic, oc, nl] = checkCfg("MBConvConfig", vals);
    const widthMult = checkMult("MBConvConfig", vals[6] ?? 1.0, "width_mult");
    const depthMult = checkMult("MBConvConfig", vals[7] ?? 1.0, "depth_mult");
    const block = (vals[8] ?? MBConv) as LayerFactory;
    super(e, k, s, MBConvConfig.adjustChannels(ic, widthMult), MBConvConfig.adjustChannels(oc, widthMult), MBConvConfig.adjustDepth(nl, depthMult), block);
  }
  static adjustDepth(numLayers: number, depthMult: number): number {
    return Math.ceil(numLayers * depthMult);
  }
}

/**
 * FusedMBConvConfig(expandRatio, kernel, stride, inputChannels, outChannels, numLayers, block = null):
 * an EfficientNetV2 stage of FusedMBConv blocks.
 */
export class FusedMBConvConfig extends _MBConvConfig {
  constructor(expandRatio: number | Options, ...rest: (number | LayerFactory | null | Options)[]);
  constructor(...args: unknown[]) {
    const vals = bind("FusedMBConvConfig", [...CFG_NAMES, "block"], args);
    const [e, k, s, ic, oc, nl] = checkCfg("FusedMBConvConfig", vals);
    super(e, k, s, ic, oc, nl, (vals[6] ?? FusedMBConv) as LayerFactory);
  }
}

function blockArgs(fn: string, args: unknown[], names: string[]): unknown[] {
  const vals = bind(fn, names, args);
  if (!(vals[0] instanceof _MBConvConfig)) throw new TypeError(`${fn}(): argument 'cnf' must be MBConvConfig, not ${describe(vals[0])}`);
  checkProb(fn, vals[1], "stochastic_depth_prob");
  if (!((vals[0] as _MBConvConfig).stride >= 1 && (vals[0] as _MBConvConfig).stride <= 2)) throw new RangeError("illegal stride value");
  return vals;
}

/**
 * MBConv(cnf, stochasticDepthProb, normLayer, seLayer = SqueezeExcitation): expansion, depthwise conv,
 * squeeze-excitation and projection (`block`), with stochastic depth on the residual branch.
 */
export class MBConv extends Module {
  declare readonly useResConnect: boolean;
  declare readonly outChannels: number;
  declare block: Sequential;
  declare stochastic_depth: StochasticDepth;
  constructor(cnf: MBConvConfig | Options, stochasticDepthProb?: number, normLayer?: LayerFactory | Options, seLayer?: LayerFactory | Options);
  constructor(...args: unknown[]) {
    super();
    const [c, sdp, norm, se = SqueezeExcitation] = blockArgs("MBConv", args, ["cnf", "stochasticDepthProb", "normLayer", "seLayer"]);
    const cnf = c as MBConvConfig, normLayer = norm as LayerFactory;
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: Module[] = [];
    const activationLayer = SiLU;
    // expand
    const expandedChannels = _MBConvConfig.adjustChannels(cnf.inputChannels, cnf.expandRatio);
    if (expandedChannels !== cnf.inputChannels)
      layers.push(new Conv2dNormActivation(cnf.inputChannels, expandedChannels, { kernelSize: 1, normLayer, activationLayer }));
    // depthwise
    layers.push(new Conv2dNormActivation(expandedChannels, expandedChannels, {
      kernelSize: cnf.kernel, stride: cnf.stride, groups: expandedChannels, normLayer, activationLayer,
    }));
    // squeeze and excitation
    const squeezeChannels = Math.max(1, Math.floor(cnf.inputChannels / 4));
    layers.push(makeLayer(se, "se_layer", expandedChannels, squeezeChannels, { activation: siluInplace }));
    // project
    layers.push(new Conv2dNormActivation(expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    this.block = new Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(sdp as number, "row");
    this.outChannels = cnf.outChannels;
  }
  forward(input: Tensor): Tensor {
    let result = this.block(input) as Tensor;
    if (this.useResConnect) {
      result = this.stochastic_depth(result);
      result.add_(input);
    }
    return result;
  }
}

/** partial(nn.SiLU, inplace=True) */
const siluInplace = () => new SiLU({ inplace: true });

/**
 * FusedMBConv(cnf, stochasticDepthProb, normLayer): EfficientNetV2's fused expansion + projection
 * (`block`), with stochastic depth on the residual branch.
 */
export class FusedMBConv extends Module {
  declare readonly useResConnect: boolean;
  declare readonly outChannels: number;
  declare block: Sequential;
  declare stochastic_depth: StochasticDepth;
  constructor(cnf: FusedMBConvConfig | Options, stochasticDepthProb?: number, normLayer?: LayerFactory | Options);
  constructor(...args: unknown[]) {
    super();
    const [c, sdp, norm] = blockArgs("FusedMBConv", args, ["cnf", "stochasticDepthProb", "normLayer"]);
    const cnf = c as FusedMBConvConfig, normLayer = norm as LayerFactory;
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: Module[] = [];
    const activationLayer = SiLU;
    const expandedChannels = _MBConvConfig.adjustChannels(cnf.inputChannels, cnf.expandRatio);
    if (expandedChannels !== cnf.inputChannels) {
      // fused expand
      layers.push(new Conv2dNormActivation(cnf.inputChannels, expandedChannels, { kernelSize: cnf.kernel, stride: cnf.stride, normLayer, activationLayer }));
      // project
      layers.push(new Conv2dNormActivation(expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    } else {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, cnf.outChannels, { kernelSize: cnf.kernel, stride: cnf.stride, normLayer, activationLayer }));
    }
    this.block = new Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(sdp as number, "row");
    this.outChannels = cnf.outChannels;
  }
  forward(input: Tensor): Tensor {
    let result = this.block(input) as Tensor;
    if (this.useResConnect) {
      result = this.stochastic_depth(result);
      result.add_(input);
    }
    return result;
  }
}

export interface EfficientNetOptions {
  invertedResidualSetting?: _MBConvConfig[];
  dropout?: number;
  stochasticDepthProb?: number;
  numClasses?: number;
  normLayer?: LayerFactory | null;
  lastChannel?: number | null;
}

/**
 * EfficientNet(invertedResidualSetting, dropout, stochasticDepthProb = 0.2, numClasses = 1000,
 * normLayer = null, lastChannel = null): torchvision.models.EfficientNet (V1 and V2: `features`,
 * `avgpool`, `classifier`).
 */
export class EfficientNet extends Module {
  declare features: Sequential;
  declare avgpool: AdaptiveAvgPool2d;
  declare classifier: Sequential;

  constructor(invertedResidualSetting: _MBConvConfig[] | EfficientNetOptions, dropout?: number | EfficientNetOptions,
    ...rest: (number | LayerFactory | null | EfficientNetOptions)[]);
  constructor(...args: unknown[]) {
    super();
    const [setting0, dropout0, sdp0 = 0.2, nc = 1000, norm0 = null, lc = null] =
      bind("EfficientNet", ["invertedResidualSetting", "dropout", "stochasticDepthProb", "numClasses", "normLayer", "lastChannel"], args);
    if (setting0 === undefined || setting0 === null || (Array.isArray(setting0) && setting0.length === 0))
      throw new RangeError("The inverted_residual_setting should not be empty");
    if (!Array.isArray(setting0) || !setting0.every((s) => s instanceof _MBConvConfig))
      throw new TypeError("The inverted_residual_setting should be List[MBConvConfig]");
    const setting = setting0 as _MBConvConfig[];
    const dropout = checkProb("EfficientNet", dropout0, "dropout");
    const stochasticDepthProb = checkProb("EfficientNet", sdp0, "stochastic_depth_prob");
    const numClasses = checkCount("EfficientNet", nc, "num_classes");
    const lastChannel = lc === null ? null : checkPositive("EfficientNet", lc, "last_channel");
    const normLayer = (norm0 === null ? BatchNorm2d : norm0) as LayerFactory;

    const layers: Module[] = [];
    // building first layer
    const firstconvOutputChannels = setting[0].inputChannels;
    layers.push(new Conv2dNormActivation(3, firstconvOutputChannels, { kernelSize: 3, stride: 2, normLayer, activationLayer: SiLU }));
    // building inverted residual blocks
    const totalStageBlocks = setting.reduce((a, c) => a + c.numLayers, 0);
    let stageBlockId = 0;
    for (const cnf of setting) {
      const stage: Module[] = [];
      for (let i = 0; i < cnf.numLayers; i++) {
        // copy to avoid modifications. shallow copy is enough
        const blockCnf = Object.assign(Object.create(Object.getPrototypeOf(cnf)), cnf) as _MBConvConfig;
        // overwrite info if not the first conv in the stage
        if (stage.length > 0) {
          blockCnf.inputChannels = blockCnf.outChannels;
          blockCnf.stride = 1;
        }
        // adjust stochastic depth probability based on the depth of the stage block
        const sdProb = (stochasticDepthProb * stageBlockId) / totalStageBlocks;
        stage.push(makeLayer(blockCnf.block, "block", blockCnf, sdProb, normLayer));
        stageBlockId++;
      }
      layers.push(new Sequential(...stage));
    }
    // building last several layers
    const lastconvInputChannels = setting[setting.length - 1].outChannels;
    const lastconvOutputChannels = lastChannel !== null ? lastChannel : 4 * lastconvInputChannels;
    layers.push(new Conv2dNormActivation(lastconvInputChannels, lastconvOutputChannels, { kernelSize: 1, normLayer, activationLayer: SiLU }));
    this.features = new Sequential(...layers);
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.classifier = new Sequential(new Dropout({ p: dropout, inplace: true }), new Linear(lastconvOutputChannels, numClasses));

    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaimingNormal_(m.weight, { mode: "fan_out" });
        if (m.bias !== null) init.zeros_(m.bias);
      } else if (m instanceof BatchNorm2d || m instanceof GroupNorm) {
        init.ones_(m.weight!);
        init.zeros_(m.bias!);
      } else if (m instanceof Linear) {
        const initRange = 1.0 / Math.sqrt(m.outFeatures);
        init.uniform_(m.weight, -initRange, initRange);
        init.zeros_(m.bias!);
      }
    }
  }

  _forwardImpl(x: Tensor): Tensor {
    x = this.features(x);
    x = this.avgpool(x);
    x = x.flatten(1);
    return this.classifier(x);
  }
  forward(x: Tensor): Tensor {
    return this._forwardImpl(x);
  }
}

/** torchvision's _efficientnet_conf(arch, width_mult, depth_mult): [invertedResidualSetting, lastChannel]. */
export function _efficientnetConf(arch: string, options: { widthMult?: number; depthMult?: number } = {}): [_MBConvConfig[], number | null] {
  if (arch.startsWith("efficientnet_b")) {
    const w = options.widthMult, d = options.depthMult;
    const bneck = (e: number, k: number, s: number, i: number, o: number, n: number) => new MBConvConfig(e, k, s, i, o, n, { widthMult: w, depthMult: d });
    return [[
      bneck(1, 3, 1, 32, 16, 1),
      bneck(6, 3, 2, 16, 24, 2),
      bneck(6, 5, 2, 24, 40, 2),
      bneck(6, 3, 2, 40, 80, 3),
      bneck(6, 5, 1, 80, 112, 3),
      bneck(6, 5, 2, 112, 192, 4),
      bneck(6, 3, 1, 192, 320, 1),
    ], null];
  }
  const M = (e: number, k: number, s: number, i: number, o: number, n: number) => new MBConvConfig(e, k, s, i, o, n);
  const Fu = (e: number, k: number, s: number, i: number, o: number, n: number) => new FusedMBConvConfig(e, k, s, i, o, n);
  if (arch.startsWith("efficientnet_v2_s"))
    return [[Fu(1, 3, 1, 24, 24, 2), Fu(4, 3, 2, 24, 48, 4), Fu(4, 3, 2, 48, 64, 4), M(4, 3, 2, 64, 128, 6), M(6, 3, 1, 128, 160, 9),
      M(6, 3, 2, 160, 256, 15)], 1280];
  if (arch.startsWith("efficientnet_v2_m"))
    return [[Fu(1, 3, 1, 24, 24, 3), Fu(4, 3, 2, 24, 48, 5), Fu(4, 3, 2, 48, 80, 5), M(4, 3, 2, 80, 160, 7), M(6, 3, 1, 160, 176, 14),
      M(6, 3, 2, 176, 304, 18), M(6, 3, 1, 304, 512, 5)], 1280];
  if (arch.startsWith("efficientnet_v2_l"))
    return [[Fu(1, 3, 1, 32, 32, 4), Fu(4, 3, 2, 32, 64, 7), Fu(4, 3, 2, 64, 96, 7), M(4, 3, 2, 96, 192, 10), M(6, 3, 1, 192, 224, 19),
      M(6, 3, 2, 224, 384, 25), M(6, 3, 1, 384, 640, 7)], 1280];
  throw new RangeError(`Unsupported model type ${arch}`);
}

/** The builders' options: EfficientNet's (dropout defaults per variant; B5-B7 and V2 fix normLayer). */
export interface EfficientNetBuilderOptions {
  dropout?: number;
  stochasticDepthProb?: number;
  numClasses?: number;
  /** B0-B4 only (B5-B7 fix it to BatchNorm2d(eps=0.001, momentum=0.01), V2 to BatchNorm2d(eps=1e-3)) */
  normLayer?: LayerFactory | null;
}

const bnB5 = (n: number) => new BatchNorm2d(n, { eps: 0.001, momentum: 0.01 });
const bnV2 = (n: number) => new BatchNorm2d(n, { eps: 1e-3 });

type V1 = "IMAGENET1K_V1";
type V12 = "IMAGENET1K_V1" | "IMAGENET1K_V2";
export const EfficientNet_B0_Weights = weightsEnumFromMeta<V1>("EfficientNet_B0_Weights");
export const EfficientNet_B1_Weights = weightsEnumFromMeta<V12>("EfficientNet_B1_Weights");
export const EfficientNet_B2_Weights = weightsEnumFromMeta<V1>("EfficientNet_B2_Weights");
export const EfficientNet_B3_Weights = weightsEnumFromMeta<V1>("EfficientNet_B3_Weights");
export const EfficientNet_B4_Weights = weightsEnumFromMeta<V1>("EfficientNet_B4_Weights");
export const EfficientNet_B5_Weights = weightsEnumFromMeta<V1>("EfficientNet_B5_Weights");
export const EfficientNet_B6_Weights = weightsEnumFromMeta<V1>("EfficientNet_B6_Weights");
export const EfficientNet_B7_Weights = weightsEnumFromMeta<V1>("EfficientNet_B7_Weights");
export const EfficientNet_V2_S_Weights = weightsEnumFromMeta<V1>("EfficientNet_V2_S_Weights");
export const EfficientNet_V2_M_Weights = weightsEnumFromMeta<V1>("EfficientNet_V2_M_Weights");
export const EfficientNet_V2_L_Weights = weightsEnumFromMeta<V1>("EfficientNet_V2_L_Weights");

interface Variant { width?: number; depth?: number; dropout: number; norm?: LayerFactory }

function efficientnetBuilder(arch: string, weightsEnum: WeightsEnumClass, v: Variant): Builder<EfficientNetBuilderOptions, EfficientNet> {
  return makeBuilder(arch, weightsEnum, (kwargs) => {
    const [setting, lastChannel] = _efficientnetConf(arch, { widthMult: v.width, depthMult: v.depth });
    const dropout = pop(kwargs, "dropout", v.dropout);
    rejectFixed("_efficientnet", kwargs, { invertedResidualSetting: "inverted_residual_setting", lastChannel: "last_channel" });
    if (v.norm !== undefined) {
      rejectFixed("_efficientnet", kwargs, { normLayer: "norm_layer" });
      kwargs.normLayer = v.norm;
    }
    return new EfficientNet(setting, dropout, { ...kwargs, lastChannel });
  });
}

/** efficientnetB0({ weights = null, progress = true, dropout = 0.2, stochasticDepthProb = 0.2, numClasses, normLayer }): torchvision.models.efficientnet_b0 */
export const efficientnetB0 = efficientnetBuilder("efficientnet_b0", EfficientNet_B0_Weights, { width: 1.0, depth: 1.0, dropout: 0.2 });
/** efficientnetB1({ weights, progress, ... }): torchvision.models.efficientnet_b1 (width 1.0, depth 1.1, dropout 0.2) */
export const efficientnetB1 = efficientnetBuilder("efficientnet_b1", EfficientNet_B1_Weights, { width: 1.0, depth: 1.1, dropout: 0.2 });
/** efficientnetB2({ weights, progress, ... }): torchvision.models.efficientnet_b2 (width 1.1, depth 1.2, dropout 0.3) */
export const efficientnetB2 = efficientnetBuilder("efficientnet_b2", EfficientNet_B2_Weights, { width: 1.1, depth: 1.2, dropout: 0.3 });
/** efficientnetB3({ weights, progress, ... }): torchvision.models.efficientnet_b3 (width 1.2, depth 1.4, dropout 0.3) */
export const efficientnetB3 = efficientnetBuilder("efficientnet_b3", EfficientNet_B3_Weights, { width: 1.2, depth: 1.4, dropout: 0.3 });
/** efficientnetB4({ weights, progress, ... }): torchvision.models.efficientnet_b4 (width 1.4, depth 1.8, dropout 0.4) */
export const efficientnetB4 = efficientnetBuilder("efficientnet_b4", EfficientNet_B4_Weights, { width: 1.4, depth: 1.8, dropout: 0.4 });
/** efficientnetB5({ weights, progress, ... }): torchvision.models.efficientnet_b5 (width 1.6, depth 2.2, dropout 0.4, BatchNorm2d eps 0.001 momentum 0.01) */
export const efficientnetB5 = efficientnetBuilder("efficientnet_b5", EfficientNet_B5_Weights, { width: 1.6, depth: 2.2, dropout: 0.4, norm: bnB5 });
/** efficientnetB6({ weights, progress, ... }): torchvision.models.efficientnet_b6 (width 1.8, depth 2.6, dropout 0.5) */
export const efficientnetB6 = efficientnetBuilder("efficientnet_b6", EfficientNet_B6_Weights, { width: 1.8, depth: 2.6, dropout: 0.5, norm: bnB5 });
/** efficientnetB7({ weights, progress, ... }): torchvision.models.efficientnet_b7 (width 2.0, depth 3.1, dropout 0.5) */
export const efficientnetB7 = efficientnetBuilder("efficientnet_b7", EfficientNet_B7_Weights, { width: 2.0, depth: 3.1, dropout: 0.5, norm: bnB5 });
/** efficientnetV2S({ weights, progress, ... }): torchvision.models.efficientnet_v2_s (dropout 0.2, BatchNorm2d eps 1e-3) */
export const efficientnetV2S = efficientnetBuilder("efficientnet_v2_s", EfficientNet_V2_S_Weights, { dropout: 0.2, norm: bnV2 });
/** efficientnetV2M({ weights, progress, ... }): torchvision.models.efficientnet_v2_m (dropout 0.3) */
export const efficientnetV2M = efficientnetBuilder("efficientnet_v2_m", EfficientNet_V2_M_Weights, { dropout: 0.3, norm: bnV2 });
/** efficientnetV2L({ weights, progress, ... }): torchvision.models.efficientnet_v2_l (dropout 0.4) */
export const efficientnetV2L = efficientnetBuilder("efficientnet_v2_l", EfficientNet_V2_L_Weights, { dropout: 0.4, norm: bnV2 });
