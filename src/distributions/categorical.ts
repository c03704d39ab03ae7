// torch.distributions.Categorical (Python's categorical.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as dt from "../dtype";
import * as constraints from "./constraints";
import { Distribution, SampleShape, toShape, BatchShape } from "./distribution";
import { bindArgs, finfo, inDict, lazyProperty, logitsToProbs, numel, probsToLogits, valueError } from "./utils";

export interface CategoricalOptions { probs?: Tensor | null; logits?: Tensor | null; validateArgs?: boolean | null }

function tensorArg(fn: string, name: string, v: unknown): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be a Tensor, not ${v === null ? "null" : typeof v}`);
  return v;
}

/** Categorical distribution over {0, ..., K-1}, parameterized by `probs` or `logits` (last dim = K). */
export class Categorical extends Distribution {
  /** Normalized probabilities. */
  declare probs: Tensor;
  /** Normalized log-probabilities. */
  declare logits: Tensor;
  /** @internal */ declare _param: Tensor;
  /** @internal */ declare _numEvents: number;

  constructor(probs?: Tensor | null | CategoricalOptions, logits?: Tensor | null | CategoricalOptions, validateArgs?: boolean | null | CategoricalOptions);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validateArgs] = bindArgs("Categorical", ["probs", "logits", "validateArgs"], args, 0);
    const hasP = probs !== undefined && probs !== null, hasL = logits !== undefined && logits !== null;
    if (hasP === hasL) throw valueError("Either `probs` or `logits` must be specified, but not both.");
    if (hasP) {
      const p = tensorArg("Categorical", "probs", probs);
      if (p.dim() < 1) throw valueError("`probs` parameter must be at least one-dimensional.");
      this.probs = p.div(p.sum(-1, true));
    } else {
      const l = tensorArg("Categorical", "logits", logits);
      if (l.dim() < 1) throw valueError("`logits` parameter must be at least one-dimensional.");
      this.logits = l.sub(l.logsumexp(-1, true));
    }
    this._param = hasP ? this.probs : this.logits;
    const s = this._param.shape;
    this._numEvents = s[s.length - 1];
    this._init(s.length > 1 ? s.slice(0, -1) : [], [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  get hasEnumerateSupport(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: Categorical): Categorical {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    const paramShape = [...batchShape, this._numEvents];
    if (inDict(this, "probs")) {
      neu.probs = this.probs.expand(paramShape);
      neu._param = neu.probs;
    }
    if (inDict(this, "logits")) {
      neu.logits = this.logits.expand(paramShape);
      neu._param = neu.logits;
    }
    neu._numEvents = this._numEvents;
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get support(): constraints.Constraint {
    return constraints.integerInterval(0, this._numEvents - 1);
  }
  get paramShape(): number[] {
    return this._param.shape;
  }
  get mean(): Tensor {
    return torch.full(this._extendedShape(), NaN, { dtype: this.probs.dtype, device: this.probs.device });
  }
  get mode(): Tensor {
    return this.probs.argmax({ dim: -1 });
  }
  get variance(): Tensor {
    return torch.full(this._extendedShape(), NaN, { dtype: this.probs.dtype, device: this.probs.device });
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const ss = toShape("sample", sampleShape);
    const probs2d = this.probs.reshape(-1, this._numEvents);
    const samples2d = torch.multinomial(probs2d, numel(ss), true).T;
    return samples2d.reshape(this._extendedShape(ss));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let v = value.long().unsqueeze(-1);
    let logPmf: Tensor;
    [v, logPmf] = torch.broadcastTensors(v, this.logits);
    v = v.index("...", ":1");
    return logPmf.gather(-1, v).squeeze(-1);
  }
  entropy(): Tensor {
    const minReal = finfo(this.logits.dtype).min;
    const logits = torch.clamp(this.logits, { min: minReal });
    const pLogP = logits.mul(this.probs);
    return pLogP.sum(-1).neg();
  }
  enumerateSupport(expand: boolean | { expand?: boolean } = true): Tensor {
    const ex = typeof expand === "object" ? expand.expand ?? true : expand;
    let values = torch.arange(this._numEvents, { dtype: dt.int64, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (ex) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
}
lazyProperty(Categorical, "logits", (d: Categorical) => probsToLogits(d.probs));
lazyProperty(Categorical, "probs", (d: Categorical) => logitsToProbs(d.logits));
