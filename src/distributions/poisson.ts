// torch.distributions.Poisson (Python's poisson.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, TensorOrNumber } from "./utils";

/** Poisson distribution with rate `rate`. */
export class Poisson extends ExponentialFamily {
  declare rate: Tensor;
  constructor(rate: TensorOrNumber | { rate?: TensorOrNumber; validateArgs?: boolean | null }, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [rate, validateArgs] = bindArgs("Poisson", ["rate", "validateArgs"], args, 1);
    [this.rate] = broadcastAll(rate);
    this._init(isNumber(rate) ? [] : this.rate.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.nonnegative };
  }
  get support(): constraints.Constraint {
    return constraints.nonnegativeInteger;
  }
  get mean(): Tensor {
    return this.rate;
  }
  get mode(): Tensor {
    return this.rate.floor();
  }
  get variance(): Tensor {
    return this.rate;
  }
  expand(batchShapeArg: BatchShape, _instance?: Poisson): Poisson {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.rate = this.rate.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => torch.poisson(this.rate.expand(shape)));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [rate, v] = broadcastAll(this.rate, value);
    return v.xlogy(rate).sub(rate).sub(v.add(1).lgamma());
  }
  get _naturalParams(): Tensor[] {
    return [torch.log(this.rate)];
  }
  _logNormalizer(x: Tensor): Tensor {
    return torch.exp(x);
  }
}
