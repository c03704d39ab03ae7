// klDivergence against Python for the registered pairs (same-family and the
// common cross pairs), the registry's dispatch and registerKl.
import { describe, expect, it, vi } from "vitest";
import torch, { distributions } from "../../src";
import { build, expectAttempt, fixture } from "./helpers";
import { sameKernelsAsFixtures } from "../tolerance";

const { klDivergence, registerKl, Normal, Distribution } = distributions;

describe("klDivergence(p, q) against Python", () => {
  for (const pair of fixture.kl.pairs) {
    it(`KL(${pair.p} || ${pair.q})`, () => {
      const p = build(fixture.kl.dists[pair.p]) as distributions.Distribution;
      const q = build(fixture.kl.dists[pair.q]) as distributions.Distribution;
      expectAttempt(() => klDivergence(p, q), pair.out, (process.env.DIST_EXACT || sameKernelsAsFixtures()) ? {} : { rtol: 1e-4, atol: 1e-5 }, `KL(${pair.p}||${pair.q})`);
    });
  }
});

describe("registry", () => {
  it("kl.klDivergence is the same function; a missing pair throws NotImplementedError", () => {
    expect(distributions.kl.klDivergence).toBe(klDivergence);
    const e = (() => {
      try {
        klDivergence(new distributions.Categorical(torch.tensor([0.5, 0.5])), new Normal(0, 1));
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(e?.name).toBe("NotImplementedError");
    expect(e?.message).toBe("No KL(p || q) is implemented for p type Categorical and q type Normal");
  });
  it("a subclass uses its parent's registration until a more specific one is registered", () => {
    class MyNormal extends Normal {}
    const p = new MyNormal(torch.zeros(2), 1);
    const q = new Normal(torch.ones(2), 2);
    const base = klDivergence(new Normal(torch.zeros(2), 1), q);
    expect(klDivergence(p, q).tolist()).toEqual(base.tolist());
    registerKl(MyNormal, Normal)(() => torch.full([2], 7));
    expect(klDivergence(p, q).tolist()).toEqual([7, 7]);
    // Normal vs Normal still uses the library's function
    expect(klDivergence(new Normal(torch.zeros(2), 1), q).tolist()).toEqual(base.tolist());
  });
  it("an ambiguous match warns and takes the left-most most specific pair, as Python", () => {
    class A extends Normal {}
    class B extends Normal {}
    registerKl(A, Normal)(() => torch.tensor(1.0));
    registerKl(Normal, B)(() => torch.tensor(2.0));
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      expect(klDivergence(new A(0, 1), new B(0, 1)).item()).toBe(1);
      expect(spy).toHaveBeenCalledWith("Ambiguous kl_divergence(A, B). Please register_kl(A, B)", "RuntimeWarning");
    } finally {
      spy.mockRestore();
    }
  });
  it("registerKl checks its arguments", () => {
    expect(() => registerKl(Object as never, Normal)).toThrow(TypeError);
    expect(typeof Distribution).toBe("function");
  });
});
