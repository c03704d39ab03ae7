// torch.* functional forms of the Tensor methods (torch.add(a, b) == a.add(b)),
// and the functions that take several tensors (cat, stack).
import { native } from "./native";
import { opId } from "./dispatch";
import { Tensor, ValuesIndices } from "./tensor";
import { bind, checkInt } from "./args";
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

/** torch.cat(tensors, dim = 0) */
export function cat(...args: unknown[]): Tensor {
  const [tensors, dim] = bind("cat", ["tensors", "dim"], args);
  return new Tensor(call(CAT, tensorList("cat", tensors), dim === undefined ? 0 : checkInt("cat", dim, "dim")));
}
/** torch.stack(tensors, dim = 0) */
export function stack(...args: unknown[]): Tensor {
  const [tensors, dim] = bind("stack", ["tensors", "dim"], args);
  return new Tensor(call(STACK, tensorList("stack", tensors), dim === undefined ? 0 : checkInt("stack", dim, "dim")));
}

/** Method names that also exist as torch.<name>(input, ...args). */
export const METHOD_FUNCTIONS = [
  "add", "sub", "mul", "div", "pow", "neg", "matmul", "mm", "bmm", "clamp",
  "eq", "ne", "lt", "le", "gt", "ge", "equal", "allclose",
  "exp", "log", "tanh", "sigmoid", "relu", "abs", "sqrt", "rsqrt", "sin", "cos", "floor", "ceil", "trunc",
  "sign", "reciprocal", "square", "log1p", "expm1", "log2", "log10", "exp2", "frac",
  "softmax", "logSoftmax", "sum", "mean", "max", "min", "argmax", "argmin",
  "reshape", "permute", "transpose", "t", "squeeze", "unsqueeze", "flatten", "clone", "detach", "numel",
] as const;

type Overloaded = "max" | "min";
type MethodFunctions = {
  [K in Exclude<(typeof METHOD_FUNCTIONS)[number], Overloaded>]: Tensor[K] extends (...a: infer A) => infer R ? (input: Tensor, ...args: A) => R : never;
} & {
  [K in Overloaded]: {
    (input: Tensor): Tensor;
    (input: Tensor, other: Tensor): Tensor;
    (input: Tensor, dim: number, keepdim?: boolean | Record<string, unknown>): ValuesIndices;
    (input: Tensor, opts: Record<string, unknown>): ValuesIndices;
  };
};

export const methodFunctions = {} as MethodFunctions;
for (const name of METHOD_FUNCTIONS) {
  (methodFunctions as Record<string, unknown>)[name] = function (input: unknown, ...args: unknown[]) {
    if (!(input instanceof Tensor))
      throw new TypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${describe(input)}`);
    return (input as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  };
}
