// torch-node native addon: registration only. Each area lives in its own file.
#include "common.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tn::initHandles(env, exports);
  tn::initOps(env, exports);
  tn::initTensor(env, exports);
  tn::initRuntime(env, exports);
  tn::initFast(env, exports);
  return exports;
}

NODE_API_MODULE(torch_node, Init)
