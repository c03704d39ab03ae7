// int64 tensors made from JS numbers (PORTING.md rule 12) meeting ops that need
// floating point, and float targets where class indices are needed: the error
// puts the cause and the fix first and keeps LibTorch's message (Python's,
// from test/fixtures/make_tensor_attrs.py) after it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import torch, { nn, F, Tensor } from "../src";
import { dtypeHint } from "../src/dtype_hint";

const py = JSON.parse(readFileSync(join(__dirname, "fixtures", "tensor_attrs.json"), "utf8"));
const E = py.dtype_errors;
const FLOAT_HINT = "expected a floating point input but got int64 (Long): torch.tensor([0, 1]) of JS numbers is int64; pass { dtype: torch.float32 }";
const TARGET_HINT = "expected a class-index target of dtype int64 (Long) but got a floating point tensor";
const MIXED_HINT = "an int64 (Long) tensor met a floating point one: torch.tensor([0, 1]) of JS numbers is int64; pass { dtype: torch.float32 }";

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("int64 from JS numbers meeting a floating-point op", () => {
  const xi = torch.tensor([[0, 1], [2, 3]]); // int64 by the rule
  const xf = torch.tensor([[0.0, 1.0], [2.0, 3.0]], { dtype: torch.float32 });

  it("keeps the rule: torch.tensor([0.0, 1.0]) is int64", () => {
    expect(torch.tensor([0.0, 1.0]).dtype).toBe(torch.int64);
    expect(torch.tensor([0.0, 1.0], { dtype: torch.float32 }).dtype).toBe(torch.float32);
  });

  it.each([
    ["nn.Linear", () => new nn.Linear(2, 3)(xi), E.linear_module.message],
    ["F.linear", () => F.linear(xi, torch.ones(3, 2)), E.F_linear.message],
    ["x.matmul", () => xi.matmul(torch.ones(2, 2)), E.matmul.message],
    ["torch.matmul", () => torch.matmul(xi, torch.ones(2, 2)), E.matmul.message],
    ["x.mm", () => xi.mm(torch.ones(2, 2)), E.matmul.message],
    ["nn.CrossEntropyLoss with int64 logits", () => new nn.CrossEntropyLoss()(xi, torch.tensor([0, 1])), E.ce_int_logits.message],
    ["F.mseLoss of two int64", () => F.mseLoss(xi, xi), E.mse_both_int.message],
    ["F.binaryCrossEntropy with int64 input", () => F.binaryCrossEntropy(torch.tensor([0, 1]), torch.tensor([0, 1], { dtype: torch.float32 })), E.bce_int_input.message],
    ["nn.BCELoss with an int64 target", () => new nn.BCELoss()(torch.tensor([0.5, 0.5]), torch.tensor([0, 1])), E.bce_int_target.message],
    ["nn.Conv1d", () => new nn.Conv1d(1, 1, 1)(torch.tensor([[[1, 2]]])), E.conv_int.message],
    ["a Sequential's first Linear", () => new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU())(xi), E.linear_module.message],
  ])("%s says so and shows the fix", (_name, f, libtorch) => {
    const msg = message(f as () => unknown);
    expect(msg.startsWith(FLOAT_HINT)).toBe(true);
    expect(msg).toContain(libtorch);
  });

  it("a float target where class indices are needed says so", () => {
    for (const [f, libtorch] of [
      [() => new nn.CrossEntropyLoss()(xf, torch.tensor([0, 1], { dtype: torch.float32 })), E.ce_float_target.message],
      [() => F.nllLoss(xf, torch.tensor([0, 1], { dtype: torch.float32 })), E.nll_float_target.message],
      [() => F.crossEntropy(xf, torch.tensor([0, 1]).float()), E.ce_float_target.message],
    ] as [() => unknown, string][]) {
      const msg = message(f);
      expect(msg.startsWith(TARGET_HINT)).toBe(true);
      expect(msg).toContain(libtorch);
    }
  });

  it("the fixes work and give Python's values", () => {
    torch.manualSeed(0);
    const lin = new nn.Linear(2, 3);
    const y = lin(torch.tensor([[0.0, 1.0], [2.0, 3.0]], { dtype: torch.float32 })) as Tensor;
    expect(String(y)).toBe(py.dtype_fixed.linear.repr);
    const ce = new nn.CrossEntropyLoss()(xf, torch.tensor([0, 1])) as Tensor;
    expect(Math.abs((ce.item() as number) - py.dtype_fixed.ce.values[0])).toBeLessThan(1e-6);
  });

  it("other errors are left alone, and a message is hinted once", () => {
    const msg = message(() => torch.ones(2).view(3));
    expect(msg).not.toContain("JS numbers");
    const e = new Error("mat1 and mat2 must have the same dtype, but got Long and Float");
    dtypeHint(e);
    dtypeHint(e);
    expect(e.message.split("JS numbers").length).toBe(2);
    expect(e.stack).toContain(FLOAT_HINT);
    // float vs double is not this family
    expect((dtypeHint(new Error("mat1 and mat2 must have the same dtype, but got Float and Double")) as Error).message).not.toContain("JS numbers");
    expect(dtypeHint("not an error")).toBe("not an error");
  });
});

// The hint is applied where the addon turns every LibTorch error into a JS
// error (native.setErrorHint, registered by src/native.ts), not per call site.
describe("the hint covers every op", () => {
  function caught(f: () => unknown): Error {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    throw new Error("expected an error");
  }

  it.each([
    ["x.mean()", () => torch.tensor([1, 2]).mean(), E.mean_int.message],
    ["F.softmax", () => F.softmax(torch.tensor([1, 2]), 0), E.softmax_int.message],
    ["torch.tensor([[1, 2]]).matmul(torch.randn(2, 2))", () => torch.tensor([[1, 2]]).matmul(torch.randn(2, 2)), E.matmul_2d.message],
    ["torch.mean", () => torch.mean(torch.tensor([1, 2])), E.mean_int.message],
  ])("%s says so and keeps LibTorch's message", (_name, f, libtorch) => {
    const e = caught(f as () => unknown);
    expect(e.message.startsWith(FLOAT_HINT)).toBe(true);
    expect(e.message).toContain(libtorch);
    expect(e.stack).toContain(FLOAT_HINT);
  });

  it("F.conv1d with an int64 input (Long met Float: both fixes named)", () => {
    const e = caught(() => F.conv1d(torch.tensor([[[1, 2, 3]]]), torch.ones(1, 1, 2)));
    expect(e.message.startsWith(MIXED_HINT)).toBe(true);
    expect(e.message).toContain(".long()");
    expect(e.message).toContain(E.conv1d_int.message);
    const t = caught(() => F.multiMarginLoss(torch.randn(2, 3), torch.tensor([0, 1], { dtype: torch.float32 })));
    expect(t.message.startsWith(MIXED_HINT)).toBe(true);
    expect(t.message).toContain(E.multi_margin_float_target.message);
  });

  it("the fixed calls give Python's values", () => {
    expect(torch.tensor([1, 2], { dtype: torch.float32 }).mean().item()).toBe(1.5);
    const y = F.conv1d(torch.tensor([[[1, 2, 3]]], { dtype: torch.float32 }), torch.ones(1, 1, 2));
    expect(Array.from(y.flatten().tolist() as number[])).toEqual([3, 5]);
  });

  it("keeps the error class and leaves unrelated errors alone", () => {
    // NotImplementedError (softmax) is a plain Error; a c10 IndexError is a RangeError; TypeErrors stay TypeErrors
    const soft = caught(() => F.softmax(torch.tensor([1, 2]), 0));
    expect(soft.constructor).toBe(Error);
    const idx = caught(() => torch.ones(2).sum(5));
    expect(idx).toBeInstanceOf(RangeError);
    expect(idx.message).not.toContain("JS numbers");
    const view = caught(() => torch.ones(2).view(3));
    expect(view.message).toBe("shape '[3]' is invalid for input of size 2");
    // a message of the family made in JS is not touched unless dtypeHint is applied
    expect(new Error("expected scalar type Float but found Long").message).toBe("expected scalar type Float but found Long");
  });

  it("a hinted error thrown through a module is hinted once", () => {
    const e = caught(() => new nn.Sequential(new nn.Linear(2, 2))(torch.tensor([[0, 1]])));
    expect(e.message.split("JS numbers").length).toBe(2);
  });

  it("works in a worker thread (each thread registers its own hint)", async () => {
    const { Worker } = await import("node:worker_threads");
    const src = `
      const { parentPort } = require("node:worker_threads");
      const torch = require(${JSON.stringify(join(__dirname, "..", "lib", "index.js"))}).default;
      let msg = "";
      try { torch.tensor([1, 2]).mean(); } catch (e) { msg = e.message; }
      parentPort.postMessage(msg);`;
    const w = new Worker(src, { eval: true });
    const msg = await new Promise<string>((res, rej) => {
      w.once("message", res);
      w.once("error", rej);
    });
    await w.terminate();
    expect(msg.startsWith(FLOAT_HINT)).toBe(true);
    expect(msg).toContain(E.mean_int.message);
  });
});
