// examples/distributions.ts (REINFORCE with a Categorical policy, a VAE with a
// reparameterized Normal) trains exactly as the same program in Python
// (test/fixtures/make_distributions.py, example()).
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { run } from "../../examples/distributions";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "distributions.json"), "utf8")).example;

describe("examples/distributions.ts", () => {
  it("REINFORCE and VAE losses equal Python's", () => {
    const r = run(false);
    r.pgLoss.forEach((l, i) => expect(l).toBeCloseTo(py.pg_loss[i], 4));
    r.finalProbs.forEach((p, i) => expect(p).toBeCloseTo(py.final_probs[i], 4));
    r.vaeLoss.forEach((l, i) => expect(l).toBeCloseTo(py.vae_loss[i], 4));
  });
});
