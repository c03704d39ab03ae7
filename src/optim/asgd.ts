// optim.ASGD (lambd, alpha, t0): Python's single-tensor algorithm (its CPU
// default) or its multi-tensor one (foreach: true, or CUDA), over foreach kernels.
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike, tensor } from "../creation";
import { Signature, PyArgs } from "../args";
import { call, hs, FE, values, scalarDtype, addAll, realH, realT, beginStep } from "./_foreach";

export interface ASGDOptions {
  lr?: number; lambd?: number; alpha?: number; t0?: number; weightDecay?: number; foreach?: boolean | null;
  maximize?: boolean; differentiable?: boolean; capturable?: boolean;
}

export class ASGD extends Optimizer {
  static readonly signature = new Signature("ASGD.__init__",
    "params, lr: float = 0.01, lambd: float = 0.0001, alpha: float = 0.75, t0: float = 1000000.0, " +
    "weight_decay: float = 0, foreach: bool | None = None, maximize: bool = False, differentiable: bool = False, " +
    "capturable: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, lambd: number, alpha: number, t0: number, weightDecay: number,
    foreach: boolean | null, maximize: boolean, differentiable: boolean, capturable: boolean], ASGDOptions>);
  constructor(options: ASGDOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, lr, lambd, alpha, t0, weight_decay: weightDecay, foreach, maximize, differentiable, capturable } = ASGD.signature.bind(args);
    super(params as ParamsArg, { lr, lambd, alpha, t0, weight_decay: weightDecay, foreach, maximize, differentiable, capturable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    if (!((g.weight_decay as number) >= 0)) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const lr = g.lr as number, lambd = g.lambd as number, alpha = g.alpha as number, t0 = g.t0 as number, wd = g.weight_decay as number;
    const start = beginStep(this.state, g, (p) => {
      const o = { dtype: scalarDtype(), device: p.device };
      return { step: tensor(0, o), eta: tensor(lr, o), mu: tensor(1, o), ax: zerosLike(p) };
    }, "params, mus, etas, and state_steps");
    if (!start) return;
    const { params, st, steps, ph, foreach } = start;
    let { grads } = start;
    const etas = st.map((s) => s.eta as Tensor), mus = st.map((s) => s.mu as Tensor);
    const axs = st.map((s) => realH(s.ax as Tensor));
    if (wd !== 0) grads = addAll(grads, ph, wd, !!g.differentiable);
    if (foreach) {
      const inter = call(FE.add, grads, ph, lambd);
      call(FE.addcmulS_, ph, inter, hs(etas), -1);
      call(FE.addcmulS_, axs, call(FE.sub, ph, axs), hs(mus), 1);
      // lr / ((1 + lambd * lr * step) ** alpha) with the step tensor: Python's float32 tensor arithmetic
      for (let i = 0; i < steps.length; i++) {
        etas[i].copy_(steps[i].mul(lambd * lr).add(1).pow(alpha).reciprocal().mul(lr));
        mus[i].fill_(1 / Math.max(1, (steps[i].item() as number) - t0));
      }
      return;
    }
    const eta = values(etas);
    const real = params.map(realT);
    real.forEach((p, i) => p.mul_(1 - lambd * eta[i]).add_(new Tensor(grads[i] as never), -eta[i]));
    real.forEach((p, i) => {
      const ax = realT(st[i].ax as Tensor);
      if ((mus[i].item() as number) !== 1) ax.add_(p.sub(ax).mul_(mus[i]));
      else ax.copy_(p);
    });
    values(steps).forEach((k, i) => {
      etas[i].fill_(lr / (1 + lambd * lr * k) ** alpha);
      mus[i].fill_(1 / Math.max(1, k - t0));
    });
  }
}
