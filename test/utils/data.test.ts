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
      expect(Array.from(batch[k].flatten().data(), Number)).toEqual(py.collate[k].values);
    }
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
  });
});
