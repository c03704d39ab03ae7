// The entry of a DataLoader worker: a worker thread, or a child process
// (workerType "process", forked by worker_process.ts; see worker_pool.ts for
// the main side). The two differ only in their channel (a MessagePort and
// shared flags, or the process's IPC channel). It rebuilds the dataset from its spec, seeds its WorkerInfo, runs
// workerInitFn, then answers fetch requests: it reads the samples, collates
// them (default_collate, or a collate module) and posts the batch back with its
// tensor bytes transferred. Errors go back with their stack.
import { parentPort, workerData, MessagePort } from "worker_threads";
import { Tensor } from "../../tensor";
import { native } from "../../native";
import { Generator, _setThreadDefaultGenerator, manualSeed, defaultGenerator } from "../../random";
import { random as pyRandom } from "../../python_random";
import { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, StackDataset } from "./dataset";
import { defaultCollate } from "./collate";
import { _setWorkerInfo } from "./worker_info";
import { CANCEL, BUSY, CHILD_FLAG } from "./worker_pool";
import { WorkerDatasetSpec, WorkerModuleSpec, SharedTensorSpec, loadExport, encode, sharedRow, sharedRows } from "./worker_spec";

/** @internal what the main thread hands a worker */
export interface WorkerInit {
  id: number;
  numWorkers: number;
  seed: bigint;
  dataset: WorkerDatasetSpec;
  iterable: boolean;
  autoCollation: boolean;
  dropLast: boolean;
  /** "default": default_collate here; "main": samples go back raw; else a module's function */
  collate: "default" | "main" | WorkerModuleSpec;
  initFn: WorkerModuleSpec | { source: string } | null;
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/** How a worker talks to the main side. */
interface Channel {
  /** true in a worker process */
  process: boolean;
  post(msg: object, transfer?: ArrayBuffer[]): void;
  onMessage(f: (msg: { type: string; task?: number; index?: unknown; gen?: number }) => void): void;
  /** stop listening: the worker ends when its event loop is empty */
  close(): void;
  /** whether tasks of generation `gen` were cancelled (checked between samples) */
  cancelled(gen: number): boolean;
  setBusy(b: 0 | 1): void;
}

/** A worker thread's channel: its MessagePort, and flags in memory shared with the main thread. */
function threadChannel(init: WorkerInit): Channel {
  const port = init.port;
  const signal = new Int32Array(init.signal);
  const n = init.numWorkers;
  const notify = () => {
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  process.on("exit", () => {
    Atomics.store(signal, 1 + init.id, 1);
    notify();
  });
  return {
    process: false,
    post(msg, transfer = []) {
      port.postMessage(msg, transfer);
      notify();
    },
    onMessage: (f) => port.on("message", f),
    close: () => port.close(),
    cancelled: (gen) => gen < Atomics.load(signal, CANCEL(n)),
    setBusy(b) {
      Atomics.store(signal, BUSY(n, init.id), b);
      if (!b) notify();
    },
  };
}

/**
 * A worker process's channel: its IPC channel to the relay thread, which
 * holds back cancelled tasks (the process shares no memory with the main one).
 */
function processChannel(): Channel {
  return {
    process: true,
    // once the relay is gone there is no one to answer (the process is ending on "disconnect")
    post: (msg) => void (process.connected && process.send!(msg)),
    onMessage: (f) => process.on("message", f as (m: unknown) => void),
    close: () => process.disconnect(),
    cancelled: () => false,
    setBusy() {},
  };
}

/** TensorDataset whose rows are read from shared memory. */
class SharedTensorDataset extends Dataset<Tensor[]> {
  constructor(private readonly shared: SharedTensorSpec[]) {
    super();
  }
  getItem(index: number): Tensor[] {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    return this.shared.map((s) => sharedRow(s, i));
  }
  get length(): number {
    return this.shared[0].shape[0];
  }
  /** default_collate of rows `indices`: the rows' bytes gathered into one tensor per field */
  collated(indices: number[], transfer: ArrayBuffer[]): unknown[] | null {
    const n = this.length;
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= n) return null;
    return this.shared.map((s) => sharedRows(s, indices, transfer));
  }
}
void TensorDataset;

async function build(spec: WorkerDatasetSpec): Promise<Dataset | IterableDataset> {
  if ("kind" in spec) {
    switch (spec.kind) {
      case "TensorDataset":
        return new SharedTensorDataset(spec.tensors);
      case "Subset":
        return new Subset((await build(spec.dataset)) as Dataset, spec.indices);
      case "ConcatDataset":
        return new ConcatDataset((await Promise.all(spec.datasets.map(build))) as Dataset[]);
      case "StackDataset":
        if (spec.list) return new StackDataset(...((await Promise.all(spec.list.map(build))) as Dataset[]));
        return new StackDataset(Object.fromEntries(await Promise.all(Object.entries(spec.dict!).map(async ([k, d]) => [k, await build(d)]))));
    }
  }
  const v = await loadExport(spec as WorkerModuleSpec);
  const args = (spec as WorkerModuleSpec).args ?? [];
  let ds: unknown = v;
  if (typeof v === "function") {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(v)) || v.prototype instanceof Dataset || v.prototype instanceof IterableDataset;
    ds = isClass ? new (v as new (...a: unknown[]) => unknown)(...args) : await (v as (...a: unknown[]) => unknown)(...args);
  }
  const ok = ds instanceof Dataset || ds instanceof IterableDataset ||
    (ds !== null && typeof ds === "object" && (typeof (ds as Dataset).getItem === "function" || typeof (ds as Iterable<unknown>)[Symbol.iterator] === "function"));
  if (!ok) throw new TypeError(`workerDataset ${String((spec as WorkerModuleSpec).module)}: the export did not give a Dataset or IterableDataset`);
  return ds as Dataset | IterableDataset;
}

function errorMessage(e: unknown): { name: string; message: string; stack: string } {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  return { name: "Error", message: String(e), stack: `thrown value: ${String(e)}` };
}

async function main(init: WorkerInit, channel: Channel): Promise<void> {
  const post = (msg: object, transfer: ArrayBuffer[] = []) => channel.post(msg, transfer);
  process.on("uncaughtException", (e) => {
    post({ type: "error", task: -1, ...errorMessage(e) });
  });

  let dataset: Dataset | IterableDataset | null = null;
  let collate: ((b: unknown[]) => unknown) | null = null;
  let initError: ReturnType<typeof errorMessage> | null = null;
  // Until the message loop below listens, nothing else may keep this thread's event loop alive: a
  // workerInitFn awaiting something that never settles (or settles from another thread) would let the
  // thread end ("exited unexpectedly") instead of waiting, as a Python worker does, for the timeout.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    dataset = await build(init.dataset);
    // Python's worker runs torch.manual_seed(seed): a worker process seeds its default generator;
    // a worker thread gets a default generator of its own (the process's is shared by the threads)
    let generator: Generator;
    if (channel.process) {
      // as Python's _worker_loop: one intra-op thread per worker process (the workers are the parallelism;
      // more threads per worker oversubscribe the cores). Worker threads share the main process's pool.
      native.setNumThreads(1);
      generator = (manualSeed(init.seed), defaultGenerator);
    }
    else {
      generator = new Generator().manualSeed(init.seed);
      _setThreadDefaultGenerator(generator);
    }
    // and random.seed(seed): Python's `random` module (torchvision's RandomChoice / RandomOrder draw from it;
    // here transforms.random) is seeded per worker, thread or process, as Python's _worker_loop does
    pyRandom.seed(init.seed);
    _setWorkerInfo(Object.freeze({ id: init.id, numWorkers: init.numWorkers, seed: init.seed, dataset, generator }));
    if (init.collate === "default") collate = defaultCollate;
    else if (init.collate !== "main") {
      const f = await loadExport(init.collate);
      if (typeof f !== "function") throw new TypeError(`collateFn ${String(init.collate.module)}: the export is not a function`);
      collate = f as (b: unknown[]) => unknown;
    }
    if (init.initFn) {
      let f: unknown;
      if ("source" in init.initFn) f = new Function(`return (${init.initFn.source});`)();
      else f = await loadExport(init.initFn);
      if (typeof f !== "function") throw new TypeError("workerInitFn is not a function");
      await (f as (id: number) => unknown)(init.id);
    }
  } catch (e) {
    initError = errorMessage(e);
  } finally {
    clearInterval(keepAlive);
  }

  let iter: Iterator<unknown> | null = null;
  let ended = false;
  const startEpoch = () => {
    ended = false;
    iter = init.iterable && dataset ? (dataset as IterableDataset)[Symbol.iterator]() : null;
  };
  startEpoch();

  const cancelled = (gen: number) => channel.cancelled(gen);
  const setBusy = (b: 0 | 1) => channel.setBusy(b);
  class Cancelled {}

  channel.onMessage((msg) => {
    if (msg.type === "fetch") {
      if (cancelled(msg.gen!)) return post({ type: "cancelled", task: msg.task! });
      setBusy(1);
      try {
        onFetch(msg);
      } finally {
        setBusy(0);
      }
      return;
    }
    onControl(msg);
  });
  const onControl = (msg: { type: string }) => {
    if (msg.type === "exit") {
      channel.close();
      return;
    }
    if (msg.type === "reset") {
      try {
        startEpoch();
      } catch (e) {
        initError = errorMessage(e);
      }
      post({ type: "resumed", task: -2 });
    }
  };
  const onFetch = (msg: { task?: number; index?: unknown; gen?: number }) => {
    const task = msg.task!;
    const gen = msg.gen!;
    const check = () => {
      if (cancelled(gen)) throw new Cancelled();
    };
    if (initError) {
      post({ type: "error", task, ...initError });
      return;
    }
    try {
      let data: unknown;
      if (init.iterable) {
        const want = Array.isArray(msg.index) ? msg.index.length : 1;
        if (ended) return post({ type: "stop", task });
        if (init.autoCollation) {
          const items: unknown[] = [];
          for (let k = 0; k < want; k++) {
            check();
            const r = iter!.next();
            if (r.done) {
              ended = true;
              break;
            }
            items.push(r.value);
          }
          if (items.length === 0 || (init.dropLast && items.length < want)) return post({ type: "stop", task });
          data = collate ? collate(items) : items;
        } else {
          const r = iter!.next();
          if (r.done) {
            ended = true;
            return post({ type: "stop", task });
          }
          data = collate ? (collate as (s: unknown) => unknown)(r.value) : r.value;
        }
      } else {
        const ds = dataset as Dataset;
        if (init.autoCollation) {
          const idx = msg.index as number[];
          const transfer: ArrayBuffer[] = [];
          const fast = collate === defaultCollate && ds instanceof SharedTensorDataset ? ds.collated(idx, transfer) : null;
          if (fast) return post({ type: "data", task, data: fast }, transfer);
          const items = typeof (ds as { getItems?: unknown }).getItems === "function"
            ? (ds as unknown as { getItems(i: number[]): unknown[] }).getItems(idx)
            : idx.map((i) => (check(), ds.getItem(i)));
          data = collate ? collate(items) : items;
        } else {
          const item = ds.getItem(msg.index as number);
          data = collate ? (collate as (s: unknown) => unknown)(item) : item;
        }
      }
      const transfer: ArrayBuffer[] = [];
      const encoded = encode(data, transfer);
      post({ type: "data", task, data: encoded }, transfer);
    } catch (e) {
      if (e instanceof Cancelled) post({ type: "cancelled", task });
      else post({ type: "error", task, ...errorMessage(e) });
    }
  };
  post({ type: "ready" });
}

if (parentPort && workerData && (workerData as { __torchNodeDataLoader?: boolean }).__torchNodeDataLoader) {
  const init = workerData as WorkerInit;
  void main(init, threadChannel(init));
} else if (process.send && process.argv.includes(CHILD_FLAG)) {
  // a worker process (forked by worker_process.ts): its init comes first; it ends when the relay goes
  process.once("disconnect", () => process.exit(0));
  process.once("message", (m: { type: string; init: WorkerInit }) => {
    if (m && m.type === "init") void main(m.init, processChannel());
  });
}
