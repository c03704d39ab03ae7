// optim.lrScheduler: each scheduler's learning-rate sequence over 100 steps equals Python's.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { nn, optim } from "../../src";

const fx = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "lr_scheduler.json"), "utf8"));
const py = fx as Record<string, number[]>;
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

// ---------------------------------------------------------------- issue #6: the other schedulers

type Opt = optim.Optimizer;
type Sched = optim.lrScheduler.LRScheduler;
type Seq = { lr: number[][]; mom: (number | null)[][]; last_epoch: (number | null)[] };
const seqs = fx.seq as Record<string, Seq>;

function sgd(groups = 1): Opt {
  const ps = Array.from({ length: groups }, () => new nn.Parameter(torch.zeros(1)));
  if (groups === 1) return new optim.SGD(ps, { lr: 0.1, momentum: 0.9 });
  return new optim.SGD([{ params: [ps[0]] }, { params: [ps[1]], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
}
function adam(groups = 1): Opt {
  const ps = Array.from({ length: groups }, () => new nn.Parameter(torch.zeros(1)));
  if (groups === 1) return new optim.Adam(ps, { lr: 0.1 });
  return new optim.Adam([{ params: [ps[0]] }, { params: [ps[1]], lr: 0.05 }], { lr: 0.1 });
}
const moms = (o: Opt) => o.paramGroups.map((g) => ("betas" in g ? (g.betas as number[])[0] : (g.momentum as number)));
function record(o: Opt, s: Sched, epochs: (number | null)[] | null = null, steps = 100): Seq {
  const lr = [s.getLastLr()], mom: (number | null)[][] = [moms(o)], ep = [s.lastEpoch ?? null];
  for (let i = 0; i < steps; i++) {
    o.step();
    const e = epochs?.[i];
    if (e === undefined || e === null) s.step();
    else s.step(e);
    lr.push(s.getLastLr());
    mom.push(moms(o));
    ep.push(s.lastEpoch ?? null);
  }
  return { lr, mom, last_epoch: ep };
}
/** Equal to Python's value, exactly where `exact`, else to a few ulps (V8's Math.cos / ** against C's cos / pow). */
function expectClose(got: unknown, want: unknown, where: string, rtol = 2e-15): void {
  if (typeof want === "number") {
    expect(typeof got, where).toBe("number");
    const g = got as number;
    if (rtol === 0 || !Number.isFinite(want)) expect(g, where).toBe(want);
    else expect(Math.abs(g - want), `${where}: ${g} vs ${want}`).toBeLessThanOrEqual(rtol * Math.max(Math.abs(want), 1e-300));
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), where).toBe(true);
    expect((got as unknown[]).length, where).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, `${where}[${i}]`, rtol));
  } else if (want !== null && typeof want === "object") {
    expect(Object.keys(got as object).sort(), where).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want)) expectClose((got as Record<string, unknown>)[k], w, `${where}.${k}`, rtol);
  } else expect(got, where).toEqual(want);
}
/** Python's state_dict from JSON: "inf" / "-inf" back to numbers. */
function fromJson(v: unknown): unknown {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (Array.isArray(v)) return v.map(fromJson);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  return v;
}

type Case = [() => Opt, (o: Opt) => Sched, (number | null)[] | null, number];
const frac: number[] = [];
for (let e = 0; e < 20; e++) for (let i = 0; i < 5; i++) frac.push(e + i / 5);
const interleaved: (number | null)[] = [...Array(20).fill(null), 26, ...Array(30).fill(null), 3.5, ...Array(48).fill(null)];
// rtol 0: the same float operations as Python, so the same bits; otherwise cos / pow may differ in the last bits
const newCases: Record<string, Case> = {
  cawr: [sgd, (o) => new S.CosineAnnealingWarmRestarts(o, { T0: 10 }), null, 2e-15],
  cawr_mult: [() => sgd(2), (o) => new S.CosineAnnealingWarmRestarts(o, 3, { TMult: 2, etaMin: 0.001 }), null, 2e-15],
  cawr_frac: [sgd, (o) => new S.CosineAnnealingWarmRestarts(o, { T0: 3, TMult: 2, etaMin: 0.01 }), frac, 2e-15],
  cawr_frac_mult1: [sgd, (o) => new S.CosineAnnealingWarmRestarts(o, { T0: 4, etaMin: 0.01 }), frac, 2e-15],
  cawr_interleaved: [sgd, (o) => new S.CosineAnnealingWarmRestarts(o, { T0: 5, TMult: 3 }), interleaved, 2e-15],
  cyclic: [sgd, (o) => new S.CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 }), null, 0],
  cyclic_tri2: [() => sgd(2), (o) => new S.CyclicLR(o, [0.01, 0.02], [0.1, 0.2], { stepSizeUp: 7, stepSizeDown: 13, mode: "triangular2",
    baseMomentum: [0.8, 0.7], maxMomentum: 0.95 }), null, 0],
  cyclic_exp_adam: [adam, (o) => new S.CyclicLR(o, 0.001, 0.01, 6, { mode: "exp_range", gamma: 0.97 }), null, 2e-15],
  cyclic_custom: [sgd, (o) => new S.CyclicLR(o, 0.01, 0.1, 8, { scaleFn: (x) => 1.0 / (1 + 0.1 * x), scaleMode: "iterations" }), null, 0],
  cyclic_custom_cycle: [sgd, (o) => new S.CyclicLR(o, 0.01, 0.1, 5, 3, { mode: "nonsense" as never, scaleFn: (x) => 1.0 / x }), null, 0],
  cyclic_after_steplr: [sgd, (o) => (new S.StepLR(o, 5), new S.CyclicLR(o, 0.01, 0.1, 10)), null, 0],
  cyclic_nomom: [() => adam(2), (o) => new S.CyclicLR(o, 0.01, 0.1, 4, { cycleMomentum: false }), null, 0],
  onecycle: [sgd, (o) => new S.OneCycleLR(o, { maxLr: 0.1, totalSteps: 100 }), null, 2e-15],
  onecycle_linear3: [sgd, (o) => new S.OneCycleLR(o, 0.1, { epochs: 10, stepsPerEpoch: 10, pctStart: 0.25, annealStrategy: "linear",
    divFactor: 10.0, finalDivFactor: 100.0, threePhase: true }), null, 0],
  onecycle_adam: [() => adam(2), (o) => new S.OneCycleLR(o, [0.1, 0.05], { totalSteps: 120, baseMomentum: 0.8, maxMomentum: [0.9, 0.95] }), null, 2e-15],
  onecycle_cos3_nomom: [sgd, (o) => new S.OneCycleLR(o, 0.2, 100, { pctStart: 0.4, cycleMomentum: false, threePhase: true }), null, 2e-15],
  sequential: [sgd, (o) => new S.SequentialLR(o, [new S.ConstantLR(o, { factor: 0.1, totalIters: 20 }), new S.ExponentialLR(o, { gamma: 0.9 })],
    { milestones: [20] }), null, 0],
  sequential3: [() => sgd(2), (o) => new S.SequentialLR(o, { schedulers: [new S.LinearLR(o, { startFactor: 0.1, totalIters: 10 }), new S.StepLR(o, 7, 0.5),
    new S.CosineAnnealingLR(o, { TMax: 30, etaMin: 0.001 })], milestones: [10, 40] }), null, 2e-15],
  sequential_nested: [sgd, (o) => new S.SequentialLR(o, [new S.ChainedScheduler([new S.ConstantLR(o, 0.5, 10), new S.ExponentialLR(o, 0.95),
    new S.MultiStepLR(o, [20, 25])]), new S.CosineAnnealingLR(o, { TMax: 50 })], [30]), null, 2e-15],
  sequential_lambda_cawr: [sgd, (o) => new S.SequentialLR(o, [new S.LambdaLR(o, (e) => (e + 1) / 10), new S.CosineAnnealingWarmRestarts(o, 15, 2)], [10]), null, 2e-15],
  chained: [sgd, (o) => new S.ChainedScheduler([new S.ConstantLR(o, { factor: 0.1, totalIters: 20 }), new S.ExponentialLR(o, { gamma: 0.9 })]), null, 0],
  chained_opt: [() => sgd(2), (o) => new S.ChainedScheduler([new S.LinearLR(o, 0.5, { totalIters: 30 }), new S.StepLR(o, 10, 0.7),
    new S.MultiplicativeLR(o, () => 0.99)], { optimizer: o }), null, 0],
};
const closedEpochs = [1, 2, 5, 5, 10, 3, 20, 0, 50, 60, 7, 100, ...Array.from({ length: 88 }, (_, i) => 30 + i)];
const closedCases: Record<string, [(o: Opt) => Sched, number]> = {
  closed_step: [(o) => new S.StepLR(o, 7, 0.5), 0],
  closed_multistep: [(o) => new S.MultiStepLR(o, [10, 30, 30, 60], 0.3), 0],
  closed_constant: [(o) => new S.ConstantLR(o, 0.25, 8), 0],
  closed_linear: [(o) => new S.LinearLR(o, 0.1, 0.9, 40), 0],
  closed_exponential: [(o) => new S.ExponentialLR(o, 0.97), 2e-15],
  closed_polynomial: [(o) => new S.PolynomialLR(o, 60, 2.0), 2e-15],
  closed_cosine: [(o) => new S.CosineAnnealingLR(o, 25, 0.001), 2e-15],
  closed_lambda: [(o) => new S.LambdaLR(o, (e) => 1.0 / (1 + e)), 0],
  closed_cyclic: [(o) => new S.CyclicLR(o, 0.01, 0.1, 10), 0],
};

describe("CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR, SequentialLR, ChainedScheduler", () => {
  for (const [name, [mkOpt, mk, epochs, rtol]] of Object.entries(newCases)) {
    it(`${name}: lr${name.startsWith("cyclic") || name.startsWith("onecycle") ? " and momentum" : ""} over 100 steps equal Python's`, () => {
      const o = mkOpt();
      const got = record(o, mk(o), epochs);
      expectClose(got.lr, seqs[name].lr, `${name}.lr`, rtol);
      expectClose(got.mom, seqs[name].mom, `${name}.mom`, rtol);
      expect(got.last_epoch, `${name}.last_epoch`).toEqual(seqs[name].last_epoch);
    });
  }
  it("step(epoch) uses Python's closed forms (and get_lr where there is none)", () => {
    for (const [name, [mk, rtol]] of Object.entries(closedCases)) {
      const o = sgd();
      const got = record(o, mk(o), closedEpochs);
      expectClose(got.lr, seqs[name].lr, name, rtol);
      expect(got.last_epoch, name).toEqual(seqs[name].last_epoch);
    }
  });

  it("positional arguments and one options object (with or without the optimizer) are the same call", () => {
    const runs = [
      (o: Opt) => new S.CyclicLR(o, 0.01, 0.1, 10),
      (o: Opt) => new S.CyclicLR({ optimizer: o, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 }),
      (o: Opt) => new S.CyclicLR(o, 0.01, { maxLr: 0.1, stepSizeUp: 10 }),
    ];
    for (const mk of runs) {
      const o = sgd();
      expect(record(o, mk(o)).lr).toEqual(seqs.cyclic.lr);
    }
    const o = sgd();
    expect(record(o, new S.StepLR({ optimizer: o, stepSize: 7, gamma: 0.5 })).lr.map((l) => l[0])).toEqual(py.step);
    expect(() => new S.StepLR(sgd(), { stepSize: 3, stepsize: 4 } as never)).toThrow("StepLR.__init__() got an unexpected keyword argument 'stepsize'");
    expect(() => new S.StepLR(sgd(), 3, { stepSize: 4 })).toThrow("StepLR.__init__() got multiple values for argument 'step_size'");
  });

  it("CyclicLR / OneCycleLR set Python's extra group keys (initial_lr, max_lr, min_lr, max_momentum, base_momentum, betas)", () => {
    const o = adam(2);
    new S.OneCycleLR(o, [0.1, 0.05], { totalSteps: 120, baseMomentum: 0.8, maxMomentum: [0.9, 0.95] });
    expect(o.paramGroups.map(({ params: _p, ...g }) => [g.initial_lr, g.max_lr, g.min_lr, g.max_momentum, g.base_momentum, g.betas]))
      .toEqual([[0.1 / 25, 0.1, 0.1 / 25 / 1e4, 0.9, 0.8, [0.9, 0.999]], [0.05 / 25, 0.05, 0.05 / 25 / 1e4, 0.95, 0.8, [0.95, 0.999]]]);
  });

  it("OneCycleLR throws Python's error when stepped past totalSteps", () => {
    const o = sgd();
    const s = new S.OneCycleLR(o, 0.1, 10);
    for (let i = 0; i < 10; i++) s.step();
    expect(() => s.step()).toThrow(new RangeError("Tried to step 11 times. The specified number of total steps is 10"));
    expect(s.lastEpoch).toBe(11);
  });
});

describe("stateDict / loadStateDict", () => {
  const states = fx.states as Record<string, { state: Record<string, unknown>; after?: number[][] }>;
  const extra: Record<string, Case> = {
    plateau: [() => sgd(2), (o) => new S.ReduceLROnPlateau(o, { mode: "max", minLr: [0.01, 0.02], patience: 2 }), null, 0],
    step: [() => sgd(2), (o) => new S.StepLR(o, 7, 0.5), null, 0],
    multistep: [() => sgd(2), (o) => new S.MultiStepLR(o, [10, 30, 30]), null, 0],
    lambda: [() => sgd(2), (o) => new S.LambdaLR(o, () => 0.5), null, 0],
  };
  for (const [name, { state, after }] of Object.entries(states)) {
    const [mkOpt, mk, , rtol] = newCases[name] ?? extra[name];
    const want = fromJson(state) as Record<string, unknown>;
    it(`${name}: stateDict has Python's keys and values; loading Python's state continues as Python`, () => {
      const o = mkOpt();
      const s = mk(o);
      const n = after ? 37 : 5;
      for (let i = 0; i < n; i++) {
        o.step();
        if (s instanceof S.ReduceLROnPlateau) s.step(1.0 / (i + 1));
        else s.step();
      }
      const sd = s.stateDict();
      // Python's Counter is a Map (int keys under torch.save); JSON made its keys strings
      const plain = (d: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(d).map(([k, v]) =>
        [k, v instanceof Map ? Object.fromEntries(v) : k === "_schedulers" ? (v as Record<string, unknown>[]).map(plain) : v]));
      expectClose(plain(sd), want, `${name}.state_dict`, rtol);
      if (!after) {
        // round trip into a fresh scheduler: the same state back
        const s2 = mk(mkOpt());
        s2.loadStateDict(sd);
        expect(s2.stateDict()).toEqual(sd);
        return;
      }
      // a fresh scheduler loads Python's state dict (and the optimizer's lrs), then steps as Python's did
      const o2 = mkOpt();
      const s2 = mk(o2);
      s2.loadStateDict(want);
      o2.paramGroups.forEach((g, i) => (g.lr = (want._last_lr as number[])[i]));
      const got: number[][] = [];
      for (let i = 0; i < 30; i++) {
        o2.step();
        s2.step();
        got.push(s2.getLastLr());
      }
      expectClose(got, after, `${name}.after`, rtol);
      // and a TS round trip continues exactly as the original
      const s3 = mk(o2);
      s3.loadStateDict(s2.stateDict());
      const o3 = o2;
      for (let i = 0; i < 5; i++) {
        o3.step();
        const before = o3.paramGroups.map((g) => g.lr);
        s2.step();
        const a = s2.getLastLr();
        o3.paramGroups.forEach((g, j) => (g.lr = before[j]));
        s3.step();
        expect(s3.getLastLr()).toEqual(a);
      }
    });
  }
  it("a subclass of LRScheduler: its own fields are saved in snake_case, as Python saves its __dict__", () => {
    class Warmup extends S.LRScheduler {
      warmupSteps: number;
      constructor(o: Opt, warmupSteps: number) {
        super(o);
        this.warmupSteps = warmupSteps;
        this.initialStep();
      }
      getLr(): number[] {
        return this.baseLrs.map((b) => b * Math.min(1, (this.lastEpoch + 1) / this.warmupSteps));
      }
    }
    const o = sgd();
    const s = new Warmup(o, 4);
    o.step();
    s.step();
    expect(s.getLastLr()).toEqual([0.05]);
    const sd = s.stateDict();
    expect(sd).toEqual({ warmup_steps: 4, base_lrs: [0.1], last_epoch: 1, _step_count: 2, _is_initial: false,
      _get_lr_called_within_step: false, _last_lr: [0.05] });
    const s2 = new Warmup(sgd(), 10);
    s2.loadStateDict(sd);
    expect([s2.warmupSteps, s2.lastEpoch, s2.getLastLr()]).toEqual([4, 1, [0.05]]);
  });
  it("stateDict is a copy: changing it does not change the scheduler", () => {
    const s = new S.CyclicLR(sgd(), 0.01, 0.1, 10);
    const sd = s.stateDict();
    (sd.max_lrs as number[])[0] = 5;
    expect(s.maxLrs).toEqual([0.1]);
    expect(sd._scale_fn_custom).toBe(null);
  });
});

describe("errors with Python's messages", () => {
  const errors = fx.errors as Record<string, [string, string]>;
  const ada = () => new optim.Adagrad([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
  const o1 = sgd(), o2 = sgd();
  const CAWR = S.CosineAnnealingWarmRestarts;
  const thunks: Record<string, () => unknown> = {
    cawr_T0: () => new CAWR(sgd(), { T0: 0 }),
    cawr_T0_float: () => new CAWR(sgd(), { T0: 2.5 }),
    cawr_Tmult: () => new CAWR(sgd(), { T0: 3, TMult: 0 }),
    cawr_neg_epoch: () => new CAWR(sgd(), 3).step(-1),
    cyclic_mode: () => new S.CyclicLR(sgd(), 0.01, 0.1, { mode: "foo" as never }),
    cyclic_no_momentum: () => new S.CyclicLR(ada(), 0.01, 0.1),
    cyclic_base_lr_len: () => new S.CyclicLR(sgd(), [0.01, 0.02], 0.1),
    cyclic_max_momentum_len: () => new S.CyclicLR(sgd(2), 0.01, 0.1, { maxMomentum: [0.9, 0.9, 0.9] }),
    onecycle_no_total: () => new S.OneCycleLR(sgd(), 0.1),
    onecycle_total: () => new S.OneCycleLR(sgd(), 0.1, { totalSteps: 0 }),
    onecycle_epochs: () => new S.OneCycleLR(sgd(), 0.1, { epochs: 0, stepsPerEpoch: 10 }),
    onecycle_spe: () => new S.OneCycleLR(sgd(), 0.1, { epochs: 3, stepsPerEpoch: -1 }),
    onecycle_pct: () => new S.OneCycleLR(sgd(), 0.1, 10, { pctStart: 1.5 }),
    onecycle_anneal: () => new S.OneCycleLR(sgd(), 0.1, 10, { annealStrategy: "exp" as never }),
    onecycle_no_momentum: () => new S.OneCycleLR(ada(), 0.1, 10),
    onecycle_max_lr_len: () => new S.OneCycleLR(sgd(), [0.1, 0.2], 10),
    onecycle_past_total: () => {
      const o = sgd();
      const s = new S.OneCycleLR(o, 0.1, { totalSteps: 10 });
      for (let i = 0; i < 11; i++) {
        o.step();
        s.step();
      }
    },
    sequential_empty: () => new S.SequentialLR(o1, [], []),
    sequential_milestones: () => new S.SequentialLR(o1, [new S.StepLR(o1, 3), new S.StepLR(o1, 4)], [1, 2]),
    sequential_other_opt: () => new S.SequentialLR(o1, [new S.StepLR(o1, 3), new S.StepLR(o2, 4)], [5]),
    sequential_plateau: () => new S.SequentialLR(o1, [new S.StepLR(o1, 3), new S.ReduceLROnPlateau(o1)], [5]),
    chained_empty: () => new S.ChainedScheduler([]),
    chained_other_opt: () => new S.ChainedScheduler([new S.StepLR(o1, 3), new S.StepLR(o2, 4)]),
    lambda_len: () => new S.LambdaLR(sgd(), [() => 1.0, () => 1.0]),
    multiplicative_callable: () => new S.MultiplicativeLR(sgd(), 3 as never),
    resume_no_initial_lr: () => new S.StepLR(sgd(), 3, { lastEpoch: 5 }),
    plateau_min_lrs: () => new S.ReduceLROnPlateau(sgd(), { minLr: [0.1, 0.2] }),
    plateau_mode: () => new S.ReduceLROnPlateau(sgd(), { mode: "avg" as never }),
    steplr_missing: () => new S.StepLR(sgd()),
    not_optimizer: () => new S.StepLR(3 as never, 3),
  };
  const kinds: Record<string, ErrorConstructor> = { ValueError: RangeError, KeyError: RangeError, TypeError: TypeError };
  it("covers every Python case", () => expect(Object.keys(thunks).sort()).toEqual(Object.keys(errors).sort()));
  for (const [name, [kind, msg]] of Object.entries(errors)) {
    it(`${name}: ${kind}`, () => {
      let caught: unknown;
      try {
        thunks[name]();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(kinds[kind]);
      expect((caught as Error).message).toBe(msg);
    });
  }
});
