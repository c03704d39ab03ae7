// torch.distributions.Gumbel (Python's gumbel.py): Uniform through exp/affine transforms.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { BatchShape, toShape } from "./distribution";
import { TransformedDistribution, SUBCLASS_INIT } from "./transformed_distribution";
import { Uniform } from "./uniform";
import { AffineTransform, ExpTransform } from "./transforms";
import { bindArgs, broadcastAll, eulerConstant, finfo, isNumber, TensorOrNumber } from "./utils";

type LocScaleOptions = { loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null };

/** Gumbel distribution with location `loc` and scale `scale`. */
export class Gumbel extends TransformedDistribution {
  declare loc: Tensor;
  declare scale: Tensor;
  constructor(loc: TensorOrNumber | LocScaleOptions, scale?: TensorOrNumber | LocScaleOptions, validateArgs?: boolean | null | LocScaleOptions);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [loc, scale, validateArgs] = bindArgs("Gumbel", ["loc", "scale", "validateArgs"], args, 2);
    [this.loc, this.scale] = broadcastAll(loc, scale);
    const f = finfo(this.loc.dtype);
    const va = validateArgs as boolean | null;
    const base = isNumber(loc) && isNumber(scale)
      ? new Uniform(f.tiny, 1 - f.eps, va)
      : new Uniform(torch.fullLike(this.loc, f.tiny), torch.fullLike(this.loc, 1 - f.eps), va);
    const transforms = [
      new ExpTransform().inv,
      new AffineTransform(0, torch.onesLike(this.scale).neg()),
      new ExpTransform().inv,
      new AffineTransform(loc as TensorOrNumber, this.scale.neg()),
    ];
    this._setup(base, transforms, va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.real;
  }
  expand(batchShapeArg: BatchShape, _instance?: Gumbel): Gumbel {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.loc = this.loc.expand(batchShape);
    neu.scale = this.scale.expand(batchShape);
    return super.expand(batchShape, neu) as Gumbel;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  get mean(): Tensor {
    return this.loc.add(this.scale.mul(eulerConstant));
  }
  get mode(): Tensor {
    return this.loc;
  }
  get stddev(): Tensor {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }
  get variance(): Tensor {
    return this.stddev.pow(2);
  }
  entropy(): Tensor {
    return this.scale.log().add(1 + eulerConstant);
  }
}
