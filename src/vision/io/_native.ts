// The native decoder: libvips, the copy sharp installs (@img/sharp-libvips-<platform>-<arch>), called by
// the addon on the calling thread (binding/image_codec.cc). No helper thread, no promise, no metadata
// round trip: the synchronous io API uses it wherever the library is found, and sharp's helper thread
// (_sync.ts) otherwise. TORCH_NODE_VISION_DECODER=sharp forces the sharp path.
import * as fs from "fs";
import * as path from "path";
import { createRequire } from "module";
import { native } from "../../native";
import { Tensor } from "../../tensor";
import type { Handle } from "../../native";
import { sharpPath } from "./sharp";
import { checkFormat, CodecError, type ImageFormat } from "./_codec";

/** undefined: not looked up yet on this thread; null: not available (the sharp path runs) */
let lib: string | null | undefined;
/** why the native decoder is not used (for decoderInfo) */
let reason = "";

/** sharp's platform names (linux and linuxmusl: npm installs the one that fits the libc) then -arch */
function platformNames(): string[] {
  const arch = process.arch;
  return process.platform === "linux" ? [`linux-${arch}`, `linuxmusl-${arch}`] : [`${process.platform}-${arch}`];
}

/** The libvips shared libraries next to sharp (resolved from sharp's own folder, as sharp's binary finds them). */
function candidates(): string[] {
  const req = createRequire(sharpPath()); // throws the "needs sharp" Error when sharp is absent, as the sharp path does
  const out: string[] = [];
  for (const name of platformNames()) {
    try {
      out.push(req.resolve(`@img/sharp-libvips-${name}/binary`));
    } catch {
      // older packages have no ./binary export: their lib folder
      try {
        const dir = req(`@img/sharp-libvips-${name}/lib`) as string;
        const f = fs.readdirSync(dir).find((n) => /^libvips-cpp\.(so|dylib)(\.|$)/.test(n));
        if (f) out.push(path.join(dir, f));
      } catch {
        // not this platform's package
      }
    }
  }
  return out;
}

/** The library's path when the native decoder is used on this thread; null for the sharp path. */
export function nativeLibrary(): string | null {
  if (lib !== undefined) return lib;
  if (process.env.TORCH_NODE_VISION_DECODER === "sharp") {
    reason = "TORCH_NODE_VISION_DECODER=sharp";
    return (lib = null);
  }
  const found = candidates();
  reason = "sharp's libvips package (@img/sharp-libvips-*) was not found";
  for (const f of found) {
    const ok = native.imageCodecLoad(f);
    if (ok === true) return (lib = f);
    reason = `libvips at ${f} could not be loaded: ${ok}`;
  }
  return (lib = null);
}

/** @internal which decoder the synchronous io API uses on this thread, and why. */
export function decoderInfo(): { decoder: "libvips" | "sharp"; library: string | null; reason: string } {
  const l = nativeLibrary();
  return l ? { decoder: "libvips", library: l, reason: "" } : { decoder: "sharp", library: null, reason };
}

/** What the addon gives back: a tensor, or the decoder's refusal as the sharp path's CodecError. */
function result(r: Handle | { kind: string; message: string }): Tensor | Error {
  if (r && typeof r === "object" && "kind" in r && "message" in r)
    return r.kind === "error" ? new Error(r.message) : new CodecError(r.message, r.kind as CodecError["kind"]);
  return new Tensor(r as Handle);
}

/** Decodes on this thread: a contiguous uint8 [C, H, W] tensor ([N, C, H, W] for an animated GIF); CodecError as the sharp path's. */
export function decodeNative(library: string, bytes: Uint8Array, mode: number, applyExifOrientation: boolean, expect: ImageFormat | null): Tensor {
  const fmt = checkFormat(bytes, expect);
  const r = result(native.imageDecode(library, bytes, fmt, mode, applyExifOrientation));
  if (r instanceof Error) throw r;
  return r;
}

/** decodeNative of each (any of the four formats), decoded in parallel: in order, a tensor or the Error of each. */
export function decodeNativeMany(library: string, list: Uint8Array[], mode: number, applyExifOrientation: boolean): (Tensor | Error)[] {
  const out: (Tensor | Error)[] = new Array(list.length);
  const todo: number[] = [];
  const fmts: string[] = [];
  list.forEach((bytes, i) => {
    try {
      fmts.push(checkFormat(bytes, null));
      todo.push(i);
    } catch (e) {
      out[i] = e as Error;
    }
  });
  const rs = todo.length ? native.imageDecodeMany(library, todo.map((i) => list[i]), fmts, mode, applyExifOrientation) : [];
  todo.forEach((i, k) => (out[i] = result(rs[k])));
  return out;
}
