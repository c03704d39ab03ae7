// The relay thread of a DataLoader process worker (workerType "process"): it
// forks one child process that runs the worker entry (worker.ts, the same
// protocol as a worker thread) and passes messages between the main thread's
// port and the child's IPC channel.
//
// - Tensors come back as their raw bytes in the IPC message (serialization
//   "advanced": V8's structured serializer, so an ArrayBuffer crosses the
//   pipe as bytes, not JSON); the relay transfers those ArrayBuffers to the
//   main thread without another copy.
// - A TensorDataset's shared memory (SharedArrayBuffers cannot cross a process
//   boundary) is copied into each child once, when it starts.
// - The child gets one task at a time; the others wait here, so a cancelled
//   task (an early break) is answered "cancelled" at once instead of being
//   computed.
// - When the child ends, how it ended (exit code or signal) goes to the main
//   thread, then this thread ends, which marks the worker dead.
import { workerData, MessagePort } from "worker_threads";
import { fork } from "child_process";
import { CANCEL, PID, WorkerMessage, ChildLaunch, CHILD_FLAG } from "./worker_pool";
import { transferables } from "./worker_spec";

interface RelayData {
  id: number;
  numWorkers: number;
  port: MessagePort;
  signal: SharedArrayBuffer;
  child: ChildLaunch;
  [k: string]: unknown;
}

/** SharedArrayBuffers replaced by copies (plain ArrayBuffers), through arrays and plain objects. */
function unshare(v: unknown): unknown {
  if (v instanceof SharedArrayBuffer) {
    const b = new ArrayBuffer(v.byteLength);
    new Uint8Array(b).set(new Uint8Array(v));
    return b;
  }
  if (Array.isArray(v)) return v.map(unshare);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unshare(x)]));
  return v;
}

function relay(d: RelayData): void {
  const { port, child: launch, id, numWorkers: n } = d;
  const signal = new Int32Array(d.signal);
  const notify = () => {
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const post = (msg: object, transfer: ArrayBuffer[] = []) => {
    port.postMessage(msg, transfer);
    notify();
  };
  process.on("exit", () => {
    Atomics.store(signal, 1 + id, 1);
    notify();
  });

  const { port: _p, signal: _s, child: _c, __torchNodeDataLoader: _f, ...init } = d;
  void _p, _s, _c, _f;
  const child = fork(launch.entry, [CHILD_FLAG], { serialization: "advanced", execArgv: launch.execArgv });
  if (child.pid) Atomics.store(signal, PID(n, id), child.pid);
  let ready = false;
  let inflight = false;
  const queue: { type: string; gen?: number; task?: number }[] = [];
  const pump = () => {
    while (ready && !inflight && queue.length > 0) {
      const m = queue.shift()!;
      if (m.type === "fetch") {
        if (m.gen! < Atomics.load(signal, CANCEL(n))) {
          post({ type: "cancelled", task: m.task });
          continue;
        }
        inflight = true;
      }
      child.send(m);
    }
  };
  child.on("message", (msg: WorkerMessage) => {
    if (msg.type === "ready") ready = true;
    else if (msg.task >= 0) inflight = false;
    const transfer: ArrayBuffer[] = [];
    transferables(msg.data, transfer);
    post(msg, transfer);
    pump();
  });
  child.on("error", (e) => {
    // the child could not be started; a message that could not be sent because it has ended (its channel closed,
    // or the pipe broke while it was exiting: EPIPE / ECONNRESET) is left to "exit", which reports an unexpected end
    const code = (e as { code?: string }).code;
    if (code === "ERR_IPC_CHANNEL_CLOSED" || code === "EPIPE" || code === "ECONNRESET") return;
    post({ type: "error", task: -1, name: e.name, message: e.message, stack: e.stack ?? String(e) });
  });
  child.on("exit", (code, sig) => {
    Atomics.store(signal, PID(n, id), 0);
    post({ type: "exited", task: -4, code, signal: sig, pid: child.pid });
    port.close();
    process.exit(0);
  });
  port.on("message", (m: { type: string; gen?: number; task?: number }) => {
    queue.push(m);
    pump();
  });
  child.send({ type: "init", init: unshare(init) });
}

if (workerData && (workerData as { __torchNodeDataLoader?: boolean }).__torchNodeDataLoader && (workerData as RelayData).child) relay(workerData as RelayData);
