// torchvision.io's image functions: files and encoded bytes <-> uint8 CHW tensors.
// The main names are synchronous, as torchvision's (a dataset's getItem calls
// them): they decode with sharp's libvips on the calling thread through the
// addon (_native.ts) where that library is found, else run sharp on a helper
// thread (_sync.ts; encoders always do). The *Async forms run sharp on the
// calling thread's libuv pool, for servers that must not block.
import * as fs from "fs";
import { fileURLToPath } from "url";
import { Tensor } from "../../tensor";
import { from } from "../../from_buffer";
import * as dt from "../../dtype";
import { describe, Device } from "../../device";
import { bind } from "../../args";
import { loadSharp } from "./sharp";
import { runSync, runManySync } from "./_sync";
import { nativeLibrary, decodeNative, decodeNativeMany } from "./_native";
import {
  CodecError, decodeRaw, encodeRaw,
  type DecodeRequest, type EncodeRequest, type ImageFormat, type RawImage,
} from "./_codec";

// ---------------------------------------------------------------- ImageReadMode

/**
 * torchvision.io.ImageReadMode: how decoding converts the image's channels.
 * `io.ImageReadMode.RGB`; wherever a mode is taken, its name as a string works
 * too (`"RGB"`, `"rgb"`, `"RGBA"`), as in torchvision.
 */
export class ImageReadMode {
  /** the image as stored (gray 1, gray+alpha 2, RGB 3, RGBA 4 channels; palette PNGs expand to RGB/RGBA) */
  static readonly UNCHANGED = new ImageReadMode("UNCHANGED", 0);
  /** 1 channel (PIL's convert("L") luma) */
  static readonly GRAY = new ImageReadMode("GRAY", 1);
  /** 2 channels: gray and alpha */
  static readonly GRAY_ALPHA = new ImageReadMode("GRAY_ALPHA", 2);
  /** 3 channels */
  static readonly RGB = new ImageReadMode("RGB", 3);
  /** 4 channels: RGB and alpha */
  static readonly RGB_ALPHA = new ImageReadMode("RGB_ALPHA", 4);
  /** alias of RGB_ALPHA */
  static readonly RGBA = ImageReadMode.RGB_ALPHA;

  private constructor(readonly name: string, readonly value: number) {
    Object.freeze(this);
  }

  toString(): string {
    return `ImageReadMode.${this.name}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `<ImageReadMode.${this.name}: ${this.value}>`;
  }
}

/** A mode: an ImageReadMode member or its name (any case), as torchvision's `ImageReadMode[mode.upper()]`. */
export type ImageReadModeLike = ImageReadMode | "UNCHANGED" | "GRAY" | "GRAY_ALPHA" | "RGB" | "RGB_ALPHA" | "RGBA" | string;

const MODE_NAMES = ["UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA", "RGBA"];

/** The mode's value (0..4); TypeError naming the argument for anything else. */
function modeValue(fn: string, mode: unknown): number {
  if (mode === undefined || mode === null) return 0;
  if (mode instanceof ImageReadMode) return mode.value;
  if (typeof mode === "string") {
    const key = mode.toUpperCase();
    if (MODE_NAMES.includes(key)) return (ImageReadMode as unknown as Record<string, ImageReadMode>)[key].value;
    throw new TypeError(`${fn}(): argument 'mode' must be an ImageReadMode or one of ${MODE_NAMES.map((n) => `"${n}"`).join(", ")}, not '${mode}'`);
  }
  throw new TypeError(`${fn}(): argument 'mode' must be ImageReadMode or str, not ${describe(mode)}`);
}

function boolArg(fn: string, v: unknown, what: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be bool, not ${describe(v)}`);
}

// ---------------------------------------------------------------- files

/** A path argument: a string, a file: URL or a Buffer (as fs takes them). */
export type PathLike = string | URL | Buffer;

/** @internal a path argument as a string; TypeError naming the argument otherwise. */
export function pathArg(fn: string, p: unknown, what: string): string {
  if (typeof p === "string") {
    if (p.length === 0) throw new TypeError(`${fn}(): argument '${what}' must be a non-empty path`);
    return p;
  }
  if (p instanceof URL) return fileURLToPath(p);
  if (Buffer.isBuffer(p)) return p.toString();
  throw new TypeError(`${fn}(): argument '${what}' must be a path (str or file URL), not ${describe(p)}`);
}

/** Node's error for a file, with the path in the message (EISDIR has none of its own). */
function fileError(e: unknown, file: string): Error {
  if (e instanceof Error && !e.message.includes(file)) e.message = `${e.message} '${file}'`;
  return e as Error;
}

function readBytes(fn: string, file: string): Uint8Array {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw fileError(e, file);
  }
  if (buf.length === 0) throw new Error(`${fn}: Expected a non empty file: '${file}'`);
  return buf;
}

async function readBytesAsync(fn: string, file: string): Promise<Uint8Array> {
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(file);
  } catch (e) {
    throw fileError(e, file);
  }
  if (buf.length === 0) throw new Error(`${fn}: Expected a non empty file: '${file}'`);
  return buf;
}

/** torchvision.io.read_file: a file's bytes as a 1-d uint8 tensor. */
export function readFile(path: PathLike): Tensor;
export function readFile(options: { path: PathLike }): Tensor;
export function readFile(...args: unknown[]): Tensor {
  const [p] = bind("readFile", ["path"], args);
  const file = pathArg("readFile", p, "path");
  return from(readBytes("readFile", file));
}

/** The bytes of a 1-d uint8 tensor (or of a Buffer / Uint8Array). */
function tensorBytes(fn: string, data: unknown, what: string): Uint8Array {
  if (data instanceof Tensor) {
    if (data.dtype !== dt.uint8) throw new Error(`${fn}: Input tensor dtype should be uint8`);
    if (data.dim() !== 1) throw new Error(`${fn}: Input data should be a 1-dimensional tensor`);
    const t = data.device.type === "cpu" ? data : data.to("cpu");
    return t.contiguous().toTypedArray() as Uint8Array;
  }
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describe(data)}`);
}

/** torchvision.io.write_file: writes a 1-d uint8 tensor's bytes (or a Buffer's) to a file. */
export function writeFile(filename: PathLike, data: Tensor | Uint8Array): void;
export function writeFile(filename: PathLike, options: { data: Tensor | Uint8Array }): void;
export function writeFile(options: { filename: PathLike; data: Tensor | Uint8Array }): void;
export function writeFile(...args: unknown[]): void {
  const [f, data] = bind("writeFile", ["filename", "data"], args);
  const file = pathArg("writeFile", f, "filename");
  const bytes = tensorBytes("writeFile", data, "data");
  try {
    fs.writeFileSync(file, bytes);
  } catch (e) {
    throw fileError(e, file);
  }
}

// ---------------------------------------------------------------- decoding

/** What decode* take: a 1-d uint8 tensor (readFile's), a Buffer / Uint8Array / ArrayBuffer, or (decodeImage) a path. */
export type ImageInput = Tensor | Uint8Array | ArrayBuffer;

interface Source {
  bytes: Uint8Array;
  /** the file the bytes came from (for messages) */
  file: string | null;
}

function encodedBytes(fn: string, input: unknown, pathOk: boolean): Source | { path: string } {
  if (input instanceof Tensor) {
    if (input.device.type !== "cpu") throw new Error(`${fn}: Input tensor must be a CPU tensor`);
    if (input.dtype !== dt.uint8) throw new Error(`${fn}: Expected a torch.uint8 tensor, got ${input.dtype}`);
    if (input.dim() !== 1 || input.numel() === 0) throw new Error(`${fn}: Expected a non empty 1-dimensional tensor, got shape [${input.shape.join(", ")}]`);
    return { bytes: input.contiguous().toTypedArray() as Uint8Array, file: null };
  }
  if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer) {
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (bytes.length === 0) throw new Error(`${fn}: the input is empty (0 bytes): not a valid image`);
    return { bytes, file: null };
  }
  if (pathOk && (typeof input === "string" || input instanceof URL)) return { path: pathArg(fn, input, "input") };
  throw new TypeError(`${fn}(): argument 'input' must be a Tensor (uint8, 1-d), Buffer or Uint8Array${pathOk ? " or a path" : ""}, not ${describe(input)}`);
}

/** The Error for bytes the decoder refused: names the file, or says the buffer is not a valid image. */
function decodeError(fn: string, file: string | null, e: unknown): Error {
  if (!(e instanceof CodecError)) return e instanceof Error ? e : new Error(String(e));
  const where = file !== null ? `cannot decode '${file}'` : "the input is not a valid image";
  if (e.kind === "unsupported") return new Error(`${fn}: ${where}: ${e.message}`);
  if (e.kind === "format") return new Error(`${fn}: ${where}: ${e.message}`);
  return new Error(`${fn}: ${where}: the image data is corrupt or truncated (${e.message})`);
}

/** CHW (or NCHW, animated GIF) pixels -> a uint8 tensor over them (the buffer is the codec's own: no copy). */
/** The decoded HWC pixels as a contiguous uint8 CHW tensor ([N, C, H, W] for an animation). */
function toTensor(raw: RawImage): Tensor {
  const t = from(raw.data);
  const { frames: f, height: h, width: w, channels: c } = raw;
  if (c === 1) return f > 1 ? t.view([f, 1, h, w]) : t.view([1, h, w]);
  if (f > 1) return t.view([f, h, w, c]).permute(0, 3, 1, 2).contiguous();
  return t.view([h, w, c]).permute(2, 0, 1).contiguous();
}

function decodeSync(fn: string, src: Source, mode: number, exif: boolean, expect: ImageFormat | null): Tensor {
  const library = nativeLibrary();
  if (library !== null) {
    try {
      return decodeNative(library, src.bytes, mode, exif, expect);
    } catch (e) {
      throw decodeError(fn, src.file, e);
    }
  }
  const req: DecodeRequest = { op: "decode", bytes: src.bytes, mode, applyExifOrientation: exif, expect };
  let raw: RawImage;
  try {
    raw = runSync(req) as RawImage;
  } catch (e) {
    throw decodeError(fn, src.file, e);
  }
  return toTensor(raw);
}

async function decodeAsync(fn: string, src: Source, mode: number, exif: boolean, expect: ImageFormat | null): Promise<Tensor> {
  const sharp = loadSharp();
  let raw: RawImage;
  try {
    raw = await decodeRaw(sharp, { op: "decode", bytes: src.bytes, mode, applyExifOrientation: exif, expect });
  } catch (e) {
    throw decodeError(fn, src.file, e);
  }
  return toTensor(raw);
}

function resolveSource(fn: string, input: unknown, pathOk: boolean): Source {
  const s = encodedBytes(fn, input, pathOk);
  if ("path" in s) return { bytes: readBytes(fn, s.path), file: s.path };
  return s;
}

async function resolveSourceAsync(fn: string, input: unknown, pathOk: boolean): Promise<Source> {
  const s = encodedBytes(fn, input, pathOk);
  if ("path" in s) return { bytes: await readBytesAsync(fn, s.path), file: s.path };
  return s;
}

export interface DecodeOptions {
  mode?: ImageReadModeLike;
  applyExifOrientation?: boolean;
}

/**
 * torchvision.io.decode_image: decodes a JPEG, PNG, WebP or GIF image into a
 * uint8 tensor [C, H, W] (an animated GIF gives [N, C, H, W]). `input` is the
 * encoded bytes (a 1-d uint8 tensor as readFile gives, a Buffer or a
 * Uint8Array) or a path. `mode` converts the channels (ImageReadMode or its
 * name); `applyExifOrientation` (default false) rotates/flips JPEG and PNG
 * images as their EXIF orientation tag says.
 */
export function decodeImage(input: ImageInput | PathLike, mode?: ImageReadModeLike, applyExifOrientation?: boolean): Tensor;
export function decodeImage(input: ImageInput | PathLike, options: DecodeOptions): Tensor;
export function decodeImage(input: ImageInput | PathLike, mode: ImageReadModeLike, options: DecodeOptions): Tensor;
export function decodeImage(options: DecodeOptions & { input: ImageInput | PathLike }): Tensor;
export function decodeImage(...args: unknown[]): Tensor {
  const [input, mode, exif] = bind("decodeImage", ["input", "mode", "applyExifOrientation"], args);
  const m = modeValue("decodeImage", mode);
  const e = boolArg("decodeImage", exif, "applyExifOrientation", false);
  return decodeSync("decodeImage", resolveSource("decodeImage", input, true), m, e, null);
}

/** torchvision.io.read_image: readFile + decodeImage. A file that is not a valid image throws an Error naming it. */
export function readImage(path: PathLike, mode?: ImageReadModeLike, applyExifOrientation?: boolean): Tensor;
export function readImage(path: PathLike, options: DecodeOptions): Tensor;
export function readImage(path: PathLike, mode: ImageReadModeLike, options: DecodeOptions): Tensor;
export function readImage(options: DecodeOptions & { path: PathLike }): Tensor;
export function readImage(...args: unknown[]): Tensor {
  const [p, mode, exif] = bind("readImage", ["path", "mode", "applyExifOrientation"], args);
  const file = pathArg("readImage", p, "path");
  const m = modeValue("readImage", mode);
  const e = boolArg("readImage", exif, "applyExifOrientation", false);
  return decodeSync("readImage", { bytes: readBytes("readImage", file), file }, m, e, null);
}

/** torchvision.io.decode_png: a PNG's bytes -> uint8 [C, H, W] (16-bit PNGs give their high byte: see docs/vision/io.md). */
export function decodePng(input: ImageInput, mode?: ImageReadModeLike, applyExifOrientation?: boolean): Tensor;
export function decodePng(input: ImageInput, options: DecodeOptions): Tensor;
export function decodePng(options: DecodeOptions & { input: ImageInput }): Tensor;
export function decodePng(...args: unknown[]): Tensor {
  const [input, mode, exif] = bind("decodePng", ["input", "mode", "applyExifOrientation"], args);
  const m = modeValue("decodePng", mode);
  const e = boolArg("decodePng", exif, "applyExifOrientation", false);
  return decodeSync("decodePng", resolveSource("decodePng", input, false), m, e, "png");
}

export interface DecodeJpegOptions extends DecodeOptions {
  device?: string | Device;
}

/**
 * torchvision.io.decode_jpeg: JPEG bytes (or a list of them) -> uint8 [C, H, W]
 * (a list of them). Decoding runs on the CPU; `device` moves the result there.
 */
export function decodeJpeg(input: ImageInput, mode?: ImageReadModeLike, device?: string | Device, applyExifOrientation?: boolean): Tensor;
export function decodeJpeg(input: ImageInput[], mode?: ImageReadModeLike, device?: string | Device, applyExifOrientation?: boolean): Tensor[];
export function decodeJpeg(input: ImageInput, options: DecodeJpegOptions): Tensor;
export function decodeJpeg(input: ImageInput[], options: DecodeJpegOptions): Tensor[];
export function decodeJpeg(options: DecodeJpegOptions & { input: ImageInput }): Tensor;
export function decodeJpeg(...args: unknown[]): Tensor | Tensor[] {
  const [input, mode, device, exif] = bind("decodeJpeg", ["input", "mode", "device", "applyExifOrientation"], args);
  const m = modeValue("decodeJpeg", mode);
  const e = boolArg("decodeJpeg", exif, "applyExifOrientation", false);
  const dev = device === undefined || device === null ? "cpu" : device;
  if (typeof dev !== "string" && !(dev instanceof Device)) throw new TypeError(`decodeJpeg(): argument 'device' must be torch.device or str, not ${describe(dev)}`);
  const one = (x: unknown): Tensor => {
    const t = decodeSync("decodeJpeg", resolveSource("decodeJpeg", x, false), m, e, "jpeg");
    return (typeof dev === "string" ? dev === "cpu" : dev.type === "cpu") ? t : t.to(dev);
  };
  if (Array.isArray(input)) {
    if (input.length === 0) throw new RangeError("Input list must contain at least one element");
    if (!input.every((x) => x instanceof Tensor || ArrayBuffer.isView(x) || x instanceof ArrayBuffer))
      throw new RangeError("All elements of the input list must be tensors.");
    return input.map(one);
  }
  return one(input);
}

/** torchvision.io.decode_webp: WebP bytes -> uint8 [C, H, W] (RGB or RGBA; GRAY modes convert, where torchvision warns and does not). */
export function decodeWebp(input: ImageInput, mode?: ImageReadModeLike): Tensor;
export function decodeWebp(input: ImageInput, options: { mode?: ImageReadModeLike }): Tensor;
export function decodeWebp(options: { input: ImageInput; mode?: ImageReadModeLike }): Tensor;
export function decodeWebp(...args: unknown[]): Tensor {
  const [input, mode] = bind("decodeWebp", ["input", "mode"], args);
  const m = modeValue("decodeWebp", mode);
  return decodeSync("decodeWebp", resolveSource("decodeWebp", input, false), m, false, "webp");
}

/** torchvision.io.decode_gif: GIF bytes -> uint8 RGB [3, H, W], or [N, 3, H, W] for an animated GIF. */
export function decodeGif(input: ImageInput): Tensor;
export function decodeGif(options: { input: ImageInput }): Tensor;
export function decodeGif(...args: unknown[]): Tensor {
  const [input] = bind("decodeGif", ["input"], args);
  return decodeSync("decodeGif", resolveSource("decodeGif", input, false), 3, false, "gif");
}

/** decodeImage without blocking: sharp runs on this thread's libuv pool. */
export function decodeImageAsync(input: ImageInput | PathLike, mode?: ImageReadModeLike, applyExifOrientation?: boolean): Promise<Tensor>;
export function decodeImageAsync(input: ImageInput | PathLike, options: DecodeOptions): Promise<Tensor>;
export function decodeImageAsync(options: DecodeOptions & { input: ImageInput | PathLike }): Promise<Tensor>;
export async function decodeImageAsync(...args: unknown[]): Promise<Tensor> {
  const [input, mode, exif] = bind("decodeImageAsync", ["input", "mode", "applyExifOrientation"], args);
  const m = modeValue("decodeImageAsync", mode);
  const e = boolArg("decodeImageAsync", exif, "applyExifOrientation", false);
  return decodeAsync("decodeImageAsync", await resolveSourceAsync("decodeImageAsync", input, true), m, e, null);
}

/** readImage without blocking. */
/**
 * readImages(paths, mode, applyExifOrientation): readImage of each path, decoded in parallel (the native
 * decoder: on this thread and up to cores - 1 threads of the addon; the sharp path: at once on sharp's thread
 * pool, so a batch costs one wait instead of one per image). A torch-node extension (torchvision
 * decodes one file per call); ImageFolder's getItems uses it for the DataLoader's batches. Throws the
 * error of the first file that fails, as readImage would.
 */
export function readImages(paths: PathLike[], mode?: ImageReadModeLike, applyExifOrientation?: boolean): Tensor[];
export function readImages(paths: PathLike[], options: DecodeOptions): Tensor[];
export function readImages(...args: unknown[]): Tensor[] {
  const [ps, mode, exif] = bind("readImages", ["paths", "mode", "applyExifOrientation"], args);
  if (!Array.isArray(ps)) throw new TypeError(`readImages(): argument 'paths' must be an array of paths, not ${describe(ps)}`);
  const files = ps.map((p, i) => pathArg("readImages", p, `paths[${i}]`));
  const m = modeValue("readImages", mode);
  const e = boolArg("readImages", exif, "applyExifOrientation", false);
  const srcs = files.map((file) => ({ bytes: readBytes("readImages", file), file }));
  const library = nativeLibrary();
  if (library !== null) {
    return decodeNativeMany(library, srcs.map((s) => s.bytes), m, e).map((r, i) => {
      if (r instanceof Error) throw decodeError("readImages", srcs[i].file, r);
      return r;
    });
  }
  const raws = runManySync(srcs.map((src): DecodeRequest => ({ op: "decode", bytes: src.bytes, mode: m, applyExifOrientation: e, expect: null })));
  return raws.map((raw, i) => {
    if (raw instanceof Error) throw decodeError("readImages", srcs[i].file, raw);
    return toTensor(raw as RawImage);
  });
}
export function readImageAsync(path: PathLike, mode?: ImageReadModeLike, applyExifOrientation?: boolean): Promise<Tensor>;
export function readImageAsync(path: PathLike, options: DecodeOptions): Promise<Tensor>;
export function readImageAsync(options: DecodeOptions & { path: PathLike }): Promise<Tensor>;
export async function readImageAsync(...args: unknown[]): Promise<Tensor> {
  const [p, mode, exif] = bind("readImageAsync", ["path", "mode", "applyExifOrientation"], args);
  const file = pathArg("readImageAsync", p, "path");
  const m = modeValue("readImageAsync", mode);
  const e = boolArg("readImageAsync", exif, "applyExifOrientation", false);
  return decodeAsync("readImageAsync", { bytes: await readBytesAsync("readImageAsync", file), file }, m, e, null);
}

// ---------------------------------------------------------------- encoding

/** Checks an image for an encoder (torchvision's messages) and returns its HWC bytes (a copy). */
function imagePixels(fn: string, img: unknown, channels: number[]): Omit<EncodeRequest, "op" | "format" | "level"> {
  if (!(img instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor, not ${describe(img)}`);
  if (img.dtype !== dt.uint8) throw new TypeError(`${fn}: Input tensor dtype should be uint8, got ${img.dtype}`);
  if (img.dim() !== 3) throw new RangeError(`${fn}: Input data should be a 3-dimensional tensor, got shape [${img.shape.join(", ")}]`);
  const [c, h, w] = img.shape;
  if (!channels.includes(c)) {
    const list = channels.length === 2 ? "1 or 3" : "1, 2, 3 or 4";
    throw new RangeError(`${fn}: The number of channels should be ${list}, got: ${c}`);
  }
  if (h === 0 || w === 0) throw new RangeError(`${fn}: the image is empty (shape [${img.shape.join(", ")}])`);
  const cpu = img.device.type === "cpu" ? img : img.to("cpu");
  // the encoders take interleaved (HWC) pixels: one permuted copy
  const data = cpu.permute(1, 2, 0).contiguous().toTypedArray() as Uint8Array;
  return { data, height: h, width: w, channels: c };
}

function compressionArg(fn: string, v: unknown): number {
  if (v === undefined) return 6;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${fn}(): argument 'compressionLevel' must be int, not ${describe(v)}`);
  if (v < 0 || v > 9) throw new RangeError(`${fn}: Compression level should be between 0 and 9`);
  return v;
}

function qualityArg(fn: string, v: unknown): number {
  if (v === undefined) return 75;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${fn}(): argument 'quality' must be int, not ${describe(v)}`);
  if (v < 1 || v > 100) throw new RangeError("Image quality should be a positive number between 1 and 100");
  return v;
}

function encodeSync(req: EncodeRequest): Tensor {
  return from(runSync(req) as Uint8Array);
}

async function encodeAsync(req: EncodeRequest): Promise<Tensor> {
  return from(await encodeRaw(loadSharp(), req));
}

function pngRequest(fn: string, img: unknown, level: unknown): EncodeRequest {
  const px = imagePixels(fn, img, [1, 2, 3, 4]);
  return { op: "encode", format: "png", ...px, level: compressionArg(fn, level) };
}

function jpegRequest(fn: string, img: unknown, quality: number): EncodeRequest {
  return { op: "encode", format: "jpeg", ...imagePixels(fn, img, [1, 3]), level: quality };
}

/**
 * torchvision.io.encode_png: a uint8 [C, H, W] image (C = 1 or 3; 2 and 4,
 * with alpha, also work here) -> the PNG file's bytes as a 1-d uint8 tensor.
 */
export function encodePng(input: Tensor, compressionLevel?: number): Tensor;
export function encodePng(input: Tensor, options: { compressionLevel?: number }): Tensor;
export function encodePng(options: { input: Tensor; compressionLevel?: number }): Tensor;
export function encodePng(...args: unknown[]): Tensor {
  const [img, level] = bind("encodePng", ["input", "compressionLevel"], args);
  return encodeSync(pngRequest("encodePng", img, level));
}

/** torchvision.io.write_png: encodePng + writeFile. */
export function writePng(input: Tensor, filename: PathLike, compressionLevel?: number): void;
export function writePng(input: Tensor, filename: PathLike, options: { compressionLevel?: number }): void;
export function writePng(options: { input: Tensor; filename: PathLike; compressionLevel?: number }): void;
export function writePng(...args: unknown[]): void {
  const [img, f, level] = bind("writePng", ["input", "filename", "compressionLevel"], args);
  const file = pathArg("writePng", f, "filename");
  writeFile(file, encodeSync(pngRequest("writePng", img, level)));
}

/** torchvision.io.encode_jpeg: a uint8 [C, H, W] image (C = 1 or 3), or a list of them -> JPEG bytes (1-d uint8 tensors). */
export function encodeJpeg(input: Tensor, quality?: number): Tensor;
export function encodeJpeg(input: Tensor[], quality?: number): Tensor[];
export function encodeJpeg(input: Tensor, options: { quality?: number }): Tensor;
export function encodeJpeg(input: Tensor[], options: { quality?: number }): Tensor[];
export function encodeJpeg(options: { input: Tensor; quality?: number }): Tensor;
export function encodeJpeg(...args: unknown[]): Tensor | Tensor[] {
  const [img, q] = bind("encodeJpeg", ["input", "quality"], args);
  const quality = qualityArg("encodeJpeg", q);
  if (Array.isArray(img)) {
    if (img.length === 0) throw new RangeError("encode_jpeg requires at least one input tensor when a list is passed");
    return img.map((x) => encodeSync(jpegRequest("encodeJpeg", x, quality)));
  }
  return encodeSync(jpegRequest("encodeJpeg", img, quality));
}

/** torchvision.io.write_jpeg: encodeJpeg + writeFile. */
export function writeJpeg(input: Tensor, filename: PathLike, quality?: number): void;
export function writeJpeg(input: Tensor, filename: PathLike, options: { quality?: number }): void;
export function writeJpeg(options: { input: Tensor; filename: PathLike; quality?: number }): void;
export function writeJpeg(...args: unknown[]): void {
  const [img, f, q] = bind("writeJpeg", ["input", "filename", "quality"], args);
  const file = pathArg("writeJpeg", f, "filename");
  const quality = qualityArg("writeJpeg", q);
  writeFile(file, encodeSync(jpegRequest("writeJpeg", img, quality)));
}

/** encodePng without blocking. */
export function encodePngAsync(input: Tensor, compressionLevel?: number): Promise<Tensor>;
export function encodePngAsync(input: Tensor, options: { compressionLevel?: number }): Promise<Tensor>;
export async function encodePngAsync(...args: unknown[]): Promise<Tensor> {
  const [img, level] = bind("encodePngAsync", ["input", "compressionLevel"], args);
  return encodeAsync(pngRequest("encodePngAsync", img, level));
}

/** encodeJpeg without blocking. */
export function encodeJpegAsync(input: Tensor, quality?: number): Promise<Tensor>;
export function encodeJpegAsync(input: Tensor, options: { quality?: number }): Promise<Tensor>;
export async function encodeJpegAsync(...args: unknown[]): Promise<Tensor> {
  const [img, q] = bind("encodeJpegAsync", ["input", "quality"], args);
  return encodeAsync(jpegRequest("encodeJpegAsync", img, qualityArg("encodeJpegAsync", q)));
}

async function writeBytesAsync(fn: string, file: string, t: Tensor): Promise<void> {
  try {
    await fs.promises.writeFile(file, t.toTypedArray() as Uint8Array);
  } catch (e) {
    throw fileError(e, file);
  }
}

/** writePng without blocking. */
export function writePngAsync(input: Tensor, filename: PathLike, compressionLevel?: number): Promise<void>;
export function writePngAsync(input: Tensor, filename: PathLike, options: { compressionLevel?: number }): Promise<void>;
export async function writePngAsync(...args: unknown[]): Promise<void> {
  const [img, f, level] = bind("writePngAsync", ["input", "filename", "compressionLevel"], args);
  const file = pathArg("writePngAsync", f, "filename");
  await writeBytesAsync("writePngAsync", file, await encodeAsync(pngRequest("writePngAsync", img, level)));
}

/** writeJpeg without blocking. */
export function writeJpegAsync(input: Tensor, filename: PathLike, quality?: number): Promise<void>;
export function writeJpegAsync(input: Tensor, filename: PathLike, options: { quality?: number }): Promise<void>;
export async function writeJpegAsync(...args: unknown[]): Promise<void> {
  const [img, f, q] = bind("writeJpegAsync", ["input", "filename", "quality"], args);
  const file = pathArg("writeJpegAsync", f, "filename");
  const quality = qualityArg("writeJpegAsync", q);
  await writeBytesAsync("writeJpegAsync", file, await encodeAsync(jpegRequest("writeJpegAsync", img, quality)));
}
