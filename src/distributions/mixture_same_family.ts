// torch.distributions.MixtureSameFamily (Python's mixture_same_family.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import * as constraints from "./constraints";
import { Categorical } from "./categorical";
import { Distribution, SampleShape, toShape, BatchShape } from "./distribution";
import { bindArgs, pySize, valueError } from "./utils";

type MixtureOptions = { mixtureDistribution?: Categorical; componentDistribution?: Distribution; validateArgs?: boolean | null };

/** A mixture whose components are the rightmost batch dim of one distribution, weighted by a Categorical. */
export class MixtureSameFamily extends Distribution {
  /** @internal */ declare _mixtureDistribution: Categorical;
  /** @internal */ declare _componentDistribution: Distribution;
  /** @internal */ declare _numComponent: number;
  /** @internal */ declare _eventNdims: number;
  constructor(mixtureDistribution: Categorical | MixtureOptions, componentDistribution?: Distribution | MixtureOptions, validateArgs?: boolean | null | MixtureOptions);
  constructor(...args: unknown[]) {
    super();
    const [mix, comp, validateArgs] = bindArgs("MixtureSameFamily", ["mixtureDistribution", "componentDistribution", "validateArgs"], args, 2);
    if (!(mix instanceof Categorical)) throw valueError(" The Mixture distribution needs to be an  instance of torch.distributions.Categorical");
    if (!(comp instanceof Distribution)) throw valueError("The Component distribution needs to be an instance of torch.distributions.Distribution");
    this._mixtureDistribution = mix;
    this._componentDistribution = comp;
    const mdbs = mix.batchShape;
    const cdbs = comp.batchShape.slice(0, -1);
    for (let k = 1; k <= Math.min(mdbs.length, cdbs.length); k++) {
      const s1 = mdbs[mdbs.length - k], s2 = cdbs[cdbs.length - k];
      if (s1 !== 1 && s2 !== 1 && s1 !== s2)
        throw valueError(`\`mixture_distribution.batch_shape\` (${pySize(mdbs)}) is not compatible with \`component_distribution.batch_shape\`(${pySize(cdbs)})`);
    }
    const km = mix.logits.shape[mix.logits.dim() - 1];
    const kc = comp.batchShape[comp.batchShape.length - 1];
    if (km !== kc) throw valueError(`\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`);
    this._numComponent = km;
    const eventShape = comp.eventShape;
    this._eventNdims = eventShape.length;
    this._init(cdbs, eventShape, validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return {};
  }
  expand(batchShapeArg: BatchShape, _instance?: MixtureSameFamily): MixtureSameFamily {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu._componentDistribution = this._componentDistribution.expand([...batchShape, this._numComponent]);
    neu._mixtureDistribution = this._mixtureDistribution.expand(batchShape);
    neu._numComponent = this._numComponent;
    neu._eventNdims = this._eventNdims;
    this._finishExpand(neu, batchShape, neu._componentDistribution.eventShape);
    return neu;
  }
  get support(): constraints.Constraint {
    return new constraints.MixtureSameFamilyConstraint(this._componentDistribution.support);
  }
  get mixtureDistribution(): Categorical {
    return this._mixtureDistribution;
  }
  get componentDistribution(): Distribution {
    return this._componentDistribution;
  }
  get mean(): Tensor {
    const probs = this._padMixtureDimensions(this.mixtureDistribution.probs);
    return torch.sum(probs.mul(this.componentDistribution.mean), -1 - this._eventNdims);
  }
  get variance(): Tensor {
    const probs = this._padMixtureDimensions(this.mixtureDistribution.probs);
    const meanCondVar = torch.sum(probs.mul(this.componentDistribution.variance), -1 - this._eventNdims);
    const varCondMean = torch.sum(probs.mul(this.componentDistribution.mean.sub(this._pad(this.mean)).pow(2.0)), -1 - this._eventNdims);
    return meanCondVar.add(varCondMean);
  }
  cdf(x: Tensor): Tensor {
    x = this._pad(x);
    const cdfX = this.componentDistribution.cdf(x);
    const mixProb = this.mixtureDistribution.probs;
    return torch.sum(cdfX.mul(mixProb), -1);
  }
  logProb(x: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(x);
    x = this._pad(x);
    const logProbX = this.componentDistribution.logProb(x);
    const logMixProb = torch.logSoftmax(this.mixtureDistribution.logits, -1);
    return torch.logsumexp(logProbX.add(logMixProb), -1);
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const ss = toShape("sample", sampleShape);
    return noGrad(() => {
      const gatherDim = ss.length + this._batchShape.length;
      const es = this._eventShape;
      const mixSample = this.mixtureDistribution.sample(ss);
      const mixShape = mixSample.shape;
      const compSamples = this.componentDistribution.sample(ss);
      let mixSampleR = mixSample.reshape([...mixShape, ...new Array(es.length + 1).fill(1)]);
      mixSampleR = mixSampleR.repeat([...new Array(mixShape.length).fill(1), 1, ...es]);
      const samples = torch.gather(compSamples, gatherDim, mixSampleR);
      return samples.squeeze(gatherDim);
    });
  }
  /** @internal */
  _pad(x: Tensor): Tensor {
    return x.unsqueeze(-1 - this._eventNdims);
  }
  /** @internal */
  _padMixtureDimensions(x: Tensor): Tensor {
    const distBatchNdims = this._batchShape.length;
    const catBatchNdims = this.mixtureDistribution.batchShape.length;
    const padNdims = catBatchNdims === 1 ? 0 : distBatchNdims - catBatchNdims;
    const xs = x.shape;
    return x.reshape([...xs.slice(0, -1), ...new Array(Math.max(padNdims, 0)).fill(1), ...xs.slice(-1), ...new Array(this._eventNdims).fill(1)]);
  }
  toString(): string {
    return `MixtureSameFamily(\n  ${this.mixtureDistribution},\n  ${this.componentDistribution})`;
  }
}
