// The CPU allocator (binding/allocator.cc): LibTorch's default allocator for
// large blocks, per-thread caches of freed blocks up to 64 KiB in front of it.
import { describe, it, expect } from "vitest";
import { spawnSync } from "child_process";
import { join } from "path";
import torch from "../src";
import { native } from "../src/native";

describe("CPU allocator", () => {
  it("is installed and serves small results from freed blocks", () => {
    expect(native.cpuCacheStats().enabled).toBe(true);
    const a = torch.ones(10);
    const before = native.cpuCacheStats();
    for (let i = 0; i < 2000; i++) a.add(1).dispose();  // each result freed before the next
    const after = native.cpuCacheStats();
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(1990);
    expect(a.add(2).tolist()).toEqual(Array(10).fill(3));
  });

  it("sizes at the class edges and beyond hold their values (0 B, 1 KiB, 64 KiB, larger)", () => {
    for (const n of [0, 1, 15, 16, 17, 255, 256, 257, 4095, 4096, 4097, 16383, 16384, 16385, 100000]) {
      for (let k = 0; k < 3; k++) {  // the second and third round reuse freed blocks
        const x = torch.arange(n, { dtype: torch.float64 });  // n * 8 bytes
        expect(x.numel()).toBe(n);
        expect(x.sum().item()).toBe(n ? (n * (n - 1)) / 2 : 0);
        if (n) expect(x.index(-1).item()).toBe(n - 1);
        x.dispose();
      }
    }
    // a storage that grows across classes keeps its first elements
    const y = torch.arange(10, { dtype: torch.float64 });
    y.resize_(5000);
    expect(y.index("0:10").tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(torch.empty(0).numel()).toBe(0);
  });

  it("keeps at most 32 MiB per thread, and emptyCpuCache gives it back", () => {
    const kept: unknown[] = [];
    for (let i = 0; i < 20000; i++) kept.push(torch.empty(4096, { dtype: torch.uint8 }));  // 80 MB of 4 KiB blocks
    for (const t of kept) (t as { dispose(): void }).dispose();
    const s = native.cpuCacheStats();
    expect(s.cachedBytes).toBeGreaterThan(1 << 20);
    expect(s.cachedBytes).toBeLessThanOrEqual(32 << 20);
    native.emptyCpuCache();
    expect(native.cpuCacheStats().cachedBytes).toBe(0);
  });

  it("TORCH_NODE_CPU_CACHE=0 keeps LibTorch's own allocator", () => {
    const lib = join(__dirname, "..", "lib");
    const script = `
      const torch = require(${JSON.stringify(join(lib, "index.js"))}).default;
      const { native } = require(${JSON.stringify(join(lib, "native.js"))});
      const a = torch.ones(10);
      for (let i = 0; i < 100; i++) a.add(1).dispose();
      const s = native.cpuCacheStats();
      console.log(JSON.stringify({ enabled: s.enabled, hits: s.hits, v: a.add(1).tolist() }));`;
    const r = spawnSync(process.execPath, ["-e", script], {
      encoding: "utf8", env: { ...process.env, TORCH_NODE_CPU_CACHE: "0" },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ enabled: false, hits: 0, v: Array(10).fill(2) });
  });
});
