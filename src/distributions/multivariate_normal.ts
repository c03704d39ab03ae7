// torch.distributions.MultivariateNormal (Python's multivariate_normal.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastShapes, inDict, lazyProperty, standardNormal, valueError } from "./utils";

/** @internal bmat @ bvec over batches */
export function batchMv(bmat: Tensor, bvec: Tensor): Tensor {
  return torch.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1);
}

/** @internal squared Mahalanobis distance x^T (L L^T)^-1 x, batched (Python's _batch_mahalanobis). */
export function batchMahalanobis(bL: Tensor, bx: Tensor): Tensor {
  const n = bx.size(-1);
  const bxBatchShape = bx.shape.slice(0, -1);
  const bxBatchDims = bxBatchShape.length;
  const bLBatchDims = bL.dim() - 2;
  const outerBatchDims = bxBatchDims - bLBatchDims;
  const oldBatchDims = outerBatchDims + bLBatchDims;
  const newBatchDims = outerBatchDims + 2 * bLBatchDims;
  const bxNewShape = bx.shape.slice(0, outerBatchDims);
  const bLb = bL.shape.slice(0, -2), bxb = bx.shape.slice(outerBatchDims, -1);
  for (let i = 0; i < Math.min(bLb.length, bxb.length); i++) bxNewShape.push(Math.floor(bxb[i] / bLb[i]), bLb[i]);
  bxNewShape.push(n);
  bx = bx.reshape(bxNewShape);
  const range = (a: number, b: number, step = 1) => { const r: number[] = []; for (let i = a; i < b; i += step) r.push(i); return r; };
  const permuteDims = [...range(0, outerBatchDims), ...range(outerBatchDims, newBatchDims, 2), ...range(outerBatchDims + 1, newBatchDims, 2), newBatchDims];
  bx = bx.permute(permuteDims);
  const flatL = bL.reshape(-1, n, n);
  const flatX = bx.reshape(-1, flatL.size(0), n);
  const flatXSwap = flatX.permute(1, 2, 0);
  const MSwap = torch.linalg.solveTriangular(flatL, flatXSwap, { upper: false }).pow(2).sum(-2);
  const M = MSwap.t();
  const permutedM = M.reshape(bx.shape.slice(0, -1));
  const permuteInvDims = range(0, outerBatchDims);
  for (let i = 0; i < bLBatchDims; i++) permuteInvDims.push(outerBatchDims + i, oldBatchDims + i);
  const reshapedM = permutedM.permute(permuteInvDims);
  return reshapedM.reshape(bxBatchShape);
}

/** @internal the scale_tril of a precision matrix (Python's _precision_to_scale_tril) */
export function precisionToScaleTril(P: Tensor): Tensor {
  const Lf = torch.linalg.cholesky(torch.flip(P, [-2, -1]));
  const LInv = torch.transpose(torch.flip(Lf, [-2, -1]), -2, -1);
  const Id = torch.eye(P.shape[P.dim() - 1], { dtype: P.dtype, device: P.device });
  return torch.linalg.solveTriangular(LInv, Id, { upper: false });
}

type MVNOptions = { loc?: Tensor; covarianceMatrix?: Tensor | null; precisionMatrix?: Tensor | null; scaleTril?: Tensor | null; validateArgs?: boolean | null };

/** Multivariate normal with mean `loc` and one of covarianceMatrix, precisionMatrix, scaleTril. */
export class MultivariateNormal extends Distribution {
  declare loc: Tensor;
  declare covarianceMatrix: Tensor;
  declare precisionMatrix: Tensor;
  declare scaleTril: Tensor;
  /** @internal */ declare _unbroadcastedScaleTril: Tensor;
  constructor(loc: Tensor | MVNOptions, covarianceMatrix?: Tensor | null | MVNOptions, precisionMatrix?: Tensor | null | MVNOptions, scaleTril?: Tensor | null | MVNOptions, validateArgs?: boolean | null | MVNOptions);
  constructor(...args: unknown[]) {
    super();
    const [loc, cov, prec, tril, validateArgs] = bindArgs("MultivariateNormal", ["loc", "covarianceMatrix", "precisionMatrix", "scaleTril", "validateArgs"], args, 1);
    if (!(loc instanceof Tensor)) throw new TypeError("MultivariateNormal(): argument 'loc' must be a Tensor");
    if (loc.dim() < 1) throw valueError("loc must be at least one-dimensional.");
    const given = (v: unknown): v is Tensor => v !== undefined && v !== null;
    if (Number(given(cov)) + Number(given(tril)) + Number(given(prec)) !== 1)
      throw valueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
    let batchShape: number[];
    if (given(tril)) {
      if (tril.dim() < 2) throw valueError("scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions");
      batchShape = broadcastShapes(tril.shape.slice(0, -2), loc.shape.slice(0, -1));
      this.scaleTril = tril.expand([...batchShape, -1, -1]);
    } else if (given(cov)) {
      if (cov.dim() < 2) throw valueError("covariance_matrix must be at least two-dimensional, with optional leading batch dimensions");
      batchShape = broadcastShapes(cov.shape.slice(0, -2), loc.shape.slice(0, -1));
      this.covarianceMatrix = cov.expand([...batchShape, -1, -1]);
    } else {
      const p = prec as Tensor;
      if (p.dim() < 2) throw valueError("precision_matrix must be at least two-dimensional, with optional leading batch dimensions");
      batchShape = broadcastShapes(p.shape.slice(0, -2), loc.shape.slice(0, -1));
      this.precisionMatrix = p.expand([...batchShape, -1, -1]);
    }
    this.loc = loc.expand([...batchShape, -1]);
    this._init(batchShape, this.loc.shape.slice(-1), validateArgs as boolean | null);
    if (given(tril)) this._unbroadcastedScaleTril = tril;
    else if (given(cov)) this._unbroadcastedScaleTril = torch.linalg.cholesky(cov);
    else this._unbroadcastedScaleTril = precisionToScaleTril(prec as Tensor);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.realVector, covarianceMatrix: constraints.positiveDefinite, precisionMatrix: constraints.positiveDefinite, scaleTril: constraints.lowerCholesky };
  }
  get support(): constraints.Constraint {
    return constraints.realVector;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: MultivariateNormal): MultivariateNormal {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    const locShape = [...batchShape, ...this._eventShape];
    const covShape = [...batchShape, ...this._eventShape, ...this._eventShape];
    neu.loc = this.loc.expand(locShape);
    neu._unbroadcastedScaleTril = this._unbroadcastedScaleTril;
    if (inDict(this, "covarianceMatrix")) neu.covarianceMatrix = this.covarianceMatrix.expand(covShape);
    if (inDict(this, "scaleTril")) neu.scaleTril = this.scaleTril.expand(covShape);
    if (inDict(this, "precisionMatrix")) neu.precisionMatrix = this.precisionMatrix.expand(covShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    return this.loc;
  }
  get mode(): Tensor {
    return this.loc;
  }
  get variance(): Tensor {
    return this._unbroadcastedScaleTril.pow(2).sum(-1).expand([...this._batchShape, ...this._eventShape]);
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(batchMv(this._unbroadcastedScaleTril, eps));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diff = value.sub(this.loc);
    const M = batchMahalanobis(this._unbroadcastedScaleTril, diff);
    const halfLogDet = this._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1);
    return M.add(this._eventShape[0] * Math.log(2 * Math.PI)).mul(-0.5).sub(halfLogDet);
  }
  entropy(): Tensor {
    const halfLogDet = this._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1);
    const H = halfLogDet.add(0.5 * this._eventShape[0] * (1.0 + Math.log(2 * Math.PI)));
    return this._batchShape.length === 0 ? H : H.expand(this._batchShape);
  }
}
const full = (d: MultivariateNormal) => [...d._batchShape, ...d._eventShape, ...d._eventShape];
lazyProperty(MultivariateNormal, "scaleTril", (d: MultivariateNormal) => d._unbroadcastedScaleTril.expand(full(d)));
lazyProperty(MultivariateNormal, "covarianceMatrix", (d: MultivariateNormal) =>
  torch.matmul(d._unbroadcastedScaleTril, d._unbroadcastedScaleTril.transpose(-2, -1)).expand(full(d)));
lazyProperty(MultivariateNormal, "precisionMatrix", (d: MultivariateNormal) => torch.choleskyInverse(d._unbroadcastedScaleTril).expand(full(d)));
