'use strict';
// torch-node side of bench/cuda. Prints JSON (ms per call / step).
const { torch, nn, F, optim } = require('../../lib');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const STEPS = arg('steps', 200), REPS = arg('reps', 5);
const res = { program: 'torch-node', ops: {} };
if (!torch.cuda.isAvailable()) {
  process.stdout.write(JSON.stringify(res) + '\n');
  process.exit(0);
}
const dev = 'cuda';
torch.manualSeed(0);
const a = torch.randn(64, { device: dev }), b = torch.randn(64, { device: dev });
const m = torch.randn(8, 8, { device: dev });
const mlp = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10)).to(dev);
const lenet = new nn.Sequential(
  new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(),
  new nn.Linear(400, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10)).to(dev);
const optM = new optim.SGD(mlp.parameters(), { lr: 0.01, momentum: 0.9 });
const optL = new optim.SGD(lenet.parameters(), { lr: 0.01, momentum: 0.9 });
const xm = torch.randn(64, 784, { device: dev }), ym = torch.randint(0, 10, [64], { device: dev });
const xc = torch.randn(64, 1, 28, 28, { device: dev }), yc = torch.randint(0, 10, [64], { device: dev });

const cases = {
  add: () => a.add(b),
  mul: () => a.mul(b),
  sum: () => a.sum(),
  matmul: () => m.matmul(m),
  relu: () => a.relu(),
  mlp_step: () => { optM.zeroGrad(); F.crossEntropy(mlp(xm), ym).backward(); optM.step(); },
  lenet_step: () => { optL.zeroGrad(); F.crossEntropy(lenet(xc), yc).backward(); optL.step(); },
};
const median = (v) => { const s = [...v].sort((x, y) => x - y); return s[s.length >> 1]; };
for (const [name, f] of Object.entries(cases)) {
  const n = name.endsWith('_step') ? Math.max(10, STEPS >> 2) : STEPS * 10;
  for (let i = 0; i < 20; i++) f();
  torch.cuda.synchronize();
  const ms = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    torch.cuda.synchronize();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  res.ops[name] = { median_ms: median(ms), reps_ms: ms };
}
res.device = torch.cuda.getDeviceName();
process.stdout.write(JSON.stringify(res) + '\n');
