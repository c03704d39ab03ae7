// The CPU allocator: per-thread caches of freed CPU blocks of every size, in
// front of malloc. On by default; TORCH_NODE_CPU_CACHE=0 leaves LibTorch's own
// allocator in place.
//
// Why: a JS program frees tensors when the garbage collector finalizes their
// handles, in bursts, not one at a time as Python's reference counting does.
// Freed that way, glibc's heap fragments: the large blocks of a training step
// (the 784 KB gradient of a 784-256-10 MLP) are not recycled, the heap grows
// and shrinks, and GEMM writes its output onto pages never touched before
// (18-47 page faults per step over the first 1-2K steps of that MLP; 17.7K a
// step for a 4096-4096 MLP at batch 256, whose 64 MB gradient glibc maps and
// unmaps every step). Small blocks: LibTorch's 64-byte-aligned posix_memalign
// blocks come from glibc's bins, not its per-thread cache, and a burst of
// frees pushes each later memalign onto the slow path.
//
// Design:
// - Size classes: 64-byte steps to 1 KiB, then four per doubling (a block is
//   at most 25% larger than asked). Every block is posix_memalign(64)'d on its
//   own at its class size, so any block can also go back with free()
//   (raw_deleter, a cache flush, a thread that ends).
// - A block freed on a thread goes to that thread's cache whichever thread
//   allocated it (GC finalizers free on the JS thread what DataLoader worker
//   threads or LibTorch's intra-op threads allocated): a cache is only ever
//   touched by its own thread, and a block is plain malloc memory, so no
//   lock is needed anywhere. Reuse is last-in first-out (still warm).
// - Budget, per thread: a thread keeps at most `limit` bytes (default
//   min(1 GiB, 1/8 of physical memory); TORCH_NODE_CPU_CACHE_LIMIT_MB); a block
//   that does not fit is freed at once, and a block larger than the limit is
//   never cached (LibTorch's allocator serves it).
// - Release: (a) after each young-generation GC the addon runs (handle.cc),
//   a thread whose cache holds more than the high-water mark (limit / 4) frees
//   the blocks that sat unused since the previous one; an allocation failure
//   frees the whole cache before its retry (here, and on the GC retry path);
//   (b) torch.cpu.emptyCache() frees the calling thread's cache at once and
//   every other thread's at its next allocation or free (a global epoch);
//   (c) a thread's cache is freed when the thread ends.
// - Hot paths touch only the thread's own cache (plain counters, no atomics
//   but one relaxed load of the epoch); the cache struct is trivially
//   destructible, so its TLS access has no init guard (a separate object,
//   constructed on a thread's first free, frees it at thread exit).
// - Under AddressSanitizer a cached block is poisoned: a use after free of a
//   cached block is still reported (as use-after-poison); once the block is
//   reused ASan cannot tell (no quarantine for cached blocks).
//
// The opt-in version of this cache (small blocks only) measured ~1.3x slower
// on that MLP step: the small blocks it kept pinned the heap between the
// large ones, so glibc recycled even fewer of them (more page faults); caching
// the large blocks too removes the cause (see docs/architecture.md).
#include "common.h"

#include <c10/core/CPUAllocator.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <utility>

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define TN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TN_ASAN 1
#endif
#endif
#ifdef TN_ASAN
#include <sanitizer/asan_interface.h>
#define TN_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define TN_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define TN_POISON(p, n) ((void)0)
#define TN_UNPOISON(p, n) ((void)0)
#endif

namespace tn {

namespace {

constexpr size_t kAlignment = 64;  // c10's gAlignment
constexpr int kFineClasses = 16;   // 64, 128, ..., 1024
constexpr int kMaxLog = 40;        // classes up to 1 TiB
constexpr int kCoarseClasses = (kMaxLog - 10) * 4;  // 4 per doubling above 1 KiB
constexpr int kClasses = kFineClasses + kCoarseClasses;

constexpr size_t classSize(int c) {
  if (c < kFineClasses) return size_t(c + 1) * 64;
  const int k = c - kFineClasses;
  const int e = 10 + k / 4;  // (2^e, 2^(e+1)] in 4 steps of 2^(e-2)
  return (size_t(1) << e) + size_t(k % 4 + 1) * (size_t(1) << (e - 2));
}

inline int classOf(size_t n) {  // 1 <= n <= classSize(kClasses - 1)
  if (n <= 1024) return static_cast<int>((n - 1) >> 6);
  const size_t m = n - 1;
  const int e = 63 - __builtin_clzll(m);  // >= 10
  const int sub = static_cast<int>((m >> (e - 2)) & 3);
  return kFineClasses + (e - 10) * 4 + sub;
}

// Set once at load (installCpuAllocator), read-only afterwards.
size_t gLimit = 0;      // bytes a thread keeps at most
size_t gHighWater = 0;  // above it, the GC hook frees blocks left unused
size_t gMaxBlock = 0;   // largest request served from the caches (a class size <= gLimit)
std::atomic<uint64_t> gEpoch{0};  // bumped by emptyCache(): every thread flushes at its next use

// Trivially destructible, so the per-access TLS path has no init guard; the
// flusher below frees it when its thread ends.
struct ThreadCache {
  void* head[kClasses];
  uint32_t count[kClasses];
  uint32_t low[kClasses];  // fewest blocks the class held since the last trim
  size_t bytes;
  uint64_t hits, misses, epoch;
  bool registered;  // the flusher of this thread is constructed
  bool dead;        // the thread is ending: free directly
};
thread_local ThreadCache cache;

inline void* pop(ThreadCache& k, int c) {
  void* p = k.head[c];
  TN_UNPOISON(p, classSize(c));
  k.head[c] = *static_cast<void**>(p);
  if (--k.count[c] < k.low[c]) k.low[c] = k.count[c];
  k.bytes -= classSize(c);
  return p;
}

void flush(ThreadCache& k) {
  for (int c = 0; c < kClasses; c++) {
    while (k.head[c]) std::free(pop(k, c));
    k.low[c] = 0;
  }
  k.bytes = 0;
  k.epoch = gEpoch.load(std::memory_order_relaxed);
}

struct Flusher {
  ~Flusher() {
    flush(cache);
    cache.dead = true;
  }
};
thread_local Flusher flusher;


template <int C>
void freeCached(void* p) {
  ThreadCache& k = cache;
  constexpr size_t size = classSize(C);
  if (k.epoch != gEpoch.load(std::memory_order_relaxed)) flush(k);
  if (k.dead || k.bytes + size > gLimit) {
    std::free(p);
    return;
  }
  if (!k.registered) {
    k.registered = true;
    (void)&flusher;  // constructs this thread's flusher (its destructor frees the cache)
  }
  *static_cast<void**>(p) = k.head[C];
  TN_POISON(p, size);
  k.head[C] = p;
  k.count[C]++;
  k.bytes += size;
}

template <int... I>
constexpr std::array<c10::DeleterFnPtr, sizeof...(I)> freeTable(std::integer_sequence<int, I...>) {
  return {&freeCached<I>...};
}
constexpr auto kFreeCached = freeTable(std::make_integer_sequence<int, kClasses>{});

// raw_deallocate: a block handed out by raw_allocate (oneDNN's buffers: 16 a
// LeNet-5 step) comes back with its pointer alone. On glibc its usable size
// names a class it can serve (the largest class not above it, never below the
// class it was allocated for); elsewhere, or for a block above the cached
// sizes (LibTorch's own), it goes back to free().
void freeRaw(void* p) {
#if defined(__GLIBC__)
  if (p) {
    const size_t u = malloc_usable_size(p);
    if (u >= 64 && u <= gMaxBlock + 4096) {
      int c = classOf(std::min(u, gMaxBlock));
      if (classSize(c) > u) c--;
      kFreeCached[c](p);
      return;
    }
  }
#endif
  std::free(p);
}

struct CachingCPUAllocator final : c10::Allocator {
  c10::Allocator* base = nullptr;  // LibTorch's default: zero-size blocks and those above the limit

  c10::DataPtr allocate(size_t n) override {
    if (n - 1 >= gMaxBlock) return base->allocate(n);  // 0 wraps around too
    const int c = classOf(n);
    ThreadCache& k = cache;
    if (k.epoch != gEpoch.load(std::memory_order_relaxed)) flush(k);
    void* p;
    if (k.head[c]) {
      p = pop(k, c);
      k.hits++;
    } else {
      k.misses++;
      if (posix_memalign(&p, kAlignment, classSize(c)) != 0 || !p) {
        flush(k);  // what this thread keeps goes back to malloc first
        if (posix_memalign(&p, kAlignment, classSize(c)) != 0 || !p)
          TORCH_CHECK_WITH(OutOfMemoryError, false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ",
                           n, " bytes. Error code 12 (Cannot allocate memory)");
      }
    }
    return {p, p, kFreeCached[c], c10::Device(c10::DeviceType::CPU)};
  }
  // raw_allocate/raw_deallocate: every block of this allocator can go back
  // with free() (each is posix_memalign'd on its own), and on glibc to a cache
  // (freeRaw). A block above the limit comes from the default allocator, whose
  // deleter is free() as well.
  c10::DeleterFnPtr raw_deleter() const override { return &freeRaw; }
#if TN_TORCH_AT_LEAST(2, 3)
  void copy_data(void* dest, const void* src, std::size_t count) const override { default_copy_data(dest, src, count); }
#endif
};

CachingCPUAllocator* installed = nullptr;

size_t envMegabytes(const char* name, size_t fallback) {
  const char* s = std::getenv(name);
  if (!s || !*s) return fallback;
  char* end = nullptr;
  const double mb = std::strtod(s, &end);
  if (end == s || mb < 0) return fallback;
  return static_cast<size_t>(mb * 1048576.0);
}

}  // namespace

void installCpuAllocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* env = std::getenv("TORCH_NODE_CPU_CACHE");
    if (env && env[0] == '0') return;
    size_t limit = size_t(1) << 30;
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0) limit = std::min(limit, static_cast<size_t>(pages) * static_cast<size_t>(pageSize) / 8);
    limit = envMegabytes("TORCH_NODE_CPU_CACHE_LIMIT_MB", limit);
    if (limit < 64) return;  // nothing would fit: leave LibTorch's allocator alone
    gLimit = limit;
    gHighWater = limit / 4;
    int top = classOf(std::min(limit, classSize(kClasses - 1)));
    if (classSize(top) > limit) top--;
    gMaxBlock = classSize(top);
    auto* a = new CachingCPUAllocator();  // never freed: blocks outlive every module
    a->base = c10::GetDefaultCPUAllocator();
    c10::SetCPUAllocator(a, /*priority=*/1);
    installed = a;
  });
}

void flushCpuCache() { flush(cache); }

void trimCpuCache() {
  if (!installed) return;
  ThreadCache& k = cache;
  if (k.bytes > gHighWater) {
    for (int c = 0; c < kClasses; c++)
      for (uint32_t n = k.low[c]; n > 0 && k.head[c]; n--) std::free(pop(k, c));
  }
  for (int c = 0; c < kClasses; c++) k.low[c] = k.count[c];
}

// cpuCacheStats(): { enabled, hits, misses, cachedBytes (this thread's), limit, highWater } (tests).
static Napi::Value CpuCacheStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  ThreadCache& k = cache;
  if (k.epoch != gEpoch.load(std::memory_order_relaxed)) flush(k);
  o.Set("enabled", Napi::Boolean::New(env, installed != nullptr && c10::GetCPUAllocator() == installed));
  o.Set("hits", Napi::Number::New(env, static_cast<double>(k.hits)));
  o.Set("misses", Napi::Number::New(env, static_cast<double>(k.misses)));
  o.Set("cachedBytes", Napi::Number::New(env, static_cast<double>(k.bytes)));
  o.Set("limit", Napi::Number::New(env, static_cast<double>(gLimit)));
  o.Set("highWater", Napi::Number::New(env, static_cast<double>(gHighWater)));
  return o;
}

// emptyCpuCache(): frees this thread's cached blocks now, every other
// thread's at its next allocation or free.
static Napi::Value EmptyCpuCache(const Napi::CallbackInfo& info) {
  gEpoch.fetch_add(1, std::memory_order_relaxed);
  flushCpuCache();
  return info.Env().Undefined();
}

void initAllocator(Napi::Env env, Napi::Object exports) {
  installCpuAllocator();
  TN_EXPORT("cpuCacheStats", CpuCacheStats);
  TN_EXPORT("emptyCpuCache", EmptyCpuCache);
}

}  // namespace tn
