// Helpers shared by the tensor-image functions (torchvision's
// transforms/_functional_tensor.py: get_dimensions, _max_value, _cast_squeeze_in/out,
// convert_image_dtype, _blend). Images are tensors of shape [..., C, H, W] (or [H, W]).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { describe } from "../../device";
import { bind } from "../../args";

/** Throws torchvision's TypeError unless `img` is a Tensor with at least 2 dims. */
export function assertImageTensor(img: unknown, name = "img"): asserts img is Tensor {
  if (!(img instanceof Tensor)) throw new TypeError(`${name} should be a Tensor image. Got ${describe(img)}`);
  if (img.dim() < 2) throw new TypeError("Tensor is not a torch image.");
}

/** [channels, height, width] of a [..., C, H, W] or [H, W] image. */
export function getDimensions(img: Tensor): [number, number, number] {
  assertImageTensor(img);
  const s = img.shape;
  const n = s.length;
  return [n === 2 ? 1 : s[n - 3], s[n - 2], s[n - 1]];
}

/** [width, height] (torchvision's get_image_size order). */
export function getImageSize(img: Tensor): [number, number] {
  const [, h, w] = getDimensions(img);
  return [w, h];
}

export function getImageNumChannels(img: Tensor): number {
  return getDimensions(img)[0];
}

export function assertChannels(img: Tensor, permitted: number[]): void {
  const c = getDimensions(img)[0];
  if (!permitted.includes(c))
    throw new TypeError(`Input image tensor permitted channel values are [${permitted.join(", ")}], but found ${c}`);
}

/** The value of "full intensity" for a dtype: 255 for uint8, 1 for floats. */
export function maxValue(dtype: dt.dtype): number {
  switch (dtype) {
    case dt.uint8: return 255;
    case dt.int8: return 127;
    case dt.int16: return 32767;
    case dt.int32: return 2147483647;
    case dt.int64: return 9223372036854775807;
    default: return 1;
  }
}

/** Batches a 3-d image to NCHW and casts to the first of `reqDtypes` unless its dtype is listed. */
export function castSqueezeIn(img: Tensor, reqDtypes: dt.dtype[]): [Tensor, boolean, boolean, dt.dtype] {
  let needSqueeze = false;
  if (img.dim() < 4) {
    img = img.unsqueeze(0);
    needSqueeze = true;
  }
  const outDtype = img.dtype;
  let needCast = false;
  if (!reqDtypes.includes(outDtype)) {
    needCast = true;
    img = img.to(reqDtypes[0]);
  }
  return [img, needCast, needSqueeze, outDtype];
}

/** Undoes castSqueezeIn: squeezes the batch and casts back (rounding before an integer cast). */
export function castSqueezeOut(img: Tensor, needCast: boolean, needSqueeze: boolean, outDtype: dt.dtype): Tensor {
  if (needSqueeze) img = img.squeeze(0);
  if (needCast) {
    if (!outDtype.isFloatingPoint) img = torch.round(img);
    img = img.to(outDtype);
  }
  return img;
}

/** convert_image_dtype: rescales values between integer ([0, max]) and float ([0, 1]) image dtypes. */
export function convertImageDtype(image: Tensor, dtype?: dt.dtype | { dtype?: dt.dtype }): Tensor;
export function convertImageDtype(options: { image: Tensor; dtype?: dt.dtype }): Tensor;
export function convertImageDtype(...args: unknown[]): Tensor {
  const [image, dtype = dt.float32] = bind("convert_image_dtype", ["image", "dtype"], args) as [Tensor, dt.dtype | undefined];
  if (!(image instanceof Tensor)) throw new TypeError("Input img should be Tensor Image");
  if (!dt.isDtype(dtype)) throw new TypeError(`convert_image_dtype(): argument 'dtype' must be torch.dtype, not ${describe(dtype)}`);
  if (image.dtype === dtype) return image;
  if (image.isFloatingPoint()) {
    if (dtype.isFloatingPoint) return image.to(dtype);
    if ((image.dtype === dt.float32 && (dtype === dt.int32 || dtype === dt.int64)) ||
        (image.dtype === dt.float64 && dtype === dt.int64))
      throw new Error(`The cast from ${image.dtype} to ${dtype} cannot be performed safely.`);
    const eps = 1e-3;
    return image.mul(maxValue(dtype) + 1.0 - eps).to(dtype);
  }
  const inputMax = maxValue(image.dtype);
  if (dtype.isFloatingPoint) return image.to(dtype).div(inputMax);
  const outputMax = maxValue(dtype);
  if (inputMax > outputMax) {
    const factor = Math.floor((inputMax + 1) / (outputMax + 1));
    return torch.div(image, factor, { roundingMode: "floor" }).to(dtype);
  }
  const factor = Math.floor((outputMax + 1) / (inputMax + 1));
  return image.to(dtype).mul(factor);
}

/** _blend: ratio * img1 + (1 - ratio) * img2, clamped to the dtype's range, in img1's dtype. */
export function blend(img1: Tensor, img2: Tensor, ratio: number): Tensor {
  const bound = maxValue(img1.dtype);
  // Python's float ratio promotes integer images to float32; a JS integral number would not (PORTING rule 12).
  const a = img1.isFloatingPoint() ? img1 : img1.to(dt.float32);
  const b = img2.isFloatingPoint() ? img2 : img2.to(dt.float32);
  return a.mul(ratio).add(b.mul(1.0 - ratio)).clamp(0, bound).to(img1.dtype);
}
