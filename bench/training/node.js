'use strict';
// Training-step benchmark in torch-node: one workload per process (so peak RSS is the workload's).
// Each step: optimizer.zeroGrad(), forward, cross-entropy, backward, SGD step (lr 0.01, momentum 0.9).
// Phases: the first `--first` steps of the fresh process (timed as one window), a warm-up until
// `--warmup` steps in all and `--warmup-s` seconds (faults recorded per `--block` steps), then
// `--reps` timed reps of `--steps` steps (the steady state). Prints one JSON object.
// Usage: node bench/training/node.js --workload mlp [--threads 1] [--first 250] [--warmup 2000]
//        [--warmup-s 0] [--block 250] [--steps 100] [--reps 3]
// Workloads: mlp, mlp1024, mlp4096, lenet, lstm, transformer, resnet18 (see bench/README.md).
const fs = require('fs');
const { torch, nn, F, optim } = require('../../lib');

const argv = process.argv;
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
const WORKLOAD = opt('workload', 'mlp');
const THREADS = Number(opt('threads', 1)), FIRST = Number(opt('first', 250)), WARMUP = Number(opt('warmup', 2000));
const WARMUP_S = Number(opt('warmup-s', 0)), BLOCK = Number(opt('block', 250));
const STEPS = Number(opt('steps', 100)), REPS = Number(opt('reps', 3));

torch.setNumThreads(THREADS);
torch.manualSeed(0);

const sgd = (params) => new optim.SGD(params, { lr: 0.01, momentum: 0.9 });
const mlpOf = (inp, hidden, batch) => {
  const m = new nn.Sequential(new nn.Linear(inp, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
  const x = torch.randn(batch, inp), y = torch.randint(0, 10, [batch]);
  return { opt: sgd(m.parameters()), loss: () => F.crossEntropy(m(x), y) };
};
const workloads = {
  mlp: () => mlpOf(784, 256, 64),
  mlp1024: () => mlpOf(1024, 1024, 256),
  mlp4096: () => mlpOf(4096, 4096, 256),
  lenet() {
    const m = new nn.Sequential(
      new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(),
      new nn.Linear(400, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10));
    const x = torch.randn(64, 1, 28, 28), y = torch.randint(0, 10, [64]);
    return { opt: sgd(m.parameters()), loss: () => F.crossEntropy(m(x), y) };
  },
  lstm() {
    const lstm = new nn.LSTM(64, 128, 2), head = new nn.Linear(128, 10);
    const x = torch.randn(32, 32, 64), y = torch.randint(0, 10, [32]);
    return {
      opt: sgd([...lstm.parameters(), ...head.parameters()]),
      loss: () => { const [out] = lstm(x); return F.crossEntropy(head(out.index(-1)), y); },
    };
  },
  transformer() {
    // One encoder layer, d_model 256, 4 heads, feed-forward 1024, (seq 128, batch 32, d_model).
    const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(256, 4, 1024), 1, null, false);
    const head = new nn.Linear(256, 10);
    const x = torch.randn(128, 32, 256), y = torch.randint(0, 10, [32]);
    return {
      opt: sgd([...enc.parameters(), ...head.parameters()]),
      loss: () => F.crossEntropy(head(enc(x).mean(0)), y),
    };
  },
  resnet18() {
    const { models } = require('../../lib/vision');
    const m = models.resnet18();
    const x = torch.randn(16, 3, 64, 64), y = torch.randint(0, 1000, [16]);
    return { opt: sgd(m.parameters()), loss: () => F.crossEntropy(m(x), y) };
  },
};
if (!workloads[WORKLOAD]) { console.error(`unknown workload '${WORKLOAD}'`); process.exit(2); }
const w = workloads[WORKLOAD]();
const step = () => { w.opt.zeroGrad(); w.loss().backward(); w.opt.step(); };

const faults = () => { const u = process.resourceUsage(); return u.minorPageFault + u.majorPageFault; };
const now = () => Number(process.hrtime.bigint()) / 1e9;
const rssKb = () => Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * 4;  // 4 KiB pages
const rssSetup = rssKb();

// First window: steps 1..FIRST of a fresh process.
const blocks = [];
let f0 = faults(), t0 = now();
for (let i = 0; i < FIRST; i++) step();
const firstMs = (now() - t0) * 1000, firstFaults = faults() - f0;
blocks.push({ steps: FIRST, ms: firstMs, faults: firstFaults });

// Warm-up until WARMUP steps in all and WARMUP_S seconds; faults per block.
let done = FIRST;
const w0 = now();
while (done < WARMUP || now() - w0 < WARMUP_S) {
  const b0 = faults(), tb = now();
  for (let i = 0; i < BLOCK; i++) step();
  done += BLOCK;
  blocks.push({ steps: BLOCK, ms: (now() - tb) * 1000, faults: faults() - b0 });
}
const warmupSeconds = now() - w0;

// Steady state.
const repsMs = [];
const s0 = faults();
for (let r = 0; r < REPS; r++) {
  const tr = now();
  for (let i = 0; i < STEPS; i++) step();
  repsMs.push((now() - tr) * 1000 / STEPS);
}
const steadyFaults = faults() - s0;

process.stdout.write(JSON.stringify({
  program: 'torch-node', workload: WORKLOAD, threads: torch.getNumThreads(),
  torch_version: torch.version?.torch ?? torch.__version__ ?? null, runtime: `node ${process.version}`,
  first: { steps: FIRST, ms_per_step: FIRST ? firstMs / FIRST : 0, faults_per_step: FIRST ? firstFaults / FIRST : 0 },
  warmup: { steps: done, seconds: warmupSeconds, blocks },
  steady: { steps: STEPS, reps_ms: repsMs, faults_per_step: STEPS * REPS ? steadyFaults / (STEPS * REPS) : 0 },
  rss_setup_kb: rssSetup, maxrss_kb: process.resourceUsage().maxRSS,
}) + '\n');
