// torchvision's color transforms (tensor path) against torchvision itself:
// test/fixtures/vision/make_transforms_color.py writes transforms_color.json.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor, nn } from "../../src";
import { transforms } from "../../src/vision";
import { makeInput, build, expectImage, camel, camelKeys, errorClass, type InputSpec, type Encoded, type Spec } from "./transforms_color_helpers";

const F = transforms.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;
const fx = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "transforms_color.json"), "utf8"));

/** Each functional's parameters after the image, in torchvision's order (camelCase). */
const PARAMS: Record<string, string[]> = {
  adjust_brightness: ["brightnessFactor"], adjust_contrast: ["contrastFactor"], adjust_saturation: ["saturationFactor"],
  adjust_hue: ["hueFactor"], adjust_gamma: ["gamma", "gain"], adjust_sharpness: ["sharpnessFactor"], invert: [],
  solarize: ["threshold"], autocontrast: [], rgb_to_grayscale: ["numOutputChannels"], gaussian_blur: ["kernelSize", "sigma"],
  posterize: ["bits"], equalize: [], to_tensor: [], normalize: ["mean", "std", "inplace"], convert_image_dtype: ["dtype"],
};
const FIRST: Record<string, string> = { to_tensor: "pic", normalize: "tensor", convert_image_dtype: "image" };
/** Ops whose uint8 results come from float math (a value on a rounding edge may differ by one step on another CPU). */
const FLOAT_MATH = new Set(["adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue", "adjust_gamma",
  "adjust_sharpness", "autocontrast", "rgb_to_grayscale", "gaussian_blur"]);

interface FnCase { id: string; fn: string; input: InputSpec; args: unknown[]; kwargs: Record<string, unknown>; expected: Encoded }

describe("transforms.functional (color) equals torchvision", () => {
  for (const c of fx.functional as FnCase[]) {
    it(`${c.id} ${c.input.dtype}[${c.input.shape}] ${JSON.stringify(c.args)} ${JSON.stringify(c.kwargs)}`, () => {
      const f = F[camel(c.fn)];
      expect(typeof f, camel(c.fn)).toBe("function");
      const img = makeInput(c.input);
      const tol = { steps: FLOAT_MATH.has(c.fn) ? 1 : 0 };
      const names = PARAMS[c.fn];
      const kw = camelKeys(c.kwargs);
      // torchvision's own call: positional args, then keywords (as an options object)
      expectImage(Object.keys(kw).length ? f(img, ...c.args, kw) : f(img, ...c.args), c.expected, tol, "args + options");
      // every argument positionally, in torchvision's order
      const all = names.map((n, i) => (i < c.args.length ? c.args[i] : kw[n]));
      while (all.length && all[all.length - 1] === undefined) all.pop();
      expectImage(f(img, ...all), c.expected, tol, "positional");
      // every argument as a keyword, the image too
      const opts: Record<string, unknown> = { [FIRST[c.fn] ?? "img"]: img, ...kw };
      c.args.forEach((a, i) => (opts[names[i]] = a));
      expectImage(f(opts), c.expected, tol, "options");
      // the input is never changed (normalize with inplace=false, every other op)
      expectImage(img, { shape: c.input.shape, dtype: c.input.dtype, values: Array.from(makeInput(c.input).toTypedArray() as ArrayLike<number>, Number) }, {}, "input unchanged");
    });
  }
});

describe("transforms.functional (color): bad arguments throw torchvision's errors", () => {
  for (const e of fx.errors as { fn: string; input: InputSpec; args: unknown[]; kwargs: Record<string, unknown>; type: string; message: string }[]) {
    it(`${e.fn} ${JSON.stringify(e.args)} ${JSON.stringify(e.kwargs)}: ${e.message}`, () => {
      const img = makeInput(e.input);
      const kw = camelKeys(e.kwargs);
      const call = () => (Object.keys(kw).length ? F[camel(e.fn)](img, ...e.args, kw) : F[camel(e.fn)](img, ...e.args));
      expect(call).toThrow(errorClass(e.type));
      expect(call).toThrow(e.message);
    });
  }
  it("argument errors name the argument", () => {
    const img = torch.zeros([3, 4, 4], { dtype: torch.uint8 });
    expect(() => F.adjustBrightness(img)).toThrow("adjust_brightness() missing 1 required positional argument: 'brightness_factor'");
    expect(() => F.adjustBrightness(img, "2")).toThrow(TypeError);
    expect(() => F.adjustBrightness(img, "2")).toThrow("brightness_factor");
    expect(() => F.adjustContrast(img, 1, 2)).toThrow("adjust_contrast() takes 2 positional arguments but 3 were given");
    expect(() => F.adjustHue(img, { hue: 0.1 })).toThrow("adjust_hue() got an unexpected keyword argument 'hue'");
    expect(() => F.posterize(img, 2.5)).toThrow("argument 'bits' must be int");
    expect(() => F.invert([1, 2, 3])).toThrow("img should be Tensor Image. Got list");
    expect(() => F.normalize(img.float(), [0.5], [0.5], "yes")).toThrow("argument 'inplace' must be bool");
    expect(() => F.gaussianBlur(img, "3")).toThrow("kernel_size should be int or a sequence of integers. Got str");
    expect(() => F.toTensor(torch.zeros([1, 2, 3, 4]))).toThrow("pic should be 2/3 dimensional. Got 4 dimensions.");
    expect(() => F.toTensor("img.png")).toThrow("pic should be PIL Image or ndarray. Got str");
  });
});

describe("edge cases as torchvision", () => {
  it("empty images keep their shape; autocontrast and gaussianBlur throw as torchvision does", () => {
    const img = torch.zeros([3, 0, 5], { dtype: torch.uint8 });
    for (const f of [() => F.adjustBrightness(img, 1.5), () => F.adjustContrast(img, 1.5), () => F.adjustSaturation(img, 1.5), () => F.adjustHue(img, 0.1),
      () => F.adjustGamma(img, 2), () => F.adjustSharpness(img, 2), () => F.invert(img), () => F.posterize(img, 2), () => F.solarize(img, 3), () => F.equalize(img)])
      expect(f().shape).toEqual([3, 0, 5]);
    expect(F.rgbToGrayscale(img).shape).toEqual([1, 0, 5]);
    expect(F.toTensor(img).dtype).toBe(torch.float32);
    expect(() => F.autocontrast(img)).toThrow("amin(): Expected reduction dim -2 to have non-zero size.");
    expect(() => F.gaussianBlur(img, 3)).toThrow(/Expected 3D or 4D \(batch mode\) tensor/);
  });
  it("toGrayscale (PIL-only in torchvision) is rgbToGrayscale on the tensor standing for the image", () => {
    const img = torch.randint(0, 256, [3, 5, 4], { dtype: torch.uint8 });
    expect(F.toGrayscale(img).equal(F.rgbToGrayscale(img))).toBe(true);
    expect(F.toGrayscale(img, { numOutputChannels: 3 }).equal(F.rgbToGrayscale(img, 3))).toBe(true);
  });
  it("a constant channel is left alone by equalize; a float threshold above 1 is refused on float images", () => {
    const flat = torch.full([1, 4, 4], 7, { dtype: torch.uint8 });
    expect(F.equalize(flat).equal(flat)).toBe(true);
    expect(() => F.solarize(torch.rand(3, 2, 2), 1.5)).toThrow("Threshold should be less than bound of img.");
  });
  it("containers take any iterable of callables (an nn.ModuleList too) and refuse the rest", () => {
    const list = new nn.ModuleList([new transforms.RandomInvert(1.0), new transforms.Grayscale()]);
    const t = new transforms.RandomApply(list, 1.0);
    const img = torch.randint(0, 256, [3, 4, 4], { dtype: torch.uint8 });
    expect((t(img) as Tensor).equal(F.rgbToGrayscale(F.invert(img)))).toBe(true);
    expect(() => new transforms.Compose([new transforms.ToTensor(), 3 as never])).toThrow("transforms[1] is not callable");
    expect(() => new transforms.Compose(5 as never)).toThrow(TypeError);
    expect(() => new transforms.RandomOrder(new Set([(x: unknown) => x]) as never)).toThrow("Argument transforms should be a sequence");
  });
});

describe("transforms classes equal torchvision", () => {
  for (const c of fx.classes as { id: string; spec: Spec; input: InputSpec; expected: Encoded }[]) {
    it(c.id, () => {
      const t = build(c.spec) as (x: Tensor) => Tensor;
      expectImage(t(makeInput(c.input)), c.expected, { steps: 1 }, c.id);
    });
  }

  it("ToTensor / PILToTensor read an HWC tensor as numpy's layout, [H, W] as one channel", () => {
    const chw = torch.randint(0, 256, [3, 5, 6], { dtype: torch.uint8 });
    const hwc = chw.permute(1, 2, 0).contiguous();
    const a = new transforms.ToTensor()(chw) as Tensor;
    expect(a.dtype).toBe(torch.float32);
    expect(a.equal(new transforms.ToTensor()(hwc) as Tensor)).toBe(true);
    expect(a.mul(255).round().to(torch.uint8).equal(chw)).toBe(true);
    const p = new transforms.PILToTensor()(hwc) as Tensor;
    expect(p.dtype).toBe(torch.uint8);
    expect(p.equal(chw)).toBe(true);
    expect((new transforms.ToTensor()(torch.zeros([4, 5], { dtype: torch.uint8 })) as Tensor).shape).toEqual([1, 4, 5]);
    // non-uint8 arrays keep their values (torchvision's ndarray path)
    const f = torch.rand([2, 5, 6]);
    expect((new transforms.ToTensor()(f) as Tensor).equal(f)).toBe(true);
  });

  it("ToImage is ToPILImage's counterpart: float -> uint8 CHW by mul(255).byte()", () => {
    const f = torch.tensor([[[0.0, 0.5, 0.999], [1.0, 0.2, 0.004]]], { dtype: torch.float32 });
    const img = new transforms.ToImage()(f) as Tensor;
    expect(img.dtype).toBe(torch.uint8);
    expect(img.tolist()).toEqual([[[0, 127, 254], [255, 51, 1]]]);
    const u = torch.randint(0, 256, [3, 4, 4], { dtype: torch.uint8 });
    expect((new transforms.ToImage()(u) as Tensor).equal(u)).toBe(true);
    expect(() => new transforms.ToImage()(torch.zeros([5, 6, 7]))).toThrow("pic should not have > 4 channels. Got 5 channels.");
    expect(String(new transforms.ToImage())).toBe("ToImage()");
  });

  it("ToPILImage(mode) / F.toPilImage give the image torchvision's to_pil_image makes (read back with pil_to_tensor)", () => {
    for (const c of fx.toPil as { input: InputSpec; mode: string | null; expected: Encoded }[]) {
      const img = makeInput(c.input);
      expectImage(new transforms.ToPILImage(c.mode)(img), c.expected, {}, `ToPILImage(${c.mode})`);
      expectImage(F.toPilImage(img, { mode: c.mode }), c.expected, {}, `toPilImage(${c.mode})`);
      if (c.mode === null) expectImage(new transforms.ToImage()(img), c.expected, {}, "ToImage");
    }
    for (const e of fx.toPilErrors as { input: InputSpec; mode: string | null; type: string; message: string }[]) {
      const img = makeInput(e.input);
      expect(() => F.toPilImage(img, e.mode)).toThrow(errorClass(e.type));
      expect(() => F.toPilImage(img, e.mode)).toThrow(e.message);
    }
    expect(() => F.toPilImage(torch.zeros([3, 2, 2], { dtype: torch.int64 }))).toThrow("Input type int64 is not supported");
  });

  it("Lambda, Compose with plain functions, nn.Module behaviour", () => {
    const t = new transforms.Compose([new transforms.ConvertImageDtype(torch.float32), new transforms.Lambda((x: Tensor) => x.mul(2)), (x: Tensor) => x.sub(1)]);
    const img = torch.full([3, 2, 2], 255, { dtype: torch.uint8 });
    expect((t(img) as Tensor).tolist()).toEqual([[[1, 1], [1, 1]], [[1, 1], [1, 1]], [[1, 1], [1, 1]]]);
    expect(t).toBeInstanceOf(nn.Module);
    expect(String(new transforms.Lambda((x: unknown) => x))).toBe("Lambda()");
    expect(() => new transforms.Lambda(3 as never)).toThrow("Argument lambd should be callable, got 'int'");
    expect(new transforms.Normalize({ mean: [0.5], std: [0.2], inplace: true }).inplace).toBe(true);
    expect(new transforms.ColorJitter({ hue: 0.25 }).hue).toEqual([-0.25, 0.25]);
    expect(new transforms.GaussianBlur(3).kernelSize).toEqual([3, 3]);
  });

  it("Normalize(inplace=True) writes into its input", () => {
    const x = torch.rand([3, 4, 4]);
    const y = new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5], true)(x) as Tensor;
    expect(x.equal(y)).toBe(true);
    expect(x.min().item()).toBeLessThan(0);
  });
});

describe("random transforms draw from torch's generator (and Python's random) as torchvision does", () => {
  for (const c of fx.random as { id: string; spec: Spec; input: InputSpec; seed: number; outputs: Encoded[] }[]) {
    it(c.id, () => {
      const img = makeInput(c.input);
      const t = build(c.spec) as (x: Tensor) => Tensor;
      torch.manualSeed(c.seed);
      transforms.random.seed(c.seed);
      c.outputs.forEach((o, i) => expectImage(t(img), o, { steps: 1 }, `call ${i}`));
    });
  }

  it("ColorJitter.getParams and GaussianBlur.getParams draw as torchvision (randperm(4), then uniform_ per factor)", () => {
    torch.manualSeed(3);
    const [idx, b, c, s, h] = transforms.ColorJitter.getParams([0.5, 1.5], null, [0.0, 2.0], [-0.1, 0.1]);
    torch.manualSeed(3);
    const idx2 = torch.randperm(4);
    const b2 = torch.empty(1).uniform_(0.5, 1.5).item();
    const s2 = torch.empty(1).uniform_(0.0, 2.0).item();
    const h2 = torch.empty(1).uniform_(-0.1, 0.1).item();
    expect(idx.equal(idx2)).toBe(true);
    expect([b, c, s, h]).toEqual([b2, null, s2, h2]);
    torch.manualSeed(5);
    const sig = transforms.GaussianBlur.getParams(0.1, 2.0);
    torch.manualSeed(5);
    expect(sig).toBe(torch.empty(1).uniform_(0.1, 2.0).item());
  });

  it("transforms.random is Python's random module (seed, random, shuffle, choices)", () => {
    transforms.random.seed(0);
    expect(transforms.random.random()).toBe(0.8444218515250481);
    const x = [0, 1, 2, 3, 4, 5, 6];
    transforms.random.shuffle(x);
    expect(x).toEqual([4, 1, 5, 2, 0, 3, 6]);
    expect(transforms.random.choices(["a", "b", "c"], [0.2, 0.5, 0.3], { k: 5 }).join("")).toBe("bcbbb");
    transforms.random.seed(42);
    expect(transforms.random.random()).toBe(0.6394267984578837);
  });
});

describe("reprs and constructor errors equal torchvision's", () => {
  for (const r of fx.reprs as { spec: Spec; repr: string }[]) {
    it(r.repr.split("\n")[0], () => {
      expect(String(build(r.spec))).toBe(r.repr);
    });
  }
  for (const e of fx.classErrors as { spec: Spec; type: string; message: string }[]) {
    it(`${e.spec.cls} ${JSON.stringify(e.spec.args ?? e.spec.kwargs)}: ${e.message}`, () => {
      expect(() => build(e.spec)).toThrow(errorClass(e.type));
      expect(() => build(e.spec)).toThrow(e.message);
    });
  }
});
