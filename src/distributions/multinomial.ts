// torch.distributions.Multinomial (Python's multinomial.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Binomial } from "./binomial";
import { Categorical } from "./categorical";
import { Distribution, SampleShape, toShape, BatchShape } from "./distribution";
import { bindArgs, broadcastAll, rsub, NotImplementedError } from "./utils";

type MultinomialOptions = { totalCount?: number; probs?: Tensor | null; logits?: Tensor | null; validateArgs?: boolean | null };

/** Counts of `totalCount` draws from a Categorical(probs or logits). */
export class Multinomial extends Distribution {
  declare totalCount: number;
  /** @internal */ declare _categorical: Categorical;
  /** @internal */ declare _binomial: Binomial;
  constructor(totalCount?: number | MultinomialOptions, probs?: Tensor | null | MultinomialOptions, logits?: Tensor | null | MultinomialOptions, validateArgs?: boolean | null | MultinomialOptions);
  constructor(...args: unknown[]) {
    super();
    const [tc, probs, logits, validateArgs] = bindArgs("Multinomial", ["totalCount", "probs", "logits", "validateArgs"], args, 0);
    const totalCount = tc === undefined ? 1 : tc;
    if (typeof totalCount !== "number" || !Number.isInteger(totalCount)) throw new NotImplementedError("inhomogeneous total_count is not supported");
    this.totalCount = totalCount;
    this._categorical = new Categorical({ probs: probs as Tensor | null, logits: logits as Tensor | null });
    this._binomial = new Binomial({ totalCount, probs: this.probs });
    this._init(this._categorical.batchShape, this._categorical.paramShape.slice(-1), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  get mean(): Tensor {
    return this.probs.mul(this.totalCount);
  }
  get variance(): Tensor {
    return this.probs.mul(this.totalCount).mul(rsub(1, this.probs));
  }
  expand(batchShapeArg: BatchShape, _instance?: Multinomial): Multinomial {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.totalCount = this.totalCount;
    neu._categorical = this._categorical.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get support(): constraints.Constraint {
    return constraints.multinomial(this.totalCount);
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get paramShape(): number[] {
    return this._categorical.paramShape;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const ss = toShape("sample", sampleShape);
    let samples = this._categorical.sample([this.totalCount, ...ss]);
    const idx = Array.from({ length: samples.dim() }, (_, i) => i);
    idx.push(idx.shift() as number);
    samples = samples.permute(idx);
    const counts = torch.zeros(this._extendedShape(ss), { dtype: samples.dtype, device: samples.device });
    counts.scatterAdd_(-1, samples, torch.onesLike(samples));
    return counts.typeAs(this.probs);
  }
  entropy(): Tensor {
    const n = torch.tensor(this.totalCount);
    const catEntropy = this._categorical.entropy();
    const term1 = n.mul(catEntropy).sub(torch.lgamma(n.add(1)));
    const support = this._binomial.enumerateSupport(false).index("1:");
    const binomialProbs = torch.exp(this._binomial.logProb(support));
    const weights = torch.lgamma(support.add(1));
    const term2 = binomialProbs.mul(weights).sum([0, -1]);
    return term1.add(term2);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let [logits, v] = broadcastAll(this.logits, value);
    logits = logits.contiguous().clone();
    const logFactorialN = torch.lgamma(v.sum(-1).add(1));
    const logFactorialXs = torch.lgamma(v.add(1)).sum(-1);
    logits.indexPut_([v.eq(0).bitwiseAnd(logits.eq(-Infinity))], 0);
    const logPowers = logits.mul(v).sum(-1);
    return logFactorialN.sub(logFactorialXs).add(logPowers);
  }
}
