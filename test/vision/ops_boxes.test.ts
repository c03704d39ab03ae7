// torchvision.ops box operations and nms against torchvision (test/fixtures/vision/make_ops.py).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor } from "../../src";
import { ops } from "../../src/vision";

interface Enc { shape: number[]; dtype: string; values: number[] }
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "ops.json"), "utf8"));
const DT: Record<string, any> = { float32: torch.float32, float64: torch.float64, int64: torch.int64, uint8: torch.uint8, bool: torch.bool };
const T = (e: Enc): Tensor => torch.tensor(e.values, { dtype: DT[e.dtype] }).reshape(e.shape);

function close(t: Tensor, e: Enc, rtol = 1e-5, atol = 1e-6) {
  expect(t.shape).toEqual(e.shape);
  expect(String(t.dtype)).toBe(`torch.${e.dtype}`);
  const got = Array.from(t.detach().contiguous().toTypedArray() as ArrayLike<number | bigint>, Number);
  got.forEach((g, i) => {
    const w = e.values[i];
    if (Math.abs(g - w) > atol + rtol * Math.abs(w)) throw new Error(`value ${i}: got ${g}, expected ${w}`);
  });
}
const ints = (t: Tensor) => Array.from(t.toTypedArray() as BigInt64Array, Number);

describe("nms", () => {
  it("keeps torchvision's CPU kernel's indices (clusters, tied scores, float32 and float64)", () => {
    for (const c of py.nms) {
      const keep = ops.nms(T(c.boxes), T(c.scores), c.thr);
      expect(keep.dtype).toBe(torch.int64);
      expect(ints(keep)).toEqual(c.keep);
    }
  });
  it("takes the options form", () => {
    const c = py.nms[0];
    expect(ints(ops.nms(T(c.boxes), T(c.scores), { iouThreshold: c.thr }))).toEqual(c.keep);
  });
  it("returns an empty int64 tensor for no boxes", () => {
    const k = ops.nms(torch.zeros([0, 4]), torch.zeros([0]), 0.5);
    expect(k.shape).toEqual([0]);
    expect(k.dtype).toBe(torch.int64);
    const kb = ops.batchedNms(torch.zeros([0, 4]), torch.zeros([0]), torch.zeros([0], { dtype: torch.int64 }), 0.5);
    expect(kb.shape).toEqual([0]);
    expect(kb.dtype).toBe(torch.int64);
  });
  it("rejects bad shapes and types with clear errors", () => {
    expect(() => ops.nms(torch.zeros([3, 5]), torch.zeros([3]), 0.5)).toThrow(/boxes should have 4 elements in dimension 1, got 5/);
    expect(() => ops.nms(torch.zeros([12]), torch.zeros([3]), 0.5)).toThrow(/boxes should be a 2d tensor, got 1D/);
    expect(() => ops.nms(torch.zeros([3, 4]), torch.zeros([3, 1]), 0.5)).toThrow(/scores should be a 1d tensor/);
    expect(() => ops.nms(torch.zeros([3, 4]), torch.zeros([2]), 0.5)).toThrow(/same number of elements in dimension 0, got 3 and 2/);
    expect(() => ops.nms(torch.zeros([3, 4]), torch.zeros([3], { dtype: torch.float64 }), 0.5)).toThrow(TypeError);
    expect(() => ops.nms(torch.zeros([3, 4], { dtype: torch.int64 }), torch.zeros([3], { dtype: torch.int64 }), 0.5)).toThrow(/floating point/);
    expect(() => ops.nms([[0, 0, 1, 1]] as any, torch.zeros([1]), 0.5)).toThrow(/argument 'boxes' must be a Tensor/);
    expect(() => ops.nms(torch.zeros([3, 4]), torch.zeros([3]), "0.5" as any)).toThrow(/iou_threshold/);
  });
});

describe("batchedNms", () => {
  it("matches torchvision's coordinate trick (<= 4000 coordinates) and per-class path (more)", () => {
    expect(py.batched_nms[1].boxes.shape[0] * 4).toBeGreaterThan(4000);
    for (const c of py.batched_nms) {
      const idxs = torch.tensor(c.idxs);
      expect(ints(ops.batchedNms(T(c.boxes), T(c.scores), idxs, c.thr))).toEqual(c.keep);
    }
  });
  it("rejects idxs of the wrong length", () => {
    expect(() => ops.batchedNms(torch.zeros([3, 4]), torch.zeros([3]), torch.tensor([0, 1]), 0.5)).toThrow(/idxs/);
  });
});

describe("box ops", () => {
  const b1 = T(py.b1), b2 = T(py.b2);
  it("boxIou in xyxy, xywh and cxcywh, batched", () => {
    close(ops.boxIou(b1, b2), py.box_iou);
    close(ops.boxIou(ops.boxConvert(b1, "xyxy", "xywh"), ops.boxConvert(b2, "xyxy", "xywh"), { fmt: "xywh" }), py.box_iou_xywh);
    close(ops.boxIou(ops.boxConvert(b1, "xyxy", "cxcywh"), ops.boxConvert(b2, "xyxy", "cxcywh"), "cxcywh"), py.box_iou_cxcywh);
    const bb = torch.stack([b1.index(":4"), b1.index("3:")]);
    close(ops.boxIou(bb, bb), py.box_iou_batched);
  });
  it("boxArea", () => {
    close(ops.boxArea(b1), py.box_area);
    close(ops.boxArea(ops.boxConvert(b1, "xyxy", "xywh"), "xywh"), py.box_area_xywh);
  });
  it("generalizedBoxIou, distanceBoxIou, completeBoxIou", () => {
    close(ops.generalizedBoxIou(b1, b2), py.generalized_box_iou);
    close(ops.distanceBoxIou(b1, b2), py.distance_box_iou);
    close(ops.completeBoxIou(b1, b2), py.complete_box_iou, 1e-5, 2e-6);
    close(ops.completeBoxIou(b1, b2, { eps: 1e-3 }), py.complete_box_iou_eps, 1e-5, 2e-6);
  });
  it("boxConvert between every pair of formats", () => {
    for (const [k, e] of Object.entries(py.box_convert)) {
      const [a, c] = k.split("->");
      close(ops.boxConvert(b1, a, c), e as Enc);
    }
    close(ops.boxConvert(b1, { inFmt: "xyxy", outFmt: "cxcywh" }), py.box_convert["xyxy->cxcywh"]);
  });
  it("boxConvert between the rotated formats (xywhr, cxcywhr, xyxyxyxy), float and integer", () => {
    for (const [k, c] of Object.entries(py.box_convert_rotated) as [string, { in: Enc; out: Enc }][]) {
      const [a, o] = k.replace("int:", "").split("->");
      close(ops.boxConvert(T(c.in), a, o), c.out, 1e-5, 2e-5);
    }
    expect(() => ops.boxConvert(b1, "xyxy", "xywhr")).toThrow("Unsupported Bounding Box Conversions for given in_fmt xyxy and out_fmt xywhr");
    expect(() => ops.boxConvert(b1, "xywhr", "cxcywhr")).toThrow(/should have shape \[\.\.\., 5\]/);
  });
  it("integer boxes keep integer area/iou dtypes as torchvision", () => {
    const ib = T({ ...py.box_area_int, values: [1, 2, 11, 7, 3, 3, 4, 9], shape: [2, 4], dtype: "int64" });
    close(ops.boxArea(ib), py.box_area_int);
    close(ops.boxIou(ib, ib), py.box_iou_int);
    close(ops.boxConvert(ib, "xyxy", "cxcywh"), py.box_convert_int);
  });
  it("clipBoxesToImage, removeSmallBoxes, masksToBoxes", () => {
    const cb = b1.sub(20);
    close(ops.clipBoxesToImage(cb, [50, 30]), py.clip);
    close(ops.clipBoxesToImage(cb.reshape([1, 7, 4]), [50, 30]), py.clip_batched);
    expect(ints(ops.removeSmallBoxes(b1, 12.0))).toEqual(py.remove_small);
    close(ops.masksToBoxes(T(py.masks).bool()), py.masks_to_boxes);
    const e = ops.masksToBoxes(torch.zeros([0, 5, 5], { dtype: torch.bool }));
    expect(e.shape).toEqual([0, 4]);
    expect(e.dtype).toBe(torch.float32);
  });
  it("errors name the argument and the format", () => {
    expect(() => ops.boxConvert(b1, "xyxy", "yxyx")).toThrow("Unsupported Bounding Box Conversions for given in_fmt xyxy and out_fmt yxyx");
    expect(() => ops.boxArea(b1, "abc")).toThrow("Unsupported Bounding Box area for given format abc");
    expect(() => ops.boxIou(b1, torch.zeros([3, 5]))).toThrow(/boxes2 should have shape \[\.\.\., 4\]/);
    expect(() => ops.boxIou(b1, b2, "nope")).toThrow(/Unsupported format 'nope'/);
    expect(() => ops.clipBoxesToImage(b1, 5 as any)).toThrow(/'size' must be \[height, width\]/);
    expect(() => ops.masksToBoxes(torch.ones([4, 4]))).toThrow(/\[N, H, W\]/);
  });
});
