// optim.RMSprop and optim.Adagrad: Python's CPU (single-tensor) algorithms, op for op.
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike, fullLike, tensor } from "../creation";
import * as dt from "../dtype";

type T = Tensor & {
  addcmul_(a: Tensor, b: Tensor, o?: { value?: number }): Tensor;
  addcmul(a: Tensor, b: Tensor, o?: { value?: number }): Tensor;
  addcdiv_(a: Tensor, b: Tensor, o?: { value?: number }): Tensor;
  lerp_(a: Tensor, w: number): Tensor;
};

export interface RMSpropOptions {
  lr?: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number; centered?: boolean; maximize?: boolean;
}

export class RMSprop extends Optimizer {
  constructor(params: ParamsArg, options: RMSpropOptions = {}) {
    const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = options;
    super(params, { lr, momentum, alpha, eps, centered, weight_decay: weightDecay, capturable: false, foreach: null, maximize, differentiable: false });
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
}

export class Adagrad extends Optimizer {
  constructor(params: ParamsArg, options: AdagradOptions = {}) {
    const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false } = options;
    super(params, { lr, lr_decay: lrDecay, eps, weight_decay: weightDecay, initial_accumulator_value: initialAccumulatorValue,
      foreach: null, maximize, differentiable: false, fused: null });
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
