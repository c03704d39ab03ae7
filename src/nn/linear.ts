// nn.Identity, nn.Linear: over F.linear (one native call).
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { empty } from "../creation";
import * as init from "./init";
import * as F from "./functional";
import { bind, checkInt, checkBool, isOptions, PyArgsReq } from "../args";
import type { DeviceLike } from "../tensor";
import { dtype } from "../dtype";
import { Device } from "../device";

export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** nn.Linear's keyword arguments. */
export interface LinearOptions {
  inFeatures?: number;
  outFeatures?: number;
  bias?: boolean;
  device?: string | Device | null;
  dtype?: dtype | null;
}
/** nn.Bilinear's keyword arguments. */
export interface BilinearOptions {
  in1Features?: number;
  in2Features?: number;
  outFeatures?: number;
  bias?: boolean;
  device?: string | Device | null;
  dtype?: dtype | null;
}

/** nn.Linear(inFeatures, outFeatures, bias = true, { device, dtype }): y = x A^T + b */
export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(...args: PyArgsReq<[inFeatures: number, outFeatures: number], [bias: boolean, device: DeviceLike | null, dtype: dtype | null], LinearOptions, "inFeatures" | "outFeatures">) {
    super();
    const [inF, outF, bias, device, dt] = bind("Linear", ["inFeatures", "outFeatures", "bias", "device", "dtype"], args);
    this.inFeatures = checkInt("Linear", inF, "in_features");
    this.outFeatures = checkInt("Linear", outF, "out_features");
    const opts = { device: device as string | undefined, dtype: dt as dtype | undefined };
    this.weight = new Parameter(empty([this.outFeatures, this.inFeatures], opts));
    if (checkBool("Linear", bias, "bias", true)) this.bias = new Parameter(empty([this.outFeatures], opts));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }
  /** Python's reset_parameters: kaiming_uniform_(a=sqrt(5)) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias. */
  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, true);
  }
  forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }
  extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}
void isOptions;

/** nn.Bilinear(in1Features, in2Features, outFeatures, bias = true, { device, dtype }): y = x1^T A x2 + b */
export class Bilinear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  constructor(...args: PyArgsReq<[in1Features: number, in2Features: number, outFeatures: number], [bias: boolean, device: DeviceLike | null, dtype: dtype | null], BilinearOptions, "in1Features" | "in2Features" | "outFeatures">) {
    super();
    const [in1, in2, out, bias, device, dt] = bind("Bilinear", ["in1Features", "in2Features", "outFeatures", "bias", "device", "dtype"], args);
    this.in1Features = checkInt("Bilinear", in1, "in1_features");
    this.in2Features = checkInt("Bilinear", in2, "in2_features");
    this.outFeatures = checkInt("Bilinear", out, "out_features");
    const opts = { device: device as string | undefined, dtype: dt as dtype | undefined };
    this.weight = new Parameter(empty([this.outFeatures, this.in1Features, this.in2Features], opts));
    if (checkBool("Bilinear", bias, "bias", true)) this.bias = new Parameter(empty([this.outFeatures], opts));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }
  /** Python's reset_parameters: weight and bias from U(-1/sqrt(in1Features), 1/sqrt(in1Features)). */
  resetParameters(): void {
    if (this.in1Features <= 0) throw new RangeError(`in1_features must be > 0, but got (in1_features=${this.in1Features})`);
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }
  forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }
  extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}
