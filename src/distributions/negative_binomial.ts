// torch.distributions.NegativeBinomial (Python's negative_binomial.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import { logsigmoid } from "../nn/functional";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { Gamma } from "./gamma";
import { bindArgs, broadcastAll, inDict, lazyProperty, logitsToProbs, probsToLogits, valueError, TensorOrNumber } from "./utils";

type NBOptions = { totalCount?: TensorOrNumber; probs?: TensorOrNumber | null; logits?: TensorOrNumber | null; validateArgs?: boolean | null };

const NONNEG_COUNT = constraints.greaterThanEq(0);
const PROBS = constraints.halfOpenInterval(0.0, 1.0);
(PROBS as unknown as { _float: boolean })._float = true;

/** Number of successes before `totalCount` failures, each trial succeeding with `probs`. */
export class NegativeBinomial extends Distribution {
  declare totalCount: Tensor;
  declare probs: Tensor;
  declare logits: Tensor;
  /** @internal */ declare _param: Tensor;
  /** @internal */ declare _gamma: Gamma;
  constructor(totalCount: TensorOrNumber | NBOptions, probs?: TensorOrNumber | null | NBOptions, logits?: TensorOrNumber | null | NBOptions, validateArgs?: boolean | null | NBOptions);
  constructor(...args: unknown[]) {
    super();
    const [totalCount, probs, logits, validateArgs] = bindArgs("NegativeBinomial", ["totalCount", "probs", "logits", "validateArgs"], args, 1);
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
    return { totalCount: NONNEG_COUNT, probs: PROBS, logits: constraints.real };
  }
  get support(): constraints.Constraint {
    return constraints.nonnegativeInteger;
  }
  expand(batchShapeArg: BatchShape, _instance?: NegativeBinomial): NegativeBinomial {
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
  get mean(): Tensor {
    return this.totalCount.mul(torch.exp(this.logits));
  }
  get mode(): Tensor {
    return this.totalCount.sub(1).mul(this.logits.exp()).floor().clamp({ min: 0.0 });
  }
  get variance(): Tensor {
    return this.mean.div(torch.sigmoid(this.logits.neg()));
  }
  get paramShape(): number[] {
    return this._param.shape;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    return noGrad(() => torch.poisson(this._gamma.sample(sampleShape)));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logUnnormalized = this.totalCount.mul(logsigmoid(this.logits.neg())).add(value.mul(logsigmoid(this.logits)));
    let logNormalization = torch.lgamma(this.totalCount.add(value)).neg().add(torch.lgamma(value.add(1.0))).add(torch.lgamma(this.totalCount));
    logNormalization = logNormalization.maskedFill(this.totalCount.add(value).eq(0.0), 0.0);
    return logUnnormalized.sub(logNormalization);
  }
}
lazyProperty(NegativeBinomial, "logits", (d: NegativeBinomial) => probsToLogits(d.probs, true));
lazyProperty(NegativeBinomial, "probs", (d: NegativeBinomial) => logitsToProbs(d.logits, true));
lazyProperty(NegativeBinomial, "_gamma", (d: NegativeBinomial) => new Gamma({ concentration: d.totalCount, rate: torch.exp(d.logits.neg()), validateArgs: false }));
