// torch.jit: TorchScript modules (load, save, run methods, parameters, freeze),
// with JS <-> IValue conversion guided by each method's schema, and
// forwardAsync: a method run on libuv's worker pool, off the JS thread.
#include "common.h"

#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/csrc/jit/serialization/python_print.h>
#include <torch/csrc/jit/ir/ir.h>
#include <ATen/ThreadLocalState.h>

#include <cmath>
#include <exception>
#include <sstream>

namespace tn {

namespace {

constexpr uint32_t kJitModuleMagic = 0x4a49544d;  // "JITM"

struct JitModuleHandle {
  uint32_t magic = kJitModuleMagic;
  torch::jit::Module m;
};

napi_value wrapModule(napi_env env, torch::jit::Module m) {
  auto* h = new JitModuleHandle{kJitModuleMagic, std::move(m)};
  napi_value out;
  napi_status st = napi_create_external(
      env, h, [](napi_env, void* data, void*) { delete static_cast<JitModuleHandle*>(data); }, nullptr, &out);
  if (st != napi_ok) {
    delete h;
    throw Napi::Error::New(env, "could not wrap a ScriptModule");
  }
  return out;
}

JitModuleHandle* moduleHandleOrNull(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external) return nullptr;
  void* data = nullptr;
  napi_get_value_external(env, v, &data);
  auto* h = static_cast<JitModuleHandle*>(data);
  // tensor, generator and module handles all start with their magic word
  if (!h || h->magic != kJitModuleMagic) return nullptr;
  return h;
}

torch::jit::Module& unwrapModule(napi_env env, napi_value v, const char* what) {
  JitModuleHandle* h = moduleHandleOrNull(env, v);
  if (!h) throwType(env, std::string(what) + ": expected a ScriptModule");
  return h->m;
}

std::string getString(napi_env env, napi_value v, const char* what) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_string) throwType(env, std::string("argument '") + what + "' must be str");
  size_t len = 0;
  napi_get_value_string_utf8(env, v, nullptr, 0, &len);
  std::string s(len, '\0');
  napi_get_value_string_utf8(env, v, s.data(), len + 1, &len);
  return s;
}

// ---------------------------------------------------------------- JS -> IValue

// What Python calls a value's type in its messages, for a JS value.
std::string jsTypeName(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "NoneType";
    case napi_boolean: return "bool";
    case napi_number: {
      double d;
      napi_get_value_double(env, v, &d);
      return std::isfinite(d) && d == std::floor(d) ? "int" : "float";
    }
    case napi_string: return "str";
    case napi_bigint: return "bigint";
    case napi_function: return "function";
    case napi_symbol: return "symbol";
    case napi_external: return tensorHandle(env, v) ? "Tensor" : "external";
    default: break;
  }
  bool isArr = false;
  napi_is_array(env, v, &isArr);
  if (isArr) return "list";
  napi_value h;
  bool has = false;
  if (napi_has_named_property(env, v, "_h", &has) == napi_ok && has && napi_get_named_property(env, v, "_h", &h) == napi_ok &&
      tensorHandle(env, h))
    return "Tensor";
  napi_value global, mapCtor;
  napi_get_global(env, &global);
  napi_get_named_property(env, global, "Map", &mapCtor);
  bool isMap = false;
  napi_instanceof(env, v, mapCtor, &isMap);
  if (isMap) return "Map";
  return "object";
}

// The handle of a JS Tensor (its `_h`) or a raw handle; nullptr if neither.
napi_value jsTensorHandle(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_external) return tensorHandle(env, v) ? v : nullptr;
  if (t != napi_object) return nullptr;
  bool has = false;
  if (napi_has_named_property(env, v, "_h", &has) != napi_ok || !has) return nullptr;
  napi_value h;
  napi_get_named_property(env, v, "_h", &h);
  return tensorHandle(env, h) ? h : nullptr;
}
bool isJsTensor(napi_env env, napi_value v) {
  return jsTensorHandle(env, v) != nullptr;
}
// The tensor behind a JS Tensor; nullptr if `v` is none; throws (naming `what`) if it was disposed.
const at::Tensor* jsTensor(napi_env env, napi_value v, const std::string& what) {
  napi_value h = jsTensorHandle(env, v);
  if (!h) return nullptr;
  return &unwrapTensor(env, h, what.c_str());
}

struct Converter {
  napi_env env;
  std::string fn;   // method name, for messages
  std::string arg;  // argument name, for messages

  [[noreturn]] void mismatch(const c10::TypePtr& type, napi_value v) {
    throwType(env, fn + "() Expected a value of type '" + type->annotation_str() + "' for argument '" + arg +
                       "' but instead found type '" + jsTypeName(env, v) + "'.");
  }

  bool isMap(napi_value v) {
    napi_value global, mapCtor;
    napi_get_global(env, &global);
    napi_get_named_property(env, global, "Map", &mapCtor);
    bool r = false;
    napi_instanceof(env, v, mapCtor, &r);
    return r;
  }

  // [[key, value], ...] of a Map, or of a plain object's own enumerable string keys.
  std::vector<std::pair<napi_value, napi_value>> entries(napi_value v, bool map) {
    std::vector<std::pair<napi_value, napi_value>> out;
    if (map) {
      napi_value global, arrayCtor, from, arr;
      napi_get_global(env, &global);
      napi_get_named_property(env, global, "Array", &arrayCtor);
      napi_get_named_property(env, arrayCtor, "from", &from);
      if (napi_call_function(env, arrayCtor, from, 1, &v, &arr) != napi_ok) throw Napi::Error::New(env, "could not read a Map");
      uint32_t n = 0;
      napi_get_array_length(env, arr, &n);
      for (uint32_t i = 0; i < n; i++) {
        napi_value pair, k, val;
        napi_get_element(env, arr, i, &pair);
        napi_get_element(env, pair, 0, &k);
        napi_get_element(env, pair, 1, &val);
        out.emplace_back(k, val);
      }
    } else {
      napi_value keys;
      napi_get_all_property_names(env, v, napi_key_own_only, static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
                                  napi_key_numbers_to_strings, &keys);
      uint32_t n = 0;
      napi_get_array_length(env, keys, &n);
      for (uint32_t i = 0; i < n; i++) {
        napi_value k, val;
        napi_get_element(env, keys, i, &k);
        napi_get_property(env, v, k, &val);
        out.emplace_back(k, val);
      }
    }
    return out;
  }

  // A value of no declared type (Any, or a list's elements of unknown type): inferred as Python does.
  c10::IValue infer(napi_value v) {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    switch (t) {
      case napi_undefined:
      case napi_null: return c10::IValue();
      case napi_boolean: return convert(v, c10::BoolType::get());
      case napi_number: {
        double d;
        napi_get_value_double(env, v, &d);
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) return c10::IValue(static_cast<int64_t>(d));
        return c10::IValue(d);
      }
      case napi_string: return convert(v, c10::StringType::get());
      default: break;
    }
    if (const at::Tensor* tp = jsTensor(env, v, arg)) return c10::IValue(*tp);
    bool isArr = false;
    napi_is_array(env, v, &isArr);
    if (isArr) {
      // a list whose elements share one type (tensors, ints, floats, ...), else a tuple
      uint32_t n = 0;
      napi_get_array_length(env, v, &n);
      std::vector<c10::IValue> elems;
      elems.reserve(n);
      for (uint32_t i = 0; i < n; i++) {
        napi_value e;
        napi_get_element(env, v, i, &e);
        elems.push_back(infer(e));
      }
      c10::TypePtr common = n ? elems[0].type() : c10::TensorType::get();
      bool same = true;
      for (auto& e : elems) {
        auto u = c10::unifyTypes(common, e.type());
        if (!u) { same = false; break; }
        common = *u;
      }
      if (same) {
        c10::impl::GenericList list(common);
        for (auto& e : elems) list.push_back(std::move(e));
        return c10::IValue(list);
      }
      return c10::ivalue::Tuple::create(std::move(elems));
    }
    if (t == napi_object) {
      bool map = isMap(v);
      auto es = entries(v, map);
      if (map) {
        std::vector<std::pair<c10::IValue, c10::IValue>> kv;
        c10::TypePtr kt, vt;
        for (auto& [k, val] : es) {
          kv.emplace_back(infer(k), infer(val));
          auto kT = kv.back().first.type(), vT = kv.back().second.type();
          kt = kt ? c10::unifyTypes(kt, kT).value_or(c10::AnyType::get()) : kT;
          vt = vt ? c10::unifyTypes(vt, vT).value_or(c10::AnyType::get()) : vT;
        }
        if (!kt) kt = c10::StringType::get();
        if (!vt) vt = c10::TensorType::get();
        c10::impl::GenericDict d(kt, vt);
        for (auto& [k, val] : kv) d.insert_or_assign(std::move(k), std::move(val));
        return c10::IValue(d);
      }
      std::vector<std::pair<std::string, c10::IValue>> kv;
      c10::TypePtr vt;
      for (auto& [k, val] : es) {
        kv.emplace_back(getString(env, k, "key"), infer(val));
        auto vT = kv.back().second.type();
        vt = vt ? c10::unifyTypes(vt, vT).value_or(c10::AnyType::get()) : vT;
      }
      if (!vt) vt = c10::TensorType::get();
      c10::impl::GenericDict d(c10::StringType::get(), vt);
      for (auto& [k, val] : kv) d.insert_or_assign(c10::IValue(k), std::move(val));
      return c10::IValue(d);
    }
    throwType(env, fn + "() cannot convert a value of type '" + jsTypeName(env, v) + "' for argument '" + arg +
                       "' to a TorchScript value");
  }

  c10::IValue convert(napi_value v, const c10::TypePtr& type) {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    switch (type->kind()) {
      case c10::TypeKind::TensorType: {
        if (const at::Tensor* tp = jsTensor(env, v, arg)) return c10::IValue(*tp);
        mismatch(type, v);
      }
      case c10::TypeKind::IntType: {
        if (t == napi_boolean) {
          bool b;
          napi_get_value_bool(env, v, &b);
          return c10::IValue(static_cast<int64_t>(b));
        }
        if (t == napi_bigint) {
          int64_t i;
          bool lossless;
          napi_get_value_bigint_int64(env, v, &i, &lossless);
          if (!lossless) throwRange(env, fn + "(): argument '" + arg + "' is out of int64's range");
          return c10::IValue(i);
        }
        if (t != napi_number) mismatch(type, v);
        double d;
        napi_get_value_double(env, v, &d);
        if (!(std::isfinite(d) && d == std::floor(d))) mismatch(type, v);
        if (std::fabs(d) > 9.2e18) throwRange(env, fn + "(): argument '" + arg + "' is out of int64's range");
        return c10::IValue(static_cast<int64_t>(d));
      }
      case c10::TypeKind::FloatType: {
        if (t != napi_number) mismatch(type, v);
        double d;
        napi_get_value_double(env, v, &d);
        return c10::IValue(d);
      }
      case c10::TypeKind::NumberType: {
        if (t == napi_boolean) return convert(v, c10::BoolType::get());
        if (t != napi_number) mismatch(type, v);
        return infer(v);
      }
      case c10::TypeKind::BoolType: {
        if (t != napi_boolean) mismatch(type, v);
        bool b;
        napi_get_value_bool(env, v, &b);
        return c10::IValue(b);
      }
      case c10::TypeKind::StringType: {
        if (t != napi_string) mismatch(type, v);
        return c10::IValue(getString(env, v, arg.c_str()));
      }
      case c10::TypeKind::NoneType: {
        if (t != napi_null && t != napi_undefined) mismatch(type, v);
        return c10::IValue();
      }
      case c10::TypeKind::OptionalType: {
        if (t == napi_null || t == napi_undefined) return c10::IValue();
        return convert(v, type->expectRef<c10::OptionalType>().getElementType());
      }
      case c10::TypeKind::DeviceObjType: {
        if (t != napi_string) mismatch(type, v);
        return c10::IValue(toDevice(env, v, arg.c_str()));
      }
      case c10::TypeKind::AnyType: return infer(v);
      case c10::TypeKind::UnionType: {
        for (const auto& alt : type->expectRef<c10::UnionType>().containedTypes()) {
          try {
            return convert(v, alt);
          } catch (const Napi::Error&) {
          }
        }
        mismatch(type, v);
      }
      case c10::TypeKind::ListType: {
        bool isArr = false;
        napi_is_array(env, v, &isArr);
        if (!isArr) mismatch(type, v);
        auto elemType = type->expectRef<c10::ListType>().getElementType();
        uint32_t n = 0;
        napi_get_array_length(env, v, &n);
        c10::impl::GenericList list(elemType);
        list.reserve(n);
        for (uint32_t i = 0; i < n; i++) {
          napi_value e;
          napi_get_element(env, v, i, &e);
          list.push_back(convert(e, elemType));
        }
        return c10::IValue(list);
      }
      case c10::TypeKind::TupleType: {
        const auto& tt = type->expectRef<c10::TupleType>();
        const auto& elems = tt.elements();
        bool isArr = false;
        napi_is_array(env, v, &isArr);
        std::vector<c10::IValue> out;
        out.reserve(elems.size());
        if (isArr) {
          uint32_t n = 0;
          napi_get_array_length(env, v, &n);
          if (n != elems.size()) mismatch(type, v);
          for (uint32_t i = 0; i < n; i++) {
            napi_value e;
            napi_get_element(env, v, i, &e);
            out.push_back(convert(e, elems[i]));
          }
        } else if (t == napi_object && tt.schema() && !isJsTensor(env, v)) {
          // a named tuple from an object with its fields
          const auto& args = tt.schema()->arguments();
          for (size_t i = 0; i < args.size(); i++) {
            napi_value e;
            napi_get_named_property(env, v, args[i].name().c_str(), &e);
            out.push_back(convert(e, elems[i]));
          }
        } else {
          mismatch(type, v);
        }
        if (tt.schema()) return c10::ivalue::Tuple::createNamed(std::move(out), type->expect<c10::TupleType>());
        return c10::ivalue::Tuple::create(std::move(out));
      }
      case c10::TypeKind::DictType: {
        if (t != napi_object || isJsTensor(env, v)) mismatch(type, v);
        bool isArr = false;
        napi_is_array(env, v, &isArr);
        if (isArr) mismatch(type, v);
        const auto& dt = type->expectRef<c10::DictType>();
        auto kt = dt.getKeyType(), vt = dt.getValueType();
        bool map = isMap(v);
        c10::impl::GenericDict d(kt, vt);
        for (auto& [k, val] : entries(v, map)) {
          c10::IValue key;
          if (!map && kt->kind() == c10::TypeKind::IntType) {
            // an object's keys are strings: "3" is the int key 3
            std::string s = getString(env, k, "key");
            char* end = nullptr;
            long long i = std::strtoll(s.c_str(), &end, 10);
            if (s.empty() || *end) mismatch(type, v);
            key = c10::IValue(static_cast<int64_t>(i));
          } else {
            key = convert(k, kt);
          }
          d.insert_or_assign(std::move(key), convert(val, vt));
        }
        return c10::IValue(d);
      }
      default:
        throwType(env, fn + "(): argument '" + arg + "' has the TorchScript type '" + type->annotation_str() +
                           "', which torch-node cannot convert from JavaScript");
    }
  }
};

// The stack for method `m` from JS arguments: positional in schema order, then
// an optional trailing plain object of keyword arguments (camelCase or the
// schema's names) when it cannot be the next positional argument.
std::vector<c10::IValue> methodStack(napi_env env, const torch::jit::Method& method, const std::vector<napi_value>& args,
                                     torch::jit::Kwargs& kwargs) {
  const c10::FunctionSchema& schema = method.function().getSchema();
  const auto& params = schema.arguments();
  size_t nParams = params.empty() ? 0 : params.size() - 1;  // without self
  Converter cv{env, method.name(), ""};
  size_t nPos = args.size();
  if (nPos > 0) {
    napi_value last = args.back();
    napi_valuetype lt;
    napi_typeof(env, last, &lt);
    bool isArr = false;
    napi_is_array(env, last, &isArr);
    if (lt == napi_object && !isArr && !isJsTensor(env, last) && !cv.isMap(last)) {
      size_t idx = nPos - 1;  // the parameter it would fill positionally
      bool positionalDict = idx < nParams && (params[idx + 1].type()->kind() == c10::TypeKind::DictType ||
                                              params[idx + 1].type()->kind() == c10::TypeKind::AnyType ||
                                              (params[idx + 1].type()->kind() == c10::TypeKind::TupleType &&
                                               params[idx + 1].type()->expectRef<c10::TupleType>().schema()) ||
                                              (params[idx + 1].type()->kind() == c10::TypeKind::OptionalType &&
                                               params[idx + 1].type()->expectRef<c10::OptionalType>().getElementType()->kind() ==
                                                   c10::TypeKind::DictType));
      if (!positionalDict) {
        nPos--;
        for (auto& [k, val] : cv.entries(last, false)) {
          std::string key = getString(env, k, "keyword");
          // camelCase -> snake_case when the schema has no argument of that exact name
          std::optional<size_t> found;
          for (size_t i = 1; i < params.size(); i++)
            if (params[i].name() == key) found = i;
          if (!found) {
            std::string snake;
            for (char c : key) {
              if (std::isupper(static_cast<unsigned char>(c))) {
                snake += '_';
                snake += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              } else {
                snake += c;
              }
            }
            for (size_t i = 1; i < params.size(); i++)
              if (params[i].name() == snake) found = i;
          }
          if (!found)
            throwType(env, method.name() + "() got an unexpected keyword argument '" + key + "'");
          cv.arg = params[*found].name();
          kwargs[params[*found].name()] = cv.convert(val, params[*found].type());
        }
      }
    }
  }
  if (nPos > nParams)
    throwType(env, method.name() + "() expected at most " + std::to_string(nParams + 1) + " argument(s) but received " +
                       std::to_string(nPos + 1) + " argument(s). Declaration: " + c10::toString(schema));
  std::vector<c10::IValue> stack;
  stack.reserve(nPos);
  for (size_t i = 0; i < nPos; i++) {
    cv.arg = params[i + 1].name();
    napi_valuetype t;
    napi_typeof(env, args[i], &t);
    // undefined: the argument's default (as if left out), where it has one
    if (t == napi_undefined && params[i + 1].default_value() && i + 1 == nPos) {
      nPos--;
      break;
    }
    stack.push_back(cv.convert(args[i], params[i + 1].type()));
  }
  return stack;
}

// ---------------------------------------------------------------- IValue -> JS

napi_value newMap(napi_env env) {
  napi_value global, ctor, out;
  napi_get_global(env, &global);
  napi_get_named_property(env, global, "Map", &ctor);
  napi_new_instance(env, ctor, 0, nullptr, &out);
  return out;
}

// Tensors become raw handles (src/jit.ts makes them Tensors), modules
// { __jitModule__: handle }, dicts with string keys plain objects, other dicts Maps.
napi_value toJs(napi_env env, const c10::IValue& v, bool fresh) {
  napi_value out;
  if (v.isTensor()) return wrapTensor(env, v.toTensor(), fresh);
  if (v.isTensorList()) {
    auto list = v.toTensorList();
    napi_create_array_with_length(env, list.size(), &out);
    for (size_t i = 0; i < list.size(); i++) napi_set_element(env, out, i, wrapTensor(env, list.get(i), fresh));
    return out;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    napi_create_array_with_length(env, list.size(), &out);
    for (size_t i = 0; i < list.size(); i++) napi_set_element(env, out, i, toJs(env, list[i], fresh));
    return out;
  }
  if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    napi_create_array_with_length(env, elems.size(), &out);
    for (size_t i = 0; i < elems.size(); i++) napi_set_element(env, out, i, toJs(env, elems[i], fresh));
    return out;
  }
  if (v.isGenericDict()) {
    auto d = v.toGenericDict();
    if (d.keyType()->kind() == c10::TypeKind::StringType) {
      napi_create_object(env, &out);
      for (const auto& e : d) {
        const auto& k = e.key().toStringRef();
        napi_value key;
        napi_create_string_utf8(env, k.data(), k.size(), &key);
        // defined, not assigned: a "__proto__" key is an own property, not the prototype
        napi_property_descriptor desc{nullptr, key, nullptr, nullptr, nullptr, toJs(env, e.value(), fresh),
                                      napi_default_jsproperty, nullptr};
        napi_define_properties(env, out, 1, &desc);
      }
      return out;
    }
    out = newMap(env);
    napi_value set;
    napi_get_named_property(env, out, "set", &set);
    for (const auto& e : d) {
      napi_value argv[2] = {toJs(env, e.key(), fresh), toJs(env, e.value(), fresh)}, ignored;
      napi_call_function(env, out, set, 2, argv, &ignored);
    }
    return out;
  }
  if (v.isObject()) {
    auto obj = v.toObject();
    if (obj->type()->is_module()) {
      napi_create_object(env, &out);
      napi_set_named_property(env, out, "__jitModule__", wrapModule(env, torch::jit::Module(obj)));
      return out;
    }
    throw Napi::TypeError::New(env, "cannot convert a TorchScript object of class '" + obj->type()->repr_str() +
                                        "' to JavaScript");
  }
  if (v.isNone()) {
    napi_get_null(env, &out);
    return out;
  }
  if (v.isInt() || v.isDouble() || v.isBool() || v.isString() || v.isScalar() || v.isDevice() || v.isSymInt())
    return fromIValue(env, v);
  throw Napi::TypeError::New(env, std::string("cannot convert a TorchScript value of kind '") + v.tagKind() +
                                      "' to JavaScript");
}

std::vector<napi_value> restArgs(const Napi::CallbackInfo& info, size_t from) {
  std::vector<napi_value> args;
  for (size_t i = from; i < info.Length(); i++) args.push_back(info[i]);
  return args;
}

// A read adapter over JS memory (a Buffer kept alive by the caller while load runs).
struct MemoryReader : caffe2::serialize::ReadAdapterInterface {
  const uint8_t* data;
  size_t n;
  MemoryReader(const uint8_t* d, size_t len) : data(d), n(len) {}
  size_t size() const override { return n; }
  size_t read(uint64_t pos, void* buf, size_t len, const char*) const override {
    if (pos >= n) return 0;
    size_t k = std::min<size_t>(len, n - pos);
    std::memcpy(buf, data + pos, k);
    return k;
  }
};

std::optional<c10::Device> optDevice(napi_env env, napi_value v, const char* what) {
  if (isNullish(env, v)) return std::nullopt;
  return toDevice(env, v, what);
}

// ---------------------------------------------------------------- entry points

// The names of an extra-files object (Python's _extra_files dict), empty contents.
torch::jit::ExtraFilesMap extraFileNames(napi_env env, napi_value v) {
  torch::jit::ExtraFilesMap files;
  if (isNullish(env, v)) return files;
  Napi::Object o = Napi::Value(env, v).As<Napi::Object>();
  Napi::Array keys = o.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) files[keys.Get(i).As<Napi::String>().Utf8Value()] = "";
  return files;
}

// Stores each extra file's bytes (a Buffer) into the caller's object, as Python fills its dict.
void fillExtraFiles(napi_env env, napi_value v, const torch::jit::ExtraFilesMap& files) {
  if (isNullish(env, v)) return;
  Napi::Object o = Napi::Value(env, v).As<Napi::Object>();
  for (const auto& [k, content] : files) o.Set(k, Napi::Buffer<char>::Copy(env, content.data(), content.size()));
}

// jitLoad(pathOrBytes, device | null, extraFiles | null) -> module handle
Napi::Value Load(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto device = optDevice(env, info[1], "map_location");
  auto extra = extraFileNames(env, info[2]);
  napi_valuetype t;
  napi_typeof(env, info[0], &t);
  if (t == napi_string) {
    std::string path = getString(env, info[0], "f");
    auto m = torch::jit::load(path, device, extra);
    fillExtraFiles(env, info[2], extra);
    return Napi::Value(env, wrapModule(env, std::move(m)));
  }
  bool isTyped = false;
  napi_is_typedarray(env, info[0], &isTyped);
  if (!isTyped) throwType(env, "torch.jit.load(): argument 'f' must be a path or a Buffer");
  napi_typedarray_type tt;
  size_t len;
  void* data;
  napi_value ab;
  size_t off;
  napi_get_typedarray_info(env, info[0], &tt, &len, &data, &ab, &off);
  size_t bytes = len;
  if (tt != napi_uint8_array && tt != napi_int8_array && tt != napi_uint8_clamped_array)
    throwType(env, "torch.jit.load(): argument 'f' must be a path or a Buffer (Uint8Array)");
  auto reader = std::make_shared<MemoryReader>(static_cast<const uint8_t*>(data), bytes);
  auto m = torch::jit::load(reader, device, extra);
  fillExtraFiles(env, info[2], extra);
  return Napi::Value(env, wrapModule(env, std::move(m)));
}

// jitSave(m, path | undefined, extraFiles | null: { name: string | Uint8Array }) -> undefined | Buffer
Napi::Value Save(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "torch.jit.save");
  torch::jit::ExtraFilesMap extra;
  if (!isNullish(env, info[2])) {
    Napi::Object o = info[2].As<Napi::Object>();
    Napi::Array keys = o.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
      Napi::Value v = o.Get(k);
      if (v.IsString()) {
        extra[k] = v.As<Napi::String>().Utf8Value();
      } else if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
        auto a = v.As<Napi::Uint8Array>();
        extra[k] = std::string(reinterpret_cast<const char*>(a.Data()), a.ByteLength());
      } else {
        throwType(env, "torch.jit.save(): the extra file '" + k + "' must be a str or a Buffer");
      }
    }
  }
  if (!isNullish(env, info[1])) {
    m.save(getString(env, info[1], "f"), extra);
    return info.Env().Undefined();
  }
  std::ostringstream os;
  m.save(os, extra);
  std::string s = os.str();
  return Napi::Buffer<char>::Copy(env, s.data(), s.size());
}

Napi::Value Methods(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "methods");
  auto methods = m.get_methods();
  Napi::Array out = Napi::Array::New(info.Env(), methods.size());
  for (size_t i = 0; i < methods.size(); i++) out.Set(static_cast<uint32_t>(i), methods[i].name());
  return out;
}

// jitRun(m, name, ...args)
Napi::Value Run(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "runMethod");
  std::string name = getString(env, info[1], "method_name");
  auto method = m.find_method(name);
  if (!method) throw Napi::Error::New(env, "Method '" + name + "' is not defined on this ScriptModule");
  torch::jit::Kwargs kwargs;
  auto stack = methodStack(env, *method, restArgs(info, 2), kwargs);
  c10::IValue r = (*method)(std::move(stack), kwargs);
  return Napi::Value(env, toJs(env, r, true));
}

// [[name, handle], ...]
Napi::Value NamedTensors(napi_env env, const std::vector<std::pair<std::string, at::Tensor>>& items) {
  Napi::Array out = Napi::Array::New(env, items.size());
  for (size_t i = 0; i < items.size(); i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, items[i].first);
    pair.Set(1u, Napi::Value(env, wrapTensor(env, items[i].second, false)));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// jitNamedParameters(m, recurse), jitNamedBuffers(m, recurse)
Napi::Value NamedParameters(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "namedParameters");
  std::vector<std::pair<std::string, at::Tensor>> items;
  for (const auto& p : m.named_parameters(info[1].ToBoolean())) items.emplace_back(p.name, p.value);
  return NamedTensors(info.Env(), items);
}
Napi::Value NamedBuffers(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "namedBuffers");
  std::vector<std::pair<std::string, at::Tensor>> items;
  for (const auto& p : m.named_buffers(info[1].ToBoolean())) items.emplace_back(p.name, p.value);
  return NamedTensors(info.Env(), items);
}

// jitStateDict(m): parameters then buffers of each module, then its children, as nn.Module.state_dict orders them.
void stateDictOf(const torch::jit::Module& m, const std::string& prefix, std::vector<std::pair<std::string, at::Tensor>>& out) {
  for (const auto& p : m.named_parameters(false)) out.emplace_back(prefix + p.name, p.value);
  for (const auto& b : m.named_buffers(false)) out.emplace_back(prefix + b.name, b.value);
  for (const auto& c : m.named_children()) stateDictOf(c.value, prefix + c.name + ".", out);
}
Napi::Value StateDict(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "stateDict");
  std::vector<std::pair<std::string, at::Tensor>> items;
  stateDictOf(m, "", items);
  return NamedTensors(info.Env(), items);
}

// jitNamedChildren(m) -> [[name, module handle], ...]
Napi::Value NamedChildren(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "namedChildren");
  std::vector<std::pair<std::string, torch::jit::Module>> items;
  for (const auto& c : m.named_children()) items.emplace_back(c.name, c.value);
  Napi::Array out = Napi::Array::New(env, items.size());
  for (size_t i = 0; i < items.size(); i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, items[i].first);
    pair.Set(1u, Napi::Value(env, wrapModule(env, items[i].second)));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// jitAttributeNames(m) -> the names of the module's attributes (parameters, buffers, submodules, others)
Napi::Value AttributeNames(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "attributes");
  auto type = m.type();
  Napi::Array out = Napi::Array::New(info.Env(), type->numAttributes());
  for (size_t i = 0; i < type->numAttributes(); i++) out.Set(static_cast<uint32_t>(i), type->getAttributeName(i));
  return out;
}

// jitAttr(m, name) -> the attribute's value (tensors shared, not copied)
Napi::Value Attr(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "getattr");
  std::string name = getString(env, info[1], "name");
  if (!m.hasattr(name)) throw Napi::Error::New(env, "'RecursiveScriptModule' object has no attribute '" + name + "'");
  return Napi::Value(env, toJs(env, m.attr(name), false));
}

// jitSetAttr(m, name, value): converted to the attribute's declared type
Napi::Value SetAttr(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "setattr");
  std::string name = getString(env, info[1], "name");
  auto type = m.type();
  auto slot = type->findAttributeSlot(name);
  if (!slot) throw Napi::Error::New(env, "'RecursiveScriptModule' object has no attribute '" + name + "'");
  if (type->getAttribute(*slot)->is_module()) throwType(env, "cannot assign to the submodule '" + name + "' of a ScriptModule");
  Converter cv{env, "setattr", name};
  m.setattr(name, cv.convert(info[2], type->getAttribute(*slot)));
  return info.Env().Undefined();
}

Napi::Value Train(const Napi::CallbackInfo& info) {
  unwrapModule(info.Env(), info[0], "train").train(info[1].ToBoolean());
  return info.Env().Undefined();
}
Napi::Value IsTraining(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "training");
  // a frozen module has no `training` attribute
  return Napi::Boolean::New(info.Env(), m.hasattr("training") && m.is_training());
}

// jitTo(m, device | null, dtype | null, nonBlocking)
Napi::Value To(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "to");
  auto device = optDevice(env, info[1], "device");
  bool nonBlocking = info[3].ToBoolean();
  if (isNullish(env, info[2])) {
    if (device) m.to(*device, nonBlocking);
  } else {
    auto dtype = toScalarType(env, info[2], "dtype");
    if (device) m.to(*device, dtype, nonBlocking);
    else m.to(dtype, nonBlocking);
  }
  return info.Env().Undefined();
}

// jitCode(m, method) -> the method's TorchScript source as Python prints it (Method.code)
Napi::Value Code(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "code");
  std::string name = getString(env, info[1], "method_name");
  auto method = m.find_method(name);
  if (!method) throw Napi::Error::New(env, "Method '" + name + "' is not defined on this ScriptModule");
  std::vector<c10::IValue> constants;
  torch::jit::PrintDepsTable deps;
  torch::jit::PythonPrint pp(constants, deps);
  pp.printMethod(method->function());
  return Napi::String::New(env, pp.str());
}

// jitGraph(m, method) -> the method's graph, printed (str(Method.graph))
Napi::Value Graph(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "graph");
  std::string name = getString(env, info[1], "method_name");
  auto method = m.find_method(name);
  if (!method) throw Napi::Error::New(env, "Method '" + name + "' is not defined on this ScriptModule");
  return Napi::String::New(env, method->graph()->toString());
}

Napi::Value TypeName(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "type");
  auto name = m.type()->name();
  return Napi::String::New(info.Env(), name ? name->name() : std::string("Module"));
}

Napi::Value IsModule(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), moduleHandleOrNull(info.Env(), info[0]) != nullptr);
}

// jitClone(m) -> a deep copy (Python's copy.deepcopy of a ScriptModule)
Napi::Value Clone(const Napi::CallbackInfo& info) {
  auto& m = unwrapModule(info.Env(), info[0], "clone");
  return Napi::Value(info.Env(), wrapModule(info.Env(), m.clone()));
}

// jitFreeze(m, preservedAttrs | null, optimizeNumerics) -> a new frozen module
Napi::Value Freeze(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "torch.jit.freeze");
  std::optional<std::vector<std::string>> preserved;
  if (!isNullish(env, info[1])) {
    Napi::Array arr = info[1].As<Napi::Array>();
    preserved.emplace();
    for (uint32_t i = 0; i < arr.Length(); i++) preserved->push_back(getString(env, arr.Get(i), "preserved_attrs"));
  }
  if (m.hasattr("training") && m.is_training())
    throw Napi::Error::New(env, "Freezing is currently only implemented for modules in eval mode. Please call .eval() on your module before freezing.");
  return Napi::Value(env, wrapModule(env, torch::jit::freeze(m, preserved, info[2].ToBoolean())));
}

// jitOptimizeForInference(m, otherMethods) -> a new module
Napi::Value OptimizeForInference(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "torch.jit.optimize_for_inference");
  std::vector<std::string> other;
  if (!isNullish(env, info[1])) {
    Napi::Array arr = info[1].As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); i++) other.push_back(getString(env, arr.Get(i), "other_methods"));
  }
  // (src/jit.ts puts a module with a `training` attribute in eval mode first, as Python does;
  // LibTorch then freezes it)
  torch::jit::Module mod = m;
  return Napi::Value(env, wrapModule(env, torch::jit::optimize_for_inference(mod, other)));
}

// jitSetFusionStrategy([[ "STATIC" | "DYNAMIC", depth ], ...]) -> the previous strategy, same form
Napi::Value SetFusionStrategy(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (!info[0].IsArray()) throwType(env, "torch.jit.set_fusion_strategy(): argument 'strategy' must be a list of (str, int) pairs");
  Napi::Array arr = info[0].As<Napi::Array>();
  torch::jit::FusionStrategy strategy;
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value p = arr.Get(i);
    if (!p.IsArray() || p.As<Napi::Array>().Length() != 2)
      throwType(env, "torch.jit.set_fusion_strategy(): each entry must be a (str, int) pair");
    Napi::Array pair = p.As<Napi::Array>();
    std::string kind = getString(env, pair.Get(0u), "strategy");
    int64_t depth = toInt64(env, pair.Get(1u), "depth");
    if (depth < 0) throwRange(env, "torch.jit.set_fusion_strategy(): depth must be non-negative");
    torch::jit::FusionBehavior b;
    if (kind == "STATIC") b = torch::jit::FusionBehavior::STATIC;
    else if (kind == "DYNAMIC") b = torch::jit::FusionBehavior::DYNAMIC;
    else throwType(env, "torch.jit.set_fusion_strategy(): expected 'STATIC' or 'DYNAMIC', got '" + kind + "'");
    strategy.emplace_back(b, static_cast<size_t>(depth));
  }
  auto old = torch::jit::setFusionStrategy(strategy);
  Napi::Array out = Napi::Array::New(env, old.size());
  for (size_t i = 0; i < old.size(); i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, old[i].first == torch::jit::FusionBehavior::STATIC ? "STATIC" : "DYNAMIC");
    pair.Set(1u, static_cast<double>(old[i].second));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// ---------------------------------------------------------------- forwardAsync

// Runs one method on libuv's thread pool. The module and the converted inputs
// (IValues holding their own tensor references) are owned by the worker, so
// they stay alive until it finishes; the caller's thread-local state (grad
// mode, inference mode, autocast) applies on the worker thread.
class MethodWorker;
// What a call's cancel function sees (JS thread only): the worker until it completes.
struct CancelState {
  MethodWorker* worker = nullptr;
};

class MethodWorker : public Napi::AsyncWorker {
 public:
  MethodWorker(Napi::Env env, torch::jit::Module m, torch::jit::Method method, std::vector<c10::IValue> stack,
               torch::jit::Kwargs kwargs, std::shared_ptr<CancelState> cancel)
      : Napi::AsyncWorker(env, "torch.jit.forwardAsync"),
        cancel_(std::move(cancel)),
        deferred_(Napi::Promise::Deferred::New(env)),
        module_(std::move(m)),
        method_(std::move(method)),
        stack_(std::move(stack)),
        kwargs_(std::move(kwargs)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      at::ThreadLocalStateGuard guard(state_);
      result_ = method_(std::move(stack_), kwargs_);
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    // the inputs are released here, on the JS thread
    stack_.clear();
    kwargs_.clear();
    if (error_) {
      try {
        try {
          std::rethrow_exception(error_);
        } catch (...) {
          rethrowAsJs(env);
        }
      } catch (const Napi::Error& e) {
        deferred_.Reject(e.Value());
      }
      return;
    }
    try {
      napi_value v = toJs(env, result_, true);
      result_ = c10::IValue();
      deferred_.Resolve(Napi::Value(env, v));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

  // A call cancelled while still queued never runs: its promise rejects with an AbortError.
  void OnWorkComplete(Napi::Env env, napi_status status) override {
    if (cancel_) cancel_->worker = nullptr;
    if (status == napi_cancelled) {
      Napi::HandleScope scope(env);
      stack_.clear();
      kwargs_.clear();
      Napi::Error e = Napi::Error::New(env, "This operation was aborted");
      e.Set("name", Napi::String::New(env, "AbortError"));
      deferred_.Reject(e.Value());
    }
    Napi::AsyncWorker::OnWorkComplete(env, status);
  }

 private:
  std::shared_ptr<CancelState> cancel_;
  Napi::Promise::Deferred deferred_;
  torch::jit::Module module_;
  torch::jit::Method method_;
  std::vector<c10::IValue> stack_;
  torch::jit::Kwargs kwargs_;
  at::ThreadLocalState state_;
  c10::IValue result_;
  std::exception_ptr error_;
};

// jitRunAsync(m, name, token | null, ...args) -> Promise. With a token object, token.cancel() is set:
// it cancels the call if it is still queued (true), else does nothing (false).
Napi::Value RunAsync(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& m = unwrapModule(env, info[0], "forwardAsync");
  std::string name = getString(env, info[1], "method_name");
  auto method = m.find_method(name);
  if (!method) throw Napi::Error::New(env, "Method '" + name + "' is not defined on this ScriptModule");
  torch::jit::Kwargs kwargs;
  auto stack = methodStack(env, *method, restArgs(info, 3), kwargs);
  std::shared_ptr<CancelState> cancel;
  if (info[2].IsObject()) cancel = std::make_shared<CancelState>();
  auto* w = new MethodWorker(info.Env(), m, *method, std::move(stack), std::move(kwargs), cancel);
  Napi::Promise p = w->promise();
  if (cancel) {
    cancel->worker = w;
    info[2].As<Napi::Object>().Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo& ci) -> Napi::Value {
      if (!cancel->worker) return Napi::Boolean::New(ci.Env(), false);
      try {
        cancel->worker->Cancel();  // fails once a thread has picked the call up
      } catch (const Napi::Error&) {
        return Napi::Boolean::New(ci.Env(), false);
      }
      return Napi::Boolean::New(ci.Env(), true);
    }, "cancel"));
  }
  w->Queue();
  return p;
}

}  // namespace

void initJit(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("jitLoad", Load);
  TN_EXPORT("jitSave", Save);
  TN_EXPORT("jitMethods", Methods);
  TN_EXPORT("jitRun", Run);
  TN_EXPORT("jitRunAsync", RunAsync);
  TN_EXPORT("jitNamedParameters", NamedParameters);
  TN_EXPORT("jitNamedBuffers", NamedBuffers);
  TN_EXPORT("jitStateDict", StateDict);
  TN_EXPORT("jitNamedChildren", NamedChildren);
  TN_EXPORT("jitAttributeNames", AttributeNames);
  TN_EXPORT("jitAttr", Attr);
  TN_EXPORT("jitSetAttr", SetAttr);
  TN_EXPORT("jitTrain", Train);
  TN_EXPORT("jitIsTraining", IsTraining);
  TN_EXPORT("jitTo", To);
  TN_EXPORT("jitTypeName", TypeName);
  TN_EXPORT("jitCode", Code);
  TN_EXPORT("jitGraph", Graph);
  TN_EXPORT("jitIsModule", IsModule);
  TN_EXPORT("jitClone", Clone);
  TN_EXPORT("jitFreeze", Freeze);
  TN_EXPORT("jitOptimizeForInference", OptimizeForInference);
  TN_EXPORT("jitSetFusionStrategy", SetFusionStrategy);
}

}  // namespace tn
