// DataLoader workers stuck in getItem (an endless synchronous loop) or in an
// await that never resolves (workerInitFn): leaving the loop (a break, or
// Python's timeout error), or dropping an unfinished iterator, never blocks
// the main thread, and the process can exit soon after: the stuck workers are
// terminated (threads with worker.terminate(), processes with a signal). Each
// case runs data_worker_stuck.ts in a child process, for thread and process
// workers. Worker processes share the script's stdout pipe, so the run
// ending at all also shows that none of them outlived the script.
import { describe, it, expect } from "vitest";
import { join } from "path";
import { execFile } from "child_process";

const script = join(__dirname, "data_worker_stuck.ts");
const root = join(__dirname, "..", "..");

/**
 * runs the script (without blocking this process's event loop); returns its
 * output and how long the process lived after leaving the loop
 */
function run(args: string, nodeFlags: string[] = []): Promise<{ out: string; status: number | null; afterLoopMs: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [...nodeFlags, "-r", "tsx/cjs", script, ...args.split(" ")], { encoding: "utf8", cwd: root, timeout: 90_000 },
      (err, stdout, stderr) => {
        const end = Date.now();
        const out = stdout + stderr;
        const m = /left the loop at (\d+)/.exec(out);
        if (err && err.code === undefined && !err.killed) reject(err);
        else resolve({ out, status: child.exitCode, afterLoopMs: m ? end - Number(m[1]) : Infinity });
      });
  });
}

// Python exits ~5-10 s after such a loop (its workers are joined for 5 s, then terminated); here: the
// grace period (2 s) plus process teardown, bounded loosely for a loaded machine
const EXIT_BOUND_MS = 10_000;

describe.each(["thread", "process"] as const)("DataLoader %s workers stuck in getItem", (workerType) => {
  it("a break out of the loop: the loop goes on and the process exits soon after", async () => {
    for (const extra of ["", " await", " persistent"]) {
      const r = await run(`${workerType} break${extra}`);
      expect(r.out).toContain("batches [[0,1],[2,3]]");
      expect(r.status).toBe(0);
      expect(r.afterLoopMs).toBeLessThan(EXIT_BOUND_MS);
    }
  });
  it("timeout: Python's error, then the process exits soon after", async () => {
    for (const extra of ["", " await"]) {
      const r = await run(`${workerType} timeout${extra}`);
      expect(r.out).toContain("caught: DataLoader timed out after 3 seconds");
      expect(r.status).toBe(0);
      expect(r.afterLoopMs).toBeLessThan(EXIT_BOUND_MS);
    }
  });
  it("a workerInitFn that never resolves: the timeout error, then the process exits", async () => {
    const r = await run(`${workerType} init`);
    expect(r.out).toContain("caught: DataLoader timed out after 0.5 seconds");
    expect(r.out).toContain("batches []");
    expect(r.status).toBe(0);
    expect(r.afterLoopMs).toBeLessThan(EXIT_BOUND_MS);
  });
  it("an unfinished iterator that is garbage-collected: its stuck workers are stopped", async () => {
    const r = await run(`${workerType} drop`, ["--expose-gc"]);
    expect(r.out).toContain("batches [[0,1],[2,3]] workers 2\n");
    expect(r.out).toContain("workers stopped after the collection (within 10 s)");
    expect(r.status).toBe(0);
  });
});
