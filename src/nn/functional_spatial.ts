// nn.functional's spatial ops (re-exported by functional.ts): convolutions,
// transposed convolutions, pooling, unpooling, padding, interpolation and
// pixel shuffles, each Python's F function over one aten op (or Python's few
// tensor ops where Python composes them, as lp_pool).
import { native, Handle } from "../native";
import { opId } from "../dispatch";
import { Tensor } from "../tensor";
import { describe } from "../device";
import { bind, PyArgs, PyArgsReq } from "../args";

const call = native.callOp;

/** An int, or a tuple (array) of ints: Python's BroadcastingList / _size_n_t. */
export type IntOrTuple = number | number[];
/** The same with `null` (Python's None) allowed per entry: adaptive pools' output sizes. */
export type OptIntOrTuple = number | (number | null)[];

// ---- argument checks with Python's argument-parser messages ----

/** @internal A Tensor argument's handle, or Python's TypeError. */
export function tensorArg(fn: string, v: unknown, what: string, pos: number): unknown {
  if (v instanceof Tensor) return v._h;
  throw new TypeError(`${fn}(): argument '${what}' (position ${pos}) must be Tensor, not ${describe(v)}`);
}
function optTensorArg(fn: string, v: unknown, what: string, pos: number): unknown {
  return v === undefined || v === null ? null : tensorArg(fn, v, what, pos);
}
/** @internal An int or a tuple of ints (Python's IntArrayRef parsing), given back as is. */
export function intsArg(fn: string, v: unknown, what: string, pos: number): IntOrTuple {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return v;
    throw new TypeError(`${fn}(): argument '${what}' (position ${pos}) must be tuple of ints, not float`);
  }
  if (!Array.isArray(v)) throw new TypeError(`${fn}(): argument '${what}' (position ${pos}) must be tuple of ints, not ${describe(v)}`);
  for (const x of v)
    if (typeof x !== "number" || !Number.isInteger(x))
      throw new TypeError(`${fn}(): argument '${what}' failed to unpack the object at pos ${pos} with error "type must be tuple of ints,but got ${describe(x)}"`);
  return v as number[];
}
function optIntsArg(fn: string, v: unknown, what: string, pos: number): IntOrTuple | null {
  return v === undefined || v === null ? null : intsArg(fn, v, what, pos);
}
function intArg(fn: string, v: unknown, what: string, pos: number): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${fn}(): argument '${what}' (position ${pos}) must be int, not ${describe(v)}`);
}
function boolArg(fn: string, v: unknown, what: string, pos: number, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}' (position ${pos}) must be bool, not ${describe(v)}`);
}
function floatArg(fn: string, v: unknown, what: string, pos: number): number {
  if (typeof v === "number") return v;
  throw new TypeError(`${fn}(): argument '${what}' (position ${pos}) must be float, not ${describe(v)}`);
}
/** n copies of an int, or the tuple itself. */
export function ntuple(n: number, v: IntOrTuple): number[] {
  return typeof v === "number" ? Array(n).fill(v) : v;
}
/** Python's repr of a list of ints / None. */
function pyList(xs: readonly (number | null)[]): string {
  return `[${xs.map((x) => (x === null ? "None" : String(x))).join(", ")}]`;
}
function pyTupleOf(xs: readonly (number | null)[]): string {
  const s = xs.map((x) => (x === null ? "None" : String(x)));
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}

// ---- argument types (camelCase keys of Python's keyword arguments) ----
/** F.conv1d/2d/3d's keyword arguments. */
export interface ConvOptions { bias?: Tensor | null; stride?: IntOrTuple; padding?: IntOrTuple | "same" | "valid"; dilation?: IntOrTuple; groups?: number }
/** F.convTranspose1d/2d/3d's keyword arguments. */
export interface ConvTransposeOptions { bias?: Tensor | null; stride?: IntOrTuple; padding?: IntOrTuple; outputPadding?: IntOrTuple; groups?: number; dilation?: IntOrTuple }
/** F.maxPool1d/2d/3d's keyword arguments (`returnIndices: true` returns [output, indices]). */
export interface MaxPoolOptions<R extends boolean = false> { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple; dilation?: IntOrTuple; ceilMode?: boolean; returnIndices?: R }
/** F.avgPool1d's keyword arguments. */
export interface AvgPool1dOptions { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple; ceilMode?: boolean; countIncludePad?: boolean }
/** F.avgPool2d/3d's keyword arguments. */
export interface AvgPoolOptions extends AvgPool1dOptions { divisorOverride?: number | null }
/** F.maxUnpool1d/2d/3d's keyword arguments. */
export interface MaxUnpoolOptions { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple; outputSize?: number[] | null }
/** F.lpPool1d/2d/3d's keyword arguments. */
export interface LpPoolOptions { normType?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }
/** F.pad's keyword arguments. */
export interface PadOptions { pad?: number[]; mode?: "constant" | "reflect" | "replicate" | "circular"; value?: number | null }
/** F.interpolate's modes. */
export type InterpolateMode = "nearest" | "linear" | "bilinear" | "bicubic" | "trilinear" | "area" | "nearest-exact" | "lanczos";
/** F.interpolate's keyword arguments. */
export interface InterpolateOptions { size?: OptIntOrTuple | null; scaleFactor?: number | number[] | null; mode?: InterpolateMode; alignCorners?: boolean | null; recomputeScaleFactor?: boolean | null; antialias?: boolean }

// ---- convolutions ----

const CONV = [opId("conv1d"), opId("conv2d"), opId("conv3d")];
const CONV_PAD = [opId("conv1d", "padding"), opId("conv2d", "padding"), opId("conv3d", "padding")];
const CONV_T = [opId("conv_transpose1d"), opId("conv_transpose2d", "input"), opId("conv_transpose3d", "input")];
const CONV_NAMES = ["input", "weight", "bias", "stride", "padding", "dilation", "groups"];
const CONV_T_NAMES = ["input", "weight", "bias", "stride", "padding", "outputPadding", "groups", "dilation"];

function convNd(nd: number, args: unknown[]): Tensor {
  const fn = `conv${nd}d`;
  const [input, weight, bias, stride = 1, padding = 0, dilation = 1, groups = 1] = bind(fn, CONV_NAMES, args);
  const x = tensorArg(fn, input, "input", 1), w = tensorArg(fn, weight, "weight", 2), b = optTensorArg(fn, bias, "bias", 3);
  const s = ntuple(nd, intsArg(fn, stride, "stride", 4)), d = ntuple(nd, intsArg(fn, dilation, "dilation", 6)), g = intArg(fn, groups, "groups", 7);
  if (typeof padding === "string") return new Tensor(call(CONV_PAD[nd - 1], x, w, b, s, padding, d, g));
  return new Tensor(call(CONV[nd - 1], x, w, b, s, ntuple(nd, intsArg(fn, padding, "padding", 5)), d, g));
}
/** F.conv1d(input, weight, bias = null, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1) */
export function conv1d(input: Tensor, weight: Tensor, ...args: PyArgs<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple | "same" | "valid", dilation: IntOrTuple, groups: number], ConvOptions>): Tensor { return convNd(1, [input, weight, ...args]); }
/** F.conv2d(input, weight, bias = null, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1) */
export function conv2d(input: Tensor, weight: Tensor, ...args: PyArgs<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple | "same" | "valid", dilation: IntOrTuple, groups: number], ConvOptions>): Tensor { return convNd(2, [input, weight, ...args]); }
/** F.conv3d(input, weight, bias = null, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1) */
export function conv3d(input: Tensor, weight: Tensor, ...args: PyArgs<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple | "same" | "valid", dilation: IntOrTuple, groups: number], ConvOptions>): Tensor { return convNd(3, [input, weight, ...args]); }

function convTransposeNd(nd: number, args: unknown[]): Tensor {
  const fn = `conv_transpose${nd}d`;
  const [input, weight, bias, stride = 1, padding = 0, outputPadding = 0, groups = 1, dilation = 1] = bind(fn, CONV_T_NAMES, args);
  return new Tensor(call(CONV_T[nd - 1], tensorArg(fn, input, "input", 1), tensorArg(fn, weight, "weight", 2), optTensorArg(fn, bias, "bias", 3),
    ntuple(nd, intsArg(fn, stride, "stride", 4)), ntuple(nd, intsArg(fn, padding, "padding", 5)),
    ntuple(nd, intsArg(fn, outputPadding, "output_padding", 6)), intArg(fn, groups, "groups", 7), ntuple(nd, intsArg(fn, dilation, "dilation", 8))));
}
/** F.convTranspose1d(input, weight, bias = null, stride = 1, padding = 0, outputPadding = 0, groups = 1, dilation = 1) */
export function convTranspose1d(input: Tensor, weight: Tensor, ...args: PyArgs<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, dilation: IntOrTuple], ConvTransposeOptions>): Tensor { return convTransposeNd(1, [input, weight, ...args]); }
/** F.convTranspose2d(input, weight, bias = null, stride = 1, padding = 0, outputPadding = 0, groups = 1, dilation = 1) */
export function convTranspose2d(input: Tensor, weight: Tensor, ...args: PyArgs<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, dilation: IntOrTuple], ConvTransposeOptions>): Tensor { return convTransposeNd(2, [input, weight, ...args]); }
/** F.convTranspose3d(input, weight, bias = null, stride = 1, padding = 0, outputPadding = 0, groups = 1, dilation = 1) */
export function convTranspose3d(input: Tensor, weight: Tensor, ...args: PyArgs<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, dilation: IntOrTuple], ConvTransposeOptions>): Tensor { return convTransposeNd(3, [input, weight, ...args]); }

// ---- max / avg pooling ----

const MAX_POOL = [opId("max_pool1d"), opId("max_pool2d"), opId("max_pool3d")];
const MAX_POOL_IDX = [opId("max_pool1d_with_indices"), opId("max_pool2d_with_indices"), opId("max_pool3d_with_indices")];
const AVG_POOL = [opId("avg_pool1d"), opId("avg_pool2d"), opId("avg_pool3d")];
const MAX_POOL_NAMES = ["input", "kernelSize", "stride", "padding", "dilation", "ceilMode", "returnIndices"];

/** @internal Python's checks of max_poolNd's arguments (kernel_size position 2, ...). */
export function maxPoolArgs(fn: string, k: unknown, stride: unknown, padding: unknown, dilation: unknown, ceilMode: unknown) {
  return {
    k: intsArg(fn, k, "kernel_size", 2), s: optIntsArg(fn, stride, "stride", 3) ?? [],
    p: intsArg(fn, padding, "padding", 4), d: intsArg(fn, dilation, "dilation", 5), c: boolArg(fn, ceilMode, "ceil_mode", 6, false),
  };
}
function maxPoolNd(nd: number, args: unknown[], forceIndices: boolean): Tensor | [Tensor, Tensor] {
  const fn = `max_pool${nd}d`;
  const [input, kernelSize, stride, padding = 0, dilation = 1, ceilMode = false, returnIndices = false] = bind(fn, MAX_POOL_NAMES, args);
  const x = tensorArg(fn, input, "input", 1);
  const a = maxPoolArgs(fn, kernelSize, stride, padding, dilation, ceilMode);
  const k = ntuple(nd, a.k), s = ntuple(nd, a.s), p = ntuple(nd, a.p), d = ntuple(nd, a.d), c = a.c;
  if (forceIndices || boolArg(fn, returnIndices, "return_indices", 7, false)) {
    const [o, i] = call(MAX_POOL_IDX[nd - 1], x, k, s, p, d, c) as Handle[];
    return [new Tensor(o), new Tensor(i)];
  }
  return new Tensor(call(MAX_POOL[nd - 1], x, k, s, p, d, c));
}

/** F.maxPool1d(input, kernelSize, stride = kernelSize, padding = 0, dilation = 1, ceilMode = false, returnIndices = false): [out, indices] when returnIndices */
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions<true> & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: true): [Tensor, Tensor];
export function maxPool1d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: false], MaxPoolOptions, "kernelSize">): Tensor;
export function maxPool1d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: boolean], MaxPoolOptions<boolean>, "kernelSize">): Tensor | [Tensor, Tensor];
export function maxPool1d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] { return maxPoolNd(1, [input, ...args], false); }
/** F.maxPool2d(input, kernelSize, stride = kernelSize, padding = 0, dilation = 1, ceilMode = false, returnIndices = false): [out, indices] when returnIndices */
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions<true> & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: true): [Tensor, Tensor];
export function maxPool2d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: false], MaxPoolOptions, "kernelSize">): Tensor;
export function maxPool2d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: boolean], MaxPoolOptions<boolean>, "kernelSize">): Tensor | [Tensor, Tensor];
export function maxPool2d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] { return maxPoolNd(2, [input, ...args], false); }
/** F.maxPool3d(input, kernelSize, stride = kernelSize, padding = 0, dilation = 1, ceilMode = false, returnIndices = false): [out, indices] when returnIndices */
export function maxPool3d(input: Tensor, kernelSize: IntOrTuple, opts: MaxPoolOptions<true> & { returnIndices: true }): [Tensor, Tensor];
export function maxPool3d(input: Tensor, kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: true): [Tensor, Tensor];
export function maxPool3d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: false], MaxPoolOptions, "kernelSize">): Tensor;
export function maxPool3d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: boolean], MaxPoolOptions<boolean>, "kernelSize">): Tensor | [Tensor, Tensor];
export function maxPool3d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] { return maxPoolNd(3, [input, ...args], false); }
/** F.maxPool1dWithIndices(...): [out, indices] */
export function maxPool1dWithIndices(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: boolean], MaxPoolOptions<boolean>, "kernelSize">): [Tensor, Tensor] { return maxPoolNd(1, [input, ...args], true) as [Tensor, Tensor]; }
export function maxPool2dWithIndices(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: boolean], MaxPoolOptions<boolean>, "kernelSize">): [Tensor, Tensor] { return maxPoolNd(2, [input, ...args], true) as [Tensor, Tensor]; }
export function maxPool3dWithIndices(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: boolean], MaxPoolOptions<boolean>, "kernelSize">): [Tensor, Tensor] { return maxPoolNd(3, [input, ...args], true) as [Tensor, Tensor]; }

/** @internal Python's checks of avg_poolNd's arguments. */
export function avgPoolArgs(fn: string, k: unknown, stride: unknown, padding: unknown, ceilMode: unknown, countIncludePad: unknown, divisorOverride: unknown) {
  let div: number | null = null;
  if (divisorOverride !== undefined && divisorOverride !== null) div = intArg(fn, divisorOverride, "divisor_override", 7);
  return {
    k: intsArg(fn, k, "kernel_size", 2), s: optIntsArg(fn, stride, "stride", 3) ?? [], p: intsArg(fn, padding, "padding", 4),
    c: boolArg(fn, ceilMode, "ceil_mode", 5, false), cip: boolArg(fn, countIncludePad, "count_include_pad", 6, true), div,
  };
}
function avgPoolNd(nd: number, args: unknown[]): Tensor {
  const fn = `avg_pool${nd}d`;
  const names = ["input", "kernelSize", "stride", "padding", "ceilMode", "countIncludePad"];
  if (nd > 1) names.push("divisorOverride");
  const [input, kernelSize, stride, padding = 0, ceilMode, countIncludePad, divisorOverride] = bind(fn, names, args);
  const x = tensorArg(fn, input, "input", 1);
  const a = avgPoolArgs(fn, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
  const k = ntuple(nd, a.k), s = ntuple(nd, a.s), p = ntuple(nd, a.p);
  if (nd === 1) return new Tensor(call(AVG_POOL[0], x, k, s, p, a.c, a.cip));
  return new Tensor(call(AVG_POOL[nd - 1], x, k, s, p, a.c, a.cip, a.div));
}
/** F.avgPool1d(input, kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true) */
export function avgPool1d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean], AvgPool1dOptions, "kernelSize">): Tensor { return avgPoolNd(1, [input, ...args]); }
/** F.avgPool2d(input, kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null) */
export function avgPool2d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolOptions, "kernelSize">): Tensor { return avgPoolNd(2, [input, ...args]); }
/** F.avgPool3d(input, kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null) */
export function avgPool3d(input: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolOptions, "kernelSize">): Tensor { return avgPoolNd(3, [input, ...args]); }

// ---- adaptive pooling ----

const ADAPT_AVG = [opId("adaptive_avg_pool1d"), opId("adaptive_avg_pool2d"), opId("adaptive_avg_pool3d")];
const ADAPT_MAX = [opId("adaptive_max_pool1d"), opId("adaptive_max_pool2d"), opId("adaptive_max_pool3d")];

/** @internal An adaptive pool's output size: an int, or a tuple of ints and nulls (Python's None). */
export function outputSizeArg(fn: string, v: unknown, allowNone: boolean): OptIntOrTuple {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (Array.isArray(v) && v.every((x) => (typeof x === "number" && Number.isInteger(x)) || (allowNone && x === null))) return v as (number | null)[];
  if (Array.isArray(v)) {
    const bad = v.find((x) => !(typeof x === "number" && Number.isInteger(x)));
    throw new TypeError(`${fn}(): argument 'output_size' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got ${describe(bad)}"`);
  }
  throw new TypeError(`${fn}(): argument 'output_size' (position 2) must be tuple of ints, not ${describe(v)}`);
}
/** Python's _list_with_default: None entries take the input's size. */
function listWithDefault(outSize: OptIntOrTuple, x: Tensor): IntOrTuple {
  if (typeof outSize === "number") return outSize;
  const shape = x.shape;
  if (shape.length <= outSize.length) throw new RangeError(`Input dimension should be at least ${outSize.length + 1}`);
  const defaults = shape.slice(shape.length - outSize.length);
  return outSize.map((v, i) => (v === null ? defaults[i] : v));
}
function adaptiveAvgPoolNd(nd: number, args: unknown[]): Tensor {
  const fn = `adaptive_avg_pool${nd}d`;
  const [input, outputSize] = bind(fn, ["input", "outputSize"], args);
  tensorArg(fn, input, "input", 1);
  const x = input as Tensor;
  let o = outputSizeArg(fn, outputSize, nd > 1);
  if (nd > 1) o = listWithDefault(o, x);
  return new Tensor(call(ADAPT_AVG[nd - 1], x._h, ntuple(nd, o as IntOrTuple)));
}
/** F.adaptiveAvgPool1d(input, outputSize) */
export function adaptiveAvgPool1d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [], { outputSize?: OptIntOrTuple }, "outputSize">): Tensor { return adaptiveAvgPoolNd(1, [input, ...args]); }
/** F.adaptiveAvgPool2d(input, outputSize): outputSize an int or [h, w] (null keeps the input's size) */
export function adaptiveAvgPool2d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [], { outputSize?: OptIntOrTuple }, "outputSize">): Tensor { return adaptiveAvgPoolNd(2, [input, ...args]); }
/** F.adaptiveAvgPool3d(input, outputSize): outputSize an int or [d, h, w] (null keeps the input's size) */
export function adaptiveAvgPool3d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [], { outputSize?: OptIntOrTuple }, "outputSize">): Tensor { return adaptiveAvgPoolNd(3, [input, ...args]); }

function adaptiveMaxPoolNd(nd: number, args: unknown[], forceIndices: boolean): Tensor | [Tensor, Tensor] {
  const fn = `adaptive_max_pool${nd}d`;
  const [input, outputSize, returnIndices] = bind(fn, ["input", "outputSize", "returnIndices"], args);
  tensorArg(fn, input, "input", 1);
  const x = input as Tensor;
  let o = outputSizeArg(fn, outputSize, nd > 1);
  if (nd > 1) o = listWithDefault(o, x);
  const [out, idx] = call(ADAPT_MAX[nd - 1], x._h, ntuple(nd, o as IntOrTuple)) as Handle[];
  if (forceIndices || boolArg(fn, returnIndices, "return_indices", 3, false)) return [new Tensor(out), new Tensor(idx)];
  return new Tensor(out);
}
/** F.adaptiveMaxPool1d(input, outputSize, returnIndices = false): [out, indices] when returnIndices */
export function adaptiveMaxPool1d(input: Tensor, outputSize: OptIntOrTuple, returnIndices: true): [Tensor, Tensor];
export function adaptiveMaxPool1d(input: Tensor, outputSize: OptIntOrTuple, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool1d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: false], { outputSize?: OptIntOrTuple; returnIndices?: false }, "outputSize">): Tensor;
export function adaptiveMaxPool1d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">): Tensor | [Tensor, Tensor];
export function adaptiveMaxPool1d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] { return adaptiveMaxPoolNd(1, [input, ...args], false); }
/** F.adaptiveMaxPool2d(input, outputSize, returnIndices = false): [out, indices] when returnIndices */
export function adaptiveMaxPool2d(input: Tensor, outputSize: OptIntOrTuple, returnIndices: true): [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, outputSize: OptIntOrTuple, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: false], { outputSize?: OptIntOrTuple; returnIndices?: false }, "outputSize">): Tensor;
export function adaptiveMaxPool2d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">): Tensor | [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] { return adaptiveMaxPoolNd(2, [input, ...args], false); }
/** F.adaptiveMaxPool3d(input, outputSize, returnIndices = false): [out, indices] when returnIndices */
export function adaptiveMaxPool3d(input: Tensor, outputSize: OptIntOrTuple, returnIndices: true): [Tensor, Tensor];
export function adaptiveMaxPool3d(input: Tensor, outputSize: OptIntOrTuple, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool3d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: false], { outputSize?: OptIntOrTuple; returnIndices?: false }, "outputSize">): Tensor;
export function adaptiveMaxPool3d(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">): Tensor | [Tensor, Tensor];
export function adaptiveMaxPool3d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] { return adaptiveMaxPoolNd(3, [input, ...args], false); }
export function adaptiveMaxPool1dWithIndices(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">): [Tensor, Tensor] { return adaptiveMaxPoolNd(1, [input, ...args], true) as [Tensor, Tensor]; }
export function adaptiveMaxPool2dWithIndices(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">): [Tensor, Tensor] { return adaptiveMaxPoolNd(2, [input, ...args], true) as [Tensor, Tensor]; }
export function adaptiveMaxPool3dWithIndices(input: Tensor, ...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">): [Tensor, Tensor] { return adaptiveMaxPoolNd(3, [input, ...args], true) as [Tensor, Tensor]; }

// ---- max unpooling ----

const MAX_UNPOOL2 = opId("max_unpool2d"), MAX_UNPOOL3 = opId("max_unpool3d");

/** Python's _unpool_output_size. */
function unpoolOutputSize(x: Tensor, k: number[], s: number[], p: number[], outputSize: number[] | null): number[] {
  const shape = x.shape;
  const n = k.length;
  const dflt = k.map((kd, d) => (shape[shape.length - n + d] - 1) * s[d] + kd - 2 * p[d]);
  let ret = dflt;
  if (outputSize !== null) {
    let o = outputSize;
    if (o.length === n + 2) o = o.slice(2);
    if (o.length !== n)
      throw new RangeError(`output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${o.length}'`);
    for (let d = 0; d < n; d++) {
      const min = dflt[d] - s[d], max = dflt[d] + s[d];
      if (!(min < o[d] && o[d] < max)) throw new RangeError(`invalid output_size "${pyList(o)}" (dim ${d} must be between ${min} and ${max})`);
    }
    ret = o;
  }
  ret.forEach((v, d) => {
    if (v < 0) throw new RangeError(`max_unpooling: output_size must contain non-negative spatial dimensions, but got output_size[${d}]=${v}`);
  });
  return ret;
}
function maxUnpoolNd(nd: number, args: unknown[]): Tensor {
  const fn = `max_unpool${nd}d`;
  const [input, indices, kernelSize, stride, padding = 0, outputSize] =
    bind(fn, ["input", "indices", "kernelSize", "stride", "padding", "outputSize"], args);
  tensorArg(fn, input, "input", 1);
  tensorArg(fn, indices, "indices", 2);
  const x = input as Tensor, idx = indices as Tensor;
  const k = ntuple(nd, intsArg(fn, kernelSize, "kernel_size", 3));
  const s = stride === undefined || stride === null ? k : ntuple(nd, intsArg(fn, stride, "stride", 4));
  const p = ntuple(nd, intsArg(fn, padding, "padding", 5));
  const o = unpoolOutputSize(x, k, s, p, outputSize === undefined || outputSize === null ? null : ntuple(nd, intsArg(fn, outputSize, "output_size", 6)));
  if (nd === 1) return new Tensor(call(MAX_UNPOOL2, x.unsqueeze(-1)._h, idx.unsqueeze(-1)._h, [...o, 1])).squeeze(-1);
  if (nd === 2) return new Tensor(call(MAX_UNPOOL2, x._h, idx._h, o));
  return new Tensor(call(MAX_UNPOOL3, x._h, idx._h, o, s, p));
}
/** F.maxUnpool1d(input, indices, kernelSize, stride = kernelSize, padding = 0, outputSize = null) */
export function maxUnpool1d(input: Tensor, indices: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, outputSize: number[] | null], MaxUnpoolOptions, "kernelSize">): Tensor { return maxUnpoolNd(1, [input, indices, ...args]); }
/** F.maxUnpool2d(input, indices, kernelSize, stride = kernelSize, padding = 0, outputSize = null) */
export function maxUnpool2d(input: Tensor, indices: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, outputSize: number[] | null], MaxUnpoolOptions, "kernelSize">): Tensor { return maxUnpoolNd(2, [input, indices, ...args]); }
/** F.maxUnpool3d(input, indices, kernelSize, stride = kernelSize, padding = 0, outputSize = null) */
export function maxUnpool3d(input: Tensor, indices: Tensor, ...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, outputSize: number[] | null], MaxUnpoolOptions, "kernelSize">): Tensor { return maxUnpoolNd(3, [input, indices, ...args]); }

// ---- power-average pooling ----

function lpPoolNd(nd: number, args: unknown[]): Tensor {
  const fn = `lp_pool${nd}d`;
  const [input, normType, kernelSize, stride, ceilMode = false] = bind(fn, ["input", "normType", "kernelSize", "stride", "ceilMode"], args);
  tensorArg(fn, input, "input", 1);
  const x = input as Tensor;
  const p = floatArg(fn, normType, "norm_type", 2);
  const k = intsArg(fn, kernelSize, "kernel_size", 3);
  const s = optIntsArg(fn, stride, "stride", 4);
  const c = boolArg(fn, ceilMode, "ceil_mode", 5, false);
  if (p === Infinity) return maxPoolNd(nd, [x.abs(), k, s, 0, 1, c], false) as Tensor;
  if (p === -Infinity) return (maxPoolNd(nd, [x.abs().neg(), k, s, 0, 1, c], false) as Tensor).neg();
  const out = avgPoolNd(nd, [x.pow(p), k, s, 0, c]);
  const kprod = ntuple(nd, k).reduce((a, b) => a * b, 1);
  return out.sign().mul(out.abs().relu()).mul(kprod).pow(1.0 / p);
}
/** F.lpPool1d(input, normType, kernelSize, stride = kernelSize, ceilMode = false) */
export function lpPool1d(input: Tensor, ...args: PyArgsReq<[normType: number, kernelSize: IntOrTuple], [stride: IntOrTuple | null, ceilMode: boolean], LpPoolOptions, "normType" | "kernelSize">): Tensor { return lpPoolNd(1, [input, ...args]); }
/** F.lpPool2d(input, normType, kernelSize, stride = kernelSize, ceilMode = false) */
export function lpPool2d(input: Tensor, ...args: PyArgsReq<[normType: number, kernelSize: IntOrTuple], [stride: IntOrTuple | null, ceilMode: boolean], LpPoolOptions, "normType" | "kernelSize">): Tensor { return lpPoolNd(2, [input, ...args]); }
/** F.lpPool3d(input, normType, kernelSize, stride = kernelSize, ceilMode = false) */
export function lpPool3d(input: Tensor, ...args: PyArgsReq<[normType: number, kernelSize: IntOrTuple], [stride: IntOrTuple | null, ceilMode: boolean], LpPoolOptions, "normType" | "kernelSize">): Tensor { return lpPoolNd(3, [input, ...args]); }

// ---- padding ----

const PAD = opId("pad");

/** F.pad(input, pad, mode = "constant" | "reflect" | "replicate" | "circular", value = null): pad is [left, right, top, bottom, front, back] from the last dim */
export function pad(input: Tensor, ...args: PyArgsReq<[pad: number[]], [mode: "constant" | "reflect" | "replicate" | "circular", value: number | null], PadOptions, "pad">): Tensor {
  const [x, p, mode = "constant", value] = bind("pad", ["input", "pad", "mode", "value"], [input, ...args]);
  const h = tensorArg("pad", x, "input", 1);
  if (!Array.isArray(p)) throw new TypeError(`pad(): argument 'pad' (position 2) must be tuple of ints, not ${describe(p)}`);
  const padding = intsArg("pad", p, "pad", 2);
  if (typeof mode !== "string") throw new TypeError(`pad(): argument 'mode' (position 3) must be str, not ${describe(mode)}`);
  const v = value === undefined || value === null ? null : floatArg("pad", value, "value", 4);
  return new Tensor(call(PAD, h, padding, mode, v));
}

// ---- interpolation ----

const UP: Record<string, number[]> = {
  nearest: [opId("upsample_nearest1d", "vec"), opId("upsample_nearest2d", "vec"), opId("upsample_nearest3d", "vec")],
  "nearest-exact": [opId("_upsample_nearest_exact1d", "vec"), opId("_upsample_nearest_exact2d", "vec"), opId("_upsample_nearest_exact3d", "vec")],
};
const LINEAR1 = opId("upsample_linear1d", "vec"), BILINEAR2 = opId("upsample_bilinear2d", "vec"), TRILINEAR3 = opId("upsample_trilinear3d", "vec");
const BICUBIC2 = opId("upsample_bicubic2d", "vec"), BILINEAR2_AA = opId("_upsample_bilinear2d_aa", "vec");
const BICUBIC2_AA = opId("_upsample_bicubic2d_aa", "vec");
let lanczos: number | undefined;

class NotImplementedError extends Error {
  constructor(msg: string) { super(msg); this.name = "NotImplementedError"; }
}
const pyType = (v: unknown) => `<class '${describe(v)}'>`;

/**
 * F.interpolate(input, size = null, scaleFactor = null, mode = "nearest", alignCorners = null,
 * recomputeScaleFactor = null, antialias = false): Python's checks and dispatch to the upsample ops.
 * Modes: nearest, linear, bilinear, bicubic, trilinear, area, nearest-exact, lanczos (antialias).
 */
export function interpolate(input: Tensor, ...args: PyArgs<[size: OptIntOrTuple | null, scaleFactor: number | number[] | null, mode: InterpolateMode, alignCorners: boolean | null, recomputeScaleFactor: boolean | null, antialias: boolean], InterpolateOptions>): Tensor {
  const [x, size, scaleFactor, mode = "nearest", alignCornersArg, recompute, antialiasArg] = bind("interpolate",
    ["input", "size", "scaleFactor", "mode", "alignCorners", "recomputeScaleFactor", "antialias"], [input, ...args]);
  tensorArg("interpolate", x, "input", 1);
  const inp = x as Tensor;
  if (typeof mode !== "string") throw new TypeError(`interpolate(): argument 'mode' must be str, not ${describe(mode)}`);
  let alignCorners = alignCornersArg === undefined ? null : (alignCornersArg as boolean | null);
  const antialias = antialiasArg === undefined ? false : Boolean(antialiasArg);
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (alignCorners !== null)
      throw new RangeError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  } else if (alignCorners === null) alignCorners = false;
  const shape = inp.shape;
  const dim = shape.length - 2;
  const has = (v: unknown) => v !== undefined && v !== null;
  let outputSize: number[] | null = null;
  let scaleFactors: number[] | null = null;
  if (has(size) && has(scaleFactor)) throw new RangeError("only one of size or scale_factor should be defined");
  else if (has(size)) {
    if (Array.isArray(size)) {
      if (size.length !== dim)
        throw new RangeError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(shape.slice(2))} and output size of ${pyTupleOf(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
      if (!size.every((v) => typeof v === "number" && Number.isInteger(v)))
        throw new TypeError(`expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size with types [${size.map(pyType).join(", ")}]`);
      outputSize = size as number[];
    } else {
      if (typeof size !== "number" || !Number.isInteger(size))
        throw new TypeError(`interpolate(): argument 'size' must be int or tuple of ints, not ${describe(size)}`);
      outputSize = Array(Math.max(dim, 0)).fill(size);
    }
  } else if (has(scaleFactor)) {
    if (Array.isArray(scaleFactor)) {
      if (scaleFactor.length !== dim)
        throw new RangeError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(shape.slice(2))} and scale_factor of shape ${pyTupleOf(scaleFactor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
      scaleFactors = scaleFactor.map((v) => floatArg("interpolate", v, "scale_factor", 3));
    } else {
      scaleFactors = Array(Math.max(dim, 0)).fill(floatArg("interpolate", scaleFactor, "scale_factor", 3));
    }
  } else throw new RangeError("either size or scale_factor should be defined");
  let recomputeScaleFactor = recompute === undefined ? null : (recompute as boolean | null);
  if (recomputeScaleFactor && has(size)) throw new RangeError("recompute_scale_factor is not meaningful with an explicit size.");
  if (mode === "area" && outputSize === null) recomputeScaleFactor = true;
  if (recomputeScaleFactor) {
    outputSize = scaleFactors!.map((s, i) => Math.trunc(shape[i + 2] * s));
    scaleFactors = null;
  }
  if (antialias && !((mode === "bilinear" || mode === "bicubic" || mode === "lanczos") && shape.length === 4))
    throw new RangeError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input");
  const nd = shape.length;
  const h = inp._h;
  if ((mode === "nearest" || mode === "nearest-exact") && nd >= 3 && nd <= 5) return new Tensor(call(UP[mode][nd - 3], h, outputSize, scaleFactors));
  if (mode === "area" && nd >= 3 && nd <= 5) return adaptiveAvgPoolNd(nd - 2, [inp, outputSize]);
  if (nd === 3 && mode === "linear") return new Tensor(call(LINEAR1, h, outputSize, alignCorners, scaleFactors));
  if (nd === 4 && mode === "bilinear")
    return new Tensor(call(antialias ? BILINEAR2_AA : BILINEAR2, h, outputSize, alignCorners, scaleFactors));
  if (nd === 5 && mode === "trilinear") return new Tensor(call(TRILINEAR3, h, outputSize, alignCorners, scaleFactors));
  if (nd === 4 && mode === "bicubic")
    return new Tensor(call(antialias ? BICUBIC2_AA : BICUBIC2, h, outputSize, alignCorners, scaleFactors));
  if (nd === 4 && mode === "lanczos") {
    if (alignCorners) throw new RangeError("Lanczos mode does not support align_corners=True");
    if (!antialias) throw new RangeError("Lanczos mode requires antialias=True");
    lanczos ??= opId("_upsample_lanczos2d_aa", "vec");
    return new Tensor(call(lanczos, h, outputSize, alignCorners, scaleFactors));
  }
  const need: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
  if (need[mode] !== undefined && nd >= 3 && nd <= 5)
    throw new NotImplementedError(`Got ${nd}D input, but ${mode} mode needs ${need[mode]}D input`);
  throw new NotImplementedError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got ${mode})`);
}

// ---- pixel shuffles ----

const PIXEL_SHUFFLE = opId("pixel_shuffle"), PIXEL_UNSHUFFLE = opId("pixel_unshuffle");

/** F.pixelShuffle(input, upscaleFactor): (*, C*r*r, H, W) -> (*, C, H*r, W*r) */
export function pixelShuffle(input: Tensor, ...args: PyArgsReq<[upscaleFactor: number], [], { upscaleFactor?: number }, "upscaleFactor">): Tensor {
  const [x, r] = bind("pixel_shuffle", ["input", "upscaleFactor"], [input, ...args]);
  return new Tensor(call(PIXEL_SHUFFLE, tensorArg("pixel_shuffle", x, "input", 1), intArg("pixel_shuffle", r, "upscale_factor", 2)));
}
/** F.pixelUnshuffle(input, downscaleFactor): (*, C, H*r, W*r) -> (*, C*r*r, H, W) */
export function pixelUnshuffle(input: Tensor, ...args: PyArgsReq<[downscaleFactor: number], [], { downscaleFactor?: number }, "downscaleFactor">): Tensor {
  const [x, r] = bind("pixel_unshuffle", ["input", "downscaleFactor"], [input, ...args]);
  return new Tensor(call(PIXEL_UNSHUFFLE, tensorArg("pixel_unshuffle", x, "input", 1), intArg("pixel_unshuffle", r, "downscale_factor", 2)));
}
