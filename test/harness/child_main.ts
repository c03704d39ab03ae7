// The child side of test/harness/children.ts: runs calls [start, end) and
// writes, for each, a protocol line before it (index, label) and one after it
// (the outcome as a CallResult). A call that returns a promise is awaited (up to
// `asyncTimeoutMs`; a rejection counts as a throw).
import { writeSync } from "node:fs";
import { MARK, type CallResult } from "./children";

export interface ChildCall {
  label: string;
  run: () => unknown;
}

const UNSETTLED = Symbol("unsettled");

const write = (s: string) => {
  // synchronous, so that the line is out before a crash in the next call
  let off = 0;
  const buf = Buffer.from(s, "utf8");
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      // the pipe is non-blocking: wait for the parent to read
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
};

function describeThrown(e: unknown): Pick<CallResult, "outcome" | "type" | "message"> {
  if (e instanceof Error) {
    const msg = String(e.message ?? "");
    const first = msg.split("\n").find((l) => l.trim() !== "") ?? "";
    return { outcome: "threw", type: e.constructor?.name ?? "Error", message: first.slice(0, 300) };
  }
  let text: string;
  try { text = typeof e === "symbol" ? e.toString() : String(e); } catch { text = "(unprintable)"; }
  return { outcome: "non-error", type: e === null ? "null" : typeof e, message: text.slice(0, 300) };
}

let current: { index: number; label: string } | null = null;

/** Gives the running call a fuller label (a call that picks its follow-up at run time); sent to the parent at once. */
export function relabel(label: string): void {
  if (!current) return;
  current.label = label;
  write(`${MARK}S ${current.index} ${label.replace(/[\n\r\u0001]/g, " ")}\n`);
}

/** Runs calls [start, end) of `make` (argv: [start, end]), then exits; `after` runs after each call (to restore global state). */
export async function runChild(make: (i: number) => ChildCall, argv: string[], asyncTimeoutMs = 5000, after?: () => void): Promise<void> {
  const [start, end] = argv.map(Number);
  for (let i = start; i < end; i++) {
    let call: ChildCall;
    try {
      call = make(i);
    } catch (e) {
      call = { label: `(making call ${i} threw: ${(e as Error)?.message})`, run: () => { throw e; } };
    }
    current = { index: i, label: call.label };
    write(`${MARK}S ${i} ${call.label.replace(/[\n\r\u0001]/g, " ")}\n`);
    const t0 = performance.now();
    let r: Pick<CallResult, "outcome" | "type" | "message">;
    try {
      let v = call.run();
      if (v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as PromiseLike<unknown>).then === "function") {
        let timer: NodeJS.Timeout | undefined;
        v = await Promise.race([
          Promise.resolve(v as PromiseLike<unknown>),
          new Promise((resolve) => { timer = setTimeout(() => resolve(UNSETTLED), asyncTimeoutMs); }),
        ]).finally(() => clearTimeout(timer));
      }
      r = v === UNSETTLED ? { outcome: "hang", type: "Promise", message: `the returned promise did not settle in ${asyncTimeoutMs} ms` }
        : { outcome: "returned", type: "", message: "" };
    } catch (e) {
      r = describeThrown(e);
    }
    try { after?.(); } catch { /* restoring state must not count against the call */ }
    const result: CallResult = { index: i, label: current.label, ...r, ms: Math.round((performance.now() - t0) * 10) / 10 };
    write(`${MARK}R ${JSON.stringify(result)}\n`);
  }
  process.exit(0);
}
