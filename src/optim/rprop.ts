// optim.Rprop (etas, step_sizes): Python's algorithm over foreach kernels (its
// single-tensor and multi-tensor paths give the same values).
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { zerosLike, fullLike } from "../creation";
import { Signature, PyArgs } from "../args";
import { call, hs, ts, FE, MASKED_FILL_, newStep, useForeach, checkCapturable, incrementSteps , realH, realT, complexT } from "./_foreach";

export interface RpropOptions {
  lr?: number; etas?: [number, number]; stepSizes?: [number, number]; capturable?: boolean; foreach?: boolean | null;
  maximize?: boolean; differentiable?: boolean;
}

export class Rprop extends Optimizer {
  static readonly signature = new Signature("Rprop.__init__",
    "params, lr: float = 0.01, etas: tuple[float, float] = (0.5, 1.2), step_sizes: tuple[float, float] = (1e-06, " +
    "50), *, capturable: bool = False, foreach: bool | None = None, maximize: bool = False, " +
    "differentiable: bool = False");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, etas: [number, number], stepSizes: [number, number]], RpropOptions>);
  constructor(options: RpropOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, lr, etas, step_sizes: stepSizes, capturable, foreach, maximize, differentiable } = Rprop.signature.bind(args);
    super(params as ParamsArg, { lr, etas, step_sizes: stepSizes, foreach, maximize, differentiable, capturable });
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    const [etaminus, etaplus] = g.etas as [number, number];
    if (!(0 < etaminus && etaminus < 1 && 1 < etaplus)) throw new RangeError(`Invalid eta values: ${etaminus}, ${etaplus}`);
  }
  protected updateGroup(g: ParamGroup): void {
    const params = g.params.filter((p) => p.grad !== null);
    if (!params.length) return;
    const [etaminus, etaplus] = g.etas as [number, number], [minStep, maxStep] = g.step_sizes as [number, number];
    for (const p of params)
      if (!this.state.has(p))
        this.state.set(p, { step: newStep(p, g.capturable as boolean), prev: zerosLike(p),
          // complex: full_like(grad, complex(lr, lr)), both parts stepping like real numbers
          step_size: p.grad!.isComplex() ? complexT(fullLike(realT(p.grad!), g.lr as number)) : fullLike(p.grad!, g.lr as number) });
    useForeach(g, params); // both of Python's paths give the same values
    checkCapturable(g, params, "params and state_steps", true);
    const st = params.map((p) => this.state.get(p)!);
    incrementSteps(st.map((s) => s.step as Tensor));
    if (g.differentiable) {
      // Python's single-tensor algorithm op for op
      params.forEach((param, i) => {
        const p = realT(param);
        let grad = realT(param.grad!);
        if (g.maximize) grad = grad.neg();
        const prev = realT(st[i].prev as Tensor), stepSize = realT(st[i].step_size as Tensor);
        const sign = grad.mul(prev.clone()).sign();
        sign.maskedFill_(sign.gt(0), etaplus);
        sign.maskedFill_(sign.lt(0), etaminus);
        sign.maskedFill_(sign.eq(0), 1);
        stepSize.mul_(sign).clamp_(minStep, maxStep);
        grad = grad.clone();
        grad.maskedFill_(sign.eq(etaminus), 0);
        p.addcmul_(grad.sign(), stepSize, { value: -1 });
        prev.copy_(grad);
      });
      return;
    }
    const grads: unknown[] = params.map((p) => realH(p.grad!));
    const prevs = st.map((s) => realH(s.prev as Tensor)), sizes = st.map((s) => realT(s.step_size as Tensor));
    const signs = call(FE.mul, grads, prevs) as unknown[];
    if (g.maximize) call(FE.neg_, signs);
    call(FE.copy_, prevs, grads, false);
    if (g.maximize) call(FE.neg_, prevs);
    call(FE.sign_, signs);
    for (const s of ts(signs)) {
      call(MASKED_FILL_, s._h, s.gt(0)._h, etaplus);
      call(MASKED_FILL_, s._h, s.lt(0)._h, etaminus);
      call(MASKED_FILL_, s._h, s.eq(0)._h, 1);
    }
    call(FE.mul_, hs(sizes), signs);
    for (const s of sizes) s.clamp_(minStep, maxStep);
    // grad = 0 where the sign flipped; prev keeps that grad
    ts(signs).forEach((s, i) => call(MASKED_FILL_, prevs[i], s.eq(etaminus)._h, 0));
    call(FE.addcmulS_, params.map(realH), call(FE.sign, prevs), hs(sizes), -1);
  }
}
