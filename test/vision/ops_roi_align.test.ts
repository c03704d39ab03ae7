// torchvision.ops.roi_align / RoIAlign against torchvision's pure-Python _roi_align and a transcription of
// its CPU kernel (test/fixtures/vision/make_ops.py).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor, nn } from "../../src";
import { ops } from "../../src/vision";

interface Enc { shape: number[]; dtype: string; values: number[] }
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "ops.json"), "utf8"));
const DT: Record<string, any> = { float32: torch.float32, float64: torch.float64, int64: torch.int64 };
const T = (e: Enc): Tensor => torch.tensor(e.values, { dtype: DT[e.dtype] }).reshape(e.shape);

function close(t: Tensor, e: Enc, rtol = 1e-5, atol = 1e-6) {
  expect(t.shape).toEqual(e.shape);
  expect(String(t.dtype)).toBe(`torch.${e.dtype}`);
  const got = Array.from(t.detach().contiguous().toTypedArray() as ArrayLike<number>);
  got.forEach((g, i) => {
    const w = e.values[i];
    if (Math.abs(g - w) > atol + rtol * Math.abs(w)) throw new Error(`value ${i}: got ${g}, expected ${w}`);
  });
}

const feat = T(py.roi_feat);

describe("roiAlign", () => {
  it("equals torchvision (output sizes, spatial scales, sampling ratios, aligned, boxes beyond the map)", () => {
    for (const c of py.roi_align) {
      const out = ops.roiAlign(feat, T(c.rois), c.output_size, c.spatial_scale, c.sampling_ratio, c.aligned);
      close(out, c.out);
    }
    expect(py.roi_align.some((c: any) => c.src === "kernel")).toBe(true);
  });
  it("takes the options form and an int output size", () => {
    const c = py.roi_align[0];
    close(ops.roiAlign(feat, T(c.rois), 3, { samplingRatio: -1, aligned: false }), c.out);
  });
  it("takes a list of Tensor[L, 4] per image (convert_boxes_to_roi_format)", () => {
    const rois = T(py.roi_list_rois);
    const lst = [0, 1].map((i) => rois.index(rois.index(":", 0).eq(i)).index(":", "1:"));
    close(ops.roiAlign(feat, lst, [2, 2]), py.roi_list_out);
  });
  it("float64", () => {
    const rois = T(py.roi_align[0].rois).double();
    close(ops.roiAlign(feat.double(), rois, [3, 2], 1.0, 2, true), py.roi_f64_out, 1e-12, 1e-12);
  });
  it("backward gives the input gradient of torchvision's roi_align", () => {
    const x = feat.clone().requiresGrad_(true);
    const o = ops.roiAlign(x, T(py.roi_align[0].rois), [3, 3], 1.0, 2, false);
    const w = torch.arange(o.numel(), { dtype: torch.float32 }).reshape(o.shape).div(o.numel());
    o.mul(w).sum().backward();
    close(x.grad!, py.roi_grad);
  });
  it("empty boxes give an empty result", () => {
    const o = ops.roiAlign(feat, torch.zeros([0, 5]), 2);
    expect(o.shape).toEqual([0, 3, 2, 2]);
  });
  it("rejects bad boxes, dtypes and image indices with clear errors", () => {
    const rois = T(py.roi_align[0].rois);
    expect(() => ops.roiAlign(feat, torch.zeros([2, 4]), 2)).toThrow(/Tensor\[K, 5\]/);
    expect(() => ops.roiAlign(feat, [torch.zeros([2, 5])], 2)).toThrow(/List\[Tensor\[L, 4\]\]/);
    expect(() => ops.roiAlign(feat, "boxes" as any, 2)).toThrow(TypeError);
    expect(() => ops.roiAlign(feat, rois.double(), 2)).toThrow(/same type/);
    expect(() => ops.roiAlign(feat.index(0), rois, 2)).toThrow(/Tensor\[N, C, H, W\]/);
    expect(() => ops.roiAlign(feat, torch.tensor([[2, 0, 0, 4, 4]], { dtype: torch.float32 }), 2)).toThrow(/image index 2/);
    expect(() => ops.roiAlign(feat, rois, [2, 0])).toThrow(/output_size/);
    expect(() => ops.roiAlign(feat, torch.tensor([[0, 0, 0, 1e9, 1e9]], { dtype: torch.float32 }), 2)).toThrow(/bilinear samples per bin/);
    const nan = ops.roiAlign(feat, torch.tensor([[0, NaN, 0, 4, 4]], { dtype: torch.float32 }), 2);
    expect(nan.shape).toEqual([1, 3, 2, 2]);
  });
});

describe("RoIAlign module", () => {
  it("is an nn.Module with torchvision's repr and forward", () => {
    const m = new ops.RoIAlign([7, 7], 0.5, 2);
    expect(m).toBeInstanceOf(nn.Module);
    expect(String(m)).toBe(py.roi_repr);
    expect(String(new ops.RoIAlign(5, { spatialScale: 1.0, samplingRatio: -1, aligned: true }))).toBe(py.roi_repr2);
    const c = py.roi_align[1];
    const m2 = new ops.RoIAlign(c.output_size, c.spatial_scale, c.sampling_ratio, c.aligned);
    expect(m2.outputSize).toEqual(c.output_size);
    expect(m2.samplingRatio).toBe(c.sampling_ratio);
    close(m2(feat, T(c.rois)), c.out);
  });
  it("needs spatial_scale and sampling_ratio", () => {
    // @ts-expect-error: missing required arguments on purpose (the run-time error)
    expect(() => new ops.RoIAlign(7)).toThrow(/missing required positional arguments/);
  });
});
