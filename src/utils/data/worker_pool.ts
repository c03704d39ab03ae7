// The main-thread side of DataLoader workers: spawns worker_threads, sends
// them tasks, and receives their answers both synchronously (for...of: the
// thread blocks in Atomics.wait until a worker posts, then reads the message
// with receiveMessageOnPort) and asynchronously (for await: Atomics.waitAsync).
import { Worker, MessageChannel, MessagePort, receiveMessageOnPort } from "worker_threads";
import * as path from "path";
import type { WorkerInit } from "./worker";

/**
 * @internal layout of the shared Int32Array: [0] bumped on every message,
 * [1 + id] worker id has exited, [1 + n] cancel generation, [2 + n + id] worker id is busy
 */
export const CANCEL = (n: number) => 1 + n;
export const BUSY = (n: number, id: number) => 2 + n + id;

/** @internal a message from a worker */
export interface WorkerMessage {
  type: "ready" | "data" | "error" | "stop" | "resumed" | "cancelled";
  task: number;
  data?: unknown;
  name?: string;
  message?: string;
  stack?: string;
}

function workerEntry(): { file: string; eval: boolean } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `worker${ext}`);
  if (ext !== ".ts") return { file, eval: false };
  // running from the TypeScript sources (tests): the worker compiles them with tsx
  const tsx = require.resolve("tsx/cjs/api");
  return { file: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`, eval: true };
}

/** @internal */
export class WorkerPool {
  readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signal: Int32Array;
  private readonly exits: Promise<void>[] = [];
  private rr = 0;
  closed = false;

  constructor(readonly numWorkers: number, makeInit: (id: number) => Omit<WorkerInit, "port" | "signal">) {
    const sab = new SharedArrayBuffer(4 * (2 + 2 * numWorkers));
    this.signal = new Int32Array(sab);
    const entry = workerEntry();
    for (let id = 0; id < numWorkers; id++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(entry.file, {
        eval: entry.eval,
        workerData: { ...makeInit(id), port: port2, signal: sab, __torchNodeDataLoader: true },
        transferList: [port2],
      });
      w.unref();
      // an error event with no listener would crash the process; the worker reports its own errors
      this.exits.push(new Promise((resolve) => w.once("exit", () => resolve())));
      w.on("error", () => {});
      this.workers.push(w);
      this.ports.push(port1);
    }
    livePools.add(this);
    installExitGuard();
  }

  /** The generation tasks are sent with; cancel() moves it on so workers drop older tasks. */
  get generation(): number {
    return Atomics.load(this.signal, CANCEL(this.numWorkers));
  }

  cancel(): void {
    Atomics.add(this.signal, CANCEL(this.numWorkers), 1);
  }

  /** Blocks (at most `ms`) until no worker is inside a task. */
  waitIdle(ms: number): void {
    const deadline = Date.now() + ms;
    for (;;) {
      let busy = false;
      for (let id = 0; id < this.numWorkers; id++)
        if (Atomics.load(this.signal, BUSY(this.numWorkers, id)) === 1 && Atomics.load(this.signal, 1 + id) !== 1) busy = true;
      if (!busy || Date.now() >= deadline) return;
      const seen = Atomics.load(this.signal, 0);
      Atomics.wait(this.signal, 0, seen, Math.max(1, Math.min(50, deadline - Date.now())));
    }
  }

  send(id: number, msg: object): void {
    this.ports[id].postMessage(msg);
  }

  private poll(): { id: number; msg: WorkerMessage } | null {
    const n = this.numWorkers;
    for (let k = 0; k < n; k++) {
      const id = (this.rr + k) % n;
      const r = receiveMessageOnPort(this.ports[id]);
      if (r) {
        this.rr = (id + 1) % n;
        return { id, msg: r.message as WorkerMessage };
      }
    }
    return null;
  }

  private dead(): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.numWorkers; id++) if (Atomics.load(this.signal, 1 + id) === 1) out.push(id);
    return out;
  }

  private check(deadline: number, timeout: number, live: (id: number) => boolean): void {
    const gone = this.dead().filter(live);
    if (gone.length) throw new Error(`DataLoader worker (id(s) ${gone.join(", ")}) exited unexpectedly`);
    if (timeout > 0 && Date.now() >= deadline) throw new Error(`DataLoader timed out after ${timeout} seconds`);
  }

  /** Blocks until some worker's message arrives. `live(id)`: whether worker id still owes answers. */
  receiveSync(timeout: number, live: (id: number) => boolean): { id: number; msg: WorkerMessage } {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const r = this.poll();
      if (r) return r;
      this.check(deadline, timeout, live);
      Atomics.wait(this.signal, 0, seen, timeout > 0 ? Math.max(1, Math.min(1000, deadline - Date.now())) : 1000);
    }
  }

  /** Like receiveSync, without blocking the event loop. */
  async receive(timeout: number, live: (id: number) => boolean): Promise<{ id: number; msg: WorkerMessage }> {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const r = this.poll();
      if (r) return r;
      this.check(deadline, timeout, live);
      const ms = timeout > 0 ? Math.max(1, Math.min(1000, deadline - Date.now())) : 1000;
      const waitAsync = (Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: unknown } }).waitAsync;
      if (waitAsync) {
        const w = waitAsync(this.signal, 0, seen, ms);
        if (w.async) {
          // a pending waitAsync does not keep the event loop alive (the workers are unref'd): a timer does
          const keep = setTimeout(() => {}, ms + 10);
          try {
            await w.value;
          } finally {
            clearTimeout(keep);
          }
        }
      } else await new Promise((res) => setTimeout(res, 1));
    }
  }

  /** Asks every worker to finish; resolves when all have exited. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      livePools.delete(this);
      for (let id = 0; id < this.numWorkers; id++) {
        try {
          this.ports[id].postMessage({ type: "exit" });
        } catch {
          /* already closed */
        }
        this.ports[id].close();
      }
    }
    // whoever awaits close() waits for the threads to end (they are unref'd otherwise)
    for (const w of this.workers) w.ref();
    return Promise.all(this.exits).then(() => undefined);
  }
}

const livePools = new Set<WorkerPool>();
let guardInstalled = false;

/**
 * When the process ends while workers are inside a task (an exception or
 * process.exit() in the loop), their native calls would be cut short by the
 * thread teardown: tell them to stop and wait (a little) until they are idle.
 */
function installExitGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on("exit", () => {
    for (const p of livePools) p.cancel();
    for (const p of livePools) p.waitIdle(2000);
  });
}
