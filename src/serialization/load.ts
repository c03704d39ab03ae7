// torch.load: reads Python's torch.save zip format (the default since 1.6) and
// the legacy format (`_use_new_zipfile_serialization=False`: several pickles in
// a row, then the raw storages), with the restricted unpickler. Zip storages are
// read straight from the archive; tensors that share a storage stay views of it.
import { closeSync, readSync } from "fs";
import { inflateRawSync } from "zlib";
import { native, Handle } from "../native";
import { opId } from "../dispatch";
import { Tensor } from "../tensor";
import { Parameter } from "../nn/parameter";
import { empty } from "../creation";
import * as dt from "../dtype";
import { Device, device as toDevice, describe } from "../device";
import { isOptions } from "../args";
import { layout, sparseCoo, sparseCsr, sparseCsc, sparseBsr, sparseBsc, isCompressed } from "../layout";
import { sparseCooTensor, sparseCompressedTensor, validateSparse } from "../sparse";
import { unpickleAt, StorageType, UnpicklingError, PickleBudget, DEFAULT_PICKLE_LIMITS, PickleLimits } from "./pickle";
import { openRegular, readOpen } from "./files";
import { loadFile } from "../safetensors";

// a Map: names are looked up as entries, never through a prototype chain ("constructor", "__proto__")
const STORAGE_DTYPES = new Map<string, dt.dtype>([
  ["FloatStorage", dt.float32], ["DoubleStorage", dt.float64], ["HalfStorage", dt.float16], ["BFloat16Storage", dt.bfloat16],
  ["LongStorage", dt.int64], ["IntStorage", dt.int32], ["ShortStorage", dt.int16], ["CharStorage", dt.int8], ["ByteStorage", dt.uint8],
  ["BoolStorage", dt.bool], ["ComplexFloatStorage", dt.complex64], ["ComplexDoubleStorage", dt.complex128],
  ["UntypedStorage", dt.uint8],
]);
const AS_STRIDED = opId("as_strided");
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL_VERSION = 1001;
const CPU_ONLY_HINT =
  "If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.";

const invalid = (why: string): never => {
  throw new Error(`torch.load: not a valid torch.save file (${why})`);
};

// ---------------------------------------------------------------- zip reading

interface ZipEntry { name: string; method: number; compSize: number; size: number; localOffset: number }

/**
 * The bytes of an archive: in memory (reads are views, no copy) or an open
 * file (each read copies just that range), so a large checkpoint loaded from a
 * path is read one storage at a time instead of being held whole beside its
 * tensors.
 */
interface Bytes {
  readonly length: number;
  /** The open file, when the bytes are one (storages are then read straight into tensors). */
  readonly fd?: number;
  /** The bytes [offset, offset + len), cut short at the end. */
  read(offset: number, len: number): Uint8Array;
}
function memoryBytes(b: Uint8Array): Bytes {
  return { length: b.length, read: (o, n) => b.subarray(o, Math.min(b.length, o + n)) };
}
function fileBytes(fd: number, size: number): Bytes {
  return {
    length: size,
    fd,
    read(o, n) {
      const len = Math.max(0, Math.min(n, size - o));
      const out = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const r = readSync(fd, out, got, len - got, o + got);
        if (r <= 0) break;
        got += r;
      }
      return got === len ? out : out.subarray(0, got);
    },
  };
}

/** The central directory of a zip file (zip64 included); entries are read lazily. */
function readZip(src: Bytes): Map<string, ZipEntry> {
  // The end records and the central directory are at the end of the file:
  // `buf` holds the bytes from absolute offset `base` to the end.
  let base = Math.max(0, src.length - (22 + 65535 + 20));
  let buf = src.read(base, src.length - base);
  let v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u64 = (p: number, what: string): number => {
    if (p < base || p - base + 8 > buf.length) invalid(`truncated ${what}`);
    const x = v.getBigUint64(p - base, true);
    if (x > BigInt(Number.MAX_SAFE_INTEGER)) invalid(`${what} out of range`);
    return Number(x);
  };
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (v.getUint32(i, true) === 0x06054b50) { eocd = i + base; break; }
  }
  if (eocd < 0) invalid("no zip end-of-central-directory record");
  let count = v.getUint16(eocd - base + 10, true);
  let cdOffset = v.getUint32(eocd - base + 16, true);
  // zip64: a locator right before the end record points at the zip64 end record, whose values win
  // (PyTorch always writes one; Python's zipfile when something passes the 32-bit limits)
  const loc = eocd - 20;
  if (loc >= base && v.getUint32(loc - base, true) === 0x07064b50) {
    const z64 = u64(loc + 8, "zip64 locator");
    if (z64 + 56 > src.length) invalid("zip64 record missing");
    if (z64 < base) {
      // the zip64 record (and the directory before it) lie before what was read: read from there
      base = z64;
      buf = src.read(base, src.length - base);
      v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    if (v.getUint32(z64 - base, true) !== 0x06064b50) invalid("zip64 record missing");
    count = u64(z64 + 32, "zip64 record");
    cdOffset = u64(z64 + 48, "zip64 record");
  } else if (cdOffset === 0xffffffff || count === 0xffff || v.getUint32(eocd - base + 12, true) === 0xffffffff) {
    invalid("zip64 locator missing");
  }
  if (cdOffset > src.length) invalid("corrupt central directory");
  if (cdOffset < base) {
    base = cdOffset;
    buf = src.read(base, src.length - base);
    v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset - base;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || v.getUint32(p, true) !== 0x02014b50) invalid("corrupt central directory");
    const method = v.getUint16(p + 10, true);
    let compSize = v.getUint32(p + 20, true), size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true), extraLen = v.getUint16(p + 30, true), commentLen = v.getUint16(p + 32, true);
    let localOffset = v.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen + commentLen > buf.length) invalid("corrupt central directory");
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen));
    // zip64 extended information: the fields that are 0xffffffff above, in this order
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = v.getUint16(e, true), len = v.getUint16(e + 2, true);
      if (e + 4 + len > eEnd) invalid(`corrupt extra field of ${name}`);
      if (id === 0x0001) {
        let q = e + 4;
        const next = (): number => {
          if (q + 8 > e + 4 + len) invalid(`short zip64 extra field of ${name}`);
          return (q += 8), u64(q - 8 + base, "zip64 extra field");
        };
        if (size === 0xffffffff) size = next();
        if (compSize === 0xffffffff) compSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      e += 4 + len;
    }
    entries.set(name, { name, method, compSize, size, localOffset });
    p = eEnd + commentLen;
  }
  return entries;
}

/** Where an entry's data starts, after checking its local header and its extent. */
function entryStart(src: Bytes, e: ZipEntry): number {
  const h = e.localOffset;
  const head = src.read(h, 30);
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 30 || v.getUint32(0, true) !== 0x04034b50) throw new Error(`torch.load: corrupt zip entry ${e.name}`);
  const start = h + 30 + v.getUint16(26, true) + v.getUint16(28, true);
  if (start + e.compSize > src.length) throw new Error(`torch.load: truncated zip entry ${e.name}`);
  if (e.method === 0 && e.size !== e.compSize) throw new Error(`torch.load: corrupt zip entry ${e.name} (stored sizes differ)`);
  return start;
}

function checkRatio(e: ZipEntry): void {
  if (e.size > 1100 * Math.max(1, e.compSize) + 2 ** 20)
    throw new Error(`torch.load: entry ${e.name} declares ${e.size} bytes from ${e.compSize} compressed (refused)`);
}

function entryData(src: Bytes, e: ZipEntry, limits: FileLimits): Uint8Array {
  const start = entryStart(src, e);
  if (e.method === 8) {
    // torch.save never compresses; a deflated entry may come from a re-zipped file. Refuse what
    // looks like a zip bomb before allocating: a ratio over 1100:1 (deflate reaches 1032:1), or more
    // than maxInflatedBytes inflated from the whole file (all its entries together)
    checkRatio(e);
    limits.inflated += e.size;
    if (limits.inflated > limits.maxInflatedBytes)
      throw new Error(
        `torch.load: the compressed entries of this file inflate to more than ${limits.maxInflatedBytes} bytes (at ${e.name}; refused: the maxInflatedBytes limit of torch.load)`,
      );
  } else if (e.method !== 0) {
    throw new Error(`torch.load: unsupported zip compression method ${e.method} in ${e.name}`);
  }
  const raw = src.read(start, e.compSize); // a view for bytes in memory
  if (e.method === 0) return raw;
  // zlib (native): never more than the declared size is produced
  let out: Uint8Array;
  try {
    out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    throw new Error(`torch.load: entry ${e.name} does not inflate to its declared size (${(err as Error).message})`);
  }
  if (out.length !== e.size) throw new Error(`torch.load: entry ${e.name} does not inflate to its declared size`);
  return out;
}

/** The limits of one file being read, and what it has used of them. */
interface FileLimits { maxInflatedBytes: number; inflated: number; pickle: PickleBudget }

/** Python's rule (the archive's folder is the first entry's), and no entry outside that folder, absolute or with "..". */
function archivePrefix(entries: Map<string, ZipEntry>): string {
  const names = [...entries.keys()];
  if (names.length === 0) throw new Error("torch.load: archive does not contain any files");
  const slash = names[0].indexOf("/");
  if (slash < 0) throw new Error(`torch.load: file in archive is not in a subdirectory: ${names[0]}`);
  const prefix = names[0].slice(0, slash + 1);
  for (const n of names)
    if (!n.startsWith(prefix) || n.startsWith("/") || /^[A-Za-z]:/.test(n) || n.split(/[\\/]/).some((c) => c === ".." || c === "."))
      throw new Error(`torch.load: zip entry '${n}' lies outside the archive's folder '${prefix}' (refused)`);
  return prefix;
}

// ---------------------------------------------------------------- map_location

/** Python's map_location: a device, a {saved location: new location} mapping, or a function. */
export type MapLocation =
  | string
  | Device
  | Record<string, string | Device>
  | Map<string, string | Device>
  | ((storage: Tensor, location: string) => Tensor | null | undefined)
  | null;

type Restore = (storage: Tensor, location: string) => Tensor;

const LOCATION_RE = /^(cpu|cuda|mps|meta|xpu|hpu|mtia|privateuseone|ipu|xla|lazy|vulkan|maia)(:\d+)?$/;

/** Python's default_restore_location: the registered deserializers tried in order. */
function defaultRestore(storage: Tensor, location: string): Tensor {
  if (location === "cpu") return storage;
  const backend = (name: string) => location === name || new RegExp(`^${name}(:|[0-9]+)`).test(location);
  if (backend("cuda")) {
    if (!native.cudaIsAvailable())
      throw new Error(`Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. ${CPU_ONLY_HINT}`);
    const d = toDevice(location);
    const index = d.index ?? 0;
    const count = native.cudaDeviceCount();
    if (index >= count)
      throw new Error(
        `Attempting to deserialize object on CUDA device ${index} but torch.cuda.device_count() is ${count}. Please use torch.load with map_location to map your storages to an existing device.`,
      );
    return storage.to(`cuda:${index}`);
  }
  if (location.startsWith("mps")) return storage.to("mps");
  if (location === "meta") return empty([storage.numel()], { dtype: storage.dtype, device: "meta" });
  for (const name of ["privateuseone", "hpu"])
    if (backend(name))
      throw new Error(`The ${name.toUpperCase()} device module is not registered. ${CPU_ONLY_HINT}`);
  for (const name of ["xpu", "mtia"])
    if (backend(name))
      throw new Error(
        `Attempting to deserialize object on a ${name.toUpperCase()} device but torch.${name}.is_available() is False. ${CPU_ONLY_HINT}`,
      );
  throw new Error(`don't know how to restore data location of torch.storage.UntypedStorage (tagged with ${location})`);
}

/** Python's _get_restore_location. */
function restoreFor(mapLocation: unknown): Restore {
  if (mapLocation === null || mapLocation === undefined) return defaultRestore;
  if (typeof mapLocation === "string") return (s) => defaultRestore(s, mapLocation);
  if (mapLocation instanceof Device) return (s) => defaultRestore(s, String(mapLocation));
  if (typeof mapLocation === "function") {
    return (s, location) => {
      const r = (mapLocation as (s: Tensor, l: string) => unknown)(s, location);
      if (r === null || r === undefined) return defaultRestore(s, location);
      if (!(r instanceof Tensor) || r.dtype !== s.dtype || r.dim() !== 1 || r.numel() !== s.numel())
        throw new TypeError(`torch.load(): map_location must return the storage it was given (moved), or null, not ${describe(r)}`);
      return r;
    };
  }
  if (mapLocation instanceof Map || isOptions(mapLocation)) {
    const m = mapLocation instanceof Map ? mapLocation : new Map(Object.entries(mapLocation));
    for (const [k, x] of m)
      if (typeof x !== "string" && !(x instanceof Device))
        throw new TypeError(`torch.load(): map_location['${String(k)}'] must be a location string, not ${describe(x)}`);
    return (s, location) => defaultRestore(s, m.has(location) ? String(m.get(location)) : location);
  }
  throw new TypeError(`torch.load(): argument 'map_location' must be a str, torch.device, dict or function, not ${describe(mapLocation)}`);
}

const isMeta = (m: unknown) => m === "meta" || (m instanceof Device && m.type === "meta");

// ---------------------------------------------------------------- the unpickler's globals

const LAYOUTS = new Map([sparseCoo, sparseCsr, sparseCsc, sparseBsr, sparseBsc].map((l) => [l.name, l]));

/**
 * torch._utils._rebuild_sparse_tensor(layout, data): a COO tensor from (indices, values, size[, is_coalesced]),
 * a compressed one from (compressed indices, plain indices, values, size). As in Python, the tensors are
 * checked once the whole file is read (a legacy file's storages come after the pickle); unlike Python,
 * always (Python checks only under torch.sparse.check_sparse_tensor_invariants): a file with indices out
 * of range must not make a tensor that crashes later kernels.
 */
function rebuildSparse(made: Tensor[]) {
  return (l: unknown, data: unknown): Tensor => {
    if (!Array.isArray(data)) throw new UnpicklingError("_rebuild_sparse_tensor expects a tuple.");
    let t: Tensor;
    if (l === sparseCoo) {
      if (data.length !== 3 && data.length !== 4) throw new UnpicklingError("_rebuild_sparse_tensor expects (indices, values, size[, is_coalesced]).");
      const [indices, values, size, isCoalesced = null] = data;
      if (!(indices instanceof Tensor) || !(values instanceof Tensor)) throw new UnpicklingError("_rebuild_sparse_tensor expects tensors.");
      t = sparseCooTensor(indices, values, size, { isCoalesced: typeof isCoalesced === "boolean" ? isCoalesced : null, checkInvariants: false });
    } else if (l instanceof layout && isCompressed(l)) {
      if (data.length !== 4) throw new UnpicklingError("_rebuild_sparse_tensor expects (compressed_indices, plain_indices, values, size).");
      const [c, p, values, size] = data;
      if (!(c instanceof Tensor) || !(p instanceof Tensor) || !(values instanceof Tensor)) throw new UnpicklingError("_rebuild_sparse_tensor expects tensors.");
      t = sparseCompressedTensor(c, p, values, size, { layout: l, checkInvariants: false });
    } else {
      throw new UnpicklingError(`rebuilding sparse tensor for layout ${String(l)}`);
    }
    made.push(t);
    return t;
  };
}

/** Python's _validate_loaded_sparse_tensors: the invariants of each sparse tensor read (not on the meta device). */
function validateLoadedSparse(made: Tensor[]): void {
  for (const t of made) if (t.device.type !== "meta") validateSparse(t);
}

/** The allowed globals: Python's weights_only set, the parts a checkpoint of torch-node's types needs. */
function resolver(sparse: Tensor[]) {
  const rebuildTensor = (storage: unknown, offset: unknown, size: unknown, stride: unknown, requiresGrad?: unknown) => {
    if (!(storage instanceof Tensor)) throw new UnpicklingError("_rebuild_tensor_v2 expects a storage.");
    const sz = size as number[], st = stride as number[], off = offset as number;
    if (!Array.isArray(sz) || !Array.isArray(st) || sz.length !== st.length || !Number.isSafeInteger(off) || off < 0 ||
        !sz.every((x) => Number.isSafeInteger(x) && x >= 0) || !st.every((x) => Number.isSafeInteger(x) && x >= 0))
      throw new UnpicklingError("Bad tensor metadata.");
    let maxIndex = off;
    for (let i = 0; i < sz.length; i++) if (sz[i] > 0) maxIndex += (sz[i] - 1) * st[i];
    if (sz.every((x) => x > 0) && maxIndex >= storage.numel()) throw new UnpicklingError("Tensor metadata points outside its storage.");
    // a storage may be a slice of a bigger one (legacy view_metadata): offsets are relative to it
    const t = new Tensor(native.callOp(AS_STRIDED, storage._h, sz, st, off + storage.storageOffset()) as Handle);
    if (requiresGrad === true) t.requiresGrad_(true);
    return t;
  };
  return (module: string, name: string) => {
    const full = `${module}.${name}`;
    if ((module === "torch" || module === "torch.cuda") && STORAGE_DTYPES.has(name) && name !== "UntypedStorage") return new StorageType(name);
    switch (full) {
      case "torch.UntypedStorage":
      case "torch.storage.UntypedStorage":
        return new StorageType("UntypedStorage");
      case "collections.OrderedDict":
        return (items?: unknown) => (items === undefined || (Array.isArray(items) && items.length === 0) ? {} : Object.fromEntries(items as [string, unknown][]));
      case "torch._utils._rebuild_tensor":
        return (s: unknown, off: unknown, size: unknown, stride: unknown) => rebuildTensor(s, off, size, stride);
      case "torch._utils._rebuild_tensor_v2":
        return rebuildTensor;
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state":
        return (data: unknown, requiresGrad: unknown) => {
          if (!(data instanceof Tensor)) throw new UnpicklingError("_rebuild_parameter expects a tensor.");
          return new Parameter(data, requiresGrad !== false);
        };
      case "collections.Counter":
        // a Map, as torch-node's MultiStepLR keeps its milestones; pickled dict keys that are ints come back as numbers
        return (items?: unknown) => {
          if (items instanceof Map) return new Map(items);
          const entries = items && typeof items === "object" ? Object.entries(items as object) : [];
          return new Map(entries.map(([k, v]) => [/^-?\d+$/.test(k) ? Number(k) : k, v]));
        };
      case "builtins.set":
      case "builtins.frozenset":
        return (items?: unknown) => new Set((items as unknown[]) ?? []);
      case "torch.device":
        return (spec: unknown) => String(spec);
      case "torch.Size":
        return (dims?: unknown) => {
          if (dims !== undefined && (!Array.isArray(dims) || !dims.every((x) => Number.isSafeInteger(x) && x >= 0)))
            throw new UnpicklingError("Bad torch.Size.");
          return [...((dims as number[] | undefined) ?? [])];
        };
      case "torch.serialization._get_layout":
        return (name: unknown) => {
          const l = typeof name === "string" && name.startsWith("torch.") ? LAYOUTS.get(name.slice(6)) : undefined;
          if (!l) throw new UnpicklingError(`Unknown layout ${describe(name)}.`);
          return l;
        };
      case "torch._utils._rebuild_sparse_tensor":
        return rebuildSparse(sparse);
      default:
        throw new UnpicklingError(`Unsupported global: GLOBAL ${full} was not an allowed global by default.`);
    }
  };
}

function storageDtype(pid: unknown[]): dt.dtype {
  const type = pid[1];
  if (!(type instanceof StorageType)) throw new UnpicklingError(`Unsupported persistent id ${describePid(pid)}.`);
  return STORAGE_DTYPES.get(type.name)!;
}
const describePid = (pid: unknown) => {
  try {
    return JSON.stringify(pid, (_k, x) => (typeof x === "bigint" ? String(x) : x instanceof StorageType ? x.name : x));
  } catch {
    return describe(pid);
  }
};

// ---------------------------------------------------------------- the zip format

function loadZip(buf: Bytes, mapLocation: unknown, limits: FileLimits): unknown {
  const entries = readZip(buf);
  const prefix = archivePrefix(entries);
  // what the compressed entries declare, all together, before anything is inflated
  let declared = 0;
  for (const e of entries.values()) {
    if (e.method !== 8) continue;
    checkRatio(e);
    declared += e.size;
  }
  if (declared > limits.maxInflatedBytes)
    throw new Error(
      `torch.load: the compressed entries of this file declare ${declared} bytes, more than ${limits.maxInflatedBytes} (refused: the maxInflatedBytes limit of torch.load)`,
    );
  const pkl = `${prefix}data.pkl`;
  if (!entries.has(pkl)) throw new Error("torch.load: no data.pkl in the archive");
  if (entries.has(`${prefix}constants.pkl`))
    throw new Error("Cannot use ``weights_only=True`` with TorchScript archives passed to ``torch.load``.");
  const bo = entries.get(`${prefix}byteorder`);
  const byteorder = bo ? new TextDecoder().decode(entryData(buf, bo, limits)) : "little";
  if (byteorder !== "little" && byteorder !== "big") throw new Error(`Unknown endianness type: ${byteorder}`);
  const restore = restoreFor(mapLocation);
  const meta = isMeta(mapLocation);
  const storages = new Map<string, Tensor>();

  const persistentLoad = (pid: unknown): unknown => {
    if (!Array.isArray(pid)) throw new UnpicklingError(`Unsupported persistent id ${describePid(pid)}.`);
    if (pid[0] !== "storage") throw new Error(`Unknown typename for persistent_load, expected 'storage' but got '${String(pid[0])}'`);
    const d = storageDtype(pid);
    const [, , key, location, numel] = pid as [string, StorageType, string, string, number];
    if (typeof key !== "string" || typeof location !== "string" || !Number.isSafeInteger(numel) || numel < 0)
      throw new UnpicklingError("Bad storage id.");
    let s = storages.get(key);
    if (!s) {
      const e = entries.get(`${prefix}data/${key}`);
      if (!e) throw new Error(`torch.load: storage ${key} is missing from the archive`);
      if (e.size !== numel * d.itemsize) throw new Error(`torch.load: storage ${key} has ${e.size} bytes, expected ${numel * d.itemsize}`);
      if (meta) s = empty([numel], { dtype: d, device: "meta" });
      else if (buf.fd !== undefined && e.method === 0 && (byteorder === "little" || d.itemsize === 1)) {
        // from a path: read straight into the tensor's memory (one copy of the storage)
        s = restore(new Tensor(native.fromFile(buf.fd, entryStart(buf, e), [numel], d.code)), location);
      } else {
        let bytes = entryData(buf, e, limits);
        if (byteorder === "big" && d.itemsize > 1) bytes = byteswap(bytes, d.isComplex ? d.itemsize / 2 : d.itemsize);
        s = restore(new Tensor(native.fromRawBuffer(bytes, [numel], d.code)), location);
      }
      storages.set(key, s);
    } else if (s.dtype !== d) {
      throw new Error(`torch.load: storage ${key} is read as ${d} and as ${s.dtype}`);
    }
    return s;
  };
  const sparse: Tensor[] = [];
  const value = unpickleAt(entryData(buf, entries.get(pkl)!, limits), 0, persistentLoad, resolver(sparse) as never, limits.pickle).value;
  validateLoadedSparse(sparse);
  return value;
}

function byteswap(b: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i += size) for (let k = 0; k < size; k++) out[i + k] = b[i + size - 1 - k];
  return out;
}

// ---------------------------------------------------------------- the legacy format

function loadLegacy(buf: Uint8Array, mapLocation: unknown, limits: FileLimits): unknown {
  const noGlobals = (module: string, name: string) => {
    throw new UnpicklingError(`Unsupported global: GLOBAL ${module}.${name} was not an allowed global by default.`);
  };
  const noPersistent = () => {
    throw new UnpicklingError("A persistent id outside the main pickle.");
  };
  let pos = 0;
  const next = (persistentLoad: (pid: unknown) => unknown = noPersistent, resolve: unknown = noGlobals) => {
    const r = unpickleAt(buf, pos, persistentLoad, resolve as never, limits.pickle);
    pos = r.end;
    return r.value;
  };
  let magic: unknown;
  try {
    magic = next();
  } catch {
    invalid("neither a zip archive nor a legacy torch.save file");
  }
  if (magic !== LEGACY_MAGIC) throw new Error("Invalid magic number; corrupt file?");
  const version = next();
  if (version !== LEGACY_PROTOCOL_VERSION) throw new Error(`Invalid protocol version: ${String(version)}`);
  next(); // sys_info: {protocol_version, little_endian, type_sizes}; the storages are little-endian whatever it says

  const restore = restoreFor(mapLocation);
  const meta = isMeta(mapLocation);
  // root storages by key: the allocated (restored) tensor and the bytes it takes in the file
  const roots = new Map<string, { storage: Tensor; dtype: dt.dtype; numel: number }>();
  const views = new Map<string, Tensor>();
  let declared = 0; // bytes of all storages so far: they must fit in what is left of the file
  const persistentLoad = (pid: unknown): unknown => {
    if (!Array.isArray(pid)) throw new UnpicklingError(`Unsupported persistent id ${describePid(pid)}.`);
    if (pid[0] === "module") throw new UnpicklingError("Unsupported persistent id: a pickled nn.Module class.");
    if (pid[0] !== "storage") throw new Error(`Unknown saved id type: ${String(pid[0])}`);
    if (pid.length !== 6) throw new UnpicklingError("Bad storage id.");
    const d = storageDtype(pid);
    const [, , key, location, numel, viewMetadata] = pid as [string, StorageType, string, string, number, unknown];
    if (typeof key !== "string" || typeof location !== "string" || !Number.isSafeInteger(numel) || numel < 0)
      throw new UnpicklingError("Bad storage id.");
    let root = roots.get(key);
    if (!root) {
      declared += numel * d.itemsize + 8;
      if (declared > buf.length - pos)
        throw new Error(`torch.load: storage ${key} declares ${numel * d.itemsize} bytes, more than the file holds (refused)`);
      const cpu = empty([numel], { dtype: d });
      root = { storage: meta ? empty([numel], { dtype: d, device: "meta" }) : restore(cpu, location), dtype: d, numel };
      roots.set(key, root);
    } else if (root.dtype !== d) {
      throw new Error(`torch.load: storage ${key} is read as ${d} and as ${root.dtype}`);
    }
    if (viewMetadata === null || viewMetadata === undefined) return root.storage;
    // an old file's storage view: (view key, offset, size) in elements of the root
    const [viewKey, offset, viewSize] = viewMetadata as [string, number, number];
    if (!Array.isArray(viewMetadata) || typeof viewKey !== "string" || !Number.isSafeInteger(offset) || !Number.isSafeInteger(viewSize) ||
        offset < 0 || viewSize < 0 || offset + viewSize > root.numel)
      throw new UnpicklingError("Bad storage view metadata.");
    let view = views.get(viewKey);
    if (!view) views.set(viewKey, (view = root.storage.narrow(0, offset, viewSize)));
    return view;
  };
  const sparse: Tensor[] = [];
  const result = next(persistentLoad, resolver(sparse));
  const keys = next();
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) throw new UnpicklingError("The storage keys must be a list of str.");
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const key of keys as string[]) {
    const root = roots.get(key);
    if (!root) throw new Error(`storage key '${key}' not found in deserialized_objects`);
    if (pos + 8 > buf.length) throw new Error(`torch.load: truncated file (storage ${key})`);
    const count = v.getBigInt64(pos, true);
    pos += 8;
    const nbytes = BigInt(root.numel * root.dtype.itemsize);
    if (count * BigInt(root.dtype.itemsize) !== nbytes)
      throw new Error(`storage has wrong byte size: expected ${count * BigInt(root.dtype.itemsize)} got ${nbytes}`);
    const n = Number(nbytes);
    if (pos + n > buf.length) throw new Error(`torch.load: truncated file (storage ${key})`);
    if (!meta && root.numel > 0) {
      const data = new Tensor(native.fromRawBuffer(buf.subarray(pos, pos + n), [root.numel], root.dtype.code));
      root.storage.copy_(data);
    }
    pos += n;
  }
  validateLoadedSparse(sparse);
  return result;
}

// ---------------------------------------------------------------- torch.load

export interface LoadOptions {
  /** Where storages go: a device (string or torch.device), a {saved: new} location mapping, or a function. */
  mapLocation?: MapLocation;
  /** Only null/undefined: the pickle module is the restricted unpickler. */
  pickleModule?: null;
  /** Only true is supported (the restricted unpickler), as Python's default. */
  weightsOnly?: boolean | null;
  /** Accepted for paths of zip files; the file is read, not mapped. */
  mmap?: boolean | null;
  /** Bytes that a file's compressed (deflated) zip entries may inflate to, all together (default 2 ** 30). */
  maxInflatedBytes?: number;
  /** Pickle opcodes a file may run, all its pickles together (default 2 ** 25). */
  maxPickleOps?: number;
  /** Values (and marks) the unpickler's stack may hold at once (default 2 ** 22). */
  maxPickleStack?: number;
  /** Entries of the unpickler's memo (default 2 ** 22). */
  maxPickleMemo?: number;
}

/** The default limits of torch.load on one file (each overridable by the option of the same name). */
export const LOAD_LIMITS = Object.freeze({
  maxInflatedBytes: 2 ** 30,
  maxPickleOps: DEFAULT_PICKLE_LIMITS.maxOps,
  maxPickleStack: DEFAULT_PICKLE_LIMITS.maxStack,
  maxPickleMemo: DEFAULT_PICKLE_LIMITS.maxMemo,
});
const LIMIT_NAMES = Object.keys(LOAD_LIMITS) as (keyof typeof LOAD_LIMITS)[];

const OPTION_NAMES = ["mapLocation", "pickleModule", "weightsOnly", "mmap", ...LIMIT_NAMES];

/** The limits for one file: the options given (a positive integer, or Infinity), the defaults otherwise. */
function fileLimits(opts: Record<string, unknown>): FileLimits {
  const v = {} as Record<keyof typeof LOAD_LIMITS, number>;
  for (const k of LIMIT_NAMES) {
    const x = opts[k];
    if (x === undefined || x === null) v[k] = LOAD_LIMITS[k];
    else if (typeof x !== "number" || !(Number.isSafeInteger(x) || x === Infinity) || x <= 0)
      throw new TypeError(`load(): option '${k}' must be a positive integer or Infinity, not ${describe(x)}`);
    else v[k] = x;
  }
  const pickle: PickleLimits = { maxOps: v.maxPickleOps, maxStack: v.maxPickleStack, maxMemo: v.maxPickleMemo };
  return { maxInflatedBytes: v.maxInflatedBytes, inflated: 0, pickle: new PickleBudget(pickle) };
}

/** A readable stream or any async iterable of byte chunks. */
export type ByteSource = AsyncIterable<Uint8Array>;
const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  v !== null && typeof v === "object" && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";

function parseArgs(rest: unknown[]): { mapLocation: unknown; weightsOnly: unknown; mmap: unknown; pickleModule: unknown; limits: () => FileLimits } {
  // torch.load(f, {"cuda:1": "cuda:0"}): a plain location mapping given positionally, as in Python
  const last = rest[rest.length - 1];
  let opts: Record<string, unknown> = {};
  let pos = rest;
  if (rest.length > 0 && isOptions(last)) {
    const keys = Object.keys(last);
    const isMapping = rest.length === 1 && keys.length > 0 && keys.every((k) => LOCATION_RE.test(k));
    if (!isMapping) {
      opts = last as Record<string, unknown>;
      pos = rest.slice(0, -1);
    }
  }
  if (pos.length > 2) throw new TypeError(`load() takes from 1 to 3 positional arguments but ${pos.length + 1} were given`);
  for (const k of Object.keys(opts)) if (!OPTION_NAMES.includes(k)) throw new TypeError(`load() got an unexpected keyword argument '${k}'`);
  const names = ["mapLocation", "pickleModule"];
  pos.forEach((_x, i) => {
    if (opts[names[i]] !== undefined) throw new TypeError(`load() got multiple values for argument '${names[i]}'`);
  });
  fileLimits(opts); // checks the limits' types before anything is read
  return {
    mapLocation: pos.length > 0 ? pos[0] : opts.mapLocation,
    pickleModule: pos.length > 1 ? pos[1] : opts.pickleModule,
    weightsOnly: opts.weightsOnly,
    mmap: opts.mmap,
    limits: () => fileLimits(opts), // fresh for each file
  };
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const mmapError = (path?: string) =>
  new Error(
    `mmap can only be used with files saved with \`torch.save(${path === undefined ? "" : `${path}, `}_use_new_zipfile_serialization=True), please torch.save your checkpoint with this option in order to use mmap.`,
  );

/**
 * A path (a regular file only: a device or a FIFO is refused): a zip archive is
 * read entry by entry from the open file; the legacy format whole.
 */
function loadPath(path: string, a: ReturnType<typeof parseArgs>): any {
  const { fd, size } = openRegular(path, "torch.load");
  try {
    const src = fileBytes(fd, size);
    if (isZip(src.read(0, 4))) return loadZip(src, a.mapLocation, a.limits());
    if (a.mmap === true) throw mmapError(path);
    return loadBytes(readOpen(fd, size), a, path);
  } finally {
    closeSync(fd);
  }
}

function loadBytes(buf: Uint8Array, a: ReturnType<typeof parseArgs>, path?: string): any {
  const zip = isZip(buf);
  if (a.mmap === true && !zip) throw mmapError(path);
  if (zip) return loadZip(memoryBytes(buf), a.mapLocation, a.limits());
  // the pre-0.4 tar format: Python refuses it with weights_only=True as well
  if (buf.length >= 262 && new TextDecoder().decode(buf.subarray(257, 262)) === "ustar")
    throw new Error("Cannot use ``weights_only=True`` with files saved in the legacy .tar format.");
  return loadLegacy(buf, a.mapLocation, a.limits());
}

/**
 * torch.load(f, mapLocation = null, { weightsOnly = true, mmap }): Python's
 * torch.save files, zip (the default) or legacy (`_use_new_zipfile_serialization=False`):
 * tensors of every dtype, nested objects, arrays, numbers, strings, booleans,
 * null, state dicts, checkpoints. `f` is a path or bytes (returns the object),
 * or a readable stream / async iterable of bytes (returns a Promise of it).
 * A path ending in ".safetensors" is read as safetensors, as Python 2.13 does.
 * Untrusted files are safe to load: no code runs, only regular files are
 * opened, and per-file limits (maxInflatedBytes, maxPickleOps, maxPickleStack,
 * maxPickleMemo; LOAD_LIMITS) refuse size bombs with a clear error.
 * The result's type is T (`torch.load<Record<string, Tensor>>("model.pt")`); without it, any, as
 * Python's Any: nothing checks that the file holds a T.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function load<T = any>(f: string | Uint8Array | ArrayBuffer, mapLocation?: MapLocation | LoadOptions, options?: LoadOptions): T;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function load<T = any>(f: ByteSource, mapLocation?: MapLocation | LoadOptions, options?: LoadOptions): Promise<T>;
export function load(f: unknown, ...rest: unknown[]): any {
  const a = parseArgs(rest);
  if (a.weightsOnly === false) throw new RangeError("torch.load: weightsOnly=false (arbitrary pickles) is not supported");
  if (a.weightsOnly !== undefined && a.weightsOnly !== null && a.weightsOnly !== true)
    throw new TypeError(`load(): argument 'weights_only' must be bool, not ${describe(a.weightsOnly)}`);
  if (a.pickleModule !== undefined && a.pickleModule !== null)
    throw new Error("Can not safely load weights when explicit pickle_module is specified");
  if (a.mmap !== undefined && a.mmap !== null && typeof a.mmap !== "boolean")
    throw new TypeError(`load(): argument 'mmap' must be bool, not ${describe(a.mmap)}`);
  if (a.mmap === true && typeof f !== "string") throw new Error("f must be a file path in order to use the mmap argument");
  restoreFor(a.mapLocation); // checks its type before anything is read
  if (typeof f === "string" && f.endsWith(".safetensors")) return loadSafetensors(f, a.mapLocation);
  if (typeof f === "string") return loadPath(f, a);
  if (f instanceof Uint8Array) return loadBytes(f, a);
  if (f instanceof ArrayBuffer) return loadBytes(new Uint8Array(f), a);
  if (isAsyncIterable(f)) return readAll(f).then((buf) => loadBytes(buf, a));
  throw new TypeError(`torch.load(): argument 'f' must be a path, bytes or a readable stream, not ${describe(f)}`);
}

/** Python 2.13's torch.load of a ".safetensors" path: safetensors' load_file(path, device). */
function loadSafetensors(path: string, mapLocation: unknown): Record<string, Tensor> {
  if (mapLocation instanceof Map || isOptions(mapLocation))
    throw new Error("Loading safetensors file with dict map_location is not supported. Use a device string or torch.device instead.");
  if (typeof mapLocation === "function")
    throw new Error("Loading safetensors file with callable map_location is not supported. Use a device string or torch.device instead.");
  const tensors = loadFile(path);
  const dev = mapLocation === null || mapLocation === undefined ? "cpu" : String(mapLocation);
  if (dev !== "cpu") for (const k of Object.keys(tensors)) tensors[k] = tensors[k].to(dev);
  return tensors;
}

async function readAll(src: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of src) {
    if (!(c instanceof Uint8Array)) throw new TypeError(`torch.load(): the stream must yield bytes, not ${describe(c)} (do not set an encoding)`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}
