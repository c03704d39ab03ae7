// torch.finfo / torch.iinfo: the numerical limits of a dtype, with Python's
// attribute names (camelCase) and repr.
import { inspect } from "util";
import * as dt from "./dtype";
import { dtype } from "./dtype";
import { native } from "./native";
import { describe } from "./device";
import { pyFormatExp, pyFormatFixed } from "./tensor_str";

/** C++ ostream's default float format (Python's finfo repr uses it): %g with 6 significant digits, correctly rounded. */
function fmtG(x: number | bigint): string {
  const v = Number(x);
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  const [m, e] = pyFormatExp(v, 5).split("e");
  const exp = Number(e);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= 6) return `${strip(m)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return strip(pyFormatFixed(v, 5 - exp));
}

const FLOAT_LIMITS = new Map<dtype, { bits: number; eps: number; max: number; tiny: number; resolution: number }>([
  [dt.float32, { bits: 32, eps: 2 ** -23, max: (2 - 2 ** -23) * 2 ** 127, tiny: 2 ** -126, resolution: 1e-6 }],
  [dt.float64, { bits: 64, eps: 2 ** -52, max: Number.MAX_VALUE, tiny: 2 ** -1022, resolution: 1e-15 }],
  [dt.float16, { bits: 16, eps: 2 ** -10, max: 65504, tiny: 2 ** -14, resolution: 0.001 }],
  [dt.bfloat16, { bits: 16, eps: 2 ** -7, max: (2 - 2 ** -7) * 2 ** 127, tiny: 2 ** -126, resolution: 0.01 }],
]);

/** What torch.finfo(dtype) returns. */
export class FInfo {
  readonly bits: number;
  /** The smallest x with 1 + x != 1. */
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  /** The smallest positive normal number (= smallestNormal). */
  readonly tiny: number;
  readonly smallestNormal: number;
  /** 10 ** -(decimal digits of precision). */
  readonly resolution: number;
  /** The dtype's name, as Python's finfo.dtype ("float32"). */
  readonly dtype: string;
  /** @internal */
  constructor(d: dtype) {
    const real = d === dt.complex64 ? dt.float32 : d === dt.complex128 ? dt.float64 : d;
    const l = FLOAT_LIMITS.get(real)!;
    this.bits = l.bits;
    this.eps = l.eps;
    this.max = l.max;
    this.min = -l.max;
    this.tiny = l.tiny;
    this.smallestNormal = l.tiny;
    this.resolution = l.resolution;
    this.dtype = real.name;
    Object.freeze(this);
  }
  toString(): string {
    return `finfo(resolution=${fmtG(this.resolution)}, min=${fmtG(this.min)}, max=${fmtG(this.max)}, eps=${fmtG(this.eps)}, ` +
      `smallest_normal=${fmtG(this.smallestNormal)}, tiny=${fmtG(this.tiny)}, dtype=${this.dtype})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** What torch.iinfo(dtype) returns; min and max are bigints for int64 (exact, as Python's ints), numbers otherwise. */
export class IInfo {
  readonly bits: number;
  readonly max: number | bigint;
  readonly min: number | bigint;
  readonly dtype: string;
  /** @internal */
  constructor(d: dtype) {
    this.bits = d.itemsize * 8;
    if (d === dt.int64) {
      this.max = 2n ** 63n - 1n;
      this.min = -(2n ** 63n);
    } else if (d.isSigned) {
      this.max = 2 ** (this.bits - 1) - 1;
      this.min = -(2 ** (this.bits - 1));
    } else {
      this.max = 2 ** this.bits - 1;
      this.min = 0;
    }
    this.dtype = d.name;
    Object.freeze(this);
  }
  toString(): string {
    return `iinfo(min=${fmtG(this.min)}, max=${fmtG(this.max)}, dtype=${this.dtype})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * torch.finfo(dtype = torch.getDefaultDtype()): bits, eps, max, min, tiny,
 * smallestNormal, resolution, dtype. Callable with or without `new`.
 */
export const finfo = function finfo(type?: dtype): FInfo {
  const d = type === undefined || type === null ? dt.dtypeFromCode(native.getDefaultDtype()) : type;
  if (!(d instanceof dtype)) throw new TypeError(`finfo(): argument 'type' (position 1) must be torch.dtype, not ${describe(d)}`);
  if (!d.isFloatingPoint && !d.isComplex) throw new TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
  return new FInfo(d);
} as { (type?: dtype): FInfo; new (type?: dtype): FInfo; prototype: FInfo };
finfo.prototype = FInfo.prototype;

/** torch.iinfo(dtype): bits, max, min, dtype of an integer type. Callable with or without `new`. */
export const iinfo = function iinfo(type: dtype): IInfo {
  if (type === undefined) throw new TypeError('iinfo() missing 1 required positional arguments: "type"');
  if (!(type instanceof dtype)) throw new TypeError(`iinfo(): argument 'type' (position 1) must be torch.dtype, not ${describe(type)}`);
  if (type === dt.bool) throw new TypeError("torch.bool is not supported by torch.iinfo");
  if (type.isFloatingPoint || type.isComplex) throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
  return new IInfo(type);
} as { (type: dtype): IInfo; new (type: dtype): IInfo; prototype: IInfo };
iinfo.prototype = IInfo.prototype;
