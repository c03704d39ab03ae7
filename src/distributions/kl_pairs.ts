// The KL pairs Python registers (torch/distributions/kl.py), same ops in the same order.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { softplus } from "../nn/functional";
import { registerKl, infiniteLike } from "./kl";
import { Bernoulli } from "./bernoulli";
import { Categorical } from "./categorical";
import { Normal } from "./normal";
import { OneHotCategorical } from "./one_hot_categorical";
import { Uniform } from "./uniform";
import { rsub } from "./utils";

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

registerKl(Normal, Uniform)((p: Normal) => infiniteLike(p.loc));

registerKl(Uniform, Normal)((p: Uniform, q: Normal) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(commonTerm).log();
  const t2 = commonTerm.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});
