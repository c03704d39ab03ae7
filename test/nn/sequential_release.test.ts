// nn.Sequential drops the handles of intermediate results made and consumed by
// library leaf layers (as Python's refcount frees them), and never one that
// user code or a hook may hold.
import { describe, it, expect, vi, afterEach } from "vitest";
import torch, { Tensor, nn } from "../../src";

afterEach(() => vi.restoreAllMocks());

function reference(layers: nn.Module[], x: Tensor): Tensor {
  return layers.reduce((h: Tensor, m) => m(h) as Tensor, x);
}

describe("Sequential releases intermediates", () => {
  it("between library leaves: the same outputs and gradients, intermediates disposed", () => {
    torch.manualSeed(0);
    const l1 = new nn.Linear(5, 4), act = new nn.ReLU(), l2 = new nn.Linear(4, 3);
    const seq = new nn.Sequential(l1, act, l2);
    const x = torch.randn(6, 5, { requiresGrad: true });
    const want = reference([l1, act, l2], x);
    want.sum().backward();
    const wantGrads = [x.grad!.clone(), l1.weight.grad!.clone(), l2.weight.grad!.clone()];
    seq.zeroGrad();
    x.grad = null;
    const spy = vi.spyOn(Tensor.prototype, "dispose");
    const out = seq(x) as Tensor;
    expect(spy).toHaveBeenCalledTimes(2);  // Linear's output (read by ReLU) and ReLU's (read by Linear)
    expect(x.isDisposed).toBe(false);      // the caller's input is never released
    expect(out.isDisposed).toBe(false);
    out.sum().backward();                  // autograd kept what it saved
    expect(out.tolist()).toEqual(want.tolist());
    [x.grad!, l1.weight.grad!, l2.weight.grad!].forEach((g, i) => expect(g.tolist()).toEqual(wantGrads[i].tolist()));
  });

  it("an in-place layer hands its input on: released once, later", () => {
    const seq = new nn.Sequential(new nn.Linear(3, 3), new nn.ReLU(true), new nn.Linear(3, 2));
    const spy = vi.spyOn(Tensor.prototype, "dispose");
    const out = seq(torch.randn(2, 3)) as Tensor;
    expect(spy).toHaveBeenCalledTimes(1);
    expect(out.shape).toEqual([2, 2]);
  });

  it("a layer that returns its input under a new wrapper (Dropout in eval mode) is not a new result", () => {
    torch.manualSeed(0);
    const layers = [new nn.Linear(4, 4), new nn.GELU(), new nn.Dropout(0.1), new nn.Linear(4, 2), new nn.Dropout(0.1)];
    const seq = new nn.Sequential(...layers).eval();
    const x = torch.randn(3, 4);
    const want = reference(layers, x);
    const out = seq(x) as Tensor;
    expect(out.isDisposed).toBe(false);
    expect(out.tolist()).toEqual(want.tolist());
  });

  it("keeps what a user module, a user subclass or a hook may hold", () => {
    class Keep extends nn.Module {
      seen: Tensor | null = null;
      forward(x: Tensor): Tensor {
        this.seen = x;
        return x.mul(2);
      }
    }
    class MyLinear extends nn.Linear {
      last: Tensor | null = null;
      forward(x: Tensor): Tensor {
        this.last = super.forward(x);
        return this.last;
      }
    }
    const keep = new Keep(), mine = new MyLinear(4, 4);
    const hooked = new nn.Linear(4, 4);
    let fromHook: Tensor | null = null;
    hooked.registerForwardHook((_m: nn.Module, _i: unknown, o: unknown) => { fromHook = o as Tensor; });
    const seq = new nn.Sequential(new nn.Linear(4, 4), keep, mine, new nn.Tanh(), hooked, new nn.ReLU());
    const out = seq(torch.randn(2, 4)) as Tensor;
    expect(keep.seen!.isDisposed).toBe(false);   // made by a leaf but read by a user module
    expect(mine.last!.isDisposed).toBe(false);   // made by a user subclass of a leaf
    expect(fromHook!.isDisposed).toBe(false);    // the output of a hooked layer
    expect(keep.seen!.sum().item()).toBeTypeOf("number");
    expect(out.isDisposed).toBe(false);
  });
});
