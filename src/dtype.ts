// torch.dtype objects: one frozen instance per scalar type, compared by identity.
import { inspect } from "util";

/** Set once this module's dtypes exist: no other torch.dtype can be made, as in Python. */
let sealed = false;

export class dtype {
  /** @internal */
  constructor(
    /** Python's name without "torch.", e.g. "float32". */
    readonly name: string,
    /** c10::ScalarType code. */
    readonly code: number,
    readonly itemsize: number,
    readonly isFloatingPoint: boolean,
    readonly isComplex: boolean,
    readonly isSigned: boolean,
  ) {
    if (sealed) throw new TypeError("cannot create 'torch.dtype' instances");
    Object.freeze(this);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

export const uint8 = new dtype("uint8", 0, 1, false, false, false);
export const int8 = new dtype("int8", 1, 1, false, false, true);
export const int16 = new dtype("int16", 2, 2, false, false, true);
export const int32 = new dtype("int32", 3, 4, false, false, true);
export const int64 = new dtype("int64", 4, 8, false, false, true);
export const float16 = new dtype("float16", 5, 2, true, false, true);
export const float32 = new dtype("float32", 6, 4, true, false, true);
export const float64 = new dtype("float64", 7, 8, true, false, true);
export const complex64 = new dtype("complex64", 9, 8, false, true, true);
export const complex128 = new dtype("complex128", 10, 16, false, true, true);
export const bool = new dtype("bool", 11, 1, false, false, false);
export const bfloat16 = new dtype("bfloat16", 15, 2, true, false, true);

const byCode: (dtype | undefined)[] = [];
for (const d of [uint8, int8, int16, int32, int64, float16, float32, float64, complex64, complex128, bool, bfloat16])
  byCode[d.code] = d;

/**
 * Whether `v` is one of the torch.dtype objects (not a look-alike made with
 * Object.create or a forged code): what every dtype argument checks before its
 * code goes to LibTorch.
 */
export function isDtype(v: unknown): v is dtype {
  return v instanceof dtype && byCode[v.code] === v;
}

export function dtypeFromCode(code: number): dtype {
  const d = byCode[code];
  if (!d) throw new TypeError(`unsupported scalar type code ${code}`);
  return d;
}

/** Python's aliases, exported on torch as well. */
export const aliases = {
  float: float32,
  double: float64,
  half: float16,
  long: int64,
  int: int32,
  short: int16,
  cfloat: complex64,
  cdouble: complex128,
} as const;

/** Python's legacy tensor type names: float32 -> "FloatTensor" (torch.FloatTensor, t.type()). */
export const legacyTypeNames = new Map<dtype, string>([
  [uint8, "ByteTensor"], [int8, "CharTensor"], [int16, "ShortTensor"], [int32, "IntTensor"], [int64, "LongTensor"],
  [float16, "HalfTensor"], [float32, "FloatTensor"], [float64, "DoubleTensor"], [bool, "BoolTensor"], [bfloat16, "BFloat16Tensor"],
  [complex64, "ComplexFloatTensor"], [complex128, "ComplexDoubleTensor"],
]);

sealed = true;
