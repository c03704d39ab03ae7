// Activation functionals of torch.nn.functional (issue #5, activations), as
// Python's F: the same parameters, positional in Python's order or in one
// trailing options object with camelCase keys, Python's defaults, and the
// error messages Python's argument parser gives. Each is one aten call; the
// in-place forms (relu_, F.elu(x, { inplace: true }), ...) change `input` and
// return that same Tensor object.
import { native } from "../native";
import { opId } from "../dispatch";
import { Tensor } from "../tensor";
import { describe } from "../device";
import { bind, isOptions, dtypeArg } from "../args";
import { Generator } from "../random";
import { warnOnce } from "./_util";
import { emptyLike, zerosLike } from "../creation";

const call = native.callOp;
const RELU = opId("relu"), RELU_ = opId("relu_"), RELU6 = opId("relu6"), RELU6_ = opId("relu6_");
const LEAKY = opId("leaky_relu"), LEAKY_ = opId("leaky_relu_"), PRELU = opId("prelu");
const ELU = opId("elu"), ELU_ = opId("elu_"), SELU = opId("selu"), SELU_ = opId("selu_"), CELU = opId("celu"), CELU_ = opId("celu_");
const GELU = opId("gelu"), SILU = opId("silu"), SILU_ = opId("silu_"), MISH = opId("mish"), MISH_ = opId("mish_");
const HARDTANH = opId("hardtanh"), HARDTANH_ = opId("hardtanh_"), HARDSWISH = opId("hardswish"), HARDSWISH_ = opId("hardswish_");
const HARDSIGMOID = opId("hardsigmoid"), HARDSIGMOID_ = opId("hardsigmoid_"), SOFTPLUS = opId("softplus");
const SOFTMAX = opId("softmax", "int"), LOG_SOFTMAX = opId("log_softmax", "int"), GLU = opId("glu"), LOGSIGMOID = opId("log_sigmoid");
const THRESHOLD = opId("threshold"), THRESHOLD_ = opId("threshold_"), SOFTSHRINK = opId("softshrink"), HARDSHRINK = opId("hardshrink");
const RRELU = opId("rrelu"), RRELU_ = opId("rrelu_"), SIGMOID = opId("sigmoid"), TANH = opId("tanh");
const SDPA = opId("scaled_dot_product_attention");

// ---------------------------------------------------------------- argument checks (Python's parser messages)

/** Binds like args.bind and also returns how many arguments were given positionally. */
function bindN(fn: string, names: readonly string[], args: readonly unknown[]): [unknown[], number] {
  const n = args.length > 0 && isOptions(args[args.length - 1]) ? args.length - 1 : args.length;
  return [bind(fn, names, args), n];
}
/** " (position i)" when the argument at index `i` (0-based, input = 0) came positionally (n = positional count), else "". */
function at(i: number, n: number): string {
  return i < n ? ` (position ${i + 1})` : "";
}
function tensorArg(fn: string, v: unknown, what: string, pos: string): Tensor {
  if (v instanceof Tensor) return v;
  throw new TypeError(`${fn}(): argument '${what}'${pos} must be Tensor, not ${describe(v)}`);
}
function input(fn: string, v: unknown, n: number): Tensor {
  if (v === undefined) throw new TypeError(`${fn}() missing 1 required positional argument: 'input'`);
  return tensorArg(fn, v, "input", at(0, n));
}
/** Python's Number (int, float, bool). */
function scalar(fn: string, v: unknown, what: string, pos: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new TypeError(`${fn}(): argument '${what}'${pos} must be Number, not ${describe(v)}`);
}
function int(fn: string, v: unknown, what: string, pos: string): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${fn}(): argument '${what}'${pos} must be int, not ${describe(v)}`);
}
function boolean(fn: string, v: unknown, what: string, pos: string): boolean {
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}'${pos} must be bool, not ${describe(v)}`);
}
function required(fn: string, vals: unknown[], names: string[]): void {
  const missing = names.filter((_, i) => vals[i] === undefined);
  if (missing.length === 0) return;
  const list = missing.length === 1 ? `'${missing[0]}'` : `${missing.slice(0, -1).map((m) => `'${m}'`).join(", ")} and '${missing[missing.length - 1]}'`;
  throw new TypeError(`${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${list}`);
}
function run(id: number, ...a: unknown[]): Tensor {
  return new Tensor(call(id, ...a));
}
/** Runs the in-place op and returns `x` itself (Python returns the same tensor object). */
function runInplace(x: Tensor, id: number, ...a: unknown[]): Tensor {
  call(id, x._h, ...a);
  return x;
}

// ---------------------------------------------------------------- unary activations with an inplace flag

type Unary = { (input: Tensor, inplace?: boolean): Tensor; (input: Tensor, options: { inplace?: boolean }): Tensor };
function unary(fn: string, op: number, op_: number): Unary {
  return ((...args: unknown[]) => {
    const [[x0, inplace = false], n] = bindN(fn, ["input", "inplace"], args);
    const x = input(fn, x0, n);
    return inplace ? runInplace(x, op_) : run(op, x._h);
  }) as Unary;
}
/** F.relu(input, inplace = false) */
export const relu: Unary = unary("relu", RELU, RELU_);
/** F.relu6(input, inplace = false): min(max(0, x), 6) */
export const relu6: Unary = unary("relu6", RELU6, RELU6_);
/** F.selu(input, inplace = false) */
export const selu: Unary = unary("selu", SELU, SELU_);
/** F.silu(input, inplace = false): x * sigmoid(x) */
export const silu: Unary = unary("silu", SILU, SILU_);
/** F.mish(input, inplace = false): x * tanh(softplus(x)) */
export const mish: Unary = unary("mish", MISH, MISH_);
/** F.hardswish(input, inplace = false) */
export const hardswish: Unary = unary("hardswish", HARDSWISH, HARDSWISH_);
/** F.hardsigmoid(input, inplace = false) */
export const hardsigmoid: Unary = unary("hardsigmoid", HARDSIGMOID, HARDSIGMOID_);

function unaryInplace(fn: string, op_: number): (input: Tensor) => Tensor {
  return (...args: unknown[]) => {
    const [[x0], n] = bindN(fn, ["input"], args);
    return runInplace(input(fn, x0, n), op_);
  };
}
/** F.relu_(input): in place, returns input. */
export const relu_ = unaryInplace("relu_", RELU_);
/** F.selu_(input): in place, returns input. */
export const selu_ = unaryInplace("selu_", SELU_);

// ---------------------------------------------------------------- parameterized activations

/** F.leakyRelu(input, negativeSlope = 0.01, inplace = false) */
export function leakyRelu(input: Tensor, negativeSlope?: number, inplace?: boolean): Tensor;
export function leakyRelu(input: Tensor, options: { negativeSlope?: number; inplace?: boolean }): Tensor;
export function leakyRelu(input: Tensor, negativeSlope: number, options: { inplace?: boolean }): Tensor;
export function leakyRelu(...args: unknown[]): Tensor {
  const [[x0, slope = 0.01, inplace = false], n] = bindN("leaky_relu", ["input", "negativeSlope", "inplace"], args);
  const x = input("leaky_relu", x0, n);
  const fn = inplace ? "leaky_relu_" : "leaky_relu";
  const s = scalar(fn, slope, "negative_slope", " (position 2)");
  return inplace ? runInplace(x, LEAKY_, s) : run(LEAKY, x._h, s);
}
/** F.leakyRelu_(input, negativeSlope = 0.01): in place, returns input. */
export function leakyRelu_(input: Tensor, negativeSlope?: number | { negativeSlope?: number }): Tensor;
export function leakyRelu_(...args: unknown[]): Tensor {
  const [[x0, slope = 0.01], n] = bindN("leaky_relu_", ["input", "negativeSlope"], args);
  return runInplace(input("leaky_relu_", x0, n), LEAKY_, scalar("leaky_relu_", slope, "negative_slope", at(1, n)));
}

/** F.prelu(input, weight): max(0, x) + weight * min(0, x), weight per channel (dim 1) or a single value. */
export function prelu(input: Tensor, weight: Tensor): Tensor;
export function prelu(input: Tensor, options: { weight: Tensor }): Tensor;
export function prelu(...args: unknown[]): Tensor {
  const [[x0, w], n] = bindN("prelu", ["input", "weight"], args);
  const x = input("prelu", x0, n);
  if (w === undefined) throw new TypeError("prelu() missing 1 required positional argument: 'weight'");
  return run(PRELU, x._h, tensorArg("prelu", w, "weight", at(1, n))._h);
}

type AlphaFn = {
  (input: Tensor, alpha?: number, inplace?: boolean): Tensor;
  (input: Tensor, options: { alpha?: number; inplace?: boolean }): Tensor;
  (input: Tensor, alpha: number, options: { inplace?: boolean }): Tensor;
};
/** F.elu(input, alpha = 1.0, inplace = false) */
export const elu: AlphaFn = ((...args: unknown[]) => {
  const [[x0, alpha = 1.0, inplace = false], n] = bindN("elu", ["input", "alpha", "inplace"], args);
  const x = input("elu", x0, n);
  const a = scalar(inplace ? "elu_" : "elu", alpha, "alpha", " (position 2)");
  return inplace ? runInplace(x, ELU_, a, 1, 1) : run(ELU, x._h, a, 1, 1);
}) as AlphaFn;
/** F.elu_(input, alpha = 1.0): in place, returns input. */
export function elu_(input: Tensor, alpha?: number | { alpha?: number }): Tensor;
export function elu_(...args: unknown[]): Tensor {
  const [[x0, alpha = 1.0], n] = bindN("elu_", ["input", "alpha"], args);
  return runInplace(input("elu_", x0, n), ELU_, scalar("elu_", alpha, "alpha", at(1, n)), 1, 1);
}
/** F.celu(input, alpha = 1.0, inplace = false): max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) */
export const celu: AlphaFn = ((...args: unknown[]) => {
  const [[x0, alpha = 1.0, inplace = false], n] = bindN("celu", ["input", "alpha", "inplace"], args);
  const x = input("celu", x0, n);
  const a = scalar(inplace ? "celu_" : "celu", alpha, "alpha", " (position 2)");
  return inplace ? runInplace(x, CELU_, a) : run(CELU, x._h, a);
}) as AlphaFn;
/** F.celu_(input, alpha = 1.0): in place, returns input. */
export function celu_(input: Tensor, alpha?: number | { alpha?: number }): Tensor;
export function celu_(...args: unknown[]): Tensor {
  const [[x0, alpha = 1.0], n] = bindN("celu_", ["input", "alpha"], args);
  return runInplace(input("celu_", x0, n), CELU_, scalar("celu_", alpha, "alpha", at(1, n)));
}

/** F.gelu(input, approximate = "none"): x * Phi(x), or the tanh approximation with approximate = "tanh". */
export function gelu(input: Tensor, approximate?: "none" | "tanh" | { approximate?: "none" | "tanh" }): Tensor;
export function gelu(...args: unknown[]): Tensor {
  const [[x0, approximate = "none"], n] = bindN("gelu", ["input", "approximate"], args);
  const x = input("gelu", x0, n);
  if (typeof approximate !== "string") throw new TypeError(`gelu(): argument 'approximate'${at(1, n)} must be str, not ${describe(approximate)}`);
  return run(GELU, x._h, approximate);
}

/** F.hardtanh(input, minVal = -1.0, maxVal = 1.0, inplace = false): clamps to [minVal, maxVal]. */
export function hardtanh(input: Tensor, minVal?: number, maxVal?: number, inplace?: boolean): Tensor;
export function hardtanh(input: Tensor, options: { minVal?: number; maxVal?: number; inplace?: boolean }): Tensor;
export function hardtanh(input: Tensor, minVal: number, maxVal: number, options: { inplace?: boolean }): Tensor;
export function hardtanh(...args: unknown[]): Tensor {
  const [[x0, lo = -1.0, hi = 1.0, inplace = false], n] = bindN("hardtanh", ["input", "minVal", "maxVal", "inplace"], args);
  const x = input("hardtanh", x0, n);
  const fn = inplace ? "hardtanh_" : "hardtanh";
  const a = scalar(fn, lo, "min_val", " (position 2)"), b = scalar(fn, hi, "max_val", " (position 3)");
  if (a > b) throw new RangeError("min_val cannot be greater than max_val");
  return inplace ? runInplace(x, HARDTANH_, a, b) : run(HARDTANH, x._h, a, b);
}
/** F.hardtanh_(input, minVal = -1.0, maxVal = 1.0): in place, returns input. */
export function hardtanh_(input: Tensor, minVal?: number, maxVal?: number): Tensor;
export function hardtanh_(input: Tensor, options: { minVal?: number; maxVal?: number }): Tensor;
export function hardtanh_(...args: unknown[]): Tensor {
  const [[x0, lo = -1.0, hi = 1.0], n] = bindN("hardtanh_", ["input", "minVal", "maxVal"], args);
  const x = input("hardtanh_", x0, n);
  return runInplace(x, HARDTANH_, scalar("hardtanh_", lo, "min_val", at(1, n)), scalar("hardtanh_", hi, "max_val", at(2, n)));
}

/** F.softplus(input, beta = 1.0, threshold = 20.0): log(1 + exp(beta * x)) / beta, linear where beta * x > threshold. */
export function softplus(input: Tensor, beta?: number, threshold?: number): Tensor;
export function softplus(input: Tensor, options: { beta?: number; threshold?: number }): Tensor;
export function softplus(input: Tensor, beta: number, options: { threshold?: number }): Tensor;
export function softplus(...args: unknown[]): Tensor {
  const [[x0, beta = 1.0, threshold = 20.0], n] = bindN("softplus", ["input", "beta", "threshold"], args);
  const x = input("softplus", x0, n);
  return run(SOFTPLUS, x._h, scalar("softplus", beta, "beta", at(1, n)), scalar("softplus", threshold, "threshold", at(2, n)));
}

/** F.threshold(input, threshold, value, inplace = false): x where x > threshold, else value. */
export function threshold(input: Tensor, threshold: number, value: number, inplace?: boolean): Tensor;
export function threshold(input: Tensor, options: { threshold: number; value: number; inplace?: boolean }): Tensor;
export function threshold(input: Tensor, threshold: number, value: number, options: { inplace?: boolean }): Tensor;
export function threshold(...args: unknown[]): Tensor {
  const [vals, n] = bindN("_threshold", ["input", "threshold", "value", "inplace"], args);
  required("_threshold", vals, ["input", "threshold", "value"]);
  const [x0, th, value, inplace = false] = vals;
  const x = input("threshold", x0, n);
  const fn = inplace ? "threshold_" : "threshold";
  const t = scalar(fn, th, "threshold", " (position 2)"), v = scalar(fn, value, "value", " (position 3)");
  return inplace ? runInplace(x, THRESHOLD_, t, v) : run(THRESHOLD, x._h, t, v);
}
/** F.threshold_(input, threshold, value): in place, returns input. */
export function threshold_(input: Tensor, threshold: number, value: number): Tensor;
export function threshold_(input: Tensor, options: { threshold: number; value: number }): Tensor;
export function threshold_(...args: unknown[]): Tensor {
  const [vals, n] = bindN("threshold_", ["input", "threshold", "value"], args);
  required("threshold_", vals, ["input", "threshold", "value"]);
  const x = input("threshold_", vals[0], n);
  return runInplace(x, THRESHOLD_, scalar("threshold_", vals[1], "threshold", at(1, n)), scalar("threshold_", vals[2], "value", at(2, n)));
}

type Shrink = (input: Tensor, lambd?: number | { lambd?: number }) => Tensor;
function shrink(fn: string, op: number): Shrink {
  return (...args: unknown[]) => {
    const [[x0, lambd = 0.5], n] = bindN(fn, ["input", "lambd"], args);
    const x = input(fn, x0, n);
    return run(op, x._h, scalar(fn, lambd, "lambd", at(1, n)));
  };
}
/** F.softshrink(input, lambd = 0.5): x - lambd above lambd, x + lambd below -lambd, else 0. */
export const softshrink: Shrink = shrink("softshrink", SOFTSHRINK);
/** F.hardshrink(input, lambd = 0.5): x where |x| > lambd, else 0. */
export const hardshrink: Shrink = shrink("hardshrink", HARDSHRINK);

/**
 * F.rrelu(input, lower = 1/8, upper = 1/3, training = false, inplace = false): leaky ReLU whose negative slope is
 * drawn uniformly from [lower, upper] per element in training (the same draws as Python for the same seed), and is
 * (lower + upper) / 2 otherwise.
 */
export function rrelu(input: Tensor, lower?: number, upper?: number, training?: boolean, inplace?: boolean): Tensor;
export function rrelu(input: Tensor, options: { lower?: number; upper?: number; training?: boolean; inplace?: boolean }): Tensor;
export function rrelu(input: Tensor, lower: number, upper: number, options: { training?: boolean; inplace?: boolean }): Tensor;
export function rrelu(...args: unknown[]): Tensor {
  const [[x0, lower = 1 / 8, upper = 1 / 3, training = false, inplace = false], n] =
    bindN("rrelu", ["input", "lower", "upper", "training", "inplace"], args);
  const x = input("rrelu", x0, n);
  const fn = inplace ? "rrelu_" : "rrelu";
  const lo = scalar(fn, lower, "lower", " (position 2)"), hi = scalar(fn, upper, "upper", " (position 3)");
  const tr = boolean(fn, training, "training", " (position 4)");
  return inplace ? runInplace(x, RRELU_, lo, hi, tr, null) : run(RRELU, x._h, lo, hi, tr, null);
}
/** F.rrelu_(input, lower = 1/8, upper = 1/3, training = false, { generator }): in place, returns input. */
export function rrelu_(input: Tensor, lower?: number, upper?: number, training?: boolean, options?: { generator?: Generator | null }): Tensor;
export function rrelu_(input: Tensor, options: { lower?: number; upper?: number; training?: boolean; generator?: Generator | null }): Tensor;
export function rrelu_(...args: unknown[]): Tensor {
  const [[x0, lower = 1 / 8, upper = 1 / 3, training = false, generator = null], n] =
    bindN("rrelu_", ["input", "lower", "upper", "training", "generator"], args);
  const x = input("rrelu_", x0, n);
  if (generator !== null && !(generator instanceof Generator))
    throw new TypeError(`rrelu_(): argument 'generator'${at(4, n)} must be torch.Generator, not ${describe(generator)}`);
  return runInplace(x, RRELU_, scalar("rrelu_", lower, "lower", at(1, n)), scalar("rrelu_", upper, "upper", at(2, n)),
    boolean("rrelu_", training, "training", at(3, n)), generator === null ? null : (generator as Generator)._g);
}

/** F.glu(input, dim = -1): a * sigmoid(b), a and b the halves of input along dim. */
export function glu(input: Tensor, dim?: number | { dim?: number }): Tensor;
export function glu(...args: unknown[]): Tensor {
  const [[x0, dim = -1], n] = bindN("glu", ["input", "dim"], args);
  const x = input("glu", x0, n);
  if (x.dim() === 0) throw new Error("glu does not support scalars because halving size must be even");
  return run(GLU, x._h, int("glu", dim, "dim", " (position 2)"));
}

// ---------------------------------------------------------------- no-parameter functions

function plain(fn: string, f: (x: Tensor) => Tensor): (input: Tensor) => Tensor {
  return (...args: unknown[]) => {
    const [[x0], n] = bindN(fn, ["input"], args);
    return f(input(fn, x0, n));
  };
}
/** F.logsigmoid(input): log(1 / (1 + exp(-x))) */
export const logsigmoid = plain("log_sigmoid", (x) => run(LOGSIGMOID, x._h));
/** F.tanhshrink(input): x - tanh(x) */
export const tanhshrink = plain("tanhshrink", (x) => x.sub(x.tanh()));
/** F.softsign(input): x / (1 + |x|) */
export const softsign = plain("softsign", (x) => x.div(x.abs().add(1)));
/** F.sigmoid(input) */
export const sigmoid = plain("sigmoid", (x) => run(SIGMOID, x._h));
/** F.tanh(input) */
export const tanh = plain("tanh", (x) => run(TANH, x._h));

// ---------------------------------------------------------------- softmax family

/** Python's _get_softmax_dim: the deprecated implicit dim (0 for 0-, 1- and 3-d inputs, else 1), with its UserWarning. */
function implicitDim(name: string, ndim: number): number {
  warnOnce(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
type SoftmaxOpts = { dim?: number | null; _stacklevel?: number; dtype?: import("../dtype").dtype | null };
type SoftmaxFn = {
  (input: Tensor, dim?: number | null, _stacklevel?: number, dtype?: import("../dtype").dtype | null): Tensor;
  (input: Tensor, options: SoftmaxOpts): Tensor;
  (input: Tensor, dim: number | null, options: SoftmaxOpts): Tensor;
};
function softmaxFamily(name: string, method: string, op: number, negate: boolean): SoftmaxFn {
  return ((...args: unknown[]) => {
    const [[x0, dim = null, , dtype = null], n] = bindN(name, ["input", "dim", "_stacklevel", "dtype"], args);
    let x = input(name, x0, n);
    const d = dim === null ? implicitDim(name, x.dim()) : int(method, dim, "dim", " (position 1)");
    const code = dtypeArg(method, dtype);
    if (negate) x = x.neg();
    return run(op, x._h, d, code);
  }) as SoftmaxFn;
}
/** F.softmax(input, dim = null, _stacklevel = 3, dtype = null): dim null picks Python's deprecated implicit dim (with its warning). */
export const softmax: SoftmaxFn = softmaxFamily("softmax", "softmax", SOFTMAX, false);
/** F.softmin(input, dim = null, _stacklevel = 3, dtype = null): softmax(-input). */
export const softmin: SoftmaxFn = softmaxFamily("softmin", "softmax", SOFTMAX, true);
/** F.logSoftmax(input, dim = null, _stacklevel = 3, dtype = null) */
export const logSoftmax: SoftmaxFn = softmaxFamily("log_softmax", "log_softmax", LOG_SOFTMAX, false);

/**
 * F.gumbelSoftmax(logits, tau = 1, hard = false, eps = 1e-10, dim = -1): softmax((logits + Gumbel noise) / tau), the noise
 * drawn as Python draws it (-log(Exponential(1))); hard = true returns one-hot samples with the soft sample's gradient.
 */
export function gumbelSoftmax(logits: Tensor, tau?: number, hard?: boolean, eps?: number, dim?: number): Tensor;
export function gumbelSoftmax(logits: Tensor, options: { tau?: number; hard?: boolean; eps?: number; dim?: number }): Tensor;
export function gumbelSoftmax(logits: Tensor, tau: number, options: { hard?: boolean; eps?: number; dim?: number }): Tensor;
export function gumbelSoftmax(...args: unknown[]): Tensor {
  const fn = "gumbel_softmax";
  const [[l0, tau = 1, hard = false, eps = 1e-10, dim = -1], n] = bindN(fn, ["logits", "tau", "hard", "eps", "dim"], args);
  if (l0 === undefined) throw new TypeError(`${fn}() missing 1 required positional argument: 'logits'`);
  const logits = tensorArg(fn, l0, "logits", at(0, n));
  if (eps !== 1e-10) warnOnce("`eps` parameter is deprecated and has no effect.");
  const d = int("softmax", dim, "dim", " (position 1)");
  const gumbels = emptyLike(logits).exponential_().log().neg();
  const ySoft = logits.add(gumbels).div(scalar(fn, tau, "tau", at(1, n))).softmax(d);
  if (!hard) return ySoft;
  const index = ySoft.max(d, true).indices;
  return zerosLike(logits).scatter_(d, index, 1.0).sub(ySoft.detach()).add(ySoft);
}

// ---------------------------------------------------------------- attention

/**
 * F.scaledDotProductAttention(query, key, value, attnMask = null, dropoutP = 0.0, isCausal = false, scale = null,
 * enableGqa = false): softmax(q k^T * scale + mask) v through aten::scaled_dot_product_attention (the same kernels
 * Python picks, dropout draws included).
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, attnMask?: Tensor | null, dropoutP?: number,
  isCausal?: boolean, scale?: number | null, enableGqa?: boolean): Tensor;
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor,
  options: { attnMask?: Tensor | null; dropoutP?: number; isCausal?: boolean; scale?: number | null; enableGqa?: boolean }): Tensor;
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, attnMask: Tensor | null,
  options: { dropoutP?: number; isCausal?: boolean; scale?: number | null; enableGqa?: boolean }): Tensor;
export function scaledDotProductAttention(...args: unknown[]): Tensor {
  const fn = "scaled_dot_product_attention";
  const [vals, n] = bindN(fn, ["query", "key", "value", "attnMask", "dropoutP", "isCausal", "scale", "enableGqa"], args);
  required(fn, vals, ["query", "key", "value"]);
  const [q, k, v, mask = null, p = 0.0, causal = false, scale = null, gqa = false] = vals;
  const qt = tensorArg(fn, q, "query", at(0, n)), kt = tensorArg(fn, k, "key", at(1, n)), vt = tensorArg(fn, v, "value", at(2, n));
  const m = mask === null ? null : tensorArg(fn, mask, "attn_mask", at(3, n))._h;
  if (typeof p !== "number") throw new TypeError(`${fn}(): argument 'dropout_p'${at(4, n)} must be float, not ${describe(p)}`);
  const s = scale === null ? null : (() => {
    if (typeof scale !== "number") throw new TypeError(`${fn}(): argument 'scale' must be float, not ${describe(scale)}`);
    return scale;
  })();
  return run(SDPA, qt._h, kt._h, vt._h, m, p, boolean(fn, causal, "is_causal", at(5, n)), s, boolean(fn, gqa, "enable_gqa", ""));
}
