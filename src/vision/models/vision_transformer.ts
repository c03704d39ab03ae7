// torchvision.models.vision_transformer: VisionTransformer ("An Image is Worth 16x16 Words",
// https://arxiv.org/abs/2010.11929) with torchvision's module names and state_dict keys
// (`conv_proj`, `class_token`, `encoder.pos_embedding`, `encoder.layers.encoder_layer_0.self_attention.in_proj_weight`,
// `heads.head`, ...) and initialisation; builders vit_b_16, vit_b_32, vit_l_16, vit_l_32, vit_h_14.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Parameter } from "../../nn/parameter";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d, Dropout, LayerNorm } from "../../nn/layers";
import { Linear } from "../../nn/linear";
import { GELU, ReLU, Tanh } from "../../nn/activation";
import { MultiheadAttention } from "../../nn/transformer";
import * as init from "../../nn/init";
import * as F from "../../nn/functional";
import { bind, isOptions, Options } from "../../args";
import { describe } from "../../device";
import { Conv2dNormActivation, MLP } from "../ops/misc";
import { Builder, makeBuilder, weightsEnumFromMeta, WeightsEnumClass, ovewriteNamedParam } from "./_api";
import { LayerFactory, makeLayer, checkCount, checkPositive, checkProb, pop, rejectFixed } from "./_utils";

/** torchvision's default norm_layer: partial(nn.LayerNorm, eps=1e-6). */
const layerNorm6 = (hiddenDim: number) => new LayerNorm(hiddenDim, { eps: 1e-6 });

/**
 * ConvStemConfig(outChannels, kernelSize, stride, normLayer = nn.BatchNorm2d, activationLayer = nn.ReLU):
 * one layer of a convolutional stem (Python's NamedTuple: the fields also destructure as an array).
 */
export class ConvStemConfig {
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly normLayer: LayerFactory;
  readonly activationLayer: LayerFactory;
  constructor(outChannels: number | Options, kernelSize?: number, stride?: number, normLayer?: LayerFactory, activationLayer?: LayerFactory | Options);
  constructor(...args: unknown[]) {
    const [o, k, s, n = BatchNorm2d, a = ReLU] = bind("ConvStemConfig", ["outChannels", "kernelSize", "stride", "normLayer", "activationLayer"], args);
    this.outChannels = checkPositive("ConvStemConfig", o, "out_channels");
    this.kernelSize = checkPositive("ConvStemConfig", k, "kernel_size");
    this.stride = checkPositive("ConvStemConfig", s, "stride");
    this.normLayer = n as LayerFactory;
    this.activationLayer = a as LayerFactory;
  }
  *[Symbol.iterator](): Iterator<unknown> {
    yield this.outChannels;
    yield this.kernelSize;
    yield this.stride;
    yield this.normLayer;
    yield this.activationLayer;
  }
}

/** MLPBlock(inDim, mlpDim, dropout): the transformer MLP (MLP with GELU; keys `0.weight`, `3.weight`). */
export class MLPBlock extends MLP {
  static readonly _version = 2;
  constructor(inDim: number | { inDim: number; mlpDim: number; dropout: number }, mlpDim?: number, dropout?: number);
  constructor(...args: unknown[]) {
    const [inDim, mlpDim, dropout] = bind("MLPBlock", ["inDim", "mlpDim", "dropout"], args);
    checkPositive("MLPBlock", inDim, "in_dim");
    checkPositive("MLPBlock", mlpDim, "mlp_dim");
    checkProb("MLPBlock", dropout, "dropout");
    super(inDim as number, [mlpDim as number, inDim as number], { activationLayer: GELU, inplace: null, dropout: dropout as number });
    for (const m of this.modules()) {
      if (m instanceof Linear) {
        init.xavierUniform_(m.weight);
        if (m.bias !== null) init.normal_(m.bias, { std: 1e-6 });
      }
    }
  }

  /**
   * @internal torchvision's _load_from_state_dict: checkpoints saved before torchvision 0.13 name the
   * two Linear layers `linear_1` and `linear_2`; they load into `0` and `3`.
   */
  static _upgradeStateDict(entries: Map<string, Tensor>, prefix: string): void {
    for (let i = 0; i < 2; i++) {
      for (const type of ["weight", "bias"]) {
        const oldKey = `${prefix}linear_${i + 1}.${type}`;
        const newKey = `${prefix}${3 * i}.${type}`;
        if (entries.has(oldKey)) {
          entries.set(newKey, entries.get(oldKey)!);
          entries.delete(oldKey);
        }
      }
    }
  }

}

function expect3d(input: Tensor): void {
  if (!(input instanceof Tensor)) throw new TypeError(`expected a Tensor, got ${describe(input)}`);
  if (input.dim() !== 3) throw new RangeError(`Expected (batch_size, seq_length, hidden_dim) got ${String(input.shape)}`);
}

/**
 * EncoderBlock(numHeads, hiddenDim, mlpDim, dropout, attentionDropout, normLayer = LayerNorm(eps=1e-6)):
 * pre-norm self-attention (`ln_1`, `self_attention`) and MLP (`ln_2`, `mlp`) with residuals.
 */
export class EncoderBlock extends Module {
  declare readonly numHeads: number;
  declare ln_1: Module;
  declare self_attention: MultiheadAttention;
  declare dropout: Dropout;
  declare ln_2: Module;
  declare mlp: MLPBlock;
  constructor(numHeads: number | Options, ...rest: (number | LayerFactory | Options)[]);
  constructor(...args: unknown[]) {
    super();
    const [h, hd, md, d, ad, norm = layerNorm6] =
      bind("EncoderBlock", ["numHeads", "hiddenDim", "mlpDim", "dropout", "attentionDropout", "normLayer"], args);
    this.numHeads = checkPositive("EncoderBlock", h, "num_heads");
    const hiddenDim = checkPositive("EncoderBlock", hd, "hidden_dim");
    const dropout = checkProb("EncoderBlock", d, "dropout");
    const attentionDropout = checkProb("EncoderBlock", ad, "attention_dropout");
    // Attention block
    this.ln_1 = makeLayer(norm, "norm_layer", hiddenDim);
    this.self_attention = new MultiheadAttention(hiddenDim, this.numHeads, { dropout: attentionDropout, batchFirst: true });
    this.dropout = new Dropout(dropout);
    // MLP block
    this.ln_2 = makeLayer(norm, "norm_layer", hiddenDim);
    this.mlp = new MLPBlock(hiddenDim, md as number, dropout);
  }
  forward(input: Tensor): Tensor {
    expect3d(input);
    let x = this.ln_1(input) as Tensor;
    [x] = this.self_attention(x, x, x, { needWeights: false }) as [Tensor, Tensor | null];
    x = this.dropout(x);
    x = x.add(input);
    let y = this.ln_2(x) as Tensor;
    y = this.mlp(y);
    return x.add(y);
  }
}

/**
 * Encoder(seqLength, numLayers, numHeads, hiddenDim, mlpDim, dropout, attentionDropout, normLayer):
 * the transformer encoder (`pos_embedding`, `layers.encoder_layer_<i>`, `ln`).
 */
export class Encoder extends Module {
  declare pos_embedding: Parameter;
  declare dropout: Dropout;
  declare layers: Sequential;
  declare ln: Module;
  constructor(seqLength: number | Options, ...rest: (number | LayerFactory | Options)[]);
  constructor(...args: unknown[]) {
    super();
    const [sl, nl, h, hd, md, d, ad, norm = layerNorm6] =
      bind("Encoder", ["seqLength", "numLayers", "numHeads", "hiddenDim", "mlpDim", "dropout", "attentionDropout", "normLayer"], args);
    const seqLength = checkPositive("Encoder", sl, "seq_length");
    const numLayers = checkCount("Encoder", nl, "num_layers");
    const hiddenDim = checkPositive("Encoder", hd, "hidden_dim");
    const dropout = checkProb("Encoder", d, "dropout");
    // Note that batch_size is on the first dim because we have batch_first=True in nn.MultiAttention() by default
    this.pos_embedding = new Parameter(torch.empty(1, seqLength, hiddenDim).normal_({ std: 0.02 })); // from BERT
    this.dropout = new Dropout(dropout);
    const layers: Record<string, Module> = {};
    for (let i = 0; i < numLayers; i++) layers[`encoder_layer_${i}`] = new EncoderBlock(h as number, hiddenDim, md as number, dropout, ad as number, norm as LayerFactory);
    this.layers = new Sequential(layers);
    this.ln = makeLayer(norm, "norm_layer", hiddenDim);
  }
  forward(input: Tensor): Tensor {
    expect3d(input);
    input = input.add(this.pos_embedding);
    return this.ln(this.layers(this.dropout(input)));
  }
}

export interface VisionTransformerOptions {
  imageSize?: number;
  patchSize?: number;
  numLayers?: number;
  numHeads?: number;
  hiddenDim?: number;
  mlpDim?: number;
  dropout?: number;
  attentionDropout?: number;
  numClasses?: number;
  representationSize?: number | null;
  normLayer?: LayerFactory;
  convStemConfigs?: ConvStemConfig[] | null;
}

const VIT_NAMES = ["imageSize", "patchSize", "numLayers", "numHeads", "hiddenDim", "mlpDim", "dropout", "attentionDropout",
  "numClasses", "representationSize", "normLayer", "convStemConfigs"];

/**
 * VisionTransformer(imageSize, patchSize, numLayers, numHeads, hiddenDim, mlpDim, dropout = 0.0,
 * attentionDropout = 0.0, numClasses = 1000, representationSize = null, normLayer = LayerNorm(eps=1e-6),
 * convStemConfigs = null): torchvision.models.VisionTransformer.
 */
export class VisionTransformer extends Module {
  declare readonly imageSize: number;
  declare readonly patchSize: number;
  declare readonly hiddenDim: number;
  declare readonly mlpDim: number;
  declare readonly attentionDropout: number;
  declare readonly dropout: number;
  declare readonly numClasses: number;
  declare readonly representationSize: number | null;
  declare readonly normLayer: LayerFactory;
  declare readonly seqLength: number;
  declare conv_proj: Module;
  declare class_token: Parameter;
  declare encoder: Encoder;
  declare heads: Sequential;

  constructor(imageSize: number | VisionTransformerOptions, ...rest: (number | LayerFactory | ConvStemConfig[] | null | VisionTransformerOptions)[]);
  constructor(...args: unknown[]) {
    super();
    const fn = "VisionTransformer";
    const [is, ps, nl, nh, hd, md, d = 0.0, ad = 0.0, nc = 1000, rs = null, norm = layerNorm6, stems = null] = bind(fn, VIT_NAMES, args);
    const imageSize = checkPositive(fn, is, "image_size");
    const patchSize = checkPositive(fn, ps, "patch_size");
    const numLayers = checkCount(fn, nl, "num_layers");
    const numHeads = checkPositive(fn, nh, "num_heads");
    const hiddenDim = checkPositive(fn, hd, "hidden_dim");
    const mlpDim = checkPositive(fn, md, "mlp_dim");
    const dropout = checkProb(fn, d, "dropout");
    const attentionDropout = checkProb(fn, ad, "attention_dropout");
    const numClasses = checkCount(fn, nc, "num_classes");
    const representationSize = rs === null ? null : checkPositive(fn, rs, "representation_size");
    if (imageSize % patchSize !== 0) throw new RangeError("Input shape indivisible by patch size!");
    if (stems !== null && (!Array.isArray(stems) || !stems.every((c) => c instanceof ConvStemConfig)))
      throw new TypeError(`${fn}(): argument 'conv_stem_configs' must be a list of ConvStemConfig, not ${describe(stems)}`);
    this.imageSize = imageSize;
    this.patchSize = patchSize;
    this.hiddenDim = hiddenDim;
    this.mlpDim = mlpDim;
    this.attentionDropout = attentionDropout;
    this.dropout = dropout;
    this.numClasses = numClasses;
    this.representationSize = representationSize;
    this.normLayer = norm as LayerFactory;

    if (stems !== null) {
      // As per https://arxiv.org/abs/2106.14881
      const seqProj = new Sequential();
      let prevChannels = 3;
      (stems as ConvStemConfig[]).forEach((c, i) => {
        seqProj.addModule(`conv_bn_relu_${i}`, new Conv2dNormActivation({
          inChannels: prevChannels, outChannels: c.outChannels, kernelSize: c.kernelSize, stride: c.stride,
          normLayer: c.normLayer, activationLayer: c.activationLayer,
        }));
        prevChannels = c.outChannels;
      });
      seqProj.addModule("conv_last", new Conv2d({ inChannels: prevChannels, outChannels: hiddenDim, kernelSize: 1 }));
      this.conv_proj = seqProj;
    } else {
      this.conv_proj = new Conv2d({ inChannels: 3, outChannels: hiddenDim, kernelSize: patchSize, stride: patchSize });
    }

    let seqLength = (Math.floor(imageSize / patchSize)) ** 2;
    // Add a class token
    this.class_token = new Parameter(torch.zeros(1, 1, hiddenDim));
    seqLength += 1;
    this.encoder = new Encoder(seqLength, numLayers, numHeads, hiddenDim, mlpDim, dropout, attentionDropout, this.normLayer);
    this.seqLength = seqLength;

    const headsLayers: Record<string, Module> = {};
    if (representationSize === null) headsLayers.head = new Linear(hiddenDim, numClasses);
    else {
      headsLayers.pre_logits = new Linear(hiddenDim, representationSize);
      headsLayers.act = new Tanh();
      headsLayers.head = new Linear(representationSize, numClasses);
    }
    this.heads = new Sequential(headsLayers);

    if (this.conv_proj instanceof Conv2d) {
      // Init the patchify stem
      const cp = this.conv_proj;
      const fanIn = cp.inChannels * cp.kernelSize[0] * cp.kernelSize[1];
      init.truncNormal_(cp.weight, { std: Math.sqrt(1 / fanIn) });
      if (cp.bias !== null) init.zeros_(cp.bias);
    } else {
      const last = (this.conv_proj as Module & { conv_last?: Conv2d }).conv_last;
      if (last instanceof Conv2d) {
        // Init the last 1x1 conv of the conv stem
        init.normal_(last.weight, { mean: 0.0, std: Math.sqrt(2.0 / last.outChannels) });
        if (last.bias !== null) init.zeros_(last.bias);
      }
    }
    const preLogits = (this.heads as Sequential & { pre_logits?: Linear }).pre_logits;
    if (preLogits instanceof Linear) {
      const fanIn = preLogits.inFeatures;
      init.truncNormal_(preLogits.weight, { std: Math.sqrt(1 / fanIn) });
      init.zeros_(preLogits.bias!);
    }
    const head = (this.heads as Sequential & { head?: Linear }).head;
    if (head instanceof Linear) {
      init.zeros_(head.weight);
      init.zeros_(head.bias!);
    }
  }

  _processInput(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`VisionTransformer.forward(): argument 'x' must be Tensor, not ${describe(x)}`);
    if (x.dim() !== 4) throw new RangeError(`VisionTransformer expects a batch of images (N, C, H, W), got ${String(x.shape)}`);
    const [n, , h, w] = x.shape;
    const p = this.patchSize;
    if (h !== this.imageSize) throw new RangeError(`Wrong image height! Expected ${this.imageSize} but got ${h}!`);
    if (w !== this.imageSize) throw new RangeError(`Wrong image width! Expected ${this.imageSize} but got ${w}!`);
    const nH = Math.floor(h / p);
    const nW = Math.floor(w / p);
    // (n, c, h, w) -> (n, hidden_dim, n_h, n_w)
    x = this.conv_proj(x);
    // (n, hidden_dim, n_h, n_w) -> (n, hidden_dim, (n_h * n_w))
    x = x.reshape(n, this.hiddenDim, nH * nW);
    // (n, hidden_dim, (n_h * n_w)) -> (n, (n_h * n_w), hidden_dim)
    return x.permute(0, 2, 1);
  }

  forward(x: Tensor): Tensor {
    // Reshape and permute the input tensor
    x = this._processInput(x);
    const n = x.shape[0];
    // Expand the class token to the full batch
    const batchClassToken = this.class_token.expand(n, -1, -1);
    x = torch.cat([batchClassToken, x], 1);
    x = this.encoder(x);
    // Classifier "token" as used by standard language architectures
    x = x.index(":", 0);
    return this.heads(x);
  }

}

/** The builders' options: VisionTransformer's, imageSize (224 by default) among them. */
export interface VisionTransformerBuilderOptions {
  /** default 224; with weights, the weights' minSize (an error if another is given) */
  imageSize?: number;
  dropout?: number;
  attentionDropout?: number;
  numClasses?: number;
  representationSize?: number | null;
  normLayer?: LayerFactory;
  convStemConfigs?: ConvStemConfig[] | null;
}

export const ViT_B_16_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_SWAG_E2E_V1" | "IMAGENET1K_SWAG_LINEAR_V1">("ViT_B_16_Weights");
export const ViT_B_32_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("ViT_B_32_Weights");
export const ViT_L_16_Weights = weightsEnumFromMeta<"IMAGENET1K_V1" | "IMAGENET1K_SWAG_E2E_V1" | "IMAGENET1K_SWAG_LINEAR_V1">("ViT_L_16_Weights");
export const ViT_L_32_Weights = weightsEnumFromMeta<"IMAGENET1K_V1">("ViT_L_32_Weights");
export const ViT_H_14_Weights = weightsEnumFromMeta<"IMAGENET1K_SWAG_E2E_V1" | "IMAGENET1K_SWAG_LINEAR_V1">("ViT_H_14_Weights");

/** torchvision's _vision_transformer: the weights fix numClasses and imageSize (their minSize). */
function vitBuilder(arch: string, weightsEnum: WeightsEnumClass, patchSize: number, numLayers: number, numHeads: number, hiddenDim: number,
  mlpDim: number): Builder<VisionTransformerBuilderOptions, VisionTransformer> {
  return makeBuilder(arch, weightsEnum, (kwargs, weights) => {
    rejectFixed("_vision_transformer", kwargs, { patchSize: "patch_size", numLayers: "num_layers", numHeads: "num_heads", hiddenDim: "hidden_dim", mlpDim: "mlp_dim" });
    if (weights !== null && weights.kind === "enum") {
      const [h, w] = weights.weights.meta.minSize as number[];
      if (h !== w) throw new Error("the weights' min_size is not square");
      ovewriteNamedParam(kwargs, "imageSize", h);
    }
    const imageSize = pop(kwargs, "imageSize", 224);
    return new VisionTransformer({ imageSize, patchSize, numLayers, numHeads, hiddenDim, mlpDim, ...kwargs });
  });
}

/** vitB16({ weights = null, progress = true, imageSize = 224, dropout, attentionDropout, numClasses, ... }): torchvision.models.vit_b_16 */
export const vitB16 = vitBuilder("vit_b_16", ViT_B_16_Weights, 16, 12, 12, 768, 3072);
/** vitB32({ weights, progress, ... }): torchvision.models.vit_b_32 */
export const vitB32 = vitBuilder("vit_b_32", ViT_B_32_Weights, 32, 12, 12, 768, 3072);
/** vitL16({ weights, progress, ... }): torchvision.models.vit_l_16 */
export const vitL16 = vitBuilder("vit_l_16", ViT_L_16_Weights, 16, 24, 16, 1024, 4096);
/** vitL32({ weights, progress, ... }): torchvision.models.vit_l_32 */
export const vitL32 = vitBuilder("vit_l_32", ViT_L_32_Weights, 32, 24, 16, 1024, 4096);
/** vitH14({ weights, progress, ... }): torchvision.models.vit_h_14 */
export const vitH14 = vitBuilder("vit_h_14", ViT_H_14_Weights, 14, 32, 16, 1280, 5120);

/**
 * interpolateEmbeddings(imageSize, patchSize, modelState, interpolationMode = "bicubic", resetHeads = false):
 * torchvision's interpolate_embeddings: resizes `encoder.pos_embedding` of a state_dict for another image size.
 */
export function interpolateEmbeddings(imageSize: number | Options, ...rest: unknown[]): Record<string, Tensor>;
export function interpolateEmbeddings(...args: unknown[]): Record<string, Tensor> {
  const fn = "interpolate_embeddings";
  // a state dict given positionally is a plain object too: it is not the options object
  const last = args[args.length - 1];
  if (last instanceof Map || (isOptions(last) && Object.values(last).some((v) => v instanceof Tensor))) args = [...args, {}];
  const [is, ps, state0, mode = "bicubic", resetHeads = false] = bind(fn, ["imageSize", "patchSize", "modelState", "interpolationMode", "resetHeads"], args);
  const imageSize = checkPositive(fn, is, "image_size");
  const patchSize = checkPositive(fn, ps, "patch_size");
  if (state0 === null || typeof state0 !== "object") throw new TypeError(`${fn}(): argument 'model_state' must be a state dict, not ${describe(state0)}`);
  let modelState: Record<string, Tensor> = state0 instanceof Map ? Object.fromEntries(state0) : (state0 as Record<string, Tensor>);
  // Shape of pos_embedding is (1, seq_length, hidden_dim)
  const posEmbedding = modelState["encoder.pos_embedding"];
  if (!(posEmbedding instanceof Tensor)) throw new RangeError(`${fn}(): the state dict has no 'encoder.pos_embedding'`);
  const [n, seqLength0, hiddenDim] = posEmbedding.shape;
  if (n !== 1) throw new RangeError(`Unexpected position embedding shape: ${String(posEmbedding.shape)}`);
  let seqLength = seqLength0;
  let newSeqLength = Math.floor(imageSize / patchSize) ** 2 + 1;
  // Need to interpolate the weights for the position embedding.
  if (newSeqLength !== seqLength) {
    // The class token embedding shouldn't be interpolated, so we split it up.
    seqLength -= 1;
    newSeqLength -= 1;
    const posEmbeddingToken = posEmbedding.index(":", ":1", ":");
    let posEmbeddingImg = posEmbedding.index(":", "1:", ":");
    // (1, seq_length, hidden_dim) -> (1, hidden_dim, seq_length)
    posEmbeddingImg = posEmbeddingImg.permute(0, 2, 1);
    const seqLength1d = Math.floor(Math.sqrt(seqLength));
    if (seqLength1d * seqLength1d !== seqLength)
      throw new RangeError(`seq_length is not a perfect square! Instead got seq_length_1d * seq_length_1d = ${seqLength1d * seqLength1d} and seq_length = ${seqLength}`);
    // (1, hidden_dim, seq_length) -> (1, hidden_dim, seq_l_1d, seq_l_1d)
    posEmbeddingImg = posEmbeddingImg.reshape(1, hiddenDim, seqLength1d, seqLength1d);
    const newSeqLength1d = Math.floor(imageSize / patchSize);
    // Perform interpolation.
    let newImg = F.interpolate(posEmbeddingImg, { size: newSeqLength1d, mode: mode as F.InterpolateMode, alignCorners: true }) as Tensor;
    // (1, hidden_dim, new_seq_l_1d, new_seq_l_1d) -> (1, hidden_dim, new_seq_length)
    newImg = newImg.reshape(1, hiddenDim, newSeqLength);
    // (1, hidden_dim, new_seq_length) -> (1, new_seq_length, hidden_dim)
    newImg = newImg.permute(0, 2, 1);
    const newPosEmbedding = torch.cat([posEmbeddingToken, newImg], 1);
    modelState["encoder.pos_embedding"] = newPosEmbedding;
    if (resetHeads) {
      const copy: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(modelState)) if (!k.startsWith("heads")) copy[k] = v;
      modelState = copy;
    }
  }
  return modelState;
}
