// transforms.functional, the color half (torchvision/transforms/functional.py and
// _functional_tensor.py, tensor path): conversions (toTensor, pilToTensor, normalize),
// the color adjustments (adjustBrightness / Contrast / Saturation / Hue / Gamma /
// Sharpness), grayscale, invert, posterize, solarize, autocontrast, equalize and
// gaussianBlur. Images are [..., C, H, W] tensors (uint8 or float); a uint8 CHW tensor
// stands where torchvision takes a PIL image.
//
// Every function takes its arguments positionally in torchvision's order or in one
// trailing options object with camelCase keys (`adjustGamma(img, { gamma: 2, gain: 1 })`).
// Python floats that torchvision multiplies integer images by are made explicit
// (PORTING rule 12): the image is cast to float32 first, as Python's type promotion does.
import { Tensor } from "../../tensor";
import type { PyArgs, PyArgsReq } from "../../args";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { describe } from "../../device";
import { pyFloat } from "../../nn/repr";
import { bindArgs, numArg, intArg } from "./color_util";
import { conv2d, pad as torchPad } from "../../nn/functional";
import {
  assertImageTensor, assertChannels, getDimensions, maxValue, castSqueezeIn, castSqueezeOut, convertImageDtype, blend,
} from "./_image";

function tensorImage(v: unknown, what = "img"): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${what} should be Tensor Image. Got ${describe(v)}`);
  return v;
}

/** Python's repr of a list of numbers (`[3, 5]`). */
function pyList(v: readonly number[]): string {
  return `[${v.join(", ")}]`;
}

// ---------------------------------------------------------------- conversions

/**
 * How a 3-d tensor's layout is read by toTensor / pilToTensor: CHW (the
 * stand-in for a PIL image, what io.readImage returns) unless the last dim holds 1, 3 or 4
 * channels and the first does not (then HWC, a numpy-style array: [H, W, C]).
 */
function isHWC(t: Tensor): boolean {
  if (t.dim() !== 3) return false;
  const [a, , c] = t.shape;
  const ch = (n: number) => n === 1 || n === 3 || n === 4;
  return ch(c) && !ch(a);
}

function asCHW(pic: unknown): Tensor {
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be PIL Image or ndarray. Got ${describe(pic)}`);
  if (pic.dim() !== 2 && pic.dim() !== 3) throw new RangeError(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
  if (pic.dim() === 2) return pic.unsqueeze(0);
  return isHWC(pic) ? pic.permute(2, 0, 1) : pic;
}

/**
 * to_tensor(pic): an image (uint8 [C, H, W] or [H, W, C], see isHWC; or [H, W]) to a
 * CHW tensor; uint8 values become the default float dtype divided by 255, other dtypes
 * keep their values (numpy arrays in torchvision).
 */
export function toTensor(pic: Tensor): Tensor;
export function toTensor(options: { pic: Tensor }): Tensor;
export function toTensor(...args: unknown[]): Tensor {
  const [pic] = bindArgs("to_tensor", ["pic"], 1, args);
  const img = asCHW(pic).contiguous();
  // the converted copy is this call's own: divided in place (the same values as div)
  if (img.dtype === dt.uint8) return img.to(torch.getDefaultDtype()).div_(255);
  return img;
}

/** pil_to_tensor(pic): the image as a CHW tensor of the same dtype (values unchanged). */
export function pilToTensor(pic: Tensor): Tensor;
export function pilToTensor(options: { pic: Tensor }): Tensor;
export function pilToTensor(...args: unknown[]): Tensor {
  const [pic] = bindArgs("pil_to_tensor", ["pic"], 1, args);
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be PIL Image. Got ${describe(pic)}`);
  return asCHW(pic).clone();
}

/**
 * to_pil_image(pic, mode = null)'s counterpart: the uint8 [C, H, W] image a tensor stands for
 * (a 3-d tensor is CHW, as torchvision's tensor path reads it; [H, W] gets a channel dim). Floats
 * are scaled as to_pil_image does (`pic.mul(255).byte()`, truncating) unless mode is "F" (one
 * float32 channel, kept). `mode` is checked against the channel count with torchvision's messages.
 */
export function toPilImage(pic: Tensor, ...rest: PyArgs<[mode: string | null], { mode?: string | null }>): Tensor;
export function toPilImage(options: { pic: Tensor; mode?: string | null }): Tensor;
export function toPilImage(...args: unknown[]): Tensor {
  const [pic, mode0 = null] = bindArgs("to_pil_image", ["pic", "mode"], 1, args);
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be Tensor or ndarray. Got ${describe(pic)}.`);
  if (mode0 !== null && typeof mode0 !== "string") throw new TypeError(`to_pil_image(): argument 'mode' must be str or None, not ${describe(mode0)}`);
  const mode = mode0 as string | null;
  let img: Tensor = pic.dim() === 2 ? pic.unsqueeze(0) : pic;
  if (img.dim() !== 3) throw new RangeError(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
  const c = img.shape[0];
  if (c > 4) throw new RangeError(`pic should not have > 4 channels. Got ${c} channels.`);
  if (img.isFloatingPoint() && mode !== "F") img = img.mul(255).to(dt.uint8);
  const npName = img.dtype.name;
  const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(", ")}]`;
  if (c === 1) {
    const expected = img.dtype === dt.uint8 ? "L" : img.dtype === dt.int16 ? "I;16" : img.dtype === dt.int32 ? "I" : img.dtype === dt.float32 ? "F" : null;
    if (mode !== null && mode !== expected) // torchvision's message prints np.dtype itself
      throw new RangeError(`Incorrect mode (${mode}) supplied for input type <class 'numpy.dtype'>. Should be ${expected}`);
    if (expected === null) throw new TypeError(`Input type ${npName} is not supported`);
    return img.contiguous();
  }
  const permitted = c === 2 ? ["LA"] : c === 4 ? ["RGBA", "CMYK", "RGBX"] : ["RGB", "YCbCr", "HSV"];
  if (mode !== null && !permitted.includes(mode)) throw new RangeError(`Only modes ${list(permitted)} are supported for ${c}D inputs`);
  if (img.dtype !== dt.uint8) throw new TypeError(`Input type ${npName} is not supported`);
  return img.contiguous();
}

/** ToImage's functional form: toPilImage(pic) (the uint8 CHW image). */
export function toImage(pic: Tensor): Tensor;
export function toImage(options: { pic: Tensor }): Tensor;
export function toImage(...args: unknown[]): Tensor {
  const [pic] = bindArgs("to_image", ["pic"], 1, args);
  return toPilImage(pic as Tensor);
}

/** normalize(tensor, mean, std, inplace = false): (tensor - mean) / std per channel, on float images. */
export function normalize(tensor: Tensor, ...args: PyArgsReq<[mean: number[] | Tensor, std: number[] | Tensor], [inplace: boolean], { mean?: number[] | Tensor; std?: number[] | Tensor; inplace?: boolean }, "mean" | "std">): Tensor;
export function normalize(...args: unknown[]): Tensor {
  const [t0, mean0, std0, inplace = false] = bindArgs("normalize", ["tensor", "mean", "std", "inplace"], 3, args);
  const tensor = tensorImage(t0, "img");
  assertImageTensor(tensor, "tensor");
  if (!tensor.isFloatingPoint()) throw new TypeError(`Input tensor should be a float tensor. Got ${tensor.dtype}.`);
  if (tensor.dim() < 3)
    throw new RangeError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ${String(tensor.size())}`);
  if (typeof inplace !== "boolean") throw new TypeError(`normalize(): argument 'inplace' must be bool, not ${describe(inplace)}`);
  const dtype = tensor.dtype;
  const seq = (v: unknown, name: string): Tensor => {
    if (v instanceof Tensor) return v.to(dtype);
    if (typeof v === "number") return torch.tensor(v, { dtype });
    if (Array.isArray(v) && v.every((x) => typeof x === "number")) return torch.tensor(v as number[], { dtype });
    throw new TypeError(`normalize(): argument '${name}' must be a sequence of floats, not ${describe(v)}`);
  };
  let mean = seq(mean0, "mean");
  let std = seq(std0, "std");
  if (std.eq(0).any().item()) throw new RangeError(`std evaluated to zero after conversion to ${dtype}, leading to division by zero.`);
  if (mean.dim() === 1) mean = mean.view(-1, 1, 1);
  if (std.dim() === 1) std = std.view(-1, 1, 1);
  if (inplace) return tensor.sub_(mean).div_(std);
  // tensor.clone().sub_(mean).div_(std) without the clone's extra pass: sub makes the copy. A mean that would
  // broadcast the tensor to more channels goes the clone's way, for sub_'s error.
  const out = tensor.sub(mean);
  if (out.dim() !== tensor.dim() || out.shape.some((n, i) => n !== tensor.shape[i])) return tensor.clone().sub_(mean).div_(std);
  return out.div_(std);
}

// ---------------------------------------------------------------- grayscale

function rgbToGrayscaleImpl(img: Tensor, numOutputChannels: number): Tensor {
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  assertChannels(img, [1, 3]);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) throw new RangeError("num_output_channels should be either 1 or 3");
  let l: Tensor;
  if (img.shape[img.dim() - 3] === 3) {
    // Python's float constants promote an integer image to float32 (PORTING rule 12)
    const f = img.isFloatingPoint() ? img : img.to(dt.float32);
    const [r, g, b] = f.unbind(-3);
    l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype).unsqueeze(-3);
  } else {
    l = img.clone();
  }
  if (numOutputChannels === 3) return l.expand(img.shape);
  return l;
}

/** rgb_to_grayscale(img, numOutputChannels = 1): ITU-R 601-2 luma of an RGB (or 1-channel) image. */
export function rgbToGrayscale(img: Tensor, ...args: PyArgs<[numOutputChannels: number], { numOutputChannels?: number }>): Tensor;
export function rgbToGrayscale(...args: unknown[]): Tensor {
  const [img, n = 1] = bindArgs("rgb_to_grayscale", ["img", "numOutputChannels"], 1, args);
  return rgbToGrayscaleImpl(tensorImage(img), intArg("rgb_to_grayscale", n, "numOutputChannels"));
}

/**
 * to_grayscale(img, numOutputChannels = 1): torchvision's PIL-only variant; here a tensor
 * stands for the PIL image, so it is rgbToGrayscale (the tensor formula, not PIL's "L" rounding).
 */
export function toGrayscale(img: Tensor, ...args: PyArgs<[numOutputChannels: number], { numOutputChannels?: number }>): Tensor;
export function toGrayscale(...args: unknown[]): Tensor {
  const [img, n = 1] = bindArgs("to_grayscale", ["img", "numOutputChannels"], 1, args);
  return rgbToGrayscaleImpl(tensorImage(img), intArg("to_grayscale", n, "numOutputChannels"));
}

// ---------------------------------------------------------------- color adjustments

/** adjust_brightness(img, brightnessFactor): blends with black (0 black, 1 unchanged, 2 twice as bright). */
export function adjustBrightness(img: Tensor, ...args: PyArgsReq<[brightnessFactor: number], [], { brightnessFactor?: number }, "brightnessFactor">): Tensor;
export function adjustBrightness(...args: unknown[]): Tensor {
  const [img0, f0] = bindArgs("adjust_brightness", ["img", "brightnessFactor"], 2, args);
  const img = tensorImage(img0);
  const f = numArg("adjust_brightness", f0, "brightnessFactor");
  if (f < 0) throw new RangeError(`brightness_factor (${f}) is not non-negative.`);
  assertImageTensor(img);
  assertChannels(img, [1, 3]);
  return blend(img, torch.zerosLike(img), f);
}

/** adjust_contrast(img, contrastFactor): blends with the mean gray level. */
export function adjustContrast(img: Tensor, ...args: PyArgsReq<[contrastFactor: number], [], { contrastFactor?: number }, "contrastFactor">): Tensor;
export function adjustContrast(...args: unknown[]): Tensor {
  const [img0, f0] = bindArgs("adjust_contrast", ["img", "contrastFactor"], 2, args);
  const img = tensorImage(img0);
  const f = numArg("adjust_contrast", f0, "contrastFactor");
  if (f < 0) throw new RangeError(`contrast_factor (${f}) is not non-negative.`);
  assertImageTensor(img);
  assertChannels(img, [3, 1]);
  const c = getDimensions(img)[0];
  const dtype = img.isFloatingPoint() ? img.dtype : dt.float32;
  const src = c === 3 ? rgbToGrayscaleImpl(img, 1) : img;
  const mean = torch.mean(src.to(dtype), [-3, -2, -1], true);
  return blend(img, mean, f);
}

/** adjust_saturation(img, saturationFactor): blends with the grayscale image (1-channel images unchanged). */
export function adjustSaturation(img: Tensor, ...args: PyArgsReq<[saturationFactor: number], [], { saturationFactor?: number }, "saturationFactor">): Tensor;
export function adjustSaturation(...args: unknown[]): Tensor {
  const [img0, f0] = bindArgs("adjust_saturation", ["img", "saturationFactor"], 2, args);
  const img = tensorImage(img0);
  const f = numArg("adjust_saturation", f0, "saturationFactor");
  if (f < 0) throw new RangeError(`saturation_factor (${f}) is not non-negative.`);
  assertImageTensor(img);
  assertChannels(img, [1, 3]);
  if (getDimensions(img)[0] === 1) return img;
  return blend(img, rgbToGrayscaleImpl(img, 1), f);
}

function rgb2hsv(img: Tensor): Tensor {
  const [r, g, b] = img.unbind(-3);
  const maxc = torch.max(img, -3).values;
  const minc = torch.min(img, -3).values;
  const eqc = maxc.eq(minc);
  const cr = maxc.sub(minc);
  const ones = torch.onesLike(maxc);
  const s = cr.div(torch.where(eqc, ones, maxc));
  const crDivisor = torch.where(eqc, ones, cr);
  const rc = maxc.sub(r).div(crDivisor);
  const gc = maxc.sub(g).div(crDivisor);
  const bc = maxc.sub(b).div(crDivisor);
  const hr = maxc.eq(r).mul(bc.sub(gc));
  const hg = maxc.eq(g).logicalAnd(maxc.ne(r)).mul(rc.add(2.0).sub(bc));
  const hb = maxc.ne(g).logicalAnd(maxc.ne(r)).mul(gc.add(4.0).sub(rc));
  const h = torch.fmod(hr.add(hg).add(hb).div(6.0).add(1.0), 1.0);
  return torch.stack([h, s, maxc], -3);
}

function hsv2rgb(img: Tensor): Tensor {
  const [h, s, v] = img.unbind(-3);
  const i0 = torch.floor(h.mul(6.0));
  const f = h.mul(6.0).sub(i0);
  let i = i0.to(dt.int32);
  const p = torch.clamp(v.mul(torch.rsub(s, 1.0)), 0.0, 1.0);
  const q = torch.clamp(v.mul(torch.rsub(s.mul(f), 1.0)), 0.0, 1.0);
  const t = torch.clamp(v.mul(torch.rsub(s.mul(torch.rsub(f, 1.0)), 1.0)), 0.0, 1.0);
  i = i.remainder(6);
  const mask = i.unsqueeze(-3).eq(torch.arange(6, { device: i.device }).view(-1, 1, 1));
  const a1 = torch.stack([v, q, p, p, t, v], -3);
  const a2 = torch.stack([t, v, v, q, p, p], -3);
  const a3 = torch.stack([p, p, t, v, v, q], -3);
  const a4 = torch.stack([a1, a2, a3], -4);
  return torch.einsum("...ijk, ...xijk -> ...xjk", mask.to(img.dtype), a4);
}

/** adjust_hue(img, hueFactor): shifts the hue (HSV) by hueFactor in [-0.5, 0.5]. */
export function adjustHue(img: Tensor, ...args: PyArgsReq<[hueFactor: number], [], { hueFactor?: number }, "hueFactor">): Tensor;
export function adjustHue(...args: unknown[]): Tensor {
  const [img0, f0] = bindArgs("adjust_hue", ["img", "hueFactor"], 2, args);
  const f = numArg("adjust_hue", f0, "hueFactor");
  if (!(-0.5 <= f && f <= 0.5)) throw new RangeError(`hue_factor (${f}) is not in [-0.5, 0.5].`);
  if (!(img0 instanceof Tensor)) throw new TypeError("Input img should be Tensor image");
  let img: Tensor = img0;
  assertImageTensor(img);
  assertChannels(img, [1, 3]);
  if (getDimensions(img)[0] === 1) return img;
  const origDtype = img.dtype;
  img = convertImageDtype(img, dt.float32);
  img = rgb2hsv(img);
  const [h, s, v] = img.unbind(-3);
  const h2 = h.add(f).remainder(1.0);
  const out = hsv2rgb(torch.stack([h2, s, v], -3));
  return convertImageDtype(out, origDtype);
}

/** adjust_gamma(img, gamma, gain = 1): gain * img ** gamma on the [0, 1] scale. */
export function adjustGamma(img: Tensor, ...args: PyArgsReq<[gamma: number], [gain: number], { gamma?: number; gain?: number }, "gamma">): Tensor;
export function adjustGamma(...args: unknown[]): Tensor {
  const [img0, g0, gain0 = 1] = bindArgs("adjust_gamma", ["img", "gamma", "gain"], 2, args);
  if (!(img0 instanceof Tensor)) throw new TypeError("Input img should be a Tensor.");
  const img = img0;
  assertChannels(img, [1, 3]);
  const gamma = numArg("adjust_gamma", g0, "gamma");
  const gain = numArg("adjust_gamma", gain0, "gain");
  if (gamma < 0) throw new RangeError("Gamma should be a non-negative real number");
  const dtype = img.dtype;
  let result = img.isFloatingPoint() ? img : convertImageDtype(img, dt.float32);
  result = result.pow(gamma).mul(gain).clamp(0, 1);
  return convertImageDtype(result, dtype);
}

/** invert(img): max - img (255 - img for uint8, 1 - img for floats). */
export function invert(img: Tensor): Tensor;
export function invert(...args: unknown[]): Tensor {
  const [img0] = bindArgs("invert", ["img"], 1, args);
  const img = tensorImage(img0);
  assertImageTensor(img);
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  assertChannels(img, [1, 3]);
  return torch.rsub(img, maxValue(img.dtype));
}

/** posterize(img, bits): keeps the `bits` high bits of each uint8 channel value (0 to 8). */
export function posterize(img: Tensor, ...args: PyArgsReq<[bits: number], [], { bits?: number }, "bits">): Tensor;
export function posterize(...args: unknown[]): Tensor {
  const [img0, b0] = bindArgs("posterize", ["img", "bits"], 2, args);
  const bits = intArg("posterize", b0, "bits");
  if (!(0 <= bits && bits <= 8)) throw new RangeError(`The number if bits should be between 0 and 8. Got ${bits}`);
  const img = tensorImage(img0);
  assertImageTensor(img);
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  if (img.dtype !== dt.uint8) throw new TypeError(`Only torch.uint8 image tensors are supported, but found ${img.dtype}`);
  assertChannels(img, [1, 3]);
  const mask = -(2 ** (8 - bits));
  return img.bitwiseAnd(mask);
}

/** solarize(img, threshold): inverts the values >= threshold. */
export function solarize(img: Tensor, ...args: PyArgsReq<[threshold: number], [], { threshold?: number }, "threshold">): Tensor;
export function solarize(...args: unknown[]): Tensor {
  const [img0, t0] = bindArgs("solarize", ["img", "threshold"], 2, args);
  const img = tensorImage(img0);
  const threshold = numArg("solarize", t0, "threshold");
  assertImageTensor(img);
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  assertChannels(img, [1, 3]);
  if (threshold > maxValue(img.dtype)) throw new TypeError("Threshold should be less than bound of img.");
  const inverted = torch.rsub(img, maxValue(img.dtype));
  return torch.where(img.ge(threshold), inverted, img);
}

function blurredDegenerateImage(img: Tensor): Tensor {
  const dtype = img.isFloatingPoint() ? img.dtype : dt.float32;
  let kernel = torch.ones([3, 3], { dtype, device: img.device });
  kernel.indexPut_([1, 1], 5.0);
  kernel = kernel.div(kernel.sum());
  const c = img.shape[img.dim() - 3];
  kernel = kernel.expand(c, 1, 3, 3);
  const [t, needCast, needSqueeze, outDtype] = castSqueezeIn(img, [kernel.dtype]);
  let tmp = conv2d(t, kernel, { groups: t.shape[t.dim() - 3] });
  tmp = castSqueezeOut(tmp, needCast, needSqueeze, outDtype);
  const result = img.clone();
  result.indexPut_(["...", "1:-1", "1:-1"], tmp);
  return result;
}

/** adjust_sharpness(img, sharpnessFactor): blends with a smoothed image (0 blurred, 1 unchanged, 2 sharper). */
export function adjustSharpness(img: Tensor, ...args: PyArgsReq<[sharpnessFactor: number], [], { sharpnessFactor?: number }, "sharpnessFactor">): Tensor;
export function adjustSharpness(...args: unknown[]): Tensor {
  const [img0, f0] = bindArgs("adjust_sharpness", ["img", "sharpnessFactor"], 2, args);
  const img = tensorImage(img0);
  const f = numArg("adjust_sharpness", f0, "sharpnessFactor");
  if (f < 0) throw new RangeError(`sharpness_factor (${f}) is not non-negative.`);
  assertImageTensor(img);
  assertChannels(img, [1, 3]);
  const n = img.dim();
  if (img.shape[n - 1] <= 2 || img.shape[n - 2] <= 2) return img;
  return blend(img, blurredDegenerateImage(img), f);
}

/** autocontrast(img): stretches each channel so that its minimum is black and maximum white. */
export function autocontrast(img: Tensor): Tensor;
export function autocontrast(...args: unknown[]): Tensor {
  const [img0] = bindArgs("autocontrast", ["img"], 1, args);
  const img = tensorImage(img0);
  assertImageTensor(img);
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  assertChannels(img, [1, 3]);
  const bound = maxValue(img.dtype);
  const dtype = img.isFloatingPoint() ? img.dtype : dt.float32;
  const minimum = img.amin([-2, -1], true).to(dtype);
  const maximum = img.amax([-2, -1], true).to(dtype);
  // Python's `bound / tensor` is Tensor.__rdiv__: tensor.reciprocal() * bound
  const scale = maximum.sub(minimum).reciprocal().mul(bound);
  const eq = torch.isfinite(scale).logicalNot();
  minimum.indexPut_([eq], 0);
  scale.indexPut_([eq], 1);
  const f = img.isFloatingPoint() ? img : img.to(dtype);
  return f.sub(minimum).mul(scale).clamp(0, bound).to(img.dtype);
}

function scaleChannel(chan: Tensor): Tensor {
  const hist = torch.bincount(chan.reshape(-1), { minlength: 256 });
  const nonzero = hist.index(hist.ne(0));
  const step = torch.div(nonzero.index(":-1").sum(), 255, { roundingMode: "floor" });
  if (step.item() === 0) return chan;
  let lut = torch.div(torch.cumsum(hist, 0).add(torch.div(step, 2, { roundingMode: "floor" })), step, { roundingMode: "floor" });
  lut = torchPad(lut, [1, 0]).index(":-1").clamp(0, 255);
  return lut.index(chan.to(dt.int64)).to(dt.uint8);
}

function equalizeSingle(img: Tensor): Tensor {
  const chans: Tensor[] = [];
  for (let c = 0; c < img.shape[0]; c++) chans.push(scaleChannel(img.index(c)));
  return torch.stack(chans);
}

/** equalize(img): histogram equalization of a uint8 [C, H, W] or [N, C, H, W] image. */
export function equalize(img: Tensor): Tensor;
export function equalize(...args: unknown[]): Tensor {
  const [img0] = bindArgs("equalize", ["img"], 1, args);
  const img = tensorImage(img0);
  assertImageTensor(img);
  if (!(3 <= img.dim() && img.dim() <= 4)) throw new TypeError(`Input image tensor should have 3 or 4 dimensions, but found ${img.dim()}`);
  if (img.dtype !== dt.uint8) throw new TypeError(`Only torch.uint8 image tensors are supported, but found ${img.dtype}`);
  assertChannels(img, [1, 3]);
  if (img.dim() === 3) return equalizeSingle(img);
  const out: Tensor[] = [];
  for (let i = 0; i < img.shape[0]; i++) out.push(equalizeSingle(img.index(i)));
  return torch.stack(out);
}

// ---------------------------------------------------------------- gaussian blur

function gaussianKernel1d(kernelSize: number, sigma: number, dtype: dt.dtype, device: Tensor["device"]): Tensor {
  const half = (kernelSize - 1) * 0.5;
  const x = torch.linspace(-half, half, kernelSize, { dtype, device });
  const pdf = torch.exp(x.div(sigma).pow(2).mul(-0.5));
  return pdf.div(pdf.sum());
}

/**
 * gaussian_blur(img, kernelSize, sigma = null): Gaussian smoothing with reflection padding.
 * kernelSize: an odd positive int or [kx, ky]; sigma: a positive number or [sx, sy]
 * (default k * 0.15 + 0.35 per axis, as torchvision computes it).
 */
export function gaussianBlur(img: Tensor, ...args: PyArgsReq<[kernelSize: number | number[]], [sigma: number | number[] | null], { kernelSize?: number | number[]; sigma?: number | number[] | null }, "kernelSize">): Tensor;
export function gaussianBlur(...args: unknown[]): Tensor {
  const [img0, ks0, sigma0 = null] = bindArgs("gaussian_blur", ["img", "kernelSize", "sigma"], 2, args);
  let ks: number[];
  if (typeof ks0 === "number" && Number.isInteger(ks0)) ks = [ks0, ks0];
  else if (Array.isArray(ks0)) ks = [...ks0] as number[];
  else throw new TypeError(`kernel_size should be int or a sequence of integers. Got ${describe(ks0)}`);
  if (ks.length !== 2) throw new RangeError(`If kernel_size is a sequence its length should be 2. Got ${ks.length}`);
  for (const k of ks)
    if (typeof k !== "number" || !Number.isInteger(k)) throw new TypeError(`kernel_size should be int or a sequence of integers. Got ${pyList(ks)}`);
  for (const k of ks) if (k % 2 === 0 || k < 0) throw new RangeError(`kernel_size should have odd and positive integers. Got ${pyList(ks)}`);
  let sigma: number[];
  if (sigma0 === null) sigma = ks.map((k) => k * 0.15 + 0.35);
  else if (typeof sigma0 === "number") sigma = [sigma0, sigma0];
  else if (Array.isArray(sigma0)) sigma = sigma0.length === 1 ? [sigma0[0], sigma0[0]] : [...sigma0];
  else throw new TypeError(`sigma should be either float or sequence of floats. Got ${describe(sigma0)}`);
  if (sigma.length !== 2) throw new RangeError(`If sigma is a sequence, its length should be 2. Got ${sigma.length}`);
  for (const s of sigma) if (typeof s !== "number") throw new TypeError(`sigma should be either float or sequence of floats. Got ${describe(s)}`);
  for (const s of sigma)
    if (s <= 0.0) throw new RangeError(`sigma should have positive values. Got ${typeof sigma0 === "number" ? `[${sigma.map(pyFloat).join(", ")}]` : pyList(sigma)}`);
  if (!(img0 instanceof Tensor)) throw new TypeError(`img should be PIL Image or Tensor. Got ${describe(img0)}`);
  const img = img0;
  assertImageTensor(img);
  const dtype = img.isFloatingPoint() ? img.dtype : dt.float32;
  const kx = gaussianKernel1d(ks[0], sigma[0], dtype, img.device);
  const ky = gaussianKernel1d(ks[1], sigma[1], dtype, img.device);
  let kernel = torch.mm(ky.unsqueeze(1), kx.unsqueeze(0));
  kernel = kernel.expand(img.shape[img.dim() - 3], 1, kernel.shape[0], kernel.shape[1]);
  let [t, needCast, needSqueeze, outDtype] = castSqueezeIn(img, [kernel.dtype]);
  const kx2 = Math.floor(ks[0] / 2), ky2 = Math.floor(ks[1] / 2);
  t = torchPad(t, [kx2, kx2, ky2, ky2], "reflect");
  t = conv2d(t, kernel, { groups: t.shape[t.dim() - 3] });
  return castSqueezeOut(t, needCast, needSqueeze, outDtype);
}
