// nn.utils.rnn against Python (test/fixtures/make_nn_utils_rnn.py): padding,
// packing (sorted and not), unpacking, and LSTM / GRU / RNN over PackedSequence.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";

type Enc = { shape: number[]; dtype: string; values: number[] } | null;
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_utils_rnn.json"), "utf8"));
const R = nn.utils.rnn;

function expectTensor(t: Tensor | null, e: Enc, tol = 0, what = "") {
  if (e === null) return expect(t, what).toBeNull();
  expect(t, what).not.toBeNull();
  expect(t!.shape, what).toEqual(e.shape);
  expect(t!.dtype.toString(), what).toBe(`torch.${e.dtype}`);
  const got = (t!.double().tolist() as unknown as number[]).flat(Infinity as 1) as number[];
  const vals = t!.dim() === 0 ? [t!.item() as number] : got;
  vals.forEach((v, i) => expect(Math.abs(v - e.values[i]), `${what}[${i}] ${v} vs ${e.values[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e.values[i]))));
}
const seqs = () => (py.seqs as { shape: number[]; values: number[] }[]).map((s) => torch.tensor(s.values).reshape(s.shape));
const fields = ["data", "batchSizes", "sortedIndices", "unsortedIndices"] as const;
const pyFields = ["data", "batch_sizes", "sorted_indices", "unsorted_indices"];

describe("nn.utils.rnn", () => {
  it("padSequence: time-major, batch-first with a padding value, left padding", () => {
    expectTensor(R.padSequence(seqs()), py.pad);
    expectTensor(R.padSequence(seqs(), { batchFirst: true, paddingValue: -1 }), py.pad_bf);
    expectTensor(R.padSequence(seqs(), true, 0, "left"), py.pad_left);
  });

  it("packPaddedSequence (enforceSorted false) and padPackedSequence with totalLength", () => {
    const p = R.packPaddedSequence(R.padSequence(seqs(), { batchFirst: true }), [4, 2, 5], { batchFirst: true, enforceSorted: false });
    fields.forEach((f, i) => expectTensor(p[f], py.packed[pyFields[i]], 0, f));
    const [data, bs] = p;
    expect(data).toBe(p.data);
    expect(bs).toBe(p.batchSizes);
    const [un, lens] = R.padPackedSequence(p, { batchFirst: true, totalLength: 6 });
    expectTensor(un, py.unpacked);
    expectTensor(lens, py.unpacked_lengths);
    expect(() => R.padPackedSequence(p, { totalLength: 2 })).toThrow(py.errors.total_length);
    expect(() => R.packPaddedSequence(R.padSequence(seqs(), { batchFirst: true }), [2, 4, 5], { batchFirst: true })).toThrow(py.errors.unsorted);
  });

  it("packSequence / unpackSequence / unpadSequence, and Python's repr", () => {
    const s = seqs();
    const ps = R.packSequence([s[2], s[0], s[1]]);
    fields.forEach((f, i) => expectTensor(ps[f], py.pack_sequence[pyFields[i]], 0, f));
    R.unpackSequence(R.packSequence(seqs(), { enforceSorted: false })).forEach((t, i) => expectTensor(t, py.unpack_sequence[i]));
    R.unpadSequence(R.padSequence(seqs()), torch.tensor([4, 2, 5])).forEach((t, i) => expectTensor(t, py.unpad[i]));
    expect(String(R.packSequence([torch.tensor([1, 2], { dtype: torch.float32 }), torch.tensor([3], { dtype: torch.float32 })]))).toBe(py.packed_repr);
    expect(() => R.padSequence(3 as never)).toThrow(TypeError);
  });

  const makers: Record<string, () => nn.Module> = {
    lstm: () => new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }),
    gru: () => new nn.GRU(3, 4, { batchFirst: true }),
    rnn: () => new nn.RNN(3, 4),
  };
  for (const [name, make] of Object.entries(makers)) {
    it(`${name} over a PackedSequence: output, hidden state and gradients as Python`, () => {
      const ref = py.rnns[name];
      torch.manualSeed(1);
      const m = make() as nn.Module & { batchFirst: boolean };
      const bf = m.batchFirst;
      const packed = R.packPaddedSequence(R.padSequence(seqs(), { batchFirst: bf }), [4, 2, 5], { batchFirst: bf, enforceSorted: false });
      const [o, h] = m(packed) as [nn.utils.rnn.PackedSequence, Tensor | Tensor[]];
      expect(o).toBeInstanceOf(R.PackedSequence);
      expectTensor(o.data, ref.out_data, 1e-5, "data");
      const [po, pl] = R.padPackedSequence(o, { batchFirst: bf });
      expectTensor(po, ref.out, 1e-5, "out");
      expectTensor(pl, ref.lengths, 0, "lengths");
      const hs = Array.isArray(h) ? h : [h];
      hs.forEach((t, i) => expectTensor(t, ref.h[i], 1e-5, `h${i}`));
      hs.reduce((acc: Tensor, t) => acc.add(t.sum()), po.sum()).backward();
      for (const [k, p] of m.namedParameters()) expectTensor(p.grad, ref.grads[k], 1e-4, `grad ${k}`);
    });
  }
});
