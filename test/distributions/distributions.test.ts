// Every distribution spec of test/fixtures/make_distributions.py, rebuilt in JS
// (positional arguments in Python's order, keyword arguments as one trailing
// options object) and compared with Python: repr, shapes, support, moments,
// entropy, logProb / cdf / icdf, enumerateSupport, samples after the same seed,
// rsample values and their gradients, expand.
// Float results are compared bit for bit where this CPU computes the fixtures'
// kernel fingerprint exactly (test/tolerance.ts sameKernelsAsFixtures; same op
// order as Python, same kernels), with a tolerance elsewhere (other CPUs' kernels
// differ in the last bits). DIST_EXACT=1 forces bit for bit.
import { describe, expect, it } from "vitest";
import torch, { Tensor, distributions } from "../../src";
import { Tolerance } from "../helpers";
import { sameKernelsAsFixtures } from "../tolerance";
import { build, encTensor, expectAttempt, expectEnc, fixture } from "./helpers";

const DISCRETE = new Set(["Bernoulli", "Binomial", "Categorical", "OneHotCategorical", "OneHotCategoricalStraightThrough", "Geometric", "Poisson", "Multinomial"]);
/** Float kernels (log, exp, lgamma, ...) differ in the last bits across CPUs; chains of them a little more. */
const EXACT = !!process.env.DIST_EXACT || sameKernelsAsFixtures();
const TOL: Tolerance = EXACT ? {} : { rtol: 2e-5, atol: 2e-6 };
const LOOSE: Tolerance = EXACT ? {} : { rtol: 1e-4, atol: 1e-5 };
/** samplers built of several kernels with cancellation (rejection, Bartlett, Cholesky-like onion steps) */
const LOOSE_IDS = new Set(["mvn_cov", "mvn_tril", "mvn_prec", "studentt", "studentt_df", "dirichlet", "beta", "beta_scalar", "gamma", "gamma_scalar", "chi2", "transformed_stick",
  "lkj", "lkj_default", "wishart_cov", "wishart_tril", "wishart_prec", "lowrank_mvn", "lowrank_mvn_rank2"]);

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function make(c: any): { d: distributions.Distribution; leaves: Tensor[] } {
  const leaves: Tensor[] = [];
  const args = c.args.map((a: unknown) => build(a, leaves));
  const kw = Object.entries(c.kwargs as Record<string, unknown>);
  const all = kw.length ? [...args, Object.fromEntries(kw.map(([k, v]) => [camel(k), build(v, leaves)]))] : args;
  const C = (distributions as unknown as Record<string, new (...a: unknown[]) => distributions.Distribution>)[c.cls];
  return { d: new C(...all), leaves };
}

for (const c of fixture.cases) {
  const tol = LOOSE_IDS.has(c.id) ? LOOSE : TOL;
  const sampleTol: Tolerance = DISCRETE.has(c.cls) ? {} : tol;
  describe(`${c.id}: ${c.cls}`, () => {
    it("repr, shapes, support, flags", () => {
      const { d } = make(c);
      expect(String(d)).toBe(c.repr);
      expect(d.batchShape).toEqual(c.batch_shape);
      expect(d.eventShape).toEqual(c.event_shape);
      expect(String(d.support)).toBe(c.support);
      expect(d.hasRsample).toBe(c.has_rsample);
      expect(d.hasEnumerateSupport).toBe(c.has_enumerate_support);
    });
    it("mean, mode, variance, stddev, entropy, perplexity", () => {
      const { d } = make(c);
      for (const p of ["mean", "mode", "variance", "stddev"]) expectAttempt(() => (d as unknown as Record<string, Tensor>)[p], c[p], tol, p);
      expectAttempt(() => d.entropy(), c.entropy, tol, "entropy");
      expectAttempt(() => d.perplexity(), c.perplexity, tol, "perplexity");
    });
    it("logProb, cdf, icdf", () => {
      const { d } = make(c);
      for (const lp of c.log_prob) expectAttempt(() => d.logProb(encTensor(lp.value)), lp.out, tol, "logProb");
      for (const lp of c.cdf) expectAttempt(() => d.cdf(encTensor(lp.value)), lp.out, tol, "cdf");
      for (const lp of c.icdf) expectAttempt(() => d.icdf(encTensor(lp.value)), lp.out, tol, "icdf");
    });
    if (c.enumerate_support)
      it("enumerateSupport", () => {
        const { d } = make(c);
        expectAttempt(() => d.enumerateSupport(), c.enumerate_support, {}, "enumerateSupport()");
        expectAttempt(() => d.enumerateSupport(false), c.enumerate_support_noexpand, {}, "enumerateSupport(false)");
      });
    it(`sample(${JSON.stringify(c.sample_shape)}) and sample() after manualSeed(${c.seed})`, () => {
      const { d } = make(c);
      torch.manualSeed(c.seed);
      const s = d.sample(c.sample_shape);
      expect(s.requiresGrad).toBe(false);
      expectEnc(s, c.sample, sampleTol, "sample");
      expectEnc(d.sample(), c.sample_default, sampleTol, "sample()");
    });
    if (c.rsample)
      it("rsample([3]) values and gradients of (x * x).sum()", () => {
        const { d, leaves } = make(c);
        torch.manualSeed(c.seed + 100);
        const x = d.rsample([3]);
        expectEnc(x, c.rsample, tol, "rsample");
        expect(leaves.length).toBe(c.rsample_grads.length);
        if (leaves.length) {
          x.mul(x).sum().backward();
          leaves.forEach((l, i) => expectEnc(l.grad, c.rsample_grads[i], LOOSE, `grad[${i}]`));
        }
      });
    if (c.expand)
      it(`expand(${JSON.stringify(c.expand.shape)})`, () => {
        const { d } = make(c);
        const e = d.expand(c.expand.shape);
        expect(e).toBeInstanceOf(d.constructor);
        expect(e.batchShape).toEqual(c.expand.batch_shape);
        expect(e.eventShape).toEqual(c.expand.event_shape);
        expect(String(e)).toBe(c.expand.repr);
        torch.manualSeed(c.seed + 200);
        expectEnc(e.sample([2]), c.expand.sample, sampleTol, "expanded sample");
        expectAttempt(() => e.logProb(encTensor(c.log_prob[0].value)), c.expand.log_prob, tol, "expanded logProb");
        expectAttempt(() => e.mean, c.expand.mean, tol, "expanded mean");
      });
  });
}
