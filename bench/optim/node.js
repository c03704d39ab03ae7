'use strict';
// Optimizer step time on 10 million parameters (10 tensors of 1M) in torch-node.
const { torch, nn, optim } = require('../../lib');
const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const STEPS = arg('steps', 20), REPS = arg('reps', 5);
torch.setNumThreads(Number(process.env.BENCH_THREADS || 1));
torch.manualSeed(0);
const res = { program: 'torch-node', ops: {} };
const makers = {
  sgd_momentum: (p) => new optim.SGD(p, { lr: 0.01, momentum: 0.9 }),
  adam: (p) => new optim.Adam(p, { lr: 1e-3 }),
  adamw: (p) => new optim.AdamW(p, { lr: 1e-3 }),
};
for (const [name, make] of Object.entries(makers)) {
  const params = Array.from({ length: 10 }, () => new nn.Parameter(torch.randn(1_000_000)));
  for (const p of params) p.grad = torch.randn(1_000_000);
  const opt = make(params);
  for (let i = 0; i < 3; i++) opt.step();
  const ms = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < STEPS; i++) opt.step();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6 / STEPS);
  }
  ms.sort((a, b) => a - b);
  res.ops[name] = { median_ms: ms[ms.length >> 1] };
}
process.stdout.write(JSON.stringify(res) + '\n');
