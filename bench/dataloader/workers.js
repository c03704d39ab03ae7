'use strict';
// numWorkers: one epoch over a dataset whose getItem is expensive, in the main
// thread (numWorkers 0) and in worker threads (numWorkers 2; the threads'
// start-up counted in the first epoch; the second runs on the same persistent
// workers). Prints JSON: batches per second for each, and the speed-up.
const { torch, DataLoader } = require('../../lib');
const { Expensive } = require('./expensive');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const N = arg('samples', 2560), WORK = arg('work', 20), WORKERS = arg('workers', 2);
torch.setNumThreads(1);
const ds = new Expensive(N, WORK);

function run(loader) {
  const t0 = process.hrtime.bigint();
  let batches = 0;
  for (const [x, y] of loader) { batches++; void x; void y; }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { batches, seconds: s, batches_per_s: batches / s };
}

// numWorkers 0: one epoch; numWorkers > 0: the first epoch (with the threads'
// start-up) and a second one on the same persistent workers
async function epoch(numWorkers) {
  const loader = new DataLoader(ds, { batchSize: 64, shuffle: true, numWorkers, persistentWorkers: numWorkers > 0, generator: new torch.Generator().manualSeed(0) });
  const first = run(loader);
  const second = numWorkers > 0 ? run(loader) : first;
  await loader.close();
  return { ...second, first_epoch_batches_per_s: first.batches_per_s };
}

(async () => {
  await epoch(0); // warm up
  const main = await epoch(0);
  const workers = await epoch(WORKERS);
  console.log(JSON.stringify({ samples: N, work: WORK, numWorkers: WORKERS, main, workers, speedup: workers.batches_per_s / main.batches_per_s, speedup_first_epoch: workers.first_epoch_batches_per_s / main.batches_per_s }));
})();
