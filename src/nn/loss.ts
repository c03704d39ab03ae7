// Loss modules over nn.functional. Constructors take Python's parameters in
// Python's order (incl. the deprecated sizeAverage / reduce) or one options
// object; weights are buffers ("weight", "pos_weight"), None when not given.
import { Module } from "./module";
import { Tensor } from "../tensor";
import * as F from "./functional";
import { bind, isOptions, PyArgs } from "../args";
import type { LossOptions, CrossEntropyOptions } from "./functional";
import { describe } from "../device";
import { resolveReduction } from "./_reduction";
import { pyFloat } from "./repr";
import { PairwiseDistance } from "./distance";

type Reduction = "none" | "mean" | "sum";

abstract class Loss extends Module {
  readonly reduction: Reduction;
  /** @internal bound arguments by camelCase name */
  declare protected readonly _args: Record<string, unknown>;
  protected constructor(name: string, names: readonly string[], args: readonly unknown[], keywordOnly = false) {
    super();
    if (keywordOnly && (args.length > 1 || (args.length === 1 && args[0] !== undefined && !isOptions(args[0]))))
      throw new TypeError(`${name}.__init__() takes 1 positional argument but ${args.length + 1} were given`);
    const v = bind(name, names, args);
    const a: Record<string, unknown> = {};
    names.forEach((n, i) => (a[n] = v[i]));
    Object.defineProperty(this._self, "_args", { value: a, enumerable: false });
    this.reduction = resolveReduction(a.sizeAverage, a.reduce, a.reduction) as Reduction;
    if (name !== "KLDivLoss" || this.reduction !== ("batchmean" as Reduction)) F.reductionCode(this.reduction);
  }
  protected num(name: string, dflt: number): number {
    const v = this._args[name];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "number") throw new TypeError(`${this.constructor.name}: ${name} must be a number, not ${describe(v)}`);
    return v;
  }
  protected bool(name: string, dflt: boolean): boolean {
    const v = this._args[name];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "boolean") throw new TypeError(`${this.constructor.name}: ${name} must be a bool, not ${describe(v)}`);
    return v;
  }
  protected tensorBuffer(name: string, key: string): void {
    const v = this._args[key] ?? null;
    if (v !== null && !(v instanceof Tensor))
      throw new TypeError(`cannot assign '${describe(v)}' object to buffer '${name}' (torch Tensor or None required)`);
    this.registerBuffer(name, v as Tensor | null);
  }
  /** @internal */
  protected buf(name: string): Tensor | null {
    return (this as unknown as Record<string, Tensor | null>)[name] ?? null;
  }
}
const R3 = ["sizeAverage", "reduce", "reduction"] as const;

/** nn.MSELoss(sizeAverage?, reduce?, reduction = "mean") */
export class MSELoss extends Loss {
  constructor(...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>) { super("MSELoss", R3, args); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}
/** nn.L1Loss(sizeAverage?, reduce?, reduction = "mean") */
export class L1Loss extends Loss {
  constructor(...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>) { super("L1Loss", R3, args); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}
/**
 * nn.CrossEntropyLoss(weight?, sizeAverage?, ignoreIndex = -100, reduce?, reduction = "mean", labelSmoothing = 0):
 * class-index targets (N) / (N, d1, ...) or class-probability targets of the input's shape; K-dim inputs (N, C, d1, ...).
 */
export class CrossEntropyLoss extends Loss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  declare weight: Tensor | null;
  constructor(...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, ignoreIndex: number, reduce: boolean | null, reduction: Reduction, labelSmoothing: number], CrossEntropyOptions>) {
    super("CrossEntropyLoss", ["weight", "sizeAverage", "ignoreIndex", "reduce", "reduction", "labelSmoothing"], args);
    this.tensorBuffer("weight", "weight");
    this.ignoreIndex = this.num("ignoreIndex", -100);
    this.labelSmoothing = this.num("labelSmoothing", 0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { weight: this.buf("weight"), reduction: this.reduction, ignoreIndex: this.ignoreIndex, labelSmoothing: this.labelSmoothing });
  }
}
/** nn.BCEWithLogitsLoss(weight?, sizeAverage?, reduce?, reduction = "mean", posWeight?) */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction, posWeight: Tensor | null], LossOptions & { weight?: Tensor | null; posWeight?: Tensor | null }>) {
    super("BCEWithLogitsLoss", ["weight", "sizeAverage", "reduce", "reduction", "posWeight"], args);
    this.tensorBuffer("weight", "weight");
    this.tensorBuffer("pos_weight", "posWeight");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.buf("weight"), posWeight: this.buf("pos_weight"), reduction: this.reduction });
  }
}
/** nn.NLLLoss(weight?, sizeAverage?, ignoreIndex = -100, reduce?, reduction = "mean") */
export class NLLLoss extends Loss {
  readonly ignoreIndex: number;
  declare weight: Tensor | null;
  constructor(...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, ignoreIndex: number, reduce: boolean | null, reduction: Reduction], LossOptions & { weight?: Tensor | null; ignoreIndex?: number }>) {
    super("NLLLoss", ["weight", "sizeAverage", "ignoreIndex", "reduce", "reduction"], args);
    this.tensorBuffer("weight", "weight");
    this.ignoreIndex = this.num("ignoreIndex", -100);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.buf("weight"), reduction: this.reduction, ignoreIndex: this.ignoreIndex });
  }
}
/** nn.BCELoss(weight?, sizeAverage?, reduce?, reduction = "mean") */
export class BCELoss extends Loss {
  declare weight: Tensor | null;
  constructor(...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { weight?: Tensor | null }>) {
    super("BCELoss", ["weight", ...R3], args);
    this.tensorBuffer("weight", "weight");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.buf("weight"), reduction: this.reduction });
  }
}
/** nn.SmoothL1Loss(sizeAverage?, reduce?, reduction = "mean", beta = 1.0) */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction, beta: number], LossOptions & { beta?: number }>) {
    super("SmoothL1Loss", [...R3, "beta"], args);
    this.beta = this.num("beta", 1.0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
/** nn.HuberLoss(reduction = "mean", delta = 1.0) */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(...args: PyArgs<[reduction: Reduction, delta: number], { reduction?: Reduction; delta?: number }>) {
    super("HuberLoss", ["reduction", "delta"], args);
    const d = this._args.delta;
    if (d !== undefined && typeof d !== "number") throw new TypeError(`delta must be a float or int, got: <class '${describe(d)}'>`);
    this.delta = this.num("delta", 1.0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
/** nn.KLDivLoss(sizeAverage?, reduce?, reduction = "mean", logTarget = false); "batchmean" divides the sum by the batch size. */
export class KLDivLoss extends Loss {
  readonly logTarget: boolean;
  constructor(...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction | "batchmean", logTarget: boolean], Omit<LossOptions, "reduction"> & { reduction?: Reduction | "batchmean"; logTarget?: boolean }>) {
    super("KLDivLoss", [...R3, "logTarget"], args);
    this.logTarget = this.bool("logTarget", false);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

// ------------------------------------------------------------------ losses, part 2

/** nn.CosineEmbeddingLoss(margin = 0, sizeAverage?, reduce?, reduction = "mean"): forward(input1, input2, target) */
export class CosineEmbeddingLoss extends Loss {
  readonly margin: number;
  constructor(...args: PyArgs<[margin: number, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number }>) {
    super("CosineEmbeddingLoss", ["margin", ...R3], args);
    this.margin = this.num("margin", 0);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** nn.MarginRankingLoss(margin = 0, sizeAverage?, reduce?, reduction = "mean"): forward(input1, input2, target) */
export class MarginRankingLoss extends Loss {
  readonly margin: number;
  constructor(...args: PyArgs<[margin: number, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number }>) {
    super("MarginRankingLoss", ["margin", ...R3], args);
    this.margin = this.num("margin", 0);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** nn.TripletMarginLoss(margin = 1.0, p = 2.0, eps = 1e-6, swap = false, sizeAverage?, reduce?, reduction = "mean") */
export class TripletMarginLoss extends Loss {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  constructor(...args: PyArgs<[margin: number, p: number, eps: number, swap: boolean, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number; p?: number; eps?: number; swap?: boolean }>) {
    super("TripletMarginLoss", ["margin", "p", "eps", "swap", ...R3], args);
    this.margin = this.num("margin", 1.0);
    if (this.margin <= 0) throw new RangeError(`TripletMarginLoss: expected margin to be greater than 0, got ${pyFloat(this.margin)} instead`);
    this.p = this.num("p", 2.0);
    this.eps = this.num("eps", 1e-6);
    this.swap = this.bool("swap", false);
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

/**
 * nn.TripletMarginWithDistanceLoss({ distanceFunction = nn.PairwiseDistance(), margin = 1.0, swap = false,
 * reduction = "mean" }) (keyword-only, as in Python). A Module distance function is a registered child.
 */
export class TripletMarginWithDistanceLoss extends Loss {
  readonly margin: number;
  readonly swap: boolean;
  declare distance_function: ((x1: Tensor, x2: Tensor) => Tensor) | Module;
  constructor(opts: { distanceFunction?: ((x1: Tensor, x2: Tensor) => Tensor) | Module | null; margin?: number; swap?: boolean; reduction?: Reduction } = {}) {
    super("TripletMarginWithDistanceLoss", ["distanceFunction", "margin", "swap", "reduction"], [opts], true);
    this.margin = this.num("margin", 1.0);
    if (this.margin <= 0) throw new RangeError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${pyFloat(this.margin)} instead`);
    const df = this._args.distanceFunction ?? null;
    if (df !== null && typeof df !== "function") throw new TypeError(`TripletMarginWithDistanceLoss: distance_function must be callable, not ${describe(df)}`);
    this.distance_function = (df ?? new PairwiseDistance()) as Module;
    this.swap = this.bool("swap", false);
  }
  /** The distance function (Python's distance_function attribute). */
  get distanceFunction(): ((x1: Tensor, x2: Tensor) => Tensor) | Module {
    return this.distance_function;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginWithDistanceLoss(anchor, positive, negative, {
      distanceFunction: this.distance_function as (x1: Tensor, x2: Tensor) => Tensor, margin: this.margin, swap: this.swap, reduction: this.reduction,
    });
  }
}
/**
 * nn.CTCLoss(blank = 0, reduction = "mean", zeroInfinity = false):
 * forward(logProbs (T, N, C) | (T, C), targets, inputLengths, targetLengths), lengths as tensors or number arrays.
 */
export class CTCLoss extends Loss {
  readonly blank: number;
  readonly zeroInfinity: boolean;
  constructor(...args: PyArgs<[blank: number, reduction: Reduction, zeroInfinity: boolean], { blank?: number; reduction?: Reduction; zeroInfinity?: boolean }>) {
    super("CTCLoss", ["blank", "reduction", "zeroInfinity"], args);
    this.blank = this.num("blank", 0);
    this.zeroInfinity = this.bool("zeroInfinity", false);
  }
  forward(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | number[], targetLengths: Tensor | number[]): Tensor {
    return F.ctcLoss(logProbs, targets, inputLengths, targetLengths, this.blank, this.reduction, this.zeroInfinity);
  }
}
/** nn.PoissonNLLLoss(logInput = true, full = false, sizeAverage?, eps = 1e-8, reduce?, reduction = "mean") */
export class PoissonNLLLoss extends Loss {
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;
  constructor(...args: PyArgs<[logInput: boolean, full: boolean, sizeAverage: boolean | null, eps: number, reduce: boolean | null, reduction: Reduction], LossOptions & { logInput?: boolean; full?: boolean; eps?: number }>) {
    super("PoissonNLLLoss", ["logInput", "full", "sizeAverage", "eps", "reduce", "reduction"], args);
    this.logInput = this.bool("logInput", true);
    this.full = this.bool("full", false);
    this.eps = this.num("eps", 1e-8);
  }
  forward(logInput: Tensor, target: Tensor): Tensor {
    return F.poissonNllLoss(logInput, target, { logInput: this.logInput, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
/** nn.GaussianNLLLoss({ full = false, eps = 1e-6, reduction = "mean" }) (keyword-only): forward(input, target, var) */
export class GaussianNLLLoss extends Loss {
  readonly full: boolean;
  readonly eps: number;
  constructor(opts: { full?: boolean; eps?: number; reduction?: Reduction } = {}) {
    super("GaussianNLLLoss", ["full", "eps", "reduction"], [opts], true);
    this.full = this.bool("full", false);
    this.eps = this.num("eps", 1e-6);
  }
  forward(input: Tensor, target: Tensor, variance: Tensor | number): Tensor {
    return F.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
/** nn.HingeEmbeddingLoss(margin = 1.0, sizeAverage?, reduce?, reduction = "mean") */
export class HingeEmbeddingLoss extends Loss {
  readonly margin: number;
  constructor(...args: PyArgs<[margin: number, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number }>) {
    super("HingeEmbeddingLoss", ["margin", ...R3], args);
    this.margin = this.num("margin", 1.0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** nn.SoftMarginLoss(sizeAverage?, reduce?, reduction = "mean") */
export class SoftMarginLoss extends Loss {
  constructor(...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>) { super("SoftMarginLoss", R3, args); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.softMarginLoss(input, target, { reduction: this.reduction });
  }
}
/** nn.MultiLabelSoftMarginLoss(weight?, sizeAverage?, reduce?, reduction = "mean") */
export class MultiLabelSoftMarginLoss extends Loss {
  declare weight: Tensor | null;
  constructor(...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { weight?: Tensor | null }>) {
    super("MultiLabelSoftMarginLoss", ["weight", ...R3], args);
    this.tensorBuffer("weight", "weight");
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, { weight: this.buf("weight"), reduction: this.reduction });
  }
}
/** nn.MultiLabelMarginLoss(sizeAverage?, reduce?, reduction = "mean") */
export class MultiLabelMarginLoss extends Loss {
  constructor(...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>) { super("MultiLabelMarginLoss", R3, args); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelMarginLoss(input, target, { reduction: this.reduction });
  }
}
/** nn.MultiMarginLoss(p = 1, margin = 1.0, weight?, sizeAverage?, reduce?, reduction = "mean") */
export class MultiMarginLoss extends Loss {
  readonly p: number;
  readonly margin: number;
  declare weight: Tensor | null;
  constructor(...args: PyArgs<[p: number, margin: number, weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { p?: number; margin?: number; weight?: Tensor | null }>) {
    super("MultiMarginLoss", ["p", "margin", "weight", ...R3], args);
    this.tensorBuffer("weight", "weight");
    const p = this.num("p", 1);
    if (p !== 1 && p !== 2) throw new RangeError("only p == 1 and p == 2 supported");
    const w = this.buf("weight");
    if (w !== null && w.dim() !== 1) throw new RangeError(`MultiMarginLoss: expected weight to be None or 1D tensor, got ${w.dim()}D instead`);
    this.p = p;
    this.margin = this.num("margin", 1.0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.buf("weight"), reduction: this.reduction });
  }
}
