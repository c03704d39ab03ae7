// Custom autograd functions written in JS (torch.autograd.Function): forward and
// backward are JS callbacks that LibTorch's engine runs through
// torch::autograd::Function (CppNode), so the backward runs inside the engine,
// with LibTorch's own ctx (save_for_backward, mark_dirty, mark_non_differentiable,
// materialize_grads) and its checks.
#include "common.h"

#include <torch/csrc/autograd/custom_function.h>

namespace tn {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Kept in ctx->saved_data: the JS callbacks, alive as long as the graph node.
struct JsSpec : torch::CustomClassHolder {
  std::string name;                      // "MyFnBackward"
  std::shared_ptr<JsCallback> forward;   // (ctxExternal) -> handles
  std::shared_ptr<JsCallback> backward;  // (ctxExternal, gradHandles[]) -> (handle | null)[]
};

constexpr uint32_t kCtxMagic = 0x43545854;  // "CTXT"
struct CtxHandle {
  uint32_t magic = kCtxMagic;
  AutogradContext* ctx;
};

// The JS side only uses a ctx handle during forward/backward (it marks its
// ctx object closed afterwards), so the raw pointer never outlives its node.
napi_value wrapCtx(napi_env env, AutogradContext* ctx) {
  auto* h = new CtxHandle{kCtxMagic, ctx};
  napi_value out;
  napi_create_external(env, h, [](node_api_basic_env, void* d, void*) { delete static_cast<CtxHandle*>(d); }, nullptr, &out);
  return out;
}

AutogradContext* unwrapCtx(napi_env env, napi_value v) {
  void* data = nullptr;
  if (napi_get_value_external(env, v, &data) == napi_ok && data && static_cast<CtxHandle*>(data)->magic == kCtxMagic)
    return static_cast<CtxHandle*>(data)->ctx;
  throwType(env, "expected an autograd Function ctx");
}


struct JsFunction : torch::autograd::Function<JsFunction> {
  static variable_list forward(AutogradContext* ctx, at::TensorList inputs, c10::intrusive_ptr<JsSpec> spec) {
    (void)inputs;  // the JS forward sees the caller's own arguments
    ctx->saved_data["torch_node_js"] = c10::IValue::make_capsule(spec);
    napi_env env = spec->forward->env;
    Napi::HandleScope scope(env);
    napi_value arg = wrapCtx(env, ctx);
    napi_value r = spec->forward->call(1, &arg);
    return tensorList(env, r, false, "forward() outputs");
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto spec = c10::static_intrusive_pointer_cast<JsSpec>(ctx->saved_data["torch_node_js"].toCapsule());
    napi_env env = spec->backward->env;
    variable_list out;
    runOnJsThread(*spec->backward, [&] {
      Napi::HandleScope scope(env);
      napi_value args[2];
      args[0] = wrapCtx(env, ctx);
      napi_create_array_with_length(env, grads.size(), &args[1]);
      for (size_t i = 0; i < grads.size(); i++) napi_set_element(env, args[1], i, wrapTensor(env, grads[i], /*fresh=*/false));
      napi_value r = spec->backward->call(2, args);
      out = tensorList(env, r, true, "backward() gradients");
    });
    out.emplace_back();  // no gradient for the spec argument
    return out;
  }
};

}  // namespace

std::string jsFunctionNodeName(torch::autograd::Node* node) {
  auto* n = dynamic_cast<torch::autograd::CppNode<JsFunction>*>(node);
  if (!n) return "";
  auto it = n->ctx_.saved_data.find("torch_node_js");
  if (it == n->ctx_.saved_data.end()) return "";
  return c10::static_intrusive_pointer_cast<JsSpec>(it->second.toCapsule())->name;
}

// functionApply(inputHandles[], forwardCb, backwardCb, name) -> output handles[]
static Napi::Value FunctionApply(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  variable_list inputs = tensorList(env, info[0], false, "inputs");
  if (!info[1].IsFunction() || !info[2].IsFunction()) throwType(env, "functionApply: expected forward and backward callbacks");
  auto spec = c10::make_intrusive<JsSpec>();
  spec->forward = std::make_shared<JsCallback>(env, info[1]);
  spec->backward = std::make_shared<JsCallback>(env, info[2]);
  spec->name = info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : "JsFunctionBackward";
  // as a TensorList: the argument extractor takes a std::vector as a non-tensor argument
  variable_list outs = JsFunction::apply(at::TensorList(inputs), spec);
  Napi::Array out = Napi::Array::New(env, outs.size());
  // the JS forward's own results already reported their bytes
  for (size_t i = 0; i < outs.size(); i++) out.Set(i, Napi::Value(env, wrapTensor(env, outs[i], /*fresh=*/false)));
  return out;
}

static Napi::Value CtxSaveForBackward(const Napi::CallbackInfo& info) {
  unwrapCtx(info.Env(), info[0])->save_for_backward(tensorList(info.Env(), info[1], true, "tensors"));
  return info.Env().Undefined();
}
static Napi::Value CtxSavedTensors(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  variable_list saved = unwrapCtx(env, info[0])->get_saved_variables();
  Napi::Array out = Napi::Array::New(env, saved.size());
  for (size_t i = 0; i < saved.size(); i++) out.Set(i, Napi::Value(env, wrapTensor(env, saved[i], /*fresh=*/false)));
  return out;
}
static Napi::Value CtxMarkDirty(const Napi::CallbackInfo& info) {
  unwrapCtx(info.Env(), info[0])->mark_dirty(tensorList(info.Env(), info[1], false, "tensors"));
  return info.Env().Undefined();
}
static Napi::Value CtxMarkNonDifferentiable(const Napi::CallbackInfo& info) {
  unwrapCtx(info.Env(), info[0])->mark_non_differentiable(tensorList(info.Env(), info[1], false, "tensors"));
  return info.Env().Undefined();
}
static Napi::Value CtxSetMaterializeGrads(const Napi::CallbackInfo& info) {
  unwrapCtx(info.Env(), info[0])->set_materialize_grads(info[1].ToBoolean());
  return info.Env().Undefined();
}

void initFunction(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("functionApply", FunctionApply);
  TN_EXPORT("ctxSaveForBackward", CtxSaveForBackward);
  TN_EXPORT("ctxSavedTensors", CtxSavedTensors);
  TN_EXPORT("ctxMarkDirty", CtxMarkDirty);
  TN_EXPORT("ctxMarkNonDifferentiable", CtxMarkNonDifferentiable);
  TN_EXPORT("ctxSetMaterializeGrads", CtxSetMaterializeGrads);
}

}  // namespace tn
