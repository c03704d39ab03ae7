// Process-wide state: random generators and seeds, devices (CUDA, MPS),
// grad mode, threads, and the LibTorch version.
#include "common.h"

#include <ATen/Context.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <ATen/Parallel.h>
#include <c10/core/DefaultDtype.h>
#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/api/include/torch/version.h>

#include <mutex>

namespace tn {

namespace {

uint64_t toSeed(napi_env env, napi_value v) {
  // Python accepts seeds in [-2**63, 2**64); negatives wrap to uint64.
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_bigint) {
    uint64_t u;
    bool lossless;
    napi_get_value_bigint_uint64(env, v, &u, &lossless);
    if (lossless) return u;
    int64_t s;
    napi_get_value_bigint_int64(env, v, &s, &lossless);
    if (lossless) return static_cast<uint64_t>(s);
    throwRange(env, "Overflow when unpacking long: seed must be in [-2**63, 2**64)");
  }
  if (t == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (d != static_cast<double>(static_cast<int64_t>(d)) && !(d >= 0 && d < 18446744073709551616.0 && d == std::floor(d)))
      throwType(env, "seed must be an integer");
    if (d < 0) return static_cast<uint64_t>(static_cast<int64_t>(d));
    return static_cast<uint64_t>(d);
  }
  throwType(env, "seed must be an integer (number or bigint)");
}

Napi::Value bigU64(napi_env env, uint64_t v) {
  napi_value out;
  napi_create_bigint_uint64(env, v, &out);
  return Napi::Value(env, out);
}

}  // namespace

// newGenerator(device: string) -> generator handle (a fresh one, seeded with
// Python's default seed 67280421310721 as torch.Generator() is).
static Napi::Value NewGenerator(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  c10::Device dev = info[0].IsString() ? toDevice(env, info[0], "device") : c10::Device(c10::kCPU);
  at::Generator g;
  if (dev.is_cpu()) {
    g = at::make_generator<at::CPUGeneratorImpl>();
  } else if (dev.is_cuda()) {
    if (!at::detail::getCUDAHooks().hasCUDA()) throw Napi::Error::New(env, "Torch not compiled with CUDA enabled");
    // A new CUDA generator is a clone-free fresh one from the hooks.
    g = at::detail::getCUDAHooks().getNewGenerator(dev.has_index() ? dev.index() : 0);
  } else {
    throw Napi::Error::New(env, "Generator: unsupported device " + dev.str());
  }
  return Napi::Value(env, wrapGenerator(env, std::move(g)));
}

// defaultGenerator(device) -> the global generator of that device
static Napi::Value DefaultGenerator(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  c10::Device dev = info[0].IsString() ? toDevice(env, info[0], "device") : c10::Device(c10::kCPU);
  if (dev.is_cuda() && !at::detail::getCUDAHooks().hasCUDA()) throw Napi::Error::New(env, "Torch not compiled with CUDA enabled");
  return Napi::Value(env, wrapGenerator(env, at::globalContext().defaultGenerator(dev)));
}

static Napi::Value GeneratorManualSeed(const Napi::CallbackInfo& info) {
  at::Generator& g = unwrapGenerator(info.Env(), info[0], "generator");
  uint64_t seed = toSeed(info.Env(), info[1]);
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_current_seed(seed);
  return info.Env().Undefined();
}
static Napi::Value GeneratorSeed(const Napi::CallbackInfo& info) {
  at::Generator& g = unwrapGenerator(info.Env(), info[0], "generator");
  std::lock_guard<std::mutex> lock(g.mutex());
  return bigU64(info.Env(), g.seed());
}
static Napi::Value GeneratorInitialSeed(const Napi::CallbackInfo& info) {
  at::Generator& g = unwrapGenerator(info.Env(), info[0], "generator");
  return bigU64(info.Env(), g.current_seed());
}
static Napi::Value GeneratorDevice(const Napi::CallbackInfo& info) {
  at::Generator& g = unwrapGenerator(info.Env(), info[0], "generator");
  return Napi::String::New(info.Env(), g.device().str());
}
static Napi::Value GeneratorGetState(const Napi::CallbackInfo& info) {
  at::Generator& g = unwrapGenerator(info.Env(), info[0], "generator");
  std::lock_guard<std::mutex> lock(g.mutex());
  return Napi::Value(info.Env(), wrapTensor(info.Env(), g.get_state()));
}
static Napi::Value GeneratorSetState(const Napi::CallbackInfo& info) {
  at::Generator& g = unwrapGenerator(info.Env(), info[0], "generator");
  const at::Tensor& s = unwrapTensor(info.Env(), info[1], "new_state");
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_state(s);
  return info.Env().Undefined();
}

// manualSeed(seed): seeds the CPU generator and every accelerator's, as
// torch.manual_seed does.
static Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  at::manual_seed(toSeed(info.Env(), info[0]));
  return info.Env().Undefined();
}

// cudaManualSeed(seed, all): seeds the current (or every) CUDA generator; a
// no-op without CUDA, as in Python.
static Napi::Value CudaManualSeed(const Napi::CallbackInfo& info) {
  uint64_t seed = toSeed(info.Env(), info[0]);
  auto& hooks = at::detail::getCUDAHooks();
  if (!hooks.hasCUDA()) return info.Env().Undefined();
  bool all = info[1].ToBoolean();
  int n = all ? hooks.deviceCount() : 1;
  int cur = hooks.getCurrentDevice();
  for (int i = 0; i < n; i++) {
    auto gen = at::globalContext().defaultGenerator(c10::Device(c10::kCUDA, all ? i : cur));
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  return info.Env().Undefined();
}

static Napi::Value CudaIsAvailable(const Napi::CallbackInfo& info) {
  auto& hooks = at::detail::getCUDAHooks();
  return Napi::Boolean::New(info.Env(), hooks.hasCUDA() && hooks.deviceCount() > 0);
}
static Napi::Value CudaDeviceCount(const Napi::CallbackInfo& info) {
  auto& hooks = at::detail::getCUDAHooks();
  return Napi::Number::New(info.Env(), hooks.hasCUDA() ? hooks.deviceCount() : 0);
}
static Napi::Value MpsIsAvailable(const Napi::CallbackInfo& info) {
#if defined(__APPLE__)
  return Napi::Boolean::New(info.Env(), at::globalContext().hasMPS());
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

static Napi::Value IsGradEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::GradMode::is_enabled());
}
static Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  c10::GradMode::set_enabled(info[0].ToBoolean());
  return info.Env().Undefined();
}
static Napi::Value IsInferenceMode(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::InferenceMode::is_enabled());
}
// pushInferenceMode(flag) / popInferenceMode(): the state change of a
// c10::InferenceMode guard, kept on a per-thread stack so JS callbacks can nest.
namespace {
struct SavedAutograd {
  c10::AutogradState state;
  c10::impl::LocalDispatchKeySet keys;
};
thread_local std::vector<SavedAutograd> savedAutograd;
}  // namespace

static Napi::Value PushInferenceMode(const Napi::CallbackInfo& info) {
  bool enabled = info[0].ToBoolean();
  auto prevKeys = c10::impl::tls_local_dispatch_key_set();
  savedAutograd.push_back({c10::AutogradState::get_tls_state(), prevKeys});
  c10::AutogradState::set_tls_state(c10::AutogradState(!enabled, enabled, !enabled, !enabled));
  c10::DispatchKeySet included = enabled ? prevKeys.included_.remove(c10::DispatchKey::ADInplaceOrView)
                                         : prevKeys.included_.add(c10::DispatchKey::ADInplaceOrView);
  c10::DispatchKeySet excluded = enabled ? (prevKeys.excluded_ | c10::autograd_dispatch_keyset)
                                         : (prevKeys.excluded_ - c10::autograd_dispatch_keyset);
  c10::impl::PODLocalDispatchKeySet cur{};
  cur.set_included(included);
  cur.set_excluded(excluded);
  c10::impl::_force_tls_local_dispatch_key_set(cur);
  return info.Env().Undefined();
}
static Napi::Value PopInferenceMode(const Napi::CallbackInfo& info) {
  if (savedAutograd.empty()) throw Napi::Error::New(info.Env(), "popInferenceMode without push");
  SavedAutograd s = savedAutograd.back();
  savedAutograd.pop_back();
  c10::AutogradState::set_tls_state(s.state);
  c10::impl::_force_tls_local_dispatch_key_set(s.keys);
  return info.Env().Undefined();
}

static Napi::Value GetDefaultDtype(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(c10::typeMetaToScalarType(c10::get_default_dtype())));
}
// setDefaultDtype(code): float types only, as torch.set_default_dtype.
static Napi::Value SetDefaultDtype(const Napi::CallbackInfo& info) {
  auto st = static_cast<c10::ScalarType>(toInt64(info.Env(), info[0], "d"));
  if (!c10::isFloatingType(st)) throwType(info.Env(), "only floating-point types are supported as the default type");
  c10::set_default_dtype(c10::scalarTypeToTypeMeta(st));
  return info.Env().Undefined();
}
static Napi::Value CudaIsBuilt(const Napi::CallbackInfo& info) {
#ifdef TORCH_NODE_CUDA
  return Napi::Boolean::New(info.Env(), true);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

static Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}
static Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  int64_t n = toInt64(info.Env(), info[0], "nthreads");
  if (n <= 0) throwRange(info.Env(), "set_num_threads expects a positive integer");
  at::set_num_threads(static_cast<int>(n));
  return info.Env().Undefined();
}

static Napi::Value Version(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), TORCH_VERSION);
}

void initRuntime(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("newGenerator", NewGenerator);
  TN_EXPORT("defaultGenerator", DefaultGenerator);
  TN_EXPORT("generatorManualSeed", GeneratorManualSeed);
  TN_EXPORT("generatorSeed", GeneratorSeed);
  TN_EXPORT("generatorInitialSeed", GeneratorInitialSeed);
  TN_EXPORT("generatorDevice", GeneratorDevice);
  TN_EXPORT("generatorGetState", GeneratorGetState);
  TN_EXPORT("generatorSetState", GeneratorSetState);
  TN_EXPORT("manualSeed", ManualSeed);
  TN_EXPORT("cudaManualSeed", CudaManualSeed);
  TN_EXPORT("cudaIsAvailable", CudaIsAvailable);
  TN_EXPORT("cudaDeviceCount", CudaDeviceCount);
  TN_EXPORT("mpsIsAvailable", MpsIsAvailable);
  TN_EXPORT("isGradEnabled", IsGradEnabled);
  TN_EXPORT("setGradEnabled", SetGradEnabled);
  TN_EXPORT("isInferenceMode", IsInferenceMode);
  TN_EXPORT("pushInferenceMode", PushInferenceMode);
  TN_EXPORT("popInferenceMode", PopInferenceMode);
  TN_EXPORT("getDefaultDtype", GetDefaultDtype);
  TN_EXPORT("setDefaultDtype", SetDefaultDtype);
  TN_EXPORT("cudaIsBuilt", CudaIsBuilt);
  TN_EXPORT("getNumThreads", GetNumThreads);
  TN_EXPORT("setNumThreads", SetNumThreads);
  TN_EXPORT("version", Version);
}

}  // namespace tn
