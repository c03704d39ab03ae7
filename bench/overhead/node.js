'use strict';
// Per-op overhead loops in torch-node. Prints one JSON object to stdout.
// Usage: node bench/overhead/node.js [--iters N] [--reps N] [--warmup N]
const torch = require('../../lib').default;

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const ITERS = arg('iters', 100000);
const REPS = arg('reps', 5);
const WARMUP = arg('warmup', 10000);

torch.setNumThreads(1);
torch.manualSeed(0);
const a = torch.randn(10), b = torch.randn(10);
const m = torch.randn(64, 64), n = torch.randn(64, 64);

// One function per op so each loop stays monomorphic; results are kept in a
// variable so nothing can be dropped, and left to the GC (no dispose).
const ops = {
  add(iters) { let r; for (let i = 0; i < iters; i++) r = a.add(b); return r; },
  mul(iters) { let r; for (let i = 0; i < iters; i++) r = a.mul(b); return r; },
  matmul(iters) { let r; for (let i = 0; i < iters; i++) r = m.matmul(n); return r; },
  sum(iters) { let r; for (let i = 0; i < iters; i++) r = a.sum(); return r; },
  // through the generated op surface (Python overload resolution + boxed call)
  atan2(iters) { let r; for (let i = 0; i < iters; i++) r = a.atan2(b); return r; },
  cumsum(iters) { let r; for (let i = 0; i < iters; i++) r = a.cumsum(0); return r; },
};

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };

const result = {
  program: 'torch-node', torch_version: torch.__version__, runtime: `node ${process.version}`,
  threads: torch.getNumThreads(), iters: ITERS, reps: REPS, ops: {},
};
for (const [name, fn] of Object.entries(ops)) {
  fn(WARMUP);
  const us = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    fn(ITERS);
    const t1 = process.hrtime.bigint();
    us.push(Number(t1 - t0) / 1e3 / ITERS);
  }
  result.ops[name] = { median_us: median(us), min_us: Math.min(...us), reps_us: us };
}
process.stdout.write(JSON.stringify(result) + '\n');
