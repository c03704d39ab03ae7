// examples/backprop-by-hand.ts on a small budget: every hand-computed gradient
// equals autograd's (approximately), and the manual-gradient training lowers the loss.
import { describe, it, expect } from "vitest";
import { run } from "../../examples/backprop-by-hand";

describe("examples/backprop-by-hand.ts", () => {
  it("every manual gradient matches autograd, and training on them learns", () => {
    const { comparisons, losses } = run({ steps: 300, print: false });
    const names = comparisons.map((c) => c.name);
    for (const n of ["logprobs", "probs", "counts_sum_inv", "counts_sum", "counts", "norm_logits", "logit_maxes", "logits",
      "h", "W2", "b2", "hpreact", "bngain", "bnbias", "bnraw", "bnvar_inv", "bnvar", "bndiff2", "bndiff", "bnmeani",
      "hprebn", "embcat", "W1", "b1", "emb", "C", "logits (fused)", "hprebn (fused)"]) expect(names).toContain(n);
    for (const c of comparisons) {
      expect(c.approximate, `${c.name}: maxdiff ${c.maxdiff}`).toBe(true);
      expect(c.maxdiff).toBeLessThan(1e-5);
    }
    const first = losses.slice(0, 20).reduce((a, b) => a + b) / 20;
    const last = losses.slice(-20).reduce((a, b) => a + b) / 20;
    expect(first).toBeGreaterThan(3.0); // about ln(27) at the start
    expect(last).toBeLessThan(first - 0.5);
  });
});
