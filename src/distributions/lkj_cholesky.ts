// torch.distributions.LKJCholesky and Wishart (Python's lkj_cholesky.py, wishart.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { warnOnce } from "../warnings";
import * as constraints from "./constraints";
import { Beta } from "./dirichlet";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { Chi2 } from "./gamma";
import { precisionToScaleTril } from "./multivariate_normal";
import { bindArgs, broadcastAll, broadcastShapes, finfo, inDict, isNumber, lazyProperty, pyValue, rsub, valueError, TensorOrNumber } from "./utils";

/** LKJ distribution over Cholesky factors of correlation matrices (onion-method sampler). */
export class LKJCholesky extends Distribution {
  declare dim: number;
  declare concentration: Tensor;
  /** @internal */ declare _beta: Beta;
  constructor(dim: number | { dim?: number; concentration?: TensorOrNumber; validateArgs?: boolean | null }, concentration?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [dim, conc, validateArgs] = bindArgs("LKJCholesky", ["dim", "concentration", "validateArgs"], args, 1);
    if (typeof dim !== "number" || !Number.isInteger(dim)) throw new TypeError("LKJCholesky(): argument 'dim' must be int");
    if (dim < 2) throw valueError(`Expected dim to be an integer greater than or equal to 2. Found dim=${dim}.`);
    this.dim = dim;
    [this.concentration] = broadcastAll(conc ?? 1.0);
    const marginalConc = this.concentration.add(0.5 * (dim - 2));
    let offset = torch.arange(dim - 1, { dtype: this.concentration.dtype, device: this.concentration.device });
    offset = torch.cat([offset.newZeros([1]), offset]);
    const betaConc1 = offset.add(0.5);
    const betaConc0 = marginalConc.unsqueeze(-1).sub(offset.mul(0.5));
    this._beta = new Beta(betaConc1, betaConc0);
    this._init(this.concentration.shape, [dim, dim], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.corrCholesky;
  }
  expand(batchShapeArg: BatchShape, _instance?: LKJCholesky): LKJCholesky {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.dim = this.dim;
    neu.concentration = this.concentration.expand(batchShape);
    neu._beta = this._beta.expand([...batchShape, this.dim]);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  sample(sampleShape: SampleShape = []): Tensor {
    const y = this._beta.sample(sampleShape).unsqueeze(-1);
    const uNormal = torch.randn(this._extendedShape(sampleShape), { dtype: y.dtype, device: y.device }).tril(-1);
    const uHypersphere = uNormal.div(uNormal.norm({ dim: -1, keepdim: true }));
    uHypersphere.index("...", 0, ":").fill_(0.0);
    const w = torch.sqrt(y).mul(uHypersphere);
    const eps = finfo(w.dtype).tiny;
    const diagElems = torch.clamp(rsub(1, torch.sum(w.pow(2), -1)), { min: eps }).sqrt();
    w.add_(torch.diagEmbed(diagElems));
    return w;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diagElems = value.diagonal({ dim1: -1, dim2: -2 }).index("...", "1:");
    let order = torch.arange(2, this.dim + 1, { device: this.concentration.device });
    order = this.concentration.sub(1).unsqueeze(-1).mul(2).add(this.dim).sub(order);
    const unnormalizedLogPdf = torch.sum(order.mul(diagElems.log()), -1);
    const dm1 = this.dim - 1;
    const alpha = this.concentration.add(0.5 * dm1);
    const denominator = torch.lgamma(alpha).mul(dm1);
    const numerator = torch.mvlgamma(alpha.sub(0.5), dm1);
    const piConstant = 0.5 * dm1 * Math.log(Math.PI);
    const normalizeTerm = numerator.add(piConstant).sub(denominator);
    return unnormalizedLogPdf.sub(normalizeTerm);
  }
}

const LOG_2 = Math.log(2);

function mvdigamma(x: Tensor, p: number): Tensor {
  if (!x.gt((p - 1) / 2).all().item()) throw new Error("Wrong domain for multivariate digamma function.");
  return torch.digamma(x.unsqueeze(-1).sub(torch.arange(p, { dtype: x.dtype, device: x.device }).div(2).expand([...x.shape, -1]))).sum(-1);
}
function clampAboveEps(x: Tensor): Tensor {
  return x.clamp({ min: finfo(x.dtype).eps });
}

type WishartOptions = { df?: TensorOrNumber; covarianceMatrix?: Tensor | null; precisionMatrix?: Tensor | null; scaleTril?: Tensor | null; validateArgs?: boolean | null };

/** Wishart distribution over positive-definite matrices (Bartlett decomposition sampler). */
export class Wishart extends ExponentialFamily {
  declare df: Tensor;
  declare covarianceMatrix: Tensor;
  declare precisionMatrix: Tensor;
  declare scaleTril: Tensor;
  /** @internal */ declare _unbroadcastedScaleTril: Tensor;
  /** @internal */ declare _batchDims: number[];
  /** @internal */ declare _distChi2: Chi2;
  constructor(df: TensorOrNumber | WishartOptions, covarianceMatrix?: Tensor | null | WishartOptions, precisionMatrix?: Tensor | null | WishartOptions, scaleTril?: Tensor | null | WishartOptions, validateArgs?: boolean | null | WishartOptions);
  constructor(...args: unknown[]) {
    super();
    const [df, cov, prec, tril, validateArgs] = bindArgs("Wishart", ["df", "covarianceMatrix", "precisionMatrix", "scaleTril", "validateArgs"], args, 1);
    const given = (v: unknown): v is Tensor => v !== undefined && v !== null;
    if (Number(given(cov)) + Number(given(tril)) + Number(given(prec)) !== 1)
      throw new Error("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
    const param = [cov, prec, tril].find(given) as Tensor;
    if (param.dim() < 2) throw valueError("scale_tril must be at least two-dimensional, with optional leading batch dimensions");
    let batchShape: number[];
    if (isNumber(df)) {
      batchShape = param.shape.slice(0, -2);
      this.df = torch.tensor(Number(df), { dtype: param.dtype, device: param.device });
    } else {
      const d = df as Tensor;
      batchShape = broadcastShapes(param.shape.slice(0, -2), d.shape);
      this.df = d.expand(batchShape);
    }
    const eventShape = param.shape.slice(-2);
    const p = eventShape[1];
    if (this.df.le(p - 1).any().item()) throw valueError(`Value of df=${pyValue(df, true)} expected to be greater than ndim - 1 = ${p - 1}.`);
    if (given(tril)) this.scaleTril = param.expand([...batchShape, -1, -1]);
    else if (given(cov)) this.covarianceMatrix = param.expand([...batchShape, -1, -1]);
    else this.precisionMatrix = param.expand([...batchShape, -1, -1]);
    if (this.df.lt(p).any().item()) warnOnce("Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < ndim.");
    this._init(batchShape, eventShape, validateArgs as boolean | null);
    this._batchDims = this._batchShape.map((_, x) => -(x + 1));
    if (given(tril)) this._unbroadcastedScaleTril = tril;
    else if (given(cov)) this._unbroadcastedScaleTril = torch.linalg.cholesky(cov);
    else this._unbroadcastedScaleTril = precisionToScaleTril(prec as Tensor);
    this._distChi2 = this._makeChi2(batchShape);
  }
  /** @internal */
  _makeChi2(batchShape: number[]): Chi2 {
    const L = this._unbroadcastedScaleTril;
    return new Chi2({ df: this.df.unsqueeze(-1).sub(torch.arange(this._eventShape[1], { dtype: L.dtype, device: L.device }).expand([...batchShape, -1])) });
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return {
      covarianceMatrix: constraints.positiveDefinite,
      precisionMatrix: constraints.positiveDefinite,
      scaleTril: constraints.lowerCholesky,
      df: constraints.greaterThan(this._eventShape[this._eventShape.length - 1] - 1),
    };
  }
  get support(): constraints.Constraint {
    return constraints.positiveDefinite;
  }
  get hasRsample(): boolean {
    return true;
  }
  get _meanCarrierMeasure(): number {
    return 0;
  }
  expand(batchShapeArg: BatchShape, _instance?: Wishart): Wishart {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    const covShape = [...batchShape, ...this._eventShape];
    neu._unbroadcastedScaleTril = this._unbroadcastedScaleTril.expand(covShape);
    neu.df = this.df.expand(batchShape);
    neu._batchDims = batchShape.map((_, x) => -(x + 1));
    if (inDict(this, "covarianceMatrix")) neu.covarianceMatrix = this.covarianceMatrix.expand(covShape);
    if (inDict(this, "scaleTril")) neu.scaleTril = this.scaleTril.expand(covShape);
    if (inDict(this, "precisionMatrix")) neu.precisionMatrix = this.precisionMatrix.expand(covShape);
    neu._eventShape = this._eventShape;
    neu._distChi2 = neu._makeChi2(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    return this.df.view([...this._batchShape, 1, 1]).mul(this.covarianceMatrix);
  }
  get mode(): Tensor {
    const factor = this.df.sub(this.covarianceMatrix.shape[this.covarianceMatrix.dim() - 1]).sub(1);
    factor.indexPut_([factor.le(0)], NaN);
    return factor.view([...this._batchShape, 1, 1]).mul(this.covarianceMatrix);
  }
  get variance(): Tensor {
    const V = this.covarianceMatrix;
    const diagV = V.diagonal({ dim1: -2, dim2: -1 });
    return this.df.view([...this._batchShape, 1, 1]).mul(V.pow(2).add(torch.einsum("...i,...j->...ij", diagV, diagV)));
  }
  /** @internal */
  _bartlettSampling(sampleShape: number[]): Tensor {
    const p = this._eventShape[1];
    const noise = clampAboveEps(this._distChi2.rsample(sampleShape).sqrt()).diagEmbed({ dim1: -2, dim2: -1 });
    const [i, j] = torch.trilIndices(p, p, -1).unbind();
    noise.indexPut_(["...", i, j], torch.randn([...sampleShape, ...this._batchShape, (p * (p - 1)) / 2], { dtype: noise.dtype, device: noise.device }));
    const chol = this._unbroadcastedScaleTril.matmul(noise);
    return chol.matmul(chol.transpose(-2, -1));
  }
  rsample(sampleShape: SampleShape = [], maxTryCorrection: number | null = null): Tensor {
    const max = maxTryCorrection ?? 10;
    const ss = toShape("rsample", sampleShape);
    const sample = this._bartlettSampling(ss);
    let isSingular = this.support.check(sample);
    if (this._batchShape.length) isSingular = isSingular.amax(this._batchDims);
    if (isSingular.any().item()) {
      // Python's check, as written upstream: it flags the samples that pass, and redraws them
      warnOnce("Singular sample detected.");
      for (let k = 0; k < max; k++) {
        const sampleNew = this._bartlettSampling(isSingular.index(isSingular).shape);
        sample.indexPut_([isSingular], sampleNew);
        let isSingularNew = this.support.check(sampleNew).logicalNot();
        if (this._batchShape.length) isSingularNew = isSingularNew.amax(this._batchDims);
        isSingular.indexPut_([isSingular.clone()], isSingularNew);
        if (!isSingular.any().item()) break;
      }
    }
    return sample;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const nu = this.df;
    const p = this._eventShape[1];
    const L = this._unbroadcastedScaleTril;
    return nu.neg().mul(L.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).add((p * LOG_2) / 2))
      .sub(torch.mvlgamma(nu.div(2), p))
      .add(nu.sub(p).sub(1).div(2).mul((torch.linalg.slogdet(value) as unknown as { logabsdet: Tensor }).logabsdet))
      .sub(torch.choleskySolve(value, L).diagonal({ dim1: -2, dim2: -1 }).sum(-1).div(2));
  }
  entropy(): Tensor {
    const nu = this.df;
    const p = this._eventShape[1];
    const L = this._unbroadcastedScaleTril;
    return L.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).add((p * LOG_2) / 2).mul(p + 1)
      .add(torch.mvlgamma(nu.div(2), p))
      .sub(nu.sub(p).sub(1).div(2).mul(mvdigamma(nu.div(2), p)))
      .add(nu.mul(p).div(2));
  }
  get _naturalParams(): Tensor[] {
    const nu = this.df;
    const p = this._eventShape[1];
    return [this.precisionMatrix.neg().div(2), nu.sub(p).sub(1).div(2)];
  }
  _logNormalizer(x: Tensor, y: Tensor): Tensor {
    const p = this._eventShape[1];
    const logabsdet = (torch.linalg.slogdet(x.mul(-2)) as unknown as { logabsdet: Tensor }).logabsdet;
    return y.add((p + 1) / 2).mul(logabsdet.neg().add(LOG_2 * p)).add(torch.mvlgamma(y.add((p + 1) / 2), p));
  }
}
const full = (d: Wishart) => [...d._batchShape, ...d._eventShape];
lazyProperty(Wishart, "scaleTril", (d: Wishart) => d._unbroadcastedScaleTril.expand(full(d)));
lazyProperty(Wishart, "covarianceMatrix", (d: Wishart) => d._unbroadcastedScaleTril.matmul(d._unbroadcastedScaleTril.transpose(-2, -1)).expand(full(d)));
lazyProperty(Wishart, "precisionMatrix", (d: Wishart) => {
  const L = d._unbroadcastedScaleTril;
  const identity = torch.eye(d._eventShape[1], { device: L.device, dtype: L.dtype });
  return torch.choleskySolve(identity, L).expand(full(d));
});
