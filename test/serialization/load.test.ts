// torch.load of files written by Python's torch.save: state dicts, a full
// checkpoint (optimizer state included) that resumes in torch-node, every dtype,
// shared storages, non-contiguous tensors; malicious, truncated and mutated files
// are refused without running code or crashing.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { zipSync } from "fflate";
import torch, { Tensor, nn, optim } from "../../src";

type Enc = { dtype: string; shape: number[]; values: number[] };
const fx = (f: string) => join(__dirname, "..", "fixtures", f);
const py = JSON.parse(readFileSync(fx("load.json"), "utf8"));
const same = (t: Tensor, e: Enc) => {
  expect(t.dtype.name).toBe(e.dtype);
  expect(t.shape).toEqual(e.shape);
  expect(Array.from(t.float().flatten().toTypedArray() as Float32Array)).toEqual(e.values.map(Math.fround));
};
const makeModel = () => new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));

describe("torch.load (Python's files)", () => {
  it("a module state_dict loads into the same architecture", () => {
    const sd = torch.load(fx("load_state_dict.pt"));
    expect(Object.keys(sd)).toEqual(Object.keys(py.state_dict));
    for (const [k, e] of Object.entries(py.state_dict as Record<string, Enc>)) same(sd[k], e);
    const m = makeModel();
    m.loadStateDict(sd);
    same(m.stateDict()["2.weight"], py.state_dict["2.weight"]);
  });

  it("a checkpoint: numbers, strings, lists, null, dtypes, views that share storage, strided tensors, parameters", () => {
    const c = torch.load(readFileSync(fx("load_checkpoint.pt")));
    expect([c.epoch, c.loss, c.name, c.flags, c.big, c.neg]).toEqual([7, 0.125, "run-1", [true, false, null], 2 ** 40, -5]);
    for (const [k, e] of Object.entries(py.dtypes as Record<string, Enc>)) same(c.dtypes[k], e);
    expect(c.view.tolist()).toEqual([2, 3, 4]);
    c.base.indexPut_([3], 100); // the view shares the base's storage, as in Python
    expect(c.view.tolist()).toEqual([2, 100, 4]);
    same(c.strided.contiguous(), py.strided);
    expect(c.strided.isContiguous()).toBe(false);
    expect(c.param).toBeInstanceOf(nn.Parameter);
    expect(c.param.requiresGrad).toBe(true);
  });

  it("an optimizer state_dict from Python resumes in torch-node", () => {
    const c = torch.load(fx("load_checkpoint.pt"));
    const m = makeModel();
    m.loadStateDict(c.model_state_dict);
    const opt = new optim.SGD(m.parameters(), { lr: 0.5 });
    opt.loadStateDict(c.optimizer_state_dict);
    expect(opt.stateDict().param_groups).toEqual(py.opt_groups);
    const st = opt.stateDict().state;
    for (const [k, v] of Object.entries(py.opt_state as Record<string, Record<string, Enc>>))
      same(st[Number(k)].momentum_buffer as Tensor, v.momentum_buffer);
  });

  it("refuses a pickle that would run code (os.system)", () => {
    expect(() => torch.load(fx("load_evil.pt"))).toThrow(/Weights only load failed. Unsupported global: GLOBAL posix.system|Weights only load failed. Unsupported global: GLOBAL os.system/);
  });

  it("truncated, wrong-magic and 1,000 randomly mutated files throw, never crash or hang", () => {
    const good = readFileSync(fx("load_checkpoint.pt"));
    expect(() => torch.load(good.subarray(0, good.length - 30))).toThrow();
    expect(() => torch.load(Buffer.from("not a zip at all, not a zip at all"))).toThrow(/not a valid torch.save file/);
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let threw = 0, loaded = 0;
    for (let i = 0; i < 1000; i++) {
      const b = Buffer.from(good);
      const flips = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < flips; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      try {
        torch.load(b);
        loaded++;
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        threw++;
      }
    }
    expect(threw + loaded).toBe(1000);
  });

  it("refuses a zip bomb (a deflated entry declaring a huge size) before allocating", () => {
    const z = Buffer.from(zipSync({ "archive/data.pkl": [new Uint8Array(1000), { level: 9 }], "archive/byteorder": new TextEncoder().encode("little") }));
    // patch the central directory's uncompressed size of data.pkl to 3 GiB
    const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z.writeUInt32LE(3 * 2 ** 30, cd + 24);
    expect(() => torch.load(z)).toThrow(/declares .* bytes from .* compressed \(refused\)/);
  });
});
