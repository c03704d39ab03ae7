// The opt-in CPU allocator (binding/allocator.cc, TORCH_NODE_CPU_CACHE=1):
// per-thread caches of freed blocks up to 4 KiB in front of LibTorch's default
// allocator. Each case runs in a child process with the variable set.
import { describe, it, expect } from "vitest";
import { spawnSync } from "child_process";
import { join } from "path";
import { native } from "../src/native";

const lib = join(__dirname, "..", "lib");
const prelude = `
  const torch = require(${JSON.stringify(join(lib, "index.js"))}).default;
  const { native } = require(${JSON.stringify(join(lib, "native.js"))});
  const out = {};`;

function run(body: string, env: Record<string, string> = { TORCH_NODE_CPU_CACHE: "1" }) {
  const r = spawnSync(process.execPath, ["-e", `${prelude}${body}\nconsole.log(JSON.stringify(out));`], {
    encoding: "utf8", env: { ...process.env, ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim());
}

describe("CPU allocator (TORCH_NODE_CPU_CACHE=1)", () => {
  it("is off by default", () => {
    expect(native.cpuCacheStats().enabled).toBe(false);
  });

  it("serves small results from freed blocks", () => {
    const o = run(`
      const a = torch.ones(10);
      const before = native.cpuCacheStats();
      for (let i = 0; i < 2000; i++) a.add(1).dispose();   // each result freed before the next
      const after = native.cpuCacheStats();
      out.enabled = after.enabled; out.hits = after.hits - before.hits; out.v = a.add(2).tolist();`);
    expect(o.enabled).toBe(true);
    expect(o.hits).toBeGreaterThanOrEqual(1990);
    expect(o.v).toEqual(Array(10).fill(3));
  });

  it("sizes at the class edges and beyond hold their values", () => {
    const o = run(`
      out.sums = [];
      for (const n of [0, 1, 15, 16, 17, 127, 128, 129, 511, 512, 513, 100000]) {   // float64: n * 8 bytes
        for (let k = 0; k < 3; k++) {                           // later rounds reuse freed blocks
          const x = torch.arange(n, { dtype: torch.float64 });
          out.sums.push([n, x.sum().item(), n ? x.index(-1).item() : -1]);
          x.dispose();
        }
      }
      const y = torch.arange(10, { dtype: torch.float64 });
      y.resize_(5000);                                          // grows across classes
      out.head = y.index("0:10").tolist();`);
    for (const [n, sum, last] of o.sums) {
      expect(sum).toBe(n ? (n * (n - 1)) / 2 : 0);
      expect(last).toBe(n ? n - 1 : -1);
    }
    expect(o.head).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("keeps at most 4 MiB a class per thread, and emptyCpuCache gives it back", () => {
    const o = run(`
      const kept = [];
      for (let i = 0; i < 20000; i++) kept.push(torch.empty(4096, { dtype: torch.uint8 }));  // 80 MB of 4 KiB blocks
      for (const t of kept) t.dispose();
      out.cached = native.cpuCacheStats().cachedBytes;
      native.emptyCpuCache();
      out.after = native.cpuCacheStats().cachedBytes;`);
    expect(o.cached).toBeGreaterThan(1 << 20);
    expect(o.cached).toBeLessThanOrEqual(4 << 20);
    expect(o.after).toBe(0);
  });

  it("without the variable LibTorch's own allocator serves every block", () => {
    const o = run(`
      const a = torch.ones(10);
      for (let i = 0; i < 100; i++) a.add(1).dispose();
      const s = native.cpuCacheStats();
      out.enabled = s.enabled; out.hits = s.hits; out.v = a.add(1).tolist();`, { TORCH_NODE_CPU_CACHE: "" });
    expect(o).toEqual({ enabled: false, hits: 0, v: Array(10).fill(2) });
  });
});
