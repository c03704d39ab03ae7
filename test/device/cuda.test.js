'use strict';
// Device-parametrised checks: the same computations on CPU and on CUDA agree at
// GPU tolerance. Runs with Node's own test runner (no dev dependencies), on the
// built lib/: `node --test test/device/`. Without CUDA every test skips.
const { test } = require('node:test');
const assert = require('node:assert');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const { torch, nn, F, optim } = require('../../lib');

// TORCH_NODE_DEVICE_DRYRUN=1 runs the comparisons with "cpu" as the device (a
// check of this file itself on a machine without a GPU); CUDA-only tests still skip.
const cuda = torch.cuda.isAvailable();
const dry = !cuda && process.env.TORCH_NODE_DEVICE_DRYRUN === '1';
const skip = cuda || dry ? false : 'CUDA is not available';
const cudaOnly = cuda ? false : 'CUDA is not available';
const dev = cuda ? 'cuda' : 'cpu';

function close(a, b, rtol = 1e-4, atol = 1e-5, what = '') {
  const x = Array.from(a.detach().cpu().float().toTypedArray()), y = Array.from(b.detach().cpu().float().toTypedArray());
  assert.deepStrictEqual(a.shape, b.shape, `${what} shape`);
  for (let i = 0; i < x.length; i++)
    assert.ok(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
}

test('runtime: devices, names, synchronize, seeds', { skip: cudaOnly }, () => {
  assert.ok(torch.cuda.isBuilt());
  assert.ok(torch.cuda.deviceCount() >= 1);
  assert.strictEqual(torch.cuda.currentDevice(), 0);
  const p = torch.cuda.getDeviceProperties(0);
  assert.ok(p.name.length > 0 && p.totalMemory > 0 && p.major >= 3, JSON.stringify(p));
  assert.strictEqual(torch.cuda.getDeviceName(), p.name);
  torch.cuda.synchronize();
  torch.manualSeed(7);
  const a = torch.randn(1000, { device: dev });
  torch.manualSeed(7);
  const b = torch.randn(1000, { device: dev });
  assert.ok(a.equal(b));
  assert.strictEqual(a.device.toString(), 'cuda:0');
  const [free, total] = torch.cuda.memGetInfo();
  assert.ok(free > 0 && total >= free);
});

test('tensor ops agree with CPU', { skip }, () => {
  torch.manualSeed(0);
  const a = torch.randn(33, 17), b = torch.randn(17, 9), c = torch.randn(33, 9);
  const ga = a.to(dev), gb = b.to(dev), gc = c.to(dev);
  close(ga.matmul(gb), a.matmul(b), 1e-3, 1e-3, 'matmul');
  close(ga.exp().sum(1), a.exp().sum(1), 1e-4, 1e-4, 'exp.sum');
  close(gc.softmax(1), c.softmax(1), 1e-5, 1e-6, 'softmax');
  close(gc.index(":", torch.tensor([0, 2, 4]).to(dev)), c.index(":", torch.tensor([0, 2, 4])), 0, 0, "index");
  close(ga.t().contiguous().add(1).mul(2), a.t().contiguous().add(1).mul(2), 0, 1e-6, 'elementwise');
  close(torch.where(gc.gt(0), gc, gc.neg()), torch.where(c.gt(0), c, c.neg()), 0, 0, 'where');
  const [v, i] = [gc.max(1).values, gc.max(1).indices];
  close(v, c.max(1).values, 0, 0, 'max'); close(i, c.max(1).indices, 0, 0, 'argmax');
});

test('autograd: gradients agree with CPU', { skip }, () => {
  torch.manualSeed(1);
  const w = torch.randn(5, 3, { requiresGrad: true }), x = torch.randn(8, 5);
  const gw = w.detach().to(dev).requiresGrad_(), gx = x.to(dev);
  x.matmul(w).tanh().pow(2).sum().backward();
  gx.matmul(gw).tanh().pow(2).sum().backward();
  close(gw.grad, w.grad, 1e-4, 1e-5, 'grad');
});

test('nn layers: forward and backward agree with CPU', { skip }, () => {
  torch.manualSeed(2);
  const layers = [
    [new nn.Linear(10, 4), () => torch.randn(6, 10)],
    [new nn.Conv2d(3, 4, 3, { padding: 1 }), () => torch.randn(2, 3, 8, 8)],
    [new nn.BatchNorm1d(5), () => torch.randn(7, 5)],
    [new nn.LayerNorm(6), () => torch.randn(3, 6)],
    [new nn.LSTM(4, 6, { numLayers: 2, batchFirst: true }), () => torch.randn(2, 5, 4)],
    [new nn.MultiheadAttention(8, 2, { batchFirst: true }), () => torch.randn(2, 3, 8)],
  ];
  for (const [layer, mk] of layers) {
    const x = mk();
    const sd = layer.stateDict();
    const out = (m, inp) => {
      const r = layer instanceof nn.MultiheadAttention ? m(inp, inp, inp)[0] : m(inp);
      return Array.isArray(r) ? r[0] : r;
    };
    const cpuOut = out(layer, x);
    cpuOut.sum().backward();
    const cpuGrads = [...layer.parameters()].map((p) => p.grad.clone());
    layer.zeroGrad();
    layer.to(dev);
    const gOut = out(layer, x.to(dev));
    gOut.sum().backward();
    close(gOut, cpuOut, 1e-3, 1e-4, `${layer.constructor.name} out`);
    [...layer.parameters()].forEach((p, i) => close(p.grad, cpuGrads[i], 1e-3, 1e-3, `${layer.constructor.name} grad ${i}`));
    void sd;
  }
});

test('optimizers: 5 steps agree with CPU', { skip }, () => {
  for (const make of [(p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 }), (p) => new optim.Adam(p, { lr: 0.01 }), (p) => new optim.AdamW(p, { lr: 0.01 })]) {
    const run = (device) => {
      torch.manualSeed(3);
      const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 2)).to(device);
      const opt = make(model.parameters());
      torch.manualSeed(4);
      const x = torch.randn(16, 4).to(device), y = torch.randn(16, 2).to(device);
      for (let i = 0; i < 5; i++) { opt.zeroGrad(); F.mseLoss(model(x), y).backward(); opt.step(); }
      return model.stateDict();
    };
    const c = run('cpu'), g = run(dev);
    for (const k of Object.keys(c)) close(g[k], c[k], 1e-4, 1e-5, k);
  }
});

test('serialization: save on CUDA, load with mapLocation', { skip: cudaOnly }, () => {
  const file = path.join(os.tmpdir(), `tn-cuda-${process.pid}.pt`);
  const t = torch.arange(6, { dtype: torch.float32, device: dev }).reshape(2, 3);
  torch.save({ t }, file);
  const onCpu = torch.load(file, { mapLocation: 'cpu' });
  assert.strictEqual(onCpu.t.device.type, 'cpu');
  close(onCpu.t, t.cpu(), 0, 0, 'mapLocation cpu');
  const back = torch.load(file);
  assert.strictEqual(back.t.device.type, 'cuda');
  const toCuda = torch.load(file, { mapLocation: 'cuda:0' });
  assert.strictEqual(toCuda.t.device.toString(), 'cuda:0');
  fs.unlinkSync(file);
});

test('memory: statistics move, and a loop without dispose does not run out', { skip: cudaOnly }, () => {
  torch.cuda.emptyCache();
  torch.cuda.resetPeakMemoryStats();
  const before = torch.cuda.memoryAllocated();
  let keep = torch.empty(1 << 20, { device: dev });  // 4 MiB
  assert.ok(torch.cuda.memoryAllocated() >= before + (4 << 20));
  assert.ok(torch.cuda.maxMemoryAllocated() >= 4 << 20);
  assert.ok(torch.cuda.memoryReserved() >= torch.cuda.memoryAllocated());
  assert.ok(torch.cuda.memoryStats()['allocation.all.current'] >= 1);
  keep.dispose();
  // 1/8 of the GPU per iteration, 64 iterations: 8x the GPU's memory, no dispose
  const total = torch.cuda.getDeviceProperties().totalMemory;
  const n = Math.floor(total / 8 / 4);
  for (let i = 0; i < 64; i++) keep = torch.ones(n, { device: dev }).mul(2);
  assert.strictEqual(keep.sum().item() > 0, true);
});

test('pinned memory and non-blocking copies', { skip: cudaOnly }, () => {
  const p = torch.randn(1000).pinMemory();
  assert.ok(p.isPinned());
  const g = p.to(dev, { nonBlocking: true });
  torch.cuda.synchronize();
  close(g, p, 0, 0, 'non_blocking copy');
});

test('autocast on CUDA: float16 matmul, float32 softmax; GradScaler trains', { skip: cudaOnly }, () => {
  torch.manualSeed(5);
  const a = torch.randn(16, 16, { device: dev });
  const [mm, sm] = torch.autocast(dev, () => [a.matmul(a), a.softmax(1)]);
  assert.strictEqual(mm.dtype, torch.float16);
  assert.strictEqual(sm.dtype, torch.float32);
  const model = new nn.Linear(16, 4).to(dev);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const scaler = new torch.amp.GradScaler(dev);
  let first = 0, last = 0;
  for (let i = 0; i < 20; i++) {
    opt.zeroGrad();
    const loss = torch.autocast(dev, () => F.mseLoss(model(a).float(), torch.zeros(16, 4, { device: dev })));
    scaler.scale(loss).backward();
    scaler.step(opt);
    scaler.update();
    if (i === 0) first = loss.item(); last = loss.item();
  }
  assert.ok(last < first, `${last} < ${first}`);
  assert.strictEqual(scaler.getScale(), 65536);
});

test('JS callbacks during CUDA backward: custom Function, tensor hook, module backward hook', { skip }, () => {
  class Square extends torch.autograd.Function {
    static forward(ctx, x) { ctx.saveForBackward(x); return x.pow(2); }
    static backward(ctx, g) { const [x] = ctx.savedTensors; return g.mul(x).mul(2); }
  }
  const x = torch.tensor([1, 2, 3], { dtype: torch.float32, device: dev, requiresGrad: true });
  let hookSaw = null;
  x.registerHook((g) => { hookSaw = g.device.type; return g.mul(10); });
  Square.apply(x).sum().backward();
  assert.strictEqual(hookSaw, dev);
  close(x.grad, torch.tensor([20, 40, 60], { dtype: torch.float32 }), 0, 0, 'custom Function + hook');
  const lin = new nn.Linear(3, 2).to(dev);
  let gradOutShape = null;
  lin.registerFullBackwardHook((m, gi, go) => { gradOutShape = go[0].shape; });
  lin(torch.randn(4, 3, { device: dev, requiresGrad: true })).sum().backward();
  assert.deepStrictEqual(gradOutShape, [4, 2]);
});
