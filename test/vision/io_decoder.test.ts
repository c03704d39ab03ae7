// Which decoder the synchronous io API runs: sharp's libvips called on the calling thread by the addon
// (binding/image_codec.cc, src/vision/io/_native.ts) where that library is found, else sharp on its helper
// thread. Both give the same tensors; TORCH_NODE_VISION_DECODER=sharp forces the sharp path, and a missing
// library falls back to it. (test/vision/io.test.ts checks the pixels against PIL; run it with
// TORCH_NODE_VISION_DECODER=sharp to check the sharp path against PIL too.)
import { readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import torch, { Tensor } from "../../src";
import { io } from "../../src/vision";
import { decoderInfo } from "../../src/vision/io/_native";
import { decodeRaw, CodecError, type RawImage } from "../../src/vision/io/_codec";
import { loadSharp } from "../../src/vision/io/sharp";

const IMG = join(__dirname, "..", "fixtures", "vision", "images");
const lib = join(__dirname, "..", "..", "lib", "vision", "index.js");
const libNative = join(__dirname, "..", "..", "lib", "vision", "io", "_native.js");

/** Whether sharp's libvips package is installed for this platform (the native decoder's library). */
function libvipsInstalled(): boolean {
  const req = createRequire(require.resolve("sharp"));
  const names = process.platform === "linux" ? [`linux-${process.arch}`, `linuxmusl-${process.arch}`] : [`${process.platform}-${process.arch}`];
  return names.some((n) => {
    try {
      req.resolve(`@img/sharp-libvips-${n}/binary`);
      return true;
    } catch {
      return false;
    }
  });
}

/** The sharp path's decode (the helper thread runs the same decodeRaw) as a CHW tensor. */
async function viaSharp(bytes: Uint8Array, mode: number, exif: boolean): Promise<Tensor | string> {
  let raw: RawImage;
  try {
    raw = await decodeRaw(loadSharp(), { op: "decode", bytes, mode, applyExifOrientation: exif, expect: null });
  } catch (e) {
    return e instanceof CodecError ? `${e.kind}` : String(e);
  }
  const { frames: f, height: h, width: w, channels: c } = raw;
  const t = torch.from(raw.data).view([f, h, w, c]).permute([0, 3, 1, 2]);
  return f > 1 ? t : t.select(0, 0);
}

const MODES = ["UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA"];

describe("io decoders", () => {
  it("the native decoder runs where sharp's libvips is installed", () => {
    const info = decoderInfo();
    if (process.env.TORCH_NODE_VISION_DECODER === "sharp") expect(info.decoder).toBe("sharp");
    else expect(info.decoder).toBe(libvipsInstalled() ? "libvips" : "sharp");
  });

  it("the native and the sharp paths give identical tensors on every fixture, mode and orientation flag", async () => {
    const files = readdirSync(IMG).filter((f) => /\.(png|jpg|webp|gif)$/.test(f) && f !== "empty.png");
    expect(files.length).toBeGreaterThan(15);
    let compared = 0;
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(join(IMG, f)));
      for (let mode = 0; mode < MODES.length; mode++) {
        for (const exif of [false, true]) {
          const want = await viaSharp(bytes, mode, exif);
          let got: Tensor | string;
          try {
            got = io.decodeImage(bytes, MODES[mode], exif);
          } catch (e) {
            got = String(e);
          }
          if (typeof want === "string") {
            // both refuse the bytes (corrupt or truncated), each with an Error
            expect(typeof got, `${f} ${MODES[mode]} exif=${exif}`).toBe("string");
            expect(got as string).toMatch(/decodeImage: the input is not a valid image: the image data is corrupt or truncated/);
            continue;
          }
          expect(got, `${f} ${MODES[mode]} exif=${exif}: ${String(got)}`).toBeInstanceOf(Tensor);
          const t = got as Tensor;
          expect(t.dtype).toBe(torch.uint8);
          expect(t.shape, `${f} ${MODES[mode]}`).toEqual(want.shape);
          expect(t.equal(want), `${f} ${MODES[mode]} exif=${exif}`).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it("tensors are contiguous [C, H, W]; readImages (decoded in parallel) gives readImage's, errors naming the file", () => {
    const t = io.readImage(join(IMG, "q90.jpg"));
    expect(t.shape).toEqual([3, 24, 32]);
    expect(t.isContiguous()).toBe(true);
    const names = ["q90.jpg", "rgba.png", "gray16.png", "cmyk.jpg", "anim.gif", "lossy.webp", "palette_trns.png", "gray.jpg", "exif6.jpg"];
    const paths = [...names, ...names, ...names].map((n) => join(IMG, n));
    for (const [mode, exif] of [["RGB", false], ["UNCHANGED", true], ["GRAY_ALPHA", false]] as const) {
      const many = io.readImages(paths, mode, exif);
      expect(many.length).toBe(paths.length);
      paths.forEach((p, i) => {
        const one = io.readImage(p, mode, exif);
        expect(many[i].isContiguous()).toBe(true);
        expect(many[i].shape).toEqual(one.shape);
        expect(many[i].equal(one), `${p} ${mode}`).toBe(true);
      });
    }
    expect(() => io.readImages([join(IMG, "q90.jpg"), join(IMG, "truncated.png"), join(IMG, "corrupt.jpg")]))
      .toThrow(/readImages: cannot decode '.*truncated\.png': the image data is corrupt or truncated/);
    expect(() => io.readImages([join(IMG, "q90.jpg"), join(IMG, "not_an_image.txt")]))
      .toThrow(/readImages: cannot decode '.*not_an_image\.txt': Unsupported image file/);
  });

  it("TORCH_NODE_VISION_DECODER=sharp forces the sharp path; a missing libvips package falls back to it", () => {
    expect(existsSync(libNative)).toBe(true); // the built package: npm run build:ts
    const dir = mkdtempSync(join(tmpdir(), "tn-novips-"));
    try {
      // Module._resolveFilename refuses sharp's libvips packages, as if they were not installed
      const pre = join(dir, "novips.js");
      writeFileSync(pre,
        "const M = require('module'); const r = M._resolveFilename;" +
        "M._resolveFilename = function (req, ...a) { if (/^@img\\/sharp-libvips-/.test(req)) { const e = new Error('Cannot find module ' + req); e.code = 'MODULE_NOT_FOUND'; throw e; } return r.call(this, req, ...a); };");
      const code =
        `const { io } = require(${JSON.stringify(lib)});` +
        `const torch = require(${JSON.stringify(join(__dirname, "..", "..", "lib", "index.js"))}).default;` +
        `const { decoderInfo } = require(${JSON.stringify(libNative)});` +
        `const t = io.readImage(${JSON.stringify(join(IMG, "palette_trns.png"))}, "RGBA");` +
        `const j = io.readImage(${JSON.stringify(join(IMG, "q90.jpg"))});` +
        "console.log(JSON.stringify({ d: decoderInfo(), shape: t.shape, sums: [t.to(torch.int64).sum().item(), j.to(torch.int64).sum().item()] }));";
      const run = (args: string[], env: Record<string, string | undefined>) => {
        const r = spawnSync(process.execPath, [...args, "-e", code], { encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env } });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        return JSON.parse(r.stdout.trim()) as { d: { decoder: string; reason: string }; shape: number[]; sums: number[] };
      };
      const t = io.readImage(join(IMG, "palette_trns.png"), "RGBA");
      const j = io.readImage(join(IMG, "q90.jpg"));
      const want = { shape: t.shape, sums: [t.to(torch.int64).sum().item(), j.to(torch.int64).sum().item()] };
      const absent = run(["-r", pre], { TORCH_NODE_VISION_DECODER: undefined });
      expect(absent.d.decoder).toBe("sharp");
      expect(absent.d.reason).toMatch(/@img\/sharp-libvips-\*\) was not found/);
      expect({ shape: absent.shape, sums: absent.sums }).toEqual(want);
      const forced = run([], { TORCH_NODE_VISION_DECODER: "sharp" });
      expect(forced.d).toEqual({ decoder: "sharp", library: null, reason: "TORCH_NODE_VISION_DECODER=sharp" });
      expect({ shape: forced.shape, sums: forced.sums }).toEqual(want);
      if (libvipsInstalled()) {
        const plain = run([], { TORCH_NODE_VISION_DECODER: undefined });
        expect(plain.d.decoder).toBe("libvips");
        expect({ shape: plain.shape, sums: plain.sums }).toEqual(want);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
