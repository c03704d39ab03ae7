// torch.distributions as programs use it: the Python idioms ported line by line
// (positional arguments, sample([n]), attributes), a VAE's reparameterized Normal
// and a REINFORCE policy update, compared with Python.
import { describe, expect, it } from "vitest";
import torch, { distributions, Tensor } from "../../src";
import { f32 } from "../helpers";
import { expectEnc, fixture } from "./helpers";

describe("torch.distributions idioms", () => {
  it("is torch.distributions and the named export", () => {
    expect(torch.distributions).toBe(distributions);
    expect(torch.distributions.Normal).toBe(distributions.Normal);
    expect(typeof torch.distributions.kl.klDivergence).toBe("function");
  });
  it("every name of Python's torch.distributions.__all__ exists (camelCase)", () => {
    const camel = (n: string) => n.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const missing = (fixture.all as string[]).map(camel).filter((n) => !(n in distributions));
    expect(missing).toEqual([]);
  });
  it("distributions.utils: probsToLogits / logitsToProbs / clampProbs / broadcastAll / vecToTrilMatrix", () => {
    const U = distributions.utils;
    const p = f32([0.0, 0.5, 1.0]);
    expect(U.clampProbs(p).tolist()).toEqual([1.1920928955078125e-7, 0.5, 0.9999998807907104]);
    expect(U.logitsToProbs(U.probsToLogits(f32([0.25, 0.75]), true), true).sub(f32([0.25, 0.75])).abs().max().item()).toBeLessThan(1e-6);
    const [a, b] = U.broadcastAll(f32([1, 2, 3]), 2);
    expect(b.tolist()).toEqual([2, 2, 2]);
    expect(a.shape).toEqual([3]);
    const m = U.vecToTrilMatrix(f32([1, 2, 3]));
    expect(m.tolist()).toEqual([[1, 0], [2, 3]]);
    expect(U.trilMatrixToVec(m).tolist()).toEqual([1, 2, 3]);
  });
  it("new Normal(torch.zeros(3), 1): numbers broadcast like Python's broadcast_all", () => {
    const d = new distributions.Normal(torch.zeros(3), 1);
    expect(d.scale.shape).toEqual([3]);
    expect(d.scale.dtype).toBe(torch.float32);
    expect(d.batchShape).toEqual([3]);
    expect(d.eventShape).toEqual([]);
    torch.manualSeed(0);
    const s = d.sample([5]);
    expect(s.shape).toEqual([5, 3]);
    torch.manualSeed(0);
    expect(d.sample(5).tolist()).toEqual(s.tolist());
    expect(d.sample().shape).toEqual([3]);
    expect(String(d)).toBe("Normal(loc: torch.Size([3]), scale: torch.Size([3]))");
    const n = new distributions.Normal(0.0, 1.0);
    expect(n.batchShape).toEqual([]);
    expect(n.sample([2, 2]).shape).toEqual([2, 2]);
  });
  it("options form equals the positional form", () => {
    const a = new distributions.Normal({ loc: f32([0.5, 1]), scale: f32([1, 2]) });
    const b = new distributions.Normal(f32([0.5, 1]), { scale: f32([1, 2]) });
    const v = f32([0.1, 0.2]);
    expect(a.logProb(v).tolist()).toEqual(new distributions.Normal(f32([0.5, 1]), f32([1, 2])).logProb(v).tolist());
    expect(b.logProb(v).tolist()).toEqual(a.logProb(v).tolist());
    const c = new distributions.Categorical({ logits: f32([1, 2, 3]) });
    expect(c.probs.sum().item()).toBeCloseTo(1, 6);
    expect(new distributions.Bernoulli({ logits: 0 }).probs.item()).toBe(0.5);
  });
  it("sample / rsample / expand also take their argument in an options object", () => {
    const d = new distributions.Normal(f32([0, 1, 2]), 1);
    torch.manualSeed(3);
    const a = d.sample({ sampleShape: [2] });
    torch.manualSeed(3);
    expect(d.sample([2]).tolist()).toEqual(a.tolist());
    expect(d.rsample({ sampleShape: 4 }).shape).toEqual([4, 3]);
    const e = d.expand({ batchShape: [2, 3] });
    expect(e.batchShape).toEqual([2, 3]);
    expect(() => d.sample({ shape: [2] } as never)).toThrow("unexpected keyword argument 'shape'");
    expect(() => d.expand([-1] as never)).toThrow(TypeError);
  });
  it("lazy probs/logits: computed once, then the same tensor", () => {
    const c = new distributions.Categorical(f32([1, 1, 2]));
    expect(c.logits).toBe(c.logits);
    expect(String(c)).toBe("Categorical(probs: torch.Size([3]), logits: torch.Size([3]))");
  });
  it("stddev, perplexity, sampleN, enumerateSupport({ expand })", () => {
    const d = new distributions.Normal(f32([0]), f32([2]));
    expect(d.stddev.tolist()).toEqual([2]);
    expect(d.perplexity().item()).toBeCloseTo(Math.exp(0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(2)), 5);
    const b = new distributions.Bernoulli(f32([0.3, 0.6]));
    expect(b.sampleN(4).shape).toEqual([4, 2]);
    expect(b.enumerateSupport({ expand: false }).shape).toEqual([2, 1]);
    expect(() => d.enumerateSupport()).toThrow();
    expect(() => new distributions.Gamma(1, 1).mode.item()).not.toThrow();
  });
  it("VAE: z = Normal(mu, exp(logSigma)).rsample(); loss = z² + KL(q || N(0, 1)); backward", () => {
    torch.manualSeed(0);
    const mu = f32([0.5, -0.3, 1.2]).requiresGrad_();
    const logSigma = f32([0.1, -0.2, 0.3]).requiresGrad_();
    const q = new distributions.Normal(mu, logSigma.exp());
    const z = q.rsample();
    const prior = new distributions.Normal(torch.zeros(3), torch.ones(3));
    const loss = z.pow(2).sum().add(distributions.klDivergence(new distributions.Normal(mu, logSigma.exp()), prior).sum());
    loss.backward();
    const v = fixture.vae;
    expectEnc(z, v.z, { rtol: 1e-5, atol: 1e-6 }, "z");
    expect(loss.item()).toBeCloseTo(v.loss, 5);
    expectEnc(mu.grad, v.mu_grad, { rtol: 1e-5, atol: 1e-6 }, "mu.grad");
    expectEnc(logSigma.grad, v.log_sigma_grad, { rtol: 1e-5, atol: 1e-6 }, "logSigma.grad");
  });
  it("REINFORCE: Categorical(logits) policy, -(logProb(a) * R).mean() - 0.01 * entropy", () => {
    torch.manualSeed(1);
    const logits = f32([[0.1, 0.5, -0.2], [1.0, 0.0, 0.3]]).requiresGrad_();
    const pol = new distributions.Categorical({ logits });
    const act = pol.sample();
    const ret = f32([1.5, -0.5]);
    const loss = pol.logProb(act).mul(ret).mean().neg().sub(pol.entropy().mean().mul(0.01));
    loss.backward();
    const r = fixture.reinforce;
    expectEnc(act, r.actions, {}, "actions");
    expect(loss.item()).toBeCloseTo(r.loss, 5);
    expectEnc(logits.grad, r.logits_grad, { rtol: 1e-5, atol: 1e-6 }, "logits.grad");
  });
  it("sample() records no graph; rsample() does", () => {
    const loc = f32([0, 1]).requiresGrad_();
    const d = new distributions.Normal(loc, 1);
    expect(d.sample().requiresGrad).toBe(false);
    expect(d.rsample().requiresGrad).toBe(true);
    expect(d.hasRsample).toBe(true);
    expect(new distributions.Categorical(f32([0.5, 0.5])).hasRsample).toBe(false);
    expect(() => new distributions.Categorical(f32([0.5, 0.5])).rsample()).toThrow();
  });
  it("subclassing Distribution", () => {
    class Coin extends distributions.Distribution {
      constructor() {
        super([], []);
      }
      get argConstraints() {
        return {};
      }
      sample(): Tensor {
        return torch.tensor(1.0);
      }
    }
    const c = new Coin();
    expect(c.sample().item()).toBe(1);
    expect(String(c)).toBe("Coin()");
    expect(() => c.entropy()).toThrow();
  });
});
