// safetensors: `import { saveFile, loadFile, save, load } from "torch-node/safetensors"`.
// The format of the safetensors Python package: an 8-byte little-endian header
// length, a JSON header ({ name: { dtype, shape, data_offsets } }, optional
// "__metadata__" of strings), then the raw little-endian bytes.
import { readSync, closeSync } from "fs";
import { native, Handle } from "./native";
import { writeFileAtomic, openRegular } from "./serialization/files";
import { Tensor } from "./tensor";
import * as dt from "./dtype";
import { describe } from "./device";

const CODES: [string, dt.dtype][] = [
  ["I64", dt.int64], ["F64", dt.float64], ["F32", dt.float32], ["I32", dt.int32], ["BF16", dt.bfloat16],
  ["F16", dt.float16], ["I16", dt.int16], ["I8", dt.int8], ["U8", dt.uint8], ["BOOL", dt.bool],
];
const byName = new Map(CODES);
const byDtype = new Map(CODES.map(([n, d]) => [d, n]));
// data order of the reference implementation: larger dtypes first, then by name
const RANK = ["U64", "I64", "F64", "U32", "I32", "F32", "BF16", "F16", "U16", "I16", "U8", "I8", "BOOL"];
const MAX_HEADER = 100_000_000;

/** save(tensors, metadata?) -> bytes in the safetensors format. */
export function save(tensors: Record<string, Tensor>, metadata?: Record<string, string> | null): Buffer {
  const chunks: Uint8Array[] = [];
  write(plan(tensors, metadata), (b) => chunks.push(b));
  return Buffer.concat(chunks);
}

interface Entry { name: string; t: Tensor; code: string; nbytes: number }

/** The header (with its length prefix) and the tensors in data order; nothing is copied yet. */
function plan(tensors: Record<string, Tensor>, metadata?: Record<string, string> | null): { head: Buffer; entries: Entry[] } {
  if (tensors === null || typeof tensors !== "object") throw new TypeError(`save(): tensors must be an object of Tensors, not ${describe(tensors)}`);
  const entries = Object.entries(tensors).map(([name, t]) => {
    if (!(t instanceof Tensor)) throw new TypeError(`save(): '${name}' is not a Tensor (${describe(t)})`);
    const code = byDtype.get(t.dtype);
    if (!code) throw new TypeError(`save(): dtype ${t.dtype} of '${name}' is not supported by safetensors here`);
    return { name, t, code, nbytes: t.numel() * t.dtype.itemsize };
  });
  entries.sort((a, b) => RANK.indexOf(a.code) - RANK.indexOf(b.code) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== "string") throw new TypeError(`save(): metadata values must be strings ('${k}' is ${describe(v)})`);
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const { name, t, code, nbytes } of entries) {
    // defineProperty: a tensor named "__proto__" is a key like any other
    Object.defineProperty(header, name, {
      value: { dtype: code, shape: t.shape, data_offsets: [offset, offset + nbytes] }, enumerable: true, writable: true, configurable: true,
    });
    offset += nbytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.alloc(8 + Buffer.byteLength(json));
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  head.write(json, 8, "utf8");
  return { head, entries };
}

/** Bytes copied out of a tensor at a time while writing. */
const CHUNK = 16 * 2 ** 20;

/** Writes the header, then each tensor's bytes in pieces of at most CHUNK bytes. */
function write(p: ReturnType<typeof plan>, out: (b: Uint8Array) => void): void {
  out(p.head);
  for (const { t, nbytes } of p.entries) {
    if (nbytes <= CHUNK) {
      if (nbytes > 0) out(new Uint8Array(native.toRawBuffer(t._h)));
      continue;
    }
    const flat = t.reshape(-1);
    const step = Math.max(1, Math.floor(CHUNK / t.dtype.itemsize));
    for (let i = 0; i < flat.numel(); i += step) out(new Uint8Array(native.toRawBuffer(flat.narrow(0, i, Math.min(step, flat.numel() - i))._h)));
  }
}

/** load(bytes) -> { name: Tensor } (copies; the header is checked before any allocation). */
export function load(bytes: Uint8Array): Record<string, Tensor> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`load(): expected bytes (Buffer or Uint8Array), not ${describe(bytes)}`);
  const h = parseHeader(bytes, bytes.length);
  return build(h, (off, shape, code) => native.fromRawBuffer(bytes.subarray(h.dataStart + off[0], h.dataStart + off[1]), shape, code));
}

/** The metadata of a safetensors file or buffer. */
export function metadata(bytes: Uint8Array): Record<string, string> | null {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`metadata(): expected bytes (Buffer or Uint8Array), not ${describe(bytes)}`);
  return parseHeader(bytes, bytes.length).metadata;
}

interface TensorInfo { name: string; d: dt.dtype; shape: number[]; off: [number, number] }
interface Header { dataStart: number; infos: TensorInfo[]; metadata: Record<string, string> | null }

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const wellFormed = (s: string) => !/\p{Surrogate}/u.test(s);

/**
 * The checked header of a file of `total` bytes whose first bytes are `head`
 * (at least the 8-byte length and the header when the file has them). Refused
 * as the reference refuses: invalid UTF-8 or JSON, non-string metadata, offsets
 * with gaps or overlaps, bytes left over after the last tensor.
 */
function parseHeader(head: Uint8Array, total: number): Header {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (total < 8) throw new RangeError("safetensors: file too small for a header");
  const n = buf.readBigUInt64LE(0);
  if (n > BigInt(MAX_HEADER) || n > BigInt(total - 8)) throw new RangeError("safetensors: header too large or truncated file");
  let text: string;
  try {
    text = UTF8.decode(buf.subarray(8, 8 + Number(n)));
  } catch {
    throw new RangeError("safetensors: invalid UTF-8 in header");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new RangeError("safetensors: the header is not valid JSON");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new RangeError("safetensors: invalid header");
  const dataStart = 8 + Number(n);
  const dataLen = total - dataStart;
  const infos: TensorInfo[] = [];
  let meta: Record<string, string> | null = null;
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (!wellFormed(name)) throw new RangeError("safetensors: invalid JSON in header: a name holds a lone surrogate");
    if (name === "__metadata__") {
      if (info === null) continue;
      if (typeof info !== "object" || Array.isArray(info)) throw new RangeError("safetensors: invalid JSON in header: __metadata__ must map strings to strings");
      for (const [k, v] of Object.entries(info as object))
        if (typeof v !== "string" || !wellFormed(k) || !wellFormed(v))
          throw new RangeError(`safetensors: invalid JSON in header: __metadata__ value of '${k}' is not a string`);
      const m: Record<string, string> = {};
      for (const [k, v] of Object.entries(info as object)) Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
      meta = m;
      continue;
    }
    if (info === null || typeof info !== "object") throw new RangeError(`safetensors: invalid entry for '${name}'`);
    const { dtype, shape, data_offsets: off } = info as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const d = byName.get(dtype);
    if (!d) throw new RangeError(`safetensors: unsupported dtype ${String(dtype)} for '${name}'`);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new RangeError(`safetensors: invalid shape for '${name}'`);
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[0] > off[1] || off[1] > dataLen)
      throw new RangeError(`safetensors: invalid data_offsets for '${name}'`);
    const numel = shape.reduce((a, b) => a * b, 1);
    if (numel * d.itemsize !== off[1] - off[0]) throw new RangeError(`safetensors: '${name}' has ${off[1] - off[0]} bytes for shape [${shape}] of ${dtype}`);
    infos.push({ name, d, shape, off });
  }
  // the reference's validate(): in offset order, each tensor starts where the one before ends
  // and the last one ends where the file does
  const sorted = [...infos].sort((a, b) => a.off[0] - b.off[0] || a.off[1] - b.off[1]);
  let at = 0;
  for (const t of sorted) {
    if (t.off[0] !== at) throw new RangeError(`safetensors: invalid offset for tensor \`${t.name}\` (gap or overlap)`);
    at = t.off[1];
  }
  if (at !== dataLen) throw new RangeError("safetensors: incomplete metadata, file not fully covered");
  return { dataStart, infos, metadata: meta };
}

/** The tensors of a checked header, in the header's order; a tensor named "__proto__" is kept as one. */
function build(h: Header, make: (off: [number, number], shape: number[], code: number) => Handle): Record<string, Tensor> {
  const tensors: Record<string, Tensor> = {};
  for (const { name, d, shape, off } of h.infos)
    Object.defineProperty(tensors, name, { value: new Tensor(make(off, shape, d.code)), enumerable: true, writable: true, configurable: true });
  return tensors;
}

/** saveFile(tensors, path, metadata?): written to a temporary file, then renamed over `path` (atomic). */
export function saveFile(tensors: Record<string, Tensor>, path: string, metadata?: Record<string, string> | null): void {
  if (typeof path !== "string") throw new TypeError(`saveFile(): filename must be a path string, not ${describe(path)}`);
  const p = plan(tensors, metadata);
  writeFileAtomic(path, "safetensors.saveFile", (sink) => write(p, (b) => sink.write(b)));
}

/** loadFile(path) -> { name: Tensor }: each tensor read from the file straight into its memory. */
export function loadFile(path: string): Record<string, Tensor> {
  if (typeof path !== "string") throw new TypeError(`loadFile(): filename must be a path string, not ${describe(path)}`);
  const { fd, size } = openRegular(path, "safetensors.loadFile");
  try {
    const first = Buffer.alloc(Math.min(size, 8));
    readSync(fd, first, 0, first.length, 0);
    let head = first;
    if (size >= 8) {
      const n = first.readBigUInt64LE(0);
      if (n <= BigInt(Math.min(MAX_HEADER, size - 8))) {
        head = Buffer.alloc(8 + Number(n));
        let got = 0;
        while (got < head.length) {
          const r = readSync(fd, head, got, head.length - got, got);
          if (r <= 0) break;
          got += r;
        }
      }
    }
    const h = parseHeader(head, size);
    return build(h, (off, shape, code) => native.fromFile(fd, h.dataStart + off[0], shape, code));
  } finally {
    closeSync(fd);
  }
}
