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
