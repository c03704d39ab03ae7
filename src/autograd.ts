// torch.autograd: grad, backward, graph nodes (grad_fn), anomaly detection.
import { inspect } from "util";
import { native } from "./native";
import { Tensor } from "./tensor";
import { bind, checkBool } from "./args";
import type { PyArgs } from "./args";
import { describe } from "./device";
import { cat } from "./functions";

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

/** torch.autograd.grad's options. */
export interface GradOptions {
  gradOutputs?: Tensor | (Tensor | null)[] | null; retainGraph?: boolean | null; createGraph?: boolean; onlyInputs?: boolean;
  allowUnused?: boolean | null; isGradsBatched?: boolean; materializeGrads?: boolean;
}
/** torch.autograd.backward's options. */
export interface AutogradBackwardOptions {
  gradTensors?: Tensor | (Tensor | null)[] | null; retainGraph?: boolean | null; createGraph?: boolean;
  gradVariables?: Tensor | (Tensor | null)[] | null; inputs?: Tensor | Tensor[] | null;
}

/**
 * torch.autograd.grad(outputs, inputs, gradOutputs?, retainGraph?, createGraph = false,
 * onlyInputs = true, allowUnused = false): the gradients of outputs with respect to inputs,
 * as an array (null for unused inputs when allowUnused).
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], ...args: PyArgs<[gradOutputs: Tensor | (Tensor | null)[] | null,
  retainGraph: boolean | null, createGraph: boolean, onlyInputs: boolean, allowUnused: boolean], GradOptions>): (Tensor | null)[];
export function grad(options: GradOptions & { outputs: Tensor | Tensor[]; inputs: Tensor | Tensor[] }): (Tensor | null)[];
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
export function backward(tensors: Tensor | Tensor[], ...args: PyArgs<[gradTensors: Tensor | (Tensor | null)[] | null,
  retainGraph: boolean | null, createGraph: boolean], AutogradBackwardOptions>): void;
export function backward(options: AutogradBackwardOptions & { tensors: Tensor | Tensor[] }): void;
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

/**
 * torch.autograd.gradcheck(fn, inputs, { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true }):
 * compares the analytical Jacobian (from backward) with a central finite difference,
 * for every input that requires grad and every output. Use float64 inputs, as in Python.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor | Tensor[],
  inputs: Tensor | Tensor[],
  options: { eps?: number; atol?: number; rtol?: number; raiseException?: boolean } = {},
): boolean {
  if (typeof fn !== "function") throw new TypeError(`gradcheck(): argument 'func' must be callable, not ${describe(fn)}`);
  const ins = (tensors("gradcheck", "inputs", inputs) as Tensor[]);
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  const run = () => {
    const o = fn(...ins);
    return (Array.isArray(o) ? o : [o]) as Tensor[];
  };
  const outs = run();
  const fail = (msg: string) => {
    if (raiseException) throw new Error(msg);
    return false;
  };
  for (let i = 0; i < ins.length; i++) {
    const x = ins[i];
    if (!x.requiresGrad) continue;
    const flat = x.detach().view(-1);
    const n = flat.numel();
    for (let o = 0; o < outs.length; o++) {
      const out = outs[o];
      if (!out.requiresGrad) continue;
      const m = out.numel();
      // numerical: column j = (f(x + eps e_j) - f(x - eps e_j)) / 2 eps
      const numCols: Tensor[] = [];
      for (let j = 0; j < n; j++) {
        const orig = flat.index(j).item() as number;
        flat.indexPut_([j], orig + eps);
        const plus = noGradRun(run)[o].detach().reshape(-1).clone();
        flat.indexPut_([j], orig - eps);
        const minus = noGradRun(run)[o].detach().reshape(-1).clone();
        flat.indexPut_([j], orig);
        numCols.push(plus.sub(minus).div(2 * eps));
      }
      const numerical = n ? (m ? stackCols(numCols) : null) : null;
      // analytical: row k = d out[k] / d x
      const fresh = run()[o];
      const rows: Tensor[] = [];
      for (let k = 0; k < m; k++) {
        const onehot = fresh.detach().reshape(-1).mul(0);
        onehot.indexPut_([k], 1);
        const [g] = grad(fresh, x, { gradOutputs: onehot.view(fresh.shape), retainGraph: true, allowUnused: true });
        rows.push(g === null ? flat.mul(0) : g.detach().reshape(-1));
      }
      if (!numerical || !m) continue;
      const analytical = rows.length ? stackRows(rows) : null;
      if (analytical && !analytical.allclose(numerical, { rtol, atol }))
        return fail(`Jacobian mismatch for output ${o} with respect to input ${i},\nnumerical:${numerical}\nanalytical:${analytical}\n`);
    }
  }
  return true;
}

function noGradRun<T>(f: () => T): T {
  const prev = native.isGradEnabled();
  native.setGradEnabled(false);
  try {
    return f();
  } finally {
    native.setGradEnabled(prev);
  }
}
// Jacobians laid out as Python prints them: [input elements, output elements]
function stackCols(cols: Tensor[]): Tensor {
  return cat(cols.map((c) => c.unsqueeze(0)), 0);
}
function stackRows(rows: Tensor[]): Tensor {
  return cat(rows.map((r) => r.unsqueeze(1)), 1);
}
