// torch.distributions.ContinuousBernoulli (Python's continuous_bernoulli.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import { binaryCrossEntropyWithLogits } from "../nn/functional";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, clampProbs, inDict, isNumber, lazyProperty, logitsToProbs, probsToLogits, rdiv, rsub, valueError, TensorOrNumber } from "./utils";

type CBOptions = { probs?: TensorOrNumber | null; logits?: TensorOrNumber | null; lims?: [number, number]; validateArgs?: boolean | null };

/** Continuous Bernoulli on [0, 1] (Loaiza-Ganem and Cunningham), parameterized by probs or logits. */
export class ContinuousBernoulli extends ExponentialFamily {
  declare probs: Tensor;
  declare logits: Tensor;
  /** @internal */ declare _param: Tensor;
  /** @internal */ declare _lims: [number, number];
  constructor(probs?: TensorOrNumber | null | CBOptions, logits?: TensorOrNumber | null | CBOptions, lims?: [number, number] | CBOptions, validateArgs?: boolean | null | CBOptions);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, lims, validateArgs] = bindArgs("ContinuousBernoulli", ["probs", "logits", "lims", "validateArgs"], args, 0);
    const hasP = probs !== undefined && probs !== null, hasL = logits !== undefined && logits !== null;
    if (hasP === hasL) throw valueError("Either `probs` or `logits` must be specified, but not both.");
    let isScalar: boolean;
    if (hasP) {
      isScalar = isNumber(probs);
      [this.probs] = broadcastAll(probs);
      if (validateArgs !== undefined && validateArgs !== null) {
        if (!constraints.unitInterval.check(this.probs).all().item()) throw valueError("The parameter probs has invalid values");
      }
      this.probs = clampProbs(this.probs);
    } else {
      isScalar = isNumber(logits);
      [this.logits] = broadcastAll(logits);
    }
    this._param = hasP ? this.probs : this.logits;
    this._lims = (lims as [number, number] | undefined) ?? [0.499, 0.501];
    this._init(isScalar ? [] : this._param.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  get hasRsample(): boolean {
    return true;
  }
  get _meanCarrierMeasure(): number {
    return 0;
  }
  expand(batchShapeArg: BatchShape, _instance?: ContinuousBernoulli): ContinuousBernoulli {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu._lims = this._lims;
    if (inDict(this, "probs")) {
      neu.probs = this.probs.expand(batchShape);
      neu._param = neu.probs;
    }
    if (inDict(this, "logits")) {
      neu.logits = this.logits.expand(batchShape);
      neu._param = neu.logits;
    }
    this._finishExpand(neu, batchShape);
    return neu;
  }
  /** @internal */
  _outsideUnstableRegion(): Tensor {
    return torch.maximum(torch.le(this.probs, this._lims[0]), torch.gt(this.probs, this._lims[1]));
  }
  /** @internal */
  _cutProbs(): Tensor {
    return torch.where(this._outsideUnstableRegion(), this.probs, torch.onesLike(this.probs).mul(this._lims[0]));
  }
  /** @internal log of the normalizing constant */
  _contBernLogNorm(): Tensor {
    const cut = this._cutProbs();
    const below = torch.where(torch.le(cut, 0.5), cut, torch.zerosLike(cut));
    const above = torch.where(torch.ge(cut, 0.5), cut, torch.onesLike(cut));
    const logNorm = torch.log(torch.abs(torch.log1p(cut.neg()).sub(torch.log(cut))))
      .sub(torch.where(torch.le(cut, 0.5), torch.log1p(below.mul(-2.0)), torch.log(above.mul(2.0).sub(1.0))));
    const x = torch.pow(this.probs.sub(0.5), 2);
    const taylor = x.mul(104.0 / 45.0).add(4.0 / 3.0).mul(x).add(Math.log(2.0));
    return torch.where(this._outsideUnstableRegion(), logNorm, taylor);
  }
  get mean(): Tensor {
    const cut = this._cutProbs();
    const mus = cut.div(cut.mul(2.0).sub(1.0)).add(rdiv(1.0, torch.log1p(cut.neg()).sub(torch.log(cut))));
    const x = this.probs.sub(0.5);
    const taylor = torch.pow(x, 2).mul(16.0 / 45.0).add(1.0 / 3.0).mul(x).add(0.5);
    return torch.where(this._outsideUnstableRegion(), mus, taylor);
  }
  get stddev(): Tensor {
    return torch.sqrt(this.variance);
  }
  get variance(): Tensor {
    const cut = this._cutProbs();
    const vars = cut.mul(cut.sub(1.0)).div(torch.pow(rsub(1.0, cut.mul(2.0)), 2))
      .add(rdiv(1.0, torch.pow(torch.log1p(cut.neg()).sub(torch.log(cut)), 2)));
    const x = torch.pow(this.probs.sub(0.5), 2);
    const taylor = rsub(1.0 / 12.0, rsub(1.0 / 15.0, x.mul(128.0 / 945.0)).mul(x));
    return torch.where(this._outsideUnstableRegion(), vars, taylor);
  }
  get paramShape(): number[] {
    return this._param.shape;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = torch.rand(shape, { dtype: this.probs.dtype, device: this.probs.device });
    return noGrad(() => this.icdf(u));
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = torch.rand(shape, { dtype: this.probs.dtype, device: this.probs.device });
    return this.icdf(u);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    return binaryCrossEntropyWithLogits(logits, v, { reduction: "none" }).neg().add(this._contBernLogNorm());
  }
  cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const cut = this._cutProbs();
    const cdfs = torch.pow(cut, value).mul(torch.pow(rsub(1.0, cut), rsub(1.0, value))).add(cut).sub(1.0).div(cut.mul(2.0).sub(1.0));
    const unbounded = torch.where(this._outsideUnstableRegion(), cdfs, value);
    return torch.where(torch.le(value, 0.0), torch.zerosLike(value), torch.where(torch.ge(value, 1.0), torch.onesLike(value), unbounded));
  }
  icdf(value: Tensor): Tensor {
    const cut = this._cutProbs();
    return torch.where(
      this._outsideUnstableRegion(),
      torch.log1p(cut.neg().add(value.mul(cut.mul(2.0).sub(1.0)))).sub(torch.log1p(cut.neg())).div(torch.log(cut).sub(torch.log1p(cut.neg()))),
      value,
    );
  }
  entropy(): Tensor {
    const logProbs0 = torch.log1p(this.probs.neg());
    const logProbs1 = torch.log(this.probs);
    return this.mean.mul(logProbs0.sub(logProbs1)).sub(this._contBernLogNorm()).sub(logProbs0);
  }
  get _naturalParams(): Tensor[] {
    return [this.logits];
  }
  _logNormalizer(x: Tensor): Tensor {
    const outUnstReg = torch.maximum(torch.le(x, this._lims[0] - 0.5), torch.gt(x, this._lims[1] - 0.5));
    const cutNatParams = torch.where(outUnstReg, x, torch.onesLike(x).mul(this._lims[0] - 0.5));
    const logNorm = torch.log(torch.abs(torch.special.expm1(cutNatParams))).sub(torch.log(torch.abs(cutNatParams)));
    const taylor = x.mul(0.5).add(torch.pow(x, 2).div(24.0)).sub(torch.pow(x, 4).div(2880.0));
    return torch.where(outUnstReg, logNorm, taylor);
  }
}
lazyProperty(ContinuousBernoulli, "logits", (d: ContinuousBernoulli) => probsToLogits(d.probs, true));
lazyProperty(ContinuousBernoulli, "probs", (d: ContinuousBernoulli) => clampProbs(logitsToProbs(d.logits, true)));
