// Pooling modules over F's pooling functions (one native call each): max, average,
// adaptive average / max, max unpooling and power-average pooling in 1, 2 and 3 dims.
import { Module } from "./module";
import { Tensor } from "../tensor";
import { bind, isOptions, PyArgsReq } from "../args";
import { describe } from "../device";
import { pyBool, pyFloat } from "./repr";
import * as SF from "./functional_spatial";
import type { IntOrTuple, OptIntOrTuple } from "./functional_spatial";

/** Python's repr of an int, a float, None, or a tuple of them, as a module stores it. */
export function pyVal(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return pyBool(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyVal(v[0])},)` : `(${v.map(pyVal).join(", ")})`;
  return String(v);
}
const copy = <T>(v: T): T => (Array.isArray(v) ? (v.slice() as T) : v);

const MAX_POOL_F = [SF.maxPool1d, SF.maxPool2d, SF.maxPool3d];
const AVG_POOL_F = [SF.avgPool1d, SF.avgPool2d, SF.avgPool3d];

/** nn.MaxPool1d/2d/3d's keyword arguments. */
export interface MaxPoolModuleOptions { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple; dilation?: IntOrTuple; returnIndices?: boolean; ceilMode?: boolean }
/** nn.AvgPool1d/2d/3d's keyword arguments (divisorOverride: 2d and 3d). */
export interface AvgPoolModuleOptions { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple; ceilMode?: boolean; countIncludePad?: boolean }
/** What a max pooling module returns: the output, or [output, indices] when built with `returnIndices` (the class's type parameter, `new nn.MaxPool2d<true>(2, { returnIndices: true })`). */
export type MaxPoolResult<ReturnIndices extends boolean> = ReturnIndices extends true ? [Tensor, Tensor] : Tensor;

abstract class MaxPoolNd<ReturnIndices extends boolean = false> extends Module {
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly returnIndices: boolean;
  readonly ceilMode: boolean;
  constructor(protected readonly nd: number, args: unknown[]) {
    super();
    const fn = `max_pool${nd}d`;
    const [k, stride, padding = 0, dilation = 1, returnIndices = false, ceilMode = false] =
      bind(`MaxPool${nd}d`, ["kernelSize", "stride", "padding", "dilation", "returnIndices", "ceilMode"], args);
    // Python's F.max_poolNd checks, made when the module is built
    const a = SF.maxPoolArgs(fn, k, stride, padding, dilation, ceilMode);
    if (typeof returnIndices !== "boolean") throw new TypeError(`${fn}(): argument 'return_indices' must be bool, not ${describe(returnIndices)}`);
    this.kernelSize = copy(a.k);
    this.stride = stride === undefined || stride === null ? copy(a.k) : copy(stride as IntOrTuple);
    this.padding = copy(a.p);
    this.dilation = copy(a.d);
    this.returnIndices = returnIndices;
    this.ceilMode = a.c;
  }
  /** The pooled output, or [output, indices] when returnIndices. */
  forward(input: Tensor): MaxPoolResult<ReturnIndices> {
    return MAX_POOL_F[this.nd - 1](input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode, this.returnIndices) as MaxPoolResult<ReturnIndices>;
  }
  extraRepr(): string {
    return `kernel_size=${pyVal(this.kernelSize)}, stride=${pyVal(this.stride)}, padding=${pyVal(this.padding)}, dilation=${pyVal(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
/** nn.MaxPool1d(kernelSize, stride = kernelSize, padding = 0, dilation = 1, returnIndices = false, ceilMode = false) */
export class MaxPool1d<ReturnIndices extends boolean = false> extends MaxPoolNd<ReturnIndices> {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, returnIndices: boolean, ceilMode: boolean], MaxPoolModuleOptions, "kernelSize">) { super(1, args); }
}
/** nn.MaxPool2d(kernelSize, stride = kernelSize, padding = 0, dilation = 1, returnIndices = false, ceilMode = false) */
export class MaxPool2d<ReturnIndices extends boolean = false> extends MaxPoolNd<ReturnIndices> {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, returnIndices: boolean, ceilMode: boolean], MaxPoolModuleOptions, "kernelSize">) { super(2, args); }
}
/** nn.MaxPool3d(kernelSize, stride = kernelSize, padding = 0, dilation = 1, returnIndices = false, ceilMode = false) */
export class MaxPool3d<ReturnIndices extends boolean = false> extends MaxPoolNd<ReturnIndices> {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, returnIndices: boolean, ceilMode: boolean], MaxPoolModuleOptions, "kernelSize">) { super(3, args); }
}

abstract class AvgPoolNd extends Module {
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(protected readonly nd: number, args: unknown[]) {
    super();
    const fn = `avg_pool${nd}d`;
    const names = ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"];
    if (nd > 1) names.push("divisorOverride");
    const [k, stride, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null] = bind(`AvgPool${nd}d`, names, args);
    const a = SF.avgPoolArgs(fn, k, stride, padding, ceilMode, countIncludePad, divisorOverride);
    const s = stride === undefined || stride === null ? a.k : (stride as IntOrTuple);
    // AvgPool1d stores _single(...) tuples; AvgPool2d/3d keep the arguments as given
    this.kernelSize = nd === 1 ? SF.ntuple(1, a.k) : copy(a.k);
    this.stride = nd === 1 ? SF.ntuple(1, s) : copy(s);
    this.padding = nd === 1 ? SF.ntuple(1, a.p) : copy(a.p);
    this.ceilMode = a.c;
    this.countIncludePad = a.cip;
    this.divisorOverride = a.div;
  }
  forward(input: Tensor): Tensor {
    const f = AVG_POOL_F[this.nd - 1];
    if (this.nd === 1) return f(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
    return f(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }
  extraRepr(): string {
    return `kernel_size=${pyVal(this.kernelSize)}, stride=${pyVal(this.stride)}, padding=${pyVal(this.padding)}`;
  }
}
/** nn.AvgPool1d(kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true) */
export class AvgPool1d extends AvgPoolNd {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean], AvgPoolModuleOptions, "kernelSize">) { super(1, args); }
}
/** nn.AvgPool2d(kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null) */
export class AvgPool2d extends AvgPoolNd {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolModuleOptions & { divisorOverride?: number | null }, "kernelSize">) { super(2, args); }
}
/** nn.AvgPool3d(kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null) */
export class AvgPool3d extends AvgPoolNd {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolModuleOptions & { divisorOverride?: number | null }, "kernelSize">) { super(3, args); }
}

const ADAPT_AVG_F = [SF.adaptiveAvgPool1d, SF.adaptiveAvgPool2d, SF.adaptiveAvgPool3d];
const ADAPT_MAX_F = [SF.adaptiveMaxPool1d, SF.adaptiveMaxPool2d, SF.adaptiveMaxPool3d];

abstract class AdaptiveAvgPoolNd extends Module {
  readonly outputSize: OptIntOrTuple;
  constructor(protected readonly nd: number, args: unknown[]) {
    super();
    const [o] = bind(`AdaptiveAvgPool${nd}d`, ["outputSize"], args);
    this.outputSize = copy(SF.outputSizeArg(`adaptive_avg_pool${nd}d`, o, nd > 1));
  }
  forward(input: Tensor): Tensor {
    return ADAPT_AVG_F[this.nd - 1](input, this.outputSize);
  }
  extraRepr(): string {
    return `output_size=${pyVal(this.outputSize)}`;
  }
}
/** nn.AdaptiveAvgPool1d(outputSize) */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  constructor(...args: PyArgsReq<[outputSize: OptIntOrTuple], [], { outputSize?: OptIntOrTuple }, "outputSize">) { super(1, args); }
}
/** nn.AdaptiveAvgPool2d(outputSize): an int or [h, w], null keeping the input's size */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(...args: PyArgsReq<[outputSize: OptIntOrTuple], [], { outputSize?: OptIntOrTuple }, "outputSize">) { super(2, args); }
}
/** nn.AdaptiveAvgPool3d(outputSize): an int or [d, h, w], null keeping the input's size */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  constructor(...args: PyArgsReq<[outputSize: OptIntOrTuple], [], { outputSize?: OptIntOrTuple }, "outputSize">) { super(3, args); }
}

abstract class AdaptiveMaxPoolNd<ReturnIndices extends boolean = false> extends Module {
  readonly outputSize: OptIntOrTuple;
  readonly returnIndices: boolean;
  constructor(protected readonly nd: number, args: unknown[]) {
    super();
    const [o, returnIndices = false] = bind(`AdaptiveMaxPool${nd}d`, ["outputSize", "returnIndices"], args);
    this.outputSize = copy(SF.outputSizeArg(`adaptive_max_pool${nd}d`, o, nd > 1));
    if (typeof returnIndices !== "boolean")
      throw new TypeError(`adaptive_max_pool${nd}d(): argument 'return_indices' must be bool, not ${describe(returnIndices)}`);
    this.returnIndices = returnIndices;
  }
  /** The pooled output, or [output, indices] when returnIndices. */
  forward(input: Tensor): MaxPoolResult<ReturnIndices> {
    return ADAPT_MAX_F[this.nd - 1](input, this.outputSize, this.returnIndices) as MaxPoolResult<ReturnIndices>;
  }
  extraRepr(): string {
    return `output_size=${pyVal(this.outputSize)}`;
  }
}
/** nn.AdaptiveMaxPool1d(outputSize, returnIndices = false) */
export class AdaptiveMaxPool1d<ReturnIndices extends boolean = false> extends AdaptiveMaxPoolNd<ReturnIndices> {
  constructor(...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">) { super(1, args); }
}
/** nn.AdaptiveMaxPool2d(outputSize, returnIndices = false) */
export class AdaptiveMaxPool2d<ReturnIndices extends boolean = false> extends AdaptiveMaxPoolNd<ReturnIndices> {
  constructor(...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">) { super(2, args); }
}
/** nn.AdaptiveMaxPool3d(outputSize, returnIndices = false) */
export class AdaptiveMaxPool3d<ReturnIndices extends boolean = false> extends AdaptiveMaxPoolNd<ReturnIndices> {
  constructor(...args: PyArgsReq<[outputSize: OptIntOrTuple], [returnIndices: boolean], { outputSize?: OptIntOrTuple; returnIndices?: boolean }, "outputSize">) { super(3, args); }
}

const MAX_UNPOOL_F = [SF.maxUnpool1d, SF.maxUnpool2d, SF.maxUnpool3d];

abstract class MaxUnpoolNd extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  constructor(protected readonly nd: number, args: unknown[]) {
    super();
    const fn = `max_unpool${nd}d`;
    const [k, stride, padding = 0] = bind(`MaxUnpool${nd}d`, ["kernelSize", "stride", "padding"], args);
    this.kernelSize = SF.ntuple(nd, SF.intsArg(fn, k, "kernel_size", 3)).slice();
    this.stride = stride === undefined || stride === null ? this.kernelSize.slice() : SF.ntuple(nd, SF.intsArg(fn, stride, "stride", 4)).slice();
    this.padding = SF.ntuple(nd, SF.intsArg(fn, padding, "padding", 5)).slice();
  }
  /** forward(input, indices, outputSize?): outputSize as Python's output_size (spatial, or with batch and channel dims). */
  forward(input: Tensor, indices: Tensor, outputSize?: number[] | null | { outputSize?: number[] | null }): Tensor {
    let size = outputSize;
    if (isOptions(size)) size = (size as { outputSize?: number[] | null }).outputSize;
    return MAX_UNPOOL_F[this.nd - 1](input, indices, this.kernelSize, this.stride, this.padding, size ?? null);
  }
  extraRepr(): string {
    return `kernel_size=${pyVal(this.kernelSize)}, stride=${pyVal(this.stride)}, padding=${pyVal(this.padding)}`;
  }
}
/** nn.MaxUnpool1d(kernelSize, stride = kernelSize, padding = 0): the inverse of MaxPool1d given its indices */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple], { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple }, "kernelSize">) { super(1, args); }
}
/** nn.MaxUnpool2d(kernelSize, stride = kernelSize, padding = 0): the inverse of MaxPool2d given its indices */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple], { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple }, "kernelSize">) { super(2, args); }
}
/** nn.MaxUnpool3d(kernelSize, stride = kernelSize, padding = 0): the inverse of MaxPool3d given its indices */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(...args: PyArgsReq<[kernelSize: IntOrTuple], [stride: IntOrTuple | null, padding: IntOrTuple], { kernelSize?: IntOrTuple; stride?: IntOrTuple | null; padding?: IntOrTuple }, "kernelSize">) { super(3, args); }
}

const LP_POOL_F = [SF.lpPool1d, SF.lpPool2d, SF.lpPool3d];

abstract class LPPoolNd extends Module {
  readonly normType: number;
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple | null;
  readonly ceilMode: boolean;
  constructor(protected readonly nd: number, args: unknown[]) {
    super();
    const fn = `lp_pool${nd}d`;
    const [normType, k, stride = null, ceilMode = false] = bind(`LPPool${nd}d`, ["normType", "kernelSize", "stride", "ceilMode"], args);
    if (typeof normType !== "number") throw new TypeError(`${fn}(): argument 'norm_type' must be float, not ${describe(normType)}`);
    this.normType = normType;
    this.kernelSize = copy(SF.intsArg(fn, k, "kernel_size", 3));
    this.stride = stride === null ? null : copy(SF.intsArg(fn, stride, "stride", 4));
    if (typeof ceilMode !== "boolean") throw new TypeError(`${fn}(): argument 'ceil_mode' must be bool, not ${describe(ceilMode)}`);
    this.ceilMode = ceilMode;
  }
  forward(input: Tensor): Tensor {
    return LP_POOL_F[this.nd - 1](input, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
  extraRepr(): string {
    return `norm_type=${pyVal(this.normType)}, kernel_size=${pyVal(this.kernelSize)}, stride=${pyVal(this.stride)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
/** nn.LPPool1d(normType, kernelSize, stride = kernelSize, ceilMode = false): (sum x^p)^(1/p) over each window */
export class LPPool1d extends LPPoolNd {
  constructor(...args: PyArgsReq<[normType: number, kernelSize: IntOrTuple], [stride: IntOrTuple | null, ceilMode: boolean], { normType?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }, "normType" | "kernelSize">) { super(1, args); }
}
/** nn.LPPool2d(normType, kernelSize, stride = kernelSize, ceilMode = false) */
export class LPPool2d extends LPPoolNd {
  constructor(...args: PyArgsReq<[normType: number, kernelSize: IntOrTuple], [stride: IntOrTuple | null, ceilMode: boolean], { normType?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }, "normType" | "kernelSize">) { super(2, args); }
}
/** nn.LPPool3d(normType, kernelSize, stride = kernelSize, ceilMode = false) */
export class LPPool3d extends LPPoolNd {
  constructor(...args: PyArgsReq<[normType: number, kernelSize: IntOrTuple], [stride: IntOrTuple | null, ceilMode: boolean], { normType?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }, "normType" | "kernelSize">) { super(3, args); }
}
