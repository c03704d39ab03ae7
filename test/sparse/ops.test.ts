// Operations on sparse tensors against Python torch (test/fixtures/make_sparse.py): torch.sparse.sum / t.sum(dim),
// torch.sparse.mm / torch.mm / torch.spmm / addmm, torch.sparse.softmax / logSoftmax, elementwise add / mul,
// and autograd through sparse matmul.
import { describe, it, expect } from "vitest";
import torch, { nn, optim } from "../../src";
import { matches, throwsLike, fx, close } from "./sparse_helpers";

const f32 = { dtype: torch.float32 };
const i = () => torch.tensor([[0, 1, 1], [2, 0, 2]]);
const v = () => torch.tensor([3.0, 4.0, 5.0], f32);
const coo = () => torch.sparseCooTensor(i(), v(), [2, 3]);
const dup = () => torch.sparseCooTensor([[1, 0, 1], [2, 0, 2]], [1, 2, 3], [2, 3], f32);
const W = () => torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], f32);
const M = () => torch.tensor([[0.5, -1.0], [2.0, 0.25]], f32);
const dense = () => torch.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]], f32);
const s2 = () => torch.sparseCooTensor([[0, 1], [2, 1]], [10, 20], [2, 3], f32);

describe("sums", () => {
  it("torch.sparse.sum over everything, one dim, negative dims and several dims", () => {
    matches(torch.sparse.sum(coo()), "sum_all");
    matches(torch.sparse.sum(coo(), 1), "sum_dim1");
    matches(torch.sparse.sum(coo(), -1), "sum_dim_neg1");
    matches(torch.sparse.sum(coo(), { dim: 0 }), "sum_dim0");
    matches(torch.sparse.sum(coo(), [0, 1]), "sum_dims01");
    matches(torch.sparse.sum(dup(), 0), "dup_sum_dim0");
  });

  it("t.sum(dim) and t.sum() on a sparse tensor", () => {
    matches(coo().sum(1), "sum_method_dim");
    matches(coo().sum(), "sum_method");
  });

  it("a dim out of range is Python's IndexError (a RangeError)", () => {
    throwsLike(() => torch.sparse.sum(coo(), 2), "sum_dim_out_of_range");
  });

  it("dtype option", () => {
    const r = torch.sparse.sum(coo(), 1, torch.float64);
    expect(r.dtype).toBe(torch.float64);
    expect(r.toDense().tolist()).toEqual([3, 9]);
  });
});

describe("products", () => {
  it("torch.sparse.mm, torch.mm, torch.spmm, t.matmul with a dense matrix", () => {
    matches(torch.sparse.mm(coo(), W()), "sparse_mm");
    matches(torch.mm(coo(), W()), "torch_mm");
    matches(coo().mm(W()), "torch_mm");
    matches(torch.spmm(coo(), W()), "spmm");
    matches(coo().matmul(W()), "matmul");
  });

  it("sparse @ sparse, CSR @ dense", () => {
    matches(torch.sparse.mm(coo(), W().toSparse()), "sparse_mm_sparse");
    matches(torch.mm(coo().toSparseCsr(), W()), "csr_mm");
  });

  it("torch.sparse.mm of a CSR matrix with reduce", () => {
    matches(torch.sparse.mm(coo().toSparseCsr(), W(), "mean"), "sparse_mm_reduce_mean");
    matches(torch.sparse.mm(coo().toSparseCsr(), W(), { reduce: "amax" }), "sparse_mm_reduce_amax");
  });

  it("torch.sparse.addmm with beta and alpha", () => {
    matches(torch.sparse.addmm(M(), coo(), W()), "sparse_addmm");
    matches(torch.sparse.addmm(M(), coo(), W(), { beta: 0.5, alpha: 2.0 }), "sparse_addmm_beta_alpha");
  });

  it("mismatched shapes throw Python's error", () => {
    throwsLike(() => torch.sparse.mm(coo(), torch.ones(2, 2)), "mm_shape_error");
  });
});

describe("softmax", () => {
  it("torch.sparse.softmax / logSoftmax over the specified entries", () => {
    matches(torch.sparse.softmax(coo(), 1), "softmax1", { rtol: 1e-5 });
    matches(torch.sparse.softmax(coo(), 0), "softmax0", { rtol: 1e-5 });
    matches(torch.sparse.logSoftmax(coo(), 1), "log_softmax1", { rtol: 1e-5 });
    matches(torch.sparse.logSoftmax(coo(), -1), "log_softmax_neg1", { rtol: 1e-5 });
    // the repr of a computed float result (values checked with tolerance above)
    expect(String(torch.sparse.softmax(coo(), 1))).toBe(fx("softmax1").repr);
  });
});

describe("elementwise", () => {
  it("add / sub / mul of sparse tensors, with scalars, and dense + sparse", () => {
    matches(coo().add(s2()), "add");
    matches(coo().add(s2(), { alpha: 2 }), "add_alpha");
    matches(coo().sub(s2()), "sub");
    matches(coo().mul(s2()), "mul");
    matches(coo().mul(2), "mul_scalar");
    matches(coo().div(2), "div_scalar");
    matches(coo().neg(), "neg");
    matches(dense().add(coo()), "dense_add_sparse");
  });

  it("mismatched sizes and sparse + dense throw Python's errors", () => {
    throwsLike(() => coo().add(torch.sparseCooTensor([[0], [0]], [1], [3, 3], f32)), "add_size_error");
    throwsLike(() => coo().add(dense()), "err_add_sparse_dense");
  });
});

describe("autograd", () => {
  it("the gradient of a dense weight in torch.sparse.mm(S, W)", () => {
    const w = W().requiresGrad_();
    const out = torch.sparse.mm(coo(), w);
    matches(out, "grad_mm_out");
    out.sum().backward();
    matches(w.grad!, "grad_mm_weight");
  });

  it("a sparse leaf gets a sparse gradient with its own pattern", () => {
    const s = torch.sparseCooTensor(i(), v(), [2, 3], { requiresGrad: true });
    const w = W().requiresGrad_();
    const out = torch.sparse.mm(s, w);
    matches(out, "grad_mm_sparse_out");
    out.pow(2).sum().backward();
    matches(s.grad!, "grad_mm_sparse");
    expect(s.grad!.layout).toBe(torch.sparseCoo);
    matches(w.grad!, "grad_mm_sparse_weight");
  });

  it("gradients flow to the values a sparse tensor was built from", () => {
    const vg = torch.tensor([3.0, 4.0, 5.0], { dtype: torch.float32, requiresGrad: true });
    const sv = torch.sparseCooTensor(i(), vg, [2, 3]);
    matches(sv, "grad_values_sparse");
    torch.sparse.mm(sv, W()).sum().backward();
    matches(vg.grad!, "grad_values");

    const vg2 = torch.tensor([3.0, 4.0, 5.0], { dtype: torch.float32, requiresGrad: true });
    torch.sparseCooTensor(i(), vg2, [2, 3]).toDense().mul(torch.arange(6.0, f32).reshape(2, 3)).sum().backward();
    matches(vg2.grad!, "grad_values_to_dense");

    const vg3 = torch.tensor([3.0, 4.0, 5.0], { dtype: torch.float32, requiresGrad: true });
    torch.sparse.sum(torch.sparseCooTensor(i(), vg3, [2, 3]).mul(2)).backward();
    matches(vg3.grad!, "grad_values_sum");
  });

  it("nn.Embedding({ sparse: true }) gets a sparse weight gradient that optim.SGD applies", () => {
    torch.manualSeed(0);
    const emb = new nn.Embedding(5, 2, { sparse: true });
    emb(torch.tensor([1, 3, 1])).sum().backward();
    matches(emb.weight.grad!, "embedding_sparse_grad");
    new optim.SGD(emb.parameters(), { lr: 0.1 }).step();
    matches(emb.weight.detach(), "embedding_sgd_step", { rtol: 1e-6 });
  });

  it("values of a computed grad match within tolerance (a sanity check of the helper)", () => {
    expect(() => close([1, 2], [1, 2.1])).toThrow();
  });
});
