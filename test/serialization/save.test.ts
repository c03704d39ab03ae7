// torch.save: the bytes Python's torch.load was checked to read
// (test/fixtures/check_js_saved.py -> js_saved.json) are what the writer still
// produces; and every value round-trips through torch.load.
import { describe, it, expect } from "vitest";
import { readFileSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";
import { saveToBuffer } from "../../src/serialization/save";
import { checkpoint } from "./js_saved_objects";

const fx = (f: string) => join(__dirname, "..", "fixtures", f);
const py = JSON.parse(readFileSync(fx("js_saved.json"), "utf8"));


describe("torch.save", () => {
  it("writes the bytes that Python's torch.load(weights_only=True) read correctly", () => {
    expect(Buffer.compare(saveToBuffer(checkpoint()), readFileSync(fx("js_saved.pt")))).toBe(0);
    // what Python saw in that file
    expect(py.scalars).toEqual([3, 0.5, "torch-node", [true, false, null], 2 ** 40, -70000]);
    expect(py.view_after_base_write).toEqual([1, 100, 3]);
    expect(py.param).toEqual(["Parameter", true, [1, 2]]);
    expect(py.state_key_type).toBe("int");
  });

  it("round-trips through torch.load: values, dtypes, shared storage, strides, Parameters", () => {
    const dir = mkdtempSync(join(tmpdir(), "save-"));
    torch.save(checkpoint(), join(dir, "c.pt"));
    const c = torch.load(join(dir, "c.pt"));
    expect(c.weights.w.tolist()).toEqual(py.w);
    expect(c.weights.b.tolist()).toEqual(py.b[0]);
    expect([c.epoch, c.loss, c.name, c.flags, c.big, c.neg]).toEqual(py.scalars);
    (c.base as Tensor).indexPut_([2], 100);
    expect(c.view.tolist()).toEqual(py.view_after_base_write);
    expect(c.t.tolist()).toEqual(py.t);
    expect(c.t.isContiguous()).toBe(py.t_contiguous);
    for (const [k, d] of Object.entries(py.dtypes as Record<string, string>)) expect(String(c[k].dtype)).toBe(d);
    expect(c.param).toBeInstanceOf(nn.Parameter);
  });

  it("a model and optimizer checkpoint resumes", () => {
    torch.manualSeed(0);
    const m = new nn.Linear(3, 2);
    const dir = mkdtempSync(join(tmpdir(), "save-"));
    torch.save({ model_state_dict: m.stateDict() }, join(dir, "m.pt"));
    const m2 = new nn.Linear(3, 2);
    m2.loadStateDict(torch.load(join(dir, "m.pt")).model_state_dict);
    expect(m2.weight.equal(m.weight)).toBe(true);
  });

  it("bad input throws", () => {
    expect(() => saveToBuffer({ f: () => 1 })).toThrow(/cannot save a value of type function/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => saveToBuffer(cyc)).toThrow(/cyclic/);
    expect(() => torch.save({}, 3 as never)).toThrow(/argument 'f' must be a path string/);
  });
});
