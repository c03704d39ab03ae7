// The fuzz sweep from the command line (the nightly long run):
//   npm run fuzz                                   100,000 calls, seed from the clock
//   npm run fuzz -- --calls 5000 --seed 7          any size and seed
//   npm run fuzz -- --seed 7 --from 1234 --calls 1 one call again, alone
//   npm run fuzz -- --sparse                       every target with new Array(2 ** 32 - 1) in positions 0..2
// Options: --batch (calls per child, 500), --concurrency (children at once, 2),
// --timeout (ms one child may run, 600000), --call-timeout (ms one call may run, 15000),
// --json FILE (every call's result).
// Prints the figures (calls, outcomes, crashes, hangs, time); exits 1 on any crash, hang or bad throw.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runInChildren, badOutcomes } from "../harness/children";
import { summarize } from "./summary";
import { targets } from "./surface";

const opts: Record<string, string> = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++)
  if (argv[i].startsWith("--")) opts[argv[i].slice(2)] = argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[++i] : "";
const calls = Number(opts.calls ?? 100_000);
const seed = Number(opts.seed ?? (Date.now() % 2 ** 31));
const from = Number(opts.from ?? 0);
const batch = Number(opts.batch ?? 500);
const concurrency = Number(opts.concurrency ?? 2);
const timeoutMs = Number(opts.timeout ?? 600_000);
const callTimeoutMs = Number(opts["call-timeout"] ?? 15_000);

async function main() {
  if ("sparse" in opts) return sparse();
  console.log(`fuzz: seed ${seed}, calls ${from}..${from + calls - 1}, ${batch} per child, ${concurrency} at once`);
  const t0 = Date.now();
  let last = 0;
  const run = await runInChildren({
    script: join(__dirname, "child.ts"), args: [String(seed)], offset: from, total: calls, batch, timeoutMs, callTimeoutMs, concurrency,
    progress: (done, total) => {
      if (Date.now() - last > 10_000 || done === total) {
        last = Date.now();
        console.log(`  ${done}/${total} calls, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    },
  });
  const seconds = (Date.now() - t0) / 1000;
  const bad = badOutcomes(run.results);
  console.log(summarize(run, seed, seconds));
  if (opts.json) writeFileSync(opts.json, JSON.stringify(run, null, 1));
  if (run.failures.length || bad.length) process.exitCode = 1;
}
async function sparse() {
  const total = targets().length * 3;
  console.log(`fuzz --sparse: ${total} calls, every target with new Array(2 ** 32 - 1) as argument 1, 2 or 3`);
  const t0 = Date.now();
  const run = await runInChildren({ script: join(__dirname, "child.ts"), args: ["sparse"], total, batch: 1000, timeoutMs, callTimeoutMs, concurrency });
  console.log(summarize(run, 0, (Date.now() - t0) / 1000).replace(/^seed 0: /, "sparse pass: "));
  if (run.failures.length || badOutcomes(run.results).length) process.exitCode = 1;
}

void main();
