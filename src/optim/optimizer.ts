// optim.Optimizer: parameter groups, state, zeroGrad, stateDict in Python's
// structure ({ state, param_groups } with Python's keys), step(closure).
import { Tensor, _releasingGradReads } from "../tensor";
import { native } from "../native";
import { noGrad, enableGrad } from "../grad_mode";
import { describe } from "../device";
import * as dt from "../dtype";
import { Signature, checkNotSparse } from "../args";
import { asTuple, markFloats } from "../pytypes";

/** Group keys the LR schedulers add (initial_lr, ...): Python floats. */
const SCHEDULER_FLOAT_KEYS = ["initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"];

/** Options of a parameter group, in Python's names (lr, weight_decay, betas, ...). */
export type GroupOptions = Record<string, unknown>;
export interface ParamGroup extends GroupOptions {
  params: Tensor[];
}
/** Parameters, (name, parameter) pairs (`model.namedParameters()`), or parameter groups. */
export type ParamsArg = Iterable<Tensor | [string, Tensor]> | Iterable<{ params: Iterable<Tensor | [string, Tensor]> | Tensor } & Record<string, unknown>>;

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Python's constructor checks of `fused` (SGD, Adam, AdamW, Adagrad): RuntimeError texts. */
export function checkFused(a: Record<string, unknown>): void {
  if (!a.fused) return;
  if (a.differentiable) throw new Error("`fused` does not support `differentiable`");
  if (a.foreach) throw new Error("`fused` and `foreach` cannot be `True` together.");
}

export abstract class Optimizer {
  /**
   * @internal Python's signature of the subclass's `__init__` (each built-in optimizer has one): it binds the
   * constructor's arguments, and stateDict() writes its float parameters as Python floats and its tuples as tuples.
   */
  static readonly signature?: Signature;
  /** @internal keys of the per-parameter state whose numbers are Python floats (LBFGS's `t`, `prev_loss`). */
  static readonly stateFloatKeys: readonly string[] = [];
  readonly defaults: GroupOptions;
  readonly paramGroups: ParamGroup[] = [];
  /** Per-parameter state (Python's optimizer.state). */
  readonly state = new Map<Tensor, Record<string, unknown>>();

  constructor(params: ParamsArg, defaults: GroupOptions) {
    this.defaults = defaults;
    checkNotSparse(new.target.name, "params", params);
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== "function")
      throw new TypeError(`${new.target.name}(): params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${describe(params)}`);
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new RangeError("optimizer got an empty parameter list");
    // parameters, (name, parameter) pairs (model.namedParameters()), or parameter groups, as Python
    const isGroup = (v: unknown) => v !== null && typeof v === "object" && !(v instanceof Tensor) && !Array.isArray(v);
    const groups = isGroup(list[0]) ? (list as ({ params: Iterable<Tensor> } & Record<string, unknown>)[]) : [{ params: list as Tensor[] }];
    for (const g of groups) this.addParamGroup(g);
  }

  /** addParamGroup({ params, ...options }): options in camelCase or Python's names. */
  addParamGroup(group: { params: Iterable<Tensor | [string, Tensor]> | Tensor } & Record<string, unknown>): void {
    if (group === null || typeof group !== "object") throw new TypeError(`param group must be a dict, not ${describe(group)}`);
    if (group.params instanceof Set)
      throw new TypeError("optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.");
    checkNotSparse("add_param_group", "params", group.params);
    if (!(group.params instanceof Tensor) && (group.params === null || group.params === undefined || typeof (group.params as Iterable<unknown>)[Symbol.iterator] !== "function"))
      throw new TypeError(`optimizer params must be an iterable of Tensors, not ${describe(group.params)}`);
    const given: unknown[] = group.params instanceof Tensor ? [group.params] : [...(group.params as Iterable<unknown>)];
    // (name, parameter) pairs, as model.namedParameters() yields them: Python records the names as `param_names`
    const names: string[] = [];
    const params = given.map((p) => {
      if (Array.isArray(p) && p.length === 2 && typeof p[0] === "string") {
        names.push(p[0]);
        return p[1] as Tensor;
      }
      return p as Tensor;
    });
    if (names.length !== 0 && names.length !== params.length)
      throw new RangeError("all optimizer params should be with/without names. Some param names are missing");
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describe(p)}`);
      if (!this.defaults.differentiable && !(p.isLeaf || p.retainsGrad)) throw new RangeError("can't optimize a non-leaf Tensor");
    }
    const g: ParamGroup = { params };
    for (const [k, v] of Object.entries(group)) if (k !== "params") g[snake(k)] = v;
    if (names.length) g.param_names = names;
    for (const [k, v] of Object.entries(this.defaults)) if (!(k in g)) g[k] = v;
    for (const other of this.paramGroups)
      if (("param_names" in other) !== ("param_names" in g))
        throw new RangeError(`all optimizer param groups should be with/without names. cannot add param group ${"param_names" in g ? "with names" : "without names"} to the optimizer`);
    const seen = new Set(this.paramGroups.flatMap((o) => o.params));
    if (params.some((p) => seen.has(p))) throw new RangeError("some parameters appear in more than one parameter group");
    this.validate(g);
    this.paramGroups.push(g);
  }

  /** @internal checks a group's options (RangeError naming the option, as Python's ValueError). */
  protected validate(g: ParamGroup): void {
    const lr = g.lr as number;
    if (typeof lr !== "number" || !(lr >= 0)) throw new RangeError(`Invalid learning rate: ${String(lr)}`);
  }

  /** zeroGrad(setToNone = true) */
  zeroGrad(setToNone = true): void {
    for (const g of this.paramGroups)
      for (const p of g.params) {
        if (setToNone) native.setGrad(p._h, null);
        else {
          const grad = p.grad;
          if (grad !== null) grad.detach_().zero_();
        }
      }
  }

  /** step(closure?): one update; the closure (re-evaluating the loss) runs with grad enabled. */
  step(closure?: () => Tensor | number): Tensor | number | undefined {
    let loss: Tensor | number | undefined;
    if (closure !== undefined) loss = enableGrad(closure);
    // as Python's _use_grad_for_differentiable: a differentiable optimizer's step is recorded by autograd
    (this.defaults.differentiable ? enableGrad : noGrad)(() => {
      // the .grad wrappers an update reads are released after it (not left to the GC: see tensor.ts)
      _releasingGradReads(() => {
        for (const g of this.paramGroups) this.updateGroup(g);
      });
    });
    return loss;
  }

  /** @internal updates one parameter group (under noGrad). */
  protected abstract updateGroup(group: ParamGroup): void;

  /** Python's state_dict(): { state: { index: {...} }, param_groups: [{ ...options, params: [indices] }] }. */
  stateDict(): { state: Record<number, Record<string, unknown>>; param_groups: Record<string, unknown>[] } {
    const index = new Map<Tensor, number>();
    let i = 0;
    const groups = this.paramGroups.map((g) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== "params") out[k] = v;
      out.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, i++);
        return index.get(p)!;
      });
      // Python's value types for torch.save: tuples stay tuples, float options stay floats (src/pytypes.ts)
      const cls = this.constructor as typeof Optimizer;
      if (cls.signature) {
        for (const k of cls.signature.tupleNames()) if (Array.isArray(out[k])) out[k] = markFloats(asTuple([...(out[k] as unknown[])]), true);
        markFloats(out, cls.signature.floatNames());
      }
      markFloats(out, SCHEDULER_FLOAT_KEYS);
      return out;
    });
    const state: Record<number, Record<string, unknown>> = {};
    const floats = (this.constructor as typeof Optimizer).stateFloatKeys;
    for (const [p, s] of this.state) if (index.has(p)) state[index.get(p)!] = markFloats({ ...s }, floats);
    return { state, param_groups: groups };
  }

  /** loadStateDict(stateDict): restores options and state (tensors are copied), Python's checks. */
  loadStateDict(sd: { state: Record<string | number, Record<string, unknown>>; param_groups: Record<string, unknown>[] }): void {
    if (!sd || !Array.isArray(sd.param_groups)) throw new TypeError("loadStateDict(): expected { state, param_groups }");
    if (sd.param_groups.length !== this.paramGroups.length) throw new RangeError("loaded state dict has a different number of parameter groups");
    sd.param_groups.forEach((g, gi) => {
      const ids = g.params as number[];
      if (!Array.isArray(ids) || ids.length !== this.paramGroups[gi].params.length)
        throw new RangeError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    });
    this.state.clear();
    sd.param_groups.forEach((g, gi) => {
      const mine = this.paramGroups[gi];
      for (const [k, v] of Object.entries(g)) if (k !== "params") mine[k] = v;
      (g.params as number[]).forEach((id, j) => {
        const s = sd.state[id];
        if (!s) return;
        const p = mine.params[j];
        const copy: Record<string, unknown> = {};
        // `step` stays as saved, unless capturable/fused keep it on the parameter's device (float32), as Python
        const stepOnDevice = !!(mine.capturable || mine.fused);
        const cast = (k: string, v: unknown): unknown =>
          v instanceof Tensor
            ? k === "step" ? (stepOnDevice ? v.to(p.device, dt.float32) : v).clone() : v.to(p.device, v.isFloatingPoint() ? p.dtype : v.dtype).clone()
          : Array.isArray(v) ? v.map((x) => cast(k, x)) // lists of tensors (LBFGS's history), as Python's _cast
          : v;
        for (const [k, v] of Object.entries(s)) copy[k] = cast(k, v);
        this.state.set(p, copy);
      });
    });
  }

  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.paramGroups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      for (const k of Object.keys(g).filter((k) => k !== "params").sort()) lines.push(`    ${k}: ${fmt(g[k])}`);
    });
    lines.push(")");
    return lines.join("\n");
  }
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `(${v.map(fmt).join(", ")})`;
  if (typeof v === "number") return pyFloat(v);
  if (typeof v === "string") return v;
  return String(v);
}

/** Python's repr of a float (shortest digits; scientific below 1e-4 or from 1e16, two-digit exponent). */
function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (v === 0 || Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  const [mant, e] = v.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(v);
}
