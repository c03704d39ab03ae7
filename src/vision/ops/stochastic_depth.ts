// torchvision.ops.stochastic_depth: randomly drops residual branches ("Deep Networks with Stochastic
// Depth", https://arxiv.org/abs/1603.09382). The noise is drawn as torchvision draws it
// (torch.empty(size).bernoulli_(1 - p) from the default generator), so a seed gives Python's drops.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { bind } from "../../args";
import { describe } from "../../device";
import { pyFloat } from "../../nn/repr";

function checkArgs(fn: string, p: unknown, mode: unknown): [number, "batch" | "row"] {
  if (typeof p !== "number") throw new TypeError(`${fn}(): argument 'p' must be float, not ${describe(p)}`);
  if (p < 0.0 || p > 1.0 || Number.isNaN(p)) throw new RangeError(`drop probability has to be between 0 and 1, but got ${pyNum(p)}`);
  if (mode !== "batch" && mode !== "row") throw new RangeError(`mode has to be either 'batch' or 'row', but got ${String(mode)}`);
  return [p, mode];
}
const pyNum = (x: number) => (Number.isInteger(x) ? String(x) : pyFloat(x));

/**
 * stochasticDepth(input, p, mode, training = true): in training, zeroes the whole input ("batch") or
 * randomly selected rows of the batch ("row") with probability p and scales the rest by 1 / (1 - p).
 */
export function stochasticDepth(input: Tensor, p: number | { p: number; mode: string; training?: boolean }, mode?: string | { mode?: string; training?: boolean },
  training?: boolean | { training?: boolean }): Tensor;
export function stochasticDepth(...args: unknown[]): Tensor {
  const [input, p0, mode0, training = true] = bind("stochastic_depth", ["input", "p", "mode", "training"], args);
  if (!(input instanceof Tensor)) throw new TypeError(`stochastic_depth(): argument 'input' must be Tensor, not ${describe(input)}`);
  const [p, mode] = checkArgs("stochastic_depth", p0, mode0);
  if (typeof training !== "boolean") throw new TypeError(`stochastic_depth(): argument 'training' must be bool, not ${describe(training)}`);
  if (!training || p === 0.0) return input;
  if (mode === "row" && input.dim() === 0)
    throw new RangeError("stochastic_depth(): mode 'row' needs an input with a batch dimension, got a 0-d tensor");
  const survivalRate = 1.0 - p;
  const size = mode === "row" ? [input.shape[0], ...new Array<number>(input.dim() - 1).fill(1)] : new Array<number>(input.dim()).fill(1);
  const noise = torch.empty(size, { dtype: input.dtype, device: input.device }).bernoulli_(survivalRate);
  if (survivalRate > 0.0) noise.div_(survivalRate);
  return input.mul(noise);
}

/** StochasticDepth(p, mode): the module form of stochasticDepth (applied in training mode only). */
export class StochasticDepth extends Module {
  declare p: number;
  declare mode: "batch" | "row";
  constructor(p: number | { p: number; mode: string }, mode?: string | { mode?: string });
  constructor(...args: unknown[]) {
    super();
    const [p0, mode0] = bind("StochasticDepth", ["p", "mode"], args);
    [this.p, this.mode] = checkArgs("StochasticDepth", p0, mode0);
  }
  forward(input: Tensor): Tensor {
    return stochasticDepth(input, this.p, this.mode, this.training);
  }
  toString(): string {
    return `${this.constructor.name}(p=${pyFloat(this.p)}, mode=${this.mode})`;
  }
}
