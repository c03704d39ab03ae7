// torch-node/vision io against PIL (test/fixtures/vision/make_io.py: torchvision.io's C++ codecs do
// not load in the oracle venv, so PIL's decoded pixels are the reference).
import { readFileSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import torch, { DataLoader, Tensor } from "../../src";
import { io } from "../../src/vision";
import { ImageFiles } from "./io_worker_dataset";

const FX = join(__dirname, "..", "fixtures", "vision");
const IMG = join(FX, "images");
const img = (name: string) => join(IMG, name);

interface Pixels { shape: number[]; b64: string }
type Ref = Record<string, Pixels | string | number[] | undefined> & { pil_mode: string; u16?: number[] };
const REF = JSON.parse(readFileSync(join(FX, "io.json"), "utf8")) as Record<string, Ref>;

/** PIL's HWC array as a CHW uint8 tensor. */
function pil(name: string, key: string): Tensor {
  const p = REF[name][key] as Pixels;
  const bytes = new Uint8Array(Buffer.from(p.b64, "base64"));
  return torch.from(bytes).view(p.shape).permute([2, 0, 1]).contiguous();
}

function expectExact(got: Tensor, want: Tensor): void {
  expect(got.dtype).toBe(torch.uint8);
  expect(got.shape).toEqual(want.shape);
  const d = got.to(torch.int32).sub(want.to(torch.int32)).abs();
  expect(d.max().item()).toBe(0);
}

/** JPEG / lossy WebP: libjpeg-turbo (PIL) and sharp's decoders may round a few samples differently. */
function expectNear(got: Tensor, want: Tensor, maxDiff = 3, meanDiff = 0.5): void {
  expect(got.dtype).toBe(torch.uint8);
  expect(got.shape).toEqual(want.shape);
  const d = got.to(torch.int32).sub(want.to(torch.int32)).abs();
  expect(d.max().item() as number).toBeLessThanOrEqual(maxDiff);
  expect(d.to(torch.float32).mean().item() as number).toBeLessThanOrEqual(meanDiff);
}

const MODES: [string, io.ImageReadMode | string][] = [["L", io.ImageReadMode.GRAY], ["LA", io.ImageReadMode.GRAY_ALPHA], ["RGB", io.ImageReadMode.RGB], ["RGBA", io.ImageReadMode.RGB_ALPHA]];

describe("io.readImage / decodeImage equal PIL's pixels", () => {
  for (const name of ["rgb.png", "rgba.png", "gray.png", "gray_alpha.png", "lossless.webp", "lossless_rgba.webp"]) {
    it(`${name} (${REF[name].pil_mode}): UNCHANGED is PIL's array, exactly`, () => {
      expectExact(io.readImage(img(name)), pil(name, "unchanged"));
      expectExact(io.readImage(img(name), io.ImageReadMode.UNCHANGED), pil(name, "unchanged"));
    });
    for (const [pilMode, mode] of MODES)
      it(`${name}: ${String(mode)} is Image.open(p).convert("${pilMode}"), exactly`, () => {
        expectExact(io.readImage(img(name), mode), pil(name, pilMode));
      });
  }

  for (const name of ["palette.png", "palette_trns.png"]) {
    it(`${name}: a palette image expands to RGB (RGBA with tRNS) in UNCHANGED; every mode is PIL's convert`, () => {
      const u = io.readImage(img(name));
      expect(u.shape[0]).toBe(name === "palette.png" ? 3 : 4);
      expectExact(u, pil(name, name === "palette.png" ? "RGB" : "RGBA"));
      expectExact(io.readImage(img(name), "RGB"), pil(name, "RGB"));
      expectExact(io.readImage(img(name), "RGBA"), pil(name, "RGBA"));
      expectExact(io.readImage(img(name), "GRAY"), pil(name, "L"));
    });
  }

  it("16-bit PNGs give uint8: the high byte of each sample (torchvision's uint16 -> uint8 convert_image_dtype)", () => {
    const g = io.readImage(img("gray16.png"));
    expect(g.shape).toEqual([1, 8, 10]);
    expect(Array.from(g.flatten().toTypedArray() as Uint8Array)).toEqual(REF["gray16.png"].u16!.map((v) => v >> 8));
    const c = io.readImage(img("rgb16.png"));
    expect(c.shape).toEqual([3, 8, 10]);
    // u16 is H x W x 3 row-major
    expect(Array.from(c.permute([1, 2, 0]).contiguous().toTypedArray() as Uint8Array)).toEqual(REF["rgb16.png"].u16!.map((v) => v >> 8));
    // PIL reads 16-bit RGB as 8-bit RGB the same way
    expectExact(c, pil("rgb16.png", "unchanged"));
    expectExact(io.readImage(img("gray16.png"), "RGB"), g.expand([3, 8, 10]));
  });

  for (const name of ["q90.jpg", "q50.jpg", "lossy.webp"]) {
    it(`${name}: UNCHANGED and every mode within JPEG/WebP rounding of PIL's`, () => {
      expectNear(io.readImage(img(name)), pil(name, "unchanged"));
      for (const [pilMode, mode] of MODES) expectNear(io.readImage(img(name), mode), pil(name, pilMode));
    });
  }

  it("gray.jpg keeps 1 channel; its RGB replicates it", () => {
    const g = io.readImage(img("gray.jpg"));
    expect(g.shape).toEqual([1, 16, 24]);
    expectNear(g, pil("gray.jpg", "unchanged"));
    expectNear(io.readImage(img("gray.jpg"), "RGB"), pil("gray.jpg", "RGB"));
  });

  it("a CMYK JPEG decodes to RGB with PIL's CMYK -> RGB conversion", () => {
    const c = io.readImage(img("cmyk.jpg"));
    expect(c.shape).toEqual([3, 12, 16]);
    expectNear(c, pil("cmyk.jpg", "RGB"));
    expectNear(io.readImage(img("cmyk.jpg"), "GRAY"), pil("cmyk.jpg", "L"));
  });

  it("EXIF orientation is applied only with applyExifOrientation (torchvision's default false)", () => {
    const raw = io.readImage(img("exif6.jpg"));
    expect(raw.shape).toEqual([3, 16, 24]);
    expectNear(raw, pil("exif6.jpg", "RGB"));
    const t = io.readImage(img("exif6.jpg"), io.ImageReadMode.RGB, true);
    expect(t.shape).toEqual([3, 24, 16]);
    expectNear(t, pil("exif6.jpg", "transposed_RGB"));
    expectNear(io.decodeImage(io.readFile(img("exif6.jpg")), { applyExifOrientation: true }), pil("exif6.jpg", "transposed_RGB"));
    expectNear(io.decodeJpeg(io.readFile(img("exif6.jpg")), "RGB", "cpu", true), pil("exif6.jpg", "transposed_RGB"));
  });

  it("GIF: RGB [3, H, W]; an animated GIF gives every frame, [N, 3, H, W] (torchvision's decode_gif)", () => {
    const frames = (name: string) => (REF[name].frames as unknown as Pixels[]).map((p) =>
      torch.from(new Uint8Array(Buffer.from(p.b64, "base64"))).view(p.shape).permute([2, 0, 1]).contiguous());
    expectExact(io.readImage(img("still.gif")), frames("still.gif")[0]);
    const anim = io.decodeGif(io.readFile(img("anim.gif")));
    expect(anim.shape).toEqual([3, 3, 5, 7]);
    expectExact(anim, torch.stack(frames("anim.gif")));
    expectExact(io.decodeImage(img("anim.gif")), anim);
    expect(io.readImage(img("anim.gif"), "GRAY").shape).toEqual([3, 1, 5, 7]);
  });

  it("modes by name: 'RGB', 'rgb', 'RGBA' (alias of RGB_ALPHA), 'gray_alpha'", () => {
    expect(io.ImageReadMode.RGBA).toBe(io.ImageReadMode.RGB_ALPHA);
    expect(io.ImageReadMode.RGB.value).toBe(3);
    expect(io.ImageReadMode.GRAY.name).toBe("GRAY");
    expect(String(io.ImageReadMode.RGB)).toBe("ImageReadMode.RGB");
    expectExact(io.readImage(img("rgba.png"), "rgb"), pil("rgba.png", "RGB"));
    expectExact(io.readImage(img("rgb.png"), "RGBA"), pil("rgb.png", "RGBA"));
    expectExact(io.readImage(img("rgba.png"), "gray_alpha"), pil("rgba.png", "LA"));
    expectExact(io.readImage(img("rgb.png"), { mode: "GRAY" }), pil("rgb.png", "L"));
    expectExact(io.readImage({ path: img("rgb.png"), mode: io.ImageReadMode.GRAY }), pil("rgb.png", "L"));
  });

  it("decodeImage takes readFile's tensor, a Buffer, a Uint8Array or a path; decodePng/Jpeg/Webp their format", () => {
    const want = pil("rgb.png", "unchanged");
    const data = io.readFile(img("rgb.png"));
    expect(data.dtype).toBe(torch.uint8);
    expect(data.shape).toEqual([readFileSync(img("rgb.png")).length]);
    expectExact(io.decodeImage(data), want);
    expectExact(io.decodeImage(readFileSync(img("rgb.png"))), want);
    expectExact(io.decodeImage(new Uint8Array(readFileSync(img("rgb.png")))), want);
    expectExact(io.decodeImage(img("rgb.png")), want);
    expectExact(io.decodePng(data), want);
    expectExact(io.decodePng(data, "GRAY"), pil("rgb.png", "L"));
    expectNear(io.decodeJpeg(io.readFile(img("q90.jpg"))), pil("q90.jpg", "unchanged"));
    const list = io.decodeJpeg([io.readFile(img("q90.jpg")), io.readFile(img("q50.jpg"))], io.ImageReadMode.GRAY);
    expect(list.length).toBe(2);
    expectNear(list[1], pil("q50.jpg", "L"));
    expectExact(io.decodeWebp(io.readFile(img("lossless_rgba.webp"))), pil("lossless_rgba.webp", "unchanged"));
    expectExact(io.decodeWebp(io.readFile(img("lossless_rgba.webp")), "RGB"), pil("lossless_rgba.webp", "RGB"));
    // a sliced tensor (non-zero storage offset) works too
    const padded = torch.cat([torch.zeros(5, { dtype: torch.uint8 }), data]);
    expectExact(io.decodeImage(padded.index("5:")), want);
  });

  it("the async forms give the same tensors", async () => {
    expectExact(await io.readImageAsync(img("rgba.png"), "GRAY_ALPHA"), pil("rgba.png", "LA"));
    expectExact(await io.decodeImageAsync(io.readFile(img("palette.png"))), pil("palette.png", "RGB"));
    expectNear(await io.decodeImageAsync(img("exif6.jpg"), "RGB", true), pil("exif6.jpg", "transposed_RGB"));
    // a sync call awaited is fine too
    expectExact(await io.readImage(img("rgb.png")), pil("rgb.png", "unchanged"));
  });
});

/** PNG header fields: [width, height, bit depth, color type] (IHDR right after the signature). */
function ihdr(png: Tensor): number[] {
  const b = Buffer.from(png.toTypedArray() as Uint8Array);
  expect(Array.from(b.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(b.toString("latin1", 12, 16)).toBe("IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20), b[24], b[25]];
}

describe("io.encodePng / encodeJpeg / writePng / writeJpeg", () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-io-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("encodePng gives a 1-d uint8 PNG that decodes to the same pixels, for 1, 2, 3 and 4 channels", () => {
    torch.manualSeed(3);
    for (const [c, colorType] of [[1, 0], [2, 4], [3, 2], [4, 6]]) {
      const x = torch.randint(0, 256, [c, 7, 9], { dtype: torch.uint8 });
      const png = io.encodePng(x);
      expect(png.dtype).toBe(torch.uint8);
      expect(png.dim()).toBe(1);
      expect(ihdr(png)).toEqual([9, 7, 8, colorType]);
      expectExact(io.decodePng(png), x);
      expectExact(io.decodeImage(io.encodePng(x, 0)), x);
      expectExact(io.decodeImage(io.encodePng(x, { compressionLevel: 9 })), x);
    }
  });

  it("compression level: 0 stores, 9 compresses (a flat image)", () => {
    const x = torch.full([3, 64, 64], 7, { dtype: torch.uint8 });
    expect(io.encodePng(x, 0).numel()).toBeGreaterThan(3 * 64 * 64);
    expect(io.encodePng(x, 9).numel()).toBeLessThan(500);
  });

  it("encodeJpeg: JPEG bytes that decode as PIL's JPEG of the same pixels at the same quality", () => {
    const photo = pil("photo", "unchanged");
    const j = io.encodeJpeg(photo); // quality 75, PIL's default too
    expect(j.dtype).toBe(torch.uint8);
    expect(j.dim()).toBe(1);
    expect(Array.from(j.index(":3").toTypedArray() as Uint8Array)).toEqual([0xff, 0xd8, 0xff]);
    expectNear(io.decodeJpeg(j), pil("photo", "jpeg_q75"));
    expectNear(io.decodeImage(io.encodeJpeg(photo, 95)), pil("photo", "jpeg_q95"));
    expectNear(io.decodeImage(io.encodeJpeg(photo, { quality: 95 })), pil("photo", "jpeg_q95"));
    expect(io.encodeJpeg(photo, 10).numel()).toBeLessThan(io.encodeJpeg(photo).numel());
    expect(io.encodeJpeg(photo).numel()).toBeLessThan(io.encodeJpeg(photo, 100).numel());
    const g = io.encodeJpeg(photo.index([0]), 90); // 1 channel -> a gray JPEG
    expect(io.decodeImage(g).shape).toEqual([1, 24, 32]);
    const two = io.encodeJpeg([photo, photo.flip(2)], 95);
    expect(two.length).toBe(2);
    expect(two[0].equal(io.encodeJpeg(photo, 95))).toBe(true);
    expectNear(io.decodeImage(two[1]).flip(2), pil("photo", "jpeg_q95"), 40, 6); // a mirrored picture, coded on other blocks
  });

  it("writePng / writeJpeg / writeFile write files readImage reads back", () => {
    torch.manualSeed(4);
    const x = torch.randint(0, 256, [3, 5, 6], { dtype: torch.uint8 });
    io.writePng(x, join(dir, "a.png"));
    expectExact(io.readImage(join(dir, "a.png")), x);
    io.writePng(x, join(dir, "b.png"), 1);
    expectExact(io.readImage(join(dir, "b.png")), x);
    io.writeJpeg(pil("photo", "unchanged"), join(dir, "c.jpg"), 95);
    expectNear(io.readImage(join(dir, "c.jpg")), pil("photo", "jpeg_q95"));
    io.writeJpeg(pil("photo", "unchanged"), join(dir, "c75.jpg"));
    expectNear(io.readImage(join(dir, "c75.jpg")), pil("photo", "jpeg_q75"));
    io.writeFile(join(dir, "d.png"), io.encodePng(x));
    expect(readFileSync(join(dir, "d.png")).equals(readFileSync(join(dir, "a.png")))).toBe(true);
    const bytes = io.readFile(join(dir, "d.png"));
    expect(bytes.equal(io.encodePng(x))).toBe(true);
  });

  it("the async encoders give what the sync ones give", async () => {
    torch.manualSeed(5);
    const x = torch.randint(0, 256, [4, 6, 5], { dtype: torch.uint8 });
    expectExact(io.decodePng(await io.encodePngAsync(x, 3)), x);
    expect((await io.encodeJpegAsync(pil("photo", "unchanged"), 60)).equal(io.encodeJpeg(pil("photo", "unchanged"), 60))).toBe(true);
    expectNear(io.decodeImage(await io.encodeJpegAsync(pil("photo", "unchanged"))), pil("photo", "jpeg_q75"));
    await io.writePngAsync(x, join(dir, "e.png"));
    expectExact(io.readImage(join(dir, "e.png")), x);
    await io.writeJpegAsync(pil("q90.jpg", "unchanged"), join(dir, "f.jpg"));
    expect(existsSync(join(dir, "f.jpg"))).toBe(true);
  });

  it("encoders check the image: uint8, 3-d, channels, quality 1..100, compression 0..9", () => {
    const x = torch.zeros([3, 4, 4], { dtype: torch.uint8 });
    expect(() => io.encodePng(x.to(torch.float32))).toThrow(/Input tensor dtype should be uint8/);
    expect(() => io.encodePng(x.index(0))).toThrow(/Input data should be a 3-dimensional tensor/);
    expect(() => io.encodePng(torch.zeros([5, 4, 4], { dtype: torch.uint8 }))).toThrow(/The number of channels should be 1, 2, 3 or 4, got: 5/);
    expect(() => io.encodeJpeg(torch.zeros([4, 4, 4], { dtype: torch.uint8 }))).toThrow(/The number of channels should be 1 or 3, got: 4/);
    expect(() => io.encodeJpeg(x, 0)).toThrow(new RangeError("Image quality should be a positive number between 1 and 100"));
    expect(() => io.encodeJpeg(x, 101)).toThrow(RangeError);
    expect(() => io.writeJpeg(x, join(dir, "q.jpg"), 0)).toThrow("Image quality should be a positive number between 1 and 100");
    expect(() => io.encodePng(x, 10)).toThrow(/Compression level should be between 0 and 9/);
    expect(() => io.encodePng(x, -1)).toThrow(RangeError);
    expect(() => io.encodePng(x, 2.5)).toThrow(TypeError);
    expect(() => io.encodePng([1, 2] as never)).toThrow(/argument 'input' must be Tensor, not list/);
    expect(() => io.encodePng(torch.zeros([3, 0, 4], { dtype: torch.uint8 }))).toThrow(/empty/);
    expect(() => io.writePng(x, 5 as never)).toThrow(TypeError);
  });
});

describe("io errors: clear, no crash, no hang", () => {
  it("a truncated or corrupt image names the file", () => {
    for (const name of ["truncated.png", "truncated.jpg", "corrupt.jpg"])
      expect(() => io.readImage(img(name))).toThrow(new RegExp(`readImage: cannot decode '.*${name.replace(".", "\\.")}': the image data is corrupt or truncated`));
    expect(() => io.readImage(img("not_an_image.txt"))).toThrow(/not_an_image\.txt': Unsupported image file\. Only jpeg, png, webp and gif are currently supported\./);
    expect(() => io.decodeImage(img("truncated.jpg"))).toThrow(/decodeImage: cannot decode '.*truncated\.jpg'/);
  });

  it("a buffer that is not an image says so", () => {
    const trunc = io.readFile(img("truncated.png"));
    expect(() => io.decodeImage(trunc)).toThrow(/decodeImage: the input is not a valid image: the image data is corrupt or truncated/);
    expect(() => io.decodeImage(Buffer.from("hello world"))).toThrow(/decodeImage: the input is not a valid image: Unsupported image file/);
    expect(() => io.decodePng(io.readFile(img("q90.jpg")))).toThrow("decodePng: the input is not a valid image: the input is not a PNG image (it is JPEG)");
    expect(() => io.decodeJpeg(io.readFile(img("rgb.png")))).toThrow(/not a JPEG image/);
    expect(() => io.decodeWebp(io.readFile(img("rgb.png")))).toThrow(/not a WebP image/);
    // a PNG signature with garbage after it
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
    expect(() => io.decodeImage(fake)).toThrow(/decodeImage: the input is not a valid image/);
  });

  it("empty inputs", () => {
    expect(() => io.decodeImage(Buffer.alloc(0))).toThrow(/the input is empty/);
    expect(() => io.decodeImage(torch.zeros([0], { dtype: torch.uint8 }))).toThrow(/Expected a non empty 1-dimensional tensor/);
    expect(() => io.readImage(img("empty.png"))).toThrow(/Expected a non empty file: '.*empty\.png'/);
    expect(() => io.readFile(img("empty.png"))).toThrow(/Expected a non empty file/);
  });

  it("missing files and directories name the path", () => {
    expect(() => io.readImage(img("missing.png"))).toThrow(/ENOENT: no such file or directory, open '.*missing\.png'/);
    expect(() => io.readImage(IMG)).toThrow(new RegExp(`EISDIR.*'${IMG.replace(/[/\\.]/g, "\\$&")}'`));
    expect(() => io.readFile(img("missing.png"))).toThrow(/ENOENT.*missing\.png/);
    return expect(io.readImageAsync(img("missing.png"))).rejects.toThrow(/ENOENT.*missing\.png/);
  });

  it("wrong argument types are TypeErrors naming the argument", () => {
    expect(() => io.readImage(42 as never)).toThrow(new TypeError("readImage(): argument 'path' must be a path (str or file URL), not int"));
    expect(() => io.readImage(img("rgb.png"), 3 as never)).toThrow(new TypeError("readImage(): argument 'mode' must be ImageReadMode or str, not int"));
    expect(() => io.readImage(img("rgb.png"), "CMYK")).toThrow(/argument 'mode' must be an ImageReadMode or one of/);
    expect(() => io.readImage(img("rgb.png"), "RGB", "yes" as never)).toThrow(new TypeError("readImage(): argument 'applyExifOrientation' must be bool, not str"));
    expect(() => io.decodeImage(42 as never)).toThrow(/decodeImage\(\): argument 'input' must be a Tensor/);
    expect(() => io.decodePng(img("rgb.png") as never)).toThrow(/decodePng\(\): argument 'input' must be a Tensor/);
    expect(() => io.decodeImage(torch.zeros([4], { dtype: torch.float32 }))).toThrow(/Expected a torch.uint8 tensor/);
    expect(() => io.decodeImage(torch.zeros([2, 4], { dtype: torch.uint8 }))).toThrow(/Expected a non empty 1-dimensional tensor/);
    expect(() => io.readImage(img("rgb.png"), { mood: "RGB" } as never)).toThrow("readImage() got an unexpected keyword argument 'mood'");
    expect(() => io.writeFile(join(tmpdir(), "x.bin"), 5 as never)).toThrow(TypeError);
  });

  it("the io keeps working after errors", () => {
    expect(() => io.readImage(img("corrupt.jpg"))).toThrow();
    expectExact(io.readImage(img("gray.png")), pil("gray.png", "unchanged"));
  });
});

describe("io from DataLoader workers and other processes", () => {
  const lib = join(__dirname, "..", "..", "lib", "vision", "index.js");
  const files = ["rgb.png", "q90.jpg", "palette_trns.png", "lossless.webp", "gray16.png", "cmyk.jpg"].map(img);

  it("readImage inside getItem works in DataLoader worker threads (numWorkers 2 and 3, concurrently)", () => {
    const want = files.map((f) => io.readImage(f, io.ImageReadMode.RGB));
    for (const numWorkers of [2, 3]) {
      const ds = new ImageFiles(files, 18);
      const loader = new DataLoader<[Tensor, number], [Tensor, number]>(ds, { batchSize: null, numWorkers });
      const seenWorkers = new Set<number>();
      let i = 0;
      for (const [x, wid] of loader) {
        expectExact(x, want[i % files.length]);
        seenWorkers.add(wid);
        i++;
      }
      expect(i).toBe(18);
      expect(seenWorkers.size).toBe(numWorkers);
      expect([...seenWorkers].every((w) => w >= 0)).toBe(true);
    }
  }, 60_000);

  it("the helper thread does not keep a process alive (the built package: npm run build:ts)", () => {
    expect(existsSync(lib)).toBe(true);
    const code =
      `const { io } = require(${JSON.stringify(lib)});` +
      `const t = io.readImage(${JSON.stringify(img("q90.jpg"))}, "RGB");` +
      `const p = io.encodePng(t);` +
      `console.log(JSON.stringify([t.shape, io.decodeImage(p).equal(t)]));`;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual([[3, 24, 32], true]);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 40_000);

  it("readImage in getItem works in DataLoader process workers (workerType 'process')", () => {
    const want = files.map((f) => io.readImage(f, io.ImageReadMode.RGB));
    const loader = new DataLoader<[Tensor, number], [Tensor, number]>(new ImageFiles(files, 8), { batchSize: null, numWorkers: 2, workerType: "process" });
    let i = 0;
    for (const [x] of loader) expectExact(x, want[i++ % files.length]);
    expect(i).toBe(8);
  }, 60_000);

  it("the sync API called at once from several plain worker threads (each gets its own helper)", async () => {
    const code =
      "const { workerData, parentPort } = require('worker_threads');" +
      "const { io } = require(workerData.lib);" +
      "const sums = [];" +
      "for (let k = 0; k < 12; k++) { const f = workerData.files[(k + workerData.id) % workerData.files.length];" +
      "  const t = io.readImage(f, 'RGB'); sums.push([f, t.shape, t.to(require(workerData.torch).default.int64).sum().item()]); }" +
      "parentPort.postMessage(sums);";
    const torchLib = join(__dirname, "..", "..", "lib", "index.js");
    const want = new Map(files.map((f) => {
      const t = io.readImage(f, "RGB");
      return [f, [t.shape, t.to(torch.int64).sum().item()]];
    }));
    const runs = await Promise.all([0, 1, 2].map((id) => new Promise<unknown[][]>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { lib, torch: torchLib, files, id } });
      w.once("message", (m) => { resolve(m as unknown[][]); void w.terminate(); });
      w.once("error", reject);
    })));
    for (const sums of runs) {
      expect(sums.length).toBe(12);
      for (const [f, shape, sum] of sums) expect([shape, sum]).toEqual(want.get(f as string));
    }
  }, 60_000);

  it("works from an ES module, also one given with --input-type=module (the helper thread inherits the flag)", () => {
    const code =
      `import { io } from ${JSON.stringify(pathToFileURL(lib.replace(/\.js$/, ".mjs")).href)};` +
      `const t = io.readImage(${JSON.stringify(img("rgba.png"))}, "RGB");` +
      `const a = await io.readImageAsync(${JSON.stringify(img("rgba.png"))}, "RGB");` +
      `console.log(JSON.stringify([t.shape, a.equal(t)]));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual([[3, 10, 14], true]);
  }, 40_000);

  it("sharp failing to load on the helper thread is an Error, not a hang", () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-badsharp-"));
    try {
      // in worker threads only, loading sharp throws
      const pre = join(dir, "badsharp.js");
      writeFileSync(pre,
        "if (!require('worker_threads').isMainThread) { const M = require('module'); const l = M._load;" +
        "M._load = function (req, ...a) { if (/[\\/]sharp[\\/]/.test(req)) throw new Error('simulated: libvips missing'); return l.call(this, req, ...a); }; }");
      const code =
        `const { io } = require(${JSON.stringify(lib)});` +
        `const out = []; for (let k = 0; k < 2; k++) { try { io.readImage(${JSON.stringify(img("rgb.png"))}); out.push("ok"); } catch (e) { out.push(e.message); } }` +
        `console.log(JSON.stringify(out));`;
      // the helper thread is the sharp path's (the native decoder, where libvips is found, does not start it)
      const r = spawnSync(process.execPath, ["-r", pre, "-e", code], { encoding: "utf8", timeout: 30_000, env: { ...process.env, TORCH_NODE_VISION_DECODER: "sharp" } });
      expect(r.status).toBe(0);
      const msg = "torch-node/vision io needs the optional dependency sharp (npm install sharp): loading it failed: simulated: libvips missing";
      expect(JSON.parse(r.stdout.trim())).toEqual([msg, msg]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it("importing torch-node/vision does not load sharp; a missing sharp gives a clear Error", () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-nosharp-"));
    try {
      // Module._resolveFilename refuses "sharp", as if it were not installed
      const pre = join(dir, "nosharp.js");
      writeFileSync(pre,
        "const M = require('module'); const r = M._resolveFilename;" +
        "M._resolveFilename = function (req, ...a) { if (req === 'sharp') { const e = new Error(\"Cannot find module 'sharp'\"); e.code = 'MODULE_NOT_FOUND'; throw e; } return r.call(this, req, ...a); };");
      const code =
        `const v = require(${JSON.stringify(lib)});` +
        `const loaded = Object.keys(require.cache).some((k) => /[\\\\/]sharp[\\\\/]/.test(k));` +
        `let msg = null; try { v.io.readImage(${JSON.stringify(img("rgb.png"))}); } catch (e) { msg = e.message; }` +
        `console.log(JSON.stringify({ loaded, msg, grid: v.utils.makeGrid(require(${JSON.stringify(join(__dirname, "..", "..", "lib", "index.js"))}).default.zeros(2, 3, 2, 2)).shape }));`;
      const r = spawnSync(process.execPath, ["-r", pre, "-e", code], { encoding: "utf8", timeout: 30_000 });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout.trim())).toEqual({ loaded: false, msg: "torch-node/vision io needs the optional dependency sharp (npm install sharp)", grid: [3, 6, 10] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
