// torch.distributions.Binomial (Python's binomial.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, inDict, lazyProperty, logitsToProbs, probsToLogits, rsub, valueError, NotImplementedError, TensorOrNumber } from "./utils";

function clampByZero(x: Tensor): Tensor {
  return x.clamp({ min: 0 }).add(x).sub(x.clamp({ max: 0 })).div(2);
}

type BinomialOptions = { totalCount?: TensorOrNumber; probs?: TensorOrNumber | null; logits?: TensorOrNumber | null; validateArgs?: boolean | null };

/** Binomial distribution: `totalCount` Bernoulli trials with `probs` (or `logits`). */
export class Binomial extends Distribution {
  declare totalCount: Tensor;
  declare probs: Tensor;
  declare logits: Tensor;
  /** @internal */ declare _param: Tensor;
  constructor(totalCount?: TensorOrNumber | BinomialOptions, probs?: TensorOrNumber | null | BinomialOptions, logits?: TensorOrNumber | null | BinomialOptions, validateArgs?: boolean | null | BinomialOptions);
  constructor(...args: unknown[]) {
    super();
    const [tc, probs, logits, validateArgs] = bindArgs("Binomial", ["totalCount", "probs", "logits", "validateArgs"], args, 0);
    const totalCount = tc === undefined ? 1 : tc;
    const hasP = probs !== undefined && probs !== null, hasL = logits !== undefined && logits !== null;
    if (hasP === hasL) throw valueError("Either `probs` or `logits` must be specified, but not both.");
    if (hasP) {
      [this.totalCount, this.probs] = broadcastAll(totalCount, probs);
      this.totalCount = this.totalCount.typeAs(this.probs);
    } else {
      [this.totalCount, this.logits] = broadcastAll(totalCount, logits);
      this.totalCount = this.totalCount.typeAs(this.logits);
    }
    this._param = hasP ? this.probs : this.logits;
    this._init(this._param.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { totalCount: constraints.nonnegativeInteger, probs: constraints.unitInterval, logits: constraints.real };
  }
  get hasEnumerateSupport(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: Binomial): Binomial {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.totalCount = this.totalCount.expand(batchShape);
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
  get support(): constraints.Constraint {
    return constraints.integerInterval(0, this.totalCount);
  }
  get mean(): Tensor {
    return this.totalCount.mul(this.probs);
  }
  get mode(): Tensor {
    return this.totalCount.add(1).mul(this.probs).floor().clamp({ max: this.totalCount });
  }
  get variance(): Tensor {
    return this.totalCount.mul(this.probs).mul(rsub(1, this.probs));
  }
  get paramShape(): number[] {
    return this._param.shape;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => torch.binomial(this.totalCount.expand(shape), this.probs.expand(shape)));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logFactorialN = torch.lgamma(this.totalCount.add(1));
    const logFactorialK = torch.lgamma(value.add(1));
    const logFactorialNmk = torch.lgamma(this.totalCount.sub(value).add(1));
    const normalizeTerm = this.totalCount.mul(clampByZero(this.logits))
      .add(this.totalCount.mul(torch.log1p(torch.exp(torch.abs(this.logits).neg()))))
      .sub(logFactorialN);
    return value.mul(this.logits).sub(logFactorialK).sub(logFactorialNmk).sub(normalizeTerm);
  }
  entropy(): Tensor {
    const totalCount = Math.trunc(this.totalCount.max().item() as number);
    if (this.totalCount.min().item() !== totalCount) throw new NotImplementedError("Inhomogeneous total count not supported by `entropy`.");
    const logProb = this.logProb(this.enumerateSupport(false));
    return torch.exp(logProb).mul(logProb).sum(0).neg();
  }
  enumerateSupport(expand: boolean | { expand?: boolean } = true): Tensor {
    const ex = typeof expand === "object" ? expand.expand ?? true : expand;
    const totalCount = Math.trunc(this.totalCount.max().item() as number);
    if (this.totalCount.min().item() !== totalCount) throw new NotImplementedError("Inhomogeneous total count not supported by `enumerate_support`.");
    let values = torch.arange(1 + totalCount, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (ex) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
}
lazyProperty(Binomial, "logits", (d: Binomial) => probsToLogits(d.probs, true));
lazyProperty(Binomial, "probs", (d: Binomial) => logitsToProbs(d.logits, true));
