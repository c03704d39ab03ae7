// torch.load: reads Python's torch.save zip format (the default since 1.6)
// with the restricted unpickler; storages are read straight from the zip (no
// second copy of the file), tensors that share a storage stay views of it.
import { readFileSync } from "fs";
import { inflateSync } from "fflate";
import { native, Handle } from "../native";
import { opId } from "../dispatch";
import { Tensor } from "../tensor";
import { Parameter } from "../nn/parameter";
import * as dt from "../dtype";
import { Device, describe } from "../device";
import { unpickle, StorageType, UnpicklingError } from "./pickle";

const STORAGE_DTYPES: Record<string, dt.dtype> = {
  FloatStorage: dt.float32, DoubleStorage: dt.float64, HalfStorage: dt.float16, BFloat16Storage: dt.bfloat16,
  LongStorage: dt.int64, IntStorage: dt.int32, ShortStorage: dt.int16, CharStorage: dt.int8, ByteStorage: dt.uint8,
  BoolStorage: dt.bool,
};
const AS_STRIDED = opId("as_strided");

interface ZipEntry { name: string; method: number; compSize: number; size: number; localOffset: number }

/** The central directory of a zip file (zip64 included); entries are read lazily. */
function readZip(buf: Uint8Array): Map<string, ZipEntry> {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const fail = (why: string): never => { throw new Error(`torch.load: not a valid torch.save file (${why})`); };
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (v.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) fail("no zip end-of-central-directory record; legacy (pre-1.6) files are not supported yet");
  let count = v.getUint16(eocd + 10, true);
  let cdOffset = v.getUint32(eocd + 16, true);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    const loc = eocd - 20;
    if (loc < 0 || v.getUint32(loc, true) !== 0x07064b50) fail("zip64 locator missing");
    const z64 = Number(v.getBigUint64(loc + 8, true));
    if (z64 + 56 > buf.length || v.getUint32(z64, true) !== 0x06064b50) fail("zip64 record missing");
    count = Number(v.getBigUint64(z64 + 32, true));
    cdOffset = Number(v.getBigUint64(z64 + 48, true));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || v.getUint32(p, true) !== 0x02014b50) fail("corrupt central directory");
    const method = v.getUint16(p + 10, true);
    let compSize = v.getUint32(p + 20, true), size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true), extraLen = v.getUint16(p + 30, true), commentLen = v.getUint16(p + 32, true);
    let localOffset = v.getUint32(p + 42, true);
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: sizes and offset that overflow 32 bits
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = v.getUint16(e, true), len = v.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) { size = Number(v.getBigUint64(q, true)); q += 8; }
        if (compSize === 0xffffffff) { compSize = Number(v.getBigUint64(q, true)); q += 8; }
        if (localOffset === 0xffffffff) { localOffset = Number(v.getBigUint64(q, true)); q += 8; }
      }
      e += 4 + len;
    }
    entries.set(name, { name, method, compSize, size, localOffset });
    p = eEnd + commentLen;
  }
  return entries;
}

function entryData(buf: Uint8Array, e: ZipEntry): Uint8Array {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const h = e.localOffset;
  if (h + 30 > buf.length || v.getUint32(h, true) !== 0x04034b50) throw new Error(`torch.load: corrupt zip entry ${e.name}`);
  const start = h + 30 + v.getUint16(h + 26, true) + v.getUint16(h + 28, true);
  if (start + e.compSize > buf.length) throw new Error(`torch.load: truncated zip entry ${e.name}`);
  const raw = buf.subarray(start, start + e.compSize); // no copy
  if (e.method === 0) return raw;
  if (e.method === 8) {
    // torch.save never compresses; a deflated entry may come from a re-zipped file. Refuse what
    // looks like a zip bomb before allocating: more than 1 GiB or a ratio over 1100:1.
    if (e.size > 2 ** 30 || e.size > 1100 * Math.max(1, e.compSize) + 2 ** 20)
      throw new Error(`torch.load: entry ${e.name} declares ${e.size} bytes from ${e.compSize} compressed (refused)`);
    const out = inflateSync(raw, { out: new Uint8Array(e.size) });
    if (out.length !== e.size) throw new Error(`torch.load: entry ${e.name} does not inflate to its declared size`);
    return out;
  }
  throw new Error(`torch.load: unsupported zip compression method ${e.method} in ${e.name}`);
}

export interface LoadOptions {
  /** Where tensors go: a device (string or torch.device); default: where they were saved, CPU here. */
  mapLocation?: string | Device | null;
  /** Only true is supported (the restricted unpickler), as Python's default. */
  weightsOnly?: boolean;
}

/**
 * torch.load(pathOrBuffer, { mapLocation, weightsOnly = true }): Python's
 * torch.save files (tensors of every dtype, nested objects, arrays, numbers,
 * strings, booleans, null, state dicts, checkpoints).
 */
export function load(source: string | Uint8Array, options: LoadOptions = {}): any {
  if (options.weightsOnly === false) throw new RangeError("torch.load: weightsOnly=false (arbitrary pickles) is not supported");
  const buf = typeof source === "string" ? readFileSync(source) : source;
  if (!(buf instanceof Uint8Array)) throw new TypeError(`torch.load(): expected a path or bytes, not ${describe(source)}`);
  const entries = readZip(buf);
  const pkl = [...entries.keys()].find((n) => n.endsWith("data.pkl") && n.split("/").length === 2);
  if (!pkl) throw new Error("torch.load: no data.pkl in the archive");
  const prefix = pkl.slice(0, -"data.pkl".length);
  const bo = entries.get(`${prefix}byteorder`);
  if (bo && new TextDecoder().decode(entryData(buf, bo)) !== "little") throw new Error("torch.load: big-endian files are not supported");
  const storages = new Map<string, Tensor>();
  const device = options.mapLocation ? String(options.mapLocation) : null;

  const persistentLoad = (pid: unknown): unknown => {
    if (!Array.isArray(pid) || pid[0] !== "storage" || !(pid[1] instanceof StorageType))
      throw new UnpicklingError(`Unsupported persistent id ${JSON.stringify(pid)}.`);
    const [, type, key, , numel] = pid as [string, StorageType, string, string, number];
    const d = STORAGE_DTYPES[type.name];
    if (!d) throw new UnpicklingError(`Unsupported storage type ${type.name}.`);
    if (typeof key !== "string" || !Number.isSafeInteger(numel) || numel < 0) throw new UnpicklingError("Bad storage id.");
    let s = storages.get(key);
    if (!s) {
      const e = entries.get(`${prefix}data/${key}`);
      if (!e) throw new Error(`torch.load: storage ${key} is missing from the archive`);
      const bytes = entryData(buf, e);
      if (bytes.length !== numel * d.itemsize) throw new Error(`torch.load: storage ${key} has ${bytes.length} bytes, expected ${numel * d.itemsize}`);
      s = new Tensor(native.fromRawBuffer(bytes, [numel], d.code));
      if (device && device !== "cpu") s = s.to(device);
      storages.set(key, s);
    }
    return s;
  };

  const rebuildTensor = (storage: unknown, offset: unknown, size: unknown, stride: unknown, requiresGrad: unknown) => {
    if (!(storage instanceof Tensor)) throw new UnpicklingError("_rebuild_tensor_v2 expects a storage.");
    const sz = size as number[], st = stride as number[], off = offset as number;
    if (!Array.isArray(sz) || !Array.isArray(st) || sz.length !== st.length || !Number.isSafeInteger(off))
      throw new UnpicklingError("Bad tensor metadata.");
    let maxIndex = off;
    for (let i = 0; i < sz.length; i++) if (sz[i] > 0) maxIndex += (sz[i] - 1) * st[i];
    if (sz.every((x) => x > 0) && maxIndex >= storage.numel()) throw new UnpicklingError("Tensor metadata points outside its storage.");
    const t = new Tensor(native.callOp(AS_STRIDED, storage._h, sz, st, off) as Handle);
    if (requiresGrad === true) t.requiresGrad_(true);
    return t;
  };

  const resolve = (module: string, name: string) => {
    const full = `${module}.${name}`;
    if (module === "torch" && name in STORAGE_DTYPES) return new StorageType(name);
    switch (full) {
      case "collections.OrderedDict":
        return (items?: unknown) => (items === undefined || (Array.isArray(items) && items.length === 0) ? {} : Object.fromEntries(items as [string, unknown][]));
      case "torch._utils._rebuild_tensor_v2":
        return rebuildTensor;
      case "torch._utils._rebuild_parameter":
        return (data: unknown, requiresGrad: unknown) => new Parameter(data as Tensor, requiresGrad !== false);
      case "torch._utils._rebuild_parameter_with_state":
        return (data: unknown, requiresGrad: unknown) => new Parameter(data as Tensor, requiresGrad !== false);
      case "builtins.set":
      case "builtins.frozenset":
        return (items?: unknown) => new Set((items as unknown[]) ?? []);
      case "torch.device":
        return (spec: unknown) => String(spec);
      default:
        throw new UnpicklingError(`Unsupported global: GLOBAL ${full} was not an allowed global by default.`);
    }
  };
  return unpickle(entryData(buf, entries.get(pkl)!), persistentLoad, resolve as never);
}
