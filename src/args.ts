// Argument handling shared by every public entry point (PORTING.md rule 3):
// positional in Python's order, or one trailing options object with camelCase keys.
import { dtype } from "./dtype";
import { Device, describe } from "./device";

export type Options = Record<string, unknown>;

/** A plain `{ ... }` object: the trailing options argument. */
export function isOptions(v: unknown): v is Options {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Binds `args` to Python's parameter `names`: positional values first, then the
 * trailing options object. Throws TypeError for too many arguments, unknown
 * options and a parameter given twice, as Python does.
 */
export function bind(fn: string, names: readonly string[], args: readonly unknown[]): unknown[] {
  let n = args.length;
  let opts: Options | undefined;
  if (n > 0 && isOptions(args[n - 1])) {
    opts = args[n - 1] as Options;
    n--;
  }
  if (n > names.length)
    throw new TypeError(`${fn}() takes ${names.length} positional argument${names.length === 1 ? "" : "s"} but ${n} were given`);
  const out = new Array<unknown>(names.length);
  for (let i = 0; i < n; i++) out[i] = args[i];
  if (opts) {
    for (const key of Object.keys(opts)) {
      const i = names.indexOf(key);
      if (i < 0) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
      if (i < n && args[i] !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${key}'`);
      out[i] = opts[key];
    }
  }
  return out;
}

/** Sizes given spread (`3, 4`), as one array (`[3, 4]`), or in options (`{ size: [3, 4] }`). */
export function splitSizes(fn: string, args: readonly unknown[]): { size: number[]; opts: Options } {
  let end = args.length;
  let opts: Options = {};
  if (end > 0 && isOptions(args[end - 1])) {
    opts = args[end - 1] as Options;
    end--;
  }
  let size: unknown;
  if (end === 1 && Array.isArray(args[0])) size = args[0];
  else if (end === 0) size = opts.size;
  else size = args.slice(0, end);
  if (end > 0 && opts.size !== undefined) throw new TypeError(`${fn}() got multiple values for argument 'size'`);
  if (size === undefined) throw new TypeError(`${fn}() missing 1 required positional argument: 'size'`);
  return { size: checkSize(fn, size), opts };
}

export function checkSize(fn: string, size: unknown, what = "size"): number[] {
  if (typeof size === "number") size = [size];
  if (!Array.isArray(size)) throw new TypeError(`${fn}(): argument '${what}' must be tuple of ints, not ${describe(size)}`);
  for (const s of size) {
    if (typeof s !== "number" || !Number.isInteger(s))
      throw new TypeError(`${fn}(): argument '${what}' must be tuple of ints, but found element of type ${describe(s)}`);
  }
  return size as number[];
}

export function checkInt(fn: string, v: unknown, what: string): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be int, not ${describe(v)}`);
}


export function checkBool(fn: string, v: unknown, what: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be bool, not ${describe(v)}`);
}


/** dtype option -> native code (or null). */
export function dtypeArg(fn: string, v: unknown, what = "dtype"): number | null {
  if (v === undefined || v === null) return null;
  if (v instanceof dtype) return v.code;
  throw new TypeError(`${fn}(): argument '${what}' must be torch.dtype, not ${describe(v)}`);
}

export function isDeviceLike(v: unknown): v is string | Device {
  return typeof v === "string" || v instanceof Device;
}
