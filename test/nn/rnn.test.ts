// RNN / LSTM / GRU against Python: parameter names, order and initial values,
// outputs and final states over the whole sequence, gradients.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";
import { ULPS, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_rnn.json"), "utf8"));
const close = (t: Tensor, e: Enc, tol = 1e-5) => {
  expect(t.shape).toEqual(e.shape);
  Array.from(t.detach().toTypedArray(), Number).forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(e.values[i]))));
};
const fromEnc = (e: Enc) => torch.tensor(e.values, { dtype: torch.float32 }).reshape(e.shape);

const makers: Record<string, () => nn.Module> = {
  lstm: () => new nn.LSTM(4, 5),
  lstm_2l_bf_bi: () => new nn.LSTM(4, 5, { numLayers: 2, batchFirst: true, bidirectional: true }),
  lstm_proj: () => new nn.LSTM(4, 6, { projSize: 3 }),
  gru_2l: () => new nn.GRU(4, 5, 2),
  rnn_relu_bi: () => new nn.RNN(4, 5, { nonlinearity: "relu", bidirectional: true }),
};

describe("recurrent layers", () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: init, print, forward over the sequence, gradients`, () => {
      const ref = py[name];
      torch.manualSeed(11);
      const m = make();
      expect(String(m)).toBe(ref.repr);
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(ref.state));
      for (const k of Object.keys(sd)) expectTensorClose(sd[k], ref.state[k], ULPS); // the same draws
      torch.manualSeed(12);
      const bf = (m as unknown as { batchFirst: boolean }).batchFirst;
      const x = bf ? torch.randn(2, 3, 4) : torch.randn(3, 2, 4);
      const [o, h] = m(x) as [Tensor, Tensor | [Tensor, Tensor]];
      const hs = Array.isArray(h) ? h : [h];
      let loss = o.pow(2).sum();
      for (const t of hs) loss = loss.add(t.sum());
      loss.backward();
      close(o, ref.output);
      hs.forEach((t, i) => close(t, ref.h[i]));
      for (const [n, p] of m.namedParameters()) close(p.grad!, ref.grads[n], 1e-4);
    });
  }

  it("unbatched input with an initial state: `const [out, [hn, cn]] = lstm(x, [h0, c0])`", () => {
    const u = py.unbatched;
    torch.manualSeed(13);
    const lstm = new nn.LSTM(3, 2);
    const [out, [hn, cn]] = lstm(fromEnc(u.x), [fromEnc(u.h0), fromEnc(u.c0)]);
    close(out, u.output);
    close(hn, u.hn);
    close(cn, u.cn);
  });

  it("bad arguments", () => {
    expect(() => new nn.LSTM(4, 5, { projSize: 5 })).toThrow(/proj_size has to be smaller than hidden_size/);
    expect(() => new nn.GRU(4, 5, { projSize: 2 } as never)).toThrow(/only supported for LSTM/);
    expect(() => new nn.RNN(4, 5, { nonlinearity: "sigmoid" } as never)).toThrow(/Unknown nonlinearity 'sigmoid'/);
    expect(() => new nn.LSTM(4, 5)(torch.ones(2, 3, 7))).toThrow(/input.size\(-1\) must be equal to input_size. Expected 4, got 7/);
  });
});
