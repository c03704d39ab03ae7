// torchvision.ops.roi_pool / RoIPool against a transcription of torchvision's CPU kernel
// (test/fixtures/vision/make_ops.py).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor, nn } from "../../src";
import { ops } from "../../src/vision";

interface Enc { shape: number[]; dtype: string; values: number[] }
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "ops.json"), "utf8"));
const T = (e: Enc): Tensor => torch.tensor(e.values, { dtype: torch.float32 }).reshape(e.shape);
const vals = (t: Tensor) => Array.from(t.detach().contiguous().toTypedArray() as Float32Array);
const feat = T(py.roi_feat);
const rois = T(py.roi_pool_rois);

describe("roiPool", () => {
  it("equals torchvision's kernel (max of each bin, 0 for empty bins; boxes beyond the map)", () => {
    for (const c of py.roi_pool) {
      const out = ops.roiPool(feat, rois, c.output_size, c.spatial_scale);
      expect(out.shape).toEqual(c.out.shape);
      expect(vals(out)).toEqual(Array.from(Float32Array.from(c.out.values))); // a max picks an input value: exact
    }
  });
  it("backward sends each bin's gradient to its maximum", () => {
    for (const c of py.roi_pool) {
      const x = feat.clone().requiresGrad_(true);
      const o = ops.roiPool(x, rois, { outputSize: c.output_size, spatialScale: c.spatial_scale });
      o.mul(torch.arange(o.numel(), { dtype: torch.float32 }).reshape(o.shape).div(o.numel())).sum().backward();
      const g = vals(x.grad!), e = c.grad.values as number[];
      g.forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThan(1e-6));
    }
  });
  it("a list of boxes per image; the RoIPool module and its repr", () => {
    const c = py.roi_pool[0];
    const lst = [0, 1].map((i) => rois.index(rois.index(":", 0).eq(i)).index(":", "1:"));
    const ordered = torch.cat([rois.index(rois.index(":", 0).eq(0)), rois.index(rois.index(":", 0).eq(1))]);
    expect(vals(ops.roiPool(feat, lst, 3))).toEqual(vals(ops.roiPool(feat, ordered, [3, 3])));
    const m = new ops.RoIPool([7, 7], 0.5);
    expect(m).toBeInstanceOf(nn.Module);
    expect(String(m)).toBe(py.roi_pool_repr);
    expect(vals(new ops.RoIPool(c.output_size, c.spatial_scale)(feat, rois))).toEqual(Array.from(Float32Array.from(c.out.values)));
  });
  it("rejects bad boxes with clear errors", () => {
    expect(() => ops.roiPool(feat, torch.zeros([2, 4]), 2)).toThrow(/Tensor\[K, 5\]/);
    expect(() => ops.roiPool(feat, torch.tensor([[5, 0, 0, 4, 4]], { dtype: torch.float32 }), 2)).toThrow(/image index 5/);
    // @ts-expect-error: missing required arguments on purpose (the run-time error)
    expect(() => new ops.RoIPool(7)).toThrow(/spatial_scale/);
  });
});
