// Unboxed fast paths for the hottest small ops: one switch, no IValue boxing,
// no schema walk. Semantics equal the boxed path (the same ATen overloads
// Python's bindings call; numbers given for tensors are wrapped numbers).
#include "common.h"

#include <ATen/ScalarOps.h>

namespace tn {

namespace {

// Codes shared with src/fast.ts (keep in the same order).
enum Unary : int {
  U_NEG, U_EXP, U_LOG, U_TANH, U_SIGMOID, U_RELU, U_ABS, U_SQRT, U_RSQRT, U_SIN, U_COS,
  U_FLOOR, U_CEIL, U_TRUNC, U_SIGN, U_RECIPROCAL, U_SQUARE, U_LOG1P, U_EXPM1, U_LOG2, U_LOG10,
  U_EXP2, U_FRAC, U_T, U_DETACH, U_CLONE, U_CONTIGUOUS, U_SUM, U_MEAN, U_MAX, U_MIN,
  U_NEG_, U_EXP_, U_LOG_, U_TANH_, U_SIGMOID_, U_RELU_, U_ABS_, U_SQRT_, U_RSQRT_, U_SIN_, U_COS_,
  U_FLOOR_, U_CEIL_, U_TRUNC_, U_SIGN_, U_RECIPROCAL_, U_SQUARE_, U_LOG1P_, U_EXPM1_, U_LOG2_, U_LOG10_,
  U_EXP2_, U_FRAC_, U_ZERO_, U_DETACH_, U_COUNT
};
enum Binary : int {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MATMUL, B_MM, B_BMM, B_MAXIMUM, B_MINIMUM,
  B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
  B_ADD_, B_SUB_, B_MUL_, B_DIV_, B_POW_, B_COUNT
};

// Reads a JS number/boolean as a Scalar without the generic path's checks.
inline bool numberArg(napi_env env, napi_value v, c10::Scalar& out) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_number || t == napi_boolean || t == napi_bigint) {
    out = toScalar(env, v, "other");
    return true;
  }
  return false;
}

inline at::Tensor wrapped(const c10::Scalar& s) {
  at::Tensor w = c10::scalar_to_tensor(s);
  w.unsafeGetTensorImpl()->set_wrapped_number(true);
  return w;
}

}  // namespace

// unary(code, self) -> tensor (in-place codes return self's JS value)
static Napi::Value UnaryOp(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  int32_t code;
  napi_get_value_int32(env, info[0], &code);
  const at::Tensor& a = unwrapTensor(env, info[1], "self");
  at::Tensor r;
  switch (code) {
    case U_NEG: r = a.neg(); break;
    case U_EXP: r = a.exp(); break;
    case U_LOG: r = a.log(); break;
    case U_TANH: r = a.tanh(); break;
    case U_SIGMOID: r = a.sigmoid(); break;
    case U_RELU: r = a.relu(); break;
    case U_ABS: r = a.abs(); break;
    case U_SQRT: r = a.sqrt(); break;
    case U_RSQRT: r = a.rsqrt(); break;
    case U_SIN: r = a.sin(); break;
    case U_COS: r = a.cos(); break;
    case U_FLOOR: r = a.floor(); break;
    case U_CEIL: r = a.ceil(); break;
    case U_TRUNC: r = a.trunc(); break;
    case U_SIGN: r = a.sign(); break;
    case U_RECIPROCAL: r = a.reciprocal(); break;
    case U_SQUARE: r = a.square(); break;
    case U_LOG1P: r = a.log1p(); break;
    case U_EXPM1: r = a.expm1(); break;
    case U_LOG2: r = a.log2(); break;
    case U_LOG10: r = a.log10(); break;
    case U_EXP2: r = a.exp2(); break;
    case U_FRAC: r = a.frac(); break;
    case U_T: r = a.t(); break;
    case U_DETACH: r = a.detach(); break;
    case U_CLONE: r = a.clone(); break;
    case U_CONTIGUOUS:
      if (a.is_contiguous()) return info[1];
      r = a.contiguous();
      break;
    case U_SUM: r = a.sum(); break;
    case U_MEAN: r = a.mean(); break;
    case U_MAX: r = a.max(); break;
    case U_MIN: r = a.min(); break;
    default: {
      at::Tensor& m = const_cast<at::Tensor&>(a);
      switch (code) {
        case U_NEG_: m.neg_(); break;
        case U_EXP_: m.exp_(); break;
        case U_LOG_: m.log_(); break;
        case U_TANH_: m.tanh_(); break;
        case U_SIGMOID_: m.sigmoid_(); break;
        case U_RELU_: m.relu_(); break;
        case U_ABS_: m.abs_(); break;
        case U_SQRT_: m.sqrt_(); break;
        case U_RSQRT_: m.rsqrt_(); break;
        case U_SIN_: m.sin_(); break;
        case U_COS_: m.cos_(); break;
        case U_FLOOR_: m.floor_(); break;
        case U_CEIL_: m.ceil_(); break;
        case U_TRUNC_: m.trunc_(); break;
        case U_SIGN_: m.sign_(); break;
        case U_RECIPROCAL_: m.reciprocal_(); break;
        case U_SQUARE_: m.square_(); break;
        case U_LOG1P_: m.log1p_(); break;
        case U_EXPM1_: m.expm1_(); break;
        case U_LOG2_: m.log2_(); break;
        case U_LOG10_: m.log10_(); break;
        case U_EXP2_: m.exp2_(); break;
        case U_FRAC_: m.frac_(); break;
        case U_ZERO_: m.zero_(); break;
        case U_DETACH_: m.detach_(); break;
        default: throwRange(env, "unary: bad op code");
      }
      return info[1];
    }
  }
  return Napi::Value(env, wrapTensor(env, std::move(r)));
}

// binary(code, self, other: Tensor | number | boolean) -> tensor
static Napi::Value BinaryOp(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  int32_t code;
  napi_get_value_int32(env, info[0], &code);
  const at::Tensor& a = unwrapTensor(env, info[1], "self");
  napi_value ov = info[2];
  c10::Scalar s;
  TensorHandle* bh = tensorHandle(env, ov);
  const bool isNum = !bh && numberArg(env, ov, s);
  if (!bh && !isNum) throwType(env, "argument 'other' must be Tensor or Number");
  if (bh && !bh->t.defined()) throw Napi::Error::New(env, "Tensor has been disposed (other)");
  const at::Tensor& b = isNum ? a : bh->t;  // b unused when isNum
  at::Tensor r;
  at::Tensor& m = const_cast<at::Tensor&>(a);
  switch (code) {
    case B_ADD: r = isNum ? at::add(a, wrapped(s)) : at::add(a, b); break;
    case B_SUB: r = isNum ? at::sub(a, wrapped(s)) : at::sub(a, b); break;
    case B_MUL: r = isNum ? at::mul(a, wrapped(s)) : at::mul(a, b); break;
    case B_DIV: r = isNum ? at::div(a, wrapped(s)) : at::div(a, b); break;
    case B_POW: r = isNum ? at::pow(a, s) : at::pow(a, b); break;
    case B_EQ: r = isNum ? at::eq(a, s) : at::eq(a, b); break;
    case B_NE: r = isNum ? at::ne(a, s) : at::ne(a, b); break;
    case B_LT: r = isNum ? at::lt(a, s) : at::lt(a, b); break;
    case B_LE: r = isNum ? at::le(a, s) : at::le(a, b); break;
    case B_GT: r = isNum ? at::gt(a, s) : at::gt(a, b); break;
    case B_GE: r = isNum ? at::ge(a, s) : at::ge(a, b); break;
    case B_ADD_: isNum ? m.add_(wrapped(s)) : m.add_(b); return info[1];
    case B_SUB_: isNum ? m.sub_(wrapped(s)) : m.sub_(b); return info[1];
    case B_MUL_: isNum ? m.mul_(wrapped(s)) : m.mul_(b); return info[1];
    case B_DIV_: isNum ? m.div_(wrapped(s)) : m.div_(b); return info[1];
    case B_POW_: isNum ? m.pow_(s) : m.pow_(b); return info[1];
    default:
      if (isNum) throwType(env, "argument 'other' must be Tensor, not a number");
      switch (code) {
        case B_MATMUL: r = at::matmul(a, b); break;
        case B_MM: r = at::mm(a, b); break;
        case B_BMM: r = at::bmm(a, b); break;
        case B_MAXIMUM: r = at::maximum(a, b); break;
        case B_MINIMUM: r = at::minimum(a, b); break;
        default: throwRange(env, "binary: bad op code");
      }
  }
  return Napi::Value(env, wrapTensor(env, std::move(r)));
}

void initFast(Napi::Env env, Napi::Object exports) {
  TN_EXPORT_RETRY("unary", UnaryOp);
  TN_EXPORT_RETRY("binary", BinaryOp);
}

}  // namespace tn
