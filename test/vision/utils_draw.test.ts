// torchvision.utils.draw_bounding_boxes / draw_segmentation_masks against torchvision
// (test/fixtures/vision/make_draw.py).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor } from "../../src";
import { utils } from "../../src/vision";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "draw.json"), "utf8"));
const u8 = (e: { shape: number[]; b64: string }): Tensor =>
  torch.tensor(new Uint8Array(Buffer.from(e.b64, "base64"))).reshape(e.shape);
const bytes = (t: Tensor) => Array.from(t.contiguous().toTypedArray() as Uint8Array);
const img = u8(py.img);
const boxes = torch.tensor(py.boxes, { dtype: torch.float32 });
const masks = torch.tensor(new Uint8Array(Buffer.from(py.masks, "base64"))).reshape([3, 40, 52]).bool();

/** Positions where two uint8 images differ. */
function diff(a: Tensor, b: Tensor): number[] {
  const x = bytes(a), y = bytes(b);
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) out.push(i);
  return out;
}

function closeFloat(t: Tensor, e: { shape: number[]; f32: string }, atol: number) {
  expect(t.shape).toEqual(e.shape);
  const buf = Buffer.from(e.f32, "base64");
  const want = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const v = Array.from(t.toTypedArray() as Float32Array);
  expect(v.length).toBe(want.length);
  v.forEach((g, i) => {
    if (Math.abs(g - want[i]) > atol) throw new Error(`value ${i}: got ${g}, expected ${want[i]}`);
  });
}

describe("drawBoundingBoxes", () => {
  it("draws PIL's rectangles pixel for pixel (widths, fills, colors, boxes beyond the image)", () => {
    for (const c of py.box_cases) {
      const kw = c.kw;
      const colors = Array.isArray(kw.colors) && kw.colors.length !== 3 ? kw.colors : kw.colors;
      const out = utils.drawBoundingBoxes(img, boxes, null, colors ?? null, kw.fill ?? false, kw.width ?? 1);
      expect(out.dtype).toBe(torch.uint8);
      const d = diff(out, u8(c.out));
      if (d.length) throw new Error(`${c.name}: ${d.length} bytes differ, first at ${d[0]}`);
    }
  });
  it("takes the options form", () => {
    const c = py.box_cases.find((x: any) => x.name === "fill_w2");
    const out = utils.drawBoundingBoxes(img, boxes, { fill: true, width: 2, colors: [0, 128, 255] });
    expect(diff(out, u8(c.out))).toEqual([]);
  });
  it("grayscale images become RGB; float images stay float", () => {
    const out = utils.drawBoundingBoxes(u8(py.gray), boxes.index(":3"), { width: 2 });
    expect(out.shape).toEqual([3, 40, 52]);
    expect(diff(out, u8(py.gray_out))).toEqual([]);
    const f = utils.drawBoundingBoxes(img.float().div(255), boxes.index(":4"), { colors: "magenta", width: 2 });
    expect(f.dtype).toBe(torch.float32);
    closeFloat(f, py.float_out, 1e-6);
  });
  it("labels: PIL's default font at (x1 + width + 1, y1 + width + 1), as torchvision draws them", () => {
    const lb = torch.tensor(py.lab_boxes, { dtype: torch.float32 });
    const plain = utils.drawBoundingBoxes(img, lb, { colors: ["red", "blue"], width: 2 });
    expect(diff(plain, u8(py.lab_plain))).toEqual([]);
    const withLabels = utils.drawBoundingBoxes(img, lb, py.labels, ["red", "blue"], false, 2);
    expect(diff(withLabels, plain).length).toBeGreaterThan(100);
    expect(diff(withLabels, u8(py.lab_out))).toEqual([]);
  });
  it("labels on filled boxes, fillLabels with label and background colors", () => {
    const lb = torch.tensor(py.lab_boxes, { dtype: torch.float32 });
    const a = utils.drawBoundingBoxes(img, lb, { labels: ["x-ray", "Wj 9"], fill: true, labelColors: "yellow" });
    expect(diff(a, u8(py.lab_fill))).toEqual([]);
    const b = utils.drawBoundingBoxes(img, lb, py.labels, ["red", "blue"], false, 1, null, null, null, null, true);
    expect(diff(b, u8(py.lab_fill_labels))).toEqual([]);
    const c = utils.drawBoundingBoxes(img, lb, {
      labels: ["x", "Ab"], width: 3, labelColors: ["white", "red"], labelBackgroundColors: "navy", fillLabels: true,
    });
    expect(diff(c, u8(py.lab_fill_labels_bg))).toEqual([]);
  });
  it("rotated boxes (Tensor[N, 8]): torchvision's oriented rectangles, exact but at dash ends on a corner", () => {
    const rot = torch.tensor(py.rot_boxes, { dtype: torch.float32 });
    const corners = (py.rot_boxes as number[][]).flatMap((b) => [0, 2, 4, 6].map((k) => [Math.trunc(b[k]), Math.trunc(b[k + 1])]));
    for (const c of py.rot_cases) {
      const out = utils.drawBoundingBoxes(img, rot, c.kw);
      const want = u8(c.out);
      const changed = diff(want, img).length;
      const d = diff(out, want);
      // the last dash of the dashed side ends on a corner; PIL (glibc atan2/cos/sin) may land 1e-14 short of it
      expect(d.length).toBeLessThanOrEqual(12);
      expect(d.length).toBeLessThan(changed / 50);
      for (const i of d) {
        const p = i % (40 * 52), y = Math.floor(p / 52), x = p % 52;
        expect(corners.some(([cx, cy]) => Math.abs(cx - x) <= 2 && Math.abs(cy - y) <= 2)).toBe(true);
      }
    }
    const exact = py.rot_cases.find((c: any) => c.name === "fill");
    expect(diff(utils.drawBoundingBoxes(img, rot, exact.kw), u8(exact.out))).toEqual([]);
  });
  it("no boxes: the image unchanged", () => {
    const out = utils.drawBoundingBoxes(img, torch.zeros([0, 4]));
    expect(diff(out, img)).toEqual([]);
  });
  it("errors as torchvision", () => {
    expect(() => utils.drawBoundingBoxes(img.unsqueeze(0), boxes)).toThrow("Pass individual images, not batches");
    expect(() => utils.drawBoundingBoxes(img.index(":2"), boxes)).toThrow("Only grayscale and RGB images are supported");
    expect(() => utils.drawBoundingBoxes(img.int(), boxes)).toThrow("The image dtype must be uint8 or float, got torch.int32");
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[5, 5, 2, 8]]))).toThrow(/xmin, ymin, xmax, ymax/);
    expect(() => utils.drawBoundingBoxes(img, boxes, ["a"])).toThrow("Number of boxes (9) and labels (1) mismatch");
    expect(() => utils.drawBoundingBoxes(img, boxes, null, ["red"])).toThrow("Number of colors must be equal or larger than the number of objects, but got 1 < 9.");
    expect(() => utils.drawBoundingBoxes(img, boxes, null, "notacolor")).toThrow("unknown color specifier: 'notacolor'");
    expect(() => utils.drawBoundingBoxes(img, boxes.index(":", ":3"))).toThrow(/Tensor\[N, 4\]/);
    expect(() => utils.drawBoundingBoxes(img, torch.zeros([2, 5]))).toThrow(/Tensor\[N, 8\]/);
    expect(() => utils.drawBoundingBoxes(img, boxes, { font: "arial.ttf" })).toThrow(/font/);
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[0, 0, NaN, 5]]))).toThrow(/boxes must be finite/);
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[0, 0, 1e12, 5]]))).toThrow(/out of the range of a C int/);
  });
});

describe("drawSegmentationMasks", () => {
  it("equals torchvision (default palette, alpha and colors, a single [H, W] mask)", () => {
    expect(diff(utils.drawSegmentationMasks(img, masks), u8(py.seg_default))).toEqual([]);
    expect(diff(utils.drawSegmentationMasks(img, masks, 0.35, ["red", [0, 255, 0], "#0000ff"]), u8(py.seg_alpha))).toEqual([]);
    expect(diff(utils.drawSegmentationMasks(img, masks.index(0), { alpha: 0.5, colors: "yellow" }), u8(py.seg_single))).toEqual([]);
  });
  it("float images", () => {
    const out = utils.drawSegmentationMasks(img.float().div(255), masks, 0.6);
    expect(out.dtype).toBe(torch.float32);
    closeFloat(out, py.seg_float, 1e-6);
  });
  it("float64 images with the default palette (seeded inputs)", () => {
    torch.manualSeed(0);
    const img64 = torch.rand([3, 4, 5], { dtype: torch.float64 });
    const m64 = torch.rand(2, 4, 5).gt(0.5);
    const out = utils.drawSegmentationMasks(img64, m64, 0.3);
    expect(out.dtype).toBe(torch.float64);
    const buf = Buffer.from(py.seg_f64.f64, "base64");
    const want = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const got = out.flatten().toTypedArray() as Float64Array;
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-12));
  });
  it("errors as torchvision", () => {
    expect(() => utils.drawSegmentationMasks(img, masks.to(torch.uint8))).toThrow("The masks must be of dtype bool. Got torch.uint8");
    expect(() => utils.drawSegmentationMasks(img.index(":1"), masks)).toThrow("Pass an RGB image. Other Image formats are not supported");
    expect(() => utils.drawSegmentationMasks(img, masks.index(":", ":10"))).toThrow("The image and the masks must have the same height and width");
    expect(() => utils.drawSegmentationMasks(img, masks.unsqueeze(0))).toThrow("masks must be of shape (H, W) or (batch_size, H, W)");
  });
});

describe("drawKeypoints", () => {
  const kp = torch.tensor(py.kp, { dtype: torch.float32 });
  const vis = torch.tensor(py.kp_vis);
  it("draws PIL's filled circles and wide lines pixel for pixel (radius, width, visibility, no colors)", () => {
    for (const c of py.kp_cases) {
      const kw = c.kw;
      const out = utils.drawKeypoints(img, kp, kw.connectivity ?? null, kw.colors ?? null, kw.radius ?? 2, kw.width ?? 3, c.vis ? vis : null);
      const d = diff(out, u8(c.out));
      if (d.length) throw new Error(`${c.name}: ${d.length} bytes differ, first at ${d[0]}`);
      expect(diff(out, img).length).toBeGreaterThan(100);
    }
  });
  it("takes the options form; visibility [N, K, 1]; float images", () => {
    const c = py.kp_cases.find((x: any) => x.name === "vis_w5");
    const out = utils.drawKeypoints(img, kp, { connectivity: py.kp_conn, colors: "yellow", radius: 3, width: 5, visibility: vis.unsqueeze(-1) });
    expect(diff(out, u8(c.out))).toEqual([]);
    const f = utils.drawKeypoints(img.float().mul(1 / 255), kp, { colors: "red" });
    expect(f.dtype).toBe(torch.float32);
    expect(diff(f.mul(255).round().to(torch.uint8), u8(py.kp_cases[0].out))).toEqual([]);
  });
  it("errors as torchvision", () => {
    expect(() => utils.drawKeypoints(img, kp.index(0))).toThrow("keypoints must be of shape (num_instances, K, 2)");
    expect(() => utils.drawKeypoints(img.index(":1"), kp)).toThrow("Pass an RGB image. Other Image formats are not supported");
    expect(() => utils.drawKeypoints(img, kp, { visibility: vis.index(":", ":3") })).toThrow(/same dimensionality/);
    expect(() => utils.drawKeypoints(img, kp, { connectivity: [[0, 9]] })).toThrow(/out of range/);
    expect(() => utils.drawKeypoints(img, torch.tensor([[[1, 2], [3e10, 4]]]), { colors: "red" })).toThrow(/C int/);
  });
});
