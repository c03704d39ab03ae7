// torch.distributions.LogNormal (Python's log_normal.py): exp of a Normal.
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { BatchShape, toShape } from "./distribution";
import { Normal } from "./normal";
import { TransformedDistribution, SUBCLASS_INIT } from "./transformed_distribution";
import { ExpTransform } from "./transforms";
import { bindArgs, TensorOrNumber } from "./utils";

type LocScaleOptions = { loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null };

/** X = exp(Y) with Y ~ Normal(loc, scale). */
export class LogNormal extends TransformedDistribution {
  declare baseDist: Normal;
  constructor(loc: TensorOrNumber | LocScaleOptions, scale?: TensorOrNumber | LocScaleOptions, validateArgs?: boolean | null | LocScaleOptions);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [loc, scale, validateArgs] = bindArgs("LogNormal", ["loc", "scale", "validateArgs"], args, 2);
    const base = new Normal(loc as TensorOrNumber, scale as TensorOrNumber, validateArgs as boolean | null);
    this._setup(base, new ExpTransform(), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.positive;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: LogNormal): LogNormal {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as LogNormal;
  }
  get loc(): Tensor {
    return this.baseDist.loc;
  }
  get scale(): Tensor {
    return this.baseDist.scale;
  }
  get mean(): Tensor {
    return this.loc.add(this.scale.pow(2).div(2)).exp();
  }
  get mode(): Tensor {
    return this.loc.sub(this.scale.square()).exp();
  }
  get variance(): Tensor {
    const s2 = this.scale.pow(2);
    return s2.expm1().mul(this.loc.mul(2).add(s2).exp());
  }
  entropy(): Tensor {
    return this.baseDist.entropy().add(this.loc);
  }
}
