// torch.autograd.Function in TypeScript against the same functions in Python.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor } from "../src";
import type { FunctionCtx } from "../src/function";

type Enc = { shape: number[]; values: number[] } | null;
const py = JSON.parse(readFileSync(join(__dirname, "fixtures", "function.json"), "utf8"));
const f32 = { dtype: torch.float32 };
const same = (t: Tensor | null, e: Enc) => {
  if (e === null) return expect(t).toBeNull();
  expect(t!.shape).toEqual(e.shape);
  expect(Array.from(t!.detach().toTypedArray() as Float32Array)).toEqual(e.values);
};
const Fn = torch.autograd.Function;

class MyMul extends Fn {
  static forward(ctx: FunctionCtx, x: Tensor, y: Tensor, k: number) {
    ctx.saveForBackward(x, y);
    ctx.k = k;
    return x.mul(y).mul(k);
  }
  static backward(ctx: FunctionCtx, g: Tensor) {
    const [x, y] = ctx.savedTensors;
    const k = ctx.k as number;
    return [g.mul(y).mul(k), g.mul(x).mul(k), null];
  }
}

describe("torch.autograd.Function", () => {
  it("forward, saved tensors, ctx fields, non-tensor arguments; Python's grad_fn name", () => {
    const x = torch.tensor([1, 2, 3], { ...f32, requiresGrad: true });
    const y = torch.tensor([4, 5, 6], { ...f32, requiresGrad: true });
    const z = MyMul.apply(x, y, 2) as Tensor;
    same(z, py.mul_out);
    expect(String(z)).toBe(py.mul_repr);
    z.sum().backward();
    same(x.grad, py.mul_grads[0]);
    same(y.grad, py.mul_grads[1]);
  });

  it("several outputs", () => {
    class Split2 extends Fn {
      static forward(_ctx: FunctionCtx, x: Tensor) { return [x.mul(2), x.mul(3)]; }
      static backward(_ctx: FunctionCtx, g1: Tensor, g2: Tensor) { return g1.mul(2).add(g2.mul(3)); }
    }
    const a = torch.tensor([1, -1], { ...f32, requiresGrad: true });
    const [p, q] = Split2.apply(a) as Tensor[];
    p.sum().add(q.pow(2).sum()).backward();
    same(p, py.multi_out[0]);
    same(q, py.multi_out[1]);
    same(a.grad, py.multi_out[2]);
  });

  it("needsInputGrad", () => {
    let flags: boolean[] = [];
    class Needs extends Fn {
      static forward(ctx: FunctionCtx, x: Tensor, y: Tensor) { flags = ctx.needsInputGrad; return x.add(y); }
      static backward(ctx: FunctionCtx, g: Tensor) { return [g, ctx.needsInputGrad[1] ? g : null]; }
    }
    const n1 = torch.ones(2, { requiresGrad: true });
    (Needs.apply(n1, torch.ones(2)) as Tensor).sum().backward();
    expect(flags).toEqual(py.needs_grad);
    same(n1.grad, py.needs_grad_x);
  });

  it("markNonDifferentiable", () => {
    class SortFn extends Fn {
      static forward(ctx: FunctionCtx, x: Tensor) {
        const { values, indices } = x.sort();
        ctx.markNonDifferentiable(indices);
        ctx.saveForBackward(indices);
        return [values, indices];
      }
      static backward(ctx: FunctionCtx, gv: Tensor) {
        const [i] = ctx.savedTensors;
        return torch.zerosLike(gv).scatter_(0, i, gv);
      }
    }
    const s = torch.tensor([3, 1, 2], { ...f32, requiresGrad: true });
    const [v, i] = SortFn.apply(s) as Tensor[];
    expect([v.requiresGrad, i.requiresGrad]).toEqual(py.sort_requires_grad);
    v.mul(torch.tensor([1, 10, 100], f32)).sum().backward();
    same(s.grad, py.sort_grad);
  });

  it("markDirty: the in-place output is the input object itself", () => {
    class Double_ extends Fn {
      static forward(ctx: FunctionCtx, x: Tensor) { x.mul_(2); ctx.markDirty(x); return x; }
      static backward(_ctx: FunctionCtx, g: Tensor) { return g.mul(2); }
    }
    const d0 = torch.tensor([1, 2], { ...f32, requiresGrad: true });
    const d = d0.clone();
    const dd = Double_.apply(d) as Tensor;
    expect(dd === d).toBe(py.dirty_same);
    dd.sum().backward();
    same(dd, py.dirty[0]);
    same(d0.grad, py.dirty[1]);
  });

  it("a wrong number of gradients throws Python's message", () => {
    class Bad extends Fn {
      static forward(_ctx: FunctionCtx, x: Tensor) { return x.clone(); }
      static backward(_ctx: FunctionCtx, g: Tensor) { return [g, g]; }
    }
    expect(() => (Bad.apply(torch.ones(2, { requiresGrad: true })) as Tensor).sum().backward()).toThrow(py.bad_count);
  });

  it("higher-order gradients through a custom function", () => {
    class Cube extends Fn {
      static forward(ctx: FunctionCtx, x: Tensor) { ctx.saveForBackward(x); return x.pow(3); }
      static backward(ctx: FunctionCtx, g: Tensor) { const [x] = ctx.savedTensors; return g.mul(3).mul(x.pow(2)); }
    }
    const c = torch.tensor([1, 2], { ...f32, requiresGrad: true });
    const [gc] = torch.autograd.grad((Cube.apply(c) as Tensor).sum(), c, { createGraph: true });
    const [gc2] = torch.autograd.grad(gc!.sum(), c);
    same(gc, py.second_order[0]);
    same(gc2, py.second_order[1]);
  });

  it("setMaterializeGrads(false) passes null for unused outputs", () => {
    const seen: boolean[][] = [];
    class NoMat extends Fn {
      static forward(ctx: FunctionCtx, x: Tensor) { ctx.setMaterializeGrads(false); return [x.mul(1), x.mul(2)]; }
      static backward(_ctx: FunctionCtx, g1: Tensor | null, g2: Tensor | null) {
        seen.push([g1 === null, g2 === null]);
        return g1 !== null ? g1 : g2!.mul(2);
      }
    }
    const m = torch.ones(2, { requiresGrad: true });
    const [, m2] = NoMat.apply(m) as Tensor[];
    m2.sum().backward();
    expect(seen).toEqual(py.materialize_seen);
    same(m.grad, py.materialize_grad);
  });

  it("ctx outside forward/backward, bad returns and missing methods throw clearly", () => {
    let kept: FunctionCtx | null = null;
    class Keep extends Fn {
      static forward(ctx: FunctionCtx, x: Tensor) { kept = ctx; return x.clone(); }
      static backward(_ctx: FunctionCtx, g: Tensor) { return g; }
    }
    Keep.apply(torch.ones(1, { requiresGrad: true }));
    expect(() => kept!.saveForBackward(torch.ones(1))).toThrow(/only be used inside forward\(\) or backward\(\)/);
    class NotTensor extends Fn {
      static forward() { return 3 as never; }
    }
    expect(() => NotTensor.apply(torch.ones(1))).toThrow(/must return a Tensor or an array of Tensors/);
    class NoForward extends Fn {}
    expect(() => NoForward.apply(torch.ones(1))).toThrow(/implement the forward function/);
  });
});
