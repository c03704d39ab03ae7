// torch.distributions.Bernoulli (Python's bernoulli.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import { binaryCrossEntropyWithLogits } from "../nn/functional";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, lazyProperty, logitsToProbs, probsToLogits, rsub, valueError, inDict, TensorOrNumber } from "./utils";

export interface BernoulliOptions { probs?: TensorOrNumber | null; logits?: TensorOrNumber | null; validateArgs?: boolean | null }

/** Bernoulli distribution parameterized by `probs` or `logits` (not both). */
export class Bernoulli extends ExponentialFamily {
  /** Probability of 1 (computed from logits on first read when given logits). */
  declare probs: Tensor;
  /** Log-odds (computed from probs on first read when given probs). */
  declare logits: Tensor;
  /** @internal */ declare _param: Tensor;

  constructor(probs?: TensorOrNumber | null | BernoulliOptions, logits?: TensorOrNumber | null | BernoulliOptions, validateArgs?: boolean | null | BernoulliOptions);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validateArgs] = bindArgs("Bernoulli", ["probs", "logits", "validateArgs"], args, 0);
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
    return constraints.boolean;
  }
  get hasEnumerateSupport(): boolean {
    return true;
  }
  get _meanCarrierMeasure(): number {
    return 0;
  }
  expand(batchShapeArg: BatchShape, _instance?: Bernoulli): Bernoulli {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
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
    return this.probs;
  }
  get mode(): Tensor {
    const mode = this.probs.ge(0.5).to(this.probs);
    mode.indexPut_([this.probs.eq(0.5)], NaN);
    return mode;
  }
  get variance(): Tensor {
    return this.probs.mul(rsub(1, this.probs));
  }
  get paramShape(): number[] {
    return this._param.shape;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => torch.bernoulli(this.probs.expand(shape)));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    return binaryCrossEntropyWithLogits(logits, v, { reduction: "none" }).neg();
  }
  entropy(): Tensor {
    return binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: "none" });
  }
  enumerateSupport(expand: boolean | { expand?: boolean } = true): Tensor {
    const ex = typeof expand === "object" ? expand.expand ?? true : expand;
    let values = torch.arange(2, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (ex) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
  get _naturalParams(): Tensor[] {
    return [torch.logit(this.probs)];
  }
  _logNormalizer(x: Tensor): Tensor {
    return torch.log1p(torch.exp(x));
  }
}
lazyProperty(Bernoulli, "logits", (d: Bernoulli) => probsToLogits(d.probs, true));
lazyProperty(Bernoulli, "probs", (d: Bernoulli) => logitsToProbs(d.logits, true));
