// nn.Module and the first layers against Python: initial parameters after the
// same seed, stateDict keys, printing, forward/backward, loading, a training run.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { inspect } from "util";
import { Console } from "console";
import { Writable } from "stream";
import torch, { Tensor, nn, F } from "../../src";
import { ULPS, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; values: number[] } | null;
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn.json"), "utf8"));
const f32 = { dtype: torch.float32 };
/** the same draws as Python: floats within test/tolerance.ts ULPS */
const exact = (t: Tensor | null, e: Enc) => expectTensorClose(t!, e!, ULPS);
const close = (t: Tensor | null, e: Enc) => {
  expect(t!.shape).toEqual(e!.shape);
  Array.from(t!.detach().toTypedArray() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(e!.values[i], 6));
};

class LRM extends nn.Module {
  linear_layer = new nn.Linear(1, 1);
  forward(x: Tensor): Tensor {
    return this.linear_layer(x);
  }
}

describe("nn.Linear", () => {
  it("has Python's initial parameters after the same seed", () => {
    torch.manualSeed(42);
    const lin = new nn.Linear(3, 2);
    exact(lin.weight, py.linear_init[0]);
    exact(lin.bias, py.linear_init[1]);
    torch.manualSeed(0);
    const lin10 = new nn.Linear({ inFeatures: 10, outFeatures: 10, bias: false });
    exact(lin10.weight, py.linear10_nobias);
    expect(lin10.bias).toBeNull();
    expect([String(lin), String(lin10)]).toEqual(py.linear_repr);
    expect(lin.inFeatures).toBe(3);
  });
});

describe("nn.Module", () => {
  it("subclass fields register in order; stateDict and print equal Python's", () => {
    torch.manualSeed(42);
    const m = new LRM();
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(py.lrm_state));
    for (const k of Object.keys(sd)) exact(sd[k], py.lrm_state[k]);
    expect(String(m)).toBe(py.lrm_repr);
    expect(m instanceof nn.Module && m instanceof LRM).toBe(true);
    expect(typeof m).toBe("function"); // callable
  });

  it("Sequential: keys, print, forward, loss and gradients", () => {
    torch.manualSeed(1);
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    expect(Object.keys(seq.stateDict())).toEqual(py.seq_keys);
    expect(String(seq)).toBe(py.seq_repr);
    const x = torch.tensor([[1, -2], [0.5, 3], [-1, 0.25]], f32);
    const y = torch.tensor([[1], [0], [2]], f32);
    const pred = seq(x) as Tensor;
    const loss = F.mseLoss(pred, y);
    loss.backward();
    close(pred, py.seq_forward);
    expect(loss.item()).toBeCloseTo(py.seq_loss, 6);
    for (const [n, p] of seq.namedParameters()) close(p.grad, py.seq_grads[n]);
    expect(seq.length).toBe(3);
    expect(seq.getItem(-1)).toBe(seq.getItem(2));
  });

  it("console.log(model) and util.inspect(model) print Python's repr (not [Function: callable])", () => {
    torch.manualSeed(1);
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    let printed = "";
    const out = new Writable({ write(chunk, _enc, done) { printed += String(chunk); done(); } });
    new Console({ stdout: out }).log(seq);
    expect(printed).toBe(`${py.seq_repr}\n`);
    expect(inspect(seq)).toBe(py.seq_repr);
    expect(inspect(new LRM())).toBe(py.lrm_repr);
    expect(inspect(seq.deepcopy())).toBe(py.seq_repr);
    expect(inspect({ model: new nn.Linear(3, 2) })).toBe(`{ model: ${py.linear_repr[0]} }`);
    // a subclass's extraRepr and toString are what it prints
    class Scaled extends nn.Module {
      constructor(readonly scale: number) { super(); }
      forward(x: Tensor): Tensor { return x.mul(this.scale); }
      extraRepr(): string { return `scale=${this.scale}`; }
    }
    expect(inspect(new Scaled(2))).toBe("Scaled(scale=2)");
    expect(inspect(new nn.Sequential(new Scaled(3)))).toBe("Sequential(\n  (0): Scaled(scale=3)\n)");
  });

  it("Sequential from named modules", () => {
    torch.manualSeed(3);
    const named = new nn.Sequential({ fc1: new nn.Linear(4, 2), act: new nn.Tanh(), fc2: new nn.Linear(2, 2) });
    expect(Object.keys(named.stateDict())).toEqual(py.named_keys);
    expect(String(named)).toBe(py.named_repr);
  });

  it("loadStateDict: Python's errors; strict=false reports missing and unexpected keys", () => {
    torch.manualSeed(42);
    const m = new LRM();
    expect(() => m.loadStateDict({ "linear_layer.weight": torch.zeros(1, 1), extra: torch.zeros(1) })).toThrow(py.load_error);
    expect(() => m.loadStateDict({ "linear_layer.weight": torch.zeros(2, 1), "linear_layer.bias": torch.zeros(1) })).toThrow(py.load_shape_error);
    const r = m.loadStateDict({ "linear_layer.weight": torch.full([1, 1], 0.5) }, false);
    expect([r.missingKeys, r.unexpectedKeys, m.linear_layer.weight.item()]).toEqual(py.load_nonstrict);
  });

  it("loadStateDict: BatchNorm keeps its own num_batches_tracked where a checkpoint has none (Python's _load_from_state_dict)", () => {
    // Python (a dict without version metadata): all keys match, num_batches_tracked stays 7, running_mean 0.5;
    // strict=False on a partial dict reports no num_batches_tracked as missing
    const bn = new nn.BatchNorm1d(3);
    bn.num_batches_tracked!.fill_(7);
    const sd = { weight: torch.ones(3), bias: torch.zeros(3), running_mean: torch.full([3], 0.5), running_var: torch.ones(3) };
    expect(bn.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect([bn.num_batches_tracked!.item(), bn.running_mean!.tolist()]).toEqual([7, [0.5, 0.5, 0.5]]);
    expect(Object.keys(sd)).not.toContain("num_batches_tracked"); // the caller's dict is not changed
    const s = new nn.Sequential(new nn.Linear(3, 3), new nn.BatchNorm1d(3));
    expect(s.loadStateDict({ "0.weight": torch.zeros(3, 3) }, false)).toEqual({
      missingKeys: ["0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var"], unexpectedKeys: [] });
    expect(() => bn.loadStateDict(3 as never)).toThrow(/^Expected state_dict to be dict-like, got /);
  });

  it("train/eval, zeroGrad, to(dtype) keeping the Parameter objects, hooks", () => {
    const m = new LRM();
    m.eval();
    expect(m.training || m.linear_layer.training).toBe(false);
    m.train();
    expect(m.linear_layer.training).toBe(true);
    const w = m.linear_layer.weight;
    (m(torch.ones(2, 1)) as Tensor).sum().backward();
    expect(w.grad).not.toBeNull();
    m.zeroGrad();
    expect(w.grad).toBeNull();
    m.to(torch.float64);
    expect(m.linear_layer.weight).toBe(w);
    expect(w.dtype).toBe(torch.float64);
    const seen: unknown[] = [];
    const h = m.registerForwardHook((_mod, _in, out) => void seen.push((out as Tensor).shape));
    m(torch.ones(3, 1, { dtype: torch.float64 }));
    h.remove();
    m(torch.ones(3, 1, { dtype: torch.float64 }));
    expect(seen).toEqual([[3, 1]]);
  });

  it("bad assignments and names throw clearly", () => {
    const m = new LRM();
    expect(() => m.registerParameter("a.b", null)).toThrow(/can't contain "."/);
    expect(() => ((m as unknown as Record<string, unknown>).linear_layer = 3)).toThrow(/cannot assign 'int' as child module 'linear_layer'/);
    class NoForward extends nn.Module {}
    expect(() => new NoForward()(1)).toThrow(/missing the required "forward" function/);
  });
});

describe("a training run (the seed's linear regression), manual SGD", () => {
  it("gives Python's loss curve and final parameters", () => {
    torch.manualSeed(42);
    const model = new LRM();
    const X = torch.arange(0, 1, 0.02).unsqueeze(1);
    const Y = X.mul(0.7).add(0.3);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 100; epoch++) {
      model.train();
      const loss = F.l1Loss(model(X) as Tensor, Y);
      model.zeroGrad();
      loss.backward();
      torch.noGrad(() => {
        for (const p of model.parameters()) p.sub_(p.grad!.mul(0.01));
      });
      losses.push(loss.item() as number);
    }
    losses.forEach((l, i) => expect(l).toBeCloseTo(py.train_losses[i], 6));
    const sd = model.stateDict();
    for (const k of Object.keys(py.train_state)) close(sd[k], py.train_state[k]);
  });

  it("F.crossEntropy", () => {
    const ce = F.crossEntropy(torch.tensor([[1, 2, 0.5], [0.1, 0.2, 3]], f32), torch.tensor([1, 2]));
    expect(ce.item()).toBeCloseTo(py.cross_entropy, 6);
  });
});
