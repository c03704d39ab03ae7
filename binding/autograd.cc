// Autograd: requires_grad, .grad, backward, torch.autograd.grad, graph nodes
// (grad_fn, next_functions), anomaly mode.
#include "common.h"

#include <torch/csrc/autograd/anomaly_mode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/variable.h>

namespace tn {

namespace {

const at::Tensor& self(const Napi::CallbackInfo& info) { return unwrapTensor(info.Env(), info[0], "self"); }

// Graph nodes (grad_fn) are handed to JS as Externals holding a reference.
constexpr uint32_t kNodeMagic = 0x4e4f4445;  // "NODE"
struct NodeHandle {
  uint32_t magic = kNodeMagic;
  c10::intrusive_ptr<torch::autograd::Node> node;
};

napi_value wrapNode(napi_env env, c10::intrusive_ptr<torch::autograd::Node> node) {
  napi_value out;
  if (!node) {
    napi_get_null(env, &out);
    return out;
  }
  auto* h = new NodeHandle();
  h->node = std::move(node);
  if (napi_create_external(env, h, [](node_api_basic_env, void* d, void*) { delete static_cast<NodeHandle*>(d); },
                           nullptr, &out) != napi_ok) {
    delete h;
    throw Napi::Error::New(env, "could not create a graph node handle");
  }
  return out;
}

torch::autograd::Node& unwrapNode(napi_env env, napi_value v) {
  void* data = nullptr;
  if (napi_get_value_external(env, v, &data) == napi_ok && data &&
      static_cast<NodeHandle*>(data)->magic == kNodeMagic)
    return *static_cast<NodeHandle*>(data)->node;
  throwType(env, "expected an autograd graph node (grad_fn)");
}


}  // namespace

static Napi::Value RequiresGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), self(info).requires_grad());
}
// setRequiresGrad(tensor, flag): requires_grad_ (only leaves may change it)
static Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  self(info).set_requires_grad(info[1].ToBoolean());
  return info.Env().Undefined();
}
static Napi::Value Grad(const Napi::CallbackInfo& info) {
  return Napi::Value(info.Env(), wrapTensor(info.Env(), self(info).grad(), /*fresh=*/false));
}
// setGrad(tensor, gradOrNull)
static Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  if (info[1].IsNull() || info[1].IsUndefined()) t.mutable_grad().reset();
  else t.mutable_grad() = unwrapTensor(info.Env(), info[1], "grad");
  return info.Env().Undefined();
}
// gradFnName(tensor) -> the grad_fn's name ("AddBackward0"), or null for leaves
static Napi::Value GradFnName(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  if (!t.requires_grad() || t.is_leaf()) return info.Env().Null();
  auto node = t.grad_fn();
  if (!node) return info.Env().Null();
  std::string js = jsFunctionNodeName(node.get());
  return Napi::String::New(info.Env(), js.empty() ? node->name() : js);
}
// gradFn(tensor) -> graph node handle or null
static Napi::Value GradFn(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  return Napi::Value(info.Env(), wrapNode(info.Env(), t.requires_grad() ? t.grad_fn() : nullptr));
}
static Napi::Value NodeName(const Napi::CallbackInfo& info) {
  auto& node = unwrapNode(info.Env(), info[0]);
  std::string js = jsFunctionNodeName(&node);
  return Napi::String::New(info.Env(), js.empty() ? node.name() : js);
}
// nodeNextFunctions(node) -> [[node | null, inputNr], ...] (Python's next_functions).
// Leaves appear as AccumulateGrad nodes, as in Python.
static Napi::Value NodeNextFunctions(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto& node = unwrapNode(env, info[0]);
  const auto& edges = node.next_edges();
  Napi::Array out = Napi::Array::New(env, edges.size());
  for (size_t i = 0; i < edges.size(); i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Value(env, wrapNode(env, edges[i].function)));
    pair.Set(1u, Napi::Number::New(env, edges[i].input_nr));
    out.Set(i, pair);
  }
  return out;
}
// nodeId(node) -> a string identifying the node (handles are new objects each time)
static Napi::Value NodeId(const Napi::CallbackInfo& info) {
  auto& node = unwrapNode(info.Env(), info[0]);
  return Napi::String::New(info.Env(), std::to_string(reinterpret_cast<uintptr_t>(&node)));
}
// setData(tensor, source): Python's `t.data = source` (the same tensor object, new data)
static Napi::Value SetData(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  const at::Tensor& src = unwrapTensor(info.Env(), info[1], "data");
  const_cast<at::Tensor&>(t).set_data(src);
  return info.Env().Undefined();
}
static Napi::Value IsLeaf(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), self(info).is_leaf());
}
static Napi::Value RetainGrad(const Napi::CallbackInfo& info) {
  self(info).retain_grad();
  return info.Env().Undefined();
}
static Napi::Value RetainsGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), self(info).retains_grad());
}

// backward(tensors[], grads[] (null entries allowed), retainGraph?, createGraph, inputs[]?)
static Napi::Value Backward(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto tensors = tensorList(env, info[0], false, "tensors");
  auto grads = tensorList(env, info[1], true, "grad_tensors");
  std::optional<bool> retain;
  if (info[2].IsBoolean()) retain = info[2].As<Napi::Boolean>().Value();
  bool create = info[3].IsBoolean() && info[3].As<Napi::Boolean>().Value();
  std::vector<at::Tensor> inputs;
  if (info.Length() > 4 && info[4].IsArray()) inputs = tensorList(env, info[4], false, "inputs");
  if (autogradOffThread())
    runOffThread(env, [&] { torch::autograd::backward(tensors, grads, retain, create, inputs); });
  else
    torch::autograd::backward(tensors, grads, retain, create, inputs);
  return info.Env().Undefined();
}

// grad(outputs[], inputs[], gradOutputs[] (nulls allowed), retainGraph?, createGraph, allowUnused)
//   -> (Tensor | null)[]
static Napi::Value AutogradGrad(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto outputs = tensorList(env, info[0], false, "outputs");
  auto inputs = tensorList(env, info[1], false, "inputs");
  auto gradOutputs = tensorList(env, info[2], true, "grad_outputs");
  std::optional<bool> retain;
  if (info[3].IsBoolean()) retain = info[3].As<Napi::Boolean>().Value();
  bool create = info[4].ToBoolean();
  bool allowUnused = info[5].ToBoolean();
  std::vector<at::Tensor> grads;
  if (autogradOffThread())
    runOffThread(env, [&] { grads = torch::autograd::grad(outputs, inputs, gradOutputs, retain, create, allowUnused); });
  else
    grads = torch::autograd::grad(outputs, inputs, gradOutputs, retain, create, allowUnused);
  Napi::Array out = Napi::Array::New(env, grads.size());
  for (size_t i = 0; i < grads.size(); i++) out.Set(i, Napi::Value(env, wrapTensor(env, grads[i])));
  return out;
}

// registerHook(tensor, fn) -> hook id. fn(gradHandle) returns a handle or null;
// it runs on the JS thread during backward (CPU graphs).
static Napi::Value RegisterHook(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& t = self(info);
  if (!info[1].IsFunction()) throwType(env, "register_hook(): argument 'hook' must be callable");
  if (!t.requires_grad())
    throw Napi::Error::New(env, "cannot register a hook on a tensor that doesn't require gradient");
  auto cb = std::make_shared<JsCallback>(env, info[1]);
  unsigned idx = t.register_hook([cb](const at::Tensor& grad) -> at::Tensor {
    at::Tensor out;
    runOnJsThread(*cb, [&] {
      Napi::HandleScope scope(cb->env);
      napi_value arg = wrapTensor(cb->env, grad, /*fresh=*/false);
      napi_value r = cb->call(1, &arg);
      TensorHandle* h = tensorHandle(cb->env, r);
      if (h) out = h->t;
    });
    return out;
  });
  return Napi::Number::New(env, idx);
}
static Napi::Value RemoveHook(const Napi::CallbackInfo& info) {
  self(info).remove_hook(static_cast<unsigned>(toInt64(info.Env(), info[1], "handle")));
  return info.Env().Undefined();
}

static Napi::Value SetAnomalyEnabled(const Napi::CallbackInfo& info) {
  torch::autograd::AnomalyMode::set_enabled(info[0].ToBoolean(), info.Length() > 1 ? info[1].ToBoolean() : true);
  return info.Env().Undefined();
}
static Napi::Value IsAnomalyEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), torch::autograd::AnomalyMode::is_enabled());
}
static Napi::Value IsAnomalyCheckNanEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), torch::autograd::AnomalyMode::should_check_nan());
}

void initAutograd(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("requiresGrad", RequiresGrad);
  TN_EXPORT("setRequiresGrad", SetRequiresGrad);
  TN_EXPORT("grad", Grad);
  TN_EXPORT("setGrad", SetGrad);
  TN_EXPORT("gradFnName", GradFnName);
  TN_EXPORT("gradFn", GradFn);
  TN_EXPORT("nodeName", NodeName);
  TN_EXPORT("nodeNextFunctions", NodeNextFunctions);
  TN_EXPORT("nodeId", NodeId);
  TN_EXPORT("isLeaf", IsLeaf);
  TN_EXPORT("setData", SetData);
  TN_EXPORT("retainGrad", RetainGrad);
  TN_EXPORT("retainsGrad", RetainsGrad);
  TN_EXPORT("backward", Backward);
  TN_EXPORT("autogradGrad", AutogradGrad);
  TN_EXPORT("registerHook", RegisterHook);
  TN_EXPORT("removeHook", RemoveHook);
  TN_EXPORT("setAnomalyEnabled", SetAnomalyEnabled);
  TN_EXPORT("isAnomalyEnabled", IsAnomalyEnabled);
  TN_EXPORT("isAnomalyCheckNanEnabled", IsAnomalyCheckNanEnabled);
}

}  // namespace tn
