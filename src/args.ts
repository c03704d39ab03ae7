// Argument handling shared by every public entry point (PORTING.md rule 3):
// positional in Python's order, or one trailing options object with camelCase keys.
import { isDtype } from "./dtype";
import { isLayout } from "./layout";
import { isMemoryFormat } from "./memory_format";
import { Device, describe } from "./device";
import { asTuple, markFloats } from "./pytypes";

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
/** Arrays longer than this are checked for holes before anything iterates them (a dense one that long is costly to build anyway). */
const LONG_ARRAY = 2 ** 24;

/**
 * Throws a TypeError when `v` is a very long array with holes (a sparse `new Array(2 ** 32 - 1)`): spreading,
 * copying or mapping it walks billions of holes (a hang, or a V8 heap out-of-memory abort), where Python has
 * no such list. A short array with holes is left to the element checks (a hole reads as undefined).
 */
export function checkNotSparse(fn: string, name: string, v: unknown): void {
  if (!Array.isArray(v) || v.length <= LONG_ARRAY) return;
  for (let i = 0; i < v.length; i++)
    if (!(i in v)) throw new TypeError(`${fn}(): argument '${name}' is a sparse array of length ${v.length} (no element at index ${i})`);
}

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
  for (let i = 0; i < out.length; i++) if (Array.isArray(out[i])) checkNotSparse(fn, names[i], out[i]);
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


// ---------------------------------------------------------------- enum arguments
//
// dtype, layout and memory format arguments take only the torch.* objects, as in
// Python (`clone(): argument 'memory_format' must be torch.memory_format, not int`):
// never a number, a string or a look-alike object, so an invalid code cannot reach
// LibTorch (binding/ checks the codes again).

/** The TypeError for a value that is not one of the `typeName` objects. */
export function enumArgError(fn: string, what: string, typeName: string, v: unknown, position?: number): TypeError {
  const at = position === undefined ? "" : ` (position ${position})`;
  const got = v !== null && typeof v === "object" && describe(v) === typeName
    ? `a look-alike ${typeName} object (only the torch.* objects are accepted)` : describe(v);
  return new TypeError(`${fn}(): argument '${what}'${at} must be ${typeName}, not ${got}`);
}

/** dtype option -> native code (or null). */
export function dtypeArg(fn: string, v: unknown, what = "dtype"): number | null {
  if (v === undefined || v === null) return null;
  if (isDtype(v)) return v.code;
  throw enumArgError(fn, what, "torch.dtype", v);
}

/** layout option (torch.strided, torch.sparseCoo, ...) -> native code (or null). */
export function layoutArg(fn: string, v: unknown, what = "layout"): number | null {
  if (v === undefined || v === null) return null;
  if (isLayout(v)) return v.code;
  throw enumArgError(fn, what, "torch.layout", v);
}

/** memoryFormat option (torch.contiguousFormat, torch.channelsLast, ...) -> native code (or null). */
export function memoryFormatArg(fn: string, v: unknown, what = "memory_format"): number | null {
  if (v === undefined || v === null) return null;
  if (isMemoryFormat(v)) return v.code;
  throw enumArgError(fn, what, "torch.memory_format", v);
}


export function isDeviceLike(v: unknown): v is string | Device {
  return typeof v === "string" || v instanceof Device;
}

// ---------------------------------------------------------------- Python signatures


/** One parameter of a Python signature. */
interface SigParam {
  /** Python's name (`weight_decay`) */
  name: string;
  /** the options key (`weightDecay`) */
  key: string;
  /** Python's annotation text (`float`, `tuple[float, float]`, `bool | None`) */
  type: string;
  check: (v: unknown) => boolean;
  required: boolean;
  kwOnly: boolean;
  /** Python's default (a fresh copy per call for tuples) */
  dflt: unknown;
}

/** Python name -> camelCase options key (`weight_decay` -> `weightDecay`, `T_max` -> `TMax`). */
export const camelKey = (n: string): string => n.replace(/_([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Splits on `sep` outside brackets, parentheses and quotes. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = "", start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i).trim());
      start = i + sep.length;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

function parseDefault(s: string): unknown {
  if (s === "None") return null;
  if (s === "True") return true;
  if (s === "False") return false;
  if (/^'.*'$|^".*"$/.test(s)) return s.slice(1, -1);
  if (s.startsWith("(") && s.endsWith(")")) return asTuple(splitTop(s.slice(1, -1), ",").filter((x) => x).map(parseDefault));
  const n = Number(s);
  if (s === "" || Number.isNaN(n)) throw new Error(`signature: bad default ${s}`);
  return n;
}

const isIterable = (v: unknown) => v !== null && typeof v === "object" && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function";

/** A checker for a Python annotation (the kinds optimizers and schedulers use). */
function checker(type: string): (v: unknown) => boolean {
  const alts = splitTop(type, "|").map((t) => {
    const m = /^(\w+)(?:\[(.*)\])?$/.exec(t);
    if (!m) throw new Error(`signature: bad type ${t}`);
    const [, head, inner] = m;
    switch (head) {
      case "float": case "int": return (v: unknown) => typeof v === "number";
      case "bool": return (v: unknown) => typeof v === "boolean";
      case "str": case "Literal": return (v: unknown) => typeof v === "string";
      case "None": return (v: unknown) => v === null;
      case "Callable": return (v: unknown) => typeof v === "function";
      case "tuple": {
        const items = splitTop(inner, ",").map(checker);
        return (v: unknown) => Array.isArray(v) && v.length === items.length && v.every((x, i) => items[i](x));
      }
      case "list": case "Sequence": {
        const item = checker(inner);
        return (v: unknown) => Array.isArray(v) && v.every(item);
      }
      case "Iterable": return isIterable;
      default: return () => true; // Optimizer, LRScheduler, Any: the class checks them
    }
  });
  return (v) => alts.some((f) => f(v));
}

/** Whether numbers under this annotation are Python floats (float, list[float], tuple of floats). */
const floatType = (t: string) => /\bfloat\b/.test(t) && !/\bint\b/.test(t);

/**
 * A Python function signature, written as Python prints it
 * (`"params, lr: float = 0.001, *, maximize: bool = False"`), that binds JS
 * arguments as PORTING.md rule 3: every parameter positionally in Python's order
 * (not past a `*`), or any of them in one trailing options object with camelCase
 * keys (Python's name is accepted too). Too many positionals, an unknown option,
 * a parameter given twice, a missing one or a value of the wrong type throw
 * Python's TypeError. `fn` is the name in the messages (`SGD.__init__`);
 * `self` counts Python's self in "takes N positional arguments".
 */
export class Signature {
  readonly params: SigParam[] = [];
  private readonly byKey = new Map<string, SigParam>();
  private readonly nPos: number;

  constructor(readonly fn: string, text: string, private readonly self = true) {
    let kwOnly = false;
    for (const part of splitTop(text, ",")) {
      if (part === "*") {
        kwOnly = true;
        continue;
      }
      const [decl, dflt] = splitTop(part, "=");
      const [name, type = "Any"] = splitTop(decl, ":");
      const p: SigParam = {
        name, key: camelKey(name), type, check: checker(type), required: dflt === undefined, kwOnly,
        dflt: dflt === undefined ? undefined : parseDefault(dflt),
      };
      this.params.push(p);
      this.byKey.set(p.key, p);
      this.byKey.set(p.name, p);
    }
    this.nPos = this.params.filter((p) => !p.kwOnly).length;
  }

  /** Python's names of the parameters whose numbers are floats. */
  floatNames(): string[] {
    return this.params.filter((p) => floatType(p.type)).map((p) => p.name);
  }
  /** Python's names of the tuple parameters. */
  tupleNames(): string[] {
    return this.params.filter((p) => /^tuple\[/.test(p.type)).map((p) => p.name);
  }

  /**
   * Binds `args`: an object of every parameter under Python's name, in the
   * signature's order, defaults filled in (undefined counts as not given).
   * Tuples are copied and marked as tuples; numbers of float parameters are marked
   * as floats in tuples and lists (src/pytypes.ts).
   */
  bind(args: readonly unknown[]): Record<string, unknown> {
    let n = args.length;
    let opts: Options | undefined;
    if (n > 0 && isOptions(args[n - 1])) {
      opts = args[n - 1] as Options;
      n--;
    }
    const s = this.self ? 1 : 0;
    if (n > this.nPos) {
      const nReq = this.params.filter((p) => !p.kwOnly && p.required).length;
      const lo = nReq + s, hi = this.nPos + s;
      const takes = lo === hi ? `${hi} positional argument${hi === 1 ? "" : "s"}` : `from ${lo} to ${hi} positional arguments`;
      const kw = opts ? Object.keys(opts).filter((k) => opts![k] !== undefined && this.byKey.get(k)?.kwOnly).length : 0;
      const given = kw ? `${n + s} positional argument${n + s === 1 ? "" : "s"} (and ${kw} keyword-only argument${kw === 1 ? "" : "s"})` : `${n + s}`;
      throw new TypeError(`${this.fn}() takes ${takes} but ${given} ${n + s === 1 && !kw ? "was" : "were"} given`);
    }
    const got = new Map<SigParam, unknown>();
    for (let i = 0; i < n; i++) if (args[i] !== undefined) got.set(this.params[i], args[i]);
    if (opts) {
      for (const k of Object.keys(opts)) {
        const p = this.byKey.get(k);
        if (!p) throw new TypeError(`${this.fn}() got an unexpected keyword argument '${k}'`);
        if (opts[k] === undefined) continue;
        if (got.has(p)) throw new TypeError(`${this.fn}() got multiple values for argument '${p.name}'`);
        got.set(p, opts[k]);
      }
    }
    const missing = this.params.filter((p) => p.required && !got.has(p)).map((p) => `'${p.name}'`);
    if (missing.length) {
      const list = missing.length === 1 ? missing[0] : missing.length === 2 ? missing.join(" and ") : `${missing.slice(0, -1).join(", ")}, and ${missing[missing.length - 1]}`;
      throw new TypeError(`${this.fn}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${list}`);
    }
    const out: Record<string, unknown> = {};
    for (const p of this.params) {
      let v = got.has(p) ? got.get(p) : p.dflt;
      checkNotSparse(this.fn, p.name, v);
      if (got.has(p) && !p.check(v))
        throw new TypeError(`${this.fn}(): argument '${p.name}' must be ${p.type}, not ${describe(v)}`);
      if (Array.isArray(v)) {
        v = /^tuple\[/.test(p.type) || (!got.has(p) && v === p.dflt) ? asTuple([...v]) : [...v];
        if (floatType(p.type)) markFloats(v as unknown[], true);
      }
      out[p.name] = v;
    }
    return out;
  }
}

/**
 * The arguments after a fixed first one of a Python-signature function, for TypeScript: any prefix of
 * the positional parameters `P` (a labeled tuple, in Python's order; each may be undefined = its
 * default), then optionally the options object `O`. `PyArgs<[lr: number, momentum: number], SGDOptions>`
 * = `[O?] | [lr, O?] | [lr, momentum, O?]`.
 */
export type PyArgs<P extends unknown[], O> = P extends [...infer Init, unknown]
  ? [...{ [K in keyof P]: P[K] | undefined }, O?] | PyArgs<Init, O>
  : [O?];

/** The prefixes of a tuple that are neither empty nor the whole tuple. */
type StrictPrefixes<T extends unknown[]> = T extends [...infer I, unknown] ? (I extends [] ? never : I | StrictPrefixes<I>) : never;

/**
 * PyArgs with required positional parameters `R` first: `[...R, ...PyArgs<P, O>]`; or the first few of
 * `R` and the rest in the options object `O` (`new nn.Conv2d(3, 64, { kernelSize: 3 })`; which keys
 * that object must then hold is left to the run-time check); or every argument in `O`, whose keys `K`
 * (the required parameters) must then be present.
 * `PyArgsReq<[numGroups: number], [weight: Tensor | null], GroupNormOptions, "numGroups">`
 * = `[numGroups, O?] | [numGroups, weight, O?] | [O & { numGroups }]`.
 */
export type PyArgsReq<R extends unknown[], P extends unknown[], O, K extends keyof O> =
  | [...R, ...PyArgs<P, O>]
  | [...StrictPrefixes<R>, O]
  | [O & { [Q in K]-?: Exclude<O[Q], undefined> }];
