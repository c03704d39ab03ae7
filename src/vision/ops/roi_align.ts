// torchvision.ops.roi_align / RoIAlign: RoI Align (Mask R-CNN) with average pooling.
//
// The CPU kernel of torchvision (csrc/ops/cpu/roi_align_kernel.cpp) in TypeScript over TypedArrays:
// per RoI the bilinear sample positions and weights are computed once (the kernel's pre_calc) and
// applied to every channel; samples beyond [-1, H] x [-1, W] count as zero, as in the kernel. The
// coordinate arithmetic of float32 inputs is rounded to float32 (Math.fround) as the kernel's is, so
// the same pixels are sampled. Backward (the gradient w.r.t. `input`) is the kernel's backward: the
// same weights scattered back, through torch.autograd.Function.
import type { PyArgsReq } from "../../args";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { bind } from "../../args";
import type { PyArgs } from "../../args";
import { describe } from "../../device";
import { Module } from "../../nn/module";
import { pyBool, pyFloat } from "../../nn/repr";
import { Function as AutogradFunction, FunctionCtx } from "../../function";
import { checkRoiInput, pairArg, roiBoxes, roiValues } from "./_utils";

interface RoiParams {
  spatialScale: number;
  pooledHeight: number;
  pooledWidth: number;
  samplingRatio: number;
  aligned: boolean;
}

interface RoiGeometry {
  startH: number; startW: number; binH: number; binW: number;
  gh: number; gw: number; perBin: number; count: number; roiH: number; roiW: number;
}

/** The sampling grid of RoI k, computed as the kernel does (float32 steps for float32 inputs). */
function roiGeometry(r: Float64Array, k: number, p: RoiParams, f32: boolean): RoiGeometry {
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
  let gh = p.samplingRatio > 0 ? p.samplingRatio : Math.ceil(R(roiH / p.pooledHeight));
  let gw = p.samplingRatio > 0 ? p.samplingRatio : Math.ceil(R(roiW / p.pooledWidth));
  if (!(gh > 0)) gh = 0; // an empty (or NaN) grid: no samples, output 0 as in the kernel
  if (!(gw > 0)) gw = 0;
  const perBin = gh * gw;
  if (perBin * p.pooledWidth > 2 ** 26)
    throw new RangeError(`roi_align(): box ${k} needs ${perBin} bilinear samples per bin (a ${roiH} x ${roiW} region, sampling_ratio ${p.samplingRatio}); pass a positive sampling_ratio or check the box`);
  return { startH, startW, binH, binW, gh, gw, perBin, count: Math.max(perBin, 1), roiH, roiW };
}

/**
 * The kernel's pre_calc for the bin rows [ph0, ph1) of one RoI: for each (ph, pw, iy, ix) sample the four
 * flat positions and weights of its bilinear interpolation (weights 0 for a sample outside the map).
 */
function binSamples(g: RoiGeometry, ph0: number, ph1: number, h: number, w: number, p: RoiParams, f32: boolean,
  pos: Int32Array, wt: Float64Array): void {
  const R = f32 ? Math.fround : (x: number) => x;
  const { startH, startW, binH, binW, gh, gw } = g;
  let idx = 0;
  for (let ph = ph0; ph < ph1; ph++) {
    for (let pw = 0; pw < p.pooledWidth; pw++) {
      for (let iy = 0; iy < gh; iy++) {
        const yy = R(R(startH + R(ph * binH)) + R(R((iy + 0.5) * binH) / gh));
        for (let ix = 0; ix < gw; ix++, idx++) {
          const xx = R(R(startW + R(pw * binW)) + R(R((ix + 0.5) * binW) / gw));
          const o = 4 * idx;
          let y = yy, x = xx;
          if (y < -1.0 || y > h || x < -1.0 || x > w) {
            pos[o] = pos[o + 1] = pos[o + 2] = pos[o + 3] = 0;
            wt[o] = wt[o + 1] = wt[o + 2] = wt[o + 3] = 0;
            continue;
          }
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
}

/** Visits RoI k's bins in chunks of rows, with the chunk's samples: fn(firstBin, binCount, pos, wt, geometry). */
function forEachBinChunk(r: Float64Array, k: number, h: number, w: number, p: RoiParams, f32: boolean,
  fn: (bin0: number, nBins: number, pos: Int32Array, wt: Float64Array, g: RoiGeometry) => void): void {
  const g = roiGeometry(r, k, p, f32);
  const rowSamples = Math.max(p.pooledWidth * g.perBin, 1);
  const rows = Math.max(1, Math.min(p.pooledHeight, Math.floor(2 ** 20 / rowSamples)));
  const pos = new Int32Array(rows * rowSamples * 4);
  const wt = new Float64Array(rows * rowSamples * 4);
  for (let ph0 = 0; ph0 < p.pooledHeight; ph0 += rows) {
    const ph1 = Math.min(ph0 + rows, p.pooledHeight);
    binSamples(g, ph0, ph1, h, w, p, f32, pos, wt);
    fn(ph0 * p.pooledWidth, (ph1 - ph0) * p.pooledWidth, pos, wt, g);
  }
}

function roiAlignForward(input: Tensor, r: Float64Array, p: RoiParams): Tensor {
  const [, c, h, w] = input.shape;
  const K = r.length / 5;
  const f64 = input.dtype === dt.float64;
  // one element type for every input (float32 values are exact in float64): the loops stay monomorphic
  const x = input.detach().to(dt.float64).contiguous().toTypedArray() as Float64Array;
  const bins = p.pooledHeight * p.pooledWidth;
  const out = new Float64Array(K * c * bins);
  for (let k = 0; k < K; k++) {
    const b = Math.trunc(r[5 * k]);
    forEachBinChunk(r, k, h, w, p, !f64, (bin0, nBins, pos, wt, g) => {
      const perBin = g.perBin, count = g.count;
      for (let ch = 0; ch < c; ch++) {
        const base = (b * c + ch) * h * w;
        const outBase = (k * c + ch) * bins + bin0;
        let s = 0;
        for (let bin = 0; bin < nBins; bin++) {
          let v = 0;
          for (let q = 0; q < perBin; q++, s++) {
            const o = 4 * s;
            v += wt[o] * x[base + pos[o]] + wt[o + 1] * x[base + pos[o + 1]] + wt[o + 2] * x[base + pos[o + 2]] + wt[o + 3] * x[base + pos[o + 3]];
          }
          out[outBase + bin] = v / count;
        }
      }
    });
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
    forEachBinChunk(r, k, h, w, p, !f64, (bin0, nBins, pos, wt, geo) => {
      const perBin = geo.perBin, count = geo.count;
      for (let ch = 0; ch < c; ch++) {
        const base = (b * c + ch) * h * w;
        const gBase = (k * c + ch) * bins + bin0;
        let s = 0;
        for (let bin = 0; bin < nBins; bin++) {
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
    });
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
export function roiAlign(...args: PyArgs<[input: Tensor, boxes: Tensor | Tensor[], outputSize: number | [number, number], spatialScale: number, samplingRatio: number, aligned: boolean], { input?: Tensor; boxes?: Tensor | Tensor[]; outputSize?: number | [number, number]; spatialScale?: number; samplingRatio?: number; aligned?: boolean }>): Tensor;
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
  constructor(...args: PyArgsReq<[outputSize: number | [number, number], spatialScale: number, samplingRatio: number], [aligned: boolean],
    { outputSize?: number | [number, number]; spatialScale?: number; samplingRatio?: number; aligned?: boolean }, "outputSize" | "spatialScale" | "samplingRatio">);
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
