// torch.distributions.utils: broadcast_all, logits/probs conversions, lazy
// parameters and the small helpers the distributions share (Python's
// torch/distributions/utils.py, same ops in the same order).
import { Tensor } from "../tensor";
import { dtype } from "../dtype";
import { Device } from "../device";
import { torch } from "../torch";
import { enableGrad } from "../grad_mode";
import { bind } from "../args";

export type TensorOrNumber = Tensor | number;

/** Euler–Mascheroni constant. */
export const eulerConstant = 0.5772156649015329;

/** Python's ValueError (a RangeError, as elsewhere in torch-node). */
export function valueError(message: string): RangeError {
  return new RangeError(message);
}

/** Python's NotImplementedError (with a message saying what is not implemented, where Python's has none). */
export class NotImplementedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotImplementedError";
  }
}

export function isNumber(v: unknown): v is number | boolean {
  return typeof v === "number" || typeof v === "boolean";
}

interface Finfo { eps: number; tiny: number; min: number; max: number }
const FINFO: Record<string, Finfo> = {
  float32: { eps: 1.1920928955078125e-7, tiny: 1.1754943508222875e-38, min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  float64: { eps: 2.220446049250313e-16, tiny: 2.2250738585072014e-308, min: -1.7976931348623157e308, max: 1.7976931348623157e308 },
  float16: { eps: 0.0009765625, tiny: 6.103515625e-5, min: -65504, max: 65504 },
  bfloat16: { eps: 0.0078125, tiny: 1.1754943508222875e-38, min: -3.3895313892515355e38, max: 3.3895313892515355e38 },
};

/** torch.finfo(dtype): eps, tiny, min, max of a floating dtype. */
export function finfo(d: dtype): Finfo {
  const f = FINFO[d.name];
  if (!f) throw new TypeError(`torch.finfo() requires a floating point input type, got ${d.name}`);
  return f;
}

/**
 * broadcast_all(*values): numbers become tensors of the first tensor's dtype and
 * device (the default dtype when all are numbers), then all are broadcast.
 */
export function broadcastAll(...values: unknown[]): Tensor[] {
  if (!values.every((v) => v instanceof Tensor || isNumber(v)))
    throw valueError("Input arguments must all be instances of Number, torch.Tensor or objects implementing __torch_function__.");
  if (!values.every((v) => v instanceof Tensor)) {
    const first = values.find((v) => v instanceof Tensor) as Tensor | undefined;
    const opts = first ? { dtype: first.dtype, device: first.device } : { dtype: torch.getDefaultDtype() };
    const ts = values.map((v) => (v instanceof Tensor ? v : torch.tensor(typeof v === "boolean" ? Number(v) : (v as number), opts)));
    return torch.broadcastTensors(...ts);
  }
  return torch.broadcastTensors(...(values as Tensor[]));
}

/** A standard normal sample of `shape` (torch.empty(shape).normal_()). */
export function standardNormal(shape: number[], d: dtype, device: Device): Tensor {
  return torch.empty(shape, { dtype: d, device }).normal_();
}

/** Sums out the `dim` rightmost dimensions. */
export function sumRightmost(value: Tensor, dim: number): Tensor {
  if (dim === 0) return value;
  const shape = value.shape;
  return value.reshape([...shape.slice(0, shape.length - dim), -1]).sum(-1);
}

export function logitsToProbs(logits: Tensor, isBinary = false): Tensor {
  if (isBinary) return torch.sigmoid(logits);
  return logits.softmax(-1);
}

/** Clamps probabilities into the open interval (0, 1): [eps, 1 - eps]. */
export function clampProbs(probs: Tensor): Tensor {
  const eps = finfo(probs.dtype).eps;
  return probs.clamp({ min: eps, max: 1 - eps });
}

export function probsToLogits(probs: Tensor, isBinary = false): Tensor {
  const ps = clampProbs(probs);
  if (isBinary) return torch.log(ps).sub(torch.log1p(ps.neg()));
  return torch.log(ps);
}

// ---------------------------------------------------------------- Python operators with a number first
/** Python `a - t` (Tensor.__rsub__). */
export function rsub(a: number, t: Tensor): Tensor {
  return torch.rsub(t, a);
}
/** Python `a / t` (Tensor.__rdiv__: reciprocal, then multiply). */
export function rdiv(a: number, t: Tensor): Tensor {
  return t.reciprocal().mul(a);
}

// ---------------------------------------------------------------- shapes and Python reprs
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
/** torch.broadcast_shapes */
export function broadcastShapes(...shapes: number[][]): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(n).fill(1);
  for (const s of shapes)
    for (let i = 0; i < s.length; i++) {
      const k = n - s.length + i;
      if (out[k] === 1) out[k] = s[i];
      else if (s[i] !== 1 && s[i] !== out[k]) throw new RangeError(`Shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 and arg 1.`);
    }
  return out;
}

/** `torch.Size([2, 3])` */
export function pySize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}
/** Python's tuple repr of a shape: `(3,)`, `(2, 3)`, `()`. */
export function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
/** Python's repr of a float. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-4 || ax >= 1e16)) {
    // exponent notation: shortest digits, two-digit exponent at least
    const [m, e] = x.toExponential().split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = String(x);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}
/** What Python prints for a value in a constraint or distribution repr (f"{v}"). */
export function pyValue(v: unknown, isFloat = false): string {
  if (v instanceof Tensor) {
    if (v.dim() === 0) {
      const x = v.item();
      if (typeof x === "boolean") return x ? "True" : "False";
      return v.isFloatingPoint() ? pyFloat(x) : String(x);
    }
    return String(v);
  }
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return isFloat ? pyFloat(v) : String(v);
  return String(v);
}
/** snake_case name of a camelCase attribute (what Python's messages name). */
export function pyName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// ---------------------------------------------------------------- lazy parameters
const LAZY = Symbol("lazy");
type LazyHolder = { [LAZY]?: Map<string, unknown> };

/** Whether `name` holds a value on `obj` (Python's `name in self.__dict__`). */
export function inDict(obj: object, name: string): boolean {
  const lazy = (obj as LazyHolder)[LAZY];
  if (lazy && lazy.has(name)) return true;
  return Object.prototype.hasOwnProperty.call(obj, name) && (obj as Record<string, unknown>)[name] !== undefined;
}
/** Whether `name` is a lazy property of obj's class. */
export function isLazy(obj: object, name: string): boolean {
  let p = Object.getPrototypeOf(obj);
  while (p) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return !!(d.get as { lazy?: boolean } | undefined)?.lazy;
    p = Object.getPrototypeOf(p);
  }
  return false;
}

/**
 * Defines `name` on `cls.prototype` as Python's lazy_property: computed on first
 * read (with grad enabled), then stored; assignment stores directly.
 */
export function lazyProperty<T extends object>(cls: { prototype: T }, name: string, compute: (self: T) => unknown): void {
  const get = function (this: T & LazyHolder) {
    let m = this[LAZY];
    if (!m) m = this[LAZY] = new Map();
    if (m.has(name)) return m.get(name);
    const v = enableGrad(() => compute(this));
    m.set(name, v);
    return v;
  };
  (get as { lazy?: boolean }).lazy = true;
  Object.defineProperty(cls.prototype, name, {
    get,
    set(this: T & LazyHolder, v: unknown) {
      let m = this[LAZY];
      if (!m) m = this[LAZY] = new Map();
      if (v === undefined) m.delete(name);
      else m.set(name, v);
    },
    configurable: true,
    enumerable: false,
  });
}

/** tril_matrix_to_vec(mat, diag) */
export function trilMatrixToVec(mat: Tensor, diag = 0): Tensor {
  const n = mat.shape[mat.dim() - 1];
  if (diag < -n || diag >= n) throw valueError(`diag (${diag}) provided is outside [${-n}, ${n - 1}].`);
  const arange = torch.arange(n, { device: mat.device });
  const mask = arange.lt(arange.view(-1, 1).add(diag + 1));
  return mat.index("...", mask);
}

/**
 * Binds a constructor's arguments (positional in Python's order, or one trailing
 * options object) and checks the first `nRequired` are given, with Python's
 * TypeError text (`Normal.__init__() missing 1 required positional argument: 'scale'`).
 */
export function bindArgs(cls: string, names: readonly string[], args: readonly unknown[], nRequired: number): unknown[] {
  const out = bind(`${cls}.__init__`, names, args);
  const missing = names.slice(0, nRequired).filter((_, i) => out[i] === undefined).map((n) => `'${pyName(n)}'`);
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
    throw new TypeError(`${cls}.__init__() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${list}`);
  }
  return out;
}

/** vec_to_tril_matrix(vec, diag): a (batched) vector into the lower triangle of a D x D matrix, row by row. */
export function vecToTrilMatrix(vec: Tensor, diag = 0): Tensor {
  const last = vec.shape[vec.dim() - 1];
  const a = 1 + 2 * diag;
  const n = (-a + (a ** 2 + 8 * last + 4 * Math.abs(diag) * (diag + 1)) ** 0.5) / 2;
  const eps = finfo(vec.dtype).eps;
  if (Math.round(n) - n > eps)
    throw valueError(`The size of last dimension is ${last} which cannot be expressed as the lower triangular part of a square D x D matrix.`);
  const m = Math.round(n);
  const mat = vec.newZeros([...vec.shape.slice(0, -1), m, m]);
  const arange = torch.arange(m, { device: vec.device });
  const mask = arange.lt(arange.view(-1, 1).add(diag + 1));
  mat.indexPut_(["...", mask], vec);
  return mat;
}
