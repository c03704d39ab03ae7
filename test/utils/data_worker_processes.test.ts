// DataLoader process workers (workerType "process", or Python's
// multiprocessingContext): the options, and a worker process that dies
// natively (a signal such as SIGSEGV, or an exit code) becomes Python's
// error in the loop, naming the worker, while the test process survives; the
// batches before the dead worker's are delivered in order, and the loader can
// be iterated again. The batches themselves are checked against Python's in
// data_workers.test.ts, for threads and processes alike.
import { describe, it, expect, afterAll } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, DataLoader } from "../../src";
import { Squares, Crashing } from "./data_worker_datasets";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "data.json"), "utf8"));
const loaders: DataLoader[] = [];
const track = <L extends DataLoader<any, any>>(l: L): L => (loaders.push(l), l);
afterAll(async () => {
  await Promise.all(loaders.map((l) => l.close()));
});
const batches = (L: Iterable<Tensor[]>) => [...L].map((b) => b.map((t) => t.tolist()));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** runs the loop; returns the batches seen and the error that ended it */
function collect(L: Iterable<Tensor>): { seen: unknown[]; err: Error | null } {
  const seen: unknown[] = [];
  try {
    for (const b of L) seen.push(b.tolist());
  } catch (e) {
    return { seen, err: e as Error };
  }
  return { seen, err: null };
}

describe("DataLoader process workers: options", () => {
  it("workerType and Python's multiprocessing_context (every start method runs child processes)", () => {
    const ds = new Squares(4);
    expect(new DataLoader(ds).workerType).toBe("thread");
    expect(new DataLoader(ds, { numWorkers: 2 }).workerType).toBe("thread");
    expect(new DataLoader(ds, { numWorkers: 2, workerType: "process" }).workerType).toBe("process");
    for (const ctx of ["fork", "spawn", "forkserver"] as const) {
      const L = new DataLoader(ds, { numWorkers: 2, multiprocessingContext: ctx });
      expect([L.workerType, L.multiprocessingContext]).toEqual(["process", ctx]);
    }
    expect(new DataLoader(ds, { numWorkers: 1, workerType: "process", multiprocessingContext: "spawn" }).workerType).toBe("process");
    expect(new DataLoader(ds).multiprocessingContext).toBeNull();
  });
  it("bad values are refused with Python's messages", () => {
    const ds = new Squares(4);
    expect(() => new DataLoader(ds, { multiprocessingContext: "spawn" })).toThrow(
      new RangeError("multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=0"));
    expect(() => new DataLoader(ds, { numWorkers: 2, multiprocessingContext: "threads" as never })).toThrow(
      new RangeError("multiprocessing_context option should specify a valid start method in ['fork', 'spawn', 'forkserver'], but got multiprocessing_context='threads'"));
    expect(() => new DataLoader(ds, { numWorkers: 2, multiprocessingContext: 3 as never })).toThrow(TypeError);
    expect(() => new DataLoader(ds, { numWorkers: 2, workerType: "fiber" as never })).toThrow(new RangeError(`DataLoader(): workerType must be "thread" or "process", but got workerType='fiber'`));
    expect(() => new DataLoader(ds, { numWorkers: 2, workerType: 1 as never })).toThrow(new TypeError(`DataLoader(): workerType must be "thread" or "process", not int`));
    expect(() => new DataLoader(ds, { numWorkers: 2, workerType: "thread", multiprocessingContext: "spawn" })).toThrow(RangeError);
  });
  it("multiprocessingContext 'spawn' gives Python's batches and per-worker random numbers", () => {
    const g = new torch.Generator().manualSeed(0);
    const L = track(new DataLoader<unknown, Tensor[]>(new Squares(10), { batchSize: 3, shuffle: true, numWorkers: 2, generator: g, multiprocessingContext: "spawn" }));
    expect([batches(L), batches(L)]).toEqual(py.workers_generator);
  });
});

describe("DataLoader process workers: loading", () => {
  it("inOrder false: every batch once, as they come; prefetchFactor 1; timeout not reached", () => {
    const L = track(new DataLoader<unknown, Tensor[]>(new Squares(10), { batchSize: 2, numWorkers: 2, workerType: "process", inOrder: false, prefetchFactor: 1, timeout: 60 }));
    const firsts = batches(L).map((b) => b[0] as number[]);
    expect(firsts.flat().sort((a, b) => a - b)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    expect(firsts.every((b) => b.length === 2)).toBe(true);
  });
});

describe("DataLoader process workers: a worker process that dies", () => {
  it("SIGSEGV in getItem: Python's error naming the worker and its pid; earlier batches delivered; the test process survives", () => {
    // worker 0 loads [0,1] and [4,5]: it dies at sample 5; worker 1's [2,3] still comes first
    const L = track(new DataLoader<number, Tensor>(new Crashing(12, 5), { batchSize: 2, numWorkers: 2, workerType: "process" }));
    const { seen, err } = collect(L);
    expect(seen).toEqual([[0, 1], [2, 3]]);
    expect(err).toBeInstanceOf(Error);
    const info = err as unknown as { workerId: number; pid: number; signal: string; exitCode: number | null };
    expect(err!.message).toBe(`DataLoader worker 0 (pid ${info.pid}) is killed by signal: Segmentation fault (SIGSEGV).`);
    expect([info.workerId, info.signal, info.exitCode]).toEqual([0, "SIGSEGV", null]);
    expect(info.pid).not.toBe(process.pid);
    // the loader works again (new workers), here with a dataset that does not crash
    expect(collect(L).err!.message).toMatch(/^DataLoader worker 0 \(pid \d+\) is killed by signal: Segmentation fault \(SIGSEGV\)\.$/);
    const ok = track(new DataLoader<number, Tensor>(new Crashing(6, -1), { batchSize: 4, numWorkers: 2, workerType: "process" }));
    expect(collect(ok)).toEqual({ seen: [[0, 1, 2, 3], [4, 5]], err: null });
  });
  it("an exit code, SIGKILL (as the OOM killer's); persistent workers are started again next epoch; for await", async () => {
    const E = track(new DataLoader<number, Tensor>(new Crashing(8, 3, "exit:7"), { batchSize: 1, numWorkers: 2, workerType: "process" }));
    const r = collect(E);
    expect(r.seen).toEqual([[0], [1], [2]]);
    expect(r.err!.message).toMatch(/^DataLoader worker 1 \(pid \d+\) exited unexpectedly with exit code 7\.$/);
    expect((r.err as unknown as { exitCode: number }).exitCode).toBe(7);

    const P = track(new DataLoader<number, Tensor>(new Crashing(8, 2, "SIGKILL"), { batchSize: 2, numWorkers: 2, workerType: "process", persistentWorkers: true }));
    for (let epoch = 0; epoch < 2; epoch++) {
      const seen: unknown[] = [];
      let err: Error | null = null;
      try {
        for await (const b of P) seen.push(b.tolist());
      } catch (e) {
        err = e as Error;
      }
      expect(seen).toEqual([[0, 1]]); // worker 1 dies at sample 2, in the second batch
      expect(err!.message).toMatch(/^DataLoader worker 1 \(pid \d+\) is killed by signal: Killed \(SIGKILL\)\.$/);
    }
  });
  it("the other worker processes are stopped after the error", async () => {
    const L = track(new DataLoader<number, Tensor>(new Crashing(40, 30), { batchSize: 1, numWorkers: 3, workerType: "process", persistentWorkers: true }));
    const it = L[Symbol.iterator]();
    for (let k = 0; k < 6; k++) expect(it.next().value.item()).toBe(k); // every worker has answered
    const pids = (it as unknown as { pool: { pids(): number[] } }).pool.pids();
    expect(pids.length).toBe(3);
    expect(pids.every(alive)).toBe(true);
    expect(() => { for (;;) if (it.next().done) break; }).toThrow(/DataLoader worker 0 \(pid \d+\) is killed by signal: Segmentation fault/);
    await L.close();
    expect(pids.filter(alive)).toEqual([]);
  });
});
