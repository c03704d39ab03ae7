// Samplers with Python's draws: RandomSampler seeds a private generator from
// one int64 draw of the given (or global) generator, then uses randperm;
// WeightedRandomSampler is one multinomial; DistributedSampler a seeded randperm.
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
  return (t.toTypedArray() as BigInt64Array)[0];
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

export interface RandomSamplerOptions {
  replacement?: boolean;
  numSamples?: number | null;
  generator?: Generator | null;
}

/** RandomSampler(dataSource, replacement = false, numSamples, generator), or with a trailing options object */
export class RandomSampler extends Sampler<number> {
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _numSamples: number | null;
  constructor(
    readonly dataSource: Sized,
    replacement?: boolean | RandomSamplerOptions,
    numSamples?: number | null | RandomSamplerOptions,
    generator?: Generator | null | RandomSamplerOptions,
  ) {
    super();
    const opts = positional(["dataSource", "replacement", "numSamples", "generator"], [dataSource, replacement, numSamples, generator], 1);
    this.replacement = opts.replacement ?? false;
    this._numSamples = opts.numSamples ?? null;
    this.generator = opts.generator ?? null;
    if (typeof this.replacement !== "boolean") throw new TypeError(`replacement should be a boolean value, but got replacement=${pyRepr(this.replacement)}`);
    if (this._numSamples !== null && (!Number.isInteger(this._numSamples) || this._numSamples <= 0))
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${pyRepr(this._numSamples)}`);
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

/** SubsetRandomSampler(indices, generator) or SubsetRandomSampler(indices, { generator }) */
export class SubsetRandomSampler extends Sampler<number> {
  readonly generator: Generator | null;
  constructor(readonly indices: number[], generator: Generator | null | { generator?: Generator | null } = null) {
    super();
    this.generator = generator instanceof Generator || generator === null ? generator : (generator.generator ?? null);
  }
  *[Symbol.iterator](): Iterator<number> {
    const perm = randperm(this.indices.length, this.generator ? { generator: this.generator } : {}).tolist() as number[];
    for (const i of perm) yield this.indices[i];
  }
  get length(): number {
    return this.indices.length;
  }
}

/** BatchSampler(sampler, batchSize, dropLast) or BatchSampler(sampler, { batchSize, dropLast }) */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number> & Partial<Sized>;
  readonly batchSize: number;
  readonly dropLast: boolean;
  constructor(
    sampler: Iterable<number> & Partial<Sized>,
    batchSize?: number | { batchSize?: number; dropLast?: boolean },
    dropLast?: boolean | { dropLast?: boolean },
  ) {
    super();
    const a = positional(["sampler", "batchSize", "dropLast"], [sampler, batchSize, dropLast], 1);
    if (typeof a.batchSize !== "number" || !Number.isInteger(a.batchSize) || a.batchSize <= 0)
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${pyRepr(a.batchSize)}`);
    if (typeof a.dropLast !== "boolean") throw new RangeError(`drop_last should be a boolean value, but got drop_last=${pyRepr(a.dropLast)}`);
    this.sampler = a.sampler;
    this.batchSize = a.batchSize;
    this.dropLast = a.dropLast;
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

/**
 * WeightedRandomSampler(weights, numSamples, replacement = true, generator):
 * Python's torch.multinomial draw over float64 weights.
 */
export class WeightedRandomSampler extends Sampler<number> {
  readonly weights: Tensor;
  readonly numSamples: number;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  constructor(
    weights: number[] | Tensor | ArrayLike<number> | { weights: number[] | Tensor; numSamples: number; replacement?: boolean; generator?: Generator | null },
    numSamples?: number | { numSamples?: number; replacement?: boolean; generator?: Generator | null },
    replacement?: boolean | { replacement?: boolean; generator?: Generator | null },
    generator?: Generator | null | { generator?: Generator | null },
  ) {
    super();
    const a = positional(["weights", "numSamples", "replacement", "generator"], [weights, numSamples, replacement, generator]);
    const n = a.numSamples;
    const repl = a.replacement ?? true;
    if (typeof n !== "number" || !Number.isInteger(n) || n <= 0)
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${pyRepr(n)}`);
    if (typeof repl !== "boolean") throw new RangeError(`replacement should be a boolean value, but got replacement=${pyRepr(repl)}`);
    const w = a.weights instanceof Tensor ? (a.weights as Tensor).to(dt.float64) : tensor(Array.from(a.weights as ArrayLike<number>), { dtype: dt.float64 });
    if (w.dim() !== 1) throw new RangeError(`weights should be a 1d sequence but given weights have shape ${pyTuple(w.shape)}`);
    this.weights = w;
    this.numSamples = n;
    this.replacement = repl;
    this.generator = (a.generator as Generator | null | undefined) ?? null;
  }
  *[Symbol.iterator](): Iterator<number> {
    const t = this.weights.multinomial(this.numSamples, this.replacement, this.generator ? { generator: this.generator } : {});
    yield* t.tolist() as number[];
  }
  get length(): number {
    return this.numSamples;
  }
}

/**
 * DistributedSampler(dataset, numReplicas, rank, shuffle = true, seed = 0, dropLast = false):
 * the rank's share of the (shuffled, padded or trimmed) indices, as Python's.
 * numReplicas and rank are required (there is no torch.distributed process group).
 */
export class DistributedSampler extends Sampler<number> {
  readonly dataset: Sized;
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly numSamples: number;
  readonly totalSize: number;
  epoch = 0;
  constructor(
    dataset: Sized,
    numReplicas?: number | DistributedSamplerOptions,
    rank?: number | DistributedSamplerOptions,
    shuffle?: boolean | DistributedSamplerOptions,
    seed?: number | DistributedSamplerOptions,
    dropLast?: boolean | DistributedSamplerOptions,
  ) {
    super();
    const a = positional(["dataset", "numReplicas", "rank", "shuffle", "seed", "dropLast"], [dataset, numReplicas, rank, shuffle, seed, dropLast], 1);
    const nr = a.numReplicas, rk = a.rank;
    if (nr === undefined || nr === null || rk === undefined || rk === null)
      throw new Error("Requires distributed package to be available (pass numReplicas and rank)");
    if (typeof nr !== "number" || !Number.isInteger(nr) || nr <= 0) throw new TypeError(`DistributedSampler(): numReplicas must be a positive integer, not ${pyRepr(nr)}`);
    if (typeof rk !== "number" || !Number.isInteger(rk)) throw new TypeError(`DistributedSampler(): rank must be an integer, not ${pyRepr(rk)}`);
    if (rk >= nr || rk < 0) throw new RangeError(`Invalid rank ${rk}, rank should be in the interval [0, ${nr - 1}]`);
    this.dataset = a.dataset as Sized;
    this.numReplicas = nr;
    this.rank = rk;
    this.shuffle = (a.shuffle as boolean | undefined) ?? true;
    this.seed = (a.seed as number | undefined) ?? 0;
    this.dropLast = (a.dropLast as boolean | undefined) ?? false;
    const len = this.dataset.length;
    this.numSamples = this.dropLast && len % nr !== 0 ? Math.ceil((len - nr) / nr) : Math.ceil(len / nr);
    this.totalSize = this.numSamples * nr;
  }
  *[Symbol.iterator](): Iterator<number> {
    const len = this.dataset.length;
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator().manualSeed(this.seed + this.epoch);
      indices = randperm(len, { generator: g }).tolist() as number[];
    } else indices = Array.from({ length: len }, (_, i) => i);
    if (!this.dropLast) {
      const pad = this.totalSize - indices.length;
      if (pad <= indices.length) indices = indices.concat(indices.slice(0, pad));
      else {
        const rep: number[] = [];
        for (let k = 0; k < Math.ceil(pad / indices.length); k++) rep.push(...indices);
        indices = indices.concat(rep.slice(0, pad));
      }
    } else indices = indices.slice(0, this.totalSize);
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) yield indices[i];
  }
  get length(): number {
    return this.numSamples;
  }
  /** setEpoch(epoch): a different shuffle each epoch, the same on every replica. */
  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }
}

export interface DistributedSamplerOptions {
  numReplicas?: number;
  rank?: number;
  shuffle?: boolean;
  seed?: number;
  dropLast?: boolean;
}

/** Python-style positional-or-options arguments: a trailing plain object holds camelCase options. */
function positional(names: string[], values: unknown[], minPositional = 0): Record<string, any> {
  const out: Record<string, any> = {};
  let last = values.length;
  while (last > 0 && values[last - 1] === undefined) last--;
  const tail = last > 0 ? values[last - 1] : undefined;
  const isOpts = tail !== null && typeof tail === "object" && !Array.isArray(tail) && !(tail instanceof Tensor) &&
    !ArrayBuffer.isView(tail) && Object.getPrototypeOf(tail) === Object.prototype && last > minPositional;
  const pos = isOpts ? last - 1 : last;
  for (let i = 0; i < pos; i++) out[names[i]] = values[i];
  if (isOpts) {
    for (const [k, v] of Object.entries(tail as object)) {
      if (!names.includes(k)) throw new TypeError(`got an unexpected keyword argument '${k}'`);
      if (k in out) throw new TypeError(`got multiple values for argument '${k}'`);
      out[k] = v;
    }
  }
  return out;
}

export function pyRepr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return `'${v}'`;
  return String(v);
}

function pyTuple(s: number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}
