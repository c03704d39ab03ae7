// DataLoader: batches from a Dataset with Python's order (same seed, same
// shuffle), default_collate, dropLast, custom samplers; `for...of` and `for await`.
import { Dataset, IterableDataset } from "./dataset";
import { Sampler, SequentialSampler, RandomSampler, BatchSampler, drawSeed } from "./sampler";
import { defaultCollate } from "./collate";
import { Generator } from "../../random";
import { describe } from "../../device";

export interface DataLoaderOptions<T> {
  batchSize?: number | null;
  shuffle?: boolean;
  sampler?: Iterable<number> | null;
  batchSampler?: Iterable<number[]> | null;
  numWorkers?: number;
  collateFn?: (batch: T[]) => unknown;
  dropLast?: boolean;
  generator?: Generator | null;
}

export class DataLoader<T = unknown, B = any> {
  readonly dataset: Dataset<T> | IterableDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Iterable<number>;
  readonly batchSampler: Iterable<number[]> | null;
  readonly collateFn: (batch: T[]) => unknown;
  readonly generator: Generator | null;

  constructor(dataset: Dataset<T> | IterableDataset<T>, opts: DataLoaderOptions<T> = {}) {
    if (!(dataset instanceof Dataset) && !(dataset instanceof IterableDataset))
      throw new TypeError(`DataLoader(): dataset must be a Dataset or IterableDataset, not ${describe(dataset)}`);
    const { batchSize = 1, shuffle = false, sampler = null, batchSampler = null, numWorkers = 0, dropLast = false, generator = null } = opts;
    if (numWorkers !== 0) throw new RangeError("DataLoader: numWorkers > 0 (worker threads) is not supported yet");
    if (sampler !== null && shuffle) throw new RangeError("sampler option is mutually exclusive with shuffle");
    if (batchSampler !== null && (batchSize !== 1 || shuffle || sampler !== null || dropLast))
      throw new RangeError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
    this.dataset = dataset;
    this.generator = generator;
    this.dropLast = dropLast;
    const sized = dataset as Dataset<T>;
    this.sampler = sampler ?? (shuffle ? new RandomSampler(sized, { generator }) : new SequentialSampler(sized));
    this.batchSize = batchSampler !== null ? null : batchSize;
    this.batchSampler = batchSampler ?? (batchSize !== null ? new BatchSampler(this.sampler, batchSize, dropLast) : null);
    this.collateFn = opts.collateFn ?? (defaultCollate as (b: T[]) => unknown);
  }

  get length(): number {
    if (this.dataset instanceof IterableDataset) throw new TypeError("IterableDataset has no length");
    const bs = this.batchSampler as (Iterable<number[]> & { length?: number }) | null;
    if (bs && typeof bs.length === "number") return bs.length;
    return (this.sampler as unknown as { length: number }).length;
  }

  *[Symbol.iterator](): Iterator<B> {
    // Python's iterator draws a base seed first (for workers), then the sampler draws its own.
    drawSeed(this.generator);
    if (this.dataset instanceof IterableDataset) {
      let batch: T[] = [];
      for (const item of this.dataset) {
        if (this.batchSize === null) {
          yield item as unknown as B;
          continue;
        }
        batch.push(item);
        if (batch.length === this.batchSize) {
          yield this.collateFn(batch) as B;
          batch = [];
        }
      }
      if (batch.length && !this.dropLast && this.batchSize !== null) yield this.collateFn(batch) as B;
      return;
    }
    const ds = this.dataset as Dataset<T>;
    if (this.batchSampler === null) {
      for (const i of this.sampler) yield ds.getItem(i) as unknown as B;
      return;
    }
    for (const idx of this.batchSampler) yield this.collateFn(idx.map((i) => ds.getItem(i))) as B;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    for (const b of this) yield b;
  }
}
void Sampler;
