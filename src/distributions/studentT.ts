// torch.distributions.StudentT (Python's studentT.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { Chi2 } from "./gamma";
import { bindArgs, broadcastAll, standardNormal, TensorOrNumber } from "./utils";

/** Python's math.lgamma(0.5). */
const LGAMMA_HALF = 0.5723649429247004;

type StudentTOptions = { df?: TensorOrNumber; loc?: TensorOrNumber; scale?: TensorOrNumber; validateArgs?: boolean | null };

/** Student's t-distribution with `df` degrees of freedom, location and scale. */
export class StudentT extends Distribution {
  declare df: Tensor;
  declare loc: Tensor;
  declare scale: Tensor;
  /** @internal */ declare _chi2: Chi2;
  constructor(df: TensorOrNumber | StudentTOptions, loc?: TensorOrNumber | StudentTOptions, scale?: TensorOrNumber | StudentTOptions, validateArgs?: boolean | null | StudentTOptions);
  constructor(...args: unknown[]) {
    super();
    const [df, loc, scale, validateArgs] = bindArgs("StudentT", ["df", "loc", "scale", "validateArgs"], args, 1);
    [this.df, this.loc, this.scale] = broadcastAll(df, loc ?? 0.0, scale ?? 1.0);
    this._chi2 = new Chi2(this.df);
    this._init(this.df.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive, loc: constraints.real, scale: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.real;
  }
  get hasRsample(): boolean {
    return true;
  }
  get mean(): Tensor {
    const m = this.loc.contiguous().clone();
    m.indexPut_([this.df.le(1)], NaN);
    return m;
  }
  get mode(): Tensor {
    return this.loc;
  }
  get variance(): Tensor {
    const m = this.df.contiguous().clone();
    const gt2 = this.df.gt(2);
    m.indexPut_([gt2], this.scale.index(gt2).pow(2).mul(this.df.index(gt2)).div(this.df.index(gt2).sub(2)));
    m.indexPut_([this.df.le(2).bitwiseAnd(this.df.gt(1))], Infinity);
    m.indexPut_([this.df.le(1)], NaN);
    return m;
  }
  expand(batchShapeArg: BatchShape, _instance?: StudentT): StudentT {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.df = this.df.expand(batchShape);
    neu.loc = this.loc.expand(batchShape);
    neu.scale = this.scale.expand(batchShape);
    neu._chi2 = this._chi2.expand(batchShape) as Chi2;
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const X = standardNormal(shape, this.df.dtype, this.df.device);
    const Z = this._chi2.rsample(sampleShape);
    const Y = X.mul(torch.rsqrt(Z.div(this.df)));
    return this.loc.add(this.scale.mul(Y));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const y = value.sub(this.loc).div(this.scale);
    const Z = this.scale.log()
      .add(this.df.log().mul(0.5))
      .add(0.5 * Math.log(Math.PI))
      .add(torch.lgamma(this.df.mul(0.5)))
      .sub(torch.lgamma(this.df.add(1.0).mul(0.5)));
    return this.df.add(1.0).mul(-0.5).mul(torch.log1p(y.pow(2.0).div(this.df))).sub(Z);
  }
  entropy(): Tensor {
    const lbeta = torch.lgamma(this.df.mul(0.5)).add(LGAMMA_HALF).sub(torch.lgamma(this.df.add(1).mul(0.5)));
    return this.scale.log()
      .add(this.df.add(1).mul(0.5).mul(torch.digamma(this.df.add(1).mul(0.5)).sub(torch.digamma(this.df.mul(0.5)))))
      .add(this.df.log().mul(0.5))
      .add(lbeta);
  }
}
