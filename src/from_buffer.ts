// Tensors that share JS memory (zero-copy): torch.from(typedArray),
// torch.fromBuffer(buffer, { dtype, size, offset, count }) and Python's
// torch.frombuffer(buffer, { dtype, count, offset }). The tensor's storage is
// the ArrayBuffer's (or SharedArrayBuffer's) memory: writes through either side
// are seen by the other, and the tensor keeps the buffer alive
// (binding/tensor.cc shareBuffer, binding/handle.cc jsBufferDataPtr).
import { native } from "./native";
import * as dt from "./dtype";
import { dtype } from "./dtype";
import { describe } from "./device";
import { Tensor } from "./tensor";
import { bind, checkInt, checkBool, isOptions } from "./args";

/** The memory a tensor can share: a TypedArray (Node's Buffer included), a DataView, an ArrayBuffer or a SharedArrayBuffer. */
export type BufferSource = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;

/** The dtype of each TypedArray kind (the element type the tensor reads the memory as). */
export function typedArrayDtype(a: ArrayBufferView): dtype | null {
  if (a instanceof Float32Array) return dt.float32;
  if (a instanceof Float64Array) return dt.float64;
  if (a instanceof Int32Array) return dt.int32;
  if (a instanceof BigInt64Array) return dt.int64;
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return dt.uint8;
  if (a instanceof Int8Array) return dt.int8;
  if (a instanceof Int16Array) return dt.int16;
  return null; // Uint16Array, Uint32Array, BigUint64Array, DataView
}

function isSharedArrayBuffer(v: unknown): v is SharedArrayBuffer {
  return typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer;
}

const DETACHED = "the ArrayBuffer is detached (it was transferred, e.g. in a postMessage transfer list): its memory is gone";

/** A Uint8Array over exactly the bytes of `src` (the native entry's input); TypeError when detached or resizable. */
function bytesOf(fn: string, src: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): Uint8Array {
  const whole = src instanceof ArrayBuffer || isSharedArrayBuffer(src) ? src : src.buffer;
  if (whole instanceof ArrayBuffer && (whole as { resizable?: boolean }).resizable === true)
    throw new TypeError(`${fn}(): a resizable ArrayBuffer cannot be shared (it could shrink under the tensor); copy it with torch.tensor(...)`);
  try {
    if (src instanceof ArrayBuffer || isSharedArrayBuffer(src)) return new Uint8Array(src);
    return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  } catch (e) {
    if (e instanceof TypeError && /detached/i.test(e.message)) throw new TypeError(`${fn}(): ${DETACHED}`);
    throw e;
  }
}

function checkSource(fn: string, v: unknown, what: string): asserts v is BufferSource {
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || isSharedArrayBuffer(v)) return;
  throw new TypeError(`${fn}(): argument '${what}' must be a TypedArray, DataView, ArrayBuffer or SharedArrayBuffer, not ${describe(v)}`);
}

function share(bytes: Uint8Array, offset: number, size: number[], d: dtype, copyIfMisaligned: boolean, grad: boolean): Tensor {
  const t = new Tensor(native.shareBuffer(bytes, offset, size, d.code, copyIfMisaligned));
  return grad ? t.requiresGrad_(true) : t;
}

/**
 * torch.from(array, { dtype, requiresGrad }): a 1-D CPU tensor over the
 * TypedArray's own memory (no copy), of the array's element type:
 * Float32Array -> float32, Float64Array -> float64, Int8/Int16/Int32Array ->
 * int8/int16/int32, BigInt64Array -> int64, Uint8Array (and Node's Buffer,
 * Uint8ClampedArray) -> uint8. `dtype` may only restate that type, or be
 * torch.bool for a Uint8Array of 0/1 bytes. Writes through the tensor are seen
 * in the array and vice versa (Python's torch.from_numpy).
 */
export function from(array: ArrayBufferView, options?: { dtype?: dtype; requiresGrad?: boolean }): Tensor;
export function from(array: ArrayBufferView, dtype?: dtype | null, requiresGrad?: boolean): Tensor;
export function from(...args: unknown[]): Tensor {
  const [array, dtype_, requiresGrad] = bind("from", ["array", "dtype", "requiresGrad"], args);
  if (!ArrayBuffer.isView(array) || array instanceof DataView)
    throw new TypeError(`from(): argument 'array' must be a TypedArray (Float32Array, Int32Array, BigInt64Array, Uint8Array, ...), not ${describe(array)}` +
      (array instanceof ArrayBuffer || isSharedArrayBuffer(array) || array instanceof DataView ? " (for raw bytes use torch.fromBuffer(buffer, { dtype }))" : ""));
  const own = typedArrayDtype(array);
  if (own === null)
    throw new TypeError(`from(): argument 'array' is a ${array.constructor.name}, which has no matching dtype; use torch.fromBuffer(array, { dtype }) to read its bytes as another type`);
  let d = own;
  if (dtype_ !== undefined && dtype_ !== null) {
    if (!(dtype_ instanceof dtype)) throw new TypeError(`from(): argument 'dtype' must be torch.dtype, not ${describe(dtype_)}`);
    if (dtype_ === dt.bool && own === dt.uint8) d = dt.bool;
    else if (dtype_ !== own)
      throw new TypeError(`from(): a ${array.constructor.name} is ${own}; sharing its memory as ${dtype_} is not possible ` +
        `(torch.tensor(array, { dtype }) converts a copy; torch.fromBuffer(array, { dtype }) reinterprets the bytes)`);
  }
  const grad = checkBool("from", requiresGrad, "requires_grad", false);
  const bytes = bytesOf("from", array);
  return share(bytes, 0, [bytes.byteLength / d.itemsize], d, false, grad);
}

/** torch.fromBuffer's options. */
export interface FromBufferOptions {
  /** How to read the bytes; defaults to a TypedArray's own element type (required for an ArrayBuffer or DataView). */
  dtype?: dtype;
  /** Elements to read; -1 (the default) reads to the end (or the product of `size`). */
  count?: number;
  /** Bytes to skip from the start of the buffer (or of the TypedArray's view); a multiple of dtype's size. */
  offset?: number;
  /** The tensor's shape (the elements then number its product); 1-D when left out. `shape` is an alias. */
  size?: number[];
  shape?: number[];
  requiresGrad?: boolean;
}

function sizeArg(fn: string, v: unknown): number[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new TypeError(`${fn}(): argument 'size' must be an array of ints, not ${describe(v)}`);
  for (const s of v)
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0)
      throw new TypeError(`${fn}(): argument 'size' must be an array of non-negative ints, not [${v.map((e) => String(e)).join(", ")}]`);
  return v as number[];
}

/**
 * torch.fromBuffer(buffer, { dtype, count = -1, offset = 0, size, requiresGrad }):
 * a CPU tensor over the memory of `buffer` (a TypedArray, Node Buffer,
 * DataView, ArrayBuffer or SharedArrayBuffer), no copy. `dtype` defaults to a
 * TypedArray's element type; `offset` is in bytes from the start of the
 * buffer (for a view, of the view), `count` in elements (-1: to the end);
 * `size` gives the shape (1-D otherwise). Unlike Python's frombuffer, an empty
 * result is allowed, and an offset not aligned for the dtype throws (sharing
 * it is not possible) rather than copying.
 */
export function fromBuffer(buffer: BufferSource, options?: FromBufferOptions): Tensor;
export function fromBuffer(buffer: BufferSource, dtype?: dtype | null, count?: number, offset?: number, options?: FromBufferOptions): Tensor;
export function fromBuffer(...args: unknown[]): Tensor {
  const fn = "fromBuffer";
  let a = args;
  // `shape` as an alias of `size` in the options object
  const last = a[a.length - 1];
  if (isOptions(last) && "shape" in last) {
    if ("size" in last) throw new TypeError(`${fn}(): give 'size' or 'shape', not both`);
    const { shape, ...rest } = last;
    a = [...a.slice(0, -1), { ...rest, size: shape }];
  }
  const [buffer, dtype_, count, offset, size_, requiresGrad] = bind(fn, ["buffer", "dtype", "count", "offset", "size", "requiresGrad"], a);
  checkSource(fn, buffer, "buffer");
  let d: dtype;
  if (dtype_ === undefined || dtype_ === null) {
    const own = ArrayBuffer.isView(buffer) ? typedArrayDtype(buffer) : null;
    if (own === null)
      throw new TypeError(`${fn}(): argument 'dtype' is required for ${ArrayBuffer.isView(buffer) ? `a ${buffer.constructor.name}` : "an ArrayBuffer"} (how to read its bytes)`);
    d = own;
  } else if (dtype_ instanceof dtype) {
    d = dtype_;
  } else {
    throw new TypeError(`${fn}(): argument 'dtype' must be torch.dtype, not ${describe(dtype_)}`);
  }
  const size = sizeArg(fn, size_);
  const n = checkInt(fn, count ?? -1, "count"), off = checkInt(fn, offset ?? 0, "offset");
  const grad = checkBool(fn, requiresGrad, "requires_grad", false);
  const bytes = bytesOf(fn, buffer);
  const len = bytes.byteLength, item = d.itemsize;
  if (off < 0 || off > len) throw new RangeError(`${fn}(): offset (${off} bytes) must be non-negative and no greater than the buffer length (${len} bytes)`);
  if (n < -1) throw new RangeError(`${fn}(): count (${n}) must be -1 (to the end) or non-negative`);
  let numel: number;
  if (n >= 0) numel = n;
  else if (size !== null) numel = size.reduce((p, s) => p * s, 1);
  else {
    if ((len - off) % item !== 0)
      throw new RangeError(`${fn}(): buffer length (${len - off} bytes) after offset (${off} bytes) must be a multiple of element size (${item})`);
    numel = (len - off) / item;
  }
  if (size !== null && size.reduce((p, s) => p * s, 1) !== numel)
    throw new RangeError(`${fn}(): size [${size.join(", ")}] is invalid for count ${numel}`);
  if (off + numel * item > len)
    throw new RangeError(`${fn}(): requested buffer length (${numel} * ${item} bytes) after offset (${off} bytes) must not be greater than actual buffer length (${len} bytes)`);
  return share(bytes, off, size ?? [numel], d, false, grad);
}

/**
 * torch.frombuffer(buffer, { dtype, count = -1, offset = 0, requiresGrad }),
 * Python's: a 1-D tensor over the bytes of an ArrayBuffer, SharedArrayBuffer,
 * TypedArray, DataView or Buffer read as `dtype` (required), starting `offset`
 * bytes in, `count` elements (-1: to the end), sharing the memory. Python's
 * errors (an empty buffer or count 0 is a RangeError). An offset not aligned
 * for the dtype (float32 at byte 2) gets a copy of the bytes instead: the
 * same values as Python's, but later writes are not shared.
 */
export function frombuffer(...args: unknown[]): Tensor {
  const [buffer, dtype_, count, offset, requiresGrad] = bind("frombuffer", ["buffer", "dtype", "count", "offset", "requiresGrad"], args);
  if (!(ArrayBuffer.isView(buffer) || buffer instanceof ArrayBuffer || isSharedArrayBuffer(buffer)))
    throw new TypeError(`frombuffer(): argument 'buffer' must be an object implementing the buffer protocol (an ArrayBuffer, TypedArray or Buffer), not ${describe(buffer)}`);
  if (dtype_ === undefined || dtype_ === null) throw new TypeError('frombuffer() missing 1 required positional arguments: "dtype"');
  const d = dtype_ as dtype;
  if (!(d instanceof dtype)) throw new TypeError(`frombuffer(): argument 'dtype' must be torch.dtype, not ${describe(d)}`);
  const n = checkInt("frombuffer", count ?? -1, "count"), off = checkInt("frombuffer", offset ?? 0, "offset");
  const grad = checkBool("frombuffer", requiresGrad, "requires_grad", false);
  const bytes = bytesOf("frombuffer", buffer);
  const len = bytes.byteLength, size = d.itemsize;
  if (len === 0 || n === 0) throw new RangeError(`both buffer length (${len}) and count (${n}) must not be 0`);
  if (off < 0 || off >= len) throw new RangeError(`offset (${off} bytes) must be non-negative and no greater than buffer length (${len} bytes) minus 1`);
  let numel = n;
  if (n < 0) {
    if ((len - off) % size !== 0) throw new RangeError(`buffer length (${len - off} bytes) after offset (${off} bytes) must be a multiple of element size (${size})`);
    numel = (len - off) / size;
  } else if (off + n * size > len) {
    throw new RangeError(`requested buffer length (${n} * ${size} bytes) after offset (${off} bytes) must not be greater than actual buffer length (${len} bytes)`);
  }
  return share(bytes, off, [numel], d, true, grad);
}
