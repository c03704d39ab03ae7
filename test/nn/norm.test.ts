// Normalization, dropout, embedding and misc layers (and their F forms) against Python:
// initial parameters after the same seed, print, forward in train and eval, gradients,
// buffers, random draws, warnings and error messages (test/fixtures/make_nn_norm.py).
import { describe, it, expect, vi, afterEach } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, F } from "../../src";
import { ULPS, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; values: number[] } | null;
type PyErr = { type: string; message: string };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_norm.json"), "utf8"));

const close = (t: Tensor | null | undefined, e: Enc, tol = 1e-5) => {
  if (e === null) {
    expect(t ?? null).toBeNull();
    return;
  }
  expect(t).toBeTruthy();
  expect(t!.shape).toEqual(e.shape);
  const got = Array.from(t!.detach().toTypedArray(), Number);
  expect(got.length).toBe(e.values.length);
  got.forEach((v, i) => {
    if (Math.abs(v - e.values[i]) > tol * (1 + Math.abs(e.values[i]))) expect([i, v]).toEqual([i, e.values[i]]);
  });
};
/** the same draws / one kernel as Python: a few ulps for floats, integers exact (test/tolerance.ts) */
const exact = (t: Tensor, e: Enc) => expectTensorClose(t, e!, ULPS);
/** Python's exception as the JS error class: ValueError -> RangeError, TypeError -> TypeError, others -> Error. */
const throwsPy = (fn: () => unknown, e: PyErr) => {
  let err: unknown;
  try {
    fn();
  } catch (x) {
    err = x;
  }
  expect(err, `expected ${e.type}: ${e.message}`).toBeInstanceOf(Error);
  expect((err as Error).message.split("\n")[0]).toBe(e.message);
  if (e.type === "ValueError") expect(err).toBeInstanceOf(RangeError);
  else if (e.type === "TypeError") expect(err).toBeInstanceOf(TypeError);
  else expect(err).not.toBeInstanceOf(TypeError);
};
const warnings = () => {
  const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  return () => spy.mock.calls.map((c) => String(c[0]));
};
afterEach(() => vi.restoreAllMocks());

/** Python's run(): train forward with input grads, parameter grads, state; then eval forward and state. */
function run(m: nn.Module, name: string, ...inputs: Tensor[]) {
  const e = py[name];
  expect(String(m)).toBe(e.repr);
  const xs = inputs.map((x) => x.clone().requiresGrad_(x.isFloatingPoint()));
  const y = m(...xs) as Tensor;
  const g = torch.linspace(-1, 1, y.numel()).reshape(y.shape);
  y.mul(g).sum().backward();
  close(y, e.y);
  xs.forEach((x, i) => close(x.grad, e.xgrads[i], 1e-4));
  const pnames = [...m.namedParameters()].map(([n]) => n);
  expect(pnames).toEqual(Object.keys(e.pgrads));
  for (const [n, p] of m.namedParameters()) close(p.grad, e.pgrads[n], 1e-4);
  const sd = m.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(e.state));
  for (const k of Object.keys(sd)) close(sd[k], e.state[k]);
  m.eval();
  close(torch.noGrad(() => m(...inputs) as Tensor), e.y_eval);
  const sd2 = m.stateDict();
  for (const k of Object.keys(sd2)) close(sd2[k], e.state_after[k]);
}

describe("batch, group, instance, local response and RMS norm", () => {
  it("BatchNorm3d: running stats, cumulative average, errors", () => {
    torch.manualSeed(0);
    const x5 = torch.randn(3, 2, 2, 3, 2);
    run(new nn.BatchNorm3d(2), "bn3d", x5);
    run(new nn.BatchNorm3d(2, { momentum: null, affine: false }), "bn3d_cma", x5);
    throwsPy(() => new nn.BatchNorm3d(2)(torch.ones(2, 2, 3, 3)), py.bn3d_err);
    throwsPy(() => new nn.BatchNorm1d(3)(torch.ones(1, 3)), py.bn_one_err);
    expect([String(new nn.BatchNorm3d(4, 1e-3, 0.2, false, false)), String(new nn.BatchNorm3d(4, { bias: false }))]).toEqual(py.bn_repr);
  });

  it("GroupNorm", () => {
    torch.manualSeed(1);
    const x4 = torch.randn(2, 4, 3, 2);
    run(new nn.GroupNorm(2, 4), "gn", x4);
    run(new nn.GroupNorm({ numGroups: 4, numChannels: 4, eps: 1e-3, affine: false }), "gn_noaffine", x4);
    expect(String(new nn.GroupNorm(1, 4, { bias: false }))).toBe(py.gn_nobias_repr);
    throwsPy(() => new nn.GroupNorm(3, 4), py.gn_err);
    throwsPy(() => new nn.GroupNorm(2, 4)(torch.ones(4)), py.gn_dim_err);
    throwsPy(() => new nn.GroupNorm(4, 4)(torch.ones(1, 4)), py.gn_batch_err);
  });

  it("InstanceNorm1d/2d/3d: affine, trackRunningStats, momentum, unbatched inputs, warnings and errors", () => {
    torch.manualSeed(2);
    const x3 = torch.randn(2, 3, 5);
    run(new nn.InstanceNorm1d(3), "in1d", x3);
    run(new nn.InstanceNorm1d(3, { affine: true, trackRunningStats: true, momentum: 0.3 }), "in1d_track", x3);
    run(new nn.InstanceNorm1d(3, { affine: true }), "in1d_unbatched", x3.index(0));
    run(new nn.InstanceNorm2d(3, { affine: true }), "in2d", torch.randn(2, 3, 2, 3));
    run(new nn.InstanceNorm3d(2, { trackRunningStats: true }), "in3d", torch.randn(2, 2, 2, 2, 3));
    run(new nn.InstanceNorm3d(2, { trackRunningStats: true }), "in3d_unbatched", torch.randn(2, 2, 2, 3));
    const got = warnings();
    new nn.InstanceNorm1d(4)(x3);
    expect(got()).toEqual(py.in_warn);
    throwsPy(() => new nn.InstanceNorm1d(4, { affine: true })(x3), py.in_affine_err);
    throwsPy(() => new nn.InstanceNorm2d(3)(x3.index(0, 0)), py.in_dim_err);
    throwsPy(() => new nn.InstanceNorm1d(3)(torch.ones(2, 3, 1)), py.in_spatial_err);
    expect(String(new nn.InstanceNorm2d(3, { momentum: null }))).toBe(py.in_repr);
  });

  it("LocalResponseNorm on 3-D and 4-D inputs", () => {
    torch.manualSeed(3);
    run(new nn.LocalResponseNorm(2), "lrn3", torch.randn(2, 5, 4));
    run(new nn.LocalResponseNorm(3, { alpha: 0.01, beta: 0.5, k: 2.0 }), "lrn4", torch.randn(2, 5, 3, 2));
    throwsPy(() => new nn.LocalResponseNorm(2)(torch.ones(2, 3)), py.lrn_err);
  });

  it("RMSNorm and LayerNorm without bias", () => {
    torch.manualSeed(4);
    const xr = torch.randn(2, 3, 4);
    run(new nn.RMSNorm(4), "rms", xr);
    run(new nn.RMSNorm([3, 4], 1e-3), "rms2", xr);
    run(new nn.RMSNorm(4, { elementwiseAffine: false }), "rms_noaffine", xr);
    run(new nn.LayerNorm([3, 4], { eps: 1e-3, bias: false }), "ln_nobias", xr);
  });
});

describe("dropout layers", () => {
  const drop = (m: nn.Module, name: string, x: Tensor, seed: number) => {
    const e = py[name];
    torch.manualSeed(seed);
    expect(String(m)).toBe(e.repr);
    const xi = x.clone().requiresGrad_(true);
    const y = m(xi) as Tensor;
    y.sum().backward();
    close(y, e.y, 1e-6);
    close(xi.grad, e.grad, 1e-6);
    m.eval();
    exact(m(x) as Tensor, e.eval);
  };
  it("Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout draw Python's masks and are the identity in eval", () => {
    const got = warnings();
    drop(new nn.Dropout1d(0.4), "drop1d", torch.ones(3, 4, 5), 10);
    drop(new nn.Dropout1d(), "drop1d_unbatched", torch.ones(4, 5), 11);
    drop(new nn.Dropout2d(0.3), "drop2d", torch.ones(2, 4, 3, 3), 12);
    drop(new nn.Dropout2d({ p: 0.3 }), "drop2d_unbatched", torch.ones(4, 3, 3), 13);
    drop(new nn.Dropout3d(0.6), "drop3d", torch.ones(2, 3, 2, 2, 2), 14);
    drop(new nn.Dropout3d(0.6), "drop3d_unbatched", torch.ones(3, 2, 2, 2), 15);
    drop(new nn.AlphaDropout(0.2), "alpha", torch.linspace(-2, 2, 24).reshape(4, 6), 16);
    drop(new nn.FeatureAlphaDropout(0.5), "falpha", torch.linspace(-2, 2, 24).reshape(2, 3, 4), 17);
    expect(got()).toEqual(py.drop2d_warn3); // the 3-D input to Dropout2d
    torch.manualSeed(18);
    const xi = torch.ones(2, 3, 4);
    const yi = new nn.Dropout1d(0.5, true)(xi) as Tensor;
    exact(yi, py.drop1d_inplace);
    exact(xi, py.drop1d_inplace_x);
    torch.manualSeed(30);
    const xi3 = torch.ones(3, 2, 2, 2);
    const yi3 = new nn.Dropout3d({ p: 0.5, inplace: true })(xi3) as Tensor;
    expect(yi3).toBe(xi3);
    exact(yi3, py.drop3d_inplace_unbatched);
    exact(xi3, py.drop3d_inplace_unbatched_x);
  });

  it("warnings and errors for wrong input dimensions; p out of range", () => {
    const got = warnings();
    throwsPy(() => new nn.Dropout1d()(torch.ones(2, 3, 4, 5)), py.drop1d_err);
    new nn.Dropout2d()(torch.ones(2, 3, 4, 5, 6));
    new nn.Dropout3d()(torch.ones(2, 3, 4));
    expect(got()).toEqual([...py.drop2d_warn5, ...py.drop3d_warn]);
    throwsPy(() => new nn.AlphaDropout(-0.1), py.drop_p_err);
    expect([String(new nn.Dropout1d()), String(new nn.Dropout2d(0.25, true)), String(new nn.AlphaDropout(0.1))]).toEqual(py.drop_repr);
  });

  it("F.dropout, alphaDropout, featureAlphaDropout, dropout2d, dropout3d", () => {
    torch.manualSeed(19);
    const ys = [F.dropout(torch.ones(10), 0.3), F.dropout(torch.ones(4), 0.3, { training: false }),
      F.alphaDropout(torch.linspace(-1, 1, 8), 0.5, true), F.alphaDropout(torch.ones(3), 0.5),
      F.featureAlphaDropout(torch.ones(2, 3, 2), 0.5, true), F.dropout2d(torch.ones(2, 3, 2, 2), 0.5),
      F.dropout3d(torch.ones(3, 2, 2, 2), 0.5, false)];
    ys.forEach((y, i) => close(y, py.F_dropout[i], 1e-6));
  });
});

describe("Embedding and EmbeddingBag", () => {
  const idx = () => torch.tensor([[0, 2, 2], [5, 1, 0]]);
  it("maxNorm renormalizes the weight in place; normType, scaleGradByFreq, negative paddingIdx", () => {
    torch.manualSeed(20);
    let emb = new nn.Embedding(6, 3, { maxNorm: 1.5 });
    let e = py.emb_maxnorm;
    expect(String(emb)).toBe(e.repr);
    exact(emb.weight, e.w0);
    let y = emb(idx()) as Tensor;
    y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
    close(y, e.y);
    close(emb.weight, e.w1);
    close(emb.weight.grad, e.grad);
    torch.manualSeed(21);
    emb = new nn.Embedding(6, 3, -1, 1.0, 1.0, true);
    e = py.emb_norm1;
    expect(String(emb)).toBe(e.repr);
    y = emb(idx()) as Tensor;
    y.sum().backward();
    close(y, e.y);
    close(emb.weight, e.w1);
    close(emb.weight.grad, e.grad);
  });

  it("sparse flag is stored, printed and passed on", () => {
    torch.manualSeed(22);
    const emb = new nn.Embedding(5, 2, { sparse: true });
    expect(emb.sparse).toBe(true);
    expect(String(emb)).toBe(py.emb_sparse.repr);
    const y = emb(torch.tensor([1, 3, 1])) as Tensor;
    close(y, py.emb_sparse.y);
    y.sum().backward();
    const g = emb.weight.grad!;
    expect(() => g.toTypedArray()).toThrow();
    close(g.toDense(), py.emb_sparse.grad);
  });

  it("Embedding.fromPretrained: freeze, paddingIdx, maxNorm (shares and renormalizes the given tensor)", () => {
    const pre = torch.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3], [0.5, -1.0, 2.0]]);
    let e = nn.Embedding.fromPretrained(pre);
    expect(String(e)).toBe(py.emb_pre.repr);
    expect(e.weight.requiresGrad).toBe(py.emb_pre.requires_grad);
    close(e(torch.tensor([1, 0])) as Tensor, py.emb_pre.y);
    e = nn.Embedding.fromPretrained(pre, { freeze: false, paddingIdx: 2, maxNorm: 2.0 });
    const E = py.emb_pre2;
    expect(String(e)).toBe(E.repr);
    expect(e.weight.requiresGrad).toBe(E.requires_grad);
    const y = e(torch.tensor([2, 1, 1])) as Tensor;
    y.sum().backward();
    close(y, E.y);
    close(e.weight, E.w);
    close(e.weight.grad, E.grad);
    close(pre, E.pre);
    const bag = nn.EmbeddingBag.fromPretrained(pre, { mode: "sum" });
    expect(String(bag)).toBe(py.bag_pre.repr);
    expect(bag.weight.requiresGrad).toBe(py.bag_pre.requires_grad);
    close(bag(torch.tensor([0, 1, 2, 2]), torch.tensor([0, 1])) as Tensor, py.bag_pre.y);
  });

  it("Embedding errors", () => {
    const [a, b, c, d, f] = py.emb_errs;
    throwsPy(() => new nn.Embedding(4, 2, 4), a);
    throwsPy(() => new nn.Embedding(4, 2, { paddingIdx: -5 }), b);
    throwsPy(() => nn.Embedding.fromPretrained(torch.ones(3)), c);
    throwsPy(() => new nn.Embedding(4, 2, { weight: torch.ones(3, 2) }), d);
    throwsPy(() => new nn.Embedding(4, 2)(torch.tensor([4])), f);
  });

  it("F.embedding", () => {
    torch.manualSeed(23);
    const w = torch.randn(5, 3);
    exact(w, py.F_embedding[0]);
    close(F.embedding(torch.tensor([[0, 4], [2, 2]]), w, { paddingIdx: 2 }), py.F_embedding[1]);
    close(F.embedding(torch.tensor([1, 3]), w.clone(), null, 0.5), py.F_embedding[2]);
    throwsPy(() => F.embedding(torch.tensor([1]), w, 7), py.F_emb_err);
  });

  const bags: Record<string, [Record<string, unknown>, () => Tensor[]]> = {
    mean: [{}, () => [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4])]],
    sum_psw: [{ mode: "sum" }, () => [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 3, 3]), torch.linspace(0.5, 2, 8)]],
    max: [{ mode: "max" }, () => [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 2, 5])]],
    last: [{ mode: "sum", includeLastOffset: true }, () => [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 2, 5, 8])]],
    pad: [{ paddingIdx: 2, maxNorm: 1.0 }, () => [torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4])]],
    twod: [{ mode: "max", scaleGradByFreq: false }, () => [torch.tensor([[1, 2, 4], [5, 4, 3]])]],
    twod_sum: [{ mode: "sum", normType: 1.0, maxNorm: 2.0, scaleGradByFreq: true }, () => [torch.tensor([[1, 2, 1], [5, 4, 3]])]],
  };
  for (const [k, [opts, inputs]] of Object.entries(bags)) {
    it(`EmbeddingBag ${k}`, () => {
      const e = py.bags[k];
      torch.manualSeed(25);
      const bag = new nn.EmbeddingBag(10, 3, opts);
      expect(String(bag)).toBe(e.repr);
      exact(bag.weight, e.w0);
      const y = bag(...(inputs() as Parameters<typeof bag.forward>)) as Tensor;
      y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
      close(y, e.y);
      close(bag.weight, e.w1);
      close(bag.weight.grad, e.grad);
    });
  }

  it("EmbeddingBag errors and F.embeddingBag", () => {
    const B = new nn.EmbeddingBag(10, 3);
    const E = py.bag_errs as PyErr[];
    throwsPy(() => B(torch.tensor([[1, 2]]), torch.tensor([0])), E[0]);
    throwsPy(() => B(torch.tensor([1, 2])), E[1]);
    throwsPy(() => B(torch.tensor([1, 2]), torch.tensor([[0]])), E[2]);
    throwsPy(() => B(torch.tensor([[[1]]])), E[3]);
    throwsPy(() => B(torch.tensor([1, 2]), torch.tensor([0]), torch.ones(2)), E[4]);
    throwsPy(() => new nn.EmbeddingBag(10, 3, { mode: "sum" })(torch.tensor([1, 2]), torch.tensor([0]), torch.ones(3)), E[5]);
    throwsPy(() => new nn.EmbeddingBag(10, 3, { mode: "max", scaleGradByFreq: true })(torch.tensor([1, 2]), torch.tensor([0])), E[6]);
    throwsPy(() => new nn.EmbeddingBag(10, 3, { mode: "avg" } as never)(torch.tensor([1, 2]), torch.tensor([0])), E[7]);
    throwsPy(() => new nn.EmbeddingBag(10, 3, { paddingIdx: 10 }), E[8]);
    torch.manualSeed(26);
    const w = torch.randn(6, 2);
    exact(w, py.F_bag[0]);
    close(F.embeddingBag(torch.tensor([0, 1, 5, 5]), w, torch.tensor([0, 1]), { mode: "sum" }), py.F_bag[1]);
    close(F.embeddingBag(torch.tensor([[0, 1], [5, 5]]), w), py.F_bag[2]);
  });
});

describe("Unflatten, Bilinear, CosineSimilarity, PairwiseDistance and F forms", () => {
  it("Unflatten", () => {
    const U = py.unflatten;
    expect(String(new nn.Unflatten(1, [2, 3]))).toBe(U.repr);
    exact(new nn.Unflatten(-1, [2, 2])(torch.arange(24.0).reshape(2, 3, 4)) as Tensor, U.y);
    exact(new nn.Unflatten({ dim: 1, unflattenedSize: [2, -1] })(torch.arange(24.0).reshape(2, 12)) as Tensor, U.y2);
    throwsPy(() => new nn.Unflatten(1, [2, 3.5]), { ...U.err, message: U.err.message });
    throwsPy(() => new nn.Unflatten(1, 6 as never), U.err2);
    throwsPy(() => new nn.Unflatten(1, [5, 2])(torch.ones(2, 12)), U.err3);
  });

  it("Bilinear: Python's initial weights, forward and gradients", () => {
    torch.manualSeed(27);
    const m = new nn.Bilinear(3, 4, 2);
    const a = torch.randn(5, 3), b = torch.randn(5, 4);
    const s = py.bilinear.state;
    exact(m.weight, s.weight);
    exact(m.bias!, s.bias);
    run(m, "bilinear", a, b);
    torch.manualSeed(28);
    run(new nn.Bilinear(2, 2, 3, { bias: false }), "bilinear_nobias", torch.randn(4, 2), torch.randn(4, 2));
    throwsPy(() => new nn.Bilinear(0, 2, 3), py.bilinear_err);
  });

  it("CosineSimilarity and PairwiseDistance", () => {
    torch.manualSeed(29);
    const a = torch.randn(4, 5), b = torch.randn(4, 5);
    run(new nn.CosineSimilarity(), "cos", a, b);
    run(new nn.CosineSimilarity({ dim: 0, eps: 1e-3 }), "cos0", a, b);
    run(new nn.PairwiseDistance(), "pdist", a, b);
    run(new nn.PairwiseDistance(1.0, 1e-4, true), "pdist1", a, b);
    run(new nn.PairwiseDistance({ p: Infinity }), "pdistinf", a, b.index(0));
  });

  it("F.normalize, oneHot, batchNorm, groupNorm, instanceNorm, layerNorm, rmsNorm, localResponseNorm, bilinear, pairwiseDistance", () => {
    torch.manualSeed(1);
    const x4 = torch.randn(2, 4, 3, 2);
    torch.manualSeed(29);
    const a = torch.randn(4, 5), b = torch.randn(4, 5);
    const M = py.F_misc;
    close(F.normalize(a), M.normalize);
    close(F.normalize(a, { p: 1.0, dim: 0 }), M.normalize1);
    close(F.normalize(torch.zeros(2, 3).indexFill(1, torch.tensor([0]), 1e-13), { eps: 1e-12 }), M.normalize_eps);
    exact(F.oneHot(torch.tensor([[0, 2], [1, 3]])), M.one_hot);
    exact(F.oneHot(torch.tensor([0, 2]), 5), M.one_hot5);
    expect(F.oneHot(torch.tensor([0, 2]), 5).dtype).toBe(torch.int64);
    throwsPy(() => F.oneHot(torch.tensor([0, 3]), 3), M.one_hot_err);
    throwsPy(() => F.cosineSimilarity(torch.ones(2, 3), torch.ones(2, 4)), M.cos_err);
    close(F.batchNorm(x4, torch.zeros(4), torch.ones(4), torch.ones(4).mul(2), null, false, 0.1, 1e-5), M.bn);
    throwsPy(() => F.batchNorm(x4, null, null, { training: true, eps: 0.0 }), M.bn_err);
    close(F.groupNorm(x4, 2, null, torch.ones(4), 1e-5), M.gn);
    close(F.instanceNorm(x4), M.in);
    close(F.layerNorm(x4, [3, 2]), M.ln);
    close(F.rmsNorm(x4, [2], torch.tensor([1, 2], { dtype: torch.float32 }), 1e-5), M.rms);
    close(F.localResponseNorm(x4, 2), M.lrn);
    close(F.bilinear(a.index(":", ":2"), b.index(":", ":3"), torch.ones(2, 2, 3), torch.tensor([0.5, -0.5])), M.bil);
    close(F.pairwiseDistance(a, b, 3.0), M.pd);
  });
});

describe("device and dtype factory arguments", () => {
  it("parameters and buffers in the given dtype, with Python's draws", () => {
    torch.manualSeed(31);
    const f64 = { dtype: torch.float64 };
    const mods = [new nn.BatchNorm3d(2, f64), new nn.GroupNorm(1, 2, f64), new nn.InstanceNorm1d(2, { affine: true, ...f64 }),
      new nn.RMSNorm(2, f64), new nn.Embedding(3, 2, f64), new nn.EmbeddingBag(3, 2, f64), new nn.Bilinear(2, 2, 1, f64)];
    mods.forEach((m, i) => {
      const want = py.dtypes[i] as Record<string, [string, Enc]>;
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(want));
      for (const [k, [dt, v]] of Object.entries(want)) {
        expect(sd[k].dtype.name).toBe(dt);
        exact(sd[k], v);
      }
    });
  });
});
