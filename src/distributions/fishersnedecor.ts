// torch.distributions.FisherSnedecor (Python's fishersnedecor.py).
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { Gamma } from "./gamma";
import { bindArgs, broadcastAll, finfo, isNumber, TensorOrNumber } from "./utils";
import { torch } from "../torch";

/** Fisher-Snedecor (F) distribution with df1 and df2 degrees of freedom. */
export class FisherSnedecor extends Distribution {
  declare df1: Tensor;
  declare df2: Tensor;
  /** @internal */ declare _gamma1: Gamma;
  /** @internal */ declare _gamma2: Gamma;
  constructor(df1: TensorOrNumber | { df1?: TensorOrNumber; df2?: TensorOrNumber; validateArgs?: boolean | null }, df2?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [df1, df2, validateArgs] = bindArgs("FisherSnedecor", ["df1", "df2", "validateArgs"], args, 2);
    [this.df1, this.df2] = broadcastAll(df1, df2);
    this._gamma1 = new Gamma(this.df1.mul(0.5), this.df1);
    this._gamma2 = new Gamma(this.df2.mul(0.5), this.df2);
    this._init(isNumber(df1) && isNumber(df2) ? [] : this.df1.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { df1: constraints.positive, df2: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.positive;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: FisherSnedecor): FisherSnedecor {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.df1 = this.df1.expand(batchShape);
    neu.df2 = this.df2.expand(batchShape);
    neu._gamma1 = this._gamma1.expand(batchShape);
    neu._gamma2 = this._gamma2.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    const df2 = this.df2.contiguous().clone();
    df2.indexPut_([df2.le(2)], NaN);
    return df2.div(df2.sub(2));
  }
  get mode(): Tensor {
    const mode = this.df1.sub(2).div(this.df1).mul(this.df2).div(this.df2.add(2));
    mode.indexPut_([this.df1.le(2)], NaN);
    return mode;
  }
  get variance(): Tensor {
    const df2 = this.df2.contiguous().clone();
    df2.indexPut_([df2.le(4)], NaN);
    return df2.pow(2).mul(2).mul(this.df1.add(df2).sub(2)).div(this.df1.mul(df2.sub(2).pow(2)).mul(df2.sub(4)));
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const X1 = this._gamma1.rsample(sampleShape).view(shape);
    const X2 = this._gamma2.rsample(sampleShape).view(shape);
    const tiny = finfo(X2.dtype).tiny;
    X2.clamp_({ min: tiny });
    const Y = X1.div(X2);
    Y.clamp_({ min: tiny });
    return Y;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const ct1 = this.df1.mul(0.5);
    const ct2 = this.df2.mul(0.5);
    const ct3 = this.df1.div(this.df2);
    const t1 = ct1.add(ct2).lgamma().sub(ct1.lgamma()).sub(ct2.lgamma());
    const t2 = ct1.mul(ct3.log()).add(ct1.sub(1).mul(torch.log(value)));
    const t3 = ct1.add(ct2).mul(torch.log1p(ct3.mul(value)));
    return t1.add(t2).sub(t3);
  }
}
