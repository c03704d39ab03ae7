// torch.distributions.Gamma and Chi2 (Python's gamma.py, chi2.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { native } from "../native";
import { opId } from "../dispatch";
import { noGrad } from "../grad_mode";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, finfo, isNumber, rsub, TensorOrNumber } from "./utils";

/** torch._standard_gamma(concentration): Gamma(concentration, 1) samples, differentiable in concentration. */
export function standardGamma(concentration: Tensor): Tensor {
  return new Tensor(native.callOp(opId("_standard_gamma"), concentration._h, null));
}

type GammaOptions = { concentration?: TensorOrNumber; rate?: TensorOrNumber; validateArgs?: boolean | null };

/** Gamma distribution with shape `concentration` and `rate`. */
export class Gamma extends ExponentialFamily {
  declare concentration: Tensor;
  declare rate: Tensor;
  constructor(concentration: TensorOrNumber | GammaOptions, rate?: TensorOrNumber | GammaOptions, validateArgs?: boolean | null | GammaOptions);
  constructor(...args: unknown[]) {
    super();
    const [concentration, rate, validateArgs] = bindArgs(new.target.name, ["concentration", "rate", "validateArgs"], args, 2);
    [this.concentration, this.rate] = broadcastAll(concentration, rate);
    this._init(isNumber(concentration) && isNumber(rate) ? [] : this.concentration.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  get hasRsample(): boolean {
    return true;
  }
  get _meanCarrierMeasure(): number {
    return 0;
  }
  get mean(): Tensor {
    return this.concentration.div(this.rate);
  }
  get mode(): Tensor {
    return this.concentration.sub(1).div(this.rate).clamp({ min: 0 });
  }
  get variance(): Tensor {
    return this.concentration.div(this.rate.pow(2));
  }
  expand(batchShapeArg: BatchShape, _instance?: Gamma): Gamma {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.concentration = this.concentration.expand(batchShape);
    neu.rate = this.rate.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const value = standardGamma(this.concentration.expand(shape)).div(this.rate.expand(shape));
    noGrad(() => value.detach().clamp_({ min: finfo(value.dtype).tiny }));
    return value;
  }
  logProb(value: Tensor | number): Tensor {
    const v = value instanceof Tensor ? value.to(this.rate.dtype) : torch.tensor(value, { dtype: this.rate.dtype, device: this.rate.device });
    if (this._validateArgs) this._validateSample(v);
    return torch.xlogy(this.concentration, this.rate)
      .add(torch.xlogy(this.concentration.sub(1), v))
      .sub(this.rate.mul(v))
      .sub(torch.lgamma(this.concentration));
  }
  entropy(): Tensor {
    return this.concentration
      .sub(torch.log(this.rate))
      .add(torch.lgamma(this.concentration))
      .add(rsub(1.0, this.concentration).mul(torch.digamma(this.concentration)));
  }
  get _naturalParams(): Tensor[] {
    return [this.concentration.sub(1), this.rate.neg()];
  }
  _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return torch.lgamma(x.add(1)).add(x.add(1).mul(torch.log(y.reciprocal().neg())));
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return torch.special.gammainc(this.concentration, this.rate.mul(value));
  }
}

/** Chi-squared distribution with `df` degrees of freedom (Gamma(df / 2, 0.5)). */
export class Chi2 extends Gamma {
  constructor(df: TensorOrNumber | { df?: TensorOrNumber; validateArgs?: boolean | null }, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    const [df, validateArgs] = bindArgs("Chi2", ["df", "validateArgs"], args, 1);
    const half = df instanceof Tensor ? df.mul(0.5) : isNumber(df) ? 0.5 * Number(df) : df;
    super(half as TensorOrNumber, 0.5, validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive };
  }
  get df(): Tensor {
    return this.concentration.mul(2);
  }
}
