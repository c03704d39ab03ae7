// MultiheadAttention and TransformerEncoderLayer against Python: initial
// parameters after the same seed, print, outputs (self and cross attention,
// masks), gradients.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";
import { ULPS, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_transformer.json"), "utf8"));
const close = (t: Tensor, e: Enc, tol = 1e-5) => {
  expect(t.shape).toEqual(e.shape);
  Array.from(t.detach().toTypedArray(), Number).forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(e.values[i]))));
};

describe("nn.MultiheadAttention", () => {
  it("init, print, self/cross attention with masks, gradients", () => {
    torch.manualSeed(5);
    const mha = new nn.MultiheadAttention(8, 2);
    expect(String(mha)).toBe(py.mha_repr);
    const sd = mha.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(py.mha_state));
    for (const k of Object.keys(sd)) expectTensorClose(sd[k], py.mha_state[k], ULPS); // the same draws
    torch.manualSeed(6);
    const q = torch.randn(4, 3, 8), kv = torch.randn(5, 3, 8);
    const [o, w] = mha(q, q, q) as [Tensor, Tensor];
    close(o, py.mha_self[0]);
    close(w, py.mha_self[1]);
    const kpm = torch.tensor([[false, false, false, false, false], [false, false, false, true, true], [false, false, false, false, false]]);
    const [o2, w2] = mha(q, kv, kv, { keyPaddingMask: kpm }) as [Tensor, Tensor];
    close(o2, py.mha_cross_kpm[0]);
    close(w2, py.mha_cross_kpm[1]);
    const mask = torch.ones(4, 4, { dtype: torch.bool }).triu(1);
    const [o3] = mha(q, q, q, { attnMask: mask, needWeights: false }) as [Tensor, null];
    close(o3, py.mha_masked_noweights);
    o.sum().add(o2.sum()).backward();
    for (const [n, p] of mha.namedParameters()) close(p.grad!, py.mha_grads[n], 1e-4);
  });
});

describe("nn.TransformerEncoderLayer", () => {
  it("post-norm (batchFirst) and pre-norm with GELU match Python", () => {
    torch.manualSeed(7);
    const layer = new nn.TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16, dropout: 0.0, batchFirst: true });
    expect(String(layer)).toBe(py.enc_repr);
    const sd = layer.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(py.enc_state));
    for (const k of Object.keys(sd)) expectTensorClose(sd[k], py.enc_state[k], ULPS);
    torch.manualSeed(8);
    const x = torch.randn(2, 5, 8);
    close(layer(x) as Tensor, py.enc_out);
    torch.manualSeed(7);
    const nf = new nn.TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16, dropout: 0.0, activation: "gelu", normFirst: true });
    close(nf(x.transpose(0, 1)) as Tensor, py.enc_nf_out);
  });
});
