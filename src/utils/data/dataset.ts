// torch.utils.data datasets: Dataset, IterableDataset, TensorDataset, Subset,
// ConcatDataset, StackDataset, randomSplit (Python-identical indices).
import { Tensor } from "../../tensor";
import { Generator, defaultGenerator } from "../../random";
import { randperm } from "../../creation";
import { describe } from "../../device";
import { checkNotSparse } from "../../args";
import { WorkerDatasetSpec, shareTensor } from "./worker_spec";
import { native } from "../../native";
import { opId } from "../../dispatch";
import * as dt from "../../dtype";

const SELECT = opId("select", "int"), INDEX_SELECT = opId("index_select");

/** Map-style dataset: subclasses define getItem(i) and the `length` getter (Python's __getitem__ / __len__). */
export abstract class Dataset<T = unknown> {
  abstract getItem(index: number): T;
  abstract get length(): number;
  /**
   * Optional: how a DataLoader worker thread rebuilds this dataset, e.g.
   * `{ module: __filename, export: "MyDS", args: [this.root] }` (see
   * docs/data-and-serialization.md). Built-in tensor datasets define it.
   */
  workerSpec?(): WorkerDatasetSpec;
}

/** Iterable-style dataset: subclasses define [Symbol.iterator]. */
export abstract class IterableDataset<T = unknown> {
  abstract [Symbol.iterator](): Iterator<T>;
  /** Optional: the module a DataLoader worker builds its replica from (see Dataset.workerSpec). */
  workerSpec?(): WorkerDatasetSpec;
}

/** TensorDataset(...tensors): item i is [t0[i], t1[i], ...]. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0 || tensors.some((t) => !(t instanceof Tensor))) throw new TypeError("TensorDataset expects tensors");
    const n = tensors[0].size(0);
    if (tensors.some((t) => t.size(0) !== n)) throw new RangeError("Size mismatch between tensors");
    this.tensors = tensors;
  }
  getItem(index: number): Tensor[] {
    const n = this.length;
    if (!Number.isInteger(index)) throw new TypeError(`TensorDataset: index must be an integer, not ${describe(index)}`);
    if (index < -n || index >= n) throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    return this.tensors.map((t) => new Tensor(native.callOp(SELECT, t._h, 0, index)));
  }
  /**
   * @internal default_collate of the samples at `indices`, in one index_select
   * per tensor (what stacking the rows gives, without a tensor per row).
   */
  _collated(indices: number[]): Tensor[] | null {
    const n = this.length;
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= n) return null; // the per-item path says what is wrong
    const idx = native.fromTypedArray(BigInt64Array.from(indices, (i) => BigInt(i)), [indices.length], dt.int64.code);
    return this.tensors.map((t) => new Tensor(native.callOp(INDEX_SELECT, t._h, 0, idx)));
  }
  get length(): number {
    return this.tensors[0].size(0);
  }
  /** Workers read the tensors from shared memory (copied there once). */
  workerSpec(): WorkerDatasetSpec {
    return { kind: "TensorDataset", tensors: this.tensors.map(shareTensor) };
  }
}

/** Subset(dataset, indices) */
export class Subset<T> extends Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: number[]) {
    super();
  }
  getItem(index: number): T {
    const i = index < 0 ? index + this.indices.length : index;
    if (i < 0 || i >= this.indices.length) throw new RangeError(`index ${index} is out of range`);
    return this.dataset.getItem(this.indices[i]);
  }
  get length(): number {
    return this.indices.length;
  }
  workerSpec(): WorkerDatasetSpec {
    return { kind: "Subset", dataset: specOf(this.dataset), indices: Array.from(this.indices) };
  }
}

/** ConcatDataset(datasets) */
export class ConcatDataset<T> extends Dataset<T> {
  readonly cumulativeSizes: number[];
  constructor(readonly datasets: Dataset<T>[]) {
    super();
    checkNotSparse("ConcatDataset", "datasets", datasets);
    if (!datasets.length) throw new RangeError("datasets should not be an empty iterable");
    let s = 0;
    this.cumulativeSizes = datasets.map((d) => (s += d.length));
  }
  getItem(index: number): T {
    const n = this.length;
    let i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new RangeError("absolute value of index should not exceed dataset length");
    const d = this.cumulativeSizes.findIndex((c) => i < c);
    if (d > 0) i -= this.cumulativeSizes[d - 1];
    return this.datasets[d].getItem(i);
  }
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }
  workerSpec(): WorkerDatasetSpec {
    return { kind: "ConcatDataset", datasets: this.datasets.map(specOf) };
  }
}

/** StackDataset(...datasets) or StackDataset({ name: dataset }): items zipped as arrays or objects. */
export class StackDataset extends Dataset<unknown> {
  private readonly list: Dataset[] | null;
  private readonly dict: Record<string, Dataset> | null;
  constructor(...args: (Dataset | Record<string, Dataset>)[]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Dataset)) {
      this.dict = args[0] as Record<string, Dataset>;
      this.list = null;
    } else {
      this.list = args as Dataset[];
      this.dict = null;
    }
    const lens = (this.list ?? Object.values(this.dict!)).map((d) => d.length);
    if (lens.some((l) => l !== lens[0])) throw new RangeError("Size mismatch between datasets");
  }
  getItem(index: number): unknown {
    if (this.list) return this.list.map((d) => d.getItem(index));
    return Object.fromEntries(Object.entries(this.dict!).map(([k, d]) => [k, d.getItem(index)]));
  }
  get length(): number {
    return (this.list ?? Object.values(this.dict!))[0].length;
  }
  workerSpec(): WorkerDatasetSpec {
    return {
      kind: "StackDataset",
      list: this.list ? this.list.map(specOf) : null,
      dict: this.dict ? Object.fromEntries(Object.entries(this.dict).map(([k, d]) => [k, specOf(d)])) : null,
    };
  }
}

/** @internal a dataset's worker spec, or a TypeError saying how to give one. */
export function specOf(d: Dataset | IterableDataset): WorkerDatasetSpec {
  if (typeof d.workerSpec === "function") return d.workerSpec();
  throw new TypeError(
    `DataLoader workers cannot receive ${d.constructor.name}: a worker thread cannot clone a JS object with its closures. ` +
      "Give DataLoader the option workerDataset: { module, export, args } (a module that builds the dataset in the worker), " +
      "or define workerSpec() on the dataset class.",
  );
}

/**
 * randomSplit(dataset, lengths | fractions, generator = default): Python's
 * random_split, with the same indices for the same generator state.
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: number[], generator: Generator = defaultGenerator): Subset<T>[] {
  if (!(dataset instanceof Dataset)) throw new TypeError(`random_split(): dataset must be a Dataset, not ${describe(dataset)}`);
  const n = dataset.length;
  let ls = lengths.slice();
  const total = ls.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    ls = lengths.map((f) => {
      if (f < 0 || f > 1) throw new RangeError(`Fraction at index ${lengths.indexOf(f)} is not between 0 and 1`);
      return Math.floor(n * f);
    });
    const remainder = n - ls.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) ls[i % ls.length] += 1;
  }
  if (ls.reduce((a, b) => a + b, 0) !== n) throw new RangeError("Sum of input lengths does not equal the length of the input dataset!");
  const indices = randperm(n, { generator }).tolist() as number[];
  let offset = 0;
  return ls.map((len) => {
    const s = new Subset(dataset, indices.slice(offset, offset + len));
    offset += len;
    return s;
  });
}
