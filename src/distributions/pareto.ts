// torch.distributions.Pareto, Weibull, Kumaraswamy, InverseGamma, LogisticNormal:
// the TransformedDistribution families of Python's pareto.py, weibull.py,
// kumaraswamy.py, inverse_gamma.py, logistic_normal.py.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { BatchShape, toShape } from "./distribution";
import { Exponential } from "./exponential";
import { Gamma } from "./gamma";
import { Independent } from "./independent";
import { Normal } from "./normal";
import { Uniform } from "./uniform";
import { TransformedDistribution, SUBCLASS_INIT } from "./transformed_distribution";
import { AffineTransform, ExpTransform, PowerTransform, StickBreakingTransform } from "./transforms";
import { bindArgs, broadcastAll, eulerConstant, rdiv, rsub, TensorOrNumber } from "./utils";

/** Pareto Type 1 with `scale` (minimum) and `alpha` (tail index). */
export class Pareto extends TransformedDistribution {
  declare scale: Tensor;
  declare alpha: Tensor;
  constructor(scale: TensorOrNumber | { scale?: TensorOrNumber; alpha?: TensorOrNumber; validateArgs?: boolean | null }, alpha?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [scale, alpha, validateArgs] = bindArgs("Pareto", ["scale", "alpha", "validateArgs"], args, 2);
    [this.scale, this.alpha] = broadcastAll(scale, alpha);
    const va = validateArgs as boolean | null;
    this._setup(new Exponential(this.alpha, va), [new ExpTransform(), new AffineTransform(0, this.scale)], va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { alpha: constraints.positive, scale: constraints.positive };
  }
  expand(batchShapeArg: BatchShape, _instance?: Pareto): Pareto {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.scale = this.scale.expand(batchShape);
    neu.alpha = this.alpha.expand(batchShape);
    return super.expand(batchShape, neu) as Pareto;
  }
  get mean(): Tensor {
    const a = this.alpha.clamp({ min: 1 });
    return a.mul(this.scale).div(a.sub(1));
  }
  get mode(): Tensor {
    return this.scale;
  }
  get variance(): Tensor {
    const a = this.alpha.clamp({ min: 2 });
    return this.scale.pow(2).mul(a).div(a.sub(1).pow(2).mul(a.sub(2)));
  }
  get support(): constraints.Constraint {
    return constraints.greaterThanEq(this.scale);
  }
  entropy(): Tensor {
    return this.scale.div(this.alpha).log().add(this.alpha.reciprocal().add(1));
  }
}

/** Weibull distribution with `scale` and `concentration`. */
export class Weibull extends TransformedDistribution {
  declare scale: Tensor;
  declare concentration: Tensor;
  declare concentrationReciprocal: Tensor;
  constructor(scale: TensorOrNumber | { scale?: TensorOrNumber; concentration?: TensorOrNumber; validateArgs?: boolean | null }, concentration?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [scale, concentration, validateArgs] = bindArgs("Weibull", ["scale", "concentration", "validateArgs"], args, 2);
    [this.scale, this.concentration] = broadcastAll(scale, concentration);
    this.concentrationReciprocal = this.concentration.reciprocal();
    const va = validateArgs as boolean | null;
    const base = new Exponential(torch.onesLike(this.scale), va);
    this._setup(base, [new PowerTransform(this.concentrationReciprocal), new AffineTransform(0, this.scale)], va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive, concentration: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.positive;
  }
  expand(batchShapeArg: BatchShape, _instance?: Weibull): Weibull {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.scale = this.scale.expand(batchShape);
    neu.concentration = this.concentration.expand(batchShape);
    neu.concentrationReciprocal = neu.concentration.reciprocal();
    const base = this.baseDist.expand(batchShape);
    neu._setup(base, [new PowerTransform(neu.concentrationReciprocal), new AffineTransform(0, neu.scale)], false);
    neu._validateArgs = this._validateArgs;
    return neu;
  }
  get mean(): Tensor {
    return this.scale.mul(torch.exp(torch.lgamma(this.concentrationReciprocal.add(1))));
  }
  get mode(): Tensor {
    return this.scale.mul(this.concentration.sub(1).div(this.concentration).pow(this.concentration.reciprocal()));
  }
  get variance(): Tensor {
    return this.scale.pow(2).mul(
      torch.exp(torch.lgamma(this.concentrationReciprocal.mul(2).add(1))).sub(torch.exp(torch.lgamma(this.concentrationReciprocal.add(1)).mul(2))),
    );
  }
  entropy(): Tensor {
    return rsub(1, this.concentrationReciprocal).mul(eulerConstant).add(torch.log(this.scale.mul(this.concentrationReciprocal))).add(1);
  }
}

function moments(a: Tensor, b: Tensor, n: number): Tensor {
  const arg1 = rdiv(n, a).add(1);
  const logValue = torch.lgamma(arg1).add(torch.lgamma(b)).sub(torch.lgamma(arg1.add(b)));
  return b.mul(torch.exp(logValue));
}

/** Kumaraswamy distribution on (0, 1) with concentration1 (a) and concentration0 (b). */
export class Kumaraswamy extends TransformedDistribution {
  declare concentration1: Tensor;
  declare concentration0: Tensor;
  constructor(concentration1: TensorOrNumber | { concentration1?: TensorOrNumber; concentration0?: TensorOrNumber; validateArgs?: boolean | null }, concentration0?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [c1, c0, validateArgs] = bindArgs("Kumaraswamy", ["concentration1", "concentration0", "validateArgs"], args, 2);
    [this.concentration1, this.concentration0] = broadcastAll(c1, c0);
    const va = validateArgs as boolean | null;
    const base = new Uniform(torch.fullLike(this.concentration0, 0), torch.fullLike(this.concentration0, 1), va);
    const transforms = [
      new PowerTransform(this.concentration0.reciprocal()),
      new AffineTransform(1.0, -1.0),
      new PowerTransform(this.concentration1.reciprocal()),
    ];
    this._setup(base, transforms, va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: Kumaraswamy): Kumaraswamy {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.concentration1 = this.concentration1.expand(batchShape);
    neu.concentration0 = this.concentration0.expand(batchShape);
    return super.expand(batchShape, neu) as Kumaraswamy;
  }
  get mean(): Tensor {
    return moments(this.concentration1, this.concentration0, 1);
  }
  get mode(): Tensor {
    const logMode = this.concentration0.reciprocal().mul(this.concentration0.neg().log1p())
      .sub(this.concentration0.neg().mul(this.concentration1).log1p());
    logMode.indexPut_([this.concentration0.lt(1).bitwiseOr(this.concentration1.lt(1))], NaN);
    return logMode.exp();
  }
  get variance(): Tensor {
    return moments(this.concentration1, this.concentration0, 2).sub(torch.pow(this.mean, 2));
  }
  entropy(): Tensor {
    const t1 = rsub(1, this.concentration1.reciprocal());
    const t0 = rsub(1, this.concentration0.reciprocal());
    const H0 = torch.digamma(this.concentration0.add(1)).add(eulerConstant);
    return t0.add(t1.mul(H0)).sub(torch.log(this.concentration1)).sub(torch.log(this.concentration0));
  }
}

/** 1 / X with X ~ Gamma(concentration, rate). */
export class InverseGamma extends TransformedDistribution {
  declare baseDist: Gamma;
  constructor(concentration: TensorOrNumber | { concentration?: TensorOrNumber; rate?: TensorOrNumber; validateArgs?: boolean | null }, rate?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [concentration, rate, validateArgs] = bindArgs("InverseGamma", ["concentration", "rate", "validateArgs"], args, 2);
    const va = validateArgs as boolean | null;
    const base = new Gamma(concentration as TensorOrNumber, rate as TensorOrNumber, va);
    const negOne = base.rate.newOnes([]).neg();
    this._setup(base, new PowerTransform(negOne), va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.positive;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: InverseGamma): InverseGamma {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as InverseGamma;
  }
  get concentration(): Tensor {
    return this.baseDist.concentration;
  }
  get rate(): Tensor {
    return this.baseDist.rate;
  }
  get mean(): Tensor {
    const result = this.rate.div(this.concentration.sub(1));
    return torch.where(this.concentration.gt(1), result, Infinity);
  }
  get mode(): Tensor {
    return this.rate.div(this.concentration.add(1));
  }
  get variance(): Tensor {
    const result = this.rate.square().div(this.concentration.sub(1).square().mul(this.concentration.sub(2)));
    return torch.where(this.concentration.gt(2), result, Infinity);
  }
  entropy(): Tensor {
    return this.concentration.add(this.rate.log()).add(this.concentration.lgamma())
      .sub(this.concentration.add(1).mul(this.concentration.digamma()));
  }
}

/** Stick-breaking of a Normal: a distribution on the simplex. */
export class LogisticNormal extends TransformedDistribution {
  declare baseDist: Independent;
  constructor(loc: TensorOrNumber | { loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null }, scale?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [loc, scale, validateArgs] = bindArgs("LogisticNormal", ["loc", "scale", "validateArgs"], args, 2);
    const va = validateArgs as boolean | null;
    let base: Normal = new Normal(loc as TensorOrNumber, scale as TensorOrNumber, va);
    if (!base.batchShape.length) base = base.expand([1]);
    this._setup(base, new StickBreakingTransform(), va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.simplex;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: LogisticNormal): LogisticNormal {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as LogisticNormal;
  }
  get loc(): Tensor {
    return (this.baseDist.baseDist as Normal).loc;
  }
  get scale(): Tensor {
    return (this.baseDist.baseDist as Normal).scale;
  }
}
