// torch.* functions that take several tensors and are written by hand for
// Python's messages (cat, stack). The rest of torch.* is the generated surface
// (src/ops/install.ts).
import { native, Handle } from "./native";
import { opId } from "./dispatch";
import { Tensor } from "./tensor";
import { bind, checkInt, PyArgsReq } from "./args";
import { describe } from "./device";

const call = native.callOp;
const CAT = opId("cat"), STACK = opId("stack");

function tensorList(fn: string, tensors: unknown): unknown[] {
  if (!Array.isArray(tensors))
    throw new TypeError(`${fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${describe(tensors)}`);
  return tensors.map((t, i) => {
    if (t instanceof Tensor) return t._h;
    throw new TypeError(`${fn}(): argument 'tensors' (position 1) must be tuple of Tensors, but found element of type ${describe(t)} at pos ${i}`);
  });
}

/**
 * op(tensors, dim): up to 4096 tensors go as separate arguments
 * (native.callOpTensors), read natively in one call; a JS array costs a
 * property lookup per element there (cat of two 10-element tensors was 1.2x
 * Python's time).
 */
function listOp(id: number, hs: unknown[], dim: number): Tensor {
  if (hs.length <= 4096) return new Tensor(native.callOpTensors(id, dim, ...(hs as Handle[])));
  return new Tensor(call(id, hs, dim));
}

/** torch.cat(tensors, dim = 0) */
export function cat(...args: PyArgsReq<[tensors: readonly Tensor[]], [dim: number], { tensors?: readonly Tensor[]; dim?: number }, "tensors">): Tensor;
export function cat(...args: unknown[]): Tensor {
  const [tensors, dim] = bind("cat", ["tensors", "dim"], args);
  return listOp(CAT, tensorList("cat", tensors), dim === undefined ? 0 : checkInt("cat", dim, "dim"));
}
/** torch.stack(tensors, dim = 0) */
export function stack(...args: PyArgsReq<[tensors: readonly Tensor[]], [dim: number], { tensors?: readonly Tensor[]; dim?: number }, "tensors">): Tensor;
export function stack(...args: unknown[]): Tensor {
  const [tensors, dim] = bind("stack", ["tensors", "dim"], args);
  return listOp(STACK, tensorList("stack", tensors), dim === undefined ? 0 : checkInt("stack", dim, "dim"));
}
