// nn.PairwiseDistance, nn.CosineSimilarity (over F.pairwiseDistance / F.cosineSimilarity).
import { Module } from "./module";
import { Tensor } from "../tensor";
import { describe } from "../device";
import { bind, checkInt, checkBool, PyArgs } from "../args";
import * as F from "./functional";

function float(fn: string, v: unknown, what: string): number {
  if (typeof v === "number") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be float, not ${describe(v)}`);
}

/** nn.PairwiseDistance(p = 2.0, eps = 1e-6, keepdim = false): ||x1 - x2 + eps||_p over the last dimension. */
export class PairwiseDistance extends Module {
  /** Python's attribute name for p. */
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  constructor(...args: PyArgs<[p: number, eps: number, keepdim: boolean], { p?: number; eps?: number; keepdim?: boolean }>) {
    super();
    const [p = 2.0, eps = 1e-6, keepdim = false] = bind("PairwiseDistance", ["p", "eps", "keepdim"], args);
    this.norm = float("PairwiseDistance", p, "p");
    this.eps = float("PairwiseDistance", eps, "eps");
    this.keepdim = checkBool("PairwiseDistance", keepdim, "keepdim", false);
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

/** nn.CosineSimilarity(dim = 1, eps = 1e-8): x1 . x2 / max(||x1|| ||x2||, eps) along dim. */
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;
  constructor(...args: PyArgs<[dim: number, eps: number], { dim?: number; eps?: number }>) {
    super();
    const [dim = 1, eps = 1e-8] = bind("CosineSimilarity", ["dim", "eps"], args);
    this.dim = checkInt("CosineSimilarity", dim, "dim");
    this.eps = float("CosineSimilarity", eps, "eps");
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}
