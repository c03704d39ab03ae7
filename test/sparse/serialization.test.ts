// torch.save / torch.load of sparse tensors: files Python wrote (test/fixtures/make_sparse.py -> sparse_py.pt)
// load as Python printed them; the bytes torch-node writes (make_sparse_js_saved.ts -> sparse_js.pt) are what
// Python's torch.load read back (check_sparse_js_saved.py -> sparse_js.json); and round trips keep everything.
import { describe, it, expect } from "vitest";
import { readFileSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import torch, { Tensor } from "../../src";
import { saveToBuffer } from "../../src/serialization/save";
import { sparseCheckpoint } from "./sparse_saved_objects";
import { fx, throwsLike } from "./sparse_helpers";

const fixture = (f: string) => join(__dirname, "..", "fixtures", f);

describe("sparse tensors in checkpoints", () => {
  it("torch.load reads Python's sparse COO / CSR / CSC / BSR checkpoints", () => {
    const py = fx<Record<string, { repr: string; layout: string }>>("py_saved");
    const c = torch.load(fixture("sparse_py.pt")) as Record<string, Tensor>;
    expect(Object.keys(c).sort()).toEqual(Object.keys(py).sort());
    for (const [k, e] of Object.entries(py)) {
      expect(String(c[k].layout)).toBe(e.layout);
      expect(String(c[k])).toBe(e.repr);
    }
    expect(c.coalesced.isCoalesced()).toBe(true);
    expect(c.coo.isCoalesced()).toBe(false);
  });

  it("torch.save writes the bytes Python's torch.load read as these sparse tensors", () => {
    const ck = sparseCheckpoint() as Record<string, Tensor>;
    expect(Buffer.compare(saveToBuffer(ck), readFileSync(fixture("sparse_js.pt")))).toBe(0);
    const seen = JSON.parse(readFileSync(fixture("sparse_js.json"), "utf8")) as Record<string, { layout: string; shape: number[]; dense: unknown; repr: string; coalesced: boolean | null }>;
    expect(Object.keys(seen).sort()).toEqual(Object.keys(ck).sort());
    for (const [k, t] of Object.entries(ck)) {
      expect(String(t.layout)).toBe(seen[k].layout);
      expect(t.shape).toEqual(seen[k].shape);
      expect(String(t)).toBe(seen[k].repr);
      expect((t.layout === torch.strided ? t : t.toDense()).tolist()).toEqual(seen[k].dense);
      if (seen[k].coalesced !== null) expect(t.isCoalesced()).toBe(seen[k].coalesced);
    }
  });

  it("round-trips through a file, in the zip and the legacy format", () => {
    const dir = mkdtempSync(join(tmpdir(), "sparse-"));
    const ck = sparseCheckpoint() as Record<string, Tensor>;
    for (const [name, opts] of [["zip.pt", {}], ["legacy.pt", { _useNewZipfileSerialization: false }]] as const) {
      torch.save(ck, join(dir, name), opts);
      const back = torch.load(join(dir, name)) as Record<string, Tensor>;
      for (const [k, t] of Object.entries(ck)) {
        expect(back[k].layout).toBe(t.layout);
        expect(back[k].dtype).toBe(t.dtype);
        expect(String(back[k])).toBe(String(t));
      }
    }
  });

  it("a file with sparse indices out of range throws Python's error, never crashes", () => {
    throwsLike(() => {
      try {
        torch.load(fixture("sparse_bad.pt"));
      } catch (e) {
        // torch.load may wrap it: the cause is Python's message
        const m = (e as Error).message;
        throw new Error(m.slice(m.indexOf(fx<{ message: string }>("py_load_bad").message.slice(0, 10))));
      }
    }, "py_load_bad");
  });
});
