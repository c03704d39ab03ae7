// torch-node native addon: registration only. Each area lives in its own file.
#include "common.h"

#include <cstdlib>
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// glibc's fastbins make the burst of frees a garbage collection produces (a
// scavenge can release 100k tensors at once, several allocations each) pay for
// malloc_consolidate over and over; with them off, a small-op loop measured
// ~10% faster (steady state, GC included). tcache still serves the hot sizes.
//
// glibc's mmap and trim thresholds are fixed at the values its dynamic rule
// reaches at most (mmap 32 MiB, trim twice that): tensor blocks go through the
// addon's block cache (allocator.cc), but LibTorch and oneDNN also malloc
// scratch buffers of a few hundred KB per op, and with the thresholds left
// dynamic they still start at 128 KiB, so each such buffer was mmapped and
// unmapped, or the heap top trimmed and regrown, every step. A LeNet-5 training
// step (batch 64, 1 thread) took 130 page faults a step in the steady state
// with the block cache alone, 3 with these thresholds (Python: ~530). Setting
// only one of the two is worse than neither: any of them turns glibc's dynamic
// rule off (measured ~1,800 faults a step either way). Left alone where the
// user set glibc's own variables (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_,
// GLIBC_TUNABLES). TORCH_NODE_MALLOC_TUNING=0 leaves the process's malloc
// settings alone (all of the above).
static void tuneMalloc() {
#if defined(__GLIBC__) && defined(M_MXFAST)
  const char* env = std::getenv("TORCH_NODE_MALLOC_TUNING");
  if (env && env[0] == '0') return;
  mallopt(M_MXFAST, 0);
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (!std::getenv("MALLOC_MMAP_THRESHOLD_") && !std::getenv("MALLOC_TRIM_THRESHOLD_") &&
      !(tunables && std::strstr(tunables, "glibc.malloc."))) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
  }
#endif
#endif
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  static bool tuned = false;
  if (!tuned) {
    tuned = true;
    tuneMalloc();
  }
  tn::initAllocator(env, exports);
  tn::initHandles(env, exports);
  tn::initOps(env, exports);
  tn::initTensor(env, exports);
  tn::initRuntime(env, exports);
  tn::initFast(env, exports);
  tn::initAutograd(env, exports);
  tn::initFunction(env, exports);
  return exports;
}

NODE_API_MODULE(torch_node, Init)
