// nn.functional (also exported as F): the functional forms, each one native call.
import { native } from "../native";
import { opId } from "../dispatch";
import { Tensor } from "../tensor";
import { describe } from "../device";

const call = native.callOp;
const LINEAR = opId("linear"), MSE = opId("mse_loss"), L1 = opId("l1_loss"), CE = opId("cross_entropy_loss");
const NLL = opId("nll_loss_nd"), BCE_LOGITS = opId("binary_cross_entropy_with_logits"), BCE = opId("binary_cross_entropy");

const REDUCTION: Record<string, number> = { none: 0, mean: 1, sum: 2 };
export function reductionCode(r: unknown): number {
  const c = typeof r === "string" ? REDUCTION[r] : undefined;
  if (c === undefined) throw new RangeError(`${String(r)} is not a valid value for reduction`);
  return c;
}
function t(fn: string, v: unknown, what: string): unknown {
  if (v instanceof Tensor) return v._h;
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describe(v)}`);
}
function optT(fn: string, v: unknown, what: string): unknown {
  return v === undefined || v === null ? null : t(fn, v, what);
}

/** How a loss reduces over the batch. */
export type Reduction = "none" | "mean" | "sum";
/** The keyword arguments every loss takes: `reduction` (`sizeAverage` and `reduce` are Python's deprecated forms of it). */
export interface LossOptions { sizeAverage?: boolean | null; reduce?: boolean | null; reduction?: Reduction }
/** F.crossEntropy's keyword arguments. */
export interface CrossEntropyOptions extends LossOptions { weight?: Tensor | null; ignoreIndex?: number; labelSmoothing?: number }

/** F.linear(input, weight, bias?) = input @ weight.T + bias */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const ih = t("linear", input, "input"), wh = t("linear", weight, "weight"), bh = optT("linear", bias, "bias");
  return new Tensor(call(LINEAR, ih, wh, bh));
}

/** F.mseLoss(input, target, sizeAverage?, reduce?, reduction = "mean", weight?) */
export function mseLoss(input: Tensor, target: Tensor, ...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction, weight: Tensor | null], LossOptions & { weight?: Tensor | null }>): Tensor {
  return lossPointwise("mse_loss", MSE, input, target, args, (d) => d.pow(2));
}
/** F.l1Loss(input, target, sizeAverage?, reduce?, reduction = "mean", weight?) */
export function l1Loss(input: Tensor, target: Tensor, ...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction, weight: Tensor | null], LossOptions & { weight?: Tensor | null }>): Tensor {
  return lossPointwise("l1_loss", L1, input, target, args, (d) => d.abs());
}
/**
 * F.crossEntropy(input, target, weight?, sizeAverage?, ignoreIndex = -100, reduce?, reduction = "mean", labelSmoothing = 0):
 * class indices or class probabilities; (N, C), (C) or (N, C, d1, ...) inputs.
 */
export function crossEntropy(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, ignoreIndex: number, reduce: boolean | null, reduction: Reduction, labelSmoothing: number], CrossEntropyOptions>): Tensor {
  const fn = "cross_entropy";
  const [i, tg, w, sa, ii, rd, red, ls] = lossArgs(fn,
    ["input", "target", "weight", "sizeAverage", "ignoreIndex", "reduce", "reduction", "labelSmoothing"], [input, target, ...args], 2);
  const ih = t(fn, i, "input"), th = t(fn, tg, "target"), wh = optT(fn, w, "weight"), e = lossEnum(sa, rd, red);
  const ig = lossInt(fn, ii, "ignore_index", -100), smooth = lossNum(fn, ls, "label_smoothing", 0);
  return new Tensor(call(CE, ih, th, wh, e, ig, smooth));
}
/** F.nllLoss(input, target, weight?, sizeAverage?, ignoreIndex = -100, reduce?, reduction = "mean") */
export function nllLoss(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, ignoreIndex: number, reduce: boolean | null, reduction: Reduction], LossOptions & { weight?: Tensor | null; ignoreIndex?: number }>): Tensor {
  const fn = "nll_loss";
  const [i, tg, w, sa, ii, rd, red] = lossArgs(fn, ["input", "target", "weight", "sizeAverage", "ignoreIndex", "reduce", "reduction"], [input, target, ...args], 2);
  const ih = t(fn, i, "input"), th = t(fn, tg, "target"), wh = optT(fn, w, "weight"), e = lossEnum(sa, rd, red), ig = lossInt(fn, ii, "ignore_index", -100);
  return new Tensor(call(NLL, ih, th, wh, e, ig));
}
/** F.binaryCrossEntropyWithLogits(input, target, weight?, sizeAverage?, reduce?, reduction = "mean", posWeight?) */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction, posWeight: Tensor | null], LossOptions & { weight?: Tensor | null; posWeight?: Tensor | null }>): Tensor {
  const fn = "binary_cross_entropy_with_logits";
  const [i, tg, w, sa, rd, red, pw] = lossArgs(fn, ["input", "target", "weight", "sizeAverage", "reduce", "reduction", "posWeight"], [input, target, ...args], 2);
  const ih = t(fn, i, "input"), th = t(fn, tg, "target");
  const e = lossEnum(sa, rd, red);
  if (!lossSameShape(tg as Tensor, i as Tensor))
    throw new RangeError(`Target size (${lossSize(tg as Tensor)}) must be the same as input size (${lossSize(i as Tensor)})`);
  const wh = optT(fn, w, "weight"), pwh = optT(fn, pw, "pos_weight");
  return new Tensor(call(BCE_LOGITS, ih, th, wh, pwh, e));
}
/** F.binaryCrossEntropy(input, target, weight?, sizeAverage?, reduce?, reduction = "mean") */
export function binaryCrossEntropy(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { weight?: Tensor | null }>): Tensor {
  const fn = "binary_cross_entropy";
  const [i, tg, w, sa, rd, red] = lossArgs(fn, ["input", "target", "weight", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const ih = t(fn, i, "input"), th = t(fn, tg, "target");
  optT(fn, w, "weight");
  const e = lossEnum(sa, rd, red);
  if (!lossSameShape(tg as Tensor, i as Tensor))
    throw new RangeError(`Using a target size (${lossSize(tg as Tensor)}) that is different to the input size (${lossSize(i as Tensor)}) is deprecated. Please ensure they have the same size.`);
  const wh = w instanceof Tensor ? w.expand(lossBroadcastShape((tg as Tensor).shape, w.shape))._h : null;
  return new Tensor(call(BCE, ih, th, wh, e));
}

// =====================================================================================
// Losses, part 2 (nnloss): smoothL1Loss, huberLoss, klDiv, cosineEmbeddingLoss,
// marginRankingLoss, tripletMarginLoss, tripletMarginWithDistanceLoss, ctcLoss,
// poissonNllLoss, gaussianNllLoss, hingeEmbeddingLoss, softMarginLoss,
// multilabelSoftMarginLoss, multilabelMarginLoss, multiMarginLoss.
// Every Python parameter may be positional (Python's order, incl. the deprecated
// sizeAverage / reduce) or in one trailing options object.
// =====================================================================================
import { bind as lossBind } from "../args";
import { getEnum as lossGetEnum, resolveReduction as lossResolveReduction, warnOnce as lossWarnOnce } from "./_reduction";
import { noGrad as lossNoGrad } from "../grad_mode";
import { pyFloat as lossPyFloat } from "./repr";

/** Options of the losses below (camelCase names of Python's keyword arguments). */
export interface LossOptionsBag {
  reduction?: "none" | "mean" | "sum" | string;
  sizeAverage?: boolean | null;
  reduce?: boolean | null;
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
  weight?: Tensor | null;
  blank?: number;
  zeroInfinity?: boolean;
  logInput?: boolean;
  full?: boolean;
  beta?: number;
  delta?: number;
  logTarget?: boolean;
  distanceFunction?: ((x1: Tensor, x2: Tensor) => Tensor) | null;
  [k: string]: unknown;
}
const L_SMOOTH_L1 = opId("smooth_l1_loss"), L_HUBER = opId("huber_loss"), L_KL_DIV = opId("kl_div");
const L_COSINE_EMB = opId("cosine_embedding_loss"), L_MARGIN_RANK = opId("margin_ranking_loss");
const L_TRIPLET = opId("triplet_margin_loss"), L_POISSON = opId("poisson_nll_loss"), L_HINGE = opId("hinge_embedding_loss");
const L_SOFT_MARGIN = opId("soft_margin_loss"), L_MULTILABEL_MARGIN = opId("multilabel_margin_loss");
const L_MULTI_MARGIN = opId("multi_margin_loss"), L_LOG_SIGMOID = opId("log_sigmoid");
const L_CTC_INT = opId("ctc_loss", "IntList"), L_CTC_TENSOR = opId("ctc_loss", "Tensor");
const L_PAIRWISE = opId("pairwise_distance"), L_ONES_LIKE = opId("ones_like"), L_BROADCAST_TENSORS = opId("broadcast_tensors");
function torchOnesLikeForLoss(x: Tensor): Tensor {
  return new Tensor(call(L_ONES_LIKE, x._h));
}

function lossArgs(fn: string, names: readonly string[], args: readonly unknown[], required: number): unknown[] {
  const v = lossBind(fn, names, args);
  const missing = names.slice(0, required).filter((_, i) => v[i] === undefined);
  if (missing.length)
    throw new TypeError(`${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${missing.map((m) => `'${m}'`).join(", ")}`);
  return v;
}
function lossEnum(sizeAverage: unknown, reduce: unknown, reduction: unknown): number {
  return lossGetEnum(lossResolveReduction(sizeAverage, reduce, reduction));
}
function lossNum(fn: string, v: unknown, what: string, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new TypeError(`${fn}(): argument '${what}' must be float, not ${describe(v)}`);
}
function lossBool(fn: string, v: unknown, what: string, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be bool, not ${describe(v)}`);
}
function lossSize(t: Tensor): string {
  return `torch.Size([${t.shape.join(", ")}])`;
}
function lossInt(fn: string, v: unknown, what: string, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be int, not ${describe(v)}`);
}
function lossSameShape(a: Tensor, b: Tensor): boolean {
  const x = a.shape, y = b.shape;
  return x.length === y.length && x.every((d, k) => d === y[k]);
}
/** torch.broadcast_shapes for two shapes (Python's error when they do not broadcast). */
function lossBroadcastShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length), out: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1, y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      throw new Error("Shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 and arg 1.");
    out.push(x === 1 ? y : x);
  }
  return out;
}
/** Python's warning for pointwise losses whose target shape differs from the input's (they broadcast). */
function lossSizeWarning(input: Tensor, target: Tensor): void {
  if (!lossSameShape(target, input))
    lossWarnOnce(`Using a target size (${lossSize(target)}) that is different to the input size (${lossSize(input)}). ` +
      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.");
}
function lossBroadcast(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const [x, y] = call(L_BROADCAST_TENSORS, [a._h, b._h]) as unknown[];
  return [new Tensor(x as never), new Tensor(y as never)];
}
function lossWeighted(weighted: Tensor, reduction: string, mean: () => Tensor): Tensor {
  if (reduction === "none") return weighted;
  if (reduction === "sum") return weighted.sum();
  if (reduction === "mean") return mean();
  throw new RangeError(`Invalid reduction mode: ${reduction}. Expected one of 'none', 'mean', 'sum'.`);
}
/** mse_loss / l1_loss: Python's size warning, broadcasting, and the optional elementwise weight. */
function lossPointwise(fn: string, op: number, input: Tensor, target: Tensor, args: readonly unknown[], err: (d: Tensor) => Tensor): Tensor {
  const [i, tg, sa, rd, red, w] = lossArgs(fn, ["input", "target", "sizeAverage", "reduce", "reduction", "weight"], [input, target, ...args], 2);
  t(fn, i, "input"), t(fn, tg, "target"), optT(fn, w, "weight");
  const x = i as Tensor, y = tg as Tensor;
  lossSizeWarning(x, y);
  const reduction = lossResolveReduction(sa, rd, red);
  const [ex, ey] = lossBroadcast(x, y);
  if (w instanceof Tensor) {
    if (!lossSameShape(w, x)) throw new RangeError("Weights and input must have the same size.");
    const weighted = err(ex.sub(ey)).mul(w);
    return lossWeighted(weighted, reduction, () => weighted.sum().div(w.sum()));
  }
  return new Tensor(call(op, ex._h, ey._h, lossGetEnum(reduction)));
}

/** F.smoothL1Loss(input, target, sizeAverage?, reduce?, reduction = "mean", beta = 1.0); beta 0 is l1_loss, as in Python. */
export function smoothL1Loss(input: Tensor, target: Tensor, ...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction, beta: number], LossOptions & { beta?: number }>): Tensor {
  const fn = "smooth_l1_loss";
  const [i, tg, sa, rd, red, b] = lossArgs(fn, ["input", "target", "sizeAverage", "reduce", "reduction", "beta"], [input, target, ...args], 2);
  t(fn, i, "input"), t(fn, tg, "target");
  lossSizeWarning(i as Tensor, tg as Tensor);
  const e = lossGetEnum(lossResolveReduction(sa, rd, red));
  const [ex, ey] = lossBroadcast(i as Tensor, tg as Tensor);
  const beta = lossNum(fn, b, "beta", 1.0);
  if (beta === 0.0) return new Tensor(call(L1, ex._h, ey._h, e));
  return new Tensor(call(L_SMOOTH_L1, ex._h, ey._h, e, beta));
}
/** F.huberLoss(input, target, reduction = "mean", delta = 1.0, weight?) */
export function huberLoss(input: Tensor, target: Tensor, ...args: PyArgs<[reduction: Reduction, delta: number, weight: Tensor | null], { reduction?: Reduction; delta?: number; weight?: Tensor | null }>): Tensor {
  const fn = "huber_loss";
  const [i, tg, red0, d, w] = lossArgs(fn, ["input", "target", "reduction", "delta", "weight"], [input, target, ...args], 2);
  t(fn, i, "input"), t(fn, tg, "target"), optT(fn, w, "weight");
  lossSizeWarning(i as Tensor, tg as Tensor);
  const [ex, ey] = lossBroadcast(i as Tensor, tg as Tensor);
  const delta = lossNum(fn, d, "delta", 1.0), reduction = (red0 ?? "mean") as string;
  if (!(w instanceof Tensor)) return new Tensor(call(L_HUBER, ex._h, ey._h, lossGetEnum(reduction), delta));
  if (!lossSameShape(w, i as Tensor)) throw new RangeError("Weights and input must have the same size.");
  const weighted = new Tensor(call(L_HUBER, ex._h, ey._h, 0, delta)).mul(w);
  return lossWeighted(weighted, reduction, () => weighted.mean());
}
/** F.klDiv(input, target, sizeAverage?, reduce?, reduction = "mean", logTarget = false); "batchmean" divides the sum by input.size(0). */
export function klDiv(input: Tensor, target: Tensor, ...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction | "batchmean", logTarget: boolean], Omit<LossOptions, "reduction"> & { reduction?: Reduction | "batchmean"; logTarget?: boolean }>): Tensor {
  const [i, tg, sa, rd, red0, lt] = lossArgs("kl_div", ["input", "target", "sizeAverage", "reduce", "reduction", "logTarget"], [input, target, ...args], 2);
  const ih = t("kl_div", i, "input"), th = t("kl_div", tg, "target");
  const logTarget = lossBool("kl_div", lt, "log_target", false);
  const reduction = red0 ?? "mean";
  let e: number;
  if ((sa !== undefined && sa !== null) || (rd !== undefined && rd !== null)) e = lossEnum(sa, rd, reduction);
  else {
    if (reduction === "mean")
      lossWarnOnce("reduction: 'mean' divides the total loss by both the batch size and the support size." +
        "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
        "'mean' will be changed to behave the same as 'batchmean' in the next major release.");
    e = lossGetEnum(reduction === "batchmean" ? "sum" : reduction);
  }
  const reduced = new Tensor(call(L_KL_DIV, ih, th, e, logTarget));
  return reduction === "batchmean" && (i as Tensor).dim() !== 0 ? reduced.div((i as Tensor).size(0)) : reduced;
}
/** F.cosineEmbeddingLoss(input1, input2, target, margin = 0, sizeAverage?, reduce?, reduction = "mean") */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...args: PyArgs<[margin: number, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number }>): Tensor {
  const fn = "cosine_embedding_loss";
  const [a, b, tg, margin, sa, rd, red] = lossArgs(fn, ["input1", "input2", "target", "margin", "sizeAverage", "reduce", "reduction"], [input1, input2, target, ...args], 3);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_COSINE_EMB, t(fn, a, "input1"), t(fn, b, "input2"), t(fn, tg, "target"), lossNum(fn, margin, "margin", 0), e));
}
/** F.marginRankingLoss(input1, input2, target, margin = 0, sizeAverage?, reduce?, reduction = "mean") */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...args: PyArgs<[margin: number, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number }>): Tensor {
  const fn = "margin_ranking_loss";
  const [a, b, tg, margin, sa, rd, red] = lossArgs(fn, ["input1", "input2", "target", "margin", "sizeAverage", "reduce", "reduction"], [input1, input2, target, ...args], 3);
  const e = lossEnum(sa, rd, red);
  const ah = t(fn, a, "input1"), bh = t(fn, b, "input2"), th = t(fn, tg, "target");
  const x1 = a as Tensor, x2 = b as Tensor, y = tg as Tensor;
  if (x1.dim() !== x2.dim() || x1.dim() !== y.dim())
    throw new Error(`margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${lossSize(x1)}, input2: ${lossSize(x2)}, target: ${lossSize(y)} `);
  return new Tensor(call(L_MARGIN_RANK, ah, bh, th, lossNum(fn, margin, "margin", 0), e));
}
/** F.tripletMarginLoss(anchor, positive, negative, margin = 1.0, p = 2, eps = 1e-6, swap = false, sizeAverage?, reduce?, reduction = "mean") */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: PyArgs<[margin: number, p: number, eps: number, swap: boolean, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number; p?: number; eps?: number; swap?: boolean }>): Tensor {
  const fn = "triplet_margin_loss";
  const [a, p, n, margin0, pp, eps, swap, sa, rd, red] = lossArgs(fn,
    ["anchor", "positive", "negative", "margin", "p", "eps", "swap", "sizeAverage", "reduce", "reduction"], [anchor, positive, negative, ...args], 3);
  const e = lossEnum(sa, rd, red);
  const margin = lossNum(fn, margin0, "margin", 1.0);
  if (margin <= 0) throw new RangeError(`margin must be greater than 0, got ${lossPyFloat(margin)}`);
  return new Tensor(call(L_TRIPLET, t(fn, a, "anchor"), t(fn, p, "positive"), t(fn, n, "negative"), margin, lossNum(fn, pp, "p", 2),
    lossNum(fn, eps, "eps", 1e-6), lossBool(fn, swap, "swap", false), e));
}
/**
 * F.tripletMarginWithDistanceLoss(anchor, positive, negative, { distanceFunction = pairwise distance,
 * margin = 1.0, swap = false, reduction = "mean" }) (keyword-only options, as in Python).
 */
export function tripletMarginWithDistanceLoss(anchor: Tensor, positive: Tensor, negative: Tensor,
  opts: { distanceFunction?: ((x1: Tensor, x2: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: Reduction } = {}): Tensor {
  const fn = "triplet_margin_with_distance_loss";
  const [a, p, n, df, margin0, swap0, red0] = lossArgs(fn,
    ["anchor", "positive", "negative", "distanceFunction", "margin", "swap", "reduction"], [anchor, positive, negative, opts], 3);
  const reduction = red0 ?? "mean";
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none")
    throw new RangeError(`${String(reduction)} is not a valid value for reduction`);
  const margin = lossNum(fn, margin0, "margin", 1.0);
  if (margin <= 0) throw new RangeError(`margin must be greater than 0, got ${lossPyFloat(margin)}`);
  const swap = lossBool(fn, swap0, "swap", false);
  t(fn, a, "anchor"), t(fn, p, "positive"), t(fn, n, "negative");
  const A = a as Tensor, P = p as Tensor, N = n as Tensor;
  const ad = A.dim(), pd = P.dim(), nd = N.dim();
  if (!(ad === pd && pd === nd))
    throw new Error(`The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${ad}D, positive ${pd}D, and negative ${nd}D inputs`);
  if (df !== undefined && df !== null && typeof df !== "function")
    throw new TypeError(`${fn}(): argument 'distance_function' must be callable, not ${describe(df)}`);
  const dist = (df ?? ((x1: Tensor, x2: Tensor) => new Tensor(call(L_PAIRWISE, x1._h, x2._h, 2, 1e-6, false))))  as (x1: Tensor, x2: Tensor) => Tensor;
  const distPos = dist(A, P);
  let distNeg = dist(A, N);
  if (swap) distNeg = distNeg.minimum(dist(P, N));
  const loss = distPos.add(margin).sub(distNeg).clampMin(0);
  if (reduction === "sum") return loss.sum();
  if (reduction === "mean") return loss.mean();
  return loss;
}
/**
 * F.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank = 0, reduction = "mean", zeroInfinity = false):
 * logProbs (T, N, C) or (T, C); targets padded (N, S) or concatenated; the lengths as tensors or number arrays.
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | number[], targetLengths: Tensor | number[], ...args: PyArgs<[blank: number, reduction: Reduction, zeroInfinity: boolean], { blank?: number; reduction?: Reduction; zeroInfinity?: boolean }>): Tensor {
  const fn = "ctc_loss";
  const [lp, tg, il, tl, blank, red, zi] = lossArgs(fn,
    ["logProbs", "targets", "inputLengths", "targetLengths", "blank", "reduction", "zeroInfinity"], [logProbs, targets, inputLengths, targetLengths, ...args], 4);
  const lph = t(fn, lp, "log_probs"), th = t(fn, tg, "targets");
  const b = blank === undefined || blank === null ? 0 : blank;
  if (typeof b !== "number" || !Number.isInteger(b)) throw new TypeError(`${fn}(): argument 'blank' must be int, not ${describe(b)}`);
  const e = lossGetEnum(red ?? "mean");
  const z = lossBool(fn, zi, "zero_infinity", false);
  if (il instanceof Tensor && tl instanceof Tensor) return new Tensor(call(L_CTC_TENSOR, lph, th, il._h, tl._h, b, e, z));
  const isInts = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isInteger(x));
  if (!isInts(il) || !isInts(tl))
    // Python's overload resolution: both lengths tensors, or both sequences of ints
    throw new TypeError(`ctc_loss() received an invalid combination of arguments - got (Tensor, Tensor, ${describe(il)}, ${describe(tl)}, int, int, bool), but expected one of:\n` +
      " * (Tensor log_probs, Tensor targets, tuple of ints input_lengths, tuple of ints target_lengths, int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)\n" +
      " * (Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths, int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)");
  return new Tensor(call(L_CTC_INT, lph, th, il, tl, b, e, z));
}
/** F.poissonNllLoss(input, target, logInput = true, full = false, sizeAverage?, eps = 1e-8, reduce?, reduction = "mean") */
export function poissonNllLoss(input: Tensor, target: Tensor, ...args: PyArgs<[logInput: boolean, full: boolean, sizeAverage: boolean | null, eps: number, reduce: boolean | null, reduction: Reduction], LossOptions & { logInput?: boolean; full?: boolean; eps?: number }>): Tensor {
  const fn = "poisson_nll_loss";
  const [i, tg, li, full, sa, eps, rd, red] = lossArgs(fn,
    ["input", "target", "logInput", "full", "sizeAverage", "eps", "reduce", "reduction"], [input, target, ...args], 2);
  const reduction = lossResolveReduction(sa, rd, red);
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new RangeError(`${reduction} is not a valid value for reduction`);
  return new Tensor(call(L_POISSON, t(fn, i, "input"), t(fn, tg, "target"), lossBool(fn, li, "log_input", true), lossBool(fn, full, "full", false),
    lossNum(fn, eps, "eps", 1e-8), lossGetEnum(reduction)));
}
/**
 * F.gaussianNllLoss(input, target, var, full = false, eps = 1e-6, reduction = "mean"): var a tensor of
 * input's shape, one dimension short, or with one mismatched size-1 dimension (homoscedastic), or a number.
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor | number, ...args: PyArgs<[full: boolean, eps: number, reduction: Reduction], { full?: boolean; eps?: number; reduction?: Reduction }>): Tensor {
  const fn = "gaussian_nll_loss";
  const [i0, tg0, v0, full0, eps0, red0] = lossArgs(fn, ["input", "target", "var", "full", "eps", "reduction"], [input, target, variance, ...args], 3);
  t(fn, i0, "input"), t(fn, tg0, "target");
  const inp = i0 as Tensor, tgt = tg0 as Tensor;
  const full = lossBool(fn, full0, "full", false), eps = lossNum(fn, eps0, "eps", 1e-6);
  const reduction = red0 ?? "mean";
  let v: Tensor;
  if (typeof v0 === "number") {
    if (v0 < 0) throw new RangeError("var has negative entry/entries");
    v = torchOnesLikeForLoss(inp).mul(v0);
  } else {
    t(fn, v0, "var");
    v = v0 as Tensor;
    if (v.lt(0).any().item()) throw new RangeError("var has negative entry/entries");
  }
  const is = inp.shape, vs = v.shape;
  const same = (x: number[], y: number[]) => x.length === y.length && x.every((d, k) => d === y[k]);
  if (!same(vs, is)) {
    if (same(is.slice(0, -1), vs)) v = v.unsqueeze(-1);
    else if (is.length === vs.length && is.reduce((s, d, k) => (d !== vs[k] ? s + vs[k] : s), 0) === 1) {
      // homoscedastic: one mismatched dimension of size 1, broadcast in the loss
    } else throw new RangeError("var is of incorrect size");
  }
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new RangeError(`${String(reduction)} is not valid`);
  v = v.clone();
  lossNoGrad(() => v.clamp_({ min: eps }));
  let loss = v.log().add(inp.sub(tgt).pow(2).div(v)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  return loss;
}
/** F.hingeEmbeddingLoss(input, target, margin = 1.0, sizeAverage?, reduce?, reduction = "mean") */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, ...args: PyArgs<[margin: number, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { margin?: number }>): Tensor {
  const fn = "hinge_embedding_loss";
  const [i, tg, margin, sa, rd, red] = lossArgs(fn, ["input", "target", "margin", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_HINGE, t(fn, i, "input"), t(fn, tg, "target"), lossNum(fn, margin, "margin", 1.0), e));
}
/** F.softMarginLoss(input, target, sizeAverage?, reduce?, reduction = "mean") */
export function softMarginLoss(input: Tensor, target: Tensor, ...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>): Tensor {
  const fn = "soft_margin_loss";
  const [i, tg, sa, rd, red] = lossArgs(fn, ["input", "target", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_SOFT_MARGIN, t(fn, i, "input"), t(fn, tg, "target"), e));
}
/** F.multilabelSoftMarginLoss(input, target, weight?, sizeAverage?, reduce?, reduction = "mean") */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { weight?: Tensor | null }>): Tensor {
  const fn = "multilabel_soft_margin_loss";
  const [i0, tg0, w, sa, rd, red] = lossArgs(fn, ["input", "target", "weight", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  t(fn, i0, "input"), t(fn, tg0, "target"), optT(fn, w, "weight");
  const inp = i0 as Tensor, tgt = tg0 as Tensor;
  const reduction = lossResolveReduction(sa, rd, red);
  const logsig = (x: Tensor) => new Tensor(call(L_LOG_SIGMOID, x._h));
  let loss = tgt.mul(logsig(inp)).add(tgt.neg().add(1).mul(logsig(inp.neg()))).neg();
  if (w instanceof Tensor) loss = loss.mul(w);
  const classDim = inp.dim() - 1;
  const C = inp.size(classDim);
  loss = loss.sum(classDim).div(C);
  if (reduction === "none") return loss;
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  throw new RangeError(`${reduction} is not valid`);
}
/** F.multilabelMarginLoss(input, target, sizeAverage?, reduce?, reduction = "mean") */
export function multilabelMarginLoss(input: Tensor, target: Tensor, ...args: PyArgs<[sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>): Tensor {
  const fn = "multilabel_margin_loss";
  const [i, tg, sa, rd, red] = lossArgs(fn, ["input", "target", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_MULTILABEL_MARGIN, t(fn, i, "input"), t(fn, tg, "target"), e));
}
/** F.multiMarginLoss(input, target, p = 1, margin = 1.0, weight?, sizeAverage?, reduce?, reduction = "mean") */
export function multiMarginLoss(input: Tensor, target: Tensor, ...args: PyArgs<[p: number, margin: number, weight: Tensor | null, sizeAverage: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions & { p?: number; margin?: number; weight?: Tensor | null }>): Tensor {
  const fn = "multi_margin_loss";
  const [i, tg, p0, margin, w, sa, rd, red] = lossArgs(fn,
    ["input", "target", "p", "margin", "weight", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  const p = lossNum(fn, p0, "p", 1);
  if (p !== 1 && p !== 2) throw new RangeError("only p == 1 and p == 2 supported");
  const wh = optT(fn, w, "weight");
  if (w instanceof Tensor && w.dim() !== 1) throw new RangeError("weight must be one-dimensional");
  return new Tensor(call(L_MULTI_MARGIN, t(fn, i, "input"), t(fn, tg, "target"), p, lossNum(fn, margin, "margin", 1.0), wh, e));
}
// ============================================================================ end of losses, part 2

// ---- spatial functions (conv, conv transpose, pooling, unpooling, pad, interpolate, pixel shuffle) ----
export {
  conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d,
  maxPool1d, maxPool2d, maxPool3d, maxPool1dWithIndices, maxPool2dWithIndices, maxPool3dWithIndices,
  avgPool1d, avgPool2d, avgPool3d, adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d,
  adaptiveMaxPool1d, adaptiveMaxPool2d, adaptiveMaxPool3d,
  adaptiveMaxPool1dWithIndices, adaptiveMaxPool2dWithIndices, adaptiveMaxPool3dWithIndices,
  maxUnpool1d, maxUnpool2d, maxUnpool3d, lpPool1d, lpPool2d, lpPool3d,
  pad, interpolate, pixelShuffle, pixelUnshuffle,
} from "./functional_spatial";
export type {
  IntOrTuple, OptIntOrTuple, ConvOptions, ConvTransposeOptions, MaxPoolOptions, AvgPool1dOptions, AvgPoolOptions, MaxUnpoolOptions,
  LpPoolOptions, PadOptions, InterpolateMode, InterpolateOptions,
} from "./functional_spatial";

// ===========================================================================
// Normalization, dropout, embedding and distance functionals (issue #5,
// normalization and misc layers). Each takes Python's parameters positionally
// in Python's order or in a trailing options object (camelCase keys).
// ===========================================================================
import { bind as bindArgs, checkInt as checkIntArg, PyArgs, PyArgsReq } from "../args";
import { noGrad as noGradMode } from "../grad_mode";
import { warnOnce, paddingIndex } from "./_util";
import { pyFloat } from "./repr";
import { arange as arangeT } from "../creation";
import type { Handle } from "../native";

const BATCH_NORM_OP = opId("batch_norm"), INSTANCE_NORM_OP = opId("instance_norm"), LAYER_NORM_OP = opId("layer_norm");
const GROUP_NORM_OP = opId("group_norm"), RMS_NORM_OP = opId("rms_norm"), PAD_OP = opId("constant_pad_nd");
const AVG_POOL2D_OP = opId("avg_pool2d"), AVG_POOL3D_OP = opId("avg_pool3d");
const DROPOUT_OPS: Record<string, [number, number]> = {
  dropout: [opId("dropout"), opId("dropout_")],
  feature_dropout: [opId("feature_dropout"), opId("feature_dropout_")],
  alpha_dropout: [opId("alpha_dropout"), opId("alpha_dropout_")],
  feature_alpha_dropout: [opId("feature_alpha_dropout"), opId("feature_alpha_dropout_")],
};
const EMBEDDING_OP = opId("embedding"), EMBEDDING_RENORM_OP = opId("embedding_renorm_"), EMBEDDING_BAG_OP = opId("embedding_bag", "padding_idx");
const BILINEAR_OP = opId("bilinear"), COSINE_OP = opId("cosine_similarity"), PAIRWISE_OP = opId("pairwise_distance");
const NORM_OP = opId("norm", "ScalarOpt_dim"), ONE_HOT_OP = opId("one_hot");

function tensorArg(fn: string, v: unknown, what: string): Tensor {
  t(fn, v, what);
  return v as Tensor;
}
/** torch.Size([1, 3]) as Python prints it. */
function pySize(s: number[]): string {
  return `torch.Size([${s.join(", ")}])`;
}
function num(fn: string, v: unknown, what: string): number {
  if (typeof v === "number") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be float, not ${describe(v)}`);
}
function bool(fn: string, v: unknown, what: string): boolean {
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be bool, not ${describe(v)}`);
}
function shapeArg(fn: string, v: unknown, what: string): number[] {
  const s = typeof v === "number" ? [v] : v;
  if (!Array.isArray(s) || !s.every((e) => Number.isInteger(e)))
    throw new TypeError(`${fn}(): argument '${what}' must be tuple of ints, not ${describe(v)}`);
  return s as number[];
}
/** Python's _verify_batch_size: the training statistics need more than one value per channel. */
function verifyBatchSize(size: number[], asTorchSize: boolean): void {
  let prod = size[0];
  for (let i = 2; i < size.length; i++) prod *= size[i];
  if (prod === 1)
    throw new RangeError(`Expected more than 1 value per channel when training, got input size ${asTorchSize ? pySize(size) : `[${size.join(", ")}]`}`);
}


// ---- argument types of the functional forms below (camelCase keys of Python's keyword arguments) ----
/** F.batchNorm's keyword arguments. */
export interface BatchNormOptions { runningMean?: Tensor | null; runningVar?: Tensor | null; weight?: Tensor | null; bias?: Tensor | null; training?: boolean; momentum?: number; eps?: number }
/** F.instanceNorm's keyword arguments. */
export interface InstanceNormOptions { runningMean?: Tensor | null; runningVar?: Tensor | null; weight?: Tensor | null; bias?: Tensor | null; useInputStats?: boolean; momentum?: number; eps?: number }
/** F.layerNorm's keyword arguments. */
export interface LayerNormOptions { normalizedShape?: number | number[]; weight?: Tensor | null; bias?: Tensor | null; eps?: number }
/** F.rmsNorm's keyword arguments. */
export interface RmsNormOptions { normalizedShape?: number | number[]; weight?: Tensor | null; eps?: number | null }
/** F.groupNorm's keyword arguments. */
export interface GroupNormOptions { numGroups?: number; weight?: Tensor | null; bias?: Tensor | null; eps?: number }
/** F.localResponseNorm's keyword arguments. */
export interface LocalResponseNormOptions { size?: number; alpha?: number; beta?: number; k?: number }
/** The keyword arguments of F.dropout, alphaDropout, featureAlphaDropout, dropout1d/2d/3d. */
export interface DropoutOptions { p?: number; training?: boolean; inplace?: boolean }
/** F.embedding's keyword arguments. */
export interface EmbeddingOptions { weight?: Tensor; paddingIdx?: number | null; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; sparse?: boolean }
/** F.embeddingBag's keyword arguments. */
export interface EmbeddingBagOptions extends EmbeddingOptions { offsets?: Tensor | null; mode?: "sum" | "mean" | "max"; perSampleWeights?: Tensor | null; includeLastOffset?: boolean }

/** F.batchNorm(input, runningMean, runningVar, weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5) */
export function batchNorm(input: Tensor, ...args: PyArgs<[runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number, eps: number], BatchNormOptions>): Tensor;
export function batchNorm(...args: unknown[]): Tensor {
  const [input, rm = null, rv = null, weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5] = bindArgs("batch_norm",
    ["input", "runningMean", "runningVar", "weight", "bias", "training", "momentum", "eps"], args);
  const x = tensorArg("batch_norm", input, "input");
  const train = bool("batch_norm", training, "training"), e = num("batch_norm", eps, "eps");
  if (train) verifyBatchSize(x.shape, true);
  if (train && e <= 0) throw new RangeError(`batch_norm eps must be positive during training, but got ${pyFloat(e)}`);
  else if (e < 0) throw new RangeError(`batch_norm eps must be non-negative, but got ${pyFloat(e)}`);
  return new Tensor(call(BATCH_NORM_OP, x._h, optT("batch_norm", weight, "weight"), optT("batch_norm", bias, "bias"),
    optT("batch_norm", rm, "running_mean"), optT("batch_norm", rv, "running_var"), train, num("batch_norm", momentum ?? 0, "momentum"), e, true));
}

/** F.instanceNorm(input, runningMean = null, runningVar = null, weight = null, bias = null, useInputStats = true, momentum = 0.1, eps = 1e-5) */
export function instanceNorm(input: Tensor, ...args: PyArgs<[runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, useInputStats: boolean, momentum: number, eps: number], InstanceNormOptions>): Tensor;
export function instanceNorm(...args: unknown[]): Tensor {
  const [input, rm = null, rv = null, weight = null, bias = null, useInputStats = true, momentum = 0.1, eps = 1e-5] = bindArgs("instance_norm",
    ["input", "runningMean", "runningVar", "weight", "bias", "useInputStats", "momentum", "eps"], args);
  const x = tensorArg("instance_norm", input, "input");
  const use = bool("instance_norm", useInputStats, "use_input_stats");
  if (use) {
    const s = x.shape;
    if (s.slice(2).reduce((a, b) => a * b, 1) === 1)
      throw new RangeError(`Expected more than 1 spatial element when training, got input size ${pySize(s)}`);
  }
  return new Tensor(call(INSTANCE_NORM_OP, x._h, optT("instance_norm", weight, "weight"), optT("instance_norm", bias, "bias"),
    optT("instance_norm", rm, "running_mean"), optT("instance_norm", rv, "running_var"), use,
    num("instance_norm", momentum ?? 0, "momentum"), num("instance_norm", eps, "eps"), true));
}

/** F.layerNorm(input, normalizedShape, weight = null, bias = null, eps = 1e-5) */
export function layerNorm(input: Tensor, ...args: PyArgsReq<[normalizedShape: number | number[]], [weight: Tensor | null, bias: Tensor | null, eps: number], LayerNormOptions, "normalizedShape">): Tensor;
export function layerNorm(...args: unknown[]): Tensor {
  const [input, shape, weight = null, bias = null, eps = 1e-5] = bindArgs("layer_norm", ["input", "normalizedShape", "weight", "bias", "eps"], args);
  return new Tensor(call(LAYER_NORM_OP, t("layer_norm", input, "input"), shapeArg("layer_norm", shape, "normalized_shape"),
    optT("layer_norm", weight, "weight"), optT("layer_norm", bias, "bias"), num("layer_norm", eps, "eps"), true));
}

/** F.rmsNorm(input, normalizedShape, weight = null, eps = null): eps null means torch.finfo(input.dtype).eps. */
export function rmsNorm(input: Tensor, ...args: PyArgsReq<[normalizedShape: number | number[]], [weight: Tensor | null, eps: number | null], RmsNormOptions, "normalizedShape">): Tensor;
export function rmsNorm(...args: unknown[]): Tensor {
  const [input, shape, weight = null, eps = null] = bindArgs("rms_norm", ["input", "normalizedShape", "weight", "eps"], args);
  return new Tensor(call(RMS_NORM_OP, t("rms_norm", input, "input"), shapeArg("rms_norm", shape, "normalized_shape"),
    optT("rms_norm", weight, "weight"), eps === null ? null : num("rms_norm", eps, "eps")));
}

/** F.groupNorm(input, numGroups, weight = null, bias = null, eps = 1e-5) */
export function groupNorm(input: Tensor, ...args: PyArgsReq<[numGroups: number], [weight: Tensor | null, bias: Tensor | null, eps: number], GroupNormOptions, "numGroups">): Tensor;
export function groupNorm(...args: unknown[]): Tensor {
  const [input, numGroups, weight = null, bias = null, eps = 1e-5] = bindArgs("group_norm", ["input", "numGroups", "weight", "bias", "eps"], args);
  const x = tensorArg("group_norm", input, "input");
  const g = checkIntArg("group_norm", numGroups, "num_groups");
  if (x.dim() < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${x.dim()}`);
  const s = x.shape;
  verifyBatchSize([Math.floor((s[0] * s[1]) / g), g, ...s.slice(2)], false);
  return new Tensor(call(GROUP_NORM_OP, x._h, g, optT("group_norm", weight, "weight"), optT("group_norm", bias, "bias"),
    num("group_norm", eps, "eps"), true));
}

/** F.localResponseNorm(input, size, alpha = 1e-4, beta = 0.75, k = 1.0): normalizes over neighbouring channels. */
export function localResponseNorm(input: Tensor, ...args: PyArgsReq<[size: number], [alpha: number, beta: number, k: number], LocalResponseNormOptions, "size">): Tensor;
export function localResponseNorm(...args: unknown[]): Tensor {
  const [input, size, alpha = 1e-4, beta = 0.75, k = 1.0] = bindArgs("local_response_norm", ["input", "size", "alpha", "beta", "k"], args);
  const x = tensorArg("local_response_norm", input, "input");
  const n = checkIntArg("local_response_norm", size, "size");
  const dim = x.dim();
  if (dim < 3) throw new RangeError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  if (x.numel() === 0) return x;
  let div = x.mul(x);
  const front = Math.floor(n / 2), back = Math.floor((n - 1) / 2);
  if (dim === 3) {
    div = new Tensor(call(PAD_OP, div.unsqueeze(1)._h, [0, 0, front, back], 0));
    div = new Tensor(call(AVG_POOL2D_OP, div._h, [n, 1], [1], [0], false, true, null)).squeeze(1);
  } else {
    const s = x.shape;
    div = new Tensor(call(PAD_OP, div.view(s[0], 1, s[1], s[2], -1)._h, [0, 0, 0, 0, front, back], 0));
    div = new Tensor(call(AVG_POOL3D_OP, div._h, [n, 1, 1], [1], [0], false, true, null)).squeeze(1).view(s);
  }
  div = div.mul(num("local_response_norm", alpha, "alpha")).add(num("local_response_norm", k, "k")).pow(num("local_response_norm", beta, "beta"));
  return x.div(div);
}

function dropoutArgs(fn: string, args: unknown[], trainingDefault: boolean): [Tensor, number, boolean, boolean] {
  const [input, p = 0.5, training = trainingDefault, inplace = false] = bindArgs(fn, ["input", "p", "training", "inplace"], args);
  const x = tensorArg(fn, input, "input");
  const pp = num(fn, p, "p");
  if (pp < 0 || pp > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${pp}`);
  return [x, pp, bool(fn, training, "training"), bool(fn, inplace, "inplace")];
}
function dropoutOp(kind: string, x: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  const [op, op_] = DROPOUT_OPS[kind];
  if (inplace) {
    call(op_, x._h, p, training);
    return x;
  }
  return new Tensor(call(op, x._h, p, training));
}
/** Runs a channel-wise dropout on `x`, unsqueezing a batch dimension around it when `batched` is false. */
function featureDropout(x: Tensor, p: number, training: boolean, inplace: boolean, batched: boolean): Tensor {
  if (batched) return dropoutOp("feature_dropout", x, p, training, inplace);
  if (!inplace) return dropoutOp("feature_dropout", x.unsqueeze(0), p, training, false).squeeze(0);
  x.unsqueeze_(0);
  try {
    dropoutOp("feature_dropout", x, p, training, true);
  } finally {
    x.squeeze_(0);
  }
  return x;
}

/** F.dropout(input, p = 0.5, training = true, inplace = false) */
export function dropout(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutOptions>): Tensor;
export function dropout(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("dropout", args, true);
  return dropoutOp("dropout", x, p, training, inplace);
}
/** F.alphaDropout(input, p = 0.5, training = false, inplace = false): keeps the mean and variance of SELU activations. */
export function alphaDropout(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutOptions>): Tensor;
export function alphaDropout(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("alpha_dropout", args, false);
  return dropoutOp("alpha_dropout", x, p, training, inplace);
}
/** F.featureAlphaDropout(input, p = 0.5, training = false, inplace = false): alpha dropout of whole channels. */
export function featureAlphaDropout(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutOptions>): Tensor;
export function featureAlphaDropout(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("feature_alpha_dropout", args, false);
  return dropoutOp("feature_alpha_dropout", x, p, training, inplace);
}
/** F.dropout1d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of (N, C, L) or (C, L) inputs. */
export function dropout1d(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutOptions>): Tensor;
export function dropout1d(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("dropout1d", args, true);
  const d = x.dim();
  if (d !== 2 && d !== 3)
    throw new Error(`dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 ` +
      "spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).");
  return featureDropout(x, p, training, inplace, d === 3);
}
/** F.dropout2d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of (N, C, H, W) or (C, H, W) inputs. */
export function dropout2d(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutOptions>): Tensor;
export function dropout2d(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("dropout2d", args, true);
  const d = x.dim();
  if (d !== 3 && d !== 4)
    warnOnce(`dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior ` +
      "and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, " +
      "a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).");
  if (d === 3)
    warnOnce("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C " +
      "is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D " +
      "channel-wise dropout behavior, please switch to using dropout1d instead.");
  return featureDropout(x, p, training, inplace, true);
}
/** F.dropout3d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) inputs. */
export function dropout3d(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutOptions>): Tensor;
export function dropout3d(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("dropout3d", args, true);
  const d = x.dim();
  if (d !== 4 && d !== 5)
    warnOnce(`dropout3d: Received a ${d}-D input to dropout3d, which is deprecated and will result in an error in a future release. To retain the behavior ` +
      "and silence this warning, please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, " +
      "a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).");
  return featureDropout(x, p, training, inplace, d === 5);
}

/** Python's _no_grad_embedding_renorm_: rescales, in place, the rows of `weight` that `input` looks up to norm at most maxNorm. */
function embeddingRenorm_(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  noGradMode(() => call(EMBEDDING_RENORM_OP, weight.detach()._h, input._h, maxNorm, normType));
}
/** F.embedding(input, weight, paddingIdx = null, maxNorm = null, normType = 2.0, scaleGradByFreq = false, sparse = false) */
export function embedding(input: Tensor, ...args: PyArgsReq<[weight: Tensor], [paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean], EmbeddingOptions, "weight">): Tensor;
export function embedding(...args: unknown[]): Tensor {
  const [input, weight, paddingIdx = null, maxNorm = null, normType = 2.0, scaleGradByFreq = false, sparse = false] = bindArgs("embedding",
    ["input", "weight", "paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse"], args);
  let x = tensorArg("embedding", input, "input");
  const w = tensorArg("embedding", weight, "weight");
  const pad = paddingIndex(paddingIdx, w.size(0), "embedding", true);
  if (maxNorm !== null) {
    x = x.contiguous();
    embeddingRenorm_(w, x, num("embedding", maxNorm, "max_norm"), num("embedding", normType, "norm_type"));
  }
  return new Tensor(call(EMBEDDING_OP, w._h, x._h, pad ?? -1, bool("embedding", scaleGradByFreq, "scale_grad_by_freq"), bool("embedding", sparse, "sparse")));
}

/**
 * F.embeddingBag(input, weight, offsets = null, maxNorm = null, normType = 2, scaleGradByFreq = false, mode = "mean",
 * sparse = false, perSampleWeights = null, includeLastOffset = false, paddingIdx = null): sums, means or maxes bags of embeddings.
 */
export function embeddingBag(input: Tensor, ...args: PyArgsReq<[weight: Tensor], [offsets: Tensor | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, mode: "sum" | "mean" | "max", sparse: boolean, perSampleWeights: Tensor | null, includeLastOffset: boolean, paddingIdx: number | null], EmbeddingBagOptions, "weight">): Tensor;
export function embeddingBag(...args: unknown[]): Tensor {
  const [input, weight, offsets0 = null, maxNorm = null, normType = 2, scaleGradByFreq = false, mode = "mean", sparse = false,
    psw0 = null, includeLastOffset0 = false, paddingIdx = null] = bindArgs("embedding_bag",
    ["input", "weight", "offsets", "maxNorm", "normType", "scaleGradByFreq", "mode", "sparse", "perSampleWeights", "includeLastOffset", "paddingIdx"], args);
  let x = tensorArg("embedding_bag", input, "input");
  let w = tensorArg("embedding_bag", weight, "weight");
  let offsets = offsets0 === null ? null : tensorArg("embedding_bag", offsets0, "offsets");
  let psw = psw0 === null ? null : tensorArg("embedding_bag", psw0, "per_sample_weights");
  let includeLastOffset = bool("embedding_bag", includeLastOffset0, "include_last_offset");
  const scale = bool("embedding_bag", scaleGradByFreq, "scale_grad_by_freq"), sp = bool("embedding_bag", sparse, "sparse");
  if (w.dtype.name === "int64" && x.isFloatingPoint()) {
    warnOnce("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is deprecated, " +
      "and should now be `embedding_bag(input, weight, ...)`.");
    [w, x] = [x, w];
  }
  if (psw !== null && String(x.shape) !== String(psw.shape))
    throw new RangeError(`embedding_bag: If per_sample_weights (${pySize(psw.shape)}) is not None, then it must have the same shape as the input (${pySize(x.shape)})`);
  if (w.dim() !== 2) throw new RangeError(`weight has to be a 2D Tensor, but got Tensor of dimension ${w.dim()}`);
  if (x.dim() === 2) {
    if (offsets !== null)
      throw new RangeError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. " +
        "However, found offsets of type <class 'torch.Tensor'>");
    offsets = arangeT(0, x.numel(), x.size(1), { dtype: x.dtype, device: x.device });
    includeLastOffset = false;
    x = x.reshape(-1);
    if (psw !== null) psw = psw.reshape(-1);
  } else if (x.dim() === 1) {
    if (offsets === null) throw new RangeError("offsets has to be a 1D Tensor but got None");
    if (offsets.dim() !== 1) throw new RangeError("offsets has to be a 1D Tensor");
  } else {
    throw new RangeError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${x.dim()}`);
  }
  let modeEnum: number;
  if (mode === "sum") modeEnum = 0;
  else if (mode === "mean") modeEnum = 1;
  else if (mode === "max") {
    modeEnum = 2;
    if (scale) throw new RangeError("max mode does not support scaling the gradient by the frequency");
    if (sp) throw new RangeError("max mode does not support sparse weights");
  } else throw new RangeError("mode has to be one of sum, mean or max");
  if (maxNorm !== null) embeddingRenorm_(w, x, num("embedding_bag", maxNorm, "max_norm"), num("embedding_bag", normType, "norm_type"));
  if (psw !== null && mode !== "sum")
    throw new Error("embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' " +
      `(got mode='${String(mode)}'). Please open a feature request on GitHub.`);
  const pad = paddingIdx === null ? null : checkIntArg("embedding_bag", paddingIdx, "padding_idx");
  const r = call(EMBEDDING_BAG_OP, w._h, x._h, offsets._h, scale, modeEnum, sp, psw?._h ?? null, includeLastOffset, pad) as unknown as Handle[];
  return new Tensor(r[0]);
}

/** F.bilinear(input1, input2, weight, bias = null): y = x1^T A x2 + b */
export function bilinear(input1: Tensor, input2: Tensor, ...args: PyArgsReq<[weight: Tensor], [bias: Tensor | null], { weight?: Tensor; bias?: Tensor | null }, "weight">): Tensor;
export function bilinear(...args: unknown[]): Tensor {
  const [a, b, weight, bias = null] = bindArgs("bilinear", ["input1", "input2", "weight", "bias"], args);
  return new Tensor(call(BILINEAR_OP, t("bilinear", a, "input1"), t("bilinear", b, "input2"), t("bilinear", weight, "weight"), optT("bilinear", bias, "bias")));
}
/** F.cosineSimilarity(x1, x2, dim = 1, eps = 1e-8) */
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...args: PyArgs<[dim: number, eps: number], { dim?: number; eps?: number }>): Tensor;
export function cosineSimilarity(...args: unknown[]): Tensor {
  const [a, b, dim = 1, eps = 1e-8] = bindArgs("cosine_similarity", ["x1", "x2", "dim", "eps"], args);
  return new Tensor(call(COSINE_OP, t("cosine_similarity", a, "x1"), t("cosine_similarity", b, "x2"),
    checkIntArg("cosine_similarity", dim, "dim"), num("cosine_similarity", eps, "eps")));
}
/** F.pairwiseDistance(x1, x2, p = 2.0, eps = 1e-6, keepdim = false) */
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...args: PyArgs<[p: number, eps: number, keepdim: boolean], { p?: number; eps?: number; keepdim?: boolean }>): Tensor;
export function pairwiseDistance(...args: unknown[]): Tensor {
  const [a, b, p = 2.0, eps = 1e-6, keepdim = false] = bindArgs("pairwise_distance", ["x1", "x2", "p", "eps", "keepdim"], args);
  return new Tensor(call(PAIRWISE_OP, t("pairwise_distance", a, "x1"), t("pairwise_distance", b, "x2"),
    num("pairwise_distance", p, "p"), num("pairwise_distance", eps, "eps"), bool("pairwise_distance", keepdim, "keepdim")));
}
/** F.normalize(input, p = 2.0, dim = 1, eps = 1e-12): input / max(||input||_p, eps) along dim. */
export function normalize(input: Tensor, ...args: PyArgs<[p: number, dim: number, eps: number, out: Tensor | null], { p?: number; dim?: number; eps?: number; out?: Tensor | null }>): Tensor;
export function normalize(...args: unknown[]): Tensor {
  const [input, p = 2.0, dim = 1, eps = 1e-12, out = null] = bindArgs("normalize", ["input", "p", "dim", "eps", "out"], args);
  const x = tensorArg("normalize", input, "input");
  const denom = new Tensor(call(NORM_OP, x._h, num("normalize", p, "p"), [checkIntArg("normalize", dim, "dim")], true))
    .clampMin(num("normalize", eps, "eps")).expandAs(x);
  if (out === null) return x.div(denom);
  const o = tensorArg("normalize", out, "out");
  o.copy_(x.div(denom));
  return o;
}
/** F.oneHot(tensor, numClasses = -1): int64 one-hot encoding with a trailing class dimension. */
export function oneHot(tensor: Tensor, ...args: PyArgs<[numClasses: number], { numClasses?: number }>): Tensor;
export function oneHot(...args: unknown[]): Tensor {
  const [input, numClasses = -1] = bindArgs("one_hot", ["tensor", "numClasses"], args);
  return new Tensor(call(ONE_HOT_OP, t("one_hot", input, "tensor"), checkIntArg("one_hot", numClasses, "num_classes")));
}

// ---- activation functions (relu, gelu, softmax, ..., scaledDotProductAttention): see functional_activation.ts ----
export {
  relu, relu_, relu6, selu, selu_, silu, mish, hardswish, hardsigmoid, leakyRelu, leakyRelu_, prelu, elu, elu_, celu, celu_, gelu,
  hardtanh, hardtanh_, softplus, threshold, threshold_, softshrink, hardshrink, rrelu, rrelu_, glu, logsigmoid, tanhshrink, softsign,
  sigmoid, tanh, softmax, softmin, logSoftmax, gumbelSoftmax, scaledDotProductAttention,
} from "./functional_activation";
