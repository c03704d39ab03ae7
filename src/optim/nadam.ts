// optim.NAdam (momentum_decay, decoupled_weight_decay): Python's single-tensor
// algorithm (its CPU default) or its multi-tensor one (foreach: true, or CUDA),
// each as a few foreach kernels over all parameters.
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike } from "../creation";
import { Signature, PyArgs } from "../args";
import { call, hs, FE, newStep, values, addAll, scaleAll_, realH, realT, beginStep } from "./_foreach";
import { validateAdamLike } from "./adamax";

export interface NAdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; momentumDecay?: number;
  decoupledWeightDecay?: boolean; foreach?: boolean | null; maximize?: boolean; capturable?: boolean; differentiable?: boolean;
}

export class NAdam extends Optimizer {
  static readonly signature = new Signature("NAdam.__init__",
    "params, lr: float = 0.002, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-08, " +
    "weight_decay: float = 0, momentum_decay: float = 0.004, decoupled_weight_decay: bool = False, *, " +
    "foreach: bool | None = None, maximize: bool = False, capturable: bool = False, differentiable: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, betas: [number, number], eps: number, weightDecay: number,
    momentumDecay: number, decoupledWeightDecay: boolean], NAdamOptions>);
  constructor(options: NAdamOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, lr, betas, eps, weight_decay: weightDecay, momentum_decay: momentumDecay,
      decoupled_weight_decay: decoupledWeightDecay, foreach, maximize, capturable, differentiable } = NAdam.signature.bind(args);
    super(params as ParamsArg, { lr, betas, eps, weight_decay: weightDecay, momentum_decay: momentumDecay, decoupled_weight_decay: decoupledWeightDecay,
      maximize, foreach, capturable, differentiable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    validateAdamLike(g);
    if (!((g.momentum_decay as number) >= 0)) throw new RangeError(`Invalid momentum_decay value: ${g.momentum_decay}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const lr = g.lr as number, [beta1, beta2] = g.betas as [number, number], eps = g.eps as number, wd = g.weight_decay as number;
    const md = g.momentum_decay as number, capturable = g.capturable as boolean;
    const start = beginStep(
      this.state, g,
      (p) => ({ step: newStep(p, capturable), mu_product: newStep(p, capturable, 1), exp_avg: zerosLike(p), exp_avg_sq: zerosLike(p) }),
      (fe) => (fe ? "params, mu_products, and state_steps" : "params, mu_products and state_steps"),
    );
    if (!start) return;
    const { params, st, steps, ph, foreach } = start;
    let { grads } = start;
    const muProducts = st.map((s) => s.mu_product as Tensor);
    if (wd !== 0) {
      if (g.decoupled_weight_decay) scaleAll_(ph, 1 - lr * wd, !!g.differentiable);
      else grads = addAll(grads, ph, wd, !!g.differentiable);
    }
    const ks = values(steps);
    if (!foreach && g.differentiable) {
      // Python's single-tensor algorithm op for op; its differentiable branch computes the step
      // sizes from the 0-dim mu_product tensors (float32 arithmetic, as Python does)
      ks.forEach((k, i) => {
        const p = realT(params[i]), grad = new Tensor(grads[i] as never);
        const expAvg = realT(st[i].exp_avg as Tensor), expAvgSq = realT(st[i].exp_avg_sq as Tensor), muProduct = muProducts[i];
        const mu = beta1 * (1.0 - 0.5 * 0.96 ** (k * md)), muNext = beta1 * (1.0 - 0.5 * 0.96 ** ((k + 1) * md));
        muProduct.mul_(mu);
        expAvg.lerp_(grad, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
        const denom = expAvgSq.div(1 - beta2 ** k).sqrt().add(eps);
        const muProductNext = muProduct.mul(muNext);
        // float / tensor is Python's tensor.reciprocal() * float; 1.0 - tensor its rsub
        const g1 = grad.mul(muProduct.neg().add(1.0).reciprocal().mul(-lr * (1.0 - mu)));
        const e1 = expAvg.mul(muProductNext.neg().add(1.0).reciprocal().mul(-lr * muNext));
        p.addcdiv_(g1, denom);
        p.addcdiv_(e1, denom);
      });
      return;
    }
    const mus = ks.map((k) => beta1 * (1.0 - 0.5 * 0.96 ** (k * md)));
    const muNexts = ks.map((k) => beta1 * (1.0 - 0.5 * 0.96 ** ((k + 1) * md)));
    call(FE.mulSL_, hs(muProducts), mus);
    const expAvg = st.map((s) => realH(s.exp_avg as Tensor)), expAvgSq = st.map((s) => realH(s.exp_avg_sq as Tensor));
    call(FE.lerpS_, expAvg, grads, 1 - beta1);
    call(FE.mulS_, expAvgSq, beta2);
    call(FE.addcmulS_, expAvgSq, grads, grads, 1 - beta2);
    let denom: unknown[];
    if (foreach) {
      denom = call(FE.sqrt, expAvgSq);
      call(FE.divSL_, denom, ks.map((k) => (1 - beta2 ** k) ** 0.5));
    } else {
      // single-tensor: exp_avg_sq.div(bias_correction2).sqrt()
      denom = call(FE.divSL, expAvgSq, ks.map((k) => 1 - beta2 ** k));
      call(FE.sqrt_, denom);
    }
    call(FE.addS_, denom, eps);
    const mp = values(muProducts);
    const sizeGrad = mp.map((m, i) => (-lr * (1.0 - mus[i])) / (1.0 - m));
    const sizeAvg = mp.map((m, i) => (-lr * muNexts[i]) / (1.0 - m * muNexts[i]));
    call(FE.addcdivSL_, ph, grads, denom, sizeGrad);
    call(FE.addcdivSL_, ph, expAvg, denom, sizeAvg);
  }
}
