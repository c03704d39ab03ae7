// Unboxed operator calls for the common schema shapes.
//
// callOp (ops.cc) calls every operator boxed: arguments become IValues on a
// stack, the dispatcher unboxes them for the kernel and boxes the result
// again. For the schema shapes most operators share ((Tensor) -> Tensor,
// (Tensor, Tensor) -> Tensor, (Tensor, int, ScalarType?) -> Tensor, ...) an
// operator resolves here, once, to a typed handle: the call then converts each
// JS value straight to the kernel's C++ argument type (tensors borrowed from
// their handles) and calls the dispatcher unboxed, as ATen's own C++ functions
// do (measured: a 10-element add 1.43 -> 1.27 us per call).
//
// The semantics are the boxed path's: the same conversions (handle.cc), the
// schema's defaults for absent or null arguments, and a returned tensor that
// is the first argument gives back that JS value. A value the typed path does
// not take (a missing required argument, a number for a mutable tensor, too
// many arguments) makes it decline, and callOp runs the boxed path, which
// raises the usual error. The C++ signature is derived from the schema and
// checked by the dispatcher against the registered kernel's when the typed
// handle is made; a mismatch leaves the operator boxed.
#include "common.h"

#include <ATen/ScalarOps.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <c10/util/SmallVector.h>

#include <cmath>
#include <optional>
#include <unordered_map>
#include <tuple>
#include <utility>

namespace tn {

namespace {

// What the typed call needs of one schema argument.
struct ArgInfo {
  std::string name;
  std::optional<c10::IValue> def;  // the schema default, if any (an absent `T?` without one is None)
};

// The JS type of an argument; a missing one (past the arguments given) is undefined.
inline napi_valuetype typeOf(napi_env env, napi_value v) {
  napi_valuetype t = napi_undefined;
  if (v) napi_typeof(env, v, &t);
  return t;
}
inline bool nullish(napi_valuetype t) { return t == napi_undefined || t == napi_null; }
inline bool absent(napi_env env, napi_value v) { return nullish(typeOf(env, v)); }

// ---- converters: one per C++ parameter type. get() fills `out` from a JS
// value (or from the default when the value is absent) and returns false to
// decline.

template <class T>
struct Conv;

// const Tensor&: a handle's tensor, borrowed; a number becomes a wrapped-number tensor.
struct TensorArg {
  const at::Tensor* p = nullptr;
  at::Tensor owned;
};
template <>
struct Conv<const at::Tensor&> {
  using Held = TensorArg;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (!v) return false;  // no Tensor argument has a default
    if (TensorHandle* h = tensorHandle(env, v)) {  // the common case first: no type query
      if (!h->t.defined()) throw Napi::Error::New(env, "Tensor has been disposed (" + a.name + ")");
      out.p = &h->t;
      return true;
    }
    const napi_valuetype t = typeOf(env, v);
    if (t != napi_number && t != napi_boolean && t != napi_bigint) return false;
    out.owned = c10::scalar_to_tensor(toScalar(env, v, a.name.c_str()));
    out.owned.unsafeGetTensorImpl()->set_wrapped_number(true);
    out.p = &out.owned;
    return true;
  }
  static const at::Tensor& pass(Held& h) { return *h.p; }
};

// Tensor& (a mutable `Tensor(a!)` argument): a handle's tensor only.
template <>
struct Conv<at::Tensor&> {
  using Held = at::Tensor*;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    TensorHandle* h = v ? tensorHandle(env, v) : nullptr;
    if (!h) return false;
    if (!h->t.defined()) throw Napi::Error::New(env, "Tensor has been disposed (" + a.name + ")");
    out = &h->t;
    return true;
  }
  static at::Tensor& pass(Held& h) { return *h; }
};

template <>
struct Conv<const c10::Scalar&> {
  using Held = c10::Scalar;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (!a.def || !a.def->isScalar()) return false;
      out = a.def->toScalar();
      return true;
    }
    out = toScalar(env, v, a.name.c_str());
    return true;
  }
  static const c10::Scalar& pass(Held& h) { return h; }
};

// An int from a JS value of type t: a number inline, the rest through toInt64
// (bigints, booleans, and the errors for anything else).
inline int64_t intOf(napi_env env, napi_value v, napi_valuetype t, const ArgInfo& a) {
  if (t == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == std::trunc(d)) return static_cast<int64_t>(d);
  }
  return toInt64(env, v, a.name.c_str());
}

template <>
struct Conv<int64_t> {
  using Held = int64_t;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    const napi_valuetype t = typeOf(env, v);
    if (nullish(t)) {
      if (!a.def || !a.def->isInt()) return false;
      out = a.def->toInt();
      return true;
    }
    out = intOf(env, v, t, a);
    return true;
  }
  static int64_t pass(Held& h) { return h; }
};

template <>
struct Conv<c10::SymInt> {
  using Held = int64_t;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) { return Conv<int64_t>::get(env, v, a, out); }
  static c10::SymInt pass(Held& h) { return c10::SymInt(h); }
};

template <>
struct Conv<double> {
  using Held = double;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (!a.def || !a.def->isDouble()) return false;
      out = a.def->toDouble();
      return true;
    }
    out = toDouble(env, v, a.name.c_str());
    return true;
  }
  static double pass(Held& h) { return h; }
};

template <>
struct Conv<bool> {
  using Held = bool;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (!a.def || !a.def->isBool()) return false;
      out = a.def->toBool();
      return true;
    }
    napi_valuetype t;
    napi_typeof(env, v, &t);
    if (t != napi_boolean) return false;  // the boxed path raises "must be bool"
    napi_get_value_bool(env, v, &out);
    return true;
  }
  static bool pass(Held& h) { return h; }
};

template <>
struct Conv<std::optional<c10::ScalarType>> {
  using Held = std::optional<c10::ScalarType>;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (a.def && !a.def->isNone()) {
        if (!a.def->isInt()) return false;
        out = static_cast<c10::ScalarType>(a.def->toInt());
      } else {
        out = std::nullopt;
      }
      return true;
    }
    out = toScalarType(env, v, a.name.c_str());
    return true;
  }
  static std::optional<c10::ScalarType> pass(Held& h) { return h; }
};

// An int list held inline for the usual few dims (no heap allocation).
using IntList = c10::SmallVector<int64_t, 8>;
inline void toInts(napi_env env, napi_value v, const ArgInfo& a, IntList& out) {
  bool isArray = false;
  napi_is_array(env, v, &isArray);
  out.clear();
  if (!isArray) {  // one int: a list of one, as toIntList
    out.push_back(intOf(env, v, typeOf(env, v), a));
    return;
  }
  uint32_t n;
  napi_get_array_length(env, v, &n);
  out.resize(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    napi_get_element(env, v, i, &e);
    out[i] = intOf(env, e, typeOf(env, e), a);
  }
}

// int[] (also int[1]): a JS array of ints, or one int as a list of one.
template <>
struct Conv<c10::IntArrayRef> {
  using Held = IntList;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (!a.def || !a.def->isIntList()) return false;
      const auto d = a.def->toIntVector();
      out.assign(d.begin(), d.end());
      return true;
    }
    toInts(env, v, a, out);
    return true;
  }
  static c10::IntArrayRef pass(Held& h) { return h; }
};

template <>
struct Conv<c10::SymIntArrayRef> {
  using Held = IntList;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) { return Conv<c10::IntArrayRef>::get(env, v, a, out); }
  static c10::SymIntArrayRef pass(Held& h) { return c10::fromIntArrayRefSlow(h); }
};

// int[1]? (sum.dim_IntList, mean.dim, ...)
template <>
struct Conv<at::OptionalIntArrayRef> {
  using Held = std::optional<IntList>;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (a.def && !a.def->isNone()) {
        if (!a.def->isIntList()) return false;
        const auto d = a.def->toIntVector();
        out.emplace(d.begin(), d.end());
      } else {
        out = std::nullopt;
      }
      return true;
    }
    toInts(env, v, a, out.emplace());
    return true;
  }
  static at::OptionalIntArrayRef pass(Held& h) { return h ? at::OptionalIntArrayRef(c10::IntArrayRef(*h)) : at::OptionalIntArrayRef(); }
};

// Tensor? (linear's bias, ...): None when absent.
template <>
struct Conv<const std::optional<at::Tensor>&> {
  using Held = std::optional<at::Tensor>;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (v) {
      if (TensorHandle* h = tensorHandle(env, v)) {
        if (!h->t.defined()) throw Napi::Error::New(env, "Tensor has been disposed (" + a.name + ")");
        out = h->t;
        return true;
      }
    }
    if (absent(env, v)) {
      if (a.def && !a.def->isNone()) return false;
      out = std::nullopt;
      return true;
    }
    TensorArg t;
    if (!Conv<const at::Tensor&>::get(env, v, a, t)) return false;
    out = *t.p;
    return true;
  }
  static const std::optional<at::Tensor>& pass(Held& h) { return h; }
};

// Scalar? (clamp's min and max, ...)
template <>
struct Conv<const std::optional<c10::Scalar>&> {
  using Held = std::optional<c10::Scalar>;
  static bool get(napi_env env, napi_value v, const ArgInfo& a, Held& out) {
    if (absent(env, v)) {
      if (a.def && !a.def->isNone()) {
        if (!a.def->isScalar()) return false;
        out = a.def->toScalar();
      } else {
        out = std::nullopt;
      }
      return true;
    }
    out = toScalar(env, v, a.name.c_str());
    return true;
  }
  static const std::optional<c10::Scalar>& pass(Held& h) { return h; }
};

}  // namespace

// ---- one typed operator

struct TypedOp {
  virtual ~TypedOp() = default;
  // The result, or nullptr to decline (callOp then runs the boxed path).
  virtual napi_value call(napi_env env, const Napi::CallbackInfo& info) const = 0;
  // callOpDims: self at info[1], the int list (the second argument) given as
  // `dims`, every later argument its default; nullptr to decline.
  virtual napi_value callDims(napi_env env, const Napi::CallbackInfo& info, c10::IntArrayRef dims) const = 0;
};

namespace {

template <class Sig>
struct TypedOpImpl;

template <class Ret, class... Args>
struct TypedOpImpl<Ret(Args...)> final : TypedOp {
  static constexpr size_t N = sizeof...(Args);
  c10::TypedOperatorHandle<Ret(Args...)> op;
  std::vector<ArgInfo> args;

  TypedOpImpl(c10::TypedOperatorHandle<Ret(Args...)> h, std::vector<ArgInfo> a) : op(std::move(h)), args(std::move(a)) {}

  napi_value call(napi_env env, const Napi::CallbackInfo& info) const override {
    if (info.Length() - 1 > N) return nullptr;
    return callWith(env, info, nullptr, std::index_sequence_for<Args...>{});
  }

  napi_value callDims(napi_env env, const Napi::CallbackInfo& info, c10::IntArrayRef dims) const override {
    if constexpr (N >= 2) {
      using Second = std::tuple_element_t<1, std::tuple<Args...>>;
      if constexpr (std::is_same_v<Second, c10::IntArrayRef> || std::is_same_v<Second, c10::SymIntArrayRef>)
        return callWith(env, info, &dims, std::index_sequence_for<Args...>{});
    }
    return nullptr;
  }

  // Argument I: from info[I + 1], or in dims mode (callDims) self from info[1],
  // the list from `dims` and the rest absent (their defaults).
  template <size_t I, class Held>
  bool get(napi_env env, const Napi::CallbackInfo& info, const c10::IntArrayRef* dims, Held& held) const {
    using A = std::tuple_element_t<I, std::tuple<Args...>>;
    if (dims) {
      if constexpr (I == 1 && (std::is_same_v<A, c10::IntArrayRef> || std::is_same_v<A, c10::SymIntArrayRef>)) {
        std::get<1>(held).assign(dims->begin(), dims->end());
        return true;
      }
      return Conv<A>::get(env, I == 0 ? static_cast<napi_value>(info[1]) : nullptr, args[I], std::get<I>(held));
    }
    const size_t given = info.Length() - 1;
    return Conv<A>::get(env, I < given ? static_cast<napi_value>(info[I + 1]) : nullptr, args[I], std::get<I>(held));
  }

  template <size_t... I>
  napi_value callWith(napi_env env, const Napi::CallbackInfo& info, const c10::IntArrayRef* dims,
                      std::index_sequence<I...>) const {
    std::tuple<typename Conv<Args>::Held...> held;
    // Converted left to right, as the boxed path does (the first bad argument raises).
    const bool ok = (get<I>(env, info, dims, held) && ...);
    if (!ok) return nullptr;
    const c10::TensorImpl* self = firstTensorImpl(held);
    decltype(auto) r = op.call(Conv<Args>::pass(std::get<I>(held))...);
    return toJs(env, info, self, r);
  }

  // A result tensor: the first argument's JS value when it is that tensor (in-place ops).
  static napi_value toJs(napi_env env, const Napi::CallbackInfo& info, const c10::TensorImpl* self, const at::Tensor& r) {
    if (self && r.unsafeGetTensorImpl() == self) return info[1];
    return wrapTensor(env, r);
  }
  // Several results: an array, as the boxed path returns them.
  template <class... Ts>
  static napi_value toJs(napi_env env, const Napi::CallbackInfo& info, const c10::TensorImpl* self,
                         const std::tuple<Ts...>& r) {
    napi_value out;
    napi_create_array_with_length(env, sizeof...(Ts), &out);
    std::apply(
        [&](const auto&... t) {
          uint32_t i = 0;
          (napi_set_element(env, out, i++, toJs(env, info, self, t)), ...);
        },
        r);
    return out;
  }

  // The first argument's tensor when it is a tensor (in-place results return its JS value).
  template <class Held>
  static const c10::TensorImpl* firstTensorImpl(const Held& held) {
    if constexpr (N == 0) {
      return nullptr;
    } else {
      using First = std::tuple_element_t<0, std::tuple<Args...>>;
      if constexpr (std::is_same_v<First, const at::Tensor&>) return std::get<0>(held).p->unsafeGetTensorImpl();
      else if constexpr (std::is_same_v<First, at::Tensor&>) return std::get<0>(held)->unsafeGetTensorImpl();
      else return nullptr;
    }
  }
};

// ---- schema shape -> C++ signature

// One code per argument type as the kernel takes it: T const Tensor&, M
// Tensor& (mutable), S Scalar, i int, y SymInt, f float, b bool, d
// ScalarType?, l int[], z SymInt[], L int[]?, o Tensor?, s Scalar?; the
// returns: T Tensor, M Tensor&, TT two new tensors (max.dim's values and indices).
std::string shapeOf(const c10::FunctionSchema& s) {
  std::string key;
  for (const auto& a : s.arguments()) {
    const c10::TypePtr& t = a.real_type();
    const bool write = a.alias_info() && a.alias_info()->isWrite();
    switch (t->kind()) {
      case c10::TypeKind::TensorType: key += write ? 'M' : 'T'; break;
      case c10::TypeKind::NumberType: key += 'S'; break;
      case c10::TypeKind::IntType: key += 'i'; break;
      case c10::TypeKind::SymIntType: key += 'y'; break;
      case c10::TypeKind::FloatType: key += 'f'; break;
      case c10::TypeKind::BoolType: key += 'b'; break;
      case c10::TypeKind::ListType: {
        const auto k = t->castRaw<c10::ListType>()->getElementType()->kind();
        if (k == c10::TypeKind::IntType) key += 'l';
        else if (k == c10::TypeKind::SymIntType) key += 'z';
        else return "";
        break;
      }
      case c10::TypeKind::OptionalType: {
        const c10::TypePtr& e = t->castRaw<c10::OptionalType>()->getElementType();
        if (e->kind() == c10::TypeKind::ScalarTypeType) key += 'd';
        else if (e->kind() == c10::TypeKind::TensorType) key += 'o';
        else if (e->kind() == c10::TypeKind::NumberType) key += 's';
        else if (e->kind() == c10::TypeKind::ListType &&
                 e->castRaw<c10::ListType>()->getElementType()->kind() == c10::TypeKind::IntType)
          key += 'L';
        else return "";
        break;
      }
      default: return "";
    }
  }
  const auto& rets = s.returns();
  for (const auto& r : rets)
    if (r.real_type()->kind() != c10::TypeKind::TensorType) return "";
  if (rets.size() == 1) return key + (rets[0].alias_info() && rets[0].alias_info()->isWrite() ? "->M" : "->T");
  if (rets.size() == 2 && !rets[0].alias_info() && !rets[1].alias_info()) return key + "->TT";
  return "";
}

using Factory = TypedOp* (*)(const c10::OperatorHandle&, std::vector<ArgInfo>);

template <class Sig>
TypedOp* make(const c10::OperatorHandle& h, std::vector<ArgInfo> args) {
  return new TypedOpImpl<Sig>(h.typed<Sig>(), std::move(args));
}

using T = const at::Tensor&;
using M = at::Tensor&;
using S = const c10::Scalar&;
using R = at::Tensor;
using RM = at::Tensor&;
using D = std::optional<c10::ScalarType>;

// The shapes most operators have (counted over the generated surface) and
// those of the ops small programs call most (sum/mean over dims, softmax,
// view/reshape, transpose, select, ...).
const std::unordered_map<std::string, Factory>& factories() {
  static const auto* table = new std::unordered_map<std::string, Factory>{
      {"T->T", make<R(T)>},
      {"TT->T", make<R(T, T)>},
      {"M->M", make<RM(M)>},
      {"TS->T", make<R(T, S)>},
      {"MT->M", make<RM(M, T)>},
      {"MS->M", make<RM(M, S)>},
      {"ST->T", make<R(S, T)>},
      {"Ti->T", make<R(T, int64_t)>},
      {"TTS->T", make<R(T, T, S)>},
      {"MTS->M", make<RM(M, T, S)>},
      {"TTTSS->T", make<R(T, T, T, S, S)>},
      {"Tfb->T", make<R(T, double, bool)>},
      {"Tb->T", make<R(T, bool)>},
      {"Tid->T", make<R(T, int64_t, D)>},
      {"TTT->T", make<R(T, T, T)>},
      {"Tii->T", make<R(T, int64_t, int64_t)>},
      {"Tlb->T", make<R(T, c10::IntArrayRef, bool)>},
      {"Tib->T", make<R(T, int64_t, bool)>},
      {"Ty->T", make<R(T, c10::SymInt)>},
      {"TTi->T", make<R(T, T, int64_t)>},
      {"Tl->T", make<R(T, c10::IntArrayRef)>},
      {"Tz->T", make<R(T, c10::SymIntArrayRef)>},
      {"Tiy->T", make<R(T, int64_t, c10::SymInt)>},
      {"TLbd->T", make<R(T, at::OptionalIntArrayRef, bool, D)>},
      {"Td->T", make<R(T, D)>},
      {"TTTS->T", make<R(T, T, T, S)>},
      {"TiT->T", make<R(T, int64_t, T)>},
      {"Mi->M", make<RM(M, int64_t)>},
      {"TSS->T", make<R(T, S, S)>},
      {"TTo->T", make<R(T, T, const std::optional<at::Tensor>&)>},
      {"Tss->T", make<R(T, const std::optional<c10::Scalar>&, const std::optional<c10::Scalar>&)>},
      {"TiTb->T", make<R(T, int64_t, T, bool)>},
      {"Tzb->T", make<R(T, c10::SymIntArrayRef, bool)>},
      {"TTSS->T", make<R(T, T, S, S)>},
      {"Tib->TT", make<std::tuple<R, R>(T, int64_t, bool)>},
      {"Tyibb->TT", make<std::tuple<R, R>(T, c10::SymInt, int64_t, bool, bool)>},
      {"Tyib->TT", make<std::tuple<R, R>(T, c10::SymInt, int64_t, bool)>},
      {"Tb->TT", make<std::tuple<R, R>(T, bool)>},
  };
  return *table;
}

}  // namespace

// The typed form of an operator, or nullptr when its shape has none (or the
// kernel's registered C++ signature differs from the one derived here).
const TypedOp* typedOpFor(const c10::OperatorHandle& h) {
  const auto& schema = h.schema();
  const std::string key = shapeOf(schema);
  if (key.empty()) return nullptr;
  auto it = factories().find(key);
  if (it == factories().end()) return nullptr;
  std::vector<ArgInfo> args;
  for (const auto& a : schema.arguments())
    args.push_back({a.name(), a.default_value()});
  try {
    return it->second(h, std::move(args));
  } catch (const c10::Error&) {
    return nullptr;  // the registered signature differs: stay boxed
  }
}

napi_value callTyped(const TypedOp* op, napi_env env, const Napi::CallbackInfo& info) { return op->call(env, info); }
napi_value callTypedDims(const TypedOp* op, napi_env env, const Napi::CallbackInfo& info, c10::IntArrayRef dims) {
  return op->callDims(env, info, dims);
}

}  // namespace tn
