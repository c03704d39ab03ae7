// torch.distributions.Normal (Python's normal.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, standardNormal, rdiv, TensorOrNumber } from "./utils";

export interface NormalOptions { loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null }

/** Normal (Gaussian) distribution with mean `loc` and standard deviation `scale`. */
export class Normal extends ExponentialFamily {
  declare loc: Tensor;
  declare scale: Tensor;

  constructor(loc: TensorOrNumber | NormalOptions, scale?: TensorOrNumber | NormalOptions, validateArgs?: boolean | null | NormalOptions);
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, validateArgs] = bindArgs("Normal", ["loc", "scale", "validateArgs"], args, 2);
    [this.loc, this.scale] = broadcastAll(loc, scale);
    const batchShape = isNumber(loc) && isNumber(scale) ? [] : this.loc.shape;
    this._init(batchShape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.real;
  }
  get hasRsample(): boolean {
    return true;
  }
  get _meanCarrierMeasure(): number {
    return 0;
  }
  get mean(): Tensor {
    return this.loc;
  }
  get mode(): Tensor {
    return this.loc;
  }
  get stddev(): Tensor {
    return this.scale;
  }
  get variance(): Tensor {
    return this.stddev.pow(2);
  }
  expand(batchShapeArg: BatchShape, _instance?: Normal): Normal {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.loc = this.loc.expand(batchShape);
    neu.scale = this.scale.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => torch.normal(this.loc.expand(shape), this.scale.expand(shape)));
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(eps.mul(this.scale));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const v = this.scale.pow(2);
    const logScale = this.scale.log();
    return value.sub(this.loc).pow(2).neg().div(v.mul(2)).sub(logScale).sub(Math.log(Math.sqrt(2 * Math.PI)));
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return torch.erf(value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.sqrt(2))).add(1).mul(0.5);
  }
  icdf(value: Tensor): Tensor {
    return this.loc.add(this.scale.mul(torch.erfinv(value.mul(2).sub(1))).mul(Math.sqrt(2)));
  }
  entropy(): Tensor {
    return torch.log(this.scale).add(0.5 + 0.5 * Math.log(2 * Math.PI));
  }
  get _naturalParams(): Tensor[] {
    return [this.loc.div(this.scale.pow(2)), this.scale.pow(2).reciprocal().mul(-0.5)];
  }
  _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return x.pow(2).mul(-0.25).div(y).add(torch.log(rdiv(-Math.PI, y)).mul(0.5));
  }
}
