// Unboxed operator calls (binding/typed.cc): operators of the common schema
// shapes are called through a typed dispatcher handle instead of the boxed
// path. Both paths must agree with Python: the differential fixture
// (test/fixtures/ops_diff.json, from make_ops_diff.py) runs here again with the
// typed path off (differential.test.ts runs it with it on), and the errors
// callOp raises itself must read the same either way.
import { afterEach, describe, expect, it } from "vitest";
import torch from "../../src";
import { native } from "../../src/native";
import { compare, expectPythonError, invoke, loadCalls } from "./diff_helpers";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const id = (name: string, overload = "") => native.resolveOp(name, overload);

afterEach(() => native.setTypedCalls(true));

describe("typed (unboxed) operator calls", () => {
  it("cover the common shapes: unary, binary, in-place, dims with dtype, views, optional tensors", () => {
    const typed = [
      ["atan2", ""], ["cumsum", ""], ["add", "Tensor"], ["add_", "Tensor"], ["add", "Scalar"], ["sum", "dim_IntList"],
      ["mean", "dim"], ["view", ""], ["reshape", ""], ["transpose", "int"], ["select", "int"], ["softmax", "int"],
      ["relu_", ""], ["clamp", ""], ["linear", ""], ["where", "self"], ["mse_loss", ""], ["gather", ""], ["expand", ""],
      ["max", "dim"], ["sort", ""], ["topk", ""], ["kthvalue", ""],
    ];
    for (const [n, o] of typed) expect(native.opTyped(id(n, o)), `${n}.${o}`).toBe(true);
    // shapes without a typed form stay boxed
    expect(native.opTyped(id("resize_"))).toBe(false); // MemoryFormat?
    expect(native.opTyped(id("aminmax"))).toBe(false); // int? dim
    expect(native.opTyped(id("cat"))).toBe(false); // Tensor[]
  });

  it("return several results as the boxed path does (max.dim, topk)", () => {
    const x = torch.tensor([[3.0, -1.0, 7.0], [0.5, 9.0, 2.0]]);
    for (const on of [true, false]) {
      native.setTypedCalls(on);
      const { values, indices } = x.max(1);
      // Python: torch.tensor([[3.,-1.,7.],[.5,9.,2.]]).max(1) -> values [7., 9.], indices [2, 1]
      expect([values.tolist(), indices.tolist(), indices.dtype.name]).toEqual([[7, 9], [2, 1], "int64"]);
      const t = x.topk(2, 1);
      // Python: x.topk(2, 1) -> values [[7., 3.], [9., 2.]], indices [[2, 0], [1, 2]]
      expect([t.values.tolist(), t.indices.tolist()]).toEqual([[[7, 3], [9, 2]], [[2, 0], [1, 2]]]);
    }
  });

  it("return the first argument's JS value for in-place results, a new tensor otherwise", () => {
    const x = torch.tensor([0.5, -1.0, 2.0]);
    const y = torch.tensor([1.0, 1.0, -1.0]);
    const before = x.clone();
    expect(x.atan2_(y)).toBe(x);
    // Python: torch.atan2(torch.tensor([0.5,-1.,2.]), torch.tensor([1.,1.,-1.]))
    expect(x.tolist()).toEqual(torch.atan2(before, y).tolist());
    const r = x.atan2(y);
    expect(r).not.toBe(x);
  });

  it("take schema defaults for absent and null arguments", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
    const add = id("add", "Tensor");
    const sum = id("sum", "dim_IntList");
    for (const on of [true, false]) {
      native.setTypedCalls(on);
      // alpha absent (1), given (2), null (the default again)
      expect(new torch.Tensor(native.callOp(add, x._h, x._h)).tolist()).toEqual([[2, 4], [6, 8]]);
      expect(new torch.Tensor(native.callOp(add, x._h, x._h, 2)).tolist()).toEqual([[3, 6], [9, 12]]);
      expect(new torch.Tensor(native.callOp(add, x._h, x._h, null)).tolist()).toEqual([[2, 4], [6, 8]]);
      // dim None (all), keepdim default false; a lone int is a list of one; dtype given as a code
      expect(new torch.Tensor(native.callOp(sum, x._h)).item()).toBe(10);
      expect(new torch.Tensor(native.callOp(sum, x._h, 1, true)).tolist()).toEqual([[3], [7]]);
      const d = new torch.Tensor(native.callOp(sum, x._h, [0], false, torch.float64.code));
      expect([d.dtype.name, d.tolist()]).toEqual(["float64", [4, 6]]);
      // a number for a Tensor argument is a wrapped number: float32 stays float32
      const w = new torch.Tensor(native.callOp(add, x._h, 1.5));
      expect([w.dtype.name, w.tolist()]).toEqual(["float32", [[2.5, 3.5], [4.5, 5.5]]]);
    }
  });

  it("callOpDims: view, reshape, permute, expand and repeat with the dims as separate numbers, typed or boxed", () => {
    const x = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3);
    const one = torch.tensor([7.0]);
    for (const on of [true, false]) {
      native.setTypedCalls(on);
      // Python: x = torch.arange(6.).reshape(2, 3)
      expect(x.view(3, 2).tolist()).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(x.view(-1).tolist()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(x.reshape([3, -1]).shape).toEqual([3, 2]);
      expect(x.permute(1, 0).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
      expect(x.expand(2, 2, 3).shape).toEqual([2, 2, 3]);
      expect(x.repeat(1, 2).tolist()).toEqual([[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]);
      expect(x.view(1, 1, 1, 2, 3).shape).toEqual([1, 1, 1, 2, 3]); // past the unrolled arities
      expect(one.view([]).shape).toEqual([]);
      expect(one.view([]).item()).toBe(7);
      // views share storage with their base, as in Python
      const y = x.clone();
      y.view(6).mul_(2);
      expect(y.tolist()).toEqual([[0, 2, 4], [6, 8, 10]]);
      // Python: RuntimeError: shape '[4]' is invalid for input of size 6
      expect(() => x.view(4)).toThrow("shape '[4]' is invalid for input of size 6");
      // Python: RuntimeError: permute(sparse_coo): number of dimensions in the tensor input does not match ...
      expect(() => x.permute(0)).toThrow(
        "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1",
      );
    }
  });

  it("callOpDims and callOpTensors reject operators of another form and bad arguments with a TypeError", () => {
    const x = torch.tensor([1.0, 2.0]);
    expect(() => native.callOpDims(id("atan2"), x._h, 1)).toThrow(new TypeError("callOpDims: atan2() is not (Tensor, int[], ...) -> one result"));
    expect(() => native.callOpDims(id("view"), x._h, 1.5)).toThrow(new TypeError("argument 'size' must be int, not float"));
    expect(() => native.callOpDims(-1, x._h, 1)).toThrow(new RangeError("callOpDims: bad operator id"));
    for (const on of [true, false]) {
      native.setTypedCalls(on);
      expect(() => native.callOpDims(id("view"), "x" as never, 2)).toThrow(new TypeError("expected a Tensor for self"));
      expect(() => native.callOpDims(id("view"), 3 as never, 1)).toThrow(new TypeError("expected a Tensor for self"));
    }
    expect(() => native.callOpTensors(id("view"), 0, x._h)).toThrow(new TypeError("callOpTensors: view() is not (Tensor[], int) -> one result"));
    expect(() => native.callOpTensors(id("cat"), 0, x._h, "y" as never)).toThrow(new TypeError("argument 'tensors' must be Tensor"));
    expect(() => (native.callOpTensors as (id: number) => unknown)(id("cat"))).toThrow(new TypeError("argument 'dim' must be int"));
  });

  it("raise the boxed path's errors for arguments they decline", () => {
    const x = torch.tensor([1.0, 2.0]);
    const cumsum = id("cumsum");
    const atan2 = id("atan2");
    const messages = (on: boolean) => {
      native.setTypedCalls(on);
      const out: string[] = [];
      const grab = (f: () => unknown) => {
        try {
          f();
          out.push("no error");
        } catch (e) {
          out.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      };
      grab(() => native.callOp(cumsum, x._h, 1.5));
      grab(() => native.callOp(cumsum, x._h));
      grab(() => native.callOp(atan2, x._h));
      grab(() => native.callOp(atan2, x._h, x._h, 3));
      grab(() => native.callOp(atan2, x._h, "a"));
      grab(() => native.callOp(id("softmax", "int"), x._h, 0, "float"));
      const gone = torch.tensor([1.0, 2.0]);
      gone.dispose();
      grab(() => native.callOp(atan2, x._h, gone._h));
      return out;
    };
    const typed = messages(true);
    expect(typed).toEqual([
      "TypeError: argument 'dim' must be int, not float",
      "TypeError: cumsum() missing required argument 'dim' (pos 2)",
      "TypeError: atan2() missing required argument 'other' (pos 2)",
      "TypeError: atan2() takes 2 arguments but 3 were given",
      "TypeError: argument 'other' must be Tensor",
      "TypeError: argument 'dtype' must be int",
      "Error: Tensor has been disposed (other)",
    ]);
    expect(messages(false)).toEqual(typed);
  });

  it("the generated surface works where code generation from strings is disallowed", () => {
    // its per-signature plans compile with new Function; without it they use the general binder
    const lib = join(__dirname, "..", "..", "lib", "index.js");
    const code = `
      const torch = require(${JSON.stringify(lib)}).default;
      const a = torch.tensor([1.0, 2.0]), b = torch.tensor([3.0, -1.0]);
      console.log(JSON.stringify([a.atan2(b).tolist(), a.cumsum(0).tolist(), torch.special.expit(a).tolist()]));`;
    const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "-e", code], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    // Python: torch.atan2(a, b), a.cumsum(0), torch.special.expit(a) for a = [1., 2.], b = [3., -1.]
    const [atan2, cumsum, expit] = JSON.parse(r.stdout) as number[][];
    expect(atan2.map((v) => v.toFixed(6))).toEqual(["0.321751", "2.034444"]);
    expect(cumsum).toEqual([1, 3]);
    expect(expit.map((v) => v.toFixed(6))).toEqual(["0.731059", "0.880797"]);
  });

  describe("the differential fixture through the boxed path", () => {
    for (const c of loadCalls()) {
      it(c.id, () => {
        native.setTypedCalls(false);
        const exp = c.expect;
        if ("error" in exp) expectPythonError(() => invoke(c), exp.error);
        else compare(invoke(c), exp, { exact: c.exact ?? false, tol: c.tol });
      });
    }
  });
});
