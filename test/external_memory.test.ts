// Native bytes reported to V8. In a file of its own: no earlier garbage
// tensors whose finalizers could lower V8's counter while these tests look.
import { describe, it, expect } from "vitest";
import torch from "../src";
import { native } from "../src/native";

describe("external memory", () => {
  // flushExternalMemory() returns V8's running total of external bytes
  // (what napi_adjust_external_memory reports; process.memoryUsage() omits it).
  it("native bytes are reported to V8", () => {
    const before = native.flushExternalMemory();
    const big = torch.zeros(64, 1024, 1024, { dtype: torch.uint8 }); // 64 MiB
    // (other tensors finalized meanwhile may lower the total by a few KiB)
    expect(native.flushExternalMemory() - before).toBeGreaterThanOrEqual(64 * 2 ** 20 - 2 ** 16);
    big.dispose();
    expect(Math.abs(native.flushExternalMemory() - before)).toBeLessThan(2 ** 20);
  });

  it("views share storage and are not counted twice", () => {
    const base = torch.zeros(16, 1024, 1024, { dtype: torch.uint8 }); // 16 MiB
    const mid = native.flushExternalMemory();
    const views = [base.view(-1), base.index(0), base.transpose(0, 1), base.index(":", "1:5")];
    expect(native.flushExternalMemory() - mid).toBeLessThan(2 ** 20);
    expect(views.length).toBe(4);
  });
});
