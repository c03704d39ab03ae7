// transforms.functional, geometry half (torchvision/transforms/functional.py and
// _functional_tensor.py, tensor path): resize, crop, centerCrop, resizedCrop, pad,
// hflip, vflip, fiveCrop, tenCrop, rotate, affine, perspective, erase,
// elasticTransform, and the matrix helpers getInverseAffineMatrix /
// getPerspectiveCoeffs. Images are [..., C, H, W] tensors (uint8 or float).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { describe } from "../../device";
import { bind, PyArgs } from "../../args";
import { asTuple } from "../../pytypes";
import { interpolate, pad as torchPad, type InterpolateMode, type PadOptions as TorchPadOptions } from "../../nn/functional_spatial";
import { assertImageTensor, getDimensions, castSqueezeIn, castSqueezeOut } from "./_image";
import { InterpolationMode, toInterpolationMode } from "./interpolation";
import { pyRound, pyRepr, sliceHW, isInt, isNumber } from "./geometry_util";

/** A fill value: one number for every channel, or one per channel. */
export type Fill = number | number[] | null;
type Interp = InterpolationMode | number;

const INTERP_MSG = "Argument interpolation should be a InterpolationMode or a corresponding Pillow integer constant";
function interpArg(v: unknown): InterpolationMode {
  try {
    return toInterpolationMode(v);
  } catch {
    throw new TypeError(`${INTERP_MSG}, got ${typeof v === "string" ? JSON.stringify(v) : describe(v)}`);
  }
}

// ---------------------------------------------------------------- resize

/** torchvision's _compute_resized_output_size: [newH, newW] for an int (smaller edge) or [h, w] size. */
export function computeResizedOutputSize(imageSize: [number, number], size: number[], maxSize: number | null = null): [number, number] {
  const [h, w] = imageSize;
  const [short, long] = w <= h ? [w, h] : [h, w];
  let newW: number, newH: number;
  if (size.length === 1) {
    const requested = size[0];
    let newShort = requested, newLong = Math.trunc((requested * long) / short);
    if (maxSize !== null) {
      if (maxSize <= requested)
        throw new RangeError(`max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${pyRepr(size)}`);
      if (newLong > maxSize) {
        newShort = Math.trunc((maxSize * newShort) / newLong);
        newLong = maxSize;
      }
    }
    [newW, newH] = w <= h ? [newShort, newLong] : [newLong, newShort];
  } else {
    [newW, newH] = [size[1], size[0]];
  }
  return [newH, newW];
}

export interface ResizeOptions { size?: number | number[]; interpolation?: Interp; maxSize?: number | null; antialias?: boolean | null }

/**
 * F.resize(img, size, interpolation = BILINEAR, maxSize = null, antialias = true): size an int (the smaller edge,
 * keeping the aspect ratio, at most maxSize for the longer one) or [h, w]. Tensor modes: nearest, nearest-exact,
 * bilinear, bicubic (antialias applies to bilinear and bicubic).
 */
export function resize(img: Tensor, ...args: PyArgs<[size: number | number[], interpolation: Interp, maxSize: number | null, antialias: boolean | null], ResizeOptions>): Tensor {
  const [im, size, interpolation = "bilinear", maxSize = null, antialias = true] =
    bind("resize", ["img", "size", "interpolation", "maxSize", "antialias"], [img, ...args]);
  const mode = interpArg(interpolation);
  if (size === undefined) throw new TypeError("resize() missing 1 required positional argument: 'size'");
  let sizes: number[];
  if (Array.isArray(size)) {
    if (size.length !== 1 && size.length !== 2)
      throw new RangeError(`Size must be an int or a 1 or 2 element tuple/list, not a ${size.length} element tuple/list`);
    if (maxSize !== null && size.length !== 1)
      throw new RangeError("max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
    sizes = size as number[];
  } else if (isInt(size)) sizes = [size];
  else throw new TypeError(`Size should be int or sequence. Got ${describe(size)}`);
  if (!sizes.every(isInt)) throw new TypeError(`Size should be a sequence of ints. Got ${pyRepr(size)}`);
  if (maxSize !== null && !isInt(maxSize)) throw new TypeError(`max_size should be an int or None. Got ${describe(maxSize)}`);
  const [, ih, iw] = getDimensions(im as Tensor);
  const out = computeResizedOutputSize([ih, iw], sizes, maxSize as number | null);
  if (out[0] === ih && out[1] === iw) return im as Tensor;
  return resizeTensor(im as Tensor, out, mode, antialias as boolean | null);
}

/**
 * _functional_tensor.resize: interpolate in float (uint8 rounds back), bicubic uint8 clamped. A uint8 image on
 * the CPU resized bilinearly goes to LibTorch's uint8 kernel as it is, as torchvision's transforms.v2 does
 * (resize_image): 3-4x faster than the float round trip of the v1 code, and within one step of it.
 */
function resizeTensor(img: Tensor, size: number[], interpolation: string, antialias: boolean | null): Tensor {
  assertImageTensor(img);
  let aa = antialias === null ? false : Boolean(antialias);
  if (aa && interpolation !== "bilinear" && interpolation !== "bicubic") aa = false;
  const uint8Kernel = interpolation === "bilinear" && img.dtype === dt.uint8 && img.device.type === "cpu";
  const [x, needCast, needSqueeze, outDtype] = castSqueezeIn(img, uint8Kernel ? [dt.uint8] : [dt.float32, dt.float64]);
  const alignCorners = interpolation === "bilinear" || interpolation === "bicubic" ? false : null;
  let y = interpolate(x, { size, mode: interpolation as InterpolateMode, alignCorners, antialias: aa });
  if (interpolation === "bicubic" && outDtype === dt.uint8) y = y.clamp(0, 255);
  return castSqueezeOut(y, needCast, needSqueeze, outDtype);
}

// ---------------------------------------------------------------- pad

function parsePadPadding(padding: number | number[]): [number, number, number, number] {
  if (typeof padding === "number") return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[0], padding[1], padding[1]];
  return [padding[0], padding[2], padding[1], padding[3]];
}

/** _pad_symmetric: indexes the image with mirrored indices (padding [left, right, top, bottom]; negative crops). */
function padSymmetric(img: Tensor, padding: number[]): Tensor {
  if (padding.some((p) => p < 0)) {
    const [cl, cr, ct, cb] = padding.map((x) => -Math.min(x, 0));
    img = sliceHW(img, ct, img.shape[img.dim() - 2] - cb, cl, img.shape[img.dim() - 1] - cr);
    padding = padding.map((x) => Math.max(x, 0));
  }
  const n = img.dim();
  const idx = (size: number, before: number, after: number) => {
    const out: number[] = [];
    for (let i = before - 1; i >= 0; i--) out.push(i);
    for (let i = 0; i < size; i++) out.push(i);
    for (let i = 0; i < after; i++) out.push(-(i + 1));
    return torch.tensor(out, { dtype: dt.int64, device: img.device });
  };
  const x = idx(img.shape[n - 1], padding[0], padding[1]);
  const y = idx(img.shape[n - 2], padding[2], padding[3]);
  if (n === 3) return img.index(":", y.unsqueeze(1), x.unsqueeze(0));
  if (n === 4) return img.index(":", ":", y.unsqueeze(1), x.unsqueeze(0));
  throw new Error("Symmetric padding of N-D tensors are not supported yet");
}

export interface PadOptions { padding?: number | number[]; fill?: number | null; paddingMode?: string }

/**
 * F.pad(img, padding, fill = 0, paddingMode = "constant"): padding an int (all sides), [lr, tb] or
 * [left, top, right, bottom]; modes constant, edge, reflect, symmetric.
 */
export function pad(img: Tensor, ...args: PyArgs<[padding: number | number[], fill: number | null, paddingMode: string], PadOptions>): Tensor {
  const [im, padding, fillArg = 0, paddingMode = "constant"] = bind("pad", ["img", "padding", "fill", "paddingMode"], [img, ...args]);
  assertImageTensor(im);
  const fill = fillArg === null ? 0 : fillArg;
  if (!(isInt(padding) || (Array.isArray(padding) && padding.every(isInt)))) throw new TypeError("Got inappropriate padding arg");
  if (!isNumber(fill)) throw new TypeError("Got inappropriate fill arg");
  if (typeof paddingMode !== "string") throw new TypeError("Got inappropriate padding_mode arg");
  if (Array.isArray(padding) && ![1, 2, 4].includes(padding.length))
    throw new RangeError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
  if (!["constant", "edge", "reflect", "symmetric"].includes(paddingMode))
    throw new RangeError("Padding mode should be either constant, edge, reflect or symmetric");
  const p = parsePadPadding(padding as number | number[]);
  let mode = paddingMode;
  if (mode === "edge") mode = "replicate";
  else if (mode === "symmetric") return padSymmetric(im, p);
  let x = im;
  let needSqueeze = false;
  if (x.dim() < 4) {
    x = x.unsqueeze(0);
    needSqueeze = true;
  }
  const outDtype = x.dtype;
  let needCast = false;
  if (mode !== "constant" && outDtype !== dt.float32 && outDtype !== dt.float64) {
    needCast = true;
    x = x.to(dt.float32);
  }
  x = mode === "constant" ? torchPad(x, p, mode, fill) : torchPad(x, p, mode as TorchPadOptions["mode"]);
  if (needSqueeze) x = x.squeeze(0);
  if (needCast) x = x.to(outDtype);
  return x;
}

// ---------------------------------------------------------------- crops and flips

function intArg(fn: string, v: unknown, name: string): number {
  if (isInt(v)) return v;
  throw new TypeError(`${fn}(): argument '${name}' must be int, not ${describe(v)}`);
}

/** F.crop(img, top, left, height, width): a crop outside the image is padded with 0. */
export function crop(img: Tensor, ...args: PyArgs<[top: number, left: number, height: number, width: number], { top?: number; left?: number; height?: number; width?: number }>): Tensor {
  const [im, t, l, hh, ww] = bind("crop", ["img", "top", "left", "height", "width"], [img, ...args]);
  assertImageTensor(im);
  const top = intArg("crop", t, "top"), left = intArg("crop", l, "left");
  const height = intArg("crop", hh, "height"), width = intArg("crop", ww, "width");
  const [, h, w] = getDimensions(im);
  const right = left + width;
  const bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const ltrb = [
      Math.max(-left + Math.min(0, right), 0),
      Math.max(-top + Math.min(0, bottom), 0),
      Math.max(right - Math.max(w, left), 0),
      Math.max(bottom - Math.max(h, top), 0),
    ];
    return pad(sliceHW(im, Math.max(top, 0), bottom, Math.max(left, 0), right), ltrb, { fill: 0 });
  }
  return sliceHW(im, top, bottom, left, right);
}

/** [h, w] from an int, [s] or [h, w] (torchvision's size handling in center_crop / five_crop). */
function pairSize(size: unknown, msg: string): number[] {
  if (isNumber(size)) return asTuple([Math.trunc(size), Math.trunc(size)]);
  if (Array.isArray(size) && size.length === 1) return asTuple([size[0], size[0]]);
  if (!Array.isArray(size)) throw new TypeError(`size should be an int or a sequence of ints. Got ${describe(size)}`);
  if (size.length !== 2) throw new RangeError(msg);
  return size as number[];
}

/** F.centerCrop(img, outputSize): outputSize an int or [h, w]; an image smaller than the crop is padded with 0. */
export function centerCrop(img: Tensor, ...args: PyArgs<[outputSize: number | number[]], { outputSize?: number | number[] }>): Tensor {
  const [im, outputSize] = bind("center_crop", ["img", "outputSize"], [img, ...args]);
  const size = pairSize(outputSize, `too many values to unpack (expected 2)`);
  let [, ih, iw] = getDimensions(im as Tensor);
  const [ch, cw] = size;
  let x = im as Tensor;
  if (cw > iw || ch > ih) {
    const ltrb = [
      cw > iw ? Math.floor((cw - iw) / 2) : 0,
      ch > ih ? Math.floor((ch - ih) / 2) : 0,
      cw > iw ? Math.floor((cw - iw + 1) / 2) : 0,
      ch > ih ? Math.floor((ch - ih + 1) / 2) : 0,
    ];
    x = pad(x, ltrb, { fill: 0 });
    [, ih, iw] = getDimensions(x);
    if (cw === iw && ch === ih) return x;
  }
  const top = pyRound((ih - ch) / 2.0);
  const left = pyRound((iw - cw) / 2.0);
  return crop(x, top, left, ch, cw);
}

export interface ResizedCropOptions { top?: number; left?: number; height?: number; width?: number; size?: number | number[]; interpolation?: Interp; antialias?: boolean | null }

/** F.resizedCrop(img, top, left, height, width, size, interpolation = BILINEAR, antialias = true): crop, then resize. */
export function resizedCrop(img: Tensor, ...args: PyArgs<[top: number, left: number, height: number, width: number, size: number | number[], interpolation: Interp, antialias: boolean | null], ResizedCropOptions>): Tensor {
  const [im, top, left, height, width, size, interpolation = "bilinear", antialias = true] = bind("resized_crop",
    ["img", "top", "left", "height", "width", "size", "interpolation", "antialias"], [img, ...args]);
  const x = crop(im as Tensor, top as number, left as number, height as number, width as number);
  return resize(x, size as number | number[], interpolation as Interp, { antialias: antialias as boolean | null });
}

/** F.hflip(img): flips the last (width) dimension. */
export function hflip(img: Tensor): Tensor {
  const [im] = bind("hflip", ["img"], [img]);
  assertImageTensor(im);
  return im.flip(-1);
}

/** F.vflip(img): flips the height dimension. */
export function vflip(img: Tensor): Tensor {
  const [im] = bind("vflip", ["img"], [img]);
  assertImageTensor(im);
  return im.flip(-2);
}

/** F.fiveCrop(img, size): [topLeft, topRight, bottomLeft, bottomRight, center] crops of size (an int or [h, w]). */
export function fiveCrop(img: Tensor, ...args: PyArgs<[size: number | number[]], { size?: number | number[] }>): Tensor[] {
  const [im, sizeArg] = bind("five_crop", ["img", "size"], [img, ...args]);
  const size = pairSize(sizeArg, "Please provide only two dimensions (h, w) for size.");
  const [, ih, iw] = getDimensions(im as Tensor);
  const [ch, cw] = size;
  if (cw > iw || ch > ih) throw new RangeError(`Requested crop size ${pyRepr(size)} is bigger than input size ${pyRepr(asTuple([ih, iw]))}`);
  const x = im as Tensor;
  const tl = crop(x, 0, 0, ch, cw);
  const tr = crop(x, 0, iw - cw, ch, cw);
  const bl = crop(x, ih - ch, 0, ch, cw);
  const br = crop(x, ih - ch, iw - cw, ch, cw);
  const center = centerCrop(x, [ch, cw]);
  return [tl, tr, bl, br, center];
}

/** F.tenCrop(img, size, verticalFlip = false): the five crops of img, then those of its flipped copy. */
export function tenCrop(img: Tensor, ...args: PyArgs<[size: number | number[], verticalFlip: boolean], { size?: number | number[]; verticalFlip?: boolean }>): Tensor[] {
  const [im, sizeArg, verticalFlip = false] = bind("ten_crop", ["img", "size", "verticalFlip"], [img, ...args]);
  const size = pairSize(sizeArg, "Please provide only two dimensions (h, w) for size.");
  const first = fiveCrop(im as Tensor, size);
  const flipped = verticalFlip ? vflip(im as Tensor) : hflip(im as Tensor);
  return [...first, ...fiveCrop(flipped, size)];
}

// ---------------------------------------------------------------- grid transforms (affine, rotate, perspective)

const radians = (deg: number) => deg * (Math.PI / 180.0);

/**
 * torchvision's _get_inverse_affine_matrix(center, angle, translate, scale, shear, inverted = true): the 2x3
 * matrix (row-major, 6 numbers) mapping output pixels to input pixels for rotation `angle` (degrees), translation,
 * scale and shear [sx, sy] (degrees) about `center`; `inverted = false` gives the forward matrix.
 */
export function getInverseAffineMatrix(center: number[], angle: number, translate: number[], scale: number, shear: number[], inverted = true): number[] {
  const rot = radians(angle);
  const sx = radians(shear[0]);
  const sy = radians(shear[1]);
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  let m: number[];
  if (inverted) {
    m = [d, -b, 0.0, -c, a, 0.0].map((x) => x / scale);
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
    m[2] += cx;
    m[5] += cy;
  } else {
    m = [a, b, 0.0, c, d, 0.0].map((x) => x * scale);
    m[2] += m[0] * -cx + m[1] * -cy;
    m[5] += m[3] * -cx + m[4] * -cy;
    m[2] += cx + tx;
    m[5] += cy + ty;
  }
  return m;
}

/**
 * torchvision's _get_perspective_coeffs(startpoints, endpoints): the 8 coefficients (a..h) of the perspective
 * transform taking endpoints to startpoints (least squares in float64, returned as float32 values).
 */
export function getPerspectiveCoeffs(startpoints: number[][], endpoints: number[][]): number[] {
  if (!Array.isArray(startpoints) || !Array.isArray(endpoints) || startpoints.length !== 4 || endpoints.length !== 4)
    throw new RangeError(`Please provide exactly four corners, got ${Array.isArray(startpoints) ? startpoints.length : describe(startpoints)} startpoints and ${Array.isArray(endpoints) ? endpoints.length : describe(endpoints)} endpoints.`);
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const p1 = endpoints[i], p2 = startpoints[i];
    a.push([p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]]);
    a.push([0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]]);
  }
  const A = torch.tensor(a, { dtype: dt.float64 });
  const B = torch.tensor(startpoints, { dtype: dt.float64 }).view(8);
  const res = (torch.linalg.lstsq(A, B, { driver: "gels" }) as { solution: Tensor }).solution.to(dt.float32);
  return res.tolist() as number[];
}

/** _assert_grid_transform_inputs */
function assertGridInputs(img: unknown, matrix: number[] | null, interpolation: string, fill: unknown, supported: string[], coeffs: number[] | null = null): void {
  if (!(img instanceof Tensor)) throw new TypeError("Input img should be Tensor");
  assertImageTensor(img);
  if (matrix !== null && !Array.isArray(matrix)) throw new TypeError("Argument matrix should be a list");
  if (matrix !== null && matrix.length !== 6) throw new RangeError("Argument matrix should have 6 float values");
  if (coeffs !== null && coeffs.length !== 8) throw new RangeError("Argument coeffs should have 8 float values");
  const c = getDimensions(img)[0];
  if (fill !== null && fill !== undefined && !isNumber(fill) && !(Array.isArray(fill) && fill.every(isNumber)))
    throw new TypeError(`Argument fill should be either int, float, tuple or list. Got ${describe(fill)}`);
  if (Array.isArray(fill) && fill.length > 1 && fill.length !== c)
    throw new RangeError(`The number of elements in 'fill' cannot broadcast to match the number of channels of the image (${fill.length} != ${c})`);
  if (!supported.includes(interpolation)) throw new RangeError(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
}

const GRID_MODES: Record<string, number> = { bilinear: 0, nearest: 1, bicubic: 2 };

/** _apply_grid_transform: grid_sample (zeros padding, alignCorners false) with a mask channel for the fill color. */
function applyGridTransform(img: Tensor, grid: Tensor, mode: string, fill: Fill | undefined): Tensor {
  let [x, needCast, needSqueeze, outDtype] = castSqueezeIn(img, [grid.dtype]);
  if (x.shape[0] > 1) grid = grid.expand(x.shape[0], grid.shape[1], grid.shape[2], grid.shape[3]);
  const withFill = fill !== null && fill !== undefined;
  if (withFill) {
    const mask = torch.ones([x.shape[0], 1, x.shape[2], x.shape[3]], { dtype: x.dtype, device: x.device });
    x = torch.cat([x, mask], 1);
  }
  const modeEnum = GRID_MODES[mode];
  if (modeEnum === undefined)
    throw new RangeError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  x = torch.gridSampler(x, grid, modeEnum, 0, false);
  if (withFill) {
    const c = x.shape[1];
    let mask = x.narrow(1, c - 1, 1);
    x = x.narrow(1, 0, c - 1);
    mask = mask.expandAs(x);
    const fillList = Array.isArray(fill) ? fill : [fill as number];
    const fillImg = torch.tensor(fillList, { dtype: x.dtype, device: x.device }).view(1, fillList.length, 1, 1).expandAs(x);
    if (mode === "nearest") x = torch.where(mask.lt(0.5), fillImg, x);
    else x = x.mul(mask).add(torch.rsub(mask, 1.0).mul(fillImg));
  }
  return castSqueezeOut(x, needCast, needSqueeze, outDtype);
}

/** The [1, oh, ow, 3] base grid of pixel centres (float32 linspace, as torchvision builds it). */
function baseGrid(x0: number, x1: number, ow: number, y0: number, y1: number, oh: number, dtype: dt.dtype, device: Tensor["device"]): Tensor {
  const xs = torch.linspace(x0, x1, ow, { device }).to(dtype).view(1, ow).expand(oh, ow);
  const ys = torch.linspace(y0, y1, oh, { device }).to(dtype).view(oh, 1).expand(oh, ow);
  const ones = torch.ones([oh, ow], { dtype, device });
  return torch.stack([xs, ys, ones], -1).unsqueeze(0);
}

/** _gen_affine_grid */
function genAffineGrid(theta: Tensor, w: number, h: number, ow: number, oh: number): Tensor {
  const d = 0.5;
  const base = baseGrid(-ow * 0.5 + d, ow * 0.5 + d - 1, ow, -oh * 0.5 + d, oh * 0.5 + d - 1, oh, theta.dtype, theta.device);
  const rescaled = theta.transpose(1, 2).div(torch.tensor([0.5 * w, 0.5 * h], { dtype: theta.dtype, device: theta.device }));
  return base.view(1, oh * ow, 3).bmm(rescaled).view(1, oh, ow, 2);
}

/** _compute_affine_output_size (float32, as torchvision computes it): [w, h] of the expanded image. */
function computeAffineOutputSize(matrix: number[], w: number, h: number): [number, number] {
  const f32 = dt.float32;
  const pts = torch.tensor([[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0], [0.5 * w, 0.5 * h, 1.0], [0.5 * w, -0.5 * h, 1.0]], { dtype: f32 });
  const theta = torch.tensor(matrix, { dtype: f32 }).view(2, 3);
  const newPts = torch.matmul(pts, theta.T);
  const shift = torch.tensor([w * 0.5, h * 0.5], { dtype: f32 });
  const minVals = newPts.min(0).values.add(shift);
  const maxVals = newPts.max(0).values.add(shift);
  const tol = 1e-4;
  const cmax = torch.ceil(maxVals.div(tol).trunc_().mul(tol));
  const cmin = torch.floor(minVals.div(tol).trunc_().mul(tol));
  const size = cmax.sub(cmin).tolist() as number[];
  return [Math.trunc(size[0]), Math.trunc(size[1])];
}

function fillArg(fill: unknown): Fill {
  if (fill === undefined || fill === null) return null;
  return fill as Fill;
}

function angleArg(angle: unknown): number {
  if (!isNumber(angle)) throw new TypeError("Argument angle should be int or float");
  return angle;
}

export interface RotateOptions { angle?: number; interpolation?: Interp; expand?: boolean; center?: number[] | null; fill?: Fill }

/**
 * F.rotate(img, angle, interpolation = NEAREST, expand = false, center = null, fill = null): rotates by `angle`
 * degrees counter-clockwise about center (default the image centre); expand grows the output to hold the whole
 * rotated image; fill colors the area outside (a number or one value per channel). Tensor modes: nearest, bilinear.
 */
export function rotate(img: Tensor, ...args: PyArgs<[angle: number, interpolation: Interp, expand: boolean, center: number[] | null, fill: Fill], RotateOptions>): Tensor {
  const [im, angleIn, interpolation = "nearest", expand = false, center = null, fillIn] =
    bind("rotate", ["img", "angle", "interpolation", "expand", "center", "fill"], [img, ...args]);
  const mode = interpArg(interpolation);
  const angle = angleArg(angleIn);
  if (center !== null && !Array.isArray(center)) throw new TypeError("Argument center should be a sequence");
  assertImageTensor(im);
  let centerF = [0.0, 0.0];
  if (center !== null) {
    const [, height, width] = getDimensions(im);
    const c = center as number[];
    centerF = [1.0 * (c[0] - width * 0.5), 1.0 * (c[1] - height * 0.5)];
  }
  const matrix = getInverseAffineMatrix(centerF, -angle, [0.0, 0.0], 1.0, [0.0, 0.0]);
  const fill = fillArg(fillIn);
  assertGridInputs(im, matrix, mode, fill, ["nearest", "bilinear"]);
  const w = im.shape[im.dim() - 1], h = im.shape[im.dim() - 2];
  const [ow, oh] = expand ? computeAffineOutputSize(matrix, w, h) : [w, h];
  const dtype = im.isFloatingPoint() ? im.dtype : dt.float32;
  const theta = torch.tensor(matrix, { dtype, device: im.device }).reshape(1, 2, 3);
  const grid = genAffineGrid(theta, w, h, ow, oh);
  return applyGridTransform(im, grid, mode, fill);
}

export interface AffineOptions { angle?: number; translate?: number[]; scale?: number; shear?: number | number[]; interpolation?: Interp; fill?: Fill; center?: number[] | null }

/**
 * F.affine(img, angle, translate, scale, shear, interpolation = NEAREST, fill = null, center = null): rotation
 * by `angle` degrees (clockwise), translation [tx, ty] in pixels (after rotation), scale, and shear (degrees, a
 * number for x only, or [sx, sy]) about center (default the image centre), keeping the image size.
 */
export function affine(img: Tensor, ...args: PyArgs<[angle: number, translate: number[], scale: number, shear: number | number[], interpolation: Interp, fill: Fill, center: number[] | null], AffineOptions>): Tensor {
  const [im, angleIn, translate, scale, shearIn, interpolation = "nearest", fillIn, center = null] = bind("affine",
    ["img", "angle", "translate", "scale", "shear", "interpolation", "fill", "center"], [img, ...args]);
  const mode = interpArg(interpolation);
  const angle = angleArg(angleIn);
  if (!Array.isArray(translate)) throw new TypeError("Argument translate should be a sequence");
  if (translate.length !== 2) throw new RangeError("Argument translate should be a sequence of length 2");
  if (!isNumber(scale)) throw new TypeError(`Argument scale should be a number. Got ${describe(scale)}`);
  if (scale <= 0.0) throw new RangeError("Argument scale should be positive");
  if (!isNumber(shearIn) && !Array.isArray(shearIn)) throw new TypeError("Shear should be either a single value or a sequence of two values");
  let shear: number[] = isNumber(shearIn) ? [shearIn, 0.0] : [...(shearIn as number[])];
  if (shear.length === 1) shear = [shear[0], shear[0]];
  if (shear.length !== 2) throw new RangeError(`Shear should be a sequence containing two values. Got ${pyRepr(shear)}`);
  if (center !== null && !Array.isArray(center)) throw new TypeError("Argument center should be a sequence");
  assertImageTensor(im);
  const [, height, width] = getDimensions(im);
  let centerF = [0.0, 0.0];
  if (center !== null) {
    const c = center as number[];
    centerF = [1.0 * (c[0] - width * 0.5), 1.0 * (c[1] - height * 0.5)];
  }
  const translateF = (translate as number[]).map((t) => 1.0 * t);
  const matrix = getInverseAffineMatrix(centerF, angle, translateF, scale, shear);
  const fill = fillArg(fillIn);
  assertGridInputs(im, matrix, mode, fill, ["nearest", "bilinear"]);
  const dtype = im.isFloatingPoint() ? im.dtype : dt.float32;
  const theta = torch.tensor(matrix, { dtype, device: im.device }).reshape(1, 2, 3);
  const grid = genAffineGrid(theta, width, height, width, height);
  return applyGridTransform(im, grid, mode, fill);
}

/** _perspective_grid */
function perspectiveGrid(coeffs: number[], ow: number, oh: number, dtype: dt.dtype, device: Tensor["device"]): Tensor {
  const theta1 = torch.tensor([[[coeffs[0], coeffs[1], coeffs[2]], [coeffs[3], coeffs[4], coeffs[5]]]], { dtype, device });
  const theta2 = torch.tensor([[[coeffs[6], coeffs[7], 1.0], [coeffs[6], coeffs[7], 1.0]]], { dtype, device });
  const d = 0.5;
  const base = baseGrid(d, ow * 1.0 + d - 1.0, ow, d, oh * 1.0 + d - 1.0, oh, dtype, device).view(1, oh * ow, 3);
  const rescaled1 = theta1.transpose(1, 2).div(torch.tensor([0.5 * ow, 0.5 * oh], { dtype, device }));
  const g1 = base.bmm(rescaled1);
  const g2 = base.bmm(theta2.transpose(1, 2));
  return g1.div(g2).sub(1.0).view(1, oh, ow, 2);
}

export interface PerspectiveOptions { startpoints?: number[][]; endpoints?: number[][]; interpolation?: Interp; fill?: Fill }

/**
 * F.perspective(img, startpoints, endpoints, interpolation = BILINEAR, fill = null): the perspective transform
 * taking the four corners `startpoints` ([top-left, top-right, bottom-right, bottom-left], [x, y] each) to
 * `endpoints`. Tensor modes: nearest, bilinear.
 */
export function perspective(img: Tensor, ...args: PyArgs<[startpoints: number[][], endpoints: number[][], interpolation: Interp, fill: Fill], PerspectiveOptions>): Tensor {
  const [im, startpoints, endpoints, interpolation = "bilinear", fillIn] =
    bind("perspective", ["img", "startpoints", "endpoints", "interpolation", "fill"], [img, ...args]);
  const coeffs = getPerspectiveCoeffs(startpoints as number[][], endpoints as number[][]);
  const mode = interpArg(interpolation);
  if (!(im instanceof Tensor)) throw new TypeError("Input img should be Tensor.");
  const fill = fillArg(fillIn);
  assertGridInputs(im, null, mode, fill, ["nearest", "bilinear"], coeffs);
  const ow = im.shape[im.dim() - 1], oh = im.shape[im.dim() - 2];
  const dtype = im.isFloatingPoint() ? im.dtype : dt.float32;
  const grid = perspectiveGrid(coeffs, ow, oh, dtype, im.device);
  return applyGridTransform(im, grid, mode, fill);
}

// ---------------------------------------------------------------- erase, elastic

/** F.erase(img, i, j, h, w, v, inplace = false): img[..., i:i+h, j:j+w] = v (a copy unless inplace). */
export function erase(img: Tensor, ...args: PyArgs<[i: number, j: number, h: number, w: number, v: Tensor | number, inplace: boolean], { i?: number; j?: number; h?: number; w?: number; v?: Tensor | number; inplace?: boolean }>): Tensor {
  const [im, i, j, h, w, v, inplace = false] = bind("erase", ["img", "i", "j", "h", "w", "v", "inplace"], [img, ...args]);
  if (!(im instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${describe(im)}`);
  assertImageTensor(im);
  const ii = intArg("erase", i, "i"), jj = intArg("erase", j, "j"), hh = intArg("erase", h, "h"), ww = intArg("erase", w, "w");
  if (!(v instanceof Tensor) && !isNumber(v)) throw new TypeError(`erase(): argument 'v' must be Tensor or a number, not ${describe(v)}`);
  const out = inplace ? im : im.clone();
  sliceHW(out, ii, ii + hh, jj, jj + ww).copy_(v instanceof Tensor ? v : torch.tensor(v, { dtype: out.dtype, device: out.device }));
  return out;
}

/** _create_identity_grid */
function identityGrid(size: number[]): Tensor {
  const space = size.map((s) => torch.linspace((-s + 1) / s, (s - 1) / s, s));
  const [gy, gx] = torch.meshgrid(space, { indexing: "ij" }) as Tensor[];
  return torch.stack([gx, gy], -1).unsqueeze(0);
}

export interface ElasticOptions { displacement?: Tensor; interpolation?: Interp; fill?: Fill }

/**
 * F.elasticTransform(img, displacement, interpolation = BILINEAR, fill = null): samples img at the identity grid
 * plus `displacement` (a [1, H, W, 2] tensor in normalized coordinates).
 */
export function elasticTransform(img: Tensor, ...args: PyArgs<[displacement: Tensor, interpolation: Interp, fill: Fill], ElasticOptions>): Tensor {
  const [im, displacement, interpolation = "bilinear", fillIn] =
    bind("elastic_transform", ["img", "displacement", "interpolation", "fill"], [img, ...args]);
  const mode = interpArg(interpolation);
  if (!(displacement instanceof Tensor)) throw new TypeError("Argument displacement should be a Tensor");
  if (!(im instanceof Tensor)) throw new TypeError(`img should be PIL Image or Tensor. Got ${describe(im)}`);
  assertImageTensor(im);
  const n = im.dim();
  const shape = [1, im.shape[n - 2], im.shape[n - 1], 2];
  const ds = displacement.shape;
  if (ds.length !== 4 || ds.some((s, k) => s !== shape[k]))
    throw new RangeError(`Argument displacement shape should be torch.Size([${shape.join(", ")}]), but given ${String(displacement.size())}`);
  const grid = identityGrid([im.shape[n - 2], im.shape[n - 1]]).to(im.device).add(displacement.to(im.device));
  return applyGridTransform(im, grid, mode, fillArg(fillIn));
}
