// torchvision.models.mobilenetv3: MobileNetV3 small and large ("Searching for MobileNetV3",
// https://arxiv.org/abs/1905.02244) with torchvision's module names, state_dict keys and initialisation.
//
// torchvision.models.mobilenetv3.InvertedResidual has the same name as mobilenetv2's block; `models`
// exports MobileNetV2's under that name, and this one as InvertedResidualV3 and as
// `models.mobilenetv3.InvertedResidual` (Python's module path).
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d, Dropout } from "../../nn/layers";
import { GroupNorm } from "../../nn/normalization";
import { AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Hardsigmoid, Hardswish, ReLU } from "../../nn/activation";
import * as init from "../../nn/init";
import { bind, Options } from "../../args";
import { describe } from "../../device";
import { Conv2dNormActivation, SqueezeExcitation } from "../ops/misc";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass } from "./_api";
import { _makeDivisible, LayerFactory, makeLayer, checkCount, checkPositive, checkProb, checkMult } from "./_utils";

/**
 * InvertedResidualConfig(inputChannels, kernel, expandedChannels, outChannels, useSe, activation, stride,
 * dilation, widthMult): one row of the MobileNetV3 paper's Tables 1 and 2 ("RE" or "HS" activation).
 */
export class InvertedResidualConfig {
  inputChannels: number;
  kernel: number;
  expandedChannels: number;
  outChannels: number;
  useSe: boolean;
  useHs: boolean;
  stride: number;
  dilation: number;
  constructor(inputChannels: number | Options, kernel?: number, expandedChannels?: number, outChannels?: number, useSe?: boolean,
    activation?: string, stride?: number, dilation?: number, widthMult?: number | Options);
  constructor(...args: unknown[]) {
    const fn = "InvertedResidualConfig";
    const [ic, k, ec, oc, se, act, stride, dilation, wm] =
      bind(fn, ["inputChannels", "kernel", "expandedChannels", "outChannels", "useSe", "activation", "stride", "dilation", "widthMult"], args);
    for (const [v, n] of [[ic, "input_channels"], [k, "kernel"], [ec, "expanded_channels"], [oc, "out_channels"], [stride, "stride"], [dilation, "dilation"]] as const)
      checkPositive(fn, v, n);
    const widthMult = checkMult(fn, wm, "width_mult");
    this.inputChannels = InvertedResidualConfig.adjustChannels(ic as number, widthMult);
    this.kernel = k as number;
    this.expandedChannels = InvertedResidualConfig.adjustChannels(ec as number, widthMult);
    this.outChannels = InvertedResidualConfig.adjustChannels(oc as number, widthMult);
    this.useSe = Boolean(se);
    this.useHs = act === "HS";
    this.stride = stride as number;
    this.dilation = dilation as number;
  }
  static adjustChannels(channels: number, widthMult: number): number {
    return _makeDivisible(channels * widthMult, 8);
  }
}

/** torchvision's default se_layer: partial(SqueezeExcitation, scale_activation=nn.Hardsigmoid). */
const seLayerDefault = (inputChannels: number, squeezeChannels: number) =>
  new SqueezeExcitation(inputChannels, squeezeChannels, { scaleActivation: Hardsigmoid });

/**
 * InvertedResidual(cnf, normLayer, seLayer = SqueezeExcitation with Hardsigmoid): MobileNetV3's block
 * (torchvision.models.mobilenetv3.InvertedResidual; `block`, a residual add when stride 1 and in == out).
 */
class InvertedResidual extends Module {
  declare readonly useResConnect: boolean;
  declare readonly outChannels: number;
  declare readonly _isCn: boolean;
  declare block: Sequential;
  constructor(cnf: InvertedResidualConfig | { cnf: InvertedResidualConfig; normLayer: LayerFactory; seLayer?: LayerFactory },
    normLayer?: LayerFactory | { normLayer?: LayerFactory; seLayer?: LayerFactory }, seLayer?: LayerFactory | { seLayer?: LayerFactory });
  constructor(...args: unknown[]) {
    super();
    const [c, normLayer, seLayer = seLayerDefault] = bind("InvertedResidual", ["cnf", "normLayer", "seLayer"], args);
    if (!(c instanceof InvertedResidualConfig)) throw new TypeError(`InvertedResidual(): argument 'cnf' must be InvertedResidualConfig, not ${describe(c)}`);
    const cnf = c;
    if (!(1 <= cnf.stride && cnf.stride <= 2)) throw new RangeError("illegal stride value");
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: Module[] = [];
    const activationLayer = cnf.useHs ? Hardswish : ReLU;
    const norm = normLayer as LayerFactory;
    // expand
    if (cnf.expandedChannels !== cnf.inputChannels)
      layers.push(new Conv2dNormActivation(cnf.inputChannels, cnf.expandedChannels, { kernelSize: 1, normLayer: norm, activationLayer }));
    // depthwise
    const stride = cnf.dilation > 1 ? 1 : cnf.stride;
    layers.push(new Conv2dNormActivation(cnf.expandedChannels, cnf.expandedChannels, {
      kernelSize: cnf.kernel, stride, dilation: cnf.dilation, groups: cnf.expandedChannels, normLayer: norm, activationLayer,
    }));
    if (cnf.useSe) {
      const squeezeChannels = _makeDivisible(Math.floor(cnf.expandedChannels / 4), 8);
      layers.push(makeLayer(seLayer, "se_layer", cnf.expandedChannels, squeezeChannels));
    }
    // project
    layers.push(new Conv2dNormActivation(cnf.expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer: norm, activationLayer: null }));
    this.block = new Sequential(...layers);
    this.outChannels = cnf.outChannels;
    this._isCn = cnf.stride > 1;
  }
  forward(input: Tensor): Tensor {
    const result = this.block(input) as Tensor;
    if (this.useResConnect) result.add_(input);
    return result;
  }
}
export { InvertedResidual as InvertedResidualV3 };

export interface MobileNetV3Options {
  invertedResidualSetting?: InvertedResidualConfig[];
  lastChannel?: number;
  numClasses?: number;
  /** the block: a Module class or a function, called as block(cnf, normLayer) */
  block?: LayerFactory | null;
  normLayer?: LayerFactory | null;
  dropout?: number;
  [other: string]: unknown;
}

/** torchvision's default norm_layer: partial(nn.BatchNorm2d, eps=0.001, momentum=0.01). */
const bnDefault = (numFeatures: number) => new BatchNorm2d(numFeatures, { eps: 0.001, momentum: 0.01 });

/**
 * MobileNetV3(invertedResidualSetting, lastChannel, numClasses = 1000, block = null, normLayer = null,
 * dropout = 0.2, ...kwargs): torchvision.models.MobileNetV3 (`features`, `avgpool`, `classifier`).
 * Other options are accepted and ignored, as Python's **kwargs (the builders pass widthMult & co. through).
 */
export class MobileNetV3 extends Module {
  declare features: Sequential;
  declare avgpool: AdaptiveAvgPool2d;
  declare classifier: Sequential;

  constructor(invertedResidualSetting: InvertedResidualConfig[] | MobileNetV3Options, lastChannel?: number | MobileNetV3Options,
    ...rest: (number | LayerFactory | null | MobileNetV3Options)[]);
  constructor(...args: unknown[]) {
    super();
    const names = ["invertedResidualSetting", "lastChannel", "numClasses", "block", "normLayer", "dropout"];
    // Python's **kwargs: unknown options are accepted (and ignored)
    const last = args[args.length - 1];
    if (args.length > 0 && last !== null && typeof last === "object" && !Array.isArray(last) && Object.getPrototypeOf(last) === Object.prototype) {
      const known: Options = {};
      for (const [k, v] of Object.entries(last as Options)) if (names.includes(k)) known[k] = v;
      args = [...args.slice(0, -1), known];
    }
    const [setting0, lc, nc = 1000, block0 = null, norm0 = null, dropout0 = 0.2] = bind("MobileNetV3", names, args);
    if (setting0 === undefined || setting0 === null || (Array.isArray(setting0) && setting0.length === 0))
      throw new RangeError("The inverted_residual_setting should not be empty");
    if (!Array.isArray(setting0) || !setting0.every((s) => s instanceof InvertedResidualConfig))
      throw new TypeError("The inverted_residual_setting should be List[InvertedResidualConfig]");
    const setting = setting0 as InvertedResidualConfig[];
    const lastChannel = checkPositive("MobileNetV3", lc, "last_channel");
    const numClasses = checkCount("MobileNetV3", nc, "num_classes");
    const dropout = checkProb("MobileNetV3", dropout0, "dropout");
    const block = block0 === null ? InvertedResidual : block0;
    const normLayer = (norm0 === null ? bnDefault : norm0) as LayerFactory;

    const layers: Module[] = [];
    // building first layer
    const firstconvOutputChannels = setting[0].inputChannels;
    layers.push(new Conv2dNormActivation(3, firstconvOutputChannels, { kernelSize: 3, stride: 2, normLayer, activationLayer: Hardswish }));
    // building inverted residual blocks
    for (const cnf of setting) layers.push(makeLayer(block, "block", cnf, normLayer));
    // building last several layers
    const lastconvInputChannels = setting[setting.length - 1].outChannels;
    const lastconvOutputChannels = 6 * lastconvInputChannels;
    layers.push(new Conv2dNormActivation(lastconvInputChannels, lastconvOutputChannels, { kernelSize: 1, normLayer, activationLayer: Hardswish }));
    this.features = new Sequential(...layers);
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.classifier = new Sequential(
      new Linear(lastconvOutputChannels, lastChannel),
      new Hardswish({ inplace: true }),
      new Dropout({ p: dropout, inplace: true }),
      new Linear(lastChannel, numClasses),
    );

    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaimingNormal_(m.weight, { mode: "fan_out" });
        if (m.bias !== null) init.zeros_(m.bias);
      } else if (m instanceof BatchNorm2d || m instanceof GroupNorm) {
        init.ones_(m.weight!);
        init.zeros_(m.bias!);
      } else if (m instanceof Linear) {
        init.normal_(m.weight, 0, 0.01);
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

/**
 * torchvision's _mobilenet_v3_conf(arch, width_mult=1.0, reduced_tail=False, dilated=False):
 * [invertedResidualSetting, lastChannel] of "mobilenet_v3_large" or "mobilenet_v3_small".
 */
export function _mobilenetV3Conf(arch: string, options: { widthMult?: number; reducedTail?: boolean; dilated?: boolean } = {}): [InvertedResidualConfig[], number] {
  const widthMult = options.widthMult ?? 1.0;
  const reduceDivider = options.reducedTail ? 2 : 1;
  const dilation = options.dilated ? 2 : 1;
  const bneck = (i: number, k: number, e: number, o: number, se: boolean, act: string, s: number, d: number) =>
    new InvertedResidualConfig(i, k, e, o, se, act, s, d, widthMult);
  const adjust = (c: number) => InvertedResidualConfig.adjustChannels(c, widthMult);
  const rd = (c: number) => Math.floor(c / reduceDivider);
  if (arch === "mobilenet_v3_large") {
    return [[
      bneck(16, 3, 16, 16, false, "RE", 1, 1),
      bneck(16, 3, 64, 24, false, "RE", 2, 1), // C1
      bneck(24, 3, 72, 24, false, "RE", 1, 1),
      bneck(24, 5, 72, 40, true, "RE", 2, 1), // C2
      bneck(40, 5, 120, 40, true, "RE", 1, 1),
      bneck(40, 5, 120, 40, true, "RE", 1, 1),
      bneck(40, 3, 240, 80, false, "HS", 2, 1), // C3
      bneck(80, 3, 200, 80, false, "HS", 1, 1),
      bneck(80, 3, 184, 80, false, "HS", 1, 1),
      bneck(80, 3, 184, 80, false, "HS", 1, 1),
      bneck(80, 3, 480, 112, true, "HS", 1, 1),
      bneck(112, 3, 672, 112, true, "HS", 1, 1),
      bneck(112, 5, 672, rd(160), true, "HS", 2, dilation), // C4
      bneck(rd(160), 5, rd(960), rd(160), true, "HS", 1, dilation),
      bneck(rd(160), 5, rd(960), rd(160), true, "HS", 1, dilation),
    ], adjust(rd(1280))]; // C5
  }
  if (arch === "mobilenet_v3_small") {
    return [[
      bneck(16, 3, 16, 16, true, "RE", 2, 1), // C1
      bneck(16, 3, 72, 24, false, "RE", 2, 1), // C2
      bneck(24, 3, 88, 24, false, "RE", 1, 1),
      bneck(24, 5, 96, 40, true, "HS", 2, 1), // C3
      bneck(40, 5, 240, 40, true, "HS", 1, 1),
      bneck(40, 5, 240, 40, true, "HS", 1, 1),
      bneck(40, 5, 120, 48, true, "HS", 1, 1),
      bneck(48, 5, 144, 48, true, "HS", 1, 1),
      bneck(48, 5, 288, rd(96), true, "HS", 2, dilation), // C4
      bneck(rd(96), 5, rd(576), rd(96), true, "HS", 1, dilation),
      bneck(rd(96), 5, rd(576), rd(96), true, "HS", 1, dilation),
    ], adjust(rd(1024))]; // C5
  }
  throw new RangeError(`Unsupported model type ${arch}`);
}

/** The builders' options: MobileNetV3's, and _mobilenet_v3_conf's widthMult, reducedTail, dilated. */
export interface MobileNetV3BuilderOptions {
  widthMult?: number;
  reducedTail?: boolean;
  dilated?: boolean;
  numClasses?: number;
  block?: LayerFactory | null;
  normLayer?: LayerFactory | null;
  dropout?: number;
  [other: string]: unknown;
}

export const MobileNet_V3_Large_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("MobileNet_V3_Large_Weights");
export const MobileNet_V3_Small_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("MobileNet_V3_Small_Weights");

function mobilenetV3Builder(arch: string, weightsEnum: WeightsEnumClass): Builder<MobileNetV3BuilderOptions, MobileNetV3> {
  return makeBuilder(arch, weightsEnum, (kwargs) => {
    const [setting, lastChannel] = _mobilenetV3Conf(arch, kwargs as { widthMult?: number; reducedTail?: boolean; dilated?: boolean });
    return new MobileNetV3(setting, lastChannel, kwargs);
  });
}

/**
 * mobilenetV3Large({ weights = null, progress = true, widthMult, reducedTail, dilated, numClasses, ... }):
 * torchvision.models.mobilenet_v3_large (weights: MobileNet_V3_Large_Weights.IMAGENET1K_V1 / IMAGENET1K_V2).
 */
export const mobilenetV3Large = mobilenetV3Builder("mobilenet_v3_large", MobileNet_V3_Large_Weights);
/**
 * mobilenetV3Small({ weights = null, progress = true, widthMult, reducedTail, dilated, numClasses, ... }):
 * torchvision.models.mobilenet_v3_small (weights: MobileNet_V3_Small_Weights.IMAGENET1K_V1).
 */
export const mobilenetV3Small = mobilenetV3Builder("mobilenet_v3_small", MobileNet_V3_Small_Weights);

/** Python's module torchvision.models.mobilenetv3 (its InvertedResidual shares a name with mobilenetv2's). */
export const mobilenetv3 = {
  InvertedResidual, InvertedResidualConfig, MobileNetV3, mobilenetV3Large, mobilenetV3Small,
};
