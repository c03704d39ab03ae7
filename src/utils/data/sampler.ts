// Samplers with Python's draws: RandomSampler seeds a private generator from
// one int64 draw of the given (or global) generator, then uses randperm.
import { Generator } from "../../random";
import { randperm, randint, empty, tensor } from "../../creation";
import * as dt from "../../dtype";
import { Tensor } from "../../tensor";

export interface Sized {
  readonly length: number;
}

export abstract class Sampler<T = number> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/** One int64 from `generator` (or the global one): Python's torch.empty((), dtype=int64).random_(generator=g).item(). */
export function drawSeed(generator?: Generator | null): bigint {
  const t = empty([], { dtype: dt.int64 }) as Tensor & { random_(o?: object): Tensor };
  t.random_(generator ? { generator } : {});
  return (t.data() as BigInt64Array)[0];
}

export class SequentialSampler extends Sampler<number> {
  constructor(readonly dataSource: Sized) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.dataSource.length; i++) yield i;
  }
  get length(): number {
    return this.dataSource.length;
  }
}

/** RandomSampler(dataSource, { replacement = false, numSamples, generator }) */
export class RandomSampler extends Sampler<number> {
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _numSamples: number | null;
  constructor(readonly dataSource: Sized, opts: { replacement?: boolean; numSamples?: number; generator?: Generator | null } = {}) {
    super();
    this.replacement = opts.replacement ?? false;
    this._numSamples = opts.numSamples ?? null;
    this.generator = opts.generator ?? null;
    if (this._numSamples !== null && (!Number.isInteger(this._numSamples) || this._numSamples <= 0))
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${this._numSamples}`);
  }
  get numSamples(): number {
    return this._numSamples ?? this.dataSource.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const g = this.generator ?? new Generator().manualSeed(drawSeed(null));
    const total = this.numSamples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(total / 32); k++) yield* randint(n, [32], { generator: g }).tolist() as number[];
      yield* randint(n, [total % 32], { generator: g }).tolist() as number[];
    } else {
      for (let k = 0; k < Math.floor(total / n); k++) yield* randperm(n, { generator: g }).tolist() as number[];
      yield* (randperm(n, { generator: g }).tolist() as number[]).slice(0, total % n);
    }
  }
  get length(): number {
    return this.numSamples;
  }
}

/** SubsetRandomSampler(indices, { generator }) */
export class SubsetRandomSampler extends Sampler<number> {
  constructor(readonly indices: number[], readonly generator: Generator | null = null) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    const perm = randperm(this.indices.length, this.generator ? { generator: this.generator } : {}).tolist() as number[];
    for (const i of perm) yield this.indices[i];
  }
  get length(): number {
    return this.indices.length;
  }
}

/** BatchSampler(sampler, batchSize, dropLast) */
export class BatchSampler extends Sampler<number[]> {
  constructor(readonly sampler: Iterable<number> & Partial<Sized>, readonly batchSize: number, readonly dropLast: boolean) {
    super();
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
  get length(): number {
    const n = this.sampler.length ?? 0;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}
void tensor;
