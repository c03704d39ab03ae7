// Tensor methods against Python torch: dtype promotion, arithmetic with
// broadcasting, reductions, shape ops, values out, printing and autograd
// basics (oracle: test/fixtures/core.json, cases promo.* ops.* reduce.*
// shape.* values.* print.* autograd.*).
import { describe, expect, it } from "vitest";
import torch, { Tensor } from "../src";
import { check, coverageTest, expectedTensor, f32, flatValues, getCase, TOL, type TensorExpected, type TupleExpected } from "./helpers";

// ---------------------------------------------------------------- dtype promotion
describe("dtype promotion", () => {
  const i32 = () => torch.tensor([1, 2], { dtype: torch.int32 });
  const f16 = () => torch.tensor([1.5], { dtype: torch.float16 });
  const bools = () => torch.tensor([true, false]);
  check("promo.int64_plus_float_scalar", () => torch.tensor([1, 2, 3]).add(2.5));
  check("promo.int64_plus_int_scalar", () => torch.tensor([1, 2, 3]).add(2));
  check("promo.int32_plus_int64", () => i32().add(torch.tensor([3, 4])));
  check("promo.int32_plus_int_scalar", () => i32().add(2));
  check("promo.int32_plus_int64_0d", () => i32().add(torch.tensor(5)));
  check("promo.int32_plus_float32", () => i32().add(torch.tensor([0.5, 0.25])));
  check("promo.uint8_plus_int8", () =>
    torch.tensor([200, 1], { dtype: torch.uint8 }).add(torch.tensor([-1, 2], { dtype: torch.int8 })));
  check("promo.uint8_overflow", () =>
    torch.tensor([200], { dtype: torch.uint8 }).add(torch.tensor([100], { dtype: torch.uint8 })));
  check("promo.uint8_plus_int_scalar", () => torch.tensor([250], { dtype: torch.uint8 }).add(10));
  check("promo.bool_plus_int", () => bools().add(1));
  check("promo.bool_plus_bool", () => bools().add(torch.tensor([true, true])));
  check("promo.bool_plus_float", () => bools().add(0.5));
  check("promo.bool_plus_bool_scalar", () => bools().add(true));
  check("promo.int_plus_bool_scalar", () => torch.tensor([1, 2]).add(true));
  check("promo.bool_plus_int32", () => bools().add(torch.tensor([2, 3], { dtype: torch.int32 })));
  check("promo.float16_plus_float32", () => f16().add(torch.tensor([2.25])));
  check("promo.float16_plus_scalar", () => f16().add(2.5));
  check("promo.bfloat16_plus_float16", () =>
    torch.tensor([1.5], { dtype: torch.bfloat16 }).add(torch.tensor([2.5], { dtype: torch.float16 })));
  check("promo.float32_plus_float64", () => torch.tensor([1.5]).add(torch.tensor([2.5], { dtype: torch.float64 })));
  check("promo.float32_plus_float64_0d", () =>
    torch.tensor([1.5, 2.5]).add(torch.tensor(0.1, { dtype: torch.float64 })));
  check("promo.float16_plus_float64_0d", () => f16().add(torch.tensor(0.1, { dtype: torch.float64 })));
  check("promo.int_plus_float64_0d", () => torch.tensor([1, 2]).add(torch.tensor(0.5, { dtype: torch.float64 })));
  check("promo.0d_plus_0d", () =>
    torch.tensor(1, { dtype: torch.int32 }).add(torch.tensor(2.5, { dtype: torch.float64 })));
  check("promo.int_div_int", () => torch.tensor([1, 2, 3]).div(torch.tensor([2, 2, 2])));
  check("promo.int_div_scalar", () => torch.tensor([1, 2, 3]).div(2));
  check("promo.int_mul_int", () => torch.tensor([1, 2, 3]).mul(2));
  check("promo.int_mul_float", () => torch.tensor([1, 2, 3]).mul(0.5));
  check("promo.int_sub_float64", () => torch.tensor([1, 2]).sub(torch.tensor([0.5, 0.25], { dtype: torch.float64 })));
  check("promo.int_pow_float", () => torch.tensor([1, 2, 3]).pow(0.5), TOL);
  check("promo.int_pow_int", () => torch.tensor([1, 2, 3]).pow(2));
  check("promo.cmp_int_float_scalar", () => torch.tensor([1, 2, 3]).lt(2.5));
  check("promo.cmp_int_float_tensor", () => torch.tensor([1, 2, 3]).eq(torch.tensor([1, 0.5, 3])));
  check("promo.cmp_bool_scalar", () => bools().eq(true));
  check("promo.cmp_uint8_int8", () =>
    torch.tensor([200], { dtype: torch.uint8 }).gt(torch.tensor([-1], { dtype: torch.int8 })));
  check("promo.bool_mul_bool", () => bools().mul(torch.tensor([true, true])));
  check("promo.bool_div_scalar", () => bools().div(2));
  check("promo.uint8_neg", () => torch.tensor([1, 2], { dtype: torch.uint8 }).neg());
  check("promo.int8_overflow", () => torch.tensor([127], { dtype: torch.int8 }).add(1));
  check("promo.int8_plus_big_scalar", () => torch.tensor([1], { dtype: torch.int8 }).add(1000));
  check("promo.int_pow_float_tensor", () => torch.tensor([2, 3]).pow(f32([0.5, 2])), TOL);
  check("promo.int_pow_bool", () => torch.tensor([2, 3]).pow(true));
  check("promo.cmp_f16_f64", () =>
    torch.tensor([0.1], { dtype: torch.float16 }).eq(torch.tensor([0.1], { dtype: torch.float64 })));
});

// ---------------------------------------------------------------- arithmetic
const A = () => torch.tensor([[1.5, -2, 3], [4, 0.5, -6]]);
const B = () => torch.tensor([2, -0.5, 0.25]);

describe("arithmetic with broadcasting and scalars", () => {
  check("ops.add_broadcast", () => A().add(B()));
  check("ops.add_row_col", () => torch.tensor([[1], [2], [3]]).add(torch.tensor([[10, 20, 30, 40]])));
  check("ops.add_scalar", () => A().add(1.5));
  check("ops.add_alpha", () => A().add(B(), 2));
  check("ops.add_alpha_opts", () => A().add(B(), { alpha: 0.5 }));
  check("ops.add_int_alpha", () => torch.tensor([1, 2]).add(torch.tensor([3, 4]), 3));
  check("ops.add_int_float_alpha_error", () => torch.tensor([1, 2]).add(torch.tensor([3, 4]), 0.5));
  check("ops.sub", () => A().sub(B()));
  check("ops.sub_alpha", () => A().sub(B(), 3));
  check("ops.sub_scalar", () => A().sub(1.5));
  check("ops.mul", () => A().mul(B()));
  check("ops.mul_scalar", () => A().mul(-2));
  check("ops.div", () => A().div(B()));
  check("ops.div_scalar", () => A().div(3));
  check("ops.div_floor_float", () => torch.tensor([-7, 7, -7.5, 7.5]).div(2, "floor"));
  check("ops.div_trunc_float", () => torch.tensor([-7, 7, -7.5, 7.5]).div(2, "trunc"));
  check("ops.div_floor_int", () => torch.tensor([-7, 7, 5, -5]).div(2, "floor"));
  check("ops.div_trunc_int", () => torch.tensor([-7, 7, 5, -5]).div(2, "trunc"));
  check("ops.div_floor_tensor", () => torch.tensor([-7, 7, 9]).div(torch.tensor([2, -2, 4]), "floor"));
  check("ops.div_mode_opts", () => torch.tensor([-7, 7]).div(2, { roundingMode: "floor" }));
  check("ops.div_mode_none", () => torch.tensor([-7, 7]).div(2, null));
  check("ops.div_bad_mode_error", () => torch.tensor([1.5]).div(2, "round"));
  check("ops.div_int_zero_floor_error", () => torch.tensor([1]).div(0, "floor"));
  check("ops.pow_scalar", () => torch.tensor([1.5, 2, -3]).pow(2));
  check("ops.pow_half", () => f32([4, 9, 2, -1]).pow(0.5), TOL);
  check("ops.pow_tensor", () => f32([2, 3, 4]).pow(torch.tensor([3, 0.5, -1])), TOL);
  check("ops.pow_broadcast", () => f32([[1], [2]]).pow(f32([1, 2, 3])), TOL);
  check("ops.pow_int_neg_error", () => torch.tensor([2, 3]).pow(-1));
  check("ops.pow_zero", () => torch.tensor([0, 2.5]).pow(0));
  check("ops.neg", () => torch.tensor([1.5, -2, 0]).neg());
  check("ops.neg_int", () => torch.tensor([1, -2, 0]).neg());
  check("ops.neg_bool_error", () => torch.tensor([true]).neg());
  check("ops.clamp", () => torch.tensor([-2.5, 0.5, 3]).clamp(-1, 1));
  check("ops.clamp_min_opt", () => torch.tensor([-2.5, 0.5, 3]).clamp({ min: 0 }));
});

describe("matmul / mm / bmm", () => {
  check("ops.matmul_1d_1d", () => f32([1, 2, 3]).matmul(torch.tensor([4, 5, 6.5])));
  check("ops.matmul_int", () => torch.tensor([[1, 2], [3, 4]]).matmul(torch.tensor([[5, 6], [7, 8]])));
  check("ops.matmul_2d_2d", () => { torch.manualSeed(0); const a = torch.randn(3, 4); const b = torch.randn(4, 2); return a.matmul(b); }, TOL);
  check("ops.matmul_3d_2d", () => { torch.manualSeed(0); const a = torch.randn(2, 3, 4); const b = torch.randn(4, 5); return a.matmul(b); }, TOL);
  check("ops.matmul_1d_2d", () => { torch.manualSeed(0); const a = torch.randn(4); const b = torch.randn(4, 3); return a.matmul(b); }, TOL);
  check("ops.matmul_2d_1d", () => { torch.manualSeed(0); const a = torch.randn(3, 4); const b = torch.randn(4); return a.matmul(b); }, TOL);
  check("ops.matmul_batched_broadcast", () => { torch.manualSeed(0); const a = torch.randn(2, 1, 3, 4); const b = torch.randn(5, 4, 2); return a.matmul(b); }, TOL);
  check("ops.matmul_shape_error", () => torch.zeros(2, 3).matmul(torch.zeros(2, 3)));
  check("ops.matmul_dtype_error", () => torch.zeros(2, 3).matmul(torch.zeros(3, 2, { dtype: torch.float64 })));
  check("ops.mm", () => f32([[1, 2], [3, 4.5]]).mm(f32([[0.5, -1], [2, 0.25]])));
  check("ops.mm_shape_error", () => torch.zeros(2, 3).mm(torch.zeros(2, 3)));
  check("ops.mm_3d_error", () => torch.zeros(2, 3, 3).mm(torch.zeros(3, 3)));
  check("ops.bmm", () => { torch.manualSeed(0); const a = torch.randn(2, 3, 4); const b = torch.randn(2, 4, 2); return a.bmm(b); }, TOL);
  check("ops.bmm_int", () => torch.arange(8).reshape(2, 2, 2).bmm(torch.arange(8).reshape(2, 2, 2)));
});

describe("comparisons", () => {
  for (const op of ["eq", "ne", "lt", "le", "gt", "ge"] as const) {
    check(`ops.${op}_tensor`, () => torch.tensor([1, 2, 3, 4])[op](torch.tensor([4, 2, 1, 4])));
    check(`ops.${op}_scalar`, () => torch.tensor([1, 2, 3, 4])[op](2));
    check(`ops.${op}_float_scalar`, () => torch.tensor([1.5, 2, 2.5])[op](2));
  }
  check("ops.eq_broadcast", () => torch.tensor([[1], [2], [3]]).eq(torch.tensor([1, 2, 3])));
  check("ops.lt_float_int", () => torch.tensor([0.5, 1.5]).lt(torch.tensor([1, 1])));
});

describe("elementwise functions and softmax", () => {
  const U = () => torch.tensor([-2.5, -1, 0, 0.5, 1, 3]);
  for (const op of ["exp", "log", "tanh", "sigmoid", "relu", "abs", "sqrt"] as const) {
    check(`ops.${op}`, () => U()[op](), TOL);
    check(`ops.${op}_randn`, () => { torch.manualSeed(0); return torch.randn(40).mul(3)[op](); }, TOL);
  }
  check("ops.exp_float64", () => torch.tensor([-1, 0, 1, 10], { dtype: torch.float64 }).exp(), TOL);
  check("ops.exp_int", () => torch.tensor([0, 1, 2]).exp(), TOL);
  check("ops.relu_int", () => torch.tensor([-3, 0, 5]).relu());
  check("ops.sigmoid_extreme", () => f32([-100, 100, -20.5, 20.5]).sigmoid(), TOL);
  const X = () => { torch.manualSeed(0); return torch.randn(3, 4); };
  check("ops.softmax_dim1", () => X().softmax(1), TOL);
  check("ops.softmax_neg1", () => X().softmax(-1), TOL);
  check("ops.softmax_dim0", () => X().softmax(0), TOL);
  check("ops.softmax_neg2", () => X().softmax(-2), TOL);
  check("ops.softmax_opts", () => X().softmax({ dim: 1 }), TOL);
  check("ops.softmax_dtype", () => X().softmax(-1, { dtype: torch.float64 }), TOL);
  check("ops.log_softmax_dim1", () => X().logSoftmax(1), TOL);
  check("ops.log_softmax_neg2", () => X().logSoftmax(-2), TOL);
  check("ops.softmax_3d", () => { torch.manualSeed(0); return torch.randn(2, 3, 4).softmax(1); }, TOL);
  check("ops.softmax_large_values", () => f32([1000, 1000.5, 999.5]).softmax(0), TOL);
  check("ops.softmax_dim_error", () => torch.zeros(2, 3).softmax(2));
  check("ops.softmax_int_error", () => torch.tensor([1, 2]).softmax(0));
});

describe("in-place forms", () => {
  const X = () => torch.tensor([1, 2, 3.5]);
  /** Runs the in-place op, checks it returned the same object, returns the tensor. */
  const inplace = (x: Tensor, op: (x: Tensor) => unknown): Tensor => {
    const r = op(x);
    expect(r).toBe(x);
    return x;
  };
  check("ops.add_", () => inplace(X(), (x) => x.add_(1)));
  check("ops.add_tensor_", () => inplace(X(), (x) => x.add_(torch.tensor([0.5, 0.5, 0.5]), 2)));
  check("ops.sub_", () => inplace(X(), (x) => x.sub_(0.5)));
  check("ops.mul_", () => inplace(X(), (x) => x.mul_(f32([2, 3, -1]))));
  check("ops.div_", () => inplace(X(), (x) => x.div_(4)));
  check("ops.div_floor_", () => inplace(X(), (x) => x.div_(2, "floor")));
  check("ops.pow_", () => inplace(X(), (x) => x.pow_(2)));
  check("ops.exp_", () => inplace(X(), (x) => x.exp_()), TOL);
  check("ops.relu_", () => inplace(torch.tensor([-1.5, 0, 2.5]), (x) => x.relu_()));
  check("ops.neg_", () => inplace(X(), (x) => x.neg_()));
  check("ops.sigmoid_", () => inplace(X(), (x) => x.sigmoid_()), TOL);
  check("ops.tanh_", () => inplace(X(), (x) => x.tanh_()), TOL);
  check("ops.clamp_", () => inplace(X(), (x) => x.clamp_(1.5, 3)));
  check("ops.zero_", () => inplace(X(), (x) => x.zero_()));
  check("ops.fill_", () => inplace(X(), (x) => x.fill_(7)));
  check("ops.add_broadcast_", () => inplace(torch.zeros(2, 3), (x) => x.add_(f32([1, 2, 3]))));
  check("ops.add_int_inplace", () => inplace(torch.tensor([1, 2]), (x) => x.add_(3)));
  check("ops.add_int_float_inplace_error", () => torch.tensor([1, 2]).add_(2.5));
  check("ops.div_int_inplace_error", () => torch.tensor([1, 2]).div_(2));
  check("ops.add_broadcast_self_error", () => torch.zeros(3).add_(torch.zeros(2, 3)));
});

describe("NaN and inf propagation", () => {
  const N = () => torch.tensor([NaN, Infinity, -Infinity, 1, 0]);
  check("ops.nan_mul", () => N().mul(2));
  check("ops.nan_add_self", () => N().add(N()));
  check("ops.nan_mul_zero", () => N().mul(0));
  check("ops.nan_exp", () => N().exp(), TOL);
  check("ops.nan_relu", () => N().relu());
  check("ops.nan_sigmoid", () => N().sigmoid(), TOL);
  check("ops.nan_tanh", () => N().tanh(), TOL);
  check("ops.nan_eq_self", () => N().eq(N()));
  check("ops.nan_gt_zero", () => N().gt(0));
  check("ops.nan_sum", () => N().sum());
  check("ops.nan_max", () => N().max());
  check("ops.nan_min", () => N().min());
  check("ops.nan_argmax", () => N().argmax());
  check("ops.nan_argmin", () => N().argmin());
  check("ops.nan_maximum", () => N().max(torch.zeros(5)));
  check("ops.nan_softmax", () => N().softmax(0));
  check("ops.inf_softmax", () => f32([-Infinity, 0, 1]).softmax(0), TOL);
  check("ops.div_by_zero", () => f32([1, 0, -1]).div(0));
  check("ops.int_div_by_zero", () => torch.tensor([1, 0, -1]).div(0));
  check("ops.log_zero_neg", () => f32([0, -1, 1]).log());
  check("ops.inf_sum", () => f32([Infinity, 1]).sum());
  check("ops.inf_minus_inf_sum", () => f32([Infinity, -Infinity]).sum());
  check("ops.overflow_float32", () => torch.tensor(new Float32Array([3e38])).mul(10)); // typed array: see creation.tensor_huge_integral_floats
  check("ops.nan_mean", () => N().mean());
});

describe("0-d tensors", () => {
  check("ops.0d_add", () => torch.tensor(3.5).add(torch.tensor(1.5)));
  check("ops.0d_mul_1d", () => torch.tensor(2).mul(torch.tensor([1, 2, 3])));
  check("ops.1d_mul_0d", () => torch.tensor([1.5, 2.5]).mul(torch.tensor(2)));
  check("ops.0d_neg", () => torch.tensor(5).neg());
  check("ops.0d_exp", () => torch.tensor(2.5).exp(), TOL);
  check("ops.0d_sum", () => torch.tensor(2.5).sum());
  check("ops.0d_sum_dim", () => torch.tensor(2.5).sum(0));
  check("ops.0d_max", () => torch.tensor(7).max());
  check("ops.0d_max_dim", () => torch.tensor(7).max(0));
  check("ops.0d_argmax", () => torch.tensor(7.5).argmax());
  check("ops.0d_softmax", () => torch.tensor(7.5).softmax(0));
  check("ops.0d_cmp", () => torch.tensor(2.5).gt(2));
  check("ops.0d_pow", () => torch.tensor(3).pow(torch.tensor(2)));
});

describe("empty tensors", () => {
  const E = () => torch.zeros(0, 3);
  check("ops.empty_sum", () => E().sum());
  check("ops.empty_sum_dim0", () => E().sum(0));
  check("ops.empty_sum_dim1", () => E().sum(1));
  check("ops.empty_1d_sum", () => torch.tensor([]).sum());
  check("ops.empty_int_sum", () => torch.tensor([], { dtype: torch.int64 }).sum());
  check("ops.empty_mean", () => E().mean());
  check("ops.empty_add", () => E().add(1));
  check("ops.empty_add_broadcast", () => E().add(f32([1, 2, 3])));
  check("ops.empty_exp", () => E().exp());
  check("ops.empty_matmul", () => E().matmul(torch.ones(3, 2)));
  check("ops.empty_inner_matmul", () => torch.ones(2, 0).matmul(torch.ones(0, 3)));
  check("ops.empty_max_error", () => E().max());
  check("ops.empty_max_dim1", () => E().max(1));
  check("ops.empty_max_dim0_error", () => E().max(0));
  check("ops.empty_argmax_error", () => E().argmax());
  check("ops.empty_softmax", () => E().softmax(1));
  check("ops.empty_cmp", () => E().gt(0));
});

// ---------------------------------------------------------------- reductions
describe("reductions", () => {
  const R = () => torch.tensor([[1.5, -2, 3], [4, 0.5, -6]]);
  const RI = () => torch.arange(24).reshape(2, 3, 4);
  check("reduce.sum_all", () => R().sum());
  check("reduce.sum_dim0", () => R().sum(0));
  check("reduce.sum_dim1", () => R().sum(1));
  check("reduce.sum_neg1", () => R().sum(-1));
  check("reduce.sum_keepdim", () => R().sum(1, true));
  check("reduce.sum_keepdim_opts", () => R().sum(1, { keepdim: true }));
  check("reduce.sum_dim_opts", () => R().sum({ dim: 0, keepdim: true }));
  check("reduce.sum_list", () => RI().sum([0, 2]));
  check("reduce.sum_list_neg", () => RI().sum([-1, 0]));
  check("reduce.sum_list_keepdim", () => RI().sum([0, 2], true));
  check("reduce.sum_empty_list", () => RI().sum([]));
  check("reduce.sum_int", () => RI().sum());
  check("reduce.sum_int32", () => torch.tensor([1, 2, 3], { dtype: torch.int32 }).sum());
  check("reduce.sum_uint8", () => torch.tensor([200, 100], { dtype: torch.uint8 }).sum());
  check("reduce.sum_bool", () => torch.tensor([true, true, false]).sum());
  check("reduce.sum_float16", () => torch.tensor([1.5, 2.25], { dtype: torch.float16 }).sum());
  check("reduce.sum_dtype", () => RI().sum({ dtype: torch.float64 }));
  check("reduce.sum_dim_dtype", () => RI().sum(1, { dtype: torch.float32 }));
  check("reduce.sum_dim_error", () => R().sum(2));
  check("reduce.mean_all", () => R().mean());
  check("reduce.mean_dim0", () => R().mean(0));
  check("reduce.mean_neg1", () => R().mean(-1));
  check("reduce.mean_keepdim", () => R().mean(-1, true));
  check("reduce.mean_list", () => RI().float().mean([0, 1]));
  check("reduce.mean_int_error", () => RI().mean());
  check("reduce.mean_int_dtype", () => RI().mean({ dtype: torch.float64 }));
  check("reduce.mean_dim_dtype", () => RI().mean(2, { dtype: torch.float32 }));
  // Float64Array input: torch.tensor(numbers, { dtype: float64 }) has its own bug (creation.tensor_dtype_float64_precise)
  check("reduce.mean_float64", () => torch.tensor(new Float64Array([0.1, 0.2, 0.3])).mean());
  check("reduce.max_all", () => R().max());
  check("reduce.min_all", () => R().min());
  check("reduce.max_dim1", () => R().max(1));
  check("reduce.max_dim0", () => R().max(0));
  check("reduce.min_dim1", () => R().min(1));
  check("reduce.max_neg_dim", () => R().max(-1));
  check("reduce.max_keepdim", () => R().max(1, true));
  check("reduce.min_keepdim_opts", () => R().min({ dim: 0, keepdim: true }));
  check("reduce.max_int", () => RI().max());
  check("reduce.max_int_dim", () => RI().max(2));
  check("reduce.max_bool", () => torch.tensor([false, true]).max());
  check("reduce.max_ties", () => torch.tensor([1, 3, 3, 2]).max(0));
  check("reduce.min_ties_2d", () => torch.tensor([[2, 1, 1], [0, 0, 5]]).min(1));
  check("reduce.maximum", () => R().max(f32([0, 1, 2])));
  check("reduce.minimum", () => R().min(f32([[0], [1]])));
  check("reduce.maximum_promote", () => torch.tensor([1, 5]).max(torch.tensor([2.5, 0.5])));
  check("reduce.argmax_all", () => R().argmax());
  check("reduce.argmin_all", () => R().argmin());
  check("reduce.argmax_dim0", () => R().argmax(0));
  check("reduce.argmax_dim1", () => R().argmax(1));
  check("reduce.argmin_dim1", () => R().argmin(1));
  check("reduce.argmax_neg", () => RI().argmax(-2));
  check("reduce.argmax_keepdim", () => R().argmax(1, true));
  check("reduce.argmax_opts", () => R().argmax({ dim: 0, keepdim: true }));
  check("reduce.argmax_ties", () => torch.tensor([1, 3, 3, 2]).argmax());
  check("reduce.argmax_dim_error", () => R().argmax(5));
  check("reduce.sum_dup_dims_error", () => torch.zeros(3, 4).sum([0, 0]));
  check("reduce.argmax_keepdim_nodim", () => torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).argmax({ keepdim: true }));
  check("reduce.sum_bool_dim", () => torch.tensor([[true, false], [true, true]]).sum(0));
  check("reduce.mean_list_keepdim", () => torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4).mean([0, 2], true));
  check("reduce.argmax_int_dim", () => torch.tensor([[1, 5], [7, 2]]).argmax(0));
  check("reduce.max_bool_dim", () => torch.tensor([[true, false], [false, false]]).max(1));

  it("max(dim) is a named tuple: fields and array destructuring agree", () => {
    const r = R().max(1);
    const [values, indices] = r;
    expect(r.values.tolist()).toEqual(values.tolist());
    expect(r.indices.tolist()).toEqual(indices.tolist());
    const e = getCase("reduce.max_dim1").expected as TupleExpected;
    expect(r.values.tolist()).toEqual((e.items[0] as TensorExpected).values);
    expect(r[1].tolist()).toEqual([2, 0]);
  });
});

// ---------------------------------------------------------------- shape ops
describe("shape ops", () => {
  const SA = () => torch.arange(24).reshape(2, 3, 4);
  const SM2 = () => torch.arange(6).reshape(2, 3);
  const SQ = () => torch.arange(6).reshape(1, 3, 1, 2);
  check("shape.view_neg1", () => SA().view(-1));
  check("shape.view_2_neg1", () => SA().view(2, -1));
  check("shape.view_list", () => SA().view([4, -1]));
  check("shape.view_4d", () => SA().view(2, 3, 2, 2));
  check("shape.reshape_neg1", () => SA().reshape(-1, 6));
  check("shape.reshape_list", () => SA().reshape([3, 8]));
  check("shape.reshape_noncontig", () => SA().transpose(0, 2).reshape(-1));
  check("shape.reshape_0d", () => torch.tensor(5).reshape(1, 1));
  check("shape.reshape_to_0d", () => torch.tensor([5]).reshape([]));
  check("shape.view_noncontig_error", () => SA().transpose(0, 2).view(-1));
  check("shape.view_bad_size_error", () => SA().view(5, -1));
  it("a lone int is a size list of one, as Python's varargs: resize_(20), newZeros(3)", () => {
    // Python: y = torch.arange(10); y.resize_(20).shape == (20,); y[:10] unchanged
    const y = torch.arange(10);
    y.resize_(20);
    expect(y.shape).toEqual([20]);
    expect(y.index("0:10").tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(torch.ones(2).newZeros(3).tolist()).toEqual([0, 0, 0]);
  });
  check("shape.view_two_neg_error", () => SA().view(-1, -1));
  check("shape.permute", () => SA().permute(2, 0, 1));
  check("shape.permute_list", () => SA().permute([1, 2, 0]));
  check("shape.permute_neg", () => SA().permute(-1, 0, 1));
  check("shape.permute_error", () => SA().permute(0, 1));
  check("shape.transpose", () => SA().transpose(0, 2));
  check("shape.transpose_neg", () => SA().transpose(-1, -2));
  check("shape.t", () => SM2().t());
  check("shape.t_1d", () => torch.arange(3).t());
  check("shape.t_3d_error", () => SA().t());
  check("shape.T_2d", () => SM2().T);
  check("shape.T_3d", () => SA().T);
  check("shape.T_1d", () => torch.arange(3).T);
  check("shape.squeeze_all", () => SQ().squeeze());
  check("shape.squeeze_dim", () => SQ().squeeze(0));
  check("shape.squeeze_dim_noop", () => SQ().squeeze(1));
  check("shape.squeeze_neg", () => SQ().squeeze(-2));
  check("shape.squeeze_list", () => SQ().squeeze([0, 2]));
  check("shape.squeeze_list_mixed", () => SQ().squeeze([1, -2]));
  check("shape.squeeze_opts", () => SQ().squeeze({ dim: 2 }));
  check("shape.squeeze_0d", () => torch.tensor(4).squeeze());
  check("shape.unsqueeze_0", () => SM2().unsqueeze(0));
  check("shape.unsqueeze_1", () => SM2().unsqueeze(1));
  check("shape.unsqueeze_neg1", () => SM2().unsqueeze(-1));
  check("shape.unsqueeze_neg3", () => SM2().unsqueeze(-3));
  check("shape.unsqueeze_0d", () => torch.tensor(4).unsqueeze(0));
  check("shape.unsqueeze_error", () => SM2().unsqueeze(4));
  check("shape.flatten_all", () => SA().flatten());
  check("shape.flatten_start1", () => SA().flatten(1));
  check("shape.flatten_0_1", () => SA().flatten(0, 1));
  check("shape.flatten_neg", () => SA().flatten(-2));
  check("shape.flatten_opts", () => SA().flatten({ startDim: 1, endDim: 2 }));
  check("shape.flatten_end_opt", () => SA().flatten({ endDim: 1 }));
  check("shape.flatten_0d", () => torch.tensor(5).flatten());
  check("shape.flatten_transposed", () => SM2().t().flatten());
  check("shape.contiguous", () => {
    const t = SM2().t();
    const c = t.contiguous();
    return [t.isContiguous(), c, c.isContiguous(), c.stride()];
  });
  check("shape.contiguous_noop", () => {
    const t = SM2();
    return [t.isContiguous(), t.contiguous() === t];
  });
  check("shape.stride_t", () => SM2().t().stride());
  check("shape.stride_3d", () => SA().stride());
  check("shape.stride_dim", () => SA().stride(-1));
  check("shape.expand_stride", () => torch.tensor([[1], [2]]).expand(2, 3).stride());
  check("shape.clone", () => SA().clone());
  check("shape.clone_independent", () => {
    const x = torch.tensor([1, 2.5]);
    const c = x.clone();
    c.add_(1);
    return [x, c];
  });
  check("shape.clone_transposed", () => {
    const c = SM2().t().clone();
    return [c, c.isContiguous()];
  });
  check("shape.clone_grad", () => torch.tensor([1, 2.5], { requiresGrad: true }).clone());
  check("shape.detach", () => torch.tensor([1, 2.5], { requiresGrad: true }).mul(2).detach());
  check("shape.detach_shares", () => {
    const x = torch.tensor([1, 2.5]);
    x.detach().add_(1);
    return x;
  });
  check("shape.view_shares", () => {
    const x = torch.zeros(2, 2);
    x.view(-1).add_(1);
    return x;
  });
  check("shape.expand", () => torch.tensor([[1], [2], [3]]).expand(3, 4));
  check("shape.expand_neg1", () => torch.tensor([[1], [2], [3]]).expand(-1, 2));
  check("shape.expand_new_dim", () => torch.tensor([1, 2]).expand(2, 3, 2));
  check("shape.expand_list", () => torch.tensor([[1.5], [2.5]]).expand([2, 3]));
  check("shape.expand_error", () => torch.tensor([1, 2]).expand(3));
  check("shape.repeat", () => torch.tensor([1, 2, 3]).repeat(2, 2));
  check("shape.repeat_2d", () => SM2().repeat(1, 2));
  check("shape.repeat_list", () => SM2().repeat([2, 1, 1]));
  check("shape.repeat_error", () => SM2().repeat(2));
  check("shape.size_all", () => SA().size());
  check("shape.size_dim", () => SA().size(1));
  check("shape.size_neg", () => SA().size(-1));
  check("shape.shape", () => SA().shape);
  check("shape.dim", () => SA().dim());
  check("shape.numel", () => SA().numel());
  check("shape.ndim_0d", () => torch.tensor(1.5).dim());
  check("shape.to_dtype", () => SM2().to(torch.float32));
  check("shape.float", () => torch.tensor([1.7, -1.7]).long());
  check("shape.to_bool", () => f32([0, 0.5, -2]).bool());
  check("shape.to_half", () => torch.tensor([0.1, 1000.7]).half());
  check("shape.flatten_bad_error", () => torch.zeros(2, 3, 4).flatten(2, 0));
  check("shape.size_error", () => torch.zeros(2, 3, 4).size(5));
  check("shape.view_dtype", () => f32([1, -2]).view(torch.int32));
  check("shape.to_same_is_self", () => {
    const x = torch.zeros(2);
    return [x.to(torch.float32) === x, x.to("cpu") === x, x.float() === x, x.to(torch.float64) === x];
  });
  check("shape.to_copy", () => {
    const x = torch.zeros(2);
    const y = x.to(torch.float32, { copy: true });
    y.add_(1);
    return [x, y === x];
  });
  check("shape.T_0d", () => torch.tensor(3).T);
  check("shape.repeat_zero", () => torch.tensor([1, 2]).repeat(0));
  check("shape.squeeze_bad_dim_error", () => torch.zeros(2).squeeze(3));
});

// ---------------------------------------------------------------- values out
describe("values out", () => {
  check("values.item_int", () => torch.tensor(7).item());
  check("values.item_neg_big", () => torch.tensor(-(2 ** 40)).item());
  check("values.item_float", () => torch.tensor(0.1).item());
  check("values.item_float64", () => torch.tensor(0.1, { dtype: torch.float64 }).item());
  it("item() of a float64 tensor is the exact double", () => {
    expect(torch.tensor(new Float64Array([0.1])).reshape([]).item()).toBe(0.1);
  });
  check("values.item_float16", () => torch.tensor(0.1, { dtype: torch.float16 }).item());
  check("values.item_int32", () => torch.tensor(-5, { dtype: torch.int32 }).item());
  check("values.item_uint8", () => torch.tensor(200, { dtype: torch.uint8 }).item());
  check("values.item_bool", () => torch.tensor(true).item());
  check("values.item_bool_false", () => torch.tensor([1, 2]).gt(5).max().item());
  check("values.item_1elem", () => torch.tensor([[2.5]]).item());
  check("values.item_nan", () => torch.tensor(NaN).item());
  check("values.item_inf", () => torch.tensor(-Infinity).item());
  check("values.item_sum", () => torch.arange(5).sum().item());
  check("values.item_multi_error", () => torch.tensor([1, 2]).item());
  check("values.item_empty_error", () => torch.tensor([]).item());
  check("values.tolist_2d_int", () => torch.arange(6).reshape(2, 3).tolist());
  check("values.tolist_float", () => torch.tensor([[0.5, 1.25], [3, -1]]).tolist());
  check("values.tolist_float32_rounding", () => torch.tensor([0.1, 0.2]).tolist());
  check("values.tolist_bool", () => torch.tensor([[true, false]]).tolist());
  check("values.tolist_3d", () => torch.arange(8).reshape(2, 2, 2).tolist());
  check("values.tolist_0d_int", () => torch.tensor(3).tolist());
  check("values.tolist_0d_float", () => torch.tensor(2.5).tolist());
  check("values.tolist_0d_bool", () => torch.tensor(false).tolist());
  check("values.tolist_empty", () => torch.zeros(0).tolist());
  check("values.tolist_empty_2d", () => torch.zeros(2, 0).tolist());
  check("values.tolist_transposed", () => torch.arange(6).reshape(2, 3).t().tolist());
  check("values.tolist_int8", () => torch.tensor([-3, 4], { dtype: torch.int8 }).tolist());
  check("values.tolist_float16", () => torch.tensor([0.1, 2.5], { dtype: torch.float16 }).tolist());

  it("item() returns a number for numeric tensors and a boolean for bool tensors", () => {
    expect(typeof torch.tensor(7).item()).toBe("number");
    expect(typeof torch.tensor(2.5).item()).toBe("number");
    expect(typeof torch.tensor(true).item()).toBe("boolean");
  });

  // data(): the TypedArray class per dtype (PORTING.md rule 8 and Tensor.data's doc),
  // values from the oracle.
  const DATA_CLASS = {
    float32: Float32Array, float64: Float64Array, float16: Float32Array, bfloat16: Float32Array,
    int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array, bool: Uint8Array,
  } as const;
  for (const [name, cls] of Object.entries(DATA_CLASS)) {
    const dtype = (torch as unknown as Record<string, typeof torch.float32>)[name];
    check(`values.data_${name}`, () => torch.tensor([1, 0, 3], { dtype }));
    it(`data() of a ${name} tensor is a ${cls.name}`, () => {
      const d = torch.tensor([1, 0, 3], { dtype }).toTypedArray();
      expect(d).toBeInstanceOf(cls);
      expect(Array.from(d as ArrayLike<number | bigint>, (v) => Number(v))).toEqual(name === "bool" ? [1, 0, 1] : [1, 0, 3]);
    });
  }
  check("values.data_transposed", () => torch.arange(6).reshape(2, 3).t());
  check("values.data_sliced", () => torch.arange(10, { dtype: torch.float32 }).index("2::3"));
  it("data() of a transposed / sliced tensor is the logical row-major order", () => {
    expect(Array.from(torch.arange(6).reshape(2, 3).t().toTypedArray() as BigInt64Array, Number))
      .toEqual(expectedTensor("values.data_transposed").values);
    expect(Array.from(torch.arange(10, { dtype: torch.float32 }).index("2::3").toTypedArray() as Float32Array))
      .toEqual(expectedTensor("values.data_sliced").values);
  });
  it("data() returns a copy", () => {
    const t = torch.tensor([1, 2], { dtype: torch.float32 });
    const d = t.toTypedArray();
    d[0] = 100;
    expect(t.tolist()).toEqual([1, 2]);
  });
  check("values.dtype_name", () => torch.tensor([1.5]).dtype);
  check("values.dtype_repr", () => String(torch.float64));
  check("values.device", () => String(torch.zeros(1).device));
  check("values.is_floating_point", () => [torch.zeros(1).isFloatingPoint(), torch.zeros(1, { dtype: torch.int64 }).isFloatingPoint()]);
  check("values.element_size", () => [
    torch.zeros(1).elementSize(),
    torch.zeros(1, { dtype: torch.float16 }).elementSize(),
    torch.zeros(1, { dtype: torch.int64 }).elementSize(),
  ]);
});

// ---------------------------------------------------------------- printing
// Every tensor case above also has a "[repr]" companion test; these cases
// exist for their repr (grad_fn / requires_grad suffixes, summarisation, ...).
describe("printing: String(t) == repr(t)", () => {
  const X = () => torch.tensor([1, 2, 3], { dtype: torch.float32, requiresGrad: true });
  check("print.leaf_requires_grad", () => torch.tensor([1.5, 2, -3], { requiresGrad: true }));
  check("print.mul_backward", () => X().mul(2));
  check("print.sum_backward", () => X().mul(2).sum());
  check("print.add_backward", () => X().add(1));
  check("print.int64", () => torch.arange(10));
  check("print.int64_2d_neg", () => torch.tensor([[1, -200], [30000, 4]]));
  check("print.bool", () => torch.arange(5).gt(2));
  check("print.float64", () => { torch.manualSeed(0); return torch.rand(2, 3, { dtype: torch.float64 }); });
  check("print.summarized", () => { torch.manualSeed(0); return torch.rand(2000); });
  check("print.summarized_2d", () => { torch.manualSeed(0); return torch.randn(40, 30); });
  check("print.randn_2d", () => { torch.manualSeed(0); return torch.randn(3, 4); });
  check("print.nan_inf", () => torch.tensor([NaN, Infinity, -Infinity, 1.5]));
  check("print.sci", () => torch.tensor([1e10, 1.5, -3]));
  check("print.small", () => torch.tensor([1e-5, 0.5]));
  check("print.0d_float", () => torch.tensor(3.5));
  check("print.0d_int", () => torch.tensor(7));
  check("print.empty", () => torch.tensor([]));
  check("print.empty_2d", () => torch.zeros(0, 3));
  check("print.int32", () => torch.tensor([1, 2], { dtype: torch.int32 }));
  check("print.float16", () => torch.tensor([1.5, 2.25], { dtype: torch.float16 }));
  check("print.transposed", () => torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).t());
  check("print.softmax", () => { torch.manualSeed(0); return torch.randn(2, 3).softmax(-1); }, TOL);
  check("print.integer_floats", () => torch.tensor([1, 2, 3], { dtype: torch.float32 }));
  check("print.3d", () => torch.arange(12).reshape(2, 2, 3));
  check("print.matmul_backward", () => {
    torch.manualSeed(0);
    const w = torch.randn(2, 2, { requiresGrad: true });
    return w.matmul(torch.ones(2));
  }, TOL);
  check("print.mean_backward", () => torch.tensor([1, 2, 4], { dtype: torch.float32, requiresGrad: true }).mean());
  check("print.float64_leaf", () => torch.tensor(new Float64Array([1.5, 2])).requiresGrad_());
  check("print.neg_zero", () => torch.tensor(new Float32Array([-0, 1.5])));
  check("print.uint8", () => torch.tensor([0, 7, 255], { dtype: torch.uint8 }));
  check("print.bool_0d", () => torch.tensor(true));
  check("print.grad_of_leaf", () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32, requiresGrad: true });
    x.mul(x).sum().backward();
    return x.grad;
  });
  check("print.max_dim", () => torch.tensor([[1.5, 3], [4, 0.5]]).max(1));
  check("print.max_dim_repr", () => String(torch.tensor([[1.5, 3], [4, 0.5]]).max(1)));
  check("print.min_dim_repr", () => String(torch.tensor([[1.5, 3], [4, 0.5]]).min(0)));

  it("console.log / util.inspect print the same as String(t)", async () => {
    const { inspect } = await import("node:util");
    const t = torch.tensor([1.5, 2]);
    expect(inspect(t)).toBe(String(t));
  });
});

// ---------------------------------------------------------------- autograd basics
describe("autograd basics", () => {
  const X = () => torch.tensor([1, 2, 3], { dtype: torch.float32, requiresGrad: true });
  check("autograd.square_sum", () => {
    const x = X();
    const y = x.mul(x).sum();
    y.backward();
    return [y, x.grad];
  });
  check("autograd.grad_none_before", () => X().grad);
  check("autograd.leaf", () => {
    const x = X();
    const y = x.mul(2);
    return [x.isLeaf, y.isLeaf, x.gradFn === null, y.requiresGrad];
  });
  check("autograd.grad_fn_names", () => {
    const x = X();
    const m = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32, requiresGrad: true });
    const ops = [
      x.mul(x), x.mul(x).sum(), x.add(1), x.mean(), x.pow(2), x.div(2), x.sub(1), x.neg(), x.exp(), x.relu(),
      x.tanh(), x.sigmoid(), x.softmax(0), x.logSoftmax(0), x.view(3, 1), x.reshape(1, 3), x.unsqueeze(0),
      x.clone(), m.mm(m), m.matmul(m), m.t(), m.transpose(0, 1), m.permute(1, 0), m.sum(0), m.max(), m.max(1).values,
      m.flatten(), m.expand(2, 2, 2), x.index("1:"), x.index([0, 2]), x.log(), x.sqrt(), x.abs(), x.clamp(0, 2), x.pow(x),
      x.argmax(), x.detach(), m.squeeze(), torch.cat([x, x]), torch.stack([x, x]),
    ];
    return ops.map((t) => t.gradFn?.name() ?? null);
  });
  check("autograd.requires_grad_", () => {
    const a = torch.ones(2);
    expect(a.requiresGrad_()).toBe(a);
    const b = a.mul(3).sum();
    b.backward();
    return [a.requiresGrad, a.grad];
  });
  check("autograd.requires_grad_false", () => {
    const a = torch.ones(2, { requiresGrad: true });
    a.requiresGrad_(false);
    return a.requiresGrad;
  });
  check("autograd.requires_grad_setter", () => {
    const a = torch.ones(2);
    a.requiresGrad = true;
    return a;
  });
  check("autograd.requires_grad_int_error", () => torch.ones(2, { dtype: torch.int64 }).requiresGrad_());
  it("requiresGrad_() on an int64 tensor throws", () => {
    expect(() => torch.ones(2, { dtype: torch.int64 }).requiresGrad_()).toThrow(/can require gradients/);
  });
  check("autograd.detach", () => {
    const d = X().mul(2).detach();
    return [d, d.requiresGrad, d.gradFn === null, d.isLeaf];
  });
  check("autograd.accumulate", () => {
    const x = X();
    x.mul(x).sum().backward();
    x.mul(3).sum().backward();
    return x.grad;
  });
  check("autograd.mean_backward", () => {
    const x = X();
    x.mean().backward();
    return x.grad;
  });
  check("autograd.pow_backward", () => {
    const x = X();
    x.pow(3).sum().backward();
    return x.grad;
  });
  check("autograd.div_backward", () => {
    const x = X();
    x.reciprocal().sum().backward(); // Python: (1 / x).sum().backward()
    return x.grad;
  }, TOL);
  check("autograd.chain_matmul_relu", () => {
    const w = torch.tensor([[1, 2], [-3, 0.5]], { requiresGrad: true });
    const v = f32([1, -1]);
    const loss = w.matmul(v).relu().sum();
    loss.backward();
    return [loss, w.grad];
  });
  check("autograd.softmax_backward", () => {
    torch.manualSeed(0);
    const x = torch.randn(4, { requiresGrad: true });
    const y = x.softmax(0).index(0);
    y.backward();
    return [y, x.grad];
  }, TOL);
  check("autograd.log_softmax_index", () => {
    torch.manualSeed(0);
    const logits = torch.randn(3, 4, { requiresGrad: true });
    const yb = torch.tensor([1, 0, 3]);
    const loss = logits.logSoftmax(1).index(torch.arange(3), yb).mean().neg();
    loss.backward();
    return [loss, logits.grad];
  }, TOL);
  check("autograd.backward_gradient", () => {
    const x = X();
    x.mul(2).backward(torch.tensor([1, 0.5, 2]));
    return x.grad;
  });
  check("autograd.non_scalar_error", () => X().mul(2).backward());
  check("autograd.no_grad", () => {
    const x = X();
    const y = torch.noGrad(() => x.mul(2));
    return [y, y.requiresGrad];
  });
  check("autograd.retain_graph_error", () => {
    const x = X();
    const y = x.mul(x).sum();
    y.backward();
    y.backward();
  });
  check("autograd.retain_graph", () => {
    const x = X();
    const y = x.mul(x).sum();
    y.backward({ retainGraph: true });
    y.backward();
    return x.grad;
  });
  check("autograd.grad_zero_", () => {
    const x = X();
    x.mul(x).sum().backward();
    x.grad!.zero_();
    x.mul(3).sum().backward();
    return x.grad;
  });
  check("autograd.grad_set_none", () => {
    const x = X();
    x.mul(x).sum().backward();
    x.grad = null;
    x.mul(3).sum().backward();
    return x.grad;
  });
  check("autograd.inplace_leaf_error", () => X().add_(1));
  check("autograd.retain_grad", () => {
    const x = X();
    const y = x.mul(2);
    y.retainGrad();
    y.sum().backward();
    return y.grad;
  });

  check("autograd.detach_", () => {
    const x = torch.tensor([1.5], { requiresGrad: true });
    const y = x.mul(2);
    const r = y.detach_();
    return [y, r === y, y.gradFn === null];
  });

  it("grad values read back as plain numbers", () => {
    const x = X();
    x.mul(x).sum().backward();
    expect(flatValues(x.grad!)).toEqual([2, 4, 6]);
  });
});

coverageTest(["promo.", "ops.", "reduce.", "shape.", "values.", "print.", "autograd."]);
