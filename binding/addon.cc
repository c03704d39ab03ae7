// torch-node native addon: registration only. Each area lives in its own file.
#include "common.h"

#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// glibc's fastbins make the burst of frees a garbage collection produces (a
// scavenge can release 100k tensors at once, several allocations each) pay for
// malloc_consolidate over and over; with them off, a small-op loop measured
// ~10% faster (steady state, GC included). tcache still serves the hot sizes.
// TORCH_NODE_MALLOC_TUNING=0 leaves the process's malloc settings alone.
//
// glibc's mmap / trim thresholds are left to its dynamic rule: fixing them at
// 32 / 64 MiB took a LeNet-5 step from 130 to 3 page faults a step while
// oneDNN's raw blocks still went back to free(), but once allocator.cc caches
// those too it measured no difference (LeNet-5 0.007 vs 0.01 faults a step,
// MLP 784-256-10 0.002 both, times within noise), and fixed thresholds would
// keep up to 64 MiB of freed heap. Setting only one of them is worse than
// neither (either turns the dynamic rule off: ~1,800 faults a LeNet step).
static void tuneMalloc() {
#if defined(__GLIBC__) && defined(M_MXFAST)
  const char* env = std::getenv("TORCH_NODE_MALLOC_TUNING");
  if (env && env[0] == '0') return;
  mallopt(M_MXFAST, 0);
#endif
}

namespace tn {
// image_codec.cc
void initImageCodec(Napi::Env env, Napi::Object exports);
}  // namespace tn

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
  tn::initJit(env, exports);
  tn::initImageCodec(env, exports);
  return exports;
}

NODE_API_MODULE(torch_node, Init)
