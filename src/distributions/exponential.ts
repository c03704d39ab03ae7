// torch.distributions.Exponential (Python's exponential.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, rsub, TensorOrNumber } from "./utils";

/** Exponential distribution with rate `rate`. */
export class Exponential extends ExponentialFamily {
  declare rate: Tensor;
  constructor(rate: TensorOrNumber | { rate?: TensorOrNumber; validateArgs?: boolean | null }, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [rate, validateArgs] = bindArgs("Exponential", ["rate", "validateArgs"], args, 1);
    [this.rate] = broadcastAll(rate);
    this._init(isNumber(rate) ? [] : this.rate.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.positive };
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
    return this.rate.reciprocal();
  }
  get mode(): Tensor {
    return torch.zerosLike(this.rate);
  }
  get stddev(): Tensor {
    return this.rate.reciprocal();
  }
  get variance(): Tensor {
    return this.rate.pow(-2);
  }
  expand(batchShapeArg: BatchShape, _instance?: Exponential): Exponential {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.rate = this.rate.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return torch.empty(shape, { dtype: this.rate.dtype, device: this.rate.device }).exponential_().div(this.rate);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return rsub(1, torch.exp(this.rate.neg().mul(value)));
  }
  icdf(value: Tensor): Tensor {
    return torch.log1p(value.neg()).neg().div(this.rate);
  }
  entropy(): Tensor {
    return rsub(1.0, torch.log(this.rate));
  }
  get _naturalParams(): Tensor[] {
    return [this.rate.neg()];
  }
  _logNormalizer(x: Tensor): Tensor {
    return torch.log(x.neg()).neg();
  }
}
