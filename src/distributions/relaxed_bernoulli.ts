// torch.distributions.RelaxedBernoulli and LogitRelaxedBernoulli (Python's relaxed_bernoulli.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { TransformedDistribution, SUBCLASS_INIT } from "./transformed_distribution";
import { SigmoidTransform } from "./transforms";
import { bindArgs, broadcastAll, clampProbs, inDict, isNumber, lazyProperty, logitsToProbs, probsToLogits, valueError, TensorOrNumber } from "./utils";

type RBOptions = { temperature?: Tensor; probs?: TensorOrNumber | null; logits?: TensorOrNumber | null; validateArgs?: boolean | null };

/** The logit of a RelaxedBernoulli sample (the base of RelaxedBernoulli). */
export class LogitRelaxedBernoulli extends Distribution {
  declare temperature: Tensor;
  declare probs: Tensor;
  declare logits: Tensor;
  /** @internal */ declare _param: Tensor;
  constructor(temperature: Tensor | RBOptions, probs?: TensorOrNumber | null | RBOptions, logits?: TensorOrNumber | null | RBOptions, validateArgs?: boolean | null | RBOptions);
  constructor(...args: unknown[]) {
    super();
    const [temperature, probs, logits, validateArgs] = bindArgs("LogitRelaxedBernoulli", ["temperature", "probs", "logits", "validateArgs"], args, 1);
    this.temperature = temperature as Tensor;
    const hasP = probs !== undefined && probs !== null, hasL = logits !== undefined && logits !== null;
    if (hasP === hasL) throw valueError("Either `probs` or `logits` must be specified, but not both.");
    let isScalar: boolean;
    if (hasP) {
      isScalar = isNumber(probs);
      [this.probs] = broadcastAll(probs);
    } else {
      isScalar = isNumber(logits);
      [this.logits] = broadcastAll(logits);
    }
    this._param = hasP ? this.probs : this.logits;
    this._init(isScalar ? [] : this._param.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  get support(): constraints.Constraint {
    return constraints.real;
  }
  expand(batchShapeArg: BatchShape, _instance?: LogitRelaxedBernoulli): LogitRelaxedBernoulli {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.temperature = this.temperature;
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
  get paramShape(): number[] {
    return this._param.shape;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const probs = clampProbs(this.probs.expand(shape));
    const uniforms = clampProbs(torch.rand(shape, { dtype: probs.dtype, device: probs.device }));
    return uniforms.log().sub(uniforms.neg().log1p()).add(probs.log()).sub(probs.neg().log1p()).div(this.temperature);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    const diff = logits.sub(v.mul(this.temperature));
    return this.temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
  }
}
lazyProperty(LogitRelaxedBernoulli, "logits", (d: LogitRelaxedBernoulli) => probsToLogits(d.probs, true));
lazyProperty(LogitRelaxedBernoulli, "probs", (d: LogitRelaxedBernoulli) => logitsToProbs(d.logits, true));

/** Relaxed (Concrete) Bernoulli on (0, 1) with a temperature: differentiable samples. */
export class RelaxedBernoulli extends TransformedDistribution {
  declare baseDist: LogitRelaxedBernoulli;
  constructor(temperature: Tensor | RBOptions, probs?: TensorOrNumber | null | RBOptions, logits?: TensorOrNumber | null | RBOptions, validateArgs?: boolean | null | RBOptions);
  constructor(...args: unknown[]) {
    super(SUBCLASS_INIT as never);
    const [temperature, probs, logits, validateArgs] = bindArgs("RelaxedBernoulli", ["temperature", "probs", "logits", "validateArgs"], args, 1);
    const base = new LogitRelaxedBernoulli(temperature as Tensor, probs as Tensor, logits as Tensor);
    this._setup(base, new SigmoidTransform(), validateArgs as boolean | null);
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
  expand(batchShapeArg: BatchShape, _instance?: RelaxedBernoulli): RelaxedBernoulli {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    return super.expand(batchShape, _instance ?? this._newInstance()) as RelaxedBernoulli;
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
