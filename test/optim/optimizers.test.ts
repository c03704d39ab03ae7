// SGD / Adam / AdamW against Python: 20 steps from the same initial weights and
// data end at Python's parameters (float32, relative 1e-6 on the loss curve and
// weights), with Python's state_dict structure.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, optim } from "../../src";

type Enc = { shape: number[]; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "optim.json"), "utf8"));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-6, Math.abs(b));

const make: Record<string, (p: Iterable<nn.Parameter>) => optim.Optimizer> = {
  sgd: (p) => new optim.SGD(p, { lr: 0.1 }),
  sgd_momentum: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9 }),
  sgd_nesterov_wd: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
  sgd_dampening_max: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.5, dampening: 0.3, maximize: true }),
  adam: (p) => new optim.Adam(p, { lr: 0.01 }),
  adam_wd_amsgrad: (p) => new optim.Adam(p, { lr: 0.01, betas: [0.8, 0.99], weightDecay: 0.05, amsgrad: true }),
  adam_maximize: (p) => new optim.Adam(p, { lr: 0.02, maximize: true, eps: 1e-6 }),
  adamw: (p) => new optim.AdamW(p, { lr: 0.01 }),
  adamw_amsgrad: (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.1, amsgrad: true }),
  rmsprop: (p) => new optim.RMSprop(p, { lr: 0.01 }),
  rmsprop_centered_momentum: (p) => new optim.RMSprop(p, { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01 }),
  adagrad: (p) => new optim.Adagrad(p, { lr: 0.1 }),
  adagrad_decay: (p) => new optim.Adagrad(p, { lr: 0.1, lrDecay: 0.01, weightDecay: 0.01, initialAccumulatorValue: 0.1, maximize: true }),
};

describe("optimizers match Python step for step", () => {
  for (const [name, build] of Object.entries(make)) {
    it(name, () => {
      const ref = py[name];
      torch.manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 2));
      const opt = build(model.parameters());
      torch.manualSeed(1);
      const x = torch.randn(16, 4), y = torch.randn(16, 2);
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) {
        opt.zeroGrad();
        const loss = (model(x) as Tensor).sub(y).pow(2).mean();
        loss.backward();
        opt.step();
        losses.push(loss.item() as number);
      }
      losses.forEach((l, i) => expect(rel(l, ref.losses[i]), `loss ${i}`).toBeLessThan(1e-6));
      const sd = model.stateDict();
      for (const [k, e] of Object.entries(ref.params as Record<string, Enc>)) {
        const got = Array.from(sd[k].toTypedArray() as Float32Array);
        got.forEach((v, i) => expect(Math.abs(v - e.values[i]), `${k}[${i}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e.values[i]))));
      }
      const osd = opt.stateDict();
      expect(osd.param_groups).toEqual(ref.param_groups);
      expect(Object.fromEntries(Object.entries(osd.state).map(([k, v]) => [k, Object.keys(v).sort()]))).toEqual(ref.state_keys);
      if (ref.step0 !== null) expect((osd.state[0].step as Tensor).item()).toBe(ref.step0);
    });
  }

  it("loadStateDict resumes exactly where stateDict left off", () => {
    const run = (steps: number, resumeFrom?: ReturnType<optim.Optimizer["stateDict"]>, weights?: Record<string, Tensor>) => {
      torch.manualSeed(0);
      const model = new nn.Linear(3, 1);
      if (weights) model.loadStateDict(weights);
      const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
      if (resumeFrom) opt.loadStateDict(resumeFrom);
      const x = torch.ones(4, 3), y = torch.zeros(4, 1);
      for (let i = 0; i < steps; i++) {
        opt.zeroGrad();
        (model(x) as Tensor).sub(y).pow(2).mean().backward();
        opt.step();
      }
      return { model, opt };
    };
    const full = run(10);
    const half = run(5);
    const resumed = run(5, half.opt.stateDict(), half.model.stateDict());
    expect(resumed.model.weight.tolist()).toEqual(full.model.weight.tolist());
  });

  it("bad options throw Python's messages", () => {
    const p = [new nn.Parameter(torch.ones(2))];
    expect(() => new optim.SGD(p, { lr: -1 })).toThrow("Invalid learning rate: -1");
    expect(() => new optim.SGD(p, { lr: 0.1, nesterov: true })).toThrow("Nesterov momentum requires a momentum and zero dampening");
    expect(() => new optim.Adam(p, { betas: [1.5, 0.9] })).toThrow("Invalid beta parameter at index 0: 1.5");
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow("optimizer got an empty parameter list");
  });

  it("parameter groups with their own options", () => {
    const a = new nn.Parameter(torch.ones(2)), b = new nn.Parameter(torch.ones(2));
    const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    a.grad = torch.ones(2);
    b.grad = torch.ones(2);
    opt.step();
    expect(a.tolist()).toEqual([0.8999999761581421, 0.8999999761581421]);
    expect(b.tolist()).toEqual([0.5, 0.5]);
    expect(opt.stateDict().param_groups.map((g) => g.params)).toEqual([[0], [1]]);
  });

  it("named parameters (model.namedParameters()) record param_names as Python 2.13", () => {
    torch.manualSeed(0);
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU(), new nn.Linear(2, 1));
    // Python: torch.optim.SGD(m.named_parameters(), 0.1, momentum=0.9).state_dict()["param_groups"]
    const opt = new optim.SGD(m.namedParameters(), 0.1, { momentum: 0.9 });
    const [g] = opt.stateDict().param_groups;
    expect(Object.keys(g)).toEqual(["param_names", "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "fused", "params"]);
    expect(g.param_names).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(g.params).toEqual([0, 1, 2, 3]);
    expect(opt.paramGroups[0].params[0]).toBe((m as any)[0].weight);
    // groups of named parameters, each with its names; mixing with unnamed groups is Python's ValueError
    const m0 = (m as any)[0] as nn.Linear, m2 = (m as any)[2] as nn.Linear;
    const adam = new optim.Adam([{ params: m0.namedParameters() }, { params: m2.namedParameters(), lr: 0.01 }]);
    expect(adam.stateDict().param_groups.map((x) => [x.param_names, x.lr])).toEqual([[["weight", "bias"], 0.001], [["weight", "bias"], 0.01]]);
    expect(() => new optim.SGD([{ params: m0.namedParameters() }, { params: m2.parameters() }], 0.1)).toThrow(
      new RangeError("all optimizer param groups should be with/without names. cannot add param group without names to the optimizer"));
    expect(() => new optim.SGD([["w", m0.weight], m0.bias!], 0.1)).toThrow("all optimizer params should be with/without names. Some param names are missing");
    expect(() => new optim.SGD([{ params: new Set(m.parameters()) }], 0.1)).toThrow(TypeError);
  });
});

describe("the handles an update reads through .grad", () => {
  it("are released after step() (not left to the GC); the gradients and the user's own wrappers stay", () => {
    const reads: Tensor[] = [];
    const w = new nn.Parameter(torch.ones(3));
    // record the wrappers the update makes: a Proxy over the parameter is not needed, a getter spy is
    const desc = Object.getOwnPropertyDescriptor(Tensor.prototype, "grad")!;
    const mine = w.grad; // null: no grad yet
    expect(mine).toBe(null);
    w.sum().mul(2).backward();
    const before = w.grad!;
    for (const opt of [new optim.SGD([w], { lr: 0.1, momentum: 0.9 }), new optim.Adam([w], { lr: 0.1 })]) {
      Object.defineProperty(Tensor.prototype, "grad", { ...desc, get(this: Tensor) { const g = desc.get!.call(this); if (g) reads.push(g); return g; } });
      try {
        opt.step();
      } finally {
        Object.defineProperty(Tensor.prototype, "grad", desc);
      }
    }
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((g) => g.isDisposed)).toBe(true);
    // the gradient is still the parameter's, and a wrapper read before the step is untouched
    expect(before.isDisposed).toBe(false);
    expect(before.tolist()).toEqual([2, 2, 2]);
    expect(w.grad!.tolist()).toEqual([2, 2, 2]);
  });
});
