// nn.init: in-place initialisers, with Python's formulas and the same random
// draws (so a layer built after manualSeed has Python's exact parameters).
import { Tensor } from "../tensor";
import { noGrad } from "../grad_mode";
import { Generator } from "../random";

export function calculateGain(nonlinearity: string, param?: number): number {
  const linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    const slope = param === undefined ? 0.01 : param;
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

type Gen = { generator?: Generator };

export function uniform_(t: Tensor, a = 0, b = 1, opts: Gen = {}): Tensor {
  return noGrad(() => t.uniform_(a, b, { generator: opts.generator }));
}
export function normal_(t: Tensor, mean = 0, std = 1, opts: Gen = {}): Tensor {
  return noGrad(() => t.normal_(mean, std, { generator: opts.generator }));
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

function fan(t: Tensor, mode: string): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  if (mode === "fan_in") return fanIn;
  if (mode === "fan_out") return fanOut;
  throw new RangeError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
}
/** kaimingUniform_(t, a = 0, mode = "fan_in", nonlinearity = "leaky_relu", { generator }) */
export function kaimingUniform_(t: Tensor, a = 0, mode = "fan_in", nonlinearity = "leaky_relu", opts: Gen = {}): Tensor {
  if (t.shape.includes(0)) return t;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound, opts);
}
export function kaimingNormal_(t: Tensor, a = 0, mode = "fan_in", nonlinearity = "leaky_relu", opts: Gen = {}): Tensor {
  if (t.shape.includes(0)) return t;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
  return normal_(t, 0, std, opts);
}
export function xavierUniform_(t: Tensor, gain = 1, opts: Gen = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const a = Math.sqrt(3.0) * gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return uniform_(t, -a, a, opts);
}
export function xavierNormal_(t: Tensor, gain = 1, opts: Gen = {}): Tensor {
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
