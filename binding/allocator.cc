// The CPU allocator: LibTorch's default for large blocks, per-thread caches of
// freed small blocks (<= 4 KiB) in front of it. Opt-in: TORCH_NODE_CPU_CACHE=1.
//
// Why: a JS program frees tensors when the garbage collector finalizes their
// handles, in bursts of tens of thousands, not one at a time as Python's
// reference counting does. glibc serves LibTorch's 64-byte-aligned
// posix_memalign blocks from its bins, not its per-thread cache, and a burst of
// frees pushes each later memalign onto the slow path (measured in C++ alone:
// a 10-element add 0.76 us freed at once, 0.95-1.4 us freed in bursts of 25k;
// with these caches 0.59 us and 0.65-0.70 us). A cached block is reused last-in
// first-out, still warm in cache.
//
// Blocks are rounded to size classes (64-byte steps to 1 KiB, then four steps
// per doubling to 4 KiB); every block comes from posix_memalign(64) on its own,
// so any block can also go back with free(). A block freed on a thread goes to
// that thread's cache (the allocating thread does not matter), bounded per
// class and per thread; the rest is freed at once. A thread's cache is freed
// when the thread ends. Off unless TORCH_NODE_CPU_CACHE=1: with it, a 784-256-10
// MLP training step measured ~1.3x slower (0.66 -> 0.9 ms; cause not found).
#include "common.h"

#include <c10/core/CPUAllocator.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <utility>

namespace tn {

namespace {

constexpr size_t kAlignment = 64;  // c10's gAlignment
constexpr int kFineClasses = 16;   // 64, 128, ..., 1024
constexpr int kCoarseClasses = 8;  // 4 per doubling, 1 KiB .. 4 KiB
constexpr int kClasses = kFineClasses + kCoarseClasses;
constexpr size_t kMaxCachedSize = size_t(4) << 10;
constexpr size_t kClassBudget = size_t(4) << 20;    // bytes a thread keeps per class
constexpr size_t kThreadBudget = size_t(32) << 20;  // bytes a thread keeps in all

constexpr size_t classSize(int c) {
  if (c < kFineClasses) return size_t(c + 1) * 64;
  const int k = c - kFineClasses;
  const int e = 10 + k / 4;  // [2^e, 2^(e+1)) in 4 steps of 2^(e-2)
  return (size_t(1) << e) + size_t(k % 4 + 1) * (size_t(1) << (e - 2));
}

inline int classOf(size_t n) {  // 1 <= n <= kMaxCachedSize
  if (n <= 1024) return static_cast<int>((n - 1) >> 6);
  const size_t m = n - 1;
  const int e = 63 - __builtin_clzll(m);  // 10..11
  const int sub = static_cast<int>((m >> (e - 2)) & 3);
  return kFineClasses + (e - 10) * 4 + sub;
}

// Trivially destructible, so the per-access TLS path has no init guard; the
// flusher below frees it when its thread ends.
struct ThreadCache {
  void* head[kClasses];
  uint32_t count[kClasses];
  size_t bytes;
  bool registered;  // the flusher of this thread is constructed
  bool dead;        // the thread is ending: free directly
};
thread_local ThreadCache cache;

std::atomic<int64_t> hits{0}, misses{0};

void flush(ThreadCache& k) {
  for (int c = 0; c < kClasses; c++) {
    void* p = k.head[c];
    while (p) {
      void* next = *static_cast<void**>(p);
      std::free(p);
      p = next;
    }
    k.head[c] = nullptr;
    k.count[c] = 0;
  }
  k.bytes = 0;
}

struct Flusher {
  ~Flusher() {
    flush(cache);
    cache.dead = true;
  }
};
thread_local Flusher flusher;

void freeRaw(void* p) { std::free(p); }

template <int C>
void freeSmall(void* p) {
  ThreadCache& k = cache;
  constexpr size_t size = classSize(C);
  if (k.dead || k.bytes + size > kThreadBudget || (k.count[C] + 1) * size > kClassBudget) {
    std::free(p);
    return;
  }
  if (!k.registered) {
    k.registered = true;
    (void)&flusher;  // constructs this thread's flusher (its destructor frees the cache)
  }
  *static_cast<void**>(p) = k.head[C];
  k.head[C] = p;
  k.count[C]++;
  k.bytes += size;
}

template <int... I>
constexpr std::array<c10::DeleterFnPtr, sizeof...(I)> freeTable(std::integer_sequence<int, I...>) {
  return {&freeSmall<I>...};
}
constexpr auto kFreeSmall = freeTable(std::make_integer_sequence<int, kClasses>{});

struct CachingCPUAllocator final : c10::Allocator {
  c10::Allocator* base = nullptr;  // LibTorch's default: zero-size and large blocks

  c10::DataPtr allocate(size_t n) override {
    if (n - 1 >= kMaxCachedSize) return base->allocate(n);  // 0 wraps around too
    const int c = classOf(n);
    ThreadCache& k = cache;
    void* p = k.head[c];
    if (p) {
      k.head[c] = *static_cast<void**>(p);
      k.count[c]--;
      k.bytes -= classSize(c);
      hits.fetch_add(1, std::memory_order_relaxed);
    } else {
      if (posix_memalign(&p, kAlignment, classSize(c)) != 0 || !p)
        TORCH_CHECK_WITH(OutOfMemoryError, false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ",
                         n, " bytes.");
      misses.fetch_add(1, std::memory_order_relaxed);
    }
    return {p, p, kFreeSmall[c], c10::Device(c10::DeviceType::CPU)};
  }
  // raw_allocate/raw_deallocate: every block of this allocator can go back
  // with free() (small ones are posix_memalign'd one by one). A large block
  // comes from the default allocator, whose deleter is free() as well.
  c10::DeleterFnPtr raw_deleter() const override { return &freeRaw; }
#if TN_TORCH_AT_LEAST(2, 3)
  void copy_data(void* dest, const void* src, std::size_t count) const override { default_copy_data(dest, src, count); }
#endif
};

CachingCPUAllocator* installed = nullptr;

}  // namespace

void installCpuAllocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Opt-in: a small-op loop gains, but a 784-256-10 MLP training step
    // measured ~1.3x slower with it on (cause not found yet; see the notes).
    const char* env = std::getenv("TORCH_NODE_CPU_CACHE");
    if (!env || env[0] != '1') return;
    auto* a = new CachingCPUAllocator();  // never freed: blocks outlive every module
    a->base = c10::GetDefaultCPUAllocator();
    c10::SetCPUAllocator(a, /*priority=*/1);
    installed = a;
  });
}

void flushCpuCache() { flush(cache); }


// cpuCacheStats(): { enabled, hits, misses, cachedBytes (this thread) } (tests).
static Napi::Value CpuCacheStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("enabled", Napi::Boolean::New(env, installed != nullptr && c10::GetCPUAllocator() == installed));
  o.Set("hits", Napi::Number::New(env, static_cast<double>(hits.load())));
  o.Set("misses", Napi::Number::New(env, static_cast<double>(misses.load())));
  o.Set("cachedBytes", Napi::Number::New(env, static_cast<double>(cache.bytes)));
  return o;
}

// emptyCpuCache(): frees this thread's cached blocks.
static Napi::Value EmptyCpuCache(const Napi::CallbackInfo& info) {
  flushCpuCache();
  return info.Env().Undefined();
}

void initAllocator(Napi::Env env, Napi::Object exports) {
  installCpuAllocator();
  TN_EXPORT("cpuCacheStats", CpuCacheStats);
  TN_EXPORT("emptyCpuCache", EmptyCpuCache);
}

}  // namespace tn
