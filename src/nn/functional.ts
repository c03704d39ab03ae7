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

/** F.linear(input, weight, bias?) = input @ weight.T + bias */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return new Tensor(call(LINEAR, t("linear", input, "input"), t("linear", weight, "weight"), optT("linear", bias, "bias")));
}
export function relu(input: Tensor): Tensor { return input.relu(); }
export function tanh(input: Tensor): Tensor { return input.tanh(); }
export function sigmoid(input: Tensor): Tensor { return input.sigmoid(); }
export function softmax(input: Tensor, dim: number): Tensor { return input.softmax(dim); }
export function logSoftmax(input: Tensor, dim: number): Tensor { return input.logSoftmax(dim); }

interface LossOpts { reduction?: "none" | "mean" | "sum" }
export function mseLoss(input: Tensor, target: Tensor, opts: LossOpts = {}): Tensor {
  return new Tensor(call(MSE, t("mse_loss", input, "input"), t("mse_loss", target, "target"), reductionCode(opts.reduction ?? "mean")));
}
export function l1Loss(input: Tensor, target: Tensor, opts: LossOpts = {}): Tensor {
  return new Tensor(call(L1, t("l1_loss", input, "input"), t("l1_loss", target, "target"), reductionCode(opts.reduction ?? "mean")));
}
/** F.crossEntropy(input, target, { weight, ignoreIndex = -100, reduction = "mean", labelSmoothing = 0 }) */
export function crossEntropy(input: Tensor, target: Tensor,
  opts: LossOpts & { weight?: Tensor | null; ignoreIndex?: number; labelSmoothing?: number } = {}): Tensor {
  return new Tensor(call(CE, t("cross_entropy", input, "input"), t("cross_entropy", target, "target"), optT("cross_entropy", opts.weight, "weight"),
    reductionCode(opts.reduction ?? "mean"), opts.ignoreIndex ?? -100, opts.labelSmoothing ?? 0));
}
export function nllLoss(input: Tensor, target: Tensor, opts: LossOpts & { weight?: Tensor | null; ignoreIndex?: number } = {}): Tensor {
  return new Tensor(call(NLL, t("nll_loss", input, "input"), t("nll_loss", target, "target"), optT("nll_loss", opts.weight, "weight"),
    reductionCode(opts.reduction ?? "mean"), opts.ignoreIndex ?? -100));
}
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor,
  opts: LossOpts & { weight?: Tensor | null; posWeight?: Tensor | null } = {}): Tensor {
  return new Tensor(call(BCE_LOGITS, t("binary_cross_entropy_with_logits", input, "input"), t("binary_cross_entropy_with_logits", target, "target"),
    optT("bce", opts.weight, "weight"), optT("bce", opts.posWeight, "pos_weight"), reductionCode(opts.reduction ?? "mean")));
}
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: LossOpts & { weight?: Tensor | null } = {}): Tensor {
  return new Tensor(call(BCE, t("binary_cross_entropy", input, "input"), t("binary_cross_entropy", target, "target"),
    optT("bce", opts.weight, "weight"), reductionCode(opts.reduction ?? "mean")));
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

type LossArg = Tensor | number | boolean | string | number[] | null | undefined | LossOptionsBag;
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
const L_PAIRWISE = opId("pairwise_distance"), L_ONES_LIKE = opId("ones_like");
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

/** F.smoothL1Loss(input, target, sizeAverage?, reduce?, reduction = "mean", beta = 1.0) */
export function smoothL1Loss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
  const [i, tg, sa, rd, red, beta] = lossArgs("smooth_l1_loss", ["input", "target", "sizeAverage", "reduce", "reduction", "beta"], [input, target, ...args], 2);
  return new Tensor(call(L_SMOOTH_L1, t("smooth_l1_loss", i, "input"), t("smooth_l1_loss", tg, "target"), lossEnum(sa, rd, red),
    lossNum("smooth_l1_loss", beta, "beta", 1.0)));
}
/** F.huberLoss(input, target, reduction = "mean", delta = 1.0) */
export function huberLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
  const [i, tg, red, delta] = lossArgs("huber_loss", ["input", "target", "reduction", "delta"], [input, target, ...args], 2);
  return new Tensor(call(L_HUBER, t("huber_loss", i, "input"), t("huber_loss", tg, "target"), lossGetEnum(red ?? "mean"),
    lossNum("huber_loss", delta, "delta", 1.0)));
}
/** F.klDiv(input, target, sizeAverage?, reduce?, reduction = "mean", logTarget = false); "batchmean" divides the sum by input.size(0). */
export function klDiv(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
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
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
  const fn = "cosine_embedding_loss";
  const [a, b, tg, margin, sa, rd, red] = lossArgs(fn, ["input1", "input2", "target", "margin", "sizeAverage", "reduce", "reduction"], [input1, input2, target, ...args], 3);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_COSINE_EMB, t(fn, a, "input1"), t(fn, b, "input2"), t(fn, tg, "target"), lossNum(fn, margin, "margin", 0), e));
}
/** F.marginRankingLoss(input1, input2, target, margin = 0, sizeAverage?, reduce?, reduction = "mean") */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
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
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: LossArg[]): Tensor {
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
  opts: { distanceFunction?: ((x1: Tensor, x2: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: string } = {}): Tensor {
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
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | number[], targetLengths: Tensor | number[], ...args: LossArg[]): Tensor {
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
export function poissonNllLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
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
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor | number, ...args: LossArg[]): Tensor {
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
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
  const fn = "hinge_embedding_loss";
  const [i, tg, margin, sa, rd, red] = lossArgs(fn, ["input", "target", "margin", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_HINGE, t(fn, i, "input"), t(fn, tg, "target"), lossNum(fn, margin, "margin", 1.0), e));
}
/** F.softMarginLoss(input, target, sizeAverage?, reduce?, reduction = "mean") */
export function softMarginLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
  const fn = "soft_margin_loss";
  const [i, tg, sa, rd, red] = lossArgs(fn, ["input", "target", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_SOFT_MARGIN, t(fn, i, "input"), t(fn, tg, "target"), e));
}
/** F.multilabelSoftMarginLoss(input, target, weight?, sizeAverage?, reduce?, reduction = "mean") */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
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
export function multilabelMarginLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
  const fn = "multilabel_margin_loss";
  const [i, tg, sa, rd, red] = lossArgs(fn, ["input", "target", "sizeAverage", "reduce", "reduction"], [input, target, ...args], 2);
  const e = lossEnum(sa, rd, red);
  return new Tensor(call(L_MULTILABEL_MARGIN, t(fn, i, "input"), t(fn, tg, "target"), e));
}
/** F.multiMarginLoss(input, target, p = 1, margin = 1.0, weight?, sizeAverage?, reduce?, reduction = "mean") */
export function multiMarginLoss(input: Tensor, target: Tensor, ...args: LossArg[]): Tensor {
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
