// The entry of a DataLoader worker thread (see worker_pool.ts for the main
// side). It rebuilds the dataset from its spec, seeds its WorkerInfo, runs
// workerInitFn, then answers fetch requests: it reads the samples, collates
// them (default_collate, or a collate module) and posts the batch back with its
// tensor bytes transferred. Errors go back with their stack.
import { parentPort, workerData, MessagePort } from "worker_threads";
import { Tensor } from "../../tensor";
import { Generator, _setThreadDefaultGenerator } from "../../random";
import { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, StackDataset } from "./dataset";
import { defaultCollate } from "./collate";
import { _setWorkerInfo } from "./worker_info";
import { CANCEL, BUSY } from "./worker_pool";
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

async function main(init: WorkerInit): Promise<void> {
  const port = init.port;
  const signal = new Int32Array(init.signal);
  const post = (msg: object, transfer: ArrayBuffer[] = []) => {
    port.postMessage(msg, transfer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  process.on("exit", () => {
    Atomics.store(signal, 1 + init.id, 1);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
  process.on("uncaughtException", (e) => {
    post({ type: "error", task: -1, ...errorMessage(e) });
  });

  let dataset: Dataset | IterableDataset | null = null;
  let collate: ((b: unknown[]) => unknown) | null = null;
  let initError: ReturnType<typeof errorMessage> | null = null;
  try {
    dataset = await build(init.dataset);
    const generator = new Generator().manualSeed(init.seed);
    // Python's worker runs torch.manual_seed(seed): here the worker thread's own default generator
    _setThreadDefaultGenerator(generator);
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
  }

  let iter: Iterator<unknown> | null = null;
  let ended = false;
  const startEpoch = () => {
    ended = false;
    iter = init.iterable && dataset ? (dataset as IterableDataset)[Symbol.iterator]() : null;
  };
  startEpoch();

  const n = init.numWorkers;
  const cancelled = (gen: number) => gen < Atomics.load(signal, CANCEL(n));
  const setBusy = (b: 0 | 1) => {
    Atomics.store(signal, BUSY(n, init.id), b);
    if (!b) {
      Atomics.add(signal, 0, 1);
      Atomics.notify(signal, 0);
    }
  };
  class Cancelled {}

  port.on("message", (msg: { type: string; task?: number; index?: unknown; gen?: number }) => {
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
      port.close();
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
  void main(workerData as WorkerInit);
}
