// nn.utils: gradient clipping and parameter/vector conversion.
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { noGrad } from "../grad_mode";
import { cat } from "../functions";
import { tensor } from "../creation";
import { describe } from "../device";
import * as rnn from "./utils_rnn";
export { rnn };

const NORM = opId("linalg_vector_norm"), STACK = opId("stack");
const MUL_T_ = opId("_foreach_mul_", "Tensor"), CLAMP_ = opId("_foreach_clamp_max_", "Scalar"), CLAMP_MIN_ = opId("_foreach_clamp_min_", "Scalar");

/**
 * The tensors of `parameters` (a tensor or an iterable of tensors), checked one by one as they come: a
 * sparse `new Array(2 ** 32 - 1)` throws at its first hole instead of being spread into a 4-billion-element
 * array (a V8 heap out-of-memory abort).
 */
function list(ps: Iterable<Tensor> | Tensor, fn: string): Tensor[] {
  if (ps instanceof Tensor) return [ps];
  if (ps === null || (typeof ps !== "object" && typeof ps !== "function") || typeof (ps as Iterable<Tensor>)[Symbol.iterator] !== "function")
    throw new TypeError(`${fn}(): argument 'parameters' must be a Tensor or an iterable of Tensors, not ${describe(ps)}`);
  const out: Tensor[] = [];
  for (const p of ps as Iterable<unknown>) {
    if (!(p instanceof Tensor)) throw new TypeError(`${fn}(): expected torch.Tensor in 'parameters', but got: ${describe(p)}`);
    out.push(p);
  }
  return out;
}

/**
 * clipGradNorm_(parameters, maxNorm, normType = 2, errorIfNonfinite = false):
 * scales all gradients so their total norm is at most maxNorm; returns the
 * total norm (Python's clip_grad_norm_).
 */
export function clipGradNorm_(parameters: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2, errorIfNonfinite = false): Tensor {
  const grads = list(parameters, "clip_grad_norm_").map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return tensor(0.0);
  return noGrad(() => {
    const norms = grads.map((g) => native.callOp(NORM, g._h, normType, null, false, null));
    const total = new Tensor(native.callOp(NORM, native.callOp(STACK, norms, 0), normType, null, false, null));
    const t = total.item() as number;
    if (errorIfNonfinite && !Number.isFinite(t))
      throw new Error(`The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    const coef = tensor(maxNorm).div(total.add(1e-6)).clamp({ max: 1.0 });
    native.callOp(MUL_T_, grads.map((g) => g._h), coef._h);
    return total;
  });
}

/** clipGradValue_(parameters, clipValue): clamps every gradient to [-clipValue, clipValue]. */
export function clipGradValue_(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  const grads = list(parameters, "clip_grad_value_").map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (!grads.length) return;
  noGrad(() => {
    native.callOp(CLAMP_MIN_, grads.map((g) => g._h), -clipValue);
    native.callOp(CLAMP_, grads.map((g) => g._h), clipValue);
  });
}

/** parametersToVector(parameters): one 1-D tensor of all parameters. */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat(list(parameters, "parameters_to_vector").map((p) => p.view(-1)));
}
/** vectorToParameters(vec, parameters): copies slices of vec into the parameters. */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  let offset = 0;
  noGrad(() => {
    for (const p of list(parameters, "vector_to_parameters")) {
      const n = p.numel();
      p.copy_(vec.index(`${offset}:${offset + n}`).viewAs(p));
      offset += n;
    }
  });
}
