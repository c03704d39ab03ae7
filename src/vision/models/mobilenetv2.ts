// torchvision.models.mobilenetv2: MobileNetV2 ("MobileNetV2: Inverted Residuals and Linear Bottlenecks",
// https://arxiv.org/abs/1801.04381) with torchvision's module names, state_dict keys and initialisation.
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d, Dropout } from "../../nn/layers";
import { GroupNorm } from "../../nn/normalization";
import { Linear } from "../../nn/linear";
import { ReLU6 } from "../../nn/activation";
import * as F from "../../nn/functional";
import * as init from "../../nn/init";
import { bind } from "../../args";
import { describe } from "../../device";
import { Conv2dNormActivation } from "../ops/misc";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass } from "./_api";
import { _makeDivisible, LayerFactory, makeLayer, checkCount, checkPositive, checkProb, checkMult } from "./_utils";

/**
 * InvertedResidual(inp, oup, stride, expandRatio, normLayer = nn.BatchNorm2d): MobileNetV2's block
 * (1x1 expansion, 3x3 depthwise, 1x1 linear projection; a residual connection when stride is 1 and
 * inp == oup). torchvision.models.mobilenetv2.InvertedResidual.
 */
export class InvertedResidual extends Module {
  declare readonly stride: number;
  declare readonly useResConnect: boolean;
  declare readonly outChannels: number;
  declare readonly _isCn: boolean;
  declare conv: Sequential;

  constructor(inp: number | { inp: number; oup: number; stride: number; expandRatio: number; normLayer?: LayerFactory | null },
    oup?: number, stride?: number, expandRatio?: number | { expandRatio?: number; normLayer?: LayerFactory | null },
    normLayer?: LayerFactory | null | { normLayer?: LayerFactory | null });
  constructor(...args: unknown[]) {
    super();
    const [inp0, oup0, stride0, t0, norm0 = null] = bind("InvertedResidual", ["inp", "oup", "stride", "expandRatio", "normLayer"], args);
    const inp = checkPositive("InvertedResidual", inp0, "inp");
    const oup = checkPositive("InvertedResidual", oup0, "oup");
    if (stride0 !== 1 && stride0 !== 2) throw new RangeError(`stride should be 1 or 2 instead of ${String(stride0)}`);
    const stride = stride0;
    this.stride = stride;
    if (typeof t0 !== "number") throw new TypeError(`InvertedResidual(): argument 'expand_ratio' must be int, not ${describe(t0)}`);
    const expandRatio = t0;
    const normLayer = norm0 === null ? BatchNorm2d : norm0;
    const hiddenDim = pyRound(inp * expandRatio);
    this.useResConnect = this.stride === 1 && inp === oup;
    const layers: Module[] = [];
    if (expandRatio !== 1)
      // pw
      layers.push(new Conv2dNormActivation(inp, hiddenDim, { kernelSize: 1, normLayer: normLayer as LayerFactory, activationLayer: ReLU6 }));
    layers.push(
      // dw
      new Conv2dNormActivation(hiddenDim, hiddenDim, { stride, groups: hiddenDim, normLayer: normLayer as LayerFactory, activationLayer: ReLU6 }),
      // pw-linear
      new Conv2d(hiddenDim, oup, 1, 1, 0, { bias: false }),
      makeLayer(normLayer, "norm_layer", oup),
    );
    this.conv = new Sequential(...layers);
    this.outChannels = oup;
    this._isCn = stride > 1;
  }

  forward(x: Tensor): Tensor {
    if (this.useResConnect) return x.add(this.conv(x) as Tensor);
    return this.conv(x) as Tensor;
  }
}

/** Python's round(x) (half to even) as int. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export interface MobileNetV2Options {
  numClasses?: number;
  widthMult?: number;
  invertedResidualSetting?: number[][] | null;
  roundNearest?: number;
  /** the inverted residual block: a Module class or a function, called as block(inp, oup, stride, { expandRatio, normLayer }) */
  block?: LayerFactory | null;
  normLayer?: LayerFactory | null;
  dropout?: number;
}

const V2_NAMES = ["numClasses", "widthMult", "invertedResidualSetting", "roundNearest", "block", "normLayer", "dropout"];

/**
 * MobileNetV2(numClasses = 1000, widthMult = 1.0, invertedResidualSetting = null, roundNearest = 8,
 * block = null, normLayer = null, dropout = 0.2): torchvision.models.MobileNetV2 (`features`, `classifier`).
 */
export class MobileNetV2 extends Module {
  declare readonly lastChannel: number;
  declare features: Sequential;
  declare classifier: Sequential;

  constructor(numClasses?: number | MobileNetV2Options, ...rest: (number | number[][] | LayerFactory | null | MobileNetV2Options)[]);
  constructor(...args: unknown[]) {
    super();
    const [nc = 1000, wm = 1.0, setting0 = null, rn = 8, block0 = null, norm0 = null, dropout0 = 0.2] = bind("MobileNetV2", V2_NAMES, args);
    const numClasses = checkCount("MobileNetV2", nc, "num_classes");
    const widthMult = checkMult("MobileNetV2", wm, "width_mult");
    const roundNearest = checkPositive("MobileNetV2", rn, "round_nearest");
    const dropout = checkProb("MobileNetV2", dropout0, "dropout");
    const block = block0 === null ? InvertedResidual : block0;
    const normLayer = norm0 === null ? BatchNorm2d : norm0;
    let inputChannel = 32;
    const lastChannel = 1280;
    const setting = (setting0 ?? [
      // t, c, n, s
      [1, 16, 1, 1],
      [6, 24, 2, 2],
      [6, 32, 3, 2],
      [6, 64, 4, 2],
      [6, 96, 3, 1],
      [6, 160, 3, 2],
      [6, 320, 1, 1],
    ]) as number[][];
    // only check the first element, assuming user knows t,c,n,s are required
    if (!Array.isArray(setting) || setting.length === 0 || !Array.isArray(setting[0]) || setting[0].length !== 4)
      throw new RangeError(`inverted_residual_setting should be non-empty or a 4-element list, got ${JSON.stringify(setting).replace(/,/g, ", ")}`);

    // building first layer
    inputChannel = _makeDivisible(inputChannel * widthMult, roundNearest);
    this.lastChannel = _makeDivisible(lastChannel * Math.max(1.0, widthMult), roundNearest);
    const features: Module[] = [
      new Conv2dNormActivation(3, inputChannel, { stride: 2, normLayer: normLayer as LayerFactory, activationLayer: ReLU6 }),
    ];
    // building inverted residual blocks
    for (const [t, c, n, s] of setting) {
      const outputChannel = _makeDivisible(c * widthMult, roundNearest);
      for (let i = 0; i < n; i++) {
        const stride = i === 0 ? s : 1;
        features.push(makeLayer(block, "block", inputChannel, outputChannel, stride, { expandRatio: t, normLayer }));
        inputChannel = outputChannel;
      }
    }
    // building last several layers
    features.push(new Conv2dNormActivation(inputChannel, this.lastChannel, { kernelSize: 1, normLayer: normLayer as LayerFactory, activationLayer: ReLU6 }));
    this.features = new Sequential(...features);
    // building classifier
    this.classifier = new Sequential(new Dropout({ p: dropout }), new Linear(this.lastChannel, numClasses));

    // weight initialization
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
    // Cannot use "squeeze" as batch-size can be 1
    x = F.adaptiveAvgPool2d(x, [1, 1]);
    x = x.flatten(1);
    return this.classifier(x);
  }

  forward(x: Tensor): Tensor {
    return this._forwardImpl(x);
  }

}

export const MobileNet_V2_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_V2">("MobileNet_V2_Weights");

/**
 * mobilenetV2({ weights = null, progress = true, ...MobileNetV2 options }): torchvision.models.mobilenet_v2.
 * `weights`: MobileNet_V2_Weights.IMAGENET1K_V1 / IMAGENET1K_V2 (DEFAULT), their names, or a checkpoint path.
 */
export const mobilenetV2: Builder<MobileNetV2Options, MobileNetV2> =
  makeBuilder("mobilenet_v2", MobileNet_V2_Weights, (kwargs) => new MobileNetV2(kwargs as MobileNetV2Options));

/** Python's module torchvision.models.mobilenetv2 (its InvertedResidual shares a name with mobilenetv3's). */
export const mobilenetv2 = { InvertedResidual, MobileNetV2, mobilenetV2 };
