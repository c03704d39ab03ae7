// torch.autograd.Function: custom autograd operations written in TypeScript.
//   class MyFn extends torch.autograd.Function {
//     static forward(ctx, x, y) { ctx.saveForBackward(x, y); return x.mul(y); }
//     static backward(ctx, g) { const [x, y] = ctx.savedTensors; return [g.mul(y), g.mul(x)]; }
//   }
//   const z = MyFn.apply(x, y);
// Backward runs inside LibTorch's autograd engine (a torch::autograd::Function
// node), on the JS thread, like every other node of the graph.
import { native, Handle } from "./native";
import { Tensor } from "./tensor";
import { describe } from "./device";

/** The ctx given to forward and backward (Python's FunctionCtx). Other fields may be set freely. */
export class FunctionCtx {
  /** @internal the native ctx while forward/backward runs; null otherwise */
  _c: object | null = null;
  /** For each argument of forward: whether it is a tensor that requires grad (Python's ctx.needs_input_grad). */
  needsInputGrad: boolean[] = [];
  [key: string]: unknown;

  private live(what: string): object {
    if (this._c === null) throw new Error(`ctx.${what} can only be used inside forward() or backward()`);
    return this._c;
  }
  private handles(what: string, ts: unknown[], allowNull: boolean): (Handle | null)[] {
    return ts.map((t, i) => {
      if (t instanceof Tensor) return t._h;
      if (allowNull && (t === null || t === undefined)) return null;
      throw new TypeError(`${what}(): argument ${i} must be a Tensor${allowNull ? " or null" : ""}, not ${describe(t)}`);
    });
  }
  /** Saves tensors for backward (read back with savedTensors). */
  saveForBackward(...tensors: (Tensor | null)[]): void {
    native.ctxSaveForBackward(this.live("saveForBackward"), this.handles("save_for_backward", tensors, true));
  }
  /** The tensors saved in forward, checked by LibTorch (an in-place change since then throws). */
  get savedTensors(): Tensor[] {
    return native.ctxSavedTensors(this.live("savedTensors")).map((h) => (h === null ? (null as unknown as Tensor) : new Tensor(h)));
  }
  /** Marks inputs modified in place by forward. */
  markDirty(...tensors: Tensor[]): void {
    native.ctxMarkDirty(this.live("markDirty"), this.handles("mark_dirty", tensors, false) as Handle[]);
  }
  /** Marks outputs that are not differentiable. */
  markNonDifferentiable(...tensors: Tensor[]): void {
    native.ctxMarkNonDifferentiable(this.live("markNonDifferentiable"), this.handles("mark_non_differentiable", tensors, false) as Handle[]);
  }
  /** With false, undefined output gradients reach backward as null instead of zeros. */
  setMaterializeGrads(value: boolean): void {
    native.ctxSetMaterializeGrads(this.live("setMaterializeGrads"), value);
  }
}

type GradOut = Tensor | null | undefined;

/** Base class of custom autograd functions; subclasses define static forward and backward. */
export class Function {
  static forward(ctx: FunctionCtx, ...args: unknown[]): Tensor | Tensor[] {
    void ctx;
    void args;
    throw new Error("You must implement the forward function for custom autograd.Function.");
  }
  static backward(ctx: FunctionCtx, ...gradOutputs: (Tensor | null)[]): GradOut | GradOut[] {
    void ctx;
    void gradOutputs;
    throw new Error("You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.");
  }

  /** Runs forward and records backward in the autograd graph (Python's Function.apply). */
  static apply<T extends typeof Function>(this: T, ...args: unknown[]): any {
    const cls = this;
    const tensorPos: number[] = [];
    args.forEach((a, i) => {
      if (a instanceof Tensor) tensorPos.push(i);
    });
    const gradOn = native.isGradEnabled();
    const ctx = new FunctionCtx();
    ctx.needsInputGrad = args.map((a) => a instanceof Tensor && gradOn && a.requiresGrad);
    let single = false;
    const forward = (c: object): Handle[] => {
      ctx._c = c;
      try {
        const out = cls.forward(ctx, ...args);
        single = out instanceof Tensor;
        const list = single ? [out as Tensor] : out;
        if (!Array.isArray(list) || list.some((t) => !(t instanceof Tensor)))
          throw new TypeError(`${cls.name}.forward must return a Tensor or an array of Tensors, not ${describe(out)}`);
        return (list as Tensor[]).map((t) => t._h);
      } finally {
        ctx._c = null;
      }
    };
    const backward = (c: object, grads: (Handle | null)[]): (Handle | null)[] => {
      ctx._c = c;
      try {
        const r = cls.backward(ctx, ...grads.map((h) => (h === null ? null : new Tensor(h))));
        const list = Array.isArray(r) ? r : [r];
        if (list.length !== args.length)
          throw new Error(`function ${cls.name}Backward returned an incorrect number of gradients (expected ${args.length}, got ${list.length})`);
        return tensorPos.map((i) => {
          const g = list[i];
          if (g === null || g === undefined) return null;
          if (!(g instanceof Tensor)) throw new TypeError(`${cls.name}.backward returned ${describe(g)} for argument ${i}; expected a Tensor or null`);
          return g._h;
        });
      } finally {
        ctx._c = null;
      }
    };
    const inputs = tensorPos.map((i) => args[i] as Tensor);
    // an output that is an input (marked dirty, modified in place) is the caller's own object, as in Python
    const outs = native.functionApply(inputs.map((t) => t._h), forward, backward, `${cls.name}Backward`)
      .map((h) => inputs.find((t) => native.sameTensor(t._h, h)) ?? new Tensor(h));
    return single ? outs[0] : outs;
  }
}
