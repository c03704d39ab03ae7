'use strict';
// DataLoader benchmark: torch-node vs Python torch (num_workers=0) in one run,
// then torch-node's numWorkers=2 against numWorkers=0 on an expensive dataset.
// Usage: node bench/dataloader/run.js [--rounds 3] [--reps 3]
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const os = require('os');

const root = path.join(__dirname, '..', '..');
const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1] : d; };
const rounds = Number(arg('rounds', 3));
const pass = ['--reps', arg('reps', '3')];
const py = [process.env.TORCH_NODE_BENCH_PYTHON, path.join(root, '.oracle-venv', 'bin', 'python'), 'python3']
  .filter(Boolean).find((p) => { try { execFileSync(p, ['-c', 'import torch'], { stdio: 'ignore' }); return true; } catch { return false; } });

const best = { node: {}, python: {} };
const take = (who, out) => {
  for (const [k, v] of Object.entries(JSON.parse(out).ops)) best[who][k] = Math.min(best[who][k] ?? Infinity, v.median_ms);
};
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`bench: round ${r + 1}/${rounds}\n`);
  take('node', execFileSync(process.execPath, [path.join(__dirname, 'node.js'), ...pass], { encoding: 'utf8' }));
  if (py) take('python', execFileSync(py, [path.join(__dirname, 'python.py'), ...pass], { encoding: 'utf8' }));
}
// batches per second: torch-node over Python (>= 1.0: torch-node is as fast or faster)
const rows = Object.keys(best.node).map((k) => ({
  dataset: k, node_bps: 1000 / best.node[k], python_bps: best.python[k] ? 1000 / best.python[k] : null,
  ratio: best.python[k] ? best.python[k] / best.node[k] : null,
}));
const table = ['| dataset | torch-node batches/s | python batches/s | node/python (batches/s) |', '| --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.dataset} | ${r.node_bps.toFixed(0)} | ${r.python_bps?.toFixed(0) ?? '-'} | ${r.ratio ? r.ratio.toFixed(3) : '-'} |`)].join('\n');
const main = rows.find((r) => r.dataset === 'TensorDataset');
const verdict = `target node/python >= 1.0 in batches per second (TensorDataset): ${main && main.ratio >= 1 ? 'met' : 'NOT met'}`;
console.log(`${table}\n\n${verdict}`);

// numWorkers: threads and processes, on an expensive dataset and on a large one, interleaved; best of `rounds`
const wrounds = Number(arg('worker-rounds', 2));
const W = {};
for (let r = 0; r < wrounds; r++) {
  for (const dataset of ['expensive', 'large']) {
    for (const type of ['thread', 'process']) {
      process.stderr.write(`bench: numWorkers, ${dataset} dataset, ${type} workers, round ${r + 1}/${wrounds}\n`);
      const w = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'workers.js'), '--dataset', dataset, '--type', type], { encoding: 'utf8' }));
      const k = `${dataset}/${type}`;
      const prev = W[k];
      W[k] = prev ?? w;
      if (prev) {
        // best of the rounds, per measurement
        W[k].main.batches_per_s = Math.max(prev.main.batches_per_s, w.main.batches_per_s);
        W[k].workers.batches_per_s = Math.max(prev.workers.batches_per_s, w.workers.batches_per_s);
        W[k].workers.first_epoch_batches_per_s = Math.max(prev.workers.first_epoch_batches_per_s, w.workers.first_epoch_batches_per_s);
      }
    }
  }
}
const wrow = (d) => {
  const t = W[`${d}/thread`], p = W[`${d}/process`];
  const main = Math.max(t.main.batches_per_s, p.main.batches_per_s);
  return [
    `| numWorkers 0 | ${main.toFixed(2)} | |`,
    `| numWorkers ${t.numWorkers} threads, first epoch (start-up included) | ${t.workers.first_epoch_batches_per_s.toFixed(2)} | ${(t.workers.first_epoch_batches_per_s / main).toFixed(2)}x |`,
    `| numWorkers ${t.numWorkers} threads, persistent workers, next epoch | ${t.workers.batches_per_s.toFixed(2)} | ${(t.workers.batches_per_s / main).toFixed(2)}x |`,
    `| numWorkers ${p.numWorkers} processes, first epoch (start-up included) | ${p.workers.first_epoch_batches_per_s.toFixed(2)} | ${(p.workers.first_epoch_batches_per_s / main).toFixed(2)}x |`,
    `| numWorkers ${p.numWorkers} processes, persistent workers, next epoch | ${p.workers.batches_per_s.toFixed(2)} | ${(p.workers.batches_per_s / main).toFixed(2)}x |`,
  ];
};
const head = ['| loader | batches/s | vs numWorkers 0 |', '| --- | ---: | ---: |'];
const ex = W['expensive/thread'], lg = W['large/thread'];
const wtable = [
  `Expensive samples: one epoch of ${ex.samples} samples (batch ${ex.batch}, shuffle) whose getItem runs ${ex.work} conv2d+mul+clamp steps on a 1x28x28 image (bench/dataloader/expensive.js).`, '',
  ...head, ...wrow('expensive'), '',
  `Large samples: one epoch of ${lg.samples} samples (batch ${lg.batch}, shuffle) of 3x${lg.size}x${lg.size} float32 (${lg.batch_mb.toFixed(1)} MiB per batch) with no work in getItem (bench/dataloader/large.js): the cost of moving batches from the workers.`, '',
  ...head, ...wrow('large'),
].join('\n');
const wline = `best of ${wrounds} interleaved rounds; ${os.cpus().length} CPU(s), load average ${os.loadavg()[0].toFixed(1)} at the end`;
console.log(`\n${wtable}\n\n${wline}`);

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'dataloader.md'),
  `# DataLoader: torch-node vs Python torch\n\nGenerated by \`node bench/dataloader/run.js\` on ${new Date().toISOString()}; ${os.cpus()[0].model} x${os.cpus().length}, ` +
  `node ${process.version}, 1 intra-op thread; best of ${rounds} interleaved rounds (median of ${pass[1]} epochs each).\n` +
  'One epoch of DataLoader(dataset, batch 64, shuffle, own generator) over 60,000 samples of 1x28x28 float32 with int64 labels, ' +
  'no work per batch; Python: DataLoader(num_workers=0). "Dataset subclass" is a user class whose getItem returns [X.index(i), Y.index(i)] ' +
  '(Python: `return X[i], Y[i]`), so it also measures per-sample indexing.\n\n' +
  `${table}\n\n${verdict}\n\n## numWorkers: worker threads and worker processes\n\n` +
  'The main thread and the workers each use 1 intra-op thread (worker processes set it as Python\'s workers do; worker threads share the main process\'s pool). ' +
  'Batches cross from worker threads as transferred ArrayBuffers (no copy) and from worker processes as raw bytes over the IPC pipe (`serialization: "advanced"`), ' +
  'relayed to the main thread without another copy.\n\n' +
  `${wtable}\n\n${wline}\n`);
fs.writeFileSync(path.join(root, 'bench', 'results', 'dataloader.json'), JSON.stringify({ date: new Date().toISOString(), rows, workers: W, loadavg: os.loadavg(), cpu: os.cpus()[0].model }, null, 1));
