// Runs numbered calls in child processes (node --import tsx), so that a crash
// (a signal, an abort, a V8 heap OOM) or a hang is seen from outside instead of
// killing the test runner. Shared by test/enum_args.test.ts and the fuzz suite
// (test/fuzz/). The child script calls `runChild` (test/harness/child_main.ts),
// which writes one protocol line before each call (its index and label) and one
// after it (the outcome); when the child dies or hangs, the last call started
// and not finished is the culprit. It is run once more alone (does it crash by
// itself, or only after the calls before it?), and the batch goes on after it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** What one call did, as the child saw it. */
export interface CallResult {
  index: number;
  label: string;
  /**
   * "returned": no throw; "threw": threw (or rejected with) an Error; "non-error": threw something that is not
   * an Error; "hang": returned a promise that did not settle in time
   */
  outcome: "returned" | "threw" | "non-error" | "hang";
  /** the thrown value's constructor name (TypeError, RangeError, Error, ...) or typeof for a non-Error */
  type: string;
  /** first line of the message */
  message: string;
  /** milliseconds the call took */
  ms: number;
}

/** A call that killed (signal, abnormal exit) or hung its child. */
export interface ChildFailure {
  index: number;
  label: string;
  /** "signal SIGSEGV", "exit 134", "timeout" */
  how: string;
  /** whether it fails the same way when run alone in a fresh child */
  alone: boolean;
  stderr: string;
}

export interface RunOptions {
  /** the child script (it calls runChild) */
  script: string;
  /** arguments before start and end */
  args?: string[];
  /** calls [offset, offset + total) */
  total: number;
  offset?: number;
  /** calls per child */
  batch: number;
  /** milliseconds one child may run before it counts as hung */
  timeoutMs: number;
  /** milliseconds one call may run (no protocol line from the child) before it counts as hung; 15 s by default */
  callTimeoutMs?: number;
  /** whether a call that killed or hung its child is run again alone (default true) */
  rerunAlone?: boolean;
  /** children run at once */
  concurrency?: number;
  /** called after each child with the results so far */
  progress?: (done: number, total: number) => void;
}

export const MARK = "\u0001\u0002CALL";

// tsx by file URL: the children run in a scratch directory, where `--import tsx` would not resolve
const tsx = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs")).href;

interface Spawned { status: number | null; signal: string | null; timedOut: boolean; stdout: string; stderr: string }

function spawnChild(script: string, args: string[], timeoutMs: number, callTimeoutMs: number, cwd: string): Promise<Spawned> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", tsx, script, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [], err: Buffer[] = [];
    let errBytes = 0;
    let timedOut = false;
    const kill = () => { timedOut = true; p.kill("SIGKILL"); };
    // the first call waits for the child to load torch (seconds on a busy machine): the call timer starts then
    let stall: NodeJS.Timeout | undefined;
    p.stdout.on("data", (d: Buffer) => {
      out.push(d);
      clearTimeout(stall);
      stall = setTimeout(kill, callTimeoutMs);
    });
    // keep the last 64 KiB of stderr
    p.stderr.on("data", (d: Buffer) => { err.push(d); errBytes += d.length; while (errBytes > 65536 && err.length > 1) errBytes -= err.shift()!.length; });
    const timer = setTimeout(kill, timeoutMs);
    p.on("close", (status, signal) => {
      clearTimeout(timer);
      clearTimeout(stall);
      resolve({ status, signal, timedOut, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

interface Parsed { started: Map<number, string>; results: CallResult[] }

function parse(stdout: string): Parsed {
  const started = new Map<number, string>();
  const results: CallResult[] = [];
  for (const part of stdout.split(MARK).slice(1)) {
    const line = part.slice(0, part.indexOf("\n") >= 0 ? part.indexOf("\n") : part.length);
    const kind = line[0], body = line.slice(2);
    try {
      if (kind === "S") {
        const sp = body.indexOf(" ");
        started.set(Number(body.slice(0, sp)), body.slice(sp + 1));
      } else if (kind === "R") results.push(JSON.parse(body) as CallResult);
    } catch { /* a torn line: the child died while writing it */ }
  }
  return { started, results };
}

function how(r: Spawned): string | null {
  if (r.timedOut) return "timeout";
  if (r.signal) return `signal ${r.signal}`;
  if (r.status !== 0) return `exit ${r.status}`;
  return null;
}

const tail = (s: string) => s.split("\n").filter((l) => l.trim()).slice(-6).join("\n");

/** Runs calls [offset, offset + total) in batches of children; returns every call's result and every call that killed or hung a child. */
export async function runInChildren(o: RunOptions): Promise<{ results: CallResult[]; failures: ChildFailure[]; children: number }> {
  // the children run in a scratch directory: a call may write files (torch.save with a string path)
  const cwd = mkdtempSync(join(tmpdir(), "torch-node-children-"));
  const callTimeout = o.callTimeoutMs ?? 15_000;
  const results: CallResult[] = [];
  const failures: ChildFailure[] = [];
  let children = 0, done = 0;
  const queue: [number, number][] = [];
  const first = o.offset ?? 0, stop = first + o.total;
  for (let s = first; s < stop; s += o.batch) queue.push([s, Math.min(stop, s + o.batch)]);
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      let [start] = job;
      const end = job[1];
      while (start < end) {
        children++;
        const r = await spawnChild(o.script, [...(o.args ?? []), String(start), String(end)], o.timeoutMs, callTimeout, cwd);
        const p = parse(r.stdout);
        results.push(...p.results);
        const failed = how(r);
        const finished = new Set(p.results.map((x) => x.index));
        const culprit = [...p.started.keys()].filter((i) => !finished.has(i)).sort((a, b) => a - b)[0];
        if (!failed && finished.size === end - start) break;
        if (culprit === undefined) {
          // died before its first call, or after its last one: report the batch
          failures.push({ index: start, label: `(child for calls ${start}..${end - 1})`, how: failed ?? "missing results", alone: false, stderr: tail(r.stderr) });
          break;
        }
        // run the culprit alone: a crash by itself, or only after the calls before it in this child
        let a = r, aloneHow: string | null = failed ?? "missing result";
        if (o.rerunAlone !== false) {
          children++;
          a = await spawnChild(o.script, [...(o.args ?? []), String(culprit), String(culprit + 1)], o.timeoutMs, callTimeout, cwd);
          aloneHow = how(a);
        }
        failures.push({ index: culprit, label: p.started.get(culprit)!, how: failed ?? "missing result", alone: aloneHow !== null, stderr: tail(aloneHow ? a.stderr : r.stderr) });
        if (!aloneHow) results.push(...parse(a.stdout).results.filter((x) => x.index === culprit).map((x) => ({ ...x, label: `${x.label} (alone)` })));
        start = culprit + 1;
      }
      done += job[1] - job[0];
      o.progress?.(done, o.total);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 1 }, worker));
  rmSync(cwd, { recursive: true, force: true });
  results.sort((a, b) => a.index - b.index);
  failures.sort((a, b) => a.index - b.index);
  return { results, failures, children };
}

/** The calls whose outcome breaks the contract: a thrown non-Error, an Error with an empty message, a promise that never settles. */
export function badOutcomes(results: CallResult[]): string[] {
  const bad: string[] = [];
  for (const r of results) {
    if (r.outcome === "non-error") bad.push(`#${r.index} ${r.label}: threw a non-Error (${r.type}: ${r.message})`);
    else if (r.outcome === "hang") bad.push(`#${r.index} ${r.label}: ${r.message}`);
    else if (r.outcome === "threw" && r.message.trim() === "") bad.push(`#${r.index} ${r.label}: ${r.type} with an empty message`);
  }
  return bad;
}
