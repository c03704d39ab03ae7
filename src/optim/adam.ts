// optim.Adam and optim.AdamW (amsgrad, weight decay, maximize): Python's
// multi-tensor algorithm, a few foreach calls per step over all parameters.
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { zerosLike, tensor } from "../creation";
import * as dt from "../dtype";

const call = native.callOp;
const ADD_LIST = opId("_foreach_add", "List"), MUL_S_ = opId("_foreach_mul_", "Scalar"), NEG = opId("_foreach_neg");
const LERP_S_ = opId("_foreach_lerp_", "Scalar"), ADDCMUL_S_ = opId("_foreach_addcmul_", "Scalar"), SQRT = opId("_foreach_sqrt");
const DIV_SL_ = opId("_foreach_div_", "ScalarList"), ADD_S_ = opId("_foreach_add_", "Scalar");
const ADDCDIV_SL_ = opId("_foreach_addcdiv_", "ScalarList"), MAX_LIST_ = opId("_foreach_maximum_", "List");

export interface AdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; maximize?: boolean;
}

export class Adam extends Optimizer {
  constructor(params: ParamsArg, options: AdamOptions = {}, decoupled = false) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = decoupled ? 1e-2 : 0, amsgrad = false, maximize = false } = options;
    super(params, { lr, betas, eps, weight_decay: weightDecay, amsgrad, maximize, foreach: null, capturable: false,
      differentiable: false, fused: null, decoupled_weight_decay: decoupled });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    const [b1, b2] = g.betas as [number, number];
    if ((g.eps as number) < 0) throw new RangeError(`Invalid epsilon value: ${g.eps}`);
    if (!(b1 >= 0 && b1 < 1)) throw new RangeError(`Invalid beta parameter at index 0: ${b1}`);
    if (!(b2 >= 0 && b2 < 1)) throw new RangeError(`Invalid beta parameter at index 1: ${b2}`);
    if ((g.weight_decay as number) < 0) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const params = g.params.filter((p) => p.grad !== null);
    if (!params.length) return;
    const lr = g.lr as number, [beta1, beta2] = g.betas as [number, number], eps = g.eps as number;
    const wd = g.weight_decay as number, amsgrad = g.amsgrad as boolean;
    for (const p of params) {
      if (!this.state.has(p)) {
        const s: Record<string, unknown> = { step: tensor(0.0, { dtype: dt.float32 }), exp_avg: zerosLike(p), exp_avg_sq: zerosLike(p) };
        if (amsgrad) s.max_exp_avg_sq = zerosLike(p);
        this.state.set(p, s);
      }
    }
    const st = params.map((p) => this.state.get(p)!);
    const ph = params.map((p) => p._h);
    let grads: unknown[] = params.map((p) => p.grad!._h);
    if (g.maximize) grads = call(NEG, grads);
    for (const s of st) (s.step as Tensor).add_(1);
    if (wd !== 0) {
      if (g.decoupled_weight_decay) call(MUL_S_, ph, 1 - lr * wd);
      else grads = call(ADD_LIST, grads, ph, wd);
    }
    const expAvg = st.map((s) => (s.exp_avg as Tensor)._h), expAvgSq = st.map((s) => (s.exp_avg_sq as Tensor)._h);
    call(LERP_S_, expAvg, grads, 1 - beta1);
    call(MUL_S_, expAvgSq, beta2);
    call(ADDCMUL_S_, expAvgSq, grads, grads, 1 - beta2);
    const steps = st.map((s) => (s.step as Tensor).item() as number);
    const bc1 = steps.map((k) => 1 - beta1 ** k), bc2 = steps.map((k) => 1 - beta2 ** k);
    const stepSize = bc1.map((b) => (lr / b) * -1);
    const bc2Sqrt = bc2.map((b) => b ** 0.5);
    let denom: unknown[];
    if (amsgrad) {
      const maxes = st.map((s) => (s.max_exp_avg_sq as Tensor)._h);
      call(MAX_LIST_, maxes, expAvgSq);
      denom = call(SQRT, maxes);
    } else denom = call(SQRT, expAvgSq);
    call(DIV_SL_, denom, bc2Sqrt);
    call(ADD_S_, denom, eps);
    call(ADDCDIV_SL_, ph, expAvg, denom, stepSize);
  }
}

/** optim.AdamW: Adam with decoupled weight decay (default 1e-2). */
export class AdamW extends Adam {
  constructor(params: ParamsArg, options: AdamOptions = {}) {
    super(params, options, true);
  }
}
