// torch.save: writes Python's torch.save format (a zip of data.pkl, byteorder,
// version and one record per storage), readable by Python's
// torch.load(path, weights_only=True). Tensors sharing a storage share it in
// the file too.
import { writeFileSync } from "fs";
import { native } from "../native";
import { Tensor } from "../tensor";
import { Parameter } from "../nn/parameter";
import * as dt from "../dtype";
import { describe } from "../device";

const STORAGE_NAME = new Map<dt.dtype, string>([
  [dt.float32, "FloatStorage"], [dt.float64, "DoubleStorage"], [dt.float16, "HalfStorage"], [dt.bfloat16, "BFloat16Storage"],
  [dt.int64, "LongStorage"], [dt.int32, "IntStorage"], [dt.int16, "ShortStorage"], [dt.int8, "CharStorage"],
  [dt.uint8, "ByteStorage"], [dt.bool, "BoolStorage"],
]);

class PickleWriter {
  private parts: Buffer[] = [];
  private memoCount = 0;
  readonly storages: { key: string; bytes: Buffer }[] = [];
  private storageKeys = new Map<string, string>();

  op(...bytes: number[]): void {
    this.parts.push(Buffer.from(bytes));
  }
  raw(b: Buffer): void {
    this.parts.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    this.op(0x58);
    this.raw(len);
    this.raw(b);
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

  value(v: unknown, seen: Set<unknown>): void {
    if (v === null || v === undefined) return this.op(0x4e);
    if (v === true) return this.op(0x88);
    if (v === false) return this.op(0x89);
    if (typeof v === "bigint") return this.int(v);
    if (typeof v === "number") return Number.isSafeInteger(v) ? this.int(v) : this.float(v);
    if (typeof v === "string") return this.str(v);
    if (v instanceof Tensor) return this.tensor(v);
    if (typeof v !== "object") throw new TypeError(`torch.save: cannot save a value of type ${describe(v)}`);
    if (seen.has(v)) throw new TypeError("torch.save: cyclic structures are not supported");
    seen.add(v);
    if (Array.isArray(v)) {
      this.op(0x5d, 0x28);
      for (const x of v) this.value(x, seen);
      this.op(0x65);
    } else {
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
      this.op(0x7d, 0x28);
      for (const [k, x] of entries) {
        this.value(typeof k === "string" && /^(0|[1-9]\d*)$/.test(k) && !(v instanceof Map) && isIndexKeyed(v) ? Number(k) : k, seen);
        this.value(x, seen);
      }
      this.op(0x75);
    }
    seen.delete(v);
  }

  tensor(t: Tensor): void {
    const cpu = t.device.type === "cpu" ? t : t.cpu();
    const d = cpu.dtype;
    const sname = STORAGE_NAME.get(d);
    if (!sname) throw new TypeError(`torch.save: dtype ${d} is not supported yet`);
    const [id, nbytes, offset] = native.storageInfo(cpu._h);
    let key = this.storageKeys.get(id);
    if (key === undefined) {
      key = String(this.storages.length);
      this.storageKeys.set(id, key);
      this.storages.push({ key, bytes: Buffer.from(native.storageBytes(cpu._h)) });
    }
    const isParam = t instanceof Parameter;
    if (isParam) this.global("torch._utils", "_rebuild_parameter");
    if (isParam) this.op(0x28);
    this.global("torch._utils", "_rebuild_tensor_v2");
    this.tuple([
      () => {
        this.tuple([() => this.str("storage"), () => this.global("torch", sname), () => this.str(key!), () => this.str("cpu"),
          () => this.int(nbytes / d.itemsize)]);
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

  finish(): Buffer {
    return Buffer.concat([Buffer.from([0x80, 0x02]), ...this.parts, Buffer.from([0x2e])]);
  }
}
void PickleWriter.prototype;

/** Optimizer state is keyed by parameter index: those keys go back as Python ints. */
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
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function zip(files: [string, Buffer][]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameB = Buffer.from(name);
    // pad the local header's extra field so the data starts at a multiple of 64 (as PyTorch does)
    const base = offset + 30 + nameB.length + 4;
    const pad = (64 - (base % 64)) % 64;
    const extra = Buffer.alloc(4 + pad);
    extra.writeUInt16LE(0x4246, 0); // "FB"
    extra.writeUInt16LE(pad, 2);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameB.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameB.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameB);
    out.push(local, nameB, extra, data);
    offset += 30 + nameB.length + extra.length + data.length;
    if (offset > 0xffffffff) throw new RangeError("torch.save: files over 4 GiB (zip64) are not supported yet");
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cdBuf, end]);
}

/** The bytes torch.save(obj, path) writes. */
export function saveToBuffer(obj: unknown): Buffer {
  const w = new PickleWriter();
  w.value(obj, new Set());
  const files: [string, Buffer][] = [
    ["archive/data.pkl", w.finish()],
    ["archive/.format_version", Buffer.from("1")],
    ["archive/.storage_alignment", Buffer.from("64")],
    ["archive/byteorder", Buffer.from("little")],
    ...w.storages.map((s): [string, Buffer] => [`archive/data/${s.key}`, s.bytes]),
    ["archive/version", Buffer.from("3\n")],
  ];
  return zip(files);
}

/**
 * torch.save(obj, path): tensors (any dtype of torch-node, views keep sharing
 * their storage), nested plain objects, arrays, numbers, strings, booleans,
 * null, state dicts and checkpoints, in Python's format.
 */
export function save(obj: unknown, path: string): void {
  if (typeof path !== "string") throw new TypeError(`torch.save(): argument 'f' must be a path string, not ${describe(path)}`);
  writeFileSync(path, saveToBuffer(obj));
}
