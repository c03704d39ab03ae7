'use strict';
// One epoch of a DataLoader over 60,000 samples of 1x28x28 (batch 64, shuffle)
// in torch-node. Prints JSON: ms per batch (median of reps).
const { torch, DataLoader, TensorDataset, Dataset } = require('../../lib');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const REPS = arg('reps', 3);
torch.setNumThreads(Number(process.env.BENCH_THREADS || 1));
torch.manualSeed(0);
const N = 60000;
const X = torch.randn(N, 1, 28, 28), Y = torch.randint(0, 10, [N]);

// the dataset a user writes (Python: class MNISTLike(Dataset): __getitem__ returns (X[i], Y[i]))
class Custom extends Dataset {
  getItem(i) { return [X.index(i), Y.index(i)]; }
  get length() { return N; }
}
const cases = {
  'TensorDataset': new TensorDataset(X, Y),
  'Dataset subclass': new Custom(),
};
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const res = { program: 'torch-node', ops: {} };
for (const [name, ds] of Object.entries(cases)) {
  const loader = new DataLoader(ds, { batchSize: 64, shuffle: true, generator: new torch.Generator().manualSeed(0) });
  let n = 0;
  for (const [x] of loader) { n++; if (n > 20) break; } // warm up
  const ms = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    let batches = 0;
    for (const [x, y] of loader) { batches++; void x; void y; }
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6 / batches);
  }
  res.ops[name] = { median_ms: median(ms), reps_ms: ms };
}
console.log(JSON.stringify(res));
