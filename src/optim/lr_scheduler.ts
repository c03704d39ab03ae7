// optim.lrScheduler: Python's schedulers with Python's recursive ("chainable")
// formulas, so the learning-rate sequence is the same float for float.
import { Optimizer } from "./optimizer";
import { describe } from "../device";

export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  lastEpoch: number;
  readonly baseLrs: number[];
  /** @internal */ protected stepCount = 0;
  /** @internal */ protected isInitial = false;
  private lastLr: number[] = [];
  private warned = false;

  constructor(optimizer: Optimizer, lastEpoch = -1) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${describe(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    optimizer.paramGroups.forEach((g, i) => {
      if (lastEpoch === -1) {
        if (!("initial_lr" in g)) g.initial_lr = g.lr;
      } else if (!("initial_lr" in g)) {
        throw new RangeError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.`);
      }
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initial_lr as number);
    this.lastEpoch = lastEpoch;
    (optimizer as unknown as { _optCalled?: boolean })._optCalled = false;
  }

  /** @internal subclasses call this at the end of their constructor (Python's _initial_step). */
  protected initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /** The next learning rate of each parameter group. */
  protected abstract getLr(): number[];

  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  /** step(): advances one epoch and sets the groups' lr. Call after optimizer.step(). */
  step(): void {
    if (this.stepCount === 1 && !this.warned && !(this.optimizer as unknown as { _optCalled?: boolean })._optCalled) {
      this.warned = true;
      process.emitWarning(
        "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: " +
          "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule.",
        "UserWarning",
      );
    }
    this.stepCount++;
    this.lastEpoch++;
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = values[i]));
    this.lastLr = this.groupLrs();
  }
  getLastLr(): number[] {
    return [...this.lastLr];
  }
  /** Python's state_dict: every field but the optimizer, with Python's names. */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === "optimizer" || typeof v === "function") continue;
      out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }
  loadStateDict(sd: Record<string, unknown>): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(sd)) self[k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  }
}

/** Marks optimizer.step() calls, so step order can be checked (Python wraps optimizer.step). */
const origStep = Optimizer.prototype.step;
Optimizer.prototype.step = function (this: Optimizer, closure?: () => never) {
  (this as unknown as { _optCalled?: boolean })._optCalled = true;
  return origStep.call(this, closure);
};

export class LambdaLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];
  constructor(optimizer: Optimizer, lrLambda: ((e: number) => number) | ((e: number) => number)[], lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.lambdas = Array.isArray(lrLambda) ? lrLambda : optimizer.paramGroups.map(() => lrLambda);
    if (this.lambdas.length !== optimizer.paramGroups.length)
      throw new RangeError(`Expected ${optimizer.paramGroups.length} lr_lambdas, but got ${this.lambdas.length}`);
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lambdas[i](this.lastEpoch));
  }
}

export class MultiplicativeLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];
  constructor(optimizer: Optimizer, lrLambda: ((e: number) => number) | ((e: number) => number)[], lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.lambdas = Array.isArray(lrLambda) ? lrLambda : optimizer.paramGroups.map(() => lrLambda);
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.isInitial) return this.groupLrs();
    return this.groupLrs().map((lr, i) => lr * this.lambdas[i](this.lastEpoch));
  }
}

/** StepLR(optimizer, { stepSize, gamma = 0.1 }) */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma);
  }
}

/** MultiStepLR(optimizer, { milestones, gamma = 0.1 }) */
export class MultiStepLR extends LRScheduler {
  readonly milestones: Map<number, number>;
  readonly gamma: number;
  constructor(optimizer: Optimizer, opts: { milestones: number[]; gamma?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.milestones = new Map();
    for (const m of opts.milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  protected getLr(): number[] {
    const c = this.milestones.get(this.lastEpoch);
    if (c === undefined) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma ** c);
  }
}

/** ConstantLR(optimizer, { factor = 1/3, totalIters = 5 }) */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;
  constructor(optimizer: Optimizer, opts: { factor?: number; totalIters?: number; lastEpoch?: number } = {}) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.factor = opts.factor ?? 1.0 / 3;
    this.totalIters = opts.totalIters ?? 5;
    if (this.factor > 1.0 || this.factor < 0) throw new RangeError("Constant multiplicative factor expected to be between 0 and 1.");
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groupLrs().map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * (1.0 / this.factor));
  }
}

/** LinearLR(optimizer, { startFactor = 1/3, endFactor = 1, totalIters = 5 }) */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: Optimizer, opts: { startFactor?: number; endFactor?: number; totalIters?: number; lastEpoch?: number } = {}) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.startFactor = opts.startFactor ?? 1.0 / 3;
    this.endFactor = opts.endFactor ?? 1.0;
    this.totalIters = opts.totalIters ?? 5;
    if (this.startFactor > 1.0 || this.startFactor <= 0)
      throw new RangeError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    if (this.endFactor > 1.0 || this.endFactor < 0) throw new RangeError("Ending multiplicative factor expected to be between 0 and 1.");
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groupLrs().map((lr) => lr * this.startFactor);
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.groupLrs();
    const f = 1.0 + (this.endFactor - this.startFactor) /
      (this.totalIters * this.startFactor + (this.lastEpoch - 1) * (this.endFactor - this.startFactor));
    return this.groupLrs().map((lr) => lr * f);
  }
}

/** ExponentialLR(optimizer, { gamma }) */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  constructor(optimizer: Optimizer, opts: { gamma: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.gamma = opts.gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.isInitial) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma);
  }
}

/** PolynomialLR(optimizer, { totalIters = 5, power = 1 }) */
export class PolynomialLR extends LRScheduler {
  readonly totalIters: number;
  readonly power: number;
  constructor(optimizer: Optimizer, opts: { totalIters?: number; power?: number; lastEpoch?: number } = {}) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.totalIters = opts.totalIters ?? 5;
    this.power = opts.power ?? 1.0;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.groupLrs();
    const f = ((1.0 - this.lastEpoch / this.totalIters) / (1.0 - (this.lastEpoch - 1) / this.totalIters)) ** this.power;
    return this.groupLrs().map((lr) => lr * f);
  }
}

/** CosineAnnealingLR(optimizer, { TMax, etaMin = 0 }) */
export class CosineAnnealingLR extends LRScheduler {
  readonly TMax: number;
  readonly etaMin: number;
  constructor(optimizer: Optimizer, opts: { TMax: number; etaMin?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch ?? -1);
    this.TMax = opts.TMax;
    this.etaMin = opts.etaMin ?? 0.0;
    this.initialStep();
  }
  protected getLr(): number[] {
    const { TMax, etaMin } = this;
    const e = this.lastEpoch;
    if (this.isInitial) return this.groupLrs();
    if (this.stepCount === 1 && e > 0)
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((e * Math.PI) / TMax))) / 2);
    if ((((e - 1 - TMax) % (2 * TMax)) + 2 * TMax) % (2 * TMax) === 0)
      return this.groupLrs().map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2);
    return this.groupLrs().map((lr) =>
      ((1 + Math.cos((Math.PI * e) / TMax)) / (1 + Math.cos((Math.PI * (e - 1)) / TMax))) * (lr - etaMin) + etaMin);
  }
}

/**
 * ReduceLROnPlateau(optimizer, { mode = "min", factor = 0.1, patience = 10, threshold = 1e-4,
 * thresholdMode = "rel", cooldown = 0, minLr = 0, eps = 1e-8 }): step(metric) lowers the lr
 * when the metric stops improving, as Python's.
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: "rel" | "abs";
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  lastEpoch = 0;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, opts: { mode?: "min" | "max"; factor?: number; patience?: number; threshold?: number;
    thresholdMode?: "rel" | "abs"; cooldown?: number; minLr?: number | number[]; eps?: number } = {}) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${describe(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    this.factor = opts.factor ?? 0.1;
    if (this.factor >= 1.0) throw new RangeError("Factor should be < 1.0.");
    this.mode = opts.mode ?? "min";
    if (this.mode !== "min" && this.mode !== "max") throw new RangeError(`mode ${String(this.mode)} is unknown!`);
    this.thresholdMode = opts.thresholdMode ?? "rel";
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") throw new RangeError(`threshold mode ${String(this.thresholdMode)} is unknown!`);
    this.patience = opts.patience ?? 10;
    this.threshold = opts.threshold ?? 1e-4;
    this.cooldown = opts.cooldown ?? 0;
    this.eps = opts.eps ?? 1e-8;
    const minLr = opts.minLr ?? 0;
    this.minLrs = Array.isArray(minLr) ? minLr : optimizer.paramGroups.map(() => minLr);
    if (this.minLrs.length !== optimizer.paramGroups.length)
      throw new RangeError(`expected ${optimizer.paramGroups.length} min_lrs, got ${this.minLrs.length}`);
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr as number);
  }
  private isBetter(a: number): boolean {
    const { best, threshold } = this;
    if (this.mode === "min") return this.thresholdMode === "rel" ? a < best * (1 - threshold) : a < best - threshold;
    return this.thresholdMode === "rel" ? a > best * (threshold + 1) : a > best + threshold;
  }
  /** step(metric): call once per epoch with the validation metric. */
  step(metric: number | { item(): number | boolean }): void {
    const current = typeof metric === "number" ? metric : Number(metric.item());
    this.lastEpoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const old = g.lr as number;
        const next = Math.max(old * this.factor, this.minLrs[i]);
        if (old - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }
  getLastLr(): number[] {
    return [...this.lastLr];
  }
}
