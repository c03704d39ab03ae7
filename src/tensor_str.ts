/**
 * Tensor printing: a pure TypeScript port of Python torch's `torch/_tensor_str.py`
 * (torch 2.13): `_Formatter`, `_tensor_str`, `_tensor_str_with_formatter`,
 * `_vector_str`, `get_summarized_data`, `_add_suffixes`, `_str_intern` and the
 * print options (`set_printoptions` / `get_printoptions`).
 *
 * `formatTensor(info)` returns exactly what Python's `repr(t)` returns for a
 * dense, strided, real-valued tensor with the same shape, dtype, values, device
 * and autograd state.
 *
 * Python's float formatting (`'{:.4f}'`, `'{:.4e}'`, `'{:.0f}'`) is emulated
 * exactly: every double is expanded to its exact decimal value with BigInt
 * arithmetic and rounded half-to-even, as CPython's correctly rounded dtoa does.
 */

import { bind } from "./args";
import { describe } from "./device";

export interface TensorPrintInfo {
  shape: number[]; // [] for 0-d
  dtype: string; // python name without "torch.": "float32","float64","float16","bfloat16","int8",...,"bool"
  values: ArrayLike<number | bigint | boolean>; // flattened row-major values of the full tensor
  device: string; // "cpu", "cuda:0", "mps:0"
  requiresGrad: boolean; // print requires_grad=True when true and gradFn is null
  gradFn: string | null; // e.g. "AddBackward0"
}

// ---------------------------------------------------------------------------
// Print options
// ---------------------------------------------------------------------------

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sciMode: boolean | null;
}

export interface SetPrintOptions {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: "default" | "short" | "full" | null;
  sciMode?: boolean | null;
}

const PRINT_OPTS: PrintOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
};

/**
 * Mirror of `torch.set_printoptions`. As in Python, `sciMode` is always
 * assigned: omitting it resets it to `null` (automatic).
 */
export function setPrintoptions(options?: SetPrintOptions): void;
export function setPrintoptions(precision?: number | null, threshold?: number | null, edgeitems?: number | null, linewidth?: number | null,
  profile?: "default" | "short" | "full" | null, sciMode?: boolean | null): void;
export function setPrintoptions(...args: unknown[]): void {
  const [precision, threshold, edgeitems, linewidth, profile, sciMode] =
    bind("set_printoptions", ["precision", "threshold", "edgeitems", "linewidth", "profile", "sciMode"], args);
  for (const [v, n] of [[precision, "precision"], [threshold, "threshold"], [edgeitems, "edgeitems"], [linewidth, "linewidth"]] as const)
    if (v !== undefined && v !== null && typeof v !== "number") throw new TypeError(`set_printoptions(): argument '${n}' must be int, not ${describe(v)}`);
  if (sciMode !== undefined && sciMode !== null && typeof sciMode !== "boolean")
    throw new TypeError(`set_printoptions(): argument 'sci_mode' must be bool, not ${describe(sciMode)}`);
  const options = { precision, threshold, edgeitems, linewidth, sciMode } as SetPrintOptions;
  if (profile !== undefined && profile !== null) {
    if (profile === "default") {
      PRINT_OPTS.precision = 4;
      PRINT_OPTS.threshold = 1000;
      PRINT_OPTS.edgeitems = 3;
      PRINT_OPTS.linewidth = 80;
    } else if (profile === "short") {
      PRINT_OPTS.precision = 2;
      PRINT_OPTS.threshold = 1000;
      PRINT_OPTS.edgeitems = 2;
      PRINT_OPTS.linewidth = 80;
    } else if (profile === "full") {
      PRINT_OPTS.precision = 4;
      PRINT_OPTS.threshold = Infinity;
      PRINT_OPTS.edgeitems = 3;
      PRINT_OPTS.linewidth = 80;
    }
  }
  if (options.precision !== undefined && options.precision !== null) {
    PRINT_OPTS.precision = options.precision;
  }
  if (options.threshold !== undefined && options.threshold !== null) {
    PRINT_OPTS.threshold = options.threshold;
  }
  if (options.edgeitems !== undefined && options.edgeitems !== null) {
    PRINT_OPTS.edgeitems = options.edgeitems;
  }
  if (options.linewidth !== undefined && options.linewidth !== null) {
    PRINT_OPTS.linewidth = options.linewidth;
  }
  PRINT_OPTS.sciMode = options.sciMode ?? null;
}

/** Mirror of `torch.get_printoptions` (a copy; can be passed back to setPrintoptions). */
export function getPrintoptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

/** Mirror of the `torch._tensor_str.printoptions` context manager. */
export function withPrintoptions<T>(options: SetPrintOptions, fn: () => T): T {
  const old = getPrintoptions();
  setPrintoptions(options);
  try {
    return fn();
  } finally {
    setPrintoptions(old);
  }
}

// ---------------------------------------------------------------------------
// Python number formatting emulation
// ---------------------------------------------------------------------------

const B0 = BigInt(0);
const B1 = BigInt(1);
const B2 = BigInt(2);
const B5 = BigInt(5);
const B10 = BigInt(10);

const POW10_CACHE: bigint[] = [B1];
function pow10(n: number): bigint {
  while (POW10_CACHE.length <= n) {
    POW10_CACHE.push(POW10_CACHE[POW10_CACHE.length - 1]! * B10);
  }
  return POW10_CACHE[n]!;
}

const POW5_CACHE: bigint[] = [B1];
function pow5(n: number): bigint {
  while (POW5_CACHE.length <= n) {
    POW5_CACHE.push(POW5_CACHE[POW5_CACHE.length - 1]! * B5);
  }
  return POW5_CACHE[n]!;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Exact decimal expansion of |x| for finite x: |x| = digits / 10^scale,
 * with scale >= 0.
 */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  F64[0] = x;
  const hi = U32[LITTLE_ENDIAN ? 1 : 0]!;
  const lo = U32[LITTLE_ENDIAN ? 0 : 1]!;
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << BigInt(32)) | BigInt(lo);
  let exp: number;
  if (biasedExp === 0) {
    exp = -1074; // subnormal (or zero)
  } else {
    mant |= B1 << BigInt(52);
    exp = biasedExp - 1075;
  }
  if (mant === B0) return { digits: B0, scale: 0 };
  if (exp >= 0) return { digits: mant << BigInt(exp), scale: 0 };
  // mant * 2^exp = mant * 5^-exp / 10^-exp
  return { digits: mant * pow5(-exp), scale: -exp };
}

/** Divide a non-negative bigint by 10^k (k >= 1), rounding half to even. */
function roundDivPow10(n: bigint, k: number): bigint {
  if (k <= 0) return n * pow10(-k);
  const d = pow10(k);
  let q = n / d;
  const r = n % d;
  const half = d / B2; // 10^k is even for k >= 1
  if (r > half || (r === half && q % B2 === B1)) q += B1;
  return q;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Python `format(x, '.{prec}f')` for a float. */
export function pyFormatFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const sign = isNegative(x) ? "-" : "";
  const { digits, scale } = exactDecimal(x);
  if (prec > 2 ** 31 - 1) throw new RangeError("precision too big"); // Python's ValueError
  // a double's exact decimal expansion ends after `scale` digits: beyond that, zeros (no rounding, no BigInt work)
  const exact = scale <= prec;
  const p = exact ? scale : prec;
  let s = (exact ? digits : roundDivPow10(digits, scale - prec)).toString();
  if (p === 0) return sign + s + (prec > 0 ? "." + "0".repeat(prec) : "");
  if (s.length <= p) s = "0".repeat(p + 1 - s.length) + s;
  return sign + s.slice(0, s.length - p) + "." + s.slice(s.length - p) + "0".repeat(prec - p);
}

/** Python `format(x, '.{prec}e')` for a float (exponent has at least two digits). */
export function pyFormatExp(x: number, prec: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const sign = isNegative(x) ? "-" : "";
  const { digits, scale } = exactDecimal(x);
  let mantissa: bigint;
  let e10: number;
  if (digits === B0) {
    mantissa = B0;
    e10 = 0;
  } else {
    const nd = digits.toString().length;
    e10 = nd - 1 - scale;
    const want = prec + 1;
    if (nd > want) {
      mantissa = roundDivPow10(digits, nd - want);
      if (mantissa === pow10(want)) {
        mantissa = pow10(want - 1);
        e10 += 1;
      }
    } else {
      mantissa = digits; // exact: the digits, then zeros (appended as text below, no BigInt work)
    }
  }
  if (prec > 2 ** 31 - 1) throw new RangeError("precision too big"); // Python's ValueError
  let m = mantissa.toString();
  if (m.length < prec + 1) m = mantissa === B0 ? "0".repeat(prec + 1) : m + "0".repeat(prec + 1 - m.length);
  const body = prec > 0 ? m[0] + "." + m.slice(1) : m;
  const ae = Math.abs(e10);
  const es = (e10 < 0 ? "-" : "+") + (ae < 10 ? "0" + ae : String(ae));
  return sign + body + "e" + es;
}

function rjust(s: string, width: number): string {
  return s.length >= width ? s : " ".repeat(width - s.length) + s;
}

// ---------------------------------------------------------------------------
// Tensor views over the flat value array
// ---------------------------------------------------------------------------

type Scalar = number | bigint | boolean;

interface View {
  values: ArrayLike<Scalar>;
  offset: number;
  shape: number[];
  strides: number[];
}

function contiguousStrides(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

function numelOf(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `self[i]` */
function select(v: View, i: number): View {
  return {
    values: v.values,
    offset: v.offset + i * v.strides[0]!,
    shape: v.shape.slice(1),
    strides: v.strides.slice(1),
  };
}

/** Python's `range(start, stop)` clamped to [0, n) like slicing does. */
function sliceIndices(n: number, start: number, stop: number): number[] {
  const norm = (k: number): number => {
    if (k < 0) k += n;
    return Math.min(Math.max(k, 0), n);
  };
  const a = norm(start);
  const b = norm(stop);
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

/** Python `self[:k]` indices along dim 0 (k may be negative). */
function headIndices(n: number, k: number): number[] {
  return sliceIndices(n, 0, k);
}

/** Python `self[-k:]` indices along dim 0 (note `self[-0:]` is everything). */
function tailIndices(n: number, k: number): number[] {
  return sliceIndices(n, -k, n);
}

/** Flat positions (into `values`) of all elements of a view, row-major. */
function allPositions(v: View, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.offset);
    return;
  }
  const n = v.shape[0]!;
  if (v.shape.length === 1) {
    const st = v.strides[0]!;
    for (let i = 0; i < n; i++) out.push(v.offset + i * st);
    return;
  }
  for (let i = 0; i < n; i++) allPositions(select(v, i), out);
}

/** Port of `get_summarized_data`: returns the flat positions of the summarised data. */
function getSummarizedPositions(v: View, out: number[]): void {
  const dim = v.shape.length;
  const edge = PRINT_OPTS.edgeitems;
  if (dim === 0) {
    out.push(v.offset);
    return;
  }
  const n = v.shape[0]!;
  if (dim === 1) {
    const st = v.strides[0]!;
    if (n > 2 * edge) {
      for (const i of headIndices(n, edge)) out.push(v.offset + i * st);
      for (const i of tailIndices(n, edge)) out.push(v.offset + i * st);
    } else {
      allPositions(v, out);
    }
    return;
  }
  if (!edge) {
    return; // self.new_empty([0] * self.dim())
  }
  let rows: number[];
  if (n > 2 * edge) {
    rows = [];
    for (let i = 0; i < edge; i++) rows.push(i);
    for (let i = n - edge; i < n; i++) rows.push(i);
  } else {
    rows = [];
    for (let i = 0; i < n; i++) rows.push(i);
  }
  for (const i of rows) getSummarizedPositions(select(v, i), out);
}

// ---------------------------------------------------------------------------
// dtype helpers
// ---------------------------------------------------------------------------

/** float32, float64, float16, bfloat16 (and the float8 variants) are floating dtypes. */
function isFloatingDtype(dtype: string): boolean {
  return dtype.startsWith("float") || dtype === "bfloat16" || dtype === "half" || dtype === "double";
}

function toNumber(v: Scalar): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return v ? 1 : 0;
}

/** Python `str(value)` of an element produced by `.tolist()` / `.item()` for a non-floating dtype. */
function pyIntStr(v: Scalar, isBool: boolean): string {
  if (isBool) {
    const b = typeof v === "boolean" ? v : typeof v === "bigint" ? v !== B0 : v !== 0;
    return b ? "True" : "False";
  }
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "1" : "0";
  if (Number.isSafeInteger(v)) return String(v);
  if (Number.isInteger(v)) return BigInt(v).toString();
  // Not expected for integer dtypes; truncate like a C cast.
  return Number.isFinite(v) ? BigInt(Math.trunc(v)).toString() : String(v);
}

// ---------------------------------------------------------------------------
// _Formatter
// ---------------------------------------------------------------------------

class Formatter {
  readonly floatingDtype: boolean;
  readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(dtype: string, values: ArrayLike<Scalar>, positions: number[]) {
    this.floatingDtype = isFloatingDtype(dtype);
    this.isBool = dtype === "bool";
    const precision = PRINT_OPTS.precision;

    if (!this.floatingDtype) {
      for (const p of positions) {
        const s = pyIntStr(values[p]!, this.isBool);
        if (s.length > this.maxWidth) this.maxWidth = s.length;
      }
      return;
    }

    const nonzeroFinite: number[] = [];
    for (const p of positions) {
      const x = toNumber(values[p]!);
      if (Number.isFinite(x) && x !== 0) nonzeroFinite.push(x);
    }
    if (nonzeroFinite.length === 0) return; // no valid number, do nothing

    let min = Infinity;
    let max = -Infinity;
    for (const x of nonzeroFinite) {
      const a = Math.abs(x);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    for (const x of nonzeroFinite) {
      if (x !== Math.ceil(x)) {
        this.intMode = false;
        break;
      }
    }

    this.sciMode =
      PRINT_OPTS.sciMode === null
        ? max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4
        : PRINT_OPTS.sciMode;

    if (this.intMode) {
      // in int_mode for floats, all numbers are integers, and we append a decimal to
      // nonfinites to indicate that the tensor is of floating type. add 1 to the len.
      if (this.sciMode) {
        for (const x of nonzeroFinite) {
          this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x, precision).length);
        }
      } else {
        for (const x of nonzeroFinite) {
          this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x, 0).length + 1);
        }
      }
    } else if (this.sciMode) {
      for (const x of nonzeroFinite) {
        this.maxWidth = Math.max(this.maxWidth, pyFormatExp(x, precision).length);
      }
    } else {
      for (const x of nonzeroFinite) {
        this.maxWidth = Math.max(this.maxWidth, pyFormatFixed(x, precision).length);
      }
    }
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: Scalar): string {
    let ret: string;
    if (this.floatingDtype) {
      const x = toNumber(value);
      if (this.sciMode) {
        ret = rjust(pyFormatExp(x, PRINT_OPTS.precision), this.maxWidth);
      } else if (this.intMode) {
        ret = pyFormatFixed(x, 0);
        if (Number.isFinite(x)) ret += ".";
      } else {
        ret = pyFormatFixed(x, PRINT_OPTS.precision);
      }
    } else {
      ret = pyIntStr(value, this.isBool);
    }
    return rjust(ret, this.maxWidth);
  }
}

// ---------------------------------------------------------------------------
// _tensor_str
// ---------------------------------------------------------------------------

function vectorStr(v: View, indent: number, summarize: boolean, formatter: Formatter): string {
  // length includes spaces and comma between elements
  const elementLength = formatter.width() + 2;
  const elementsPerLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const edge = PRINT_OPTS.edgeitems;
  const n = v.shape[0]!;
  const st = v.strides[0]!;
  const fmt = (i: number): string => formatter.format(v.values[v.offset + i * st]!);

  let data: string[];
  if (summarize && !edge) {
    data = ["..."];
  } else if (summarize && n > 2 * edge) {
    data = [
      ...headIndices(n, edge).map(fmt),
      " ...",
      ...tailIndices(n, edge).map(fmt),
    ];
  } else {
    data = [];
    for (let i = 0; i < n; i++) data.push(fmt(i));
  }

  const lines: string[] = [];
  for (let i = 0; i < data.length; i += elementsPerLine) {
    lines.push(data.slice(i, i + elementsPerLine).join(", "));
  }
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStrWithFormatter(
  v: View,
  indent: number,
  summarize: boolean,
  formatter: Formatter,
): string {
  const dim = v.shape.length;
  if (dim === 0) return formatter.format(v.values[v.offset]!);
  if (dim === 1) return vectorStr(v, indent, summarize, formatter);

  const edge = PRINT_OPTS.edgeitems;
  const n = v.shape[0]!;
  const sub = (i: number): string => tensorStrWithFormatter(select(v, i), indent + 1, summarize, formatter);
  let slices: string[];
  if (summarize && n > 2 * edge) {
    slices = [];
    for (let i = 0; i < edge; i++) slices.push(sub(i));
    slices.push("...");
    for (let i = n - edge; i < n; i++) slices.push(sub(i));
  } else {
    slices = [];
    for (let i = 0; i < n; i++) slices.push(sub(i));
  }
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

/**
 * Python prints any number of elements in full (threshold: inf); a JS string
 * holds at most 2**29 - 24 characters, and formatting each element keeps a
 * string per element on the heap. Printing more than that refuses up front
 * with a clear error instead of running the process out of memory.
 */
const MAX_PRINTED_ELEMENTS = 2 ** 24;
function checkPrintable(numel: number): void {
  if (PRINT_OPTS.precision > 2 ** 31 - 1) throw new RangeError("precision too big"); // Python's ValueError
  const perElement = Math.min(PRINT_OPTS.precision, 2 ** 29) + 9; // digits, sign, point, exponent, ", "
  if (numel > MAX_PRINTED_ELEMENTS || numel * perElement > 2 ** 29 - 24)
    throw new RangeError(
      `printing ${numel} elements in full (threshold ${PRINT_OPTS.threshold}, precision ${PRINT_OPTS.precision}) would make a string ` +
      "longer than a JavaScript string can hold: print a slice (t.index(...)) or lower torch.setPrintoptions({ threshold, precision })");
}

function tensorStr(v: View, dtype: string, indent: number): string {
  const numel = numelOf(v.shape);
  if (numel === 0) return "[]";
  const summarize = numel > PRINT_OPTS.threshold;
  if (!summarize) checkPrintable(numel);
  const positions: number[] = [];
  if (summarize) getSummarizedPositions(v, positions);
  else allPositions(v, positions);
  const formatter = new Formatter(dtype, v.values, positions);
  return tensorStrWithFormatter(v, indent, summarize, formatter);
}

function addSuffixes(tensorStr: string, suffixes: string[], indent: number, forceNewline: boolean): string {
  const parts = [tensorStr];
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    const suffixLen = suffix.length;
    if (forceNewline || lastLineLen + suffixLen + 2 > PRINT_OPTS.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      lastLineLen = indent + suffixLen;
      forceNewline = false;
    } else {
      parts.push(", " + suffix);
      lastLineLen += suffixLen + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** Python `str(tuple(shape))`. */
function pyTupleStr(shape: number[]): string {
  if (shape.length === 1) return "(" + shape[0] + ",)";
  return "(" + shape.join(", ") + ")";
}

const DEFAULT_DTYPE = "float32";
const DTYPES_WITHOUT_SUFFIX = new Set([DEFAULT_DTYPE, "complex64", "int64", "bool"]);

/** Returns exactly Python's `repr(t)` for the described tensor (port of `_str_intern`). */
export function formatTensor(info: TensorPrintInfo): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const shape = info.shape.slice();
  const dtype = info.dtype;
  const numel = numelOf(shape);

  // Note [Print tensor device]: the device is printed when it is not the default (cpu).
  const deviceType = info.device.split(":")[0];
  if (deviceType !== "cpu") {
    suffixes.push("device='" + info.device + "'");
  }

  const hasDefaultDtype = DTYPES_WITHOUT_SUFFIX.has(dtype);
  let tensorStrValue: string;
  if (numel === 0) {
    // Explicitly print the shape if it is not (0,), to match NumPy behavior
    if (shape.length !== 1) suffixes.push("size=" + pyTupleStr(shape));
    // In an empty tensor there are no elements to infer the dtype from
    if (dtype !== DEFAULT_DTYPE) suffixes.push("dtype=torch." + dtype);
    tensorStrValue = "[]";
  } else {
    if (!PRINT_OPTS.edgeitems) suffixes.push("size=" + pyTupleStr(shape));
    if (!hasDefaultDtype) suffixes.push("dtype=torch." + dtype);
    if (info.values.length < numel) {
      throw new RangeError(
        `formatTensor: expected ${numel} values for shape [${shape.join(", ")}], got ${info.values.length}`,
      );
    }
    const view: View = { values: info.values, offset: 0, shape, strides: contiguousStrides(shape) };
    tensorStrValue = tensorStr(view, dtype, indent);
  }

  if (info.gradFn !== null && info.gradFn !== undefined) {
    suffixes.push(`grad_fn=<${info.gradFn}>`);
  } else if (info.requiresGrad) {
    suffixes.push("requires_grad=True");
  }

  return addSuffixes(prefix + tensorStrValue, suffixes, indent, false);
}

// ---------------------------------------------------------------------------
// Sparse layouts (the `is_sparse` and compressed branches of `_str_intern`)
// ---------------------------------------------------------------------------

/** One component a sparse tensor prints: `indices`, `values`, `crow_indices`, ... */
export interface SparsePart {
  name: string; // "indices", "values", "crow_indices", "col_indices", "ccol_indices", "row_indices"
  shape: number[];
  dtype: string;
  values: ArrayLike<number | bigint | boolean>;
}

export interface SparsePrintInfo {
  layout: string; // Python's name without "torch.": "sparse_coo", "sparse_csr", ...
  shape: number[];
  dtype: string;
  nnz: number;
  device: string;
  requiresGrad: boolean;
  gradFn: string | null;
  /** COO: indices, values; compressed: compressed indices, plain indices, values. */
  parts: SparsePart[];
}

/** Returns exactly Python's `repr(t)` for a sparse COO or compressed (CSR/CSC/BSR/BSC) tensor. */
export function formatSparseTensor(info: SparsePrintInfo): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const deviceType = info.device.split(":")[0];
  if (deviceType !== "cpu") suffixes.push("device='" + info.device + "'");
  suffixes.push("size=" + pyTupleStr(info.shape));
  suffixes.push("nnz=" + info.nnz);
  if (!DTYPES_WITHOUT_SUFFIX.has(info.dtype)) suffixes.push("dtype=torch." + info.dtype);
  const strs = info.parts.map((p) => {
    const partPrefix = p.name + "=tensor(";
    const view: View = { values: p.values, offset: 0, shape: p.shape, strides: contiguousStrides(p.shape) };
    let s = tensorStr(view, p.dtype, indent + partPrefix.length);
    if (numelOf(p.shape) === 0) s += ", size=" + pyTupleStr(p.shape);
    return partPrefix + s + ")";
  });
  const tensorStrValue = strs.join(",\n" + " ".repeat(indent));
  suffixes.push("layout=torch." + info.layout);
  if (info.gradFn !== null && info.gradFn !== undefined) suffixes.push(`grad_fn=<${info.gradFn}>`);
  else if (info.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + tensorStrValue, suffixes, indent, info.layout === "sparse_coo");
}
