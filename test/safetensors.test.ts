// torch-node/safetensors against the safetensors Python package's files.
import { describe, it, expect } from "vitest";
import { readFileSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import torch, { Tensor } from "../src";
import { load, loadFile, save, saveFile, metadata } from "../src/safetensors";

const fx = (f: string) => join(__dirname, "fixtures", f);
const py = JSON.parse(readFileSync(fx("safetensors.json"), "utf8"));

describe("safetensors", () => {
  it("reads the Python package's file: every dtype, shape, value and the metadata", () => {
    const t = loadFile(fx("tensors.safetensors"));
    expect(Object.keys(t).sort()).toEqual(Object.keys(py.tensors).sort());
    for (const [k, e] of Object.entries(py.tensors as Record<string, { dtype: string; shape: number[]; values: number[] }>)) {
      expect(t[k].dtype.name).toBe(e.dtype);
      expect(t[k].shape).toEqual(e.shape);
      expect(Array.from(t[k].float().flatten().toTypedArray() as Float32Array)).toEqual(e.values.map(Math.fround));
    }
    expect(metadata(readFileSync(fx("tensors.safetensors")))).toEqual(py.metadata);
  });

  it("writes the same bytes as the Python package", () => {
    const t = loadFile(fx("plain.safetensors"));
    const ours = save({ weight: t.weight, ids: t.ids, half: t.half, mask: t.mask });
    expect(Buffer.compare(ours, readFileSync(fx("plain.safetensors")))).toBe(0);
  });

  it("round-trips through a file with metadata", () => {
    const dir = mkdtempSync(join(tmpdir(), "st-"));
    const x = torch.randn(5, 2);
    saveFile({ x, n: torch.tensor([1, 2, 3]) }, join(dir, "a.safetensors"), { note: "hello" });
    const back = loadFile(join(dir, "a.safetensors"));
    expect((back.x as Tensor).equal(x)).toBe(true);
    expect(back.n.tolist()).toEqual([1, 2, 3]);
    expect(metadata(readFileSync(join(dir, "a.safetensors")))).toEqual({ note: "hello" });
  });

  it("refuses truncated and corrupted files with clear errors", () => {
    const good = readFileSync(fx("plain.safetensors"));
    expect(() => load(good.subarray(0, 4))).toThrow(/too small/);
    expect(() => load(good.subarray(0, 40))).toThrow(/header too large or truncated/);
    const huge = Buffer.from(good);
    huge.writeBigUInt64LE(2n ** 62n, 0);
    expect(() => load(huge)).toThrow(/header too large/);
    const badJson = Buffer.from(good);
    badJson.write("!", 8);
    expect(() => load(badJson)).toThrow(/not valid JSON/);
    const cut = good.subarray(0, good.length - 4);
    expect(() => load(cut)).toThrow(/invalid data_offsets|bytes for shape/);
    expect(() => save({ a: 3 as never })).toThrow(/'a' is not a Tensor/);
  });

  it("refuses a shape whose element count overflows int64, even with a zero dimension", () => {
    // [2**32, 2**32, 0] has no elements, so 0 data bytes match, but the running
    // product passes 2**64 first: the native shape check multiplied unchecked
    // (signed overflow, reported by the sanitizer build) and LibTorch then
    // refused the size anyway; now a RangeError says why.
    const file = (shape: number[]) => {
      const header = Buffer.from(JSON.stringify({ a: { dtype: "F32", shape, data_offsets: [0, 0] } }));
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(header.length), 0);
      return Buffer.concat([len, header]);
    };
    expect(() => load(file([2 ** 32, 2 ** 32, 0]))).toThrow(RangeError);
    expect(() => load(file([2 ** 32, 2 ** 32, 0]))).toThrow(/more elements than int64 can count/);
    // a zero dimension with sizes whose product fits still loads, empty
    const ok = load(file([2 ** 20, 0, 2 ** 20])).a;
    expect(ok.shape).toEqual([2 ** 20, 0, 2 ** 20]);
    expect(ok.numel()).toBe(0);
  });
});
