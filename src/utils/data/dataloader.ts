// DataLoader: batches from a Dataset with Python's order (same seed, same
// shuffle), default_collate, dropLast, custom samplers, workers (numWorkers:
// threads, or child processes with workerType "process") with results in
// sampler order; `for...of` and `for await`.
import { warnOnce } from "../../warnings";
import { bind, isOptions } from "../../args";
import { Dataset, IterableDataset, TensorDataset, specOf } from "./dataset";
import { Sampler, SequentialSampler, RandomSampler, BatchSampler, drawSeed, pyRepr } from "./sampler";
import { defaultCollate } from "./collate";
import type { Collated } from "./collate";
import { Generator } from "../../random";
import { Tensor } from "../../tensor";
import { describe } from "../../device";
import { native } from "../../native";
import { WorkerPool, WorkerMessage, WorkerType, FATAL, STOP_GRACE_MS } from "./worker_pool";
import { WorkerDatasetSpec, WorkerModuleSpec, normalizeModuleSpec, decode } from "./worker_spec";
import type { WorkerInit } from "./worker";

/** DataLoader's options; B is the batch type (what collateFn returns). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface DataLoaderOptions<T, B = any> {
  batchSize?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<number> | null;
  batchSampler?: Iterable<number[]> | null;
  /** Workers (0: load in the main thread). */
  numWorkers?: number;
  /**
   * torch-node's choice of worker: "thread" (worker_threads, the default:
   * cheapest to start and to pass tensors to) or "process" (child processes:
   * a worker that crashes natively, e.g. a segfault in a native library the
   * dataset calls, becomes an error in the loop instead of ending the
   * training process).
   */
  workerType?: WorkerType;
  /**
   * Python's multiprocessing_context ("fork", "spawn" or "forkserver"):
   * process workers. Node cannot fork, so every start method starts a fresh
   * process that rebuilds the dataset (spawn's semantics).
   */
  multiprocessingContext?: "fork" | "spawn" | "forkserver" | null;
  /**
   * Python's collate_fn. With workers, a function runs in the main thread on
   * the samples the workers send; a { module, export } spec runs in each worker.
   */
  collateFn?: ((batch: T[]) => B) | WorkerModuleSpec | null;
  pinMemory?: boolean;
  /** Python's pin_memory_device (accepted; pinning uses the CUDA device) */
  pinMemoryDevice?: string;
  dropLast?: boolean;
  /** Seconds to wait for a worker's batch (0: forever). */
  timeout?: number;
  /**
   * Runs in each worker with its id, after seeding and before loading: a
   * { module, export } spec, or a self-contained function (it is sent as source
   * text, so it cannot use variables of the enclosing scope; it may require()).
   */
  workerInitFn?: ((workerId: number) => unknown) | WorkerModuleSpec | null;
  generator?: Generator | null;
  prefetchFactor?: number | null;
  persistentWorkers?: boolean;
  inOrder?: boolean;
  /** How workers build their dataset when it has no workerSpec(): { module, export, args }. */
  workerDataset?: WorkerDatasetSpec | null;
}


/**
 * Batches of a dataset. T is the dataset's sample type and B the batch type: inferred from collateFn when
 * one is given, else what defaultCollate makes of T (`Collated<T>`: a TensorDataset's batches are Tensor[];
 * samples of `[Tensor, number]` give `[Tensor, Tensor]`). With `batchSize: null` (no batching) batches are
 * samples: write `new DataLoader<T, T>(...)`.
 */
export class DataLoader<T = unknown, B = Collated<T>> {
  readonly dataset: Dataset<T> | IterableDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Iterable<number>;
  readonly batchSampler: Iterable<number[]> | null;
  readonly collateFn: ((batch: T[]) => unknown) | WorkerModuleSpec;
  readonly generator: Generator | null;
  readonly numWorkers: number;
  /** "thread" or "process" (see DataLoaderOptions.workerType) */
  readonly workerType: WorkerType;
  /** Python's multiprocessing_context: the start method asked for, or null */
  readonly multiprocessingContext: "fork" | "spawn" | "forkserver" | null;
  readonly pinMemory: boolean;
  readonly timeout: number;
  readonly workerInitFn: ((workerId: number) => unknown) | WorkerModuleSpec | null;
  readonly prefetchFactor: number | null;
  readonly persistentWorkers: boolean;
  readonly inOrder: boolean;
  readonly workerDataset: WorkerDatasetSpec | null;
  private readonly defaultCollation: boolean;
  private mainCollate: ((b: unknown) => unknown) | null = null;
  /** @internal the persistent workers' iterator */
  _iterator: DataLoaderIter<B> | null = null;
  /** @internal worker pools that may still run (an iterator dropped unfinished is collected; its pool is closed then) */
  readonly _pools = new Set<WorkerPool>();

  /**
   * `new DataLoader(dataset, { batchSize, shuffle, ... })`, or Python's
   * positional order: `new DataLoader(dataset, batchSize, shuffle, sampler,
   * batchSampler, numWorkers, collateFn, pinMemory, dropLast, timeout,
   * workerInitFn, multiprocessingContext, generator, { ...options })`.
   */
  constructor(dataset: Dataset<T> | IterableDataset<T>, opts?: DataLoaderOptions<T, B>);
  constructor(dataset: Dataset<T> | IterableDataset<T>, batchSize?: number | null, ...rest: unknown[]);
  constructor(dataset: Dataset<T> | IterableDataset<T>, ...args: unknown[]) {
    if (!(dataset instanceof Dataset) && !(dataset instanceof IterableDataset))
      throw new TypeError(`DataLoader(): dataset must be a Dataset or IterableDataset, not ${describe(dataset)}`);
    const opts = dataLoaderOptions(args) as DataLoaderOptions<T, B>;
    const {
      batchSize = 1, shuffle = null, sampler = null, batchSampler = null, numWorkers = 0, dropLast = false, generator = null,
      pinMemory = false, timeout = 0, workerInitFn = null, prefetchFactor = null, persistentWorkers = false, inOrder = true,
      workerDataset = null, workerType = null, multiprocessingContext = null,
    } = opts;
    if (typeof numWorkers !== "number" || !Number.isInteger(numWorkers)) throw new TypeError(`DataLoader(): numWorkers must be an integer, not ${describe(numWorkers)}`);
    if (numWorkers < 0) throw new RangeError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    if (typeof timeout !== "number" || timeout < 0) throw new RangeError("timeout option should be non-negative");
    let pf = prefetchFactor;
    if (numWorkers === 0 && pf !== null)
      throw new RangeError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.");
    else if (numWorkers > 0 && pf === null) pf = 2;
    else if (pf !== null && pf < 0) throw new RangeError("prefetch_factor option should be non-negative");
    if (persistentWorkers && numWorkers === 0) throw new RangeError("persistent_workers option needs num_workers > 0");
    if (workerType !== null && workerType !== undefined) {
      if (typeof workerType !== "string") throw new TypeError(`DataLoader(): workerType must be "thread" or "process", not ${describe(workerType)}`);
      if (workerType !== "thread" && workerType !== "process") throw new RangeError(`DataLoader(): workerType must be "thread" or "process", but got workerType='${workerType}'`);
    }
    if (multiprocessingContext !== null && multiprocessingContext !== undefined) {
      if (numWorkers === 0)
        throw new RangeError(`multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=${numWorkers}`);
      if (typeof multiprocessingContext !== "string")
        throw new TypeError(`multiprocessing_context option should be a valid context object or a string specifying the start method, but got multiprocessing_context=${describe(multiprocessingContext)}`);
      if (!["fork", "spawn", "forkserver"].includes(multiprocessingContext))
        throw new RangeError(`multiprocessing_context option should specify a valid start method in ['fork', 'spawn', 'forkserver'], but got multiprocessing_context='${multiprocessingContext}'`);
      if (workerType === "thread") throw new RangeError(`DataLoader(): multiprocessing_context='${multiprocessingContext}' asks for worker processes, but workerType is "thread"`);
    }
    if (generator !== null && !(generator instanceof Generator)) throw new TypeError(`DataLoader(): generator must be a torch.Generator, not ${describe(generator)}`);

    let shuf = shuffle;
    if (dataset instanceof IterableDataset) {
      if (shuf !== false && shuf !== null) throw new RangeError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${pyRepr(shuf)}`);
      if (sampler !== null) throw new RangeError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${describe(sampler)}`);
      if (batchSampler !== null) throw new RangeError(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${describe(batchSampler)}`);
    } else shuf = Boolean(shuf);
    if (sampler !== null && shuf) throw new RangeError("sampler option is mutually exclusive with shuffle");
    let bs = batchSize;
    let dl = dropLast;
    if (batchSampler !== null) {
      if (bs !== 1 || shuf || sampler !== null || dl)
        throw new RangeError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      bs = null;
      dl = false;
    } else if (bs === null && dl) {
      throw new RangeError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    this.dataset = dataset;
    this.generator = generator;
    this.dropLast = dl;
    this.numWorkers = numWorkers;
    this.multiprocessingContext = multiprocessingContext ?? null;
    this.workerType = workerType ?? (this.multiprocessingContext !== null ? "process" : "thread");
    this.pinMemory = pinMemory;
    this.timeout = timeout;
    this.workerInitFn = workerInitFn === null || typeof workerInitFn === "function" ? workerInitFn : normalizeModuleSpec(workerInitFn, "workerInitFn");
    this.prefetchFactor = pf;
    this.persistentWorkers = persistentWorkers;
    this.inOrder = inOrder;
    this.workerDataset = workerDataset;
    const sized = dataset as Dataset<T>;
    if (dataset instanceof IterableDataset) this.sampler = infiniteConstant();
    else this.sampler = sampler ?? (shuf ? new RandomSampler(sized, { generator }) : new SequentialSampler(sized));
    this.batchSize = bs;
    this.batchSampler = batchSampler ?? (bs !== null ? new BatchSampler(this.sampler, bs, dl) : null);
    const cf = opts.collateFn ?? null;
    this.defaultCollation = cf === null;
    if (cf === null) this.collateFn = (this.batchSampler !== null ? defaultCollate : defaultConvert) as (b: T[]) => unknown;
    else if (typeof cf === "function") this.collateFn = cf;
    else this.collateFn = normalizeModuleSpec(cf, "collateFn");
  }

  /** Python's len(loader): batches per epoch (or samples without batching). */
  get length(): number {
    if (this.dataset instanceof IterableDataset) {
      const n = (this.dataset as unknown as { length?: unknown }).length;
      if (typeof n !== "number") throw new TypeError(`object of type '${this.dataset.constructor.name}' has no len()`);
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    const s = (this.batchSampler ?? this.sampler) as { length?: unknown };
    if (typeof s.length !== "number") throw new TypeError("object of type 'sampler' has no len()");
    return s.length;
  }

  /** @internal default_collate over a TensorDataset: one index_select per tensor */
  get _fastCollate(): boolean {
    const d = this.dataset;
    return this.defaultCollation && this.batchSampler !== null && d instanceof TensorDataset && d.getItem === TensorDataset.prototype.getItem;
  }

  /** @internal the sampler the iterator draws from: batches of indices, or single indices */
  get _indexSampler(): Iterable<number[]> | Iterable<number> {
    return this.batchSampler ?? this.sampler;
  }

  /** @internal collate run in the main thread (module specs are loaded with require) */
  _mainCollate(): (b: unknown) => unknown {
    if (this.mainCollate) return this.mainCollate;
    const cf = this.collateFn;
    if (typeof cf === "function") this.mainCollate = cf as (b: unknown) => unknown;
    else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(String(cf.module));
      const f = mod[cf.export ?? "default"] ?? mod;
      if (typeof f !== "function") throw new TypeError(`collateFn ${String(cf.module)}: the export is not a function`);
      this.mainCollate = f;
    }
    return this.mainCollate!;
  }

  /** @internal */
  _workerCollate(): WorkerInit["collate"] {
    if (this.batchSampler === null) return typeof this.collateFn === "function" ? "main" : this.collateFn;
    if (this.defaultCollation) return "default";
    return typeof this.collateFn === "function" ? "main" : this.collateFn;
  }

  /** @internal */
  _workerDatasetSpec(): WorkerDatasetSpec {
    if (this.workerDataset) return "kind" in this.workerDataset ? this.workerDataset : normalizeModuleSpec(this.workerDataset, "workerDataset");
    const spec = specOf(this.dataset);
    return "kind" in spec ? spec : normalizeModuleSpec(spec, "workerSpec()");
  }

  /** A new epoch's iterator (Python's iter(loader)); workers are reused when persistentWorkers. */
  [Symbol.iterator](): DataLoaderIter<B> {
    if (this.numWorkers > 0 && this.persistentWorkers) {
      if (this._iterator === null || this._iterator.closed) this._iterator = new DataLoaderIter<B>(this);
      else this._iterator._reset(false);
      return this._iterator;
    }
    return new DataLoaderIter<B>(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<B> {
    const it = this[Symbol.iterator]();
    return {
      next: () => it.nextAsync(),
      return: async (v?: unknown) => it.return(v),
      throw: async (e?: unknown) => it.throw(e),
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncIterator<B>;
  }

  /**
   * Stops this loader's workers (persistent ones included) and resolves when
   * every worker has exited (one stuck in getItem is terminated after a
   * grace period). Not in Python, where workers die with the process: here
   * they are unref'd, so a script may also just end.
   */
  async close(): Promise<void> {
    const it = this._iterator;
    this._iterator = null;
    if (it) {
      it.closed = true;
      it._markDone();
    }
    const pools = [...this._pools];
    this._pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

// Python's DataLoader parameters after dataset: the positional ones, then keyword-only ones (and torch-node's)
const POSITIONAL = ["batchSize", "shuffle", "sampler", "batchSampler", "numWorkers", "collateFn", "pinMemory", "dropLast", "timeout",
  "workerInitFn", "multiprocessingContext", "generator"] as const;
const KEYWORD = ["prefetchFactor", "persistentWorkers", "pinMemoryDevice", "inOrder", "workerDataset", "workerType"] as const;

/** Python-style binding of DataLoader's arguments into one options object. */
function dataLoaderOptions(args: unknown[]): Record<string, unknown> {
  const last = args.length > 0 ? args[args.length - 1] : undefined;
  const positional = last !== undefined && isOptions(last) ? args.length - 1 : args.length;
  if (positional > POSITIONAL.length)
    throw new TypeError(`DataLoader.__init__() takes from 2 to ${POSITIONAL.length + 2} positional arguments but ${positional + 2} were given`);
  if (last !== undefined && last !== null && typeof last === "object" && !isOptions(last) && args.length === 1)
    throw new TypeError(`DataLoader(): options must be a plain object, not ${describe(last)}`);
  const names = [...POSITIONAL, ...KEYWORD];
  const values = bind("DataLoader.__init__", names, args);
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => {
    if (values[i] !== undefined) out[n] = values[i];
  });
  return out;
}

/** Python's _InfiniteConstantSampler: the index "sampler" of an IterableDataset. */
function infiniteConstant(): Iterable<number> {
  return {
    *[Symbol.iterator]() {
      for (;;) yield null as unknown as number;
    },
  };
}

/** default_convert: without automatic batching, samples are passed through. */
function defaultConvert(x: unknown): unknown {
  return x;
}

function pin(v: unknown): unknown {
  if (v instanceof Tensor) return v.pinMemory();
  if (Array.isArray(v)) return v.map(pin);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pin(x)]));
  return v;
}

const ERRORS: Record<string, ErrorConstructor> = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

/** An iterator dropped before its end (never finished, never closed): its workers are stopped when it is collected. */
const dropped = new FinalizationRegistry<WorkerPool>((pool) => void pool.close(false));

/** A worker's error, rethrown in the loop: Python's "Caught X in DataLoader worker process N. Original Traceback". */
function workerError(msg: WorkerMessage, id: number): Error {
  const Ctor = ERRORS[msg.name ?? "Error"] ?? Error;
  const e = new Ctor(`Caught ${msg.name} in DataLoader worker ${id}.\nOriginal ${msg.stack}`);
  if (!(msg.name! in ERRORS)) e.name = msg.name ?? "Error";
  Object.assign(e, { workerId: id, workerStack: msg.stack, workerMessage: msg.message });
  return e;
}

/**
 * One epoch over a DataLoader (Python's _SingleProcessDataLoaderIter /
 * _MultiProcessingDataLoaderIter): an Iterator, also awaited by `for await`.
 */
export class DataLoaderIter<B> implements IterableIterator<B> {
  private samplerIter!: Iterator<number | number[]>;
  private readonly baseSeed: bigint;
  private readonly pool: WorkerPool | null = null;
  private sendIdx = 0;
  private rcvdIdx = 0;
  private readonly taskInfo = new Map<number, { worker: number; msg?: WorkerMessage }>();
  private outstanding = 0;
  private status: boolean[] = [];
  private numTasks: number[] = [];
  private cycle = 0;
  private done = false;
  private iterableIter: Iterator<unknown> | null = null;
  private iterableEnded = false;
  closed = false;

  constructor(private readonly loader: DataLoader<any, B>) {
    // Python: iter(index_sampler) first, then the base seed (one int64 draw of the loader's generator)
    this.samplerIter = loader._indexSampler[Symbol.iterator]() as Iterator<number | number[]>;
    this.baseSeed = drawSeed(loader.generator);
    if (loader.pinMemory && !native.cudaIsAvailable())
      warnOnce("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.");
    if (loader.numWorkers > 0) {
      if (!(loader.prefetchFactor! > 0)) throw new RangeError("prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter");
      const spec = loader._workerDatasetSpec();
      const initFn = loader.workerInitFn;
      const init = initFn === null ? null : typeof initFn === "function" ? { source: Function.prototype.toString.call(initFn) } : initFn;
      const iterable = loader.dataset instanceof IterableDataset;
      this.pool = new WorkerPool(loader.numWorkers, (id) => ({
        id, numWorkers: loader.numWorkers, seed: BigInt.asIntN(64, this.baseSeed + BigInt(id)), dataset: spec, iterable,
        autoCollation: loader.batchSampler !== null, dropLast: loader.dropLast, collate: loader._workerCollate(), initFn: init,
      }), loader.workerType);
      loader._pools.add(this.pool);
      dropped.register(this, this.pool, this);
      this._reset(true);
    } else if (loader.dataset instanceof IterableDataset) {
      this.iterableIter = loader.dataset[Symbol.iterator]();
    }
  }

  /** @internal Python's _reset: a new epoch on the same workers. */
  _reset(first: boolean): void {
    if (!first) this.samplerIter = this.loader._indexSampler[Symbol.iterator]() as Iterator<number | number[]>;
    this.done = false;
    this.sendIdx = 0;
    this.rcvdIdx = 0;
    this.taskInfo.clear();
    this.outstanding = 0;
    const n = this.loader.numWorkers;
    this.status = new Array(n).fill(true);
    this.numTasks = new Array(n).fill(0);
    this.cycle = 0;
    if (!first) {
      // Python's _ResumeIteration: each worker acknowledges; answers still in flight from the last epoch are dropped
      for (let id = 0; id < n; id++) this.pool!.send(id, { type: "reset" });
      let waiting = n;
      while (waiting > 0) if (this.pool!.receiveSync(this.loader.timeout, () => true).msg.type === "resumed") waiting--;
    }
    for (let k = 0; k < this.loader.prefetchFactor! * n; k++) this.tryPutIndex();
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<B> {
    if (this.done) return { done: true, value: undefined };
    try {
      if (!this.pool) return this.nextSingle();
      return this.nextWorkers(false) as IteratorResult<B>;
    } catch (e) {
      this.finish(isFatal(e));
      throw e;
    }
  }

  async nextAsync(): Promise<IteratorResult<B>> {
    if (this.done) return { done: true, value: undefined };
    try {
      if (!this.pool) return this.nextSingle();
      return await this.nextWorkers(true);
    } catch (e) {
      this.finish(isFatal(e));
      throw e;
    }
  }

  return(value?: unknown): IteratorResult<B> {
    this.finish();
    return { done: true, value: value as B };
  }

  throw(e?: unknown): IteratorResult<B> {
    this.finish();
    throw e;
  }

  // ---- single process ------------------------------------------------------

  private nextSingle(): IteratorResult<B> {
    const L = this.loader;
    const collate = L._mainCollate();
    if (L.dataset instanceof IterableDataset) {
      const it = this.iterableIter!;
      if (L.batchSize === null) {
        const r = it.next();
        if (r.done) return this.end();
        return { done: false, value: this.out(collate(r.value)) };
      }
      if (this.iterableEnded) return this.end();
      const items: unknown[] = [];
      while (items.length < L.batchSize) {
        const r = it.next();
        if (r.done) {
          this.iterableEnded = true;
          break;
        }
        items.push(r.value);
      }
      if (items.length === 0 || (L.dropLast && items.length < L.batchSize)) return this.end();
      return { done: false, value: this.out(collate(items)) };
    }
    const r = this.samplerIter.next();
    if (r.done) return this.end();
    const ds = L.dataset as Dataset;
    if (L.batchSampler === null) return { done: false, value: this.out(collate(ds.getItem(r.value as number))) };
    const idx = r.value as number[];
    if (L._fastCollate) {
      const b = (ds as TensorDataset)._collated(idx);
      if (b) return { done: false, value: this.out(b) };
    }
    const getItems = (ds as unknown as { getItems?: (i: number[]) => unknown[] }).getItems;
    const items = typeof getItems === "function" ? getItems.call(ds, idx) : idx.map((i) => ds.getItem(i));
    return { done: false, value: this.out(collate(items)) };
  }

  private out(v: unknown): B {
    return (this.loader.pinMemory && native.cudaIsAvailable() ? pin(v) : v) as B;
  }

  private end(): IteratorResult<B> {
    this.finish();
    return { done: true, value: undefined };
  }

  // ---- workers -------------------------------------------------------------

  private tryPutIndex(): void {
    const r = this.samplerIter.next();
    if (r.done) return;
    const n = this.loader.numWorkers;
    const max = this.loader.prefetchFactor! * n;
    let w = -1;
    for (let k = 0; k < n; k++) {
      const c = this.cycle;
      this.cycle = (this.cycle + 1) % n;
      if (this.status[c]) {
        if (this.loader.inOrder || this.numTasks[c] < Math.floor(max / this.status.filter(Boolean).length)) {
          w = c;
          break;
        }
      }
    }
    if (w < 0) return;
    this.pool!.send(w, { type: "fetch", task: this.sendIdx, index: r.value, gen: this.pool!.generation });
    this.taskInfo.set(this.sendIdx, { worker: w });
    this.numTasks[w]++;
    this.outstanding++;
    this.sendIdx++;
  }

  private nextWorkers(async: true): Promise<IteratorResult<B>>;
  private nextWorkers(async: false): IteratorResult<B>;
  private nextWorkers(async: boolean): IteratorResult<B> | Promise<IteratorResult<B>> {
    // a state machine shared by the sync and async paths: `step` returns a result, or null to wait for a message
    // a dead worker fails the loop when its answer is the one awaited (in order: the batches before it are delivered)
    const live = (id: number) => this.status[id] && this.numTasks[id] > 0 && (!this.loader.inOrder || this.taskInfo.get(this.rcvdIdx)?.worker === id);
    const step = (): IteratorResult<B> | null => {
      for (;;) {
        let found = false;
        while (this.rcvdIdx < this.sendIdx) {
          const info = this.taskInfo.get(this.rcvdIdx);
          if (info) {
            if (info.msg || this.status[info.worker]) {
              found = true;
              break;
            }
            this.taskInfo.delete(this.rcvdIdx);
          }
          this.rcvdIdx++;
        }
        if (!found) return this.end();
        const info = this.taskInfo.get(this.rcvdIdx)!;
        if (info.msg) {
          this.taskInfo.delete(this.rcvdIdx);
          this.rcvdIdx++;
          return { done: false, value: this.process(info.msg, info.worker) };
        }
        return null;
      }
    };
    const take = (id: number, msg: WorkerMessage): IteratorResult<B> | null => {
      if (msg.type === "ready" || msg.type === "resumed" || msg.type === "cancelled") return null;
      if (msg.task === -1) throw workerError(msg, id); // an uncaught error in the worker
      this.outstanding--;
      if (msg.type === "stop") {
        this.status[id] = false;
        if (!this.loader.persistentWorkers) this.pool!.send(id, { type: "exit" });
        this.tryPutIndex();
        return null;
      }
      if (msg.task !== this.rcvdIdx) {
        if (!this.loader.inOrder) {
          this.taskInfo.delete(msg.task);
          return { done: false, value: this.process(msg, id) };
        }
        this.taskInfo.get(msg.task)!.msg = msg;
        return null;
      }
      this.taskInfo.delete(msg.task);
      this.rcvdIdx++;
      return { done: false, value: this.process(msg, id) };
    };
    if (!async) {
      for (;;) {
        const r = step();
        if (r) return r;
        const { id, msg } = this.pool!.receiveSync(this.loader.timeout, live);
        const t = take(id, msg);
        if (t) return t;
      }
    }
    return (async () => {
      for (;;) {
        const r = step();
        if (r) return r;
        const { id, msg } = await this.pool!.receive(this.loader.timeout, live);
        const t = take(id, msg);
        if (t) return t;
      }
    })();
  }

  private process(msg: WorkerMessage, worker: number): B {
    this.numTasks[worker]--;
    this.tryPutIndex();
    if (msg.type === "error") throw workerError(msg, worker);
    let data = decode(msg.data);
    if (this.loader._workerCollate() === "main") data = this.loader._mainCollate()(data);
    return this.out(data);
  }

  /**
   * End of the epoch, or an early break / error. Non-persistent workers are
   * told to stop (after their current sample) and left to end: the loop goes
   * on at once, and a worker stuck in getItem is terminated STOP_GRACE_MS
   * later (or when the process ends). Persistent workers keep running: the
   * batches still in flight are cancelled and drained, for at most
   * STOP_GRACE_MS; a worker that does not answer by then, a dead worker or a
   * timeout (`fatal`) shuts the pool down, and the next epoch starts new
   * workers.
   */
  private finish(fatal = false): void {
    const pool = this.pool;
    if (pool && !this.done && !pool.closed) {
      if (!fatal && this.loader.persistentWorkers && this.outstanding > 0) {
        pool.cancel();
        const until = Date.now() + STOP_GRACE_MS;
        try {
          while (this.outstanding > 0) {
            const r = pool.receiveUntil(0, () => true, until);
            if (r === null) {
              fatal = true;
              break;
            }
            if (r.msg.task >= 0) this.outstanding--;
          }
        } catch {
          fatal = true; // a dead worker
        }
      }
      this.taskInfo.clear();
    }
    this.done = true;
    if (pool && (!this.loader.persistentWorkers || fatal)) void this._shutdown(false);
  }

  /** @internal ends the epoch without touching the workers (the loader closes them) */
  _markDone(): void {
    this.done = true;
  }

  /** @internal `wait`: the workers keep the process alive until they have exited */
  _shutdown(wait = true): Promise<void> {
    this.closed = true;
    this.done = true;
    const pool = this.pool;
    if (!pool) return Promise.resolve();
    dropped.unregister(this);
    // the loader's close() still waits for this pool until its workers have exited
    return pool.close(wait).then(() => void this.loader._pools.delete(pool));
  }
}

/** An error of the pool itself (a worker died, a timeout), rather than a dataset's error in a worker. */
function isFatal(e: unknown): boolean {
  return e !== null && typeof e === "object" && (e as { [FATAL]?: boolean })[FATAL] === true;
}
void Sampler;
