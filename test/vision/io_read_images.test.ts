// io.readImages (a batch decoded at once on sharp's thread pool) and ImageFolder.getItems (the
// DataLoader's batched fetch) give what readImage / getItem give one at a time.
import { describe, it, expect } from "vitest";
import { join } from "path";
import torch, { DataLoader, Tensor } from "../../src";
import { io, datasets, transforms } from "../../src/vision";

const IMG = join(__dirname, "..", "fixtures", "vision", "images");
const FOLDER = join(__dirname, "..", "fixtures", "vision", "datasets", "folder");
const same = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  expect(a.isContiguous()).toBe(true);
  expect(torch.equal(a, b)).toBe(true);
};

describe("io.readImages", () => {
  const files = ["rgb.png", "rgba.png", "gray.png", "palette.png", "q90.jpg", "lossless.webp", "gray.jpg"].map((f) => join(IMG, f));

  it.each(["UNCHANGED", "RGB", "GRAY", "RGB_ALPHA", "GRAY_ALPHA"])("equals readImage of each file (%s)", (mode) => {
    const many = io.readImages(files, mode);
    expect(many.length).toBe(files.length);
    files.forEach((f, i) => same(many[i], io.readImage(f, mode)));
  });

  it("takes the mode as ImageReadMode or in options, and an empty list", () => {
    same(io.readImages([files[0]], io.ImageReadMode.GRAY)[0], io.readImage(files[0], "GRAY"));
    same(io.readImages([files[4]], { mode: "RGB" })[0], io.readImage(files[4], "RGB"));
    expect(io.readImages([])).toEqual([]);
  });

  it("names the file that fails", () => {
    expect(() => io.readImages([files[0], join(IMG, "truncated.jpg"), files[1]])).toThrow(/truncated\.jpg/);
    expect(() => io.readImages([files[0], join(IMG, "missing.png")])).toThrow(/missing\.png/);
    expect(() => io.readImages("a.png" as unknown as string[])).toThrow(TypeError);
    expect(() => io.readImages([files[0], 3 as unknown as string])).toThrow(/paths\[1\]/);
    // the codec thread keeps working after a failed batch
    same(io.readImages([files[0]])[0], io.readImage(files[0]));
  });
});

describe("ImageFolder.getItems", () => {
  const tf = new transforms.Compose([new transforms.RandomResizedCrop(5), new transforms.RandomHorizontalFlip(), new transforms.ToTensor()]);

  it("gives getItem's samples, with the random transforms drawn in index order", () => {
    const ds = new datasets.ImageFolder(FOLDER, { transform: tf });
    const idx = [3, 0, 2, 1, 3];
    torch.manualSeed(7);
    const batch = ds.getItems(idx);
    torch.manualSeed(7);
    const one = idx.map((i) => ds.getItem(i));
    batch.forEach(([x, y], k) => {
      same(x as Tensor, one[k][0] as Tensor);
      expect(y).toBe(one[k][1]);
    });
    expect(() => ds.getItems([0, 99])).toThrow(RangeError);
  });

  it("is what the DataLoader fetches, and a subclass's getItem still wins", () => {
    const ds = new datasets.ImageFolder(FOLDER, { transform: new transforms.Resize([4, 4]) });
    const [x, y] = new DataLoader(ds, { batchSize: 4 })[Symbol.iterator]().next().value as [Tensor, Tensor];
    expect(x.shape).toEqual([4, 3, 4, 4]);
    same(x.index(2), ds.getItem(2)[0] as Tensor);
    expect(y.tolist()).toEqual([0, 1, 2, 3].map((i) => ds.getItem(i)[1]));
    class Tagged extends datasets.ImageFolder {
      getItem(i: number): [unknown, unknown] {
        return [super.getItem(i)[0], `tag${i}`];
      }
    }
    const t = new Tagged(FOLDER, { transform: new transforms.Resize([4, 4]) });
    expect(t.getItems([0, 1]).map((s) => s[1])).toEqual(["tag0", "tag1"]);
  });
});
