// Datasets and functions that DataLoader worker threads build from this module
// (test/utils/data_workers.test.ts): a worker cannot receive a JS object, so it
// imports this file and constructs what it names.
import torch, { Dataset, IterableDataset, Tensor } from "../../src";
import { getWorkerInfo } from "../../src/utils/data";
import { random as pyRandom } from "../../src/python_random";

/** item i: [i, a random number from the worker's generator, the worker id] */
export class Squares extends Dataset<[number, number, number]> {
  constructor(private readonly n: number, private readonly failAt = -1) {
    super();
  }
  getItem(i: number): [number, number, number] {
    if (i === this.failAt) throw new RangeError(`bad index ${i}`);
    const info = getWorkerInfo();
    // as Python: torch.rand in a worker draws from the worker's own default generator (seeded base_seed + id)
    const r = info ? torch.rand([]).item() as number : -1;
    return [i * i, r, info ? info.id : -1];
  }
  get length(): number {
    return this.n;
  }
  workerSpec() {
    return { module: __filename, export: "Squares", args: [this.n, this.failAt] };
  }
}

/** an expensive item: a small matmul chain */
export class Slow extends Dataset<Tensor> {
  constructor(private readonly n: number, private readonly work: number) {
    super();
  }
  getItem(i: number): Tensor {
    let x = torch.full([64, 64], i / 1000);
    for (let k = 0; k < this.work; k++) x = x.matmul(x).tanh();
    return x.sum(0);
  }
  get length(): number {
    return this.n;
  }
}

/** 0..n-1 split across workers as Python's docs do */
export class RangeIterable extends IterableDataset<number> {
  constructor(private readonly start: number, private readonly end: number) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    const info = getWorkerInfo();
    let lo = this.start, hi = this.end;
    if (info) {
      const per = Math.ceil((this.end - this.start) / info.numWorkers);
      lo = this.start + info.id * per;
      hi = Math.min(lo + per, this.end);
    }
    for (let i = lo; i < hi; i++) yield i;
  }
  workerSpec() {
    return { module: __filename, export: "RangeIterable", args: [this.start, this.end] };
  }
}

export let initCalls: number[] = [];
/** workerInitFn as a module export: records its id in the worker */
export function recordInit(id: number): void {
  (globalThis as { __initId?: number }).__initId = id * 100;
}

/** collateFn as a module export: sums the first fields */
export function sumCollate(batch: [number, number, number][]): number {
  return batch.reduce((a, b) => a + b[0], 0);
}

export function failingInit(id: number): void {
  throw new TypeError(`init failed in ${id}`);
}

/** item i: [i, what workerInitFn left on globalThis, the worker id] */
export class InitProbe extends Dataset<[number, number, number]> {
  getItem(i: number): [number, number, number] {
    return [i, (globalThis as { __initId?: number }).__initId ?? -1, getWorkerInfo()?.id ?? -1];
  }
  get length(): number {
    return 4;
  }
}

/**
 * item i: i; in a worker, item `crashAt` ends the worker's process with a
 * signal (a native crash, as a segfault in a library the dataset calls):
 * only for process workers (a worker thread would take the test process down)
 */
export class Crashing extends Dataset<number> {
  /** sig: a signal name, or "exit:<code>" for process.exit(code) */
  constructor(private readonly n: number, private readonly crashAt: number, private readonly sig = "SIGSEGV") {
    super();
  }
  getItem(i: number): number {
    if (i === this.crashAt && getWorkerInfo() && this.sig.startsWith("exit:")) process.exit(Number(this.sig.slice(5)));
    if (i === this.crashAt && getWorkerInfo()) process.kill(process.pid, this.sig as NodeJS.Signals);
    if (i === this.crashAt && getWorkerInfo()) for (;;); // the signal is delivered asynchronously
    return i;
  }
  get length(): number {
    return this.n;
  }
  workerSpec() {
    return { module: __filename, export: "Crashing", args: [this.n, this.crashAt, this.sig] };
  }
}

/** item i: i; from item `stuckFrom` on, getItem never returns (a synchronous endless loop) in a worker */
export class Stuck extends Dataset<number> {
  constructor(private readonly n: number, private readonly stuckFrom: number) {
    super();
  }
  getItem(i: number): number {
    if (i >= this.stuckFrom && getWorkerInfo()) for (;;);
    return i;
  }
  get length(): number {
    return this.n;
  }
  workerSpec() {
    return { module: __filename, export: "Stuck", args: [this.n, this.stuckFrom] };
  }
}

/** workerInitFn that never resolves (a worker stuck in an await) */
export function neverInit(): Promise<void> {
  return new Promise(() => {});
}

/** item i: [i, random.random(), random.getrandbits(20)] from Python's `random` (transforms.random), which workers seed */
export class PyRandomDraws extends Dataset<[number, number, number]> {
  getItem(i: number): [number, number, number] {
    return [i, pyRandom.random(), pyRandom.getrandbits(20) as number];
  }
  get length(): number {
    return 6;
  }
  workerSpec() {
    return { module: __filename, export: "PyRandomDraws", args: [] };
  }
}
