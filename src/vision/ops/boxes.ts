// torchvision.ops boxes: nms, batchedNms, removeSmallBoxes, clipBoxesToImage, boxConvert, boxArea,
// boxIou, generalizedBoxIou, completeBoxIou, distanceBoxIou, masksToBoxes
// (torchvision/ops/boxes.py and _box_convert.py, ported op for op).
//
// nms is torchvision's CPU kernel (csrc/ops/cpu/nms_kernel.cpp) in TypeScript: the boxes are sorted
// once by score (ATen's stable descending sort, as the kernel does) and the greedy pass runs over
// TypedArrays, computing each IoU when it is needed (no N x N matrix, no per-box tensor op). For
// float32 boxes every arithmetic step is rounded to float32 (Math.fround), so the IoU compared with
// the threshold is the kernel's bit for bit and the kept indices are the same.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { bind } from "../../args";
import type { PyArgs } from "../../args";
import { describe } from "../../device";

type TypedFloat = Float32Array | Float64Array;

function assertTensor(fn: string, name: string, v: unknown): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be a Tensor, not ${describe(v)}`);
}

function shapeStr(t: Tensor): string {
  return `[${t.shape.join(", ")}]`;
}

function assertBoxes(fn: string, name: string, boxes: unknown, minDim = 1): asserts boxes is Tensor {
  assertTensor(fn, name, boxes);
  if (boxes.dim() < minDim || boxes.shape[boxes.dim() - 1] !== 4)
    throw new RangeError(`${fn}(): ${name} should have shape [..., 4] (x1, y1, x2, y2), got ${shapeStr(boxes)}`);
}

/** _upcast: float16/bfloat16 -> float32, small integer dtypes -> int32 (protects products from overflow). */
function upcast(t: Tensor): Tensor {
  if (t.isFloatingPoint()) return t.dtype === dt.float32 || t.dtype === dt.float64 ? t : t.float();
  return t.dtype === dt.int32 || t.dtype === dt.int64 ? t : t.int();
}

/** The values of a float32/float64 tensor as a TypedArray of its own precision (others go through float32). */
function floatValues(t: Tensor): TypedFloat {
  if (t.dtype !== dt.float64 && t.dtype !== dt.float32) t = t.to(dt.float32);
  return t.contiguous().toTypedArray() as TypedFloat;
}

function int64Tensor(values: ArrayLike<number>, n: number): Tensor {
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = BigInt(values[i]);
  return torch.tensor(out);
}

function checkNmsInputs(fn: string, boxes: unknown, scores: unknown, iouThreshold: unknown): void {
  assertTensor(fn, "boxes", boxes);
  assertTensor(fn, "scores", scores);
  if (typeof iouThreshold !== "number")
    throw new TypeError(`${fn}(): argument 'iou_threshold' must be a number, not ${describe(iouThreshold)}`);
  if (boxes.dim() !== 2) throw new RangeError(`${fn}(): boxes should be a 2d tensor, got ${boxes.dim()}D`);
  if (boxes.shape[1] !== 4) throw new RangeError(`${fn}(): boxes should have 4 elements in dimension 1, got ${boxes.shape[1]}`);
  if (scores.dim() !== 1) throw new RangeError(`${fn}(): scores should be a 1d tensor, got ${scores.dim()}D`);
  if (boxes.shape[0] !== scores.shape[0])
    throw new RangeError(`${fn}(): boxes and scores should have same number of elements in dimension 0, got ${boxes.shape[0]} and ${scores.shape[0]}`);
  if (!boxes.isFloatingPoint()) throw new TypeError(`${fn}(): boxes must be a floating point tensor, got ${boxes.dtype}`);
  if (boxes.dtype !== scores.dtype)
    throw new TypeError(`${fn}(): boxes should have the same type as scores, got ${boxes.dtype} and ${scores.dtype}`);
}

/**
 * The greedy pass of torchvision's nms kernel over the boxes in score order (x1..y2, areas and classes
 * gathered in that order so the inner loop reads memory in sequence). A box only suppresses boxes of its
 * own class (all zeros for plain nms). Returns the kept positions in score order.
 */
function greedyF32(x1: Float64Array, y1: Float64Array, x2: Float64Array, y2: Float64Array, cls: Float64Array | null, thr: number): Int32Array {
  const n = x1.length;
  const fr = Math.fround;
  const areas = new Float64Array(n);
  for (let i = 0; i < n; i++) areas[i] = fr(fr(x2[i] - x1[i]) * fr(y2[i] - y1[i]));
  const suppressed = new Uint8Array(n);
  const keep = new Int32Array(n);
  const thrNonNeg = thr >= 0;
  const hasCls = cls !== null;
  let numToKeep = 0;
  for (let i = 0; i < n; i++) {
    if (suppressed[i]) continue;
    keep[numToKeep++] = i;
    const ix1 = x1[i], iy1 = y1[i], ix2 = x2[i], iy2 = y2[i], iarea = areas[i], ci = hasCls ? cls[i] : 0;
    for (let j = i + 1; j < n; j++) {
      if (suppressed[j] || (hasCls && cls[j] !== ci)) continue;
      // std::max / std::min as the kernel has them (a NaN coordinate compares false)
      const ax1 = x1[j], ay1 = y1[j], ax2 = x2[j], ay2 = y2[j];
      let w = Math.fround((ax2 < ix2 ? ax2 : ix2) - (ix1 < ax1 ? ax1 : ix1));
      if (!(w > 0)) {
        if (thrNonNeg) continue; // inter = 0: IoU 0 (NaN for two empty boxes) is never > a threshold >= 0
        w = 0;
      }
      let h = Math.fround((ay2 < iy2 ? ay2 : iy2) - (iy1 < ay1 ? ay1 : iy1));
      if (!(h > 0)) {
        if (thrNonNeg) continue;
        h = 0;
      }
      const inter = fr(w * h);
      if (fr(inter / fr(fr(iarea + areas[j]) - inter)) > thr) suppressed[j] = 1;
    }
  }
  return keep.subarray(0, numToKeep);
}

function greedyF64(x1: Float64Array, y1: Float64Array, x2: Float64Array, y2: Float64Array, cls: Float64Array | null, thr: number): Int32Array {
  const n = x1.length;
  const areas = new Float64Array(n);
  for (let i = 0; i < n; i++) areas[i] = (x2[i] - x1[i]) * (y2[i] - y1[i]);
  const suppressed = new Uint8Array(n);
  const keep = new Int32Array(n);
  const thrNonNeg = thr >= 0;
  const hasCls = cls !== null;
  let numToKeep = 0;
  for (let i = 0; i < n; i++) {
    if (suppressed[i]) continue;
    keep[numToKeep++] = i;
    const ix1 = x1[i], iy1 = y1[i], ix2 = x2[i], iy2 = y2[i], iarea = areas[i], ci = hasCls ? cls[i] : 0;
    for (let j = i + 1; j < n; j++) {
      if (suppressed[j] || (hasCls && cls[j] !== ci)) continue;
      const ax1 = x1[j], ay1 = y1[j], ax2 = x2[j], ay2 = y2[j];
      let w = (ax2 < ix2 ? ax2 : ix2) - (ix1 < ax1 ? ax1 : ix1);
      if (!(w > 0)) {
        if (thrNonNeg) continue;
        w = 0;
      }
      let h = (ay2 < iy2 ? ay2 : iy2) - (iy1 < ay1 ? ay1 : iy1);
      if (!(h > 0)) {
        if (thrNonNeg) continue;
        h = 0;
      }
      const inter = w * h;
      if (inter / (iarea + areas[j] - inter) > thr) suppressed[j] = 1;
    }
  }
  return keep.subarray(0, numToKeep);
}

function nmsImpl(boxes: Tensor, scores: Tensor, iouThreshold: number, classes: ArrayLike<number> | null): Int32Array {
  const n = boxes.shape[0];
  if (n === 0) return new Int32Array(0);
  const order = Int32Array.from(scores.sort({ stable: true, dim: 0, descending: true }).indices.toTypedArray() as BigInt64Array, Number);
  const b = floatValues(boxes.detach());
  const x1 = new Float64Array(n), y1 = new Float64Array(n), x2 = new Float64Array(n), y2 = new Float64Array(n);
  const cls = classes === null ? null : new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    x1[k] = b[4 * i];
    y1[k] = b[4 * i + 1];
    x2[k] = b[4 * i + 2];
    y2[k] = b[4 * i + 3];
    if (cls !== null) cls[k] = classes![i];
  }
  const f32 = boxes.dtype !== dt.float64;
  const kept = (f32 ? greedyF32 : greedyF64)(x1, y1, x2, y2, cls, iouThreshold);
  for (let k = 0; k < kept.length; k++) kept[k] = order[kept[k]];
  return kept;
}

/**
 * torchvision.ops.nms(boxes, scores, iou_threshold): non-maximum suppression. Boxes (Tensor[N, 4],
 * x1, y1, x2, y2) are taken by decreasing score (ties in index order); a box is dropped when its
 * IoU with a kept box is > iouThreshold. Returns the kept indices (int64) by decreasing score.
 */
export function nms(boxes: Tensor, scores: Tensor, iouThreshold: number): Tensor;
export function nms(...args: PyArgs<[boxes: Tensor, scores: Tensor, iouThreshold: number], { boxes?: Tensor; scores?: Tensor; iouThreshold?: number }>): Tensor;
export function nms(...args: unknown[]): Tensor {
  const [boxes, scores, iouThreshold] = bind("nms", ["boxes", "scores", "iouThreshold"], args);
  checkNmsInputs("nms", boxes, scores, iouThreshold);
  const b = boxes as Tensor;
  const keep = nmsImpl(b, scores as Tensor, iouThreshold as number, null);
  return int64Tensor(keep, keep.length).to(b.device);
}

/**
 * torchvision.ops.batched_nms(boxes, scores, idxs, iou_threshold): nms within each category of
 * `idxs` (Tensor[N], integers). As torchvision on the CPU: up to 4,000 box coordinates, the boxes
 * of each category are offset by idx * (max coordinate + 1) and one nms runs; above, nms runs per
 * category and the kept indices are sorted by decreasing score.
 */
export function batchedNms(boxes: Tensor, scores: Tensor, idxs: Tensor, iouThreshold: number): Tensor;
export function batchedNms(...args: PyArgs<[boxes: Tensor, scores: Tensor, idxs: Tensor, iouThreshold: number], { boxes?: Tensor; scores?: Tensor; idxs?: Tensor; iouThreshold?: number }>): Tensor;
export function batchedNms(...args: unknown[]): Tensor {
  const [boxes, scores, idxs, iouThreshold] = bind("batched_nms", ["boxes", "scores", "idxs", "iouThreshold"], args);
  checkNmsInputs("batched_nms", boxes, scores, iouThreshold);
  assertTensor("batched_nms", "idxs", idxs);
  const b = boxes as Tensor, s = scores as Tensor;
  if (idxs.dim() !== 1 || idxs.shape[0] !== b.shape[0])
    throw new RangeError(`batched_nms(): idxs should be a 1d tensor with one category per box (${b.shape[0]}), got shape ${shapeStr(idxs)}`);
  if (b.numel() === 0) return torch.empty([0], { dtype: dt.int64, device: b.device });
  if (b.numel() > 4000) {
    // _batched_nms_vanilla: per-category nms (one greedy pass that only compares boxes of one category).
    const cls = Float64Array.from(idxs.to(dt.float64).contiguous().toTypedArray() as Float64Array);
    const kept = nmsImpl(b, s, iouThreshold as number, cls);
    const mask = new Uint8Array(b.shape[0]);
    for (const k of kept) mask[k] = 1;
    const keepIdx: number[] = [];
    for (let i = 0; i < mask.length; i++) if (mask[i]) keepIdx.push(i);
    const keepIndices = int64Tensor(keepIdx, keepIdx.length).to(b.device);
    return keepIndices.index(s.index(keepIndices).sort({ descending: true }).indices);
  }
  // _batched_nms_coordinate_trick
  const maxCoordinate = b.max();
  const offsets = idxs.to(b).mul(maxCoordinate.add(torch.tensor(1).to(b)));
  const boxesForNms = b.add(offsets.index(":", null));
  return nms(boxesForNms, s, iouThreshold as number);
}

/** torchvision.ops.remove_small_boxes(boxes, min_size): indices of the boxes whose sides are both >= minSize. */
export function removeSmallBoxes(boxes: Tensor, minSize: number): Tensor;
export function removeSmallBoxes(...args: PyArgs<[boxes: Tensor, minSize: number], { boxes?: Tensor; minSize?: number }>): Tensor;
export function removeSmallBoxes(...args: unknown[]): Tensor {
  const [boxes, minSize] = bind("remove_small_boxes", ["boxes", "minSize"], args);
  assertBoxes("remove_small_boxes", "boxes", boxes);
  if (typeof minSize !== "number") throw new TypeError(`remove_small_boxes(): argument 'min_size' must be a number, not ${describe(minSize)}`);
  const ws = boxes.index("...", 2).sub(boxes.index("...", 0));
  const hs = boxes.index("...", 3).sub(boxes.index("...", 1));
  const keep = ws.ge(minSize).bitwiseAnd(hs.ge(minSize));
  return torch.where(keep)[0];
}

/** torchvision.ops.clip_boxes_to_image(boxes, size): clamps x to [0, width] and y to [0, height]; size is [height, width]. */
export function clipBoxesToImage(boxes: Tensor, size: [number, number]): Tensor;
export function clipBoxesToImage(...args: PyArgs<[boxes: Tensor, size: [number, number]], { boxes?: Tensor; size?: [number, number] }>): Tensor;
export function clipBoxesToImage(...args: unknown[]): Tensor {
  const [boxes, size] = bind("clip_boxes_to_image", ["boxes", "size"], args);
  assertBoxes("clip_boxes_to_image", "boxes", boxes);
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => typeof v === "number"))
    throw new TypeError(`clip_boxes_to_image(): argument 'size' must be [height, width], not ${describe(size)}`);
  const dim = boxes.dim();
  const [height, width] = size as number[];
  const boxesX = boxes.index("...", "0::2").clamp(0, width);
  const boxesY = boxes.index("...", "1::2").clamp(0, height);
  return torch.stack([boxesX, boxesY], dim).reshape(boxes.shape);
}

const BOX_FORMATS = ["xyxy", "xywh", "cxcywh", "xywhr", "cxcywhr", "xyxyxyxy"];

function cxcywhToXyxy(b: Tensor): Tensor {
  const [cx, cy, w, h] = b.unbind(-1);
  return torch.stack([cx.sub(w.mul(0.5)), cy.sub(h.mul(0.5)), cx.add(w.mul(0.5)), cy.add(h.mul(0.5))], -1);
}
function xyxyToCxcywh(b: Tensor): Tensor {
  const [x1, y1, x2, y2] = b.unbind(-1);
  return torch.stack([x1.add(x2).div(2), y1.add(y2).div(2), x2.sub(x1), y2.sub(y1)], -1);
}
function xywhToXyxy(b: Tensor): Tensor {
  const [x, y, w, h] = b.unbind(-1);
  return torch.stack([x, y, x.add(w), y.add(h)], -1);
}
function xyxyToXywh(b: Tensor): Tensor {
  const [x1, y1, x2, y2] = b.unbind(-1);
  return torch.stack([x1, y1, x2.sub(x1), y2.sub(y1)], -1);
}

/** Rounds and casts back to an integer dtype after float math (torchvision's need_cast). */
function castBack(boxes: Tensor, dtype: dt.dtype): Tensor {
  return dtype.isFloatingPoint ? boxes : boxes.round().to(dtype);
}
function rad(r: Tensor): Tensor {
  return r.mul(Math.PI).div(180.0);
}
function cxcywhrToXywhr(boxes: Tensor): Tensor {
  const [cx, cy, w, h, r] = boxes.unbind(-1);
  const rr = rad(r), cos = torch.cos(rr), sin = torch.sin(rr);
  const x1 = cx.sub(w.div(2).mul(cos)).sub(h.div(2).mul(sin));
  const y1 = cy.sub(h.div(2).mul(cos)).add(w.div(2).mul(sin));
  return castBack(torch.stack([x1, y1, w, h, r], -1), boxes.dtype);
}
function xywhrToCxcywhr(boxes: Tensor): Tensor {
  const [x1, y1, w, h, r] = boxes.unbind(-1);
  const rr = rad(r), cos = torch.cos(rr), sin = torch.sin(rr);
  const cx = x1.add(w.div(2).mul(cos)).add(h.div(2).mul(sin));
  const cy = y1.sub(w.div(2).mul(sin)).add(h.div(2).mul(cos));
  return castBack(torch.stack([cx, cy, w, h, r], -1), boxes.dtype);
}
function xywhrToXyxyxyxy(boxes: Tensor): Tensor {
  const [x1, y1, w, h, r] = boxes.unbind(-1);
  const rr = rad(r), cos = torch.cos(rr), sin = torch.sin(rr);
  const x2 = x1.add(w.mul(cos)), y2 = y1.sub(w.mul(sin));
  const x3 = x2.add(h.mul(sin)), y3 = y2.add(h.mul(cos));
  const x4 = x1.add(h.mul(sin)), y4 = y1.add(h.mul(cos));
  return castBack(torch.stack([x1, y1, x2, y2, x3, y3, x4, y4], -1), boxes.dtype);
}
function xyxyxyxyToXywhr(boxes: Tensor): Tensor {
  const [x1, y1, x2, y2, x3, y3] = boxes.unbind(-1);
  const r = torch.atan2(y1.sub(y2), x2.sub(x1)).mul(180).div(Math.PI);
  const w = x2.sub(x1).pow(2).add(y1.sub(y2).pow(2)).sqrt();
  const h = x3.sub(x2).pow(2).add(y3.sub(y2).pow(2)).sqrt();
  return castBack(torch.stack([x1, y1, w, h, r], -1), boxes.dtype);
}

const COORDS: Record<string, number> = { xyxy: 4, xywh: 4, cxcywh: 4, xywhr: 5, cxcywhr: 5, xyxyxyxy: 8 };

/**
 * torchvision.ops.box_convert(boxes, in_fmt, out_fmt): "xyxy", "xywh" and "cxcywh" (Tensor[..., 4]) among
 * themselves; "xywhr", "cxcywhr" (Tensor[..., 5], r in degrees) and "xyxyxyxy" (Tensor[..., 8]) among themselves.
 */
export function boxConvert(boxes: Tensor, inFmt: string, outFmt: string): Tensor;
export function boxConvert(...args: PyArgs<[boxes: Tensor, inFmt: string, outFmt: string], { boxes?: Tensor; inFmt?: string; outFmt?: string }>): Tensor;
export function boxConvert(...args: unknown[]): Tensor {
  const [boxes, inFmt, outFmt] = bind("box_convert", ["boxes", "inFmt", "outFmt"], args);
  assertTensor("box_convert", "boxes", boxes);
  if (!BOX_FORMATS.includes(inFmt as string) || !BOX_FORMATS.includes(outFmt as string))
    throw new RangeError(`Unsupported Bounding Box Conversions for given in_fmt ${inFmt} and out_fmt ${outFmt}`);
  if (inFmt === outFmt) return boxes.clone();
  const k = COORDS[inFmt as string];
  if (COORDS[outFmt as string] === 4 ? k !== 4 : k === 4)
    throw new RangeError(`Unsupported Bounding Box Conversions for given in_fmt ${inFmt} and out_fmt ${outFmt}`);
  if (boxes.dim() < 1 || boxes.shape[boxes.dim() - 1] !== k)
    throw new RangeError(`box_convert(): boxes in '${inFmt}' format should have shape [..., ${k}], got ${shapeStr(boxes)}`);
  let b = boxes;
  if (k === 4) {
    if (inFmt === "xywh") b = xywhToXyxy(b);
    else if (inFmt === "cxcywh") b = cxcywhToXyxy(b);
    if (outFmt === "xywh") b = xyxyToXywh(b);
    else if (outFmt === "cxcywh") b = xyxyToCxcywh(b);
    return b;
  }
  const e = `${inFmt}->${outFmt}`;
  if (e === "cxcywhr->xywhr") return cxcywhrToXywhr(b);
  if (e === "xywhr->cxcywhr") return xywhrToCxcywhr(b);
  if (e === "cxcywhr->xyxyxyxy") return xywhrToXyxyxyxy(cxcywhrToXywhr(b).to(b.dtype));
  if (e === "xyxyxyxy->cxcywhr") return xywhrToCxcywhr(xyxyxyxyToXywhr(b).to(b.dtype));
  if (e === "xywhr->xyxyxyxy") return xywhrToXyxyxyxy(b);
  return xyxyxyxyToXywhr(b); // xyxyxyxy->xywhr
}

const AREA_FORMATS = ["xyxy", "xywh", "cxcywh"];

/** torchvision.ops.box_area(boxes, fmt="xyxy"): the area of each box (Tensor[..., 4] -> Tensor[...]). */
export function boxArea(boxes: Tensor, fmt?: string): Tensor;
export function boxArea(...args: PyArgs<[boxes: Tensor, fmt: string], { boxes?: Tensor; fmt?: string }>): Tensor;
export function boxArea(...args: unknown[]): Tensor {
  const [boxes, fmt = "xyxy"] = bind("box_area", ["boxes", "fmt"], args);
  if (!AREA_FORMATS.includes(fmt as string)) throw new RangeError(`Unsupported Bounding Box area for given format ${fmt}`);
  assertBoxes("box_area", "boxes", boxes);
  const b = upcast(boxes);
  if (fmt === "xyxy") return b.index("...", 2).sub(b.index("...", 0)).mul(b.index("...", 3).sub(b.index("...", 1)));
  return b.index("...", 2).mul(b.index("...", 3));
}

function boxInterUnion(boxes1: Tensor, boxes2: Tensor, fmt = "xyxy"): [Tensor, Tensor] {
  const area1 = boxArea(boxes1, fmt);
  const area2 = boxArea(boxes2, fmt);
  const b1 = (s: string) => boxes1.index("...", null, s); // [..., N, 1, 2]
  const b2 = (s: string) => boxes2.index("...", null, ":", s); // [..., 1, M, 2]
  let lt: Tensor, rb: Tensor;
  if (fmt === "xyxy") {
    lt = torch.maximum(b1(":2"), b2(":2"));
    rb = torch.minimum(b1("2:"), b2("2:"));
  } else if (fmt === "xywh") {
    lt = torch.maximum(b1(":2"), b2(":2"));
    rb = torch.minimum(b1(":2").add(b1("2:")), b2(":2").add(b2("2:")));
  } else {
    lt = torch.maximum(b1(":2").sub(b1("2:").div(2)), b2(":2").sub(b2("2:").div(2)));
    rb = torch.minimum(b1(":2").add(b1("2:").div(2)), b2(":2").add(b2("2:").div(2)));
  }
  const wh = upcast(rb.sub(lt)).clamp(0);
  const inter = wh.index("...", 0).mul(wh.index("...", 1));
  const union = area1.index("...", null).add(area2.index("...", null, ":")).sub(inter);
  return [inter, union];
}

function checkPair(fn: string, boxes1: unknown, boxes2: unknown): void {
  assertBoxes(fn, "boxes1", boxes1);
  assertBoxes(fn, "boxes2", boxes2);
}

/**
 * torchvision.ops.box_iou(boxes1, boxes2, fmt="xyxy"): the IoU of every pair, Tensor[..., N, M]
 * for Tensor[..., N, 4] and Tensor[..., M, 4]; fmt "xyxy", "xywh" or "cxcywh".
 */
export function boxIou(boxes1: Tensor, boxes2: Tensor, fmt?: string): Tensor;
export function boxIou(...args: PyArgs<[boxes1: Tensor, boxes2: Tensor, fmt: string], { boxes1?: Tensor; boxes2?: Tensor; fmt?: string }>): Tensor;
export function boxIou(...args: unknown[]): Tensor {
  const [boxes1, boxes2, fmt = "xyxy"] = bind("box_iou", ["boxes1", "boxes2", "fmt"], args);
  if (["cxcywhr", "xywhr", "xyxyxyxy"].includes(fmt as string))
    throw new RangeError(`box_iou(): rotated box formats are not supported by torch-node yet (fmt '${fmt}')`);
  if (!AREA_FORMATS.includes(fmt as string))
    throw new RangeError(`Unsupported format '${fmt}'. Supported axis-aligned formats: ('xyxy', 'xywh', 'cxcywh'). Supported rotated formats: ('cxcywhr', 'xywhr', 'xyxyxyxy').`);
  checkPair("box_iou", boxes1, boxes2);
  const [inter, union] = boxInterUnion(boxes1 as Tensor, boxes2 as Tensor, fmt as string);
  return inter.div(union);
}

/** torchvision.ops.generalized_box_iou(boxes1, boxes2): GIoU of every pair (xyxy boxes). */
export function generalizedBoxIou(boxes1: Tensor, boxes2: Tensor): Tensor;
export function generalizedBoxIou(...args: PyArgs<[boxes1: Tensor, boxes2: Tensor], { boxes1?: Tensor; boxes2?: Tensor }>): Tensor;
export function generalizedBoxIou(...args: unknown[]): Tensor {
  const [boxes1, boxes2] = bind("generalized_box_iou", ["boxes1", "boxes2"], args) as [Tensor, Tensor];
  checkPair("generalized_box_iou", boxes1, boxes2);
  const [inter, union] = boxInterUnion(boxes1, boxes2);
  const iou = inter.div(union);
  const lti = torch.minimum(boxes1.index("...", null, ":2"), boxes2.index("...", null, ":", ":2"));
  const rbi = torch.maximum(boxes1.index("...", null, "2:"), boxes2.index("...", null, ":", "2:"));
  const whi = upcast(rbi.sub(lti)).clamp(0);
  const areai = whi.index("...", 0).mul(whi.index("...", 1));
  return iou.sub(areai.sub(union).div(areai));
}

function boxDiouIou(boxes1: Tensor, boxes2: Tensor, eps: number): [Tensor, Tensor] {
  const iou = boxIou(boxes1, boxes2);
  const lti = torch.minimum(boxes1.index("...", null, ":2"), boxes2.index("...", null, ":", ":2"));
  const rbi = torch.maximum(boxes1.index("...", null, "2:"), boxes2.index("...", null, ":", "2:"));
  const whi = upcast(rbi.sub(lti)).clamp(0);
  const diag = whi.index("...", 0).pow(2).add(whi.index("...", 1).pow(2)).add(eps);
  const xp = boxes1.index("...", 0).add(boxes1.index("...", 2)).div(2);
  const yp = boxes1.index("...", 1).add(boxes1.index("...", 3)).div(2);
  const xg = boxes2.index("...", 0).add(boxes2.index("...", 2)).div(2);
  const yg = boxes2.index("...", 1).add(boxes2.index("...", 3)).div(2);
  const centers = upcast(xp.index("...", null).sub(xg.index("...", null, ":"))).pow(2)
    .add(upcast(yp.index("...", null).sub(yg.index("...", null, ":"))).pow(2));
  return [iou.sub(centers.div(diag)), iou];
}

function epsArg(fn: string, eps: unknown): number {
  if (typeof eps !== "number") throw new TypeError(`${fn}(): argument 'eps' must be a number, not ${describe(eps)}`);
  return eps;
}

/** torchvision.ops.distance_box_iou(boxes1, boxes2, eps=1e-7): DIoU of every pair (xyxy boxes). */
export function distanceBoxIou(boxes1: Tensor, boxes2: Tensor, eps?: number): Tensor;
export function distanceBoxIou(...args: PyArgs<[boxes1: Tensor, boxes2: Tensor, eps: number], { boxes1?: Tensor; boxes2?: Tensor; eps?: number }>): Tensor;
export function distanceBoxIou(...args: unknown[]): Tensor {
  const [boxes1, boxes2, eps = 1e-7] = bind("distance_box_iou", ["boxes1", "boxes2", "eps"], args);
  checkPair("distance_box_iou", boxes1, boxes2);
  return boxDiouIou(upcast(boxes1 as Tensor), upcast(boxes2 as Tensor), epsArg("distance_box_iou", eps))[0];
}

/** torchvision.ops.complete_box_iou(boxes1, boxes2, eps=1e-7): CIoU of every pair (xyxy boxes). */
export function completeBoxIou(boxes1: Tensor, boxes2: Tensor, eps?: number): Tensor;
export function completeBoxIou(...args: PyArgs<[boxes1: Tensor, boxes2: Tensor, eps: number], { boxes1?: Tensor; boxes2?: Tensor; eps?: number }>): Tensor;
export function completeBoxIou(...args: unknown[]): Tensor {
  const [boxes1_, boxes2_, eps = 1e-7] = bind("complete_box_iou", ["boxes1", "boxes2", "eps"], args);
  checkPair("complete_box_iou", boxes1_, boxes2_);
  const e = epsArg("complete_box_iou", eps);
  const boxes1 = upcast(boxes1_ as Tensor), boxes2 = upcast(boxes2_ as Tensor);
  const [diou, iou] = boxDiouIou(boxes1, boxes2, e);
  const wPred = boxes1.index("...", null, 2).sub(boxes1.index("...", null, 0));
  const hPred = boxes1.index("...", null, 3).sub(boxes1.index("...", null, 1));
  const wGt = boxes2.index("...", null, ":", 2).sub(boxes2.index("...", null, ":", 0));
  const hGt = boxes2.index("...", null, ":", 3).sub(boxes2.index("...", null, ":", 1));
  const v = torch.pow(torch.atan(wPred.div(hPred)).sub(torch.atan(wGt.div(hGt))), 2).mul(4 / Math.PI ** 2);
  const alpha = torch.noGrad(() => v.div(iou.neg().add(1).add(v).add(e)));
  return diou.sub(alpha.mul(v));
}

/**
 * torchvision.ops.masks_to_boxes(masks): the xyxy box around each mask of Tensor[N, H, W]
 * (float32 Tensor[N, 4]; an empty mask gives [0, 0, 0, 0]).
 */
export function masksToBoxes(masks: Tensor): Tensor;
export function masksToBoxes(...args: PyArgs<[masks: Tensor], { masks?: Tensor }>): Tensor;
export function masksToBoxes(...args: unknown[]): Tensor {
  const [masks] = bind("masks_to_boxes", ["masks"], args);
  assertTensor("masks_to_boxes", "masks", masks);
  if (masks.numel() === 0) return torch.zeros([0, 4], { device: masks.device, dtype: dt.float32 });
  if (masks.dim() !== 3) throw new RangeError(`masks_to_boxes(): masks should have shape [N, H, W], got ${shapeStr(masks)}`);
  const [, h, w] = masks.shape;
  const m = masks.bool();
  const rows = torch.any(m, 2);
  const cols = torch.any(m, 1);
  const empty = torch.any(rows, 1).logicalNot();
  const rowsF = rows.float();
  const colsF = cols.float();
  const y1 = rowsF.argmax(1);
  const x1 = colsF.argmax(1);
  const y2 = rowsF.flip([1]).argmax(1).neg().add(h - 1);
  const x2 = colsF.flip([1]).argmax(1).neg().add(w - 1);
  const bb = torch.stack([x1, y1, x2, y2], 1).float();
  bb.indexPut_([empty], 0);
  return bb;
}
