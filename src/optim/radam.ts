// optim.RAdam (decoupled_weight_decay): Python's single-tensor algorithm (its
// CPU default) or its multi-tensor one (foreach: true, or CUDA), each as a few
// foreach kernels over all parameters.
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike } from "../creation";
import { Signature } from "../args";
import { call, FE, newStep, values, addAll, scaleAll_, realH, realT, beginStep } from "./_foreach";
import { validateAdamLike } from "./adamax";

export interface RAdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; decoupledWeightDecay?: boolean;
  foreach?: boolean | null; maximize?: boolean; capturable?: boolean; differentiable?: boolean;
}

export class RAdam extends Optimizer {
  static readonly signature = new Signature("RAdam.__init__",
    "params, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-08, " +
    "weight_decay: float = 0, decoupled_weight_decay: bool = False, *, foreach: bool | None = None, " +
    "maximize: bool = False, capturable: bool = False, differentiable: bool = False");
  constructor(params: ParamsArg, options?: RAdamOptions);
  constructor(params: ParamsArg, lr?: number, betas?: [number, number], eps?: number, weightDecay?: number, decoupledWeightDecay?: boolean,
    options?: RAdamOptions);
  constructor(...args: unknown[]) {
    const { params, lr, betas, eps, weight_decay: weightDecay, decoupled_weight_decay: decoupledWeightDecay, foreach, maximize,
      capturable, differentiable } = RAdam.signature.bind(args);
    super(params as ParamsArg, { lr, betas, eps, weight_decay: weightDecay, maximize, foreach, capturable, decoupled_weight_decay: decoupledWeightDecay,
      differentiable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    validateAdamLike(g);
  }
  protected updateGroup(g: ParamGroup): void {
    const lr = g.lr as number, [beta1, beta2] = g.betas as [number, number], eps = g.eps as number, wd = g.weight_decay as number;
    const start = beginStep(this.state, g, (p) => ({ step: newStep(p, g.capturable as boolean), exp_avg: zerosLike(p), exp_avg_sq: zerosLike(p) }), "params and state_steps");
    if (!start) return;
    const { params, st, steps, ph, foreach } = start;
    let { grads } = start;
    if (wd !== 0) {
      if (g.decoupled_weight_decay) scaleAll_(ph, 1 - lr * wd, !!g.differentiable);
      else grads = addAll(grads, ph, wd, !!g.differentiable);
    }
    const expAvg = st.map((s) => realH(s.exp_avg as Tensor)), expAvgSq = st.map((s) => realH(s.exp_avg_sq as Tensor));
    call(FE.lerpS_, expAvg, grads, 1 - beta1);
    call(FE.mulS_, expAvgSq, beta2);
    call(FE.addcmulS_, expAvgSq, grads, grads, 1 - beta2);
    const ks = values(steps);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = ks.map((k) => rhoInf - (2 * k * beta2 ** k) / (1 - beta2 ** k));
    const rect = rhoT.map((r) => (r > 5 ? (((r - 4) * (r - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * r)) ** 0.5 : 0));
    const bc1 = ks.map((k) => 1 - beta1 ** k);
    if (foreach) {
      // buffer = sqrt(1 - beta2^t) * rect_step_size / (sqrt(v) + eps) + unrect_step_size; p += exp_avg * buffer
      const unrect = rect.map((r, i) => ((lr * (r > 0 ? 0 : 1.0)) / bc1[i]) * -1);
      const bc2 = ks.map((k, i) => (1 - beta2 ** k) ** 0.5 * ((lr * rect[i]) / bc1[i]) * -1);
      const buffer = call(FE.sqrt, expAvgSq);
      call(FE.addS_, buffer, eps);
      call(FE.divSL_, buffer, bc2);
      call(FE.reciprocal_, buffer);
      call(FE.addSL_, buffer, unrect);
      call(FE.addcmulS_, ph, expAvg, buffer, 1);
      return;
    }
    if (g.differentiable) {
      // Python's single-tensor algorithm op for op, per parameter
      params.map(realT).forEach((p, i) => {
        const expAvg = realT(st[i].exp_avg as Tensor), expAvgSq = realT(st[i].exp_avg_sq as Tensor);
        const upd = expAvg.div(bc1[i]).mul(lr);
        if (rhoT[i] > 5) {
          const adaptive = expAvgSq.sqrt().add(eps).reciprocal().mul((1 - beta2 ** ks[i]) ** 0.5);
          p.add_(upd.mul(adaptive).mul(rect[i]), -1.0);
        } else p.add_(upd, -1.0);
      });
      return;
    }
    // single-tensor: bias_corrected_exp_avg * lr [* (sqrt(bc2) / (sqrt(v) + eps)) * rect], as Python evaluates it
    const upd = call(FE.mulS, call(FE.divSL, expAvg, bc1), lr) as unknown[];
    const on = rhoT.map((r, i) => (r > 5 ? i : -1)).filter((i) => i >= 0);
    if (on.length) {
      const adaptive = call(FE.sqrt, on.map((i) => expAvgSq[i]));
      call(FE.addS_, adaptive, eps);
      call(FE.reciprocal_, adaptive);
      call(FE.mulSL_, adaptive, on.map((i) => (1 - beta2 ** ks[i]) ** 0.5));
      const scaled = call(FE.mul, on.map((i) => upd[i]), adaptive) as unknown[];
      call(FE.mulSL_, scaled, on.map((i) => rect[i]));
      on.forEach((i, j) => (upd[i] = scaled[j]));
    }
    call(FE.add_, ph, upd, -1.0);
  }
}
