// Module full backward hooks: Python's torch.utils.hooks.BackwardHook.
//
// When a module has full backward (pre-)hooks, calling it passes the tensor
// inputs through an identity autograd Function (BackwardHookFunction, as in
// Python) before forward, and the tensor outputs through another one after.
// The output node's backward sees the gradients with respect to the outputs
// (runs the pre-hooks, may replace them); the input node's backward sees the
// gradients with respect to the inputs (runs the hooks with both, may replace
// them). Python registers these as post-hooks of the two nodes; here they run
// inside the nodes' backward, which is the same thing for an identity.
import { warnOnce } from "../warnings";
import { Tensor } from "../tensor";
import { Function, FunctionCtx } from "../function";
import { native } from "../native";
import type { Module } from "./module";

type Grads = (Tensor | null)[];
type Hook = (...a: any[]) => unknown;
type Callback = (grads: Grads) => Grads;

/** The identity Function Python wraps hooked modules' inputs and outputs in (node name BackwardHookFunctionBackward). */
class BackwardHookFunction extends Function {
  static forward(ctx: FunctionCtx, cb: Callback, materialize: boolean, ...args: Tensor[]): Tensor[] {
    const nd = args.filter((a) => !a.requiresGrad);
    if (nd.length > 0) ctx.markNonDifferentiable(...nd);
    if (!materialize) ctx.setMaterializeGrads(false);
    ctx.cb = cb;
    return args;
  }
  static backward(ctx: FunctionCtx, ...grads: Grads): Grads {
    return [null, null, ...(ctx.cb as Callback)(grads)];
  }
}


function typeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === "object" || typeof v === "function") return `<class '${(v as object).constructor?.name ?? "object"}'>`;
  return `<class '${typeof v}'>`;
}

/** @internal one module call's backward hook state (Python's BackwardHook). */
export class BackwardHook {
  private gradOutputs: Grads | null = null;
  private nOutputs = -1;
  private outputIdx: number[] | null = null;
  private nInputs = -1;
  private inputIdx: number[] | null = null;

  constructor(private readonly module: Module, private readonly hooks: Hook[], private readonly preHooks: Hook[]) {}

  private pack(idx: number[], values: Grads, size: number): Grads {
    const res: Grads = new Array(size).fill(null);
    idx.forEach((i, k) => (res[i] = values[k] ?? null));
    return res;
  }

  private applyOnTensors(cb: Callback, args: unknown[], materialize: boolean): [unknown[], number[] | null] {
    const idx: number[] = [];
    const tensors: Tensor[] = [];
    let requiresGrad = false;
    args.forEach((a, i) => {
      if (a instanceof Tensor) {
        idx.push(i);
        tensors.push(a);
        requiresGrad ||= a.requiresGrad;
      }
    });
    if (!(requiresGrad && native.isGradEnabled())) return [args, null];
    const out = BackwardHookFunction.apply(cb, materialize, ...tensors) as Tensor[];
    const res = [...args];
    idx.forEach((i, k) => (res[i] = out[k]));
    return [res, idx];
  }

  setupInputHook(args: unknown[]): unknown[] {
    const cb: Callback = (gradInput) => {
      // the gradient reached the inputs without passing through the outputs (e.g. double backward)
      if (this.gradOutputs === null) return gradInput;
      let res = this.pack(this.inputIdx!, gradInput, this.nInputs);
      for (const hook of this.hooks) {
        const out = hook(this.module, res, this.gradOutputs);
        if (out === null || out === undefined) continue;
        const n = Array.isArray(out) ? out.length : 1;
        if (!Array.isArray(out) || n !== res.length)
          throw new Error(`Backward hook returned an invalid number of grad_input, got ${n}, but expected ${res.length}`);
        res = out as Grads;
      }
      this.gradOutputs = null;
      return this.inputIdx!.map((i) => res[i] ?? null);
    };
    const [res, idx] = this.applyOnTensors(cb, args, true);
    this.nInputs = args.length;
    this.inputIdx = idx;
    return res;
  }

  setupOutputHook(result: unknown): unknown {
    const isTuple = Array.isArray(result);
    if (!isTuple && !(result instanceof Tensor))
      warnOnce(`For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received ${typeName(result)}`);
    const args = isTuple ? (result as unknown[]) : [result];
    const cb: Callback = (gradOutput) => {
      this.gradOutputs = this.pack(this.outputIdx!, gradOutput, this.nOutputs);
      const expected = this.gradOutputs.length;
      for (const pre of this.preHooks) {
        const r = pre(this.module, this.gradOutputs);
        if (r === null || r === undefined) continue;
        const n = Array.isArray(r) ? r.length : 1;
        if (!Array.isArray(r) || n !== expected)
          throw new Error(`Backward pre hook returned an invalid number of grad_output, got ${n}, but expected ${expected}`);
        this.gradOutputs = r as Grads;
      }
      const local = this.gradOutputs;
      // no input requires grad: the hooks run now, with null for every gradInput
      if (this.inputIdx === null) {
        warnOnce("Full backward hook is firing when gradients are computed with respect to module outputs since no inputs require gradients. " +
          "See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.");
        const gradInputs: Grads = new Array(this.nInputs).fill(null);
        for (const hook of this.hooks) {
          const r = hook(this.module, gradInputs, this.gradOutputs);
          if (r !== null && r !== undefined && !(Array.isArray(r) && r.every((e) => e === null || e === undefined)))
            throw new Error("Backward hook for Modules where no input requires gradient should always return None or None for all gradients.");
        }
        this.gradOutputs = null;
      }
      return this.outputIdx!.map((i) => local![i] ?? null);
    };
    const [res, idx] = this.applyOnTensors(cb, args, false);
    this.nOutputs = args.length;
    this.outputIdx = idx;
    return isTuple ? res : res[0];
  }
}
