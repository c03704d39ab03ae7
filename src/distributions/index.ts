// torch.distributions: probability distributions with sampling, log_prob,
// entropy and KL divergence, as Python's torch.distributions.
import * as constraints from "./constraints";
import * as kl from "./kl";
import "./kl_pairs";
export { constraints, kl };
export { Distribution } from "./distribution";
export { ExponentialFamily } from "./exp_family";
export { Bernoulli } from "./bernoulli";
export { Categorical } from "./categorical";
export { Normal } from "./normal";
export { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical";
export { Uniform } from "./uniform";
export { klDivergence, registerKl } from "./kl";
