// More activations, losses and nn.utils against Python.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";

type Enc = { shape: number[]; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_more.json"), "utf8"));
const f32 = { dtype: torch.float32 };
const close = (t: Tensor, e: Enc) => {
  expect(t.shape).toEqual(e.shape);
  Array.from(t.detach().toTypedArray(), Number).forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(e.values[i]))));
};

const acts: Record<string, () => nn.Module> = {
  ELU: () => new nn.ELU(), ELU_a: () => new nn.ELU(0.5), SELU: () => new nn.SELU(), CELU: () => new nn.CELU(),
  SiLU: () => new nn.SiLU(), Mish: () => new nn.Mish(), Hardtanh: () => new nn.Hardtanh(), ReLU6: () => new nn.ReLU6(),
  Hardswish: () => new nn.Hardswish(), Hardsigmoid: () => new nn.Hardsigmoid(), Softplus: () => new nn.Softplus(),
  Softsign: () => new nn.Softsign(), Softmin: () => new nn.Softmin(1), GLU: () => new nn.GLU(), LogSigmoid: () => new nn.LogSigmoid(),
  Tanhshrink: () => new nn.Tanhshrink(), Threshold: () => new nn.Threshold(0.1, 20), PReLU: () => new nn.PReLU(),
  GELU: () => new nn.GELU(), GELU_tanh: () => new nn.GELU("tanh"), LeakyReLU: () => new nn.LeakyReLU(0.2),
};

describe("activations", () => {
  const x = torch.tensor([[-2, -0.5, 0, 0.5, 3, 8], [1, -1, 2.5, -3, 0.25, 21]], f32);
  for (const [name, make] of Object.entries(acts)) {
    it(name, () => {
      const m = make();
      expect(String(m)).toBe(py.acts[name].repr);
      close(m(x) as Tensor, py.acts[name].out);
    });
  }
});

describe("losses", () => {
  const inp = torch.tensor([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]], f32);
  const tgt = torch.tensor([[0, 1, 0], [1, 0, 1]], f32);
  const logp = torch.tensor([[1, 2, 0.5], [0.1, 0.2, 3]], f32).logSoftmax(1);
  it("NLL, BCE, SmoothL1, Huber, KLDiv", () => {
    const L = py.losses;
    expect((new nn.NLLLoss()(logp, torch.tensor([1, 2])) as Tensor).item()).toBeCloseTo(L.NLLLoss, 6);
    expect((new nn.BCELoss()(inp, tgt) as Tensor).item()).toBeCloseTo(L.BCELoss, 6);
    expect((new nn.SmoothL1Loss({ beta: 0.5 })(inp.mul(4), tgt) as Tensor).item()).toBeCloseTo(L.SmoothL1Loss, 6);
    expect((new nn.HuberLoss({ delta: 0.5 })(inp.mul(4), tgt) as Tensor).item()).toBeCloseTo(L.HuberLoss, 6);
    expect((new nn.KLDivLoss({ reduction: "batchmean" })(logp, inp) as Tensor).item()).toBeCloseTo(L.KLDivLoss, 6);
    expect((new nn.KLDivLoss({ reduction: "sum", logTarget: true })(logp, inp.log()) as Tensor).item()).toBeCloseTo(L.KLDivLoss_sum_log, 6);
    expect(() => new nn.MSELoss({ reduction: "avg" as never })).toThrow("avg is not a valid value for reduction");
  });
});

describe("nn.utils", () => {
  it("clipGradNorm_ returns Python's total norm and scales the gradients; parametersToVector", () => {
    torch.manualSeed(0);
    const m = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
    (m(torch.randn(5, 3)) as Tensor).pow(2).sum().backward();
    const total = nn.utils.clipGradNorm_(m.parameters(), 0.5);
    expect(total.item()).toBeCloseTo(py.clip_total, 5);
    [...m.parameters()].forEach((p, i) => close(p.grad!, py.clip_grads[i]));
    close(nn.utils.parametersToVector(m.parameters()), py.vec);
    const v = nn.utils.parametersToVector(m.parameters()).mul(0);
    nn.utils.vectorToParameters(v, m.parameters());
    expect([...m.parameters()].every((p) => p.abs().sum().item() === 0)).toBe(true);
  });
});
