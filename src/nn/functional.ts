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

// ===========================================================================
// Normalization, dropout, embedding and distance functionals (issue #5,
// normalization and misc layers). Each takes Python's parameters positionally
// in Python's order or in a trailing options object (camelCase keys).
// ===========================================================================
import { bind as bindArgs, checkInt as checkIntArg } from "../args";
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

/** F.batchNorm(input, runningMean, runningVar, weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5) */
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
export function layerNorm(...args: unknown[]): Tensor {
  const [input, shape, weight = null, bias = null, eps = 1e-5] = bindArgs("layer_norm", ["input", "normalizedShape", "weight", "bias", "eps"], args);
  return new Tensor(call(LAYER_NORM_OP, t("layer_norm", input, "input"), shapeArg("layer_norm", shape, "normalized_shape"),
    optT("layer_norm", weight, "weight"), optT("layer_norm", bias, "bias"), num("layer_norm", eps, "eps"), true));
}

/** F.rmsNorm(input, normalizedShape, weight = null, eps = null): eps null means torch.finfo(input.dtype).eps. */
export function rmsNorm(...args: unknown[]): Tensor {
  const [input, shape, weight = null, eps = null] = bindArgs("rms_norm", ["input", "normalizedShape", "weight", "eps"], args);
  return new Tensor(call(RMS_NORM_OP, t("rms_norm", input, "input"), shapeArg("rms_norm", shape, "normalized_shape"),
    optT("rms_norm", weight, "weight"), eps === null ? null : num("rms_norm", eps, "eps")));
}

/** F.groupNorm(input, numGroups, weight = null, bias = null, eps = 1e-5) */
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
export function dropout(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("dropout", args, true);
  return dropoutOp("dropout", x, p, training, inplace);
}
/** F.alphaDropout(input, p = 0.5, training = false, inplace = false): keeps the mean and variance of SELU activations. */
export function alphaDropout(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("alpha_dropout", args, false);
  return dropoutOp("alpha_dropout", x, p, training, inplace);
}
/** F.featureAlphaDropout(input, p = 0.5, training = false, inplace = false): alpha dropout of whole channels. */
export function featureAlphaDropout(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("feature_alpha_dropout", args, false);
  return dropoutOp("feature_alpha_dropout", x, p, training, inplace);
}
/** F.dropout1d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of (N, C, L) or (C, L) inputs. */
export function dropout1d(...args: unknown[]): Tensor {
  const [x, p, training, inplace] = dropoutArgs("dropout1d", args, true);
  const d = x.dim();
  if (d !== 2 && d !== 3)
    throw new Error(`dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 ` +
      "spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).");
  return featureDropout(x, p, training, inplace, d === 3);
}
/** F.dropout2d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of (N, C, H, W) or (C, H, W) inputs. */
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
export function bilinear(...args: unknown[]): Tensor {
  const [a, b, weight, bias = null] = bindArgs("bilinear", ["input1", "input2", "weight", "bias"], args);
  return new Tensor(call(BILINEAR_OP, t("bilinear", a, "input1"), t("bilinear", b, "input2"), t("bilinear", weight, "weight"), optT("bilinear", bias, "bias")));
}
/** F.cosineSimilarity(x1, x2, dim = 1, eps = 1e-8) */
export function cosineSimilarity(...args: unknown[]): Tensor {
  const [a, b, dim = 1, eps = 1e-8] = bindArgs("cosine_similarity", ["x1", "x2", "dim", "eps"], args);
  return new Tensor(call(COSINE_OP, t("cosine_similarity", a, "x1"), t("cosine_similarity", b, "x2"),
    checkIntArg("cosine_similarity", dim, "dim"), num("cosine_similarity", eps, "eps")));
}
/** F.pairwiseDistance(x1, x2, p = 2.0, eps = 1e-6, keepdim = false) */
export function pairwiseDistance(...args: unknown[]): Tensor {
  const [a, b, p = 2.0, eps = 1e-6, keepdim = false] = bindArgs("pairwise_distance", ["x1", "x2", "p", "eps", "keepdim"], args);
  return new Tensor(call(PAIRWISE_OP, t("pairwise_distance", a, "x1"), t("pairwise_distance", b, "x2"),
    num("pairwise_distance", p, "p"), num("pairwise_distance", eps, "eps"), bool("pairwise_distance", keepdim, "keepdim")));
}
/** F.normalize(input, p = 2.0, dim = 1, eps = 1e-12): input / max(||input||_p, eps) along dim. */
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
