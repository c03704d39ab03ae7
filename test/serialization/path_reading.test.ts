// torch.load of a path reads a zip archive entry by entry from the open file
// (each storage straight into its tensor) instead of holding the whole file:
// the same objects as loading the bytes, the same refusals of damaged files,
// and one copy of the data in memory.
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync, mkdtempSync, rmSync, readdirSync } from "fs";
import { join } from "path";
import { tmpdir } from "os";
import { spawnSync } from "child_process";
import torch, { Tensor } from "../../src";

const FIX = join(__dirname, "..", "fixtures");

function plain(v: unknown): unknown {
  if (v instanceof Tensor) return { shape: v.shape, dtype: v.dtype.toString(), values: v.tolist() };
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [k, plain(x)]);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

describe("torch.load(path)", () => {
  const files = readdirSync(FIX).filter((f) => f.endsWith(".pt"));

  const outcome = (f: () => unknown): unknown => {
    try {
      return { ok: plain(f()) };
    } catch (e) {
      return { error: (e as Error).message.split("\n")[0] };
    }
  };

  it("gives what loading the same bytes gives, for every fixture archive", () => {
    let loaded = 0;
    for (const f of files) {
      const p = join(FIX, f);
      const fromBytes = outcome(() => torch.load(readFileSync(p)));
      expect(outcome(() => torch.load(p)), f).toEqual(fromBytes);
      if ("ok" in (fromBytes as object)) loaded++;
    }
    expect(loaded).toBeGreaterThan(5);
  });

  it("refuses damaged files read from disk as it refuses their bytes (300 mutations)", () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-path-"));
    try {
      const src = new Uint8Array(readFileSync(join(FIX, "load_checkpoint.pt")));
      let seed = 12345;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
      for (let i = 0; i < 300; i++) {
        const b = src.slice(0, i % 7 === 0 ? rnd(src.length) : src.length);
        // damage mostly the end: the central directory and end records are read from there
        for (let k = 0; k < 1 + rnd(4); k++) {
          const at = rnd(3) === 0 ? rnd(b.length) : Math.max(0, b.length - 1 - rnd(Math.min(b.length, 600)));
          b[at] = rnd(256);
        }
        const p = join(dir, `m${i}.pt`);
        writeFileSync(p, b);
        let a: string, c: string;
        try { plain(torch.load(b)); a = "ok"; } catch (e) { expect(e).toBeInstanceOf(Error); a = "error"; }
        try { plain(torch.load(p)); c = "ok"; } catch (e) { expect(e).toBeInstanceOf(Error); c = "error"; }
        expect(c, `mutation ${i}`).toBe(a);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("holds one copy of a large storage, not two", () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-big-"));
    try {
      const file = join(dir, "big.pt");
      torch.save({ w: torch.ones(64 * 2 ** 20 / 4) }, file);  // 64 MiB of float32
      const lib = join(__dirname, "..", "..", "lib", "index.js");
      const script = `
        const torch = require(${JSON.stringify(lib)}).default;
        global.gc();
        const before = process.memoryUsage().rss;
        const sd = torch.load(${JSON.stringify(file)});
        const grown = (process.memoryUsage().rss - before) / 2 ** 20;
        console.log(JSON.stringify({ grown, sum: sd.w.sum().item() }));`;
      const r = spawnSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const { grown, sum } = JSON.parse(r.stdout.trim());
      expect(sum).toBe(16 * 2 ** 20);
      expect(grown).toBeGreaterThan(50);   // the tensor itself
      expect(grown).toBeLessThan(100);     // but not a second 64 MiB copy of the file
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
