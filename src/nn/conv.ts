// nn.Conv1d / Conv2d / Conv3d over aten::convNd (one native call).
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { empty } from "../creation";
import { native } from "../native";
import { opId } from "../dispatch";
import * as init from "./init";
import { bind, checkInt, checkBool } from "../args";
import { dtype } from "../dtype";
import { pyTuple } from "./repr";

const CONV = [opId("conv1d"), opId("conv2d"), opId("conv3d")];
const CONV_PAD = [opId("conv1d", "padding"), opId("conv2d", "padding"), opId("conv3d", "padding")];

function tuple(n: number, v: unknown, what: string): number[] {
  if (typeof v === "number") return Array(n).fill(checkInt("Conv", v, what));
  if (Array.isArray(v) && v.length === n) return v.map((x) => checkInt("Conv", x, what));
  throw new TypeError(`Conv: argument '${what}' must be an int or a tuple of ${n} ints`);
}

abstract class ConvNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | string;
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: string;

  constructor(private readonly nd: number, args: unknown[]) {
    super();
    const [inC, outC, k, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = "zeros", device, dt] =
      bind(`Conv${nd}d`, ["inChannels", "outChannels", "kernelSize", "stride", "padding", "dilation", "groups", "bias", "paddingMode", "device", "dtype"], args);
    this.inChannels = checkInt("Conv", inC, "in_channels");
    this.outChannels = checkInt("Conv", outC, "out_channels");
    this.kernelSize = tuple(nd, k, "kernel_size");
    this.stride = tuple(nd, stride, "stride");
    this.padding = typeof padding === "string" ? padding : tuple(nd, padding, "padding");
    if (typeof padding === "string" && padding !== "same" && padding !== "valid")
      throw new RangeError(`Invalid padding string '${padding}', should be one of ['valid', 'same']`);
    this.dilation = tuple(nd, dilation, "dilation");
    this.groups = checkInt("Conv", groups, "groups");
    if (this.groups <= 0) throw new RangeError("groups must be a positive integer");
    if (this.inChannels % this.groups !== 0) throw new RangeError("in_channels must be divisible by groups");
    if (this.outChannels % this.groups !== 0) throw new RangeError("out_channels must be divisible by groups");
    if (paddingMode !== "zeros") throw new RangeError(`padding_mode '${String(paddingMode)}' is not supported yet (only 'zeros')`);
    this.paddingMode = "zeros";
    const opts = { device: device as string | undefined, dtype: dt as dtype | undefined };
    this.weight = new Parameter(empty([this.outChannels, this.inChannels / this.groups, ...this.kernelSize], opts));
    if (checkBool("Conv", bias, "bias", true)) this.bias = new Parameter(empty([this.outChannels], opts));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }
  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, false);
  }
  forward(input: Tensor): Tensor {
    const b = this.bias === null ? null : this.bias._h;
    const k = this.nd - 1;
    if (typeof this.padding === "string")
      return new Tensor(native.callOp(CONV_PAD[k], input._h, this.weight._h, b, this.stride, this.padding, this.dilation, this.groups));
    return new Tensor(native.callOp(CONV[k], input._h, this.weight._h, b, this.stride, this.padding, this.dilation, this.groups));
  }
  extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === "string") s += `, padding=${p}`;
    else if (p.some((x) => x !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((x) => x !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}

/** nn.Conv1d(inChannels, outChannels, kernelSize, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true) */
export class Conv1d extends ConvNd {
  constructor(...args: unknown[]) { super(1, args); }
}
/** nn.Conv2d(inChannels, outChannels, kernelSize, stride = 1, padding = 0 | "same" | "valid", dilation = 1, groups = 1, bias = true) */
export class Conv2d extends ConvNd {
  constructor(...args: unknown[]) { super(2, args); }
}
export class Conv3d extends ConvNd {
  constructor(...args: unknown[]) { super(3, args); }
}
