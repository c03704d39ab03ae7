// optim.RMSprop and optim.Adagrad: Python's CPU (single-tensor) algorithms, op for op.
import { Optimizer, ParamGroup, ParamsArg, checkFused } from "./optimizer";
import { checkCapturable } from "./_foreach";
import { Tensor } from "../tensor";
import { zerosLike, fullLike, tensor } from "../creation";
import * as dt from "../dtype";
import { Signature, PyArgs } from "../args";

type T = Tensor & {
  addcmul_(a: Tensor, b: Tensor, o?: { value?: number }): Tensor;
  addcmul(a: Tensor, b: Tensor, o?: { value?: number }): Tensor;
  addcdiv_(a: Tensor, b: Tensor, o?: { value?: number }): Tensor;
  lerp_(a: Tensor, w: number): Tensor;
};

export interface RMSpropOptions {
  lr?: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number; centered?: boolean; maximize?: boolean;
  capturable?: boolean; foreach?: boolean | null; differentiable?: boolean;
}

/**
 * RMSprop(params, lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false,
 * capturable = false, foreach = null, maximize = false, differentiable = false): Python's positional order.
 */
export class RMSprop extends Optimizer {
  static readonly signature = new Signature("RMSprop.__init__",
    "params, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-08, weight_decay: float = 0, momentum: float = 0, centered: bool = False, " +
    "capturable: bool = False, foreach: bool | None = None, maximize: bool = False, differentiable: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, alpha: number, eps: number, weightDecay: number, momentum: number,
    centered: boolean, capturable: boolean, foreach: boolean | null, maximize: boolean, differentiable: boolean], RMSpropOptions>);
  constructor(options: RMSpropOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const a = RMSprop.signature.bind(args);
    super(a.params as ParamsArg, { lr: a.lr, momentum: a.momentum, alpha: a.alpha, eps: a.eps, centered: a.centered, weight_decay: a.weight_decay,
      capturable: a.capturable, foreach: a.foreach, maximize: a.maximize, differentiable: a.differentiable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    if ((g.eps as number) < 0) throw new RangeError(`Invalid epsilon value: ${g.eps}`);
    if ((g.momentum as number) < 0) throw new RangeError(`Invalid momentum value: ${g.momentum}`);
    if ((g.weight_decay as number) < 0) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
    if ((g.alpha as number) < 0) throw new RangeError(`Invalid alpha value: ${g.alpha}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const lr = g.lr as number, alpha = g.alpha as number, eps = g.eps as number, wd = g.weight_decay as number;
    const momentum = g.momentum as number, centered = g.centered as boolean;
    checkCapturable(g, g.params.filter((p) => p.grad !== null), "params and state_steps", true);
    for (const p of g.params) {
      let grad = p.grad as T | null;
      if (grad === null) continue;
      let s = this.state.get(p);
      if (!s) {
        s = { step: tensor(0.0, { dtype: dt.float32 }), square_avg: zerosLike(p) };
        if (momentum > 0) s.momentum_buffer = zerosLike(p);
        if (centered) s.grad_avg = zerosLike(p);
        this.state.set(p, s);
      }
      if (g.maximize) grad = grad.neg() as T;
      (s.step as Tensor).add_(1);
      if (wd !== 0) grad = grad.add(p, { alpha: wd }) as T;
      const sq = s.square_avg as T;
      (sq.mul_(alpha) as T).addcmul_(grad, grad, { value: 1 - alpha });
      let avg: Tensor;
      if (centered) {
        const ga = s.grad_avg as T;
        ga.lerp_(grad, 1 - alpha);
        avg = sq.addcmul(ga, ga, { value: -1 }).sqrt_();
      } else avg = sq.sqrt();
      avg = avg.add_(eps);
      if (momentum > 0) {
        const buf = s.momentum_buffer as T;
        (buf.mul_(momentum) as T).addcdiv_(grad, avg);
        p.add_(buf, { alpha: -lr });
      } else (p as T).addcdiv_(grad, avg, { value: -lr });
    }
  }
}

export interface AdagradOptions {
  lr?: number; lrDecay?: number; weightDecay?: number; initialAccumulatorValue?: number; eps?: number; maximize?: boolean;
  foreach?: boolean | null; differentiable?: boolean; fused?: boolean | null;
}

/**
 * Adagrad(params, lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, foreach = null,
 * { maximize, differentiable, fused }): Python's positional order.
 */
export class Adagrad extends Optimizer {
  static readonly signature = new Signature("Adagrad.__init__",
    "params, lr: float = 0.01, lr_decay: float = 0, weight_decay: float = 0, initial_accumulator_value: float = 0, eps: float = 1e-10, " +
    "foreach: bool | None = None, *, maximize: bool = False, differentiable: bool = False, fused: bool | None = None");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, lrDecay: number, weightDecay: number, initialAccumulatorValue: number,
    eps: number, foreach: boolean | null], AdagradOptions>);
  constructor(options: AdagradOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const a = Adagrad.signature.bind(args);
    checkFused(a);
    super(a.params as ParamsArg, { lr: a.lr, lr_decay: a.lr_decay, eps: a.eps, weight_decay: a.weight_decay,
      initial_accumulator_value: a.initial_accumulator_value, foreach: a.foreach, maximize: a.maximize, differentiable: a.differentiable,
      fused: a.fused });
    // Python creates the state up front
    for (const grp of this.paramGroups)
      for (const p of grp.params)
        this.state.set(p, { step: tensor(0.0, { dtype: dt.float32 }), sum: fullLike(p, grp.initial_accumulator_value as number) });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    if ((g.lr_decay as number) < 0) throw new RangeError(`Invalid lr_decay value: ${g.lr_decay}`);
    if ((g.weight_decay as number) < 0) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
    if ((g.initial_accumulator_value as number) < 0) throw new RangeError(`Invalid initial_accumulator_value value: ${g.initial_accumulator_value}`);
    if ((g.eps as number) < 0) throw new RangeError(`Invalid epsilon value: ${g.eps}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const lr = g.lr as number, lrDecay = g.lr_decay as number, wd = g.weight_decay as number, eps = g.eps as number;
    for (const p of g.params) {
      let grad = p.grad as T | null;
      if (grad === null) continue;
      const s = this.state.get(p)!;
      (s.step as Tensor).add_(1);
      const step = (s.step as Tensor).item() as number;
      if (g.maximize) grad = grad.neg() as T;
      if (wd !== 0) grad = grad.add(p, { alpha: wd }) as T;
      const clr = lr / (1 + (step - 1) * lrDecay);
      (s.sum as T).addcmul_(grad, grad, { value: 1 });
      const std = (s.sum as Tensor).sqrt().add_(eps);
      (p as T).addcdiv_(grad, std, { value: -clr });
    }
  }
}
