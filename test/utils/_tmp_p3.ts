import { DataLoader } from "../../src";
import { Crashing } from "./data_worker_datasets";
(async () => {
const P = new DataLoader(new Crashing(12, 5), { batchSize: 2, numWorkers: 2, workerType: "process", persistentWorkers: process.argv.includes("p") });
const t = setInterval(() => {}, 100000); if (!process.argv.includes("keep")) clearInterval(t);
for (let ep = 0; ep < 2; ep++) { try { for await (const b of P) console.log((b as any).tolist()); } catch (e) { console.log("async caught:", (e as Error).message); } }
clearInterval(t);
console.log("done");
})();
