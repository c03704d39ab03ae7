// torchvision.transforms (v1), the color half and the containers: Compose, ToTensor,
// PILToTensor, ToImage, ConvertImageDtype, Normalize, ColorJitter, Grayscale and the
// Random* color transforms, GaussianBlur, RandomApply / RandomChoice / RandomOrder, Lambda.
// Every class is an nn.Module (callable: `t(img)`), constructed with torchvision's
// arguments positionally or in one trailing options object with camelCase keys, and
// prints as torchvision's repr. Random transforms draw from torch's default generator
// with torchvision's calls and order (torch.rand(1), torch.randperm(4), uniform_), so
// torch.manualSeed(s) reproduces Python's augmentation; RandomOrder and RandomChoice use
// Python's `random` module in torchvision, here `transforms.random` (src/python_random.ts, which DataLoader workers seed as Python's do).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { isDtype, type dtype } from "../../dtype";
import { describe } from "../../device";
import type { PyArgs } from "../../args";
import { pyFloat } from "../../nn/repr";
import { convertImageDtype, getDimensions } from "./_image";
import { random as pyRandom } from "../../python_random";
import * as F from "./functional_color";
import { bindArgs, numArg, intArg, pyRepr, tup } from "./color_util";

/** Anything a container can call on an image: a transform module or a plain function. */
export type Transform = ((img: any) => any) | Module;

// ---------------------------------------------------------------- Python reprs

function transformRepr(t: unknown): string {
  if (typeof t === "function" && !(t instanceof Module)) return `<function ${t.name || "<lambda>"}>`;
  return String(t);
}

/** The transforms of a container: an array or any iterable of them (an nn.ModuleList too), each callable. */
function transformList(fn: string, ts: unknown): Transform[] {
  const iterable = ts !== null && (typeof ts === "object" || typeof ts === "function") && Symbol.iterator in (ts as object);
  if (!Array.isArray(ts) && !iterable) throw new TypeError(`${fn}(): argument 'transforms' must be a sequence of transforms, not ${describe(ts)}`);
  const list = [...(ts as Iterable<unknown>)];
  list.forEach((t, i) => {
    if (typeof t !== "function") throw new TypeError(`${fn}(): transforms[${i}] is not callable (${describe(t)})`);
  });
  return list as Transform[];
}

function callTransform(t: Transform, img: unknown): unknown {
  return (t as (x: unknown) => unknown)(img);
}

/** `torch.rand(1) < p` as torchvision compares it (a float32 draw against p, compared as tensors). */
function randLt(p: number): boolean {
  return torch.rand(1).lt(p).item() as boolean;
}
/** `torch.rand(1).item() < p` (the draw as a Python float). */
function randItemLt(p: number): boolean {
  return (torch.rand(1).item() as number) < p;
}

function checkP(cls: string, p: unknown): number {
  return numArg(cls, p, "p");
}

// ---------------------------------------------------------------- containers

/** Compose(transforms): applies the transforms in order. */
export class Compose extends Module {
  transforms: Transform[];
  constructor(...args: PyArgs<[transforms: Iterable<Transform>], { transforms?: Iterable<Transform> }>) {
    super();
    const [ts] = bindArgs("Compose.__init__", ["transforms"], 1, args);
    this.transforms = transformList("Compose.__init__", ts);
  }
  forward(img: any): any {
    for (const t of this.transforms) img = callTransform(t, img);
    return img;
  }
  toString(): string {
    let s = `${this.constructor.name}(`;
    for (const t of this.transforms) s += `\n    ${transformRepr(t)}`;
    return `${s}\n)`;
  }
}

/** RandomApply(transforms, p = 0.5): applies all the transforms with probability p. */
export class RandomApply extends Module {
  transforms: Transform[];
  p: number;
  constructor(...args: PyArgs<[transforms: Iterable<Transform>, p: number], { transforms?: Iterable<Transform>; p?: number }>) {
    super();
    const [ts, p = 0.5] = bindArgs("RandomApply.__init__", ["transforms", "p"], 1, args);
    this.transforms = transformList("RandomApply.__init__", ts);
    this.p = checkP("RandomApply.__init__", p);
  }
  forward(img: any): any {
    if (torch.rand(1).gt(this.p).item()) return img;
    for (const t of this.transforms) img = callTransform(t, img);
    return img;
  }
  toString(): string {
    let s = `${this.constructor.name}(\n    p=${pyRepr(this.p)}`;
    for (const t of this.transforms) s += `\n    ${transformRepr(t)}`;
    return `${s}\n)`;
  }
}

function randomTransformsInit(cls: string, ts: unknown): Transform[] {
  if (!Array.isArray(ts)) throw new TypeError("Argument transforms should be a sequence");
  void cls;
  return [...ts];
}
function randomTransformsRepr(name: string, ts: Transform[]): string {
  let s = `${name}(`;
  for (const t of ts) s += `\n    ${transformRepr(t)}`;
  return `${s}\n)`;
}

/** RandomOrder(transforms): applies the transforms in a random order (Python's random.shuffle: transforms.random). */
export class RandomOrder extends Module {
  transforms: Transform[];
  constructor(...args: PyArgs<[transforms: Transform[]], { transforms?: Transform[] }>) {
    super();
    const [ts] = bindArgs("RandomOrder.__init__", ["transforms"], 1, args);
    this.transforms = randomTransformsInit("RandomOrder", ts);
  }
  forward(img: any): any {
    const order = this.transforms.map((_, i) => i);
    pyRandom.shuffle(order);
    for (const i of order) img = callTransform(this.transforms[i], img);
    return img;
  }
  toString(): string {
    return randomTransformsRepr(this.constructor.name, this.transforms);
  }
}

/** RandomChoice(transforms, p = null): applies one transform picked at random (Python's random.choices: transforms.random). */
export class RandomChoice extends Module {
  transforms: Transform[];
  p: number[] | null;
  constructor(...args: PyArgs<[transforms: Transform[], p: number[] | null], { transforms?: Transform[]; p?: number[] | null }>) {
    super();
    const [ts, p = null] = bindArgs("RandomChoice.__init__", ["transforms", "p"], 1, args);
    this.transforms = randomTransformsInit("RandomChoice", ts);
    if (p !== null && !Array.isArray(p)) throw new TypeError("Argument p should be a sequence");
    this.p = p as number[] | null;
  }
  forward(...args: any[]): any {
    const t = pyRandom.choices(this.transforms, this.p)[0];
    return (t as (...a: unknown[]) => unknown)(...args);
  }
  toString(): string {
    return `${randomTransformsRepr(this.constructor.name, this.transforms)}(p=${pyRepr(this.p)})`;
  }
}

/** Lambda(lambd): a user function as a transform. */
export class Lambda extends Module {
  lambd: (img: any) => any;
  constructor(...args: PyArgs<[lambd: (img: any) => any], { lambd?: (img: any) => any }>) {
    super();
    const [f] = bindArgs("Lambda.__init__", ["lambd"], 1, args);
    if (typeof f !== "function") throw new TypeError(`Argument lambd should be callable, got '${describe(f)}'`);
    this.lambd = f as (img: any) => any;
  }
  forward(img: any): any {
    return this.lambd(img);
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

// ---------------------------------------------------------------- conversions

/**
 * ToTensor(): an image to a float CHW tensor in [0, 1]. A uint8 [C, H, W] tensor stands for
 * the PIL image; a [H, W, C] tensor (last dim 1, 3 or 4 and first dim not) is read as a numpy
 * HWC array and permuted; uint8 is divided by 255, other dtypes keep their values.
 */
export class ToTensor extends Module {
  constructor() {
    super();
  }
  forward(pic: Tensor): Tensor {
    return F.toTensor(pic);
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** PILToTensor(): the image as a CHW tensor of the same dtype (uint8 stays uint8; HWC is permuted). */
export class PILToTensor extends Module {
  constructor() {
    super();
  }
  forward(pic: Tensor): Tensor {
    return F.pilToTensor(pic);
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** ToImage(): the uint8 CHW image (ToPILImage's counterpart: floats scale by 255 and truncate, as to_pil_image). */
export class ToImage extends Module {
  constructor() {
    super();
  }
  forward(pic: Tensor): Tensor {
    return F.toImage(pic);
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** ToPILImage(mode = null): torchvision's name for ToImage, with to_pil_image's mode checks (the result is the uint8 CHW tensor). */
export class ToPILImage extends Module {
  mode: string | null;
  constructor(...args: PyArgs<[mode: string | null], { mode?: string | null }>) {
    super();
    const [mode = null] = bindArgs("ToPILImage.__init__", ["mode"], 0, args);
    this.mode = mode as string | null;
  }
  forward(pic: Tensor): Tensor {
    return F.toPilImage(pic, this.mode);
  }
  toString(): string {
    return `${this.constructor.name}(${this.mode !== null ? `mode=${this.mode}` : ""})`;
  }
}

/** ConvertImageDtype(dtype): convertImageDtype with value rescaling (uint8 <-> float in [0, 1]). */
export class ConvertImageDtype extends Module {
  dtype: dtype;
  constructor(...args: PyArgs<[dtype: dtype], { dtype?: dtype }>) {
    super();
    const [d] = bindArgs("ConvertImageDtype.__init__", ["dtype"], 1, args);
    if (!isDtype(d)) throw new TypeError(`ConvertImageDtype.__init__(): argument 'dtype' must be torch.dtype, not ${describe(d)}`);
    this.dtype = d;
  }
  forward(image: Tensor): Tensor {
    if (!(image instanceof Tensor)) throw new TypeError("Input img should be Tensor Image");
    return convertImageDtype(image, this.dtype);
  }
}

/** Normalize(mean, std, inplace = false): (img - mean) / std per channel. */
export class Normalize extends Module {
  mean: number[] | Tensor;
  std: number[] | Tensor;
  inplace: boolean;
  constructor(...args: PyArgs<[mean: number[] | Tensor, std: number[] | Tensor, inplace: boolean], { mean?: number[] | Tensor; std?: number[] | Tensor; inplace?: boolean }>) {
    super();
    const [mean, std, inplace = false] = bindArgs("Normalize.__init__", ["mean", "std", "inplace"], 2, args);
    this.mean = mean as number[];
    this.std = std as number[];
    this.inplace = inplace as boolean;
  }
  forward(tensor: Tensor): Tensor {
    return F.normalize(tensor, this.mean, this.std, this.inplace);
  }
  toString(): string {
    return `${this.constructor.name}(mean=${pyRepr(this.mean)}, std=${pyRepr(this.std)})`;
  }
}

// ---------------------------------------------------------------- color

type Pair = [number, number];
type Range = number | Pair;
export interface ColorJitterOptions { brightness?: Range; contrast?: Range; saturation?: Range; hue?: Range }

/** ColorJitter(brightness = 0, contrast = 0, saturation = 0, hue = 0): random color changes in a random order. */
export class ColorJitter extends Module {
  brightness: [number, number] | null;
  contrast: [number, number] | null;
  saturation: [number, number] | null;
  hue: [number, number] | null;
  constructor(...args: PyArgs<[brightness: Range, contrast: Range, saturation: Range, hue: Range], ColorJitterOptions>) {
    super();
    const [b = 0, c = 0, s = 0, h = 0] = bindArgs("ColorJitter.__init__", ["brightness", "contrast", "saturation", "hue"], 0, args);
    this.brightness = ColorJitter.checkInput(b, "brightness");
    this.contrast = ColorJitter.checkInput(c, "contrast");
    this.saturation = ColorJitter.checkInput(s, "saturation");
    this.hue = ColorJitter.checkInput(h, "hue", 0, [-0.5, 0.5], false);
  }

  /** @internal torchvision's _check_input: a number v -> [center - v, center + v]; a pair kept; null when it changes nothing. */
  static checkInput(value: unknown, name: string, center = 1, bound: [number, number] = [0, Infinity], clipFirstOnZero = true): [number, number] | null {
    let v: [number, number];
    if (typeof value === "number") {
      if (value < 0) throw new RangeError(`If ${name} is a single number, it must be non negative.`);
      v = [center - value, center + value];
      if (clipFirstOnZero) v[0] = Math.max(v[0], 0.0);
    } else if (Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === "number")) {
      v = [value[0], value[1]];
    } else {
      throw new TypeError(`${name} should be a single number or a list/tuple with length 2.`);
    }
    if (!(bound[0] <= v[0] && v[0] <= v[1] && v[1] <= bound[1]))
      throw new RangeError(`${name} values should be between (${bound.map((x) => pyRepr(x)).join(", ")}), but got [${v.map((x) => pyFloat(x)).join(", ")}].`);
    if (v[0] === v[1] && v[1] === center) return null;
    return tup(v);
  }

  /**
   * get_params(brightness, contrast, saturation, hue): [fnIdx (a randperm(4) tensor), b, c, s, h],
   * each factor drawn with torch.empty(1).uniform_(lo, hi) in that order, null where its range is null.
   */
  static getParams(...args: PyArgs<[brightness: Pair | null, contrast: Pair | null, saturation: Pair | null, hue: Pair | null],
    { brightness?: Pair | null; contrast?: Pair | null; saturation?: Pair | null; hue?: Pair | null }>
  ): [Tensor, number | null, number | null, number | null, number | null] {
    const [b, c, s, h] = bindArgs("get_params", ["brightness", "contrast", "saturation", "hue"], 4, args) as ([number, number] | null)[];
    const fnIdx = torch.randperm(4);
    const draw = (r: [number, number] | null) => (r === null ? null : (torch.empty(1).uniform_(r[0], r[1]).item() as number));
    const bf = draw(b), cf = draw(c), sf = draw(s), hf = draw(h);
    return [fnIdx, bf, cf, sf, hf];
  }

  forward(img: Tensor): Tensor {
    const [fnIdx, b, c, s, h] = ColorJitter.getParams(this.brightness, this.contrast, this.saturation, this.hue);
    for (const id of fnIdx.tolist() as number[]) {
      if (id === 0 && b !== null) img = F.adjustBrightness(img, b);
      else if (id === 1 && c !== null) img = F.adjustContrast(img, c);
      else if (id === 2 && s !== null) img = F.adjustSaturation(img, s);
      else if (id === 3 && h !== null) img = F.adjustHue(img, h);
    }
    return img;
  }
  toString(): string {
    const r = (v: [number, number] | null) => pyRepr(v, true);
    return `${this.constructor.name}(brightness=${r(this.brightness)}, contrast=${r(this.contrast)}, saturation=${r(this.saturation)}, hue=${r(this.hue)})`;
  }
}

/** Grayscale(numOutputChannels = 1). */
export class Grayscale extends Module {
  numOutputChannels: number;
  constructor(...args: PyArgs<[numOutputChannels: number], { numOutputChannels?: number }>) {
    super();
    const [n = 1] = bindArgs("Grayscale.__init__", ["numOutputChannels"], 0, args);
    this.numOutputChannels = intArg("Grayscale.__init__", n, "numOutputChannels");
  }
  forward(img: Tensor): Tensor {
    return F.rgbToGrayscale(img, this.numOutputChannels);
  }
  toString(): string {
    return `${this.constructor.name}(num_output_channels=${this.numOutputChannels})`;
  }
}

/** RandomGrayscale(p = 0.1): grayscale with probability p, keeping the channel count. */
export class RandomGrayscale extends Module {
  p: number;
  constructor(...args: PyArgs<[p: number], { p?: number }>) {
    super();
    const [p = 0.1] = bindArgs("RandomGrayscale.__init__", ["p"], 0, args);
    this.p = checkP("RandomGrayscale.__init__", p);
  }
  forward(img: Tensor): Tensor {
    const [c] = getDimensions(img);
    if (randLt(this.p)) return F.rgbToGrayscale(img, c);
    return img;
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p)})`;
  }
}

/** The Random* transforms that apply one functional with probability p (`torch.rand(1).item() < p`). */
abstract class RandomColorOp extends Module {
  p = 0.5;
  protected abstract op(img: Tensor): Tensor;
  forward(img: Tensor): Tensor {
    if (randItemLt(this.p)) return this.op(img);
    return img;
  }
}

/** RandomInvert(p = 0.5). */
export class RandomInvert extends RandomColorOp {
  constructor(...args: PyArgs<[p: number], { p?: number }>) {
    super();
    const [p = 0.5] = bindArgs("RandomInvert.__init__", ["p"], 0, args);
    this.p = checkP("RandomInvert.__init__", p);
  }
  protected op(img: Tensor): Tensor {
    return F.invert(img);
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p)})`;
  }
}

/** RandomPosterize(bits, p = 0.5). */
export class RandomPosterize extends RandomColorOp {
  bits: number;
  constructor(...args: PyArgs<[bits: number, p: number], { bits?: number; p?: number }>) {
    super();
    const [bits, p = 0.5] = bindArgs("RandomPosterize.__init__", ["bits", "p"], 1, args);
    this.bits = intArg("RandomPosterize.__init__", bits, "bits");
    this.p = checkP("RandomPosterize.__init__", p);
  }
  protected op(img: Tensor): Tensor {
    return F.posterize(img, this.bits);
  }
  toString(): string {
    return `${this.constructor.name}(bits=${this.bits},p=${pyRepr(this.p)})`;
  }
}

/** RandomSolarize(threshold, p = 0.5). */
export class RandomSolarize extends RandomColorOp {
  threshold: number;
  constructor(...args: PyArgs<[threshold: number, p: number], { threshold?: number; p?: number }>) {
    super();
    const [t, p = 0.5] = bindArgs("RandomSolarize.__init__", ["threshold", "p"], 1, args);
    this.threshold = numArg("RandomSolarize.__init__", t, "threshold");
    this.p = checkP("RandomSolarize.__init__", p);
  }
  protected op(img: Tensor): Tensor {
    return F.solarize(img, this.threshold);
  }
  toString(): string {
    return `${this.constructor.name}(threshold=${pyRepr(this.threshold)},p=${pyRepr(this.p)})`;
  }
}

/** RandomAdjustSharpness(sharpnessFactor, p = 0.5). */
export class RandomAdjustSharpness extends RandomColorOp {
  sharpnessFactor: number;
  constructor(...args: PyArgs<[sharpnessFactor: number, p: number], { sharpnessFactor?: number; p?: number }>) {
    super();
    const [f, p = 0.5] = bindArgs("RandomAdjustSharpness.__init__", ["sharpnessFactor", "p"], 1, args);
    this.sharpnessFactor = numArg("RandomAdjustSharpness.__init__", f, "sharpnessFactor");
    this.p = checkP("RandomAdjustSharpness.__init__", p);
  }
  protected op(img: Tensor): Tensor {
    return F.adjustSharpness(img, this.sharpnessFactor);
  }
  toString(): string {
    return `${this.constructor.name}(sharpness_factor=${pyRepr(this.sharpnessFactor)},p=${pyRepr(this.p)})`;
  }
}

/** RandomAutocontrast(p = 0.5). */
export class RandomAutocontrast extends RandomColorOp {
  constructor(...args: PyArgs<[p: number], { p?: number }>) {
    super();
    const [p = 0.5] = bindArgs("RandomAutocontrast.__init__", ["p"], 0, args);
    this.p = checkP("RandomAutocontrast.__init__", p);
  }
  protected op(img: Tensor): Tensor {
    return F.autocontrast(img);
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p)})`;
  }
}

/** RandomEqualize(p = 0.5). */
export class RandomEqualize extends RandomColorOp {
  constructor(...args: PyArgs<[p: number], { p?: number }>) {
    super();
    const [p = 0.5] = bindArgs("RandomEqualize.__init__", ["p"], 0, args);
    this.p = checkP("RandomEqualize.__init__", p);
  }
  protected op(img: Tensor): Tensor {
    return F.equalize(img);
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p)})`;
  }
}

/** GaussianBlur(kernelSize, sigma = [0.1, 2.0]): blur with a sigma drawn uniformly from [min, max] per call. */
export class GaussianBlur extends Module {
  kernelSize: number[];
  sigma: number[];
  constructor(...args: PyArgs<[kernelSize: number | number[], sigma: number | [number, number]], { kernelSize?: number | number[]; sigma?: number | [number, number] }>) {
    super();
    const [ks, sigma0 = tup([0.1, 2.0], true)] = bindArgs("GaussianBlur.__init__", ["kernelSize", "sigma"], 1, args);
    let size: number[];
    if (typeof ks === "number") size = tup([Math.trunc(ks), Math.trunc(ks)]);
    else if (Array.isArray(ks) && ks.length === 1) size = tup([ks[0], ks[0]]);
    else if (Array.isArray(ks) && ks.length === 2) size = ks as number[];
    else throw new RangeError("Kernel size should be a tuple/list of two integers");
    for (const k of size) if (k <= 0 || k % 2 === 0) throw new RangeError("Kernel size value should be an odd and positive number.");
    this.kernelSize = size;
    let sigma: number[];
    if (typeof sigma0 === "number") {
      if (sigma0 <= 0) throw new RangeError("If sigma is a single number, it must be positive.");
      sigma = tup([sigma0, sigma0]);
    } else if (Array.isArray(sigma0) && sigma0.length === 2) {
      if (!(0.0 < sigma0[0] && sigma0[0] <= sigma0[1])) throw new RangeError("sigma values should be positive and of the form (min, max).");
      sigma = sigma0 as number[];
    } else {
      throw new RangeError("sigma should be a single number or a list/tuple with length 2.");
    }
    this.sigma = sigma;
  }
  /** get_params(sigmaMin, sigmaMax): torch.empty(1).uniform_(sigmaMin, sigmaMax).item(). */
  static getParams(...args: PyArgs<[sigmaMin: number, sigmaMax: number], { sigmaMin?: number; sigmaMax?: number }>): number {
    const [lo, hi] = bindArgs("get_params", ["sigmaMin", "sigmaMax"], 2, args);
    return torch.empty(1).uniform_(numArg("get_params", lo, "sigmaMin"), numArg("get_params", hi, "sigmaMax")).item() as number;
  }
  forward(img: Tensor): Tensor {
    const sigma = GaussianBlur.getParams(this.sigma[0], this.sigma[1]);
    return F.gaussianBlur(img, this.kernelSize, [sigma, sigma]);
  }
  toString(): string {
    return `${this.constructor.name}(kernel_size=${pyRepr(this.kernelSize)}, sigma=${pyRepr(this.sigma)})`;
  }
}

export { pyRandom as random };
