// Tensors over JS memory, no copy: torch.from(typedArray), torch.fromBuffer(buffer, {...})
// and Python's torch.frombuffer. Values are compared with Python's torch.frombuffer over
// the same bytes (test/fixtures/make_from_buffer.py); sharing, lifetime (the tensor keeps
// the buffer alive, dropped buffers are freed), other threads and bad input are tested here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import torch, { Tensor, dtype } from "../src";
import { native } from "../src/native";

interface Case {
  id: string;
  source: string;
  dtype: string;
  count: number;
  offset: number;
  shape: number[];
  values: (number | boolean | string)[];
}
const py = JSON.parse(readFileSync(join(__dirname, "fixtures", "from_buffer.json"), "utf8")) as {
  sources: Record<string, number[]>;
  cases: Case[];
  shared_after_add: number[];
};
const lib = join(__dirname, "..", "lib", "index.js");

function expected(c: Case): (number | boolean | bigint)[] {
  return c.values.map((v) => {
    if (c.dtype === "int64") return BigInt(v as string);
    if (v === "nan") return NaN;
    if (v === "inf") return Infinity;
    if (v === "-inf") return -Infinity;
    return v as number | boolean;
  });
}
function values(t: Tensor): (number | boolean | bigint)[] {
  if (t.dtype === torch.int64) return Array.from(t.toTypedArray() as BigInt64Array);
  return t.tolist() as (number | boolean)[];
}
/** A fresh ArrayBuffer holding the fixture's bytes. */
function bytesOf(name: string): Uint8Array {
  return new Uint8Array(py.sources[name]);
}
function caught(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("torch.from(typedArray)", () => {
  it("shares the array's memory both ways", () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const x = torch.from(a);
    expect(x.dtype).toBe(torch.float32);
    expect(x.shape).toEqual([4]);
    x.add_(1);
    expect(Array.from(a)).toEqual(py.shared_after_add); // Python: frombuffer(...).add_(1) writes the buffer
    a[0] = 10;
    expect(x.tolist()).toEqual([10, 3, 4, 5]);
    // a view and an in-place op on it write the same memory
    x.narrow(0, 1, 2).mul_(2);
    expect(Array.from(a)).toEqual([10, 6, 8, 5]);
    // an out-of-place result is new memory
    const y = x.add(1);
    y.zero_();
    expect(Array.from(a)).toEqual([10, 6, 8, 5]);
  });

  it.each([
    ["Float32Array", () => new Float32Array([1.5, -2]), "float32"],
    ["Float64Array", () => new Float64Array([Math.PI, -1e300]), "float64"],
    ["Int8Array", () => new Int8Array([-128, 127]), "int8"],
    ["Int16Array", () => new Int16Array([-32768, 12345]), "int16"],
    ["Int32Array", () => new Int32Array([-(2 ** 31), 2 ** 31 - 1]), "int32"],
    ["Uint8Array", () => new Uint8Array([0, 255]), "uint8"],
    ["Uint8ClampedArray", () => new Uint8ClampedArray([3, 200]), "uint8"],
    ["Buffer", () => Buffer.from([9, 8, 7]), "uint8"],
  ])("%s -> %s with its values", (_n, make, d) => {
    const a = make() as unknown as ArrayLike<number>;
    const x = torch.from(a as unknown as Float32Array);
    expect(String(x.dtype)).toBe(`torch.${d}`);
    expect(x.tolist()).toEqual(Array.from(a));
  });

  it("BigInt64Array -> int64, exact beyond 2^53, shared", () => {
    const a = new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n]);
    const x = torch.from(a);
    expect(x.dtype).toBe(torch.int64);
    expect(Array.from(x.toTypedArray() as BigInt64Array)).toEqual(Array.from(a));
    x.narrow(0, 2, 1).add_(1);
    expect(a[2]).toBe(2n ** 53n + 2n);
  });

  it("a Uint8Array as bool with { dtype: torch.bool }", () => {
    const c = py.cases.find((k) => k.id === "bool_all")!;
    const a = bytesOf("bools");
    const x = torch.from(a, { dtype: torch.bool });
    expect(x.dtype).toBe(torch.bool);
    expect(values(x)).toEqual(expected(c));
    x.logicalNot_();
    expect(Array.from(a)).toEqual([1, 0, 0, 1, 0]);
    // positional dtype, as Python's order
    expect(torch.from(a, torch.uint8).dtype).toBe(torch.uint8);
  });

  it("a view at an offset of a larger buffer shares just its elements", () => {
    const whole = new Float64Array([0, 1, 2, 3, 4, 5]);
    const part = whole.subarray(2, 5);
    const x = torch.from(part);
    expect(x.tolist()).toEqual([2, 3, 4]);
    x.fill_(-1);
    expect(Array.from(whole)).toEqual([0, 1, -1, -1, -1, 5]);
  });

  it("requiresGrad makes a leaf that trains in place", () => {
    const a = new Float32Array([1, 2, 3]);
    const w = torch.from(a, { requiresGrad: true });
    expect(w.requiresGrad).toBe(true);
    w.mul(w).sum().backward();
    expect(w.grad!.tolist()).toEqual([2, 4, 6]);
    torch.noGrad(() => w.sub_(w.grad!.mul(0.5)));
    expect(Array.from(a)).toEqual([0, 0, 0]);
  });

  it("empty arrays give empty tensors", () => {
    const x = torch.from(new Float32Array(0));
    expect(x.shape).toEqual([0]);
    expect(x.tolist()).toEqual([]);
    expect(torch.from(new BigInt64Array(0)).shape).toEqual([0]);
    expect(torch.from(new Float32Array(new ArrayBuffer(16), 16)).shape).toEqual([0]);
  });

  it("rejects what it cannot share, naming the argument", () => {
    for (const bad of [[1, 2], 3, "ab", null, new ArrayBuffer(4), new DataView(new ArrayBuffer(4))]) {
      const e = caught(() => torch.from(bad as never));
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toContain("argument 'array'");
    }
    expect(caught(() => torch.from(new ArrayBuffer(4) as never)).message).toContain("torch.fromBuffer");
    const u16 = caught(() => torch.from(new Uint16Array(2) as never));
    expect(u16).toBeInstanceOf(TypeError);
    expect(u16.message).toContain("Uint16Array");
    const conv = caught(() => torch.from(new Float32Array(2), { dtype: torch.float64 }));
    expect(conv).toBeInstanceOf(TypeError);
    expect(conv.message).toContain("torch.tensor(array, { dtype })");
    expect(caught(() => torch.from(new Int8Array(2), { dtype: torch.bool }))).toBeInstanceOf(TypeError);
    expect(caught(() => torch.from(new Float32Array(2), { dtype: "float32" as never })).message).toContain("argument 'dtype'");
    expect(caught(() => torch.from(new Float32Array(2), { requiresGrad: 1 as never })).message).toContain("requires_grad");
    expect(caught(() => torch.from(new Float32Array(2), { device: "cpu" } as never)).message).toContain("unexpected keyword argument 'device'");
    // a resizable ArrayBuffer could shrink under the tensor
    const rs = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(8, { maxByteLength: 16 });
    for (const f of [() => torch.from(new Float32Array(rs)), () => torch.fromBuffer(rs, { dtype: torch.float32 })]) {
      const r = caught(f);
      expect(r).toBeInstanceOf(TypeError);
      expect(r.message).toContain("resizable");
    }
  });
});

describe("torch.asarray(typedArray) shares, as Python's asarray of a NumPy array", () => {
  it("shares unless a copy or a conversion is asked for", () => {
    const a = new Float32Array([1, 2]);
    torch.asarray(a).add_(1); // Python: torch.asarray(np.array([1, 2], dtype=np.float32)).add_(1) writes the array
    expect(Array.from(a)).toEqual([2, 3]);
    torch.asarray(a, { dtype: torch.float32 }).add_(1);
    expect(Array.from(a)).toEqual([3, 4]);
    const c = torch.asarray(a, { copy: true });
    c.add_(1);
    expect(Array.from(a)).toEqual([3, 4]);
    const d = torch.asarray(a, { dtype: torch.float64 });
    expect(d.dtype).toBe(torch.float64);
    d.add_(1);
    expect(Array.from(a)).toEqual([3, 4]);
    const e = caught(() => torch.asarray(a, { dtype: torch.float64, copy: false }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("can't alias tensor with dtype 'Float' into dtype 'Double'.");
    const g = torch.asarray(new Float32Array([1, 2]), { requiresGrad: true });
    expect(g.requiresGrad).toBe(true);
    expect(g.isLeaf).toBe(true);
  });
});

describe("torch.fromBuffer / torch.frombuffer read Python's values from the same bytes", () => {
  for (const c of py.cases) {
    const d = (torch as unknown as Record<string, dtype>)[c.dtype];
    const misaligned = c.id.endsWith("misaligned");
    it(`frombuffer ${c.id}`, () => {
      const x = torch.frombuffer(bytesOf(c.source), { dtype: d, count: c.count, offset: c.offset });
      expect(x.shape).toEqual(c.shape);
      expect(values(x)).toEqual(expected(c));
    });
    it(`fromBuffer ${c.id}${misaligned ? " throws: the offset is not aligned" : ""}`, () => {
      const bytes = bytesOf(c.source);
      // an ArrayBuffer, a TypedArray and a DataView over the same bytes read alike
      for (const src of [bytes.buffer, bytes, new DataView(bytes.buffer)]) {
        if (misaligned) {
          const e = caught(() => torch.fromBuffer(src, { dtype: d, count: c.count, offset: c.offset }));
          expect(e).toBeInstanceOf(RangeError);
          expect(e.message).toContain("not aligned");
          continue;
        }
        const x = torch.fromBuffer(src, { dtype: d, count: c.count, offset: c.offset });
        expect(x.shape).toEqual(c.shape);
        expect(values(x)).toEqual(expected(c));
      }
    });
  }

  it("frombuffer shares the memory (Python's semantics); a misaligned offset reads a copy", () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const x = torch.frombuffer(a, { dtype: torch.float32 });
    x.add_(1);
    expect(Array.from(a)).toEqual(py.shared_after_add);
    // positional, as Python's frombuffer(buffer, dtype, count, offset) would bind them
    const y = torch.frombuffer(a.buffer, torch.int32, 1, 4);
    expect(y.tolist()).toEqual([new Int32Array(a.buffer)[1]]);
    y.fill_(0);
    expect(a[1]).toBe(0);
    const u8 = new Uint8Array(12);
    const m = torch.frombuffer(u8, { dtype: torch.float32, offset: 2, count: 2 });
    m.fill_(1);
    expect(Array.from(u8)).toEqual(new Array(12).fill(0)); // documented: not shared
  });

  it("fromBuffer defaults the dtype to a TypedArray's, takes a size, and shares", () => {
    const a = new Int32Array([1, 2, 3, 4, 5, 6, 7]);
    const x = torch.fromBuffer(a, { size: [2, 3], offset: 4 });
    expect(x.dtype).toBe(torch.int32);
    expect(x.tolist()).toEqual([[2, 3, 4], [5, 6, 7]]);
    x.select(0, 1).zero_();
    expect(Array.from(a)).toEqual([1, 2, 3, 4, 0, 0, 0]);
    expect(torch.fromBuffer(a, { shape: [3, 2] }).shape).toEqual([3, 2]);
    expect(torch.fromBuffer(a, { count: 2, offset: 8 }).tolist()).toEqual([3, 4]);
    // reinterpreting bytes: a Node Buffer read as float32
    const b = Buffer.alloc(8);
    b.writeFloatLE(1.5, 0);
    b.writeFloatLE(-3, 4);
    expect(torch.fromBuffer(b, { dtype: torch.float32 }).tolist()).toEqual([1.5, -3]);
  });

  it("empty results are allowed by fromBuffer, Python's errors from frombuffer", () => {
    expect(torch.fromBuffer(new ArrayBuffer(0), { dtype: torch.float32 }).shape).toEqual([0]);
    expect(torch.fromBuffer(new Float32Array(4), { count: 0 }).shape).toEqual([0]);
    expect(torch.fromBuffer(new Float32Array(4), { offset: 16 }).shape).toEqual([0]);
    expect(torch.fromBuffer(new Float32Array(4), { size: [0, 3] }).shape).toEqual([0, 3]);
    const e = caught(() => torch.frombuffer(new ArrayBuffer(0), { dtype: torch.float32 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("both buffer length (0) and count (-1) must not be 0");
  });

  it("bad arguments throw clear errors naming the argument", () => {
    const f = new Float32Array(4);
    const cases: [() => unknown, typeof TypeError | typeof RangeError, string][] = [
      [() => torch.fromBuffer("abc" as never), TypeError, "argument 'buffer'"],
      [() => torch.fromBuffer([1, 2] as never), TypeError, "argument 'buffer'"],
      [() => torch.fromBuffer(new ArrayBuffer(8)), TypeError, "argument 'dtype' is required"],
      [() => torch.fromBuffer(new DataView(new ArrayBuffer(8))), TypeError, "argument 'dtype' is required"],
      [() => torch.fromBuffer(f, { dtype: "float32" as never }), TypeError, "argument 'dtype'"],
      [() => torch.fromBuffer(f, { count: "2" as never }), TypeError, "argument 'count'"],
      [() => torch.fromBuffer(f, { offset: 1.5 }), TypeError, "argument 'offset'"],
      [() => torch.fromBuffer(f, { size: [2, -1] }), TypeError, "argument 'size'"],
      [() => torch.fromBuffer(f, { size: 4 as never }), TypeError, "argument 'size'"],
      [() => torch.fromBuffer(f, { size: [2], shape: [2] }), TypeError, "'size' or 'shape'"],
      [() => torch.fromBuffer(f, { bogus: 1 } as never), TypeError, "unexpected keyword argument 'bogus'"],
      [() => torch.fromBuffer(f, { offset: -4 }), RangeError, "offset"],
      [() => torch.fromBuffer(f, { offset: 20 }), RangeError, "offset"],
      [() => torch.fromBuffer(f, { count: 5 }), RangeError, "must not be greater than actual buffer length"],
      [() => torch.fromBuffer(f, { count: -2 }), RangeError, "count"],
      [() => torch.fromBuffer(f, { size: [2, 3] }), RangeError, "must not be greater than actual buffer length"],
      [() => torch.fromBuffer(f, { size: [2, 2], count: 3 }), RangeError, "invalid for count 3"],
      [() => torch.fromBuffer(new Uint8Array(6), { dtype: torch.float32 }), RangeError, "multiple of element size (4)"],
      [() => torch.fromBuffer(new Uint8Array(12), { dtype: torch.float64, offset: 4 }), RangeError, "not aligned for Double"],
      [() => torch.frombuffer("abc" as never, { dtype: torch.float32 }), TypeError, "argument 'buffer'"],
      [() => torch.frombuffer(f), TypeError, 'missing 1 required positional arguments: "dtype"'],
    ];
    for (const [fn, cls, text] of cases) {
      const e = caught(fn);
      expect(e, text).toBeInstanceOf(cls);
      expect(e.message).toContain(text);
    }
  });
});

describe("detached buffers", () => {
  function detach(buf: ArrayBuffer): ArrayBuffer {
    return structuredClone(buf, { transfer: [buf] });
  }

  it("a detached buffer cannot be shared", () => {
    const a = new Float32Array(4);
    const moved = detach(a.buffer as ArrayBuffer);
    expect(moved.byteLength).toBe(16);
    for (const f of [() => torch.from(a), () => torch.fromBuffer(a), () => torch.fromBuffer(a.buffer, { dtype: torch.float32 }),
      () => torch.frombuffer(a.buffer, { dtype: torch.float32 })]) {
      const e = caught(f);
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toContain("detached");
    }
  });

  it("reading a tensor whose buffer was transferred away throws instead of reading freed memory", () => {
    const a = new Float32Array([1, 2, 3]);
    const x = torch.from(a);
    const v = x.narrow(0, 1, 2);
    detach(a.buffer as ArrayBuffer);
    for (const f of [() => x.tolist(), () => x.toTypedArray(), () => v.tolist(), () => x.select(0, 0).item()]) {
      const e = caught(f);
      expect(e.message).toContain("detached");
    }
  });
});

describe("memory and lifetime", () => {
  it("is not counted again as external memory (V8 counts the ArrayBuffer)", () => {
    const n = 8 << 20;
    const big = new Float32Array(n / 4);
    const before = native.flushExternalMemory();
    const x = torch.from(big);
    const shared = native.flushExternalMemory() - before;
    const z = torch.zeros(n / 4);
    const owned = native.flushExternalMemory() - before - shared;
    expect(shared).toBeLessThan(64 << 10);
    expect(owned).toBeGreaterThanOrEqual(n);
    x.dispose();
    z.dispose();
  });

  it("keeps the buffer alive for the tensor; frees dropped buffers; RSS stays flat (child process, --expose-gc)", () => {
    const script = `
      const torch = require(${JSON.stringify(lib)}).default;
      function make() {
        const a = new Float32Array(1000);
        for (let i = 0; i < a.length; i++) a[i] = i * 0.5;
        return torch.from(a);
      }
      const kept = make();              // its array is referenced only by the tensor
      for (let i = 0; i < 5; i++) global.gc();
      const garbage = [];
      for (let i = 0; i < 200; i++) garbage.push(new Float32Array(1000).fill(-7));
      const okKept = kept.sum().item() === 0.5 * 999 * 1000 / 2 && kept.tolist()[999] === 499.5;
      const step = () => {
        const a = new Float32Array(1 << 18);            // 1 MiB, dropped each iteration
        const x = torch.from(a);
        x.add_(1);
        const v = torch.fromBuffer(a.buffer, { dtype: torch.uint8, size: [1024, 1024] });
        return x.sum().item() + v.narrow(1, 0, 4).sum().item();
      };
      for (let i = 0; i < 100; i++) step();
      global.gc();
      const rss0 = process.memoryUsage().rss;
      let total = 0;
      for (let i = 0; i < 1000; i++) { total += step(); if (i % 100 === 0) global.gc(); }
      for (let i = 0; i < 3; i++) global.gc();
      torch.zeros(1);                    // releases references queued by other threads, if any
      const rss1 = process.memoryUsage().rss;
      console.log(JSON.stringify({ okKept, grew: rss1 - rss0, total, stillKept: kept.tolist()[1] }));`;
    const r = spawnSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8", timeout: 120000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(out.okKept).toBe(true);
    expect(out.stillKept).toBe(0.5);
    // each step: 2^18 ones summed, plus the bytes of float 1.0 (0, 0, 0x80, 0x3f) in 1024 rows read as uint8
    expect(out.total).toBe(1000 * ((1 << 18) + 1024 * (0x80 + 0x3f)));
    // 1000 MiB went through: a leak of the buffers would show as a gigabyte
    expect(out.grew).toBeLessThan(200 << 20);
  });

  it("a buffer released by an autograd worker thread (off the JS thread) is freed safely", () => {
    native.setAutogradOffThread(true);
    try {
      for (let i = 0; i < 20; i++) {
        let a: Float32Array | null = new Float32Array([1, 2, 3]);
        let x: Tensor | null = torch.from(a);
        const w = torch.ones(3, { requiresGrad: true });
        const y = x.mul(w).sum();
        x.dispose(); // the graph's saved x is now the buffer's last user
        x = null;
        a = null;
        y.backward(); // runs on a worker thread, which frees the saved tensor: its buffer's reference is queued
        expect(native.queuedBufferRefs()).toBe(1);
        expect(w.grad!.tolist()).toEqual([1, 2, 3]); // the next handle made on this thread releases it
        expect(native.queuedBufferRefs()).toBe(0);
      }
    } finally {
      native.setAutogradOffThread(false);
    }
  });
});

describe("worker threads", () => {
  function run(code: string, workerData: unknown): Promise<{ msg: unknown; code: number }> {
    return new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData });
      let msg: unknown;
      w.once("message", (m) => (msg = m));
      w.once("error", reject);
      w.once("exit", (c) => resolve({ msg, code: c }));
    });
  }

  it("a SharedArrayBuffer is the same memory in every thread", async () => {
    const sab = new SharedArrayBuffer(16);
    const a = new Float32Array(sab);
    a.set([1, 2, 3, 4]);
    const mine = torch.from(a);
    const code = `
      const { parentPort, workerData } = require("node:worker_threads");
      const torch = require(workerData.lib).default;
      const x = torch.fromBuffer(workerData.sab, { dtype: torch.float32 });
      x.mul_(10);
      parentPort.postMessage(x.tolist());`;
    const { msg, code: exit } = await run(code, { lib, sab });
    expect(exit).toBe(0);
    expect(msg).toEqual([10, 20, 30, 40]);
    expect(Array.from(a)).toEqual([10, 20, 30, 40]);
    expect(mine.tolist()).toEqual([10, 20, 30, 40]);
    mine.add_(1);
    expect(new Float32Array(sab)[0]).toBe(11);
  });

  it("a worker that exits (or is terminated) while its tensors share buffers tears down cleanly", async () => {
    const code = `
      const { parentPort, workerData } = require("node:worker_threads");
      const torch = require(workerData.lib).default;
      globalThis.keep = [];
      for (let i = 0; i < 50; i++) {
        const a = new Float32Array(1024).fill(i);
        keep.push(torch.from(a), torch.from(a).narrow(0, 0, 10), torch.fromBuffer(workerData.sab, { dtype: torch.int32 }));
      }
      parentPort.postMessage(keep[3].sum().item());
      if (workerData.hang) setInterval(() => {}, 1000);`;
    const sab = new SharedArrayBuffer(64);
    const done = await run(code, { lib, sab, hang: false });
    expect(done).toEqual({ msg: 1024, code: 0 });
    const w = new Worker(code, { eval: true, workerData: { lib, sab, hang: true } });
    const m = await new Promise((res, rej) => {
      w.once("message", res);
      w.once("error", rej);
    });
    expect(m).toBe(1024);
    expect(await w.terminate()).toBe(1);
    // the main thread is unaffected
    expect(torch.from(new Int32Array(sab)).sum().item()).toBe(0);
  });
});
