// torch.distributions.OneHotCategorical (Python's one_hot_categorical.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { oneHot } from "../nn/functional";
import * as constraints from "./constraints";
import { Categorical, CategoricalOptions } from "./categorical";
import { Distribution, SampleShape, toShape, BatchShape } from "./distribution";
import { bindArgs, rsub } from "./utils";

/** One-hot vectors of length K drawn from a Categorical(probs or logits). */
export class OneHotCategorical extends Distribution {
  /** @internal */ declare _categorical: Categorical;

  constructor(probs?: Tensor | null | CategoricalOptions, logits?: Tensor | null | CategoricalOptions, validateArgs?: boolean | null | CategoricalOptions);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validateArgs] = bindArgs(new.target.name, ["probs", "logits", "validateArgs"], args, 0);
    this._categorical = new Categorical(probs as Tensor, logits as Tensor);
    this._init(this._categorical.batchShape, this._categorical.paramShape.slice(-1), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  get support(): constraints.Constraint {
    return constraints.oneHot;
  }
  get hasEnumerateSupport(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: OneHotCategorical): OneHotCategorical {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu._categorical = this._categorical.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  /** @internal */
  get _param(): Tensor {
    return this._categorical._param;
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get mean(): Tensor {
    return this._categorical.probs;
  }
  get mode(): Tensor {
    const probs = this._categorical.probs;
    const mode = probs.argmax({ dim: -1 });
    return oneHot(mode, probs.shape[probs.dim() - 1]).to(probs);
  }
  get variance(): Tensor {
    return this._categorical.probs.mul(rsub(1, this._categorical.probs));
  }
  get paramShape(): number[] {
    return this._categorical.paramShape;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const ss = toShape("sample", sampleShape);
    const probs = this._categorical.probs;
    const indices = this._categorical.sample(ss);
    return oneHot(indices, this._categorical._numEvents).to(probs);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const indices = value.max(-1).indices;
    return this._categorical.logProb(indices);
  }
  entropy(): Tensor {
    return this._categorical.entropy();
  }
  enumerateSupport(expand: boolean | { expand?: boolean } = true): Tensor {
    const ex = typeof expand === "object" ? expand.expand ?? true : expand;
    const n = this._eventShape[0];
    let values = torch.eye(n, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([n, ...this._batchShape.map(() => 1), n]);
    if (ex) values = values.expand([n, ...this._batchShape, n]);
    return values;
  }
  /** Python's repr lists the parameters held by the inner Categorical. */
  toString(): string {
    return super.toString();
  }
}

/** OneHotCategorical with a straight-through gradient estimator in rsample. */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  get hasRsample(): boolean {
    return true;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const samples = this.sample(sampleShape);
    const probs = this._categorical.probs;
    return samples.add(probs.sub(probs.detach()));
  }
}
