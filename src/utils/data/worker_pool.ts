// The main-thread side of DataLoader workers: spawns worker_threads, sends
// them tasks, and receives their answers both synchronously (for...of: the
// thread blocks in Atomics.wait until a worker posts, then reads the message
// with receiveMessageOnPort) and asynchronously (for await: Atomics.waitAsync).
//
// Process workers (workerType "process") use the same pool: each worker slot is
// then a small relay thread (worker_process.ts) that forks one child process
// running worker.ts and passes messages both ways, so the main side keeps its
// synchronous receive and the worker protocol is the thread workers' one.
import { Worker, MessageChannel, MessagePort, receiveMessageOnPort } from "worker_threads";
import * as path from "path";
import type { WorkerInit } from "./worker";

/**
 * @internal layout of the shared Int32Array: [0] bumped on every message,
 * [1 + id] worker id has exited, [1 + n] cancel generation, [2 + n + id] worker id is busy,
 * [2 + 2n + id] the pid of process worker id (0: none yet)
 */
export const CANCEL = (n: number) => 1 + n;
export const BUSY = (n: number, id: number) => 2 + n + id;
export const PID = (n: number, id: number) => 2 + 2 * n + id;

/** Threads (worker_threads, the default) or child processes (a native crash kills only the worker). */
export type WorkerType = "thread" | "process";

/**
 * How long a worker may take to stop after it is told to (an early break, a
 * timeout, close()) before it is terminated: a worker stuck in getItem never
 * blocks the main thread or keeps the process alive.
 */
export const STOP_GRACE_MS = 2000;

/** @internal a message from a worker */
export interface WorkerMessage {
  type: "ready" | "data" | "error" | "stop" | "resumed" | "cancelled" | "exited";
  task: number;
  data?: unknown;
  name?: string;
  message?: string;
  stack?: string;
  /** "exited" (process workers): how the child process ended */
  code?: number | null;
  signal?: string | null;
  pid?: number;
}

/** @internal an error of the pool itself (a worker died, a timeout): the workers cannot be trusted any more */
export const FATAL = Symbol("torch-node.dataloader.fatal");

const SIGNAL_TEXT: Record<string, string> = {
  SIGSEGV: "Segmentation fault", SIGBUS: "Bus error", SIGFPE: "Floating point exception", SIGILL: "Illegal instruction",
  SIGABRT: "Aborted", SIGKILL: "Killed", SIGTERM: "Terminated", SIGINT: "Interrupt", SIGHUP: "Hangup", SIGPIPE: "Broken pipe",
  SIGQUIT: "Quit", SIGUSR1: "User defined signal 1", SIGUSR2: "User defined signal 2", SIGXCPU: "CPU time limit exceeded",
};

/** @internal Python's messages for a dead worker, with the worker id; the error carries workerId, pid, signal, exitCode. */
export function workerExitError(id: number, info: { code?: number | null; signal?: string | null; pid?: number } | undefined): Error {
  let e: Error;
  if (info && info.signal) {
    const text = SIGNAL_TEXT[info.signal] ?? info.signal;
    e = new Error(`DataLoader worker ${id} (pid ${info.pid}) is killed by signal: ${text} (${info.signal}).`);
  } else if (info && info.code !== undefined && info.code !== null) {
    e = new Error(`DataLoader worker ${id} (pid ${info.pid}) exited unexpectedly with exit code ${info.code}.`);
  } else e = new Error(`DataLoader worker (id(s) ${id}) exited unexpectedly`);
  Object.assign(e, { workerId: id, pid: info?.pid ?? null, signal: info?.signal ?? null, exitCode: info?.code ?? null, [FATAL]: true });
  return e;
}

function workerEntry(name: string): { file: string; eval: boolean } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `${name}${ext}`);
  if (ext !== ".ts") return { file, eval: false };
  // running from the TypeScript sources (tests): the worker compiles them with tsx
  const tsx = require.resolve("tsx/cjs/api");
  return { file: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`, eval: true };
}

/** @internal the argument that tells worker.js it is a DataLoader worker process */
export const CHILD_FLAG = "--torch-node-dataloader-worker";

/** @internal how a relay thread starts its worker process */
export interface ChildLaunch {
  /** worker.js (or worker.ts under tsx) */
  entry: string;
  execArgv: string[];
}

function childLaunch(): ChildLaunch {
  const ext = path.extname(__filename);
  // the main process's node flags, less the debugger's (a second process cannot take its port)
  const execArgv = process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
  if (ext === ".ts" && !execArgv.some((a) => a.includes("tsx"))) execArgv.unshift("--require", require.resolve("tsx/cjs"));
  return { entry: path.join(__dirname, `worker${ext}`), execArgv };
}

/** @internal */
export class WorkerPool {
  readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signal: Int32Array;
  private readonly exits: Promise<void>[] = [];
  /** process workers: how each child process ended ("exited" messages) */
  readonly exitInfo: (WorkerMessage | undefined)[] = [];
  private rr = 0;
  private killTimer: ReturnType<typeof setTimeout> | null = null;
  closed = false;

  constructor(readonly numWorkers: number, makeInit: (id: number) => Omit<WorkerInit, "port" | "signal">, readonly workerType: WorkerType = "thread") {
    const sab = new SharedArrayBuffer(4 * (2 + 3 * numWorkers));
    this.signal = new Int32Array(sab);
    const entry = workerEntry(workerType === "process" ? "worker_process" : "worker");
    const child = workerType === "process" ? childLaunch() : undefined;
    for (let id = 0; id < numWorkers; id++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(entry.file, {
        eval: entry.eval,
        workerData: { ...makeInit(id), port: port2, signal: sab, child, __torchNodeDataLoader: true },
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
    void Promise.all(this.exits).then(() => {
      livePools.delete(this);
      if (this.killTimer) clearTimeout(this.killTimer);
    });
    installExitGuard();
  }

  /** The generation tasks are sent with; cancel() moves it on so workers drop older tasks. */
  get generation(): number {
    return Atomics.load(this.signal, CANCEL(this.numWorkers));
  }

  cancel(): void {
    Atomics.add(this.signal, CANCEL(this.numWorkers), 1);
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  /** Blocks (at most `ms`) until no worker thread is inside a task. */
  waitIdle(ms: number): void {
    if (this.workerType === "process") return; // a child process's native calls end with it, not with this process
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

  /** The pids of the worker processes still running (process workers). */
  pids(): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.numWorkers; id++) {
      const pid = Atomics.load(this.signal, PID(this.numWorkers, id));
      if (pid > 0 && this.exitInfo[id] === undefined) out.push(pid);
    }
    return out;
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
        const msg = r.message as WorkerMessage;
        if (msg.type === "exited") {
          // a worker process ended: kept for the error, not an answer
          this.exitInfo[id] = msg;
          k = -1;
          continue;
        }
        this.rr = (id + 1) % n;
        return { id, msg };
      }
    }
    return null;
  }

  private dead(): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.numWorkers; id++) if (Atomics.load(this.signal, 1 + id) === 1 || this.exitInfo[id] !== undefined) out.push(id);
    return out;
  }

  /** `dead`: the workers known dead before the last (empty) poll, so their last messages were read */
  private check(dead: number[], deadline: number, timeout: number, live: (id: number) => boolean): void {
    const gone = dead.filter(live);
    if (gone.length) throw workerExitError(gone[0], this.exitInfo[gone[0]]);
    if (timeout > 0 && Date.now() >= deadline) {
      const e = new Error(`DataLoader timed out after ${timeout} seconds`);
      Object.assign(e, { [FATAL]: true });
      throw e;
    }
  }

  /** Blocks until some worker's message arrives. `live(id)`: whether worker id still owes answers. */
  receiveSync(timeout: number, live: (id: number) => boolean): { id: number; msg: WorkerMessage } {
    return this.receiveUntil(timeout, live, Infinity)!;
  }

  /** receiveSync, giving up (null) at the time `until` (Date.now() ms). */
  receiveUntil(timeout: number, live: (id: number) => boolean, until: number): { id: number; msg: WorkerMessage } | null {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const dead = this.dead();
      const r = this.poll();
      if (r) return r;
      this.check(dead, deadline, timeout, live);
      const now = Date.now();
      if (now >= until) return null;
      const end = Math.min(until, timeout > 0 ? deadline : Infinity);
      Atomics.wait(this.signal, 0, seen, Math.max(1, Math.min(1000, end - now)));
    }
  }

  /** Like receiveSync, without blocking the event loop. */
  async receive(timeout: number, live: (id: number) => boolean): Promise<{ id: number; msg: WorkerMessage }> {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const dead = this.dead();
      const r = this.poll();
      if (r) return r;
      this.check(dead, deadline, timeout, live);
      const ms = timeout > 0 ? Math.max(1, Math.min(1000, deadline - Date.now())) : 1000;
      const waitAsync = (Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: unknown } }).waitAsync;
      if (waitAsync) {
        const w = waitAsync(this.signal, 0, seen, ms);
        if (w.async) {
          // a pending waitAsync does not keep the event loop alive (the workers are unref'd, and V8 resolves
          // it from a task Node runs on an unref'd handle): a timer does, until it has resolved
          const keep = setTimeout(() => {}, 0x7fffffff);
          try {
            await w.value;
          } finally {
            clearTimeout(keep);
          }
        }
      } else await new Promise((res) => setTimeout(res, 1));
    }
  }

  /**
   * Stops every worker now: threads with worker.terminate() (a thread stuck in
   * a JS loop is stopped too), processes with SIGKILL.
   */
  terminate(): void {
    if (this.workerType === "thread") {
      for (const w of this.workers) void w.terminate();
      return;
    }
    // the relay threads see their child end (and reap it: no zombie), then end themselves
    for (const pid of this.pids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    const t = setTimeout(() => this.workers.forEach((w) => void w.terminate()), STOP_GRACE_MS);
    t.unref();
    void Promise.all(this.exits).then(() => clearTimeout(t));
  }

  /**
   * Asks every worker to finish (after its current sample); workers still
   * running STOP_GRACE_MS later (stuck in getItem) are terminated. Resolves
   * when all have exited; `wait`: the workers keep the process alive until then.
   */
  close(wait = true, graceMs = STOP_GRACE_MS): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.cancel();
      for (let id = 0; id < this.numWorkers; id++) {
        try {
          this.ports[id].postMessage({ type: "exit" });
        } catch {
          /* already closed */
        }
        this.ports[id].close();
      }
      this.killTimer = setTimeout(() => this.terminate(), graceMs);
      this.killTimer.unref();
    }
    // whoever awaits close() waits for the workers to end (they are unref'd otherwise: a script may just end)
    if (wait) for (const w of this.workers) w.ref();
    return Promise.all(this.exits).then(() => undefined);
  }
}

const livePools = new Set<WorkerPool>();
let guardInstalled = false;

/**
 * When the process ends while workers are inside a task (an exception or
 * process.exit() in the loop), their native calls would be cut short by the
 * thread teardown: tell them to stop and wait (a little) until they are idle.
 * Worker processes still running (stuck, or not yet at their exit message)
 * are sent SIGTERM: none outlives the main process.
 */
function installExitGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on("exit", () => {
    for (const p of livePools) p.cancel();
    for (const p of livePools) p.waitIdle(STOP_GRACE_MS);
    for (const p of livePools) {
      for (const pid of p.pids()) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          /* already gone */
        }
      }
    }
  });
}
