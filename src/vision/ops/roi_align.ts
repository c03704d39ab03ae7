// torchvision.ops.roi_align / RoIAlign: RoI Align (Mask R-CNN) with average pooling.
//
// The CPU kernel of torchvision (csrc/ops/cpu/roi_align_kernel.cpp) in TypeScript over TypedArrays:
// per RoI the bilinear sample positions and weights are computed once (the kernel's pre_calc) and
// applied to every channel; samples beyond [-1, H] x [-1, W] count as zero, as in the kernel. The
// coordinate arithmetic of float32 inputs is rounded to float32 (Math.fround) as the kernel's is, so
// the same pixels are sampled. Backward (the gradient w.r.t. `input`) is the kernel's backward: the
// same weights scattered back, through torch.autograd.Function.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { bind } from "../../args";
import { describe } from "../../device";
import { Module } from "../../nn/module";
import { pyBool, pyFloat } from "../../nn/repr";
import { Function as AutogradFunction, FunctionCtx } from "../../function";

/** outputSize as [height, width] (torch.nn.modules.utils._pair). */
export function pairArg(fn: string, v: unknown, name = "output_size"): [number, number] {
  const ok = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x > 0;
  if (ok(v)) return [v as number, v as number];
  if (Array.isArray(v) && v.length === 2 && v.every(ok)) return [v[0], v[1]];
  throw new TypeError(`${fn}(): argument '${name}' must be a positive int or [height, width], not ${describe(v)}`);
}

/** convert_boxes_to_roi_format: a list of Tensor[L, 4] (one per image) -> Tensor[K, 5] (image index first). */
export function convertBoxesToRoiFormat(boxes: Tensor[]): Tensor {
  const concat = boxes.length === 1 ? boxes[0] : torch.cat(boxes, 0);
  const ids = boxes.map((b, i) => torch.fullLike(b.index(":", ":1"), i));
  return torch.cat([ids.length === 1 ? ids[0] : torch.cat(ids, 0), concat], 1);
}

/** check_roi_boxes_shape, then the rois tensor (Tensor[K, 5]) either form stands for. */
export function roiBoxes(fn: string, boxes: unknown): Tensor {
  if (Array.isArray(boxes)) {
    for (const t of boxes) {
      if (!(t instanceof Tensor)) throw new TypeError(`${fn}(): boxes is expected to be a Tensor[L, 5] or a List[Tensor[K, 4]], got a list holding ${describe(t)}`);
      if (t.dim() !== 2 || t.shape[1] !== 4)
        throw new RangeError(`${fn}(): The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]] (got [${t.shape.join(", ")}])`);
    }
    if (boxes.length === 0) throw new RangeError(`${fn}(): boxes is an empty list; give one Tensor[L, 4] per image`);
    return convertBoxesToRoiFormat(boxes as Tensor[]);
  }
  if (boxes instanceof Tensor) {
    if (boxes.dim() !== 2 || boxes.shape[1] !== 5)
      throw new RangeError(`${fn}(): The boxes tensor shape is not correct as Tensor[K, 5] (got [${boxes.shape.join(", ")}])`);
    return boxes;
  }
  throw new TypeError(`${fn}(): boxes is expected to be a Tensor[L, 5] or a List[Tensor[K, 4]], not ${describe(boxes)}`);
}

/** Checks input (Tensor[N, C, H, W]) against rois (same floating dtype, image indices in range). */
export function checkRoiInput(fn: string, input: unknown, rois: Tensor): asserts input is Tensor {
  if (!(input instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be a Tensor, not ${describe(input)}`);
  if (input.dim() !== 4) throw new RangeError(`${fn}(): input should be a Tensor[N, C, H, W], got shape [${input.shape.join(", ")}]`);
  if (!input.isFloatingPoint()) throw new TypeError(`${fn}(): input must be a floating point tensor, got ${input.dtype}`);
  if (input.dtype !== rois.dtype)
    throw new TypeError(`${fn}(): Expected tensor for argument #1 'input' to have the same type as tensor for argument #2 'rois'; but ${input.dtype} does not equal ${rois.dtype}`);
  if (String(input.device) !== String(rois.device))
    throw new TypeError(`${fn}(): input and rois must be on the same device, got ${input.device} and ${rois.device}`);
}

/** The RoIs' values (float64) after checking their image indices lie in [0, N). */
export function roiValues(fn: string, rois: Tensor, n: number): Float64Array {
  const r = rois.detach().to(dt.float64).contiguous().toTypedArray() as Float64Array;
  for (let k = 0; k < r.length; k += 5) {
    const b = Math.trunc(r[k]);
    if (!(b >= 0 && b < n)) throw new RangeError(`${fn}(): box ${k / 5} has image index ${r[k]}, outside the batch of ${n} images`);
  }
  return r;
}

interface RoiParams {
  spatialScale: number;
  pooledHeight: number;
  pooledWidth: number;
  samplingRatio: number;
  aligned: boolean;
}

/**
 * The kernel's pre_calc for one RoI: for each (ph, pw, iy, ix) sample four flat positions and weights
 * (weights 0 for a sample outside the map). Returns the grid size and count alongside.
 */
function preCalc(r: Float64Array, k: number, h: number, w: number, p: RoiParams, f32: boolean) {
  const R = f32 ? Math.fround : (x: number) => x;
  const off = p.aligned ? 0.5 : 0.0;
  const startW = R(r[5 * k + 1] * p.spatialScale - off);
  const startH = R(r[5 * k + 2] * p.spatialScale - off);
  const endW = R(r[5 * k + 3] * p.spatialScale - off);
  const endH = R(r[5 * k + 4] * p.spatialScale - off);
  let roiW = R(endW - startW);
  let roiH = R(endH - startH);
  if (!p.aligned) {
    roiW = Math.max(roiW, 1);
    roiH = Math.max(roiH, 1);
  }
  const binH = R(roiH / p.pooledHeight);
  const binW = R(roiW / p.pooledWidth);
  const gh = p.samplingRatio > 0 ? p.samplingRatio : Math.ceil(R(roiH / p.pooledHeight));
  const gw = p.samplingRatio > 0 ? p.samplingRatio : Math.ceil(R(roiW / p.pooledWidth));
  const count = Math.max(gh * gw, 1);
  const nS = p.pooledHeight * p.pooledWidth * Math.max(gh, 0) * Math.max(gw, 0);
  const pos = new Int32Array(nS * 4);
  const wt = new Float64Array(nS * 4);
  let idx = 0;
  for (let ph = 0; ph < p.pooledHeight; ph++) {
    for (let pw = 0; pw < p.pooledWidth; pw++) {
      for (let iy = 0; iy < gh; iy++) {
        const yy = R(R(startH + R(ph * binH)) + R(R((iy + 0.5) * binH) / gh));
        for (let ix = 0; ix < gw; ix++, idx++) {
          const xx = R(R(startW + R(pw * binW)) + R(R((ix + 0.5) * binW) / gw));
          let y = yy, x = xx;
          if (y < -1.0 || y > h || x < -1.0 || x > w) continue; // zero weights, position 0
          if (y <= 0) y = 0;
          if (x <= 0) x = 0;
          let yLow = Math.trunc(y), xLow = Math.trunc(x), yHigh: number, xHigh: number;
          if (yLow >= h - 1) {
            yHigh = yLow = h - 1;
            y = yLow;
          } else yHigh = yLow + 1;
          if (xLow >= w - 1) {
            xHigh = xLow = w - 1;
            x = xLow;
          } else xHigh = xLow + 1;
          const ly = R(y - yLow), lx = R(x - xLow);
          const hy = R(1 - ly), hx = R(1 - lx);
          const o = 4 * idx;
          pos[o] = yLow * w + xLow;
          pos[o + 1] = yLow * w + xHigh;
          pos[o + 2] = yHigh * w + xLow;
          pos[o + 3] = yHigh * w + xHigh;
          wt[o] = R(hy * hx);
          wt[o + 1] = R(hy * lx);
          wt[o + 2] = R(ly * hx);
          wt[o + 3] = R(ly * lx);
        }
      }
    }
  }
  return { pos, wt, perBin: Math.max(gh, 0) * Math.max(gw, 0), count };
}

function roiAlignForward(input: Tensor, r: Float64Array, p: RoiParams): Tensor {
  const [n, c, h, w] = input.shape;
  const K = r.length / 5;
  const f64 = input.dtype === dt.float64;
  // one element type for every input (float32 values are exact in float64): the loops stay monomorphic
  const x = input.detach().to(dt.float64).contiguous().toTypedArray() as Float64Array;
  const bins = p.pooledHeight * p.pooledWidth;
  const out = new Float64Array(K * c * bins);
  void n;
  for (let k = 0; k < K; k++) {
    const b = Math.trunc(r[5 * k]);
    const { pos, wt, perBin, count } = preCalc(r, k, h, w, p, !f64);
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * h * w;
      const outBase = (k * c + ch) * bins;
      let s = 0;
      for (let bin = 0; bin < bins; bin++) {
        let v = 0;
        for (let q = 0; q < perBin; q++, s++) {
          const o = 4 * s;
          v += wt[o] * x[base + pos[o]] + wt[o + 1] * x[base + pos[o + 1]] + wt[o + 2] * x[base + pos[o + 2]] + wt[o + 3] * x[base + pos[o + 3]];
        }
        out[outBase + bin] = v / count;
      }
    }
  }
  const t = torch.tensor(out).reshape([K, c, p.pooledHeight, p.pooledWidth]);
  return (f64 ? t : t.to(input.dtype)).to(input.device);
}

function roiAlignBackward(grad: Tensor, shape: number[], dtype: dt.dtype, r: Float64Array, p: RoiParams): Tensor {
  const [n, c, h, w] = shape;
  const K = r.length / 5;
  const f64 = dtype === dt.float64;
  const g = grad.to(dt.float64).contiguous().toTypedArray() as Float64Array;
  const gi = new Float64Array(n * c * h * w);
  const bins = p.pooledHeight * p.pooledWidth;
  for (let k = 0; k < K; k++) {
    const b = Math.trunc(r[5 * k]);
    const { pos, wt, perBin, count } = preCalc(r, k, h, w, p, !f64);
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * h * w;
      const gBase = (k * c + ch) * bins;
      let s = 0;
      for (let bin = 0; bin < bins; bin++) {
        const gb = g[gBase + bin] / count;
        for (let q = 0; q < perBin; q++, s++) {
          const o = 4 * s;
          gi[base + pos[o]] += wt[o] * gb;
          gi[base + pos[o + 1]] += wt[o + 1] * gb;
          gi[base + pos[o + 2]] += wt[o + 2] * gb;
          gi[base + pos[o + 3]] += wt[o + 3] * gb;
        }
      }
    }
  }
  const t = torch.tensor(gi).reshape(shape);
  return t.to(dtype).to(grad.device);
}

class RoIAlignFunction extends AutogradFunction {
  static forward(ctx: FunctionCtx, input: Tensor, r: Float64Array, p: RoiParams): Tensor {
    ctx.r = r;
    ctx.p = p;
    ctx.inputShape = input.shape.slice();
    ctx.inputDtype = input.dtype;
    return roiAlignForward(input, r, p);
  }
  static backward(ctx: FunctionCtx, grad: Tensor): (Tensor | null)[] {
    const gi = roiAlignBackward(grad, ctx.inputShape as number[], ctx.inputDtype as dt.dtype, ctx.r as Float64Array, ctx.p as RoiParams);
    return [gi, null, null];
  }
}

/**
 * torchvision.ops.roi_align(input, boxes, output_size, spatial_scale=1.0, sampling_ratio=-1, aligned=False):
 * input Tensor[N, C, H, W]; boxes a Tensor[K, 5] (image index, x1, y1, x2, y2) or a list of Tensor[L, 4]
 * (one per image); returns Tensor[K, C, outputSize[0], outputSize[1]].
 */
export function roiAlign(
  input: Tensor, boxes: Tensor | Tensor[], outputSize: number | [number, number],
  spatialScale?: number, samplingRatio?: number, aligned?: boolean,
): Tensor;
export function roiAlign(...args: unknown[]): Tensor;
export function roiAlign(...args: unknown[]): Tensor {
  const [input, boxes, outputSize, spatialScale = 1.0, samplingRatio = -1, aligned = false] = bind(
    "roi_align", ["input", "boxes", "outputSize", "spatialScale", "samplingRatio", "aligned"], args);
  const rois = roiBoxes("roi_align", boxes);
  checkRoiInput("roi_align", input, rois);
  const [ph, pw] = pairArg("roi_align", outputSize);
  if (typeof spatialScale !== "number") throw new TypeError(`roi_align(): argument 'spatial_scale' must be a number, not ${describe(spatialScale)}`);
  if (typeof samplingRatio !== "number" || !Number.isInteger(samplingRatio))
    throw new TypeError(`roi_align(): argument 'sampling_ratio' must be an int, not ${describe(samplingRatio)}`);
  if (typeof aligned !== "boolean") throw new TypeError(`roi_align(): argument 'aligned' must be a bool, not ${describe(aligned)}`);
  const r = roiValues("roi_align", rois, input.shape[0]);
  const p: RoiParams = { spatialScale, pooledHeight: ph, pooledWidth: pw, samplingRatio, aligned };
  if (input.requiresGrad && torch.isGradEnabled()) return RoIAlignFunction.apply(input, r, p) as Tensor;
  return roiAlignForward(input, r, p);
}

/** Python's repr of output_size as the module stores it: 7 or (7, 7). */
function sizeRepr(v: unknown): string {
  return Array.isArray(v) ? `(${v.join(", ")})` : String(v);
}

/** torchvision.ops.RoIAlign(output_size, spatial_scale, sampling_ratio, aligned=False): see roiAlign. */
export class RoIAlign extends Module {
  outputSize: number | [number, number];
  spatialScale: number;
  samplingRatio: number;
  aligned: boolean;
  constructor(outputSize: number | [number, number], spatialScale: number, samplingRatio: number, aligned?: boolean);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const [outputSize, spatialScale, samplingRatio, aligned = false] = bind(
      "RoIAlign", ["outputSize", "spatialScale", "samplingRatio", "aligned"], args);
    if (spatialScale === undefined || samplingRatio === undefined)
      throw new TypeError("RoIAlign.__init__() missing required positional arguments: 'spatial_scale' and 'sampling_ratio'");
    pairArg("RoIAlign", outputSize);
    this.outputSize = Array.isArray(outputSize) ? [outputSize[0], outputSize[1]] : (outputSize as number);
    this.spatialScale = spatialScale as number;
    this.samplingRatio = samplingRatio as number;
    this.aligned = aligned as boolean;
  }
  forward(input: Tensor, rois: Tensor | Tensor[]): Tensor {
    return roiAlign(input, rois, this.outputSize, this.spatialScale, this.samplingRatio, this.aligned);
  }
  toString(): string {
    return `RoIAlign(output_size=${sizeRepr(this.outputSize)}, spatial_scale=${pyFloat(this.spatialScale)}, sampling_ratio=${this.samplingRatio}, aligned=${pyBool(this.aligned)})`;
  }
}

// roiPool / RoIPool live in roi_pool.ts (torchvision/ops/roi_pool.py); exported here for ops/index.ts.
export { roiPool, RoIPool } from "./roi_pool";
