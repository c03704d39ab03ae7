// Training-step benchmark in the LibTorch C++ frontend (torch::nn, torch::optim): the same
// workloads as ../node.js and ../python.py. One workload per process; prints one JSON object.
// Usage: training --workload NAME [--threads N] [--first N] [--warmup N] [--warmup-s S]
//                 [--block N] [--steps N] [--reps N]
// Built by bench/training/run.js against the LibTorch torch-node uses.
#include <torch/torch.h>
#include <ATen/Parallel.h>
#if __has_include(<torch/version.h>)
#include <torch/version.h>
#endif
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace nn = torch::nn;

// ---- ResNet-18 (torchvision's layout: BasicBlock x [2, 2, 2, 2], 1000 classes) ----
struct BasicBlockImpl : nn::Module {
  nn::Conv2d conv1{nullptr}, conv2{nullptr};
  nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  nn::Sequential downsample{nullptr};
  BasicBlockImpl(int64_t in, int64_t out, int64_t stride) {
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    bn1 = register_module("bn1", nn::BatchNorm2d(out));
    conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(out, out, 3).stride(1).padding(1).bias(false)));
    bn2 = register_module("bn2", nn::BatchNorm2d(out));
    if (stride != 1 || in != out) {
      downsample = register_module("downsample", nn::Sequential(
          nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)), nn::BatchNorm2d(out)));
    }
  }
  torch::Tensor forward(torch::Tensor x) {
    auto identity = x;
    auto out = torch::relu(bn1(conv1(x)));
    out = bn2(conv2(out));
    if (downsample) identity = downsample->forward(x);
    out += identity;
    return torch::relu(out);
  }
};
TORCH_MODULE(BasicBlock);

struct ResNet18Impl : nn::Module {
  nn::Conv2d conv1{nullptr};
  nn::BatchNorm2d bn1{nullptr};
  nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
  nn::Linear fc{nullptr};
  static nn::Sequential layer(int64_t in, int64_t out, int64_t stride) {
    return nn::Sequential(BasicBlock(in, out, stride), BasicBlock(out, out, 1));
  }
  ResNet18Impl() {
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
    bn1 = register_module("bn1", nn::BatchNorm2d(64));
    layer1 = register_module("layer1", layer(64, 64, 1));
    layer2 = register_module("layer2", layer(64, 128, 2));
    layer3 = register_module("layer3", layer(128, 256, 2));
    layer4 = register_module("layer4", layer(256, 512, 2));
    fc = register_module("fc", nn::Linear(512, 1000));
    for (auto& m : modules(/*include_self=*/false)) {
      if (auto* c = m->as<nn::Conv2d>()) nn::init::kaiming_normal_(c->weight, 0, torch::kFanOut, torch::kReLU);
    }
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(bn1(conv1(x)));
    x = torch::max_pool2d(x, 3, 2, 1);
    x = layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
    x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    return fc(x);
  }
};
TORCH_MODULE(ResNet18);

// ---- The step of each workload: zero grads, forward, cross-entropy, backward, SGD step ----
struct Workload {
  std::shared_ptr<torch::optim::SGD> opt;
  std::function<torch::Tensor()> loss;
  void step() {
    opt->zero_grad();
    loss().backward();
    opt->step();
  }
};

static std::shared_ptr<torch::optim::SGD> sgd(const std::vector<torch::Tensor>& params) {
  return std::make_shared<torch::optim::SGD>(params, torch::optim::SGDOptions(0.01).momentum(0.9));
}

static std::vector<torch::Tensor> cat(std::vector<torch::Tensor> a, const std::vector<torch::Tensor>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

static bool make(const std::string& name, Workload& w) {
  namespace F = torch::nn::functional;
  auto mlpOf = [&](int64_t in, int64_t hidden, int64_t batch) {
    nn::Sequential m(nn::Linear(in, hidden), nn::ReLU(), nn::Linear(hidden, 10));
    auto x = torch::randn({batch, in});
    auto y = torch::randint(0, 10, {batch}, torch::kLong);
    w.opt = sgd(m->parameters());
    w.loss = [m, x, y]() mutable { return F::cross_entropy(m->forward(x), y); };
  };
  if (name == "mlp") mlpOf(784, 256, 64);
  else if (name == "mlp1024") mlpOf(1024, 1024, 256);
  else if (name == "mlp4096") mlpOf(4096, 4096, 256);
  else if (name == "lenet") {
    nn::Sequential m(
        nn::Conv2d(nn::Conv2dOptions(1, 6, 5).padding(2)), nn::ReLU(), nn::MaxPool2d(2),
        nn::Conv2d(nn::Conv2dOptions(6, 16, 5)), nn::ReLU(), nn::MaxPool2d(2), nn::Flatten(),
        nn::Linear(400, 120), nn::ReLU(), nn::Linear(120, 84), nn::ReLU(), nn::Linear(84, 10));
    auto x = torch::randn({64, 1, 28, 28});
    auto y = torch::randint(0, 10, {64}, torch::kLong);
    w.opt = sgd(m->parameters());
    w.loss = [m, x, y]() mutable { return F::cross_entropy(m->forward(x), y); };
  } else if (name == "lstm") {
    nn::LSTM lstm(nn::LSTMOptions(64, 128).num_layers(2));
    nn::Linear head(128, 10);
    auto x = torch::randn({32, 32, 64});
    auto y = torch::randint(0, 10, {32}, torch::kLong);
    w.opt = sgd(cat(lstm->parameters(), head->parameters()));
    w.loss = [lstm, head, x, y]() mutable {
      auto out = std::get<0>(lstm->forward(x));
      return F::cross_entropy(head->forward(out.select(0, -1)), y);
    };
  } else if (name == "transformer") {
    nn::TransformerEncoder enc(nn::TransformerEncoderOptions(
        nn::TransformerEncoderLayerOptions(256, 4).dim_feedforward(1024), 1));
    nn::Linear head(256, 10);
    auto x = torch::randn({128, 32, 256});  // (seq, batch, d_model)
    auto y = torch::randint(0, 10, {32}, torch::kLong);
    w.opt = sgd(cat(enc->parameters(), head->parameters()));
    w.loss = [enc, head, x, y]() mutable {
      return F::cross_entropy(head->forward(enc->forward(x).mean(0)), y);
    };
  } else if (name == "resnet18") {
    ResNet18 m;
    auto x = torch::randn({16, 3, 64, 64});
    auto y = torch::randint(0, 1000, {16}, torch::kLong);
    w.opt = sgd(m->parameters());
    w.loss = [m, x, y]() mutable { return F::cross_entropy(m->forward(x), y); };
  } else {
    return false;
  }
  return true;
}

static long faults() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt + u.ru_majflt;
}
static long maxrssKb() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}
static long rssKb() {
  std::ifstream f("/proc/self/statm");
  long size = 0, resident = 0;
  f >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}
static double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char** argv) {
  std::string workload;
  long threads = 1, first = 250, warmup = 2000, block = 250, steps = 100, reps = 3;
  double warmupS = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--workload") workload = v;
    else if (k == "--threads") threads = std::atol(v);
    else if (k == "--first") first = std::atol(v);
    else if (k == "--warmup") warmup = std::atol(v);
    else if (k == "--warmup-s") warmupS = std::atof(v);
    else if (k == "--block") block = std::atol(v);
    else if (k == "--steps") steps = std::atol(v);
    else if (k == "--reps") reps = std::atol(v);
    else { std::fprintf(stderr, "unknown option %s\n", k.c_str()); return 2; }
  }
  at::set_num_threads(static_cast<int>(threads));
  torch::manual_seed(0);
  Workload w;
  if (!make(workload, w)) { std::fprintf(stderr, "unknown workload '%s'\n", workload.c_str()); return 2; }
  const long rssSetup = rssKb();

  // First window: steps 1..first of a fresh process.
  std::ostringstream blocks;
  long f0 = faults();
  double t0 = now();
  for (long i = 0; i < first; i++) w.step();
  double firstMs = (now() - t0) * 1000;
  long firstFaults = faults() - f0;
  blocks << "{\"steps\":" << first << ",\"ms\":" << firstMs << ",\"faults\":" << firstFaults << "}";

  // Warm-up: until `warmup` steps in all and `warmupS` seconds of warm-up; faults recorded per block.
  long done = first;
  double w0 = now();
  while (done < warmup || now() - w0 < warmupS) {
    long b0 = faults();
    double tb = now();
    long n = 0;
    for (; n < block; n++) w.step();
    done += n;
    blocks << ",{\"steps\":" << n << ",\"ms\":" << (now() - tb) * 1000 << ",\"faults\":" << faults() - b0 << "}";
  }
  double warmupSeconds = now() - w0;

  // Steady state: reps x steps, each rep timed.
  std::ostringstream repsMs;
  long s0 = faults();
  for (long r = 0; r < reps; r++) {
    double tr = now();
    for (long i = 0; i < steps; i++) w.step();
    repsMs << (r ? "," : "") << (now() - tr) * 1000 / steps;
  }
  long steadyFaults = faults() - s0;

  std::printf(
      "{\"program\":\"c++\",\"workload\":\"%s\",\"threads\":%d,\"torch_version\":\"%s\",\"runtime\":\"g++ %s\","
      "\"first\":{\"steps\":%ld,\"ms_per_step\":%.6f,\"faults_per_step\":%.4f},"
      "\"warmup\":{\"steps\":%ld,\"seconds\":%.3f,\"blocks\":[%s]},"
      "\"steady\":{\"steps\":%ld,\"reps_ms\":[%s],\"faults_per_step\":%.4f},"
      "\"rss_setup_kb\":%ld,\"maxrss_kb\":%ld}\n",
      workload.c_str(), at::get_num_threads(),
#ifdef TORCH_VERSION
      TORCH_VERSION,
#else
      "unknown",
#endif
      __VERSION__, first, first ? firstMs / first : 0.0, first ? double(firstFaults) / first : 0.0, done,
      warmupSeconds, blocks.str().c_str(), steps, repsMs.str().c_str(),
      steps * reps ? double(steadyFaults) / (steps * reps) : 0.0, rssSetup, maxrssKb());
  return 0;
}
