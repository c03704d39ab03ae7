// torch-node native binding: shared declarations.
// Handles, argument conversion and the one error path every entry point goes through.
#pragma once
#include <napi.h>

#include <ATen/core/Tensor.h>
#include <ATen/core/Generator.h>
#include <ATen/core/ivalue.h>
#include <c10/util/Exception.h>
#include <torch/csrc/api/include/torch/version.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <stdexcept>
#include <thread>
#include <functional>

namespace torch::autograd {
struct Node;
}
namespace c10 {
class OperatorHandle;
}

// The LibTorch built against is at least version a.b (older ones lack some interfaces).
#define TN_TORCH_AT_LEAST(a, b) (TORCH_VERSION_MAJOR > (a) || (TORCH_VERSION_MAJOR == (a) && TORCH_VERSION_MINOR >= (b)))

namespace tn {

// A JS Tensor holds one napi External whose data is a TensorHandle. The handle
// owns one reference to the TensorImpl; the External's finalizer (run by the GC)
// or dispose() drops it. `bytes` is what this handle reported to V8.
constexpr uint32_t kTensorMagic = 0x54454e53;     // "TENS"
constexpr uint32_t kGeneratorMagic = 0x47454e52;  // "GENR"

struct TensorHandle {
  uint32_t magic = kTensorMagic;
  int64_t bytes = 0;
  at::Tensor t;
};

struct GeneratorHandle {
  uint32_t magic = kGeneratorMagic;
  at::Generator g;
};

// ---- handles (handle.cc) ----
// Wraps a tensor into a new External; an undefined tensor becomes null.
// `fresh`: the tensor was just made (an op result) and its bytes count toward
// V8's external memory; a handle to an existing tensor (t.grad, saved
// tensors, a hook's gradient) reports nothing, or every access would look like
// an allocation and drive the GC.
napi_value wrapTensor(napi_env env, at::Tensor t, bool fresh = true);
// The handle behind a JS value, or nullptr if it is not a tensor handle.
TensorHandle* tensorHandle(napi_env env, napi_value v);
// Borrows the tensor behind `v`; throws a TypeError naming `what` if `v` is not a
// live tensor handle (disposed tensors included).
const at::Tensor& unwrapTensor(napi_env env, napi_value v, const char* what);
// Drops the handle's tensor now (dispose); later use throws.
void disposeTensor(napi_env env, TensorHandle* h);
napi_value wrapGenerator(napi_env env, at::Generator g);
at::Generator& unwrapGenerator(napi_env env, napi_value v, const char* what);
// Adds `delta` bytes to what V8 is told is held natively (batched).
void reportExternalBytes(napi_env env, int64_t delta);

// ---- tensors over JS memory (handle.cc) ----
// A CPU DataPtr over `data` (inside `arrayBuffer`, an ArrayBuffer or
// SharedArrayBuffer) that keeps the buffer alive with a strong reference. The
// reference is released on the env's JS thread: directly when the tensor dies
// there, else queued and released by that thread's next tensor handle; after
// the env is torn down (its references are gone) nothing is touched.
c10::DataPtr jsBufferDataPtr(napi_env env, napi_value arrayBuffer, void* data);
// Whether the storage's memory belongs to a JS ArrayBuffer (its bytes are V8's:
// not reported as external memory).
bool isJsBufferStorage(const c10::Storage& s);
// Throws if `t` is over a JS ArrayBuffer that was detached (transferred): its
// memory is gone. Checked where tensor data is read into JS.
void checkJsBufferAttached(napi_env env, const at::Tensor& t);

// ---- JS callbacks run by LibTorch (handle.cc) ----
// A JS function kept alive for LibTorch (an autograd hook, a custom Function).
// Its reference is released later on the JS thread (never inside the GC or on
// another thread), when the next tensor handle is made.
struct JsCallback {
  napi_env env;
  napi_ref ref;
  std::thread::id thread;
  JsCallback(napi_env e, napi_value fn);
  ~JsCallback();
  // Calls the function with `argc` args on the JS thread; a JS exception is
  // kept and rethrown to JS once LibTorch unwinds (JsException). Must run on
  // the JS thread: wrap the whole callback (making its arguments included) in
  // runOnJsThread.
  napi_value call(size_t argc, const napi_value* argv);
};

// Runs fn on cb's JS thread. On that thread it just calls fn; on another thread
// (an autograd engine device thread, or runOffThread's worker) it hands fn to
// the JS thread's pump and waits, with the calling thread's thread-local state
// (grad mode, autocast, ...) applied around fn; fn's exception comes back.
// Without a pump it throws: JS can only run on its own thread.
void runOnJsThread(const JsCallback& cb, const std::function<void()>& fn);
// Runs work on a native thread while this JS thread serves runOnJsThread
// requests, so LibTorch may call JS callbacks from any of its threads. work
// gets this thread's thread-local state; its exception is rethrown here.
void runOffThread(napi_env env, const std::function<void()>& work);
// Whether backward / autograd.grad go through runOffThread: when CUDA is usable
// and JS callbacks exist (the engine runs CUDA nodes on its device threads), or
// when forced (setAutogradOffThread, for tests).
bool autogradOffThread();
// Thrown through LibTorch when a JS callback threw; rethrowAsJs rethrows the JS value.
struct JsException : std::runtime_error {
  JsException() : std::runtime_error("a JavaScript callback threw") {}
};

// The Python-style name of a custom JS autograd function's node ("MyFnBackward"),
// or an empty string for any other node (function.cc).
std::string jsFunctionNodeName(torch::autograd::Node* node);

// ---- conversions (handle.cc) ----
int64_t toInt64(napi_env env, napi_value v, const char* what);
double toDouble(napi_env env, napi_value v, const char* what);
c10::Scalar toScalar(napi_env env, napi_value v, const char* what);
std::vector<int64_t> toIntList(napi_env env, napi_value v, const char* what);
// A JS array of tensor handles (null entries as undefined tensors when allowNull); TypeError otherwise.
std::vector<at::Tensor> tensorList(napi_env env, napi_value arr, bool allowNull, const char* what);
// undefined or null
bool isNullish(napi_env env, napi_value v);
c10::Device toDevice(napi_env env, napi_value v, const char* what);
// Enum codes from JS, range-checked: a code outside the enum throws a JS
// TypeError instead of reaching LibTorch (where it reads past tables or divides
// by a zero element size). The TypeScript layer passes only the codes of the
// torch.dtype / torch.layout / torch.memory_format objects; this is the backstop.
c10::ScalarType toScalarType(napi_env env, napi_value v, const char* what);
c10::Layout toLayout(napi_env env, napi_value v, const char* what);
c10::MemoryFormat toMemoryFormat(napi_env env, napi_value v, const char* what);
napi_value fromIValue(napi_env env, const c10::IValue& v);

// ---- unboxed operator calls (typed.cc) ----
struct TypedOp;
// The typed (unboxed) form of an operator whose schema has one of the common
// shapes, made once when the operator is resolved; nullptr otherwise.
const TypedOp* typedOpFor(const c10::OperatorHandle& op);
// Calls it with callOp's arguments (info[1..]); nullptr when it declines
// (an argument the boxed path must convert or reject).
napi_value callTyped(const TypedOp* op, napi_env env, const Napi::CallbackInfo& info);
// callOpDims' form: self at info[1], the int list given, later arguments their defaults.
napi_value callTypedDims(const TypedOp* op, napi_env env, const Napi::CallbackInfo& info, c10::IntArrayRef dims);

// ---- errors ----
// Rethrows the active C++ exception as a JS exception. c10 errors carry
// libtorch's message without the C++ backtrace, as Python shows it.
[[noreturn]] void rethrowAsJs(Napi::Env env);

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  try {
    return F(info);
  } catch (...) {
    rethrowAsJs(info.Env());
  }
}

// Allocation failures (CUDA out of memory, or the CPU allocator refusing) may be
// only garbage the GC has not collected yet: V8 cannot see device bytes. An
// entry exported with TN_EXPORT_RETRY collects garbage once (the JS collector
// registered by setGarbageCollector) and runs again before reporting the error.
// Only for entries without side effects before their allocation fails (ops,
// creation); never for backward or anything that calls back into JS.
bool collectGarbageForRetry(napi_env env);
bool isAllocationFailure(const c10::Error& e);

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value guardedRetry(const Napi::CallbackInfo& info) {
  try {
    try {
      return F(info);
    } catch (const c10::Error& e) {
      if (!isAllocationFailure(e) || !collectGarbageForRetry(info.Env())) throw;
    }
    return F(info);
  } catch (...) {
    rethrowAsJs(info.Env());
  }
}

[[noreturn]] void throwType(napi_env env, const std::string& msg);
[[noreturn]] void throwRange(napi_env env, const std::string& msg);

// ---- registration: each area adds its functions to `exports` ----
void initHandles(Napi::Env env, Napi::Object exports);
void initOps(Napi::Env env, Napi::Object exports);
void initTensor(Napi::Env env, Napi::Object exports);
void initRuntime(Napi::Env env, Napi::Object exports);
void initFast(Napi::Env env, Napi::Object exports);
void initAutograd(Napi::Env env, Napi::Object exports);
void initFunction(Napi::Env env, Napi::Object exports);
void initAllocator(Napi::Env env, Napi::Object exports);
void initJit(Napi::Env env, Napi::Object exports);
// Frees the calling thread's cached CPU blocks (allocator.cc).
void flushCpuCache();
// After a young-generation GC: above the high-water mark, frees the calling
// thread's cached CPU blocks that sat unused since the previous call (allocator.cc).
void trimCpuCache();

}  // namespace tn

#define TN_EXPORT(name, fn) exports.Set(name, Napi::Function::New(env, tn::guarded<fn>, name))
#define TN_EXPORT_RETRY(name, fn) exports.Set(name, Napi::Function::New(env, tn::guardedRetry<fn>, name))
