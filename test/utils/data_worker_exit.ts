// A script for data_workers.test.ts: the process ends (process.exit or an
// uncaught exception) in the middle of a DataLoader loop while workers compute.
// It must end with its own exit code, never abort. Arguments: exit | throw | break, [persistent], [process].
import { join } from "path";
import { DataLoader } from "../../src";
import { Slow } from "./data_worker_datasets";

const mod = join(__dirname, "data_worker_datasets.ts");
const persistent = process.argv.includes("persistent");
const workerType = process.argv.includes("process") ? "process" : "thread";
const L = new DataLoader(new Slow(256, 30), { batchSize: 16, numWorkers: 2, workerType, persistentWorkers: persistent, workerDataset: { module: mod, export: "Slow", args: [256, 30] } });
for (const b of L) {
  void b;
  if (process.argv.includes("exit")) process.exit(3);
  if (process.argv.includes("break")) break;
  throw new Error("boom in the loop");
}
console.log("after the loop");
