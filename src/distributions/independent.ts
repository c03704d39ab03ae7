// torch.distributions.Independent (Python's independent.py).
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, sumRightmost, valueError, NotImplementedError } from "./utils";

/** Reinterprets the rightmost `reinterpretedBatchNdims` batch dims of a distribution as event dims. */
export class Independent extends Distribution {
  declare baseDist: Distribution;
  declare reinterpretedBatchNdims: number;

  constructor(baseDistribution: Distribution | { baseDistribution?: Distribution; reinterpretedBatchNdims?: number; validateArgs?: boolean | null }, reinterpretedBatchNdims?: number | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [base, n, validateArgs] = bindArgs("Independent", ["baseDistribution", "reinterpretedBatchNdims", "validateArgs"], args, 2);
    if (!(base instanceof Distribution)) throw new TypeError("Independent(): argument 'base_distribution' must be a Distribution");
    if (typeof n !== "number" || !Number.isInteger(n)) throw new TypeError("Independent(): argument 'reinterpreted_batch_ndims' must be int");
    if (n > base.batchShape.length)
      throw valueError(`Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${n} vs ${base.batchShape.length}`);
    const shape = [...base.batchShape, ...base.eventShape];
    const eventDim = n + base.eventShape.length;
    this.baseDist = base;
    this.reinterpretedBatchNdims = n;
    this._init(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return {};
  }
  expand(batchShapeArg: BatchShape, _instance?: Independent): Independent {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.baseDist = this.baseDist.expand([...batchShape, ...this._eventShape.slice(0, this.reinterpretedBatchNdims)]);
    neu.reinterpretedBatchNdims = this.reinterpretedBatchNdims;
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }
  get hasEnumerateSupport(): boolean {
    if (this.reinterpretedBatchNdims > 0) return false;
    return this.baseDist.hasEnumerateSupport;
  }
  get support(): constraints.Constraint {
    let result = this.baseDist.support;
    if (this.reinterpretedBatchNdims) result = constraints.independent(result, this.reinterpretedBatchNdims);
    return result;
  }
  get mean(): Tensor {
    return this.baseDist.mean;
  }
  get mode(): Tensor {
    return this.baseDist.mode;
  }
  get variance(): Tensor {
    return this.baseDist.variance;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    return this.baseDist.sample(sampleShape);
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    return this.baseDist.rsample(sampleShape);
  }
  logProb(value: Tensor): Tensor {
    return sumRightmost(this.baseDist.logProb(value), this.reinterpretedBatchNdims);
  }
  entropy(): Tensor {
    return sumRightmost(this.baseDist.entropy(), this.reinterpretedBatchNdims);
  }
  enumerateSupport(expand: boolean | { expand?: boolean } = true): Tensor {
    if (this.reinterpretedBatchNdims > 0) throw new NotImplementedError("Enumeration over cartesian product is not implemented");
    return this.baseDist.enumerateSupport(expand);
  }
  toString(): string {
    return `Independent(${this.baseDist}, ${this.reinterpretedBatchNdims})`;
  }
}
