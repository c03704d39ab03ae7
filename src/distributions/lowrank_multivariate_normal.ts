// torch.distributions.LowRankMultivariateNormal (Python's lowrank_multivariate_normal.py):
// covariance covFactor @ covFactor.T + diag(covDiag).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { batchMahalanobis, batchMv } from "./multivariate_normal";
import { bindArgs, lazyProperty, pySize, sameShape, standardNormal, valueError } from "./utils";

/** @internal cholesky(I + W^T D^-1 W) */
export function batchCapacitanceTril(W: Tensor, D: Tensor): Tensor {
  const m = W.size(-1);
  const WtDinv = W.transpose(-2, -1).div(D.unsqueeze(-2));
  const K = torch.matmul(WtDinv, W).contiguous();
  K.view(-1, m * m).index(":", `::${m + 1}`).add_(1);
  return torch.linalg.cholesky(K);
}
/** @internal log det of W W^T + D */
export function batchLowrankLogdet(W: Tensor, D: Tensor, capacitanceTril: Tensor): Tensor {
  void W;
  return capacitanceTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).mul(2).add(D.log().sum(-1));
}
/** @internal x^T (W W^T + D)^-1 x by the Woodbury identity */
export function batchLowrankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capacitanceTril: Tensor): Tensor {
  const WtDinv = W.transpose(-2, -1).div(D.unsqueeze(-2));
  const WtDinvX = batchMv(WtDinv, x);
  const term1 = x.pow(2).div(D).sum(-1);
  const term2 = batchMahalanobis(capacitanceTril, WtDinvX);
  return term1.sub(term2);
}

type LRMVNOptions = { loc?: Tensor; covFactor?: Tensor; covDiag?: Tensor; validateArgs?: boolean | null };

/** Multivariate normal with a low-rank-plus-diagonal covariance. */
export class LowRankMultivariateNormal extends Distribution {
  declare loc: Tensor;
  declare covFactor: Tensor;
  declare covDiag: Tensor;
  declare scaleTril: Tensor;
  declare covarianceMatrix: Tensor;
  declare precisionMatrix: Tensor;
  /** @internal */ declare _unbroadcastedCovFactor: Tensor;
  /** @internal */ declare _unbroadcastedCovDiag: Tensor;
  /** @internal */ declare _capacitanceTril: Tensor;
  constructor(loc: Tensor | LRMVNOptions, covFactor?: Tensor | LRMVNOptions, covDiag?: Tensor | LRMVNOptions, validateArgs?: boolean | null | LRMVNOptions);
  constructor(...args: unknown[]) {
    super();
    const [loc, covFactor, covDiag, validateArgs] = bindArgs("LowRankMultivariateNormal", ["loc", "covFactor", "covDiag", "validateArgs"], args, 3) as [Tensor, Tensor, Tensor, boolean | null];
    for (const [n, v] of [["loc", loc], ["cov_factor", covFactor], ["cov_diag", covDiag]] as const)
      if (!(v instanceof Tensor)) throw new TypeError(`LowRankMultivariateNormal(): argument '${n}' must be a Tensor`);
    if (loc.dim() < 1) throw valueError("loc must be at least one-dimensional.");
    const eventShape = loc.shape.slice(-1);
    if (covFactor.dim() < 2) throw valueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions");
    if (!sameShape(covFactor.shape.slice(-2, -1), eventShape)) throw valueError(`cov_factor must be a batch of matrices with shape ${eventShape[0]} x m`);
    if (!sameShape(covDiag.shape.slice(-1), eventShape)) throw valueError(`cov_diag must be a batch of vectors with shape ${pySize(eventShape)}`);
    let locU: Tensor, diagU: Tensor;
    try {
      [locU, this.covFactor, diagU] = torch.broadcastTensors(loc.unsqueeze(-1), covFactor, covDiag.unsqueeze(-1));
    } catch {
      throw valueError(`Incompatible batch shapes: loc ${pySize(loc.shape)}, cov_factor ${pySize(covFactor.shape)}, cov_diag ${pySize(covDiag.shape)}`);
    }
    this.loc = locU.index("...", 0);
    this.covDiag = diagU.index("...", 0);
    const batchShape = this.loc.shape.slice(0, -1);
    this._unbroadcastedCovFactor = covFactor;
    this._unbroadcastedCovDiag = covDiag;
    this._capacitanceTril = batchCapacitanceTril(covFactor, covDiag);
    this._init(batchShape, eventShape, validateArgs);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.realVector, covFactor: constraints.independent(constraints.real, 2), covDiag: constraints.independent(constraints.positive, 1) };
  }
  get support(): constraints.Constraint {
    return constraints.realVector;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: LowRankMultivariateNormal): LowRankMultivariateNormal {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    const locShape = [...batchShape, ...this._eventShape];
    neu.loc = this.loc.expand(locShape);
    neu.covDiag = this.covDiag.expand(locShape);
    neu.covFactor = this.covFactor.expand([...locShape, this.covFactor.size(-1)]);
    neu._unbroadcastedCovFactor = this._unbroadcastedCovFactor;
    neu._unbroadcastedCovDiag = this._unbroadcastedCovDiag;
    neu._capacitanceTril = this._capacitanceTril;
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    return this.loc;
  }
  get mode(): Tensor {
    return this.loc;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const WShape = [...shape.slice(0, -1), this.covFactor.size(-1)];
    const epsW = standardNormal(WShape, this.loc.dtype, this.loc.device);
    const epsD = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(batchMv(this._unbroadcastedCovFactor, epsW)).add(this._unbroadcastedCovDiag.sqrt().mul(epsD));
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diff = value.sub(this.loc);
    const M = batchLowrankMahalanobis(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, diff, this._capacitanceTril);
    const logDet = batchLowrankLogdet(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, this._capacitanceTril);
    return logDet.add(this._eventShape[0] * Math.log(2 * Math.PI)).add(M).mul(-0.5);
  }
  entropy(): Tensor {
    const logDet = batchLowrankLogdet(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, this._capacitanceTril);
    const H = logDet.add(this._eventShape[0] * (1.0 + Math.log(2 * Math.PI))).mul(0.5);
    return this._batchShape.length === 0 ? H : H.expand(this._batchShape);
  }
}
const full = (d: LowRankMultivariateNormal) => [...d._batchShape, ...d._eventShape, ...d._eventShape];
// Python's variance is a lazy_property on this class (computed once, then kept)
lazyProperty(LowRankMultivariateNormal, "variance", (d: LowRankMultivariateNormal) =>
  d._unbroadcastedCovFactor.pow(2).sum(-1).add(d._unbroadcastedCovDiag).expand([...d._batchShape, ...d._eventShape]));
lazyProperty(LowRankMultivariateNormal, "scaleTril", (d: LowRankMultivariateNormal) => {
  const n = d._eventShape[0];
  const covDiagSqrtUnsqueeze = d._unbroadcastedCovDiag.sqrt().unsqueeze(-1);
  const DinvsqrtW = d._unbroadcastedCovFactor.div(covDiagSqrtUnsqueeze);
  const K = torch.matmul(DinvsqrtW, DinvsqrtW.transpose(-2, -1)).contiguous();
  K.view(-1, n * n).index(":", `::${n + 1}`).add_(1);
  return covDiagSqrtUnsqueeze.mul(torch.linalg.cholesky(K)).expand(full(d));
});
lazyProperty(LowRankMultivariateNormal, "covarianceMatrix", (d: LowRankMultivariateNormal) =>
  torch.matmul(d._unbroadcastedCovFactor, d._unbroadcastedCovFactor.transpose(-2, -1)).add(torch.diagEmbed(d._unbroadcastedCovDiag)).expand(full(d)));
lazyProperty(LowRankMultivariateNormal, "precisionMatrix", (d: LowRankMultivariateNormal) => {
  const WtDinv = d._unbroadcastedCovFactor.transpose(-2, -1).div(d._unbroadcastedCovDiag.unsqueeze(-2));
  const A = torch.linalg.solveTriangular(d._capacitanceTril, WtDinv, { upper: false });
  return torch.diagEmbed(d._unbroadcastedCovDiag.reciprocal()).sub(A.transpose(-2, -1).matmul(A)).expand(full(d));
});
