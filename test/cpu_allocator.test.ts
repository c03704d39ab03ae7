// The CPU allocator (binding/allocator.cc): per-thread caches of freed CPU
// blocks of every size, on by default, with a per-thread byte limit, released
// by the young-generation GC hook above a high-water mark, by
// torch.cpu.emptyCache() and when a thread ends. TORCH_NODE_CPU_CACHE=0 turns
// it off. Cases that need other settings run in a child process.
import { describe, it, expect } from "vitest";
import { spawnSync } from "child_process";
import { join } from "path";
import torch from "../src";
import { native } from "../src/native";

const lib = join(__dirname, "..", "lib");
const prelude = `
  const torch = require(${JSON.stringify(join(lib, "index.js"))}).default;
  const { native } = require(${JSON.stringify(join(lib, "native.js"))});
  const out = {};`;

function run(body: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["-e", `${prelude}${body}\nconsole.log(JSON.stringify(out));`], {
    encoding: "utf8", env: { ...process.env, TORCH_NODE_CPU_CACHE: "", TORCH_NODE_CPU_CACHE_LIMIT_MB: "", ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

describe("CPU allocator cache", () => {
  it("is on by default, with a limit and a high-water mark", () => {
    const s = torch.cpu.cacheStats();
    expect(s.enabled).toBe(process.env.TORCH_NODE_CPU_CACHE !== "0");
    if (!s.enabled) return;
    expect(s.limit).toBeGreaterThanOrEqual(64 << 20);
    expect(s.limit).toBeLessThanOrEqual(1 << 30);
    expect(s.highWater).toBe(Math.floor(s.limit / 4));
  });

  it("torch.cpu answers as Python's", () => {
    expect(torch.cpu.isAvailable()).toBe(true);
    expect(torch.cpu.deviceCount()).toBe(1);
    expect(torch.cpu.currentDevice()).toBe("cpu");
    expect(torch.cpu.synchronize()).toBeUndefined();
  });

  it("serves results of every size from freed blocks, values unchanged", () => {
    if (!torch.cpu.cacheStats().enabled) return;
    for (const n of [10, 1000, 200_000, 1_000_000]) {           // 40 B .. 4 MB of float32
      const a = torch.ones(n);
      const before = torch.cpu.cacheStats();
      for (let i = 0; i < 200; i++) a.add(1).dispose();          // each result freed before the next
      const after = torch.cpu.cacheStats();
      expect(after.hits - before.hits).toBeGreaterThanOrEqual(199);
      expect(after.misses - before.misses).toBeLessThanOrEqual(10);
      const s = a.add(2);
      expect(s.sum().item()).toBe(3 * n);
      expect(s.index(-1).item()).toBe(3);
    }
  });

  it("a convolution training step reuses every block once warm (raw blocks of oneDNN included)", () => {
    if (!torch.cpu.cacheStats().enabled) return;
    torch.manualSeed(0);
    const { nn } = torch;
    const model = new nn.Sequential(new nn.Conv2d(1, 6, 5, 1, 2), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(6 * 14 * 14, 10));
    const x = torch.randn(16, 1, 28, 28), y = torch.randint(0, 10, [16]);
    const losses: number[] = [];
    const step = () => torch.tidy(() => {                        // everything the step made is freed at its end
      model.zeroGrad();
      const loss = nn.functional.crossEntropy(model(x), y);
      loss.backward();
      losses.push(loss.item() as number);
    });
    for (let i = 0; i < 5; i++) step();
    const before = torch.cpu.cacheStats();
    for (let i = 0; i < 20; i++) step();
    const after = torch.cpu.cacheStats();
    expect(after.misses - before.misses).toBe(0);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(20 * 10);
    expect(losses.every((l) => l === losses[0])).toBe(true);       // no optimizer: the same loss each step
  });

  it("sizes at the class edges and beyond hold their values", () => {
    const sums: number[][] = [];
    for (const n of [0, 1, 15, 16, 17, 127, 128, 129, 160, 161, 511, 512, 513, 100000, 131072, 131073]) {  // float64: n * 8 bytes
      for (let k = 0; k < 3; k++) {                               // later rounds reuse freed blocks
        const x = torch.arange(n, { dtype: torch.float64 });
        sums.push([n, x.sum().item() as number, n ? (x.index(-1).item() as number) : -1]);
        x.dispose();
      }
    }
    for (const [n, sum, last] of sums) {
      expect(sum).toBe(n ? (n * (n - 1)) / 2 : 0);
      expect(last).toBe(n ? n - 1 : -1);
    }
    const y = torch.arange(10, { dtype: torch.float64 });
    y.resize_(5000);                                              // grows across classes
    expect(y.index("0:10").tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("torch.cpu.emptyCache() frees this thread's cached blocks", () => {
    if (!torch.cpu.cacheStats().enabled) return;
    const kept = Array.from({ length: 100 }, () => torch.empty(10000));
    for (const t of kept) t.dispose();
    expect(torch.cpu.cacheStats().cachedBytes).toBeGreaterThanOrEqual(100 * 40000);
    torch.cpu.emptyCache();
    expect(torch.cpu.cacheStats().cachedBytes).toBe(0);
    const t = torch.full([10000], 7);                             // allocates again from malloc
    expect(t.sum().item()).toBe(70000);
  });

  it("keeps at most TORCH_NODE_CPU_CACHE_LIMIT_MB a thread, and no block above it", () => {
    const o = run(`
      out.limit = native.cpuCacheStats().limit;
      const kept = [];
      for (let i = 0; i < 5000; i++) kept.push(torch.empty(4096, { dtype: torch.uint8 }));  // 20 MB of 4 KiB blocks
      for (const t of kept) t.dispose();
      out.cached = native.cpuCacheStats().cachedBytes;
      torch.cpu.emptyCache();
      const big = torch.ones(2 << 20);                          // 8 MB > the limit: never cached
      big.dispose();
      out.afterBig = native.cpuCacheStats().cachedBytes;
      const again = torch.ones(2 << 20);
      out.bigSum = again.sum().item();`, { TORCH_NODE_CPU_CACHE_LIMIT_MB: "4" });
    expect(o.limit).toBe(4 << 20);
    expect(o.cached).toBeGreaterThan(3 << 20);
    expect(o.cached).toBeLessThanOrEqual(4 << 20);
    expect(o.afterBig).toBe(0);
    expect(o.bigSum).toBe(2 << 20);
  });

  it("the GC hook frees blocks left unused above the high-water mark", () => {
    const o = run(`
      const kept = [];
      for (let i = 0; i < 2000; i++) kept.push(torch.empty(4096, { dtype: torch.uint8 }));  // 8 MB > high water (4 MB)
      for (const t of kept) t.dispose();
      out.cached = native.cpuCacheStats().cachedBytes;
      const gcs = native.minorGcs();
      const a = torch.ones(10);
      for (let i = 0; i < 20000; i++) a.add(1);                 // freed by the GC, which runs the hook
      out.gcs = native.minorGcs() - gcs;
      out.after = native.cpuCacheStats().cachedBytes;`, { TORCH_NODE_CPU_CACHE_LIMIT_MB: "16" });
    expect(o.cached).toBeGreaterThanOrEqual(2000 * 4096);
    expect(o.gcs).toBeGreaterThanOrEqual(2);
    expect(o.after).toBeLessThan(1 << 20);
  });

  it("blocks allocated on other threads and freed on this one are safe", () => {
    // backward on a native thread of its own (the CUDA path, forced): the
    // gradients are allocated there, that thread's cache is freed when it
    // ends, and the gradients are freed here, into this thread's cache.
    const o = run(`
      torch.manualSeed(0);
      const w = torch.randn(300, 200, { requiresGrad: true }), x = torch.randn(64, 300);
      const grads = (off) => {
        native.setAutogradOffThread(off);
        const gs = [];
        for (let i = 0; i < 30; i++) {
          x.matmul(w).relu().pow(2).sum().backward();
          const g = w.grad;
          gs.push(g.sum().item());
          g.dispose();
          w.grad = null;                                       // the gradient is freed on the JS thread
        }
        native.setAutogradOffThread(false);
        return gs;
      };
      const before = native.cpuCacheStats();
      out.off = grads(true);
      const mid = native.cpuCacheStats();
      out.on = grads(false);
      out.cachedOff = mid.cachedBytes - before.cachedBytes;`);
    expect(o.off).toEqual(o.on);
    expect(o.off.every((v: number) => v === o.off[0])).toBe(true);
    expect(o.cachedOff).toBeGreaterThanOrEqual(300 * 200 * 4);  // a gradient from the other thread, cached here
  });

  it("a worker thread's cache is its own and goes when the thread ends", async () => {
    const { Worker } = await import("node:worker_threads");
    const src = `
      const { parentPort } = require("node:worker_threads");
      const torch = require(${JSON.stringify(join(lib, "index.js"))}).default;
      const a = torch.ones(50000);
      for (let i = 0; i < 100; i++) a.mul(2).dispose();
      const s = torch.cpu.cacheStats();
      parentPort.postMessage({ hits: s.hits, cached: s.cachedBytes, v: a.mul(2).sum().item() });`;
    const mine = torch.cpu.cacheStats();
    const res = await new Promise<{ hits: number; cached: number; v: number }>((resolve, reject) => {
      const w = new Worker(src, { eval: true });
      let msg: { hits: number; cached: number; v: number };
      w.on("message", (m) => (msg = m));
      w.on("error", reject);
      w.on("exit", (code) => (code === 0 ? resolve(msg) : reject(new Error(`worker exited with ${code}`))));
    });
    expect(res.v).toBe(100000);
    if (!mine.enabled) return;
    expect(res.hits).toBeGreaterThanOrEqual(99);
    expect(res.cached).toBeGreaterThanOrEqual(200000);
    expect(torch.cpu.cacheStats().hits).toBe(mine.hits);       // the worker's reuse is not counted here
    const t = torch.ones(50000).mul(3);                          // this thread goes on after the worker's exit flushed
    expect(t.sum().item()).toBe(150000);
  });

  it("TORCH_NODE_CPU_CACHE=0 leaves LibTorch's own allocator in place", () => {
    const o = run(`
      const a = torch.ones(10);
      for (let i = 0; i < 100; i++) a.add(1).dispose();
      torch.cpu.emptyCache();
      const s = torch.cpu.cacheStats();
      out.enabled = s.enabled; out.hits = s.hits; out.cached = s.cachedBytes; out.v = a.add(1).tolist();`, { TORCH_NODE_CPU_CACHE: "0" });
    expect(o).toEqual({ enabled: false, hits: 0, cached: 0, v: Array(10).fill(2) });
  });
});
