// Shared pieces of the foreach optimizers (Adadelta, Adamax, NAdam, RAdam,
// ASGD, Rprop): the `_foreach_*` kernels, Python's choice between its
// single-tensor and multi-tensor algorithms, and its capturable/differentiable checks.
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { tensor, getDefaultDtype } from "../creation";
import * as dt from "../dtype";
import type { ParamGroup } from "./optimizer";

export const call = native.callOp;
/** Handles of a list of tensors (what the foreach kernels take). */
export const hs = (ts: readonly Tensor[]): unknown[] => ts.map((t) => t._h);
/** Tensors of a list of handles (what the foreach kernels return). */
export const ts = (handles: unknown[]): Tensor[] => handles.map((h) => new Tensor(h as never));

export const FE = {
  add: opId("_foreach_add", "List"), add_: opId("_foreach_add_", "List"),
  addS: opId("_foreach_add", "Scalar"), addS_: opId("_foreach_add_", "Scalar"),
  addSL_: opId("_foreach_add_", "ScalarList"),
  sub: opId("_foreach_sub", "List"),
  mul: opId("_foreach_mul", "List"), mul_: opId("_foreach_mul_", "List"),
  mulS: opId("_foreach_mul", "Scalar"), mulS_: opId("_foreach_mul_", "Scalar"), mulSL_: opId("_foreach_mul_", "ScalarList"),
  div_: opId("_foreach_div_", "List"), divSL_: opId("_foreach_div_", "ScalarList"), divSL: opId("_foreach_div", "ScalarList"),
  neg: opId("_foreach_neg"), neg_: opId("_foreach_neg_"),
  abs: opId("_foreach_abs"), abs_: opId("_foreach_abs_"),
  sqrt: opId("_foreach_sqrt"), sqrt_: opId("_foreach_sqrt_"),
  sign: opId("_foreach_sign"), sign_: opId("_foreach_sign_"),
  reciprocal_: opId("_foreach_reciprocal_"),
  lerpS_: opId("_foreach_lerp_", "Scalar"),
  addcmulS_: opId("_foreach_addcmul_", "Scalar"), addcmulSL_: opId("_foreach_addcmul_", "ScalarList"),
  addcdivS_: opId("_foreach_addcdiv_", "Scalar"), addcdivSL_: opId("_foreach_addcdiv_", "ScalarList"),
  maximum_: opId("_foreach_maximum_", "List"),
  copy_: opId("_foreach_copy_"),
};
export const MASKED_FILL_ = opId("masked_fill_", "Scalar");

/** Python's _get_scalar_dtype(): float64 when that is the default dtype, else float32. */
export function scalarDtype(): dt.dtype {
  return getDefaultDtype() === dt.float64 ? dt.float64 : dt.float32;
}

/** A new `step` state: a 0-dim tensor on the CPU, or on the parameter's device when capturable. */
export function newStep(p: Tensor, capturable: boolean, value = 0): Tensor {
  return tensor(value, capturable ? { dtype: scalarDtype(), device: p.device } : { dtype: scalarDtype() });
}

const FOREACH_DEVICES = ["cuda", "xpu"];

/**
 * Python's dispatch: foreach=null picks the multi-tensor algorithm when every
 * parameter lives on a foreach device (CUDA) and the group isn't differentiable;
 * true/false force it. Differentiable with foreach=true fails like Python.
 */
export function useForeach(g: ParamGroup, params: readonly Tensor[]): boolean {
  let foreach = g.foreach as boolean | null | undefined;
  if (foreach === null || foreach === undefined)
    foreach = !g.differentiable && params.every((p) => FOREACH_DEVICES.includes(p.device.type));
  if (foreach && g.differentiable) throw new Error("_foreach ops don't support autograd");
  return foreach;
}

/**
 * Python's capturable check: the parameters (and steps) must be on a device
 * that can capture graphs; `what` names the lists in Python's message.
 */
export function checkCapturable(g: ParamGroup, params: readonly Tensor[], what: string, xla: boolean): void {
  if (!g.capturable) return;
  const devices = ["cuda", "xpu", "hpu", "privateuseone"];
  if (xla) devices.push("xla");
  if (!params.every((p) => devices.includes(p.device.type)))
    throw new Error(`If capturable=True, ${what} must be on supported devices: [${devices.map((d) => `'${d}'`).join(", ")}].`);
}

/** Python's step_t += 1 over all the step tensors (one foreach call). */
export function incrementSteps(steps: Tensor[]): void {
  call(FE.addS_, hs(steps), 1);
}

/** The values of 0-dim state tensors (Python's _get_value). */
export const values = (t: Tensor[]): number[] => t.map((x) => x.item() as number);

// maximize / weight decay over all gradients: one foreach kernel, or, for a
// differentiable step, Python's per-tensor ops (a foreach kernel's autograd node
// would also save the parameters, which the step then changes in place).
const T = (h: unknown) => new Tensor(h as never);
/** -grads, as new tensors. */
export function negAll(grads: unknown[], perTensor: boolean): unknown[] {
  return perTensor ? grads.map((h) => T(h).neg()._h) : call(FE.neg, grads);
}
/** grads + alpha * params, as new tensors. */
export function addAll(grads: unknown[], params: unknown[], alpha: number, perTensor: boolean): unknown[] {
  return perTensor ? grads.map((h, i) => T(h).add(T(params[i]), alpha)._h) : call(FE.add, grads, params, alpha);
}
/** params *= factor, in place. */
export function scaleAll_(params: unknown[], factor: number, perTensor: boolean): void {
  if (perTensor) params.forEach((h) => T(h).mul_(factor));
  else call(FE.mulS_, params, factor);
}

// Python's _view_as_real: a complex parameter (and its grad and state) takes part
// in the math as its real view, (..., 2) floats.
const VIEW_AS_REAL = opId("view_as_real"), VIEW_AS_COMPLEX = opId("view_as_complex");
/** The tensor, or its real view when complex. */
export const realT = (t: Tensor): Tensor => (t.isComplex() ? new Tensor(call(VIEW_AS_REAL, t._h)) : t);
/** The handle of realT(t). */
export const realH = (t: Tensor): unknown => realT(t)._h;
/** The complex view of a (..., 2) real tensor. */
export const complexT = (t: Tensor): Tensor => new Tensor(call(VIEW_AS_COMPLEX, t._h));

/** What every foreach step starts from (beginStep). */
export interface StepStart {
  params: Tensor[];
  /** each parameter's state, in params order */
  st: Record<string, unknown>[];
  steps: Tensor[];
  /** parameter handles (real views of complex ones) */
  ph: unknown[];
  /** gradient handles, negated when maximizing */
  grads: unknown[];
  foreach: boolean;
}

/**
 * The opening Python's optimizers share: the parameters that have a gradient,
 * their state (made by `init` the first time), the foreach choice, the
 * capturable check (`what` names the tensors in Python's message), the
 * gradients (negated when maximizing) and the incremented step counts.
 * Null when no parameter has a gradient.
 */
export function beginStep(
  state: Map<Tensor, Record<string, unknown>>,
  g: ParamGroup,
  init: (p: Tensor) => Record<string, unknown>,
  what: string | ((foreach: boolean) => string),
): StepStart | null {
  const params = g.params.filter((p) => p.grad !== null);
  if (!params.length) return null;
  for (const p of params) if (!state.has(p)) state.set(p, init(p));
  const foreach = useForeach(g, params);
  checkCapturable(g, params, typeof what === "string" ? what : what(foreach), !foreach);
  const st = params.map((p) => state.get(p)!);
  const steps = st.map((s) => s.step as Tensor);
  const ph = params.map(realH);
  let grads: unknown[] = params.map((p) => realH(p.grad!));
  if (g.maximize) grads = negAll(grads, !!g.differentiable);
  incrementSteps(steps);
  return { params, st, steps, ph, grads, foreach };
}
