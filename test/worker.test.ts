// The addon in worker_threads: no per-process statics hold JS handles, so a
// worker loads it, computes, frees by GC and exits cleanly.
import { describe, it, expect } from "vitest";
import { Worker } from "worker_threads";
import { join } from "path";
import { spawnSync } from "child_process";

const lib = join(__dirname, "..", "lib", "index.js");

// Resolves with the worker's message once the worker has fully exited (its
// environment, and the tensors it held, torn down).
function runWorker(code: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { lib } });
    let msg: unknown;
    w.once("message", (m) => (msg = m));
    w.once("error", reject);
    w.once("exit", (c) => (c !== 0 ? reject(new Error(`worker exited with ${c}`)) : resolve(msg)));
  });
}

describe("worker_threads", () => {
  it("two workers compute with the same seed and get Python's numbers", async () => {
    const code = `
      const { parentPort, workerData } = require("worker_threads");
      const torch = require(workerData.lib).default;
      // a private generator: the default one is process-wide, shared by the workers
      const g = new torch.Generator().manualSeed(42);
      const x = torch.rand(2, 2, { generator: g });
      let s = 0;
      for (let i = 0; i < 2000; i++) s += torch.ones(1000).mul(2).sum().item();
      parentPort.postMessage({ x: x.tolist(), s });`;
    const [a, b] = await Promise.all([runWorker(code), runWorker(code)]);
    // torch.rand(2, 2, generator=torch.Generator().manual_seed(42)) in Python
    const expected = [[0.8822692632675171, 0.9150039553642273], [0.38286375999450684, 0.9593056440353394]];
    expect((a as { x: number[][] }).x).toEqual(expected);
    expect((b as { x: number[][] }).x).toEqual(expected);
    expect((a as { s: number }).s).toBe(2000 * 2000);
  });

  it("terminating workers in the middle of native calls never aborts the process", () => {
    // an op finishing while its worker's environment is torn down can no longer
    // throw into JS; that error must be dropped, not abort (it once did: SIGABRT)
    const script = `
      const { Worker } = require("worker_threads");
      const code = "const torch = require(" + JSON.stringify(${JSON.stringify(lib)}) + ").default;" +
        "const x = torch.randn(64, 64); for (;;) { x.matmul(x).sum(); torch.tensor([1, 2]).add(1); }";
      (async () => {
        for (let i = 0; i < 12; i++) {
          const w = new Worker(code, { eval: true });
          await new Promise((r) => setTimeout(r, 40 + (i % 4) * 15));
          await w.terminate();
        }
        console.log("clean");
      })();`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).not.toMatch(/terminate called/);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("clean");
  });
});

describe("worker_threads share the operator registry", () => {
  it("threads resolving operators at once get one id per operator and call the right one", async () => {
    // Each thread resolves the generated ops it uses as it loads; once, ids
    // were handed out by an unlocked process-wide deque, and workers loading
    // together corrupted it (a crash at exit, or a call of the wrong op).
    const code = `
      const { parentPort, workerData } = require("worker_threads");
      const torch = require(workerData.lib).default;
      const { native } = require(workerData.native);
      const a = torch.tensor([1, -2, 3], { dtype: torch.float32 }), b = torch.tensor([2, 2, -1], { dtype: torch.float32 });
      parentPort.postMessage({
        ids: ["atan2", "cumsum", "logaddexp", "hypot"].map((n) => native.resolveOp(n, "")),
        atan2: a.atan2(b).tolist(), cumsum: a.cumsum(0).tolist(), hypot: a.hypot(b).tolist(),
      });`;
    const nativePath = join(__dirname, "..", "lib", "native.js");
    const start = () =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { lib, native: nativePath } });
        let msg: unknown;
        w.once("message", (m) => (msg = m));
        w.once("error", reject);
        w.once("exit", (c) => (c !== 0 ? reject(new Error(`worker exited with ${c}`)) : resolve(msg)));
      });
    const out = (await Promise.all([start(), start(), start(), start()])) as {
      ids: number[]; atan2: number[]; cumsum: number[]; hypot: number[];
    }[];
    for (const o of out) {
      expect(o.ids).toEqual(out[0].ids);
      // torch.tensor([1., -2., 3.]).atan2(torch.tensor([2., 2., -1.])) etc. in Python
      expect(o.atan2.map((v) => +v.toFixed(6))).toEqual([0.463648, -0.785398, 1.892547]);
      expect(o.cumsum).toEqual([1, -1, 2]);
      expect(o.hypot.map((v) => +v.toFixed(6))).toEqual([2.236068, 2.828427, 3.162278]);
    }
    expect(new Set(out[0].ids).size).toBe(4);
  });
});
