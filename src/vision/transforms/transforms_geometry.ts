// torchvision.transforms (v1), geometry half: Resize, CenterCrop, Pad, RandomCrop,
// RandomResizedCrop, FiveCrop, TenCrop, RandomHorizontalFlip, RandomVerticalFlip,
// RandomRotation, RandomAffine, RandomPerspective, RandomErasing. nn.Module
// subclasses as in torchvision (callable, reprs as torchvision prints them); the
// random ones draw from torch's default generator with torchvision's calls in
// torchvision's order, so torch.manualSeed(s) gives Python's augmentation.
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { describe } from "../../device";
import { bind, PyArgs, PyArgsReq } from "../../args";
import { warnOnce } from "../../warnings";
import { asTuple, isTuple, markFloats } from "../../pytypes";
import { getDimensions } from "./_image";
import { InterpolationMode, toInterpolationMode } from "./interpolation";
import * as F from "./functional_geometry";
import { pyRound, pyRoundTo, pyRepr, isNumber } from "./geometry_util";
import { elasticDisplacement } from "./geometry_elastic";

type Interp = InterpolationMode | number;
const pyClass = (v: unknown) => `<class '${describe(v)}'>`;

/** _setup_size: (s, s) for a number, (s0, s0) for [s0], the [h, w] given otherwise. */
function setupSize(size: unknown, errorMsg: string): number[] {
  if (isNumber(size)) return asTuple([Math.trunc(size), Math.trunc(size)]);
  if (Array.isArray(size) && size.length === 1) return asTuple([size[0], size[0]]);
  if (!Array.isArray(size)) throw new TypeError(`object of type '${describe(size)}' has no len()`);
  if (size.length !== 2) throw new RangeError(errorMsg);
  return [...size] as number[];
}

/** _check_sequence_input (a str is a Python sequence too). */
function checkSequenceInput(x: unknown, name: string, reqSizes: number[]): void {
  const msg = reqSizes.length < 2 ? String(reqSizes[0]) : reqSizes.join(" or ");
  if (!Array.isArray(x) && typeof x !== "string") throw new TypeError(`${name} should be a sequence of length ${msg}.`);
  if (!reqSizes.includes(x.length)) throw new RangeError(`${name} should be a sequence of length ${msg}.`);
}

/** _setup_angle: [-x, x] for a number (x >= 0), the sequence as floats otherwise. */
function setupAngle(x: unknown, name: string, reqSizes = [2]): number[] {
  let v: number[];
  if (isNumber(x)) {
    if (x < 0) throw new RangeError(`If ${name} is a single number, it must be positive.`);
    v = [0 - x, x]; // an int 0 gives [0.0, 0.0], not -0.0
  } else {
    checkSequenceInput(x, name, reqSizes);
    v = [...(x as unknown[])].map((d) => {
      if (!isNumber(d)) throw new TypeError(`float() argument must be a string or a real number, not '${describe(d)}'`);
      return d;
    });
  }
  return markFloats(v, true);
}

function interpolationArg(v: unknown): InterpolationMode {
  return toInterpolationMode(v);
}

/** fill: null -> 0, a number or a sequence (TypeError otherwise). */
function fillSetup(fill: unknown): number | number[] {
  if (fill === null || fill === undefined) return 0;
  if (!isNumber(fill) && !Array.isArray(fill)) throw new TypeError("Fill should be either a sequence or a number.");
  return fill as number | number[];
}

/** The per-channel fill list the random transforms pass for tensors. */
function fillList(fill: number | number[], channels: number): number[] {
  return isNumber(fill) ? Array(channels).fill(fill) : [...fill];
}

/** torch.rand(1) < p, as torchvision compares it (in float32). */
function coin(p: number): boolean {
  return torch.rand(1).lt(p).item() as boolean;
}
/** torch.randint(low, high, (1,)).item() */
function randint(low: number, high: number): number {
  return torch.randint(low, high, [1]).item() as number;
}
/** torch.empty(1).uniform_(a, b).item() */
function uniform(a: number, b: number): number {
  return torch.empty(1).uniform_(a, b).item() as number;
}

// ---------------------------------------------------------------- deterministic

/** transforms.Resize(size, interpolation = BILINEAR, maxSize = null, antialias = true) */
export class Resize extends Module {
  size: number | number[];
  interpolation: InterpolationMode;
  maxSize: number | null;
  antialias: boolean | null;
  constructor(...args: PyArgsReq<[size: number | number[] | null], [interpolation: InterpolationMode | number, maxSize: number | null, antialias: boolean | null], { size?: number | number[] | null; interpolation?: InterpolationMode | number; maxSize?: number | null; antialias?: boolean | null }, "size">) {
    super();
    const [size, interpolation = "bilinear", maxSize = null, antialias = true] =
      bind("Resize", ["size", "interpolation", "maxSize", "antialias"], args);
    if (!Number.isInteger(size) && !Array.isArray(size)) throw new TypeError(`Size should be int or sequence. Got ${pyClass(size)}`);
    if (Array.isArray(size) && size.length !== 1 && size.length !== 2) throw new RangeError("If size is a sequence, it should have 1 or 2 values");
    this.size = Array.isArray(size) ? [...size] : (size as number);
    this.maxSize = maxSize as number | null;
    this.interpolation = interpolationArg(interpolation);
    this.antialias = antialias as boolean | null;
  }
  forward(img: Tensor): Tensor {
    return F.resize(img, this.size, this.interpolation, this.maxSize, this.antialias);
  }
  toString(): string {
    return `${this.constructor.name}(size=${pyRepr(this.size)}, interpolation=${this.interpolation}, max_size=${pyRepr(this.maxSize)}, antialias=${pyRepr(this.antialias)})`;
  }
}

const SIZE_MSG = "Please provide only two dimensions (h, w) for size.";

/** transforms.CenterCrop(size) */
export class CenterCrop extends Module {
  size: number[];
  constructor(...args: PyArgsReq<[size: number | number[]], [], { size?: number | number[] }, "size">) {
    super();
    const [size] = bind("CenterCrop", ["size"], args);
    this.size = setupSize(size, SIZE_MSG);
  }
  forward(img: Tensor): Tensor {
    return F.centerCrop(img, this.size);
  }
  toString(): string {
    return `${this.constructor.name}(size=${pyRepr(this.size)})`;
  }
}

const PAD_MODES = ["constant", "edge", "reflect", "symmetric"];

/** transforms.Pad(padding, fill = 0, paddingMode = "constant") */
export class Pad extends Module {
  padding: number | number[];
  fill: number | number[];
  paddingMode: string;
  constructor(...args: PyArgsReq<[padding: number | number[]], [fill: F.Fill, paddingMode: "constant" | "edge" | "reflect" | "symmetric"], { padding?: number | number[]; fill?: F.Fill; paddingMode?: "constant" | "edge" | "reflect" | "symmetric" }, "padding">) {
    super();
    const [padding, fill = 0, paddingMode = "constant"] = bind("Pad", ["padding", "fill", "paddingMode"], args);
    if (!isNumber(padding) && !Array.isArray(padding)) throw new TypeError("Got inappropriate padding arg");
    if (!isNumber(fill) && !Array.isArray(fill)) throw new TypeError("Got inappropriate fill arg");
    if (!PAD_MODES.includes(paddingMode as string)) throw new RangeError("Padding mode should be either constant, edge, reflect or symmetric");
    if (Array.isArray(padding) && ![1, 2, 4].includes(padding.length))
      throw new RangeError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
    this.padding = Array.isArray(padding) ? [...padding] : (padding as number);
    this.fill = fill as number | number[];
    this.paddingMode = paddingMode as string;
  }
  forward(img: Tensor): Tensor {
    return F.pad(img, this.padding, this.fill as number, this.paddingMode);
  }
  toString(): string {
    return `${this.constructor.name}(padding=${pyRepr(this.padding)}, fill=${pyRepr(this.fill)}, padding_mode=${this.paddingMode})`;
  }
}

/** transforms.FiveCrop(size): [topLeft, topRight, bottomLeft, bottomRight, center] */
export class FiveCrop extends Module {
  size: number[];
  constructor(...args: PyArgsReq<[size: number | number[]], [], { size?: number | number[] }, "size">) {
    super();
    const [size] = bind("FiveCrop", ["size"], args);
    this.size = setupSize(size, SIZE_MSG);
  }
  forward(img: Tensor): Tensor[] {
    return F.fiveCrop(img, this.size);
  }
  toString(): string {
    return `${this.constructor.name}(size=${pyRepr(this.size)})`;
  }
}

/** transforms.TenCrop(size, verticalFlip = false): the five crops, then those of the flipped image */
export class TenCrop extends Module {
  size: number[];
  verticalFlip: boolean;
  constructor(...args: PyArgsReq<[size: number | number[]], [verticalFlip: boolean], { size?: number | number[]; verticalFlip?: boolean }, "size">) {
    super();
    const [size, verticalFlip = false] = bind("TenCrop", ["size", "verticalFlip"], args);
    this.size = setupSize(size, SIZE_MSG);
    this.verticalFlip = verticalFlip as boolean;
  }
  forward(img: Tensor): Tensor[] {
    return F.tenCrop(img, this.size, this.verticalFlip);
  }
  toString(): string {
    return `${this.constructor.name}(size=${pyRepr(this.size)}, vertical_flip=${pyRepr(this.verticalFlip)})`;
  }
}

// ---------------------------------------------------------------- random crops and flips

/** transforms.RandomCrop(size, padding = null, padIfNeeded = false, fill = 0, paddingMode = "constant") */
export class RandomCrop extends Module {
  size: number[];
  padding: number | number[] | null;
  padIfNeeded: boolean;
  fill: number;
  paddingMode: string;

  /** RandomCrop.get_params(img, outputSize): [i, j, h, w] of a random crop. */
  static getParams(img: Tensor, outputSize: number[]): [number, number, number, number] {
    const [, h, w] = getDimensions(img);
    const [th, tw] = outputSize;
    if (h < th || w < tw)
      throw new RangeError(`Required crop size ${pyRepr(asTuple([th, tw]))} is larger than input image size ${pyRepr(asTuple([h, w]))}`);
    if (w === tw && h === th) return [0, 0, h, w];
    const i = randint(0, h - th + 1);
    const j = randint(0, w - tw + 1);
    return [i, j, th, tw];
  }

  constructor(...args: PyArgsReq<[size: number | number[]], [padding: number | number[] | null, padIfNeeded: boolean, fill: F.Fill, paddingMode: "constant" | "edge" | "reflect" | "symmetric"], { size?: number | number[]; padding?: number | number[] | null; padIfNeeded?: boolean; fill?: F.Fill; paddingMode?: "constant" | "edge" | "reflect" | "symmetric" }, "size">) {
    super();
    const [size, padding = null, padIfNeeded = false, fill = 0, paddingMode = "constant"] =
      bind("RandomCrop", ["size", "padding", "padIfNeeded", "fill", "paddingMode"], args);
    this.size = asTuple([...setupSize(size, SIZE_MSG)]);
    this.padding = Array.isArray(padding) ? [...padding] : (padding as number | null);
    this.padIfNeeded = padIfNeeded as boolean;
    this.fill = fill as number;
    this.paddingMode = paddingMode as string;
  }
  forward(img: Tensor): Tensor {
    if (this.padding !== null) img = F.pad(img, this.padding, this.fill, this.paddingMode);
    const [, height, width] = getDimensions(img);
    if (this.padIfNeeded && width < this.size[1]) img = F.pad(img, [this.size[1] - width, 0], this.fill, this.paddingMode);
    if (this.padIfNeeded && height < this.size[0]) img = F.pad(img, [0, this.size[0] - height], this.fill, this.paddingMode);
    const [i, j, h, w] = RandomCrop.getParams(img, this.size);
    return F.crop(img, i, j, h, w);
  }
  toString(): string {
    return `${this.constructor.name}(size=${pyRepr(this.size)}, padding=${pyRepr(this.padding)})`;
  }
}

function floatPair(v: unknown, msg: string): number[] {
  if (!Array.isArray(v) && typeof v !== "string") throw new TypeError(msg);
  const out = markFloats([...(v as number[])], true);
  return isTuple(v) ? asTuple(out) : out;
}

/** transforms.RandomResizedCrop(size, scale = [0.08, 1], ratio = [3/4, 4/3], interpolation = BILINEAR, antialias = true) */
export class RandomResizedCrop extends Module {
  size: number[];
  scale: number[];
  ratio: number[];
  interpolation: InterpolationMode;
  antialias: boolean | null;

  /** RandomResizedCrop.get_params(img, scale, ratio): [i, j, h, w] of a random crop of the given area and aspect ranges. */
  static getParams(img: Tensor, scale: number[], ratio: number[]): [number, number, number, number] {
    const [, height, width] = getDimensions(img);
    const area = height * width;
    const logRatio = torch.log(torch.tensor(ratio, { dtype: dt.float32 }));
    const lr0 = logRatio.index(0).item() as number, lr1 = logRatio.index(1).item() as number;
    for (let k = 0; k < 10; k++) {
      const targetArea = area * uniform(scale[0], scale[1]);
      const aspectRatio = torch.exp(torch.empty(1).uniform_(lr0, lr1)).item() as number;
      const w = pyRound(Math.sqrt(targetArea * aspectRatio));
      const h = pyRound(Math.sqrt(targetArea / aspectRatio));
      if (0 < w && w <= width && 0 < h && h <= height) {
        const i = randint(0, height - h + 1);
        const j = randint(0, width - w + 1);
        return [i, j, h, w];
      }
    }
    // fallback to a central crop
    const inRatio = width / height;
    let w: number, h: number;
    if (inRatio < Math.min(...ratio)) {
      w = width;
      h = pyRound(w / Math.min(...ratio));
    } else if (inRatio > Math.max(...ratio)) {
      h = height;
      w = pyRound(h * Math.max(...ratio));
    } else {
      w = width;
      h = height;
    }
    return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
  }

  constructor(...args: PyArgsReq<[size: number | number[]], [scale: number[], ratio: number[], interpolation: InterpolationMode | number, antialias: boolean | null], { size?: number | number[]; scale?: number[]; ratio?: number[]; interpolation?: InterpolationMode | number; antialias?: boolean | null }, "size">) {
    super();
    const [size, scale = asTuple([0.08, 1.0]), ratio = asTuple([3.0 / 4.0, 4.0 / 3.0]), interpolation = "bilinear", antialias = true] =
      bind("RandomResizedCrop", ["size", "scale", "ratio", "interpolation", "antialias"], args);
    this.size = setupSize(size, SIZE_MSG);
    this.scale = floatPair(scale, "Scale should be a sequence");
    this.ratio = floatPair(ratio, "Ratio should be a sequence");
    if (this.scale[0] > this.scale[1] || this.ratio[0] > this.ratio[1]) warnOnce("Scale and ratio should be of kind (min, max)");
    this.interpolation = interpolationArg(interpolation);
    this.antialias = antialias as boolean | null;
  }
  forward(img: Tensor): Tensor {
    const [i, j, h, w] = RandomResizedCrop.getParams(img, this.scale, this.ratio);
    return F.resizedCrop(img, i, j, h, w, this.size, this.interpolation, { antialias: this.antialias });
  }
  toString(): string {
    const r4 = (xs: number[]) => pyRepr(markFloats(asTuple(xs.map((x) => pyRoundTo(x, 4))), true));
    return `${this.constructor.name}(size=${pyRepr(this.size)}, scale=${r4(this.scale)}, ratio=${r4(this.ratio)}, interpolation=${this.interpolation}, antialias=${pyRepr(this.antialias)})`;
  }
}

/** transforms.RandomHorizontalFlip(p = 0.5) */
export class RandomHorizontalFlip extends Module {
  p: number;
  constructor(...args: PyArgs<[p: number], { p?: number }>) {
    super();
    const [p = 0.5] = bind("RandomHorizontalFlip", ["p"], args);
    this.p = p as number;
  }
  forward(img: Tensor): Tensor {
    return coin(this.p) ? F.hflip(img) : img;
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p, true)})`;
  }
}

/** transforms.RandomVerticalFlip(p = 0.5) */
export class RandomVerticalFlip extends Module {
  p: number;
  constructor(...args: PyArgs<[p: number], { p?: number }>) {
    super();
    const [p = 0.5] = bind("RandomVerticalFlip", ["p"], args);
    this.p = p as number;
  }
  forward(img: Tensor): Tensor {
    return coin(this.p) ? F.vflip(img) : img;
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p, true)})`;
  }
}

// ---------------------------------------------------------------- random grid transforms

/** transforms.RandomRotation(degrees, interpolation = NEAREST, expand = false, center = null, fill = 0) */
export class RandomRotation extends Module {
  degrees: number[];
  interpolation: InterpolationMode;
  expand: boolean;
  center: number[] | null;
  fill: number | number[];

  /** RandomRotation.get_params(degrees): an angle drawn uniformly from [degrees[0], degrees[1]]. */
  static getParams(degrees: number[]): number {
    return uniform(degrees[0], degrees[1]);
  }

  constructor(...args: PyArgsReq<[degrees: number | number[]], [interpolation: InterpolationMode | number, expand: boolean, center: number[] | null, fill: F.Fill], { degrees?: number | number[]; interpolation?: InterpolationMode | number; expand?: boolean; center?: number[] | null; fill?: F.Fill }, "degrees">) {
    super();
    const [degrees, interpolation = "nearest", expand = false, center = null, fill = 0] =
      bind("RandomRotation", ["degrees", "interpolation", "expand", "center", "fill"], args);
    this.interpolation = interpolationArg(interpolation);
    this.degrees = setupAngle(degrees, "degrees", [2]);
    if (center !== null) checkSequenceInput(center, "center", [2]);
    this.center = center === null ? null : [...(center as number[])];
    this.expand = expand as boolean;
    this.fill = fillSetup(fill);
  }
  forward(img: Tensor): Tensor {
    const [channels] = getDimensions(img);
    const fill = fillList(this.fill, channels);
    const angle = RandomRotation.getParams(this.degrees);
    return F.rotate(img, angle, this.interpolation, this.expand, this.center, fill);
  }
  toString(): string {
    let s = `${this.constructor.name}(degrees=${pyRepr(this.degrees)}, interpolation=${this.interpolation}, expand=${pyRepr(this.expand)}`;
    if (this.center !== null) s += `, center=${pyRepr(this.center)}`;
    if (this.fill !== null) s += `, fill=${pyRepr(this.fill)}`;
    return s + ")";
  }
}

/** transforms.RandomAffine(degrees, translate = null, scale = null, shear = null, interpolation = NEAREST, fill = 0, center = null) */
export class RandomAffine extends Module {
  degrees: number[];
  translate: number[] | null;
  scale: number[] | null;
  shear: number[] | null;
  interpolation: InterpolationMode;
  fill: number | number[];
  center: number[] | null;

  /**
   * RandomAffine.get_params(degrees, translate, scaleRanges, shears, imgSize): [angle, [tx, ty], scale, [shearX, shearY]]
   * (imgSize is [width, height]).
   */
  static getParams(degrees: number[], translate: number[] | null, scaleRanges: number[] | null, shears: number[] | null, imgSize: number[]): [number, [number, number], number, [number, number]] {
    const angle = uniform(degrees[0], degrees[1]);
    let translations: [number, number] = [0, 0];
    if (translate !== null && translate !== undefined) {
      const maxDx = translate[0] * imgSize[0];
      const maxDy = translate[1] * imgSize[1];
      const tx = pyRound(uniform(-maxDx, maxDx));
      const ty = pyRound(uniform(-maxDy, maxDy));
      translations = [tx, ty];
    }
    const scale = scaleRanges !== null && scaleRanges !== undefined ? uniform(scaleRanges[0], scaleRanges[1]) : 1.0;
    let shearX = 0.0, shearY = 0.0;
    if (shears !== null && shears !== undefined) {
      shearX = uniform(shears[0], shears[1]);
      if (shears.length === 4) shearY = uniform(shears[2], shears[3]);
    }
    return [angle, translations, scale, [shearX, shearY]];
  }

  constructor(...args: PyArgsReq<[degrees: number | number[]], [translate: number[] | null, scale: number[] | null, shear: number | number[] | null, interpolation: InterpolationMode | number, fill: F.Fill, center: number[] | null], { degrees?: number | number[]; translate?: number[] | null; scale?: number[] | null; shear?: number | number[] | null; interpolation?: InterpolationMode | number; fill?: F.Fill; center?: number[] | null }, "degrees">) {
    super();
    const [degrees, translate = null, scale = null, shear = null, interpolation = "nearest", fill = 0, center = null] =
      bind("RandomAffine", ["degrees", "translate", "scale", "shear", "interpolation", "fill", "center"], args);
    this.interpolation = interpolationArg(interpolation);
    this.degrees = setupAngle(degrees, "degrees", [2]);
    if (translate !== null) {
      checkSequenceInput(translate, "translate", [2]);
      for (const t of translate as number[]) if (!(0.0 <= t && t <= 1.0)) throw new RangeError("translation values should be between 0 and 1");
    }
    this.translate = translate === null ? null : markFloats([...(translate as number[])], true);
    if (scale !== null) {
      checkSequenceInput(scale, "scale", [2]);
      for (const s of scale as number[]) if (s <= 0) throw new RangeError("scale values should be positive");
    }
    this.scale = scale === null ? null : markFloats([...(scale as number[])], true);
    this.shear = shear !== null ? setupAngle(shear, "shear", [2, 4]) : null;
    this.fill = fillSetup(fill);
    if (center !== null) checkSequenceInput(center, "center", [2]);
    this.center = center === null ? null : [...(center as number[])];
  }
  forward(img: Tensor): Tensor {
    const [channels, height, width] = getDimensions(img);
    const fill = fillList(this.fill, channels);
    const [angle, translations, scale, shear] = RandomAffine.getParams(this.degrees, this.translate, this.scale, this.shear, [width, height]);
    return F.affine(img, angle, translations, scale, shear, { interpolation: this.interpolation, fill, center: this.center });
  }
  toString(): string {
    let s = `${this.constructor.name}(degrees=${pyRepr(this.degrees)}`;
    if (this.translate !== null) s += `, translate=${pyRepr(this.translate)}`;
    if (this.scale !== null) s += `, scale=${pyRepr(this.scale)}`;
    if (this.shear !== null) s += `, shear=${pyRepr(this.shear)}`;
    if (this.interpolation !== "nearest") s += `, interpolation=${this.interpolation}`;
    if (!(isNumber(this.fill) && this.fill === 0)) s += `, fill=${pyRepr(this.fill)}`;
    if (this.center !== null) s += `, center=${pyRepr(this.center)}`;
    return s + ")";
  }
}

/** transforms.RandomPerspective(distortionScale = 0.5, p = 0.5, interpolation = BILINEAR, fill = 0) */
export class RandomPerspective extends Module {
  p: number;
  interpolation: InterpolationMode;
  distortionScale: number;
  fill: number | number[];

  /** RandomPerspective.get_params(width, height, distortionScale): [startpoints, endpoints] (four [x, y] corners each). */
  static getParams(width: number, height: number, distortionScale: number): [number[][], number[][]] {
    const halfHeight = Math.floor(height / 2);
    const halfWidth = Math.floor(width / 2);
    const dw = Math.trunc(distortionScale * halfWidth);
    const dh = Math.trunc(distortionScale * halfHeight);
    const topleft = [randint(0, dw + 1), randint(0, dh + 1)];
    const topright = [randint(width - dw - 1, width), randint(0, dh + 1)];
    const botright = [randint(width - dw - 1, width), randint(height - dh - 1, height)];
    const botleft = [randint(0, dw + 1), randint(height - dh - 1, height)];
    const startpoints = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]];
    return [startpoints, [topleft, topright, botright, botleft]];
  }

  constructor(...args: PyArgs<[distortionScale: number, p: number, interpolation: InterpolationMode | number, fill: F.Fill], { distortionScale?: number; p?: number; interpolation?: InterpolationMode | number; fill?: F.Fill }>) {
    super();
    const [distortionScale = 0.5, p = 0.5, interpolation = "bilinear", fill = 0] =
      bind("RandomPerspective", ["distortionScale", "p", "interpolation", "fill"], args);
    this.p = p as number;
    this.interpolation = interpolationArg(interpolation);
    this.distortionScale = distortionScale as number;
    this.fill = fillSetup(fill);
  }
  forward(img: Tensor): Tensor {
    const [channels, height, width] = getDimensions(img);
    const fill = fillList(this.fill, channels);
    if (coin(this.p)) {
      const [startpoints, endpoints] = RandomPerspective.getParams(width, height, this.distortionScale);
      return F.perspective(img, startpoints, endpoints, this.interpolation, fill);
    }
    return img;
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p, true)})`;
  }
}

// ---------------------------------------------------------------- erasing

/** transforms.RandomErasing(p = 0.5, scale = [0.02, 0.33], ratio = [0.3, 3.3], value = 0, inplace = false): value a number, a per-channel list or "random" */
export class RandomErasing extends Module {
  p: number;
  scale: number[];
  ratio: number[];
  value: number | number[] | string;
  inplace: boolean;

  /**
   * RandomErasing.get_params(img, scale, ratio, value = null): [i, j, h, w, v] of a random region and its value
   * (normal noise when value is null); [0, 0, H, W, img] when no region fits in 10 tries.
   */
  static getParams(img: Tensor, scale: number[], ratio: number[], value: number[] | null = null): [number, number, number, number, Tensor] {
    const n = img.dim();
    const imgC = img.shape[n - 3], imgH = img.shape[n - 2], imgW = img.shape[n - 1];
    const area = imgH * imgW;
    const logRatio = torch.log(torch.tensor(ratio, { dtype: dt.float32 }));
    const lr0 = logRatio.index(0).item() as number, lr1 = logRatio.index(1).item() as number;
    for (let k = 0; k < 10; k++) {
      const eraseArea = area * uniform(scale[0], scale[1]);
      const aspectRatio = torch.exp(torch.empty(1).uniform_(lr0, lr1)).item() as number;
      const h = pyRound(Math.sqrt(eraseArea * aspectRatio));
      const w = pyRound(Math.sqrt(eraseArea / aspectRatio));
      if (!(h < imgH && w < imgW)) continue;
      const v = value === null || value === undefined
        ? torch.empty([imgC, h, w], { dtype: dt.float32 }).normal_()
        : torch.tensor(value, { dtype: dt.float32 }).view(-1, 1, 1);
      const i = randint(0, imgH - h + 1);
      const j = randint(0, imgW - w + 1);
      return [i, j, h, w, v];
    }
    return [0, 0, imgH, imgW, img];
  }

  constructor(...args: PyArgs<[p: number, scale: number[], ratio: number[], value: number | number[] | "random", inplace: boolean], { p?: number; scale?: number[]; ratio?: number[]; value?: number | number[] | "random"; inplace?: boolean }>) {
    super();
    const [p = 0.5, scale = asTuple([0.02, 0.33]), ratio = asTuple([0.3, 3.3]), value = 0, inplace = false] =
      bind("RandomErasing", ["p", "scale", "ratio", "value", "inplace"], args);
    if (!isNumber(value) && typeof value !== "string" && !Array.isArray(value))
      throw new TypeError("Argument value should be either a number or str or a sequence");
    if (typeof value === "string" && value !== "random") throw new RangeError("If value is str, it should be 'random'");
    const sc = floatPair(scale, "Scale should be a sequence");
    const ra = floatPair(ratio, "Ratio should be a sequence");
    if (sc[0] > sc[1] || ra[0] > ra[1]) warnOnce("Scale and ratio should be of kind (min, max)");
    if (sc[0] < 0 || sc[1] > 1) throw new RangeError("Scale should be between 0 and 1");
    if (!isNumber(p)) throw new TypeError(`RandomErasing(): argument 'p' must be float, not ${describe(p)}`);
    if (p < 0 || p > 1) throw new RangeError("Random erasing probability should be between 0 and 1");
    this.p = p;
    this.scale = sc;
    this.ratio = ra;
    this.value = Array.isArray(value) ? [...value] : (value as number | string);
    this.inplace = inplace as boolean;
  }
  forward(img: Tensor): Tensor {
    if (coin(this.p)) {
      let value: number[] | null;
      if (isNumber(this.value)) value = [this.value];
      else if (typeof this.value === "string") value = null;
      else value = [...this.value];
      const c = img.shape[img.dim() - 3];
      if (value !== null && value.length !== 1 && value.length !== c)
        throw new RangeError(`If value is a sequence, it should have either a single value or ${c} (number of input channels)`);
      const [x, y, h, w, v] = RandomErasing.getParams(img, this.scale, this.ratio, value);
      return F.erase(img, x, y, h, w, v, this.inplace);
    }
    return img;
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyRepr(this.p, true)}, scale=${pyRepr(this.scale)}, ratio=${pyRepr(this.ratio)}, value=${pyRepr(this.value)}, inplace=${pyRepr(this.inplace)})`;
  }
}


// ---------------------------------------------------------------- elastic

function floatsArg(v: unknown, name: string): number[] {
  // Python asks for floats; a JS number is accepted whether or not it is integral (50 and 50.0 are one number here)
  if (!isNumber(v) && !Array.isArray(v)) throw new TypeError(`${name} should be float or a sequence of floats. Got ${pyClass(v)}`);
  if (Array.isArray(v) && v.length !== 2) throw new RangeError(`If ${name} is a sequence its length should be 2. Got ${v.length}`);
  if (Array.isArray(v)) for (const e of v) if (!isNumber(e)) throw new TypeError(`${name} should be a sequence of floats. Got ${pyClass(e)}`);
  const out = isNumber(v) ? [v, v] : [...(v as number[])];
  return markFloats(out as number[], true);
}

const ENUM_NAMES: Record<string, string> = {
  nearest: "NEAREST", "nearest-exact": "NEAREST_EXACT", bilinear: "BILINEAR", bicubic: "BICUBIC", box: "BOX", hamming: "HAMMING", lanczos: "LANCZOS",
};

/**
 * transforms.ElasticTransform(alpha = 50.0, sigma = 5.0, interpolation = BILINEAR, fill = 0): displaces every pixel by
 * random offsets (strength alpha, smoothness sigma; a number or [x, y] each).
 */
export class ElasticTransform extends Module {
  alpha: number[];
  sigma: number[];
  interpolation: InterpolationMode;
  fill: number[];

  /** ElasticTransform.get_params(alpha, sigma, size): the random [1, H, W, 2] displacement for an image of size [H, W]. */
  static getParams(alpha: number[], sigma: number[], size: number[]): Tensor {
    return elasticDisplacement(alpha, sigma, size);
  }

  constructor(...args: PyArgs<[alpha: number | number[], sigma: number | number[], interpolation: InterpolationMode | number, fill: F.Fill], { alpha?: number | number[]; sigma?: number | number[]; interpolation?: InterpolationMode | number; fill?: F.Fill }>) {
    super();
    const [alpha = 50.0, sigma = 5.0, interpolation = "bilinear", fill = 0] =
      bind("ElasticTransform", ["alpha", "sigma", "interpolation", "fill"], args);
    this.alpha = floatsArg(alpha, "alpha");
    this.sigma = floatsArg(sigma, "sigma");
    this.interpolation = interpolationArg(interpolation);
    if (isNumber(fill)) this.fill = markFloats([fill], true);
    else if (Array.isArray(fill) && fill.every(isNumber)) this.fill = markFloats([...fill], true);
    else throw new TypeError(`fill should be int or float or a list or tuple of them. Got ${pyClass(fill)}`);
  }
  forward(img: Tensor): Tensor {
    const [, height, width] = getDimensions(img);
    const displacement = ElasticTransform.getParams(this.alpha, this.sigma, [height, width]);
    return F.elasticTransform(img, displacement, this.interpolation, this.fill);
  }
  toString(): string {
    return `${this.constructor.name}(alpha=${pyRepr(this.alpha)}, sigma=${pyRepr(this.sigma)}, interpolation=InterpolationMode.${ENUM_NAMES[this.interpolation]}, fill=${pyRepr(this.fill)})`;
  }
}
