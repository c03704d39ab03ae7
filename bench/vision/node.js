'use strict';
// The vision benchmark in torch-node: the same program as python.py (see there). Prints one JSON object.
// Usage: node bench/vision/node.js --root DIR [--reps 3] [--workers 0,2] [--threads 1] [--model-threads 2] [--model 0]
const { performance } = require('perf_hooks');
const torch = require('../../lib').default;
const { DataLoader } = require('../../lib');
const { datasets, models, transforms } = require('../../lib/vision');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1] : d; };
const ROOT = arg('root', null);
const REPS = Number(arg('reps', '3'));
const WORKERS = arg('workers', '0,2').split(',').filter((w) => w !== '').map(Number);
torch.setNumThreads(Number(arg('threads', '1')));
const res = { program: 'node', decoder: require('../../lib/vision/io/_native').decoderInfo().decoder, ops: {} };

async function main() {
  const tf = new transforms.Compose([
    new transforms.RandomResizedCrop(224),
    new transforms.RandomHorizontalFlip(),
    new transforms.ToTensor(),
    new transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
  ]);
  const ds = new datasets.ImageFolder(ROOT, { transform: tf });
  for (const w of WORKERS) {
    const loader = new DataLoader(ds, { batchSize: 32, shuffle: true, numWorkers: w, persistentWorkers: w > 0,
      generator: new torch.Generator().manualSeed(0) });
    let n = 0;
    for (const [x] of loader) { if (++n > 2) break; void x; }
    const ips = [];
    const cpu = [];
    for (let r = 0; r < REPS; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let images = 0;
      for (const [x] of loader) images += x.shape[0];
      ips.push(images / ((performance.now() - t0) / 1000));
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000 / images);
    }
    res.ops[`ImageFolder pipeline, numWorkers ${w}`] = { images_per_s: Math.max(...ips), reps: ips };
    // this process's CPU time (all its threads) per image: with no workers, the whole pipeline's cost, whatever the host's load
    if (w === 0) res.ops['ImageFolder pipeline, numWorkers 0, CPU time'] = { cpu_ms: Math.min(...cpu), reps: cpu };
    await loader.close();
  }

  if (arg('model', '1') === '0') { console.log(JSON.stringify(res)); return; }
  torch.setNumThreads(Number(arg('model-threads', '2')));
  torch.manualSeed(0);
  const model = models.resnet18().eval();
  for (const batch of [1, 32]) {
    const x = torch.randn(batch, 3, 224, 224);
    const ms = torch.inferenceMode(() => {
      for (let i = 0; i < 3; i++) model(x);
      const out = [];
      const iters = batch === 1 ? 20 : 3;
      for (let r = 0; r < REPS; r++) {
        const t0 = performance.now();
        for (let i = 0; i < iters; i++) model(x);
        out.push((performance.now() - t0) / iters);
      }
      return out;
    });
    res.ops[`ResNet-18 eval forward, batch ${batch}`] = { ms: Math.min(...ms), reps: ms };
  }
  console.log(JSON.stringify(res));
}
main().catch((e) => { console.error(e); process.exit(1); });
