// torch.* functional forms (torch.add(a, b) == a.add(b)) and the functions
// taking several tensors (cat, stack), against Python torch
// (oracle: test/fixtures/core.json, cases "functions.*").
import { describe, expect, it } from "vitest";
import torch from "../src";
import { check, coverageTest, TOL } from "./helpers";

const FA = () => torch.arange(6).reshape(2, 3);
const FB = () => torch.arange(6, 12).reshape(2, 3);
const FF = () => torch.tensor([[1.5, -2, 3], [4, 0.5, -6]]);

describe("torch.cat", () => {
  check("functions.cat_dim0", () => torch.cat([FA(), FB()]));
  check("functions.cat_dim1", () => torch.cat([FA(), FB()], 1));
  check("functions.cat_neg", () => torch.cat([FA(), FB()], { dim: -1 }));
  check("functions.cat_neg2", () => torch.cat([FA(), FB()], -2));
  check("functions.cat_three", () => torch.cat([FA(), FB(), FA()], 0));
  check("functions.cat_one", () => torch.cat([FA()]));
  check("functions.cat_promote", () => torch.cat([FA(), FF()]));
  check("functions.cat_1d", () => torch.cat([torch.tensor([1, 2]), torch.tensor([3]), torch.tensor([4, 5, 6])]));
  check("functions.cat_legacy_empty", () => torch.cat([torch.tensor([]), FF()]));
  check("functions.cat_empty_rows", () => torch.cat([torch.zeros(0, 3), FF()]));
  check("functions.cat_mismatch_error", () => torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)]));
  check("functions.cat_dim_error", () => torch.cat([FA(), FB()], 2));
  check("functions.cat_empty_list_error", () => torch.cat([]));
  it("takes lists past the separate-argument limit (4096) as an array", () => {
    for (const n of [4096, 5000]) {
      const parts = Array.from({ length: n }, (_, i) => torch.tensor([i]));
      expect(torch.cat(parts).equal(torch.arange(n))).toBe(true);
      expect(torch.stack(parts, 1).equal(torch.arange(n).unsqueeze(0))).toBe(true);
    }
  });
});

describe("torch.stack", () => {
  check("functions.stack_dim0", () => torch.stack([FA(), FB()]));
  check("functions.stack_dim1", () => torch.stack([FA(), FB()], 1));
  check("functions.stack_dim2", () => torch.stack([FA(), FB()], 2));
  check("functions.stack_neg", () => torch.stack([FA(), FB()], { dim: -1 }));
  check("functions.stack_neg3", () => torch.stack([FA(), FB()], -3));
  check("functions.stack_0d", () => torch.stack([torch.tensor(1.5), torch.tensor(2.5)]));
  check("functions.stack_promote", () => torch.stack([torch.tensor([1, 2]), torch.tensor([0.5, 1.5])]));
  check("functions.stack_empty_error", () => torch.stack([]));
  check("functions.stack_error", () => torch.stack([torch.zeros(2), torch.zeros(3)]));
});

describe("functional forms of the methods", () => {
  check("functions.add", () => torch.add(FA(), FB()));
  check("functions.add_scalar", () => torch.add(FA(), 1));
  check("functions.add_alpha", () => torch.add(FA(), FB(), { alpha: 2 }));
  // @ts-expect-error Python's alpha is keyword-only; the runtime's fast path also takes it positionally
  check("functions.add_alpha_pos", () => torch.add(FA(), FB(), -1));
  check("functions.sub", () => torch.sub(FF(), 0.5));
  check("functions.mul", () => torch.mul(FA(), FF()));
  check("functions.div", () => torch.div(FA(), FB()));
  // @ts-expect-error Python's rounding_mode is keyword-only; the runtime's fast path also takes it positionally
  check("functions.div_floor", () => torch.div(FB(), 4, "floor"));
  check("functions.div_floor_opts", () => torch.div(FB(), -4, { roundingMode: "floor" }));
  check("functions.pow", () => torch.pow(FA(), 2));
  check("functions.neg", () => torch.neg(FF()));
  check("functions.matmul", () => torch.matmul(FA(), FB().t()));
  check("functions.mm", () => torch.mm(FF(), FF().t()));
  check("functions.bmm", () => torch.bmm(torch.ones(2, 1, 3), torch.ones(2, 3, 2)));
  check("functions.eq", () => torch.eq(FA(), 4));
  check("functions.lt", () => torch.lt(FA(), FF()));
  check("functions.exp", () => torch.exp(FF()), TOL);
  check("functions.log", () => torch.log(FF()), TOL);
  check("functions.tanh", () => torch.tanh(FF()), TOL);
  check("functions.sigmoid", () => torch.sigmoid(FF()), TOL);
  check("functions.relu", () => torch.relu(FF()));
  check("functions.softmax", () => torch.softmax(FF(), -1), TOL);
  check("functions.softmax_opts", () => torch.softmax(FF(), { dim: 0 }), TOL);
  check("functions.log_softmax", () => torch.logSoftmax(FF(), 1), TOL);
  check("functions.sum", () => torch.sum(FA()));
  check("functions.sum_dim", () => torch.sum(FA(), 1));
  check("functions.sum_keepdim", () => torch.sum(FA(), 0, true));
  check("functions.mean", () => torch.mean(FF(), 0));
  check("functions.max", () => torch.max(FF()));
  check("functions.max_dim", () => torch.max(FF(), 1));
  check("functions.max_other", () => torch.max(FF(), torch.zeros(3)));
  check("functions.min_dim", () => torch.min(FF(), { dim: 0 }));
  check("functions.argmax", () => torch.argmax(FF(), 1));
  check("functions.argmin", () => torch.argmin(FF()));
  check("functions.reshape", () => torch.reshape(FA(), [3, 2]));
  check("functions.permute", () => torch.permute(FA(), [1, 0]));
  check("functions.transpose", () => torch.transpose(FA(), 0, 1));
  check("functions.t", () => torch.t(FA()));
  check("functions.flatten", () => torch.flatten(torch.zeros(2, 3, 4), 1));
  check("functions.squeeze", () => torch.squeeze(torch.zeros(1, 2, 1)));
  check("functions.squeeze_dim", () => torch.squeeze(torch.zeros(1, 2, 1), -1));
  check("functions.unsqueeze", () => torch.unsqueeze(FA(), 0));
  check("functions.clone", () => torch.clone(FA()));
  check("functions.clamp", () => torch.clamp(FF(), -1, 2));
  check("functions.numel", () => torch.numel(FA()));
  check("functions.equal_true", () => torch.equal(FA(), FA().clone()));
  check("functions.equal_false", () => torch.equal(FA(), FB()));
  check("functions.allclose", () => torch.allclose(torch.tensor([1, 2], { dtype: torch.float32 }), torch.tensor([1, 2.000001])));
  check("functions.allclose_false", () => torch.allclose(torch.tensor([1, 2], { dtype: torch.float32 }), torch.tensor([1, 2.1])));
  check("functions.allclose_atol", () =>
    torch.allclose(torch.tensor([1, 2], { dtype: torch.float32 }), torch.tensor([1, 2.1]), { atol: 0.2 }));

  it("torch.<fn>(x, ...) and x.<fn>(...) give the same result", () => {
    const a = FF();
    expect(torch.softmax(a, 1).tolist()).toEqual(a.softmax(1).tolist());
    expect(torch.sum(a, 0, true).tolist()).toEqual(a.sum(0, true).tolist());
    expect(torch.add(a, 1, { alpha: 1 }).tolist()).toEqual(a.add(1).tolist());
  });
  it("a non-tensor input throws a TypeError", () => {
    expect(() => torch.exp(3 as never)).toThrow(TypeError);
    expect(() => torch.cat([FA(), 3 as never])).toThrow(TypeError);
  });
});

coverageTest(["functions."]);
