// Per-op overhead loops in C++ LibTorch (ATen). Prints one JSON object to stdout.
// Usage: overhead [--iters N] [--reps N] [--warmup N]
// Built by bench/overhead/run.js against the same LibTorch torch-node uses.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#if __has_include(<torch/version.h>)
#include <torch/version.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t k = v.size() / 2;
  return v.size() % 2 ? v[k] : (v[k - 1] + v[k]) / 2;
}

int main(int argc, char** argv) {
  long iters = 100000, reps = 5, warmup = 10000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--iters")) iters = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--reps")) reps = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--warmup")) warmup = std::atol(argv[i + 1]);
  }

  at::set_num_threads(1);
  at::manual_seed(0);
  at::Tensor a = at::randn({10}), b = at::randn({10});
  at::Tensor m = at::randn({64, 64}), n = at::randn({64, 64});

  // Each loop assigns to a Tensor that lives outside it, as the other two
  // programs do; the previous result is freed on reassignment.
  at::Tensor r;
  std::vector<std::pair<const char*, std::function<void(long)>>> ops = {
      {"add", [&](long k) { for (long i = 0; i < k; i++) r = at::add(a, b); }},
      {"mul", [&](long k) { for (long i = 0; i < k; i++) r = at::mul(a, b); }},
      {"matmul", [&](long k) { for (long i = 0; i < k; i++) r = at::matmul(m, n); }},
      {"sum", [&](long k) { for (long i = 0; i < k; i++) r = at::sum(a); }},
      {"atan2", [&](long k) { for (long i = 0; i < k; i++) r = at::atan2(a, b); }},
      {"cumsum", [&](long k) { for (long i = 0; i < k; i++) r = at::cumsum(a, 0); }},
  };

#ifdef TORCH_VERSION
  const char* version = TORCH_VERSION;
#else
  const char* version = "unknown";
#endif
  std::printf("{\"program\":\"c++\",\"torch_version\":\"%s\",\"runtime\":\"g++ %s\",\"threads\":%d,"
              "\"iters\":%ld,\"reps\":%ld,\"ops\":{",
              version, __VERSION__, at::get_num_threads(), iters, reps);
  bool first = true;
  for (auto& [name, fn] : ops) {
    fn(warmup);
    std::vector<double> us;
    for (long rep = 0; rep < reps; rep++) {
      auto t0 = std::chrono::steady_clock::now();
      fn(iters);
      auto t1 = std::chrono::steady_clock::now();
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / iters);
    }
    std::printf("%s\"%s\":{\"median_us\":%.6g,\"min_us\":%.6g,\"reps_us\":[", first ? "" : ",", name,
                median(us), *std::min_element(us.begin(), us.end()));
    for (size_t i = 0; i < us.size(); i++) std::printf("%s%.6g", i ? "," : "", us[i]);
    std::printf("]}");
    first = false;
  }
  std::printf("}}\n");
  return 0;
}
