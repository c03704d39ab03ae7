// Indexing (PORTING.md rule 7) against Python's __getitem__ / __setitem__
// (oracle: test/fixtures/core.json, cases "index.*").
import { describe, expect, it } from "vitest";
import torch, { Tensor } from "../src";
import { check, coverageTest, f32 } from "./helpers";

const IX = () => torch.arange(24).reshape(2, 3, 4);
const IF = () => torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);

describe("reads: x[...] -> x.index(...)", () => {
  check("index.int0", () => IX().index(0));
  check("index.neg1", () => IX().index(-1));
  check("index.two_ints", () => IX().index(1, 2));
  check("index.three_ints", () => IX().index(1, 2, 3));
  check("index.neg_ints", () => IX().index(-2, -1, -4));
  check("index.colon_0", () => IX().index(":", 0));
  check("index.colon_colon_neg1", () => IX().index(":", ":", -1));
  check("index.slice_1_3", () => IF().index("1:3"));
  check("index.slice_step2", () => IF().index("::2"));
  check("index.slice_step2_dim1", () => IF().index(":", "::2"));
  check("index.slice_start_step", () => IF().index(":", "1::2"));
  check("index.slice_neg_start", () => IF().index("-1:"));
  check("index.slice_neg_stop", () => IF().index(":-1"));
  check("index.slice_neg_both", () => IF().index(":", "-3:-1"));
  check("index.slice_2d", () => IF().index("1:3", "1:3"));
  check("index.slice_three_part", () => IF().index("0:3:2"));
  check("index.slice_empty", () => IF().index("2:1"));
  check("index.slice_out_of_range", () => IF().index("1:100"));
  check("index.slice_spaces", () => IF().index(" 1 : 3 "));
  check("index.none", () => IF().index(null));
  check("index.none_middle", () => IF().index(":", null));
  check("index.none_end", () => IF().index("...", null));
  check("index.ellipsis", () => IX().index("...", 0));
  check("index.ellipsis_mid", () => IX().index(0, "...", 1));
  check("index.ellipsis_only", () => IX().index("..."));
  check("index.bool_mask", () => { const x = IF(); return x.index(x.gt(5)); });
  check("index.bool_mask_rows", () => IF().index(torch.tensor([true, false, true])));
  check("index.bool_mask_2d_on_3d", () => IX().index(torch.tensor([[true, false, true], [false, false, true]])));
  check("index.bool_mask_cols", () => IF().index(":", torch.tensor([true, false, false, true])));
  check("index.int_tensor", () => IF().index(torch.tensor([2, 0])));
  check("index.int_tensor_neg", () => IF().index(torch.tensor([-1, 0, -1])));
  check("index.int_tensor_2d", () => IF().index(torch.tensor([[0, 1], [2, 2]])));
  check("index.int_tensor_0d", () => IF().index(torch.tensor(1)));
  check("index.array_ints", () => IF().index([2, 0, 2]));
  // probs[range(n), yb] -> probs.index(torch.arange(n), yb)
  check("index.two_advanced", () => {
    const p = torch.arange(12, { dtype: torch.float32 }).reshape(4, 3).softmax(1);
    const yb = torch.tensor([2, 0, 1, 1]);
    return p.index(torch.arange(4), yb);
  });
  check("index.two_advanced_range", () => torch.arange(12, { dtype: torch.float32 }).reshape(4, 3).index(torch.arange(4), [2, 0, 1, 1]));
  check("index.two_advanced_broadcast", () => IF().index(torch.tensor([[0], [2]]), torch.tensor([1, 3])));
  check("index.mixed_slice_adv", () => IF().index("1:", [0, 3]));
  check("index.mixed_adv_slice", () => IX().index([1, 0], ":", 2));
  check("index.adv_separated", () => IX().index([0, 1], ":", [1, 2]));
  check("index.int_and_adv", () => IX().index(0, [2, 1]));
  check("index.adv_then_none", () => IF().index([0, 2], null));
  check("index.ellipsis_adv", () => IX().index("...", [0, 3]));
  check("index.bool_true", () => IF().index(true));
  check("index.bool_false", () => IF().index(false));
  check("index.0d_tensor_int", () => torch.tensor(5).index(null));
  check("index.view_write_through", () => {
    const g = IF();
    g.index(0).fill_(5);
    return g;
  });
  check("index.grad_through_index", () => torch.tensor([1, 2, 3], { dtype: torch.float32, requiresGrad: true }).index("1:"));
  check("index.oob_error", () => IF().index(5));
  check("index.neg_oob_error", () => IF().index(-4));
  check("index.too_many_error", () => IF().index(0, 0, 0));
  // A negative step throws RangeError in JS (Python: ValueError "step must be greater than zero").
  check("index.neg_step_error", () => IF().index("::-1"), { throws: RangeError });
  check("index.adv_oob_error", () => IF().index(torch.tensor([3])));
  check("index.mask_shape_error", () => IF().index(torch.tensor([true, false])));
  check("index.empty_list", () => IF().index([]));
  check("index.empty_tuple", () => IF().index());
  check("index.bool_list", () => IF().index([true, false, true]));
  check("index.neg_list", () => IF().index([-1, 0]));
  check("index.bool_0d_tensor", () => IF().index(torch.tensor(true)));
  check("index.slice_huge_neg", () => IF().index("-100:2"));
  check("index.0d_int_error", () => torch.tensor(5).index(0));

  it("basic indexing returns a view (shares storage), advanced indexing a copy", () => {
    const x = IF();
    x.index("1:").mul_(0);
    expect(x.tolist()).toEqual([[0, 1, 2, 3], [0, 0, 0, 0], [0, 0, 0, 0]]);
    const y = IF();
    y.index([1, 2]).mul_(0);
    expect(y.sum().item()).toBe(66);
  });
});

describe("writes: x[...] = v -> x.indexPut_(idx, v)", () => {
  /** Runs the write, checks indexPut_ returned the same tensor, returns it. */
  const put = (g: Tensor, idx: unknown, v: Tensor | number | boolean): Tensor => {
    const r = g.indexPut_(idx, v);
    expect(r).toBe(g);
    return g;
  };
  check("index.put_scalar", () => put(IF(), [0], 5));
  check("index.put_single_index", () => put(IF(), 1, -1));
  check("index.put_elem", () => put(IF(), [1, 2], 100.5));
  check("index.put_tensor_broadcast", () => put(IF(), [":", 0], f32([7, 8, 9])));
  check("index.put_row_broadcast", () => put(IF(), ["1:"], torch.tensor([1.5, 2, 3, 4])));
  check("index.put_mask", () => { const g = IF(); return put(g, [g.gt(5)], 0); });
  check("index.put_mask_tensor", () => { const g = IF(); return put(g, [g.lt(2)], f32([10, 20])); });
  check("index.put_mask_rows", () => put(IF(), [torch.tensor([true, false, true])], -1));
  check("index.put_slice", () => put(IF(), ["1:3"], -1));
  check("index.put_step", () => put(IF(), [":", "::2"], 0));
  check("index.put_adv", () => put(IF(), [torch.arange(3), torch.tensor([0, 1, 2])], 9));
  check("index.put_array", () => put(IF(), [[0, 2]], 3.5));
  check("index.put_ellipsis", () => put(IF(), ["...", -1], 3));
  check("index.put_int_trunc", () => put(torch.arange(4), [1], 2.7));
  check("index.put_bool", () => put(torch.zeros(3, { dtype: torch.bool }), [1], true));
  check("index.put_int_tensor_value", () => put(IF(), [0], torch.tensor([1, 2, 3, 4])));
  check("index.put_0d_tensor_value", () => put(IF(), [2], torch.tensor(2.5)));
  check("index.put_shape_error", () => IF().indexPut_([0], f32([1, 2])));
  check("index.put_empty_tuple", () => put(IF(), [], 5));
  check("index.put_dup_adv", () => put(torch.zeros(3), [torch.tensor([0, 0, 1])], torch.tensor([1.5, 2.5, 3.5])));
  check("index.put_dtype_mismatch_error", () => torch.arange(4).indexPut_([torch.tensor([0, 1])], torch.tensor([1.7, -2.7])));
  check("index.put_grad_copyslices", () => {
    const w = torch.zeros(3, { requiresGrad: true });
    const y = w.mul(1);
    y.indexPut_([0], 5);
    return y;
  });
  check("index.put_grad_value", () => {
    const v = torch.tensor([2.5], { requiresGrad: true });
    const y = torch.zeros(3);
    y.indexPut_([torch.tensor([1])], v);
    return y;
  });
  check("index.put_neg_step_error", () => IF().indexPut_(["::-1"], 0), { throws: RangeError });
});

coverageTest(["index."]);

describe("indexPut_ with accumulate (Python's index_put_(..., accumulate=True))", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const py = require("./fixtures/indexing_extra.json") as Record<string, { shape: number[]; dtype: string; values: number[] }>;
  const same = (t: Tensor, id: string) => {
    expect(t.shape).toEqual(py[id].shape);
    expect(t.dtype.name).toBe(py[id].dtype);
    expect(Array.from(t.toTypedArray(), Number)).toEqual(py[id].values);
  };
  const f32 = torch.float32;
  it("1-d, repeated indices add up", () =>
    same(torch.zeros(5).indexPut_([torch.tensor([0, 0, 2])], torch.tensor([1, 2, 3], { dtype: f32 }), true), "acc_1d"));
  it("2-d with a scalar value and integer arrays", () =>
    same(torch.zeros(3, 3).indexPut_([[0, 0, 2], [1, 1, 0]], 1, { accumulate: true }), "acc_2d_scalar"));
  it("whole rows", () => same(torch.zeros(3, 4).indexPut_([[1, 1]], torch.ones(2, 4), true), "acc_rows"));
  it("int64", () =>
    same(torch.arange(6).reshape(2, 3).indexPut_([torch.tensor([0, 1, 0]), torch.tensor([2, 2, 2])], torch.tensor([10, 20, 30]), true), "acc_int"));
  it("boolean mask", () =>
    same(torch.zeros(4).indexPut_([torch.tensor([true, false, true, true])], torch.tensor([1, 2, 3], { dtype: f32 }), true), "acc_mask"));
  it("accumulate=false writes", () =>
    same(torch.zeros(5).indexPut_([torch.tensor([1, 1, 3])], torch.tensor([1, 2, 3], { dtype: f32 }), false).index([3]), "noacc_last_wins_unique"));
  it("rejects slices other than ':' and bad flags", () => {
    expect(() => torch.zeros(5).indexPut_(["1:3"], 1, true)).toThrow(/accumulate=true the indices must be/);
    expect(() => torch.zeros(5).indexPut_([0], 1, "yes" as never)).toThrow(/argument 'accumulate' must be bool/);
  });
});
