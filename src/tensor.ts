// The Tensor class: a JS object holding one native handle (DESIGN.md memory
// model), with the methods of Python's torch.Tensor spelled by PORTING.md.
// The op methods here are the foundation's hand-picked set; the whole surface
// is generated from LibTorch's schemas (see the op-surface issue).
import { inspect } from "util";
import { getHeapStatistics } from "v8";
import { native, Handle } from "./native";
import { opId } from "./dispatch";
import * as dt from "./dtype";
import { dtype, dtypeFromCode } from "./dtype";
import { Device, device as toDevice, deviceArg, describe, } from "./device";
import { track } from "./memory";
import { bind, isOptions, dtypeArg, memoryFormatArg, enumArgError, checkInt, checkBool, checkSize, isDeviceLike, Options } from "./args";
import type { PyArgs } from "./args";
import type { Generator } from "./random";
import { isDtype } from "./dtype";
import type { memory_format } from "./memory_format";
import { formatTensor } from "./tensor_str";
import { sparseRepr } from "./sparse_print";
import { toNativeIndices } from "./indexing";
import { U, B } from "./fast";
import type { GeneratedTensorMethods } from "./generated/ops";
import { Node } from "./autograd";
import { Size, asSize } from "./size";

const call = native.callOp;
const unary = native.unary;
const binary = native.binary;

// ---- operator ids, resolved once at load ----
const ADD = opId("add", "Tensor"), ADD_ = opId("add_", "Tensor");
const SUB = opId("sub", "Tensor"), SUB_ = opId("sub_", "Tensor");
const DIV_MODE = opId("div", "Tensor_mode"), DIV_MODE_ = opId("div_", "Tensor_mode");
const SOFTMAX = opId("softmax", "int"), LOG_SOFTMAX = opId("log_softmax", "int");
const SUM = opId("sum"), SUM_DIM = opId("sum", "dim_IntList");
const MEAN = opId("mean"), MEAN_DIM = opId("mean", "dim");
const MAX_DIM = opId("max", "dim");
const MIN_DIM = opId("min", "dim");
const ARGMAX = opId("argmax"), ARGMIN = opId("argmin");
const VIEW = opId("view"), VIEW_DTYPE = opId("view", "dtype"), RESHAPE = opId("reshape");
const PERMUTE = opId("permute"), TRANSPOSE = opId("transpose", "int");
const SQUEEZE = opId("squeeze"), SQUEEZE_DIM = opId("squeeze", "dim"), SQUEEZE_DIMS = opId("squeeze", "dims");
const UNSQUEEZE = opId("unsqueeze"), FLATTEN = opId("flatten", "using_ints");
const EXPAND = opId("expand"), REPEAT = opId("repeat");
const CONTIGUOUS = opId("contiguous"), CLONE = opId("clone"), IS_CONTIGUOUS_MF = opId("is_contiguous", "memory_format");
const TO = opId("to", "dtype_layout"), TO_OTHER = opId("to", "other");
const FILL_ = opId("fill_", "Scalar"), FILL_T_ = opId("fill_", "Tensor"), COPY_ = opId("copy_");
const UNIFORM_ = opId("uniform_"), NORMAL_ = opId("normal_");
const EMPTY_0 = opId("empty", "memory_format"), SET_SOURCE_ = opId("set_", "source_Tensor"), EMPTY_SIZE = [0];
const NONZERO = opId("nonzero"), UNBIND = opId("unbind", "int");
const EQUAL = opId("equal"), ALLCLOSE = opId("allclose"), ALIAS = opId("alias"), INDEX_PUT_ = opId("index_put_");

/**
 * A named tuple (torch.return_types): fields by name, and destructurable as an
 * array (`const [values, indices] = x.max(1)`).
 */
export class ValuesIndices {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;
  constructor(readonly values: Tensor, readonly indices: Tensor, /** @internal */ readonly opName = "max") {
    this[0] = values;
    this[1] = indices;
  }
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }
  toString(): string {
    return `torch.return_types.${this.opName}(\nvalues=${this.values},\nindices=${this.indices})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

function valuesIndices(r: [Handle, Handle], opName: string): ValuesIndices {
  return new ValuesIndices(new Tensor(r[0]), new Tensor(r[1]), opName);
}

type TensorLike = Tensor | number | boolean;

/** Native form of a Tensor-or-number argument. */
function arg(v: TensorLike): unknown {
  return v instanceof Tensor ? v._h : v;
}

function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

function dimsArg(fn: string, args: readonly unknown[]): number[] {
  const a = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return checkSize(fn, a, "dims");
}

const callDims = native.callOpDims;
/**
 * op(self, dims) with every later argument its default, the dims passed as
 * separate numbers (native.callOpDims): reading a JS array natively costs a
 * property lookup per element, which made `x.view(5, 4)` 1.3x Python's time.
 */
function withDims(id: number, h: Handle, d: readonly number[]): Handle {
  switch (d.length) {
    case 0: return callDims(id, h);
    case 1: return callDims(id, h, d[0]);
    case 2: return callDims(id, h, d[0], d[1]);
    case 3: return callDims(id, h, d[0], d[1], d[2]);
    case 4: return callDims(id, h, d[0], d[1], d[2], d[3]);
    default: return callDims(id, h, ...d);
  }
}

/** What toTypedArray() returns for each dtype. */
export type TypedArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** What `.to()` and the factory functions accept as a device. */
export type DeviceLike = string | Device;
/** What a tensor can be made from: numbers, booleans, bigints, tensors and (nested) arrays or typed arrays of them. */
export type TensorData = number | boolean | bigint | Tensor | ArrayLike<unknown>;
/** Tensor.newTensor's options (Python's keyword-only arguments). */
export interface NewTensorOptions { dtype?: dtype | null; device?: DeviceLike | null; requiresGrad?: boolean; layout?: unknown; pinMemory?: boolean }
/** Tensor.backward's options. */
export interface BackwardOptions { gradient?: Tensor | null; retainGraph?: boolean | null; createGraph?: boolean; inputs?: Tensor | Tensor[] | null }
/** Tensor.to's options. */
export interface ToOptions { nonBlocking?: boolean; copy?: boolean; memoryFormat?: memory_format | null }
/** The options of a reduction over dims (sum, mean). */
export interface ReduceOptions { dim?: number | number[] | null; keepdim?: boolean; dtype?: dtype | null }

// The wrappers `tensor.grad` made while an optimizer's update runs (Optimizer.step). Each read makes a new
// handle to the gradient; an update reads every parameter's, and left to the garbage collector those handles
// keep the gradients of past steps alive after zeroGrad() drops them (Python frees them at once by refcount):
// a MLP 784-256-10 SGD step peaked at twice Python's RSS.
let gradReads: Tensor[] | null = null;

/**
 * @internal runs `fn`, then releases the handles that `tensor.grad` made during it (the gradients themselves
 * stay with their parameters). For code that reads `.grad` and keeps no wrapper: the optimizers' updates.
 */
export function _releasingGradReads<T>(fn: () => T): T {
  const outer = gradReads;
  const mine: Tensor[] = [];
  gradReads = mine;
  try {
    return fn();
  } finally {
    gradReads = outer;
    for (const t of mine) native.dispose(t._h);
  }
}

/** What Tensor.tolist() returns: a number or boolean (0-d), else nested arrays of them, one level per dimension. */
export type TensorList = number | boolean | TensorList[];

export class Tensor {
  /** @internal the native handle (an External; disposing empties it, the field stays). */
  declare _h: Handle;

  /** @internal Tensors are made by torch functions, not by `new`. */
  constructor(h: Handle) {
    this._h = h;
    track(this);
  }

  // ------------------------------------------------------------ metadata

  /** The sizes, a torch.Size (an Array that prints as `torch.Size([2, 3])`). */
  get shape(): Size {
    return asSize(native.shape(this._h));
  }
  /** t.size() -> shape (a torch.Size); t.size(dim) -> that dimension (negative dims count from the end). */
  size(): Size;
  size(dim: number | { dim: number }): number;
  size(dim?: number | { dim?: number }): Size | number {
    if (isOptions(dim)) dim = dim.dim;
    const s = native.shape(this._h);
    if (dim === undefined || dim === null) return asSize(s);
    checkInt("size", dim, "dim");
    const d = dim < 0 ? dim + s.length : dim;
    if (d < 0 || d >= s.length)
      throw new RangeError(`Dimension out of range (expected to be in range of [${-Math.max(s.length, 1)}, ${Math.max(s.length, 1) - 1}], but got ${dim})`);
    return s[d];
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    const s = native.strides(this._h);
    if (dim === undefined) return s;
    const d = dim < 0 ? dim + s.length : dim;
    if (d < 0 || d >= s.length) throw new RangeError(`Dimension out of range (got ${dim})`);
    return s[d];
  }
  dim(): number {
    return native.dim(this._h);
  }
  /** Python's ndimension(): an alias of dim(). */
  ndimension(): number {
    return native.dim(this._h);
  }
  /** Python's nelement(): an alias of numel(). */
  nelement(): number {
    return native.numel(this._h);
  }
  /**
   * Iterates along dim 0 as Python's `for row in W` does: the sub-tensors
   * W.index(0), W.index(1), ... (views sharing storage). A 0-d tensor throws
   * Python's TypeError.
   */
  [Symbol.iterator](): IterableIterator<Tensor> {
    const s = native.shape(this._h);
    if (s.length === 0) throw new TypeError("iteration over a 0-d tensor");
    return iterRows(this._h, s[0], s.length === 1);
  }
  get ndim(): number {
    return native.dim(this._h);
  }
  numel(): number {
    return native.numel(this._h);
  }
  get dtype(): dtype {
    return dtypeFromCode(native.dtype(this._h));
  }
  get device(): Device {
    return toDevice(native.device(this._h));
  }
  get isCuda(): boolean {
    return native.device(this._h).startsWith("cuda");
  }
  /** isContiguous({ memoryFormat }): whether the strides are those of that memory format (torch.contiguousFormat by default). */
  isContiguous(memoryFormat?: memory_format | { memoryFormat?: memory_format | null } | null): boolean {
    const mf = memoryFormatArg("is_contiguous", isOptions(memoryFormat) ? memoryFormat.memoryFormat : memoryFormat);
    if (mf !== null) return call(IS_CONTIGUOUS_MF, this._h, mf) as boolean;
    return native.isContiguous(this._h);
  }
  storageOffset(): number {
    return native.storageOffset(this._h);
  }
  elementSize(): number {
    return this.dtype.itemsize;
  }
  isFloatingPoint(): boolean {
    return this.dtype.isFloatingPoint;
  }

  /**
   * t.type() -> "torch.FloatTensor" (Python's legacy type name; "torch.cuda.FloatTensor" on CUDA);
   * t.type(dtype) or t.type("torch.DoubleTensor") -> this tensor cast (itself when nothing changes).
   */
  type(): string;
  type(dtype: dtype | string, nonBlocking?: boolean | Options): Tensor;
  type(type?: dtype | string | Options, nonBlocking?: boolean | Options): string | Tensor {
    const [d, nb] = bind("type", ["dtype", "nonBlocking"], [type, nonBlocking].filter((v) => v !== undefined));
    const dev = native.device(this._h);
    const cuda = dev.startsWith("cuda");
    if (d === undefined || d === null) return `torch.${cuda ? "cuda." : ""}${dt.legacyTypeNames.get(this.dtype)}`;
    let target: dtype | undefined, toCuda = cuda;
    if (d instanceof dtype) target = d;
    else if (typeof d === "string") {
      const m = /^torch\.(cuda\.)?(\w+)$/.exec(d);
      for (const [k, v] of dt.legacyTypeNames) if (m && v === m[2]) target = k;
      if (!target) throw new RangeError(`invalid type: '${d}'`);
      toCuda = m![1] !== undefined;
    } else throw new TypeError("dtype must be a type, str, or dtype object");
    const nonBlock = checkBool("type", nb, "non_blocking", false);
    if (toCuda !== cuda) return this.to(toCuda ? "cuda" : "cpu", target, nonBlock);
    return this.to(target, nonBlock);
  }
  /**
   * Python's new_tensor(data, { dtype, device, requiresGrad }): a new tensor
   * (a copy of data) with this tensor's dtype and device unless given.
   */
  newTensor(data: TensorData, options?: NewTensorOptions): Tensor;
  newTensor(data: unknown, ...args: unknown[]): Tensor {
    const [dtype_, device, requiresGrad, layout, pinMemory] = bind("new_tensor", ["dtype", "device", "requiresGrad", "layout", "pinMemory"], args);
    void layout; void pinMemory;
    const opts = { dtype: dtype_ ?? this.dtype, device: device ?? native.device(this._h) };
    const t = data instanceof Tensor ? data.detach().to(opts.device as string, opts.dtype as dtype, { copy: true }) : hooks.tensor(data, opts);
    if (checkBool("new_tensor", requiresGrad, "requires_grad", false)) t.requiresGrad_(true);
    return t;
  }
  /**
   * nonzero() -> the indices of the non-zero elements, one row each ([n, dim]);
   * nonzero({ asTuple: true }) -> one 1-D index tensor per dimension (Python's tuple, an array here).
   */
  nonzero(): Tensor;
  nonzero(options: { asTuple: true }): Tensor[];
  nonzero(options: { asTuple?: boolean }): Tensor | Tensor[];
  nonzero(...args: unknown[]): Tensor | Tensor[] {
    const [asTuple] = bind("nonzero", ["asTuple"], args.length && isOptions(args[0]) ? args : []);
    if (args.length && !isOptions(args[0])) throw new TypeError(`nonzero() takes 0 positional arguments but ${args.length} were given`);
    if (!checkBool("nonzero", asTuple, "as_tuple", false)) return new Tensor(call(NONZERO, this._h));
    const src = native.dim(this._h) === 0 ? new Tensor(call(UNSQUEEZE, this._h, 0)) : this;
    const nz = new Tensor(call(NONZERO, src._h));
    return (call(UNBIND, nz._h, 1) as Handle[]).map((h) => new Tensor(h));
  }

  // ------------------------------------------------------------ autograd basics

  get requiresGrad(): boolean {
    return native.requiresGrad(this._h);
  }
  set requiresGrad(flag: boolean) {
    this.setRequiresGrad(checkBool("requires_grad", flag, "requires_grad", true));
  }
  /** requires_grad_(flag = true): returns this. */
  requiresGrad_(requiresGrad: boolean | Options = true): this {
    const flag = isOptions(requiresGrad) ? (requiresGrad.requiresGrad ?? true) : requiresGrad;
    this.setRequiresGrad(checkBool("requires_grad_", flag, "requires_grad", true));
    return this;
  }
  private setRequiresGrad(flag: boolean): void {
    const d = this.dtype;
    if (flag && !d.isFloatingPoint && !d.isComplex)
      throw new Error("only Tensors of floating point dtype can require gradients");
    native.setRequiresGrad(this._h, flag);
  }
  get grad(): Tensor | null {
    const g = native.grad(this._h);
    if (g === null) return null;
    const t = new Tensor(g);
    if (gradReads !== null) gradReads.push(t);
    return t;
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) throw new TypeError(`assigned grad expected to be a Tensor or None but got grad of type ${describe(g)}`);
    native.setGrad(this._h, g === null ? null : g._h);
  }
  /** The autograd node that made this tensor (Python's grad_fn), or null for leaves. */
  get gradFn(): Node | null {
    const n = native.gradFn(this._h);
    return n === null ? null : new Node(n);
  }
  /**
   * registerHook(hook): hook(grad) runs when this tensor's gradient is computed
   * and may return a replacement gradient. Returns a handle whose remove()
   * unregisters it (Python's RemovableHandle).
   */
  registerHook(hook: (grad: Tensor) => Tensor | null | undefined | void): { remove(): void } {
    if (typeof hook !== "function") throw new TypeError(`register_hook(): argument 'hook' must be callable, not ${describe(hook)}`);
    const id = native.registerHook(this._h, (g: Handle) => {
      const r = hook(new Tensor(g));
      if (r === undefined || r === null) return null;
      if (!(r instanceof Tensor)) throw new TypeError(`hook returned an invalid value: expected a Tensor or null, got ${describe(r)}`);
      return r._h;
    });
    let removed = false;
    return {
      remove: () => {
        if (removed) return;
        removed = true;
        native.removeHook(this._h, id);
      },
    };
  }
  /** True after retainGrad() on a non-leaf. */
  get retainsGrad(): boolean {
    return native.retainsGrad(this._h);
  }
  get isLeaf(): boolean {
    return native.isLeaf(this._h);
  }
  retainGrad(): void {
    native.retainGrad(this._h);
  }
  /** backward(gradient?, retainGraph?, createGraph?, inputs?) as Python's Tensor.backward. */
  backward(...args: PyArgs<[gradient: Tensor | null, retainGraph: boolean | null, createGraph: boolean, inputs: Tensor | Tensor[] | null], BackwardOptions>): void;
  backward(...args: unknown[]): void {
    const [gradient, retainGraph, createGraph, inputs] = bind("backward", ["gradient", "retainGraph", "createGraph", "inputs"], args);
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor))
      throw new TypeError(`backward(): argument 'gradient' must be Tensor, not ${describe(gradient)}`);
    const create = checkBool("backward", createGraph, "create_graph", false);
    const retain = retainGraph === undefined || retainGraph === null ? undefined : checkBool("backward", retainGraph, "retain_graph", false);
    let ins: Handle[] | undefined;
    if (inputs !== undefined && inputs !== null) {
      const list = inputs instanceof Tensor ? [inputs] : inputs;
      if (!Array.isArray(list) || !list.every((t) => t instanceof Tensor))
        throw new TypeError(`backward(): argument 'inputs' must be a Tensor or a sequence of Tensors`);
      ins = (list as Tensor[]).map((t) => t._h);
    }
    native.backward([this._h], [gradient ? (gradient as Tensor)._h : null], retain ?? (create ? true : undefined), create, ins);
  }
  detach(): Tensor {
    return new Tensor(unary(U.detach, this._h));
  }
  detach_(): this {
    unary(U.detach_, this._h);
    return this;
  }

  // ------------------------------------------------------------ values out

  /**
   * The single value: a number (a boolean for a bool tensor). Typed as a number, what every non-bool
   * dtype gives; for a bool tensor write `t.item<boolean>()` (Tensor carries no dtype in its type).
   */
  item<T extends number | boolean = number>(): T {
    return native.item(this._h) as T;
  }
  /**
   * A TypedArray copy of the values, row-major: Float32Array (float32, and
   * float16/bfloat16 widened), Float64Array, BigInt64Array (int64),
   * Int32Array, Int16Array, Int8Array, Uint8Array (uint8 and bool).
   */
  toTypedArray(): TypedArray {
    const buf = native.toBuffer(this._h);
    switch (this.dtype) {
      case dt.float64: return new Float64Array(buf);
      case dt.int64: return new BigInt64Array(buf);
      case dt.int32: return new Int32Array(buf);
      case dt.int16: return new Int16Array(buf);
      case dt.int8: return new Int8Array(buf);
      case dt.uint8: case dt.bool: return new Uint8Array(buf);
      default: return new Float32Array(buf);
    }
  }
  /** The values as a TypedArray (the closest JS equivalent of Python's ndarray): the same as toTypedArray(). */
  numpy(): TypedArray {
    return this.toTypedArray();
  }
  /**
   * Python's `t.data`: a tensor sharing this one's storage, outside autograd
   * (requiresGrad false), so `p.data.add_(g, { alpha: -lr })` updates `p`
   * without recording the op (a new version counter, as Python's).
   */
  get data(): Tensor {
    // Python's variable_data(): the same storage, sizes and strides in a new
    // tensor with its own version counter (detach() would share it, so an
    // in-place update through .data would fail a later backward)
    const src = unary(U.detach, this._h);
    // sparse layouts (and backends without set_) keep detach()'s alias
    if (native.layout(this._h) !== 0) return new Tensor(src);
    let h: Handle | null = null;
    try {
      h = call(EMPTY_0, EMPTY_SIZE, native.dtype(this._h), null, native.device(this._h), null, null) as Handle;
      call(SET_SOURCE_, h, src);
    } catch {
      if (h !== null) native.dispose(h);
      return new Tensor(src);
    }
    native.dispose(src);
    return new Tensor(h);
  }
  /** Python's `t.data = other`: this same tensor object takes other's storage, shape and dtype. */
  set data(other: Tensor) {
    if (!(other instanceof Tensor)) throw new TypeError(`Variable data has to be a tensor, but got ${describe(other)}`);
    native.setData(this._h, other._h);
  }
  /**
   * Nested arrays of numbers (booleans for bool tensors), one level per dimension; a 0-d tensor gives its
   * value. The type says what the tensor holds when you know it: `t.tolist<number[][]>()` for a matrix.
   */
  tolist<T extends TensorList = TensorList>(): T {
    const shape = native.shape(this._h);
    checkListFits(shape);
    const d = this.dtype;
    const raw = this.toTypedArray();
    const conv: (i: number) => number | boolean =
      d === dt.bool ? (i) => raw[i] !== 0 : d === dt.int64 ? (i) => Number(raw[i]) : (i) => raw[i] as number;
    if (shape.length === 0) return conv(0) as T;
    let pos = 0;
    const build = (level: number): unknown[] => {
      const n = shape[level];
      const out = new Array(n);
      if (level === shape.length - 1) for (let i = 0; i < n; i++) out[i] = conv(pos++);
      else for (let i = 0; i < n; i++) out[i] = build(level + 1);
      return out;
    };
    return build(0) as T;
  }

  toString(): string {
    const node = native.gradFnName(this._h);
    // Python prints type(grad_fn).__name__: the node name without its C++ namespace
    const gradFn = node === null ? null : node.includes("::") ? node.slice(node.lastIndexOf("::") + 2) : node;
    const layout = native.layout(this._h);
    if (layout !== 0) return sparseRepr(this._h, layout, gradFn); // sparse COO / CSR / CSC / BSR / BSC
    return formatTensor({
      shape: native.shape(this._h),
      dtype: this.dtype.name,
      values: this.toTypedArray(),
      device: native.device(this._h),
      requiresGrad: native.requiresGrad(this._h),
      gradFn,
    });
  }
  [inspect.custom](): string {
    return this.toString();
  }

  // ------------------------------------------------------------ memory

  /** Frees the native tensor now; later use throws. Disposing twice is a no-op. */
  dispose(): void {
    native.dispose(this._h);
  }
  [Symbol.dispose](): void {
    native.dispose(this._h);
  }
  get isDisposed(): boolean {
    return native.isDisposed(this._h);
  }

  // ------------------------------------------------------------ devices and dtypes

  /**
   * to(dtype), to(device), to(device, dtype), to(tensor), each with optional
   * `{ nonBlocking, copy, memoryFormat }`; or to({ dtype, device, ... }).
   * Returns this tensor itself when nothing changes, as Python does.
   */
  to(dtype: dtype, nonBlocking?: boolean, options?: ToOptions): Tensor;
  to(dtype: dtype, options: ToOptions): Tensor;
  to(device: DeviceLike | null, dtype?: dtype | null, nonBlocking?: boolean, options?: ToOptions): Tensor;
  to(device: DeviceLike | null, dtype: dtype | null, options: ToOptions): Tensor;
  to(device: DeviceLike | null, options: ToOptions): Tensor;
  to(other: Tensor, nonBlocking?: boolean, options?: ToOptions): Tensor;
  to(other: Tensor, options: ToOptions): Tensor;
  to(options: ToOptions & { dtype?: dtype | null; device?: DeviceLike | null }): Tensor;
  to(...args: unknown[]): Tensor {
    let opts: Options = {};
    if (args.length && isOptions(args[args.length - 1])) opts = args.pop() as Options;
    let dev: unknown = opts.device, dty: unknown = opts.dtype;
    let nonBlocking = args.length && typeof args[args.length - 1] === "boolean" ? (args.pop() as boolean) : opts.nonBlocking;
    const [a0, a1] = args;
    if (a0 instanceof Tensor) {
      return this.wrapSelf(call(TO_OTHER, this._h, a0._h, checkBool("to", nonBlocking, "non_blocking", false), checkBool("to", opts.copy, "copy", false), memoryFormatArg("to", opts.memoryFormat)));
    }
    if (a0 instanceof dtype) dty = a0;
    else if (a0 !== undefined) {
      if (!isDeviceLike(a0)) throw new TypeError(`to() received an invalid combination of arguments - got (${describe(a0)}), expected a torch.device, a device string, a torch.dtype or a Tensor`);
      dev = a0;
      if (a1 !== undefined) dty = a1;
    }
    const code = dtypeArg("to", dty);
    const devStr = dev === undefined || dev === null ? null : deviceArg(dev as DeviceLike);
    return this.wrapSelf(call(TO, this._h, code, null, devStr, null, checkBool("to", nonBlocking, "non_blocking", false), checkBool("to", opts.copy, "copy", false), memoryFormatArg("to", opts.memoryFormat)));
  }
  cpu(): Tensor {
    return this.to("cpu");
  }
  cuda(device?: number | DeviceLike, opts?: Options): Tensor {
    const d = device === undefined ? "cuda" : typeof device === "number" ? `cuda:${device}` : device;
    return this.to(d, opts ?? {});
  }
  float(): Tensor { return this.to(dt.float32); }
  double(): Tensor { return this.to(dt.float64); }
  half(): Tensor { return this.to(dt.float16); }
  bfloat16(): Tensor { return this.to(dt.bfloat16); }
  int(): Tensor { return this.to(dt.int32); }
  long(): Tensor { return this.to(dt.int64); }
  short(): Tensor { return this.to(dt.int16); }
  char(): Tensor { return this.to(dt.int8); }
  byte(): Tensor { return this.to(dt.uint8); }
  bool(): Tensor { return this.to(dt.bool); }

  /** @internal wraps an op result, returning `this` when the op returned self. */
  wrapSelf(r: Handle): Tensor {
    return (r as unknown) === (this._h as unknown) ? this : new Tensor(r);
  }

  // ------------------------------------------------------------ arithmetic

  /** self + alpha * other (other: Tensor or number, broadcast). */
  add(other: TensorLike, alpha?: number | { alpha?: number }): Tensor {
    if (alpha === undefined) return new Tensor(binary(B.add, this._h, arg(other)));
    return new Tensor(call(ADD, this._h, arg(other), isOptions(alpha) ? alpha.alpha : alpha));
  }
  add_(other: TensorLike, alpha?: number | { alpha?: number }): this {
    if (alpha === undefined) binary(B.add_, this._h, arg(other));
    else call(ADD_, this._h, arg(other), isOptions(alpha) ? alpha.alpha : alpha);
    return this;
  }
  sub(other: TensorLike, alpha?: number | { alpha?: number }): Tensor {
    if (alpha === undefined) return new Tensor(binary(B.sub, this._h, arg(other)));
    return new Tensor(call(SUB, this._h, arg(other), isOptions(alpha) ? alpha.alpha : alpha));
  }
  sub_(other: TensorLike, alpha?: number | { alpha?: number }): this {
    if (alpha === undefined) binary(B.sub_, this._h, arg(other));
    else call(SUB_, this._h, arg(other), isOptions(alpha) ? alpha.alpha : alpha);
    return this;
  }
  mul(other: TensorLike): Tensor {
    return new Tensor(binary(B.mul, this._h, arg(other)));
  }
  mul_(other: TensorLike): this {
    binary(B.mul_, this._h, arg(other));
    return this;
  }
  /** self / other; `roundingMode` "trunc" or "floor" as Python's div(rounding_mode=). */
  div(other: TensorLike, roundingMode?: string | null | { roundingMode?: string | null }): Tensor {
    const mode = isOptions(roundingMode) ? roundingMode.roundingMode : roundingMode;
    if (mode === undefined || mode === null) return new Tensor(binary(B.div, this._h, arg(other)));
    return new Tensor(call(DIV_MODE, this._h, arg(other), checkRoundingMode(mode)));
  }
  div_(other: TensorLike, roundingMode?: string | null | { roundingMode?: string | null }): this {
    const mode = isOptions(roundingMode) ? roundingMode.roundingMode : roundingMode;
    if (mode === undefined || mode === null) binary(B.div_, this._h, arg(other));
    else call(DIV_MODE_, this._h, arg(other), checkRoundingMode(mode));
    return this;
  }
  pow(exponent: TensorLike): Tensor {
    return new Tensor(binary(B.pow, this._h, arg(exponent)));
  }
  pow_(exponent: TensorLike): this {
    binary(B.pow_, this._h, arg(exponent));
    return this;
  }
  matmul(other: Tensor): Tensor {
    const o = tensorArg("matmul", other, "other");
    return new Tensor(binary(B.matmul, this._h, o));
  }
  mm(mat2: Tensor): Tensor {
    const o = tensorArg("mm", mat2, "mat2");
    return new Tensor(binary(B.mm, this._h, o));
  }
  bmm(mat2: Tensor): Tensor {
    const o = tensorArg("bmm", mat2, "mat2");
    return new Tensor(binary(B.bmm, this._h, o));
  }
  // ------------------------------------------------------------ comparisons

  eq(other: TensorLike): Tensor { return compare("eq", this, other); }
  ne(other: TensorLike): Tensor { return compare("ne", this, other); }
  lt(other: TensorLike): Tensor { return compare("lt", this, other); }
  le(other: TensorLike): Tensor { return compare("le", this, other); }
  gt(other: TensorLike): Tensor { return compare("gt", this, other); }
  ge(other: TensorLike): Tensor { return compare("ge", this, other); }
  /** True if both have the same size and elements (torch.equal). */
  equal(other: Tensor): boolean {
    return call(EQUAL, this._h, tensorArg("equal", other, "other"));
  }
  allclose(other: Tensor, ...args: PyArgs<[rtol: number, atol: number, equalNan: boolean], { rtol?: number; atol?: number; equalNan?: boolean }>): boolean;
  allclose(other: Tensor, ...args: unknown[]): boolean {
    const [rtol, atol, equalNan] = bind("allclose", ["rtol", "atol", "equalNan"], args);
    return call(ALLCLOSE, this._h, tensorArg("allclose", other, "other"), rtol, atol, equalNan);
  }

  // ------------------------------------------------------------ activations

  /** softmax(dim, dtype?) */
  softmax(dim: number, ...args: PyArgs<[dtype: dtype | null], { dtype?: dtype | null }>): Tensor;
  softmax(options: { dim: number; dtype?: dtype | null }): Tensor;
  softmax(...args: unknown[]): Tensor {
    const [dim, dtype] = bind("softmax", ["dim", "dtype"], args);
    return new Tensor(call(SOFTMAX, this._h, checkInt("softmax", dim, "dim"), dtypeArg("softmax", dtype)));
  }
  /** logSoftmax(dim, dtype?) */
  logSoftmax(dim: number, ...args: PyArgs<[dtype: dtype | null], { dtype?: dtype | null }>): Tensor;
  logSoftmax(options: { dim: number; dtype?: dtype | null }): Tensor;
  logSoftmax(...args: unknown[]): Tensor {
    const [dim, dtype] = bind("log_softmax", ["dim", "dtype"], args);
    return new Tensor(call(LOG_SOFTMAX, this._h, checkInt("log_softmax", dim, "dim"), dtypeArg("log_softmax", dtype)));
  }

  // ------------------------------------------------------------ reductions

  /** sum(), sum(dim, keepdim?, { dtype }); dim may be an array. */
  sum(...args: PyArgs<[dim: number | number[] | null, keepdim: boolean], ReduceOptions>): Tensor;
  sum(...args: unknown[]): Tensor {
    const [dim, keepdim, dtype] = bind("sum", ["dim", "keepdim", "dtype"], args);
    if (dim === undefined || dim === null) {
      if (dtype === undefined || dtype === null) return new Tensor(unary(U.sum, this._h));
      return new Tensor(call(SUM, this._h, dtypeArg("sum", dtype)));
    }
    return new Tensor(call(SUM_DIM, this._h, dimArg("sum", dim), checkBool("sum", keepdim, "keepdim", false), dtypeArg("sum", dtype)));
  }
  /** mean(), mean(dim, keepdim?, { dtype }); dim may be an array. */
  mean(...args: PyArgs<[dim: number | number[] | null, keepdim: boolean], ReduceOptions>): Tensor;
  mean(...args: unknown[]): Tensor {
    const [dim, keepdim, dtype] = bind("mean", ["dim", "keepdim", "dtype"], args);
    if (dim === undefined || dim === null) {
      if (dtype === undefined || dtype === null) return new Tensor(unary(U.mean, this._h));
      return new Tensor(call(MEAN, this._h, dtypeArg("mean", dtype)));
    }
    return new Tensor(call(MEAN_DIM, this._h, dimArg("mean", dim), checkBool("mean", keepdim, "keepdim", false), dtypeArg("mean", dtype)));
  }
  /** max() -> Tensor; max(dim, keepdim?) -> { values, indices }; max(other) -> elementwise maximum. */
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number, keepdim?: boolean | Options): ValuesIndices;
  max(opts: Options): ValuesIndices;
  max(...args: unknown[]): Tensor | ValuesIndices {
    return maxMin("max", this, args, MAX_DIM);
  }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number, keepdim?: boolean | Options): ValuesIndices;
  min(opts: Options): ValuesIndices;
  min(...args: unknown[]): Tensor | ValuesIndices {
    return maxMin("min", this, args, MIN_DIM);
  }
  /** argmax(dim?, keepdim?): the flat index without dim. */
  argmax(...args: PyArgs<[dim: number | null, keepdim: boolean], { dim?: number | null; keepdim?: boolean }>): Tensor;
  argmax(...args: unknown[]): Tensor {
    const [dim, keepdim] = bind("argmax", ["dim", "keepdim"], args);
    return new Tensor(call(ARGMAX, this._h, dim === undefined ? null : checkInt("argmax", dim, "dim"), checkBool("argmax", keepdim, "keepdim", false)));
  }
  /** argmin(dim?, keepdim?): the flat index without dim. */
  argmin(...args: PyArgs<[dim: number | null, keepdim: boolean], { dim?: number | null; keepdim?: boolean }>): Tensor;
  argmin(...args: unknown[]): Tensor {
    const [dim, keepdim] = bind("argmin", ["dim", "keepdim"], args);
    return new Tensor(call(ARGMIN, this._h, dim === undefined ? null : checkInt("argmin", dim, "dim"), checkBool("argmin", keepdim, "keepdim", false)));
  }

  // ------------------------------------------------------------ shape

  /** view(...shape) or view(dtype) */
  view(...shape: (number | number[] | dtype | { dtype?: dtype; size?: number[] })[]): Tensor {
    if (shape.length === 1 && isOptions(shape[0])) {
      // view({ dtype }) / view({ size }), Python's keyword forms
      const o = shape[0] as Options;
      for (const k of Object.keys(o)) if (k !== "dtype" && k !== "size") throw new TypeError(`view() got an unexpected keyword argument '${k}'`);
      if (o.dtype !== undefined && o.size !== undefined) throw new TypeError("view() received an invalid combination of arguments - got (size, dtype)");
      if (o.dtype !== undefined) return new Tensor(call(VIEW_DTYPE, this._h, dtypeArg("view", o.dtype)));
      shape = [o.size as number[]];
    }
    if (shape.length === 1 && shape[0] instanceof dtype) {
      if (!isDtype(shape[0])) throw enumArgError("view", "dtype", "torch.dtype", shape[0], 1);
      return new Tensor(call(VIEW_DTYPE, this._h, shape[0].code));
    }
    return new Tensor(withDims(VIEW, this._h, dimsArg("view", shape)));
  }
  reshape(...shape: (number | number[])[]): Tensor {
    return new Tensor(withDims(RESHAPE, this._h, dimsArg("reshape", shape)));
  }
  permute(...dims: (number | number[])[]): Tensor {
    return new Tensor(withDims(PERMUTE, this._h, dimsArg("permute", dims)));
  }
  transpose(dim0: number, dim1: number): Tensor {
    return new Tensor(call(TRANSPOSE, this._h, checkInt("transpose", dim0, "dim0"), checkInt("transpose", dim1, "dim1")));
  }
  t(): Tensor {
    return new Tensor(unary(U.t, this._h));
  }
  /** Python's .T: the dimensions reversed. */
  get T(): Tensor {
    const n = this.dim();
    return n < 2 ? this : this.permute([...Array(n).keys()].reverse());
  }
  /** squeeze(), squeeze(dim), squeeze([dims]) */
  squeeze(dim?: number | number[] | Options): Tensor {
    const d = isOptions(dim) ? dim.dim : dim;
    if (d === undefined || d === null) return new Tensor(call(SQUEEZE, this._h));
    if (Array.isArray(d)) return new Tensor(call(SQUEEZE_DIMS, this._h, checkSize("squeeze", d, "dim")));
    return new Tensor(call(SQUEEZE_DIM, this._h, checkInt("squeeze", d, "dim")));
  }
  unsqueeze(dim: number | { dim: number }): Tensor {
    const d = isOptions(dim) ? dim.dim : dim;
    return new Tensor(call(UNSQUEEZE, this._h, checkInt("unsqueeze", d, "dim")));
  }
  /** flatten(startDim = 0, endDim = -1) */
  flatten(...args: PyArgs<[startDim: number, endDim: number], { startDim?: number; endDim?: number }>): Tensor;
  flatten(...args: unknown[]): Tensor {
    const [startDim, endDim] = bind("flatten", ["startDim", "endDim"], args);
    return new Tensor(call(FLATTEN, this._h, startDim ?? 0, endDim ?? -1));
  }
  expand(...sizes: (number | number[])[]): Tensor {
    return new Tensor(withDims(EXPAND, this._h, dimsArg("expand", sizes)));
  }
  repeat(...sizes: (number | number[])[]): Tensor {
    return new Tensor(withDims(REPEAT, this._h, dimsArg("repeat", sizes)));
  }
  /** contiguous({ memoryFormat }): memoryFormat torch.contiguousFormat (the default), torch.channelsLast, ... */
  contiguous(memoryFormat?: memory_format | { memoryFormat?: memory_format | null } | null): Tensor {
    const mf = memoryFormatArg("contiguous", isOptions(memoryFormat) ? memoryFormat.memoryFormat : memoryFormat);
    if (mf === null) return this.wrapSelf(unary(U.contiguous, this._h));
    return this.wrapSelf(call(CONTIGUOUS, this._h, mf));
  }
  /** clone({ memoryFormat }): memoryFormat torch.preserveFormat (the default), torch.contiguousFormat, torch.channelsLast, ... */
  clone(memoryFormat?: memory_format | { memoryFormat?: memory_format | null } | null): Tensor {
    const mf = memoryFormatArg("clone", isOptions(memoryFormat) ? memoryFormat.memoryFormat : memoryFormat);
    if (mf === null) return new Tensor(unary(U.clone, this._h));
    return new Tensor(call(CLONE, this._h, mf));
  }

  // ------------------------------------------------------------ in-place fills

  zero_(): this {
    unary(U.zero_, this._h);
    return this;
  }
  fill_(value: TensorLike): this {
    if (value instanceof Tensor) call(FILL_T_, this._h, value._h);
    else call(FILL_, this._h, value);
    return this;
  }
  copy_(src: Tensor, nonBlocking?: boolean | { nonBlocking?: boolean }): this {
    const nb = isOptions(nonBlocking) ? nonBlocking.nonBlocking : nonBlocking;
    call(COPY_, this._h, tensorArg("copy_", src, "src"), nb);
    return this;
  }
  /** uniform_(from = 0, to = 1, { generator }) */
  uniform_(...args: PyArgs<[from: number, to: number], { from?: number; to?: number; generator?: Generator | null }>): this;
  uniform_(...args: unknown[]): this {
    const [from, to, generator] = bind("uniform_", ["from", "to", "generator"], args);
    call(UNIFORM_, this._h, from, to, genArg(generator));
    return this;
  }
  /** normal_(mean = 0, std = 1, { generator }) */
  normal_(...args: PyArgs<[mean: number, std: number], { mean?: number; std?: number; generator?: Generator | null }>): this;
  normal_(...args: unknown[]): this {
    const [mean, std, generator] = bind("normal_", ["mean", "std", "generator"], args);
    call(NORMAL_, this._h, mean, std, genArg(generator));
    return this;
  }

  // ------------------------------------------------------------ indexing

  /** x[i, j, ...] -> x.index(i, j, ...) (PORTING.md rule 7); x.index() is x[()], an alias. */
  index(...indices: unknown[]): Tensor {
    if (indices.length === 0) return new Tensor(call(ALIAS, this._h));
    if (indices.length === 1) {
      const i = indices[0];
      if (typeof i === "number" && Number.isInteger(i)) return new Tensor(native.index(this._h, i)); // x[i]: no index list
    }
    return new Tensor(native.index(this._h, toNativeIndices(indices, isTensor, indexTensor)));
  }
  /**
   * x[idx] = value -> x.indexPut_(idx, value); `idx` is an array of indices or one index ([] is x[()]).
   * With `accumulate` (Python's index_put_(indices, values, accumulate=True)), values at repeated
   * indices add up; the indices are then tensors, integer arrays, numbers or ":"/null (all of a dim).
   */
  indexPut_(indices: unknown, value: TensorLike, accumulate?: boolean | { accumulate?: boolean }): this {
    const idx = Array.isArray(indices) ? indices : [indices];
    const acc = isOptions(accumulate) ? accumulate.accumulate : accumulate;
    if (acc !== undefined && typeof acc !== "boolean") throw new TypeError(`index_put_(): argument 'accumulate' must be bool, not ${describe(acc)}`);
    if (acc) {
      const hs = idx.map((v) => {
        if (v === null || v === ":") return null;
        if (v instanceof Tensor) return v._h;
        if (Array.isArray(v)) return indexTensor(v)._h;
        if (typeof v === "number") return indexTensor([v]).reshape([])._h;
        throw new TypeError(`index_put_(): with accumulate=true the indices must be tensors, integer arrays, numbers or ":" (got ${describe(v)})`);
      });
      const vals = value instanceof Tensor ? value : hooks.tensorFrom([value]).to(this.dtype).reshape([]);
      call(INDEX_PUT_, this._h, hs, vals._h, true);
      return this;
    }
    if (idx.length === 0) {
      if (value instanceof Tensor) call(COPY_, this._h, value._h);
      else call(FILL_, this._h, value);
      return this;
    }
    native.indexPut(this._h, toNativeIndices(idx, isTensor, indexTensor), arg(value) as Handle | number | boolean);
    return this;
  }
}

// Unary elementwise ops: `x.exp()`, `x.exp_()`, ... one native call each.
const UNARY = ["neg", "exp", "log", "tanh", "sigmoid", "relu", "abs", "sqrt", "rsqrt", "sin", "cos",
  "floor", "ceil", "trunc", "sign", "reciprocal", "square", "log1p", "expm1", "log2", "log10", "exp2", "frac"] as const;
type UnaryName = (typeof UNARY)[number];
type UnaryMethods = { [K in UnaryName]: () => Tensor } & { [K in `${UnaryName}_`]: () => Tensor };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Tensor extends UnaryMethods, GeneratedTensorMethods {}
for (const name of UNARY) {
  const code = U[name], codeInplace = U[`${name}_`];
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor) { return new Tensor(unary(code, this._h)); },
    writable: true, configurable: true,
  });
  Object.defineProperty(Tensor.prototype, `${name}_`, {
    value: function (this: Tensor) { unary(codeInplace, this._h); return this; },
    writable: true, configurable: true,
  });
}

// The 0-d elements of a 1-D tensor's iteration are not iterable themselves
// (their Symbol.iterator is undefined), so that deep-equality helpers that walk
// iterables (vitest's toEqual, the message of a failing toBe) compare tensors
// without tripping over "iteration over a 0-d tensor"; iterating one still
// throws a TypeError (JS's "is not iterable").
const NOT_ITERABLE: PropertyDescriptor = { value: undefined, enumerable: false, configurable: true, writable: true };
function* iterRows(h: Handle, n: number, scalars: boolean): IterableIterator<Tensor> {
  for (let i = 0; i < n; i++) {
    const t = new Tensor(native.index(h, i));
    if (scalars) Object.defineProperty(t, Symbol.iterator, NOT_ITERABLE);
    yield t;
  }
}

function checkRoundingMode(mode: unknown): string {
  if (mode === "trunc" || mode === "floor") return mode;
  throw new RangeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
}

function tensorArg(fn: string, v: unknown, what: string): Handle {
  if (v instanceof Tensor) return v._h;
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describe(v)}`);
}

function dimArg(fn: string, dim: unknown): number | number[] {
  if (Array.isArray(dim)) return checkSize(fn, dim, "dim");
  return checkInt(fn, dim, "dim");
}

function compare(name: "eq" | "ne" | "lt" | "le" | "gt" | "ge", self: Tensor, other: TensorLike): Tensor {
  return new Tensor(binary(B[name], self._h, arg(other)));
}

function maxMin(name: "max" | "min", self: Tensor, args: unknown[], byDim: number): Tensor | ValuesIndices {
  if (args.length === 0) return new Tensor(unary(name === "max" ? U.max : U.min, self._h));
  if (args[0] instanceof Tensor) {
    if (args.length > 1) throw new TypeError(`${name}() received an invalid combination of arguments`);
    return new Tensor(binary(name === "max" ? B.maximum : B.minimum, self._h, args[0]._h));
  }
  const [dim, keepdim] = bind(name, ["dim", "keepdim"], args);
  if (dim === undefined) return new Tensor(unary(name === "max" ? U.max : U.min, self._h));
  return valuesIndices(call(byDim, self._h, checkInt(name, dim, "dim"), checkBool(name, keepdim, "keepdim", false)), name);
}

/** @internal the generator option -> native handle. Set by random.ts (avoids an import cycle). */
export const hooks: { genArg: (g: unknown) => unknown; tensorFrom: (v: unknown[]) => Tensor; tensor: (data: unknown, opts: Options) => Tensor } = {
  genArg: (g) => g,
  tensorFrom: () => { throw new Error("torch.tensor not loaded"); },
  tensor: () => { throw new Error("torch.tensor not loaded"); },
};
function genArg(g: unknown): unknown {
  return hooks.genArg(g);
}
function indexTensor(v: unknown[]): Tensor {
  return hooks.tensorFrom(v);
}

export { isTensor };

/**
 * tolist() of a tensor whose nested arrays cannot fit in the JS heap is a RangeError up front (Python raises
 * MemoryError), not a V8 out-of-memory abort of the process (`torch.ones(1).expand(2 ** 31).tolist()` was one).
 */
function checkListFits(shape: number[]): void {
  let arrays = 0, outer = 1;
  for (const n of shape) {
    arrays += outer;
    outer *= n;
  }
  // about 8 bytes a value (an unboxed double, a small integer or a pointer) and 80 an array (its object, its
  // elements' header and its slot in the parent), measured on V8 12
  const need = outer * 8 + arrays * 80;
  const h = getHeapStatistics();
  const free = h.heap_size_limit - h.used_heap_size;
  if (need > free * 0.6)
    throw new RangeError(`tolist(): a tensor of ${outer} elements needs about ${(need / 2 ** 30).toFixed(1)} GiB of JavaScript heap, ` +
      `more than is available (${(free / 2 ** 30).toFixed(1)} GiB); use toTypedArray() for large tensors`);
}
