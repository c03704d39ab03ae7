// Tensor and Generator handles, JS <-> C++ value conversion, and the error path.
#include "common.h"

#include <ATen/ScalarOps.h>
#include <c10/core/Device.h>
#include <c10/core/GradMode.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <condition_variable>
#include <unordered_map>
#include <ATen/ThreadLocalState.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <unordered_set>
#include <variant>
#include <cctype>
#include <cmath>

namespace tn {

// ---------------------------------------------------------------- errors

[[noreturn]] void throwType(napi_env env, const std::string& msg) {
  throw Napi::TypeError::New(env, msg);
}
[[noreturn]] void throwRange(napi_env env, const std::string& msg) {
  throw Napi::RangeError::New(env, msg);
}

// ---------------------------------------------------------------- JS callbacks

namespace {
// (The containers here are never destroyed: a worker thread may still use
// them while the process exits and runs static destructors.)
std::mutex refMu;
auto& refsToDelete = *new std::vector<std::pair<napi_env, napi_ref>>();  // released on the JS thread
std::atomic<bool> haveRefsToDelete{false};
std::mutex errMu;
auto& pendingJsErrors = *new std::vector<std::pair<napi_env, napi_ref>>();  // per env, at most one

void releaseRefs(napi_env env) {
  if (!haveRefsToDelete.load(std::memory_order_relaxed)) return;
  std::vector<napi_ref> mine;
  {
    std::lock_guard<std::mutex> lock(refMu);
    for (size_t i = 0; i < refsToDelete.size();) {
      if (refsToDelete[i].first == env) {
        mine.push_back(refsToDelete[i].second);
        refsToDelete[i] = refsToDelete.back();
        refsToDelete.pop_back();
      } else {
        i++;
      }
    }
    haveRefsToDelete.store(!refsToDelete.empty(), std::memory_order_relaxed);
  }
  for (napi_ref r : mine) napi_delete_reference(env, r);
}
}  // namespace

// ---------------------------------------------------------------- tensors over JS memory

// torch.from / torch.fromBuffer: a tensor whose storage is a JS ArrayBuffer's
// memory. The storage's DataPtr context (BufferKeep) holds a strong reference
// to the buffer; its deleter runs wherever LibTorch drops the storage's last
// user: the JS thread (maybe inside the GC, through a tensor handle's
// finalizer), an autograd or runOffThread worker thread, or during the env's
// teardown. N-API is called only on the env's own thread, while the env lives:
// - on that thread: the reference is deleted at once (napi_delete_reference
//   is allowed in a GC finalizer);
// - elsewhere: it is queued on the env's EnvBuffers, and the env's thread
//   deletes the queued ones when it next makes a tensor handle (wrapTensor) or
//   at teardown;
// - once the env's cleanup hook has run (alive = false), references are left
//   alone: Node frees an env's remaining references itself.
namespace {
struct EnvBuffers {
  napi_env env;
  std::thread::id thread;
  std::mutex mu;
  std::vector<napi_ref> queued;  // under mu
  bool alive = true;             // written under mu, on the env's thread only
};
struct BufferKeep {
  std::shared_ptr<EnvBuffers> owner;
  napi_ref ref;
};
// The EnvBuffers of the env this thread runs (each worker thread has its own);
// shared with every BufferKeep made here, so a late deleter finds it.
thread_local std::shared_ptr<EnvBuffers> threadBuffers;
// How many references are queued in all envs: wrapTensor's cheap check.
std::atomic<int64_t> queuedBufferRefs{0};

void releaseBuffer(void* ctx) {
  auto* keep = static_cast<BufferKeep*>(ctx);
  EnvBuffers& o = *keep->owner;
  if (std::this_thread::get_id() == o.thread) {
    // alive is only written on this thread: no lock needed to read it here
    if (o.alive) napi_delete_reference(o.env, keep->ref);
  } else {
    std::lock_guard<std::mutex> lock(o.mu);
    if (o.alive) {
      o.queued.push_back(keep->ref);
      queuedBufferRefs.fetch_add(1, std::memory_order_relaxed);
    }
  }
  delete keep;
}

void releaseQueuedBuffers(napi_env env) {
  if (queuedBufferRefs.load(std::memory_order_relaxed) == 0) return;
  EnvBuffers* o = threadBuffers.get();
  if (!o || o->env != env) return;
  std::vector<napi_ref> mine;
  {
    std::lock_guard<std::mutex> lock(o->mu);
    mine.swap(o->queued);
  }
  if (mine.empty()) return;
  queuedBufferRefs.fetch_sub(static_cast<int64_t>(mine.size()), std::memory_order_relaxed);
  for (napi_ref r : mine) napi_delete_reference(env, r);
}

// The env is being torn down (its cleanup hooks run before Node frees its
// references): release the queued references, and let later deleters be.
void closeEnvBuffers(void* arg) {
  auto* holder = static_cast<std::shared_ptr<EnvBuffers>*>(arg);
  std::shared_ptr<EnvBuffers> o = std::move(*holder);
  delete holder;
  std::vector<napi_ref> mine;
  {
    std::lock_guard<std::mutex> lock(o->mu);
    o->alive = false;
    mine.swap(o->queued);
  }
  queuedBufferRefs.fetch_sub(static_cast<int64_t>(mine.size()), std::memory_order_relaxed);
  for (napi_ref r : mine) napi_delete_reference(o->env, r);
  if (threadBuffers == o) threadBuffers.reset();
}

void openEnvBuffers(napi_env env) {
  auto o = std::make_shared<EnvBuffers>();
  o->env = env;
  o->thread = std::this_thread::get_id();
  threadBuffers = o;
  napi_add_env_cleanup_hook(env, closeEnvBuffers, new std::shared_ptr<EnvBuffers>(o));
}
}  // namespace

c10::DataPtr jsBufferDataPtr(napi_env env, napi_value arrayBuffer, void* data) {
  std::shared_ptr<EnvBuffers> o = threadBuffers;
  if (!o || o->env != env) throw Napi::Error::New(env, "torch-node: this thread's environment did not load the addon");
  releaseQueuedBuffers(env);
  auto* keep = new BufferKeep{o, nullptr};
  if (napi_create_reference(env, arrayBuffer, 1, &keep->ref) != napi_ok) {
    delete keep;
    throw Napi::Error::New(env, "could not keep the ArrayBuffer");
  }
  return c10::DataPtr(data, keep, &releaseBuffer, c10::Device(c10::kCPU));
}

bool isJsBufferStorage(const c10::Storage& s) {
  return s.data_ptr().get_deleter() == &releaseBuffer;
}

void checkJsBufferAttached(napi_env env, const at::Tensor& t) {
  if (!t.has_storage() || !t.storage().unsafeGetStorageImpl() || !isJsBufferStorage(t.storage())) return;
  auto* keep = static_cast<BufferKeep*>(t.storage().data_ptr().get_context());
  if (!keep || keep->owner->env != env || std::this_thread::get_id() != keep->owner->thread || !keep->owner->alive) return;
  napi_value ab;
  bool detached = false;
  if (napi_get_reference_value(env, keep->ref, &ab) != napi_ok || !ab) return;
  if (napi_is_detached_arraybuffer(env, ab, &detached) == napi_ok && detached)
    throw Napi::Error::New(env,
                           "the ArrayBuffer this tensor shares (torch.from / torch.fromBuffer) was detached (transferred): "
                           "its memory is gone. Copy the tensor (.clone()) before transferring the buffer");
}

namespace {
std::atomic<int64_t> liveCallbacks{0};
std::atomic<bool> forceOffThread{false};

// One per JS thread inside runOffThread: a slot for one task at a time.
struct Pump {
  std::mutex mu;
  std::condition_variable cv;
  const std::function<void()>* task = nullptr;
  std::exception_ptr taskErr;
  bool taskDone = false;
  bool finished = false;
  std::mutex requestMu;  // requesters take turns
};
std::mutex pumpsMu;
auto& pumps = *new std::unordered_map<std::thread::id, Pump*>();
}  // namespace

JsCallback::JsCallback(napi_env e, napi_value fn) : env(e), ref(nullptr), thread(std::this_thread::get_id()) {
  if (napi_create_reference(e, fn, 1, &ref) != napi_ok) throw Napi::Error::New(e, "could not keep a JS callback");
  liveCallbacks.fetch_add(1, std::memory_order_relaxed);
}

static void runOnThread(std::thread::id js, const std::function<void()>& fn);
void runOnJsThread(const JsCallback& cb, const std::function<void()>& fn) {
  runOnThread(cb.thread, fn);
}
static void processWarningHere(const c10::Warning& w);

// Warnings raised on runOffThread's worker go to the JS thread's handler.
struct ForwardWarnings : c10::WarningHandler {
  std::thread::id js;
  explicit ForwardWarnings(std::thread::id j) : js(j) {}
  void process(const c10::Warning& w) override {
    try {
      runOnThread(js, [&] { processWarningHere(w); });
    } catch (...) {
      c10::WarningHandler::process(w);
    }
  }
};

static void runOnThread(std::thread::id js, const std::function<void()>& fn) {
  if (std::this_thread::get_id() == js) {
    fn();
    return;
  }
  Pump* p = nullptr;
  {
    std::lock_guard<std::mutex> lock(pumpsMu);
    auto it = pumps.find(js);
    if (it != pumps.end()) p = it->second;
  }
  if (!p)
    throw std::runtime_error(
        "torch-node: a JavaScript autograd callback was run on a LibTorch thread outside backward() / autograd.grad()");
  at::ThreadLocalState tls;  // the requesting thread's grad mode, autocast, dispatch keys
  std::function<void()> wrapped = [&] {
    at::ThreadLocalStateGuard guard(tls);
    fn();
  };
  std::lock_guard<std::mutex> turn(p->requestMu);
  std::unique_lock<std::mutex> lk(p->mu);
  p->taskErr = nullptr;
  p->taskDone = false;
  p->task = &wrapped;
  p->cv.notify_all();
  p->cv.wait(lk, [&] { return p->taskDone; });
  if (p->taskErr) std::rethrow_exception(p->taskErr);
}

void runOffThread(napi_env env, const std::function<void()>& work) {
  Pump pump;
  const auto me = std::this_thread::get_id();
  Pump* previous = nullptr;
  {
    std::lock_guard<std::mutex> lock(pumpsMu);
    auto it = pumps.find(me);
    if (it != pumps.end()) previous = it->second;  // nested: a callback called backward again
    pumps[me] = &pump;
  }
  at::ThreadLocalState tls;
  std::exception_ptr err;
  std::thread worker([&] {
    {
      at::ThreadLocalStateGuard guard(tls);
      ForwardWarnings forward(me);
      c10::WarningUtils::WarningHandlerGuard warnings(&forward);
      try {
        work();
      } catch (...) {
        err = std::current_exception();
      }
    }
    std::lock_guard<std::mutex> lk(pump.mu);
    pump.finished = true;
    pump.cv.notify_all();
  });
  {
    std::unique_lock<std::mutex> lk(pump.mu);
    for (;;) {
      pump.cv.wait(lk, [&] { return pump.finished || (pump.task && !pump.taskDone); });
      if (pump.task && !pump.taskDone) {
        const std::function<void()>* task = pump.task;
        lk.unlock();
        std::exception_ptr taskErr;
        try {
          (*task)();
        } catch (const Napi::Error& e) {
          // A JS-side error object must not travel to (or die on) another
          // thread: keep it for rethrowAsJs and send a JsException instead.
          napi_ref eref;
          napi_create_reference(env, e.Value(), 1, &eref);
          {
            std::lock_guard<std::mutex> lock(errMu);
            pendingJsErrors.emplace_back(env, eref);
          }
          taskErr = std::make_exception_ptr(JsException());
        } catch (...) {
          taskErr = std::current_exception();
        }
        lk.lock();
        pump.taskErr = taskErr;
        pump.task = nullptr;
        pump.taskDone = true;
        pump.cv.notify_all();
        continue;
      }
      if (pump.finished) break;
    }
  }
  worker.join();
  {
    std::lock_guard<std::mutex> lock(pumpsMu);
    if (previous) pumps[me] = previous;
    else pumps.erase(me);
  }
  if (err) std::rethrow_exception(err);
}

bool autogradOffThread() {
  if (forceOffThread.load(std::memory_order_relaxed)) return true;
  if (liveCallbacks.load(std::memory_order_relaxed) == 0) return false;
  static const bool cuda = at::detail::getCUDAHooks().hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0;
  return cuda;
}

// setAutogradOffThread(flag): run every backward / autograd.grad through
// runOffThread (the path CUDA graphs with JS callbacks take), for tests.
static Napi::Value SetAutogradOffThread(const Napi::CallbackInfo& info) {
  forceOffThread.store(info[0].ToBoolean());
  return info.Env().Undefined();
}

JsCallback::~JsCallback() {
  liveCallbacks.fetch_sub(1, std::memory_order_relaxed);
  // May run inside the GC or on a LibTorch thread: defer the release.
  std::lock_guard<std::mutex> lock(refMu);
  refsToDelete.emplace_back(env, ref);
  haveRefsToDelete.store(true, std::memory_order_relaxed);
}

napi_value JsCallback::call(size_t argc, const napi_value* argv) {
  if (std::this_thread::get_id() != thread)
    throw std::runtime_error("torch-node: JsCallback::call off the JS thread (use runOnJsThread)");
  napi_value fn, global, result;
  napi_get_reference_value(env, ref, &fn);
  napi_get_global(env, &global);
  if (napi_call_function(env, global, fn, argc, argv, &result) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_ref eref;
      napi_create_reference(env, err, 1, &eref);
      std::lock_guard<std::mutex> lock(errMu);
      pendingJsErrors.emplace_back(env, eref);
    }
    throw JsException();
  }
  return result;
}

// Python's processErrorMsg: LibTorch's legacy type names as Python spells them
// ("CPUFloatType" -> "torch.FloatTensor", "CUDALongType" -> "torch.cuda.LongTensor").
static std::string pythonErrorMsg(std::string msg) {
  static const char* kTypes[] = {"Byte", "Char", "Double", "Float", "Int", "Long", "Short", "Half", "Bool", "BFloat16",
                                 "ComplexFloat", "ComplexDouble"};
  static const std::pair<const char*, const char*> kBackends[] = {
      {"SparseCUDA", "torch.cuda.sparse."}, {"SparseCPU", "torch.sparse."}, {"CUDA", "torch.cuda."}, {"CPU", "torch."}};
  if (msg.find("Type") == std::string::npos) return msg;
  for (const auto& [backend, prefix] : kBackends) {
    for (const char* t : kTypes) {
      std::string from = std::string(backend) + t + "Type";
      std::string to = std::string(prefix) + t + "Tensor";
      for (size_t pos = 0; (pos = msg.find(from, pos)) != std::string::npos;) {
        // do not rewrite the tail of a longer name (SparseCPUFloatType when looking for CPUFloatType)
        if (pos > 0 && std::isalnum(static_cast<unsigned char>(msg[pos - 1]))) {
          pos += from.size();
          continue;
        }
        msg.replace(pos, from.size(), to);
        pos += to.size();
      }
    }
  }
  return msg;
}

// The error hint (setErrorHint), per JS thread: a JS function given each
// LibTorch error (a JS Error, before it is thrown) that may rewrite its
// message in place (src/dtype_hint.ts: the int64-from-JS-numbers hint). Only
// the error path pays for it.
namespace {
thread_local napi_env hintEnv = nullptr;
thread_local napi_ref hintRef = nullptr;
}  // namespace

template <class E>
[[noreturn]] static void throwHinted(Napi::Env env, E err) {
  napi_value fn, global, result, arg = err.Value();
  bool pending = false;
  if (hintRef && hintEnv == static_cast<napi_env>(env) && napi_is_exception_pending(env, &pending) == napi_ok && !pending &&
      napi_get_reference_value(env, hintRef, &fn) == napi_ok && fn && napi_get_global(env, &global) == napi_ok) {
    // A failed call is left as it is (see runMinorGc): the pending exception
    // is then what JS sees.
    napi_call_function(env, global, fn, 1, &arg, &result);
  }
  throw err;
}

[[noreturn]] void rethrowAsJs(Napi::Env env) {
  try {
    throw;
  } catch (const Napi::Error&) {
    throw;
  } catch (const JsException&) {
    napi_ref eref = nullptr;
    {
      std::lock_guard<std::mutex> lock(errMu);
      for (size_t i = 0; i < pendingJsErrors.size(); i++) {
        if (pendingJsErrors[i].first == static_cast<napi_env>(env)) {
          eref = pendingJsErrors[i].second;
          pendingJsErrors.erase(pendingJsErrors.begin() + i);
          break;
        }
      }
    }
    if (!eref) throw Napi::Error::New(env, "a JavaScript callback threw");
    napi_value err;
    napi_get_reference_value(env, eref, &err);
    napi_delete_reference(env, eref);
    throw Napi::Error(env, err);
  } catch (const c10::TypeError& e) {
    throwHinted(env, Napi::TypeError::New(env, pythonErrorMsg(e.what_without_backtrace())));
  } catch (const c10::IndexError& e) {
    throwHinted(env, Napi::RangeError::New(env, pythonErrorMsg(e.what_without_backtrace())));
  } catch (const c10::ValueError& e) {
    throwHinted(env, Napi::RangeError::New(env, pythonErrorMsg(e.what_without_backtrace())));
  } catch (const c10::Error& e) {
    throwHinted(env, Napi::Error::New(env, pythonErrorMsg(e.what_without_backtrace())));
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  } catch (...) {
    throw Napi::Error::New(env, "unknown native error");
  }
}

bool isNullish(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  return t == napi_undefined || t == napi_null;
}

// ---------------------------------------------------------------- allocation retry

// The JS garbage collector (setGarbageCollector), per thread: each worker
// thread has its own env and its own heap.
namespace {
thread_local napi_env gcEnv = nullptr;
thread_local napi_ref gcRef = nullptr;
std::atomic<int64_t> gcRetries{0};
}  // namespace

bool isAllocationFailure(const c10::Error& e) {
  if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return true;
  return std::strstr(e.what_without_backtrace(), "can't allocate memory") != nullptr;
}

bool collectGarbageForRetry(napi_env env) {
  if (env != gcEnv || !gcRef) return false;
  napi_value fn, global, result;
  if (napi_get_reference_value(env, gcRef, &fn) != napi_ok || !fn) return false;
  napi_get_global(env, &global);
  if (napi_call_function(env, global, fn, 0, nullptr, &result) != napi_ok) return false;  // (see runMinorGc)
  flushCpuCache();  // what the GC freed into this thread's cache goes back to malloc
  gcRetries.fetch_add(1, std::memory_order_relaxed);
  return true;
}

// Keeps info[0] (a function) as this thread's callback in `ref`/`refEnv`,
// replacing the one kept before in the same environment.
static Napi::Value keepThreadCallback(const Napi::CallbackInfo& info, const char* name, napi_ref& ref,
                                      napi_env& refEnv) {
  napi_env env = info.Env();
  if (!info[0].IsFunction()) throwType(env, std::string(name) + " expects a function");
  if (ref && refEnv == env) napi_delete_reference(env, ref);
  napi_create_reference(env, info[0], 1, &ref);
  refEnv = env;
  return info.Env().Undefined();
}

// setGarbageCollector(fn): the function an allocation failure calls before its one retry.
static Napi::Value SetGarbageCollector(const Napi::CallbackInfo& info) {
  return keepThreadCallback(info, "setGarbageCollector", gcRef, gcEnv);
}
// queuedBufferRefs(): how many ArrayBuffer references freed off their JS
// thread wait for it (all envs; tests).
static Napi::Value QueuedBufferRefs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(queuedBufferRefs.load()));
}

// setErrorHint(fn): the function each LibTorch error passes through before it
// is thrown to JS (fn(error); it may rewrite error.message in place).
static Napi::Value SetErrorHint(const Napi::CallbackInfo& info) {
  return keepThreadCallback(info, "setErrorHint", hintRef, hintEnv);
}
// gcRetries(): how many allocation failures collected garbage and retried (tests).
static Napi::Value GcRetries(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(gcRetries.load()));
}

// ---------------------------------------------------------------- external memory

// What a result holds natively besides its storage's bytes: the TensorImpl,
// StorageImpl, this handle and Node-API's reference (~500 bytes measured by
// sizeof and malloc's chunk sizes). Counted so that a loop of tiny results
// (10 floats: 40 bytes of data, ~600 in all) still reaches the minor-GC
// threshold after ~16 MB of real memory rather than after 400k tensors.
constexpr int64_t kHandleBytes = 512;

// V8 is told about native bytes in batches: a call per small tensor would cost
// more than the op. The count is process-wide (an atomic, not a thread_local:
// TLS in a shared library costs a __tls_get_addr call per access); whichever
// env crosses the batch size reports the batch.
static std::atomic<int64_t> pendingBytes{0};
constexpr int64_t kReportBatch = 1 << 18;

// A young-generation GC every kMinorGcBytes of new tensor bytes (per JS
// thread): V8 only collects on JS-heap growth or, for external memory, with a
// full GC every 64 MB, so without it a loop of medium-sized results runs
// through tens of megabytes of cold memory before anything is freed; with it
// short-lived results are released while their memory is still in cache
// (measured: a 64x64 matmul loop 7.0 -> 5.5 us, Python 5.5). The collector is
// set by src/native.ts (TORCH_NODE_MINOR_GC=0 leaves it unset).
constexpr int64_t kMinorGcBytes = int64_t(16) << 20;
// ... and every kMinorGcHandles new results, so a loop of tiny results (~600
// bytes each natively) works in ~1.3 MB, inside a core's L2, instead of the
// ~17 MB that 16 MB of accounted bytes spans (measured with a simulated 4 MiB
// last-level cache: 29 -> 0.2 misses per 10-element add, 17,300 -> 13,000
// estimated cycles). A young-generation GC with nothing alive costs ~55 us:
// ~0.03 us per result at this rate. The count is process-wide and
// approximate (plain loads and stores: threads may lose increments).
constexpr int64_t kMinorGcHandles = 2048;
static std::atomic<int64_t> handlesSinceMinorGc{0};
namespace {
thread_local int64_t bytesSinceMinorGc = 0;
thread_local napi_env minorGcEnv = nullptr;
thread_local napi_ref minorGcRef = nullptr;
thread_local bool inMinorGc = false;
std::atomic<int64_t> minorGcs{0};
}  // namespace

static void runMinorGc(napi_env env) {
  if (env != minorGcEnv || !minorGcRef || inMinorGc) return;
  bytesSinceMinorGc = 0;
  handlesSinceMinorGc.store(0, std::memory_order_relaxed);
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || pending) return;
  napi_value fn, global, result;
  if (napi_get_reference_value(env, minorGcRef, &fn) != napi_ok || !fn) return;
  napi_get_global(env, &global);
  inMinorGc = true;
  minorGcs.fetch_add(1, std::memory_order_relaxed);
  // A failed call is left as it is: in a worker being terminated the pending
  // "exception" is V8's termination, and clearing it would cancel the
  // termination mid-teardown (the process then dies).
  napi_call_function(env, global, fn, 0, nullptr, &result);
  inMinorGc = false;
  trimCpuCache();  // what sat unused in this thread's block cache since the last GC, above its high-water mark
}

// setMinorGc(fn): the function that runs a young-generation GC.
static Napi::Value SetMinorGc(const Napi::CallbackInfo& info) {
  return keepThreadCallback(info, "setMinorGc", minorGcRef, minorGcEnv);
}

// minorGcs(): how many young-generation GCs the addon ran (tests).
static Napi::Value MinorGcs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(minorGcs.load()));
}

void reportExternalBytes(napi_env env, int64_t delta) {
  int64_t now = pendingBytes.fetch_add(delta, std::memory_order_relaxed) + delta;
  if (now >= kReportBatch || now <= -kReportBatch) {
    int64_t batch = pendingBytes.exchange(0, std::memory_order_relaxed);
    int64_t ignored;
    napi_adjust_external_memory(env, batch, &ignored);
    if (batch > 0 && (bytesSinceMinorGc += batch) >= kMinorGcBytes) runMinorGc(env);
  }
}

// ---------------------------------------------------------------- tensor handles

// The bytes of `t`'s storage when `users` tensors (and nothing else) hold it.
static int64_t storageBytesIfHeldBy(const at::Tensor& t, size_t users) {
  if (!t.defined() || !t.has_storage()) return 0;
  const c10::Storage& s = t.storage();
  // a JS ArrayBuffer's memory (torch.from): V8 counts it already
  return s.use_count() == users && !isJsBufferStorage(s) ? static_cast<int64_t>(s.nbytes()) : 0;
}

static int64_t heldBytes(const at::Tensor& t) {
  // Count storage bytes once: only a tensor that is its storage's sole user
  // (a new result) reports them; views, detach() and other aliases share
  // their base's storage and report only their own handle (kHandleBytes).
  // A sparse tensor has no storage of its own: its index and value tensors
  // do. They are read through aliases (one more user each), and count when
  // the sparse tensor is their only other user (not a user's input tensor).
  switch (t.layout()) {
    case c10::kStrided:
      return storageBytesIfHeldBy(t, 1);
    case c10::kSparse:
    case c10::kSparseCsr:
    case c10::kSparseCsc:
    case c10::kSparseBsr:
    case c10::kSparseBsc:
      try {
        c10::AutoGradMode noGrad(false);  // the aliases need no autograd views
        if (t.layout() == c10::kSparse) return storageBytesIfHeldBy(t._indices(), 2) + storageBytesIfHeldBy(t._values(), 2);
        const bool rows = t.layout() == c10::kSparseCsr || t.layout() == c10::kSparseBsr;
        return storageBytesIfHeldBy(rows ? t.crow_indices() : t.ccol_indices(), 2) +
               storageBytesIfHeldBy(rows ? t.col_indices() : t.row_indices(), 2) + storageBytesIfHeldBy(t.values(), 2);
      } catch (...) {
        return 0;
      }
    default:
      return 0;
  }
}

// Runs inside the GC (basic finalizer): no JS, no V8 calls. The freed bytes
// are only noted here and reported to V8 by the next handle created.
static void finalizeTensor(node_api_basic_env, void* data, void*) {
  auto* h = static_cast<TensorHandle*>(data);
  pendingBytes.fetch_sub(h->bytes, std::memory_order_relaxed);
  delete h;
}

napi_value wrapTensor(napi_env env, at::Tensor t, bool fresh) {
  releaseRefs(env);
  releaseQueuedBuffers(env);
  if (!t.defined()) {
    napi_value n;
    napi_get_null(env, &n);
    return n;
  }
  auto* h = new TensorHandle();
  h->bytes = fresh && !t.device().is_meta() ? heldBytes(t) + kHandleBytes : 0;
  h->t = std::move(t);
  napi_value out;
  napi_status s = napi_create_external(env, h, finalizeTensor, nullptr, &out);
  if (s != napi_ok) {
    delete h;
    throw Napi::Error::New(env, "could not create a tensor handle");
  }
  if (h->bytes) {
    const int64_t n = handlesSinceMinorGc.load(std::memory_order_relaxed) + 1;
    handlesSinceMinorGc.store(n, std::memory_order_relaxed);
    if (n >= kMinorGcHandles) runMinorGc(env);
    reportExternalBytes(env, h->bytes);
  }
  return out;
}

TensorHandle* tensorHandle(napi_env env, napi_value v) {
  // napi_get_value_external refuses non-externals itself: no napi_typeof first.
  void* data = nullptr;
  if (!v || napi_get_value_external(env, v, &data) != napi_ok || !data) return nullptr;
  auto* h = static_cast<TensorHandle*>(data);
  return h->magic == kTensorMagic ? h : nullptr;
}

const at::Tensor& unwrapTensor(napi_env env, napi_value v, const char* what) {
  TensorHandle* h = tensorHandle(env, v);
  if (!h) throwType(env, std::string("expected a Tensor for ") + what);
  if (!h->t.defined())
    throw Napi::Error::New(env, std::string("Tensor has been disposed (") + what + ")");
  return h->t;
}

void disposeTensor(napi_env env, TensorHandle* h) {
  if (!h->t.defined()) return;
  if (h->bytes) reportExternalBytes(env, -h->bytes);
  h->bytes = 0;
  h->t.reset();
}

// ---------------------------------------------------------------- generator handles

static void finalizeGenerator(node_api_basic_env, void* data, void*) {
  delete static_cast<GeneratorHandle*>(data);
}

napi_value wrapGenerator(napi_env env, at::Generator g) {
  auto* h = new GeneratorHandle();
  h->g = std::move(g);
  napi_value out;
  if (napi_create_external(env, h, finalizeGenerator, nullptr, &out) != napi_ok) {
    delete h;
    throw Napi::Error::New(env, "could not create a generator handle");
  }
  return out;
}

at::Generator& unwrapGenerator(napi_env env, napi_value v, const char* what) {
  napi_valuetype type;
  void* data = nullptr;
  if (napi_typeof(env, v, &type) == napi_ok && type == napi_external &&
      napi_get_value_external(env, v, &data) == napi_ok && data &&
      static_cast<GeneratorHandle*>(data)->magic == kGeneratorMagic)
    return static_cast<GeneratorHandle*>(data)->g;
  throwType(env, std::string("expected a torch.Generator for ") + what);
}

// ---------------------------------------------------------------- values

int64_t toInt64(napi_env env, napi_value v, const char* what) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (type == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (!std::isfinite(d) || d != std::floor(d))
      throwType(env, std::string("argument '") + what + "' must be int, not float");
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
      throwRange(env, std::string("argument '") + what + "' is out of the int64 range");
    return static_cast<int64_t>(d);
  }
  if (type == napi_bigint) {
    int64_t r;
    bool lossless;
    napi_get_value_bigint_int64(env, v, &r, &lossless);
    if (!lossless) throwRange(env, std::string("argument '") + what + "' is out of the int64 range");
    return r;
  }
  if (type == napi_boolean) {
    bool b;
    napi_get_value_bool(env, v, &b);
    return b;
  }
  throwType(env, std::string("argument '") + what + "' must be int");
}

double toDouble(napi_env env, napi_value v, const char* what) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (type == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    return d;
  }
  if (type == napi_bigint) {
    int64_t r;
    bool lossless;
    napi_get_value_bigint_int64(env, v, &r, &lossless);
    return static_cast<double>(r);
  }
  if (type == napi_boolean) {
    bool b;
    napi_get_value_bool(env, v, &b);
    return b ? 1.0 : 0.0;
  }
  throwType(env, std::string("argument '") + what + "' must be float");
}

// A JS number that is integral becomes an int Scalar (as a Python int would),
// otherwise a double; booleans stay booleans; bigints are int64.
c10::Scalar toScalar(napi_env env, napi_value v, const char* what) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (type == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
      return c10::Scalar(static_cast<int64_t>(d));
    return c10::Scalar(d);
  }
  if (type == napi_boolean) {
    bool b;
    napi_get_value_bool(env, v, &b);
    return c10::Scalar(b);
  }
  if (type == napi_bigint) {
    int64_t r;
    bool lossless;
    napi_get_value_bigint_int64(env, v, &r, &lossless);
    if (!lossless) throwRange(env, std::string("argument '") + what + "' is out of the int64 range");
    return c10::Scalar(r);
  }
  if (TensorHandle* h = tensorHandle(env, v)) {
    if (h->t.defined() && h->t.numel() == 1) return h->t.item();
  }
  throwType(env, std::string("argument '") + what + "' must be Number");
}

std::vector<int64_t> toIntList(napi_env env, napi_value v, const char* what) {
  bool isArray = false;
  napi_is_array(env, v, &isArray);
  if (!isArray) return {toInt64(env, v, what)};
  uint32_t n;
  napi_get_array_length(env, v, &n);
  std::vector<int64_t> out(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    napi_get_element(env, v, i, &e);
    out[i] = toInt64(env, e, what);
  }
  return out;
}

std::vector<at::Tensor> tensorList(napi_env env, napi_value arr, bool allowNull, const char* what) {
  bool isArray = false;
  napi_is_array(env, arr, &isArray);
  if (!isArray) throwType(env, std::string(what) + " must be an array");
  uint32_t n;
  napi_get_array_length(env, arr, &n);
  std::vector<at::Tensor> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    napi_get_element(env, arr, i, &e);
    napi_valuetype t;
    napi_typeof(env, e, &t);
    if (allowNull && (t == napi_null || t == napi_undefined)) out.emplace_back();
    else out.push_back(unwrapTensor(env, e, what));
  }
  return out;
}

c10::Device toDevice(napi_env env, napi_value v, const char* what) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (type != napi_string) throwType(env, std::string("argument '") + what + "' must be a device string");
  std::string s = Napi::String(env, v).Utf8Value();
  try {
    return c10::Device(s);
  } catch (const c10::Error&) {
    throw Napi::Error::New(env, "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: " + s);
  }
}

// An int64 code that must lie in [0, end): the enum's value, else a TypeError naming the argument.
static int64_t enumCode(napi_env env, napi_value v, const char* what, int64_t end, const char* pyType) {
  int64_t code = toInt64(env, v, what);
  if (code < 0 || code >= end)
    throwType(env, std::string("argument '") + what + "' must be " + pyType + " (got the invalid code " + std::to_string(code) + ")");
  return code;
}

c10::ScalarType toScalarType(napi_env env, napi_value v, const char* what) {
  return static_cast<c10::ScalarType>(enumCode(env, v, what, static_cast<int64_t>(c10::ScalarType::Undefined), "torch.dtype"));
}

c10::Layout toLayout(napi_env env, napi_value v, const char* what) {
  return static_cast<c10::Layout>(enumCode(env, v, what, static_cast<int64_t>(c10::Layout::NumOptions), "torch.layout"));
}

c10::MemoryFormat toMemoryFormat(napi_env env, napi_value v, const char* what) {
  return static_cast<c10::MemoryFormat>(enumCode(env, v, what, static_cast<int64_t>(c10::MemoryFormat::NumOptions), "torch.memory_format"));
}

napi_value fromIValue(napi_env env, const c10::IValue& v) {
  napi_value out;
  if (v.isTensor()) return wrapTensor(env, v.toTensor());
  if (v.isNone()) {
    napi_get_null(env, &out);
  } else if (v.isInt()) {
    napi_create_double(env, static_cast<double>(v.toInt()), &out);
  } else if (v.isDouble()) {
    napi_create_double(env, v.toDouble(), &out);
  } else if (v.isBool()) {
    napi_get_boolean(env, v.toBool(), &out);
  } else if (v.isSymInt()) {
    napi_create_double(env, static_cast<double>(v.toSymInt().expect_int()), &out);
  } else if (v.isString()) {
    const auto& s = v.toStringRef();
    napi_create_string_utf8(env, s.data(), s.size(), &out);
  } else if (v.isTensorList()) {
    auto list = v.toTensorList();
    napi_create_array_with_length(env, list.size(), &out);
    for (size_t i = 0; i < list.size(); i++) napi_set_element(env, out, i, wrapTensor(env, list.get(i)));
  } else if (v.isList()) {
    auto list = v.toListRef();
    napi_create_array_with_length(env, list.size(), &out);
    for (size_t i = 0; i < list.size(); i++) napi_set_element(env, out, i, fromIValue(env, list[i]));
  } else if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    napi_create_array_with_length(env, elems.size(), &out);
    for (size_t i = 0; i < elems.size(); i++) napi_set_element(env, out, i, fromIValue(env, elems[i]));
  } else if (v.isScalar()) {
    auto s = v.toScalar();
    if (s.isBoolean()) napi_get_boolean(env, s.toBool(), &out);
    else napi_create_double(env, s.toDouble(), &out);
  } else if (v.isDevice()) {
    auto s = v.toDevice().str();
    napi_create_string_utf8(env, s.data(), s.size(), &out);
  } else {
    throw Napi::Error::New(env, std::string("unsupported return type ") + v.tagKind());
  }
  return out;
}

// ---------------------------------------------------------------- entry points

// dispose(handle): frees the tensor now. Disposing twice is a no-op.
static Napi::Value Dispose(const Napi::CallbackInfo& info) {
  TensorHandle* h = tensorHandle(info.Env(), info[0]);
  if (!h) throwType(info.Env(), "dispose: expected a Tensor handle");
  disposeTensor(info.Env(), h);
  return info.Env().Undefined();
}

// isDisposed(handle) -> boolean
static Napi::Value IsDisposed(const Napi::CallbackInfo& info) {
  TensorHandle* h = tensorHandle(info.Env(), info[0]);
  if (!h) throwType(info.Env(), "isDisposed: expected a Tensor handle");
  return Napi::Boolean::New(info.Env(), !h->t.defined());
}

// sameTensor(a, b) -> whether both handles hold the same TensorImpl (Python's `is`).
static Napi::Value SameTensor(const Napi::CallbackInfo& info) {
  TensorHandle* a = tensorHandle(info.Env(), info[0]);
  TensorHandle* b = tensorHandle(info.Env(), info[1]);
  return Napi::Boolean::New(info.Env(), a && b && a->t.defined() && a->t.unsafeGetTensorImpl() == b->t.unsafeGetTensorImpl());
}

// flushExternalMemory(): reports the pending byte count to V8 now (for tests).
static Napi::Value FlushExternalMemory(const Napi::CallbackInfo& info) {
  int64_t adjusted = 0;
  napi_adjust_external_memory(info.Env(), pendingBytes.exchange(0, std::memory_order_relaxed), &adjusted);
  return Napi::Number::New(info.Env(), static_cast<double>(adjusted));
}

// ---------------------------------------------------------------- LibTorch warnings

// LibTorch's TORCH_WARN messages become Node warnings (process.emitWarning), once
// per distinct message, as Python's default warnings filter shows each once,
// instead of lines on stderr. Warnings raised off the JS thread keep LibTorch's
// default handler. The handler is per thread (c10 keeps it thread-local).
namespace {
struct JsWarningHandler : c10::WarningHandler {
  napi_env env = nullptr;
  std::unordered_set<std::string> seen;
  void process(const c10::Warning& w) override {
    const std::string& msg = w.msg();
    if (!seen.insert(msg).second) return;
    const char* type = std::holds_alternative<c10::DeprecationWarning>(w.type()) ? "DeprecationWarning" : "UserWarning";
    napi_value global, proc, emit, args[2], ignored;
    bool pending = false;
    if (env && napi_is_exception_pending(env, &pending) == napi_ok && !pending && napi_get_global(env, &global) == napi_ok &&
        napi_get_named_property(env, global, "process", &proc) == napi_ok &&
        napi_get_named_property(env, proc, "emitWarning", &emit) == napi_ok &&
        napi_create_string_utf8(env, msg.data(), msg.size(), &args[0]) == napi_ok &&
        napi_create_string_utf8(env, type, NAPI_AUTO_LENGTH, &args[1]) == napi_ok &&
        napi_call_function(env, proc, emit, 2, args, &ignored) == napi_ok)
      return;
    c10::WarningHandler::process(w);
  }
};
thread_local JsWarningHandler warningHandler;
}  // namespace

static void processWarningHere(const c10::Warning& w) {
  warningHandler.process(w);
}

void initHandles(Napi::Env env, Napi::Object exports) {
  openEnvBuffers(env);
  warningHandler.env = env;
  c10::WarningUtils::set_warning_handler(&warningHandler);
  // once the environment is torn down, warnings go back to LibTorch's stderr handler
  napi_add_env_cleanup_hook(env, [](void* h) { static_cast<JsWarningHandler*>(h)->env = nullptr; }, &warningHandler);
  TN_EXPORT("dispose", Dispose);
  TN_EXPORT("isDisposed", IsDisposed);
  TN_EXPORT("flushExternalMemory", FlushExternalMemory);
  TN_EXPORT("setGarbageCollector", SetGarbageCollector);
  TN_EXPORT("setErrorHint", SetErrorHint);
  TN_EXPORT("queuedBufferRefs", QueuedBufferRefs);
  TN_EXPORT("gcRetries", GcRetries);
  TN_EXPORT("setAutogradOffThread", SetAutogradOffThread);
  TN_EXPORT("setMinorGc", SetMinorGc);
  TN_EXPORT("minorGcs", MinorGcs);
  TN_EXPORT("sameTensor", SameTensor);
}

}  // namespace tn
