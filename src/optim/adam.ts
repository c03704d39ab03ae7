// optim.Adam and optim.AdamW (amsgrad, weight decay, maximize): Python's
// multi-tensor algorithm, a few foreach calls per step over all parameters.
import { Optimizer, ParamGroup, ParamsArg, checkFused } from "./optimizer";
import { checkCapturable } from "./_foreach";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { zerosLike, tensor } from "../creation";
import * as dt from "../dtype";
import { Signature, PyArgs } from "../args";

const call = native.callOp;
const ADD_LIST = opId("_foreach_add", "List"), MUL_S_ = opId("_foreach_mul_", "Scalar"), NEG = opId("_foreach_neg");
const LERP_S_ = opId("_foreach_lerp_", "Scalar"), ADDCMUL_S_ = opId("_foreach_addcmul_", "Scalar"), SQRT = opId("_foreach_sqrt");
const DIV_SL_ = opId("_foreach_div_", "ScalarList"), ADD_S_ = opId("_foreach_add_", "Scalar");
const ADDCDIV_SL_ = opId("_foreach_addcdiv_", "ScalarList"), MAX_LIST_ = opId("_foreach_maximum_", "List");

export interface AdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; maximize?: boolean;
  foreach?: boolean | null; capturable?: boolean; differentiable?: boolean; fused?: boolean | null;
}
type AdamPositional = [lr: number, betas: [number, number], eps: number, weightDecay: number, amsgrad: boolean];
export interface AdamOptionsWithDecoupled extends AdamOptions { decoupledWeightDecay?: boolean }

/** Python's defaults dict order of Adam and AdamW. */
function adamDefaults(a: Record<string, unknown>, decoupled: boolean): Record<string, unknown> {
  checkFused(a);
  return { lr: a.lr, betas: a.betas, eps: a.eps, weight_decay: a.weight_decay, amsgrad: a.amsgrad, maximize: a.maximize, foreach: a.foreach,
    capturable: a.capturable, differentiable: a.differentiable, fused: a.fused, decoupled_weight_decay: decoupled };
}

/**
 * Adam(params, lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false,
 * { foreach, maximize, capturable, differentiable, fused, decoupledWeightDecay }): Python's positional order.
 */
export class Adam extends Optimizer {
  static readonly signature = new Signature("Adam.__init__",
    "params, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-08, weight_decay: float = 0, amsgrad: bool = False, " +
    "*, foreach: bool | None = None, maximize: bool = False, capturable: bool = False, differentiable: bool = False, fused: bool | None = None, " +
    "decoupled_weight_decay: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<AdamPositional, AdamOptionsWithDecoupled>);
  constructor(options: AdamOptionsWithDecoupled & { params: ParamsArg });
  constructor(...args: unknown[]) {
    if (new.target === AdamW || new.target.prototype instanceof AdamW) {
      const a = AdamW.signature.bind(args);
      super(a.params as ParamsArg, adamDefaults(a, true));
    } else {
      const a = Adam.signature.bind(args);
      super(a.params as ParamsArg, adamDefaults(a, a.decoupled_weight_decay as boolean));
    }
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
    checkCapturable(g, params, "params and state_steps", true);
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

/**
 * optim.AdamW: Adam with decoupled weight decay. AdamW(params, lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8,
 * weightDecay = 1e-2, amsgrad = false, { maximize, foreach, capturable, differentiable, fused }).
 */
export class AdamW extends Adam {
  static readonly signature = new Signature("AdamW.__init__",
    "params, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-08, weight_decay: float = 0.01, amsgrad: bool = False, " +
    "*, maximize: bool = False, foreach: bool | None = None, capturable: bool = False, differentiable: bool = False, fused: bool | None = None");
  constructor(params: ParamsArg, ...args: PyArgs<AdamPositional, AdamOptions>);
  constructor(options: AdamOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    super(...(args as [ParamsArg]));
  }
}
