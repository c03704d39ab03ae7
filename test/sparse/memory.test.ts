// Native bytes of sparse tensors reported to V8 (binding/handle.cc heldBytes): a sparse tensor has no
// storage of its own, its index and value tensors do. In a file of its own, as test/external_memory.test.ts.
import { describe, it, expect } from "vitest";
import torch from "../../src";
import { native } from "../../src/native";

const MiB = 2 ** 20;

describe("external memory of sparse tensors", () => {
  it("a new sparse result reports its indices and values, and gives them back on dispose", () => {
    const dense = torch.ones(2048, 1024); // 8 MiB
    const before = native.flushExternalMemory();
    const s = dense.toSparse(); // nnz 2M: int64 indices 32 MiB + float32 values 8 MiB
    expect(native.flushExternalMemory() - before).toBeGreaterThanOrEqual(40 * MiB - MiB);
    const csr = dense.toSparseCsr(); // crow 16 KiB + col 16 MiB + values 8 MiB
    expect(native.flushExternalMemory() - before).toBeGreaterThanOrEqual(64 * MiB - 2 * MiB);
    s.dispose();
    csr.dispose();
    expect(Math.abs(native.flushExternalMemory() - before)).toBeLessThan(MiB);
  });

  it("a sparse tensor built on the caller's tensors does not count them again", () => {
    const i = torch.zeros([2, 1 << 21], { dtype: torch.int64 }); // 32 MiB, reported by i
    const v = torch.ones(1 << 21); // 8 MiB, reported by v
    const mid = native.flushExternalMemory();
    const s = torch.sparseCooTensor(i, v, [1, 1], { checkInvariants: false });
    expect(native.flushExternalMemory() - mid).toBeLessThan(MiB);
    expect(s._nnz()).toBe(1 << 21);
  });
});
