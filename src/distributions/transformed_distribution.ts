// torch.distributions.TransformedDistribution (Python's transformed_distribution.py).
import { Tensor } from "../tensor";
import { noGrad } from "../grad_mode";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { Independent } from "./independent";
import { ComposeTransform, Transform } from "./transforms";
import { bindArgs, rsub, sameShape, sumRightmost, valueError } from "./utils";

/** @internal passed to the constructor by subclasses that run _setup themselves (Python's custom __init__) */
export const SUBCLASS_INIT = Symbol("TransformedDistribution subclass");

/** A base distribution pushed through a list of transforms. */
export class TransformedDistribution extends Distribution {
  declare baseDist: Distribution;
  declare transforms: Transform[];

  constructor(baseDistribution: Distribution | { baseDistribution?: Distribution; transforms?: Transform | Transform[]; validateArgs?: boolean | null }, transforms?: Transform | Transform[] | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    if (args[0] === SUBCLASS_INIT) return;
    const [base, transforms, validateArgs] = bindArgs(new.target.name, ["baseDistribution", "transforms", "validateArgs"], args, 2);
    this._setup(base as Distribution, transforms, validateArgs as boolean | null);
  }
  /** @internal Python's TransformedDistribution.__init__ */
  _setup(baseDistribution: Distribution, transforms: unknown, validateArgs: boolean | null | undefined): void {
    if (transforms instanceof Transform) this.transforms = [transforms];
    else if (Array.isArray(transforms)) {
      if (!transforms.every((t) => t instanceof Transform)) throw valueError("transforms must be a Transform or a list of Transforms");
      this.transforms = transforms;
    } else throw valueError(`transforms must be a Transform or list, but was ${String(transforms)}`);
    if (!(baseDistribution instanceof Distribution)) throw new TypeError("TransformedDistribution(): argument 'base_distribution' must be a Distribution");
    const baseShape = [...baseDistribution.batchShape, ...baseDistribution.eventShape];
    const baseEventDim = baseDistribution.eventShape.length;
    const transform = new ComposeTransform(this.transforms);
    if (baseShape.length < transform.domain.eventDim)
      throw valueError(`base_distribution needs to have shape with size at least ${transform.domain.eventDim}, but got ${baseShape}.`);
    const forwardShape = transform.forwardShape(baseShape);
    const expandedBaseShape = transform.inverseShape(forwardShape);
    if (!sameShape(baseShape, expandedBaseShape))
      baseDistribution = baseDistribution.expand(expandedBaseShape.slice(0, expandedBaseShape.length - baseEventDim));
    const reinterpreted = transform.domain.eventDim - baseEventDim;
    if (reinterpreted > 0) baseDistribution = new Independent(baseDistribution, reinterpreted);
    this.baseDist = baseDistribution;
    const change = transform.codomain.eventDim - transform.domain.eventDim;
    const eventDim = Math.max(transform.codomain.eventDim, baseEventDim + change);
    const cut = forwardShape.length - eventDim;
    this._init(forwardShape.slice(0, cut), forwardShape.slice(cut), validateArgs);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return {};
  }
  expand(batchShapeArg: BatchShape, _instance?: TransformedDistribution): TransformedDistribution {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    let shape = [...batchShape, ...this._eventShape];
    for (const t of [...this.transforms].reverse()) shape = t.inverseShape(shape);
    const baseBatchShape = shape.slice(0, shape.length - this.baseDist.eventShape.length);
    neu.baseDist = this.baseDist.expand(baseBatchShape);
    neu.transforms = this.transforms;
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get support(): constraints.Constraint {
    if (!this.transforms.length) return this.baseDist.support;
    let support = this.transforms[this.transforms.length - 1].codomain;
    if (this._eventShape.length > support.eventDim) support = constraints.independent(support, this._eventShape.length - support.eventDim);
    return support;
  }
  get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    return noGrad(() => {
      let x = this.baseDist.sample(sampleShape);
      for (const t of this.transforms) x = t(x);
      return x;
    });
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    let x = this.baseDist.rsample(sampleShape);
    for (const t of this.transforms) x = t(x);
    return x;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let eventDim = this._eventShape.length;
    let logProb: Tensor | number = 0.0;
    let y = value;
    for (const t of [...this.transforms].reverse()) {
      const x = t.inv(y);
      eventDim += t.domain.eventDim - t.codomain.eventDim;
      const term = sumRightmost(t.logAbsDetJacobian(x, y), eventDim - t.domain.eventDim);
      logProb = typeof logProb === "number" ? rsub(logProb, term) : logProb.sub(term);
      y = x;
    }
    const base = sumRightmost(this.baseDist.logProb(y), eventDim - this.baseDist.eventShape.length);
    return typeof logProb === "number" ? base.add(logProb) : logProb.add(base);
  }
  /** @internal */
  _monotonizeCdf(value: Tensor): Tensor {
    let sign: number | Tensor = 1;
    for (const t of this.transforms) {
      const s = t.sign;
      sign = typeof sign === "number" ? (typeof s === "number" ? sign * s : s.mul(sign)) : sign.mul(s as never);
    }
    if (typeof sign === "number" && sign === 1) return value;
    const centered = value.sub(0.5);
    return (typeof sign === "number" ? centered.mul(sign) : sign.mul(centered)).add(0.5);
  }
  cdf(value: Tensor): Tensor {
    for (const t of [...this.transforms].reverse()) value = t.inv(value);
    if (this._validateArgs) this.baseDist._validateSample(value);
    value = this.baseDist.cdf(value);
    return this._monotonizeCdf(value);
  }
  icdf(value: Tensor): Tensor {
    value = this._monotonizeCdf(value);
    value = this.baseDist.icdf(value);
    for (const t of this.transforms) value = t(value);
    return value;
  }
}
