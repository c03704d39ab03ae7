// The path CUDA graphs take: backward / autograd.grad run on a native thread
// (as LibTorch's device threads run CUDA nodes) while the JS thread serves the
// JS callbacks (custom Functions, tensor hooks, module backward hooks). Forced
// on here, the custom-Function, autograd and backward-hook suites must pass
// unchanged on CPU.
import { beforeAll, afterAll, describe, it, expect } from "vitest";
import { native } from "../src/native";
import torch, { Tensor } from "../src";
import "./function.test";
import "./autograd.test";
import "./nn/backward_hooks.test";

beforeAll(() => native.setAutogradOffThread(true));
afterAll(() => native.setAutogradOffThread(false));

describe("autograd off the JS thread", () => {
  it("a hook sees the engine's grad mode, and its error reaches the caller", () => {
    const x = torch.ones(3, { requiresGrad: true });
    let gradEnabled: boolean | undefined;
    x.registerHook((g: Tensor) => {
      gradEnabled = torch.isGradEnabled();
      return g.mul(2);
    });
    x.mul(3).sum().backward();
    expect(gradEnabled).toBe(false);  // backward without createGraph runs with grad mode off
    expect(x.grad!.tolist()).toEqual([6, 6, 6]);
    const y = torch.ones(2, { requiresGrad: true });
    y.registerHook(() => { throw new Error("hook failed"); });
    expect(() => y.sum().backward()).toThrow("hook failed");
  });

  it("a hook may run autograd.grad itself (nested)", () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32, requiresGrad: true });
    const w = torch.tensor([3, 4], { dtype: torch.float32, requiresGrad: true });
    let inner: number[] = [];
    x.registerHook((g: Tensor) => {
      inner = torch.enableGrad(() => (torch.autograd.grad([w.pow(2).sum()], [w])[0] as Tensor).tolist() as number[]);
      return g;
    });
    x.mul(2).sum().backward();
    expect(inner).toEqual([6, 8]);
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });
});
