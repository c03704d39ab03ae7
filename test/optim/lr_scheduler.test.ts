// optim.lrScheduler: each scheduler's learning-rate sequence over 100 steps equals Python's.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { nn, optim } from "../../src";

const py: Record<string, number[]> = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "lr_scheduler.json"), "utf8"));
const S = optim.lrScheduler;
const cases: Record<string, (o: optim.Optimizer) => optim.lrScheduler.LRScheduler> = {
  step: (o) => new S.StepLR(o, { stepSize: 7, gamma: 0.5 }),
  multistep: (o) => new S.MultiStepLR(o, { milestones: [10, 30, 30, 60], gamma: 0.3 }),
  constant: (o) => new S.ConstantLR(o, { factor: 0.25, totalIters: 8 }),
  linear: (o) => new S.LinearLR(o, { startFactor: 0.1, endFactor: 0.9, totalIters: 40 }),
  exponential: (o) => new S.ExponentialLR(o, { gamma: 0.97 }),
  polynomial: (o) => new S.PolynomialLR(o, { totalIters: 60, power: 2.0 }),
  cosine: (o) => new S.CosineAnnealingLR(o, { TMax: 25, etaMin: 0.001 }),
  lambda: (o) => new S.LambdaLR(o, (e) => 1.0 / (1 + e)),
  multiplicative: (o) => new S.MultiplicativeLR(o, () => 0.95),
};

describe("learning-rate schedulers", () => {
  for (const [name, make] of Object.entries(cases)) {
    it(`${name}: 100 steps equal Python's sequence`, () => {
      const opt = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
      const sched = make(opt);
      const lrs = [sched.getLastLr()[0]];
      for (let i = 0; i < 100; i++) {
        opt.step();
        sched.step();
        lrs.push(sched.getLastLr()[0]);
      }
      // exact except where Math.cos and C's cos may differ in the last bit
      lrs.forEach((v, i) => expect(Math.abs(v - py[name][i]), `${name}[${i}]`).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(py[name][i]))));
      if (name !== "cosine") expect(lrs).toEqual(py[name]);
    });
  }

  it("stepping the scheduler before the optimizer warns as Python does", () => {
    const opt = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
    const sched = new S.StepLR(opt, { stepSize: 2 });
    const warnings: string[] = [];
    const on = (w: Error) => warnings.push(w.message);
    process.on("warning", on);
    sched.step();
    return new Promise<void>((resolve) => setImmediate(() => {
      process.off("warning", on);
      expect(warnings.some((w) => w.includes("Detected call of `lr_scheduler.step()` before `optimizer.step()`"))).toBe(true);
      resolve();
    }));
  });

  it("ReduceLROnPlateau follows Python's decisions (min/rel with cooldown, max/abs with minLr)", () => {
    const metrics = py.plateau_metrics;
    const run = (opts: ConstructorParameters<typeof S.ReduceLROnPlateau>[1], sign: number) => {
      const opt = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
      const sched = new S.ReduceLROnPlateau(opt, opts);
      return metrics.map((m) => {
        opt.step();
        sched.step(sign * m);
        return sched.getLastLr()[0];
      });
    };
    expect(run({ patience: 3, factor: 0.5, cooldown: 2 }, 1)).toEqual(py.plateau_min);
    expect(run({ mode: "max", thresholdMode: "abs", threshold: 0.01, patience: 2, minLr: 0.01 }, -1)).toEqual(py.plateau_max_abs);
    expect(() => new S.ReduceLROnPlateau(new optim.SGD([new nn.Parameter(torch.zeros(1))]), { factor: 1 })).toThrow("Factor should be < 1.0.");
  });
});
