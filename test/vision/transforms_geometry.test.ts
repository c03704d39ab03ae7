// torchvision.transforms (v1), geometry half, tensor path: every functional form and class against
// torchvision's outputs (test/fixtures/vision/make_transforms_geometry.py), the same seeds giving the same
// augmentations, getParams draws, reprs and error messages.
import { describe, it, expect } from "vitest";
import torch, { nn, Tensor } from "../../src";
import { transforms } from "../../src/vision";
import { fx, input, expectEnc, EXACT, RESAMPLE, Tol } from "./transforms_geometry_fixture";

const F = transforms.functional;
const T = transforms;
const IM = transforms.InterpolationMode;

const isU8 = (n: string) => fx.inputs[n][0] === "uint8";
const fillFor = <A, B>(n: string, u8: A, f: B): A | B => (isU8(n) ? u8 : f);
function displacement(n: string): Tensor {
  const img = input(n);
  torch.manualSeed(7);
  return torch.rand(1, img.shape[img.dim() - 2], img.shape[img.dim() - 1], 2).mul(0.2).sub(0.1);
}

// the same calls as CASES in the fixture script, written as a user writes them
const CASES: Record<string, (x: Tensor, n: string) => unknown> = {
  hflip: (x) => F.hflip(x),
  vflip: (x) => F.vflip(x),
  crop: (x) => F.crop(x, 1, 2, 4, 5),
  crop_outside: (x) => F.crop(x, -2, -1, 6, 12),
  crop_far: (x) => F.crop(x, 3, 4, 10, 10),
  center_crop: (x) => F.centerCrop(x, 5),
  center_crop_rect: (x) => F.centerCrop(x, [4, 3]),
  center_crop_big: (x) => F.centerCrop(x, [12, 10]),
  pad_const: (x, n) => F.pad(x, [1, 2], { fill: fillFor(n, 7, 0.5) }),
  pad_const4: (x) => F.pad(x, [1, 0, 2, 3]),
  pad_neg: (x) => F.pad(x, [-1, 1]),
  pad_edge: (x) => F.pad(x, [1, 2, 3, 0], { paddingMode: "edge" }),
  pad_reflect: (x) => F.pad(x, 2, 0, "reflect"),
  pad_symmetric: (x) => F.pad(x, [2, 1, 3, 1], { paddingMode: "symmetric" }),
  pad_symmetric_neg: (x) => F.pad(x, [-1, 2, 1, -2], { paddingMode: "symmetric" }),
  resize: (x) => F.resize(x, [5, 6]),
  resize_up: (x) => F.resize(x, 12),
  resize_noaa: (x) => F.resize(x, [5, 6], { antialias: false }),
  resize_nearest: (x) => F.resize(x, [11, 5], IM.NEAREST),
  resize_nearest_exact: (x) => F.resize(x, [4, 15], { interpolation: IM.NEAREST_EXACT }),
  resize_bicubic: (x) => F.resize(x, [6, 13], IM.BICUBIC),
  resize_bicubic_noaa: (x) => F.resize(x, [4, 5], IM.BICUBIC, null, false),
  resize_max: (x) => F.resize(x, 4, { maxSize: 6 }),
  resize_pil_code: (x) => F.resize(x, [3, 4], 0),
  resized_crop: (x) => F.resizedCrop(x, 1, 1, 5, 6, [8, 8]),
  resized_crop_nearest: (x) => F.resizedCrop(x, 0, 2, 4, 4, 6, IM.NEAREST),
  five_crop: (x) => F.fiveCrop(x, [3, 4]),
  ten_crop: (x) => F.tenCrop(x, 3, { verticalFlip: true }),
  ten_crop_h: (x) => F.tenCrop(x, [2, 5]),
  rotate90: (x) => F.rotate(x, 90),
  rotate90_expand: (x) => F.rotate(x, 90, { expand: true }),
  rotate180: (x) => F.rotate(x, -180.0),
  rotate30_bilinear: (x) => F.rotate(x, 30, IM.BILINEAR),
  rotate_expand_fill: (x, n) => F.rotate(x, -33.5, IM.NEAREST, true, null, fillFor(n, 200, 0.75)),
  rotate_center_fill: (x, n) => F.rotate(x, 45, IM.BILINEAR, false, [2, 3], { fill: fillFor(n, [7.0], [0.5]) }),
  rotate_expand_bilinear_fill: (x) => F.rotate(x, 20, { interpolation: IM.BILINEAR, expand: true, fill: 1 }),
  affine: (x) => F.affine(x, 15, [1, -2], 1.2, [5, 3], IM.BILINEAR),
  affine_nearest_fill: (x, n) => F.affine(x, -20, [0, 1], 0.8, 10, { fill: fillFor(n, 5, 0.25), center: [3, 2] }),
  affine_shear1: (x) => F.affine(x, { angle: 0.0, translate: [2, 0], scale: 1.0, shear: [12.5] }),
  perspective: (x) => F.perspective(x, [[0, 0], [5, 0], [5, 4], [0, 4]], [[1, 0], [5, 1], [4, 4], [0, 3]]),
  perspective_nearest_fill: (x, n) => F.perspective(x, [[0, 0], [6, 0], [6, 5], [0, 5]], [[2, 1], [6, 0], [5, 5], [1, 4]], IM.NEAREST, fillFor(n, 9, 0.5)),
  erase: (x, n) => F.erase(x, 1, 2, 3, 4, torch.tensor(fillFor(n, 9, 0.5), { dtype: x.dtype })),
  erase_outside: (x, n) => F.erase(x, 4, 5, 10, 10, torch.tensor(fillFor(n, 1, 0.125), { dtype: x.dtype })),
  elastic: (x, n) => F.elasticTransform(x, displacement(n)),
  elastic_nearest_fill: (x, n) => F.elasticTransform(x, displacement(n), IM.NEAREST, [fillFor(n, 3, 0.5)]),
};
// grid-sampled results (see GRID_TIES in transforms_geometry_fixture.ts)
const GRID = /rotat|affine|perspective|elastic|pipeline/;
// results that move or copy pixels without resampling: exact
const EXACT_CASES = new Set(["hflip", "vflip", "crop", "crop_outside", "crop_far", "center_crop", "center_crop_rect", "center_crop_big",
  "pad_const", "pad_const4", "pad_neg", "pad_edge", "pad_reflect", "pad_symmetric", "pad_symmetric_neg", "five_crop", "ten_crop",
  "ten_crop_h", "rotate90", "rotate90_expand", "rotate180", "erase", "erase_outside", "resize_nearest", "resize_pil_code"]);

describe("transforms.functional geometry vs torchvision", () => {
  const ids = Object.keys(fx.cases);
  it("covers every fixture case", () => {
    for (const id of ids) expect(CASES[id.split("/")[0]], id).toBeTypeOf("function");
  });
  for (const id of ids) {
    const [name] = id.split("/");
    it(id, () => {
      const c = fx.cases[id];
      const base: Tol = EXACT_CASES.has(name) ? EXACT : RESAMPLE;
      const tol: Tol = GRID.test(name) ? { ...base, grid: true } : base;
      const x = input(c.input);
      const before = x.clone();
      const out = CASES[name](x, c.input);
      expectEnc(out, c.out, tol, id);
      expect(torch.equal(x, before), `${id}: the input is unchanged`).toBe(true);
    });
  }
});

// the same transforms as random_cases() in the fixture script
const RANDOM: Record<string, () => (x: Tensor) => unknown> = {
  random_crop: () => new T.RandomCrop(5),
  random_crop_pad: () => new T.RandomCrop([4, 6], { padding: 2, fill: 3 }),
  random_crop_pad_if_needed: () => new T.RandomCrop(12, { padIfNeeded: true, paddingMode: "reflect" }),
  random_crop_edge: () => new T.RandomCrop(8, [1, 2], true, 0, "edge"),
  random_crop_batch: () => new T.RandomCrop([3, 4]),
  random_resized_crop: () => new T.RandomResizedCrop(6),
  random_resized_crop_opts: () => new T.RandomResizedCrop([5, 7], { scale: [0.5, 1.0], ratio: [0.5, 2.0], interpolation: IM.NEAREST }),
  random_resized_crop_fallback: () => new T.RandomResizedCrop(4, { scale: [0.001, 0.002] }),
  random_resized_crop_wide: () => new T.RandomResizedCrop(5, [0.9, 1.0], [5.0, 6.0], IM.BICUBIC, false),
  random_hflip: () => new T.RandomHorizontalFlip(),
  random_vflip: () => new T.RandomVerticalFlip(0.3),
  random_rotation: () => new T.RandomRotation(30),
  random_rotation_opts: () => new T.RandomRotation([-10, 40], IM.BILINEAR, { expand: true, fill: [1, 2, 3] }),
  random_rotation_center: () => new T.RandomRotation(20, { center: [2, 3], fill: 0.5 }),
  random_affine: () => new T.RandomAffine(20, { translate: [0.2, 0.1], scale: [0.8, 1.2], shear: 10 }),
  random_affine_opts: () => new T.RandomAffine([-5, 5], { shear: [-5, 5, -3, 3], interpolation: IM.BILINEAR, fill: 7, center: [3, 3] }),
  random_affine_plain: () => new T.RandomAffine(0),
  random_perspective: () => new T.RandomPerspective(),
  random_perspective_opts: () => new T.RandomPerspective(0.6, { p: 1.0, interpolation: IM.NEAREST, fill: [5, 6, 7] }),
  random_perspective_float: () => new T.RandomPerspective(0.3, 1.0),
  random_erasing: () => new T.RandomErasing({ p: 1.0 }),
  random_erasing_random: () => new T.RandomErasing({ p: 1.0, value: "random" }),
  random_erasing_list: () => new T.RandomErasing(1.0, [0.1, 0.3], [0.5, 2.0], [1, 2, 3]),
  random_erasing_batch: () => new T.RandomErasing(0.5, { value: 0.25 }),
  random_erasing_tiny: () => new T.RandomErasing(1.0, { scale: [0.9, 1.0], value: 5 }),
  pipeline: () => new nn.Sequential(
    new T.RandomResizedCrop(32), new T.RandomHorizontalFlip(), new T.RandomAffine(10, { translate: [0.1, 0.1], interpolation: IM.BILINEAR })),
  elastic: () => new T.ElasticTransform({ alpha: 10.0, sigma: 2.0 }),
  elastic_opts: () => new T.ElasticTransform([5.0, 20.0], [1.0, 3.0], IM.NEAREST, [0.5]),
  elastic_nosigma: () => new T.ElasticTransform({ alpha: 3.0, sigma: 0.0 }),
};
const EXACT_RANDOM = new Set(["random_crop", "random_crop_pad", "random_crop_pad_if_needed", "random_crop_edge", "random_crop_batch",
  "random_hflip", "random_vflip", "random_erasing", "random_erasing_list", "random_erasing_batch", "random_erasing_tiny"]);

describe("random transforms: the same seed gives torchvision's augmentation", () => {
  it("covers every fixture case", () => {
    for (const id of Object.keys(fx.random)) expect(RANDOM[id], id).toBeTypeOf("function");
  });
  for (const [id, c] of Object.entries(fx.random)) {
    it(id, () => {
      for (const [seed, want] of Object.entries(c.seeds)) {
        const t = RANDOM[id]();
        const x = input(c.input);
        torch.manualSeed(Number(seed));
        const base: Tol = EXACT_RANDOM.has(id) ? EXACT : RESAMPLE;
        expectEnc(t(x), want, GRID.test(id) ? { ...base, grid: true } : base, `${id} seed ${seed}`);
      }
    });
  }
});

// float draws: a few ulps (Box-Muller normal draws differ by ~1e-6 between kernel families); after a convolution
// (ElasticTransform's blurred displacement): a reduction's tolerance
const DRAW = { rtol: 2e-6, atol: 1e-6 }, CONV = { rtol: 1e-5, atol: 2e-6 };
function expectDeepClose(got: unknown, want: unknown, what: string, tol = DRAW): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${what}: an array`).toBe(true);
    expect((got as unknown[]).length, `${what}: length`).toBe(want.length);
    want.forEach((w, k) => expectDeepClose((got as unknown[])[k], w, `${what}[${k}]`, tol));
  } else if (typeof want === "number" && !Number.isInteger(want)) {
    expect(typeof got, what).toBe("number");
    expect(Math.abs((got as number) - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(want));
  } else expect(got, what).toEqual(want);
}

describe("getParams draws", () => {
  const big = torch.zeros(3, 100, 200);
  const plain = (v: unknown[]) => v.map((x) => (x instanceof Tensor ? x.tolist() : x));
  // each entry makes its inputs (which reseed), then returns the draw to run after torch.manualSeed(seed)
  const P: Record<string, () => () => unknown> = {
    random_crop: () => { const img = input("u3"); return () => T.RandomCrop.getParams(img, [4, 5]); },
    random_resized_crop: () => () => T.RandomResizedCrop.getParams(big, [0.08, 1.0], [3.0 / 4.0, 4.0 / 3.0]),
    random_resized_crop_small: () => { const img = input("u3"); return () => T.RandomResizedCrop.getParams(img, [0.08, 1.0], [3.0 / 4.0, 4.0 / 3.0]); },
    random_rotation: () => () => T.RandomRotation.getParams([-30.0, 30.0]),
    random_affine: () => () => T.RandomAffine.getParams([-10.0, 10.0], [0.1, 0.2], [0.9, 1.1], [-5.0, 5.0, -2.0, 2.0], [200, 100]),
    random_affine_none: () => () => T.RandomAffine.getParams([-10.0, 10.0], null, null, null, [20, 10]),
    random_perspective: () => () => T.RandomPerspective.getParams(200, 100, 0.5),
    random_erasing: () => { const img = input("f3"); return () => plain(T.RandomErasing.getParams(img, [0.02, 0.33], [0.3, 3.3], [0.0])); },
    random_erasing_normal: () => { const img = input("f3"); return () => plain(T.RandomErasing.getParams(img, [0.1, 0.33], [0.3, 3.3])); },
    elastic: () => () => T.ElasticTransform.getParams([10.0, 20.0], [2.0, 1.5], [12, 10]).tolist(),
  };
  for (const [id, seeds] of Object.entries(fx.params)) {
    it(id, () => {
      expect(P[id], id).toBeTypeOf("function");
      for (const [seed, want] of Object.entries(seeds)) {
        const draw = P[id]();
        torch.manualSeed(Number(seed));
        expectDeepClose(draw(), want, `${id} seed ${seed}`, id === "elastic" ? CONV : DRAW);
      }
    });
  }
});

describe("matrix helpers", () => {
  it("getInverseAffineMatrix equals torchvision's _get_inverse_affine_matrix", () => {
    expectDeepClose(F.getInverseAffineMatrix([1.5, -2.0], 30.0, [3.0, 1.0], 1.25, [10.0, -5.0]), fx.values.inverse_affine, "inverse");
    expectDeepClose(F.getInverseAffineMatrix([1.5, -2.0], 30.0, [3.0, 1.0], 1.25, [10.0, -5.0], false), fx.values.forward_affine, "forward");
    expect(F.getInverseAffineMatrix([0, 0], 0, [0, 0], 1, [0, 0])).toEqual(fx.values.inverse_affine_identity);
  });
  it("getPerspectiveCoeffs equals torchvision's _get_perspective_coeffs", () => {
    expectDeepClose(F.getPerspectiveCoeffs([[0, 0], [5, 0], [5, 4], [0, 4]], [[1, 0], [5, 1], [4, 4], [0, 3]]), fx.values.perspective_coeffs, "int");
    expectDeepClose(F.getPerspectiveCoeffs([[0.5, 0], [199, 0], [199, 99], [0, 99]], [[10, 5], [190, 3], [180, 95.5], [2, 97]]),
      fx.values.perspective_coeffs_float, "float");
  });
});

describe("reprs as torchvision prints them", () => {
  const R: Record<string, () => unknown> = {
    resize: () => new T.Resize(256),
    resize_opts: () => new T.Resize([32, 48], IM.BICUBIC, null, false),
    resize_max: () => new T.Resize(30, { maxSize: 50, interpolation: 0 }),
    center_crop: () => new T.CenterCrop(224),
    center_crop_list: () => new T.CenterCrop([20, 30]),
    random_crop: () => new T.RandomCrop(32, { padding: 4 }),
    random_crop_list: () => new T.RandomCrop([20, 30], { padding: [1, 2], padIfNeeded: true, fill: 1, paddingMode: "edge" }),
    random_resized_crop: () => new T.RandomResizedCrop(224),
    random_resized_crop_opts: () => new T.RandomResizedCrop([20, 30], { scale: [0.5, 1.0], ratio: [0.25, 2.0 / 3.0], interpolation: IM.NEAREST_EXACT, antialias: false }),
    five_crop: () => new T.FiveCrop(10),
    ten_crop: () => new T.TenCrop([10, 12], { verticalFlip: true }),
    hflip: () => new T.RandomHorizontalFlip(),
    vflip: () => new T.RandomVerticalFlip(0.25),
    rotation: () => new T.RandomRotation(30),
    rotation_opts: () => new T.RandomRotation([-10, 40.5], IM.BILINEAR, { expand: true, center: [2, 3], fill: [1, 2, 3] }),
    affine: () => new T.RandomAffine(20),
    affine_opts: () => new T.RandomAffine([-5, 5], { translate: [0.1, 0.2], scale: [0.8, 1.2], shear: 10, interpolation: IM.BILINEAR, fill: 7, center: [3, 3] }),
    affine_shear4: () => new T.RandomAffine(0, { shear: [-5, 5, -3.5, 3] }),
    perspective: () => new T.RandomPerspective(),
    perspective_opts: () => new T.RandomPerspective(0.25, 1.0, IM.NEAREST, [1, 2, 3]),
    pad: () => new T.Pad(2),
    pad_opts: () => new T.Pad([1, 2, 3, 4], { fill: 0.5, paddingMode: "symmetric" }),
    erasing: () => new T.RandomErasing(),
    erasing_opts: () => new T.RandomErasing(1.0, [0.1, 0.2], [0.5, 2.0], "random", true),
    erasing_list: () => new T.RandomErasing({ value: [1, 2, 3] }),
    elastic: () => new T.ElasticTransform(),
    elastic_opts: () => new T.ElasticTransform([1.0, 2.0], 3.0, IM.NEAREST, [1, 2, 3]),
  };
  for (const [id, want] of Object.entries(fx.reprs)) {
    it(id, () => {
      expect(R[id], id).toBeTypeOf("function");
      expect(String(R[id]())).toBe(want);
    });
  }
});

describe("bad arguments throw torchvision's errors", () => {
  const u3 = () => input("u3");
  const E: Record<string, () => unknown> = {
    resize_len3: () => F.resize(u3(), [1, 2, 3]),
    resize_max_with_pair: () => F.resize(u3(), [4, 5], { maxSize: 10 }),
    resize_max_too_small: () => F.resize(u3(), 4, { maxSize: 4 }),
    pad_len3: () => F.pad(u3(), [1, 2, 3]),
    pad_mode: () => F.pad(u3(), 1, { paddingMode: "wrap" }),
    pad_float: () => F.pad(u3(), 1.5),
    pad_fill_list: () => F.pad(u3(), 1, { fill: [1, 2, 3] as unknown as number }),
    five_crop_big: () => F.fiveCrop(u3(), 20),
    five_crop_len3: () => F.fiveCrop(u3(), [1, 2, 3]),
    rotate_bicubic: () => F.rotate(u3(), 30, IM.BICUBIC),
    rotate_fill_len: () => F.rotate(u3(), 30, { fill: [1, 2] }),
    rotate_angle: () => F.rotate(u3(), "30" as unknown as number),
    rotate_center: () => F.rotate(u3(), 30, { center: 3 as unknown as number[] }),
    affine_translate: () => F.affine(u3(), 10, [1], 1.0, 0),
    affine_translate_type: () => F.affine(u3(), 10, 1 as unknown as number[], 1.0, 0),
    affine_scale: () => F.affine(u3(), 10, [1, 1], -1.0, 0),
    affine_shear: () => F.affine(u3(), 10, [1, 1], 1.0, [1, 2, 3]),
    perspective_corners: () => F.perspective(u3(), [[0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0], [0, 0]]),
    elastic_shape: () => F.elasticTransform(u3(), torch.zeros(1, 3, 3, 2)),
    elastic_type: () => F.elasticTransform(u3(), [1, 2] as unknown as Tensor),
    erase_not_tensor: () => F.erase([1, 2] as unknown as Tensor, 0, 0, 1, 1, torch.tensor(0)),
    rotation_negative: () => new T.RandomRotation(-5),
    rotation_len3: () => new T.RandomRotation([1, 2, 3]),
    rotation_center_len: () => new T.RandomRotation(5, { center: [1] }),
    affine_translate_range: () => new T.RandomAffine(5, { translate: [0.5, 1.5] }),
    affine_scale_range: () => new T.RandomAffine(5, { scale: [0.0, 1.0] }),
    affine_shear_len: () => new T.RandomAffine(5, { shear: [1, 2, 3] }),
    affine_degrees_type: () => new T.RandomAffine("5" as never),
    erasing_value_str: () => new T.RandomErasing({ value: "foo" } as never),
    erasing_p: () => new T.RandomErasing({ p: 1.5 }),
    erasing_scale: () => new T.RandomErasing({ scale: [0.5, 1.5] }),
    erasing_value_type: () => new T.RandomErasing({ value: null } as never),
    erasing_value_len: () => new T.RandomErasing({ p: 1.0, value: [1, 2] })(u3()),
    pad_class_len3: () => new T.Pad([1, 2, 3]),
    pad_class_mode: () => new T.Pad(1, { paddingMode: "wrap" } as never),
    pad_class_type: () => new T.Pad("1" as never),
    resize_class_len3: () => new T.Resize([1, 2, 3]),
    center_crop_class_len3: () => new T.CenterCrop([1, 2, 3]),
    random_crop_too_big: () => new T.RandomCrop(20)(u3()),
    random_resized_crop_scale_type: () => new T.RandomResizedCrop(5, { scale: 0.5 } as never),
    elastic_alpha_len: () => new T.ElasticTransform({ alpha: [1.0] }),
    elastic_sigma_item: () => new T.ElasticTransform({ sigma: [1.0, "a"] } as never),
    elastic_fill: () => new T.ElasticTransform({ fill: "x" } as never),
  };
  const JS_TYPE: Record<string, ErrorConstructor> = { ValueError: RangeError, TypeError: TypeError };
  for (const [id, [type, message]] of Object.entries(fx.errors)) {
    it(id, () => {
      expect(E[id], id).toBeTypeOf("function");
      let err: unknown;
      try {
        E[id]();
      } catch (e) {
        err = e;
      }
      expect(err, `${id} throws`).toBeInstanceOf(JS_TYPE[type]);
      // Python's message, with its type names where they differ (<class 'list'> is describe()'s "list")
      expect((err as Error).message.replace("Got list", "Got <class 'list'>")).toBe(message);
    });
  }
});
