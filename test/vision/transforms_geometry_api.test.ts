// The geometry transforms as a torch-node user meets them: nn.Module subclasses, callable, Python's
// attributes (camelCase), positional arguments or one options object, and argument errors.
import { describe, it, expect } from "vitest";
import torch, { nn, Tensor } from "../../src";
import { transforms } from "../../src/vision";

const F = transforms.functional;
const T = transforms;
const IM = transforms.InterpolationMode;

function image(shape: number[], seed = 0): Tensor {
  torch.manualSeed(seed);
  return torch.randint(0, 256, shape, { dtype: torch.uint8 });
}

describe("classes", () => {
  it("are nn.Modules, callable, with forward", () => {
    const x = image([3, 8, 10]);
    const t = new T.CenterCrop(4);
    expect(t).toBeInstanceOf(nn.Module);
    expect(torch.equal(t(x), t.forward(x))).toBe(true);
    expect([...t(x).shape]).toEqual([3, 4, 4]);
    const seq = new nn.Sequential(new T.Pad(1), new T.CenterCrop([6, 7]));
    expect([...seq(x).shape]).toEqual([3, 6, 7]);
  });

  it("keep torchvision's attributes under camelCase names", () => {
    const r = new T.Resize(32, IM.BICUBIC, 40, false);
    expect([r.size, r.interpolation, r.maxSize, r.antialias]).toEqual([32, "bicubic", 40, false]);
    const c = new T.RandomCrop(8, { padding: 2, padIfNeeded: true, fill: 1, paddingMode: "edge" });
    expect([c.size, c.padding, c.padIfNeeded, c.fill, c.paddingMode]).toEqual([[8, 8], 2, true, 1, "edge"]);
    const p = new T.RandomPerspective({ distortionScale: 0.2 });
    expect([p.distortionScale, p.p, p.interpolation, p.fill]).toEqual([0.2, 0.5, "bilinear", 0]);
    expect(new T.TenCrop(3, true).verticalFlip).toBe(true);
    const a = new T.RandomAffine(10, { translate: [0.1, 0.2], shear: 5 });
    expect([a.degrees, a.translate, a.scale, a.shear, a.center]).toEqual([[-10, 10], [0.1, 0.2], null, [-5, 5], null]);
    const rr = new T.RandomResizedCrop(10);
    expect([rr.size, rr.scale, rr.ratio]).toEqual([[10, 10], [0.08, 1.0], [0.75, 4 / 3]]);
  });

  it("positional arguments and the options object agree", () => {
    const x = image([3, 9, 11]);
    expect(torch.equal(new T.Resize(5, IM.NEAREST)(x), new T.Resize(5, { interpolation: "nearest" })(x))).toBe(true);
    expect(torch.equal(new T.Pad([1, 2], 3, "constant")(x), new T.Pad({ padding: [1, 2], fill: 3 })(x))).toBe(true);
    torch.manualSeed(3);
    const a = new T.RandomRotation(30, IM.BILINEAR, true, null, 9)(x);
    torch.manualSeed(3);
    const b = new T.RandomRotation(30, { interpolation: IM.BILINEAR, expand: true, fill: 9 })(x);
    expect(torch.equal(a, b)).toBe(true);
  });

  it("a PIL filter code or the mode's string stands for the InterpolationMode", () => {
    expect(new T.Resize(5, 3).interpolation).toBe(IM.BICUBIC);
    expect(new T.Resize(5, "bilinear").interpolation).toBe(IM.BILINEAR);
    expect(() => new T.Resize(5, "cubic" as never)).toThrow(TypeError);
  });

  it("FiveCrop / TenCrop return arrays that destructure", () => {
    const x = image([1, 6, 6]);
    const [tl, tr, bl, br, center] = new T.FiveCrop(2)(x) as Tensor[];
    expect(torch.equal(tl, x.index("...", "0:2", "0:2"))).toBe(true);
    expect(torch.equal(br, x.index("...", "4:6", "4:6"))).toBe(true);
    expect(torch.equal(center, x.index("...", "2:4", "2:4"))).toBe(true);
    expect(torch.equal(tr, x.index("...", "0:2", "4:6"))).toBe(true);
    expect(torch.equal(bl, x.index("...", "4:6", "0:2"))).toBe(true);
    const ten = new T.TenCrop(2)(x) as Tensor[];
    expect(ten.length).toBe(10);
    expect(torch.equal(ten[5], x.flip(-1).index("...", "0:2", "0:2"))).toBe(true);
  });

  it("bad constructor arguments throw TypeError naming them", () => {
    expect(() => new T.Resize(5, { maxsize: 3 } as never)).toThrow(/unexpected keyword argument 'maxsize'/);
    expect(() => new T.CenterCrop(1, 2 as never)).toThrow(/takes 1 positional argument but 2 were given/);
    expect(() => new T.Resize(1.5)).toThrow(TypeError);
    expect(() => new T.RandomRotation(5, { interpolation: "cubic" } as never)).toThrow(TypeError);
  });
});

describe("functional", () => {
  it("resize returns the image itself when the size already matches (as torchvision does)", () => {
    const x = image([3, 5, 7]);
    expect(F.resize(x, [5, 7])).toBe(x);
    expect(F.resize(x, 5)).toBe(x);
  });

  it("resize keeps the aspect ratio for an int size and honours maxSize", () => {
    const x = image([3, 20, 40]);
    expect([...F.resize(x, 10).shape]).toEqual([3, 10, 20]);
    expect([...F.resize(x, 10, { maxSize: 15 }).shape]).toEqual([3, 7, 15]);
    expect([...F.resize(x, [10]).shape]).toEqual([3, 10, 20]);
  });

  it("rotate by multiples of 90 equals torch.rot90 (sides of even difference, as in torchvision); hflip twice is the identity", () => {
    for (const shape of [[3, 6, 8], [1, 7, 7], [2, 3, 7, 9]]) {
      const x = image(shape);
      for (const [angle, k] of [[90, 1], [-90, -1], [180, 2], [270, 3]]) {
        const r = F.rotate(x, angle, { expand: true });
        expect(torch.equal(r, torch.rot90(x, k, [-2, -1])), `${shape} by ${angle}`).toBe(true);
      }
      expect(torch.equal(F.rotate(x, 180.0), torch.rot90(x, 2, [-2, -1]))).toBe(true);
      expect(torch.equal(F.hflip(F.hflip(x)), x)).toBe(true);
    }
  });

  it("affine with no motion is the identity; its matrix helper is exported for AutoAugment", () => {
    const x = image([3, 7, 8]);
    expect(torch.equal(F.affine(x, 0, [0, 0], 1.0, [0, 0]), x)).toBe(true);
    expect(F.getInverseAffineMatrix([0, 0], 0, [2, 3], 1, [0, 0]).map((v) => v + 0)).toEqual([1, 0, -2, 0, 1, -3]);
  });

  it("erase copies unless inplace", () => {
    const x = image([3, 5, 5]);
    const before = x.clone();
    const y = F.erase(x, 1, 1, 2, 2, torch.tensor(0, { dtype: torch.uint8 }));
    expect(torch.equal(x, before)).toBe(true);
    expect(y.index(":", "1:3", "1:3").sum().item()).toBe(0);
    const z = F.erase(x, 0, 0, 1, 1, torch.tensor(7, { dtype: torch.uint8 }), true);
    expect(z).toBe(x);
    expect(x.index(0, 0, 0).item()).toBe(7);
    // RandomErasing(inplace) writes into its input too
    const f = torch.rand(3, 6, 6);
    const out = new T.RandomErasing({ p: 1.0, value: 0.0, inplace: true })(f);
    expect(out).toBe(f);
  });

  it("works on empty batches and keeps the batch dimensions", () => {
    const x = torch.zeros([0, 3, 5, 6], { dtype: torch.uint8 });
    expect([...F.hflip(x).shape]).toEqual([0, 3, 5, 6]);
    expect([...F.centerCrop(x, 3).shape]).toEqual([0, 3, 3, 3]);
    expect([...F.pad(x, 1).shape]).toEqual([0, 3, 7, 8]);
  });

  it("rejects what is not an image tensor", () => {
    expect(() => F.hflip([1, 2, 3] as unknown as Tensor)).toThrow(TypeError);
    expect(() => F.crop(torch.zeros(4), 0, 0, 1, 1)).toThrow(/Tensor is not a torch image/);
    expect(() => F.crop(image([3, 4, 4]), 0.5, 0, 1, 1)).toThrow(/argument 'top' must be int/);
    expect(() => F.resize(image([3, 4, 4]), { size: 2, foo: 1 } as never)).toThrow(/unexpected keyword argument 'foo'/);
    expect(() => F.rotate(image([3, 4, 4]), 30, { interpolation: "bicubic" })).toThrow(RangeError);
  });
});
