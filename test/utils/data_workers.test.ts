// DataLoader with worker threads and worker processes (workerType "process")
// against Python's DataLoader(num_workers=N):
// the same batches in the same order, the same per-worker random numbers
// (Python seeds worker i with base_seed + i), the same draws from the global
// generator (so later epochs and later code see Python's numbers), iterable
// datasets split across workers, errors with the worker's stack, workerInitFn,
// persistent workers, shared-memory TensorDatasets.
import { describe, it, expect, afterAll } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { execFile } from "child_process";
import { pathToFileURL } from "url";
import torch, { Tensor, DataLoader, TensorDataset, Subset } from "../../src";
import { getWorkerInfo } from "../../src/utils/data";
import { Squares, RangeIterable, InitProbe, Slow, PyRandomDraws } from "./data_worker_datasets";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "data.json"), "utf8"));
const mod = join(__dirname, "data_worker_datasets.ts");
const loaders: DataLoader[] = [];
const track = <L extends DataLoader<any, any>>(l: L): L => (loaders.push(l), l);
// every worker thread has exited before the fork ends
afterAll(async () => {
  await Promise.all(loaders.map((l) => l.close()));
});
const batches = (L: Iterable<Tensor[]>) => [...L].map((b) => b.map((t) => t.tolist()));

// threads (the default) and child processes give the same batches: the worker protocol is the same
const workerTypes = ["thread", "process"] as const;

describe.each(workerTypes)("DataLoader %s workers: Python's order and seeds", (workerType) => {
  it("with a generator: batches, per-worker random numbers and worker ids equal Python's, epoch after epoch", () => {
    const g = new torch.Generator().manualSeed(0);
    const L = track(new DataLoader<unknown, Tensor[]>(new Squares(10), { batchSize: 3, shuffle: true, numWorkers: 2, workerType, generator: g }));
    expect([batches(L), batches(L)]).toEqual(py.workers_generator);
    expect(L.length).toBe(4);
  });
  it("with the global generator: the same order as Python, and the same global draws afterwards", () => {
    torch.manualSeed(5);
    const L = track(new DataLoader<unknown, Tensor[]>(new Squares(10), { batchSize: 3, shuffle: true, numWorkers: 2, workerType }));
    expect([batches(L), batches(L)]).toEqual(py.workers_global);
    expect(torch.rand(2).tolist()).toEqual(py.workers_global_after);
    // same indices as without workers (Python draws the base seed in both)
    const idx = (e: number[][][][]) => e.map((ep) => ep.map((b) => b[0]));
    expect(idx(py.workers_global)).toEqual(idx(py.single_global));
  });
  it("persistent workers (prefetchFactor 1): the base seed is drawn once, as Python", async () => {
    torch.manualSeed(5);
    const L = track(new DataLoader<unknown, Tensor[]>(new Squares(10), { batchSize: 3, shuffle: true, numWorkers: 2, workerType, persistentWorkers: true, prefetchFactor: 1 }));
    const e0 = batches(L);
    type Pool = { pool: { workers: { threadId: number }[]; pids(): number[] } };
    const threads = (L._iterator as unknown as Pool).pool.workers.map((w) => w.threadId);
    const pids = (L._iterator as unknown as Pool).pool.pids();
    expect(pids.length).toBe(workerType === "process" ? 2 : 0);
    const e1 = batches(L);
    expect([e0, e1]).toEqual(py.workers_persistent);
    expect(torch.rand(2).tolist()).toEqual(py.workers_persistent_after);
    // the same threads (processes) served both epochs
    expect((L._iterator as unknown as Pool).pool.workers.map((w) => w.threadId)).toEqual(threads);
    expect((L._iterator as unknown as Pool).pool.pids()).toEqual(pids);
    // an early break leaves answers in flight: the next epoch drops them
    for (const b of L) { void b; break; }
    expect(batches(L).length).toBe(4);
    await L.close();
  });
  it("batchSize null: samples one by one", () => {
    const L = track(new DataLoader<unknown, unknown[]>(new Squares(4), { batchSize: null, numWorkers: 2, workerType, generator: new torch.Generator().manualSeed(9) }));
    expect([...L]).toEqual(py.workers_nobatch);
  });
  it("Python's `random` (transforms.random) is seeded base_seed + id in each worker, as Python's _worker_loop does", () => {
    const rows = (L: Iterable<Tensor[]>) => [...L].map((b) => b.map((t) => t.tolist()));
    torch.manualSeed(3);
    expect(rows(track(new DataLoader<unknown, Tensor[]>(new PyRandomDraws(), { batchSize: 2, numWorkers: 2, workerType })))).toEqual(py.workers_python_random);
    const L = track(new DataLoader<unknown, Tensor[]>(new PyRandomDraws(), { batchSize: 2, numWorkers: 2, workerType, generator: new torch.Generator().manualSeed(4) }));
    expect([rows(L), rows(L)]).toEqual(py.workers_python_random_generator);
  });
  it("IterableDataset: each worker iterates its replica; batches interleave as Python's", () => {
    expect([...track(new DataLoader<number, Tensor>(new RangeIterable(0, 10), { batchSize: 3, numWorkers: 2, workerType }))].map((b) => b.tolist())).toEqual(py.workers_iterable);
    expect([...track(new DataLoader<number, Tensor>(new RangeIterable(0, 10), { batchSize: 3, numWorkers: 2, workerType, dropLast: true }))].map((b) => b.tolist())).toEqual(py.workers_iterable_drop);
    // persistent workers start their replica's iterator again each epoch
    const P = track(new DataLoader<number, Tensor>(new RangeIterable(0, 10), { batchSize: 3, numWorkers: 2, workerType, persistentWorkers: true }));
    expect([[...P].map((b) => b.tolist()), [...P].map((b) => b.tolist())]).toEqual([py.workers_iterable, py.workers_iterable]);
    expect([...track(new DataLoader<number, Tensor>(new RangeIterable(0, 10), { batchSize: 2, numWorkers: 3, workerType, workerDataset: { module: mod, export: "RangeIterable", args: [0, 10] } }))].map((b) => b.tolist())).toEqual(py.workers_iterable_3);
  });
});

describe.each(workerTypes)("DataLoader %s workers: datasets, functions, errors", (workerType) => {
  it("TensorDataset (and a Subset of it) travel as shared memory; for await...of", async () => {
    const X = torch.arange(40).float().reshape(20, 2);
    const Y = torch.arange(20);
    const g = new torch.Generator().manualSeed(42);
    const L = track(new DataLoader<Tensor[], Tensor[]>(new TensorDataset(X, Y), { batchSize: 6, shuffle: true, numWorkers: 2, workerType, generator: g }));
    const got: number[][] = [];
    for await (const [x, y] of L) {
      expect(x.dtype).toBe(torch.float32);
      expect(x.index(":", 0).tolist()).toEqual((y.tolist() as number[]).map((v) => v * 2));
      got.push(y.tolist() as number[]);
    }
    expect(got).toEqual(py.shuffle_generator[0]);
    const sub = new Subset(new TensorDataset(X, Y), [3, 1, 4, 1, 5]);
    expect([...track(new DataLoader<Tensor[], Tensor[]>(sub, { batchSize: 2, numWorkers: 2, workerType }))].map((b) => b[1].tolist())).toEqual([[3, 1], [4, 1], [5]]);
  });
  it("a worker's error surfaces in the loop, with the worker's stack", () => {
    const L = track(new DataLoader(new Squares(10, 4), { batchSize: 2, numWorkers: 2, workerType }));
    let err: Error | null = null;
    const seen: number = (() => {
      let n = 0;
      try {
        for (const b of L) { void b; n++; }
      } catch (e) {
        err = e as Error;
      }
      return n;
    })();
    expect(seen).toBe(2); // batches [0,1] and [2,3] came first, in order
    expect(err).toBeInstanceOf(RangeError);
    expect(err!.message).toMatch(/^Caught RangeError in DataLoader worker 0\.\nOriginal RangeError: bad index 4\n/);
    expect(err!.message).toContain("data_worker_datasets.ts");
    expect((err as unknown as { workerId: number }).workerId).toBe(0);
  });
  it("an error surfaces in for await too", async () => {
    const L = track(new DataLoader(new Squares(10, 0), { batchSize: 2, numWorkers: 1, workerType }));
    await expect((async () => { for await (const b of L) void b; })()).rejects.toThrow(/Caught RangeError in DataLoader worker 0\.\nOriginal RangeError: bad index 0/);
  });
  it("workerInitFn runs in each worker with its id (a module export or a self-contained function)", () => {
    const probe = (initFn: unknown) => {
      const L = track(new DataLoader<unknown, Tensor[]>(new InitProbe(), {
        batchSize: 1, numWorkers: 2, workerType, workerInitFn: initFn as never, workerDataset: { module: mod, export: "InitProbe" },
      }));
      return [...L].map((b) => [b[1].item(), b[2].item()]);
    };
    expect(probe({ module: mod, export: "recordInit" })).toEqual([[0, 0], [100, 1], [0, 0], [100, 1]]);
    expect(probe((id: number) => { (globalThis as { __initId?: number }).__initId = id + 7; })).toEqual([[7, 0], [8, 1], [7, 0], [8, 1]]);
    expect(() => probe({ module: mod, export: "failingInit" })).toThrow(/Caught TypeError in DataLoader worker 0\.\nOriginal TypeError: init failed in 0/);
    expect(getWorkerInfo()).toBeNull();
  });
  it("collateFn: a module export runs in the workers, a function in the main thread", () => {
    const base = { batchSize: 3, numWorkers: 2, workerType };
    expect([...track(new DataLoader(new Squares(7), { ...base, collateFn: { module: mod, export: "sumCollate" } }))]).toEqual([5, 50, 36]);
    const ids: number[] = [];
    const L = track(new DataLoader(new Squares(7), { ...base, collateFn: (b: [number, number, number][]) => (ids.push(...b.map((x) => x[2])), b.length) }));
    expect([...L]).toEqual([3, 3, 1]);
    expect(ids).toEqual([0, 0, 0, 1, 1, 1, 0]);
  });
  it("a dataset a worker cannot rebuild is refused with advice; workerDataset names its module", () => {
    const slow = new Slow(4, 1);
    expect(() => [...new DataLoader(slow, { numWorkers: 1, workerType })]).toThrow(/DataLoader workers cannot receive Slow.*workerDataset: \{ module, export, args \}/s);
    expect(() => [...new DataLoader(slow, { numWorkers: 1, workerType, workerDataset: { module: 3 as never } })]).toThrow("workerDataset.module must be a path or a file URL, not int");
    expect(() => [...new DataLoader(slow, { numWorkers: 1, workerType, workerDataset: { module: mod, args: 4 as never } })]).toThrow("workerDataset.args must be an array, not int");
    expect(() => new DataLoader(slow, { numWorkers: 1, workerType, collateFn: { export: "x" } as never })).toThrow(/collateFn must be \{ module, export\?, args\? \}/);
    // a path relative to the current directory, and a file URL
    const rel = join("test", "utils", "data_worker_datasets.ts");
    const L = track(new DataLoader<Tensor, Tensor>(slow, { batchSize: 2, numWorkers: 2, workerType, workerDataset: { module: rel, export: "Slow", args: [4, 1] } }));
    expect([...track(new DataLoader(new Squares(2), { batchSize: 2, numWorkers: 1, workerType, workerDataset: { module: pathToFileURL(mod), export: "Squares", args: [2] } }))].length).toBe(1);
    const want = [...new DataLoader<Tensor, Tensor>(slow, { batchSize: 2 })];
    const got = [...L];
    expect(got.length).toBe(2);
    got.forEach((b, i) => expect(b.equal(want[i])).toBe(true));
  });
  it("timeout: a worker slower than the timeout fails the loop as Python's", () => {
    const L = track(new DataLoader(new Slow(2, 300), { numWorkers: 1, workerType, timeout: 0.05, workerDataset: { module: mod, export: "Slow", args: [2, 300] } }));
    expect(() => [...L]).toThrow("DataLoader timed out after 0.05 seconds");
  });
});

describe.each(workerTypes)("DataLoader %s workers: the end of the process", (workerType) => {
  it("the process ends mid-loop (process.exit, an uncaught error, a break) while workers compute: its own exit code, no abort", async () => {
    const script = join(__dirname, "data_worker_exit.ts");
    for (const [mode, rc, out] of [["exit", 3, ""], ["throw persistent", 1, "boom in the loop"], ["break", 0, "after the loop"]] as const) {
      // run without blocking this process's event loop (vitest talks to its workers through it)
      const r = await new Promise<{ status: number | null; signal: string | null; out: string }>((resolve) => {
        const child = execFile(process.execPath, ["-r", "tsx/cjs", script, ...mode.split(" "), workerType], { encoding: "utf8", cwd: join(__dirname, "..", ".."), timeout: 90_000 },
          (_err, stdout, stderr) => resolve({ status: child.exitCode, signal: child.signalCode, out: stdout + stderr }));
      });
      expect(r.status).toBe(rc);
      expect(r.signal).toBeNull();
      expect(r.out).not.toContain("terminate called");
      expect(r.out).toContain(out);
    }
  });
});
