// Helpers of the color transforms (not part of the public API): Python-style argument
// binding with torchvision's messages, and Python reprs of the values transforms print.
import { bind } from "../../args";
import { describe } from "../../device";
import { pyFloat } from "../../nn/repr";

/** Python's parameter binding: positional in order or one trailing options object; checks the required ones. */
export function bindArgs(fn: string, names: readonly string[], required: number, args: readonly unknown[]): unknown[] {
  const out = bind(fn, names, args);
  const missing: string[] = [];
  for (let i = 0; i < required; i++) if (out[i] === undefined) missing.push(`'${snake(names[i])}'`);
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
    throw new TypeError(`${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${list}`);
  }
  return out;
}

/** camelCase -> Python's snake_case (for messages). */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A real number argument (Python's float / int); throws a TypeError naming it. */
export function numArg(fn: string, v: unknown, name: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new TypeError(`${fn}(): argument '${snake(name)}' must be a number, not ${describe(v)}`);
}

/** An int argument; throws a TypeError naming it. */
export function intArg(fn: string, v: unknown, name: string): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${fn}(): argument '${snake(name)}' must be int, not ${describe(v)}`);
}

const TUPLE = Symbol("tuple"), FLOATS = Symbol("floats");
/** Marks an array to print as a Python tuple (of floats with `floats`). */
export function tup<T extends unknown[]>(a: T, floats = false): T {
  Object.defineProperty(a, TUPLE, { value: true, enumerable: false });
  if (floats) Object.defineProperty(a, FLOATS, { value: true, enumerable: false });
  return a;
}
/** Python's repr of a value torchvision prints in its reprs (numbers, tuples, lists, None, bools, tensors). */
export function pyRepr(v: unknown, floats = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return floats ? pyFloat(v) : Number.isFinite(v) ? String(v) : pyFloat(v);
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) {
    const fl = floats || (v as unknown as Record<symbol, boolean>)[FLOATS] === true;
    const items = v.map((x) => pyRepr(x, fl));
    if ((v as unknown as Record<symbol, boolean>)[TUPLE]) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    return `[${items.join(", ")}]`;
  }
  return String(v);
}

