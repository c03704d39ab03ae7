// Calling a module: a built-in module given more positional arguments than its
// forward takes throws Python's TypeError (the count includes self); a user's
// forward is never checked; a trailing options object (Python's kwargs) is not
// counted. Messages: test/fixtures/make_tensor_attrs.py ("arity").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import torch, { nn, Tensor } from "../../src";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "tensor_attrs.json"), "utf8"));

describe("module call arity", () => {
  it("too many positional arguments throw Python's TypeError", () => {
    const x = torch.ones(2);
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.Linear(2, 2)(x, x)).toThrow(TypeError);
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.Linear(2, 2)(x, x)).toThrow(py.arity.linear.message);
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.ReLU()(x, 1)).toThrow(py.arity.relu.message);
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.MSELoss()(x, x, x)).toThrow(py.arity.mse.message);
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.Sequential(new nn.ReLU())(x, x)).toThrow(py.arity.sequential.message);
    // optional parameters: Python's "from A to B"
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.LSTM(2, 2)(torch.ones(1, 1, 2), null, 3)).toThrow("LSTM.forward() takes from 2 to 3 positional arguments but 4 were given");
    // @ts-expect-error too many arguments for forward: a type error as well as Python's TypeError at run time
    expect(() => new nn.GRUCell(2, 2)(torch.ones(1, 2), null, 3)).toThrow("GRUCell.forward() takes from 2 to 3 positional arguments but 4 were given");
  });

  it("the right number, optional arguments and a trailing options object still work", () => {
    torch.manualSeed(0);
    const lin = new nn.Linear(2, 3);
    expect((lin(torch.ones(4, 2)) as Tensor).shape).toEqual([4, 3]);
    const lstm = new nn.LSTM(2, 2);
    const [out] = lstm(torch.ones(1, 1, 2)) as [Tensor, unknown];
    expect(out.shape).toEqual([1, 1, 2]);
    const [o2] = lstm(torch.ones(1, 1, 2), null) as [Tensor, unknown];
    expect(o2.equal(out)).toBe(true);
    const mha = new nn.MultiheadAttention(4, 2);
    const q = torch.ones(1, 1, 4);
    const [a, w] = mha(q, q, q, { needWeights: false }) as [Tensor, Tensor | null];
    expect(a.shape).toEqual([1, 1, 4]);
    expect(w).toBe(null);
  });

  it("a subclass that does not override forward is checked as its base; a user's forward never is", () => {
    class MyLinear extends nn.Linear {}
    // @ts-expect-error more arguments than forward takes (the run-time behaviour is what is tested)
    expect(() => new MyLinear(2, 2)(torch.ones(2), 1)).toThrow(py.arity.linear.message);
    class Rest extends nn.Module {
      forward(...xs: unknown[]): number { return xs.length; }
    }
    expect(new Rest()(1, 2, 3, 4)).toBe(4);
    class Two extends nn.Module {
      forward(x: Tensor): Tensor { return x; }
    }
    // JS lets a function ignore extra arguments; only built-in forwards are checked
    // @ts-expect-error more arguments than forward takes (the run-time behaviour is what is tested)
    expect(() => new Two()(torch.ones(1), 2)).not.toThrow();
    class Over extends nn.Linear {
      forward(x: Tensor, scale = 1): Tensor { return super.forward(x).mul(scale); }
    }
    torch.manualSeed(0);
    const o = new Over(2, 2);
    expect(((o(torch.ones(2), 2) as Tensor).sub((o(torch.ones(2)) as Tensor).mul(2))).abs().sum().item()).toBe(0);
  });

  it("forward pre-hooks that change the inputs are checked after they run, as Python's forward call", () => {
    const lin = new nn.Linear(2, 2);
    lin.registerForwardPreHook((_m: unknown, inp: unknown[]) => [inp[0]]);
    // @ts-expect-error more arguments than forward takes (the run-time behaviour is what is tested)
    expect((lin(torch.ones(2), "extra") as Tensor).shape).toEqual([2]);
  });
});

describe("torch.save(module)", () => {
  it("throws a clear TypeError pointing to stateDict(), wherever the module is in the object", () => {
    const m = new nn.Sequential(new nn.Linear(2, 2));
    const path = join(tmpdir(), "torch-node-save-module.pt");
    for (const obj of [m, { model: m, epoch: 3 }, [1, m]]) {
      expect(() => torch.save(obj, path)).toThrow(TypeError);
      expect(() => torch.save(obj, path)).toThrow(/cannot save a whole nn\.Module \(Sequential\).*torch\.save\(model\.stateDict\(\), path\)/);
    }
  });
});
