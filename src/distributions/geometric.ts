// torch.distributions.Geometric (Python's geometric.py): failures before the first success.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import { binaryCrossEntropyWithLogits } from "../nn/functional";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, finfo, inDict, isNumber, lazyProperty, logitsToProbs, probsToLogits, pyTuple, pyValue, rdiv, valueError, TensorOrNumber } from "./utils";

type GeometricOptions = { probs?: TensorOrNumber | null; logits?: TensorOrNumber | null; validateArgs?: boolean | null };

/** Geometric distribution with success probability `probs` (or `logits`). */
export class Geometric extends Distribution {
  declare probs: Tensor;
  declare logits: Tensor;
  constructor(probs?: TensorOrNumber | null | GeometricOptions, logits?: TensorOrNumber | null | GeometricOptions, validateArgs?: boolean | null | GeometricOptions);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validateArgs] = bindArgs("Geometric", ["probs", "logits", "validateArgs"], args, 0);
    const hasP = probs !== undefined && probs !== null, hasL = logits !== undefined && logits !== null;
    if (hasP === hasL) throw valueError("Either `probs` or `logits` must be specified, but not both.");
    if (hasP) [this.probs] = broadcastAll(probs);
    else [this.logits] = broadcastAll(logits);
    const pl = hasP ? probs : logits;
    this._init(isNumber(pl) ? [] : (pl as Tensor).shape, [], validateArgs as boolean | null);
    if (this._validateArgs && hasP) {
      const value = this.probs;
      const valid = value.gt(0);
      if (!valid.all().item()) {
        const invalid = value.detach().index(valid.logicalNot());
        throw valueError(
          `Expected parameter probs (Tensor of shape ${pyTuple(value.shape)}) of distribution ${this.toString()} to be positive but found invalid values:\n${pyValue(invalid)}`,
        );
      }
    }
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  get support(): constraints.Constraint {
    return constraints.nonnegativeInteger;
  }
  expand(batchShapeArg: BatchShape, _instance?: Geometric): Geometric {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    if (inDict(this, "probs")) neu.probs = this.probs.expand(batchShape);
    if (inDict(this, "logits")) neu.logits = this.logits.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    return rdiv(1.0, this.probs).sub(1.0);
  }
  get mode(): Tensor {
    return torch.zerosLike(this.probs);
  }
  get variance(): Tensor {
    return rdiv(1.0, this.probs).sub(1.0).div(this.probs);
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const tiny = finfo(this.probs.dtype).tiny;
    return noGrad(() => {
      const u = torch.empty(shape, { dtype: this.probs.dtype, device: this.probs.device }).uniform_(tiny, 1);
      return u.log().div(this.probs.neg().log1p()).floor();
    });
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let [v, probs] = broadcastAll(value, this.probs);
    probs = probs.contiguous().clone();
    probs.indexPut_([probs.eq(1).bitwiseAnd(v.eq(0))], 0);
    return v.mul(probs.neg().log1p()).add(this.probs.log());
  }
  entropy(): Tensor {
    return binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: "none" }).div(this.probs);
  }
}
lazyProperty(Geometric, "logits", (d: Geometric) => probsToLogits(d.probs, true));
lazyProperty(Geometric, "probs", (d: Geometric) => logitsToProbs(d.logits, true));
