// Tensor creation: torch.tensor from JS values, and the factory functions
// (zeros, ones, full, empty, rand, randn, randint, randperm, arange, linspace,
// eye and the *Like forms) with Python's arguments and defaults.
import { native, Handle } from "./native";
import { opId } from "./dispatch";
import * as dt from "./dtype";
import { dtype, dtypeFromCode } from "./dtype";
import { layout } from "./layout";
import { Device, deviceArg, describe } from "./device";
import { Tensor, hooks } from "./tensor";
import { bind, splitSizes, checkInt, checkBool, dtypeArg, layoutArg, memoryFormatArg, isOptions, Options, checkSize } from "./args";
import type { memory_format } from "./memory_format";
import { generatorArg } from "./random";
import { from as shareTypedArray, typedArrayDtype } from "./from_buffer";

const call = native.callOp;

export interface TensorOptions {
  /** The size, for the factories that take one (`torch.zeros({ size: [2, 3] })`). */
  size?: number[];
  dtype?: dtype;
  device?: string | Device;
  requiresGrad?: boolean;
  pinMemory?: boolean;
  /** torch.strided (the default) or a sparse layout: `torch.zeros(2, 3, { layout: torch.sparseCoo })`. */
  layout?: layout;
  /** torch.empty and the *Like factories: torch.contiguousFormat, torch.channelsLast, torch.preserveFormat (the *Like default), ... */
  memoryFormat?: memory_format | null;
}
export interface RandomOptions extends TensorOptions {
  generator?: import("./random").Generator;
}

function finish(fn: string, h: Handle, opts: Options): Tensor {
  const t = new Tensor(h);
  if (opts.requiresGrad !== undefined && checkBool(fn, opts.requiresGrad, "requires_grad", false)) native.setRequiresGrad(h, true);
  return t;
}

function dev(opts: Options, fn: string): string | null {
  return opts.device === undefined || opts.device === null ? null : deviceArg(opts.device as string | Device, "device", fn);
}


const KNOWN = new Set(["size", "dtype", "device", "requiresGrad", "pinMemory", "layout", "generator"]);
function checkKeys(fn: string, opts: Options, extra: string[] = []): void {
  for (const k of Object.keys(opts))
    if (!KNOWN.has(k) && !extra.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
}

// ---------------------------------------------------------------- torch.tensor

type Nested = number | boolean | bigint | Tensor | ArrayLike<unknown>;

/**
 * torch.tensor(data, { dtype, device, requiresGrad }): copies `data` (a number,
 * boolean, bigint, nested arrays of them, or a TypedArray) into a new tensor.
 * The dtype is inferred as Python does: bool for booleans, int64 when every
 * number is an integer, else the default dtype (float32); a TypedArray keeps
 * its own type (Float32Array -> float32, Float64Array -> float64, ...).
 */
export function tensor(data: Nested, options: TensorOptions = {}): Tensor {
  if (!isOptions(options)) throw new TypeError(`tensor(): options must be an object, not ${describe(options)}`);
  checkKeys("tensor", options);
  const want = dtypeArg("tensor", options.dtype);
  let h: Handle;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    h = native.fromTypedArray(data, [(data as unknown as ArrayLike<unknown>).length]);
  } else {
    h = fromNested(data, want);
  }
  if (want !== null || options.device !== undefined) {
    const tmp = h;
    h = call(TO, tmp, want, null, dev(options, "tensor"), null, false, false, null);
    if (h !== tmp) native.dispose(tmp);
  }
  return finish("tensor", h, options as Options);
}

const TO = opId("to", "dtype_layout");

/**
 * Nested JS values -> tensor. Values are gathered as float64 (or int64 for
 * bigints) and cast once, straight to `want` when given, so float64 keeps
 * every bit. A JS number counts as an integer only if it is a safe integer:
 * 3e38 is a float, as Python's `3e38` literal is.
 */
function fromNested(data: unknown, want: number | null = null): Handle {
  const shape: number[] = [];
  // shape from the first element at each level
  let probe: unknown = data;
  while (isSeq(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(numel);
  let bigints: BigInt64Array | null = null;
  let pos = 0;
  let hasFloat = false, hasInt = false, hasBool = false;
  const walk = (v: unknown, level: number): void => {
    if (level < shape.length) {
      if (!isSeq(v)) throw new RangeError(`expected sequence of length ${shape[level]} at dim ${level} (got ${describe(v)})`);
      if (v.length !== shape[level]) throw new RangeError(`expected sequence of length ${shape[level]} at dim ${level} (got ${v.length})`);
      if (ArrayBuffer.isView(v) && level === shape.length - 1) {
        const ta = v as unknown as ArrayLike<number | bigint>;
        const isFloatArr = v instanceof Float32Array || v instanceof Float64Array;
        for (let i = 0; i < ta.length; i++) {
          const x = ta[i];
          if (typeof x === "bigint") { hasInt = true; (bigints ??= new BigInt64Array(numel))[pos] = x; values[pos++] = Number(x); }
          else { if (isFloatArr || !Number.isSafeInteger(x)) hasFloat = true; else hasInt = true; values[pos++] = x; }
        }
        return;
      }
      for (let i = 0; i < v.length; i++) walk(v[i], level + 1);
      return;
    }
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) hasFloat = true;
      else hasInt = true;
      values[pos++] = v;
    } else if (typeof v === "boolean") {
      hasBool = true;
      values[pos++] = v ? 1 : 0;
    } else if (typeof v === "bigint") {
      hasInt = true;
      (bigints ??= new BigInt64Array(numel))[pos] = v;
      values[pos++] = Number(v);
    } else if (v instanceof Tensor) {
      if (v.numel() !== 1) throw new RangeError("only one element tensors can be converted to Python scalars");
      const x = v.item();
      if (typeof x === "boolean") hasBool = true;
      else if (v.dtype.isFloatingPoint) hasFloat = true;
      else hasInt = true;
      values[pos++] = Number(x);
    } else if (isSeq(v)) {
      throw new RangeError(`expected sequence of length ${shape.length > level ? shape[level] : 0} at dim ${level} (got ${v.length})`);
    } else {
      throw new TypeError(`new(): invalid data type '${describe(v)}'`);
    }
  };
  walk(data, 0);
  if (want !== null && !bigints) return castTo(native.fromTypedArray(values, shape), want);
  if (hasFloat) return castTo(native.fromTypedArray(values, shape), native.getDefaultDtype());
  if (hasInt) {
    if (bigints) {
      const b = bigints as BigInt64Array;
      for (let i = 0; i < numel; i++) if (b[i] === 0n && values[i] !== 0) b[i] = BigInt(values[i]);
      return native.fromTypedArray(b, shape);
    }
    return castTo(native.fromTypedArray(values, shape), dt.int64.code);
  }
  if (hasBool) {
    const u8 = new Uint8Array(numel);
    for (let i = 0; i < numel; i++) u8[i] = values[i];
    return native.fromTypedArray(u8, shape, dt.bool.code);
  }
  // empty: default dtype
  return castTo(native.fromTypedArray(values, shape), native.getDefaultDtype());
}

function castTo(h: Handle, code: number): Handle {
  if (native.dtype(h) === code) return h;
  const r = call(TO, h, code, null, null, null, false, false, null);
  native.dispose(h);
  return r;
}

function isSeq(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

// An array used as an index: integers (int64) or booleans; [] is an empty int64 index.
hooks.tensor = (data, opts) => tensor(data as Nested, opts as TensorOptions);
hooks.tensorFrom = (v) => (v.length === 0 ? tensor(v as Nested, { dtype: dt.int64 }) : tensor(v as Nested));

// ---------------------------------------------------------------- factories

const ZEROS = opId("zeros"), ONES = opId("ones"), EMPTY = opId("empty", "memory_format"), FULL = opId("full");
const RAND = opId("rand", "generator"), RANDN = opId("randn", "generator");
const RANDINT = opId("randint", "low_generator"), RANDPERM = opId("randperm", "generator");
const ARANGE = opId("arange", "start_step"), LINSPACE = opId("linspace");
const EYE = opId("eye"), EYE_M = opId("eye", "m");

function sized(fn: string, id: number, args: unknown[]): Tensor {
  const { size, opts } = splitSizes(fn, args);
  checkKeys(fn, opts);
  return finish(fn, call(id, size, dtypeArg(fn, opts.dtype), layoutArg(fn, opts.layout), dev(opts, fn), opts.pinMemory ?? null), opts);
}

/** torch.zeros(...size, { dtype, device, requiresGrad }) */
export function zeros(...args: (number | number[] | TensorOptions)[]): Tensor {
  return sized("zeros", ZEROS, args);
}
/** torch.ones(...size, { dtype, device, requiresGrad }) */
export function ones(...args: (number | number[] | TensorOptions)[]): Tensor {
  return sized("ones", ONES, args);
}
/** torch.empty(...size, { dtype, device, requiresGrad, memoryFormat }) */
export function empty(...args: (number | number[] | TensorOptions)[]): Tensor {
  const { size, opts } = splitSizes("empty", args);
  checkKeys("empty", opts, ["memoryFormat"]);
  return finish("empty", call(EMPTY, size, dtypeArg("empty", opts.dtype), layoutArg("empty", opts.layout), dev(opts, "empty"), opts.pinMemory ?? null, memoryFormatArg("empty", opts.memoryFormat)), opts);
}
/** torch.full(size, fillValue, { dtype, device, requiresGrad }); dtype inferred from fillValue as Python does. */
export function full(size: number | number[], fillValue: number | boolean | bigint, options?: Omit<TensorOptions, "size">): Tensor;
export function full(options: TensorOptions & { size: number | number[]; fillValue: number | boolean | bigint }): Tensor;
export function full(...args: unknown[]): Tensor {
  const [size, fillValue, ...rest] = bind("full", ["size", "fillValue", "dtype", "device", "requiresGrad", "pinMemory", "layout"], args);
  void rest;
  const opts = (isOptions(args[args.length - 1]) ? args[args.length - 1] : {}) as Options;
  if (fillValue === undefined) throw new TypeError("full() missing 1 required positional argument: 'fill_value'");
  if (typeof fillValue !== "number" && typeof fillValue !== "boolean" && typeof fillValue !== "bigint")
    throw new TypeError(`full(): argument 'fill_value' must be Number, not ${describe(fillValue)}`);
  return finish("full", call(FULL, checkSize("full", size), fillValue, dtypeArg("full", opts.dtype), layoutArg("full", opts.layout), dev(opts, "full"), opts.pinMemory ?? null), opts);
}

function randomSized(fn: string, id: number, args: unknown[]): Tensor {
  const { size, opts } = splitSizes(fn, args);
  checkKeys(fn, opts);
  return finish(fn, call(id, size, generatorArg(opts.generator), dtypeArg(fn, opts.dtype), layoutArg(fn, opts.layout), dev(opts, fn), opts.pinMemory ?? null), opts);
}
/** torch.rand(...size, { generator, dtype, device, requiresGrad }): uniform on [0, 1). */
export function rand(...args: (number | number[] | RandomOptions)[]): Tensor {
  return randomSized("rand", RAND, args);
}
/** torch.randn(...size, { generator, dtype, device, requiresGrad }): standard normal. */
export function randn(...args: (number | number[] | RandomOptions)[]): Tensor {
  return randomSized("randn", RANDN, args);
}
/** torch.randint(high, size) or torch.randint(low, high, size), with { generator, dtype (int64), device, requiresGrad }. */
export function randint(high: number, size: number[], options?: Omit<RandomOptions, "size">): Tensor;
export function randint(low: number, high: number, size: number[], options?: Omit<RandomOptions, "size">): Tensor;
export function randint(high: number, options: RandomOptions & { size: number[] }): Tensor;
export function randint(options: RandomOptions & { low?: number; high: number; size: number[] }): Tensor;
export function randint(...args: unknown[]): Tensor {
  let opts: Options = {};
  let pos = args;
  if (pos.length && isOptions(pos[pos.length - 1])) {
    opts = pos[pos.length - 1] as Options;
    pos = pos.slice(0, -1);
  }
  checkKeys("randint", opts, ["low", "high"]);
  let low: unknown = opts.low ?? 0, high: unknown = opts.high, size: unknown = opts.size;
  if (pos.length === 3) [low, high, size] = pos;
  else if (pos.length === 2) [high, size] = pos;
  else if (pos.length === 1) high = pos[0];
  else if (pos.length > 3) throw new TypeError(`randint() takes at most 3 positional arguments but ${pos.length} were given`);
  if (high === undefined) throw new TypeError("randint() missing 1 required positional argument: 'high'");
  if (size === undefined) throw new TypeError("randint() missing 1 required positional argument: 'size'");
  return finish("randint", call(RANDINT, checkInt("randint", low, "low"), checkInt("randint", high, "high"), checkSize("randint", size),
    generatorArg(opts.generator), dtypeArg("randint", opts.dtype), layoutArg("randint", opts.layout), dev(opts, "randint"), opts.pinMemory ?? null), opts);
}
/** torch.randperm(n, { generator, dtype (int64), device, requiresGrad }) */
export function randperm(n: number, options?: Omit<RandomOptions, "size">): Tensor;
export function randperm(options: Omit<RandomOptions, "size"> & { n: number }): Tensor;
export function randperm(...args: unknown[]): Tensor {
  const [n, generator, dtype, device, requiresGrad, pinMemory] = bind("randperm", ["n", "generator", "dtype", "device", "requiresGrad", "pinMemory"], args);
  const opts = { device, requiresGrad } as Options;
  return finish("randperm", call(RANDPERM, checkInt("randperm", n, "n"), generatorArg(generator), dtypeArg("randperm", dtype), null, dev(opts, "randperm"), pinMemory ?? null), opts);
}
/** torch.arange(end) or torch.arange(start, end, step = 1), with { dtype, device, requiresGrad }. */
export function arange(end: number | bigint, options?: Omit<TensorOptions, "size">): Tensor;
export function arange(start: number | bigint, end: number | bigint, options?: Omit<TensorOptions, "size">): Tensor;
export function arange(start: number | bigint, end: number | bigint, step: number | bigint, options?: Omit<TensorOptions, "size">): Tensor;
export function arange(options: Omit<TensorOptions, "size"> & { start?: number | bigint; end: number | bigint; step?: number | bigint }): Tensor;
export function arange(...args: unknown[]): Tensor {
  let opts: Options = {};
  let pos = args;
  if (pos.length && isOptions(pos[pos.length - 1])) {
    opts = pos[pos.length - 1] as Options;
    pos = pos.slice(0, -1);
  }
  checkKeys("arange", opts, ["start", "end", "step"]);
  let start: unknown = opts.start ?? 0, end: unknown = opts.end, step: unknown = opts.step ?? 1;
  if (pos.length === 1) end = pos[0];
  else if (pos.length === 2) [start, end] = pos;
  else if (pos.length === 3) [start, end, step] = pos;
  else if (pos.length > 3) throw new TypeError(`arange() takes at most 3 positional arguments but ${pos.length} were given`);
  for (const [v, n] of [[start, "start"], [end, "end"], [step, "step"]] as const)
    if (typeof v !== "number" && typeof v !== "bigint") throw new TypeError(`arange(): argument '${n}' must be Number, not ${describe(v)}`);
  return finish("arange", call(ARANGE, start, end, step, dtypeArg("arange", opts.dtype), layoutArg("arange", opts.layout), dev(opts, "arange"), opts.pinMemory ?? null), opts);
}
/** torch.linspace(start, end, steps, { dtype, device, requiresGrad }) */
export function linspace(start: number, end: number, steps: number, options?: Omit<TensorOptions, "size">): Tensor;
export function linspace(options: Omit<TensorOptions, "size"> & { start: number; end: number; steps: number }): Tensor;
export function linspace(...args: unknown[]): Tensor {
  const [start, end, steps, dtype, device, requiresGrad] = bind("linspace", ["start", "end", "steps", "dtype", "device", "requiresGrad"], args);
  const opts = { device, requiresGrad } as Options;
  return finish("linspace", call(LINSPACE, start, end, checkInt("linspace", steps, "steps"), dtypeArg("linspace", dtype), null, dev(opts, "linspace"), null), opts);
}
/** torch.eye(n, m?, { dtype, device, requiresGrad }) */
export function eye(n: number, options?: Omit<TensorOptions, "size">): Tensor;
export function eye(n: number, m: number | null, options?: Omit<TensorOptions, "size">): Tensor;
export function eye(options: Omit<TensorOptions, "size"> & { n: number; m?: number | null }): Tensor;
export function eye(...args: unknown[]): Tensor {
  const [n, m, dtype, device, requiresGrad] = bind("eye", ["n", "m", "dtype", "device", "requiresGrad"], args);
  const opts = { device, requiresGrad } as Options;
  const code = dtypeArg("eye", dtype);
  const h = m === undefined || m === null
    ? call(EYE, checkInt("eye", n, "n"), code, null, dev(opts, "eye"), null)
    : call(EYE_M, checkInt("eye", n, "n"), checkInt("eye", m, "m"), code, null, dev(opts, "eye"), null);
  return finish("eye", h, opts);
}

// ---------------------------------------------------------------- *Like

const ZEROS_LIKE = opId("zeros_like"), ONES_LIKE = opId("ones_like"), EMPTY_LIKE = opId("empty_like");
const FULL_LIKE = opId("full_like"), RAND_LIKE = opId("rand_like", "generator"), RANDN_LIKE = opId("randn_like", "generator");
const RANDINT_LIKE = opId("randint_like", "low_generator_dtype");

function likeInput(fn: string, input: unknown): Handle {
  if (input instanceof Tensor) return input._h;
  throw new TypeError(`${fn}(): argument 'input' (position 1) must be Tensor, not ${describe(input)}`);
}
function like(fn: string, id: number, input: Tensor, opts: Options = {}, gen = false): Tensor {
  checkKeys(fn, opts, ["memoryFormat"]);
  const h = likeInput(fn, input);
  const tail = [dtypeArg(fn, opts.dtype), layoutArg(fn, opts.layout), dev(opts, fn), opts.pinMemory ?? null, memoryFormatArg(fn, opts.memoryFormat)];
  return finish(fn, gen ? call(id, h, generatorArg(opts.generator), ...tail) : call(id, h, ...tail), opts);
}
export function zerosLike(input: Tensor, opts?: TensorOptions): Tensor { return like("zeros_like", ZEROS_LIKE, input, opts as Options); }
export function onesLike(input: Tensor, opts?: TensorOptions): Tensor { return like("ones_like", ONES_LIKE, input, opts as Options); }
export function emptyLike(input: Tensor, opts?: TensorOptions): Tensor { return like("empty_like", EMPTY_LIKE, input, opts as Options); }
export function randLike(input: Tensor, opts?: RandomOptions): Tensor { return like("rand_like", RAND_LIKE, input, opts as Options, true); }
export function randnLike(input: Tensor, opts?: RandomOptions): Tensor { return like("randn_like", RANDN_LIKE, input, opts as Options, true); }
/** torch.fullLike(input, fillValue, { dtype, device, requiresGrad }) */
export function fullLike(input: Tensor, fillValue: number | boolean, opts: TensorOptions = {}): Tensor {
  checkKeys("full_like", opts as Options, ["memoryFormat"]);
  const o = opts as Options;
  return finish("full_like", call(FULL_LIKE, likeInput("full_like", input), fillValue, dtypeArg("full_like", o.dtype), layoutArg("full_like", o.layout), dev(o, "full_like"), null, memoryFormatArg("full_like", o.memoryFormat)), o);
}
/** torch.randintLike(input, high) or torch.randintLike(input, low, high), with { generator, dtype, device, requiresGrad }. */
export function randintLike(input: Tensor, high: number, options?: Omit<RandomOptions, "size"> & { memoryFormat?: memory_format | null }): Tensor;
export function randintLike(input: Tensor, low: number, high: number, options?: Omit<RandomOptions, "size"> & { memoryFormat?: memory_format | null }): Tensor;
export function randintLike(input: Tensor, options: Omit<RandomOptions, "size"> & { memoryFormat?: memory_format | null } & { low?: number; high: number }): Tensor;
export function randintLike(input: Tensor, ...args: unknown[]): Tensor {
  let opts: Options = {};
  let pos = args;
  if (pos.length && isOptions(pos[pos.length - 1])) {
    opts = pos[pos.length - 1] as Options;
    pos = pos.slice(0, -1);
  }
  checkKeys("randint_like", opts, ["low", "high", "memoryFormat"]);
  let low: unknown = opts.low ?? 0, high: unknown = opts.high;
  if (pos.length === 2) [low, high] = pos;
  else if (pos.length === 1) high = pos[0];
  if (high === undefined) throw new TypeError("randint_like() missing 1 required positional argument: 'high'");
  return finish("randint_like", call(RANDINT_LIKE, likeInput("randint_like", input), checkInt("randint_like", low, "low"), checkInt("randint_like", high, "high"),
    generatorArg(opts.generator), dtypeArg("randint_like", opts.dtype), layoutArg("randint_like", opts.layout), dev(opts, "randint_like"), opts.pinMemory ?? null,
    memoryFormatArg("randint_like", opts.memoryFormat)), opts);
}

/** torch.getDefaultDtype() / torch.setDefaultDtype(d) */
export function getDefaultDtype(): dtype {
  return dtypeFromCode(native.getDefaultDtype());
}
export function setDefaultDtype(d: dtype): void {
  native.setDefaultDtype(dtypeArg("set_default_dtype", d, "d") as number);
}

// ---------------------------------------------------------------- asTensor, asarray

/**
 * torch.asTensor(data, { dtype, device }): a tensor itself when it already has
 * that dtype and device (else converted, as Python's as_tensor); other data is
 * copied as torch.tensor does.
 */
export function asTensor(data: Nested | Tensor, options?: { dtype?: dtype | null; device?: string | Device | null }): Tensor;
export function asTensor(data: Nested | Tensor, dtype: dtype | null, options?: { device?: string | Device | null }): Tensor;
export function asTensor(data: Nested | Tensor, dtype: dtype | null, device: string | Device | null): Tensor;
export function asTensor(...args: unknown[]): Tensor {
  const [data, dtype_, device] = bind("as_tensor", ["data", "dtype", "device"], args);
  if (data instanceof Tensor) {
    if ((dtype_ === undefined || dtype_ === null) && (device === undefined || device === null)) return data;
    const o: Options = {};
    if (dtype_ !== undefined && dtype_ !== null) o.dtype = dtype_;
    if (device !== undefined && device !== null) o.device = device;
    return data.to(o);
  }
  return tensor(data as Nested, { dtype: (dtype_ ?? undefined) as dtype | undefined, device: (device ?? undefined) as string | undefined });
}

/**
 * torch.asarray(obj, { dtype, device, copy, requiresGrad }): a tensor or a
 * TypedArray (as Python's NumPy array) shares obj's memory unless copy is true
 * or a dtype/device change needs one (copy false then throws, as Python);
 * other data is copied.
 */
export function asarray(obj: Nested | Tensor, options?: { dtype?: dtype | null; device?: string | Device | null; copy?: boolean | null; requiresGrad?: boolean }): Tensor;
export function asarray(...args: unknown[]): Tensor {
  const [obj, dtype_, device, copy, requiresGrad] = bind("asarray", ["obj", "dtype", "device", "copy", "requiresGrad"], args);
  if (copy !== undefined && copy !== null && typeof copy !== "boolean") throw new TypeError(`asarray(): argument 'copy' must be bool, not ${describe(copy)}`);
  const grad = checkBool("asarray", requiresGrad, "requires_grad", false);
  let t: Tensor;
  if (obj instanceof Tensor) {
    const want = (dtype_ ?? obj.dtype) as dtype;
    if (!(want instanceof dtype)) throw new TypeError(`asarray(): argument 'dtype' must be torch.dtype, not ${describe(want)}`);
    const dev = device === undefined || device === null ? obj.device : deviceArg(device as string);
    const same = want === obj.dtype && String(dev) === String(obj.device);
    if (!same && copy === false) {
      if (want !== obj.dtype) throw new RangeError(`can't alias tensor with dtype '${legacyScalarName(obj.dtype)}' into dtype '${legacyScalarName(want)}'.`);
      throw new RangeError(`can't alias tensor on device '${obj.device}' into device '${String(dev)}'.`);
    }
    t = obj.to(String(dev), want, { copy: copy === true });
    if (grad) t = t === obj ? obj.detach().requiresGrad_(true) : t.requiresGrad_(true);
    return t;
  }
  // a TypedArray is shared, as Python's asarray shares a NumPy array's memory
  const own = ArrayBuffer.isView(obj) && !(obj instanceof DataView) ? typedArrayDtype(obj) : null;
  if (own !== null && copy !== true && (device === undefined || device === null || String(deviceArg(device as string)) === "cpu")) {
    const want = (dtype_ ?? own) as dtype;
    if (want === own || (want === dt.bool && own === dt.uint8)) return shareTypedArray(obj as ArrayBufferView, { dtype: want, requiresGrad: grad });
    if (copy === false && want instanceof dtype) throw new RangeError(`can't alias tensor with dtype '${legacyScalarName(own)}' into dtype '${legacyScalarName(want)}'.`);
  }
  t = tensor(obj as Nested, { dtype: (dtype_ ?? undefined) as dtype | undefined, device: (device ?? undefined) as string | undefined });
  return grad ? t.requiresGrad_(true) : t;
}

function legacyScalarName(d: dtype): string {
  return (dt.legacyTypeNames.get(d) ?? d.name).replace(/Tensor$/, "");
}
