// torchvision.ops.roi_pool / RoIPool: RoI max pooling (Fast R-CNN).
//
// torchvision's CPU kernel (csrc/ops/cpu/roi_pool_kernel.cpp) over TypedArrays: box corners are scaled and
// rounded (half away from zero) to feature-map pixels, each output bin takes the maximum of its pixels
// (0 for an empty bin); backward sends each bin's gradient to the pixel that held the maximum.
import type { PyArgsReq } from "../../args";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { bind } from "../../args";
import type { PyArgs } from "../../args";
import { describe } from "../../device";
import { Module } from "../../nn/module";
import { pyFloat } from "../../nn/repr";
import { Function as AutogradFunction, FunctionCtx } from "../../function";
import { checkRoiInput, pairArg, roiBoxes, roiValues } from "./_utils";

type FloatArray = Float32Array | Float64Array;
const FLT_MAX = 3.4028234663852886e38;

/** C's round(): half away from zero. */
const cRound = (x: number) => (x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5));

function roiPoolForward(input: Tensor, r: Float64Array, scale: number, ph_: number, pw_: number): [Tensor, Int32Array] {
  const [, c, h, w] = input.shape;
  const K = r.length / 5;
  const f64 = input.dtype === dt.float64;
  const R = f64 ? (x: number) => x : Math.fround;
  const x = (f64 ? input : input.to(dt.float32)).detach().contiguous().toTypedArray() as FloatArray;
  const out = f64 ? new Float64Array(K * c * ph_ * pw_) : new Float32Array(K * c * ph_ * pw_);
  const argmax = new Int32Array(K * c * ph_ * pw_);
  const s = R(scale);
  for (let n = 0; n < K; n++) {
    const b = Math.trunc(r[5 * n]);
    const startW = cRound(R(r[5 * n + 1] * s)), startH = cRound(R(r[5 * n + 2] * s));
    const endW = cRound(R(r[5 * n + 3] * s)), endH = cRound(R(r[5 * n + 4] * s));
    const roiW = Math.max(endW - startW + 1, 1), roiH = Math.max(endH - startH + 1, 1);
    const binH = R(roiH / ph_), binW = R(roiW / pw_);
    for (let ph = 0; ph < ph_; ph++) {
      for (let pw = 0; pw < pw_; pw++) {
        let hs = Math.floor(R(ph * binH)), ws = Math.floor(R(pw * binW));
        let he = Math.ceil(R((ph + 1) * binH)), we = Math.ceil(R((pw + 1) * binW));
        hs = Math.min(Math.max(hs + startH, 0), h);
        he = Math.min(Math.max(he + startH, 0), h);
        ws = Math.min(Math.max(ws + startW, 0), w);
        we = Math.min(Math.max(we + startW, 0), w);
        const empty = he <= hs || we <= ws;
        for (let ch = 0; ch < c; ch++) {
          let maxval = empty ? 0 : -FLT_MAX;
          let maxidx = -1;
          const base = (b * c + ch) * h * w;
          for (let y = hs; y < he; y++)
            for (let xx = ws; xx < we; xx++) {
              const v = x[base + y * w + xx];
              if (v > maxval) {
                maxval = v;
                maxidx = y * w + xx;
              }
            }
          const index = ((n * c + ch) * ph_ + ph) * pw_ + pw;
          out[index] = maxval;
          argmax[index] = maxidx;
        }
      }
    }
  }
  const t = torch.tensor(out).reshape([K, c, ph_, pw_]);
  return [(input.dtype === dt.float32 || f64 ? t : t.to(input.dtype)).to(input.device), argmax];
}

class RoIPoolFunction extends AutogradFunction {
  static forward(ctx: FunctionCtx, input: Tensor, r: Float64Array, scale: number, ph: number, pw: number): Tensor {
    const [out, argmax] = roiPoolForward(input, r, scale, ph, pw);
    ctx.argmax = argmax;
    ctx.r = r;
    ctx.inputShape = input.shape.slice();
    ctx.inputDtype = input.dtype;
    return out;
  }
  static backward(ctx: FunctionCtx, grad: Tensor): (Tensor | null)[] {
    const [n, c, h, w] = ctx.inputShape as number[];
    const dtype = ctx.inputDtype as dt.dtype;
    const f64 = dtype === dt.float64;
    const g = (f64 ? grad.to(dt.float64) : grad.to(dt.float32)).contiguous().toTypedArray() as FloatArray;
    const gi = f64 ? new Float64Array(n * c * h * w) : new Float32Array(n * c * h * w);
    const argmax = ctx.argmax as Int32Array, r = ctx.r as Float64Array;
    const perRoi = argmax.length / (r.length / 5) / c;
    for (let i = 0; i < argmax.length; i++) {
      const a = argmax[i];
      if (a < 0) continue;
      const k = Math.floor(i / (c * perRoi)), ch = Math.floor(i / perRoi) % c;
      gi[(Math.trunc(r[5 * k]) * c + ch) * h * w + a] += g[i];
    }
    return [torch.tensor(gi).reshape([n, c, h, w]).to(dtype).to(grad.device), null, null, null, null];
  }
}

/**
 * torchvision.ops.roi_pool(input, boxes, output_size, spatial_scale=1.0): input Tensor[N, C, H, W], boxes a
 * Tensor[K, 5] (image index, x1, y1, x2, y2) or a list of Tensor[L, 4] per image; returns Tensor[K, C, oh, ow].
 */
export function roiPool(input: Tensor, boxes: Tensor | Tensor[], outputSize: number | [number, number], spatialScale?: number): Tensor;
export function roiPool(...args: PyArgs<[input: Tensor, boxes: Tensor | Tensor[], outputSize: number | [number, number], spatialScale: number], { input?: Tensor; boxes?: Tensor | Tensor[]; outputSize?: number | [number, number]; spatialScale?: number }>): Tensor;
export function roiPool(...args: unknown[]): Tensor {
  const [input, boxes, outputSize, spatialScale = 1.0] = bind("roi_pool", ["input", "boxes", "outputSize", "spatialScale"], args);
  const rois = roiBoxes("roi_pool", boxes);
  checkRoiInput("roi_pool", input, rois);
  const [ph, pw] = pairArg("roi_pool", outputSize);
  if (typeof spatialScale !== "number") throw new TypeError(`roi_pool(): argument 'spatial_scale' must be a number, not ${describe(spatialScale)}`);
  const r = roiValues("roi_pool", rois, input.shape[0]);
  if (input.requiresGrad && torch.isGradEnabled()) return RoIPoolFunction.apply(input, r, spatialScale, ph, pw) as Tensor;
  return roiPoolForward(input, r, spatialScale, ph, pw)[0];
}

/** torchvision.ops.RoIPool(output_size, spatial_scale): see roiPool. */
export class RoIPool extends Module {
  outputSize: number | [number, number];
  spatialScale: number;
  constructor(outputSize: number | [number, number], spatialScale: number);
  constructor(...args: PyArgsReq<[outputSize: number | [number, number], spatialScale: number], [],
    { outputSize?: number | [number, number]; spatialScale?: number }, "outputSize" | "spatialScale">);
  constructor(...args: unknown[]) {
    super();
    const [outputSize, spatialScale] = bind("RoIPool", ["outputSize", "spatialScale"], args);
    if (spatialScale === undefined) throw new TypeError("RoIPool.__init__() missing 1 required positional argument: 'spatial_scale'");
    pairArg("RoIPool", outputSize);
    this.outputSize = Array.isArray(outputSize) ? [outputSize[0], outputSize[1]] : (outputSize as number);
    this.spatialScale = spatialScale as number;
  }
  forward(input: Tensor, rois: Tensor | Tensor[]): Tensor {
    return roiPool(input, rois, this.outputSize, this.spatialScale);
  }
  toString(): string {
    const o = Array.isArray(this.outputSize) ? `(${this.outputSize.join(", ")})` : String(this.outputSize);
    return `RoIPool(output_size=${o}, spatial_scale=${pyFloat(this.spatialScale)})`;
  }
}
