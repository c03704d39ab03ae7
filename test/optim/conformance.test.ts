// Every optimizer and LR scheduler constructor against Python 2.13
// (test/fixtures/make_optim_conformance.py): the signature (names, order,
// keyword-only, defaults), each case built from JS positionally as the Python
// program wrote it, from one options object and mixed, giving Python's
// param_groups (every key, value and type), parameter values after a few steps,
// scheduler lrs / state_dict; and Python's TypeErrors for bad calls.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, optim } from "../../src";
import { camelKey } from "../../src/args";
import { isTuple, isFloatAt } from "../../src/pytypes";

const S = optim.lrScheduler;
const fx = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "optim_conformance.json"), "utf8"));

type SigP = { name: string; kind: "pos" | "kw"; annotation: string; required: boolean; default: unknown };
type Ctor = (new (...a: unknown[]) => unknown) & { signature: { params: { name: string; kwOnly: boolean; required: boolean; dflt: unknown }[] } };
const sigs = fx.signatures as Record<string, SigP[]>;
const classOf = (name: string): Ctor =>
  ((optim as unknown as Record<string, Ctor>)[name] ?? (S as unknown as Record<string, Ctor>)[name]);

/** Python's inf / nan strings back to numbers. */
const num = (v: unknown): unknown =>
  v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : Array.isArray(v) ? v.map(num) : v;

/** Values compared with Python's: numbers within rtol, everything else exactly. */
function expectMatch(got: unknown, want: unknown, what: string, rtol = 1e-12): void {
  want = num(want);
  if (typeof want === "number") {
    expect(typeof got, what).toBe("number");
    if (Number.isFinite(want)) expect(Math.abs((got as number) - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(rtol * Math.max(1e-300, Math.abs(want)) + 1e-300);
    else expect(got, what).toBe(want);
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), `${what} is a list`).toBe(true);
    expect((got as unknown[]).length, `${what}.length`).toBe(want.length);
    want.forEach((w, i) => expectMatch((got as unknown[])[i], w, `${what}[${i}]`, rtol));
  } else if (want !== null && typeof want === "object") {
    const g = got instanceof Map ? Object.fromEntries([...got].map(([k, v]) => [String(k), v])) : (got as Record<string, unknown>);
    expect(Object.keys(g), `${what} keys`).toEqual(Object.keys(want));
    for (const k of Object.keys(want)) expectMatch(g[k], (want as Record<string, unknown>)[k], `${what}.${k}`, rtol);
  } else expect(got, what).toEqual(want);
}

/** Python's type of a value is kept: tuples are marked tuples, floats with integral values are marked floats. */
function expectTypes(container: object, key: string | number, pyType: unknown, what: string): void {
  const v = (container as Record<string, unknown>)[key as string];
  if (Array.isArray(pyType)) {
    const [kind, items] = pyType as [string, unknown[]];
    expect(isTuple(v), `${what} is a ${kind}`).toBe(kind === "tuple");
    items.forEach((t, i) => expectTypes(v as unknown[], i, t, `${what}[${i}]`));
  } else if (pyType === "float") {
    expect(Number.isInteger(v) ? isFloatAt(container, key) : typeof v === "number", `${what} is a float`).toBe(true);
  } else if (pyType === "int") {
    expect(typeof v === "number" && Number.isInteger(v), `${what} is an int`).toBe(true);
  }
}

describe("signatures are Python's (names, order, keyword-only, defaults)", () => {
  for (const [name, params] of Object.entries(sigs))
    it(name, () => {
      const mine = classOf(name).signature.params;
      expect(mine.map((p) => p.name)).toEqual(params.map((p) => p.name));
      expect(mine.map((p) => p.kwOnly)).toEqual(params.map((p) => p.kind === "kw"));
      expect(mine.map((p) => p.required)).toEqual(params.map((p) => p.required));
      params.forEach((p, i) => {
        if (!p.required) expect(mine[i].dflt, `${name}.${p.name} default`).toEqual(p.default);
      });
    });
});

// ---------------------------------------------------------------- optimizers

const X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.5, 0.8, 0.3], [1.1, -0.4, 0.9]];
const Y = [[1.0, -0.5], [0.2, 0.7], [-1.2, 0.4], [0.6, 0.1]];
const f64 = { dtype: torch.float64 };
function makeParams(): Tensor[] {
  return [torch.tensor([[0.3, -0.6, 0.9], [0.45, 0.15, -0.2]], { ...f64, requiresGrad: true }),
    torch.tensor([0.05, -0.1], { ...f64, requiresGrad: true })];
}
function lossOf([w, b]: Tensor[]): Tensor {
  const x = torch.tensor(X, f64), y = torch.tensor(Y, f64);
  return x.matmul(w.t()).add(b).sub(y).pow(2).mean().add(w.pow(4).sum().mul(0.1));
}

/** The options object of Python's kwargs: camelCase keys (names not in the signature stay as written). */
function camel(cls: string, kw: Record<string, unknown>): Record<string, unknown> {
  const names = new Set(sigs[cls].map((p) => p.name));
  return Object.fromEntries(Object.entries(kw).map(([k, v]) => [names.has(k) ? camelKey(k) : k, v]));
}
/** The positional arguments as named options (the signature's positional parameters after the first `skip`). */
function named(cls: string, args: unknown[], skip: number): Record<string, unknown> {
  const pos = sigs[cls].filter((p) => p.kind === "pos").slice(skip);
  return Object.fromEntries(args.map((a, i) => [camelKey(pos[i].name), a]));
}

type OptCase = { cls: string; args: unknown[]; kwargs: Record<string, unknown>; param_groups: Record<string, unknown>[];
  types: Record<string, unknown>[]; params?: number[][]; step_error?: [string, string] };

describe("optimizers: positional, keyword and mixed arguments give Python's param_groups and steps", () => {
  for (const [name, c] of Object.entries(fx.optimizers as Record<string, OptCase>)) {
    const Cls = classOf(c.cls);
    const kw = camel(c.cls, c.kwargs);
    const forms: Record<string, (p: Tensor[]) => unknown[]> = {
      positional: (p) => [p, ...c.args, ...(Object.keys(kw).length ? [kw] : [])],
      keywords: (p) => [p, { ...named(c.cls, c.args, 1), ...kw }],
      "one options object": (p) => [{ params: p, ...named(c.cls, c.args, 1), ...kw }],
    };
    if (c.args.length > 1) forms.mixed = (p) => [p, c.args[0], { ...named(c.cls, c.args.slice(1), 2), ...kw }];
    for (const [form, build] of Object.entries(forms))
      it(`${name} (${form})`, () => {
        const params = makeParams();
        const opt = new Cls(...build(params)) as optim.Optimizer;
        const sd = opt.stateDict();
        expect(sd.param_groups.length).toBe(c.param_groups.length);
        sd.param_groups.forEach((g, i) => {
          expect(Object.keys(g), "keys in Python's order").toEqual(Object.keys(c.param_groups[i]));
          expectMatch(g, c.param_groups[i], `param_groups[${i}]`, 0);
          for (const [k, t] of Object.entries(c.types[i])) expectTypes(g, k, t, `param_groups[${i}].${k}`);
        });
        const closure = () => {
          opt.zeroGrad();
          const l = lossOf(params);
          l.backward();
          return l;
        };
        if (c.step_error) {
          // Python's RuntimeError / AssertionError (an Error here) with Python's message
          expect(() => opt.step(closure)).toThrow(c.step_error[1]);
          return;
        }
        for (let s = 0; s < (c.cls === "LBFGS" ? 2 : 3); s++) opt.step(closure);
        params.forEach((p, i) => expectMatch(Array.from(p.detach().toTypedArray() as Float64Array), c.params![i], `params[${i}]`, 1e-9));
      });
  }

  it("the issue's examples: SGD(params, 0.1, { momentum: 0.9 }), Adam(params, 0.05, [0.5, 0.9])", () => {
    const s = new optim.SGD(makeParams(), 0.1, { momentum: 0.9 }).paramGroups[0];
    expect([s.lr, s.momentum]).toEqual([0.1, 0.9]);
    const a = new optim.Adam(makeParams(), 0.05, [0.5, 0.9]).paramGroups[0];
    expect([a.lr, a.betas, a.decoupled_weight_decay]).toEqual([0.05, [0.5, 0.9], false]);
    // values stay plain JS: arithmetic and destructuring
    const [b1, b2] = a.betas as number[];
    expect(b1 + b2).toBe(1.4);
  });

  it("a subclass of AdamW keeps AdamW's signature and defaults", () => {
    class MyAdamW extends optim.AdamW {}
    const g = new MyAdamW(makeParams(), 0.01).paramGroups[0];
    expect([g.lr, g.weight_decay, g.decoupled_weight_decay]).toEqual([0.01, 0.01, true]);
    expect(() => new MyAdamW(makeParams(), { decoupledWeightDecay: false } as never))
      .toThrow("AdamW.__init__() got an unexpected keyword argument 'decoupledWeightDecay'");
  });

  it("an option may also be given under Python's name (weight_decay)", () => {
    const g = new optim.SGD(makeParams(), 0.1, { weight_decay: 0.01 } as never).paramGroups[0];
    expect(g.weight_decay).toBe(0.01);
    expect(() => new optim.SGD(makeParams(), { weightDecay: 0.1, weight_decay: 0.2 } as never))
      .toThrow(new TypeError("SGD.__init__() got multiple values for argument 'weight_decay'"));
  });

  it("a value of the wrong type is a TypeError naming the argument", () => {
    const P = makeParams();
    const bad = (f: () => unknown, msg: string) => expect(f).toThrow(new TypeError(msg));
    bad(() => new optim.SGD(P, "0.1" as never), "SGD.__init__(): argument 'lr' must be float, not str");
    bad(() => new optim.SGD(P, 0.1, { nesterov: 1 } as never), "SGD.__init__(): argument 'nesterov' must be bool, not int");
    bad(() => new optim.Adam(P, 0.1, 0.9 as never), "Adam.__init__(): argument 'betas' must be tuple[float, float], not float");
    bad(() => new optim.Adam(P, 0.1, [0.9] as never), "Adam.__init__(): argument 'betas' must be tuple[float, float], not list");
    bad(() => new optim.Rprop(P, { etas: [0.5, "1.2"] } as never), "Rprop.__init__(): argument 'etas' must be tuple[float, float], not list");
    bad(() => new optim.LBFGS(P, { maxEval: "10" } as never), "LBFGS.__init__(): argument 'max_eval' must be int | None, not str");
    bad(() => new optim.Adagrad(P, { foreach: "yes" } as never), "Adagrad.__init__(): argument 'foreach' must be bool | None, not str");
    const o = new optim.SGD(P, 0.1);
    bad(() => new S.StepLR(o, "2" as never), "StepLR.__init__(): argument 'step_size' must be int, not str");
    bad(() => new S.ExponentialLR(o, { gamma: null } as never), "ExponentialLR.__init__(): argument 'gamma' must be float, not NoneType");
    bad(() => new S.CyclicLR(o, 0.01, 0.1, { cycleMomentum: "no" } as never), "CyclicLR.__init__(): argument 'cycle_momentum' must be bool, not str");
  });

  it(`SGD() without params: ${fx.missing_params}`, () => {
    expect(() => new (optim.SGD as unknown as new () => unknown)()).toThrow(new TypeError(fx.missing_params));
  });
});

// ---------------------------------------------------------------- schedulers

const LAMBDAS: Record<string, (e: number) => number> = { decay95: (e) => 0.95 ** e, halve: () => 0.5, inv: (e) => 1.0 / (e + 1) };
const METRICS = [1.0, 0.9, 0.95, 0.95, 0.96, 0.97, 0.97, 0.99, 1.0, 1.2];

function sgd2(): optim.Optimizer {
  const [w, b] = makeParams();
  return new optim.SGD([{ params: [w] }, { params: [b], lr: 0.05 }], 0.1, 0.9);
}
const adam1 = () => new optim.Adam(makeParams(), 0.1);

function resolve(v: unknown, opt: optim.Optimizer): unknown {
  if (Array.isArray(v) && v.length === 2 && v[0] === "lambda") return LAMBDAS[v[1] as string];
  if (Array.isArray(v) && v.length === 4 && v[0] === "child") {
    const [, cls, args, kw] = v as [string, string, unknown[], Record<string, unknown>];
    return new (classOf(cls))(opt, ...args.map((a) => resolve(a, opt)), camel(cls, kw));
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, opt));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, opt)]));
  if (v === "<opt>") return opt;
  return v;
}

type SchedCase = { optimizer: string; cls: string; args: unknown[]; kwargs: Record<string, unknown>; base_lrs: number[] | null;
  last_epoch: number | null; groups: Record<string, unknown>[]; lrs: number[][]; last_epoch_after: number | null;
  state_keys: string[]; state: Record<string, unknown>; state_types: Record<string, unknown> };

describe("LR schedulers: positional, keyword and one-object arguments give Python's lrs and state_dict", () => {
  for (const [name, c] of Object.entries(fx.schedulers as Record<string, SchedCase>)) {
    const Cls = classOf(c.cls);
    const chained = c.cls === "ChainedScheduler";
    const skip = chained ? 0 : 1; // the optimizer is the first positional parameter
    const forms: Record<string, (o: optim.Optimizer) => unknown[]> = {
      positional: (o) => {
        const a = c.args.map((x) => resolve(x, o)), kw = camel(c.cls, resolve(c.kwargs, o) as Record<string, unknown>);
        return [...(chained ? [] : [o]), ...a, ...(Object.keys(kw).length ? [kw] : [])];
      },
      keywords: (o) => {
        const a = c.args.map((x) => resolve(x, o)), kw = camel(c.cls, resolve(c.kwargs, o) as Record<string, unknown>);
        return [...(chained ? [] : [o]), { ...named(c.cls, a, skip), ...kw }];
      },
      "one options object": (o) => {
        const a = c.args.map((x) => resolve(x, o)), kw = camel(c.cls, resolve(c.kwargs, o) as Record<string, unknown>);
        return [{ ...(chained ? {} : { optimizer: o }), ...named(c.cls, a, skip), ...kw }];
      },
    };
    for (const [form, build] of Object.entries(forms))
      it(`${name} (${form})`, () => {
        const o = c.optimizer === "adam1" ? adam1() : sgd2();
        const s = new Cls(...build(o)) as optim.lrScheduler.LRScheduler;
        if (c.base_lrs !== null) expectMatch(s.baseLrs, c.base_lrs, "base_lrs");
        if (c.last_epoch !== null) expect(s.lastEpoch).toBe(c.last_epoch);
        o.paramGroups.forEach(({ params: _p, ...g }, i) => expectMatch(g, c.groups[i], `param_groups[${i}]`));
        const lrs: number[][] = [];
        for (let i = 0; i < 6; i++) {
          o.step();
          if (c.cls === "ReduceLROnPlateau") (s as optim.lrScheduler.ReduceLROnPlateau).step(METRICS[i]);
          else s.step();
          lrs.push(s.getLastLr());
        }
        expectMatch(lrs, c.lrs, "lrs");
        if (c.last_epoch_after !== null) expect(s.lastEpoch).toBe(c.last_epoch_after);
        const sd = s.stateDict();
        expect(Object.keys(sd)).toEqual(c.state_keys);
        const { _schedulers: _c, ...rest } = sd;
        const norm = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === "function" ? "<function>" : v]));
        expectMatch(norm, c.state, "state_dict");
        for (const [k, t] of Object.entries(c.state_types)) expectTypes(sd, k, t, `state_dict.${k}`);
      });
  }
});

// ---------------------------------------------------------------- errors

describe("fused with foreach or differentiable throws Python's RuntimeError", () => {
  type Err = { cls: string; args: unknown[]; kwargs: Record<string, unknown>; message: string };
  for (const [name, e] of Object.entries(fx.runtime_errors as Record<string, Err>))
    it(`${name}: ${e.message}`, () => {
      expect(() => new (classOf(e.cls))(makeParams(), ...e.args, camel(e.cls, e.kwargs))).toThrow(e.message);
    });
});

describe("bad calls throw Python's TypeError", () => {
  type Err = { cls: string; args: unknown[]; kwargs: Record<string, unknown>; message: string };
  for (const [name, e] of Object.entries(fx.errors as Record<string, Err>))
    it(`${name}: ${e.message}`, () => {
      const Cls = classOf(e.cls);
      const kw = camel(e.cls, e.kwargs);
      const first = e.cls in optim && e.cls !== "lrScheduler" && !(e.cls in S) ? makeParams() : sgd2();
      const call = () => new Cls(first, ...e.args, ...(Object.keys(kw).length ? [kw] : []));
      expect(call).toThrow(TypeError);
      expect(call).toThrow(e.message);
    });
});
