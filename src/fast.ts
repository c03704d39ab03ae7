// Codes of the native unboxed fast paths (binding/fast.cc; same order there).
export const U = {
  neg: 0, exp: 1, log: 2, tanh: 3, sigmoid: 4, relu: 5, abs: 6, sqrt: 7, rsqrt: 8, sin: 9, cos: 10,
  floor: 11, ceil: 12, trunc: 13, sign: 14, reciprocal: 15, square: 16, log1p: 17, expm1: 18, log2: 19, log10: 20,
  exp2: 21, frac: 22, t: 23, detach: 24, clone: 25, contiguous: 26, sum: 27, mean: 28, max: 29, min: 30,
  neg_: 31, exp_: 32, log_: 33, tanh_: 34, sigmoid_: 35, relu_: 36, abs_: 37, sqrt_: 38, rsqrt_: 39, sin_: 40, cos_: 41,
  floor_: 42, ceil_: 43, trunc_: 44, sign_: 45, reciprocal_: 46, square_: 47, log1p_: 48, expm1_: 49, log2_: 50, log10_: 51,
  exp2_: 52, frac_: 53, zero_: 54, detach_: 55,
} as const;

export const B = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, matmul: 5, mm: 6, bmm: 7, maximum: 8, minimum: 9,
  eq: 10, ne: 11, lt: 12, le: 13, gt: 14, ge: 15,
  add_: 16, sub_: 17, mul_: 18, div_: 19, pow_: 20,
} as const;
