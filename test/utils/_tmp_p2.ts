import { DataLoader } from "../../src";
import { Crashing } from "./data_worker_datasets";
process.on("exit", (c) => console.log("EXIT", c, new Error().stack)); process.on("beforeExit", () => console.log("BEFOREEXIT"));
(async () => {
const t0 = Date.now();
const L = new DataLoader(new Crashing(12, 5), { batchSize: 2, numWorkers: 2, workerType: "process" });
const seen: unknown[] = [];
try { for (const b of L) seen.push((b as any).tolist()); } catch (e) { console.log("caught:", (e as Error).message, JSON.stringify({...(e as object)}), seen); }
console.log("again", [...new DataLoader(new Crashing(12, 99), { batchSize: 4, numWorkers: 2, workerType: "process" })].map((b: any) => b.tolist()));
const P = new DataLoader(new Crashing(12, 5), { batchSize: 2, numWorkers: 2, workerType: "process", persistentWorkers: true });
for (let ep = 0; ep < 2; ep++) { try { for await (const b of P) console.log("b", (b as any).tolist()); } catch (e) { console.log("async caught:", (e as Error).message); } }
console.log("done", Date.now() - t0);
})();
