// The checkpoint of sparse tensors torch-node writes to test/fixtures/sparse_js.pt
// (test/fixtures/make_sparse_js_saved.ts); check_sparse_js_saved.py records what Python's torch.load saw.
import torch from "../../src";

export function sparseCheckpoint() {
  const f32 = { dtype: torch.float32 };
  const coo = torch.sparseCooTensor([[0, 1, 1], [2, 0, 2]], [3, 4, 5], [2, 3], f32);
  const dense = torch.tensor([[0, 1.5, 0], [2, 0, -3]], f32);
  return {
    coo,
    coalesced: torch.sparseCooTensor([[1, 0, 1], [2, 0, 2]], [1, 2, 3], [2, 3], f32).coalesce(),
    hybrid: torch.sparseCooTensor([[0, 2]], [[1, 2], [3, 4]], [3, 2], { dtype: torch.float64 }),
    empty: torch.sparseCooTensor(torch.empty([2, 0], { dtype: torch.int64 }), torch.empty([0]), [3, 4]),
    csr: dense.toSparseCsr(),
    csc: dense.toSparseCsc(),
    bsr: dense.toSparseBsr([1, 1]),
    bsc: dense.toSparseBsc([1, 3]),
    dense,
  };
}
