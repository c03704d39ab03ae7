// safetensors: `import { saveFile, loadFile, save, load } from "torch-node/safetensors"`.
// The format of the safetensors Python package: an 8-byte little-endian header
// length, a JSON header ({ name: { dtype, shape, data_offsets } }, optional
// "__metadata__" of strings), then the raw little-endian bytes.
import { readFileSync, writeFileSync } from "fs";
import { native } from "./native";
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
  if (tensors === null || typeof tensors !== "object") throw new TypeError(`save(): tensors must be an object of Tensors, not ${describe(tensors)}`);
  const entries = Object.entries(tensors).map(([name, t]) => {
    if (!(t instanceof Tensor)) throw new TypeError(`save(): '${name}' is not a Tensor (${describe(t)})`);
    const code = byDtype.get(t.dtype);
    if (!code) throw new TypeError(`save(): dtype ${t.dtype} of '${name}' is not supported by safetensors here`);
    return { name, t, code };
  });
  entries.sort((a, b) => RANK.indexOf(a.code) - RANK.indexOf(b.code) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== "string") throw new TypeError(`save(): metadata values must be strings ('${k}' is ${describe(v)})`);
    header.__metadata__ = metadata;
  }
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const { name, t, code } of entries) {
    const bytes = Buffer.from(native.toRawBuffer(t._h));
    header[name] = { dtype: code, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([head, Buffer.from(json), ...chunks]);
}

/** load(bytes) -> { name: Tensor } (copies; the header is checked before any allocation). */
export function load(bytes: Uint8Array): Record<string, Tensor> {
  return parse(bytes).tensors;
}

/** The metadata of a safetensors file or buffer. */
export function metadata(bytes: Uint8Array): Record<string, string> | null {
  return parse(bytes).metadata;
}

function parse(bytes: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> | null } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`load(): expected bytes (Buffer or Uint8Array), not ${describe(bytes)}`);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8) throw new RangeError("safetensors: file too small for a header");
  const n = buf.readBigUInt64LE(0);
  if (n > BigInt(MAX_HEADER) || n > BigInt(buf.length - 8)) throw new RangeError("safetensors: header too large or truncated file");
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + Number(n)).toString("utf8"));
  } catch {
    throw new RangeError("safetensors: the header is not valid JSON");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new RangeError("safetensors: invalid header");
  const dataStart = 8 + Number(n);
  const dataLen = buf.length - dataStart;
  const tensors: Record<string, Tensor> = {};
  let meta: Record<string, string> | null = null;
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") {
      meta = info as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: off } = info as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const d = byName.get(dtype);
    if (!d) throw new RangeError(`safetensors: unsupported dtype ${String(dtype)} for '${name}'`);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new RangeError(`safetensors: invalid shape for '${name}'`);
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[0] > off[1] || off[1] > dataLen)
      throw new RangeError(`safetensors: invalid data_offsets for '${name}'`);
    const numel = shape.reduce((a, b) => a * b, 1);
    if (numel * d.itemsize !== off[1] - off[0]) throw new RangeError(`safetensors: '${name}' has ${off[1] - off[0]} bytes for shape [${shape}] of ${dtype}`);
    tensors[name] = new Tensor(native.fromRawBuffer(buf.subarray(dataStart + off[0], dataStart + off[1]), shape, d.code));
  }
  return { tensors, metadata: meta };
}

/** saveFile(tensors, path, metadata?) */
export function saveFile(tensors: Record<string, Tensor>, path: string, metadata?: Record<string, string> | null): void {
  writeFileSync(path, save(tensors, metadata));
}
/** loadFile(path) -> { name: Tensor } */
export function loadFile(path: string): Record<string, Tensor> {
  return load(readFileSync(path));
}
