// torch.autograd against Python: grad (higher order, several inputs,
// grad_outputs, allow_unused), backward(inputs), graph nodes, retain_grad,
// the freed-graph error, anomaly mode.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor } from "../src";
import type { Node } from "../src/autograd";

type Enc = { shape: number[]; values: number[] } | null;
const py = JSON.parse(readFileSync(join(__dirname, "fixtures", "autograd.json"), "utf8"));
const f32 = { dtype: torch.float32 };

function close(t: Tensor | null, e: Enc): void {
  if (e === null) {
    expect(t).toBeNull();
    return;
  }
  expect(t).not.toBeNull();
  expect(t!.shape).toEqual(e.shape);
  const got = Array.from(t!.detach().toTypedArray() as Float32Array);
  got.forEach((v, i) => expect(v).toBeCloseTo(e.values[i], 6));
}

describe("torch.autograd.grad", () => {
  it("first and second order (createGraph)", () => {
    const x = torch.tensor([1.5, 2, 3], { ...f32, requiresGrad: true });
    const [g] = torch.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
    close(g, py.grad_first);
    expect(g!.gradFn!.name()).toBe(py.grad_first_fn);
    const [g2] = torch.autograd.grad(g!.sum(), x);
    close(g2, py.grad_second);
  });

  it("several inputs, retainGraph, gradOutputs", () => {
    const a = torch.tensor([[1, 2], [3, 4]], { ...f32, requiresGrad: true });
    const b = torch.tensor([0.5, -1], { ...f32, requiresGrad: true });
    const [ga, gb] = torch.autograd.grad(a.matmul(b).tanh().sum(), [a, b], { retainGraph: true });
    close(ga, py.grad_two_inputs[0]);
    close(gb, py.grad_two_inputs[1]);
    const [gw] = torch.autograd.grad(a.matmul(b), b, { gradOutputs: torch.tensor([1, 2], f32) });
    close(gw, py.grad_outputs);
  });

  it("allowUnused: Python's error, or null", () => {
    const x = torch.tensor([1.5, 2, 3], { ...f32, requiresGrad: true });
    const u = torch.ones(1, { requiresGrad: true });
    expect(() => torch.autograd.grad(x.sum(), [x, u])).toThrow(py.unused_error);
    const [gx, gu] = torch.autograd.grad(x.sum(), [x, u], { allowUnused: true });
    close(gx, py.unused_allowed[0]);
    close(gu, py.unused_allowed[1]);
  });

  it("bad arguments name the argument", () => {
    expect(() => torch.autograd.grad("x" as never, [])).toThrow(/argument 'outputs'/);
    expect(() => torch.autograd.grad(torch.ones(1), [3 as never])).toThrow(/argument 'inputs'/);
  });
});

describe("backward", () => {
  it("accumulates only into `inputs`", () => {
    const w = torch.ones(2, { requiresGrad: true });
    const v = torch.ones(2, { requiresGrad: true });
    w.mul(3).add(v.mul(5)).sum().backward({ inputs: [w] });
    close(w.grad, py.backward_inputs[0]);
    close(v.grad, py.backward_inputs[1]);
  });

  it("a second backward through a freed graph throws Python's message", () => {
    const x = torch.tensor([1.5, 2, 3], { ...f32, requiresGrad: true });
    const s = x.exp().sum();
    s.backward();
    expect(() => s.backward()).toThrow(py.second_backward_error);
  });

  it("retainGrad on a non-leaf", () => {
    const p = torch.tensor([2, 3], { ...f32, requiresGrad: true });
    const q = p.mul(p);
    q.retainGrad();
    q.sum().backward();
    close(q.grad, py.retain_grad[0]);
    close(p.grad, py.retain_grad[1]);
    expect(q.retainsGrad).toBe(py.retain_grad[2]);
  });
});

describe("graph nodes", () => {
  it("gradFn.name() and nextFunctions follow Python's graph", () => {
    const x = torch.tensor([1.5, 2, 3], { ...f32, requiresGrad: true });
    const z = x.mul(2).add(1).sum();
    type Tree = [string, [Tree | null, number][]] | null;
    const walk = (n: Node | null, depth: number): Tree =>
      n === null || depth === 0 ? null : [n.name(), n.nextFunctions.map(([m, i]) => [walk(m, depth - 1), i])];
    expect(walk(z.gradFn, 4)).toEqual(py.graph);
    expect(z.gradFn!.equals(z.gradFn)).toBe(true);
    expect(String(z.gradFn)).toBe("<SumBackward0 object>");
    expect(x.gradFn).toBeNull();
  });
});

describe("anomaly mode", () => {
  it("detectAnomaly(fn) turns it on inside only; setDetectAnomaly sets it", () => {
    expect(torch.autograd.isAnomalyEnabled()).toBe(false);
    expect(torch.autograd.detectAnomaly(() => torch.autograd.isAnomalyEnabled())).toBe(true);
    expect(torch.autograd.isAnomalyEnabled()).toBe(false);
    torch.autograd.setDetectAnomaly(true);
    expect(torch.autograd.isAnomalyEnabled()).toBe(true);
    torch.autograd.setDetectAnomaly(false);
  });

  it("reports the forward op of a backward that produced NaN", () => {
    const x = torch.tensor([0, 1], { ...f32, requiresGrad: true });
    expect(() => torch.autograd.detectAnomaly(() => x.exp().sum().backward())).not.toThrow();
    const y = torch.tensor([-1, 1], { ...f32, requiresGrad: true });
    expect(() => torch.autograd.detectAnomaly(() => y.sqrt().sum().backward())).toThrow("Function 'SqrtBackward0' returned nan values in its 0th output.");
  });
});

describe("tensor hooks", () => {
  it("registerHook sees the gradient and may replace it; remove() unregisters", () => {
    const h = torch.tensor([1, 2, 3], { ...f32, requiresGrad: true });
    const seen: number[][] = [];
    const handle = h.registerHook((g) => {
      seen.push(g.tolist());
      return g.mul(10);
    });
    h.mul(h).sum().backward();
    expect(seen).toEqual(py.hook_seen);
    close(h.grad, py.hook_grad);
    handle.remove();
    h.grad = null;
    h.mul(h).sum().backward();
    close(h.grad, py.hook_removed_grad);
  });

  it("hooks on intermediate tensors change what flows back", () => {
    const h = torch.tensor([1, 2, 3], { ...f32, requiresGrad: true });
    const m = h.mul(2);
    m.registerHook((g) => g.add(1));
    m.pow(2).sum().backward();
    close(h.grad, py.hook_intermediate_grad);
  });

  it("an exception in a hook reaches the caller as the same JS error", () => {
    const x = torch.ones(2, { requiresGrad: true });
    const err = new Error("boom in hook");
    const y = x.mul(3);
    y.registerHook(() => {
      throw err;
    });
    let caught: unknown;
    try {
      y.sum().backward();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    const z = x.mul(3);
    z.registerHook((() => "bad") as never);
    expect(() => z.sum().backward()).toThrow(/hook returned an invalid value/);
    expect(() => torch.ones(2).registerHook(() => null)).toThrow("cannot register a hook on a tensor that doesn't require gradient");
  });
});

describe("errors and grad modes as Python", () => {
  it("modifying a saved tensor in place: Python's message", () => {
    const ip = torch.tensor([1, 2], { ...f32, requiresGrad: true });
    const e = ip.exp();
    e.add_(1);
    expect(() => e.sum().backward()).toThrow(py.inplace_error);
  });

  it("noGrad / enableGrad / inferenceMode nest as Python's context managers", () => {
    const gm = torch.ones(2, { requiresGrad: true });
    const r: boolean[] = [];
    torch.noGrad(() => {
      r.push(gm.mul(2).requiresGrad);
      torch.enableGrad(() => r.push(gm.mul(2).requiresGrad));
      r.push(gm.mul(2).requiresGrad);
    });
    torch.inferenceMode(() => {
      r.push(gm.mul(2).requiresGrad);
      r.push(torch.isInferenceModeEnabled());
      torch.inferenceMode(false, () => r.push(gm.mul(2).requiresGrad));
    });
    r.push(torch.isGradEnabled());
    expect(r).toEqual(py.grad_modes);
  });

  it("detach_ makes a leaf that does not require grad", () => {
    const gm = torch.ones(2, { requiresGrad: true });
    const dt = gm.mul(3);
    dt.detach_();
    expect([dt.requiresGrad, dt.gradFn === null, dt.isLeaf]).toEqual(py.detach_);
  });
});

describe("gradcheck", () => {
  const d = { dtype: torch.float64, requiresGrad: true };
  it("passes for correct gradients (ops and a custom Function)", () => {
    torch.manualSeed(0);
    const x = torch.randn(3, d), y = torch.randn(3, d);
    expect(torch.autograd.gradcheck((a, b) => a.mul(b).sin().sum(), [x, y])).toBe(true);
    expect(torch.autograd.gradcheck((a) => [a.exp(), a.pow(2)], [x])).toBe(true);
  });
  it("fails for a wrong backward, raising or returning false", () => {
    class Wrong extends torch.autograd.Function {
      static forward(_c: unknown, a: Tensor) { return a.pow(2); }
      static backward(_c: unknown, g: Tensor) { return g.mul(3); }
    }
    const x = torch.randn(3, d);
    expect(() => torch.autograd.gradcheck((a) => Wrong.apply(a), [x])).toThrow(/Jacobian mismatch for output 0 with respect to input 0/);
    expect(torch.autograd.gradcheck((a) => Wrong.apply(a), [x], { raiseException: false })).toBe(false);
  });
});

describe(".grad accumulation and zeroing", () => {
  it("two backward passes add up; grad = null and zero_() reset", () => {
    const x = torch.tensor([1, 2], { ...f32, requiresGrad: true });
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 6]);
    x.grad!.zero_();
    expect(x.grad!.tolist()).toEqual([0, 0]);
    x.grad = null;
    expect(x.grad).toBeNull();
    x.mul(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 4]);
  });
});
