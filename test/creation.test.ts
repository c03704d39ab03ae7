// torch.tensor and the factory functions against Python torch
// (oracle: test/fixtures/core.json, cases "creation.*").
import { describe, expect, it } from "vitest";
import torch, { Tensor } from "../src";
import { check, coverageTest, expectedTensor, f32 } from "./helpers";

describe("torch.tensor", () => {
  check("creation.tensor_ints", () => torch.tensor([1, 2, 3]));
  check("creation.tensor_floats", () => torch.tensor([1.5, -2.25, 3]));
  check("creation.tensor_float_rounding", () => torch.tensor([0.1, 0.2, 1e-8, 3.4e38, -1e-45]));
  check("creation.tensor_bools", () => torch.tensor([true, false, true]));
  check("creation.tensor_2d", () => torch.tensor([[1, 2, 3], [4, 5, 6]]));
  check("creation.tensor_3d", () => torch.tensor([[[1.5, 2], [3, 4]], [[5, 6], [7, 8]]]));
  check("creation.tensor_mixed_bool_int", () => torch.tensor([true, 2, false]));
  check("creation.tensor_mixed_bool_float", () => torch.tensor([true, 2.5]));
  check("creation.tensor_mixed_int_float", () => torch.tensor([[1, 2.5], [3, 4]]));
  check("creation.tensor_empty", () => torch.tensor([]));
  check("creation.tensor_empty_2d", () => torch.tensor([[], []]));
  check("creation.tensor_scalar_int", () => torch.tensor(7));
  check("creation.tensor_scalar_float", () => torch.tensor(2.5));
  check("creation.tensor_scalar_bool", () => torch.tensor(true));
  check("creation.tensor_huge_integral_floats", () => torch.tensor([3e38, 1e20, -1e20]));
  check("creation.tensor_big_ints", () => torch.tensor([-1, 0, 2 ** 40, -(2 ** 50)]));
  check("creation.tensor_dtype_float64", () => torch.tensor([1, 2], { dtype: torch.float64 }));
  check("creation.tensor_dtype_float64_precise", () => torch.tensor([0.1, 1 / 3], { dtype: torch.float64 }));
  check("creation.tensor_dtype_float32_from_ints", () => torch.tensor([1, 2, 3], { dtype: torch.float32 }));
  check("creation.tensor_dtype_int32_trunc", () => torch.tensor([1.7, -1.7, 2.5], { dtype: torch.int32 }));
  check("creation.tensor_dtype_bool", () => torch.tensor([0, 2, -1], { dtype: torch.bool }));
  check("creation.tensor_dtype_float16", () => torch.tensor([0.1, 1000.5, 65504], { dtype: torch.float16 }));
  check("creation.tensor_dtype_bfloat16", () => torch.tensor([0.1, 3.14159, -2.5], { dtype: torch.bfloat16 }));
  check("creation.tensor_dtype_uint8", () => torch.tensor([0, 255, 3], { dtype: torch.uint8 }));
  check("creation.tensor_dtype_int8", () => torch.tensor([-128, 127, 5], { dtype: torch.int8 }));
  check("creation.tensor_dtype_int16", () => torch.tensor([[-300, 2], [3, 32767]], { dtype: torch.int16 }));
  check("creation.tensor_dtype_alias", () => torch.tensor([1.5, 2], { dtype: torch.double }));
  check("creation.tensor_requires_grad", () => torch.tensor([1.5, 2.5], { requiresGrad: true }));
  // A TypedArray keeps its element type (the JS analogue of a numpy array).
  check("creation.tensor_float64array", () => torch.tensor(new Float64Array([0.1, 0.2])));
  check("creation.tensor_float32array", () => torch.tensor(new Float32Array([0.1, 0.2])));
  check("creation.tensor_int32array", () => torch.tensor(new Int32Array([1, -2, 3])));
  check("creation.tensor_uint8array", () => torch.tensor(new Uint8Array([1, 200])));
  check("creation.tensor_ragged_error", () => torch.tensor([[1, 2], [3]]));
  check("creation.tensor_int_requires_grad_error", () => torch.tensor([1, 2], { requiresGrad: true }));

  it("torch.tensor copies its input", () => {
    const src = new Float32Array([1, 2]);
    const t = torch.tensor(src);
    src[0] = 100;
    expect(t.tolist()).toEqual([1, 2]);
  });
});

describe("zeros / ones / full / empty", () => {
  check("creation.zeros", () => torch.zeros(2, 3));
  check("creation.zeros_list", () => torch.zeros([2, 3]));
  check("creation.zeros_size_opt", () => torch.zeros({ size: [2, 3] }));
  check("creation.zeros_dtype", () => torch.zeros(2, { dtype: torch.int64 }));
  check("creation.zeros_0d", () => torch.zeros([]));
  check("creation.zeros_requires_grad", () => torch.zeros(2, { requiresGrad: true }));
  check("creation.ones", () => torch.ones(3));
  check("creation.ones_bool", () => torch.ones(2, 2, { dtype: torch.bool }));
  check("creation.ones_float64", () => torch.ones([1, 2], { dtype: torch.float64 }));
  check("creation.full_int", () => torch.full([2, 2], 7));
  check("creation.full_float", () => torch.full([2], 2.5));
  check("creation.full_bool", () => torch.full([3], true));
  check("creation.full_negative", () => torch.full([2, 3], -1));
  check("creation.full_dtype", () => torch.full([2], 7, { dtype: torch.float64 }));
  check("creation.full_nan", () => torch.full([2], NaN));
  // torch.empty: shape and dtype only (the values are uninitialised).
  check("creation.empty_shape", () => torch.empty(2, 3), { noRepr: true });
  check("creation.empty_dtype", () => torch.empty([4], { dtype: torch.int32 }), { noRepr: true });
  check("creation.empty_zero", () => torch.empty(0));
});

describe("eye / arange / linspace", () => {
  check("creation.eye", () => torch.eye(3));
  check("creation.eye_nm", () => torch.eye(2, 4));
  check("creation.eye_mn", () => torch.eye(3, 2));
  check("creation.eye_dtype", () => torch.eye(2, { dtype: torch.int64 }));
  check("creation.arange_end", () => torch.arange(5));
  check("creation.arange_start_end", () => torch.arange(2, 6));
  check("creation.arange_float_step", () => torch.arange(1, 2.5, 0.25));
  check("creation.arange_tenths", () => torch.arange(0, 1, 0.1));
  check("creation.arange_neg_step", () => torch.arange(10, 0, -3));
  check("creation.arange_float_end", () => torch.arange(3.5));
  check("creation.arange_dtype", () => torch.arange(4, { dtype: torch.float32 }));
  check("creation.arange_opts", () => torch.arange({ start: 1, end: 7, step: 2 }));
  check("creation.arange_empty", () => torch.arange(0));
  check("creation.arange_bad_step_error", () => torch.arange(0, 5, -1));
  check("creation.linspace", () => torch.linspace(0, 1, 5));
  check("creation.linspace_neg", () => torch.linspace(-1, 1, 4));
  check("creation.linspace_thirds", () => torch.linspace(0, 1, 7));
  check("creation.linspace_float64", () => torch.linspace(0, 1, 7, { dtype: torch.float64 }));
  check("creation.linspace_one", () => torch.linspace(3, 10, 1));
  check("creation.linspace_int_dtype", () => torch.linspace(0, 10, 4, { dtype: torch.int64 }));
});

describe("*Like", () => {
  check("creation.zeros_like_int", () => torch.zerosLike(torch.tensor([[1, 2], [3, 4]])));
  check("creation.ones_like", () => torch.onesLike(torch.tensor([1.5, 2.5])));
  check("creation.ones_like_dtype", () => torch.onesLike(torch.tensor([1, 2]), { dtype: torch.float64 }));
  check("creation.full_like_float", () => torch.fullLike(torch.zeros(2, 2), 3.5));
  check("creation.full_like_int_trunc", () => torch.fullLike(torch.tensor([1, 2]), 3.5));
  check("creation.full_like_bool_fill", () => torch.fullLike(torch.zeros(2), true));
  check("creation.full_like_dtype", () => torch.fullLike(torch.zeros(2), 7, { dtype: torch.int32 }));
  check("creation.empty_like", () => torch.emptyLike(torch.zeros(2, 3, { dtype: torch.int16 })), { noRepr: true });
  check("creation.default_dtype", () => torch.getDefaultDtype());
});

describe("creation edge cases", () => {
  check("creation.tensor_of_0d_tensors", () => torch.tensor([torch.tensor(1.5), torch.tensor(2.5)]));
  check("creation.tensor_of_0d_int_tensors", () => torch.tensor([torch.tensor(1), torch.tensor(2)]));
  check("creation.tensor_invalid_type_error", () => torch.tensor("a" as never), { throws: TypeError });
  check("creation.eye_0", () => torch.eye(0));
  check("creation.zeros_negative_error", () => torch.zeros(-1));
  check("creation.full_negative_size_error", () => torch.full([-1], 2));
  check("creation.linspace_int32", () => torch.linspace(0, 1, 5, { dtype: torch.int32 }));
  check("creation.full_bool_dtype", () => torch.full([2], 7, { dtype: torch.bool }));
  // int64 values beyond 2**53: bigint in, exact repr and BigInt64Array out.
  check("creation.tensor_bigint", () => torch.tensor([2n ** 62n + 1n, -(2n ** 63n), 5n]));
  check("creation.tensor_bigint_0d", () => torch.tensor(2n ** 63n - 1n));
  it("bigint values round-trip exactly through data()", () => {
    const d = torch.tensor([2n ** 62n + 1n, -(2n ** 63n), 5n]).toTypedArray();
    expect(d).toBeInstanceOf(BigInt64Array);
    expect(Array.from(d as BigInt64Array)).toEqual([2n ** 62n + 1n, -(2n ** 63n), 5n]);
  });
  check("creation.arange_float64", () => torch.arange(0, 1, 0.25, { dtype: torch.float64 }));
  check("creation.neg_zero_float32array", () => torch.tensor(new Float32Array([-0, 1.5])));

  it("f32 helper agrees with the oracle's float32 construction", () => {
    const t = f32([1, 2, 3]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.dtype.name).toBe(expectedTensor("creation.tensor_dtype_float32_from_ints").dtype);
  });
});

coverageTest(["creation."]);
