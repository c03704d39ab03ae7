// torch.distributions.Cauchy (Python's cauchy.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, rsub, TensorOrNumber } from "./utils";

type LocScaleOptions = { loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null };

/** Cauchy (Lorentz) distribution with median `loc` and half width `scale`. */
export class Cauchy extends Distribution {
  declare loc: Tensor;
  declare scale: Tensor;
  constructor(loc: TensorOrNumber | LocScaleOptions, scale?: TensorOrNumber | LocScaleOptions, validateArgs?: boolean | null | LocScaleOptions);
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, validateArgs] = bindArgs("Cauchy", ["loc", "scale", "validateArgs"], args, 2);
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
  expand(batchShapeArg: BatchShape, _instance?: Cauchy): Cauchy {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.loc = this.loc.expand(batchShape);
    neu.scale = this.scale.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    return torch.full(this._extendedShape(), NaN, { dtype: this.loc.dtype, device: this.loc.device });
  }
  get mode(): Tensor {
    return this.loc;
  }
  get variance(): Tensor {
    return torch.full(this._extendedShape(), Infinity, { dtype: this.loc.dtype, device: this.loc.device });
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = torch.empty(shape, { dtype: this.loc.dtype, device: this.loc.device }).cauchy_();
    return this.loc.add(eps.mul(this.scale));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return rsub(-Math.log(Math.PI), this.scale.log()).sub(value.sub(this.loc).div(this.scale).pow(2).log1p());
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return torch.atan(value.sub(this.loc).div(this.scale)).div(Math.PI).add(0.5);
  }
  icdf(value: Tensor): Tensor {
    return torch.tan(value.sub(0.5).mul(Math.PI)).mul(this.scale).add(this.loc);
  }
  entropy(): Tensor {
    return this.scale.log().add(Math.log(4 * Math.PI));
  }
}
