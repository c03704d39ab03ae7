// examples/char-transformer.ts for 8 steps against the same program in Python
// (test/fixtures/make_char_transformer.py): the random windows, the init, dropout
// inside the encoder layers, the causal mask, AdamW, then names drawn by
// torch.multinomial in eval mode.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { nn } from "torch-node";
import { run, CharTransformer } from "../../examples/char-transformer";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "char_transformer.json"), "utf8"));

const close = (a: number, b: number, rel: number, abs: number, what = "") =>
  expect(Math.abs(a - b), `${what} ${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

describe("examples/char-transformer.ts", () => {
  it("trains and samples as the same program in Python", () => {
    const r = run({ steps: 8, samples: 5, outDir: "", print: false });
    expect(r.repr).toBe(py.short.repr);
    expect(r.numParams).toBe(py.short.num_params);
    close(r.losses[0], py.short.losses[0], 1e-5, 1e-6, "first loss");
    r.losses.forEach((l, i) => close(l, py.short.losses[i], 1e-4, 1e-5, `loss ${i}`));
    expect(r.losses[7]).toBeLessThan(r.losses[0] - 0.3); // from ln(26) = 3.26 down
    close(r.evalLoss, py.short.eval_loss, 1e-4, 1e-5, "validation loss");
    // multinomial's draws follow the probabilities: the same names as Python
    expect(r.names).toEqual(py.short.names);
  });

  it("the causal mask: a position's logits do not depend on later characters", () => {
    torch.manualSeed(0);
    const m = new CharTransformer(27, 8, 16, 2, 1, 0.0);
    m.eval();
    const a = torch.tensor([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const b = torch.tensor([[1, 2, 3, 4, 9, 9, 9, 9]]);
    const [la, lb] = torch.noGrad(() => [m(a), m(b)]);
    expect(torch.allclose(la.index(":", ":4"), lb.index(":", ":4"), 1e-5, 1e-6)).toBe(true);
    expect(torch.allclose(la.index(":", "4:"), lb.index(":", "4:"))).toBe(false);
    expect(nn.Transformer.generateSquareSubsequentMask(3).tolist()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
  });
});
