// optim.SGD: momentum, dampening, nesterov, weight decay, maximize. One step is
// a few foreach calls over all parameters; the math is Python's.
import { Optimizer, ParamGroup, ParamsArg, checkFused } from "./optimizer";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { Signature, PyArgs } from "../args";

const call = native.callOp;
const ADD_LIST_ = opId("_foreach_add_", "List"), ADD_LIST = opId("_foreach_add", "List"), MUL_S_ = opId("_foreach_mul_", "Scalar");
const NEG = opId("_foreach_neg");

export interface SGDOptions {
  lr?: number; momentum?: number; dampening?: number; weightDecay?: number; nesterov?: boolean; maximize?: boolean;
  foreach?: boolean | null; differentiable?: boolean; fused?: boolean | null;
}

/**
 * SGD(params, lr = 1e-3, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false,
 * { maximize, foreach, differentiable, fused }): Python's positional order; every option may go in the trailing object.
 */
export class SGD extends Optimizer {
  static readonly signature = new Signature("SGD.__init__",
    "params, lr: float = 0.001, momentum: float = 0, dampening: float = 0, weight_decay: float = 0, nesterov: bool = False, " +
    "*, maximize: bool = False, foreach: bool | None = None, differentiable: bool = False, fused: bool | None = None");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, momentum: number, dampening: number, weightDecay: number,
    nesterov: boolean], SGDOptions>);
  constructor(options: SGDOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, ...defaults } = SGD.signature.bind(args);
    checkFused(defaults);
    super(params as ParamsArg, defaults);
  }
  protected validate(g: ParamGroup): void {
    super.validate(g);
    if ((g.momentum as number) < 0) throw new RangeError(`Invalid momentum value: ${g.momentum}`);
    if ((g.weight_decay as number) < 0) throw new RangeError(`Invalid weight_decay value: ${g.weight_decay}`);
    if (g.nesterov && ((g.momentum as number) <= 0 || g.dampening !== 0))
      throw new RangeError("Nesterov momentum requires a momentum and zero dampening");
  }
  protected updateGroup(g: ParamGroup): void {
    const params = g.params.filter((p) => p.grad !== null);
    if (!params.length) return;
    const lr = g.lr as number, momentum = g.momentum as number, dampening = g.dampening as number;
    const wd = g.weight_decay as number;
    let grads: unknown[] = params.map((p) => p.grad!._h);
    if (g.maximize) grads = call(NEG, grads);
    if (wd !== 0) grads = call(ADD_LIST, grads, params.map((p) => p._h), wd);
    if (momentum !== 0) {
      const bufs = params.map((p) => this.state.get(p)?.momentum_buffer as Tensor | undefined);
      if (bufs.every((b) => b !== undefined)) {
        const hs = bufs.map((b) => b!._h);
        call(MUL_S_, hs, momentum);
        call(ADD_LIST_, hs, grads, 1 - dampening);
      } else {
        params.forEach((p, i) => {
          const b = bufs[i];
          const gi = new Tensor(grads[i] as never);
          if (b === undefined) this.state.set(p, { momentum_buffer: gi.clone().detach() });
          else b.mul_(momentum).add_(gi, { alpha: 1 - dampening });
        });
      }
      const hs = params.map((p) => (this.state.get(p)!.momentum_buffer as Tensor)._h);
      // as Python's CPU (single-tensor) path: the nesterov step makes new tensors, p.grad is left alone
      grads = g.nesterov ? call(ADD_LIST, grads, hs, momentum) : hs;
    }
    call(ADD_LIST_, params.map((p) => p._h), grads, -lr);
  }
}
