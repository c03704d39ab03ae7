// Python's legacy tensor constructors: torch.Tensor(data) / new torch.Tensor(2, 3)
// and the typed ones (torch.FloatTensor, torch.LongTensor, ...). `torch.Tensor`
// is a Proxy over the Tensor class: constructing or calling it runs the legacy
// constructor, everything else (instanceof, prototype, statics) is the class's,
// and the class's own constructor (every op result) stays untouched.
import { types } from "util";
import { Tensor } from "./tensor";
import * as dt from "./dtype";
import { dtype } from "./dtype";
import { native } from "./native";
import { tensor, empty } from "./creation";
import { Size } from "./size";
import { describe } from "./device";
import { isOptions } from "./args";

const isExternal = types.isExternal;

type LegacyArg = number | ArrayLike<unknown> | Tensor | Size | { device?: string };

function legacyNew(d: dtype, name: string, args: unknown[]): Tensor {
  let device: unknown;
  if (args.length && isOptions(args[args.length - 1])) {
    const o = args[args.length - 1] as { device?: unknown };
    for (const k of Object.keys(o)) if (k !== "device") throw new TypeError(`new() got an unexpected keyword argument '${k}'`);
    device = o.device;
    args = args.slice(0, -1);
  }
  const opts = device === undefined || device === null ? {} : { device: device as string };
  if (args.length === 0) return empty([0], { dtype: d, ...opts });
  const a0 = args[0];
  if (args.length === 1 && a0 instanceof Tensor) {
    if (a0.dtype !== d) throw new TypeError(`expected ${name} of dtype ${d} (got ${a0.dtype})`);
    return a0;
  }
  if (args.every((v) => typeof v === "number")) {
    for (const v of args as number[]) {
      if (!Number.isInteger(v)) throw new TypeError(`new(): data must be a sequence (got ${describe(v)})`);
    }
    return empty(args as number[], { dtype: d, ...opts });
  }
  if (args.length === 1 && a0 instanceof Size) return empty([...a0], { dtype: d, ...opts });
  if (args.length === 1 && (Array.isArray(a0) || (ArrayBuffer.isView(a0) && !(a0 instanceof DataView))))
    return tensor(a0 as number[], { dtype: d, ...opts });
  throw new TypeError(`new() received an invalid combination of arguments - got (${args.map(describe).join(", ")}), ` +
    "expected (), (Tensor other), (tuple of ints size) or (object data)");
}

/** A legacy typed constructor: callable with or without `new`; `x instanceof torch.FloatTensor` checks dtype and CPU. */
export interface LegacyTensorType {
  (...args: LegacyArg[]): Tensor;
  new (...args: LegacyArg[]): Tensor;
}

function legacyType(d: dtype): LegacyTensorType {
  const name = dt.legacyTypeNames.get(d)!;
  // a function (not a method) so that `new torch.FloatTensor(...)` works too; it returns the tensor either way
  const f = function (...args: unknown[]) { return legacyNew(d, name, args); };
  Object.defineProperty(f, "name", { value: name });
  Object.defineProperty(f, Symbol.hasInstance, {
    value: (v: unknown) => v instanceof Tensor && v.dtype === d && native.device(v._h) === "cpu",
  });
  Object.defineProperty(f, "dtype", { value: d });
  f.toString = () => `<class 'torch.${name}'>`;
  return f as unknown as LegacyTensorType;
}

export const FloatTensor = legacyType(dt.float32);
export const DoubleTensor = legacyType(dt.float64);
export const HalfTensor = legacyType(dt.float16);
export const BFloat16Tensor = legacyType(dt.bfloat16);
export const LongTensor = legacyType(dt.int64);
export const IntTensor = legacyType(dt.int32);
export const ShortTensor = legacyType(dt.int16);
export const CharTensor = legacyType(dt.int8);
export const ByteTensor = legacyType(dt.uint8);
export const BoolTensor = legacyType(dt.bool);

/** The Tensor class as torch.Tensor: also Python's legacy constructor (the default dtype, float32 unless changed). */
export type TensorConstructor = typeof Tensor & LegacyTensorType;

function legacyDefault(args: unknown[]): Tensor {
  const d = dt.dtypeFromCode(native.getDefaultDtype());
  return legacyNew(d, dt.legacyTypeNames.get(d)!, args);
}

export const TensorProxy: TensorConstructor = new Proxy(Tensor, {
  // a subclass (class T extends torch.Tensor) constructs through the class itself, as does a native handle
  construct: (target, args, newTarget) =>
    newTarget === TensorProxy && !(args.length === 1 && isExternal(args[0])) ? legacyDefault(args) : Reflect.construct(target, args, newTarget),
  apply: (_target, _this, args) => legacyDefault(args),
}) as TensorConstructor;
