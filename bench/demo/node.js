'use strict';
// The demo's training epoch (examples/demo.ts) in torch-node: LeNet-5 on the 60,000 MNIST training digits read by
// datasets.MNIST from <root>/MNIST/raw/, ToTensor -> Resize(32) -> Normalize((0.1307,), (0.3081,)), DataLoader
// (batch 64, shuffle), Adam lr 1e-3, cross-entropy; one epoch per numWorkers setting, data loading included
// (a loader with workers starts them in the epoch, as the demo's first epoch does). Prints one JSON object.
// Usage: node bench/demo/node.js --root DIR [--workers 0,2] [--threads 1] [--batch-size 64] [--limit 60000]
const { performance } = require('perf_hooks');
const torch = require('../../lib').default;
const { DataLoader, Subset, F, optim } = require('../../lib');
const { datasets, models, transforms } = require('../../lib/vision');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1] : d; };
const ROOT = arg('root', null);
const WORKERS = arg('workers', '0,2').split(',').filter((w) => w !== '').map(Number);
const BATCH = Number(arg('batch-size', '64'));
const LIMIT = Number(arg('limit', '60000'));
torch.setNumThreads(Number(arg('threads', '1')));

async function main() {
  const transform = new transforms.Compose([new transforms.ToTensor(), new transforms.Resize(32), new transforms.Normalize([0.1307], [0.3081])]);
  const full = new datasets.MNIST(ROOT, { train: true, transform });
  const ds = LIMIT < full.length ? new Subset(full, Array.from({ length: LIMIT }, (_, i) => i)) : full;
  const res = { program: 'node', threads: torch.getNumThreads(), ops: {} };
  for (const w of WORKERS) {
    torch.manualSeed(1);
    const model = new models.LeNet5();
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, numWorkers: w });
    model.train();
    const t0 = performance.now();
    let images = 0, loss = 0;
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const l = F.crossEntropy(model(x), y);
      l.backward();
      optimizer.step();
      loss = l.item();
      images += x.shape[0];
    }
    const s = (performance.now() - t0) / 1000;
    await loader.close?.();
    res.ops[`training epoch, numWorkers ${w}`] = { epoch_s: s, images_per_s: images / s, images, last_loss: loss };
  }
  console.log(JSON.stringify(res));
}
main().catch((e) => { console.error(e); process.exit(1); });
