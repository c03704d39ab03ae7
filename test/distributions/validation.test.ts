// Argument and sample validation: Python's ValueError texts (RangeError here),
// validateArgs: false and Distribution.setDefaultValidateArgs.
import { describe, expect, it } from "vitest";
import torch, { distributions } from "../../src";
import { f32 } from "../helpers";
import { expectEnc, fixture } from "./helpers";

const D = distributions;
const E = fixture.errors;

function expectPyError(fn: () => unknown, key: string, cls: new (...a: never[]) => Error = RangeError): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, key).toBeInstanceOf(cls);
  expect((err as Error).message).toBe(E[key].message);
}

describe("parameter validation (Python's messages)", () => {
  it("Normal scale must be positive", () => expectPyError(() => new D.Normal(torch.zeros(3), f32([1, -1, 2])), "normal_scale"));
  it("Normal loc NaN", () => expectPyError(() => new D.Normal(f32([NaN]), 1.0), "normal_nan_loc"));
  it("Uniform low < high", () => expectPyError(() => new D.Uniform(f32([0, 2]), f32([1, 1])), "uniform_order"));
  it("Bernoulli probs in [0, 1]", () => expectPyError(() => new D.Bernoulli(f32([0.5, 1.5])), "bernoulli_probs"));
  it("Bernoulli probs and logits", () => expectPyError(() => new D.Bernoulli(f32(0.5), f32(0.1)), "bernoulli_both"));
  it("Categorical needs probs or logits", () => expectPyError(() => new D.Categorical(), "categorical_neither"));
  it("Categorical probs at least 1-d", () => expectPyError(() => new D.Categorical(f32(0.5)), "categorical_scalar"));
  it("Categorical probs on the simplex", () => expectPyError(() => new D.Categorical(f32([0.5, -0.5, 1.0])), "categorical_simplex"));
});

describe("parameter validation of the other families", () => {
  it("Gamma rate > 0", () => expectPyError(() => new D.Gamma(f32([1]), f32([0])), "gamma_rate"));
  it("MultivariateNormal covariance positive definite", () =>
    expectPyError(() => new D.MultivariateNormal(torch.zeros(2), f32([[1, 2], [2, 1]])), "mvn_cov"));
  it("MultivariateNormal needs exactly one matrix", () => expectPyError(() => new D.MultivariateNormal(torch.zeros(2)), "mvn_none"));
  it("KL of MultivariateNormals with different event shapes", () =>
    expectPyError(() => D.klDivergence(new D.MultivariateNormal(torch.zeros(2), torch.eye(2)), new D.MultivariateNormal(torch.zeros(3), torch.eye(3))), "mvn_kl_shapes"));
  it("LowRankMultivariateNormal covFactor shape", () =>
    expectPyError(() => new D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(2, 1), torch.ones(3)), "lowrank_shape"));
  it("Binomial totalCount integral", () => expectPyError(() => new D.Binomial(f32([2.5]), f32([0.5])), "binomial_count"));
  it("Dirichlet concentration positive (independent constraint)", () => expectPyError(() => new D.Dirichlet(f32([1, -1])), "dirichlet_conc"));
  it("Geometric probs > 0", () => expectPyError(() => new D.Geometric(f32([0, 0.5])), "geometric_zero"));
  it("Independent reinterpretedBatchNdims too large", () => expectPyError(() => new D.Independent(new D.Normal(torch.zeros(2), 1.0), 2), "independent_ndims"));
  it("ContinuousBernoulli probs checked when validateArgs is given", () => expectPyError(() => new D.ContinuousBernoulli(f32([0.5, 1.5]), { validateArgs: true }), "cb_probs"));
  it("LKJCholesky dim >= 2", () => expectPyError(() => new D.LKJCholesky(1), "lkj_dim"));
  it("Wishart df > ndim - 1 (tensor and number)", () => {
    expectPyError(() => new D.Wishart(f32(1.5), torch.eye(3)), "wishart_df");
    expectPyError(() => new D.Wishart(1.0, torch.eye(3)), "wishart_df_num");
  });
  it("Wishart needs exactly one matrix", () => expectPyError(() => new D.Wishart(4.0, torch.eye(3), { scaleTril: torch.eye(3) }), "wishart_two", Error));
  it("Multinomial totalCount must be an int", () => {
    let err: unknown = null;
    try {
      new D.Multinomial(f32([2.0]) as never, f32([0.5, 0.5]));
    } catch (e) {
      err = e;
    }
    expect((err as Error).name).toBe("NotImplementedError");
    expect((err as Error).message).toBe(E.multinomial_count.message);
  });
  it("NegativeBinomial totalCount >= 0", () => expectPyError(() => new D.NegativeBinomial(f32([-1]), f32([0.5])), "negbin_count"));
  it("Pareto support depends on scale", () => expectPyError(() => new D.Pareto(f32([1]), f32([2])).logProb(f32([0.5])), "pareto_support"));
  it("VonMises concentration > 0", () => expectPyError(() => new D.VonMises(f32([0]), f32([-1])), "vonmises_conc"));
  it("LowRankMultivariateNormal covDiag > 0", () => expectPyError(() => new D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), f32([1, -1])), "lowrank_diag"));
  it("RelaxedOneHotCategorical probs on the simplex", () => expectPyError(() => new D.RelaxedOneHotCategorical(f32(0.5), f32([0.5, -0.2, 0.7])), "relaxed_cat_probs"));
  it("KL between different exponential families", () => {
    let err: unknown = null;
    try {
      D.klDivergence(new D.Poisson(f32([1])), new D.Normal(0.0, 1.0));
    } catch (e) {
      err = e;
    }
    expect((err as Error).name).toBe("NotImplementedError");
    expect((err as Error).message).toBe(E.kl_missing.message);
  });
});

describe("sample validation in logProb", () => {
  it("event shape mismatch", () => expectPyError(() => new D.Dirichlet(f32([1, 1, 1])).logProb(f32([0.5, 0.5])), "shape_event"));
  it("Poisson non-integer value", () => expectPyError(() => new D.Poisson(f32([1])).logProb(f32([1.5])), "poisson_support"));
  it("outside the support (0-d value prints as a number)", () => expectPyError(() => new D.Uniform(0.0, 1.0).logProb(f32(1.5)), "support_uniform"));
  it("Categorical index out of range", () => expectPyError(() => new D.Categorical(f32([0.5, 0.5])).logProb(torch.tensor([0, 2])), "support_categorical"));
  it("Bernoulli non-boolean", () => expectPyError(() => new D.Bernoulli(f32([0.5, 0.5])).logProb(f32([0, 0.5])), "support_bernoulli"));
  it("batch shape not broadcastable", () => expectPyError(() => new D.Normal(torch.zeros(3), 1.0).logProb(torch.zeros(2)), "shape_batch"));
});

describe("validateArgs switches", () => {
  it("validateArgs: false skips the checks (positional and options forms)", () => {
    const d = new D.Normal(f32([0]), f32([-1]), false);
    expectEnc(d.logProb(f32([0.5])), fixture.no_validate.normal_scale_off, { rtol: 1e-6 }, "logProb");
    expect(() => new D.Normal({ loc: f32([0]), scale: f32([-1]), validateArgs: false })).not.toThrow();
    expect(() => new D.Uniform(0, 1, { validateArgs: false }).logProb(f32(1.5))).not.toThrow();
  });
  it("Distribution.setDefaultValidateArgs(false) turns validation off for new distributions", () => {
    D.Distribution.setDefaultValidateArgs(false);
    try {
      expect(() => new D.Normal(0, -1)).not.toThrow();
      expect(() => new D.Normal(0, -1, true)).toThrow(RangeError);
    } finally {
      D.Distribution.setDefaultValidateArgs(true);
    }
    expect(() => new D.Normal(0, -1)).toThrow(RangeError);
    expect(() => D.Distribution.setDefaultValidateArgs(1 as never)).toThrow(RangeError);
  });
  it("bad argument types and counts are TypeErrors", () => {
    expect(() => new D.Normal(0, 1, { foo: 1 } as never)).toThrow("Normal.__init__() got an unexpected keyword argument 'foo'");
    expect(() => new (D.Normal as never as new () => unknown)()).toThrow(new TypeError("Normal.__init__() missing 2 required positional arguments: 'loc' and 'scale'"));
    expect(() => new D.Normal({ loc: 0 })).toThrow(new TypeError("Normal.__init__() missing 1 required positional argument: 'scale'"));
    expect(() => new D.Independent({ baseDistribution: new D.Normal(0, 1) })).toThrow("missing 1 required positional argument: 'reinterpreted_batch_ndims'");
    expect(() => new (D.Normal as never as new (...a: unknown[]) => unknown)(0, 1, 2, 3)).toThrow(TypeError);
    expect(() => new D.Normal("a" as never, 1)).toThrow("Input arguments must all be instances of Number");
    expect(() => new D.Categorical([0.5, 0.5] as never)).toThrow(TypeError);
    expect(() => new D.Normal(0, 1).sample([-1])).toThrow(TypeError);
  });
});
