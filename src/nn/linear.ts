// nn.Identity, nn.Linear: over F.linear (one native call).
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { empty } from "../creation";
import * as init from "./init";
import * as F from "./functional";
import { bind, checkInt, checkBool, isOptions } from "../args";
import { dtype } from "../dtype";
import { Device } from "../device";

export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

export interface LinearOptions {
  inFeatures?: number;
  outFeatures?: number;
  bias?: boolean;
  device?: string | Device;
  dtype?: dtype;
}

/** nn.Linear(inFeatures, outFeatures, bias = true, { device, dtype }): y = x A^T + b */
export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(...args: (number | boolean | LinearOptions)[]) {
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
