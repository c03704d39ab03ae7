// Every 16 MB of new tensor bytes the addon runs a young-generation GC, so a
// loop of medium-sized results reuses warm memory instead of growing through
// 64 MB (V8's external-memory trigger) before anything is freed.
import { it, expect } from "vitest";
import { spawnSync } from "child_process";
import { join } from "path";
import { underAsan } from "./sanitizer";

const lib = join(__dirname, "..", "lib", "index.js");
const script = `
  const { torch } = require(${JSON.stringify(lib)});
  const native = require(${JSON.stringify(join(__dirname, "..", "lib", "native.js"))}).native;
  const x = torch.ones(16384);                       // 64 KiB of float32
  for (let i = 0; i < 200; i++) x.mul(2);            // warm up
  const before = process.memoryUsage().rss, gcs = native.minorGcs();
  let peak = 0;
  for (let i = 0; i < 4000; i++) {                   // 250 MiB of results, none kept
    x.mul(2);
    if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss - before);
  }
  console.log(JSON.stringify({ gcs: native.minorGcs() - gcs, peakMiB: peak / 2 ** 20 }));`;

function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim()) as { gcs: number; peakMiB: number };
}

it.skipIf(underAsan)("young-generation GCs every 16 MB of results keep the working set small", () => {
  const on = run({});
  expect(on.gcs).toBeGreaterThanOrEqual(12);   // ~250 MiB / 16 MiB
  expect(on.peakMiB).toBeLessThan(40);
  const off = run({ TORCH_NODE_MINOR_GC: "0" });
  expect(off.gcs).toBe(0);
  expect(off.peakMiB).toBeGreaterThan(on.peakMiB + 16);  // V8 alone lets ~64 MiB of dead results pile up
});

// ... and every 2048 new results, so a loop of tiny results (each ~600 bytes
// natively: TensorImpl, storage, handle) stays within a few megabytes.
const tinyScript = `
  const { torch } = require(${JSON.stringify(lib)});
  const native = require(${JSON.stringify(join(__dirname, "..", "lib", "native.js"))}).native;
  const x = torch.ones(10);
  for (let i = 0; i < 5000; i++) x.add(1);           // warm up
  const before = process.memoryUsage().rss, gcs = native.minorGcs();
  let peak = 0;
  for (let i = 0; i < 200000; i++) {                 // 200k results of 40 bytes, none kept
    x.add(1);
    if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss - before);
  }
  console.log(JSON.stringify({ gcs: native.minorGcs() - gcs, peakMiB: peak / 2 ** 20, v: x.add(1).tolist() }));`;

it.skipIf(underAsan)("young-generation GCs every 2048 results keep a loop of tiny results in a few MB", () => {
  const runTiny = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, ["-e", tinyScript], { encoding: "utf8", env: { ...process.env, ...env } });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim()) as { gcs: number; peakMiB: number; v: number[] };
  };
  const on = runTiny({});
  expect(on.gcs).toBeGreaterThanOrEqual(90);      // 200k / 2048 = 97
  expect(on.gcs).toBeLessThanOrEqual(110);
  expect(on.peakMiB).toBeLessThan(24);
  expect(on.v).toEqual(Array(10).fill(2));
  const off = runTiny({ TORCH_NODE_MINOR_GC: "0" });
  expect(off.gcs).toBe(0);
  expect(off.peakMiB).toBeGreaterThan(on.peakMiB + 32);  // V8 alone scavenges every ~250k such results
});
