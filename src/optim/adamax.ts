// optim.Adamax: Python's algorithm as a few foreach kernels over all parameters
// (its single-tensor and multi-tensor paths give the same values).
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike } from "../creation";
import { Signature, PyArgs } from "../args";
import { cat } from "../functions";
import { call, FE, newStep, values, addAll, realH, realT, beginStep } from "./_foreach";

export interface AdamaxOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; foreach?: boolean | null;
  maximize?: boolean; differentiable?: boolean; capturable?: boolean;
}

/** Checks shared by the Adam family: eps, betas, weight_decay (Python's ValueError texts). */
export function validateAdamLike(g: ParamGroup): void {
  const [b1, b2] = g.betas as [number, number];
  if (!((g.eps as number) >= 0)) throw new RangeError(`Invalid epsilon value: ${g.eps}`);
  if (!(b1 >= 0 && b1 < 1)) throw new RangeError(`Invalid beta parameter at index 0: ${b1}`);
  if (!(b2 >= 0 && b2 < 1)) throw new RangeError(`Invalid beta parameter at index 1: ${b2}`);
  if (!((g.weight_decay as number) >= 0)) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
}

export class Adamax extends Optimizer {
  static readonly signature = new Signature("Adamax.__init__",
    "params, lr: float = 0.002, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-08, " +
    "weight_decay: float = 0, foreach: bool | None = None, *, maximize: bool = False, differentiable: bool = False, " +
    "capturable: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, betas: [number, number], eps: number, weightDecay: number,
    foreach: boolean | null], AdamaxOptions>);
  constructor(options: AdamaxOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, lr, betas, eps, weight_decay: weightDecay, foreach, maximize, differentiable, capturable } = Adamax.signature.bind(args);
    super(params as ParamsArg, { lr, betas, eps, weight_decay: weightDecay, foreach, maximize, differentiable, capturable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    validateAdamLike(g);
  }
  protected updateGroup(g: ParamGroup): void {
    const lr = g.lr as number, [beta1, beta2] = g.betas as [number, number], eps = g.eps as number, wd = g.weight_decay as number;
    const start = beginStep(this.state, g, (p) => ({ step: newStep(p, g.capturable as boolean), exp_avg: zerosLike(p), exp_inf: zerosLike(p) }), "params and state_steps");
    if (!start) return;
    const { params, st, steps, ph, foreach } = start;
    let { grads } = start;
    if (wd !== 0) grads = addAll(grads, ph, wd, !!g.differentiable);
    if (!foreach && g.differentiable) {
      // Python's single-tensor algorithm op for op (cat + amax instead of maximum)
      values(steps).forEach((k, i) => {
        const p = realT(params[i]), grad = new Tensor(grads[i] as never);
        const expAvg = realT(st[i].exp_avg as Tensor), expInf = realT(st[i].exp_inf as Tensor);
        expAvg.lerp_(grad, 1 - beta1);
        const normBuf = cat([expInf.mul_(beta2).unsqueeze(0), grad.abs().add_(eps).unsqueeze_(0)], 0);
        expInf.copy_(normBuf.amax(0, false));
        p.addcdiv_(expAvg, expInf, { value: -(lr / (1 - beta1 ** k)) });
      });
      return;
    }
    const expAvg = st.map((s) => realH(s.exp_avg as Tensor)), expInf = st.map((s) => realH(s.exp_inf as Tensor));
    call(FE.lerpS_, expAvg, grads, 1 - beta1);
    call(FE.mulS_, expInf, beta2);
    const absEps = call(FE.abs, grads);
    call(FE.addS_, absEps, eps);
    call(FE.maximum_, expInf, absEps);
    const stepSize = values(steps).map((k) => (lr / (1 - beta1 ** k)) * -1);
    call(FE.addcdivSL_, ph, expAvg, expInf, stepSize);
  }
}
