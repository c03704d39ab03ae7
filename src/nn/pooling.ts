// Pooling modules.
import { Module } from "./module";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { bind, checkBool } from "../args";
import { pyBool } from "./repr";

const MAX2 = opId("max_pool2d"), AVG2 = opId("avg_pool2d"), ADAPT_AVG2 = opId("adaptive_avg_pool2d");
const MAX1 = opId("max_pool1d"), AVG1 = opId("avg_pool1d"), ADAPT_AVG1 = opId("adaptive_avg_pool1d");

const show = (v: number | number[]) => (Array.isArray(v) ? `(${v.join(", ")})` : String(v));

/** nn.MaxPool2d(kernelSize, stride = kernelSize, padding = 0, dilation = 1, returnIndices = false, ceilMode = false) */
export class MaxPool2d extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly dilation: number | number[];
  readonly ceilMode: boolean;
  constructor(...args: unknown[]) {
    super();
    const [k, stride, padding = 0, dilation = 1, returnIndices = false, ceilMode = false] =
      bind("MaxPool2d", ["kernelSize", "stride", "padding", "dilation", "returnIndices", "ceilMode"], args);
    if (returnIndices) throw new RangeError("MaxPool2d: returnIndices is not supported yet");
    this.kernelSize = k as number;
    this.stride = (stride ?? k) as number;
    this.padding = padding as number;
    this.dilation = dilation as number;
    this.ceilMode = checkBool("MaxPool2d", ceilMode, "ceil_mode", false);
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(MAX2, x._h, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode));
  }
  extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}, dilation=${show(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
export class MaxPool1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly ceilMode: boolean;
  constructor(...args: unknown[]) {
    super();
    const [k, stride, padding = 0, dilation = 1, , ceilMode = false] =
      bind("MaxPool1d", ["kernelSize", "stride", "padding", "dilation", "returnIndices", "ceilMode"], args);
    this.kernelSize = k as number;
    this.stride = (stride ?? k) as number;
    this.padding = padding as number;
    this.dilation = dilation as number;
    this.ceilMode = ceilMode as boolean;
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(MAX1, x._h, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode));
  }
  extraRepr(): string {
    return `kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, dilation=${this.dilation}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
/** nn.AvgPool2d(kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null) */
export class AvgPool2d extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(...args: unknown[]) {
    super();
    const [k, stride, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null] =
      bind("AvgPool2d", ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"], args);
    this.kernelSize = k as number;
    this.stride = (stride ?? k) as number;
    this.padding = padding as number;
    this.ceilMode = ceilMode as boolean;
    this.countIncludePad = countIncludePad as boolean;
    this.divisorOverride = divisorOverride as number | null;
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(AVG2, x._h, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride));
  }
  extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}
export class AvgPool1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  constructor(...args: unknown[]) {
    super();
    const [k, stride, padding = 0] = bind("AvgPool1d", ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"], args);
    this.kernelSize = k as number;
    this.stride = (stride ?? k) as number;
    this.padding = padding as number;
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(AVG1, x._h, [this.kernelSize], [this.stride], [this.padding], false, true));
  }
  extraRepr(): string {
    return `kernel_size=(${this.kernelSize},), stride=(${this.stride},), padding=(${this.padding},)`;
  }
}
/** nn.AdaptiveAvgPool2d(outputSize) */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | number[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    const o = this.outputSize;
    return new Tensor(native.callOp(ADAPT_AVG2, x._h, Array.isArray(o) ? o : [o, o]));
  }
  extraRepr(): string {
    return `output_size=${show(this.outputSize)}`;
  }
}
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(ADAPT_AVG1, x._h, [this.outputSize]));
  }
  extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
