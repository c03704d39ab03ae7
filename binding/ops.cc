// Operator calls through LibTorch's dispatcher (boxed), for every aten operator.
// JS resolves an operator once (resolveOp) and then calls it by id (callOp),
// with arguments in schema order; C++ converts each by the schema's type.
// Operators of the common schema shapes are called unboxed (typed.cc).
#include "common.h"

#include <ATen/ScalarOps.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/function_schema.h>
#include <c10/util/SmallVector.h>

#include <cmath>
#include <atomic>
#include <mutex>
#include <unordered_map>

namespace tn {

namespace {

struct ResolvedOp {
  c10::OperatorHandle handle;
  std::string name;  // "add.Tensor", for messages
  const TypedOp* typed;  // the unboxed form (typed.cc), or nullptr
  bool dimsForm;     // (Tensor, int[], ...) -> one result: callOpDims may call it
  bool tensorsForm;  // (Tensor[], int) -> one result: callOpTensors may call it
};

// Resolved operators live as long as the process; ids index this registry.
// Every JS thread (the main one, each worker) resolves operators at load and
// calls them by id on its own, so resolving takes a lock (and gives an
// operator resolved before its id again) while calls read without one: an
// entry is written before the count that makes its id valid is published,
// and entries never move (fixed chunks). The registry is never destroyed: a
// worker may still call operators while the process exits.
constexpr int64_t kOpChunk = 1024, kOpChunks = 1024;
struct OpRegistry {
  std::mutex mu;
  std::unordered_map<std::string, int64_t> ids;  // "add.Tensor" -> id
  std::atomic<const ResolvedOp**> chunks[kOpChunks] = {};
  std::atomic<int64_t> count{0};
};
OpRegistry& registry() {
  static OpRegistry* r = new OpRegistry();
  return *r;
}

// Whether callOp takes the unboxed form of the operators that have one
// (setTypedCalls: tests run the boxed path against it).
std::atomic<bool> typedCalls{true};

// The operator with this id, or nullptr.
const ResolvedOp* resolvedOp(int64_t id) {
  OpRegistry& r = registry();
  if (id < 0 || id >= r.count.load(std::memory_order_acquire)) return nullptr;
  return r.chunks[id / kOpChunk].load(std::memory_order_relaxed)[id % kOpChunk];
}


// The operator a call names by id (its first argument); a RangeError naming `entry` otherwise.
const ResolvedOp& calledOp(napi_env env, napi_value idv, const char* entry) {
  int32_t id = -1;
  napi_get_value_int32(env, idv, &id);  // a non-number leaves -1: a bad id
  const ResolvedOp* op = resolvedOp(id);
  if (!op) throwRange(env, std::string(entry) + ": bad operator id");
  return *op;
}

// An absent (or null) argument i: its schema default, None for an optional,
// otherwise the "missing required argument" TypeError.
void pushAbsent(napi_env env, std::vector<c10::IValue>& stack, const ResolvedOp& op, size_t i) {
  const auto& a = op.handle.schema().arguments()[i];
  if (a.default_value()) stack.push_back(*a.default_value());
  else if (a.real_type()->kind() == c10::TypeKind::OptionalType) stack.emplace_back();
  else throwType(env, op.name + "() missing required argument '" + a.name() + "' (pos " + std::to_string(i + 1) + ")");
}

// Whether `t` is a list whose elements are of kind `k` (an int list also when they are SymInts).
bool isListOf(const c10::TypePtr& t, c10::TypeKind k) {
  if (t->kind() != c10::TypeKind::ListType) return false;
  const auto e = t->castRaw<c10::ListType>()->getElementType()->kind();
  return e == k || (k == c10::TypeKind::IntType && e == c10::TypeKind::SymIntType);
}

// A JS number or boolean given where a Tensor is expected becomes a 0-d
// "wrapped number" tensor, exactly as Python's argument parser does, so type
// promotion and grad_fn names (AddBackward0) match Python.
at::Tensor tensorOrNumber(napi_env env, napi_value v, const char* what) {
  if (TensorHandle* h = tensorHandle(env, v)) {
    if (!h->t.defined()) throw Napi::Error::New(env, std::string("Tensor has been disposed (") + what + ")");
    return h->t;
  }
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_number || t == napi_boolean || t == napi_bigint) {
    at::Tensor w = c10::scalar_to_tensor(toScalar(env, v, what));
    w.unsafeGetTensorImpl()->set_wrapped_number(true);
    return w;
  }
  throwType(env, std::string("argument '") + what + "' must be Tensor");
}

c10::IValue convert(napi_env env, const c10::TypePtr& type, napi_value v, const char* what);

c10::IValue convertList(napi_env env, const c10::TypePtr& elem, napi_value v, const char* what) {
  bool isArray = false;
  napi_is_array(env, v, &isArray);
  switch (elem->kind()) {
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
      return c10::IValue(toIntList(env, v, what));
    case c10::TypeKind::FloatType: {
      if (!isArray) return c10::IValue(std::vector<double>{toDouble(env, v, what)});
      uint32_t n;
      napi_get_array_length(env, v, &n);
      std::vector<double> out(n);
      for (uint32_t i = 0; i < n; i++) {
        napi_value e;
        napi_get_element(env, v, i, &e);
        out[i] = toDouble(env, e, what);
      }
      return c10::IValue(out);
    }
    case c10::TypeKind::BoolType: {
      if (!isArray) throwType(env, std::string("argument '") + what + "' must be a list of bools");
      uint32_t n;
      napi_get_array_length(env, v, &n);
      c10::List<bool> out;
      for (uint32_t i = 0; i < n; i++) {
        napi_value e;
        napi_get_element(env, v, i, &e);
        bool b;
        if (napi_get_value_bool(env, e, &b) != napi_ok)
          throwType(env, std::string("argument '") + what + "' must be a list of bools");
        out.push_back(b);
      }
      return c10::IValue(out);
    }
    case c10::TypeKind::TensorType: {
      if (!isArray) throwType(env, std::string("argument '") + what + "' must be a list of Tensors");
      uint32_t n;
      napi_get_array_length(env, v, &n);
      c10::List<at::Tensor> out;
      out.reserve(n);
      for (uint32_t i = 0; i < n; i++) {
        napi_value e;
        napi_get_element(env, v, i, &e);
        out.push_back(tensorOrNumber(env, e, what));
      }
      return c10::IValue(out);
    }
    case c10::TypeKind::OptionalType: {  // Tensor?[] (index)
      if (!isArray) throwType(env, std::string("argument '") + what + "' must be a list");
      uint32_t n;
      napi_get_array_length(env, v, &n);
      c10::List<std::optional<at::Tensor>> out;
      for (uint32_t i = 0; i < n; i++) {
        napi_value e;
        napi_get_element(env, v, i, &e);
        if (isNullish(env, e)) out.push_back(std::nullopt);
        else out.push_back(tensorOrNumber(env, e, what));
      }
      return c10::IValue(out);
    }
    case c10::TypeKind::NumberType: {
      if (!isArray) throwType(env, std::string("argument '") + what + "' must be a list of numbers");
      uint32_t n;
      napi_get_array_length(env, v, &n);
      std::vector<c10::IValue> items;
      c10::List<c10::Scalar> out;
      for (uint32_t i = 0; i < n; i++) {
        napi_value e;
        napi_get_element(env, v, i, &e);
        out.push_back(toScalar(env, e, what));
      }
      return c10::IValue(out);
    }
    default:
      throwType(env, std::string("argument '") + what + "': unsupported list type " + elem->str());
  }
}

c10::IValue convert(napi_env env, const c10::TypePtr& type, napi_value v, const char* what) {
  switch (type->kind()) {
    case c10::TypeKind::OptionalType:
      if (isNullish(env, v)) return c10::IValue();
      return convert(env, type->castRaw<c10::OptionalType>()->getElementType(), v, what);
    case c10::TypeKind::TensorType:
      return c10::IValue(tensorOrNumber(env, v, what));
    case c10::TypeKind::NumberType:
      return c10::IValue(toScalar(env, v, what));
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
      return c10::IValue(toInt64(env, v, what));
    case c10::TypeKind::FloatType:
      return c10::IValue(toDouble(env, v, what));
    case c10::TypeKind::BoolType: {
      napi_valuetype t;
      napi_typeof(env, v, &t);
      if (t != napi_boolean) throwType(env, std::string("argument '") + what + "' must be bool");
      bool b;
      napi_get_value_bool(env, v, &b);
      return c10::IValue(b);
    }
    case c10::TypeKind::StringType: {
      napi_valuetype t;
      napi_typeof(env, v, &t);
      if (t != napi_string) throwType(env, std::string("argument '") + what + "' must be str");
      return c10::IValue(Napi::String(env, v).Utf8Value());
    }
    case c10::TypeKind::ListType:
      return convertList(env, type->castRaw<c10::ListType>()->getElementType(), v, what);
    // enum codes are range-checked: an invalid one never reaches a kernel
    case c10::TypeKind::ScalarTypeType:
      return c10::IValue(static_cast<int64_t>(toScalarType(env, v, what)));
    case c10::TypeKind::LayoutType:
      return c10::IValue(static_cast<int64_t>(toLayout(env, v, what)));
    case c10::TypeKind::MemoryFormatType:
      return c10::IValue(static_cast<int64_t>(toMemoryFormat(env, v, what)));
    case c10::TypeKind::DeviceObjType:
      return c10::IValue(toDevice(env, v, what));
    case c10::TypeKind::GeneratorType:
      return c10::IValue(unwrapGenerator(env, v, what));
    default:
      throwType(env, std::string("argument '") + what + "': unsupported type " + type->str());
  }
}

}  // namespace

// resolveOp(name, overload) -> id. Throws if LibTorch has no such operator.
static Napi::Value ResolveOp(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  std::string overload = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  std::string full = name.find("::") == std::string::npos ? "aten::" + name : name;
  auto op = c10::Dispatcher::singleton().findSchema({full, overload});
  if (!op) throw Napi::Error::New(env, "no operator " + full + (overload.empty() ? "" : "." + overload));
  std::string key = name + (overload.empty() ? "" : "." + overload);
  OpRegistry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto known = r.ids.find(key);
  if (known != r.ids.end()) return Napi::Number::New(env, static_cast<double>(known->second));
  const int64_t id = r.count.load(std::memory_order_relaxed);
  if (id >= kOpChunk * kOpChunks) throw Napi::Error::New(env, "too many resolved operators");
  const ResolvedOp** chunk = r.chunks[id / kOpChunk].load(std::memory_order_relaxed);
  if (!chunk) {
    chunk = new const ResolvedOp*[kOpChunk]();
    r.chunks[id / kOpChunk].store(chunk, std::memory_order_relaxed);
  }
  const auto& args = op->schema().arguments();
  const bool oneResult = op->schema().returns().size() == 1;
  const bool dimsForm = oneResult && args.size() >= 2 && args[0].real_type()->kind() == c10::TypeKind::TensorType &&
                        isListOf(args[1].real_type(), c10::TypeKind::IntType);
  const bool tensorsForm = oneResult && args.size() == 2 && isListOf(args[0].real_type(), c10::TypeKind::TensorType) &&
                           args[1].real_type()->kind() == c10::TypeKind::IntType;
  chunk[id % kOpChunk] = new ResolvedOp{*op, key, typedOpFor(*op), dimsForm, tensorsForm};
  r.ids.emplace(std::move(key), id);
  r.count.store(id + 1, std::memory_order_release);
  return Napi::Number::New(env, static_cast<double>(id));
}

// opSchema(id) -> the operator's schema string.
static Napi::Value OpSchema(const Napi::CallbackInfo& info) {
  const ResolvedOp* op = resolvedOp(toInt64(info.Env(), info[0], "id"));
  if (!op) throwRange(info.Env(), "opSchema: bad operator id");
  return Napi::String::New(info.Env(), c10::toString(op->handle.schema()));
}

// opTyped(id) -> whether callOp calls the operator unboxed (typed.cc).
static Napi::Value OpTyped(const Napi::CallbackInfo& info) {
  const ResolvedOp* op = resolvedOp(toInt64(info.Env(), info[0], "id"));
  if (!op) throwRange(info.Env(), "opTyped: bad operator id");
  return Napi::Boolean::New(info.Env(), op->typed != nullptr);
}

// setTypedCalls(flag): whether callOp calls operators unboxed where it can (tests).
static Napi::Value SetTypedCalls(const Napi::CallbackInfo& info) {
  typedCalls.store(info[0].ToBoolean());
  return info.Env().Undefined();
}

// callOp(id, ...args): calls the operator with arguments in schema order; an
// undefined argument takes the schema default. Returns the single result, an
// array for several, or undefined for none. A returned tensor that is the
// first argument itself (in-place ops, contiguous() of a contiguous tensor)
// returns that JS value, so `x.add_(1) === x` as in Python.
static Napi::Value CallOp(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const ResolvedOp& op = calledOp(env, info[0], "callOp");
  if (op.typed && typedCalls.load(std::memory_order_relaxed)) {
    if (napi_value r = callTyped(op.typed, env, info)) return Napi::Value(env, r);
  }
  const auto& schema = op.handle.schema();
  const auto& args = schema.arguments();
  const size_t given = info.Length() - 1;
  if (given > args.size())
    throwType(env, op.name + "() takes " + std::to_string(args.size()) + " arguments but " +
                       std::to_string(given) + " were given");

  thread_local std::vector<c10::IValue> stack;
  stack.clear();
  stack.reserve(args.size());
  for (size_t i = 0; i < args.size(); i++) {
    const auto& a = args[i];
    napi_value v = i < given ? static_cast<napi_value>(info[i + 1]) : nullptr;
    if (!v || isNullish(env, v)) {
      pushAbsent(env, stack, op, i);
      continue;
    }
    stack.push_back(convert(env, a.real_type(), v, a.name().c_str()));
  }
  const c10::TensorImpl* selfImpl = !stack.empty() && stack[0].isTensor() ? stack[0].unsafeToTensorImpl() : nullptr;
  op.handle.callBoxed(stack);

  auto one = [&](const c10::IValue& r) -> napi_value {
    if (selfImpl && r.isTensor() && r.unsafeToTensorImpl() == selfImpl) return info[1];
    return fromIValue(env, r);
  };
  napi_value out;
  if (stack.empty()) {
    napi_get_undefined(env, &out);
  } else if (stack.size() == 1) {
    out = one(stack[0]);
  } else {
    napi_create_array_with_length(env, stack.size(), &out);
    for (size_t i = 0; i < stack.size(); i++) napi_set_element(env, out, i, one(stack[i]));
  }
  stack.clear();
  return Napi::Value(env, out);
}

// callOpDims(id, self, ...dims): an operator taking (self, an int list, ...)
// with the list given as separate numbers and every later argument its
// default (x.view(5, 4), x.permute(2, 0, 1)). Reading a JS array costs an
// N-API property lookup per element; arguments come in one call.
static Napi::Value CallOpDims(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const ResolvedOp& op = calledOp(env, info[0], "callOpDims");
  const auto& args = op.handle.schema().arguments();
  if (!op.dimsForm) throwType(env, "callOpDims: " + op.name + "() is not (Tensor, int[], ...) -> one result");
  const at::Tensor& self = unwrapTensor(env, info[1], args[0].name().c_str());  // a tensor, on either path
  c10::SmallVector<int64_t, 8> dims;
  for (size_t i = 2; i < info.Length(); i++) dims.push_back(toInt64(env, info[i], args[1].name().c_str()));
  if (op.typed && typedCalls.load(std::memory_order_relaxed)) {
    if (napi_value r = callTypedDims(op.typed, env, info, dims)) return Napi::Value(env, r);
  }
  thread_local std::vector<c10::IValue> stack;
  stack.clear();
  stack.emplace_back(self);
  stack.emplace_back(std::vector<int64_t>(dims.begin(), dims.end()));
  for (size_t i = 2; i < args.size(); i++) pushAbsent(env, stack, op, i);
  const c10::TensorImpl* selfImpl = stack[0].unsafeToTensorImpl();
  op.handle.callBoxed(stack);
  napi_value out = stack[0].isTensor() && stack[0].unsafeToTensorImpl() == selfImpl ? static_cast<napi_value>(info[1])
                                                                                    : fromIValue(env, stack[0]);
  stack.clear();
  return Napi::Value(env, out);
}

// callOpTensors(id, dim, ...tensors): an operator taking (Tensor[] tensors,
// int dim) (cat, stack) with the tensors as separate arguments, read in one
// call instead of a property lookup per array element.
static Napi::Value CallOpTensors(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const ResolvedOp& op = calledOp(env, info[0], "callOpTensors");
  const auto& args = op.handle.schema().arguments();
  if (!op.tensorsForm) throwType(env, "callOpTensors: " + op.name + "() is not (Tensor[], int) -> one result");
  c10::List<at::Tensor> list;
  list.reserve(info.Length() > 2 ? info.Length() - 2 : 0);
  for (size_t i = 2; i < info.Length(); i++) list.push_back(tensorOrNumber(env, info[i], args[0].name().c_str()));
  thread_local std::vector<c10::IValue> stack;
  stack.clear();
  stack.emplace_back(std::move(list));
  stack.emplace_back(toInt64(env, info[1], args[1].name().c_str()));
  op.handle.callBoxed(stack);
  napi_value out = fromIValue(env, stack.at(0));
  stack.clear();
  return Napi::Value(env, out);
}

// listOps() -> ["aten::add.Tensor", ...] every operator schema LibTorch registered.
static Napi::Value ListOps(const Napi::CallbackInfo& info) {
  auto names = c10::Dispatcher::singleton().getAllOpNames();
  Napi::Array out = Napi::Array::New(info.Env(), names.size());
  for (size_t i = 0; i < names.size(); i++) {
    const auto& n = names[i];
    out.Set(i, n.overload_name.empty() ? n.name : n.name + "." + n.overload_name);
  }
  return out;
}

void initOps(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("resolveOp", ResolveOp);
  TN_EXPORT("opSchema", OpSchema);
  TN_EXPORT("opTyped", OpTyped);
  TN_EXPORT("setTypedCalls", SetTypedCalls);
  TN_EXPORT_RETRY("callOp", CallOp);
  TN_EXPORT_RETRY("callOpDims", CallOpDims);
  TN_EXPORT_RETRY("callOpTensors", CallOpTensors);
  TN_EXPORT("listOps", ListOps);
}

}  // namespace tn
