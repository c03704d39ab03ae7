// Activation modules (more come with the nn issue).
import { Module } from "./module";
import { Tensor } from "../tensor";
import { pyFloat } from "./repr";

export class ReLU extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.inplace ? x.relu_() : x.relu();
  }
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01, readonly inplace = false) {
    super();
  }
  forward(x: Tensor): Tensor {
    return LEAKY_RELU_OP(x._h, this.negativeSlope);
  }
  extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}
export class GELU extends Module {
  readonly approximate: string;
  constructor(opts: { approximate?: "none" | "tanh" } | "none" | "tanh" = {}) {
    super();
    this.approximate = typeof opts === "string" ? opts : (opts.approximate ?? "none");
  }
  forward(x: Tensor): Tensor {
    return GELU_OP(x._h, this.approximate);
  }
  extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim ?? (x.dim() <= 1 || x.dim() === 3 ? 0 : 1));
  }
  extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}
export class LogSoftmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim ?? (x.dim() <= 1 || x.dim() === 3 ? 0 : 1));
  }
  extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

// ---------------------------------------------------------------- more activations (one aten call each)
import { native } from "../native";
import { opId } from "../dispatch";
import { Parameter } from "./parameter";
import { full } from "../creation";

const op = (name: string, overload = "") => {
  let id = -1;
  return (...a: unknown[]) => new Tensor(native.callOp(id < 0 ? (id = opId(name, overload)) : id, ...a));
};
const ELU_OP = op("elu"), SELU_OP = op("selu"), CELU_OP = op("celu"), SILU_OP = op("silu"), MISH_OP = op("mish");
const HARDTANH_OP = op("hardtanh"), HARDSWISH_OP = op("hardswish"), HARDSIGMOID_OP = op("hardsigmoid");
const SOFTPLUS_OP = op("softplus"), GLU_OP = op("glu"), PRELU_OP = op("prelu"), LOGSIGMOID_OP = op("log_sigmoid");
const THRESHOLD_OP = op("threshold");
export const GELU_OP = op("gelu"), LEAKY_RELU_OP = op("leaky_relu");

export class ELU extends Module {
  constructor(readonly alpha = 1.0, readonly inplace = false) { super(); }
  forward(x: Tensor): Tensor { return ELU_OP(x._h, this.alpha, 1, 1); }
  extraRepr(): string { return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`; }
}
export class SELU extends Module {
  forward(x: Tensor): Tensor { return SELU_OP(x._h); }
}
export class CELU extends Module {
  constructor(readonly alpha = 1.0) { super(); }
  forward(x: Tensor): Tensor { return CELU_OP(x._h, this.alpha); }
  extraRepr(): string { return `alpha=${pyFloat(this.alpha)}`; }
}
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return SILU_OP(x._h); }
}
export class Mish extends Module {
  forward(x: Tensor): Tensor { return MISH_OP(x._h); }
}
export class Hardtanh extends Module {
  constructor(readonly minVal = -1.0, readonly maxVal = 1.0) { super(); }
  forward(x: Tensor): Tensor { return HARDTANH_OP(x._h, this.minVal, this.maxVal); }
  extraRepr(): string { return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`; }
}
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return HARDTANH_OP(x._h, 0, 6); }
}
export class Hardswish extends Module {
  forward(x: Tensor): Tensor { return HARDSWISH_OP(x._h); }
}
export class Hardsigmoid extends Module {
  forward(x: Tensor): Tensor { return HARDSIGMOID_OP(x._h); }
}
export class Softplus extends Module {
  constructor(readonly beta = 1.0, readonly threshold = 20.0) { super(); }
  forward(x: Tensor): Tensor { return SOFTPLUS_OP(x._h, this.beta, this.threshold); }
  extraRepr(): string { return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`; }
}
export class Softsign extends Module {
  forward(x: Tensor): Tensor { return x.div(x.abs().add(1)); }
}
export class Softmin extends Module {
  constructor(readonly dim: number | null = null) { super(); }
  forward(x: Tensor): Tensor { return x.neg().softmax(this.dim ?? (x.dim() <= 1 || x.dim() === 3 ? 0 : 1)); }
  extraRepr(): string { return `dim=${this.dim === null ? "None" : this.dim}`; }
}
export class GLU extends Module {
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return GLU_OP(x._h, this.dim); }
  extraRepr(): string { return `dim=${this.dim}`; }
}
export class LogSigmoid extends Module {
  forward(x: Tensor): Tensor { return LOGSIGMOID_OP(x._h); }
}
export class Tanhshrink extends Module {
  forward(x: Tensor): Tensor { return x.sub(x.tanh()); }
}
export class Threshold extends Module {
  constructor(readonly threshold: number, readonly value: number) { super(); }
  forward(x: Tensor): Tensor { return THRESHOLD_OP(x._h, this.threshold, this.value); }
  extraRepr(): string { return `threshold=${this.threshold}, value=${this.value}`; }
}
/** nn.PReLU(numParameters = 1, init = 0.25): a learnable slope per channel. */
export class PReLU extends Module {
  declare weight: Parameter;
  constructor(readonly numParameters = 1, init = 0.25) {
    super();
    this.weight = new Parameter(full([numParameters], init));
  }
  forward(x: Tensor): Tensor { return PRELU_OP(x._h, this.weight._h); }
  extraRepr(): string { return `num_parameters=${this.numParameters}`; }
}
