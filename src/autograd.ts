// torch.autograd: grad, backward, graph nodes (grad_fn), anomaly detection.
import { inspect } from "util";
import { native } from "./native";
import { Tensor } from "./tensor";
import { bind, checkBool } from "./args";
import { describe } from "./device";

/** An autograd graph node (Python's grad_fn object). */
export class Node {
  /** @internal */
  constructor(readonly _n: object) {}
  /** The node's name, e.g. "AddBackward0" (Python's grad_fn.name()). */
  name(): string {
    return native.nodeName(this._n);
  }
  /** [node | null, inputNr] for each input of the node (Python's next_functions). */
  get nextFunctions(): [Node | null, number][] {
    return native.nodeNextFunctions(this._n).map(([n, i]) => [n === null ? null : new Node(n), i]);
  }
  /** Same graph node (handles are new objects on each access). */
  equals(other: Node | null): boolean {
    return other instanceof Node && native.nodeId(this._n) === native.nodeId(other._n);
  }
  toString(): string {
    const n = this.name();
    return `<${n.includes("::") ? n.slice(n.lastIndexOf("::") + 2) : n} object>`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

function tensors(fn: string, what: string, v: unknown, allowNull = false): (Tensor | null)[] {
  const list = v instanceof Tensor || v === null ? [v] : v;
  if (!Array.isArray(list)) throw new TypeError(`${fn}(): argument '${what}' must be a Tensor or a sequence of Tensors, not ${describe(v)}`);
  return list.map((t, i) => {
    if (t instanceof Tensor) return t;
    if (allowNull && (t === null || t === undefined)) return null;
    throw new TypeError(`${fn}(): argument '${what}' must contain Tensors, but element ${i} is ${describe(t)}`);
  });
}

/**
 * torch.autograd.grad(outputs, inputs, gradOutputs?, retainGraph?, createGraph = false,
 * onlyInputs = true, allowUnused = false): the gradients of outputs with respect to inputs,
 * as an array (null for unused inputs when allowUnused).
 */
export function grad(...args: unknown[]): (Tensor | null)[] {
  const [outputs, inputs, gradOutputs, retainGraph, createGraph, onlyInputs, allowUnused, isGradsBatched, materializeGrads] =
    bind("grad", ["outputs", "inputs", "gradOutputs", "retainGraph", "createGraph", "onlyInputs", "allowUnused", "isGradsBatched", "materializeGrads"], args);
  void onlyInputs;
  if (isGradsBatched) throw new Error("grad(): isGradsBatched is not supported yet");
  const outs = tensors("grad", "outputs", outputs) as Tensor[];
  const ins = tensors("grad", "inputs", inputs) as Tensor[];
  const gos = gradOutputs === undefined || gradOutputs === null ? outs.map(() => null) : tensors("grad", "grad_outputs", gradOutputs, true);
  if (gos.length !== outs.length)
    throw new RangeError(`grad can be implicitly created only for scalar outputs (grad_outputs has ${gos.length} entries for ${outs.length} outputs)`);
  const create = checkBool("grad", createGraph, "create_graph", false);
  const retain = retainGraph === undefined || retainGraph === null ? undefined : checkBool("grad", retainGraph, "retain_graph", false);
  const materialize = checkBool("grad", materializeGrads, "materialize_grads", false);
  const unused = checkBool("grad", allowUnused, "allow_unused", false) || materialize;
  // allow_unused is checked here, with Python's message (LibTorch's C++ API words it differently)
  const r = native.autogradGrad(outs.map((t) => t._h), ins.map((t) => t._h), gos.map((t) => (t ? t._h : null)),
    retain ?? create, create, true);
  const missing = unused ? -1 : r.findIndex((h) => h === null);
  if (missing >= 0)
    throw new Error(`The differentiated Tensor at index ${missing} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`);
  return r.map((h, i) => (h === null ? (materialize ? ins[i].detach().mul(0) : null) : new Tensor(h)));
}

/** torch.autograd.backward(tensors, gradTensors?, retainGraph?, createGraph = false, { inputs }) */
export function backward(...args: unknown[]): void {
  const [ts, gradTensors, retainGraph, createGraph, gradVariables, inputs] =
    bind("backward", ["tensors", "gradTensors", "retainGraph", "createGraph", "gradVariables", "inputs"], args);
  void gradVariables;
  const outs = tensors("backward", "tensors", ts) as Tensor[];
  const gs = gradTensors === undefined || gradTensors === null ? outs.map(() => null) : tensors("backward", "grad_tensors", gradTensors, true);
  const create = checkBool("backward", createGraph, "create_graph", false);
  const retain = retainGraph === undefined || retainGraph === null ? undefined : checkBool("backward", retainGraph, "retain_graph", false);
  const ins = inputs === undefined || inputs === null ? undefined : (tensors("backward", "inputs", inputs) as Tensor[]).map((t) => t._h);
  native.backward(outs.map((t) => t._h), gs.map((t) => (t ? t._h : null)), retain ?? (create ? true : undefined), create, ins);
}

/** torch.autograd.setDetectAnomaly(mode, checkNan = true) */
export function setDetectAnomaly(mode: boolean, checkNan = true): void {
  native.setAnomalyEnabled(checkBool("set_detect_anomaly", mode, "mode", false), checkBool("set_detect_anomaly", checkNan, "check_nan", true));
}
/** torch.autograd.detectAnomaly(fn, checkNan = true): runs fn with anomaly detection on. */
export function detectAnomaly<T>(fn: () => T, checkNan = true): T {
  const prev = native.isAnomalyEnabled(), prevNan = native.isAnomalyCheckNanEnabled();
  native.setAnomalyEnabled(true, checkNan);
  try {
    return fn();
  } finally {
    native.setAnomalyEnabled(prev, prevNan);
  }
}
export function isAnomalyEnabled(): boolean {
  return native.isAnomalyEnabled();
}
