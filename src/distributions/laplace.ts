// torch.distributions.Laplace (Python's laplace.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, finfo, isNumber, rsub, TensorOrNumber } from "./utils";

type LocScaleOptions = { loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null };

/** Laplace distribution with location `loc` and scale `scale`. */
export class Laplace extends Distribution {
  declare loc: Tensor;
  declare scale: Tensor;
  constructor(loc: TensorOrNumber | LocScaleOptions, scale?: TensorOrNumber | LocScaleOptions, validateArgs?: boolean | null | LocScaleOptions);
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, validateArgs] = bindArgs("Laplace", ["loc", "scale", "validateArgs"], args, 2);
    [this.loc, this.scale] = broadcastAll(loc, scale);
    this._init(isNumber(loc) && isNumber(scale) ? [] : this.loc.shape, [], validateArgs as boolean | null);
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
  get mean(): Tensor {
    return this.loc;
  }
  get mode(): Tensor {
    return this.loc;
  }
  get variance(): Tensor {
    return this.scale.pow(2).mul(2);
  }
  get stddev(): Tensor {
    return this.scale.mul(2 ** 0.5);
  }
  expand(batchShapeArg: BatchShape, _instance?: Laplace): Laplace {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.loc = this.loc.expand(batchShape);
    neu.scale = this.scale.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const f = finfo(this.loc.dtype);
    const u = torch.empty(shape, { dtype: this.loc.dtype, device: this.loc.device }).uniform_(f.eps - 1, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(torch.log1p(u.abs().neg())));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return torch.log(this.scale.mul(2)).neg().sub(torch.abs(value.sub(this.loc)).div(this.scale));
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const d = value.sub(this.loc);
    return rsub(0.5, d.sign().mul(0.5).mul(torch.expm1(d.abs().neg().div(this.scale))));
  }
  icdf(value: Tensor): Tensor {
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(torch.log1p(term.abs().mul(-2))));
  }
  entropy(): Tensor {
    return torch.log(this.scale.mul(2)).add(1);
  }
}
