'use strict';
// One training step (forward, loss, backward) of an MLP, a LeNet-5 style CNN and
// a 2-layer LSTM in torch-node. Prints JSON (ms per step, median of reps).
const { torch, nn, F } = require('../../lib');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const STEPS = arg('steps', 50), REPS = arg('reps', 5);
torch.setNumThreads(Number(process.env.BENCH_THREADS || 1));
torch.manualSeed(0);

const mlp = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
const lenet = new nn.Sequential(
  new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(),
  new nn.Linear(400, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10));
const lstm = new nn.LSTM(64, 128, 2);
const head = new nn.Linear(128, 10);

const xm = torch.randn(64, 784), ym = torch.randint(0, 10, [64]);
const xc = torch.randn(64, 1, 28, 28), yc = torch.randint(0, 10, [64]);
const xs = torch.randn(32, 32, 64), ys = torch.randint(0, 10, [32]);

function zero(ms) { for (const m of ms) m.zeroGrad(); }
const steps = {
  mlp() { zero([mlp]); F.crossEntropy(mlp(xm), ym).backward(); },
  lenet() { zero([lenet]); F.crossEntropy(lenet(xc), yc).backward(); },
  lstm() { zero([lstm, head]); const [out] = lstm(xs); F.crossEntropy(head(out.index(-1)), ys).backward(); },
};
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const res = { program: 'torch-node', ops: {} };
for (const [name, f] of Object.entries(steps)) {
  for (let i = 0; i < 5; i++) f();
  const ms = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < STEPS; i++) f();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6 / STEPS);
  }
  res.ops[name] = { median_ms: median(ms), reps_ms: ms };
}
process.stdout.write(JSON.stringify(res) + '\n');
