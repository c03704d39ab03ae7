// torch.distributions.RelaxedOneHotCategorical and ExpRelaxedCategorical
// (Python's relaxed_categorical.py): the Gumbel-softmax / Concrete distribution.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Categorical } from "./categorical";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { TransformedDistribution, SUBCLASS_INIT } from "./transformed_distribution";
import { ExpTransform } from "./transforms";
import { bindArgs, broadcastAll, clampProbs } from "./utils";

type RCOptions = { temperature?: Tensor; probs?: Tensor | null; logits?: Tensor | null; validateArgs?: boolean | null };

/** Log of a RelaxedOneHotCategorical sample (its base distribution). */
export class ExpRelaxedCategorical extends Distribution {
  declare temperature: Tensor;
  /** @internal */ declare _categorical: Categorical;
  constructor(temperature: Tensor | RCOptions, probs?: Tensor | null | RCOptions, logits?: Tensor | null | RCOptions, validateArgs?: boolean | null | RCOptions);
  constructor(...args: unknown[]) {
    super();
    const [temperature, probs, logits, validateArgs] = bindArgs("ExpRelaxedCategorical", ["temperature", "probs", "logits", "validateArgs"], args, 1);
    this._categorical = new Categorical(probs as Tensor, logits as Tensor);
    this.temperature = temperature as Tensor;
    this._init(this._categorical.batchShape, this._categorical.paramShape.slice(-1), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  get support(): constraints.Constraint {
    return constraints.realVector;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: ExpRelaxedCategorical): ExpRelaxedCategorical {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.temperature = this.temperature;
    neu._categorical = this._categorical.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get paramShape(): number[] {
    return this._categorical.paramShape;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const uniforms = clampProbs(torch.rand(shape, { dtype: this.logits.dtype, device: this.logits.device }));
    const gumbels = uniforms.log().neg().log().neg();
    const scores = this.logits.add(gumbels).div(this.temperature);
    return scores.sub(scores.logsumexp(-1, true));
  }
  logProb(value: Tensor): Tensor {
    const K = this._categorical._numEvents;
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    const logScale = torch.fullLike(this.temperature, K).lgamma().sub(this.temperature.log().mul(-(K - 1)));
    let score = logits.sub(v.mul(this.temperature));
    score = score.sub(score.logsumexp(-1, true)).sum(-1);
    return score.add(logScale);
  }
}

/** Relaxed one-hot categorical (Gumbel-softmax): reparameterized samples on the simplex. */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  declare baseDist: ExpRelaxedCategorical;
  constructor(temperature: Tensor | RCOptions, probs?: Tensor | null | RCOptions, logits?: Tensor | null | RCOptions, validateArgs?: boolean | null | RCOptions);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [temperature, probs, logits, validateArgs] = bindArgs("RelaxedOneHotCategorical", ["temperature", "probs", "logits", "validateArgs"], args, 1);
    const va = validateArgs as boolean | null;
    const base = new ExpRelaxedCategorical(temperature as Tensor, probs as Tensor, logits as Tensor, va);
    this._setup(base, new ExpTransform(), va);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  get support(): constraints.Constraint {
    return constraints.simplex;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: RelaxedOneHotCategorical): RelaxedOneHotCategorical {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as RelaxedOneHotCategorical;
  }
  get temperature(): Tensor {
    return this.baseDist.temperature;
  }
  get logits(): Tensor {
    return this.baseDist.logits;
  }
  get probs(): Tensor {
    return this.baseDist.probs;
  }
}
