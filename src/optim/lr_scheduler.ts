// optim.lrScheduler: Python's schedulers with Python's recursive ("chainable")
// formulas, so the learning-rate sequence is the same float for float.
// Arguments follow PORTING.md rule 3: positional in Python's order, or one
// trailing options object with camelCase keys (T_max -> TMax, eta_min -> etaMin).
import { Optimizer, ParamGroup } from "./optimizer";
import { describe } from "../device";
import { Signature } from "../args";
import { markFloats, copyMarks } from "../pytypes";

// ---------------------------------------------------------------- helpers

import { warnOnce as warn } from "../warnings";

const EPOCH_DEPRECATION_WARNING =
  "The epoch parameter in `scheduler.step()` was not necessary and is being " +
  "deprecated where possible. Please use `scheduler.step()` to step the " +
  "scheduler. During the deprecation, if epoch is different from None, the " +
  "closed form is used instead of the new chainable form, where available. " +
  "Please open an issue if you are unable to replicate your use case: " +
  "https://github.com/pytorch/pytorch/issues/new/choose.";

/** Binds Python's `__init__` parameters (positional, then a trailing options object): the values in Python's order. */
function args(cls: keyof typeof SIGNATURES, a: readonly unknown[]): unknown[] {
  return Object.values(SIGNATURES[cls].bind(a));
}
function need<T>(cls: string, name: string, v: T | undefined | null): T {
  if (v === undefined) throw new TypeError(`${cls}.__init__() missing 1 required positional argument: '${name}'`);
  return v as T;
}
function num(v: unknown, dflt: number): number {
  return v === undefined || v === null ? dflt : (v as number);
}

/** Python's _format_param: one value per parameter group. */
function formatParam(name: string, optimizer: Optimizer, param: unknown): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(param)) {
    if (param.length !== n)
      throw new RangeError(`${name} must have the same length as optimizer.param_groups. ${name} has ${param.length} values, param_groups has ${n}.`);
    return [...(param as number[])];
  }
  return optimizer.paramGroups.map(() => param as number);
}

/** Python's bisect.bisect_right (same probing, so the same answer on unsorted lists). */
function bisectRight(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python's `a % b` (the sign of the divisor). */
const pyMod = (a: number, b: number) => ((a % b) + b) % b;

/** Deep copy of plain state values (arrays, plain objects, Maps; their tuple / float marks too); functions become null. */
function copyValue(v: unknown): unknown {
  if (typeof v === "function") return null;
  if (Array.isArray(v)) return copyMarks(v, v.map(copyValue));
  if (v instanceof Map) return copyMarks(v, new Map([...v].map(([k, x]) => [k, copyValue(x)])));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = copyValue(x);
    return copyMarks(v, o);
  }
  return v;
}

/** State keys whose numbers (or list items) are Python floats, as Python's state_dict holds them (for torch.save). */
const FLOAT_STATE = new Set([
  "base_lrs", "_last_lr", "gamma", "factor", "start_factor", "end_factor", "power", "eta_min", "max_lrs", "total_size", "step_ratio",
  "base_momentums", "max_momentums", "min_lrs", "default_min_lr", "eps", "mode_worse", "threshold", "best",
]);
function markPythonFloats(out: Record<string, unknown>): void {
  for (const k of Object.keys(out)) {
    if (!FLOAT_STATE.has(k)) continue;
    markFloats(out, [k]);
    if (Array.isArray(out[k])) markFloats(out[k] as unknown[], true);
  }
  // OneCycleLR: float(pct_start * total_steps) - 1 ... ; the last phase ends at total_steps - 1 (an int)
  const phases = out._schedule_phases;
  if (Array.isArray(phases)) phases.slice(0, -1).forEach((ph) => markFloats(ph as object, ["end_step"]));
}

/** Set by `deferred(optimizer)` in a subclass's super() call: the base constructor then does nothing. */
let deferInit = false;
function deferred(optimizer: Optimizer): Optimizer {
  deferInit = true;
  return optimizer;
}

type StepFn = ((...a: unknown[]) => unknown) & { _wrappedByLrSched?: boolean };
type Tracked = { _optCalled?: boolean; step: StepFn };

/** Python's patch_track_step_called: the optimizer's step marks that it ran (for the step-order warning). */
function patchTrackStepCalled(optimizer: Optimizer): void {
  const opt = optimizer as unknown as Tracked;
  if (opt.step._wrappedByLrSched) return;
  const fn = opt.step;
  const wrapper: StepFn = function (this: unknown, ...a: unknown[]) {
    opt._optCalled = true;
    return fn.apply(optimizer, a);
  };
  wrapper._wrappedByLrSched = true;
  Object.defineProperty(optimizer, "step", { value: wrapper, writable: true, configurable: true, enumerable: false });
}

/** What schedulers call on one another (Python's underscore methods). */
interface Internals {
  initialStep(): void;
  updateLr(epoch?: number): void;
  lastEpoch: number;
}
const internal = (s: LRScheduler) => s as unknown as Internals;

/** [Python's state_dict key, this object's field] */
type StateKeys = [string, string][];

/** The schedulers defined here: their stateKeys() list every saved field (see the end of the file). */
const BUILTIN = new Set<unknown>();
const INTERNAL_FIELDS = new Set(["stepCount", "isInitial", "getLrCalledWithinStep", "lastLr"]);
const snakeCase = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, (_m, a: string, b: string) => `${a}_${b.toLowerCase()}`);
const camelCase = (k: string) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * Python 2.13's __init__ signature of each scheduler (the arguments bind to it, PORTING.md rule 3). Where Python
 * accepts more than its annotation says, so do these: CyclicLR's momenta may be lists (one per group), and
 * lr_lambda is checked by the class, with Python's message.
 */
const SIGNATURES = {
  LambdaLR: new Signature("LambdaLR.__init__",
    "optimizer: Optimizer, lr_lambda: Any, last_epoch: int = -1"),
  MultiplicativeLR: new Signature("MultiplicativeLR.__init__",
    "optimizer: Optimizer, lr_lambda: Any, last_epoch: int = -1"),
  StepLR: new Signature("StepLR.__init__",
    "optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1"),
  MultiStepLR: new Signature("MultiStepLR.__init__",
    "optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1, last_epoch: int = -1"),
  ConstantLR: new Signature("ConstantLR.__init__",
    "optimizer: Optimizer, factor: float = 0.3333333333333333, total_iters: int = 5, last_epoch: int = -1"),
  LinearLR: new Signature("LinearLR.__init__",
    "optimizer: Optimizer, start_factor: float = 0.3333333333333333, end_factor: float = 1.0, " +
    "total_iters: int = 5, last_epoch: int = -1"),
  ExponentialLR: new Signature("ExponentialLR.__init__",
    "optimizer: Optimizer, gamma: float, last_epoch: int = -1"),
  SequentialLR: new Signature("SequentialLR.__init__",
    "optimizer: Optimizer, schedulers: list[LRScheduler], milestones: list[int], last_epoch: int = -1"),
  CosineAnnealingLR: new Signature("CosineAnnealingLR.__init__",
    "optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1"),
  ChainedScheduler: new Signature("ChainedScheduler.__init__",
    "schedulers: Sequence[LRScheduler], optimizer: Optimizer | None = None"),
  ReduceLROnPlateau: new Signature("ReduceLROnPlateau.__init__",
    "optimizer: Optimizer, mode: Literal['min', 'max'] = 'min', factor: float = 0.1, patience: int = 10, " +
    "threshold: float = 0.0001, threshold_mode: Literal['rel', 'abs'] = 'rel', cooldown: int = 0, " +
    "min_lr: list[float] | float = 0, eps: float = 1e-08"),
  CyclicLR: new Signature("CyclicLR.__init__",
    "optimizer: Optimizer, base_lr: float | list[float], max_lr: float | list[float], step_size_up: int = 2000, " +
    "step_size_down: int | None = None, mode: Literal['triangular', 'triangular2', 'exp_range'] = 'triangular', " +
    "gamma: float = 1.0, scale_fn: Callable[[float], float] | None = None, " +
    "scale_mode: Literal['cycle', 'iterations'] = 'cycle', cycle_momentum: bool = True, " +
    "base_momentum: float | list[float] = 0.8, max_momentum: float | list[float] = 0.9, last_epoch: int = -1"),
  CosineAnnealingWarmRestarts: new Signature("CosineAnnealingWarmRestarts.__init__",
    "optimizer: Optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0, last_epoch: int = -1"),
  OneCycleLR: new Signature("OneCycleLR.__init__",
    "optimizer: Optimizer, max_lr: float | list[float], total_steps: int | None = None, " +
    "epochs: int | None = None, steps_per_epoch: int | None = None, pct_start: float = 0.3, " +
    "anneal_strategy: Literal['cos', 'linear'] = 'cos', cycle_momentum: bool = True, " +
    "base_momentum: float | list[float] = 0.85, max_momentum: float | list[float] = 0.95, " +
    "div_factor: float = 25.0, final_div_factor: float = 10000.0, three_phase: bool = False, " +
    "last_epoch: int = -1"),
  PolynomialLR: new Signature("PolynomialLR.__init__",
    "optimizer: Optimizer, total_iters: int = 5, power: float = 1.0, last_epoch: int = -1"),
};

// ---------------------------------------------------------------- base class

/**
 * Base class of the schedulers (Python's LRScheduler). A subclass sets its own
 * fields after `super(optimizer, lastEpoch)`, then calls `this.initialStep()`
 * (Python's `_initial_step`, which runs inside Python's `super().__init__`), and
 * implements `getLr()`.
 */
export abstract class LRScheduler {
  /** @internal Python's signature of the scheduler's `__init__` (the built-in ones; see SIGNATURES). */
  static readonly signature?: Signature;
  optimizer!: Optimizer;
  lastEpoch!: number;
  baseLrs!: number[];
  /** @internal Python's _step_count */ protected stepCount = 0;
  /** @internal Python's _is_initial */ protected isInitial = false;
  /** @internal Python's _get_lr_called_within_step */ protected getLrCalledWithinStep = false;
  /** @internal Python's _last_lr */ protected lastLr: number[] = [];

  constructor(optimizer: Optimizer, lastEpoch = -1) {
    if (deferInit) {
      deferInit = false;
      return;
    }
    this.initBase(optimizer, lastEpoch);
  }

  /** @internal Python's LRScheduler.__init__ up to (not including) the initial step. */
  protected initBase(optimizer: Optimizer, lastEpoch: number): void {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${describe(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) if (!("initial_lr" in g)) g.initial_lr = g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (!("initial_lr" in g))
          throw new RangeError(
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.\n` +
              "This typically happens when:\n" +
              "1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\n" +
              "2. You're using last_epoch >= 0 for a fresh training run (not recommended)",
          );
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initial_lr as number);
    this.lastEpoch = lastEpoch;
    patchTrackStepCalled(optimizer);
  }

  /** Python's _initial_step: subclasses call it at the end of their constructor. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /** The learning rate of each parameter group at `lastEpoch` (use getLastLr() to read the current one). */
  abstract getLr(): number[];

  /** @internal Python's _warn_get_lr_called_within_step */
  protected warnGetLr(): void {
    if (!this.getLrCalledWithinStep) warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.");
  }

  /** @internal the current lr of each group (Python's _param_groups_val_list(optimizer, "lr")). */
  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  /**
   * step(): advances one epoch and sets the groups' lr. Call after optimizer.step().
   * step(epoch) (deprecated in Python, warns) jumps to `epoch`, with the closed form where there is one.
   */
  step(epoch?: number): void {
    if (this.stepCount === 1) {
      const opt = this.optimizer as unknown as Tracked;
      if (!opt.step._wrappedByLrSched)
        warn(
          "Seems like `optimizer.step()` has been overridden after learning rate scheduler " +
            "initialization. Please, make sure to call `optimizer.step()` before " +
            "`lr_scheduler.step()`. See more details at " +
            "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
        );
      else if (!opt._optCalled)
        warn(
          "Detected call of `lr_scheduler.step()` before `optimizer.step()`. " +
            "In PyTorch 1.1.0 and later, you should call them in the opposite order: " +
            "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this " +
            "will result in PyTorch skipping the first value of the learning rate schedule. " +
            "See more details at " +
            "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
        );
    }
    this.stepCount++;
    if (epoch !== undefined && epoch !== null) warn(EPOCH_DEPRECATION_WARNING);
    this.updateLr(epoch);
  }

  /** @internal Python's _update_lr */
  protected updateLr(epoch?: number): void {
    let values: number[];
    this.getLrCalledWithinStep = true;
    try {
      if (epoch === undefined || epoch === null) {
        this.lastEpoch++;
        values = this.getLr();
      } else {
        this.lastEpoch = epoch;
        values = this.closedFormLr() ?? this.getLr();
      }
    } finally {
      this.getLrCalledWithinStep = false;
    }
    this.setGroupLrs(values);
  }

  /** @internal writes the lrs into the groups (Python's strict zip) and records them as the last lrs. */
  protected setGroupLrs(values: number[]): void {
    const groups = this.optimizer.paramGroups;
    if (values.length !== groups.length)
      throw new RangeError(`zip() argument 2 is ${values.length < groups.length ? "shorter" : "longer"} than argument 1`);
    groups.forEach((g, i) => (g.lr = values[i]));
    this.lastLr = this.groupLrs();
  }

  /** @internal Python's _get_closed_form_lr, where the scheduler has one (used by step(epoch)). */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /** The learning rates this scheduler set last, one per parameter group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** @internal Python's state_dict keys of this scheduler and the fields that hold them, in Python's order. */
  protected stateKeys(): StateKeys {
    return [
      ["base_lrs", "baseLrs"], ["last_epoch", "lastEpoch"], ["_step_count", "stepCount"], ["_is_initial", "isInitial"],
      ["_get_lr_called_within_step", "getLrCalledWithinStep"], ["_last_lr", "lastLr"],
    ];
  }

  /**
   * Python's state_dict: every field but the optimizer, under Python's names (functions are saved as
   * null). The fields a subclass of yours adds are saved too, in snake_case (`warmupSteps` -> `warmup_steps`).
   */
  stateDict(): Record<string, unknown> {
    const self = this as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const keys = this.stateKeys();
    for (const [py, ts] of keys) if (self[ts] !== undefined) out[py] = copyValue(self[ts]);
    markPythonFloats(out);
    if (!BUILTIN.has(this.constructor)) {
      const known = new Set(keys.map(([, ts]) => ts));
      for (const [k, v] of Object.entries(this))
        if (!known.has(k) && !INTERNAL_FIELDS.has(k) && k !== "optimizer" && typeof v !== "function" && v !== undefined) out[snakeCase(k)] = copyValue(v);
    }
    return out;
  }

  /** Python's load_state_dict: restores the fields from a stateDict() (Python's keys). */
  loadStateDict(stateDict: Record<string, unknown>): void {
    if (stateDict === null || typeof stateDict !== "object") throw new TypeError(`loadStateDict(): expected a dict, not ${describe(stateDict)}`);
    const self = this as unknown as Record<string, unknown>;
    const keys = new Map(this.stateKeys());
    for (const [k, v] of Object.entries(stateDict)) {
      const ts = keys.get(k) ?? (BUILTIN.has(this.constructor) ? undefined : camelCase(k));
      if (ts !== undefined && ts !== "optimizer" && typeof self[ts] !== "function") self[ts] = copyValue(v);
    }
  }
}

// ---------------------------------------------------------------- LambdaLR, MultiplicativeLR

type LrLambda = (epoch: number) => number;

function lambdaList(optimizer: Optimizer, lrLambda: LrLambda | LrLambda[]): LrLambda[] {
  if (!Array.isArray(lrLambda)) return optimizer.paramGroups.map(() => lrLambda);
  if (lrLambda.length !== optimizer.paramGroups.length)
    throw new RangeError(`Expected ${optimizer.paramGroups.length} lr_lambdas, but got ${lrLambda.length}`);
  return [...lrLambda];
}

abstract class LambdaBase extends LRScheduler {
  lrLambdas!: LrLambda[];
  /** Python's state_dict: lr_lambdas are functions, saved as null as Python saves plain functions. */
  stateDict(): Record<string, unknown> {
    return Object.assign(super.stateDict(), { lr_lambdas: this.lrLambdas.map(() => null) });
  }
  loadStateDict(stateDict: Record<string, unknown>): void {
    const { lr_lambdas: fns, ...rest } = stateDict;
    super.loadStateDict(rest);
    if (Array.isArray(fns)) fns.forEach((fn, i) => fn && Object.assign(this.lrLambdas[i], fn));
  }
}

export interface LambdaLROptions { optimizer?: Optimizer; lrLambda?: LrLambda | LrLambda[]; lastEpoch?: number }

/** LambdaLR(optimizer, lrLambda, lastEpoch = -1): lr = initial lr * lrLambda(epoch). */
export class LambdaLR extends LambdaBase {
  constructor(optimizer: Optimizer | LambdaLROptions, ...rest: (LrLambda | LrLambda[] | number | LambdaLROptions)[]) {
    const [o, fn, le] = args("LambdaLR", [optimizer, ...rest]);
    const opt = need("LambdaLR", "optimizer", o as Optimizer);
    super(deferred(opt));
    if (!(opt instanceof Optimizer)) throw new TypeError(`${describe(opt)} is not an Optimizer`);
    this.lrLambdas = lambdaList(opt, need("LambdaLR", "lr_lambda", fn as LrLambda));
    this.initBase(opt, num(le, -1));
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i](this.lastEpoch));
  }
}

/** MultiplicativeLR(optimizer, lrLambda, lastEpoch = -1): lr *= lrLambda(epoch) each step. */
export class MultiplicativeLR extends LambdaBase {
  constructor(optimizer: Optimizer | LambdaLROptions, ...rest: (LrLambda | LrLambda[] | number | LambdaLROptions)[]) {
    const [o, fn, le] = args("MultiplicativeLR", [optimizer, ...rest]);
    const opt = need("MultiplicativeLR", "optimizer", o as Optimizer);
    super(deferred(opt));
    if (!(opt instanceof Optimizer)) throw new TypeError(`${describe(opt)} is not an Optimizer`);
    this.lrLambdas = lambdaList(opt, need("MultiplicativeLR", "lr_lambda", fn as LrLambda));
    for (const f of this.lrLambdas)
      if (typeof f !== "function") throw new TypeError(`lr_lambda should be a function, but got ${describe(f)}`);
    this.initBase(opt, num(le, -1));
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    if (this.isInitial) return this.groupLrs();
    return this.groupLrs().map((lr, i) => lr * this.lrLambdas[i](this.lastEpoch));
  }
}

// ---------------------------------------------------------------- StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR

export interface StepLROptions { optimizer?: Optimizer; stepSize?: number; gamma?: number; lastEpoch?: number }

/** StepLR(optimizer, stepSize, gamma = 0.1, lastEpoch = -1): lr *= gamma every stepSize epochs. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;
  constructor(optimizer: Optimizer | StepLROptions, ...rest: (number | StepLROptions)[]) {
    const [o, stepSize, gamma, le] = args("StepLR", [optimizer, ...rest]);
    const ss = need("StepLR", "step_size", stepSize as number);
    super(need("StepLR", "optimizer", o as Optimizer), num(le, -1));
    this.stepSize = ss;
    this.gamma = num(gamma, 0.1);
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    if (this.lastEpoch === 0 || pyMod(this.lastEpoch, this.stepSize) !== 0) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
  protected stateKeys(): StateKeys {
    return [["step_size", "stepSize"], ["gamma", "gamma"], ...super.stateKeys()];
  }
}

export interface MultiStepLROptions { optimizer?: Optimizer; milestones?: Iterable<number>; gamma?: number; lastEpoch?: number }

/**
 * MultiStepLR(optimizer, milestones, gamma = 0.1, lastEpoch = -1): lr *= gamma at each milestone.
 * `milestones` is Python's Counter (epoch -> count), a Map here and in stateDict().
 */
export class MultiStepLR extends LRScheduler {
  milestones: Map<number, number>;
  gamma: number;
  constructor(optimizer: Optimizer | MultiStepLROptions, ...rest: (number | Iterable<number> | MultiStepLROptions)[]) {
    const [o, ms, gamma, le] = args("MultiStepLR", [optimizer, ...rest]);
    const list = [...need("MultiStepLR", "milestones", ms as Iterable<number>)];
    super(need("MultiStepLR", "optimizer", o as Optimizer), num(le, -1));
    this.milestones = new Map();
    for (const m of list) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = num(gamma, 0.1);
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    const c = this.milestones.get(this.lastEpoch);
    if (c === undefined) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma ** c);
  }
  protected closedFormLr(): number[] {
    const sorted = [...this.milestones].flatMap(([m, c]) => Array<number>(c).fill(m)).sort((a, b) => a - b);
    return this.baseLrs.map((b) => b * this.gamma ** bisectRight(sorted, this.lastEpoch));
  }
  protected stateKeys(): StateKeys {
    return [["milestones", "milestones"], ["gamma", "gamma"], ...super.stateKeys()];
  }
  /** Loads `milestones` given as a Map (what stateDict() gives: Python's Counter, int keys under torch.save) or as { epoch: count }. */
  loadStateDict(stateDict: Record<string, unknown>): void {
    super.loadStateDict(stateDict);
    const m = this.milestones as unknown;
    if (!(m instanceof Map)) this.milestones = new Map(Object.entries(m as Record<string, number>).map(([k, c]) => [Number(k), c]));
  }
}

export interface ConstantLROptions { optimizer?: Optimizer; factor?: number; totalIters?: number; lastEpoch?: number }

/** ConstantLR(optimizer, factor = 1/3, totalIters = 5, lastEpoch = -1) */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;
  constructor(optimizer: Optimizer | ConstantLROptions, ...rest: (number | ConstantLROptions)[]) {
    const [o, factor, totalIters, le] = args("ConstantLR", [optimizer, ...rest]);
    const f = num(factor, 1.0 / 3);
    if (f > 1.0 || f < 0) throw new RangeError("Constant multiplicative factor expected to be between 0 and 1.");
    super(need("ConstantLR", "optimizer", o as Optimizer), num(le, -1));
    this.factor = f;
    this.totalIters = num(totalIters, 5);
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    if (this.lastEpoch === 0) return this.groupLrs().map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * (1.0 / this.factor));
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
  protected stateKeys(): StateKeys {
    return [["factor", "factor"], ["total_iters", "totalIters"], ...super.stateKeys()];
  }
}

export interface LinearLROptions { optimizer?: Optimizer; startFactor?: number; endFactor?: number; totalIters?: number; lastEpoch?: number }

/** LinearLR(optimizer, startFactor = 1/3, endFactor = 1, totalIters = 5, lastEpoch = -1) */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  constructor(optimizer: Optimizer | LinearLROptions, ...rest: (number | LinearLROptions)[]) {
    const [o, sf, ef, ti, le] = args("LinearLR", [optimizer, ...rest]);
    const startFactor = num(sf, 1.0 / 3), endFactor = num(ef, 1.0);
    if (startFactor > 1.0 || startFactor <= 0)
      throw new RangeError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    if (endFactor > 1.0 || endFactor < 0) throw new RangeError("Ending multiplicative factor expected to be between 0 and 1.");
    super(need("LinearLR", "optimizer", o as Optimizer), num(le, -1));
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = num(ti, 5);
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    if (this.lastEpoch === 0) return this.groupLrs().map((lr) => lr * this.startFactor);
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.groupLrs();
    const f = 1.0 + (this.endFactor - this.startFactor) /
      (this.totalIters * this.startFactor + (this.lastEpoch - 1) * (this.endFactor - this.startFactor));
    return this.groupLrs().map((lr) => lr * f);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) =>
      b * (this.startFactor + ((this.endFactor - this.startFactor) * Math.min(this.totalIters, this.lastEpoch)) / this.totalIters));
  }
  protected stateKeys(): StateKeys {
    return [["start_factor", "startFactor"], ["end_factor", "endFactor"], ["total_iters", "totalIters"], ...super.stateKeys()];
  }
}

export interface ExponentialLROptions { optimizer?: Optimizer; gamma?: number; lastEpoch?: number }

/** ExponentialLR(optimizer, gamma, lastEpoch = -1): lr *= gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: Optimizer | ExponentialLROptions, ...rest: (number | ExponentialLROptions)[]) {
    const [o, gamma, le] = args("ExponentialLR", [optimizer, ...rest]);
    const g = need("ExponentialLR", "gamma", gamma as number);
    super(need("ExponentialLR", "optimizer", o as Optimizer), num(le, -1));
    this.gamma = g;
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    if (this.isInitial) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
  protected stateKeys(): StateKeys {
    return [["gamma", "gamma"], ...super.stateKeys()];
  }
}

// ---------------------------------------------------------------- SequentialLR, ChainedScheduler

/** Python's SequentialLR / ChainedScheduler have no _step_count / _is_initial until a SequentialLR parent's initial step. */
function noInitialStepYet(s: LRScheduler): void {
  const f = s as unknown as Record<string, unknown>;
  f.stepCount = undefined;
  f.isInitial = undefined;
  f.getLrCalledWithinStep = undefined;
}

function checkChild(cls: string, optimizer: Optimizer | undefined, s: unknown, i: number): void {
  if (s === null || typeof s !== "object" || !("optimizer" in s))
    throw new TypeError(`${cls} at index ${i} should have \`optimizer\` as its attribute.`);
  if (s instanceof ReduceLROnPlateau)
    throw new RangeError(
      `${cls} does not support \`ReduceLROnPlateau\` scheduler as it requires additional kwargs to be specified when calling \`step\`, ` +
        `but got one at index ${i} in the given schedulers sequence.`,
    );
  const so = (s as LRScheduler).optimizer;
  if (optimizer !== so)
    throw new RangeError(
      `${cls} expects all schedulers to belong to the same optimizer, but got scheduler ${(s as object).constructor.name} ` +
        `at index ${i} has ${String(so)}, which is different from ${optimizer === null || optimizer === undefined ? "NoneType" : describe(optimizer)}.`,
    );
}

export interface SequentialLROptions { optimizer?: Optimizer; schedulers?: LRScheduler[]; milestones?: number[]; lastEpoch?: number }

/**
 * SequentialLR(optimizer, schedulers, milestones, lastEpoch = -1): runs schedulers[i]
 * from milestones[i - 1] on (at a milestone the next scheduler restarts from epoch 0).
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];
  constructor(optimizer: Optimizer | SequentialLROptions, ...rest: (LRScheduler[] | number[] | number | SequentialLROptions)[]) {
    const [o, sch, ms, le] = args("SequentialLR", [optimizer, ...rest]);
    const opt = need("SequentialLR", "optimizer", o as Optimizer);
    const schedulers = [...need("SequentialLR", "schedulers", sch as LRScheduler[])];
    const milestones = [...need("SequentialLR", "milestones", ms as number[])];
    super(deferred(opt));
    if (schedulers.length < 1) throw new RangeError("SequentialLR expects at least one scheduler, but got no scheduler.");
    schedulers.forEach((s, i) => checkChild("SequentialLR", opt, s, i));
    if (milestones.length !== schedulers.length - 1)
      throw new RangeError(
        "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
          `but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    this.schedulers = schedulers;
    this.milestones = milestones;
    noInitialStepYet(this);
    this.lastEpoch = num(le, -1) + 1;
    this.optimizer = opt;
    for (const g of opt.paramGroups) g.lr = g.initial_lr;
    this.recursiveUndo();
    const idx = bisectRight(this.milestones, 0);
    internal(this.schedulers[idx]).initialStep();
    this.lastLr = this.schedulers[idx].getLastLr();
  }
  /** Python's recursive_undo: takes back the initial step each child made when it was built. */
  recursiveUndo(sched?: LRScheduler): void {
    const s = sched ?? this;
    if (s instanceof SequentialLR || s instanceof ChainedScheduler) for (const c of s.schedulers) this.recursiveUndo(c);
    else internal(s).lastEpoch -= 1;
  }
  getLr(): number[] {
    throw new Error("NotImplementedError");
  }
  step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) internal(s).updateLr(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }
  protected stateKeys(): StateKeys {
    return [["_milestones", "milestones"], ["last_epoch", "lastEpoch"], ["_last_lr", "lastLr"], ["_step_count", "stepCount"], ["_is_initial", "isInitial"]];
  }
  /** Python's state_dict, with each child's stateDict under `_schedulers`. */
  stateDict(): Record<string, unknown> {
    return Object.assign(super.stateDict(), { _schedulers: this.schedulers.map((s) => s.stateDict()) });
  }
  loadStateDict(stateDict: Record<string, unknown>): void {
    const { _schedulers: children, ...rest } = stateDict;
    super.loadStateDict(rest);
    const self = this as unknown as { milestones: number[] };
    if (rest._milestones !== undefined) self.milestones = [...(rest._milestones as number[])];
    (children as Record<string, unknown>[]).forEach((sd, i) => this.schedulers[i].loadStateDict(sd));
  }
}

export interface ChainedSchedulerOptions { schedulers?: LRScheduler[]; optimizer?: Optimizer | null }

/** ChainedScheduler(schedulers, optimizer = null): step() steps every scheduler in turn. */
export class ChainedScheduler extends LRScheduler {
  readonly schedulers: LRScheduler[];
  constructor(schedulers: LRScheduler[] | ChainedSchedulerOptions, ...rest: (Optimizer | null | ChainedSchedulerOptions)[]) {
    const [sch, o] = args("ChainedScheduler", [schedulers, ...rest]);
    const list = [...need("ChainedScheduler", "schedulers", sch as LRScheduler[])];
    if (list.length < 1)
      throw new RangeError("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.");
    const opt = (o as Optimizer | null | undefined) || list[0].optimizer;
    super(deferred(opt));
    list.forEach((s, i) => checkChild("ChainedScheduler", opt, s, i));
    this.schedulers = list;
    this.optimizer = opt;
    noInitialStepYet(this);
    this.lastLr = list[list.length - 1].optimizer.paramGroups.map((g) => g.lr as number);
  }
  getLr(): number[] {
    throw new Error("NotImplementedError");
  }
  step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.schedulers[this.schedulers.length - 1].optimizer.paramGroups.map((g) => g.lr as number);
  }
  protected stateKeys(): StateKeys {
    return [["_last_lr", "lastLr"], ["_step_count", "stepCount"], ["_is_initial", "isInitial"]];
  }
  /** Python's state_dict, with each child's stateDict under `_schedulers`. */
  stateDict(): Record<string, unknown> {
    return Object.assign(super.stateDict(), { _schedulers: this.schedulers.map((s) => s.stateDict()) });
  }
  loadStateDict(stateDict: Record<string, unknown>): void {
    const { _schedulers: children, ...rest } = stateDict;
    super.loadStateDict(rest);
    (children as Record<string, unknown>[]).forEach((sd, i) => this.schedulers[i].loadStateDict(sd));
  }
}

// ---------------------------------------------------------------- PolynomialLR, CosineAnnealingLR

export interface PolynomialLROptions { optimizer?: Optimizer; totalIters?: number; power?: number; lastEpoch?: number }

/** PolynomialLR(optimizer, totalIters = 5, power = 1, lastEpoch = -1) */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;
  constructor(optimizer: Optimizer | PolynomialLROptions, ...rest: (number | PolynomialLROptions)[]) {
    const [o, ti, power, le] = args("PolynomialLR", [optimizer, ...rest]);
    super(need("PolynomialLR", "optimizer", o as Optimizer), num(le, -1));
    this.totalIters = num(ti, 5);
    this.power = num(power, 1.0);
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.groupLrs();
    const f = ((1.0 - this.lastEpoch / this.totalIters) / (1.0 - (this.lastEpoch - 1) / this.totalIters)) ** this.power;
    return this.groupLrs().map((lr) => lr * f);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power);
  }
  protected stateKeys(): StateKeys {
    return [["total_iters", "totalIters"], ["power", "power"], ...super.stateKeys()];
  }
}

export interface CosineAnnealingLROptions { optimizer?: Optimizer; TMax?: number; etaMin?: number; lastEpoch?: number }

/** CosineAnnealingLR(optimizer, TMax, etaMin = 0, lastEpoch = -1) */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;
  constructor(optimizer: Optimizer | CosineAnnealingLROptions, ...rest: (number | CosineAnnealingLROptions)[]) {
    const [o, TMax, etaMin, le] = args("CosineAnnealingLR", [optimizer, ...rest]);
    const tMax = need("CosineAnnealingLR", "T_max", TMax as number);
    super(need("CosineAnnealingLR", "optimizer", o as Optimizer), num(le, -1));
    this.TMax = tMax;
    this.etaMin = num(etaMin, 0.0);
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    const { TMax, etaMin } = this;
    const e = this.lastEpoch;
    if (this.isInitial) return this.groupLrs();
    if (this.stepCount === 1 && e > 0)
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((e * Math.PI) / TMax))) / 2);
    if (pyMod(e - 1 - TMax, 2 * TMax) === 0)
      return this.groupLrs().map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2);
    return this.groupLrs().map((lr) =>
      ((1 + Math.cos((Math.PI * e) / TMax)) / (1 + Math.cos((Math.PI * (e - 1)) / TMax))) * (lr - etaMin) + etaMin);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2);
  }
  protected stateKeys(): StateKeys {
    return [["T_max", "TMax"], ["eta_min", "etaMin"], ...super.stateKeys()];
  }
}

// ---------------------------------------------------------------- ReduceLROnPlateau

export interface ReduceLROnPlateauOptions {
  optimizer?: Optimizer; mode?: "min" | "max"; factor?: number; patience?: number; threshold?: number;
  thresholdMode?: "rel" | "abs"; cooldown?: number; minLr?: number | number[]; eps?: number;
}

/**
 * ReduceLROnPlateau(optimizer, mode = "min", factor = 0.1, patience = 10, threshold = 1e-4,
 * thresholdMode = "rel", cooldown = 0, minLr = 0, eps = 1e-8): step(metric) lowers the lr
 * when the metric stops improving, as Python's.
 */
export class ReduceLROnPlateau extends LRScheduler {
  mode!: "min" | "max";
  factor: number;
  patience: number;
  threshold!: number;
  thresholdMode!: "rel" | "abs";
  cooldown: number;
  minLrs: number[];
  defaultMinLr: number | null;
  eps: number;
  modeWorse!: number;
  best!: number;
  numBadEpochs!: number;
  cooldownCounter!: number;

  constructor(optimizer: Optimizer | ReduceLROnPlateauOptions, ...rest: (number | number[] | string | ReduceLROnPlateauOptions)[]) {
    const [o, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps] = args("ReduceLROnPlateau", [optimizer, ...rest]);
    const opt = need("ReduceLROnPlateau", "optimizer", o as Optimizer);
    super(deferred(opt));
    this.factor = num(factor, 0.1);
    if (this.factor >= 1.0) throw new RangeError("Factor should be < 1.0.");
    if (!(opt instanceof Optimizer)) throw new TypeError(`${describe(opt)} is not an Optimizer`);
    this.optimizer = opt;
    const ml = (minLr ?? 0) as number | number[];
    if (Array.isArray(ml)) {
      if (ml.length !== opt.paramGroups.length) throw new RangeError(`expected ${opt.paramGroups.length} min_lrs, got ${ml.length}`);
      this.defaultMinLr = null;
      this.minLrs = [...ml];
    } else {
      this.defaultMinLr = ml;
      this.minLrs = opt.paramGroups.map(() => ml);
    }
    this.patience = num(patience, 10);
    this.cooldown = num(cooldown, 0);
    this.eps = num(eps, 1e-8);
    this.lastEpoch = 0;
    this.lastLr = this.groupLrs();
    this.initIsBetter((mode ?? "min") as "min" | "max", num(threshold, 1e-4), (thresholdMode ?? "rel") as "rel" | "abs");
    this.reset();
  }
  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }
  private initIsBetter(mode: "min" | "max", threshold: number, thresholdMode: "rel" | "abs"): void {
    if (mode !== "min" && mode !== "max") throw new RangeError(`mode ${String(mode)} is unknown!`);
    if (thresholdMode !== "rel" && thresholdMode !== "abs") throw new RangeError(`threshold mode ${String(thresholdMode)} is unknown!`);
    this.modeWorse = mode === "min" ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }
  private isBetter(a: number, best: number): boolean {
    const { threshold } = this;
    if (this.mode === "min") return this.thresholdMode === "rel" ? a < best * (1.0 - threshold) : a < best - threshold;
    return this.thresholdMode === "rel" ? a > best * (threshold + 1.0) : a > best + threshold;
  }
  getLr(): number[] {
    throw new Error("NotImplementedError");
  }
  /** step(metric): call once per epoch with the validation metric (a number or a 1-element tensor). */
  step(metrics?: number | { item(): number | boolean }, epoch?: number): void {
    if (metrics === undefined) throw new TypeError("ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");
    const current = typeof metrics === "number" ? metrics : Number(metrics.item());
    if (epoch === undefined || epoch === null) epoch = this.lastEpoch + 1;
    else warn(EPOCH_DEPRECATION_WARNING);
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.groupLrs();
  }
  private reduceLr(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null)
        throw new Error(
          `The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized ` +
            `(${this.minLrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`min_lrs\` field ` +
            "to match the length of the `optimizer` param groups.",
        );
      this.minLrs = groups.map(() => this.defaultMinLr as number);
    }
    groups.forEach((g: ParamGroup, i) => {
      const old = Number(g.lr);
      const next = Math.max(old * this.factor, this.minLrs[i]);
      if (old - next > this.eps) g.lr = next;
    });
  }
  protected stateKeys(): StateKeys {
    return [
      ["factor", "factor"], ["default_min_lr", "defaultMinLr"], ["min_lrs", "minLrs"], ["patience", "patience"], ["cooldown", "cooldown"],
      ["eps", "eps"], ["last_epoch", "lastEpoch"], ["_last_lr", "lastLr"], ["mode_worse", "modeWorse"], ["mode", "mode"],
      ["threshold", "threshold"], ["threshold_mode", "thresholdMode"], ["best", "best"], ["cooldown_counter", "cooldownCounter"],
      ["num_bad_epochs", "numBadEpochs"],
    ];
  }
  loadStateDict(stateDict: Record<string, unknown>): void {
    super.loadStateDict(stateDict);
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}

// ---------------------------------------------------------------- CyclicLR

/** Sets group momentum (or beta1 of Adam-style `betas`), as Python's schedulers do. */
function setMomentum(g: ParamGroup, useBeta1: boolean, m: number): void {
  if (useBeta1) g.betas = [m, ...(g.betas as number[]).slice(1)];
  else g.momentum = m;
}

export interface CyclicLROptions {
  optimizer?: Optimizer; baseLr?: number | number[]; maxLr?: number | number[]; stepSizeUp?: number; stepSizeDown?: number | null;
  mode?: "triangular" | "triangular2" | "exp_range"; gamma?: number; scaleFn?: ((x: number) => number) | null;
  scaleMode?: "cycle" | "iterations"; cycleMomentum?: boolean; baseMomentum?: number | number[]; maxMomentum?: number | number[];
  lastEpoch?: number;
}

/**
 * CyclicLR(optimizer, baseLr, maxLr, stepSizeUp = 2000, stepSizeDown = null, mode = "triangular",
 * gamma = 1, scaleFn = null, scaleMode = "cycle", cycleMomentum = true, baseMomentum = 0.8,
 * maxMomentum = 0.9, lastEpoch = -1): the lr cycles between baseLr and maxLr (step once per batch);
 * momentum (or Adam's beta1) cycles the other way.
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: string;
  gamma: number;
  scaleMode: string;
  cycleMomentum: boolean;
  useBeta1?: boolean;
  baseMomentums?: number[];
  maxMomentums?: number[];
  private scaleFnCustom: ((x: number) => number) | null;
  private scaleFnRef: (x: number) => number = () => 1.0;

  constructor(optimizer: Optimizer | CyclicLROptions,
    ...rest: (number | number[] | string | boolean | null | ((x: number) => number) | CyclicLROptions)[]) {
    const [o, baseLr, maxLr, up, down, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum, le] = args("CyclicLR", [optimizer, ...rest]);
    const opt = need("CyclicLR", "optimizer", o as Optimizer);
    super(deferred(opt));
    if (!(opt instanceof Optimizer)) throw new TypeError(`${describe(opt)} is not an Optimizer`);
    this.optimizer = opt;
    const lastEpoch = num(le, -1);
    const baseLrs = formatParam("base_lr", opt, need("CyclicLR", "base_lr", baseLr));
    if (lastEpoch === -1) opt.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    this.maxLrs = formatParam("max_lr", opt, need("CyclicLR", "max_lr", maxLr));
    const stepSizeUp = num(up, 2000);
    const stepSizeDown = num(down, stepSizeUp);
    this.totalSize = stepSizeUp + stepSizeDown;
    this.stepRatio = stepSizeUp / this.totalSize;
    const m = (mode ?? "triangular") as string;
    const fn = (scaleFn ?? null) as ((x: number) => number) | null;
    if (!["triangular", "triangular2", "exp_range"].includes(m) && fn === null) throw new RangeError("mode is invalid and scale_fn is None");
    this.mode = m;
    this.gamma = num(gamma, 1.0);
    this.scaleFnCustom = fn;
    this.scaleMode = (scaleMode ?? "cycle") as string;
    this.initScaleFn();
    this.cycleMomentum = (cycleMomentum ?? true) as boolean;
    if (this.cycleMomentum) {
      if (!("momentum" in opt.defaults) && !("betas" in opt.defaults))
        throw new RangeError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
      this.useBeta1 = "betas" in opt.defaults;
      this.baseMomentums = formatParam("base_momentum", opt, baseMomentum ?? 0.8);
      this.maxMomentums = formatParam("max_momentum", opt, maxMomentum ?? 0.9);
      if (lastEpoch === -1)
        opt.paramGroups.forEach((g, i) => {
          setMomentum(g, this.useBeta1!, this.maxMomentums![i]);
          g.max_momentum = this.maxMomentums![i];
          g.base_momentum = this.baseMomentums![i];
        });
    }
    this.initBase(opt, lastEpoch);
    this.initialStep();
    this.baseLrs = baseLrs;
  }
  private initScaleFn(): void {
    if (this.scaleFnCustom !== null) return;
    if (this.mode === "triangular") {
      this.scaleFnRef = () => 1.0;
      this.scaleMode = "cycle";
    } else if (this.mode === "triangular2") {
      this.scaleFnRef = (x) => 1 / 2.0 ** (x - 1);
      this.scaleMode = "cycle";
    } else if (this.mode === "exp_range") {
      const gamma = this.gamma;
      this.scaleFnRef = (x) => gamma ** x;
      this.scaleMode = "iterations";
    }
  }
  /** The scaling policy (the custom scaleFn, or the mode's). */
  scaleFn(x: number): number {
    return this.scaleFnCustom !== null ? this.scaleFnCustom(x) : this.scaleFnRef(x);
  }
  getLr(): number[] {
    this.warnGetLr();
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const at = this.scaleMode === "cycle" ? cycle : this.lastEpoch;
    const lrs = this.baseLrs.map((b, i) => b + (this.maxLrs[i] - b) * scaleFactor * this.scaleFn(at));
    if (this.cycleMomentum) {
      const moms = this.baseMomentums!.map((b, i) => this.maxMomentums![i] - (this.maxMomentums![i] - b) * scaleFactor * this.scaleFn(at));
      this.optimizer.paramGroups.forEach((g, i) => setMomentum(g, this.useBeta1!, moms[i]));
    }
    return lrs;
  }
  protected stateKeys(): StateKeys {
    return [
      ["max_lrs", "maxLrs"], ["total_size", "totalSize"], ["step_ratio", "stepRatio"], ["mode", "mode"], ["gamma", "gamma"],
      ["scale_mode", "scaleMode"], ["cycle_momentum", "cycleMomentum"], ["use_beta1", "useBeta1"], ["base_momentums", "baseMomentums"],
      ["max_momentums", "maxMomentums"], ...super.stateKeys(),
    ];
  }
  /** Python's state_dict; a custom scaleFn is a function, saved as null as Python saves plain functions. */
  stateDict(): Record<string, unknown> {
    return Object.assign(super.stateDict(), { _scale_fn_custom: null });
  }
  loadStateDict(stateDict: Record<string, unknown>): void {
    const { _scale_fn_custom: fn, ...rest } = stateDict;
    super.loadStateDict(rest);
    if (fn && this.scaleFnCustom) Object.assign(this.scaleFnCustom, fn);
    this.initScaleFn();
  }
}

// ---------------------------------------------------------------- CosineAnnealingWarmRestarts

export interface CosineAnnealingWarmRestartsOptions { optimizer?: Optimizer; T0?: number; TMult?: number; etaMin?: number; lastEpoch?: number }

/**
 * CosineAnnealingWarmRestarts(optimizer, T0, TMult = 1, etaMin = 0, lastEpoch = -1): SGDR.
 * step() or step(epoch) with a fractional epoch (`epoch + i / itersPerEpoch`).
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  Ti: number;
  TMult: number;
  etaMin: number;
  TCur: number;
  constructor(optimizer: Optimizer | CosineAnnealingWarmRestartsOptions, ...rest: (number | CosineAnnealingWarmRestartsOptions)[]) {
    const [o, T0, TMult, etaMin, le] = args("CosineAnnealingWarmRestarts", [optimizer, ...rest]);
    const opt = need("CosineAnnealingWarmRestarts", "optimizer", o as Optimizer);
    super(deferred(opt));
    const t0 = need("CosineAnnealingWarmRestarts", "T_0", T0 as number);
    const tm = num(TMult, 1);
    const em = num(etaMin, 0.0);
    if (!Number.isInteger(t0) || t0 <= 0) throw new RangeError(`Expected positive integer T_0, but got ${String(t0)}`);
    if (!Number.isInteger(tm) || tm < 1) throw new RangeError(`Expected integer T_mult >= 1, but got ${String(tm)}`);
    if (typeof em !== "number") throw new RangeError(`Expected float or int eta_min, but got ${String(em)} of type <class '${describe(em)}'>`);
    this.T0 = t0;
    this.Ti = t0;
    this.TMult = tm;
    this.etaMin = em;
    this.TCur = num(le, -1);
    this.initBase(opt, num(le, -1));
    this.initialStep();
  }
  getLr(): number[] {
    this.warnGetLr();
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.TCur) / this.Ti))) / 2);
  }
  /** step() advances one epoch; step(epoch) jumps to a (possibly fractional) epoch. */
  step(epoch?: number): void {
    if ((epoch === undefined || epoch === null) && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined || epoch === null) {
      epoch = this.lastEpoch + 1;
      this.TCur = this.TCur + 1;
      if (this.TCur >= this.Ti) {
        this.TCur = pyMod(this.TCur, this.Ti);
        this.Ti = this.Ti * this.TMult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T0) {
        if (this.TMult === 1) this.TCur = pyMod(epoch, this.T0);
        else {
          const n = Math.trunc(Math.log((epoch / this.T0) * (this.TMult - 1) + 1) / Math.log(this.TMult));
          this.TCur = epoch - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.TCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    let values: number[];
    this.getLrCalledWithinStep = true;
    try {
      values = this.getLr();
    } finally {
      this.getLrCalledWithinStep = false;
    }
    this.setGroupLrs(values);
  }
  protected stateKeys(): StateKeys {
    return [["T_0", "T0"], ["T_i", "Ti"], ["T_mult", "TMult"], ["eta_min", "etaMin"], ["T_cur", "TCur"], ...super.stateKeys()];
  }
}

// ---------------------------------------------------------------- OneCycleLR

interface SchedulePhase { end_step: number; start_lr: string; end_lr: string; start_momentum: string; end_momentum: string }

export interface OneCycleLROptions {
  optimizer?: Optimizer; maxLr?: number | number[]; totalSteps?: number | null; epochs?: number | null; stepsPerEpoch?: number | null;
  pctStart?: number; annealStrategy?: "cos" | "linear"; cycleMomentum?: boolean; baseMomentum?: number | number[];
  maxMomentum?: number | number[]; divFactor?: number; finalDivFactor?: number; threePhase?: boolean; lastEpoch?: number;
}

/**
 * OneCycleLR(optimizer, maxLr, totalSteps = null, epochs = null, stepsPerEpoch = null, pctStart = 0.3,
 * annealStrategy = "cos", cycleMomentum = true, baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25,
 * finalDivFactor = 1e4, threePhase = false, lastEpoch = -1): the 1cycle policy (step once per batch;
 * stepping past totalSteps throws, as Python's).
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  cycleMomentum: boolean;
  useBeta1?: boolean;
  private schedulePhases: SchedulePhase[];
  private annealFuncType: "cos" | "linear";

  constructor(optimizer: Optimizer | OneCycleLROptions,
    ...rest: (number | number[] | string | boolean | null | OneCycleLROptions)[]) {
    const [o, maxLr, totalSteps, epochs, stepsPerEpoch, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum,
      divFactor, finalDivFactor, threePhase, le] = args("OneCycleLR", [optimizer, ...rest]);
    const opt = need("OneCycleLR", "optimizer", o as Optimizer);
    super(deferred(opt));
    if (!(opt instanceof Optimizer)) throw new TypeError(`${describe(opt)} is not an Optimizer`);
    this.optimizer = opt;
    const lastEpoch = num(le, -1);
    const ts = totalSteps as number | null | undefined, ep = epochs as number | null | undefined, spe = stepsPerEpoch as number | null | undefined;
    if (ts !== undefined && ts !== null) {
      if (!Number.isInteger(ts) || ts <= 0) throw new RangeError(`Expected positive integer total_steps, but got ${String(ts)}`);
      this.totalSteps = ts;
    } else if (ep !== undefined && ep !== null && spe !== undefined && spe !== null) {
      if (!Number.isInteger(ep) || ep <= 0) throw new RangeError(`Expected positive integer epochs, but got ${String(ep)}`);
      if (!Number.isInteger(spe) || spe <= 0) throw new RangeError(`Expected positive integer steps_per_epoch, but got ${String(spe)}`);
      this.totalSteps = ep * spe;
    } else throw new RangeError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    const pct = num(pctStart, 0.3);
    const T = this.totalSteps;
    this.schedulePhases = threePhase
      ? [
          { end_step: pct * T - 1, start_lr: "initial_lr", end_lr: "max_lr", start_momentum: "max_momentum", end_momentum: "base_momentum" },
          { end_step: 2 * pct * T - 2, start_lr: "max_lr", end_lr: "initial_lr", start_momentum: "base_momentum", end_momentum: "max_momentum" },
          { end_step: T - 1, start_lr: "initial_lr", end_lr: "min_lr", start_momentum: "max_momentum", end_momentum: "max_momentum" },
        ]
      : [
          { end_step: pct * T - 1, start_lr: "initial_lr", end_lr: "max_lr", start_momentum: "max_momentum", end_momentum: "base_momentum" },
          { end_step: T - 1, start_lr: "max_lr", end_lr: "min_lr", start_momentum: "base_momentum", end_momentum: "max_momentum" },
        ];
    if (typeof pct !== "number" || pct < 0 || pct > 1) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${String(pct)}`);
    const anneal = (annealStrategy ?? "cos") as "cos" | "linear";
    if (anneal !== "cos" && anneal !== "linear")
      throw new RangeError(`anneal_strategy must be one of 'cos' or 'linear', instead got ${String(anneal)}`);
    this.annealFuncType = anneal;
    const maxLrs = formatParam("max_lr", opt, need("OneCycleLR", "max_lr", maxLr));
    const div = num(divFactor, 25.0), finalDiv = num(finalDivFactor, 1e4);
    if (lastEpoch === -1)
      opt.paramGroups.forEach((g, i) => {
        g.initial_lr = maxLrs[i] / div;
        g.max_lr = maxLrs[i];
        g.min_lr = (g.initial_lr as number) / finalDiv;
      });
    this.cycleMomentum = (cycleMomentum ?? true) as boolean;
    if (this.cycleMomentum) {
      if (!("momentum" in opt.defaults) && !("betas" in opt.defaults))
        throw new RangeError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
      this.useBeta1 = "betas" in opt.defaults;
      const maxMs = formatParam("max_momentum", opt, maxMomentum ?? 0.95);
      const baseMs = formatParam("base_momentum", opt, baseMomentum ?? 0.85);
      if (lastEpoch === -1)
        opt.paramGroups.forEach((g, i) => {
          setMomentum(g, this.useBeta1!, maxMs[i]);
          g.max_momentum = maxMs[i];
          g.base_momentum = baseMs[i];
        });
    }
    this.initBase(opt, lastEpoch);
    this.initialStep();
  }
  private anneal(start: number, end: number, pct: number): number {
    if (this.annealFuncType === "cos") return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    if (this.annealFuncType === "linear") return (end - start) * pct + start;
    throw new RangeError(`Unknown _anneal_func_type: ${String(this.annealFuncType)}`);
  }
  getLr(): number[] {
    this.warnGetLr();
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps)
      throw new RangeError(`Tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps}`);
    return this.optimizer.paramGroups.map((g) => {
      let startStep = 0.0;
      let lr = NaN, mom = NaN;
      const phases = this.schedulePhases;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i];
        if (stepNum <= ph.end_step || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (ph.end_step - startStep);
          lr = this.anneal(g[ph.start_lr] as number, g[ph.end_lr] as number, pct);
          if (this.cycleMomentum) mom = this.anneal(g[ph.start_momentum] as number, g[ph.end_momentum] as number, pct);
          break;
        }
        startStep = ph.end_step;
      }
      if (this.cycleMomentum) setMomentum(g, this.useBeta1!, mom);
      return lr;
    });
  }
  protected stateKeys(): StateKeys {
    return [
      ["total_steps", "totalSteps"], ["_schedule_phases", "schedulePhases"], ["_anneal_func_type", "annealFuncType"],
      ["cycle_momentum", "cycleMomentum"], ["use_beta1", "useBeta1"], ...super.stateKeys(),
    ];
  }
}

for (const c of [LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, SequentialLR, ChainedScheduler,
  PolynomialLR, CosineAnnealingLR, ReduceLROnPlateau, CyclicLR, CosineAnnealingWarmRestarts, OneCycleLR]) {
  BUILTIN.add(c);
  Object.defineProperty(c, "signature", { value: SIGNATURES[c.name as keyof typeof SIGNATURES], enumerable: false });
}
