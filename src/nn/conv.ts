// nn.Conv1d / Conv2d / Conv3d and nn.ConvTranspose1d / 2d / 3d over aten::convNd /
// aten::conv_transposeNd (one native call; padding modes other than "zeros" pad
// first with F.pad, as Python's _conv_forward).
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { empty } from "../creation";
import * as init from "./init";
import { bind, checkInt, checkBool, isOptions, PyArgsReq } from "../args";
import type { DeviceLike } from "../tensor";
import type { IntOrTuple } from "./functional_spatial";
import { dtype } from "../dtype";
import { describe } from "../device";
import { pyTuple } from "./repr";
import * as SF from "./functional_spatial";

const CONV_F = [SF.conv1d, SF.conv2d, SF.conv3d];
const CONV_T_F = [SF.convTranspose1d, SF.convTranspose2d, SF.convTranspose3d];
const PADDING_MODES = ["zeros", "reflect", "replicate", "circular"];

/** Python's _single / _pair / _triple for a constructor argument: an int or a tuple of n ints. */
function tuple(cls: string, n: number, v: unknown, what: string): number[] {
  if (typeof v === "number" && Number.isInteger(v)) return Array(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && Number.isInteger(x))) return v.slice();
  if (Array.isArray(v)) {
    const bad = v.find((x) => typeof x !== "number" || !Number.isInteger(x));
    if (bad !== undefined) throw new TypeError(`${cls}(): argument '${what}' must be int or tuple of ${n} ints, but found element of type ${describe(bad)}`);
    throw new RangeError(`${cls}(): argument '${what}' must be int or tuple of ${n} ints, got a tuple of ${v.length}`);
  }
  throw new TypeError(`${cls}(): argument '${what}' must be int or tuple of ${n} ints, not ${describe(v)}`);
}

/** nn.Conv*'s padding modes. */
export type ConvPaddingMode = "zeros" | "reflect" | "replicate" | "circular";
/** nn.Conv1d/2d/3d's keyword arguments. */
export interface ConvModuleOptions { inChannels?: number; outChannels?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple; padding?: IntOrTuple | "same" | "valid"; dilation?: IntOrTuple; groups?: number; bias?: boolean; paddingMode?: ConvPaddingMode; device?: DeviceLike | null; dtype?: dtype | null }
/** nn.ConvTranspose1d/2d/3d's keyword arguments. */
export interface ConvTransposeModuleOptions { inChannels?: number; outChannels?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple; padding?: IntOrTuple; outputPadding?: IntOrTuple; groups?: number; bias?: boolean; dilation?: IntOrTuple; paddingMode?: "zeros"; device?: DeviceLike | null; dtype?: dtype | null }
abstract class ConvNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly transposed: boolean;
  readonly outputPadding: number[];
  readonly groups: number;
  readonly paddingMode: ConvPaddingMode;
  /** Python's _reversed_padding_repeated_twice: the F.pad argument for padding modes other than "zeros". */
  readonly reversedPaddingRepeatedTwice: number[];

  constructor(protected readonly nd: number, cls: string, transposed: boolean, inC: unknown, outC: unknown, k: unknown,
    stride: unknown, padding: unknown, dilation: unknown, outputPadding: unknown, groups: unknown, bias: unknown,
    paddingMode: unknown, device: unknown, dt: unknown) {
    super();
    this.inChannels = checkInt(cls, inC, "in_channels");
    this.outChannels = checkInt(cls, outC, "out_channels");
    this.kernelSize = tuple(cls, nd, k, "kernel_size");
    this.stride = tuple(cls, nd, stride, "stride");
    if (typeof padding === "string" && !transposed) {
      if (padding !== "same" && padding !== "valid")
        throw new RangeError(`Invalid padding string '${padding}', should be one of ['valid', 'same']`);
      this.padding = padding;
    } else this.padding = tuple(cls, nd, padding, "padding");
    this.dilation = tuple(cls, nd, dilation, "dilation");
    this.transposed = transposed;
    this.outputPadding = tuple(cls, nd, outputPadding, "output_padding");
    this.groups = checkInt(cls, groups, "groups");
    if (transposed && paddingMode !== "zeros") throw new RangeError(`Only "zeros" padding mode is supported for ${cls}`);
    if (this.groups <= 0) throw new RangeError("groups must be a positive integer");
    if (this.inChannels % this.groups !== 0) throw new RangeError("in_channels must be divisible by groups");
    if (this.outChannels % this.groups !== 0) throw new RangeError("out_channels must be divisible by groups");
    if (this.padding === "same" && this.stride.some((s) => s !== 1))
      throw new RangeError("padding='same' is not supported for strided convolutions");
    if (typeof paddingMode !== "string" || !PADDING_MODES.includes(paddingMode))
      throw new RangeError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${String(paddingMode)}'`);
    this.paddingMode = paddingMode as ConvNd["paddingMode"]; // checked just above
    const rev: number[] = Array(2 * nd).fill(0);
    if (typeof this.padding === "string") {
      if (this.padding === "same")
        for (let d = 0; d < nd; d++) {
          const i = nd - 1 - d, total = this.dilation[d] * (this.kernelSize[d] - 1), left = Math.floor(total / 2);
          rev[2 * i] = left;
          rev[2 * i + 1] = total - left;
        }
    } else for (let d = 0; d < nd; d++) rev[2 * (nd - 1 - d)] = rev[2 * (nd - 1 - d) + 1] = this.padding[d];
    this.reversedPaddingRepeatedTwice = rev;
    const opts = { device: device as string | undefined, dtype: dt as dtype | undefined };
    const wshape = transposed ? [this.inChannels, this.outChannels / this.groups] : [this.outChannels, this.inChannels / this.groups];
    this.weight = new Parameter(empty([...wshape, ...this.kernelSize], opts));
    if (checkBool(cls, bias, "bias", true)) this.bias = new Parameter(empty([this.outChannels], opts));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }
  /** Python's reset_parameters: weight kaiming_uniform_(a=sqrt(5)), bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, true);
  }
  extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === "string") s += `, padding=${p}`;
    else if (p.some((x) => x !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((x) => x !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((x) => x !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

const CONV_NAMES = ["inChannels", "outChannels", "kernelSize", "stride", "padding", "dilation", "groups", "bias", "paddingMode", "device", "dtype"];

abstract class ConvForward extends ConvNd {
  constructor(nd: number, args: unknown[]) {
    const cls = `Conv${nd}d`;
    const [inC, outC, k, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = "zeros", device, dt] = bind(cls, CONV_NAMES, args);
    super(nd, cls, false, inC, outC, k, stride, padding, dilation, 0, groups, bias, paddingMode, device, dt);
  }
  forward(input: Tensor): Tensor {
    const conv = CONV_F[this.nd - 1];
    if (this.paddingMode !== "zeros")
      return conv(SF.pad(input, this.reversedPaddingRepeatedTwice, this.paddingMode), this.weight, this.bias, this.stride, 0, this.dilation, this.groups);
    return conv(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
}

/** nn.Conv1d(inChannels, outChannels, kernelSize, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1, bias = true, paddingMode = "zeros" | "reflect" | "replicate" | "circular", device, dtype) */
export class Conv1d extends ConvForward {
  constructor(...args: PyArgsReq<[inChannels: number, outChannels: number, kernelSize: IntOrTuple], [stride: IntOrTuple, padding: IntOrTuple | "same" | "valid", dilation: IntOrTuple, groups: number, bias: boolean, paddingMode: ConvPaddingMode, device: DeviceLike | null, dtype: dtype | null], ConvModuleOptions, "inChannels" | "outChannels" | "kernelSize">) { super(1, args); }
}
/** nn.Conv2d(inChannels, outChannels, kernelSize, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1, bias = true, paddingMode = "zeros" | "reflect" | "replicate" | "circular", device, dtype) */
export class Conv2d extends ConvForward {
  constructor(...args: PyArgsReq<[inChannels: number, outChannels: number, kernelSize: IntOrTuple], [stride: IntOrTuple, padding: IntOrTuple | "same" | "valid", dilation: IntOrTuple, groups: number, bias: boolean, paddingMode: ConvPaddingMode, device: DeviceLike | null, dtype: dtype | null], ConvModuleOptions, "inChannels" | "outChannels" | "kernelSize">) { super(2, args); }
}
/** nn.Conv3d(inChannels, outChannels, kernelSize, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1, bias = true, paddingMode = "zeros" | "reflect" | "replicate" | "circular", device, dtype) */
export class Conv3d extends ConvForward {
  constructor(...args: PyArgsReq<[inChannels: number, outChannels: number, kernelSize: IntOrTuple], [stride: IntOrTuple, padding: IntOrTuple | "same" | "valid", dilation: IntOrTuple, groups: number, bias: boolean, paddingMode: ConvPaddingMode, device: DeviceLike | null, dtype: dtype | null], ConvModuleOptions, "inChannels" | "outChannels" | "kernelSize">) { super(3, args); }
}

const CONV_T_NAMES = ["inChannels", "outChannels", "kernelSize", "stride", "padding", "outputPadding", "groups", "bias", "dilation", "paddingMode", "device", "dtype"];
const pyList = (xs: number[]) => `[${xs.join(", ")}]`;

abstract class ConvTransposeNd extends ConvNd {
  constructor(nd: number, args: unknown[]) {
    const cls = `ConvTranspose${nd}d`;
    const [inC, outC, k, stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1, paddingMode = "zeros", device, dt] =
      bind(cls, CONV_T_NAMES, args);
    super(nd, cls, true, inC, outC, k, stride, padding, dilation, outputPadding, groups, bias, paddingMode, device, dt);
  }
  /** Python's _output_padding: the output padding that gives the requested output size. */
  protected outputPaddingFor(input: Tensor, outputSize: number[] | null): number[] {
    if (outputSize === null) return this.outputPadding;
    const nd = this.nd, dims = input.dim();
    const nonSpatial = dims === nd + 2 ? 2 : 1;
    let o = outputSize;
    if (o.length === nonSpatial + nd) o = o.slice(nonSpatial);
    if (o.length !== nd)
      throw new RangeError(`ConvTranspose${nd}D: for ${dims}D input, output_size must have ${nd} or ${nonSpatial + nd} elements (got ${o.length})`);
    const pad = this.padding as number[];
    const min: number[] = [], max: number[] = [];
    for (let d = 0; d < nd; d++) {
      min.push((input.size(d + nonSpatial) - 1) * this.stride[d] - 2 * pad[d] + this.dilation[d] * (this.kernelSize[d] - 1) + 1);
      max.push(min[d] + this.stride[d] - 1);
    }
    for (let i = 0; i < o.length; i++)
      if (o[i] < min[i] || o[i] > max[i])
        throw new RangeError(`requested an output size of ${pyList(o)}, but valid sizes range from ${pyList(min)} to ${pyList(max)} (for an input of torch.Size(${pyList(input.shape.slice(2))}))`);
    return o.map((v, d) => v - min[d]);
  }
  /** forward(input, outputSize?): outputSize (spatial, or with batch and channel dims) picks the output padding, as Python's output_size. */
  forward(input: Tensor, outputSize?: number[] | null | { outputSize?: number[] | null }): Tensor {
    let size = outputSize;
    if (isOptions(size)) size = (size as { outputSize?: number[] | null }).outputSize;
    if (size !== undefined && size !== null && !(Array.isArray(size) && size.every((v) => typeof v === "number" && Number.isInteger(v))))
      throw new TypeError(`${this.constructor.name}.forward(): argument 'output_size' must be a list of ints, not ${describe(size)}`);
    const op = this.outputPaddingFor(input, (size ?? null) as number[] | null);
    // a transposed conv's padding is never a string (the constructor makes it a tuple)
    return CONV_T_F[this.nd - 1](input, this.weight, this.bias, this.stride, this.padding as number[], op, this.groups, this.dilation);
  }
}

/** nn.ConvTranspose1d(inChannels, outChannels, kernelSize, stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1, paddingMode = "zeros", device, dtype) */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(...args: PyArgsReq<[inChannels: number, outChannels: number, kernelSize: IntOrTuple], [stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple, paddingMode: "zeros", device: DeviceLike | null, dtype: dtype | null], ConvTransposeModuleOptions, "inChannels" | "outChannels" | "kernelSize">) { super(1, args); }
}
/** nn.ConvTranspose2d(inChannels, outChannels, kernelSize, stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1, paddingMode = "zeros", device, dtype) */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(...args: PyArgsReq<[inChannels: number, outChannels: number, kernelSize: IntOrTuple], [stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple, paddingMode: "zeros", device: DeviceLike | null, dtype: dtype | null], ConvTransposeModuleOptions, "inChannels" | "outChannels" | "kernelSize">) { super(2, args); }
}
/** nn.ConvTranspose3d(inChannels, outChannels, kernelSize, stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1, paddingMode = "zeros", device, dtype) */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(...args: PyArgsReq<[inChannels: number, outChannels: number, kernelSize: IntOrTuple], [stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple, paddingMode: "zeros", device: DeviceLike | null, dtype: dtype | null], ConvTransposeModuleOptions, "inChannels" | "outChannels" | "kernelSize">) { super(3, args); }
}
