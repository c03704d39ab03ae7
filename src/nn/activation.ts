// Activation modules (torch/nn/modules/activation.py): Python's constructor
// arguments, positional in Python's order or in one trailing options object
// with camelCase keys (`new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true })`),
// forward through the F forms (functional_activation.ts), inplace honoured,
// and print(module) as Python's extra_repr.
import { Module } from "./module";
import { Tensor } from "../tensor";
import { Parameter } from "./parameter";
import { empty } from "../creation";
import { bind, checkInt } from "../args";
import { native } from "../native";
import { opId } from "../dispatch";
import * as dt from "../dtype";
import type { Device } from "../device";
import { pyFloat } from "./repr";
import { warnOnce } from "./_util";
import * as F from "./functional_activation";
import { constant_ } from "./init";

const op = (name: string, overload = "") => {
  let id = -1;
  return (...a: unknown[]) => new Tensor(native.callOp(id < 0 ? (id = opId(name, overload)) : id, ...a));
};
/** Raw aten calls kept for other modules (transformer.ts). @internal */
export const GELU_OP = op("gelu"), LEAKY_RELU_OP = op("leaky_relu");

/** A float parameter as Python's f"{value}" prints it: 1.0, 0.01, 1e-05. */
const fl = (v: number): string => pyFloat(v);
/** A value Python users usually give as int or float (Threshold): 20 stays 20, 0.1 stays 0.1. */
const num = (v: number): string => (Number.isInteger(v) ? String(v) : pyFloat(v));
const inplaceOnly = (inplace: boolean): string => (inplace ? "inplace=True" : "");
const inplaceTail = (inplace: boolean): string => (inplace ? ", inplace=True" : "");

type InplaceArgs = [inplace?: boolean] | [options: { inplace?: boolean }];

/** Modules whose only argument is `inplace` (ReLU, SELU, SiLU, Mish, Hardswish, Hardsigmoid). Public as their base (its members are theirs). */
abstract class InplaceModule extends Module {
  readonly inplace: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    const [inplace = false] = bind(name, ["inplace"], args);
    this.inplace = Boolean(inplace);
  }
}

/** nn.ReLU(inplace = false) */
export class ReLU extends InplaceModule {
  constructor(...args: InplaceArgs) { super("ReLU", args); }
  forward(x: Tensor): Tensor { return F.relu(x, this.inplace); }
  extraRepr(): string { return inplaceOnly(this.inplace); }
}
/** nn.SELU(inplace = false) */
export class SELU extends InplaceModule {
  constructor(...args: InplaceArgs) { super("SELU", args); }
  forward(x: Tensor): Tensor { return F.selu(x, this.inplace); }
  extraRepr(): string { return inplaceOnly(this.inplace); }
}
/** nn.SiLU(inplace = false): x * sigmoid(x) */
export class SiLU extends InplaceModule {
  constructor(...args: InplaceArgs) { super("SiLU", args); }
  forward(x: Tensor): Tensor { return F.silu(x, this.inplace); }
  extraRepr(): string { return inplaceOnly(this.inplace); }
}
/** nn.Mish(inplace = false): x * tanh(softplus(x)) */
export class Mish extends InplaceModule {
  constructor(...args: InplaceArgs) { super("Mish", args); }
  forward(x: Tensor): Tensor { return F.mish(x, this.inplace); }
  extraRepr(): string { return inplaceOnly(this.inplace); }
}
/** nn.Hardswish(inplace = false) (Python prints no arguments). */
export class Hardswish extends InplaceModule {
  constructor(...args: InplaceArgs) { super("Hardswish", args); }
  forward(x: Tensor): Tensor { return F.hardswish(x, this.inplace); }
}
/** nn.Hardsigmoid(inplace = false) (Python prints no arguments). */
export class Hardsigmoid extends InplaceModule {
  constructor(...args: InplaceArgs) { super("Hardsigmoid", args); }
  forward(x: Tensor): Tensor { return F.hardsigmoid(x, this.inplace); }
}

/** nn.Tanh() */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return F.tanh(x); }
}
/** nn.Sigmoid() */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return F.sigmoid(x); }
}
/** nn.LogSigmoid() */
export class LogSigmoid extends Module {
  forward(x: Tensor): Tensor { return F.logsigmoid(x); }
}
/** nn.Softsign(): x / (1 + |x|) */
export class Softsign extends Module {
  forward(x: Tensor): Tensor { return F.softsign(x); }
}
/** nn.Tanhshrink(): x - tanh(x) */
export class Tanhshrink extends Module {
  forward(x: Tensor): Tensor { return F.tanhshrink(x); }
}

/** nn.LeakyReLU(negativeSlope = 0.01, inplace = false) */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(negativeSlope?: number, inplace?: boolean);
  constructor(options: { negativeSlope?: number; inplace?: boolean });
  constructor(negativeSlope: number, options: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const [slope = 1e-2, inplace = false] = bind("LeakyReLU", ["negativeSlope", "inplace"], args);
    this.negativeSlope = slope as number;
    this.inplace = Boolean(inplace);
  }
  forward(x: Tensor): Tensor { return F.leakyRelu(x, this.negativeSlope, this.inplace); }
  extraRepr(): string { return `negative_slope=${fl(this.negativeSlope)}${inplaceTail(this.inplace)}`; }
}

type AlphaArgs = [alpha?: number, inplace?: boolean] | [options: { alpha?: number; inplace?: boolean }] | [alpha: number, options: { inplace?: boolean }];
/** nn.ELU(alpha = 1.0, inplace = false) */
export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;
  constructor(...args: AlphaArgs) {
    super();
    const [alpha = 1.0, inplace = false] = bind("ELU", ["alpha", "inplace"], args);
    this.alpha = alpha as number;
    this.inplace = Boolean(inplace);
  }
  forward(x: Tensor): Tensor { return F.elu(x, this.alpha, this.inplace); }
  extraRepr(): string { return `alpha=${fl(this.alpha)}${inplaceTail(this.inplace)}`; }
}
/** nn.CELU(alpha = 1.0, inplace = false) */
export class CELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;
  constructor(...args: AlphaArgs) {
    super();
    const [alpha = 1.0, inplace = false] = bind("CELU", ["alpha", "inplace"], args);
    this.alpha = alpha as number;
    this.inplace = Boolean(inplace);
  }
  forward(x: Tensor): Tensor { return F.celu(x, this.alpha, this.inplace); }
  extraRepr(): string { return `alpha=${fl(this.alpha)}${inplaceTail(this.inplace)}`; }
}

/** nn.GELU(approximate = "none") */
export class GELU extends Module {
  readonly approximate: string;
  constructor(approximate?: "none" | "tanh" | { approximate?: "none" | "tanh" });
  constructor(...args: unknown[]) {
    super();
    const [approximate = "none"] = bind("GELU", ["approximate"], args);
    this.approximate = approximate as string;
  }
  forward(x: Tensor): Tensor { return F.gelu(x, { approximate: this.approximate as "none" }); }
  extraRepr(): string { return `approximate='${this.approximate}'`; }
}

/** nn.Hardtanh(minVal = -1.0, maxVal = 1.0, inplace = false) (minValue / maxValue: Python's deprecated spellings). */
export class Hardtanh extends Module {
  readonly minVal: number;
  readonly maxVal: number;
  readonly inplace: boolean;
  constructor(minVal?: number, maxVal?: number, inplace?: boolean);
  constructor(options: { minVal?: number; maxVal?: number; inplace?: boolean; minValue?: number | null; maxValue?: number | null });
  constructor(minVal: number, maxVal: number, options: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    let [lo = -1.0, hi = 1.0, inplace = false, minValue = null, maxValue = null] =
      bind("Hardtanh", ["minVal", "maxVal", "inplace", "minValue", "maxValue"], args);
    if (minValue !== null) {
      warnOnce("keyword argument `min_value` is deprecated and renamed to `min_val`", "FutureWarning");
      lo = minValue;
    }
    if (maxValue !== null) {
      warnOnce("keyword argument `max_value` is deprecated and renamed to `max_val`", "FutureWarning");
      hi = maxValue;
    }
    this.minVal = lo as number;
    this.maxVal = hi as number;
    this.inplace = Boolean(inplace);
    if (this.maxVal <= this.minVal) throw new Error(`max_val (${fl(this.maxVal)}) must be greater than min_val (${fl(this.minVal)})`);
  }
  forward(x: Tensor): Tensor { return F.hardtanh(x, this.minVal, this.maxVal, this.inplace); }
  extraRepr(): string { return `min_val=${fl(this.minVal)}, max_val=${fl(this.maxVal)}${inplaceTail(this.inplace)}`; }
}
/** nn.ReLU6(inplace = false): Hardtanh(0.0, 6.0) */
export class ReLU6 extends Hardtanh {
  constructor(...args: InplaceArgs) {
    const [inplace = false] = bind("ReLU6", ["inplace"], args);
    super(0.0, 6.0, Boolean(inplace));
  }
  extraRepr(): string { return inplaceOnly(this.inplace); }
}

/** nn.Softplus(beta = 1.0, threshold = 20.0) */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(beta?: number, threshold?: number);
  constructor(options: { beta?: number; threshold?: number });
  constructor(beta: number, options: { threshold?: number });
  constructor(...args: unknown[]) {
    super();
    const [beta = 1.0, threshold = 20.0] = bind("Softplus", ["beta", "threshold"], args);
    this.beta = beta as number;
    this.threshold = threshold as number;
  }
  forward(x: Tensor): Tensor { return F.softplus(x, this.beta, this.threshold); }
  extraRepr(): string { return `beta=${fl(this.beta)}, threshold=${fl(this.threshold)}`; }
}

type LambdArgs = [lambd?: number] | [options: { lambd?: number }];
/** nn.Softshrink(lambd = 0.5) */
export class Softshrink extends Module {
  readonly lambd: number;
  constructor(...args: LambdArgs) {
    super();
    const [lambd = 0.5] = bind("Softshrink", ["lambd"], args);
    this.lambd = lambd as number;
  }
  forward(x: Tensor): Tensor { return F.softshrink(x, this.lambd); }
  extraRepr(): string { return fl(this.lambd); }
}
/** nn.Hardshrink(lambd = 0.5) */
export class Hardshrink extends Module {
  readonly lambd: number;
  constructor(...args: LambdArgs) {
    super();
    const [lambd = 0.5] = bind("Hardshrink", ["lambd"], args);
    this.lambd = lambd as number;
  }
  forward(x: Tensor): Tensor { return F.hardshrink(x, this.lambd); }
  extraRepr(): string { return fl(this.lambd); }
}

/** nn.RReLU(lower = 1/8, upper = 1/3, inplace = false): random negative slopes in training (Python's draws), (lower + upper) / 2 in eval. */
export class RReLU extends Module {
  readonly lower: number;
  readonly upper: number;
  readonly inplace: boolean;
  constructor(lower?: number, upper?: number, inplace?: boolean);
  constructor(options: { lower?: number; upper?: number; inplace?: boolean });
  constructor(lower: number, upper: number, options: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const [lower = 1.0 / 8, upper = 1.0 / 3, inplace = false] = bind("RReLU", ["lower", "upper", "inplace"], args);
    this.lower = lower as number;
    this.upper = upper as number;
    this.inplace = Boolean(inplace);
  }
  forward(x: Tensor): Tensor { return F.rrelu(x, this.lower, this.upper, this.training, this.inplace); }
  extraRepr(): string { return `lower=${fl(this.lower)}, upper=${fl(this.upper)}${inplaceTail(this.inplace)}`; }
}

/** nn.Threshold(threshold, value, inplace = false): x where x > threshold, else value. */
export class Threshold extends Module {
  readonly threshold: number;
  readonly value: number;
  readonly inplace: boolean;
  constructor(threshold: number, value: number, inplace?: boolean);
  constructor(options: { threshold: number; value: number; inplace?: boolean });
  constructor(threshold: number, value: number, options: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const vals = bind("Threshold", ["threshold", "value", "inplace"], args);
    const missing = ["threshold", "value"].filter((_, i) => vals[i] === undefined);
    if (missing.length)
      throw new TypeError(`Threshold.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ` +
        missing.map((m) => `'${m}'`).join(" and "));
    this.threshold = vals[0] as number;
    this.value = vals[1] as number;
    this.inplace = Boolean(vals[2] ?? false);
  }
  forward(x: Tensor): Tensor { return F.threshold(x, this.threshold, this.value, this.inplace); }
  extraRepr(): string { return `threshold=${num(this.threshold)}, value=${num(this.value)}${inplaceTail(this.inplace)}`; }
}

/** nn.GLU(dim = -1): a * sigmoid(b) over the two halves of dim. */
export class GLU extends Module {
  readonly dim: number;
  constructor(dim?: number | { dim?: number });
  constructor(...args: unknown[]) {
    super();
    const [dim = -1] = bind("GLU", ["dim"], args);
    this.dim = dim as number;
  }
  forward(x: Tensor): Tensor { return F.glu(x, this.dim); }
  extraRepr(): string { return `dim=${this.dim}`; }
}

type DimArgs = [dim?: number | null] | [options: { dim?: number | null }];
const dimRepr = (d: number | null) => `dim=${d === null ? "None" : d}`;
/** nn.Softmax(dim = null): dim null uses Python's deprecated implicit dim, with its warning. */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(...args: DimArgs) {
    super();
    const [dim = null] = bind("Softmax", ["dim"], args);
    this.dim = dim as number | null;
  }
  forward(x: Tensor): Tensor { return F.softmax(x, this.dim); }
  extraRepr(): string { return dimRepr(this.dim); }
}
/** nn.Softmin(dim = null): softmax(-x). */
export class Softmin extends Module {
  readonly dim: number | null;
  constructor(...args: DimArgs) {
    super();
    const [dim = null] = bind("Softmin", ["dim"], args);
    this.dim = dim as number | null;
  }
  forward(x: Tensor): Tensor { return F.softmin(x, this.dim); }
  extraRepr(): string { return dimRepr(this.dim); }
}
/** nn.LogSoftmax(dim = null) */
export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(...args: DimArgs) {
    super();
    const [dim = null] = bind("LogSoftmax", ["dim"], args);
    this.dim = dim as number | null;
  }
  forward(x: Tensor): Tensor { return F.logSoftmax(x, this.dim); }
  extraRepr(): string { return dimRepr(this.dim); }
}
/** nn.Softmax2d(): softmax over the channels (dim -3) of (N, C, H, W) or (C, H, W) inputs. */
export class Softmax2d extends Module {
  forward(x: Tensor): Tensor {
    if (x.dim() !== 3 && x.dim() !== 4) throw new RangeError(`Softmax2d: expected input to be 3D or 4D, got ${x.dim()}D instead`);
    return F.softmax(x, -3);
  }
}

/** nn.PReLU(numParameters = 1, init = 0.25, device = null, dtype = null): a learnable negative slope per channel. */
export class PReLU extends Module {
  readonly numParameters: number;
  readonly init: number;
  declare weight: Parameter;
  constructor(numParameters?: number, init?: number, options?: { device?: string | Device | null; dtype?: dt.dtype | null });
  constructor(options: { numParameters?: number; init?: number; device?: string | Device | null; dtype?: dt.dtype | null });
  constructor(...args: unknown[]) {
    super();
    const [n = 1, init = 0.25, device = null, dtype = null] = bind("PReLU", ["numParameters", "init", "device", "dtype"], args);
    this.numParameters = checkInt("PReLU", n, "num_parameters");
    this.init = init as number;
    const opts: { device?: string | Device; dtype?: dt.dtype } = {};
    if (device !== null) opts.device = device as string | Device;
    if (dtype !== null) opts.dtype = dtype as dt.dtype;
    this.weight = new Parameter(empty([this.numParameters], opts));
    this.resetParameters();
  }
  resetParameters(): void { constant_(this.weight, this.init); }
  forward(x: Tensor): Tensor { return F.prelu(x, this.weight); }
  extraRepr(): string { return `num_parameters=${this.numParameters}`; }
}
