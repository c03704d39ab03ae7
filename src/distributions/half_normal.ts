// torch.distributions.HalfNormal and HalfCauchy (Python's half_normal.py, half_cauchy.py): |X| of a centred Normal / Cauchy.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { BatchShape, toShape } from "./distribution";
import { Cauchy } from "./cauchy";
import { Normal } from "./normal";
import { TransformedDistribution, SUBCLASS_INIT } from "./transformed_distribution";
import { AbsTransform } from "./transforms";
import { bindArgs, TensorOrNumber } from "./utils";

type ScaleOptions = { scale?: TensorOrNumber; validateArgs?: boolean | null };

/** |X| with X ~ Normal(0, scale). */
export class HalfNormal extends TransformedDistribution {
  declare baseDist: Normal;
  constructor(scale: TensorOrNumber | ScaleOptions, validateArgs?: boolean | null | ScaleOptions);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [scale, validateArgs] = bindArgs("HalfNormal", ["scale", "validateArgs"], args, 1);
    this._setup(new Normal(0, scale as TensorOrNumber, false), new AbsTransform(), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: HalfNormal): HalfNormal {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as HalfNormal;
  }
  get scale(): Tensor {
    return this.baseDist.scale;
  }
  get mean(): Tensor {
    return this.scale.mul(Math.sqrt(2 / Math.PI));
  }
  get mode(): Tensor {
    return torch.zerosLike(this.scale);
  }
  get variance(): Tensor {
    return this.scale.pow(2).mul(1 - 2 / Math.PI);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const lp = this.baseDist.logProb(value).add(Math.log(2));
    return torch.where(value.ge(0), lp, -Infinity);
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.baseDist.cdf(value).mul(2).sub(1);
  }
  icdf(prob: Tensor): Tensor {
    return this.baseDist.icdf(prob.add(1).div(2));
  }
  entropy(): Tensor {
    return this.baseDist.entropy().sub(Math.log(2));
  }
}

/** |X| with X ~ Cauchy(0, scale). */
export class HalfCauchy extends TransformedDistribution {
  declare baseDist: Cauchy;
  constructor(scale: TensorOrNumber | ScaleOptions, validateArgs?: boolean | null | ScaleOptions);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [scale, validateArgs] = bindArgs("HalfCauchy", ["scale", "validateArgs"], args, 1);
    this._setup(new Cauchy(0, scale as TensorOrNumber, false), new AbsTransform(), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: HalfCauchy): HalfCauchy {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as HalfCauchy;
  }
  get scale(): Tensor {
    return this.baseDist.scale;
  }
  get mean(): Tensor {
    return torch.full(this._extendedShape(), Infinity, { dtype: this.scale.dtype, device: this.scale.device });
  }
  get mode(): Tensor {
    return torch.zerosLike(this.scale);
  }
  get variance(): Tensor {
    return this.baseDist.variance;
  }
  logProb(value: Tensor | number): Tensor {
    if (this._validateArgs) this._validateSample(value as Tensor);
    const v = value instanceof Tensor ? value.to(this.baseDist.scale.dtype) : torch.tensor(value, { dtype: this.baseDist.scale.dtype, device: this.baseDist.scale.device });
    const lp = this.baseDist.logProb(v).add(Math.log(2));
    return torch.where(v.ge(0), lp, -Infinity);
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.baseDist.cdf(value).mul(2).sub(1);
  }
  icdf(prob: Tensor): Tensor {
    return this.baseDist.icdf(prob.add(1).div(2));
  }
  entropy(): Tensor {
    return this.baseDist.entropy().sub(Math.log(2));
  }
}

