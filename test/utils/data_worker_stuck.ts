// A script for data_workers.test.ts: a DataLoader over a dataset whose workers
// get stuck (an endless loop in getItem, or a workerInitFn that never
// resolves). After leaving the loop (a break, a timeout error) the script
// prints "left the loop at <ms>" and ends: the process must exit soon after,
// stuck workers (threads or processes) terminated.
// node -r tsx/cjs data_worker_stuck.ts <thread|process> <break|timeout|init> [persistent] [await]
import { join } from "path";
import { DataLoader } from "../../src";
import { Stuck } from "./data_worker_datasets";

const mod = join(__dirname, "data_worker_datasets.ts");
const [workerType, mode] = process.argv.slice(2) as ["thread" | "process", "break" | "timeout" | "init"];
const persistentWorkers = process.argv.includes("persistent");
const L = new DataLoader<number, { tolist(): unknown }>(new Stuck(100, 4), {
  batchSize: 2, numWorkers: 2, workerType, persistentWorkers,
  timeout: mode === "break" ? 0 : mode === "timeout" ? 3 : 0.5,
  workerInitFn: mode === "init" ? { module: mod, export: "neverInit" } : null,
});

(async () => {
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
