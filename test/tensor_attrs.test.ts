// Tensor attributes as Python has them: `.data` (a storage-sharing alias outside
// autograd, and its setter), toTypedArray()/numpy(), iteration along dim 0 and
// torch.Size. Expected values: test/fixtures/make_tensor_attrs.py.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import torch, { nn, Tensor } from "../src";

const py = JSON.parse(readFileSync(join(__dirname, "fixtures", "tensor_attrs.json"), "utf8"));
interface Enc { shape: number[]; dtype: string; values: number[]; repr: string }

function same(t: Tensor, e: Enc, tol = 0): void {
  expect(t.shape).toEqual(e.shape);
  expect(t.dtype.name).toBe(e.dtype);
  const got = Array.from(t.detach().toTypedArray() as ArrayLike<number | bigint>, Number);
  if (tol === 0) expect(got).toEqual(e.values);
  else got.forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(e.values[i]))));
}

describe(".data", () => {
  it("p.data.add_(g, { alpha: -lr }) and m.bias.data.fill_(0.01) update the parameters outside autograd", () => {
    torch.manualSeed(0);
    const lin = new nn.Linear(3, 2);
    same(lin.weight, py.data_sgd.w0, 1e-6);
    const g = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { dtype: torch.float32 });
    lin.weight.data.add_(g, { alpha: -0.1 });
    lin.bias!.data.fill_(0.01);
    same(lin.weight, py.data_sgd.w1, 1e-6);
    same(lin.bias!, py.data_sgd.b1, 1e-7);
    // still a leaf Parameter that requires grad, no op recorded
    expect(lin.weight.requiresGrad).toBe(true);
    expect(lin.weight.gradFn).toBe(null);
    expect(lin.weight.isLeaf).toBe(true);
  });

  it("is an alias sharing storage with requiresGrad false, as Python's", () => {
    const p = torch.ones(2, { requiresGrad: true });
    const d = p.data;
    expect(d).toBeInstanceOf(Tensor);
    expect(d).not.toBeInstanceOf(nn.Parameter);
    expect(d.requiresGrad).toBe(py.data_alias.requires_grad);
    expect(d.isLeaf).toBe(py.data_alias.is_leaf);
    expect(d.gradFn === null).toBe(py.data_alias.grad_fn);
    d.mul_(3);
    expect(p.tolist()).toEqual([3, 3]);
    // p.data of a Parameter is a plain tensor
    expect(new nn.Linear(1, 1).weight.data).not.toBeInstanceOf(nn.Parameter);
  });

  it("has its own version counter, as Python's: an update through .data does not fail a later backward", () => {
    const q = torch.ones(3, { requiresGrad: true });
    const y = q.mul(q).sum();
    q.data.add_(1);
    y.backward();
    same(q.grad!, py.data_version.grad);
    same(q, py.data_version.q);
    // views keep their strides and offset
    const t = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).t();
    expect([t.data.stride(), t.data.storageOffset()]).toEqual([[1, 3], 0]);
    const v = torch.arange(10, { dtype: torch.float64 }).index("2::3");
    expect([v.data.tolist(), v.data.storageOffset()]).toEqual([[2, 5, 8], 2]);
  });

  it("works for sparse tensors too (an alias of the same indices and values)", () => {
    const sp = torch.sparseCooTensor([[0, 1], [1, 0]], [1, 2], [2, 2], { dtype: torch.float32, requiresGrad: true });
    const d = sp.data;
    expect(d.requiresGrad).toBe(false);
    expect(d.isSparse).toBe(true);
    expect(d.toDense().tolist()).toEqual([[0, 1], [2, 0]]);
  });

  it("p.data = t swaps in another tensor's data (shape and dtype too), the object and requiresGrad kept", () => {
    const p = torch.ones(2, { requiresGrad: true });
    p.data = torch.tensor([[1.0, 2.0], [3.0, 4.0]], { dtype: torch.float32 });
    same(p, py.data_set.p);
    expect(p.requiresGrad).toBe(py.data_set.requires_grad);
    expect(String(p)).toBe(py.data_set.p.repr);
    // a module's parameter: the module sees the new value
    const lin = new nn.Linear(2, 1);
    const w = lin.weight;
    lin.weight.data = torch.zeros(1, 2);
    expect(lin.weight).toBe(w);
    expect(lin(torch.ones(1, 2)).sub(lin.bias!).abs().sum().item()).toBe(0);
  });

  it("the setter takes only a Tensor", () => {
    const p = torch.ones(2);
    expect(() => { (p as unknown as { data: unknown }).data = [1, 2]; }).toThrow(TypeError);
    expect(() => { (p as unknown as { data: unknown }).data = [1, 2]; }).toThrow(/Variable data has to be a tensor, but got list/);
  });
});

describe("toTypedArray() and numpy()", () => {
  it("return a row-major TypedArray copy of the values", () => {
    const t = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).t();
    const a = t.toTypedArray();
    expect(a).toBeInstanceOf(Float32Array);
    expect(Array.from(a as Float32Array)).toEqual([0, 3, 1, 4, 2, 5]);
    const n = t.numpy();
    expect(n).toBeInstanceOf(Float32Array);
    expect(Array.from(n as Float32Array)).toEqual([0, 3, 1, 4, 2, 5]);
    (n as Float32Array)[0] = 9;
    expect(t.index(0, 0).item()).toBe(0); // a copy
    expect(torch.tensor([1, 2]).numpy()).toBeInstanceOf(BigInt64Array);
  });
});

describe("iteration", () => {
  it("for (const row of W) yields W.index(0), W.index(1), ...", () => {
    const W = torch.arange(6).reshape(2, 3);
    const rows: Tensor[] = [];
    for (const row of W) rows.push(row);
    expect(rows.length).toBe(py.iter_rows.length);
    rows.forEach((r, i) => { same(r, py.iter_rows[i]); expect(String(r)).toBe(py.iter_rows[i].repr); });
    // views: writing a row writes W
    rows[1].fill_(7);
    expect(W.tolist()).toEqual([[0, 1, 2], [7, 7, 7]]);
    // spread, destructuring and Array.from
    const [a, b] = torch.tensor([1.5, 2.5], { dtype: torch.float32 });
    same(a, py.iter_1d[0]);
    same(b, py.iter_1d[1]);
    expect([...torch.zeros(4, 2)].length).toBe(4);
    expect(Array.from(torch.tensor([1.5, 2.5], { dtype: torch.float32 }), (x) => x.item())).toEqual([1.5, 2.5]);
    expect([...torch.zeros(0, 3)]).toEqual([]);
  });

  it("a 0-d tensor throws Python's TypeError", () => {
    expect(py.iter_0d.type).toBe("TypeError");
    expect(() => { for (const x of torch.tensor(1.0)) void x; }).toThrow(TypeError);
    expect(() => [...torch.tensor(1.0)]).toThrow(py.iter_0d.message);
    // the 0-d elements of a vector are not iterable either
    const [e] = torch.tensor([1, 2]);
    expect(() => [...(e as unknown as Iterable<unknown>)]).toThrow(TypeError);
  });

  it("deep-equality helpers still compare tensors (vitest walks iterables)", () => {
    const x = torch.tensor([0.5, -1.0, 2.0]);
    const y = x.clone();
    expect(y).not.toBe(x);
    expect(torch.ones(2, 3)).not.toBe(torch.ones(2, 3));
  });
});

describe("torch.Size", () => {
  it("t.shape and t.size() are a torch.Size: an Array that prints as Python's", () => {
    const x = torch.zeros(2, 3);
    const s = x.shape;
    expect(s).toBeInstanceOf(torch.Size);
    expect(x.size()).toBeInstanceOf(torch.Size);
    expect(Array.isArray(s)).toBe(true);
    expect(s).toEqual([2, 3]);
    expect(s.length).toBe(2);
    expect(s[0]).toBe(2);
    const [r, c] = x.size();
    expect([r, c]).toEqual([2, 3]);
    expect(JSON.stringify(s)).toBe("[2,3]");
    expect(String(s)).toBe(py.size_repr["2x3"]);
    expect(inspect(s)).toBe(py.size_repr["2x3"]);
    expect(`${torch.tensor(1).size()}`).toBe(py.size_repr["0d"]);
    expect(torch.zeros(2, 3, 4).shape.numel()).toBe(py.size_repr.numel);
    expect(new torch.Size([]).numel()).toBe(py.size_repr.empty_numel);
    expect(String(new torch.Size([5]))).toBe(py.size_repr.str);
    // map/slice give plain arrays; size(dim) a number
    expect(s.map((v) => v * 2)).toEqual([4, 6]);
    expect(s.slice(1)).not.toBeInstanceOf(torch.Size);
    expect(x.size(1)).toBe(3);
    expect(x.size(-1)).toBe(3);
    expect(x.size({ dim: 0 })).toBe(2);
    expect(torch.zeros(s).shape).toEqual([2, 3]);
    expect(x.view(s).shape).toEqual([2, 3]);
  });

  it("new torch.Size(sizes) checks its argument as Python does", () => {
    expect(() => new torch.Size(3 as unknown as number[])).toThrow(TypeError);
    expect(() => new torch.Size(3 as unknown as number[])).toThrow(py.size_errors.int.message);
    expect(() => new torch.Size([2.5])).toThrow(py.size_errors.float.message);
  });
});
