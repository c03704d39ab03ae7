// torch.utils.data against Python: shuffle order for the same seed (global and
// generator), dropLast, randomSplit indices, sampling with replacement, default_collate.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, Dataset, DataLoader, TensorDataset, randomSplit } from "../../src";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "data.json"), "utf8"));
const X = torch.arange(20).float().unsqueeze(1).mul(10);
const Y = torch.arange(20);
const ds = new TensorDataset(X, Y);
const ys = (loader: DataLoader<Tensor[], Tensor[]>) => [...loader].map((b) => b[1].tolist());

class Range extends Dataset<number> {
  constructor(private n: number) { super(); }
  getItem(i: number) { return i; }
  get length() { return this.n; }
}

describe("DataLoader", () => {
  it("shuffles in Python's order after torch.manualSeed, epoch after epoch", () => {
    torch.manualSeed(0);
    const loader = new DataLoader<Tensor[], Tensor[]>(ds, { batchSize: 6, shuffle: true });
    expect([ys(loader), ys(loader)]).toEqual(py.shuffle_global);
    expect(loader.length).toBe(4);
  });
  it("with its own generator", () => {
    const g = new torch.Generator().manualSeed(42);
    const loader = new DataLoader<Tensor[], Tensor[]>(ds, { batchSize: 6, shuffle: true, generator: g });
    expect([ys(loader), ys(loader)]).toEqual(py.shuffle_generator);
  });
  it("dropLast, sequential batches, for...of destructuring", () => {
    torch.manualSeed(0);
    expect(ys(new DataLoader(ds, { batchSize: 6, shuffle: true, dropLast: true }))).toEqual(py.drop_last);
    const xs: number[][] = [];
    for (const [x] of new DataLoader<Tensor[], Tensor[]>(ds, { batchSize: 8 })) xs.push(x.flatten().tolist());
    expect(xs).toEqual(py.sequential_x);
  });
  it("for await...of", async () => {
    const seen: number[] = [];
    for await (const b of new DataLoader<number, Tensor>(new Range(5), { batchSize: 2 })) seen.push(...(b.tolist() as number[]));
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
  it("default collate: numbers, floats (float64), tensors, objects", () => {
    const col = new DataLoader<Record<string, unknown>, Record<string, Tensor>>(
      new (class extends Dataset<Record<string, unknown>> {
        items = [{ a: 1, b: 2.5, t: torch.tensor([1, 2], { dtype: torch.float32 }) }, { a: 3, b: 0.5, t: torch.tensor([3, 4], { dtype: torch.float32 }) }];
        getItem(i: number) { return this.items[i]; }
        get length() { return 2; }
      })(), { batchSize: 2 });
    const [batch] = [...col];
    for (const k of Object.keys(py.collate)) {
      expect(batch[k].dtype.name).toBe(py.collate[k].dtype);
      expect(batch[k].shape).toEqual(py.collate[k].shape);
      expect(Array.from(batch[k].flatten().toTypedArray(), Number)).toEqual(py.collate[k].values);
    }
  });
  it("Python's positional order: DataLoader(ds, 6, True, generator=g) and DataLoader(ds, 6, False, None, None, 0, None, False, True)", () => {
    const loader = new DataLoader<Tensor[], Tensor[]>(ds, 6, true, { generator: new torch.Generator().manualSeed(42) });
    expect([ys(loader), ys(loader)]).toEqual(py.shuffle_generator);
    expect([loader.batchSize, loader.numWorkers, loader.workerType]).toEqual([6, 0, "thread"]);
    torch.manualSeed(0);
    expect(ys(new DataLoader(ds, 6, true, null, null, 0, null, false, true))).toEqual(py.drop_last);
    // every positional parameter up to generator, the 12th
    const g = new torch.Generator().manualSeed(42);
    const all = new DataLoader<Tensor[], Tensor[]>(ds, 6, true, null, null, 0, null, false, false, 0, null, null, g, { inOrder: true });
    expect([ys(all), ys(all)]).toEqual(py.shuffle_generator);
    expect(() => new DataLoader(ds, 6, true, null, null, 0, null, false, false, 0, null, null, g, 2 as never)).toThrow(
      new TypeError("DataLoader.__init__() takes from 2 to 14 positional arguments but 15 were given"));
    expect(() => new DataLoader(ds, 6, { batchSize: 3 })).toThrow(new TypeError("DataLoader.__init__() got multiple values for argument 'batchSize'"));
    expect(() => new DataLoader(ds, { batchsize: 3 } as never)).toThrow(new TypeError("DataLoader.__init__() got an unexpected keyword argument 'batchsize'"));
  });
  it("bad options throw", () => {
    expect(() => new DataLoader(ds, { shuffle: true, sampler: [0, 1] })).toThrow(/mutually exclusive with shuffle/);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/batch_size should be a positive integer/);
    expect(() => new DataLoader([1, 2] as never)).toThrow(/must be a Dataset/);
  });
});

describe("randomSplit and samplers", () => {
  it("split indices equal Python's for fractions and lengths", () => {
    const [a, b] = randomSplit(ds, [0.8, 0.2], new torch.Generator().manualSeed(42));
    expect([a.indices, b.indices]).toEqual(py.split_fractions);
    const parts = randomSplit(new Range(10), [3, 3, 4], new torch.Generator().manualSeed(1));
    expect(parts.map((p) => p.indices)).toEqual(py.split_lengths);
    expect(randomSplit(new Range(11), [0.3, 0.3, 0.4], new torch.Generator().manualSeed(1)).map((p) => p.length)).toEqual(py.split_remainder);
    expect(() => randomSplit(new Range(10), [3, 3])).toThrow("Sum of input lengths does not equal the length of the input dataset!");
  });
  it("RandomSampler with replacement", () => {
    torch.manualSeed(3);
    expect([...new torch.utils.data.RandomSampler(new Range(10), { replacement: true, numSamples: 40 })]).toEqual(py.replacement);
    torch.manualSeed(3);
    expect([...new torch.utils.data.RandomSampler(new Range(10), true, 40)]).toEqual(py.replacement);
  });
});

describe("WeightedRandomSampler, DistributedSampler, BatchSampler, SubsetRandomSampler", () => {
  const { WeightedRandomSampler, DistributedSampler, BatchSampler, SubsetRandomSampler } = torch.utils.data;
  it("WeightedRandomSampler draws Python's indices (global seed, own generator, without replacement)", () => {
    torch.manualSeed(1);
    expect([...new WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12)]).toEqual(py.weighted);
    const s = new WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5, false, new torch.Generator().manualSeed(2));
    expect([...s]).toEqual(py.weighted_noreplace);
    expect(s.length).toBe(5);
    const t = new WeightedRandomSampler(torch.tensor([0.1, 0.9, 0.4, 0.7, 3.0, 0.6]), { numSamples: 5, replacement: false, generator: new torch.Generator().manualSeed(2) });
    expect([...t]).toEqual(py.weighted_noreplace);
    expect(t.weights.dtype).toBe(torch.float64);
  });
  it("WeightedRandomSampler checks its arguments as Python does", () => {
    expect(() => new WeightedRandomSampler([1, 2], 0)).toThrow("num_samples should be a positive integer value, but got num_samples=0");
    expect(() => new WeightedRandomSampler([1, 2], 2.5)).toThrow("num_samples should be a positive integer value, but got num_samples=2.5");
    expect(() => new WeightedRandomSampler([1, 2], 2, 1 as never)).toThrow("replacement should be a boolean value, but got replacement=1");
    expect(() => new WeightedRandomSampler(torch.ones(2, 2), 2)).toThrow("weights should be a 1d sequence but given weights have shape (2, 2)");
  });
  it("DistributedSampler: each rank's indices, epochs, padding and dropLast equal Python's", () => {
    for (const [key, per] of Object.entries(py.distributed as Record<string, { epoch0: number[]; epoch1: number[]; len: number }[]>)) {
      const [n, reps, shuffle, dropLast, seed] = key.split("_");
      per.forEach((want, rank) => {
        const s = new DistributedSampler(new Range(Number(n)), Number(reps), rank, { shuffle: shuffle === "True", seed: Number(seed), dropLast: dropLast === "True" });
        expect([...s]).toEqual(want.epoch0);
        s.setEpoch(1);
        expect([...s]).toEqual(want.epoch1);
        expect(s.length).toBe(want.len);
      });
    }
    // positional, in Python's order
    expect([...new DistributedSampler(new Range(10), 3, 1, false, 0, true)]).toEqual([1, 4, 7]);
  });
  it("DistributedSampler checks rank and needs numReplicas", () => {
    expect(() => new DistributedSampler(new Range(10), 2, 2)).toThrow("Invalid rank 2, rank should be in the interval [0, 1]");
    expect(() => new DistributedSampler(new Range(10), 2, -1)).toThrow("Invalid rank -1, rank should be in the interval [0, 1]");
    expect(() => new DistributedSampler(new Range(10))).toThrow(/Requires distributed package to be available/);
  });
  it("DataLoader with a DistributedSampler loads the rank's share", () => {
    const s = new DistributedSampler(ds, { numReplicas: 4, rank: 3, shuffle: false });
    expect(ys(new DataLoader(ds, { batchSize: 2, sampler: s }))).toEqual([[3, 7], [11, 15], [19]]);
  });
  it("SubsetRandomSampler and BatchSampler", () => {
    torch.manualSeed(4);
    expect([...new SubsetRandomSampler([10, 20, 30, 40, 50])]).toEqual(py.subset_random);
    expect([...new BatchSampler(new torch.utils.data.SequentialSampler(new Range(10)), 4, false), ...new BatchSampler([...Array(10).keys()], { batchSize: 4, dropLast: true })]).toEqual(py.batch_sampler);
    expect(() => new BatchSampler([1], 4, "no" as never)).toThrow("drop_last should be a boolean value, but got drop_last='no'");
    expect(() => new BatchSampler([1], -1, false)).toThrow("batch_size should be a positive integer value, but got batch_size=-1");
    expect(() => new torch.utils.data.RandomSampler(new Range(3), { replacement: 0 as never })).toThrow("replacement should be a boolean value, but got replacement=0");
  });
});

describe("DataLoader options", () => {
  it("Python's errors for bad combinations", () => {
    expect(() => new DataLoader(ds, { numWorkers: -1 })).toThrow("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    expect(() => new DataLoader(ds, { prefetchFactor: 2 })).toThrow(/prefetch_factor option could only be specified in multiprocessing/);
    expect(() => new DataLoader(ds, { numWorkers: 1, prefetchFactor: -1 })).toThrow("prefetch_factor option should be non-negative");
    expect(() => new DataLoader(ds, { persistentWorkers: true })).toThrow("persistent_workers option needs num_workers > 0");
    expect(() => new DataLoader(ds, { timeout: -1 })).toThrow("timeout option should be non-negative");
    expect(() => new DataLoader(ds, { batchSize: null, dropLast: true })).toThrow("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    expect(() => new DataLoader(ds, { batchSampler: [[0]], batchSize: 2 })).toThrow("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
    class It extends torch.utils.data.IterableDataset<number> { *[Symbol.iterator]() { yield 1; } }
    expect(() => new DataLoader(new It(), { shuffle: true })).toThrow("DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True");
    expect(() => new DataLoader(new It(), { sampler: [0] })).toThrow(/expected unspecified sampler option/);
  });
  it("batchSize null yields samples; IterableDataset batches and length", () => {
    expect([...new DataLoader<number, number>(new Range(3), { batchSize: null })]).toEqual([0, 1, 2]);
    class It extends torch.utils.data.IterableDataset<number> {
      *[Symbol.iterator]() { for (let i = 0; i < 7; i++) yield i; }
      get length() { return 7; }
    }
    const L = new DataLoader<number, Tensor>(new It(), { batchSize: 3 });
    expect([...L].map((b) => b.tolist())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(L.length).toBe(3);
    expect(new DataLoader(new It(), { batchSize: 3, dropLast: true }).length).toBe(2);
    expect([...new DataLoader<number, Tensor>(new It(), { batchSize: 3, dropLast: true })].length).toBe(2);
  });
  it("a custom collateFn, and getItems for whole batches", () => {
    const sums = [...new DataLoader<number, number>(new Range(5), { batchSize: 2, collateFn: (b) => b.reduce((a, x) => a + x, 0) })];
    expect(sums).toEqual([1, 5, 4]);
    class Batched extends Range {
      calls = 0;
      getItems(idx: number[]) { this.calls++; return idx.map((i) => i * 10); }
    }
    const d = new Batched(5);
    expect([...new DataLoader<number, Tensor>(d, { batchSize: 2 })].map((b) => b.tolist())).toEqual([[0, 10], [20, 30], [40]]);
    expect(d.calls).toBe(3);
  });
  it("pinMemory without CUDA warns as Python and still loads", () => {
    if (torch.cuda.isAvailable()) return;
    const warnings: string[] = [];
    const on = (w: Error) => warnings.push(w.message);
    process.on("warning", on);
    const out = ys(new DataLoader(ds, { batchSize: 10, pinMemory: true }));
    return new Promise<void>((resolve) => setImmediate(() => {
      process.off("warning", on);
      expect(out).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]]);
      expect(warnings.some((w) => w.includes("'pin_memory' argument is set as true but no accelerator is found"))).toBe(true);
      resolve();
    }));
  });
});

describe("TensorDataset batches", () => {
  it("the one-index_select batch equals stacking the rows (values, dtypes, shapes), negative indices included", () => {
    const A = torch.randn(30, 3, 2), B = torch.arange(30).to(torch.int32), C = torch.rand(30).gt(0.5);
    const d = new TensorDataset(A, B, C);
    const idx = [[5, 0, 29, 7], [-1, 3], [12]];
    const fast = [...new DataLoader<Tensor[], Tensor[]>(d, { batchSampler: idx })];
    const slow = [...new DataLoader<Tensor[], Tensor[]>(d, { batchSampler: idx, collateFn: (b) => torch.utils.data.defaultCollate(b) })];
    fast.forEach((b, k) => b.forEach((t, j) => {
      expect(t.dtype).toBe(slow[k][j].dtype);
      expect(t.shape).toEqual(slow[k][j].shape);
      expect(t.equal(slow[k][j])).toBe(true);
    }));
    expect(fast[1][1].tolist()).toEqual([29, 3]);
    expect(() => d.getItem(30)).toThrow("index 30 is out of bounds for dimension 0 with size 30");
  });
});
