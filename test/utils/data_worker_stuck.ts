// A script for data_workers.test.ts: a DataLoader over a dataset whose workers
// get stuck (an endless loop in getItem, or a workerInitFn that never
// resolves). After leaving the loop (a break, a timeout error) the script
// prints "left the loop at <ms>" and ends: the process must exit soon after,
// stuck workers (threads or processes) terminated.
// node -r tsx/cjs data_worker_stuck.ts <thread|process> <break|timeout|init> [persistent] [await]
// node --expose-gc -r tsx/cjs data_worker_stuck.ts <thread|process> drop
import { join } from "path";
import { DataLoader } from "../../src";
import { Stuck } from "./data_worker_datasets";

const mod = join(__dirname, "data_worker_datasets.ts");
const [workerType, mode] = process.argv.slice(2) as ["thread" | "process", "break" | "timeout" | "init"];
const persistentWorkers = process.argv.includes("persistent");
const L = new DataLoader<number, { tolist(): unknown }>(new Stuck(100, 4), {
  batchSize: 2, numWorkers: 2, workerType, persistentWorkers,
  timeout: mode === "timeout" ? 3 : mode === "init" ? 0.5 : 0,
  workerInitFn: mode === "init" ? { module: mod, export: "neverInit" } : null,
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** "drop": an iterator left after two batches is garbage-collected; its (stuck) workers are stopped */
function drop(): void {
  let it: Iterator<{ tolist(): unknown }> | null = L[Symbol.iterator]();
  const seen = [it.next().value.tolist(), it.next().value.tolist()];
  const pool = (it as unknown as { pool: { workers: { threadId: number }[]; pids(): number[]; exits: Promise<void>[] } }).pool;
  const pids = pool.pids();
  const exited = Promise.all(pool.exits).then(() => "exited");
  it = null;
  console.log(`batches ${JSON.stringify(seen)} workers ${workerType === "process" ? pids.length : pool.workers.length}`);
  // a collection, then the registry's callback (a task), then the grace period; a ref'd timer keeps the process alive
  const g = (globalThis as { gc?: () => void }).gc!;
  const t0 = Date.now();
  const poll = setInterval(() => {
    g();
    const ms = Date.now() - t0;
    void Promise.race([exited, Promise.resolve("running")]).then((state) => {
      if (process.env.DEBUG_DROP) console.log(state, pids.map(alive), ms);
      if (state === "exited" && !pids.some(alive)) {
        console.log(`workers stopped after the collection (${ms < 10_000 ? "within 10 s" : `${ms} ms`})`);
        clearInterval(poll);
      } else if (ms > 20_000) {
        console.log("workers still running");
        clearInterval(poll);
      }
    });
  }, 200);
}

if (mode === ("drop" as string)) drop();
else (async () => {
  const seen: unknown[] = [];
  try {
    if (process.argv.includes("await")) {
      for await (const b of L) {
        seen.push(b.tolist());
        if (mode === "break" && seen.length === 2) break;
      }
    } else {
      for (const b of L) {
        seen.push(b.tolist());
        if (mode === "break" && seen.length === 2) break;
      }
    }
  } catch (e) {
    console.log(`caught: ${(e as Error).message}`);
  }
  console.log(`batches ${JSON.stringify(seen)}`);
  console.log(`left the loop at ${Date.now()}`);
})();
