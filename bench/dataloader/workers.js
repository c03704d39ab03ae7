'use strict';
// numWorkers: one epoch over a dataset in the main thread (numWorkers 0) and
// in workers (numWorkers 2, threads or processes: --type thread|process; the
// workers' start-up counted in the first epoch; the second runs on the same
// persistent workers). Prints JSON: batches per second for each, and the
// speed-up.
//   --dataset expensive: getItem runs an augmentation-like chain of small ops (expensive.js)
//   --dataset large: getItem returns a 3xSxS image and does no work (large.js): the cost of moving batches
const { torch, DataLoader } = require('../../lib');
const { Expensive } = require('./expensive');
const { Large } = require('./large');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1] : d; };
const DATASET = arg('dataset', 'expensive'), TYPE = arg('type', 'thread');
const N = Number(arg('samples', DATASET === 'large' ? 2048 : 2560)), WORK = Number(arg('work', 20)), SIZE = Number(arg('size', 128));
const WORKERS = Number(arg('workers', 2)), BATCH = Number(arg('batch', 64));
torch.setNumThreads(1);
const ds = DATASET === 'large' ? new Large(N, SIZE) : new Expensive(N, WORK);

function run(loader) {
  const t0 = process.hrtime.bigint();
  let batches = 0;
  for (const [x, y] of loader) { batches++; void x; void y; }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { batches, seconds: s, batches_per_s: batches / s };
}

// numWorkers 0: one epoch; numWorkers > 0: the first epoch (with the workers'
// start-up) and a second one on the same persistent workers
async function epoch(numWorkers) {
  const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, numWorkers, workerType: TYPE, persistentWorkers: numWorkers > 0, generator: new torch.Generator().manualSeed(0) });
  const first = run(loader);
  const second = numWorkers > 0 ? run(loader) : first;
  await loader.close();
  return { ...second, first_epoch_batches_per_s: first.batches_per_s };
}

(async () => {
  await epoch(0); // warm up
  const main = await epoch(0);
  const workers = await epoch(WORKERS);
  const batchBytes = DATASET === 'large' ? BATCH * 3 * SIZE * SIZE * 4 : BATCH * 28 * 28 * 4;
  console.log(JSON.stringify({
    dataset: DATASET, workerType: TYPE, samples: N, work: WORK, size: SIZE, batch: BATCH, batch_mb: batchBytes / 2 ** 20, numWorkers: WORKERS, main, workers,
    speedup: workers.batches_per_s / main.batches_per_s, speedup_first_epoch: workers.first_epoch_batches_per_s / main.batches_per_s,
  }));
})();
