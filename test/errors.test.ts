// Errors: libtorch failures become JS errors with Python's message (no C++
// backtrace); bad arguments are TypeError/RangeError naming the argument.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor } from "../src";

const py: Record<string, { type: string; message: string }> = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "errors.json"), "utf8"),
);
// Python's exception type -> the JS error class torch-node throws
const jsType: Record<string, ErrorConstructor> = {
  RuntimeError: Error, IndexError: RangeError, ValueError: RangeError, TypeError: TypeError,
};

function expectPython(id: string, fn: () => unknown, exact = true): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `${id} should throw`).toBeInstanceOf(jsType[py[id].type]);
  const msg = (err as Error).message;
  if (exact) expect(msg).toBe(py[id].message);
  else expect(msg).toContain(py[id].message);
  expect(msg).not.toMatch(/Exception raised from|frame #\d/);
}

describe("libtorch errors carry Python's message", () => {
  it("shape mismatch", () => expectPython("shape_mismatch", () => torch.ones(2, 3).add(torch.ones(4))));
  it("matmul mismatch", () => expectPython("matmul_mismatch", () => torch.ones(2, 3).matmul(torch.ones(4, 5))));
  it("mm mismatch", () => expectPython("mm_mismatch", () => torch.ones(2, 3).mm(torch.ones(4, 5))));
  it("bad view", () => expectPython("view_bad", () => torch.ones(2, 3).view(4)));
  it("cat mismatch", () => expectPython("cat_mismatch", () => torch.cat([torch.ones(2, 3), torch.ones(2, 4)], 0)));
  it("index out of bounds", () => expectPython("index_oob", () => torch.ones(3).index(5)));
  it("dim out of range", () => expectPython("dim_oob", () => torch.ones(2, 3).sum(2)));
  it("softmax dim out of range", () => expectPython("softmax_dim", () => torch.ones(2, 3).softmax(5)));
  it("item of many elements", () => expectPython("item_many", () => torch.ones(3).item()));
  it("backward of a non-scalar", () =>
    expectPython("backward_nonscalar", () => torch.ones(3, { requiresGrad: true }).mul(2).backward()));
  it("randint with low >= high", () => expectPython("randint_bad_range", () => torch.randint(5, 2, [3])));
  it("negative slice step", () => expectPython("step_negative", () => torch.arange(5).index("::-1")));
});

describe("bad arguments name the argument", () => {
  it("bad dtype", () => expectPython("dtype_str", () => torch.zeros(2, { dtype: "float32" as never })));
  it("bad device string", () => expectPython("device_bad", () => torch.zeros(2, { device: "gpu" })));
  it("unexpected option", () => {
    expect(() => torch.rand(2, { foo: 1 } as never)).toThrow(TypeError);
    expect(() => torch.rand(2, { foo: 1 } as never)).toThrow(/unexpected keyword argument 'foo'/);
  });
  it("cuda on a CPU-only build", () => {
    if (torch.cuda.isAvailable()) return;
    const expected = torch.cuda.isBuilt() ? "No CUDA GPUs are available" : "Torch not compiled with CUDA enabled";
    expect(() => torch.zeros(2, { device: "cuda" })).toThrow(expected);
    expect(() => torch.ones(2).to("cuda")).toThrow(expected);
    expect(() => torch.ones(2).cuda()).toThrow(expected);
  });
  it("wrong arity", () => {
    expect(() => (torch.full as (...a: unknown[]) => unknown)([2])).toThrow(/missing 1 required positional argument: 'fill_value'/);
    expect(() => (torch.zeros as (...a: unknown[]) => unknown)()).toThrow(/missing 1 required positional argument: 'size'/);
    expect(() => (torch.ones(2, 2).transpose as (...a: unknown[]) => unknown)(0)).toThrow(/argument 'dim1' must be int/);
    expect(() => (torch.ones(2).softmax as (...a: unknown[]) => unknown)(0, null, 3)).toThrow(/takes 2 positional arguments but 3 were given/);
    expect(() => (torch.ones(2).add as (...a: unknown[]) => unknown)()).toThrow(TypeError);
  });
  it("wrong argument types", () => {
    expect(() => torch.ones(2).add("x" as never)).toThrow(TypeError);
    expect(() => torch.ones(2).matmul(3 as never)).toThrow(/argument 'other' must be Tensor, not int/);
    expect(() => torch.zeros([2, 1.5])).toThrow(/argument 'size' must be tuple of ints, but found element of type float/);
    expect(() => torch.cat([torch.ones(2), 3 as never])).toThrow(/must be tuple of Tensors/);
    expect(() => torch.tensor([1, "a" as never])).toThrow(/invalid data type 'str'/);
    expect(() => torch.tensor([[1, 2], [3]])).toThrow(/expected sequence of length 2 at dim 1 \(got 1\)/);
    expect(() => torch.ones(3).index(1.5)).toThrow(TypeError);
    expect(() => torch.ones(3).index("a:b")).toThrow(/invalid index string/);
    expect(() => torch.manualSeed(1.5)).toThrow(TypeError);
    expect(() => torch.ones(2).to({ dtype: "x" } as never)).toThrow(/argument 'dtype' must be torch.dtype/);
  });
});

describe("disposed tensors throw, never crash", () => {
  it("use after dispose", () => {
    const x = torch.ones(2, 2);
    const y = torch.ones(2, 2);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(y)).toThrow(/disposed/);
    expect(() => y.add(x)).toThrow(/disposed/);
    expect(() => x.shape).toThrow(/disposed/);
    expect(() => x.item()).toThrow(/disposed/);
    expect(() => String(x)).toThrow(/disposed/);
    expect(() => torch.cat([y, x])).toThrow(/disposed/);
    expect(() => x.index(0)).toThrow(/disposed/);
    expect(() => x.dispose()).not.toThrow();
    expect(y.add(1).sum().item()).toBe(8);
  });
});

describe("LibTorch warnings", () => {
  it("arrive as Node warnings (process 'warning'), once per message, with LibTorch's text", async () => {
    const got: string[] = [];
    const on = (w: Error) => got.push(`${w.name}: ${w.message}`);
    process.on("warning", on);
    const x = torch.zeros(3, 3);
    const idx = torch.tensor([[0, 1, 2]]);
    (x as unknown as { scatter(d: number, i: Tensor, s: Tensor, o: object): Tensor }).scatter(0, idx, torch.ones(1, 3), { reduce: "add" });
    (x as unknown as { scatter(d: number, i: Tensor, s: Tensor, o: object): Tensor }).scatter(0, idx, torch.ones(1, 3), { reduce: "add" });
    await new Promise((r) => setImmediate(r));
    process.off("warning", on);
    const mine = got.filter((g) => g.includes("reduce argument of torch.scatter"));
    expect(mine).toEqual([
      "UserWarning: The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
    ]);
  });
});
