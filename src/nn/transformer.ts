// nn.MultiheadAttention, nn.TransformerEncoderLayer / DecoderLayer,
// nn.TransformerEncoder / Decoder and nn.Transformer, following Python's
// torch/nn/modules/{activation,transformer}.py and
// F.multi_head_attention_forward: same parameters, init draws in the same
// order, the same math, and the same fast paths (_native_multi_head_attention,
// _transformer_encoder_layer_fwd, nested tensors for padded batches) taken
// under the same conditions, so eval-mode outputs equal Python's too.
import { warnOnce } from "../warnings";
import { Module, deepcopy } from "./module";
import { Parameter } from "./parameter";
import { Linear } from "./linear";
import { Dropout, LayerNorm } from "./layers";
import { ModuleList } from "./container";
import { ReLU, GELU } from "./activation";
import { Tensor, type DeviceLike } from "../tensor";
import { native, Handle } from "../native";
import { opId } from "../dispatch";
import { empty, zeros, zerosLike, full } from "../creation";
import { cat } from "../functions";
import * as init from "./init";
import * as F from "./functional";
import { bind, checkInt, checkBool, PyArgs } from "../args";
import * as dt from "../dtype";
import { describe as describeValue } from "../device";
import { GELU_OP } from "./activation";
import { backends } from "../cuda";

const BADDBMM = opId("baddbmm"), SDPA = opId("scaled_dot_product_attention"), DROPOUT = opId("dropout");
const PAD = opId("constant_pad_nd"), NATIVE_MHA = opId("_native_multi_head_attention");
const ENC_LAYER_FWD = opId("_transformer_encoder_layer_fwd"), NT_FROM_MASK = opId("_nested_tensor_from_mask");
const NT_LEFT_ALIGNED = opId("_nested_tensor_from_mask_left_aligned"), TO_PADDED = opId("to_padded_tensor");

type Act = ((x: Tensor) => Tensor) | Module;

// ---------------------------------------------------------------- helpers


/** Nested tensors made by TransformerEncoder's padded-batch path (Python's tensor.is_nested). */
const nested = new WeakSet<Tensor>();
const isNested = (t: Tensor) => nested.has(t);

const size = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;
const tuple = (xs: number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const isNone = (v: unknown) => v === null || v === undefined;
const optTensor = (fn: string, v: unknown, what: string): Tensor | null => {
  if (isNone(v)) return null;
  if (v instanceof Tensor) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describeValue(v)}`);
};
const tensorArg = (fn: string, v: unknown, what: string): Tensor => {
  if (v instanceof Tensor) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describeValue(v)}`);
};
const supportedDevice = (t: Tensor | null) => t === null || ["cpu", "cuda"].includes(t.device.type);

/** Python's F._canonical_mask: a bool mask becomes a float mask (-inf where true) of targetType. */
function canonicalMask(mask: Tensor | null, maskName: string, otherType: dt.dtype | null, otherName: string, targetType: dt.dtype, checkOther = true): Tensor | null {
  if (mask === null) return null;
  const isFloat = mask.isFloatingPoint();
  if (mask.dtype !== dt.bool && !isFloat) throw new Error(`only bool and floating types of ${maskName} are supported`);
  if (checkOther && otherType !== null && mask.dtype !== otherType)
    warnOnce(`Support for mismatched ${maskName} and ${otherName} is deprecated. Use same type for both instead.`);
  if (!isFloat) return zerosLike(mask, { dtype: targetType }).maskedFill_(mask, -Infinity);
  return mask;
}

function padLast(t: Tensor): Tensor {
  return new Tensor(native.callOp(PAD, t._h, [0, 1], 0));
}

/** Python's _generate_square_subsequent_mask: -inf above the diagonal, 0 elsewhere. */
function generateSquareSubsequentMask(sz: number, device?: unknown, dtype?: dt.dtype | null): Tensor {
  return (full([sz, sz], -Infinity, { dtype: dtype ?? undefined, device: device ?? undefined } as never) as Tensor).triu(1);
}

/** Python's _detect_is_causal_mask. */
function detectIsCausalMask(mask: Tensor | null, isCausal: boolean | null | undefined, sz: number | null): boolean {
  let makeCausal = isCausal === true;
  if (isNone(isCausal) && mask !== null) {
    const n = sz ?? mask.size(-2);
    const causal = generateSquareSubsequentMask(n, mask.device, mask.dtype);
    makeCausal = sameShape(mask.shape, causal.shape) ? (mask.eq(causal).all().item() as boolean) : false;
  }
  return makeCausal;
}

function getSeqLen(src: Tensor, batchFirst: boolean): number | null {
  if (isNested(src)) return null;
  const s = src.shape;
  return s.length === 2 ? s[0] : s[batchFirst ? 1 : 0];
}

function shapeCheck(query: Tensor, key: Tensor, value: Tensor, kpm: Tensor | null, attnMask: Tensor | null, numHeads: number): boolean {
  const qd = query.dim();
  if (qd === 3) {
    if (key.dim() !== 3 || value.dim() !== 3)
      throw new Error(`For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
    if (kpm !== null && kpm.dim() !== 2)
      throw new Error(`For batched (3-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 2-D but found ${kpm.dim()}-D tensor instead`);
    if (attnMask !== null && attnMask.dim() !== 2 && attnMask.dim() !== 3)
      throw new Error(`For batched (3-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`);
    return true;
  }
  if (qd === 2) {
    if (key.dim() !== 2 || value.dim() !== 2)
      throw new Error(`For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
    if (kpm !== null && kpm.dim() !== 1)
      throw new Error(`For unbatched (2-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 1-D but found ${kpm.dim()}-D tensor instead`);
    if (attnMask !== null) {
      if (attnMask.dim() !== 2 && attnMask.dim() !== 3)
        throw new Error(`For unbatched (2-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`);
      if (attnMask.dim() === 3) {
        const expected = [numHeads, query.size(0), key.size(0)];
        if (!sameShape(attnMask.shape, expected)) throw new Error(`Expected \`attn_mask\` shape to be ${tuple(expected)} but got ${size(attnMask)}`);
      }
    }
    return false;
  }
  throw new Error(`query should be unbatched 2D or batched 3D tensor but received ${qd}-D query tensor`);
}

interface MHAForwardArgs {
  embedDim: number; numHeads: number; inProjWeight: Tensor | null; inProjBias: Tensor | null; biasK: Tensor | null; biasV: Tensor | null;
  addZeroAttn: boolean; dropoutP: number; outProjWeight: Tensor; outProjBias: Tensor | null; training: boolean;
  keyPaddingMask: Tensor | null; needWeights: boolean; attnMask: Tensor | null; useSeparateProjWeight: boolean;
  qProjWeight: Tensor | null; kProjWeight: Tensor | null; vProjWeight: Tensor | null; averageAttnWeights: boolean; isCausal: boolean;
}

/** Python's F.multi_head_attention_forward (query, key, value in (L, N, E) or unbatched (L, E)). */
function multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor, a: MHAForwardArgs): [Tensor, Tensor | null] {
  let { keyPaddingMask: kpm, attnMask, isCausal, dropoutP } = a;
  const numHeads = a.numHeads;
  const isBatched = shapeCheck(query, key, value, kpm, attnMask, numHeads);
  if (!isBatched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (kpm !== null) kpm = kpm.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = query.shape;
  let srcLen = key.size(0);
  kpm = canonicalMask(kpm, "key_padding_mask", attnMask?.dtype ?? null, "attn_mask", query.dtype);
  if (isCausal && attnMask === null)
    throw new Error("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.");
  if (isCausal && kpm === null && !a.needWeights) attnMask = null;
  else {
    attnMask = canonicalMask(attnMask, "attn_mask", null, "", query.dtype, false);
    if (kpm !== null) isCausal = false;
  }
  if (embedDim !== a.embedDim) throw new Error(`was expecting embedding dimension of ${a.embedDim}, but got ${embedDim}`);
  const headDim = Math.floor(embedDim / numHeads);
  if (headDim * numHeads !== embedDim) throw new Error(`embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  let q: Tensor, k: Tensor, v: Tensor;
  if (a.useSeparateProjWeight) {
    if (!sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2)))
      throw new Error(`key's sequence and batch dims torch.Size([${key.shape.slice(0, 2).join(", ")}]) do not match value's torch.Size([${value.shape.slice(0, 2).join(", ")}])`);
    const [wq, wk, wv] = [a.qProjWeight!, a.kProjWeight!, a.vProjWeight!];
    const [bq, bk, bv] = a.inProjBias === null ? [null, null, null] : (a.inProjBias.chunk(3) as Tensor[]);
    const Eq = query.size(-1), Ek = key.size(-1), Ev = value.size(-1);
    if (!sameShape(wq.shape, [Eq, Eq])) throw new Error(`expecting query weights shape of ${tuple([Eq, Eq])}, but got ${size(wq)}`);
    if (!sameShape(wk.shape, [Eq, Ek])) throw new Error(`expecting key weights shape of ${tuple([Eq, Ek])}, but got ${size(wk)}`);
    if (!sameShape(wv.shape, [Eq, Ev])) throw new Error(`expecting value weights shape of ${tuple([Eq, Ev])}, but got ${size(wv)}`);
    [q, k, v] = [F.linear(query, wq, bq), F.linear(key, wk, bk), F.linear(value, wv, bv)];
  } else {
    if (!sameShape(key.shape, value.shape)) throw new Error(`key shape ${size(key)} does not match value shape ${size(value)}`);
    // Python's _in_projection_packed
    const w = a.inProjWeight!, b = a.inProjBias;
    const E = query.size(-1);
    if (key === value) {
      if (query === key) {
        const proj = F.linear(query, w, b).unflatten(-1, [3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
        [q, k, v] = [proj.index(0), proj.index(1), proj.index(2)];
      } else {
        const [wq, wkv] = w.split([E, E * 2]) as Tensor[];
        const [bq, bkv] = b === null ? [null, null] : (b.split([E, E * 2]) as Tensor[]);
        q = F.linear(query, wq, bq);
        const kv = F.linear(key, wkv, bkv).unflatten(-1, [2, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
        [k, v] = [kv.index(0), kv.index(1)];
      }
    } else {
      const [wq, wk, wv] = w.chunk(3) as Tensor[];
      const [bq, bk, bv] = b === null ? [null, null, null] : (b.chunk(3) as Tensor[]);
      [q, k, v] = [F.linear(query, wq, bq), F.linear(key, wk, bk), F.linear(value, wv, bv)];
    }
  }
  if (attnMask !== null) {
    if (attnMask.dim() === 2) {
      if (!sameShape(attnMask.shape, [tgtLen, srcLen]))
        throw new Error(`The shape of the 2D attn_mask is ${size(attnMask)}, but should be ${tuple([tgtLen, srcLen])}.`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.dim() === 3) {
      if (!sameShape(attnMask.shape, [bsz * numHeads, tgtLen, srcLen]))
        throw new Error(`The shape of the 3D attn_mask is ${size(attnMask)}, but should be ${tuple([bsz * numHeads, tgtLen, srcLen])}.`);
    } else throw new Error(`attn_mask's dimension ${attnMask.dim()} is not supported`);
  }
  if (a.biasK !== null && a.biasV !== null) {
    k = cat([k, a.biasK.repeat(1, bsz, 1)]);
    v = cat([v, a.biasV.repeat(1, bsz, 1)]);
    if (attnMask !== null) attnMask = padLast(attnMask);
    if (kpm !== null) kpm = padLast(kpm);
  } else {
    if (a.biasK !== null) throw new Error("bias_k is set but bias_v is None");
    if (a.biasV !== null) throw new Error("bias_v is set but bias_k is None");
  }
  q = q.view(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
  k = k.view(k.size(0), bsz * numHeads, headDim).transpose(0, 1);
  v = v.view(v.size(0), bsz * numHeads, headDim).transpose(0, 1);
  if (a.addZeroAttn) {
    const shape = [bsz * numHeads, 1, headDim];
    k = cat([k, zeros(shape, { dtype: k.dtype, device: k.device })], 1);
    v = cat([v, zeros(shape, { dtype: v.dtype, device: v.device })], 1);
    if (attnMask !== null) attnMask = padLast(attnMask);
    if (kpm !== null) kpm = padLast(kpm);
  }
  srcLen = k.size(1);
  if (kpm !== null) {
    if (kpm.size(0) !== bsz) throw new Error(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${kpm.size(0)}`);
    if (kpm.size(1) !== srcLen) throw new Error(`Expected key_padded_mask.shape[1] to be ${srcLen}, but got ${kpm.size(1)}`);
    const m = kpm.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
    attnMask = attnMask === null ? m : attnMask.add(m);
  }
  if (!a.training) dropoutP = 0;
  let out: Tensor;
  if (a.needWeights) {
    const E = q.size(2);
    const qs = q.mul(Math.sqrt(1.0 / E));
    if (isCausal && attnMask === null) throw new Error("FIXME: is_causal not implemented for need_weights");
    let w = attnMask !== null
      ? new Tensor(native.callOp(BADDBMM, attnMask._h, qs._h, k.transpose(-2, -1)._h))
      : qs.bmm(k.transpose(-2, -1));
    w = w.softmax(-1);
    if (dropoutP > 0) w = new Tensor(native.callOp(DROPOUT, w._h, dropoutP, true));
    out = w.bmm(v).transpose(0, 1).reshape(tgtLen * bsz, embedDim);
    out = F.linear(out, a.outProjWeight, a.outProjBias);
    out = out.view(tgtLen, bsz, out.size(1));
    w = w.view(bsz, numHeads, tgtLen, srcLen);
    if (a.averageAttnWeights) w = w.mean(1);
    if (!isBatched) {
      out = out.squeeze(1);
      w = w.squeeze(0);
    }
    return [out, w];
  }
  if (attnMask !== null) attnMask = attnMask.size(0) === 1 && attnMask.dim() === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, numHeads, -1, srcLen);
  const q4 = q.view(bsz, numHeads, tgtLen, headDim), k4 = k.view(bsz, numHeads, srcLen, headDim), v4 = v.view(bsz, numHeads, srcLen, headDim);
  out = new Tensor(native.callOp(SDPA, q4._h, k4._h, v4._h, attnMask?._h ?? null, dropoutP, isCausal, null, false));
  out = out.permute(2, 0, 1, 3).reshape(bsz * tgtLen, embedDim);
  out = F.linear(out, a.outProjWeight, a.outProjBias);
  out = out.view(tgtLen, bsz, out.size(1));
  if (!isBatched) out = out.squeeze(1);
  return [out, null];
}

// ---------------------------------------------------------------- MultiheadAttention

/** Python's out_proj class (a Linear under another name, so the module prints the same). */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MHAOptions {
  embedDim?: number; numHeads?: number; dropout?: number; bias?: boolean; addBiasKv?: boolean; addZeroAttn?: boolean;
  kdim?: number | null; vdim?: number | null; batchFirst?: boolean; device?: unknown; dtype?: dt.dtype;
}
export interface MHAForwardOptions {
  query?: Tensor; key?: Tensor; value?: Tensor;
  keyPaddingMask?: Tensor | null; needWeights?: boolean; attnMask?: Tensor | null; averageAttnWeights?: boolean; isCausal?: boolean;
}

/**
 * nn.MultiheadAttention(embedDim, numHeads, dropout = 0, bias = true, addBiasKv = false,
 * addZeroAttn = false, kdim = null, vdim = null, batchFirst = false, { device, dtype }):
 * `const [out, weights] = mha(query, key, value, { keyPaddingMask, needWeights, attnMask, averageAttnWeights, isCausal })`
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly _qkvSameEmbedDim: boolean;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly addZeroAttn: boolean;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;

  constructor(embedDim: number | MHAOptions, numHeads?: number | MHAOptions, ...rest: (number | boolean | null | MHAOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const [e, h, dropout = 0, bias = true, addBiasKv = false, addZeroAttn = false, kdim = null, vdim = null, batchFirst = false, device, dtype] =
      bind("MultiheadAttention", ["embedDim", "numHeads", "dropout", "bias", "addBiasKv", "addZeroAttn", "kdim", "vdim", "batchFirst", "device", "dtype"], args);
    const E = checkInt("MultiheadAttention", e, "embed_dim");
    const H = checkInt("MultiheadAttention", h, "num_heads");
    if (E <= 0 || H <= 0) throw new RangeError(`embed_dim and num_heads must be greater than 0, got embed_dim=${E} and num_heads=${H} instead`);
    const fk = { device: device ?? undefined, dtype: dtype ?? undefined } as never;
    this.embedDim = E;
    this.kdim = isNone(kdim) ? E : checkInt("MultiheadAttention", kdim, "kdim");
    this.vdim = isNone(vdim) ? E : checkInt("MultiheadAttention", vdim, "vdim");
    this._qkvSameEmbedDim = this.kdim === E && this.vdim === E;
    this.numHeads = H;
    if (typeof dropout !== "number") throw new TypeError(`MultiheadAttention(): argument 'dropout' must be float, not ${describeValue(dropout)}`);
    this.dropout = dropout;
    this.batchFirst = checkBool("MultiheadAttention", batchFirst, "batch_first", false);
    this.headDim = Math.floor(E / H);
    if (this.headDim * H !== E) throw new Error("embed_dim must be divisible by num_heads");
    if (!this._qkvSameEmbedDim) {
      this.q_proj_weight = new Parameter(empty([E, E], fk));
      this.k_proj_weight = new Parameter(empty([E, this.kdim], fk));
      this.v_proj_weight = new Parameter(empty([E, this.vdim], fk));
      this.registerParameter("in_proj_weight", null);
    } else {
      this.in_proj_weight = new Parameter(empty([3 * E, E], fk));
      this.registerParameter("q_proj_weight", null);
      this.registerParameter("k_proj_weight", null);
      this.registerParameter("v_proj_weight", null);
    }
    const b = checkBool("MultiheadAttention", bias, "bias", true);
    if (b) this.in_proj_bias = new Parameter(empty([3 * E], fk));
    else this.registerParameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(E, E, { bias: b, device: device ?? undefined, dtype: dtype ?? undefined } as never);
    if (checkBool("MultiheadAttention", addBiasKv, "add_bias_kv", false)) {
      this.bias_k = new Parameter(empty([1, 1, E], fk));
      this.bias_v = new Parameter(empty([1, 1, E], fk));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.addZeroAttn = checkBool("MultiheadAttention", addZeroAttn, "add_zero_attn", false);
    this.resetParameters();
  }

  /** Python's _reset_parameters: xavier_uniform_ projections, zero biases, xavier_normal_ bias_k/bias_v. */
  resetParameters(): void {
    if (this._qkvSameEmbedDim) init.xavierUniform_(this.in_proj_weight!);
    else {
      init.xavierUniform_(this.q_proj_weight!);
      init.xavierUniform_(this.k_proj_weight!);
      init.xavierUniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias!, 0);
    }
    if (this.bias_k !== null) init.xavierNormal_(this.bias_k);
    if (this.bias_v !== null) init.xavierNormal_(this.bias_v);
  }

  forward(query: Tensor, key: Tensor, value: Tensor, options?: MHAForwardOptions): [Tensor, Tensor | null];
  forward(query: Tensor, key: Tensor, value: Tensor, keyPaddingMask?: Tensor | null, needWeights?: boolean, attnMask?: Tensor | null,
    averageAttnWeights?: boolean, isCausal?: boolean, options?: MHAForwardOptions): [Tensor, Tensor | null];
  forward(...args: unknown[]): [Tensor, Tensor | null] {
    const [q0, k0, v0, kpm0, needWeights0, am0, avg0, causal0] = bind("MultiheadAttention.forward",
      ["query", "key", "value", "keyPaddingMask", "needWeights", "attnMask", "averageAttnWeights", "isCausal"], args);
    const fn = "MultiheadAttention.forward";
    let query = tensorArg(fn, q0, "query"), key = tensorArg(fn, k0, "key"), value = tensorArg(fn, v0, "value");
    let kpm = optTensor(fn, kpm0, "key_padding_mask"), attnMask = optTensor(fn, am0, "attn_mask");
    const needWeights = checkBool(fn, needWeights0, "need_weights", true);
    const averageAttnWeights = checkBool(fn, avg0, "average_attn_weights", true);
    const isCausal = checkBool(fn, causal0 ?? undefined, "is_causal", false);
    let whyNot = "";
    if ((attnMask !== null && attnMask.isFloatingPoint()) || (kpm !== null && kpm.isFloatingPoint()))
      whyNot = "floating-point masks are not supported for fast path.";
    const isBatched = query.dim() === 3;
    kpm = canonicalMask(kpm, "key_padding_mask", attnMask?.dtype ?? null, "attn_mask", query.dtype);
    attnMask = canonicalMask(attnMask, "attn_mask", null, "", query.dtype, false);
    const w = this.in_proj_weight, b = this.in_proj_bias;
    if (!backends.mha.getFastpathEnabled()) whyNot = "torch.backends.mha.get_fastpath_enabled() was not True";
    else if (!isBatched) whyNot = `input not batched; expected query.dim() of 3 but got ${query.dim()}`;
    else if (query !== key || key !== value) whyNot = "non-self attention was used (query, key, and value are not the same Tensor)";
    else if (b !== null && query.dtype !== b.dtype) whyNot = "dtypes of query and self.in_proj_bias don't match";
    else if (w === null) whyNot = "in_proj_weight was None";
    else if (query.dtype !== w.dtype) whyNot = "dtypes of query and self.in_proj_weight don't match";
    else if (this.training) whyNot = "training is enabled";
    else if (this.numHeads % 2 !== 0) whyNot = "self.num_heads is not even";
    else if (!this.batchFirst) whyNot = "batch_first was not True";
    else if (this.bias_k !== null) whyNot = "self.bias_k was not None";
    else if (this.bias_v !== null) whyNot = "self.bias_v was not None";
    else if (this.addZeroAttn) whyNot = "add_zero_attn was enabled";
    else if (!this._qkvSameEmbedDim) whyNot = "_qkv_same_embed_dim was not True";
    else if (isNested(query) && (kpm !== null || attnMask !== null))
      whyNot = "supplying both src_key_padding_mask and src_mask at the same time                                  is not supported with NestedTensor input";
    if (!whyNot) {
      const targs = [query, key, value, w, b, this.out_proj.weight, this.out_proj.bias];
      if (!targs.every((t) => supportedDevice(t))) whyNot = "some Tensor argument's device is neither one of cpu, cuda or privateuseone";
      else if (native.isGradEnabled() && targs.some((t) => t !== null && t.requiresGrad))
        whyNot = "grad is enabled and at least one of query or the input/output projection weights or biases requires_grad";
      if (!whyNot) {
        const [merged, maskType] = this.mergeMasks(attnMask, kpm, query);
        if (b !== null && w !== null) {
          const [o, aw] = native.callOp(NATIVE_MHA, query._h, key._h, value._h, this.embedDim, this.numHeads, w._h, b._h,
            this.out_proj.weight._h, this.out_proj.bias?._h ?? null, merged?._h ?? null, needWeights, averageAttnWeights, maskType) as Handle[];
          const out = new Tensor(o);
          if (isNested(query)) nested.add(out);
          return [out, needWeights && aw !== null ? new Tensor(aw) : null];
        }
      }
    }
    if (isNested(query) || isNested(key) || isNested(value))
      throw new Error(`MultiheadAttention does not support NestedTensor outside of its fast path. The fast path was not hit because ${whyNot}`);
    if (this.batchFirst && isBatched) {
      if (key === value) {
        if (query === key) query = key = value = query.transpose(1, 0);
        else {
          [query, key] = [query.transpose(1, 0), key.transpose(1, 0)];
          value = key;
        }
      } else [query, key, value] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
    }
    const [out, weights] = multiHeadAttentionForward(query, key, value, {
      embedDim: this.embedDim, numHeads: this.numHeads, inProjWeight: w, inProjBias: b, biasK: this.bias_k, biasV: this.bias_v,
      addZeroAttn: this.addZeroAttn, dropoutP: this.dropout, outProjWeight: this.out_proj.weight, outProjBias: this.out_proj.bias,
      training: this.training, keyPaddingMask: kpm, needWeights, attnMask, useSeparateProjWeight: !this._qkvSameEmbedDim,
      qProjWeight: this.q_proj_weight, kProjWeight: this.k_proj_weight, vProjWeight: this.v_proj_weight, averageAttnWeights, isCausal,
    });
    return [this.batchFirst && isBatched ? out.transpose(1, 0) : out, weights];
  }

  /** Python's merge_masks(attn_mask, key_padding_mask, query) for the fast path: [mergedMask, maskType]. */
  mergeMasks(attnMask: Tensor | null, keyPaddingMask: Tensor | null, query: Tensor): [Tensor | null, number | null] {
    let maskType: number | null = null, merged: Tensor | null = null;
    if (keyPaddingMask !== null) {
      maskType = 1;
      merged = keyPaddingMask;
    }
    if (attnMask !== null) {
      const [batchSize, seqLen] = query.shape;
      maskType = 2;
      const expanded = attnMask.dim() === 3
        ? attnMask.view(batchSize, -1, seqLen, seqLen)
        : attnMask.view(1, 1, seqLen, seqLen).expand(batchSize, this.numHeads, -1, -1);
      merged = expanded;
      if (keyPaddingMask !== null) merged = expanded.add(keyPaddingMask.view(batchSize, 1, 1, seqLen).expand(-1, this.numHeads, -1, -1));
    }
    return [merged, maskType];
  }
}

// ---------------------------------------------------------------- layers

const fRelu = F.relu;
const fGelu: (x: Tensor) => Tensor = (F as unknown as { gelu?: (x: Tensor) => Tensor }).gelu ?? ((x: Tensor) => GELU_OP(x._h, "none") as Tensor);

/** Python's _get_activation_fn: "relu" -> F.relu, "gelu" -> F.gelu. */
function getActivationFn(activation: string): (x: Tensor) => Tensor {
  if (activation === "relu") return fRelu;
  if (activation === "gelu") return fGelu;
  throw new Error(`activation should be relu/gelu, not ${activation}`);
}
function checkActivation(fn: string, a: unknown): Act | string {
  if (typeof a === "string" || typeof a === "function") return a as Act | string;
  throw new TypeError(`${fn}(): argument 'activation' must be str or callable, not ${describeValue(a)}`);
}

export interface TransformerLayerOptions {
  dModel?: number; nhead?: number; dimFeedforward?: number; dropout?: number; activation?: "relu" | "gelu" | Act;
  layerNormEps?: number; batchFirst?: boolean; normFirst?: boolean; bias?: boolean; device?: DeviceLike | null; dtype?: dt.dtype | null;
}
const LAYER_ARGS = ["dModel", "nhead", "dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst", "bias", "device", "dtype"];

/**
 * nn.TransformerEncoderLayer(dModel, nhead, dimFeedforward = 2048, dropout = 0.1,
 * activation = "relu" (or F.relu, a function, a Module), layerNormEps = 1e-5,
 * batchFirst = false, normFirst = false, bias = true):
 * `layer(src, { srcMask, srcKeyPaddingMask, isCausal })`
 */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare normFirst: boolean;
  /** Python's activation_relu_or_gelu: 1 for relu, 2 for gelu, 0 otherwise (the fast path needs 1 or 2). */
  declare activationReluOrGelu: number;
  declare activation: Act;

  constructor(dModel: number | TransformerLayerOptions, nhead?: number | TransformerLayerOptions, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const [dModel, nhead, dimFf = 2048, dropout = 0.1, activation = fRelu, eps = 1e-5, batchFirst = false, normFirst = false, bias = true, device, dtype] =
      bind("TransformerEncoderLayer", LAYER_ARGS, args);
    const d = checkInt("TransformerEncoderLayer", dModel, "d_model"), ff = checkInt("TransformerEncoderLayer", dimFf, "dim_feedforward");
    const b = checkBool("TransformerEncoderLayer", bias, "bias", true);
    const fk = { device: device ?? undefined, dtype: (dtype ?? undefined) as dt.dtype | undefined };
    this.self_attn = new MultiheadAttention(d, nhead as number, { dropout: dropout as number, bias: b, batchFirst: batchFirst as boolean, ...fk });
    this.linear1 = new Linear(d, ff, { bias: b, ...fk } as never);
    this.dropout = new Dropout(dropout as number);
    this.linear2 = new Linear(ff, d, { bias: b, ...fk } as never);
    this.normFirst = checkBool("TransformerEncoderLayer", normFirst, "norm_first", false);
    this.norm1 = new LayerNorm(d, { eps, bias: b, ...fk } as never);
    this.norm2 = new LayerNorm(d, { eps, bias: b, ...fk } as never);
    this.dropout1 = new Dropout(dropout as number);
    this.dropout2 = new Dropout(dropout as number);
    let act = checkActivation("TransformerEncoderLayer", activation);
    if (typeof act === "string") act = getActivationFn(act);
    if (act === fRelu || act instanceof ReLU) this.activationReluOrGelu = 1;
    else if (act === fGelu || act instanceof GELU) this.activationReluOrGelu = 2;
    else this.activationReluOrGelu = 0;
    this.activation = act;
  }

  forward(src: Tensor, options?: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean }): Tensor;
  forward(src: Tensor, srcMask?: Tensor | null, srcKeyPaddingMask?: Tensor | null, isCausal?: boolean): Tensor;
  forward(...args: unknown[]): Tensor {
    const fn = "TransformerEncoderLayer.forward";
    const [s0, m0, k0, c0] = bind(fn, ["src", "srcMask", "srcKeyPaddingMask", "isCausal"], args);
    const src = tensorArg(fn, s0, "src");
    let srcMask = optTensor(fn, m0, "src_mask"), kpm = optTensor(fn, k0, "src_key_padding_mask");
    const isCausal = checkBool(fn, c0 ?? undefined, "is_causal", false);
    kpm = canonicalMask(kpm, "src_key_padding_mask", srcMask?.dtype ?? null, "src_mask", src.dtype);
    srcMask = canonicalMask(srcMask, "src_mask", null, "", src.dtype, false);
    const sa = this.self_attn;
    let whyNot = "";
    if (!backends.mha.getFastpathEnabled()) whyNot = "torch.backends.mha.get_fastpath_enabled() was not True";
    else if (src.dim() !== 3) whyNot = `input not batched; expected src.dim() of 3 but got ${src.dim()}`;
    else if (this.training) whyNot = "training is enabled";
    else if (!sa.batchFirst) whyNot = "self_attn.batch_first was not True";
    else if (sa.in_proj_bias === null) whyNot = "self_attn was passed bias=False";
    else if (!sa._qkvSameEmbedDim) whyNot = "self_attn._qkv_same_embed_dim was not True";
    else if (!this.activationReluOrGelu) whyNot = "activation_relu_or_gelu was not True";
    else if (this.norm1.eps !== this.norm2.eps) whyNot = "norm1.eps is not equal to norm2.eps";
    else if (isNested(src) && (kpm !== null || srcMask !== null))
      whyNot = "neither src_key_padding_mask nor src_mask are not supported with NestedTensor input";
    else if (sa.numHeads % 2 === 1) whyNot = "num_head is odd";
    else if ([...this.modules()].some((m) => m._self._forwardHooks.size + m._self._forwardPreHooks.size > 0))
      whyNot = "forward pre-/hooks are attached to the module";
    if (!whyNot) {
      const targs = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, this.norm1.weight, this.norm1.bias,
        this.norm2.weight, this.norm2.bias, this.linear1.weight, this.linear1.bias, this.linear2.weight, this.linear2.bias];
      if (!targs.every((t) => supportedDevice(t))) whyNot = "some Tensor argument's device is neither one of cpu, cuda";
      else if (native.isGradEnabled() && targs.some((t) => t !== null && t.requiresGrad))
        whyNot = "grad is enabled and at least one of query or the input/output projection weights or biases requires_grad";
      if (!whyNot) {
        const [merged, maskType] = sa.mergeMasks(srcMask, kpm, src);
        const h = (t: Tensor | null) => t?._h ?? null;
        const out = new Tensor(native.callOp(ENC_LAYER_FWD, src._h, sa.embedDim, sa.numHeads, h(sa.in_proj_weight), h(sa.in_proj_bias),
          h(sa.out_proj.weight), h(sa.out_proj.bias), this.activationReluOrGelu === 2, this.normFirst, this.norm1.eps,
          h(this.norm1.weight), h(this.norm1.bias), h(this.norm2.weight), h(this.norm2.bias), h(this.linear1.weight), h(this.linear1.bias),
          h(this.linear2.weight), h(this.linear2.bias), h(merged), maskType));
        if (isNested(src)) nested.add(out);
        return out;
      }
    }
    let x = src;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1(x) as Tensor, srcMask, kpm, isCausal));
      x = x.add(this.ffBlock(this.norm2(x) as Tensor));
    } else {
      x = this.norm1(x.add(this.saBlock(x, srcMask, kpm, isCausal))) as Tensor;
      x = this.norm2(x.add(this.ffBlock(x))) as Tensor;
    }
    return x;
  }
  private saBlock(x: Tensor, mask: Tensor | null, kpm: Tensor | null, isCausal: boolean): Tensor {
    const [o] = this.self_attn(x, x, x, { attnMask: mask, keyPaddingMask: kpm, needWeights: false, isCausal }) as [Tensor, null];
    return this.dropout1(o) as Tensor;
  }
  private ffBlock(x: Tensor): Tensor {
    return this.dropout2(this.linear2(this.dropout(this.activation(this.linear1(x) as Tensor)))) as Tensor;
  }
}

export interface DecoderForwardOptions {
  tgtMask?: Tensor | null; memoryMask?: Tensor | null; tgtKeyPaddingMask?: Tensor | null; memoryKeyPaddingMask?: Tensor | null;
  tgtIsCausal?: boolean | null; memoryIsCausal?: boolean;
}
const DECODER_FWD = ["tgt", "memory", "tgtMask", "memoryMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask", "tgtIsCausal", "memoryIsCausal"];

/**
 * nn.TransformerDecoderLayer(dModel, nhead, dimFeedforward = 2048, dropout = 0.1,
 * activation = "relu", layerNormEps = 1e-5, batchFirst = false, normFirst = false, bias = true):
 * `layer(tgt, memory, { tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal })`
 */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare normFirst: boolean;
  declare activation: Act;

  constructor(dModel: number | TransformerLayerOptions, nhead?: number | TransformerLayerOptions, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const [dModel, nhead, dimFf = 2048, dropout = 0.1, activation = fRelu, eps = 1e-5, batchFirst = false, normFirst = false, bias = true, device, dtype] =
      bind("TransformerDecoderLayer", LAYER_ARGS, args);
    const d = checkInt("TransformerDecoderLayer", dModel, "d_model"), ff = checkInt("TransformerDecoderLayer", dimFf, "dim_feedforward");
    const b = checkBool("TransformerDecoderLayer", bias, "bias", true);
    const fk = { device: device ?? undefined, dtype: (dtype ?? undefined) as dt.dtype | undefined };
    const mhaOpts = { dropout: dropout as number, batchFirst: batchFirst as boolean, bias: b, ...fk };
    this.self_attn = new MultiheadAttention(d, nhead as number, mhaOpts);
    this.multihead_attn = new MultiheadAttention(d, nhead as number, mhaOpts);
    this.linear1 = new Linear(d, ff, { bias: b, ...fk } as never);
    this.dropout = new Dropout(dropout as number);
    this.linear2 = new Linear(ff, d, { bias: b, ...fk } as never);
    this.normFirst = checkBool("TransformerDecoderLayer", normFirst, "norm_first", false);
    this.norm1 = new LayerNorm(d, { eps, bias: b, ...fk } as never);
    this.norm2 = new LayerNorm(d, { eps, bias: b, ...fk } as never);
    this.norm3 = new LayerNorm(d, { eps, bias: b, ...fk } as never);
    this.dropout1 = new Dropout(dropout as number);
    this.dropout2 = new Dropout(dropout as number);
    this.dropout3 = new Dropout(dropout as number);
    const act = checkActivation("TransformerDecoderLayer", activation);
    this.activation = typeof act === "string" ? getActivationFn(act) : act;
  }

  forward(tgt: Tensor, memory: Tensor, options?: DecoderForwardOptions): Tensor;
  forward(tgt: Tensor, memory: Tensor, tgtMask?: Tensor | null, memoryMask?: Tensor | null, tgtKeyPaddingMask?: Tensor | null,
    memoryKeyPaddingMask?: Tensor | null, tgtIsCausal?: boolean, memoryIsCausal?: boolean): Tensor;
  forward(...args: unknown[]): Tensor {
    const fn = "TransformerDecoderLayer.forward";
    const [t0, m0, tm, mm, tk, mk, tc, mc] = bind(fn, DECODER_FWD, args);
    const tgt = tensorArg(fn, t0, "tgt"), memory = tensorArg(fn, m0, "memory");
    const tgtMask = optTensor(fn, tm, "tgt_mask"), memoryMask = optTensor(fn, mm, "memory_mask");
    const tgtKpm = optTensor(fn, tk, "tgt_key_padding_mask"), memKpm = optTensor(fn, mk, "memory_key_padding_mask");
    const tgtIsCausal = checkBool(fn, tc ?? undefined, "tgt_is_causal", false), memoryIsCausal = checkBool(fn, mc ?? undefined, "memory_is_causal", false);
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1(x) as Tensor, tgtMask, tgtKpm, tgtIsCausal));
      x = x.add(this.mhaBlock(this.norm2(x) as Tensor, memory, memoryMask, memKpm, memoryIsCausal));
      x = x.add(this.ffBlock(this.norm3(x) as Tensor));
    } else {
      x = this.norm1(x.add(this.saBlock(x, tgtMask, tgtKpm, tgtIsCausal))) as Tensor;
      x = this.norm2(x.add(this.mhaBlock(x, memory, memoryMask, memKpm, memoryIsCausal))) as Tensor;
      x = this.norm3(x.add(this.ffBlock(x))) as Tensor;
    }
    return x;
  }
  private saBlock(x: Tensor, mask: Tensor | null, kpm: Tensor | null, isCausal: boolean): Tensor {
    const [o] = this.self_attn(x, x, x, { attnMask: mask, keyPaddingMask: kpm, isCausal, needWeights: false }) as [Tensor, null];
    return this.dropout1(o) as Tensor;
  }
  private mhaBlock(x: Tensor, mem: Tensor, mask: Tensor | null, kpm: Tensor | null, isCausal: boolean): Tensor {
    const [o] = this.multihead_attn(x, mem, mem, { attnMask: mask, keyPaddingMask: kpm, isCausal, needWeights: false }) as [Tensor, null];
    return this.dropout2(o) as Tensor;
  }
  private ffBlock(x: Tensor): Tensor {
    return this.dropout3(this.linear2(this.dropout(this.activation(this.linear1(x) as Tensor)))) as Tensor;
  }
}

// ---------------------------------------------------------------- stacks

/** Python's _get_clones: a ModuleList of n deep copies. */
function getClones(module: Module, n: number): ModuleList {
  return new ModuleList(Array.from({ length: n }, () => deepcopy(module)));
}
function checkModule(fn: string, m: unknown, what: string): Module {
  if (m instanceof Module) return m;
  throw new TypeError(`${fn}(): argument '${what}' must be a Module, not ${describeValue(m)}`);
}
function checkNorm(fn: string, m: unknown): Module | null {
  return isNone(m) ? null : checkModule(fn, m, "norm");
}

/**
 * nn.TransformerEncoder(encoderLayer, numLayers, norm = null, enableNestedTensor = true, maskCheck = true):
 * numLayers deep copies of encoderLayer. `encoder(src, { mask, srcKeyPaddingMask, isCausal })`
 */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare numLayers: number;
  declare norm: Module | null;
  declare enableNestedTensor: boolean;
  declare useNestedTensor: boolean;
  declare maskCheck: boolean;

  constructor(encoderLayer: Module | { encoderLayer?: Module; numLayers?: number; norm?: Module | null; enableNestedTensor?: boolean; maskCheck?: boolean },
    ...rest: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const fn = "TransformerEncoder";
    const [layer0, n0, norm, enable = true, maskCheck = true] = bind(fn, ["encoderLayer", "numLayers", "norm", "enableNestedTensor", "maskCheck"], args);
    const layer = checkModule(fn, layer0, "encoder_layer");
    const n = checkInt(fn, n0, "num_layers");
    this.layers = getClones(layer, n);
    this.numLayers = n;
    this.norm = checkNorm(fn, norm);
    this.enableNestedTensor = checkBool(fn, enable, "enable_nested_tensor", true);
    this.useNestedTensor = this.enableNestedTensor;
    this.maskCheck = checkBool(fn, maskCheck, "mask_check", true);
    const encLayer = "encoder_layer";
    let whyNot = "";
    if (!(layer instanceof TransformerEncoderLayer)) whyNot = `${encLayer} was not TransformerEncoderLayer`;
    else if (layer.normFirst) whyNot = `${encLayer}.norm_first was True`;
    else if (!layer.self_attn.batchFirst) whyNot = `${encLayer}.self_attn.batch_first was not True(use batch_first for better inference performance)`;
    else if (!layer.self_attn._qkvSameEmbedDim) whyNot = `${encLayer}.self_attn._qkv_same_embed_dim was not True`;
    else if (layer.self_attn.in_proj_bias === null) whyNot = `${encLayer}.self_attn was passed bias=False`;
    else if (!layer.activationReluOrGelu) whyNot = `${encLayer}.activation_relu_or_gelu was not True`;
    else if (layer.norm1.eps !== layer.norm2.eps) whyNot = `${encLayer}.norm1.eps was not equal to ${encLayer}.norm2.eps`;
    else if (layer.self_attn.numHeads % 2 === 1) whyNot = `${encLayer}.self_attn.num_heads is odd`;
    if (this.enableNestedTensor && whyNot) {
      warnOnce(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${whyNot}`);
      this.useNestedTensor = false;
    }
  }

  forward(src: Tensor, options?: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean | null }): Tensor;
  forward(src: Tensor, mask?: Tensor | null, srcKeyPaddingMask?: Tensor | null, isCausal?: boolean | null): Tensor;
  forward(...args: unknown[]): Tensor {
    const fn = "TransformerEncoder.forward";
    const [s0, m0, k0, c0] = bind(fn, ["src", "mask", "srcKeyPaddingMask", "isCausal"], args);
    const src = tensorArg(fn, s0, "src");
    let mask = optTensor(fn, m0, "mask"), kpm = optTensor(fn, k0, "src_key_padding_mask");
    const isCausal0 = isNone(c0) ? null : checkBool(fn, c0, "is_causal", false);
    kpm = canonicalMask(kpm, "src_key_padding_mask", mask?.dtype ?? null, "mask", src.dtype);
    mask = canonicalMask(mask, "mask", null, "", src.dtype, false);
    let output = src;
    let convertToNested = false;
    const first = this.layers.getItem(0) as TransformerEncoderLayer;
    let kpmForLayers = kpm;
    let whyNot = "";
    const batchFirst = first.self_attn.batchFirst;
    if (!backends.mha.getFastpathEnabled()) whyNot = "torch.backends.mha.get_fastpath_enabled() was not True";
    else if (!this.useNestedTensor) whyNot = "self.use_nested_tensor (set in init) was not True";
    else if (first.training) whyNot = "self.layers[0] was in training mode";
    else if (src.dim() !== 3) whyNot = `input not batched; expected src.dim() of 3 but got ${src.dim()}`;
    else if (kpm === null) whyNot = "src_key_padding_mask was None";
    else if (this.maskCheck && !(native.callOp(NT_LEFT_ALIGNED, src._h, kpm.logicalNot()._h) as unknown as boolean))
      whyNot = "mask_check enabled, and src and src_key_padding_mask was not left aligned";
    else if (isNested(output)) whyNot = "NestedTensor input is not supported";
    else if (mask !== null) whyNot = "src_key_padding_mask and mask were both supplied";
    if (!whyNot) {
      const sa = first.self_attn;
      const targs = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, first.norm1.weight, first.norm1.bias,
        first.norm2.weight, first.norm2.bias, first.linear1.weight, first.linear1.bias, first.linear2.weight, first.linear2.bias];
      if (!supportedDevice(src)) whyNot = "src device is neither one of cpu, cuda";
      else if (native.isGradEnabled() && targs.some((t) => t !== null && t.requiresGrad))
        whyNot = "grad is enabled and at least one of query or the input/output projection weights or biases requires_grad";
      if (!whyNot && kpm !== null) {
        convertToNested = true;
        output = new Tensor(native.callOp(NT_FROM_MASK, output._h, kpm.logicalNot()._h, false));
        nested.add(output);
        kpmForLayers = null;
      }
    }
    const seqLen = getSeqLen(src, batchFirst);
    const isCausal = detectIsCausalMask(mask, isCausal0, seqLen);
    for (const mod of this.layers) output = mod(output, { srcMask: mask, isCausal, srcKeyPaddingMask: kpmForLayers }) as Tensor;
    if (convertToNested) output = new Tensor(native.callOp(TO_PADDED, output._h, 0.0, src.shape));
    if (this.norm !== null) output = this.norm(output) as Tensor;
    return output;
  }
}

/** nn.TransformerDecoder(decoderLayer, numLayers, norm = null): `decoder(tgt, memory, { tgtMask, ... })` */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare numLayers: number;
  declare norm: Module | null;

  constructor(decoderLayer: Module | { decoderLayer?: Module; numLayers?: number; norm?: Module | null }, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const fn = "TransformerDecoder";
    const [layer0, n0, norm] = bind(fn, ["decoderLayer", "numLayers", "norm"], args);
    const layer = checkModule(fn, layer0, "decoder_layer");
    const n = checkInt(fn, n0, "num_layers");
    this.layers = getClones(layer, n);
    this.numLayers = n;
    this.norm = checkNorm(fn, norm);
  }

  forward(tgt: Tensor, memory: Tensor, options?: DecoderForwardOptions): Tensor;
  forward(tgt: Tensor, memory: Tensor, tgtMask?: Tensor | null, memoryMask?: Tensor | null, tgtKeyPaddingMask?: Tensor | null,
    memoryKeyPaddingMask?: Tensor | null, tgtIsCausal?: boolean | null, memoryIsCausal?: boolean): Tensor;
  forward(...args: unknown[]): Tensor {
    const fn = "TransformerDecoder.forward";
    const [t0, m0, tm, mm, tk, mk, tc, mc] = bind(fn, DECODER_FWD, args);
    const tgt = tensorArg(fn, t0, "tgt"), memory = tensorArg(fn, m0, "memory");
    const tgtMask = optTensor(fn, tm, "tgt_mask");
    const first = this.layers.getItem(0) as TransformerDecoderLayer;
    const seqLen = getSeqLen(tgt, first.self_attn.batchFirst);
    const tgtIsCausal = detectIsCausalMask(tgtMask, isNone(tc) ? null : checkBool(fn, tc, "tgt_is_causal", false), seqLen);
    const memoryIsCausal = checkBool(fn, mc ?? undefined, "memory_is_causal", false);
    let output = tgt;
    for (const mod of this.layers)
      output = mod(output, memory, { tgtMask, memoryMask: mm ?? null, tgtKeyPaddingMask: tk ?? null, memoryKeyPaddingMask: mk ?? null, tgtIsCausal, memoryIsCausal }) as Tensor;
    if (this.norm !== null) output = this.norm(output) as Tensor;
    return output;
  }
}

export interface TransformerOptions extends TransformerLayerOptions {
  numEncoderLayers?: number; numDecoderLayers?: number; customEncoder?: Module | null; customDecoder?: Module | null;
}
export interface TransformerForwardOptions {
  srcMask?: Tensor | null; tgtMask?: Tensor | null; memoryMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null; memoryKeyPaddingMask?: Tensor | null; srcIsCausal?: boolean | null; tgtIsCausal?: boolean | null;
  memoryIsCausal?: boolean;
}

/**
 * nn.Transformer(dModel = 512, nhead = 8, numEncoderLayers = 6, numDecoderLayers = 6,
 * dimFeedforward = 2048, dropout = 0.1, activation = "relu", customEncoder = null,
 * customDecoder = null, layerNormEps = 1e-5, batchFirst = false, normFirst = false, bias = true):
 * `model(src, tgt, { srcMask, tgtMask, memoryMask, srcKeyPaddingMask, ... })`
 */
export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  declare dModel: number;
  declare nhead: number;
  declare batchFirst: boolean;

  constructor(...args: PyArgs<[dModel: number, nhead: number, numEncoderLayers: number, numDecoderLayers: number, dimFeedforward: number,
    dropout: number, activation: "relu" | "gelu" | Act, customEncoder: Module | null, customDecoder: Module | null, layerNormEps: number,
    batchFirst: boolean, normFirst: boolean, bias: boolean, device: DeviceLike | null, dtype: dt.dtype | null], TransformerOptions>);
  constructor(...args: unknown[]) {
    super();
    const fn = "Transformer";
    const [dModel = 512, nhead = 8, nEnc = 6, nDec = 6, dimFf = 2048, dropout = 0.1, activation = fRelu, customEncoder = null, customDecoder = null,
      eps = 1e-5, batchFirst = false, normFirst = false, bias = true, device, dtype] = bind(fn, ["dModel", "nhead", "numEncoderLayers",
      "numDecoderLayers", "dimFeedforward", "dropout", "activation", "customEncoder", "customDecoder", "layerNormEps", "batchFirst", "normFirst",
      "bias", "device", "dtype"], args);
    const layerArgs = [dModel, nhead, dimFf, dropout, activation, eps, batchFirst, normFirst, bias, { device, dtype }];
    if (!isNone(customEncoder)) this.encoder = checkModule(fn, customEncoder, "custom_encoder");
    else {
      const encoderLayer = new TransformerEncoderLayer(...(layerArgs as [number]));
      const encoderNorm = new LayerNorm(dModel as number, { eps, bias, device, dtype } as never);
      this.encoder = new TransformerEncoder(encoderLayer, nEnc as number, encoderNorm);
    }
    if (!isNone(customDecoder)) this.decoder = checkModule(fn, customDecoder, "custom_decoder");
    else {
      const decoderLayer = new TransformerDecoderLayer(...(layerArgs as [number]));
      const decoderNorm = new LayerNorm(dModel as number, { eps, bias, device, dtype } as never);
      this.decoder = new TransformerDecoder(decoderLayer, nDec as number, decoderNorm);
    }
    this.resetParameters();
    this.dModel = dModel as number;
    this.nhead = nhead as number;
    this.batchFirst = batchFirst as boolean;
  }

  forward(src: Tensor, tgt: Tensor, options?: TransformerForwardOptions): Tensor;
  forward(src: Tensor, tgt: Tensor, srcMask?: Tensor | null, tgtMask?: Tensor | null, memoryMask?: Tensor | null, srcKeyPaddingMask?: Tensor | null,
    tgtKeyPaddingMask?: Tensor | null, memoryKeyPaddingMask?: Tensor | null, srcIsCausal?: boolean | null, tgtIsCausal?: boolean | null,
    memoryIsCausal?: boolean): Tensor;
  forward(...args: unknown[]): Tensor {
    const fn = "Transformer.forward";
    const [s0, t0, srcMask, tgtMask, memoryMask, srcKpm, tgtKpm, memKpm, srcIsCausal, tgtIsCausal, memoryIsCausal = false] = bind(fn, ["src", "tgt",
      "srcMask", "tgtMask", "memoryMask", "srcKeyPaddingMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask", "srcIsCausal", "tgtIsCausal",
      "memoryIsCausal"], args);
    const src = tensorArg(fn, s0, "src"), tgt = tensorArg(fn, t0, "tgt");
    const isBatched = src.dim() === 3;
    if (!this.batchFirst && src.size(1) !== tgt.size(1) && isBatched) throw new Error("the batch number of src and tgt must be equal");
    else if (this.batchFirst && src.size(0) !== tgt.size(0) && isBatched) throw new Error("the batch number of src and tgt must be equal");
    if (src.size(-1) !== this.dModel || tgt.size(-1) !== this.dModel) throw new Error("the feature number of src and tgt must be equal to d_model");
    const memory = this.encoder(src, { mask: srcMask ?? null, srcKeyPaddingMask: srcKpm ?? null, isCausal: srcIsCausal ?? null }) as Tensor;
    return this.decoder(tgt, memory, {
      tgtMask: tgtMask ?? null, memoryMask: memoryMask ?? null, tgtKeyPaddingMask: tgtKpm ?? null, memoryKeyPaddingMask: memKpm ?? null,
      tgtIsCausal: tgtIsCausal ?? null, memoryIsCausal,
    }) as Tensor;
  }

  /** Transformer.generateSquareSubsequentMask(sz, device?, dtype?): -inf above the diagonal, 0.0 elsewhere. */
  static generateSquareSubsequentMask(sz: number | { sz?: number; device?: unknown; dtype?: dt.dtype }, device?: unknown, dtype?: dt.dtype | null): Tensor {
    const [n, d, t] = bind("generate_square_subsequent_mask", ["sz", "device", "dtype"], [sz, device, dtype].filter((v) => v !== undefined));
    return generateSquareSubsequentMask(checkInt("generate_square_subsequent_mask", n, "sz"), d, (t ?? null) as dt.dtype | null);
  }

  /** Python's _reset_parameters: xavier_uniform_ on every parameter with more than one dimension. */
  resetParameters(): void {
    for (const p of this.parameters()) if (p.dim() > 1) init.xavierUniform_(p);
  }
}
