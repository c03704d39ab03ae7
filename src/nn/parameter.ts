// nn.Parameter: a Tensor that a Module registers as a parameter.
import { inspect } from "util";
import { native } from "../native";
import { opId } from "../dispatch";
import { Tensor } from "../tensor";
import { describe } from "../device";

const DETACH = opId("detach");

export class Parameter extends Tensor {
  /**
   * new nn.Parameter(data, requiresGrad = true): shares data's storage, as
   * Python's Parameter does, and is a leaf.
   */
  constructor(data?: Tensor, requiresGrad: boolean = true) {
    if (data !== undefined && !(data instanceof Tensor))
      throw new TypeError(`Parameter(): argument 'data' must be Tensor, not ${describe(data)}`);
    const src = data ?? new Tensor(native.fromTypedArray(new Float32Array(0), [0]));
    const h = native.callOp(DETACH, src._h);
    super(h);
    if (requiresGrad) this.requiresGrad_(true);
  }
  toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}
