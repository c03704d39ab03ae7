// Process-wide state: random generators and seeds, devices (CUDA, MPS),
// grad mode, threads, and the LibTorch version.
#include "common.h"

#include <ATen/Context.h>
#include <algorithm>
#include <string>
#include <thread>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/detail/CUDAHooksInterface.h>

// The binding builds against the LibTorch it finds, which may be older than the
// one it is developed with (a GPU machine's CUDA torch): the newer device-generic
// interfaces are used where they exist (TN_TORCH_AT_LEAST, common.h), the CUDA ones where the toolkit's
// headers are at hand, and otherwise the feature throws at run time.
#if TN_TORCH_AT_LEAST(2, 4) && !defined(TN_FORCE_NO_AUTOCAST)
#include <ATen/autocast_mode.h>
#define TN_AUTOCAST 1
#endif
// (TN_FORCE_NO_AUTOCAST / TN_FORCE_CUDA_RUNTIME_API select the older branches so a
// syntax check with the current headers covers them: g++ -fsyntax-only -D...)
#if TN_TORCH_AT_LEAST(2, 9) && !defined(TN_FORCE_CUDA_RUNTIME_API)
#include <c10/core/CachingDeviceAllocator.h>
#define TN_DEVICE_ALLOCATOR 1  // c10::DeviceAllocator and the accelerator hooks
#elif defined(TORCH_NODE_CUDA_HEADERS)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#define TN_CUDA_RUNTIME_API 1  // c10::cuda's functions
#endif
#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#endif
#include <ATen/Parallel.h>
#include <c10/core/DefaultDtype.h>
#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>

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
    // Range-check before converting: a double outside the target integer's
    // range converted to it is undefined behaviour (UBSan float-cast-overflow).
    if (!std::isfinite(d) || d != std::floor(d)) throwType(env, "seed must be an integer");
    if (d < -9223372036854775808.0 || d >= 18446744073709551616.0)
      throwRange(env, "Overflow when unpacking long: seed must be in [-2**63, 2**64)");
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
    // A fresh CUDA generator: a clone of the device's default one, reseeded with
    // Python's default seed (which also rewinds its Philox offset); clone() and
    // set_current_seed exist in every LibTorch 2.x.
    auto base = at::globalContext().defaultGenerator(c10::Device(c10::kCUDA, dev.has_index() ? dev.index() : 0));
    {
      std::lock_guard<std::mutex> lock(base.mutex());
      g = base.clone();
    }
    g.set_current_seed(67280421310721ULL);
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
  int n = all ? hooks.getNumGPUs() : 1;
  int cur = hooks.current_device();
  for (int i = 0; i < n; i++) {
    auto gen = at::globalContext().defaultGenerator(c10::Device(c10::kCUDA, all ? i : cur));
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  return info.Env().Undefined();
}

static Napi::Value CudaIsAvailable(const Napi::CallbackInfo& info) {
  auto& hooks = at::detail::getCUDAHooks();
  return Napi::Boolean::New(info.Env(), hooks.hasCUDA() && hooks.getNumGPUs() > 0);
}
static Napi::Value CudaDeviceCount(const Napi::CallbackInfo& info) {
  auto& hooks = at::detail::getCUDAHooks();
  return Napi::Number::New(info.Env(), hooks.hasCUDA() ? hooks.getNumGPUs() : 0);
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
  auto st = toScalarType(info.Env(), info[0], "d");
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
  // OpenMP reserves a stack per thread and crashes past a few tens of thousands:
  // a count far beyond the machine's cores is a mistake, reported before it can crash.
  const int64_t cores = std::max<int64_t>(1, std::thread::hardware_concurrency());
  const int64_t most = std::max<int64_t>(1024, 16 * cores);
  if (n > most)
    throwRange(info.Env(), "set_num_threads: " + std::to_string(n) + " threads is more than this machine can run (it has " +
                               std::to_string(cores) + " cores; at most " + std::to_string(most) + " threads are accepted)");
  at::set_num_threads(static_cast<int>(n));
  return info.Env().Undefined();
}

// contextFlag(name[, value[, extra]]) -> the flag's value after setting it (if a
// value is given): LibTorch's global switches Python sets through torch.backends
// and torch.use_deterministic_algorithms. Unknown names throw a RangeError.
static Napi::Value ContextFlag(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throwType(env, "contextFlag: name must be a string");
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  const bool set = info.Length() > 1 && !info[1].IsUndefined();
  auto flag = [&](const char* what) -> bool {
    if (!info[1].IsBoolean()) throwType(env, std::string(what) + " must be a bool");
    return info[1].As<Napi::Boolean>().Value();
  };
  auto& ctx = at::globalContext();
  if (name == "deterministic_algorithms") {
    if (set) ctx.setDeterministicAlgorithms(flag("mode"), info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value());
    return Napi::Boolean::New(env, ctx.deterministicAlgorithms());
  }
  if (name == "deterministic_algorithms_warn_only") return Napi::Boolean::New(env, ctx.deterministicAlgorithmsWarnOnly());
  if (name == "deterministic_fill_uninitialized_memory") {
    if (set) ctx.setDeterministicFillUninitializedMemory(flag("value"));
    return Napi::Boolean::New(env, ctx.deterministicFillUninitializedMemory());
  }
  if (name == "enabled_cudnn") {
    if (set) ctx.setUserEnabledCuDNN(flag("enabled"));
    return Napi::Boolean::New(env, ctx.userEnabledCuDNN());
  }
  if (name == "benchmark_cudnn") {
    if (set) ctx.setBenchmarkCuDNN(flag("benchmark"));
    return Napi::Boolean::New(env, ctx.benchmarkCuDNN());
  }
  if (name == "deterministic_cudnn") {
    if (set) ctx.setDeterministicCuDNN(flag("deterministic"));
    return Napi::Boolean::New(env, ctx.deterministicCuDNN());
  }
  if (name == "allow_tf32_cudnn") {
    if (set) ctx.setAllowTF32CuDNN(flag("allow_tf32"));
    return Napi::Boolean::New(env, ctx.allowTF32CuDNN());
  }
  if (name == "allow_tf32_cublas") {
    if (set) ctx.setAllowTF32CuBLAS(flag("allow_tf32"));
    return Napi::Boolean::New(env, ctx.allowTF32CuBLAS());
  }
  throwRange(env, "contextFlag: unknown flag '" + name + "'");
}

static Napi::Value Version(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), TORCH_VERSION);
}

#ifdef TN_AUTOCAST
// Autocast (torch.autocast): the thread-local state Python's context manager
// saves and restores. Device types are strings ("cpu", "cuda", ...).
static c10::DeviceType autocastDevice(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throwType(info.Env(), "device_type must be a str");
  std::string s = info[0].As<Napi::String>().Utf8Value();
  c10::DeviceType t = c10::Device(s).type();  // an unknown name throws c10's message, as Python
  if (!at::autocast::is_autocast_available(t))
    throw Napi::Error::New(info.Env(), "User specified an unsupported autocast device_type '" + s + "'");
  return t;
}
static Napi::Value IsAutocastAvailable(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throwType(info.Env(), "device_type must be a str");
  try {
    return Napi::Boolean::New(info.Env(), at::autocast::is_autocast_available(c10::Device(info[0].As<Napi::String>().Utf8Value()).type()));
  } catch (const c10::Error&) {
    return Napi::Boolean::New(info.Env(), false);
  }
}
static Napi::Value IsAutocastEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::autocast::is_autocast_enabled(autocastDevice(info)));
}
static Napi::Value SetAutocastEnabled(const Napi::CallbackInfo& info) {
  at::autocast::set_autocast_enabled(autocastDevice(info), info[1].ToBoolean());
  return info.Env().Undefined();
}
static Napi::Value GetAutocastDtype(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(at::autocast::get_autocast_dtype(autocastDevice(info))));
}
static Napi::Value SetAutocastDtype(const Napi::CallbackInfo& info) {
  auto dev = autocastDevice(info);
  at::autocast::set_autocast_dtype(dev, toScalarType(info.Env(), info[1], "dtype"));
  return info.Env().Undefined();
}
static Napi::Value AutocastIncrementNesting(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::autocast::increment_nesting());
}
static Napi::Value AutocastDecrementNesting(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::autocast::decrement_nesting());
}
static Napi::Value ClearAutocastCache(const Napi::CallbackInfo& info) {
  at::autocast::clear_cache();
  return info.Env().Undefined();
}
static Napi::Value IsAutocastCacheEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::autocast::is_autocast_cache_enabled());
}
static Napi::Value SetAutocastCacheEnabled(const Napi::CallbackInfo& info) {
  at::autocast::set_autocast_cache_enabled(info[0].ToBoolean());
  return info.Env().Undefined();
}

#else
[[noreturn]] static void noAutocast(napi_env env) {
  throw Napi::Error::New(env, "torch.autocast needs LibTorch 2.4 or newer (this addon was built against " TORCH_VERSION ")");
}
static Napi::Value IsAutocastAvailable(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), false); }
static Napi::Value IsAutocastEnabled(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), false); }
static Napi::Value SetAutocastEnabled(const Napi::CallbackInfo& info) { noAutocast(info.Env()); }
static Napi::Value GetAutocastDtype(const Napi::CallbackInfo& info) { noAutocast(info.Env()); }
static Napi::Value SetAutocastDtype(const Napi::CallbackInfo& info) { noAutocast(info.Env()); }
static Napi::Value AutocastIncrementNesting(const Napi::CallbackInfo& info) { noAutocast(info.Env()); }
static Napi::Value AutocastDecrementNesting(const Napi::CallbackInfo& info) { noAutocast(info.Env()); }
static Napi::Value ClearAutocastCache(const Napi::CallbackInfo& info) { return info.Env().Undefined(); }
static Napi::Value IsAutocastCacheEnabled(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), false); }
static Napi::Value SetAutocastCacheEnabled(const Napi::CallbackInfo& info) { noAutocast(info.Env()); }
#endif

// ---- torch.cuda runtime: devices, synchronize, caching-allocator statistics.
// LibTorch >= 2.9: the device-generic hooks and c10::DeviceAllocator, so the CPU
// build compiles the same code and reports CUDA as missing; older CUDA builds:
// c10::cuda's functions.
static void requireCuda(napi_env env) {
  if (!at::detail::getCUDAHooks().hasCUDA()) throw Napi::Error::New(env, "Torch not compiled with CUDA enabled");
}
[[noreturn]] static void noRuntimeApi(napi_env env) {
  throw Napi::Error::New(env, "torch.cuda device functions need LibTorch 2.9 or newer, or the CUDA toolkit's headers at build time");
}
static c10::DeviceIndex cudaCurrent(napi_env env) {
  (void)env;
  return at::detail::getCUDAHooks().current_device();
}
static c10::DeviceIndex cudaIndex(napi_env env, napi_value v) {
  requireCuda(env);
  if (isNullish(env, v)) return cudaCurrent(env);
  int64_t i = toInt64(env, v, "device");
  if (i < 0) return cudaCurrent(env);
  if (i >= at::detail::getCUDAHooks().getNumGPUs()) throw Napi::Error::New(env, "Invalid device id");
  return static_cast<c10::DeviceIndex>(i);
}
static Napi::Value CudaCurrentDevice(const Napi::CallbackInfo& info) {
  requireCuda(info.Env());
  return Napi::Number::New(info.Env(), cudaCurrent(info.Env()));
}
static Napi::Value CudaSetDevice(const Napi::CallbackInfo& info) {
  requireCuda(info.Env());
  int64_t i = toInt64(info.Env(), info[0], "device");
  if (i < 0) return info.Env().Undefined();  // Python: a negative index is a no-op
  auto dev = cudaIndex(info.Env(), info[0]);
#if defined(TN_DEVICE_ALLOCATOR)
  at::detail::getCUDAHooks().setCurrentDevice(dev);
#elif defined(TN_CUDA_RUNTIME_API)
  c10::cuda::set_device(dev);
#else
  (void)dev;
  noRuntimeApi(info.Env());
#endif
  return info.Env().Undefined();
}
static Napi::Value CudaSynchronize(const Napi::CallbackInfo& info) {
  auto dev = cudaIndex(info.Env(), info[0]);
#if defined(TN_DEVICE_ALLOCATOR)
  at::detail::getCUDAHooks().deviceSynchronize(dev);
#elif defined(TN_CUDA_RUNTIME_API)
  c10::cuda::CUDAGuard guard(dev);
  c10::cuda::device_synchronize();
#else
  (void)dev;
  noRuntimeApi(info.Env());
#endif
  return info.Env().Undefined();
}
// cudaMemoryStats(device) -> Python's torch.cuda.memory_stats() keys ("allocated_bytes.all.current", ...)
static Napi::Value CudaMemoryStats(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto dev = cudaIndex(env, info[0]);
#if defined(TN_DEVICE_ALLOCATOR)
  auto stats = c10::getDeviceAllocator(c10::kCUDA)->getDeviceStats(dev);
#elif defined(TN_CUDA_RUNTIME_API)
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(dev);
#else
  (void)dev;
  noRuntimeApi(env);
  struct NoStats {} stats;
#endif
#if defined(TN_DEVICE_ALLOCATOR) || defined(TN_CUDA_RUNTIME_API)
  Napi::Object o = Napi::Object::New(env);
  const char* pools[] = {"all", "small_pool", "large_pool"};
  auto putArray = [&](const char* name, const auto& a) {
    for (size_t p = 0; p < 3; p++) {
      std::string base = std::string(name) + "." + pools[p] + ".";
      o.Set(base + "current", Napi::Number::New(env, static_cast<double>(a[p].current)));
      o.Set(base + "peak", Napi::Number::New(env, static_cast<double>(a[p].peak)));
      o.Set(base + "allocated", Napi::Number::New(env, static_cast<double>(a[p].allocated)));
      o.Set(base + "freed", Napi::Number::New(env, static_cast<double>(a[p].freed)));
    }
  };
  putArray("allocation", stats.allocation);
  putArray("segment", stats.segment);
  putArray("active", stats.active);
  putArray("inactive_split", stats.inactive_split);
  putArray("allocated_bytes", stats.allocated_bytes);
  putArray("reserved_bytes", stats.reserved_bytes);
  putArray("active_bytes", stats.active_bytes);
  putArray("inactive_split_bytes", stats.inactive_split_bytes);
  putArray("requested_bytes", stats.requested_bytes);
  o.Set("num_alloc_retries", Napi::Number::New(env, static_cast<double>(stats.num_alloc_retries)));
  o.Set("num_ooms", Napi::Number::New(env, static_cast<double>(stats.num_ooms)));
  o.Set("max_split_size", Napi::Number::New(env, static_cast<double>(stats.max_split_size)));
  return o;
#else
  (void)stats;
  return info.Env().Undefined();
#endif
}
static Napi::Value CudaResetPeakStats(const Napi::CallbackInfo& info) {
  auto dev = cudaIndex(info.Env(), info[0]);
#if defined(TN_DEVICE_ALLOCATOR)
  c10::getDeviceAllocator(c10::kCUDA)->resetPeakStats(dev);
#elif defined(TN_CUDA_RUNTIME_API)
  c10::cuda::CUDACachingAllocator::resetPeakStats(dev);
#else
  (void)dev;
  noRuntimeApi(info.Env());
#endif
  return info.Env().Undefined();
}
static Napi::Value CudaResetAccumulatedStats(const Napi::CallbackInfo& info) {
  auto dev = cudaIndex(info.Env(), info[0]);
#if defined(TN_DEVICE_ALLOCATOR)
  c10::getDeviceAllocator(c10::kCUDA)->resetAccumulatedStats(dev);
#elif defined(TN_CUDA_RUNTIME_API)
  c10::cuda::CUDACachingAllocator::resetAccumulatedStats(dev);
#else
  (void)dev;
  noRuntimeApi(info.Env());
#endif
  return info.Env().Undefined();
}
static Napi::Value CudaEmptyCache(const Napi::CallbackInfo& info) {
  if (!at::detail::getCUDAHooks().hasCUDA()) return info.Env().Undefined();  // Python: a no-op without CUDA
#if defined(TN_DEVICE_ALLOCATOR)
  auto* alloc = c10::getDeviceAllocator(c10::kCUDA);
  if (alloc->initialized()) alloc->emptyCache();
#elif defined(TN_CUDA_RUNTIME_API)
  c10::cuda::CUDACachingAllocator::emptyCache();
#endif
  return info.Env().Undefined();
}
// cudaMemGetInfo(device) -> [free, total] bytes
static Napi::Value CudaMemGetInfo(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto dev = cudaIndex(env, info[0]);
  size_t freeBytes = 0, totalBytes = 0;
#if defined(TN_DEVICE_ALLOCATOR)
  auto r = c10::getDeviceAllocator(c10::kCUDA)->getMemoryInfo(dev);
  freeBytes = r.first;
  totalBytes = r.second;
#else
  (void)dev;
  noRuntimeApi(env);  // (older LibTorch: torch.cuda.memGetInfo needs 2.9 or newer)
#endif
  Napi::Array a = Napi::Array::New(env, 2);
  a.Set(0u, Napi::Number::New(env, static_cast<double>(freeBytes)));
  a.Set(1u, Napi::Number::New(env, static_cast<double>(totalBytes)));
  return a;
}
// Device properties come from the CUDA driver API, looked up in the driver
// library the CUDA runtime already loaded: its functions and attribute numbers
// are stable across CUDA versions, so this needs no toolkit headers and no
// struct layout that changes between CUDA releases (cudaDeviceProp does).
namespace {
struct CudaDriver {
  int (*init)(unsigned) = nullptr;
  int (*deviceGet)(int*, int) = nullptr;
  int (*getName)(char*, int, int) = nullptr;
  int (*totalMem)(size_t*, int) = nullptr;
  int (*getAttribute)(int*, int, int) = nullptr;
  bool ok = false;
};
const CudaDriver& cudaDriver() {
  static CudaDriver d = [] {
    CudaDriver r;
#ifdef _WIN32
    HMODULE lib = LoadLibraryA("nvcuda.dll");
    auto sym = [&](const char* n) { return lib ? reinterpret_cast<void*>(GetProcAddress(lib, n)) : nullptr; };
#else
    void* lib = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_NOLOAD);
    if (!lib) lib = dlopen("libcuda.so.1", RTLD_LAZY);
    auto sym = [&](const char* n) { return lib ? dlsym(lib, n) : nullptr; };
#endif
    r.init = reinterpret_cast<int (*)(unsigned)>(sym("cuInit"));
    r.deviceGet = reinterpret_cast<int (*)(int*, int)>(sym("cuDeviceGet"));
    r.getName = reinterpret_cast<int (*)(char*, int, int)>(sym("cuDeviceGetName"));
    r.totalMem = reinterpret_cast<int (*)(size_t*, int)>(sym("cuDeviceTotalMem_v2"));
    r.getAttribute = reinterpret_cast<int (*)(int*, int, int)>(sym("cuDeviceGetAttribute"));
    r.ok = r.init && r.deviceGet && r.getName && r.totalMem && r.getAttribute && r.init(0) == 0;
    return r;
  }();
  return d;
}
}  // namespace

// cudaDeviceProperties(device) -> { name, major, minor, totalMemory, multiProcessorCount, ... }
static Napi::Value CudaDeviceProperties(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto dev = cudaIndex(env, info[0]);
  const CudaDriver& d = cudaDriver();
  int cu = 0;
  if (!d.ok || d.deviceGet(&cu, dev) != 0) throw Napi::Error::New(env, "could not query the CUDA driver for device properties");
  char name[256] = {0};
  size_t total = 0;
  d.getName(name, sizeof name - 1, cu);
  d.totalMem(&total, cu);
  auto attr = [&](int a) {
    int v = 0;
    d.getAttribute(&v, a, cu);
    return v;
  };
  // CUdevice_attribute numbers (cuda.h)
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", Napi::String::New(env, name));
  o.Set("major", Napi::Number::New(env, attr(75)));
  o.Set("minor", Napi::Number::New(env, attr(76)));
  o.Set("totalMemory", Napi::Number::New(env, static_cast<double>(total)));
  o.Set("multiProcessorCount", Napi::Number::New(env, attr(16)));
  o.Set("isIntegrated", Napi::Boolean::New(env, attr(18) != 0));
  o.Set("isMultiGpuBoard", Napi::Boolean::New(env, attr(28) != 0));
  o.Set("L2CacheSize", Napi::Number::New(env, attr(38)));
  o.Set("warpSize", Napi::Number::New(env, attr(10)));
  o.Set("maxThreadsPerMultiProcessor", Napi::Number::New(env, attr(39)));
  return o;
}

void initRuntime(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("contextFlag", ContextFlag);
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
  TN_EXPORT("isAutocastAvailable", IsAutocastAvailable);
  TN_EXPORT("cudaCurrentDevice", CudaCurrentDevice);
  TN_EXPORT("cudaSetDevice", CudaSetDevice);
  TN_EXPORT("cudaSynchronize", CudaSynchronize);
  TN_EXPORT("cudaMemoryStats", CudaMemoryStats);
  TN_EXPORT("cudaResetPeakStats", CudaResetPeakStats);
  TN_EXPORT("cudaResetAccumulatedStats", CudaResetAccumulatedStats);
  TN_EXPORT("cudaEmptyCache", CudaEmptyCache);
  TN_EXPORT("cudaMemGetInfo", CudaMemGetInfo);
  TN_EXPORT("cudaDeviceProperties", CudaDeviceProperties);
  TN_EXPORT("isAutocastEnabled", IsAutocastEnabled);
  TN_EXPORT("setAutocastEnabled", SetAutocastEnabled);
  TN_EXPORT("getAutocastDtype", GetAutocastDtype);
  TN_EXPORT("setAutocastDtype", SetAutocastDtype);
  TN_EXPORT("autocastIncrementNesting", AutocastIncrementNesting);
  TN_EXPORT("autocastDecrementNesting", AutocastDecrementNesting);
  TN_EXPORT("clearAutocastCache", ClearAutocastCache);
  TN_EXPORT("isAutocastCacheEnabled", IsAutocastCacheEnabled);
  TN_EXPORT("setAutocastCacheEnabled", SetAutocastCacheEnabled);
}

}  // namespace tn
