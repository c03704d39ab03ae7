// Flatten, Dropout, BatchNorm, LayerNorm, Embedding.
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { empty, ones, zeros, tensor } from "../creation";
import * as dt from "../dtype";
import * as init from "./init";
import { noGrad } from "../grad_mode";
import { bind, checkInt, checkBool } from "../args";
import { pyFloat, pyBool, pyTuple } from "./repr";

const DROPOUT = opId("dropout"), BATCH_NORM = opId("batch_norm"), LAYER_NORM = opId("layer_norm"), EMBEDDING = opId("embedding");

/** nn.Flatten(startDim = 1, endDim = -1) */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(...args: unknown[]) {
    super();
    const [s = 1, e = -1] = bind("Flatten", ["startDim", "endDim"], args);
    this.startDim = s as number;
    this.endDim = e as number;
  }
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** nn.Dropout(p = 0.5, inplace = false): zeroes elements with probability p in training. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    const [p = 0.5, inplace = false] = bind("Dropout", ["p", "inplace"], args);
    if (typeof p !== "number" || p < 0 || p > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${String(p)}`);
    this.p = p;
    this.inplace = checkBool("Dropout", inplace, "inplace", false);
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(DROPOUT, x._h, this.p, this.training));
  }
  extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  constructor(name: string, args: unknown[]) {
    super();
    const [n, eps = 1e-5, momentum = 0.1, affine = true, track = true, , , bias = true] =
      bind(name, ["numFeatures", "eps", "momentum", "affine", "trackRunningStats", "device", "dtype", "bias"], args);
    this.numFeatures = checkInt(name, n, "num_features");
    this.eps = eps as number;
    this.momentum = momentum as number | null;
    this.affine = checkBool(name, affine, "affine", true);
    this.trackRunningStats = checkBool(name, track, "track_running_stats", true);
    if (this.affine) {
      this.weight = new Parameter(ones(this.numFeatures));
      if (bias) this.bias = new Parameter(zeros(this.numFeatures));
      else this.registerParameter("bias", null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", zeros(this.numFeatures));
      this.registerBuffer("running_var", ones(this.numFeatures));
      this.registerBuffer("num_batches_tracked", tensor(0, { dtype: dt.int64 }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
  }
  protected abstract checkInput(x: Tensor): void;
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      noGrad(() => this.num_batches_tracked!.add_(1));
      if (this.momentum === null) factor = 1 / (this.num_batches_tracked.item() as number);
    }
    const useBatch = this.training || (this.running_mean === null && this.running_var === null);
    const rm = !this.training || this.trackRunningStats ? this.running_mean : null;
    const rv = !this.training || this.trackRunningStats ? this.running_var : null;
    return new Tensor(native.callOp(BATCH_NORM, x._h, this.weight?._h ?? null, this.bias?._h ?? null,
      rm?._h ?? null, rv?._h ?? null, useBatch, factor, this.eps, true));
  }
  extraRepr(): string {
    const m = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, bias=${pyBool(this.bias !== null)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}
/** nn.BatchNorm1d(numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true) */
export class BatchNorm1d extends BatchNormBase {
  constructor(...args: unknown[]) { super("BatchNorm1d", args); }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 2 && x.dim() !== 3) throw new RangeError(`expected 2D or 3D input (got ${x.dim()}D input)`);
  }
}
export class BatchNorm2d extends BatchNormBase {
  constructor(...args: unknown[]) { super("BatchNorm2d", args); }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 4) throw new RangeError(`expected 4D input (got ${x.dim()}D input)`);
  }
}

/** nn.LayerNorm(normalizedShape, eps = 1e-5, elementwiseAffine = true, bias = true) */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(...args: unknown[]) {
    super();
    const [shape, eps = 1e-5, affine = true, bias = true] = bind("LayerNorm", ["normalizedShape", "eps", "elementwiseAffine", "bias", "device", "dtype"], args);
    this.normalizedShape = typeof shape === "number" ? [shape] : (shape as number[]);
    this.eps = eps as number;
    this.elementwiseAffine = affine as boolean;
    if (this.elementwiseAffine) {
      this.weight = new Parameter(ones(this.normalizedShape));
      if (bias) this.bias = new Parameter(zeros(this.normalizedShape));
      else this.registerParameter("bias", null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(LAYER_NORM, x._h, this.normalizedShape, this.weight?._h ?? null, this.bias?._h ?? null, this.eps, true));
  }
  extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** nn.Embedding(numEmbeddings, embeddingDim, paddingIdx = null) */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  declare weight: Parameter;
  constructor(...args: unknown[]) {
    super();
    const [n, d, paddingIdx = null, maxNorm = null] = bind("Embedding", ["numEmbeddings", "embeddingDim", "paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse", "weight", "freeze", "device", "dtype"], args);
    if (maxNorm !== null) throw new RangeError("Embedding: maxNorm is not supported yet");
    this.numEmbeddings = checkInt("Embedding", n, "num_embeddings");
    this.embeddingDim = checkInt("Embedding", d, "embedding_dim");
    let p = paddingIdx as number | null;
    if (p !== null) {
      if (p >= this.numEmbeddings || p < -this.numEmbeddings) throw new RangeError("Padding_idx must be within num_embeddings");
      if (p < 0) p += this.numEmbeddings;
    }
    this.paddingIdx = p;
    this.weight = new Parameter(empty([this.numEmbeddings, this.embeddingDim]));
    init.normal_(this.weight);
    if (p !== null) noGrad(() => this.weight.index(p!).fill_(0));
  }
  forward(x: Tensor): Tensor {
    return new Tensor(native.callOp(EMBEDDING, this.weight._h, x._h, this.paddingIdx ?? -1, false, false));
  }
  extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ""}`;
  }
}
