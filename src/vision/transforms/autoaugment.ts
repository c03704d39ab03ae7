// torchvision.transforms.autoaugment: AutoAugment (IMAGENET, CIFAR10, SVHN policies),
// RandAugment, TrivialAugmentWide and AugMix on uint8 (or float) [..., C, H, W] tensors.
// A port of torchvision/transforms/autoaugment.py: the same op tables, magnitudes and
// torch draws in the same order, so torch.manualSeed(s) gives Python's augmentation.
// The geometric ops (ShearX/Y, TranslateX/Y, Rotate) call transforms.functional's
// affine and rotate (functional_geometry.ts).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { native } from "../../native";
import { opId } from "../../dispatch";
import { Module } from "../../nn/module";
import { describe } from "../../device";
import type { PyArgs } from "../../args";
import { pyFloat } from "../../nn/repr";
import { getDimensions } from "./_image";
import { InterpolationMode, toInterpolationMode } from "./interpolation";
import * as C from "./functional_color";
import { bindArgs, intArg, numArg } from "./color_util";
import { affine, rotate } from "./functional_geometry";

/** AutoAugmentPolicy: the policies learned on ImageNet, CIFAR10 and SVHN (torchvision's enum values). */
export const AutoAugmentPolicy = Object.freeze({ IMAGENET: "imagenet", CIFAR10: "cifar10", SVHN: "svhn" } as const);
export type AutoAugmentPolicy = (typeof AutoAugmentPolicy)[keyof typeof AutoAugmentPolicy];

type Fill = number | number[] | null;

/** Python's repr of an enum member: `InterpolationMode.NEAREST`. */
function interpRepr(mode: InterpolationMode): string {
  const key = Object.entries(InterpolationMode).find(([, v]) => v === mode)?.[0] ?? String(mode);
  return `InterpolationMode.${key}`;
}
function fillRepr(fill: Fill): string {
  if (fill === null) return "None";
  return Array.isArray(fill) ? `[${fill.join(", ")}]` : String(fill);
}

function checkFill(cls: string, fill: unknown): Fill {
  if (fill === null || fill === undefined) return null;
  if (typeof fill === "number") return fill;
  if (Array.isArray(fill) && fill.every((x) => typeof x === "number")) return fill as number[];
  throw new TypeError(`${cls}(): argument 'fill' must be a number, a sequence of numbers or None, not ${describe(fill)}`);
}

/** forward's fill: a number becomes one float per channel (torchvision's tensor branch). */
function fillFor(fill: Fill, channels: number): number[] | null {
  if (typeof fill === "number") return new Array<number>(channels).fill(fill);
  if (fill === null) return null;
  return [...fill];
}

const degrees = (rad: number) => (rad * 180) / Math.PI;

/**
 * _apply_op(img, opName, magnitude, interpolation, fill): one augmentation op as torchvision's
 * autoaugment applies it.
 */
function applyOp(img: Tensor, opName: string, magnitude: number, interpolation: InterpolationMode, fill: number[] | null): Tensor {
  switch (opName) {
    case "ShearX":
      return affine(img, { angle: 0.0, translate: [0, 0], scale: 1.0, shear: [degrees(Math.atan(magnitude)), 0.0], interpolation, fill, center: [0, 0] });
    case "ShearY":
      return affine(img, { angle: 0.0, translate: [0, 0], scale: 1.0, shear: [0.0, degrees(Math.atan(magnitude))], interpolation, fill, center: [0, 0] });
    case "TranslateX":
      return affine(img, { angle: 0.0, translate: [Math.trunc(magnitude), 0], scale: 1.0, interpolation, shear: [0.0, 0.0], fill });
    case "TranslateY":
      return affine(img, { angle: 0.0, translate: [0, Math.trunc(magnitude)], scale: 1.0, interpolation, shear: [0.0, 0.0], fill });
    case "Rotate":
      return rotate(img, magnitude, { interpolation, fill });
    case "Brightness":
      return C.adjustBrightness(img, 1.0 + magnitude);
    case "Color":
      return C.adjustSaturation(img, 1.0 + magnitude);
    case "Contrast":
      return C.adjustContrast(img, 1.0 + magnitude);
    case "Sharpness":
      return C.adjustSharpness(img, 1.0 + magnitude);
    case "Posterize":
      return C.posterize(img, Math.trunc(magnitude));
    case "Solarize":
      return C.solarize(img, magnitude);
    case "AutoContrast":
      return C.autocontrast(img);
    case "Equalize":
      return C.equalize(img);
    case "Invert":
      return C.invert(img);
    case "Identity":
      return img;
    default:
      throw new RangeError(`The provided operator ${opName} is not recognized.`);
  }
}

/** op name -> [magnitudes (a tensor; 0-d for ops without magnitude), signed] in torchvision's insertion order. */
type OpMeta = [string, [Tensor, boolean]][];

const lin = (a: number, b: number, n: number) => torch.linspace(a, b, n);
const none = () => torch.tensor(0.0, { dtype: dt.float32 });
/** `top - (torch.arange(num_bins) / ((num_bins - 1) / div)).round().int()` */
function posterizeBins(top: number, numBins: number, div: number): Tensor {
  return torch.rsub(torch.arange(numBins).div((numBins - 1) / div).round().to(dt.int32), top);
}

function magnitudeAt(m: Tensor, i: number | Tensor): number {
  return Number(m.index(i).item());
}

// ---------------------------------------------------------------- AutoAugment

type PolicyOp = [string, number, number | null];
const POLICIES: Record<AutoAugmentPolicy, [PolicyOp, PolicyOp][]> = {
  imagenet: [
    [["Posterize", 0.4, 8], ["Rotate", 0.6, 9]], [["Solarize", 0.6, 5], ["AutoContrast", 0.6, null]],
    [["Equalize", 0.8, null], ["Equalize", 0.6, null]], [["Posterize", 0.6, 7], ["Posterize", 0.6, 6]],
    [["Equalize", 0.4, null], ["Solarize", 0.2, 4]], [["Equalize", 0.4, null], ["Rotate", 0.8, 8]],
    [["Solarize", 0.6, 3], ["Equalize", 0.6, null]], [["Posterize", 0.8, 5], ["Equalize", 1.0, null]],
    [["Rotate", 0.2, 3], ["Solarize", 0.6, 8]], [["Equalize", 0.6, null], ["Posterize", 0.4, 6]],
    [["Rotate", 0.8, 8], ["Color", 0.4, 0]], [["Rotate", 0.4, 9], ["Equalize", 0.6, null]],
    [["Equalize", 0.0, null], ["Equalize", 0.8, null]], [["Invert", 0.6, null], ["Equalize", 1.0, null]],
    [["Color", 0.6, 4], ["Contrast", 1.0, 8]], [["Rotate", 0.8, 8], ["Color", 1.0, 2]],
    [["Color", 0.8, 8], ["Solarize", 0.8, 7]], [["Sharpness", 0.4, 7], ["Invert", 0.6, null]],
    [["ShearX", 0.6, 5], ["Equalize", 1.0, null]], [["Color", 0.4, 0], ["Equalize", 0.6, null]],
    [["Equalize", 0.4, null], ["Solarize", 0.2, 4]], [["Solarize", 0.6, 5], ["AutoContrast", 0.6, null]],
    [["Invert", 0.6, null], ["Equalize", 1.0, null]], [["Color", 0.6, 4], ["Contrast", 1.0, 8]],
    [["Equalize", 0.8, null], ["Equalize", 0.6, null]],
  ],
  cifar10: [
    [["Invert", 0.1, null], ["Contrast", 0.2, 6]], [["Rotate", 0.7, 2], ["TranslateX", 0.3, 9]],
    [["Sharpness", 0.8, 1], ["Sharpness", 0.9, 3]], [["ShearY", 0.5, 8], ["TranslateY", 0.7, 9]],
    [["AutoContrast", 0.5, null], ["Equalize", 0.9, null]], [["ShearY", 0.2, 7], ["Posterize", 0.3, 7]],
    [["Color", 0.4, 3], ["Brightness", 0.6, 7]], [["Sharpness", 0.3, 9], ["Brightness", 0.7, 9]],
    [["Equalize", 0.6, null], ["Equalize", 0.5, null]], [["Contrast", 0.6, 7], ["Sharpness", 0.6, 5]],
    [["Color", 0.7, 7], ["TranslateX", 0.5, 8]], [["Equalize", 0.3, null], ["AutoContrast", 0.4, null]],
    [["TranslateY", 0.4, 3], ["Sharpness", 0.2, 6]], [["Brightness", 0.9, 6], ["Color", 0.2, 8]],
    [["Solarize", 0.5, 2], ["Invert", 0.0, null]], [["Equalize", 0.2, null], ["AutoContrast", 0.6, null]],
    [["Equalize", 0.2, null], ["Equalize", 0.6, null]], [["Color", 0.9, 9], ["Equalize", 0.6, null]],
    [["AutoContrast", 0.8, null], ["Solarize", 0.2, 8]], [["Brightness", 0.1, 3], ["Color", 0.7, 0]],
    [["Solarize", 0.4, 5], ["AutoContrast", 0.9, null]], [["TranslateY", 0.9, 9], ["TranslateY", 0.7, 9]],
    [["AutoContrast", 0.9, null], ["Solarize", 0.8, 3]], [["Equalize", 0.8, null], ["Invert", 0.1, null]],
    [["TranslateY", 0.7, 9], ["AutoContrast", 0.9, null]],
  ],
  svhn: [
    [["ShearX", 0.9, 4], ["Invert", 0.2, null]], [["ShearY", 0.9, 8], ["Invert", 0.7, null]],
    [["Equalize", 0.6, null], ["Solarize", 0.6, 6]], [["Invert", 0.9, null], ["Equalize", 0.6, null]],
    [["Equalize", 0.6, null], ["Rotate", 0.9, 3]], [["ShearX", 0.9, 4], ["AutoContrast", 0.8, null]],
    [["ShearY", 0.9, 8], ["Invert", 0.4, null]], [["ShearY", 0.9, 5], ["Solarize", 0.2, 6]],
    [["Invert", 0.9, null], ["AutoContrast", 0.8, null]], [["Equalize", 0.6, null], ["Rotate", 0.9, 3]],
    [["ShearX", 0.9, 4], ["Solarize", 0.3, 3]], [["ShearY", 0.8, 8], ["Invert", 0.7, null]],
    [["Equalize", 0.9, null], ["TranslateY", 0.6, 6]], [["Invert", 0.9, null], ["Equalize", 0.6, null]],
    [["Contrast", 0.3, 3], ["Rotate", 0.8, 4]], [["Invert", 0.8, null], ["TranslateY", 0.0, 2]],
    [["ShearY", 0.7, 6], ["Solarize", 0.4, 8]], [["Invert", 0.6, null], ["Rotate", 0.8, 4]],
    [["ShearY", 0.3, 7], ["TranslateX", 0.9, 3]], [["ShearX", 0.1, 6], ["Invert", 0.6, null]],
    [["Solarize", 0.7, 2], ["TranslateY", 0.6, 7]], [["ShearY", 0.8, 4], ["Invert", 0.8, null]],
    [["ShearX", 0.7, 9], ["TranslateY", 0.8, 3]], [["ShearY", 0.8, 5], ["AutoContrast", 0.7, null]],
    [["ShearX", 0.7, 2], ["Invert", 0.1, null]],
  ],
};

function policyKey(p: string): string {
  return Object.entries(AutoAugmentPolicy).find(([, v]) => v === p)?.[0] ?? p;
}

export interface AutoAugmentOptions { policy?: AutoAugmentPolicy; interpolation?: InterpolationMode | number; fill?: Fill }

/** AutoAugment(policy = IMAGENET, interpolation = NEAREST, fill = null): one random sub-policy of two ops per call. */
export class AutoAugment extends Module {
  policy: AutoAugmentPolicy;
  interpolation: InterpolationMode;
  fill: Fill;
  policies: [PolicyOp, PolicyOp][];
  constructor(...args: PyArgs<[policy: AutoAugmentPolicy, interpolation: InterpolationMode | number, fill: Fill], AutoAugmentOptions>) {
    super();
    const [policy = AutoAugmentPolicy.IMAGENET, interp = InterpolationMode.NEAREST, fill = null] =
      bindArgs("AutoAugment.__init__", ["policy", "interpolation", "fill"], 0, args);
    this.policy = policy as AutoAugmentPolicy;
    this.interpolation = toInterpolationMode(interp);
    this.fill = checkFill("AutoAugment.__init__", fill);
    if (!Object.prototype.hasOwnProperty.call(POLICIES, this.policy)) throw new RangeError(`The provided policy ${String(policy)} is not recognized.`);
    this.policies = POLICIES[this.policy];
  }

  private augmentationSpace(numBins: number, [height, width]: [number, number]): OpMeta {
    return [
      ["ShearX", [lin(0.0, 0.3, numBins), true]],
      ["ShearY", [lin(0.0, 0.3, numBins), true]],
      ["TranslateX", [lin(0.0, (150.0 / 331.0) * width, numBins), true]],
      ["TranslateY", [lin(0.0, (150.0 / 331.0) * height, numBins), true]],
      ["Rotate", [lin(0.0, 30.0, numBins), true]],
      ["Brightness", [lin(0.0, 0.9, numBins), true]],
      ["Color", [lin(0.0, 0.9, numBins), true]],
      ["Contrast", [lin(0.0, 0.9, numBins), true]],
      ["Sharpness", [lin(0.0, 0.9, numBins), true]],
      ["Posterize", [posterizeBins(8, numBins, 4), false]],
      ["Solarize", [lin(255.0, 0.0, numBins), false]],
      ["AutoContrast", [none(), false]],
      ["Equalize", [none(), false]],
      ["Invert", [none(), false]],
    ];
  }

  /** get_params(transformNum): [policyId, probs (rand(2)), signs (randint(2, [2]))]. */
  static getParams(...args: PyArgs<[transformNum: number], { transformNum?: number }>): [number, Tensor, Tensor] {
    const [n] = bindArgs("get_params", ["transformNum"], 1, args);
    const policyId = Number(torch.randint(intArg("get_params", n, "transformNum"), [1]).item());
    const probs = torch.rand([2]);
    const signs = torch.randint(2, [2]);
    return [policyId, probs, signs];
  }

  forward(img: Tensor): Tensor {
    const [channels, height, width] = getDimensions(img);
    const fill = fillFor(this.fill, channels);
    const [id, probs, signs] = AutoAugment.getParams(this.policies.length);
    const meta = new Map(this.augmentationSpace(10, [height, width]));
    this.policies[id].forEach(([opName, p, magId], i) => {
      if (probs.index(i).le(p).item()) {
        const [mags, signed] = meta.get(opName)!;
        let magnitude = magId !== null ? magnitudeAt(mags, magId) : 0.0;
        if (signed && Number(signs.index(i).item()) === 0) magnitude *= -1.0;
        img = applyOp(img, opName, magnitude, this.interpolation, fill);
      }
    });
    return img;
  }
  toString(): string {
    return `${this.constructor.name}(policy=AutoAugmentPolicy.${policyKey(this.policy)}, fill=${fillRepr(this.fill)})`;
  }
}

// ---------------------------------------------------------------- RandAugment

export interface RandAugmentOptions { numOps?: number; magnitude?: number; numMagnitudeBins?: number; interpolation?: InterpolationMode | number; fill?: Fill }

/** RandAugment(numOps = 2, magnitude = 9, numMagnitudeBins = 31, interpolation = NEAREST, fill = null). */
export class RandAugment extends Module {
  numOps: number;
  magnitude: number;
  numMagnitudeBins: number;
  interpolation: InterpolationMode;
  fill: Fill;
  constructor(...args: PyArgs<[numOps: number, magnitude: number, numMagnitudeBins: number, interpolation: InterpolationMode | number, fill: Fill], RandAugmentOptions>) {
    super();
    const [numOps = 2, magnitude = 9, bins = 31, interp = InterpolationMode.NEAREST, fill = null] =
      bindArgs("RandAugment.__init__", ["numOps", "magnitude", "numMagnitudeBins", "interpolation", "fill"], 0, args);
    this.numOps = intArg("RandAugment.__init__", numOps, "numOps");
    this.magnitude = intArg("RandAugment.__init__", magnitude, "magnitude");
    this.numMagnitudeBins = intArg("RandAugment.__init__", bins, "numMagnitudeBins");
    this.interpolation = toInterpolationMode(interp);
    this.fill = checkFill("RandAugment.__init__", fill);
  }
  private augmentationSpace(numBins: number, [height, width]: [number, number]): OpMeta {
    return [
      ["Identity", [none(), false]],
      ["ShearX", [lin(0.0, 0.3, numBins), true]],
      ["ShearY", [lin(0.0, 0.3, numBins), true]],
      ["TranslateX", [lin(0.0, (150.0 / 331.0) * width, numBins), true]],
      ["TranslateY", [lin(0.0, (150.0 / 331.0) * height, numBins), true]],
      ["Rotate", [lin(0.0, 30.0, numBins), true]],
      ["Brightness", [lin(0.0, 0.9, numBins), true]],
      ["Color", [lin(0.0, 0.9, numBins), true]],
      ["Contrast", [lin(0.0, 0.9, numBins), true]],
      ["Sharpness", [lin(0.0, 0.9, numBins), true]],
      ["Posterize", [posterizeBins(8, numBins, 4), false]],
      ["Solarize", [lin(255.0, 0.0, numBins), false]],
      ["AutoContrast", [none(), false]],
      ["Equalize", [none(), false]],
    ];
  }
  forward(img: Tensor): Tensor {
    const [channels, height, width] = getDimensions(img);
    const fill = fillFor(this.fill, channels);
    const meta = this.augmentationSpace(this.numMagnitudeBins, [height, width]);
    for (let k = 0; k < this.numOps; k++) {
      const opIndex = Number(torch.randint(meta.length, [1]).item());
      const [opName, [mags, signed]] = meta[opIndex];
      let magnitude = mags.dim() > 0 ? magnitudeAt(mags, this.magnitude) : 0.0;
      if (signed && Number(torch.randint(2, [1]).item())) magnitude *= -1.0;
      img = applyOp(img, opName, magnitude, this.interpolation, fill);
    }
    return img;
  }
  toString(): string {
    return `${this.constructor.name}(num_ops=${this.numOps}, magnitude=${this.magnitude}, num_magnitude_bins=${this.numMagnitudeBins}, ` +
      `interpolation=${interpRepr(this.interpolation)}, fill=${fillRepr(this.fill)})`;
  }
}

// ---------------------------------------------------------------- TrivialAugmentWide

export interface TrivialAugmentWideOptions { numMagnitudeBins?: number; interpolation?: InterpolationMode | number; fill?: Fill }

/** TrivialAugmentWide(numMagnitudeBins = 31, interpolation = NEAREST, fill = null): one random op at a random magnitude. */
export class TrivialAugmentWide extends Module {
  numMagnitudeBins: number;
  interpolation: InterpolationMode;
  fill: Fill;
  constructor(...args: PyArgs<[numMagnitudeBins: number, interpolation: InterpolationMode | number, fill: Fill], TrivialAugmentWideOptions>) {
    super();
    const [bins = 31, interp = InterpolationMode.NEAREST, fill = null] =
      bindArgs("TrivialAugmentWide.__init__", ["numMagnitudeBins", "interpolation", "fill"], 0, args);
    this.numMagnitudeBins = intArg("TrivialAugmentWide.__init__", bins, "numMagnitudeBins");
    this.interpolation = toInterpolationMode(interp);
    this.fill = checkFill("TrivialAugmentWide.__init__", fill);
  }
  private augmentationSpace(numBins: number): OpMeta {
    return [
      ["Identity", [none(), false]],
      ["ShearX", [lin(0.0, 0.99, numBins), true]],
      ["ShearY", [lin(0.0, 0.99, numBins), true]],
      ["TranslateX", [lin(0.0, 32.0, numBins), true]],
      ["TranslateY", [lin(0.0, 32.0, numBins), true]],
      ["Rotate", [lin(0.0, 135.0, numBins), true]],
      ["Brightness", [lin(0.0, 0.99, numBins), true]],
      ["Color", [lin(0.0, 0.99, numBins), true]],
      ["Contrast", [lin(0.0, 0.99, numBins), true]],
      ["Sharpness", [lin(0.0, 0.99, numBins), true]],
      ["Posterize", [posterizeBins(8, numBins, 6), false]],
      ["Solarize", [lin(255.0, 0.0, numBins), false]],
      ["AutoContrast", [none(), false]],
      ["Equalize", [none(), false]],
    ];
  }
  forward(img: Tensor): Tensor {
    const [channels] = getDimensions(img);
    const fill = fillFor(this.fill, channels);
    const meta = this.augmentationSpace(this.numMagnitudeBins);
    const opIndex = Number(torch.randint(meta.length, [1]).item());
    const [opName, [mags, signed]] = meta[opIndex];
    let magnitude = mags.dim() > 0 ? magnitudeAt(mags, torch.randint(mags.shape[0], [1], { dtype: dt.int64 })) : 0.0;
    if (signed && Number(torch.randint(2, [1]).item())) magnitude *= -1.0;
    return applyOp(img, opName, magnitude, this.interpolation, fill);
  }
  toString(): string {
    return `${this.constructor.name}(num_magnitude_bins=${this.numMagnitudeBins}, interpolation=${interpRepr(this.interpolation)}, fill=${fillRepr(this.fill)})`;
  }
}

// ---------------------------------------------------------------- AugMix

export interface AugMixOptions {
  severity?: number; mixtureWidth?: number; chainDepth?: number; alpha?: number; allOps?: boolean;
  interpolation?: InterpolationMode | number; fill?: Fill;
}

const PARAMETER_MAX = 10;
const SAMPLE_DIRICHLET = opId("_sample_dirichlet");

/**
 * AugMix(severity = 3, mixtureWidth = 3, chainDepth = -1, alpha = 1.0, allOps = true,
 * interpolation = BILINEAR, fill = null): a Dirichlet-weighted mix of augmentation chains
 * with the original image.
 */
export class AugMix extends Module {
  severity: number;
  mixtureWidth: number;
  chainDepth: number;
  alpha: number;
  allOps: boolean;
  interpolation: InterpolationMode;
  fill: Fill;
  constructor(...args: PyArgs<[severity: number, mixtureWidth: number, chainDepth: number, alpha: number, allOps: boolean, interpolation: InterpolationMode | number, fill: Fill], AugMixOptions>) {
    super();
    const [severity = 3, width = 3, depth = -1, alpha = 1.0, allOps = true, interp = InterpolationMode.BILINEAR, fill = null] =
      bindArgs("AugMix.__init__", ["severity", "mixtureWidth", "chainDepth", "alpha", "allOps", "interpolation", "fill"], 0, args);
    const sev = intArg("AugMix.__init__", severity, "severity");
    if (!(1 <= sev && sev <= PARAMETER_MAX)) throw new RangeError(`The severity must be between [1, ${PARAMETER_MAX}]. Got ${sev} instead.`);
    this.severity = sev;
    this.mixtureWidth = intArg("AugMix.__init__", width, "mixtureWidth");
    this.chainDepth = intArg("AugMix.__init__", depth, "chainDepth");
    this.alpha = numArg("AugMix.__init__", alpha, "alpha");
    if (typeof allOps !== "boolean") throw new TypeError(`AugMix.__init__(): argument 'all_ops' must be bool, not ${describe(allOps)}`);
    this.allOps = allOps;
    this.interpolation = toInterpolationMode(interp);
    this.fill = checkFill("AugMix.__init__", fill);
  }
  private augmentationSpace(numBins: number, [height, width]: [number, number]): OpMeta {
    const s: OpMeta = [
      ["ShearX", [lin(0.0, 0.3, numBins), true]],
      ["ShearY", [lin(0.0, 0.3, numBins), true]],
      ["TranslateX", [lin(0.0, width / 3.0, numBins), true]],
      ["TranslateY", [lin(0.0, height / 3.0, numBins), true]],
      ["Rotate", [lin(0.0, 30.0, numBins), true]],
      ["Posterize", [posterizeBins(4, numBins, 4), false]],
      ["Solarize", [lin(255.0, 0.0, numBins), false]],
      ["AutoContrast", [none(), false]],
      ["Equalize", [none(), false]],
    ];
    if (this.allOps) {
      s.push(
        ["Brightness", [lin(0.0, 0.9, numBins), true]],
        ["Color", [lin(0.0, 0.9, numBins), true]],
        ["Contrast", [lin(0.0, 0.9, numBins), true]],
        ["Sharpness", [lin(0.0, 0.9, numBins), true]],
      );
    }
    return s;
  }
  /** torch._sample_dirichlet(params) (a method, as in torchvision, so a subclass can replace it). */
  sampleDirichlet(params: Tensor): Tensor {
    return new Tensor(native.callOp(SAMPLE_DIRICHLET, params._h, null));
  }
  forward(origImg: Tensor): Tensor {
    const [channels, height, width] = getDimensions(origImg);
    const img = origImg;
    const fill = fillFor(this.fill, channels);
    const meta = this.augmentationSpace(PARAMETER_MAX, [height, width]);
    const origDims = [...img.shape];
    const batch = img.view([...new Array<number>(Math.max(4 - img.dim(), 0)).fill(1), ...origDims]);
    const n = batch.size(0);
    const batchDims = [n, ...new Array<number>(batch.dim() - 1).fill(1)];
    // alpha is a Python float: the parameter tensors have the default float dtype (PORTING rule 12)
    const fdt = torch.getDefaultDtype();
    const m = this.sampleDirichlet(torch.tensor([this.alpha, this.alpha], { dtype: fdt }).expand(n, -1));
    const combined = this.sampleDirichlet(torch.tensor(new Array<number>(this.mixtureWidth).fill(this.alpha), { dtype: fdt }).expand(n, -1))
      .mul(m.index(":", 1).view([n, -1]));
    const mix = m.index(":", 0).view(batchDims).mul(batch);
    for (let i = 0; i < this.mixtureWidth; i++) {
      let aug = batch;
      const depth = this.chainDepth > 0 ? this.chainDepth : Number(torch.randint(1, 4, [1]).item());
      for (let d = 0; d < depth; d++) {
        const opIndex = Number(torch.randint(meta.length, [1]).item());
        const [opName, [mags, signed]] = meta[opIndex];
        let magnitude = mags.dim() > 0 ? magnitudeAt(mags, torch.randint(this.severity, [1], { dtype: dt.int64 })) : 0.0;
        if (signed && Number(torch.randint(2, [1]).item())) magnitude *= -1.0;
        aug = applyOp(aug, opName, magnitude, this.interpolation, fill);
      }
      mix.add_(combined.index(":", i).view(batchDims).mul(aug));
    }
    return mix.view(origDims).to(img.dtype);
  }
  toString(): string {
    return `${this.constructor.name}(severity=${this.severity}, mixture_width=${this.mixtureWidth}, chain_depth=${this.chainDepth}, ` +
      `alpha=${pyFloat(this.alpha)}, all_ops=${this.allOps ? "True" : "False"}, interpolation=${interpRepr(this.interpolation)}, fill=${fillRepr(this.fill)})`;
  }
}
