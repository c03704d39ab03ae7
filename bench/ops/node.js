'use strict';
// Small ops users call in model code, in torch-node: one loop per op (each
// expression runs `--steps` times per rep). Prints JSON (us per op, median of reps).
const { torch, F } = require('../../lib');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const STEPS = arg('steps', 20000), REPS = arg('reps', 5);
torch.setNumThreads(1);
torch.manualSeed(0);
const a = torch.randn(10), b = torch.randn(10), m = torch.randn(4, 5);
const c = a.gt(0), w = torch.randn(3, 5), bias = torch.randn(3);
const xs = Array.from({ length: 64 }, () => torch.randn(784));

// The same expressions as python.py, written as a PORTING.md user writes them.
const ops = {
  'view(5, 4)': () => m.view(5, 4),
  'reshape([20])': () => m.reshape([20]),
  'unsqueeze(0)': () => a.unsqueeze(0),
  'transpose(0, 1)': () => m.transpose(0, 1),
  'permute(1, 0)': () => m.permute(1, 0),
  'x[1]': () => m.index(1),
  'sum(1)': () => m.sum(1),
  'mean(1, keepdim)': () => m.mean(1, true),
  'max(1)': () => m.max(1),
  'softmax(m, 1)': () => F.softmax(m, 1),
  'relu(a)': () => F.relu(a),
  'add(2)': () => a.add(2),
  'add(b, alpha=2)': () => a.add(b, { alpha: 2 }),
  'clamp(-0.5, 0.5)': () => a.clamp(-0.5, 0.5),
  'where(c, a, b)': () => torch.where(c, a, b),
  'cat([a, b])': () => torch.cat([a, b]),
  'stack(64 x 784)': () => torch.stack(xs),
  'linear(m, w, bias)': () => F.linear(m, w, bias),
};
const median = (v) => [...v].sort((x, y) => x - y)[v.length >> 1];
const res = { program: 'torch-node', ops: {} };
for (const [name, f] of Object.entries(ops)) {
  // a loop of its own per op, so each call site stays monomorphic
  const loop = new Function('f', 'n', 'let r; for (let i = 0; i < n; i++) r = f(); return r;');
  loop(f, STEPS);
  const us = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    loop(f, STEPS);
    us.push(Number(process.hrtime.bigint() - t0) / 1e3 / STEPS);
  }
  res.ops[name] = { median_us: median(us), min_us: Math.min(...us), reps_us: us };
}
process.stdout.write(JSON.stringify(res) + '\n');
