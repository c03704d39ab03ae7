// torch.save: writes Python's torch.save format (a zip of data.pkl, byteorder,
// version and one record per storage), readable by Python's
// torch.load(path, weights_only=True). Tensors sharing a storage share it in
// the file too.
import { existsSync } from "fs";
import { dirname } from "path";
import * as zlib from "zlib";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { native, Handle } from "../native";
import { opId } from "../dispatch";
import { writeFileAtomic, FileSink } from "./files";
import { Tensor } from "../tensor";
import { Parameter } from "../nn/parameter";
import { Module } from "../nn/module";
import * as dt from "../dtype";
import { layoutFromCode } from "../layout";
import { describe } from "../device";
import { bind, checkBool } from "../args";
import { isTuple, isFloatAt } from "../pytypes";

const STORAGE_NAME = new Map<dt.dtype, string>([
  [dt.float32, "FloatStorage"], [dt.float64, "DoubleStorage"], [dt.float16, "HalfStorage"], [dt.bfloat16, "BFloat16Storage"],
  [dt.int64, "LongStorage"], [dt.int32, "IntStorage"], [dt.int16, "ShortStorage"], [dt.int8, "CharStorage"],
  [dt.uint8, "ByteStorage"], [dt.bool, "BoolStorage"], [dt.complex64, "ComplexFloatStorage"], [dt.complex128, "ComplexDoubleStorage"],
]);

/** Items per MARK ... APPENDS / SETITEMS batch, as Python's pickler. */
const BATCH = 1000;
const AS_STRIDED = opId("as_strided");
/** Bytes copied out of a storage at a time while writing a file. */
const CHUNK = 16 * 2 ** 20;

interface Storage { key: string; tensor: Tensor; nbytes: number; itemsize: number }

/** A zip entry's or a legacy record's data: bytes, or a storage read piece by piece while writing. */
type Data = Uint8Array | Storage;
const sizeOf = (d: Data) => (d instanceof Uint8Array ? d.length : d.nbytes);

/** The bytes of a whole storage (one copy, taken now). */
const storageBytes = (s: Storage): Uint8Array => new Uint8Array(native.storageBytes(s.tensor._h));

/** The bytes of a storage in pieces of at most CHUNK bytes: never a copy of the whole storage. */
function* storageChunks(s: Storage): Generator<Uint8Array> {
  const n = s.nbytes / s.itemsize;
  if (n === 0) return;
  const flat = new Tensor(native.callOp(AS_STRIDED, s.tensor._h, [n], [1], 0) as Handle);
  const step = Math.max(1, Math.floor(CHUNK / s.itemsize));
  for (let i = 0; i < n; i += step) yield new Uint8Array(native.toRawBuffer(flat.narrow(0, i, Math.min(step, n - i))._h));
}
const chunksOf = (d: Data): Iterable<Uint8Array> => (d instanceof Uint8Array ? [d] : storageChunks(d));

/** Where the bytes of an archive go: a file (chunks written at once, headers patched) or a list of chunks. */
type Sink = Pick<FileSink, "write" | "position"> & { at?: FileSink["at"] };

function memorySink(): Sink & { chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  let position = 0;
  return {
    chunks,
    write(b) {
      chunks.push(b);
      position += b.length;
    },
    get position() {
      return position;
    },
  };
}

class PickleWriter {
  // one growing buffer: a checkpoint of many small tensors writes millions of opcodes
  private buf = Buffer.alloc(4096);
  private len = 0;
  private memoCount = 0;
  /** The storages met, in order: the (CPU) tensor that holds each, its size in bytes and its item size. */
  readonly storages: Storage[] = [];
  private storageKeys = new Map<string, string>();

  /** `legacy`: persistent ids of the legacy format (a sixth item, the view metadata: None). */
  constructor(private readonly legacy = false) {}

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const b = Buffer.alloc(Math.max(2 * this.buf.length, this.len + n));
    this.buf.copy(b, 0, 0, this.len);
    this.buf = b;
  }
  op(...bytes: number[]): void {
    this.ensure(bytes.length);
    for (const x of bytes) this.buf[this.len++] = x;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  str(s: string): void {
    const n = Buffer.byteLength(s, "utf8");
    this.ensure(5 + n);
    this.buf[this.len] = 0x58;
    this.buf.writeUInt32LE(n, this.len + 1);
    this.len += 5 + this.buf.write(s, this.len + 5, "utf8");
  }
  global(module: string, name: string): void {
    this.op(0x63);
    this.raw(Buffer.from(`${module}\n${name}\n`));
  }
  int(n: number | bigint): void {
    if (typeof n === "number" && n >= 0 && n < 256) this.op(0x4b, n);
    else if (typeof n === "number" && n >= 0 && n < 65536) this.op(0x4d, n & 0xff, n >> 8);
    else if (typeof n === "number" && n >= -(2 ** 31) && n < 2 ** 31) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(n);
      this.op(0x4a);
      this.raw(b);
    } else {
      // LONG1: little-endian two's complement
      let v = BigInt(n);
      const out: number[] = [];
      for (;;) {
        out.push(Number(v & 0xffn));
        const done = (v >= -128n && v < 128n);
        v >>= 8n;
        if (done) break;
      }
      this.op(0x8a, out.length, ...out);
    }
  }
  float(x: number): void {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(x);
    this.op(0x47);
    this.raw(b);
  }
  tuple(items: (() => void)[]): void {
    this.op(0x28);
    for (const f of items) f();
    this.op(0x74);
  }

  /** Writes `v`; `float`: its container marks it a Python float (src/pytypes.ts), so an integral number is written as one. */
  value(v: unknown, seen: Set<unknown>, float = false): void {
    if (v === null || v === undefined) return this.op(0x4e);
    if (v === true) return this.op(0x88);
    if (v === false) return this.op(0x89);
    if (typeof v === "bigint") return this.int(v);
    if (typeof v === "number") return Number.isSafeInteger(v) && !float && !Object.is(v, -0) ? this.int(v) : this.float(v);
    if (typeof v === "string") return this.str(v);
    if (v instanceof Tensor) return this.tensor(v);
    if (v instanceof Module) throw wholeModuleError(v);
    if (typeof v !== "object") throw new TypeError(`torch.save: cannot save a value of type ${describe(v)}`);
    if (seen.has(v)) throw new TypeError("torch.save: cyclic structures are not supported");
    seen.add(v);
    if (Array.isArray(v) && isTuple(v)) {
      // a tuple (betas, etas, ...): MARK items TUPLE, as Python's pickler
      if (v.length === 0) this.op(0x29);
      else {
        this.op(0x28);
        v.forEach((x, i) => this.value(x, seen, isFloatAt(v, i)));
        this.op(0x74);
      }
    } else if (Array.isArray(v)) {
      // EMPTY_LIST, then MARK items APPENDS per batch of 1000 (as Python's pickler: the
      // reader's stack holds one batch at a time)
      this.op(0x5d);
      for (let b = 0; b === 0 || b < v.length; b += BATCH) {
        this.op(0x28);
        for (let i = b; i < Math.min(v.length, b + BATCH); i++) this.value(v[i], seen, isFloatAt(v, i));
        this.op(0x65);
      }
    } else {
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
      const indexKeyed = !(v instanceof Map) && isIndexKeyed(v);
      this.op(0x7d);
      for (let b = 0; b === 0 || b < entries.length; b += BATCH) {
        this.op(0x28);
        for (const [k, x] of entries.slice(b, b + BATCH)) {
          this.value(typeof k === "string" && indexKeyed && /^(0|[1-9]\d*)$/.test(k) ? Number(k) : k, seen);
          this.value(x, seen, isFloatAt(v as object, k as string));
        }
        this.op(0x75);
      }
    }
    seen.delete(v);
  }

  tensor(t: Tensor): void {
    const layout = native.layout(t._h);
    if (layout !== 0) return this.sparseTensor(t, layout);
    const cpu = t.device.type === "cpu" ? t : t.cpu();
    const d = cpu.dtype;
    const sname = STORAGE_NAME.get(d);
    if (!sname) throw new TypeError(`torch.save: dtype ${d} is not supported yet`);
    const [id, nbytes, offset] = native.storageInfo(cpu._h);
    let key = this.storageKeys.get(id);
    if (key === undefined) {
      key = String(this.storages.length);
      this.storageKeys.set(id, key);
      this.storages.push({ key, tensor: cpu, nbytes, itemsize: d.itemsize });
    }
    // Python's location tag: where the tensor lives ("cpu", "cuda:0", "mps")
    const dev = t.device;
    const location = dev.type === "cpu" || dev.type === "mps" || dev.type === "meta" ? dev.type : String(dev);
    const isParam = t instanceof Parameter;
    if (isParam) this.global("torch._utils", "_rebuild_parameter");
    if (isParam) this.op(0x28);
    this.global("torch._utils", "_rebuild_tensor_v2");
    this.tuple([
      () => {
        this.tuple([() => this.str("storage"), () => this.global("torch", sname), () => this.str(key!), () => this.str(location),
          () => this.int(nbytes / d.itemsize), ...(this.legacy ? [() => this.op(0x4e)] : [])]);
        this.op(0x51); // BINPERSID
      },
      () => this.int(offset),
      () => this.tuple(cpu.shape.map((s) => () => this.int(s))),
      () => this.tuple(cpu.stride().map((s) => () => this.int(s))),
      () => this.op(isParam ? 0x89 : t.requiresGrad ? 0x88 : 0x89),
      () => { this.global("collections", "OrderedDict"); this.op(0x29, 0x52); },
    ]);
    this.op(0x52); // REDUCE
    if (isParam) {
      this.op(t.requiresGrad ? 0x88 : 0x89);
      this.global("collections", "OrderedDict");
      this.op(0x29, 0x52, 0x74, 0x52);
    }
  }

  /**
   * A sparse tensor as Python pickles it: _rebuild_sparse_tensor(layout, (indices, values, torch.Size, is_coalesced))
   * for COO, (compressed indices, plain indices, values, torch.Size) for CSR/CSC/BSR/BSC.
   */
  private sparseTensor(t: Tensor, code: number): void {
    const name = layoutFromCode(code).name;
    let parts: Tensor[];
    if (name === "sparse_coo") parts = [t._indices(), t._values()];
    else if (name === "sparse_csr" || name === "sparse_bsr") parts = [t.crowIndices(), t.colIndices(), t.values()];
    else if (name === "sparse_csc" || name === "sparse_bsc") parts = [t.ccolIndices(), t.rowIndices(), t.values()];
    else throw new TypeError(`torch.save: tensors of layout torch.${name} are not supported`);
    // a part that covers only some of its storage (coalesce() shrinks the indices in place) is written
    // compact: the rest of that storage is uninitialised memory
    parts = parts.map((p) => (native.storageInfo(p._h)[1] > p.numel() * p.dtype.itemsize ? p.clone() : p));
    this.global("torch._utils", "_rebuild_sparse_tensor");
    this.tuple([
      () => { this.global("torch.serialization", "_get_layout"); this.tuple([() => this.str(`torch.${name}`)]); this.op(0x52); },
      () => this.tuple([
        ...parts.map((p) => () => this.tensor(p)),
        () => { this.global("torch", "Size"); this.tuple([() => this.tuple(t.shape.map((s) => () => this.int(s)))]); this.op(0x52); },
        ...(name === "sparse_coo" ? [() => this.op(t.isCoalesced() ? 0x88 : 0x89)] : []),
      ]),
    ]);
    this.op(0x52); // REDUCE
  }

  finish(): Buffer {
    return Buffer.concat([Buffer.from([0x80, 0x02]), this.buf.subarray(0, this.len), Buffer.from([0x2e])]);
  }
}
void PickleWriter.prototype;

/** Optimizer state is keyed by parameter index: those keys go back as Python ints. */
/** torch.save(model): Python pickles the whole module object; here only its state dict can be saved. */
function wholeModuleError(m: Module): TypeError {
  return new TypeError(
    `torch.save: cannot save a whole nn.Module (${m.constructor.name}): pickling a module object (its class and code) is not supported. ` +
      "Save its state dict instead: torch.save(model.stateDict(), path), and restore it with model.loadStateDict(torch.load(path)).",
  );
}

function isIndexKeyed(v: unknown): boolean {
  const keys = Object.keys(v as object);
  return keys.length > 0 && keys.every((k) => /^(0|[1-9]\d*)$/.test(k)) && Object.values(v as object).every((x) => x !== null && typeof x === "object" && !(x instanceof Tensor) && !Array.isArray(x));
}

// ---------------------------------------------------------------- zip (stored entries, 64-byte aligned data)

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
const zlibCrc = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
/** The CRC-32 of `b`, continuing from the CRC `prev` of the bytes before it. */
function crc32(b: Uint8Array, prev = 0): number {
  if (zlibCrc) {
    let c = prev;
    for (let i = 0; i < b.length; i += 2 ** 30) c = zlibCrc(b.subarray(i, Math.min(b.length, i + 2 ** 30)), c);
    return c >>> 0;
  }
  let c = (prev ^ 0xffffffff) >>> 0;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const U32 = 0xffffffff;

/** Internal options of the writer (tests). */
export interface ZipOptions {
  /** Write zip64 records even when nothing needs them. */
  forceZip64?: boolean;
}

/**
 * Writes a zip of stored entries to `sink`, one entry after the other: bytes
 * given are written as they are, a storage piece by piece (its CRC is computed
 * while writing and patched into its local header after, so the sink must be
 * able to seek back: a file). zip64 records are written where an entry, an
 * offset or the archive passes 4 GiB, or there are over 65535 entries, as
 * PyTorch's writer does.
 */
function writeZip(files: [string, Data][], sink: Sink, opts: ZipOptions = {}): void {
  const force = opts.forceZip64 === true;
  const central: Buffer[] = [];
  const start = sink.position;
  for (const [name, data] of files) {
    const offset = sink.position - start;
    const size = sizeOf(data);
    const nameB = Buffer.from(name);
    const big = force || size >= U32;
    // a zip64 local header carries both sizes in its extra field
    const z64Local = big ? Buffer.alloc(20) : Buffer.alloc(0);
    if (big) {
      z64Local.writeUInt16LE(0x0001, 0);
      z64Local.writeUInt16LE(16, 2);
      z64Local.writeBigUInt64LE(BigInt(size), 4);
      z64Local.writeBigUInt64LE(BigInt(size), 12);
    }
    // pad the local header's extra field so the data starts at a multiple of 64 (as PyTorch does)
    const base = offset + 30 + nameB.length + z64Local.length + 4;
    const pad = (64 - (base % 64)) % 64;
    const extra = Buffer.alloc(z64Local.length + 4 + pad);
    z64Local.copy(extra, 0);
    extra.writeUInt16LE(0x4246, z64Local.length); // "FB"
    extra.writeUInt16LE(pad, z64Local.length + 2);
    const lazy = !(data instanceof Uint8Array);
    if (lazy && !sink.at) throw new Error("torch.save: internal error: a storage streamed to a sink that cannot seek");
    let crc = lazy ? 0 : crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(big ? 45 : 20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(big ? U32 : size, 18);
    local.writeUInt32LE(big ? U32 : size, 22);
    local.writeUInt16LE(nameB.length, 26);
    local.writeUInt16LE(extra.length, 28);
    sink.write(Buffer.concat([local, nameB, extra]));
    if (lazy) {
      let written = 0;
      for (const c of chunksOf(data)) {
        crc = crc32(c, crc);
        sink.write(c);
        written += c.length;
      }
      if (written !== size) throw new Error(`torch.save: internal error: storage ${name} gave ${written} bytes, expected ${size}`);
      const b = Buffer.alloc(4);
      b.writeUInt32LE(crc);
      sink.at!(start + offset + 14, b);
    } else {
      sink.write(data);
    }
    // central directory: the fields that overflow (or all, forced) move to a zip64 extra field
    const farOffset = force || offset >= U32;
    const z64 = [...(big ? [size, size] : []), ...(farOffset ? [offset] : [])];
    const cdExtra = Buffer.alloc(z64.length ? 4 + 8 * z64.length : 0);
    if (z64.length) {
      cdExtra.writeUInt16LE(0x0001, 0);
      cdExtra.writeUInt16LE(8 * z64.length, 2);
      z64.forEach((x, i) => cdExtra.writeBigUInt64LE(BigInt(x), 4 + 8 * i));
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(z64.length ? 45 : 20, 4);
    cd.writeUInt16LE(z64.length ? 45 : 20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(big ? U32 : size, 20);
    cd.writeUInt32LE(big ? U32 : size, 24);
    cd.writeUInt16LE(nameB.length, 28);
    cd.writeUInt16LE(cdExtra.length, 30);
    cd.writeUInt32LE(farOffset ? U32 : offset, 42);
    central.push(cd, nameB, cdExtra);
  }
  const offset = sink.position - start;
  const cdBuf = Buffer.concat(central);
  const n = files.length;
  const zip64 = force || n > 0xffff || offset >= U32 || cdBuf.length >= U32 || offset + cdBuf.length >= U32;
  const tail: Buffer[] = [cdBuf];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4); // the size of the rest of the record
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(n), 24);
    rec.writeBigUInt64LE(BigInt(n), 32);
    rec.writeBigUInt64LE(BigInt(cdBuf.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cdBuf.length), 8);
    loc.writeUInt32LE(1, 16); // total number of disks
    tail.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : n, 8);
  end.writeUInt16LE(zip64 ? 0xffff : n, 10);
  end.writeUInt32LE(zip64 ? U32 : cdBuf.length, 12);
  end.writeUInt32LE(zip64 ? U32 : offset, 16);
  tail.push(end);
  sink.write(Buffer.concat(tail));
}

/**
 * The pickled object of a torch.save call. `snapshot`: each storage's bytes are
 * copied now (the stream form, written after the call returns); otherwise they
 * are read piece by piece while the file is written.
 */
function prepare(obj: unknown, legacy: boolean, snapshot: boolean): { pickle: Buffer; storages: (Storage & { data: Data })[] } {
  const w = new PickleWriter(legacy);
  w.value(obj, new Set());
  return { pickle: w.finish(), storages: w.storages.map((s) => ({ ...s, data: snapshot ? storageBytes(s) : s })) };
}

/** torch.save's zip archive: data.pkl, the format records, then each storage. */
function writeArchive(p: ReturnType<typeof prepare>, sink: Sink, opts: ZipOptions & { byteorder?: boolean } = {}): void {
  const files: [string, Data][] = [
    ["archive/data.pkl", p.pickle],
    ["archive/.format_version", Buffer.from("1")],
    ["archive/.storage_alignment", Buffer.from("64")],
    ...(opts.byteorder === false ? [] : [["archive/byteorder", Buffer.from("little")] as [string, Data]]),
    ...p.storages.map((s): [string, Data] => [`archive/data/${s.key}`, s.data]),
    ["archive/version", Buffer.from("3\n")],
  ];
  writeZip(files, sink, opts);
}

const pickled = (v: unknown): Buffer => {
  const w = new PickleWriter();
  w.value(v, new Set());
  return w.finish();
};

/**
 * The legacy format (`_use_new_zipfile_serialization=False`): the magic number,
 * the protocol version and sys_info pickles, the main pickle, the sorted storage
 * keys, then each storage's element count (8 bytes, little-endian) and bytes.
 */
function writeLegacy(p: ReturnType<typeof prepare>, sink: Sink): void {
  sink.write(pickled(0x1950a86a20f9469cfc6cn));
  sink.write(pickled(1001));
  sink.write(pickled({ protocol_version: 1001, little_endian: true, type_sizes: { short: 2, int: 4, long: 8 } }));
  sink.write(p.pickle);
  const storages = [...p.storages].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  sink.write(pickled(storages.map((s) => s.key)));
  for (const s of storages) {
    const n = Buffer.alloc(8);
    n.writeBigInt64LE(BigInt(s.nbytes / s.itemsize));
    sink.write(n);
    for (const c of chunksOf(s.data)) sink.write(c);
  }
}

/** The bytes torch.save(obj, path) writes. */
export function saveToBuffer(obj: unknown, opts: ZipOptions = {}): Buffer {
  const sink = memorySink();
  writeArchive(prepare(obj, false, true), sink, opts);
  return Buffer.concat(sink.chunks);
}

const isWritable = (f: unknown): f is NodeJS.WritableStream =>
  f !== null && typeof f === "object" && typeof (f as NodeJS.WritableStream).write === "function" &&
  typeof (f as NodeJS.WritableStream).on === "function";

/** pickleModule, pickleProtocol, _useNewZipfileSerialization, _disableByteorderRecord in Python's order, or SaveOptions. */
export type SaveArg = SaveOptions | number | boolean | null | undefined;

export interface SaveOptions {
  /** Only null (Python's pickle, as the restricted reader expects). */
  pickleModule?: null;
  /** Only 2, Python's default. */
  pickleProtocol?: number;
  /** false writes the legacy (pre-1.6) format. */
  _useNewZipfileSerialization?: boolean;
  /** true leaves out the zip's byteorder record. */
  _disableByteorderRecord?: boolean;
}

/**
 * torch.save(obj, f, { pickleProtocol = 2, _useNewZipfileSerialization = true }):
 * tensors (any dtype of torch-node, views keep sharing their storage), nested
 * plain objects, arrays, numbers, strings, booleans, null, state dicts and
 * checkpoints, in Python's format. `f` is a path (written at once, returns
 * undefined) or a writable stream (returns a Promise that resolves once
 * everything is written and the stream is ended).
 */
export function save(obj: unknown, f: string, ...rest: SaveArg[]): void;
export function save(obj: unknown, f: NodeJS.WritableStream, ...rest: SaveArg[]): Promise<void>;
export function save(...args: unknown[]): void | Promise<void> {
  if (args.length < 2) throw new TypeError(`save() missing ${2 - args.length} required positional argument${args.length ? "" : "s"}: ${args.length ? "'f'" : "'obj' and 'f'"}`);
  const [obj, f, pickleModule, protocol, useZip, noByteorder] = bind(
    "save", ["obj", "f", "pickleModule", "pickleProtocol", "_useNewZipfileSerialization", "_disableByteorderRecord"], args);
  if (pickleModule !== undefined && pickleModule !== null) throw new RangeError("torch.save: only the default pickle module is supported");
  if (protocol !== undefined && protocol !== 2) throw new RangeError(`torch.save: pickle_protocol ${String(protocol)} is not supported (only 2, the default)`);
  const legacy = checkBool("save", useZip, "_use_new_zipfile_serialization", true) === false;
  const byteorder = !checkBool("save", noByteorder, "_disable_byteorder_record", false);
  if (typeof f === "string") {
    const parent = dirname(f);
    if (!legacy && !existsSync(parent)) throw new Error(`Parent directory ${parent} does not exist.`);
    const p = prepare(obj, legacy, false); // a value that cannot be saved throws before the file is touched
    writeFileAtomic(f, "torch.save", (sink) => (legacy ? writeLegacy(p, sink) : writeArchive(p, sink, { byteorder })));
    return;
  }
  if (isWritable(f)) {
    const sink = memorySink();
    try {
      // the values are taken now, as Python does, not while writing: each storage is copied once
      const p = prepare(obj, legacy, true);
      if (legacy) writeLegacy(p, sink);
      else writeArchive(p, sink, { byteorder });
    } catch (e) {
      return Promise.reject(e);
    }
    return pipeline(Readable.from(sink.chunks), f as NodeJS.WritableStream);
  }
  throw new TypeError(`torch.save(): argument 'f' must be a path string or a writable stream, not ${describe(f)}`);
}
