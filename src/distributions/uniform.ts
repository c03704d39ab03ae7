// torch.distributions.Uniform (Python's uniform.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, TensorOrNumber } from "./utils";

export interface UniformOptions { low?: TensorOrNumber; high?: TensorOrNumber; validateArgs?: boolean | null }

/** Uniform distribution on the half-open interval [low, high). */
export class Uniform extends Distribution {
  declare low: Tensor;
  declare high: Tensor;

  constructor(low: TensorOrNumber | UniformOptions, high?: TensorOrNumber | UniformOptions, validateArgs?: boolean | null | UniformOptions);
  constructor(...args: unknown[]) {
    super();
    const [low, high, validateArgs] = bindArgs("Uniform", ["low", "high", "validateArgs"], args, 2);
    [this.low, this.high] = broadcastAll(low, high);
    const batchShape = isNumber(low) && isNumber(high) ? [] : this.low.shape;
    this._init(batchShape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { low: constraints.lessThan(this.high), high: constraints.greaterThan(this.low) };
  }
  get support(): constraints.Constraint {
    return constraints.interval(this.low, this.high);
  }
  get hasRsample(): boolean {
    return true;
  }
  get mean(): Tensor {
    return this.high.add(this.low).div(2);
  }
  get mode(): Tensor {
    return this.high.mul(NaN);
  }
  get stddev(): Tensor {
    return this.high.sub(this.low).div(12 ** 0.5);
  }
  get variance(): Tensor {
    return this.high.sub(this.low).pow(2).div(12);
  }
  expand(batchShapeArg: BatchShape, _instance?: Uniform): Uniform {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.low = this.low.expand(batchShape);
    neu.high = this.high.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const rand = torch.rand(shape, { dtype: this.low.dtype, device: this.low.device });
    return this.low.add(rand.mul(this.high.sub(this.low)));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const lb = this.low.le(value).typeAs(this.low);
    const ub = this.high.gt(value).typeAs(this.low);
    return torch.log(lb.mul(ub)).sub(torch.log(this.high.sub(this.low)));
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const result = value.sub(this.low).div(this.high.sub(this.low));
    return result.clamp({ min: 0, max: 1 });
  }
  icdf(value: Tensor): Tensor {
    return value.mul(this.high.sub(this.low)).add(this.low);
  }
  entropy(): Tensor {
    return torch.log(this.high.sub(this.low));
  }
}
