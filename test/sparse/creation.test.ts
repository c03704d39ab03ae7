// Sparse tensors made by torch.sparseCooTensor / sparseCsrTensor / ... and by conversions, compared with
// Python torch (test/fixtures/make_sparse.py): repr exactly, indices exactly, values within tolerance.
import { describe, it, expect } from "vitest";
import torch from "../../src";
import { matches, throwsLike, value } from "./sparse_helpers";

const i = () => torch.tensor([[0, 1, 1], [2, 0, 2]]);
const v = () => torch.tensor([3.0, 4.0, 5.0], { dtype: torch.float32 });
const coo = () => torch.sparseCooTensor(i(), v(), [2, 3]);
const dense = () => torch.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]], { dtype: torch.float32 });
const d4 = () => torch.arange(16.0, { dtype: torch.float32 }).reshape(4, 4).mul(torch.arange(16).reshape(4, 4).remainder(3).eq(0));

describe("torch.sparseCooTensor", () => {
  it("builds a COO tensor that prints as Python prints it", () => {
    matches(coo(), "coo");
    matches(torch.sparseCooTensor(i(), v()), "coo_inferred_size");
    matches(torch.sparseCooTensor([[0, 1, 1], [2, 0, 2]], [3, 4, 5], [2, 3], { dtype: torch.float32 }), "coo_from_lists");
  });

  it("takes dtype, requiresGrad and isCoalesced in the options object", () => {
    matches(torch.sparseCooTensor(i(), v(), [2, 3], { dtype: torch.float64 }), "coo_float64");
    matches(torch.sparseCooTensor(i(), v(), { size: [2, 3], dtype: torch.float64 }), "coo_float64");
    matches(torch.sparseCooTensor(i(), torch.tensor([1, 2, 3]), [2, 3]), "coo_int64_values");
    const g = torch.sparseCooTensor(i(), v(), [2, 3], { requiresGrad: true });
    matches(g, "coo_requires_grad");
    expect(g.isLeaf).toBe(true);
    matches(torch.sparseCooTensor(i(), v(), [2, 3], { isCoalesced: true }), "coo_is_coalesced_flag");
    // float indices are converted to int64, as Python does
    matches(torch.sparseCooTensor(torch.tensor([[0.0, 1.0]]), torch.tensor([1.0, 2.0], { dtype: torch.float32 }), [2]), "indices_float");
  });

  it("coalesce(), isCoalesced(), _nnz(), indices(), values(), toDense(), sparseDim(), denseDim()", () => {
    const s = coo();
    expect(s.isCoalesced()).toBe(value("coo_is_coalesced"));
    expect(s._nnz()).toBe(value("coo_nnz"));
    expect([s.sparseDim(), s.denseDim()]).toEqual(value("coo_sparse_dim"));
    matches(s.coalesce(), "coo_coalesce");
    matches(s.coalesce().indices(), "coo_indices");
    matches(s.coalesce().values(), "coo_values");
    matches(s.toDense(), "coo_to_dense");
    throwsLike(() => s.indices(), "coo_indices_uncoalesced_error");
  });

  it("sums duplicate entries on coalesce() and in toDense()", () => {
    const dup = torch.sparseCooTensor([[1, 0, 1], [2, 0, 2]], torch.tensor([1.0, 2.0, 3.0], { dtype: torch.float32 }), [2, 3]);
    matches(dup, "dup");
    matches(dup.coalesce(), "dup_coalesce");
    matches(dup.toDense(), "dup_to_dense");
  });

  it("handles nnz = 0", () => {
    const e = torch.sparseCooTensor(torch.empty([2, 0], { dtype: torch.int64 }), torch.empty([0]), [3, 4]);
    matches(e, "empty");
    matches(e.coalesce(), "empty_coalesce");
  });

  it("hybrid COO tensors (dense dims in the values)", () => {
    const h = torch.sparseCooTensor([[0, 2]], torch.tensor([[1.0, 2.0], [3.0, 4.0]], { dtype: torch.float32 }), [3, 2]);
    matches(h, "hybrid");
    expect([h.sparseDim(), h.denseDim()]).toEqual(value("hybrid_dims"));
    matches(h.toDense(), "hybrid_to_dense");
    matches(torch.sparse.sum(h, 1), "hybrid_sum1");
  });

  it("prints many entries with Python's formatting (negative, fractional values)", () => {
    const idx = torch.stack([torch.arange(40).remainder(7), torch.arange(40).remainder(5)]);
    matches(torch.sparseCooTensor(idx, torch.linspace(-2, 3, 40), [7, 5]).coalesce(), "big");
  });
});

describe("printing", () => {
  it("summarizes parts past the print threshold per part, as Python does", () => {
    const n = 700;
    const idx = torch.stack([torch.arange(n).floorDivide(10), torch.arange(n).remainder(10)]);
    matches(torch.sparseCooTensor(idx, torch.arange(n).mul(0.5).sub(100), [70, 10]), "summarized");
  });

  it("bool, int32 and scientific-notation values", () => {
    matches(torch.sparseCooTensor(i(), torch.tensor([true, false, true]), [2, 3]), "bool_values");
    matches(torch.sparseCooTensor(i(), torch.tensor([7, -8, 9], { dtype: torch.int32 }), [2, 3]), "int32_values");
    matches(torch.sparseCooTensor(i(), torch.tensor([1e-8, 2.5e6, 3.0], { dtype: torch.float32 }), [2, 3]), "sci_values");
  });
});

describe("compressed layouts", () => {
  const crow = () => torch.tensor([0, 2, 3]), col = () => torch.tensor([0, 2, 1]);
  const vals = () => torch.tensor([1.0, 2.0, 3.0], { dtype: torch.float32 });
  const blocks = () => torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]], { dtype: torch.float32 });

  it("sparseCsrTensor / sparseCscTensor / sparseBsrTensor / sparseBscTensor / sparseCompressedTensor", () => {
    matches(torch.sparseCsrTensor(crow(), col(), vals(), [2, 3]), "csr");
    matches(torch.sparseCsrTensor(crow(), col(), vals()), "csr_inferred_size");
    matches(torch.sparseCsrTensor(crow(), col(), vals(), [2, 3], { dtype: torch.float64 }), "csr_float64");
    matches(torch.sparseCscTensor([0, 1, 2, 3], [0, 1, 0], vals(), [2, 3]), "csc");
    matches(torch.sparseBsrTensor([0, 1, 2], [0, 1], blocks(), [4, 4]), "bsr");
    matches(torch.sparseBscTensor([0, 1, 2], [0, 1], blocks(), [4, 4]), "bsc");
    matches(torch.sparseCompressedTensor(crow(), col(), vals(), [2, 3], { layout: torch.sparseCsr }), "compressed_csr");
    matches(torch.sparseCompressedTensor([0, 1, 2, 3], [0, 1, 0], vals(), [2, 3], { layout: torch.sparseCsc }), "compressed_csc");
    matches(torch.sparseCsrTensor([0, 0, 0], torch.tensor([], { dtype: torch.int64 }), torch.tensor([], { dtype: torch.float32 }), [2, 3]), "csr_empty");
  });
});

describe("layouts and conversions", () => {
  it("t.layout is an attribute printing as Python's torch.layout", () => {
    expect(String(dense().layout)).toBe(value("dense_layout"));
    expect(dense().layout).toBe(torch.strided);
    expect(coo().layout).toBe(torch.sparseCoo);
    expect(String(torch.sparseCoo)).toBe("torch.sparse_coo");
    expect(dense().toSparseCsr().layout).toBe(torch.sparseCsr);
    expect(dense().toSparseCsc().layout).toBe(torch.sparseCsc);
    expect(d4().toSparseBsr([2, 2]).layout).toBe(torch.sparseBsr);
    expect(d4().toSparseBsc([2, 2]).layout).toBe(torch.sparseBsc);
    expect(torch.sparseCoo).toBeInstanceOf(torch.layout);
    const d = dense(), s = coo(), c = d.toSparseCsr();
    expect([d.isSparse, s.isSparse, c.isSparse, c.isSparseCsr]).toEqual(value("is_sparse"));
  });

  it("factories take a layout option (torch.zeros, torch.empty, torch.zerosLike keeps the layout)", () => {
    matches(torch.zeros(2, 3, { layout: torch.sparseCoo }), "zeros_sparse");
    matches(torch.zerosLike(coo()), "zeros_like_sparse");
    const e = torch.empty(2, 3, { layout: torch.sparseCsr }); // uninitialised indices: only its layout and size
    expect([e.layout, e.shape]).toEqual([torch.sparseCsr, [2, 3]]);
    expect(() => torch.zeros(2, 3, { layout: "sparse" as never })).toThrow(/argument 'layout' must be torch.layout/);
  });

  it("toSparse(), toSparse(sparseDim), toSparse({ layout }), toSparseCsr/Csc/Bsr/Bsc, toDense()", () => {
    matches(dense().toSparse(), "dense_to_sparse");
    matches(dense().toSparseCoo(), "dense_to_sparse");
    matches(dense().toSparse(1), "dense_to_sparse_1");
    matches(dense().toSparse({ layout: torch.sparseCsr }), "dense_to_sparse_csr_layout");
    matches(dense().toSparseCsr(), "dense_to_sparse_csr");
    matches(dense().toSparseCsc(), "dense_to_sparse_csc");
    matches(d4().toSparseBsr([2, 2]), "dense_to_sparse_bsr");
    matches(d4().toSparseBsc([2, 2]), "dense_to_sparse_bsc");
    matches(coo().toSparseCsr(), "coo_to_sparse_csr");
    matches(dense().toSparseCsr().toSparse(), "csr_to_sparse");
    matches(dense().toSparseCsr().toDense(), "csr_to_dense");
  });
});

describe("bad input", () => {
  // Python checks these only with check_invariants=True; torch-node always does (a bad sparse tensor can crash later kernels)
  it("throws Python's errors for invalid COO indices and sizes", () => {
    throwsLike(() => torch.sparseCooTensor([[0, 5]], [1.0, 2.0], [3]), "err_index_out_of_range");
    throwsLike(() => torch.sparseCooTensor([[0, -1]], [1.0, 2.0], [3]), "err_negative_index");
    throwsLike(() => torch.sparseCooTensor([[0, -1]], [1.0, 2.0]), "err_negative_index_inferred");
    throwsLike(() => torch.sparseCooTensor(i(), v(), [2, 3, 4]), "err_size_len");
    throwsLike(() => torch.sparseCooTensor(i(), torch.tensor([1.0, 2.0]), [2, 3]), "err_nnz_mismatch");
    throwsLike(() => torch.sparseCooTensor(torch.tensor([0, 1]), torch.tensor([1.0, 2.0]), [2]), "err_indices_1d");
  });

  it("throws Python's errors for invalid compressed indices", () => {
    const vals = torch.tensor([1.0, 2.0, 3.0], { dtype: torch.float32 });
    throwsLike(() => torch.sparseCsrTensor([0, 2, 3], [0, 5, 1], vals, [2, 3]), "err_csr_col_out_of_range");
    throwsLike(() => torch.sparseCsrTensor([0, 2, 3, 3], [0, 2, 1], vals, [2, 3]), "err_csr_crow_len");
    throwsLike(() => torch.sparseCsrTensor([0, 3, 2], [0, 2, 1], vals, [2, 3]), "err_csr_crow_decreasing");
  });

  it("checkInvariants: false skips the check, as Python's default does", () => {
    const s = torch.sparseCooTensor([[0, 1]], [1.0, 2.0], [3], { checkInvariants: false });
    expect(s._nnz()).toBe(2);
  });

  it("reading values of a sparse tensor throws Python's error instead of crashing", () => {
    throwsLike(() => coo().tolist(), "err_tolist");
    expect(() => coo().toDense().tolist()).not.toThrow();
  });

  it("rejects bad argument types with a TypeError naming the argument", () => {
    expect(() => torch.sparseCooTensor(i(), v(), [2, 3], { dtype: "float32" as never })).toThrow(TypeError);
    expect(() => torch.sparseCooTensor(i(), v(), [2, 3], { requiresGrad: 1 as never })).toThrow(/requires_grad/);
    expect(() => torch.sparseCooTensor(i(), "x" as never, [2, 3])).toThrow(/values/);
    expect(() => torch.sparseCooTensor(i(), v(), [2, 3], { bogus: 1 } as never)).toThrow(/unexpected keyword argument 'bogus'/);
    expect(() => torch.sparseCompressedTensor([0, 1], [0], [1.0], [1, 1], { layout: "csr" as never })).toThrow(/layout/);
    expect(() => torch.sparseCooTensor(i(), torch.tensor([1, 2, 3]), [2, 3], { requiresGrad: true })).toThrow(/floating point/);
  });
});
