// optim.Adadelta: Python's algorithm as a few foreach kernels over all
// parameters (its single-tensor and multi-tensor paths do the same ops).
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike } from "../creation";
import { Signature, PyArgs } from "../args";
import { call, hs, FE, newStep, useForeach, checkCapturable, incrementSteps , negAll, addAll, scaleAll_ , realH, realT } from "./_foreach";

export interface AdadeltaOptions {
  lr?: number; rho?: number; eps?: number; weightDecay?: number; foreach?: boolean | null;
  capturable?: boolean; maximize?: boolean; differentiable?: boolean;
}

export class Adadelta extends Optimizer {
  static readonly signature = new Signature("Adadelta.__init__",
    "params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-06, weight_decay: float = 0, " +
    "foreach: bool | None = None, *, capturable: bool = False, maximize: bool = False, differentiable: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, rho: number, eps: number, weightDecay: number, foreach: boolean | null], AdadeltaOptions>);
  constructor(options: AdadeltaOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, lr, rho, eps, weight_decay: weightDecay, foreach, capturable, maximize, differentiable } = Adadelta.signature.bind(args);
    super(params as ParamsArg, { lr, rho, eps, weight_decay: weightDecay, maximize, capturable, foreach, differentiable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    const rho = g.rho as number;
    if (!(rho >= 0 && rho <= 1)) throw new RangeError(`Invalid rho value: ${rho}`);
    if (!((g.eps as number) >= 0)) throw new RangeError(`Invalid epsilon value: ${g.eps}`);
    if (!((g.weight_decay as number) >= 0)) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const params = g.params.filter((p) => p.grad !== null);
    if (!params.length) return;
    const lr = g.lr as number, rho = g.rho as number, eps = g.eps as number, wd = g.weight_decay as number;
    for (const p of params)
      if (!this.state.has(p)) this.state.set(p, { step: newStep(p, g.capturable as boolean), square_avg: zerosLike(p), acc_delta: zerosLike(p) });
    const foreach = useForeach(g, params);
    checkCapturable(g, params, "params and state_steps", false);
    const st = params.map((p) => this.state.get(p)!);
    incrementSteps(st.map((s) => s.step as Tensor));
    if (!foreach && g.differentiable) {
      // Python's single-tensor algorithm op for op (its clones keep autograd's saved tensors intact)
      params.forEach((param, i) => {
        const p = realT(param);
        let grad = realT(param.grad!);
        if (g.maximize) grad = grad.neg();
        if (wd !== 0) grad = grad.add(p, wd);
        const sqAvg = realT(st[i].square_avg as Tensor), accDelta = realT(st[i].acc_delta as Tensor);
        sqAvg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
        const std = sqAvg.add(eps).sqrt_();
        const delta = accDelta.add(eps).sqrt_().clone();
        delta.div_(std).mul_(grad);
        accDelta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
        p.add_(delta, -lr);
      });
      return;
    }
    // otherwise both of Python's paths run these kernels in this order
    const ph = params.map(realH);
    let grads: unknown[] = params.map((p) => realH(p.grad!));
    if (g.maximize) grads = negAll(grads, !!g.differentiable);
    if (wd !== 0) grads = addAll(grads, ph, wd, !!g.differentiable);
    const sq = st.map((s) => realH(s.square_avg as Tensor)), acc = st.map((s) => realH(s.acc_delta as Tensor));
    call(FE.mulS_, sq, rho);
    call(FE.addcmulS_, sq, grads, grads, 1 - rho);
    const std = call(FE.addS, sq, eps);
    call(FE.sqrt_, std);
    const deltas = call(FE.addS, acc, eps);
    call(FE.sqrt_, deltas);
    call(FE.div_, deltas, std);
    call(FE.mul_, deltas, grads);
    call(FE.mulS_, acc, rho);
    call(FE.addcmulS_, acc, deltas, deltas, 1 - rho);
    call(FE.add_, ph, deltas, -lr);
  }
}
