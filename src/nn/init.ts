// nn.init: in-place initialisers, with Python's formulas and the same random
// draws (so a layer built after manualSeed has Python's exact parameters).
import { Tensor } from "../tensor";
import { noGrad } from "../grad_mode";
import { Generator } from "../random";
import { bind } from "../args";
import { describe } from "../device";
import { warnOnce } from "./_util";
import { emptyLike, randperm, tensor as tensorFrom } from "../creation";
import { native } from "../native";
import { opId } from "../dispatch";

export function calculateGain(nonlinearity: string, param?: number | null): number {
  const linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    if (param !== undefined && param !== null && typeof param !== "number") throw new RangeError(`negative_slope ${String(param)} not a valid number`);
    const slope = param === undefined || param === null ? 0.01 : param;
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new RangeError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** [fanIn, fanOut] of a weight (Python's _calculate_fan_in_and_fan_out). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  const s = t.shape;
  if (s.length < 2) throw new RangeError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptive = s.slice(2).reduce((a, b) => a * b, 1);
  return [s[1] * receptive, s[0] * receptive];
}

type Gen = { generator?: Generator | null };
/** Each initialiser takes Python's parameters positionally or in one trailing options object (camelCase). */
type InitArg = number | string | Generator | null | undefined | Record<string, unknown>;

function args(fn: string, names: readonly string[], a: readonly unknown[]): unknown[] {
  return bind(fn, names, a);
}
function genOf(fn: string, g: unknown): Generator | undefined {
  if (g === undefined || g === null) return undefined;
  if (g instanceof Generator) return g;
  throw new TypeError(`${fn}(): argument 'generator' must be torch.Generator, not ${describe(g)}`);
}
function numOf(fn: string, v: unknown, what: string, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "number") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be float, not ${describe(v)}`);
}
function tensorOf(fn: string, t: unknown): Tensor {
  if (t instanceof Tensor) return t;
  throw new TypeError(`${fn}(): argument 'tensor' must be Tensor, not ${describe(t)}`);
}

/** uniform_(tensor, a = 0, b = 1, generator?): U(a, b) in place; returns tensor. */
export function uniform_(tensor: Tensor, ...rest: InitArg[]): Tensor {
  const [a, b, g] = args("uniform_", ["a", "b", "generator"], rest);
  const t = tensorOf("uniform_", tensor);
  return noGrad(() => t.uniform_(numOf("uniform_", a, "a", 0), numOf("uniform_", b, "b", 1), { generator: genOf("uniform_", g) }));
}
/** normal_(tensor, mean = 0, std = 1, generator?): N(mean, std^2) in place; returns tensor. */
export function normal_(tensor: Tensor, ...rest: InitArg[]): Tensor {
  const [mean, std, g] = args("normal_", ["mean", "std", "generator"], rest);
  const t = tensorOf("normal_", tensor);
  return noGrad(() => t.normal_(numOf("normal_", mean, "mean", 0), numOf("normal_", std, "std", 1), { generator: genOf("normal_", g) }));
}
export function constant_(t: Tensor, val: number): Tensor {
  return noGrad(() => t.fill_(val));
}
export function zeros_(t: Tensor): Tensor {
  return noGrad(() => t.zero_());
}
export function ones_(t: Tensor): Tensor {
  return noGrad(() => t.fill_(1));
}

function fan(t: Tensor, mode0: string): number {
  const mode = String(mode0).toLowerCase();
  if (mode !== "fan_in" && mode !== "fan_out") throw new RangeError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return mode === "fan_in" ? fanIn : fanOut;
}
/** kaimingUniform_(t, a = 0, mode = "fan_in", nonlinearity = "leaky_relu", { generator }) */
export function kaimingUniform_(t: Tensor, ...rest: InitArg[]): Tensor {
  const [a0, mode0, nl0, g] = args("kaiming_uniform_", ["a", "mode", "nonlinearity", "generator"], rest);
  const a = numOf("kaiming_uniform_", a0, "a", 0), mode = (mode0 ?? "fan_in") as string, nonlinearity = (nl0 ?? "leaky_relu") as string;
  const opts: Gen = { generator: genOf("kaiming_uniform_", g) };
  if (t.shape.includes(0)) {
    warnOnce("Initializing zero-element tensors is a no-op");
    return t;
  }
  const std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound, opts);
}
export function kaimingNormal_(t: Tensor, ...rest: InitArg[]): Tensor {
  const [a0, mode0, nl0, g] = args("kaiming_normal_", ["a", "mode", "nonlinearity", "generator"], rest);
  const a = numOf("kaiming_normal_", a0, "a", 0), mode = (mode0 ?? "fan_in") as string, nonlinearity = (nl0 ?? "leaky_relu") as string;
  const opts: Gen = { generator: genOf("kaiming_normal_", g) };
  if (t.shape.includes(0)) {
    warnOnce("Initializing zero-element tensors is a no-op");
    return t;
  }
  const std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
  return normal_(t, 0, std, opts);
}
export function xavierUniform_(t: Tensor, ...rest: InitArg[]): Tensor {
  const [g0, g] = args("xavier_uniform_", ["gain", "generator"], rest);
  const gain = numOf("xavier_uniform_", g0, "gain", 1), opts: Gen = { generator: genOf("xavier_uniform_", g) };
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const a = Math.sqrt(3.0) * gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return uniform_(t, -a, a, opts);
}
export function xavierNormal_(t: Tensor, ...rest: InitArg[]): Tensor {
  const [g0, g] = args("xavier_normal_", ["gain", "generator"], rest);
  const gain = numOf("xavier_normal_", g0, "gain", 1), opts: Gen = { generator: genOf("xavier_normal_", g) };
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)), opts);
}

/**
 * The reset_parameters of Linear and the convolutions: weight kaiming_uniform_(a=sqrt(5)),
 * bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), in that order. With fan_in 0, Linear still draws
 * the bias from U(0, 0) and the convolutions skip it, as in Python.
 */
export function resetWeightAndBias(weight: Tensor, bias: Tensor | null, drawWhenFanInIsZero: boolean): void {
  kaimingUniform_(weight, Math.sqrt(5));
  if (bias !== null) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    if (fanIn > 0) uniform_(bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    else if (drawWhenFanInIsZero) uniform_(bias, 0, 0);
  }
}

// ------------------------------------------------------------------ more initialisers (nnloss)

/** truncNormal_(tensor, mean = 0, std = 1, a = -2, b = 2, generator?): Python's sampler, so the same draws for the same seed. */
export function truncNormal_(tensor: Tensor, ...rest: InitArg[]): Tensor {
  const fn = "trunc_normal_";
  const [m0, s0, a0, b0, g] = args(fn, ["mean", "std", "a", "b", "generator"], rest);
  const t = tensorOf(fn, tensor);
  const mean = numOf(fn, m0, "mean", 0), std = numOf(fn, s0, "std", 1), a = numOf(fn, a0, "a", -2), b = numOf(fn, b0, "b", 2);
  const generator = genOf(fn, g);
  const normCdf = (x: number) => (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
  if (mean < a - 2 * std || mean > b + 2 * std)
    warnOnce("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.");
  return noGrad(() => {
    const p = normCdf((b - mean) / std) - normCdf((a - mean) / std);
    if (p > 0.3) {
      // the bounds in the tensor's dtype, so the rejection mask agrees with its representable values
      const lo = tensorFrom(a, { dtype: t.dtype }).item() as number;
      const hi = tensorFrom(b, { dtype: t.dtype }).item() as number;
      let result: Tensor = t.normal_(mean, std, { generator });
      for (;;) {
        const mask = result.lt(lo).bitwiseOr(result.gt(hi));
        if (!mask.any().item()) break;
        result = emptyLike(result).normal_(mean, std, { generator }).where(mask, result);
      }
      if (result !== t) t.copy_(result);
    } else {
      const mode = Math.max(a, Math.min(mean, b));
      const logPeak = -0.5 * ((mode - mean) / std) ** 2;
      const candidates = emptyLike(t), acceptBuf = emptyLike(t);
      t.uniform_(a, b, { generator });
      candidates.copy_(t);
      candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
      let pending = acceptBuf.uniform_({ generator }).log_().gt(candidates);
      if (pending.any().item()) {
        let result: Tensor = t;
        for (;;) {
          candidates.uniform_(a, b, { generator });
          result = candidates.where(pending, result);
          candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
          pending = acceptBuf.uniform_({ generator }).log_().gt(candidates).where(pending, pending);
          if (!pending.any().item()) break;
        }
        t.copy_(result);
      }
    }
    return t;
  });
}

/** math.erf (Abramowitz-Stegun is not exact enough: this is the W. J. Cody rational approximation, ~1e-16). */
function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  // erf via the series for small |x| and the continued fraction of erfc for larger |x|
  if (ax < 2.5) {
    let sum = x, term = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Lentz continued fraction for erfc
  let f = ax, C = ax, D = 0;
  for (let n = 1; n < 300; n++) {
    const an = n / 2;
    D = ax + an * D;
    D = D === 0 ? 1e-300 : 1 / D;
    C = ax + an / C;
    if (C === 0) C = 1e-300;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  return Math.sign(x) * (1 - erfc);
}

/** eye_(tensor): the identity matrix in a 2-D tensor (Python's torch.eye(*shape, out=tensor)); returns tensor. */
export function eye_(tensor: Tensor): Tensor {
  const t = tensorOf("eye_", tensor);
  if (t.dim() !== 2) throw new RangeError("Only tensors with 2 dimensions are supported");
  return noGrad(() => t.zero_().fillDiagonal_(1));
}

/** dirac_(tensor, groups = 1): the Dirac delta of a 3-, 4- or 5-D convolution weight (identity per group); returns tensor. */
export function dirac_(tensor: Tensor, ...rest: InitArg[]): Tensor {
  const [g0] = args("dirac_", ["groups"], rest);
  const t = tensorOf("dirac_", tensor);
  const groups = g0 === undefined || g0 === null ? 1 : (g0 as number);
  const dims = t.dim();
  if (dims !== 3 && dims !== 4 && dims !== 5) throw new RangeError("Only tensors with 3, 4, or 5 dimensions are supported");
  const sizes = t.shape;
  if (sizes[0] % groups !== 0) throw new RangeError("dim 0 must be divisible by groups");
  const outPerGroup = Math.floor(sizes[0] / groups);
  const minDim = Math.min(outPerGroup, sizes[1]);
  return noGrad(() => {
    t.zero_();
    const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
    for (let g = 0; g < groups; g++) for (let d = 0; d < minDim; d++) t.indexPut_([g * outPerGroup + d, d, ...centre], 1);
    return t;
  });
}

const LINALG_QR = opId("linalg_qr");
/** orthogonal_(tensor, gain = 1, generator?): a (semi-)orthogonal matrix from the QR of a normal draw, as Python; returns tensor. */
export function orthogonal_(tensor: Tensor, ...rest: InitArg[]): Tensor {
  const fn = "orthogonal_";
  const [g0, g] = args(fn, ["gain", "generator"], rest);
  const t = tensorOf(fn, tensor);
  const gain = numOf(fn, g0, "gain", 1), generator = genOf(fn, g);
  if (t.dim() < 2) throw new RangeError("Only tensors with 2 or more dimensions are supported");
  if (t.numel() === 0) return t;
  const rows = t.size(0), cols = Math.floor(t.numel() / rows);
  const flat = new Tensor(native.callOp(NEW_EMPTY, t._h, [rows, cols], null, null, null, null)).normal_(0, 1, { generator });
  if (rows < cols) flat.t_();
  const [qh, rh] = native.callOp(LINALG_QR, flat._h, "reduced") as unknown[];
  let q = new Tensor(qh as never);
  const r = new Tensor(rh as never);
  const ph = r.diag(0).sign();
  q = q.mul_(ph);
  if (rows < cols) q.t_();
  return noGrad(() => {
    t.viewAs(q).copy_(q);
    t.mul_(gain);
    return t;
  });
}
const NEW_EMPTY = opId("new_empty");

/** sparse_(tensor, sparsity, std = 0.01, generator?): N(0, std) with ceil(sparsity * rows) zeros per column (rows from torch.randperm); returns tensor. */
export function sparse_(tensor: Tensor, ...rest: InitArg[]): Tensor {
  const fn = "sparse_";
  const [sp, s0, g] = args(fn, ["sparsity", "std", "generator"], rest);
  const t = tensorOf(fn, tensor);
  if (typeof sp !== "number") throw new TypeError(`sparse_() missing 1 required positional argument: 'sparsity'`);
  const std = numOf(fn, s0, "std", 0.01), generator = genOf(fn, g);
  if (t.dim() !== 2) throw new RangeError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = t.shape;
  const numZeros = Math.ceil(sp * rows);
  return noGrad(() => {
    t.normal_(0, std, { generator });
    for (let c = 0; c < cols; c++) {
      const rowIndices = randperm(rows);
      const zeroIndices = rowIndices.index(`:${numZeros}`);
      t.indexPut_([zeroIndices, c], 0);
    }
    return t;
  });
}

// Python's deprecated aliases without the trailing underscore (FutureWarning, once per name).
function deprecated<A extends unknown[]>(oldName: string, newName: string, fn: (...a: A) => Tensor): (...a: A) => Tensor {
  return (...a: A) => {
    warnOnce(`\`nn.init.${oldName}\` is now deprecated in favor of \`nn.init.${newName}\`.`, "FutureWarning");
    return fn(...a);
  };
}
/** @deprecated use uniform_ */ export const uniform = deprecated("uniform", "uniform_", uniform_);
/** @deprecated use normal_ */ export const normal = deprecated("normal", "normal_", normal_);
/** @deprecated use constant_ */ export const constant = deprecated("constant", "constant_", constant_);
/** @deprecated use eye_ */ export const eye = deprecated("eye", "eye_", eye_);
/** @deprecated use dirac_ */ export const dirac = deprecated("dirac", "dirac_", dirac_);
/** @deprecated use xavierUniform_ */ export const xavierUniform = deprecated("xavier_uniform", "xavier_uniform_", xavierUniform_);
/** @deprecated use xavierNormal_ */ export const xavierNormal = deprecated("xavier_normal", "xavier_normal_", xavierNormal_);
/** @deprecated use kaimingUniform_ */ export const kaimingUniform = deprecated("kaiming_uniform", "kaiming_uniform_", kaimingUniform_);
/** @deprecated use kaimingNormal_ */ export const kaimingNormal = deprecated("kaiming_normal", "kaiming_normal_", kaimingNormal_);
/** @deprecated use orthogonal_ */ export const orthogonal = deprecated("orthogonal", "orthogonal_", orthogonal_);
/** @deprecated use sparse_ */ export const sparse = deprecated("sparse", "sparse_", sparse_);
