// Image coding on sharp, without torch: raw HWC uint8 pixels in and out. The
// same functions run on the io helper thread (the synchronous API, _sync.ts)
// and on the calling thread (the *Async API). Nothing here imports torch-node,
// so the helper thread stays small.

/** sharp's default export, typed only as far as this file uses it (sharp is optional: no type import). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SharpModule = (input?: unknown, options?: Record<string, unknown>) => any;

/** The decoders' formats (torchvision.io.decode_image's). */
export type ImageFormat = "jpeg" | "png" | "webp" | "gif";

/** ImageReadMode values: torchvision's. */
export const UNCHANGED = 0, GRAY = 1, GRAY_ALPHA = 2, RGB = 3, RGB_ALPHA = 4;

/**
 * Decoded pixels: `frames` images of height x width x channels, row-major (HWC, interleaved as the codec gives
 * them), uint8. The caller makes the CHW tensor (one LibTorch permute + contiguous: faster than a JS loop here).
 */
export interface RawImage {
  data: Uint8Array;
  frames: number;
  height: number;
  width: number;
  channels: number;
}

export interface DecodeRequest {
  op: "decode";
  bytes: Uint8Array;
  mode: number;
  applyExifOrientation: boolean;
  /** a format the bytes must have (decodePng, decodeJpeg, decodeWebp); null: any of jpeg, png, webp, gif */
  expect: ImageFormat | null;
}

export interface EncodeRequest {
  op: "encode";
  format: "png" | "jpeg";
  /** HWC (interleaved) uint8 pixels: the caller permutes the CHW tensor (one LibTorch copy) */
  data: Uint8Array;
  height: number;
  width: number;
  channels: number;
  /** png: compression level 0..9; jpeg: quality 1..100 */
  level: number;
}

export type CodecRequest = DecodeRequest | EncodeRequest;

/** The error a decoder throws for bytes it cannot read; `kind` tells the caller how to word it. */
export class CodecError extends Error {
  constructor(message: string, readonly kind: "unsupported" | "corrupt" | "format") {
    super(message);
    this.name = "CodecError";
  }
}

export const UNSUPPORTED =
  "Unsupported image file. Only jpeg, png, webp and gif are currently supported.";

/** The format from the first bytes, as torchvision's decode_image sniffs it; null when none of them. */
export function sniffFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 4 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "png";
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 &&
      b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "webp";
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return "gif";
  return null;
}

const NAMES: Record<ImageFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", gif: "GIF" };

/** The bytes' format; a CodecError when it is none of the four, or not the one `expect` names. */
export function checkFormat(bytes: Uint8Array, expect: ImageFormat | null): ImageFormat {
  const fmt = sniffFormat(bytes);
  if (expect !== null && fmt !== expect)
    throw new CodecError(`the input is not a ${NAMES[expect]} image${fmt ? ` (it is ${NAMES[fmt]})` : ""}`, "format");
  if (fmt === null) throw new CodecError(UNSUPPORTED, "unsupported");
  return fmt;
}

/** sharp's (libvips's) message, first line, without its "Input file has corrupt header: " preamble. */
function sharpMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split("\n")[0].replace(/^Input (file|buffer) has corrupt header: /, "").trim();
}

/** PIL's luma, Image.convert("L"): L = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16 (ITU-R 601-2). */
function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
}

/** PIL's MULDIV255 (a * b / 255, rounded). */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >>> 8) + t) >>> 8;
}

/** The channel count each mode gives, from a source of `src` channels (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA). */
export function modeChannels(mode: number, src: number): number {
  switch (mode) {
    case GRAY: return 1;
    case GRAY_ALPHA: return 2;
    case RGB: return 3;
    case RGB_ALPHA: return 4;
    default: return src;
  }
}

/** Converts HWC pixels of `src` channels to `dst` channels as PIL's Image.convert does (no alpha compositing). */
export function convertChannels(data: Uint8Array, pixels: number, src: number, dst: number): Uint8Array {
  if (src === dst) return data;
  const out = new Uint8Array(pixels * dst);
  const srcAlpha = src === 2 || src === 4;
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += src, o += dst) {
    let r: number, g: number, b: number, gray: number;
    if (src <= 2) {
      r = g = b = gray = data[i];
    } else {
      r = data[i]; g = data[i + 1]; b = data[i + 2];
      gray = dst <= 2 ? luma(r, g, b) : 0;
    }
    const a = srcAlpha ? data[i + src - 1] : 255;
    switch (dst) {
      case 1: out[o] = gray; break;
      case 2: out[o] = gray; out[o + 1] = a; break;
      case 3: out[o] = r; out[o + 1] = g; out[o + 2] = b; break;
      default: out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a;
    }
  }
  return out;
}

/**
 * Decodes an image file's bytes to HWC uint8 pixels in `mode`:
 * - PNG, JPEG, WebP and GIF (an animated GIF gives every frame; an animated WebP is refused, as torchvision);
 * - gray sources (PNG L/LA, gray JPEG) keep 1 or 2 channels in UNCHANGED; palette PNGs expand to RGB (RGBA with tRNS);
 * - 16-bit PNG samples become their high byte (v >> 8: torchvision's convert_image_dtype(uint16 -> uint8)),
 *   which is what libvips's 8-bit output gives;
 * - CMYK JPEGs become RGB with PIL's CMYK -> RGB formula;
 * - GRAY from color uses PIL's convert("L") luma; alpha is dropped or added as 255 (no compositing);
 * - EXIF orientation is applied to JPEG and PNG only when `applyExifOrientation`.
 */
export async function decodeRaw(sharp: SharpModule, req: DecodeRequest): Promise<RawImage> {
  const bytes = req.bytes;
  const fmt = checkFormat(bytes, req.expect);
  let meta: Record<string, unknown>;
  try {
    meta = await sharp(bytes, { failOn: "error" }).metadata();
  } catch (e) {
    throw new CodecError(sharpMessage(e), "corrupt");
  }
  if (meta.format !== fmt) throw new CodecError(`the ${NAMES[fmt]} data could not be read (libvips reads it as ${String(meta.format)})`, "corrupt");
  const pages = typeof meta.pages === "number" ? meta.pages : 1;
  if (fmt === "webp" && pages > 1) throw new CodecError("Animated webp files are not supported.", "unsupported");
  const space = String(meta.space);
  const cmyk = space === "cmyk";
  const gray = space === "b-w" || space === "grey16" || meta.channels === 1 || meta.channels === 2;
  const orient = req.applyExifOrientation && (fmt === "jpeg" || fmt === "png");
  // sequential access decodes top to bottom in one pass (faster for whole-image reads); rotation needs random access
  // embedded ICC profiles are not applied (torchvision's decoders and PIL's Image.convert do not; nor does the native path)
  let s = sharp(bytes, { failOn: "error", sequentialRead: !orient, ignoreIcc: true, ...(fmt === "gif" ? { pages: -1 } : {}) });
  if (orient) s = s.rotate();
  if (cmyk) s = s.pipelineColourspace("cmyk").toColourspace("cmyk");
  // 16-bit PNGs: libvips's 8-bit output keeps each sample's high byte (v >> 8)
  s = s.raw();
  let data: Uint8Array, info: { width: number; height: number; channels: number };
  try {
    ({ data, info } = await s.toBuffer({ resolveWithObject: true }));
  } catch (e) {
    throw new CodecError(sharpMessage(e), "corrupt");
  }
  const frames = fmt === "gif" ? Math.max(1, pages) : 1;
  const width = info.width;
  const height = Math.floor(info.height / frames);
  const pixels = width * height * frames;
  let ch = info.channels;
  if (cmyk && ch === 4) {
    // PIL's cmyk2rgb: nk = 255 - k; r = nk - c * nk / 255 (rounded as MULDIV255)
    const rgb = new Uint8Array(pixels * 3);
    for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 4, o += 3) {
      const nk = 255 - data[i + 3];
      rgb[o] = nk - mulDiv255(data[i], nk);
      rgb[o + 1] = nk - mulDiv255(data[i + 1], nk);
      rgb[o + 2] = nk - mulDiv255(data[i + 2], nk);
    }
    data = rgb;
    ch = 3;
  } else if (gray && ch >= 3) {
    // libvips hands gray images over as sRGB with equal channels: keep the first (and the alpha)
    const alpha = ch === 4;
    const out = new Uint8Array(pixels * (alpha ? 2 : 1));
    for (let p = 0, i = 0, o = 0; p < pixels; p++, i += ch) {
      out[o++] = data[i];
      if (alpha) out[o++] = data[i + 3];
    }
    data = out;
    ch = alpha ? 2 : 1;
  }
  // GIF: torchvision's decode_gif gives RGB
  const src = ch;
  const dst = modeChannels(req.mode === UNCHANGED && fmt === "gif" ? RGB : req.mode, src);
  return { data: convertChannels(data, pixels, src, dst), frames, height, width, channels: dst };
}

/** Encodes HWC uint8 pixels as PNG (compression level 0..9) or JPEG (quality 1..100). */
export async function encodeRaw(sharp: SharpModule, req: EncodeRequest): Promise<Uint8Array> {
  let s = sharp(req.data, { raw: { width: req.width, height: req.height, channels: req.channels } });
  if (req.channels <= 2) s = s.toColourspace("b-w");
  s = req.format === "png"
    ? s.png({ compressionLevel: req.level, adaptiveFiltering: true, palette: false })
    : s.jpeg({ quality: req.level, chromaSubsampling: "4:2:0", mozjpeg: false });
  const buf: Uint8Array = await s.toBuffer();
  return new Uint8Array(buf);
}

/** Runs one request. */
export function runRequest(sharp: SharpModule, req: CodecRequest): Promise<RawImage | Uint8Array> {
  return req.op === "decode" ? decodeRaw(sharp, req) : encodeRaw(sharp, req);
}

/** @internal the shared Int32Array of the helper thread: [0] bumped on every reply, [1] 1 once the thread exited, [2] 1 once it listens */
export const REPLIES = 0, EXITED = 1, READY = 2;

/** @internal a reply from the helper thread */
export interface HelperReply {
  id: number;
  image?: RawImage;
  bytes?: Uint8Array;
  error?: { message: string; kind: string | null; name: string };
}

/** @internal the helper thread's main loop (started by _sync.ts with workerData { port, signal, sharpPath }). */
export function helperMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { workerData } = require("worker_threads") as typeof import("worker_threads");
  const { port, signal, sharpPath } = workerData as { port: import("worker_threads").MessagePort; signal: SharedArrayBuffer; sharpPath: string };
  const sig = new Int32Array(signal);
  const wake = () => {
    Atomics.add(sig, REPLIES, 1);
    Atomics.notify(sig, REPLIES);
  };
  process.on("exit", () => {
    Atomics.store(sig, EXITED, 1);
    wake();
  });
  let sharp: SharpModule | null = null;
  let loadError: Error | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sharp = require(sharpPath) as SharpModule;
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    loadError = new Error(`torch-node/vision io needs the optional dependency sharp (npm install sharp): loading it failed: ${why}`);
  }
  Atomics.store(sig, READY, 1);
  port.on("message", (msg: CodecRequest & { id: number }) => {
    const done = (reply: HelperReply, transfer: ArrayBuffer[]) => {
      try {
        port.postMessage(reply, transfer);
      } catch (e) {
        port.postMessage({ id: msg.id, error: { message: String(e), kind: null, name: "Error" } });
      }
      wake();
    };
    (async () => {
      if (loadError) throw loadError;
      return runRequest(sharp as SharpModule, msg);
    })().then(
      (r) => {
        if (r instanceof Uint8Array) done({ id: msg.id, bytes: r }, [r.buffer as ArrayBuffer]);
        else done({ id: msg.id, image: r }, [r.data.buffer as ArrayBuffer]);
      },
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        done({ id: msg.id, error: { message: err.message, kind: err instanceof CodecError ? err.kind : null, name: err.name } }, []);
      },
    );
  });
}
