// MultiheadAttention options (kdim/vdim, bias_kv, zero_attn, no bias, causal,
// 3-D masks, unbatched, eval fast path), TransformerEncoder/DecoderLayer
// variants, TransformerEncoder (incl. the nested-tensor path), TransformerDecoder,
// Transformer, against Python: initial parameters after the same seed, print,
// outputs, gradients and errors.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";
import { ULPS, closeTo } from "../tolerance";

type Enc = { shape: number[]; values: (number | string)[] } | null; // non-finite values as strings
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_transformer_more.json"), "utf8"));
const close = (t: Tensor | null, e: Enc, tol = 1e-5) => {
  if (e === null) return expect(t).toBeNull();
  expect(t).not.toBeNull();
  expect(t!.shape).toEqual(e.shape);
  const got = Array.from(t!.detach().double().toTypedArray() as Float64Array);
  got.forEach((v, i) => {
    const want = Number(e.values[i]);
    if (tol === 0) expect(closeTo(v, Math.fround(want), ULPS), `${v} vs ${want}`).toBe(true); // the same draws (test/tolerance.ts); fixtures hold float32 values to 9 significant digits
    else if (!Number.isFinite(want)) expect(v).toBe(want);
    else if (Math.abs(v - want) > tol * (1 + Math.abs(want))) expect(v).toBeCloseTo(want, 10); // fails with both numbers shown
  });
};
const sameState = (m: nn.Module, want: Record<string, Enc>) => {
  const sd = m.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(want));
  for (const k of Object.keys(sd)) close(sd[k], want[k], 0);
};
const sameGrads = (m: nn.Module, want: Record<string, Enc>, tol = 1e-4) => {
  const names = [...m.namedParameters()].map(([n]) => n);
  expect(names).toEqual(Object.keys(want));
  for (const [n, p] of m.namedParameters()) close(p.grad, want[n], tol);
};
const errorOf = (fn: () => unknown): string | null => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
};
const kpm5 = () => torch.tensor([[false, false, false, false, false], [false, false, false, true, true]]);

describe("nn.MultiheadAttention options", () => {
  it("kdim/vdim: separate q/k/v projection weights, outputs, per-head weights, gradients", () => {
    torch.manualSeed(10);
    const mha = new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4 });
    expect(String(mha)).toBe(py.kv_repr);
    sameState(mha, py.kv_state);
    expect(mha.in_proj_weight).toBeNull();
    expect([mha.kdim, mha.vdim, mha._qkvSameEmbedDim]).toEqual([6, 4, false]);
    torch.manualSeed(11);
    const q = torch.randn([4, 3, 8], { requiresGrad: true }), k = torch.randn(4 + 1, 3, 6), v = torch.randn(5, 3, 4);
    const [o, w] = mha(q, k, v) as [Tensor, Tensor];
    const [, w2] = mha(q, k, v, { averageAttnWeights: false }) as [Tensor, Tensor];
    const [o3, none] = mha(q, k, v, null, false) as [Tensor, null]; // positional: keyPaddingMask, needWeights
    expect(none).toBeNull();
    [o, w, w2, o3].forEach((t, i) => close(t, py.kv_out[i]));
    o.sum().add(o3.mul(o3).sum()).backward();
    sameGrads(mha, py.kv_grads);
    close(q.grad, py.kv_qgrad, 1e-4);
  });

  it("addBiasKv and addZeroAttn with a float attn mask and a key padding mask", () => {
    torch.manualSeed(12);
    const mha = new nn.MultiheadAttention(8, 2, 0.0, true, true, true);
    sameState(mha, py.bkv_state);
    torch.manualSeed(13);
    const q = torch.randn(4, 2, 8), kv = torch.randn(5, 2, 8), am = torch.randn(4, 5);
    const kpm = torch.tensor([[false, false, false, false, true], [false, false, true, true, true]]);
    const [o, w] = mha(q, kv, kv, { keyPaddingMask: kpm, attnMask: am }) as [Tensor, Tensor];
    const [o2] = mha(q, kv, kv, { keyPaddingMask: kpm, attnMask: am, needWeights: false }) as [Tensor, null];
    [o, w, o2].forEach((t, i) => close(t, py.bkv_out[i]));
    o.sum().add(o2.pow(2).sum()).backward();
    sameGrads(mha, py.bkv_grads);
  });

  it("bias=false, batchFirst, bool and float causal masks, isCausal, 3-D masks, unbatched input", () => {
    torch.manualSeed(14);
    const mha = new nn.MultiheadAttention(8, 4, { bias: false, batchFirst: true });
    expect(String(mha)).toBe(py.nobias_repr);
    expect(Object.keys(mha.stateDict())).toEqual(py.nobias_keys);
    torch.manualSeed(15);
    const x = torch.randn(2, 5, 8);
    const causal = nn.Transformer.generateSquareSubsequentMask(5);
    const boolCausal = torch.ones(5, 5, { dtype: torch.bool }).triu(1);
    const [o1, w1] = mha(x, x, x, { attnMask: boolCausal }) as [Tensor, Tensor];
    const [o2] = mha(x, x, x, { attnMask: causal, isCausal: true, needWeights: false }) as [Tensor, null];
    const m3 = torch.randn(8, 5, 5);
    const [o3, w3] = mha(x, x, x, { attnMask: m3, averageAttnWeights: false }) as [Tensor, Tensor];
    [o1, w1, o2, o3, w3].forEach((t, i) => close(t, py.nobias_out[i]));
    const xu = torch.randn(5, 8);
    const [ou, wu] = mha(xu, xu, xu) as [Tensor, Tensor];
    close(ou, py.unbatched_out[0]);
    close(wu, py.unbatched_out[1]);
  });

  it("eval mode under noGrad takes Python's fast path (_native_multi_head_attention)", () => {
    torch.manualSeed(16);
    const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true }).eval();
    const x = torch.randn(2, 5, 8);
    const boolCausal = torch.ones(5, 5, { dtype: torch.bool }).triu(1);
    const outs = torch.noGrad(() => [
      ...(mha(x, x, x) as [Tensor, Tensor]),
      ...(mha(x, x, x, { keyPaddingMask: kpm5(), needWeights: false }) as [Tensor, null]),
      ...(mha(x, x, x, { attnMask: boolCausal, averageAttnWeights: false }) as [Tensor, Tensor]),
    ]);
    expect(outs[3]).toBeNull();
    outs.forEach((t, i) => close(t, py.fast_out[i]));
    // Python's errors
    const errs = [
      errorOf(() => new nn.MultiheadAttention(8, 3)),
      errorOf(() => new nn.MultiheadAttention(0, 2)),
      errorOf(() => mha(x, x, x, { attnMask: torch.zeros(4, 4) })),
      errorOf(() => mha.train()(x, x, x, { isCausal: true })),
      errorOf(() => mha(x, x, x, { keyPaddingMask: torch.zeros([2, 5], { dtype: torch.long }) })),
    ];
    expect(errs).toEqual(py.mha_errors);
    expect(() => new nn.MultiheadAttention(0, 2)).toThrow(RangeError);
    expect(() => new nn.MultiheadAttention(8, 2, { batchFirst: 1 as unknown as boolean })).toThrow(TypeError);
    close(nn.Transformer.generateSquareSubsequentMask(4), py.square_mask, 0);
    expect(nn.Transformer.generateSquareSubsequentMask(3, { dtype: torch.float64 }).dtype).toBe(torch.float64);
  });
});

describe("nn.TransformerEncoderLayer options", () => {
  it("activation as a Module (registered, printed) and bias=false; activation as a function with normFirst", () => {
    torch.manualSeed(20);
    const layer = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, { activation: new nn.GELU(), bias: false });
    expect(String(layer)).toBe(py.enc_gelu_repr);
    sameState(layer, py.enc_gelu_state);
    expect(layer.activationReluOrGelu).toBe(2);
    torch.manualSeed(21);
    const x = torch.randn(5, 2, 8);
    const causal = nn.Transformer.generateSquareSubsequentMask(5);
    close(layer(x, { srcMask: causal, isCausal: true }) as Tensor, py.enc_gelu_out);
    torch.manualSeed(20);
    const fnLayer = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, { activation: (t: Tensor) => t.tanh(), normFirst: true });
    expect(String(fnLayer)).toBe(py.enc_fn_repr);
    expect(fnLayer.activationReluOrGelu).toBe(0);
    close(fnLayer(x, null, kpm5()) as Tensor, py.enc_fn_out); // positional srcMask, srcKeyPaddingMask
  });
});

describe("nn.TransformerEncoder", () => {
  it("deep-copied layers, final norm, print; masks, causal detection, key padding; gradients", () => {
    torch.manualSeed(30);
    const el = new nn.TransformerEncoderLayer(8, 2, 16, 0.0);
    const encoder = new nn.TransformerEncoder(el, 2, new nn.LayerNorm(8));
    expect(String(encoder)).toBe(py.encoder_repr);
    sameState(encoder, py.encoder_state);
    expect([encoder.enableNestedTensor, encoder.useNestedTensor, encoder.maskCheck, encoder.numLayers]).toEqual(py.encoder_flags);
    const [l0, l1] = [...encoder.layers] as nn.TransformerEncoderLayer[];
    expect(l0).not.toBe(el);
    expect(l0.linear1.weight).not.toBe(l1.linear1.weight);
    expect(l0 instanceof nn.TransformerEncoderLayer).toBe(true);
    torch.manualSeed(31);
    const x = torch.randn([5, 2, 8], { requiresGrad: true });
    const kpm = torch.tensor([[false, false, false, false, false], [false, false, false, false, true]]);
    const causal = nn.Transformer.generateSquareSubsequentMask(5);
    const boolCausal = torch.ones(5, 5, { dtype: torch.bool }).triu(1);
    const y1 = encoder(x, { mask: causal }) as Tensor;
    const y2 = encoder(x, { srcKeyPaddingMask: kpm }) as Tensor;
    const y3 = encoder(x, boolCausal, null, true) as Tensor;
    [y1, y2, y3].forEach((t, i) => close(t, py.encoder_out[i]));
    y1.sum().add(y2.pow(2).sum()).backward();
    sameGrads(encoder, py.encoder_grads);
    close(x.grad, py.encoder_xgrad, 1e-4);
  });

  it("batchFirst eval under noGrad: Python's nested-tensor path (zeros at padded positions)", () => {
    torch.manualSeed(32);
    const el = new nn.TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16, dropout: 0.0, batchFirst: true });
    const encoder = new nn.TransformerEncoder(el, 2).eval();
    expect([encoder.useNestedTensor]).toEqual(py.encoder_bf_flags);
    const xb = torch.randn(2, 5, 8);
    const kpm = torch.tensor([[false, false, false, false, false], [false, false, false, false, true]]);
    const [e1, e2] = torch.noGrad(() => [encoder(xb, { srcKeyPaddingMask: kpm }) as Tensor, encoder(xb) as Tensor]);
    const e3 = encoder(xb, { srcKeyPaddingMask: kpm }) as Tensor;
    expect(e3.index(1, 4).abs().sum().item()).toBeGreaterThan(0); // with grad: the padded path is not taken
    expect(e1.index(1, 4).abs().sum().item()).toBe(0);
    [e1, e2, e3].forEach((t, i) => close(t, py.encoder_eval[i]));
    // torch.backends.mha.setFastpathEnabled(false): the plain path even under noGrad
    torch.backends.mha.setFastpathEnabled(false);
    try {
      close(torch.noGrad(() => encoder(xb, { srcKeyPaddingMask: kpm }) as Tensor), py.encoder_eval[2]);
    } finally {
      torch.backends.mha.setFastpathEnabled(true);
    }
    expect(torch.backends.mha.getFastpathEnabled()).toBe(true);
  });
});

describe("nn.TransformerDecoderLayer / nn.TransformerDecoder", () => {
  it("layer: print, init, masks and padding, causal hint, gradients; gelu/batchFirst/normFirst variant", () => {
    torch.manualSeed(40);
    const dl = new nn.TransformerDecoderLayer(8, 2, 16, 0.0);
    expect(String(dl)).toBe(py.dec_layer_repr);
    sameState(dl, py.dec_layer_state);
    torch.manualSeed(41);
    const tgt = torch.randn([4, 2, 8], { requiresGrad: true }), mem = torch.randn([5, 2, 8], { requiresGrad: true });
    const tm = nn.Transformer.generateSquareSubsequentMask(4);
    const d1 = dl(tgt, mem, { tgtMask: tm, memoryKeyPaddingMask: kpm5() }) as Tensor;
    const d2 = dl(tgt, mem, tm, null, null, null, true) as Tensor;
    close(d1, py.dec_layer_out[0]);
    close(d2, py.dec_layer_out[1]);
    d1.sum().add(d2.pow(2).sum()).backward();
    sameGrads(dl, py.dec_layer_grads);
    close(tgt.grad, py.dec_layer_in_grads[0], 1e-4);
    close(mem.grad, py.dec_layer_in_grads[1], 1e-4);
    torch.manualSeed(40);
    const dl2 = new nn.TransformerDecoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16, dropout: 0.0, activation: "gelu", batchFirst: true,
      normFirst: true, layerNormEps: 1e-6 });
    const tkpm = torch.tensor([[false, false, false, false], [false, false, false, true]]);
    close(dl2(tgt.detach().transpose(0, 1), mem.detach().transpose(0, 1), { tgtKeyPaddingMask: tkpm }) as Tensor, py.dec_nf_out);
  });

  it("decoder: copies, norm, print, output and gradients", () => {
    torch.manualSeed(41);
    const tgt = torch.randn(4, 2, 8), mem = torch.randn(5, 2, 8);
    torch.manualSeed(42);
    const decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, 0.0), 2, new nn.LayerNorm(8));
    expect(String(decoder)).toBe(py.decoder_repr);
    sameState(decoder, py.decoder_state);
    const dd = decoder(tgt, mem, { tgtMask: nn.Transformer.generateSquareSubsequentMask(4), memoryKeyPaddingMask: kpm5() }) as Tensor;
    close(dd, py.decoder_out);
    dd.sum().backward();
    sameGrads(decoder, py.decoder_grads);
  });
});

describe("nn.Transformer", () => {
  it("xavier-initialised full model: print, parameters, masks, train-mode output and gradients, eval output", () => {
    torch.manualSeed(50);
    const tr = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 16, dropout: 0.0 });
    expect(String(tr)).toBe(py.tr_repr);
    sameState(tr, py.tr_state);
    expect([tr.dModel, tr.nhead, tr.batchFirst]).toEqual([8, 2, false]);
    torch.manualSeed(51);
    const src = torch.randn(5, 2, 8), tgt = torch.randn(4, 2, 8);
    const tm = nn.Transformer.generateSquareSubsequentMask(4);
    const kpm = torch.tensor([[false, false, false, false, false], [false, false, false, false, true]]);
    const ty = tr(src, tgt, { tgtMask: tm, srcKeyPaddingMask: kpm, memoryKeyPaddingMask: kpm }) as Tensor;
    close(ty, py.tr_out);
    ty.pow(2).sum().backward();
    sameGrads(tr, py.tr_grads);
    tr.eval();
    close(torch.noGrad(() => tr(src, tgt, { tgtMask: tm }) as Tensor), py.tr_eval_out);
    const errs = [
      errorOf(() => tr(src, tgt.index(":", "0:1"))),
      errorOf(() => tr(src.index("...", "0:4"), tgt)),
      errorOf(() => new nn.TransformerEncoderLayer(8, 2, { activation: "tanh" as "relu" })),
    ];
    expect(errs).toEqual(py.tr_errors);
  });

  it("gelu, batchFirst, normFirst, tgtIsCausal; a custom encoder", () => {
    torch.manualSeed(51);
    const src = torch.randn(5, 2, 8), tgt = torch.randn(4, 2, 8);
    const tm = nn.Transformer.generateSquareSubsequentMask(4);
    torch.manualSeed(52);
    const tr2 = new nn.Transformer(8, 2, 1, 1, 16, 0.0, "gelu", null, null, 1e-5, true, true);
    sameState(tr2, py.tr2_state);
    close(tr2(src.transpose(0, 1), tgt.transpose(0, 1), { tgtMask: tm, tgtIsCausal: true }) as Tensor, py.tr2_out);
    torch.manualSeed(53);
    const customEnc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0), 1);
    const tr3 = new nn.Transformer({ dModel: 8, nhead: 2, numDecoderLayers: 1, dimFeedforward: 16, dropout: 0.0, customEncoder: customEnc });
    expect(tr3.encoder).toBe(customEnc);
    expect(String(tr3)).toBe(py.tr3_repr);
    sameState(tr3, py.tr3_state);
    close(tr3(src, tgt) as Tensor, py.tr3_out);
  });
});

describe("train mode with dropout", () => {
  it("draws Python's dropout masks in Python's order", () => {
    torch.manualSeed(51);
    const src = torch.randn(5, 2, 8), tgt = torch.randn(4, 2, 8);
    torch.manualSeed(54);
    const trd = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16, dropout: 0.3 });
    const mhd = new nn.MultiheadAttention(8, 2, { dropout: 0.5 });
    torch.manualSeed(55);
    const outs = [trd(src, tgt, { tgtMask: nn.Transformer.generateSquareSubsequentMask(4) }) as Tensor,
      (mhd(src, src, src) as Tensor[])[0], (mhd(src, src, src) as Tensor[])[1]];
    outs.forEach((t, i) => close(t, py.dropout_out[i]));
  });
});

describe("Module.deepcopy (copy.deepcopy)", () => {
  class Tied extends nn.Module {
    a = new nn.Linear(3, 3);
    b = this.a;
    scale = [1, 2, { k: 3 }];
    act = (t: Tensor) => t.relu();
    declare running: Tensor;
    constructor() {
      super();
      this.registerBuffer("running", torch.ones(3));
    }
    forward(x: Tensor): Tensor {
      return this.b(this.a(x)) as Tensor;
    }
  }

  it("same class, same values, new tensors; tied weights stay tied; plain fields copied, functions shared", () => {
    torch.manualSeed(0);
    const m = new Tied();
    m.a.weight.requiresGrad_(false);
    const h = m.registerForwardHook(() => undefined);
    const c = m.deepcopy();
    expect(c).toBeInstanceOf(Tied);
    expect(typeof c).toBe("function");
    expect(String(c)).toBe(String(m));
    expect(c.a).not.toBe(m.a);
    expect(c.b).toBe(c.a); // Python's memo: one copy of an object reached twice
    expect(c.a.weight).not.toBe(m.a.weight);
    expect(c.a.weight).toBeInstanceOf(nn.Parameter);
    expect(c.a.weight.requiresGrad).toBe(false);
    expect(c.a.bias!.requiresGrad).toBe(true);
    expect(c.a.weight.equal(m.a.weight)).toBe(true);
    expect(Object.keys(c.stateDict())).toEqual(Object.keys(m.stateDict()));
    expect(c.scale).toEqual(m.scale);
    expect(c.scale).not.toBe(m.scale);
    expect(c.act).toBe(m.act);
    torch.noGrad(() => c.a.bias!.fill_(5));
    expect(m.a.bias!.max().item()).toBeLessThan(5);
    c.running.add_(1);
    expect(m.running.sum().item()).toBe(3);
    expect(c._forwardHooks.size).toBe(1);
    h.remove();
    expect(m._forwardHooks.size).toBe(0);
    expect(c._forwardHooks.size).toBe(1); // Python copies the hooks dict: the old handle leaves the copy alone
    c.train(false);
    expect([m.training, c.training]).toEqual([true, false]);
    const x = torch.randn(2, 3);
    expect((c(x) as Tensor).shape).toEqual([2, 3]);
  });

  it("Parameter grads are not copied (Parameter.__deepcopy__), buffer grads are; a non-leaf tensor throws", () => {
    const lin = new nn.Linear(2, 2);
    (lin(torch.ones(1, 2)) as Tensor).sum().backward();
    expect(lin.deepcopy().weight.grad).toBeNull();
    const t = torch.ones([2], { requiresGrad: true });
    t.mul(2).sum().backward();
    const tc = nn.deepcopy(t);
    expect(tc).not.toBe(t);
    expect(tc.requiresGrad).toBe(true);
    expect(tc.grad!.tolist()).toEqual([2, 2]);
    const m = new nn.Identity();
    (m as unknown as { cached: Tensor }).cached = t.mul(2);
    expect(() => m.deepcopy()).toThrow("Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol");
  });
});
