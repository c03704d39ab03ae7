// A reader of MATLAB level-5 MAT-files (what scipy.io.loadmat reads for
// format 5; torchvision's SVHN uses it): the numeric arrays of a file,
// compressed (miCOMPRESSED, zlib) or not, either byte order. Each array keeps
// MATLAB's column-major order; its values are converted to the array's class
// (MATLAB stores e.g. a double array of small integers as uint8 bytes).
// Cell arrays, structs, objects, sparse and char arrays are skipped; the
// HDF5-based v7.3 format is refused with a clear error. Every length is
// checked against the bytes there are.
import * as fs from "fs";
import * as zlib from "zlib";

/** A numeric MATLAB array: its class name (scipy's), its dims, its values in column-major order. */
export interface MatArray {
  name: string;
  mclass: "double" | "single" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64";
  dims: number[];
  data: Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;
}

const CLASSES: Record<number, [MatArray["mclass"], new (n: number) => MatArray["data"]]> = {
  6: ["double", Float64Array], 7: ["single", Float32Array], 8: ["int8", Int8Array], 9: ["uint8", Uint8Array],
  10: ["int16", Int16Array], 11: ["uint16", Uint16Array], 12: ["int32", Int32Array], 13: ["uint32", Uint32Array],
  14: ["int64", BigInt64Array], 15: ["uint64", BigUint64Array],
};
// miTYPE -> [byte size, reader]
type Reader = (v: DataView, off: number, le: boolean) => number | bigint;
const TYPES: Record<number, [number, Reader]> = {
  1: [1, (v, o) => v.getInt8(o)], 2: [1, (v, o) => v.getUint8(o)], 3: [2, (v, o, le) => v.getInt16(o, le)], 4: [2, (v, o, le) => v.getUint16(o, le)],
  5: [4, (v, o, le) => v.getInt32(o, le)], 6: [4, (v, o, le) => v.getUint32(o, le)], 7: [4, (v, o, le) => v.getFloat32(o, le)], 9: [8, (v, o, le) => v.getFloat64(o, le)],
  12: [8, (v, o, le) => v.getBigInt64(o, le)], 13: [8, (v, o, le) => v.getBigUint64(o, le)],
};
const MI_MATRIX = 14, MI_COMPRESSED = 15;

class MatError extends Error {}

interface Element {
  type: number;
  data: Uint8Array;
  next: number;
}

function readElement(buf: Uint8Array, pos: number, le: boolean, file: string): Element {
  if (pos + 8 > buf.length) throw new MatError(`Truncated MAT-file ${file}: a data element's tag runs past the end`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const first = v.getUint32(pos, le);
  if (first >>> 16 !== 0) {
    // small data element: type and size in one word, up to 4 bytes of data
    const n = first >>> 16, type = first & 0xffff;
    if (n > 4) throw new MatError(`Corrupt MAT-file ${file}: a small data element of ${n} bytes`);
    return { type, data: buf.subarray(pos + 4, pos + 4 + n), next: pos + 8 };
  }
  const type = first, n = v.getUint32(pos + 4, le);
  const start = pos + 8;
  if (start + n > buf.length) throw new MatError(`Truncated MAT-file ${file}: a data element of ${n} bytes runs past the end (${buf.length - start} left)`);
  const padded = type === MI_COMPRESSED ? n : (n + 7) & ~7;
  return { type, data: buf.subarray(start, start + n), next: start + padded };
}

function numeric(el: Element, le: boolean, count: number, Out: new (n: number) => MatArray["data"], file: string, name: string): MatArray["data"] {
  const t = TYPES[el.type];
  if (!t) throw new MatError(`MAT-file ${file}: array '${name}' stores its values as unsupported type ${el.type}`);
  const [size, read] = t;
  if (el.data.length !== count * size) throw new MatError(`Corrupt MAT-file ${file}: array '${name}' has ${el.data.length} bytes of data for ${count} values of ${size} bytes`);
  const out = new Out(count);
  const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
  // the common case (uint8 stored as uint8): one copy
  if (out instanceof Uint8Array && el.type === 2) {
    out.set(el.data);
    return out;
  }
  const v = new DataView(el.data.buffer, el.data.byteOffset, el.data.byteLength);
  for (let i = 0; i < count; i++) {
    const x = read(v, i * size, le);
    (out as unknown as (number | bigint)[])[i] = big ? BigInt(x) : Number(x);
  }
  return out;
}

function parseMatrix(buf: Uint8Array, le: boolean, file: string): MatArray | null {
  const flags = readElement(buf, 0, le, file);
  if (flags.type !== 6 || flags.data.length < 8) throw new MatError(`Corrupt MAT-file ${file}: an array without its flags`);
  const fv = new DataView(flags.data.buffer, flags.data.byteOffset, 8);
  const cls = fv.getUint32(0, le) & 0xff;
  const complex = (fv.getUint32(0, le) & 0x0800) !== 0;
  const dimsEl = readElement(buf, flags.next, le, file);
  if (dimsEl.type !== 5 || dimsEl.data.length % 4) throw new MatError(`Corrupt MAT-file ${file}: an array without its dimensions`);
  const dv = new DataView(dimsEl.data.buffer, dimsEl.data.byteOffset, dimsEl.data.byteLength);
  const dims = Array.from({ length: dimsEl.data.length / 4 }, (_, i) => dv.getInt32(4 * i, le));
  if (dims.some((d) => d < 0)) throw new MatError(`Corrupt MAT-file ${file}: negative dimensions`);
  const nameEl = readElement(buf, dimsEl.next, le, file);
  const name = Buffer.from(nameEl.data).toString("latin1");
  const c = CLASSES[cls];
  if (!c || complex) return null; // cell, struct, object, char, sparse, complex: not read
  const count = dims.reduce((a, b) => a * b, 1);
  const real = readElement(buf, nameEl.next, le, file);
  return { name, mclass: c[0], dims, data: numeric(real, le, count, c[1], file, name) };
}

/**
 * loadMat(file): the numeric arrays of a level-5 MAT-file by name
 * (scipy.io.loadmat's result, with arrays in column-major order).
 */
export function loadMat(file: string): Record<string, MatArray> {
  const buf = fs.readFileSync(file);
  if (buf.length < 128) throw new MatError(`${file} is not a MAT-file: ${buf.length} bytes, shorter than the 128-byte header`);
  const head = buf.subarray(0, 116).toString("latin1");
  if (head.startsWith("MATLAB 7.3")) throw new MatError(`${file} is a MATLAB v7.3 (HDF5) file, which torch-node cannot read (level-5 MAT-files only)`);
  const ind = buf.subarray(126, 128).toString("latin1");
  if (ind !== "IM" && ind !== "MI") throw new MatError(`${file} is not a level-5 MAT-file (no 'IM'/'MI' endian indicator)`);
  const le = ind === "IM";
  const out: Record<string, MatArray> = {};
  let pos = 128;
  while (pos + 8 <= buf.length) {
    let el = readElement(buf, pos, le, file);
    pos = el.next;
    if (el.type === MI_COMPRESSED) {
      let raw: Buffer;
      try {
        raw = zlib.inflateSync(el.data);
      } catch (e) {
        throw new MatError(`Corrupt MAT-file ${file}: a compressed element does not inflate (${(e as Error).message})`);
      }
      el = readElement(raw, 0, le, file);
    }
    if (el.type !== MI_MATRIX) continue;
    const a = parseMatrix(el.data, le, file);
    if (a) out[a.name] = a;
  }
  return out;
}
