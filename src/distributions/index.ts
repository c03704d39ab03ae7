// torch.distributions: probability distributions with sampling, log_prob,
// entropy and KL divergence, as Python's torch.distributions.
import * as constraints from "./constraints";
import * as transforms from "./transforms";
import * as kl from "./kl";
import * as constraintRegistry from "./constraint_registry";
import * as utils from "./utils_public";
import "./kl_pairs";
export { constraints, transforms, kl, constraintRegistry, utils };
export { Distribution } from "./distribution";
export type { SampleShape, BatchShape } from "./distribution";
export { ExponentialFamily } from "./exp_family";
export { Bernoulli } from "./bernoulli";
export { Beta, Dirichlet } from "./dirichlet";
export { Binomial } from "./binomial";
export { Categorical } from "./categorical";
export { Cauchy } from "./cauchy";
export { Exponential } from "./exponential";
export { Gamma, Chi2 } from "./gamma";
export { Geometric } from "./geometric";
export { Gumbel } from "./gumbel";
export { Independent } from "./independent";
export { Laplace } from "./laplace";
export { LogNormal } from "./log_normal";
export { MixtureSameFamily } from "./mixture_same_family";
export { Multinomial } from "./multinomial";
export { MultivariateNormal } from "./multivariate_normal";
export { LowRankMultivariateNormal } from "./lowrank_multivariate_normal";
export { Normal } from "./normal";
export { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical";
export { Poisson } from "./poisson";
export { RelaxedBernoulli, LogitRelaxedBernoulli } from "./relaxed_bernoulli";
export { StudentT } from "./studentT";
export { TransformedDistribution } from "./transformed_distribution";
export { Uniform } from "./uniform";
export { HalfNormal, HalfCauchy } from "./half_normal";
export { Pareto, Weibull, Kumaraswamy, InverseGamma, LogisticNormal } from "./pareto";
export { NegativeBinomial } from "./negative_binomial";
export { FisherSnedecor } from "./fishersnedecor";
export { RelaxedOneHotCategorical, ExpRelaxedCategorical } from "./relaxed_categorical";
export { ContinuousBernoulli } from "./continuous_bernoulli";
export { VonMises, GeneralizedPareto } from "./von_mises";
export { LKJCholesky, Wishart } from "./lkj_cholesky";
export {
  Transform, ComposeTransform, IndependentTransform, ExpTransform, PowerTransform, SigmoidTransform, SoftplusTransform,
  TanhTransform, AbsTransform, AffineTransform, SoftmaxTransform, StickBreakingTransform, LowerCholeskyTransform, identityTransform,
  ReshapeTransform, CorrCholeskyTransform, PositiveDefiniteTransform, CatTransform, StackTransform, CumulativeDistributionTransform,
} from "./transforms";
export { ConstraintRegistry, bijectTo, transformTo } from "./constraint_registry";
export { klDivergence, registerKl } from "./kl";
