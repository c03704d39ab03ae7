// The KL pairs Python registers (torch/distributions/kl.py), same ops in the same order.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { softplus } from "../nn/functional";
import { grad } from "../autograd";
import { registerKl, infiniteLike, xLogX, batchTraceXXT, klDivergence } from "./kl";
import { Bernoulli } from "./bernoulli";
import { Beta, Dirichlet } from "./dirichlet";
import { Binomial } from "./binomial";
import { Categorical } from "./categorical";
import { Cauchy } from "./cauchy";
import { Exponential } from "./exponential";
import { ExponentialFamily } from "./exp_family";
import { Gamma } from "./gamma";
import { Geometric } from "./geometric";
import { Gumbel } from "./gumbel";
import { Independent } from "./independent";
import { Laplace } from "./laplace";
import { MultivariateNormal, batchMahalanobis } from "./multivariate_normal";
import { Normal } from "./normal";
import { OneHotCategorical } from "./one_hot_categorical";
import { Poisson } from "./poisson";
import { TransformedDistribution } from "./transformed_distribution";
import { Uniform } from "./uniform";
import { HalfNormal } from "./half_normal";
import { Pareto } from "./pareto";
import { ContinuousBernoulli } from "./continuous_bernoulli";
import { LowRankMultivariateNormal, batchLowrankLogdet, batchLowrankMahalanobis } from "./lowrank_multivariate_normal";
import { broadcastShapes, eulerConstant, rsub, sameShape, sumRightmost, valueError, NotImplementedError } from "./utils";

export function klBernoulliBernoulli(p: Bernoulli, q: Bernoulli): Tensor {
  const t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1.indexPut_([q.probs.eq(0)], Infinity);
  t1.indexPut_([p.probs.eq(0)], 0);
  const t2 = rsub(1, p.probs).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2.indexPut_([q.probs.eq(1)], Infinity);
  t2.indexPut_([p.probs.eq(1)], 0);
  return t1.add(t2);
}
registerKl(Bernoulli, Bernoulli)(klBernoulliBernoulli);

export function klCategoricalCategorical(p: Categorical, q: Categorical): Tensor {
  const t = p.probs.mul(p.logits.sub(q.logits));
  t.indexPut_([q.probs.eq(0).expandAs(t)], Infinity);
  t.indexPut_([p.probs.eq(0).expandAs(t)], 0);
  return t.sum(-1);
}
registerKl(Categorical, Categorical)(klCategoricalCategorical);

export function klNormalNormal(p: Normal, q: Normal): Tensor {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
}
registerKl(Normal, Normal)(klNormalNormal);

registerKl(OneHotCategorical, OneHotCategorical)((p: OneHotCategorical, q: OneHotCategorical) => klCategoricalCategorical(p._categorical, q._categorical));

registerKl(Uniform, Uniform)((p: Uniform, q: Uniform) => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  result.indexPut_([q.low.gt(p.low).bitwiseOr(q.high.lt(p.high))], Infinity);
  return result;
});


// ---------------------------------------------------------------- same family
registerKl(Beta, Beta)((p: Beta, q: Beta) => {
  const sumP = p.concentration1.add(p.concentration0);
  const sumQ = q.concentration1.add(q.concentration0);
  const t1 = q.concentration1.lgamma().add(q.concentration0.lgamma()).add(sumP.lgamma());
  const t2 = p.concentration1.lgamma().add(p.concentration0.lgamma()).add(sumQ.lgamma());
  const t3 = p.concentration1.sub(q.concentration1).mul(torch.digamma(p.concentration1));
  const t4 = p.concentration0.sub(q.concentration0).mul(torch.digamma(p.concentration0));
  const t5 = sumQ.sub(sumP).mul(torch.digamma(sumP));
  return t1.sub(t2).add(t3).add(t4).add(t5);
});

registerKl(Binomial, Binomial)((p: Binomial, q: Binomial) => {
  if (p.totalCount.lt(q.totalCount).any().item())
    throw new NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented");
  const kl = p.totalCount.mul(p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()));
  const infIdxs = p.totalCount.gt(q.totalCount);
  kl.indexPut_([infIdxs], infiniteLike(kl.index(infIdxs)));
  return kl;
});

registerKl(Dirichlet, Dirichlet)((p: Dirichlet, q: Dirichlet) => {
  const sumP = p.concentration.sum(-1);
  const sumQ = q.concentration.sum(-1);
  const t1 = sumP.lgamma().sub(sumQ.lgamma());
  const t2 = p.concentration.lgamma().sub(q.concentration.lgamma()).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = p.concentration.digamma().sub(sumP.digamma().unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
});

registerKl(Exponential, Exponential)((p: Exponential, q: Exponential) => {
  const rateRatio = q.rate.div(p.rate);
  const t1 = rateRatio.log().neg();
  return t1.add(rateRatio).sub(1);
});

registerKl(ExponentialFamily, ExponentialFamily)((p: ExponentialFamily, q: ExponentialFamily) => {
  if (p.constructor !== q.constructor)
    throw new NotImplementedError("The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences");
  const pN = p._naturalParams.map((np) => np.detach().requiresGrad_());
  const qN = q._naturalParams;
  const lgNormal = p._logNormalizer(...pN);
  const gradients = grad(lgNormal.sum(), pN, { createGraph: true }) as Tensor[];
  let result = q._logNormalizer(...qN).sub(lgNormal);
  pN.forEach((pnp, i) => {
    const term = qN[i].sub(pnp).mul(gradients[i]);
    result = result.sub(sumRightmost(term, q.eventShape.length));
  });
  return result;
});

registerKl(Gamma, Gamma)((p: Gamma, q: Gamma) => {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = torch.lgamma(q.concentration).sub(torch.lgamma(p.concentration));
  const t3 = p.concentration.sub(q.concentration).mul(torch.digamma(p.concentration));
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
});

registerKl(Gumbel, Gumbel)((p: Gumbel, q: Gumbel) => {
  const ct1 = p.scale.div(q.scale);
  const ct2 = q.loc.div(q.scale);
  const ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(eulerConstant);
  const t3 = torch.exp(ct2.add(ct1.add(1).lgamma()).sub(ct3));
  return t1.add(t2).add(t3).sub(1 + eulerConstant);
});

registerKl(Geometric, Geometric)((p: Geometric, q: Geometric) =>
  p.entropy().neg().sub(torch.log1p(q.probs.neg()).div(p.probs)).sub(q.logits));

registerKl(Laplace, Laplace)((p: Laplace, q: Laplace) => {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t1 = scaleRatio.log().neg();
  const t2 = locAbsDiff.div(q.scale);
  const t3 = scaleRatio.mul(torch.exp(locAbsDiff.neg().div(p.scale)));
  return t1.add(t2).add(t3).sub(1);
});

registerKl(MultivariateNormal, MultivariateNormal)((p: MultivariateNormal, q: MultivariateNormal) => {
  if (!sameShape(p.eventShape, q.eventShape))
    throw valueError("KL-divergence between two Multivariate Normals with                          different event shapes cannot be computed");
  const halfTerm1 = q._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1)
    .sub(p._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1));
  const qb = q._unbroadcastedScaleTril.shape.slice(0, -2), pb = p._unbroadcastedScaleTril.shape.slice(0, -2);
  const combined = broadcastShapes(qb, pb);
  const n = p.eventShape[0];
  const qScaleTril = q._unbroadcastedScaleTril.expand([...combined, n, n]);
  const pScaleTril = p._unbroadcastedScaleTril.expand([...combined, n, n]);
  const term2 = batchTraceXXT(torch.linalg.solveTriangular(qScaleTril, pScaleTril, { upper: false }));
  const term3 = batchMahalanobis(q._unbroadcastedScaleTril, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
});

registerKl(Poisson, Poisson)((p: Poisson, q: Poisson) =>
  p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));

registerKl(TransformedDistribution, TransformedDistribution)((p: TransformedDistribution, q: TransformedDistribution) => {
  if (p.transforms.length !== q.transforms.length || !p.transforms.every((t, i) => t.equals(q.transforms[i])))
    throw new NotImplementedError("klDivergence(TransformedDistribution, TransformedDistribution) is not implemented for different transforms");
  if (!sameShape(p.eventShape, q.eventShape))
    throw new NotImplementedError("klDivergence(TransformedDistribution, TransformedDistribution) is not implemented for different event shapes");
  return klDivergence(p.baseDist, q.baseDist);
});

registerKl(Independent, Independent)((p: Independent, q: Independent) => {
  if (p.reinterpretedBatchNdims !== q.reinterpretedBatchNdims)
    throw new NotImplementedError("klDivergence(Independent, Independent) is not implemented for different reinterpretedBatchNdims");
  return sumRightmost(klDivergence(p.baseDist, q.baseDist), p.reinterpretedBatchNdims);
});

registerKl(Cauchy, Cauchy)((p: Cauchy, q: Cauchy) => {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(4).mul(q.scale).log();
  return t1.sub(t2);
});

// ---------------------------------------------------------------- cross pairs
registerKl(Bernoulli, Poisson)((p: Bernoulli, q: Poisson) => p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate)));

registerKl(Beta, Exponential)((p: Beta, q: Exponential) =>
  p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration1.div(p.concentration1.add(p.concentration0)))));

registerKl(Beta, Gamma)((p: Beta, q: Gamma) => {
  const t1 = p.entropy().neg();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.sub(1).mul(p.concentration1.digamma().sub(p.concentration1.add(p.concentration0).digamma()));
  const t4 = q.rate.mul(p.concentration1).div(p.concentration1.add(p.concentration0));
  return t1.add(t2).sub(t3).add(t4);
});

registerKl(Beta, Normal)((p: Beta, q: Normal) => {
  const EBeta = p.concentration1.div(p.concentration1.add(p.concentration0));
  const varNormal = q.scale.pow(2);
  const t1 = p.entropy().neg();
  const t2 = varNormal.mul(2).mul(Math.PI).log().mul(0.5);
  const t3 = EBeta.mul(rsub(1, EBeta)).div(p.concentration1.add(p.concentration0).add(1)).add(EBeta.pow(2)).mul(0.5);
  const t4 = q.loc.mul(EBeta);
  const t5 = q.loc.pow(2).mul(0.5);
  return t1.add(t2).add(t3.sub(t4).add(t5).div(varNormal));
});

registerKl(Beta, Uniform)((p: Beta, q: Uniform) => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  result.indexPut_([q.low.gt(0.0).bitwiseOr(q.high.lt(1.0))], Infinity);
  return result;
});

const expInfinity = (p: Exponential) => infiniteLike(p.rate);
registerKl(Exponential, Beta)(expInfinity);
registerKl(Exponential, Uniform)(expInfinity);

registerKl(Exponential, Gamma)((p: Exponential, q: Gamma) => {
  const ratio = q.rate.div(p.rate);
  const t1 = q.concentration.neg().mul(torch.log(ratio));
  return t1.add(ratio).add(q.concentration.lgamma()).add(q.concentration.mul(eulerConstant)).sub(1 + eulerConstant);
});

registerKl(Exponential, Gumbel)((p: Exponential, q: Gumbel) => {
  const scaleRateProd = p.rate.mul(q.scale);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = scaleRateProd.log().sub(1);
  const t2 = torch.exp(locScaleRatio).mul(scaleRateProd).div(scaleRateProd.add(1));
  const t3 = scaleRateProd.reciprocal();
  return t1.sub(locScaleRatio).add(t2).add(t3);
});

registerKl(Exponential, Normal)((p: Exponential, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const rateSqr = p.rate.pow(2);
  const t1 = torch.log(rateSqr.mul(varNormal).mul(2).mul(Math.PI)).mul(0.5);
  const t2 = rateSqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
});

const gammaInfinity = (p: Gamma) => infiniteLike(p.concentration);
registerKl(Gamma, Beta)(gammaInfinity);
registerKl(Gamma, Uniform)(gammaInfinity);

registerKl(Gamma, Exponential)((p: Gamma, q: Exponential) =>
  p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration).div(p.rate)));

registerKl(Gamma, Gumbel)((p: Gamma, q: Gumbel) => {
  const betaScaleProd = p.rate.mul(q.scale);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = p.concentration.sub(1).mul(p.concentration.digamma()).sub(p.concentration.lgamma()).sub(p.concentration);
  const t2 = betaScaleProd.log().add(p.concentration.div(betaScaleProd));
  const t3 = torch.exp(locScaleRatio).mul(betaScaleProd.reciprocal().add(1).pow(p.concentration.neg())).sub(locScaleRatio);
  return t1.add(t2).add(t3);
});

registerKl(Gamma, Normal)((p: Gamma, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const betaSqr = p.rate.pow(2);
  const t1 = torch.log(betaSqr.mul(varNormal).mul(2).mul(Math.PI)).mul(0.5).sub(p.concentration).sub(p.concentration.lgamma());
  const t2 = p.concentration.pow(2).add(p.concentration).mul(0.5).div(betaSqr);
  const t3 = q.loc.mul(p.concentration).div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.add(p.concentration.sub(1).mul(p.concentration.digamma())).add(t2.sub(t3).add(t4).div(varNormal));
});

const gumbelInfinity = (p: Gumbel) => infiniteLike(p.loc);
registerKl(Gumbel, Beta)(gumbelInfinity);
registerKl(Gumbel, Exponential)(gumbelInfinity);
registerKl(Gumbel, Gamma)(gumbelInfinity);
registerKl(Gumbel, Uniform)(gumbelInfinity);

registerKl(Gumbel, Normal)((p: Gumbel, q: Normal) => {
  const paramRatio = p.scale.div(q.scale);
  const t1 = paramRatio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = paramRatio.mul(Math.PI).mul(0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(eulerConstant)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1.neg().add(t2).add(t3).sub(eulerConstant + 1);
});

const laplaceInfinity = (p: Laplace) => infiniteLike(p.loc);
registerKl(Laplace, Beta)(laplaceInfinity);
registerKl(Laplace, Exponential)(laplaceInfinity);
registerKl(Laplace, Gamma)(laplaceInfinity);
registerKl(Laplace, Uniform)(laplaceInfinity);

registerKl(Laplace, Normal)((p: Laplace, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const scaleSqrVarRatio = p.scale.pow(2).div(varNormal);
  const t1 = torch.log(scaleSqrVarRatio.mul(2).div(Math.PI)).mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(scaleSqrVarRatio).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
});

const normalInfinity = (p: Normal) => infiniteLike(p.loc);
registerKl(Normal, Beta)(normalInfinity);
registerKl(Normal, Exponential)(normalInfinity);
registerKl(Normal, Gamma)(normalInfinity);
registerKl(Normal, Uniform)(normalInfinity);

registerKl(Normal, Gumbel)((p: Normal, q: Gumbel) => {
  const meanScaleRatio = p.loc.div(q.scale);
  const varScaleSqrRatio = p.scale.div(q.scale).pow(2);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = varScaleSqrRatio.log().mul(0.5);
  const t2 = meanScaleRatio.sub(locScaleRatio);
  const t3 = torch.exp(meanScaleRatio.neg().add(varScaleSqrRatio.mul(0.5)).add(locScaleRatio));
  return t1.neg().add(t2).add(t3).sub(0.5 * (1 + Math.log(2 * Math.PI)));
});

registerKl(Normal, Laplace)((p: Normal, q: Laplace) => {
  const locDiff = p.loc.sub(q.loc);
  const scaleRatio = p.scale.div(q.scale);
  const locDiffScaleRatio = locDiff.div(p.scale);
  const t1 = torch.log(scaleRatio);
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(torch.exp(locDiffScaleRatio.pow(2).mul(-0.5)));
  const t3 = locDiff.mul(torch.erf(locDiffScaleRatio.mul(Math.sqrt(0.5))));
  return t1.neg().add(t2.add(t3).div(q.scale)).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
});

const poissonInfinity = (p: Poisson) => infiniteLike(p.rate);
registerKl(Poisson, Bernoulli)(poissonInfinity);
registerKl(Poisson, Binomial)(poissonInfinity);

registerKl(Uniform, Beta)((p: Uniform, q: Beta) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = torch.log(commonTerm);
  const t2 = q.concentration1.sub(1).mul(xLogX(p.high).sub(xLogX(p.low)).sub(commonTerm)).div(commonTerm);
  const t3 = q.concentration0.sub(1).mul(xLogX(rsub(1, p.high)).sub(xLogX(rsub(1, p.low))).add(commonTerm)).div(commonTerm);
  const t4 = q.concentration1.lgamma().add(q.concentration0.lgamma()).sub(q.concentration1.add(q.concentration0).lgamma());
  const result = t3.add(t4).sub(t1).sub(t2);
  result.indexPut_([p.high.gt(1.0).bitwiseOr(p.low.lt(0.0))], Infinity);
  return result;
});

registerKl(Uniform, Exponential)((p: Uniform, q: Exponential) => {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  result.indexPut_([p.low.lt(0.0)], Infinity);
  return result;
});

registerKl(Uniform, Gamma)((p: Uniform, q: Gamma) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = commonTerm.log();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = rsub(1, q.concentration).mul(xLogX(p.high).sub(xLogX(p.low)).sub(commonTerm)).div(commonTerm);
  const t4 = q.rate.mul(p.high.add(p.low)).div(2);
  const result = t1.neg().add(t2).add(t3).add(t4);
  result.indexPut_([p.low.lt(0.0)], Infinity);
  return result;
});

registerKl(Uniform, Gumbel)((p: Uniform, q: Gumbel) => {
  const commonTerm = q.scale.div(p.high.sub(p.low));
  const highLocDiff = p.high.sub(q.loc).div(q.scale);
  const lowLocDiff = p.low.sub(q.loc).div(q.scale);
  const t1 = commonTerm.log().add(highLocDiff.add(lowLocDiff).mul(0.5));
  const t2 = commonTerm.mul(torch.exp(highLocDiff.neg()).sub(torch.exp(lowLocDiff.neg())));
  return t1.sub(t2);
});

registerKl(Uniform, Normal)((p: Uniform, q: Normal) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(commonTerm).log();
  const t2 = commonTerm.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});

// ---------------------------------------------------------------- HalfNormal, Pareto, ContinuousBernoulli
registerKl(HalfNormal, HalfNormal)((p: HalfNormal, q: HalfNormal) => klNormalNormal(p.baseDist, q.baseDist));

registerKl(Pareto, Pareto)((p: Pareto, q: Pareto) => {
  const scaleRatio = p.scale.div(q.scale);
  const alphaRatio = q.alpha.div(p.alpha);
  const t1 = q.alpha.mul(scaleRatio.log());
  const t2 = alphaRatio.log().neg();
  const result = t1.add(t2).add(alphaRatio).sub(1);
  result.indexPut_([p.scale.lt(q.scale)], Infinity);
  return result;
});

registerKl(ContinuousBernoulli, ContinuousBernoulli)((p: ContinuousBernoulli, q: ContinuousBernoulli) => {
  const t1 = p.mean.mul(p.logits.sub(q.logits));
  const t2 = p._contBernLogNorm().add(torch.log1p(p.probs.neg()));
  const t3 = q._contBernLogNorm().neg().sub(torch.log1p(q.probs.neg()));
  return t1.add(t2).add(t3);
});

registerKl(Beta, ContinuousBernoulli)((p: Beta, q: ContinuousBernoulli) =>
  p.entropy().neg().sub(p.mean.mul(q.logits)).sub(torch.log1p(q.probs.neg())).sub(q._contBernLogNorm()));
registerKl(Beta, Pareto)((p: Beta) => infiniteLike(p.concentration1));

registerKl(ContinuousBernoulli, Pareto)((p: ContinuousBernoulli) => infiniteLike(p.probs));
registerKl(ContinuousBernoulli, Exponential)((p: ContinuousBernoulli, q: Exponential) =>
  p.entropy().neg().sub(torch.log(q.rate)).add(q.rate.mul(p.mean)));
registerKl(ContinuousBernoulli, Normal)((p: ContinuousBernoulli, q: Normal) => {
  const t1 = p.entropy().neg();
  const t2 = torch.square(q.loc.div(q.scale)).add(Math.log(2.0 * Math.PI)).mul(0.5).add(torch.log(q.scale));
  const t3 = p.variance.add(torch.square(p.mean)).sub(q.loc.mul(2.0).mul(p.mean)).div(torch.square(q.scale).mul(2.0));
  return t1.add(t2).add(t3);
});
registerKl(ContinuousBernoulli, Uniform)((p: ContinuousBernoulli, q: Uniform) => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  return torch.where(torch.maximum(torch.ge(q.low, 0.0), torch.le(q.high, 1.0)), torch.onesLike(result).mul(Infinity), result);
});

registerKl(Exponential, ContinuousBernoulli)(expInfinity);
registerKl(Exponential, Pareto)(expInfinity);
registerKl(Gamma, ContinuousBernoulli)(gammaInfinity);
registerKl(Gamma, Pareto)(gammaInfinity);
registerKl(Gumbel, ContinuousBernoulli)(gumbelInfinity);
registerKl(Gumbel, Pareto)(gumbelInfinity);
registerKl(Laplace, ContinuousBernoulli)(laplaceInfinity);
registerKl(Laplace, Pareto)(laplaceInfinity);
registerKl(Normal, ContinuousBernoulli)(normalInfinity);
registerKl(Normal, Pareto)(normalInfinity);

const paretoInfinity = (p: Pareto) => infiniteLike(p.scale);
registerKl(Pareto, Beta)(paretoInfinity);
registerKl(Pareto, ContinuousBernoulli)(paretoInfinity);
registerKl(Pareto, Uniform)(paretoInfinity);

registerKl(Pareto, Exponential)((p: Pareto, q: Exponential) => {
  const scaleRateProd = p.scale.mul(q.rate);
  const t1 = p.alpha.div(scaleRateProd).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(scaleRateProd).div(p.alpha.sub(1));
  const result = t1.sub(t2).add(t3).sub(1);
  result.indexPut_([p.alpha.le(1)], Infinity);
  return result;
});

registerKl(Pareto, Gamma)((p: Pareto, q: Gamma) => {
  const commonTerm = p.scale.log().add(p.alpha.reciprocal());
  const t1 = p.alpha.log().sub(commonTerm);
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = rsub(1, q.concentration).mul(commonTerm);
  const t4 = q.rate.mul(p.alpha).mul(p.scale).div(p.alpha.sub(1));
  const result = t1.add(t2).add(t3).add(t4).sub(1);
  result.indexPut_([p.alpha.le(1)], Infinity);
  return result;
});

registerKl(Pareto, Normal)((p: Pareto, q: Normal) => {
  const varNormal = q.scale.pow(2).mul(2);
  const commonTerm = p.scale.div(p.alpha.sub(1));
  const t1 = q.scale.mul(Math.sqrt(2 * Math.PI)).mul(p.alpha).div(p.scale).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(commonTerm.pow(2)).div(p.alpha.sub(2));
  const t4 = p.alpha.mul(commonTerm).sub(q.loc).pow(2);
  const result = t1.sub(t2).add(t3.add(t4).div(varNormal)).sub(1);
  result.indexPut_([p.alpha.le(2)], Infinity);
  return result;
});

registerKl(Uniform, ContinuousBernoulli)((p: Uniform, q: ContinuousBernoulli) => {
  const result = p.entropy().neg().sub(p.mean.mul(q.logits)).sub(torch.log1p(q.probs.neg())).sub(q._contBernLogNorm());
  return torch.where(torch.maximum(torch.ge(p.high, 1.0), torch.le(p.low, 0.0)), torch.onesLike(result).mul(Infinity), result);
});

registerKl(Uniform, Pareto)((p: Uniform, q: Pareto) => {
  const supportUniform = p.high.sub(p.low);
  const t1 = q.alpha.mul(q.scale.pow(q.alpha)).mul(supportUniform).log();
  const t2 = xLogX(p.high).sub(xLogX(p.low)).sub(supportUniform).div(supportUniform);
  const result = t2.mul(q.alpha.add(1)).sub(t1);
  result.indexPut_([p.low.lt(q.scale)], Infinity);
  return result;
});

// ---------------------------------------------------------------- LowRankMultivariateNormal
registerKl(LowRankMultivariateNormal, LowRankMultivariateNormal)((p: LowRankMultivariateNormal, q: LowRankMultivariateNormal) => {
  if (!sameShape(p.eventShape, q.eventShape))
    throw valueError("KL-divergence between two Low Rank Multivariate Normals with                          different event shapes cannot be computed");
  const term1 = batchLowrankLogdet(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q._capacitanceTril)
    .sub(batchLowrankLogdet(p._unbroadcastedCovFactor, p._unbroadcastedCovDiag, p._capacitanceTril));
  const term3 = batchLowrankMahalanobis(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q.loc.sub(p.loc), q._capacitanceTril);
  const qWtqDinv = q._unbroadcastedCovFactor.transpose(-2, -1).div(q._unbroadcastedCovDiag.unsqueeze(-2));
  const A = torch.linalg.solveTriangular(q._capacitanceTril, qWtqDinv, { upper: false });
  const term21 = p._unbroadcastedCovDiag.div(q._unbroadcastedCovDiag).sum(-1);
  const term22 = batchTraceXXT(p._unbroadcastedCovFactor.mul(q._unbroadcastedCovDiag.rsqrt().unsqueeze(-1)));
  const term23 = batchTraceXXT(A.mul(p._unbroadcastedCovDiag.sqrt().unsqueeze(-2)));
  const term24 = batchTraceXXT(A.matmul(p._unbroadcastedCovFactor));
  const term2 = term21.add(term22).sub(term23).sub(term24);
  return term1.add(term2).add(term3).sub(p.eventShape[0]).mul(0.5);
});

registerKl(MultivariateNormal, LowRankMultivariateNormal)((p: MultivariateNormal, q: LowRankMultivariateNormal) => {
  if (!sameShape(p.eventShape, q.eventShape))
    throw valueError("KL-divergence between two (Low Rank) Multivariate Normals with                          different event shapes cannot be computed");
  const term1 = batchLowrankLogdet(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q._capacitanceTril)
    .sub(p._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).mul(2));
  const term3 = batchLowrankMahalanobis(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q.loc.sub(p.loc), q._capacitanceTril);
  const qWtqDinv = q._unbroadcastedCovFactor.transpose(-2, -1).div(q._unbroadcastedCovDiag.unsqueeze(-2));
  const A = torch.linalg.solveTriangular(q._capacitanceTril, qWtqDinv, { upper: false });
  const term21 = batchTraceXXT(p._unbroadcastedScaleTril.mul(q._unbroadcastedCovDiag.rsqrt().unsqueeze(-1)));
  const term22 = batchTraceXXT(A.matmul(p._unbroadcastedScaleTril));
  const term2 = term21.sub(term22);
  return term1.add(term2).add(term3).sub(p.eventShape[0]).mul(0.5);
});

registerKl(LowRankMultivariateNormal, MultivariateNormal)((p: LowRankMultivariateNormal, q: MultivariateNormal) => {
  if (!sameShape(p.eventShape, q.eventShape))
    throw valueError("KL-divergence between two (Low Rank) Multivariate Normals with                          different event shapes cannot be computed");
  const term1 = q._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).mul(2)
    .sub(batchLowrankLogdet(p._unbroadcastedCovFactor, p._unbroadcastedCovDiag, p._capacitanceTril));
  const term3 = batchMahalanobis(q._unbroadcastedScaleTril, q.loc.sub(p.loc));
  const combined = broadcastShapes(q._unbroadcastedScaleTril.shape.slice(0, -2), p._unbroadcastedCovFactor.shape.slice(0, -2));
  const n = p.eventShape[0];
  const qScaleTril = q._unbroadcastedScaleTril.expand([...combined, n, n]);
  const pCovFactor = p._unbroadcastedCovFactor.expand([...combined, n, p.covFactor.size(-1)]);
  const pCovDiag = torch.diagEmbed(p._unbroadcastedCovDiag.sqrt()).expand([...combined, n, n]);
  const term21 = batchTraceXXT(torch.linalg.solveTriangular(qScaleTril, pCovFactor, { upper: false }));
  const term22 = batchTraceXXT(torch.linalg.solveTriangular(qScaleTril, pCovDiag, { upper: false }));
  const term2 = term21.add(term22);
  return term1.add(term2).add(term3).sub(p.eventShape[0]).mul(0.5);
});
