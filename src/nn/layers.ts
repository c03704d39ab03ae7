// Flatten, Unflatten, Dropout*, BatchNorm*, LayerNorm, Embedding, EmbeddingBag.
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { empty, ones, zeros, tensor } from "../creation";
import * as dt from "../dtype";
import * as init from "./init";
import { noGrad } from "../grad_mode";
import { bind, checkInt, checkBool, PyArgs, PyArgsReq } from "../args";
import type { DeviceLike } from "../tensor";
import { pyFloat, pyBool, pyTuple } from "./repr";
import * as F from "./functional";
import { paddingIndex } from "./_util";
import { describe } from "../device";

const LAYER_NORM = opId("layer_norm");

// ---- constructor argument types (camelCase keys of Python's keyword arguments) ----
/** nn.BatchNorm1d/2d/3d's keyword arguments. */
export interface BatchNormModuleOptions { numFeatures?: number; eps?: number; momentum?: number | null; affine?: boolean; trackRunningStats?: boolean; device?: DeviceLike | null; dtype?: dt.dtype | null; bias?: boolean }
/** nn.LayerNorm's keyword arguments. */
export interface LayerNormModuleOptions { normalizedShape?: number | number[]; eps?: number; elementwiseAffine?: boolean; bias?: boolean; device?: DeviceLike | null; dtype?: dt.dtype | null }
/** nn.Embedding's keyword arguments (`weight`, `freeze`: Python's `_weight`, `_freeze`). */
export interface EmbeddingModuleOptions { numEmbeddings?: number; embeddingDim?: number; paddingIdx?: number | null; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; sparse?: boolean; weight?: Tensor | null; freeze?: boolean; device?: DeviceLike | null; dtype?: dt.dtype | null }
/** nn.Embedding.fromPretrained's keyword arguments. */
export interface EmbeddingFromPretrainedOptions { embeddings?: Tensor; freeze?: boolean; paddingIdx?: number | null; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; sparse?: boolean }
/** nn.EmbeddingBag's keyword arguments (`weight`: Python's `_weight`). */
export interface EmbeddingBagModuleOptions { numEmbeddings?: number; embeddingDim?: number; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; mode?: "sum" | "mean" | "max"; sparse?: boolean; weight?: Tensor | null; includeLastOffset?: boolean; paddingIdx?: number | null; device?: DeviceLike | null; dtype?: dt.dtype | null }
/** nn.EmbeddingBag.fromPretrained's keyword arguments. */
export interface EmbeddingBagFromPretrainedOptions { embeddings?: Tensor; freeze?: boolean; maxNorm?: number | null; normType?: number; scaleGradByFreq?: boolean; mode?: "sum" | "mean" | "max"; sparse?: boolean; includeLastOffset?: boolean; paddingIdx?: number | null }

/** nn.Flatten(startDim = 1, endDim = -1) */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(...args: PyArgs<[startDim: number, endDim: number], { startDim?: number; endDim?: number }>) {
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

/** Python's _DropoutNd: p in [0, 1] and inplace, printed as `p=0.5, inplace=False`. Public as the base of Dropout, Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout. */
export abstract class DropoutNd extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    const [p = 0.5, inplace = false] = bind(name, ["p", "inplace"], args);
    if (typeof p !== "number" || p < 0 || p > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${String(p)}`);
    this.p = p;
    this.inplace = checkBool(name, inplace, "inplace", false);
  }
  extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
/** nn.Dropout(p = 0.5, inplace = false): zeroes elements with probability p in training. */
export class Dropout extends DropoutNd {
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) { super("Dropout", args); }
  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training, this.inplace);
  }
}
/** nn.Dropout1d(p = 0.5, inplace = false): zeroes whole channels of (N, C, L) or (C, L) inputs in training. */
export class Dropout1d extends DropoutNd {
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) { super("Dropout1d", args); }
  forward(x: Tensor): Tensor {
    return F.dropout1d(x, this.p, this.training, this.inplace);
  }
}
/** nn.Dropout2d(p = 0.5, inplace = false): zeroes whole channels of (N, C, H, W) or (C, H, W) inputs in training. */
export class Dropout2d extends DropoutNd {
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) { super("Dropout2d", args); }
  forward(x: Tensor): Tensor {
    return F.dropout2d(x, this.p, this.training, this.inplace);
  }
}
/** nn.Dropout3d(p = 0.5, inplace = false): zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) inputs in training. */
export class Dropout3d extends DropoutNd {
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) { super("Dropout3d", args); }
  forward(x: Tensor): Tensor {
    return F.dropout3d(x, this.p, this.training, this.inplace);
  }
}
/** nn.AlphaDropout(p = 0.5, inplace = false): dropout that keeps SELU's zero mean and unit variance (inplace is stored, unused, as in Python). */
export class AlphaDropout extends DropoutNd {
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) { super("AlphaDropout", args); }
  forward(x: Tensor): Tensor {
    return F.alphaDropout(x, this.p, this.training);
  }
}
/** nn.FeatureAlphaDropout(p = 0.5, inplace = false): alpha dropout of whole channels. */
export class FeatureAlphaDropout extends DropoutNd {
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) { super("FeatureAlphaDropout", args); }
  forward(x: Tensor): Tensor {
    return F.featureAlphaDropout(x, this.p, this.training);
  }
}

/** Python's _NormBase: num_features, eps, momentum, affine, track_running_stats, buffers and print. Public as the base of the norm layers. */
export abstract class NormBase extends Module {
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
  constructor(name: string, args: unknown[], affineDefault: boolean, trackDefault: boolean) {
    super();
    const [n, eps = 1e-5, momentum = 0.1, affine = affineDefault, track = trackDefault, device, dtype, bias = true] =
      bind(name, ["numFeatures", "eps", "momentum", "affine", "trackRunningStats", "device", "dtype", "bias"], args);
    this.numFeatures = checkInt(name, n, "num_features");
    if (typeof eps !== "number") throw new TypeError(`${name}(): argument 'eps' must be float, not ${describe(eps)}`);
    if (momentum !== null && typeof momentum !== "number") throw new TypeError(`${name}(): argument 'momentum' must be float, not ${describe(momentum)}`);
    this.eps = eps;
    this.momentum = momentum;
    this.affine = checkBool(name, affine, "affine", affineDefault);
    this.trackRunningStats = checkBool(name, track, "track_running_stats", trackDefault);
    const opts = { device: device as string | undefined, dtype: dtype as dt.dtype | undefined };
    if (this.affine) {
      this.weight = new Parameter(ones([this.numFeatures], opts));
      if (checkBool(name, bias, "bias", true)) this.bias = new Parameter(zeros([this.numFeatures], opts));
      else this.registerParameter("bias", null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", zeros([this.numFeatures], opts));
      this.registerBuffer("running_var", ones([this.numFeatures], opts));
      this.registerBuffer("num_batches_tracked", tensor(0, { dtype: dt.int64, device: opts.device }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
  }
  /**
   * @internal Python's _NormBase._load_from_state_dict for a checkpoint without version metadata: a missing
   * num_batches_tracked keeps the module's own (checkpoints from before torch 0.4.1, older torchvision files).
   */
  static _upgradeStateDict(entries: Map<string, Tensor>, prefix: string, module: Module): void {
    const m = module as NormBase;
    const key = `${prefix}num_batches_tracked`;
    if (m.trackRunningStats && !entries.has(key)) entries.set(key, m.num_batches_tracked ?? tensor(0, { dtype: dt.int64 }));
  }
  extraRepr(): string {
    const m = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, bias=${pyBool(this.bias !== null)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

abstract class BatchNormBase extends NormBase {
  constructor(name: string, args: unknown[]) {
    super(name, args, true, true);
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
    return F.batchNorm(x, rm, rv, this.weight, this.bias, useBatch, factor, this.eps);
  }
}
/** nn.BatchNorm1d(numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true) */
export class BatchNorm1d extends BatchNormBase {
  constructor(...args: PyArgsReq<[numFeatures: number], [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: DeviceLike | null, dtype: dt.dtype | null, bias: boolean], BatchNormModuleOptions, "numFeatures">) { super("BatchNorm1d", args); }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 2 && x.dim() !== 3) throw new RangeError(`expected 2D or 3D input (got ${x.dim()}D input)`);
  }
}
export class BatchNorm2d extends BatchNormBase {
  constructor(...args: PyArgsReq<[numFeatures: number], [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: DeviceLike | null, dtype: dt.dtype | null, bias: boolean], BatchNormModuleOptions, "numFeatures">) { super("BatchNorm2d", args); }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 4) throw new RangeError(`expected 4D input (got ${x.dim()}D input)`);
  }
}
/** nn.BatchNorm3d(numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true): over (N, C, D, H, W) inputs. */
export class BatchNorm3d extends BatchNormBase {
  constructor(...args: PyArgsReq<[numFeatures: number], [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: DeviceLike | null, dtype: dt.dtype | null, bias: boolean], BatchNormModuleOptions, "numFeatures">) { super("BatchNorm3d", args); }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 5) throw new RangeError(`expected 5D input (got ${x.dim()}D input)`);
  }
}

/** nn.LayerNorm(normalizedShape, eps = 1e-5, elementwiseAffine = true, bias = true) */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(...args: PyArgsReq<[normalizedShape: number | number[]], [eps: number, elementwiseAffine: boolean, bias: boolean, device: DeviceLike | null, dtype: dt.dtype | null], LayerNormModuleOptions, "normalizedShape">) {
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

function checkPretrained(e: unknown): Tensor {
  if (!(e instanceof Tensor)) throw new TypeError(`from_pretrained(): argument 'embeddings' must be Tensor, not ${describe(e)}`);
  if (e.dim() !== 2) throw new Error("Embeddings parameter is expected to be 2-dimensional");
  return e;
}
function optNum(fn: string, v: unknown, what: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "number") throw new TypeError(`${fn}(): argument '${what}' must be float, not ${describe(v)}`);
  return v;
}
/** The given weight (Python's _weight), or a new N(0, 1) one with the padding row zeroed (reset_parameters). */
function embeddingWeight(weight: unknown, n: number, d: number, paddingIdx: number | null, requiresGrad: boolean, opts: object): Parameter {
  if (weight !== undefined && weight !== null) {
    if (!(weight instanceof Tensor)) throw new TypeError(`argument '_weight' must be Tensor, not ${describe(weight)}`);
    if (weight.dim() !== 2 || weight.size(0) !== n || weight.size(1) !== d) throw new Error("Shape of weight does not match num_embeddings and embedding_dim");
    return new Parameter(weight, requiresGrad);
  }
  const w = new Parameter(empty([n, d], opts), requiresGrad);
  init.normal_(w);
  if (paddingIdx !== null) noGrad(() => w.index(paddingIdx).fill_(0));
  return w;
}

/**
 * nn.Embedding(numEmbeddings, embeddingDim, paddingIdx = null, maxNorm = null, normType = 2.0, scaleGradByFreq = false,
 * sparse = false, weight = null, freeze = false, { device, dtype }): a lookup table; with maxNorm, looked-up rows are
 * renormalized in place (as Python does).
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  sparse: boolean;
  declare weight: Parameter;
  constructor(...args: PyArgsReq<[numEmbeddings: number, embeddingDim: number], [paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean, weight: Tensor | null, freeze: boolean, device: DeviceLike | null, dtype: dt.dtype | null], EmbeddingModuleOptions, "numEmbeddings" | "embeddingDim">) {
    super();
    const [n, d, paddingIdx = null, maxNorm = null, normType = 2.0, scale = false, sparse = false, weight = null, freeze = false, device, dtype] =
      bind("Embedding", ["numEmbeddings", "embeddingDim", "paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse", "weight", "freeze", "device", "dtype"], args);
    this.numEmbeddings = checkInt("Embedding", n, "num_embeddings");
    this.embeddingDim = checkInt("Embedding", d, "embedding_dim");
    this.paddingIdx = paddingIndex(paddingIdx, this.numEmbeddings, "Embedding", true);
    this.maxNorm = optNum("Embedding", maxNorm, "max_norm");
    this.normType = optNum("Embedding", normType, "norm_type") ?? 2.0;
    this.scaleGradByFreq = checkBool("Embedding", scale, "scale_grad_by_freq", false);
    this.weight = embeddingWeight(weight, this.numEmbeddings, this.embeddingDim, this.paddingIdx, !checkBool("Embedding", freeze, "_freeze", false),
      { device, dtype });
    this.sparse = checkBool("Embedding", sparse, "sparse", false);
  }
  /** Python's reset_parameters: N(0, 1), padding row zeroed. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.index(this.paddingIdx!).fill_(0));
  }
  /**
   * Embedding.fromPretrained(embeddings, freeze = true, paddingIdx = null, maxNorm = null, normType = 2.0,
   * scaleGradByFreq = false, sparse = false): the weight shares `embeddings`' storage.
   */
  static fromPretrained(...args: PyArgsReq<[embeddings: Tensor], [freeze: boolean, paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean], EmbeddingFromPretrainedOptions, "embeddings">): Embedding {
    const [e, freeze = true, paddingIdx = null, maxNorm = null, normType = 2.0, scale = false, sparse = false] =
      bind("from_pretrained", ["embeddings", "freeze", "paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse"], args);
    const w = checkPretrained(e);
    return new Embedding(w.size(0), w.size(1), { weight: w, freeze, paddingIdx, maxNorm, normType, scaleGradByFreq: scale, sparse } as never); // checked by the constructor
  }
  forward(x: Tensor): Tensor {
    return F.embedding(x, this.weight, this.paddingIdx, this.maxNorm, this.normType, this.scaleGradByFreq, this.sparse);
  }
  extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    if (this.sparse) s += ", sparse=True";
    return s;
  }
}

/**
 * nn.EmbeddingBag(numEmbeddings, embeddingDim, maxNorm = null, normType = 2.0, scaleGradByFreq = false, mode = "mean",
 * sparse = false, weight = null, includeLastOffset = false, paddingIdx = null, { device, dtype }):
 * sums, means or maxes bags of embeddings; forward(input, offsets = null, perSampleWeights = null).
 */
export class EmbeddingBag extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  mode: "sum" | "mean" | "max";
  sparse: boolean;
  includeLastOffset: boolean;
  declare weight: Parameter;
  constructor(...args: PyArgsReq<[numEmbeddings: number, embeddingDim: number], [maxNorm: number | null, normType: number, scaleGradByFreq: boolean, mode: "sum" | "mean" | "max", sparse: boolean, weight: Tensor | null, includeLastOffset: boolean, paddingIdx: number | null, device: DeviceLike | null, dtype: dt.dtype | null], EmbeddingBagModuleOptions, "numEmbeddings" | "embeddingDim">) {
    super();
    const [n, d, maxNorm = null, normType = 2.0, scale = false, mode = "mean", sparse = false, weight = null, includeLast = false, paddingIdx = null, device, dtype] =
      bind("EmbeddingBag", ["numEmbeddings", "embeddingDim", "maxNorm", "normType", "scaleGradByFreq", "mode", "sparse", "weight",
        "includeLastOffset", "paddingIdx", "device", "dtype"], args);
    this.numEmbeddings = checkInt("EmbeddingBag", n, "num_embeddings");
    this.embeddingDim = checkInt("EmbeddingBag", d, "embedding_dim");
    this.maxNorm = optNum("EmbeddingBag", maxNorm, "max_norm");
    this.normType = optNum("EmbeddingBag", normType, "norm_type") ?? 2.0;
    this.scaleGradByFreq = checkBool("EmbeddingBag", scale, "scale_grad_by_freq", false);
    this.paddingIdx = paddingIndex(paddingIdx, this.numEmbeddings, "EmbeddingBag", false);
    this.weight = embeddingWeight(weight, this.numEmbeddings, this.embeddingDim, this.paddingIdx, true, { device, dtype });
    if (typeof mode !== "string") throw new TypeError(`EmbeddingBag(): argument 'mode' must be str, not ${describe(mode)}`);
    this.mode = mode as EmbeddingBag["mode"]; // the value is checked by F.embeddingBag
    this.sparse = checkBool("EmbeddingBag", sparse, "sparse", false);
    this.includeLastOffset = checkBool("EmbeddingBag", includeLast, "include_last_offset", false);
  }
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.index(this.paddingIdx!).fill_(0));
  }
  /**
   * EmbeddingBag.fromPretrained(embeddings, freeze = true, maxNorm = null, normType = 2.0, scaleGradByFreq = false,
   * mode = "mean", sparse = false, includeLastOffset = false, paddingIdx = null)
   */
  static fromPretrained(...args: PyArgsReq<[embeddings: Tensor], [freeze: boolean, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, mode: "sum" | "mean" | "max", sparse: boolean, includeLastOffset: boolean, paddingIdx: number | null], EmbeddingBagFromPretrainedOptions, "embeddings">): EmbeddingBag {
    const [e, freeze = true, maxNorm = null, normType = 2.0, scale = false, mode = "mean", sparse = false, includeLastOffset = false, paddingIdx = null] =
      bind("from_pretrained", ["embeddings", "freeze", "maxNorm", "normType", "scaleGradByFreq", "mode", "sparse", "includeLastOffset", "paddingIdx"], args);
    const w = checkPretrained(e);
    const bag = new EmbeddingBag(w.size(0), w.size(1), { weight: w, maxNorm, normType, scaleGradByFreq: scale, mode, sparse, includeLastOffset, paddingIdx } as never); // checked by the constructor
    bag.weight.requiresGrad_(!checkBool("from_pretrained", freeze, "freeze", true));
    return bag;
  }
  forward(input: Tensor, offsets: Tensor | null = null, perSampleWeights: Tensor | null = null): Tensor {
    return F.embeddingBag(input, this.weight, offsets, this.maxNorm, this.normType, this.scaleGradByFreq, this.mode, this.sparse,
      perSampleWeights, this.includeLastOffset, this.paddingIdx);
  }
  extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    s += `, mode='${this.mode}'`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}

/** nn.Unflatten(dim, unflattenedSize): expands dimension `dim` into the given sizes (one may be -1). */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: number[];
  constructor(...args: PyArgsReq<[dim: number | string, unflattenedSize: number[]], [], { dim?: number | string; unflattenedSize?: number[] }, "dim" | "unflattenedSize">) {
    super();
    const [dim, size] = bind("Unflatten", ["dim", "unflattenedSize"], args);
    if (!Array.isArray(size)) throw new TypeError(`unflattened_size must be a tuple of ints, but found type ${describe(size)}`);
    size.forEach((e, i) => {
      if (typeof e !== "number" || !Number.isInteger(e))
        throw new TypeError(`unflattened_size must be tuple of ints, but found element of type ${describe(e)} at pos ${i}`);
    });
    this.dim = checkInt("Unflatten", dim, "dim");
    this.unflattenedSize = [...(size as number[])];
  }
  forward(x: Tensor): Tensor {
    return x.unflatten(this.dim, this.unflattenedSize);
  }
  extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
