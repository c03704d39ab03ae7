// Helpers shared by the torchvision model builders (torchvision/models/_utils.py):
// _make_divisible, the keyword-only builder options, and calling a layer factory
// (Python passes classes and functools.partial objects as norm_layer / activation_layer).
import { Module } from "../../nn/module";
import { Options } from "../../args";
import { describe } from "../../device";
import { Tensor } from "../../tensor";

/**
 * torchvision's _make_divisible(v, divisor, min_value=None): the channel count nearest to v that is a
 * multiple of divisor, not below min_value and not more than 10% below v.
 */
export function _makeDivisible(v: number, divisor: number, minValue: number | null = null): number {
  const min = minValue ?? divisor;
  let newV = Math.max(min, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (newV < 0.9 * v) newV += divisor;
  return newV;
}

/**
 * A layer argument (norm_layer, activation_layer, conv_layer, block, ...): a Module class, called with
 * `new` (`nn.BatchNorm2d`), or a function returning a module (Python's functools.partial:
 * `(c) => new nn.BatchNorm2d(c, { eps: 0.001, momentum: 0.01 })`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LayerFactory<M extends Module = Module> = (abstract new (...args: any[]) => M) | ((...args: any[]) => M);

/** Whether `f` is a Module class (constructed with new) rather than a factory function. */
function isModuleClass(f: unknown): boolean {
  return typeof f === "function" && (f === Module || (f.prototype !== undefined && f.prototype instanceof Module));
}

/** Python's `layer(*args)` for a class or a partial: `new f(...args)` for a Module class, `f(...args)` otherwise. */
export function makeLayer<M extends Module = Module>(f: unknown, what: string, ...args: unknown[]): M {
  if (typeof f !== "function") throw new TypeError(`${what} must be a Module class or a function returning a Module, not ${describe(f)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const m = isModuleClass(f) ? new (f as any)(...args) : (f as (...a: unknown[]) => unknown)(...args);
  if (!(m instanceof Module)) throw new TypeError(`${what} returned ${describe(m)}, not a Module`);
  return m as M;
}

/** Whether a layer argument is `f` itself or a subclass of it (Python's `layer is f` / issubclass on a class). */
export function isLayerClass(f: unknown, cls: abstract new (...a: never[]) => unknown): boolean {
  return typeof f === "function" && (f === cls || (f.prototype !== undefined && f.prototype instanceof cls));
}

/** Python's `kwargs.pop(name, default)`. */
export function pop<T>(opts: Options, name: string, dflt: T): T {
  if (!(name in opts)) return dflt;
  const v = opts[name] as T;
  delete opts[name];
  return v === undefined ? dflt : v;
}

/** Throws Python's TypeError for a keyword the builder fixes itself (`got multiple values for keyword argument`). */
export function rejectFixed(fn: string, opts: Options, names: Record<string, string>): void {
  for (const [key, py] of Object.entries(names))
    if (key in opts && opts[key] !== undefined) throw new TypeError(`${fn}() got multiple values for keyword argument '${py}'`);
}

/** A non-negative integer count (num_classes, ...), else a TypeError / RangeError naming it. */
export function checkCount(fn: string, v: unknown, pyName: string): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new TypeError(`${fn}(): argument '${pyName}' must be int, not ${describe(v)}`);
  if (v < 0) throw new RangeError(`${fn}(): argument '${pyName}' must be non-negative, got ${v}`);
  return v;
}

/** A positive integer (channels, sizes), else a TypeError / RangeError naming it. */
export function checkPositive(fn: string, v: unknown, pyName: string): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new TypeError(`${fn}(): argument '${pyName}' must be int, not ${describe(v)}`);
  if (v <= 0) throw new RangeError(`${fn}(): argument '${pyName}' must be positive, got ${v}`);
  return v;
}

/** A float in [0, 1] (dropout, stochastic depth probabilities). */
export function checkProb(fn: string, v: unknown, pyName: string): number {
  if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`${fn}(): argument '${pyName}' must be float, not ${describe(v)}`);
  if (v < 0 || v > 1) throw new RangeError(`${fn}(): argument '${pyName}' must be between 0 and 1, got ${v}`);
  return v;
}

/** A positive float multiplier (width_mult, depth_mult). */
export function checkMult(fn: string, v: unknown, pyName: string): number {
  if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`${fn}(): argument '${pyName}' must be float, not ${describe(v)}`);
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${fn}(): argument '${pyName}' must be positive and finite, got ${v}`);
  return v;
}


