// nn.MultiheadAttention and nn.TransformerEncoderLayer, following Python's
// F.multi_head_attention_forward (same parameters, init order and math).
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Linear } from "./linear";
import { Dropout, LayerNorm } from "./layers";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { empty, zerosLike } from "../creation";
import * as init from "./init";
import * as F from "./functional";
import { bind, checkInt, checkBool } from "../args";
import * as dt from "../dtype";
import { GELU_OP } from "./activation";

const BADDBMM = opId("baddbmm"), SDPA = opId("scaled_dot_product_attention"), DROPOUT = opId("dropout");

/** Python's out_proj class (a Linear under another name, so the module prints the same). */
export class NonDynamicallyQuantizableLinear extends Linear {}

function floatMask(mask: Tensor | null | undefined, like: Tensor): Tensor | null {
  if (mask === null || mask === undefined) return null;
  if (mask.dtype === dt.bool) return zerosLike(mask, { dtype: like.dtype }).maskedFill_(mask, -Infinity);
  return mask;
}

export interface MHAOptions {
  dropout?: number; bias?: boolean; addBiasKv?: boolean; addZeroAttn?: boolean; kdim?: number; vdim?: number; batchFirst?: boolean;
}

/** nn.MultiheadAttention(embedDim, numHeads, { dropout, bias, batchFirst }): `const [out, weights] = mha(q, k, v, opts)` */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  declare in_proj_weight: Parameter;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;

  constructor(...args: unknown[]) {
    super();
    const [e, h, dropout = 0, bias = true, addBiasKv = false, addZeroAttn = false, kdim = null, vdim = null, batchFirst = false] =
      bind("MultiheadAttention", ["embedDim", "numHeads", "dropout", "bias", "addBiasKv", "addZeroAttn", "kdim", "vdim", "batchFirst", "device", "dtype"], args);
    this.embedDim = checkInt("MultiheadAttention", e, "embed_dim");
    this.numHeads = checkInt("MultiheadAttention", h, "num_heads");
    if (this.embedDim <= 0 || this.numHeads <= 0) throw new RangeError("embed_dim and num_heads must be greater than 0");
    this.headDim = Math.floor(this.embedDim / this.numHeads);
    if (this.headDim * this.numHeads !== this.embedDim) throw new RangeError("embed_dim must be divisible by num_heads");
    if (addBiasKv || addZeroAttn || (kdim !== null && kdim !== e) || (vdim !== null && vdim !== e))
      throw new RangeError("MultiheadAttention: addBiasKv, addZeroAttn and kdim/vdim other than embedDim are not supported yet");
    this.dropout = dropout as number;
    this.batchFirst = checkBool("MultiheadAttention", batchFirst, "batch_first", false);
    this.in_proj_weight = new Parameter(empty([3 * this.embedDim, this.embedDim]));
    this.registerParameter("q_proj_weight", null);
    this.registerParameter("k_proj_weight", null);
    this.registerParameter("v_proj_weight", null);
    if (bias) this.in_proj_bias = new Parameter(empty([3 * this.embedDim]));
    else this.registerParameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(this.embedDim, this.embedDim, { bias: bias as boolean });
    init.xavierUniform_(this.in_proj_weight);
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias!, 0);
    }
  }

  forward(query: Tensor, key: Tensor, value: Tensor, opts: {
    keyPaddingMask?: Tensor | null; needWeights?: boolean; attnMask?: Tensor | null; averageAttnWeights?: boolean; isCausal?: boolean;
  } = {}): [Tensor, Tensor | null] {
    const { needWeights = true, averageAttnWeights = true, isCausal = false } = opts;
    let q = query, k = key, v = value;
    if (this.batchFirst) [q, k, v] = [q, k, v].map((t) => t.transpose(1, 0));
    const [tgtLen, bsz, E] = q.shape;
    const srcLen = k.size(0);
    const H = this.numHeads, hd = this.headDim;
    // in-projection (Python's _in_projection_packed)
    let qp: Tensor, kp: Tensor, vp: Tensor;
    const w = this.in_proj_weight, b = this.in_proj_bias;
    if (query === key && key === value) {
      const proj = F.linear(q, w, b).unflatten(-1, [3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      [qp, kp, vp] = [proj.index(0), proj.index(1), proj.index(2)];
    } else {
      const [wq, wk, wv] = w.chunk(3) as Tensor[];
      const [bq, bk, bv] = b ? (b.chunk(3) as Tensor[]) : [null, null, null];
      [qp, kp, vp] = [F.linear(q, wq, bq), F.linear(k, wk, bk), F.linear(v, wv, bv)];
    }
    let attnMask = floatMask(opts.attnMask, qp);
    if (attnMask !== null && attnMask.dim() === 2) attnMask = attnMask.unsqueeze(0);
    const kpm = floatMask(opts.keyPaddingMask, qp);
    if (kpm !== null) {
      const m = kpm.view(bsz, 1, 1, srcLen).expand(-1, H, -1, -1).reshape(bsz * H, 1, srcLen);
      attnMask = attnMask === null ? m : attnMask.add(m);
    }
    qp = qp.view(tgtLen, bsz * H, hd).transpose(0, 1);
    kp = kp.view(kp.size(0), bsz * H, hd).transpose(0, 1);
    vp = vp.view(vp.size(0), bsz * H, hd).transpose(0, 1);
    const p = this.training ? this.dropout : 0;
    let out: Tensor, weights: Tensor | null = null;
    if (needWeights) {
      const qs = qp.mul(Math.sqrt(1.0 / hd));
      let aw = attnMask !== null
        ? new Tensor(native.callOp(BADDBMM, attnMask._h, qs._h, kp.transpose(-2, -1)._h))
        : qs.bmm(kp.transpose(-2, -1));
      aw = aw.softmax(-1);
      if (p > 0) aw = new Tensor(native.callOp(DROPOUT, aw._h, p, true));
      out = aw.bmm(vp).transpose(0, 1).contiguous().view(tgtLen * bsz, E);
      out = F.linear(out, this.out_proj.weight, this.out_proj.bias).view(tgtLen, bsz, out.size(1));
      weights = aw.view(bsz, H, tgtLen, srcLen);
      if (averageAttnWeights) weights = weights.mean(1);
    } else {
      if (attnMask !== null) attnMask = attnMask.size(0) === 1 && attnMask.dim() === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, H, -1, srcLen);
      const q4 = qp.view(bsz, H, tgtLen, hd), k4 = kp.view(bsz, H, srcLen, hd), v4 = vp.view(bsz, H, srcLen, hd);
      out = new Tensor(native.callOp(SDPA, q4._h, k4._h, v4._h, attnMask?._h ?? null, p, isCausal, null, false));
      out = out.permute(2, 0, 1, 3).contiguous().view(bsz * tgtLen, E);
      out = F.linear(out, this.out_proj.weight, this.out_proj.bias).view(tgtLen, bsz, out.size(1));
    }
    if (this.batchFirst) out = out.transpose(1, 0);
    return [out, weights];
  }
}

/** nn.TransformerEncoderLayer({ dModel, nhead, dimFeedforward = 2048, dropout = 0.1, activation = "relu", layerNormEps, batchFirst, normFirst, bias }) */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  readonly normFirst: boolean;
  readonly activationName: string;

  constructor(...args: unknown[]) {
    super();
    const [dModel, nhead, dimFf = 2048, dropout = 0.1, activation = "relu", eps = 1e-5, batchFirst = false, normFirst = false, bias = true] =
      bind("TransformerEncoderLayer", ["dModel", "nhead", "dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst", "bias", "device", "dtype"], args);
    if (activation !== "relu" && activation !== "gelu") throw new RangeError(`activation should be relu/gelu, not ${String(activation)}`);
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout, bias, batchFirst });
    this.linear1 = new Linear(dModel as number, dimFf as number, { bias: bias as boolean });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dimFf as number, dModel as number, { bias: bias as boolean });
    this.normFirst = normFirst as boolean;
    this.norm1 = new LayerNorm(dModel, { eps, bias });
    this.norm2 = new LayerNorm(dModel, { eps, bias });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.activationName = activation;
  }
  private sa(x: Tensor, mask: Tensor | null, kpm: Tensor | null, isCausal: boolean): Tensor {
    const [o] = this.self_attn(x, x, x, { attnMask: mask, keyPaddingMask: kpm, needWeights: false, isCausal }) as [Tensor, null];
    return this.dropout1(o) as Tensor;
  }
  private ff(x: Tensor): Tensor {
    const h = this.linear1(x) as Tensor;
    const a = this.activationName === "relu" ? h.relu() : GELU_OP(h._h, "none");
    return this.dropout2(this.linear2(this.dropout(a))) as Tensor;
  }
  forward(src: Tensor, opts: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    const mask = opts.srcMask ?? null, kpm = opts.srcKeyPaddingMask ?? null, causal = opts.isCausal ?? false;
    let x = src;
    if (this.normFirst) {
      x = x.add(this.sa(this.norm1(x) as Tensor, mask, kpm, causal));
      x = x.add(this.ff(this.norm2(x) as Tensor));
    } else {
      x = this.norm1(x.add(this.sa(x, mask, kpm, causal))) as Tensor;
      x = this.norm2(x.add(this.ff(x))) as Tensor;
    }
    return x;
  }
}
