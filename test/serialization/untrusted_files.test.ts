// Untrusted files: crafted checkpoints (test/fixtures/make_evil_files.py ->
// test/fixtures/evil/, with what Python's weights_only torch.load did with each
// in evil.json) and size bombs made here at test time. Each load runs in a
// child process with a time bound, so a crash (V8 abort) or a hang fails the
// test instead of killing vitest. No file runs code; each is refused with a
// clear error (where Python refuses, with Python's reason) or loads as plain
// data, as in Python. The child processes load lib/ (npm run build:ts first).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { spawnSync } from "child_process";
import * as zlib from "zlib";
import torch from "../../src";
import { LOAD_LIMITS } from "../../src/serialization/load";

const LIB = join(__dirname, "..", "..", "lib");
const EVIL = join(__dirname, "..", "fixtures", "evil");
const py: Record<string, { ok?: unknown; error?: string; message?: string; not_run?: string }> = JSON.parse(readFileSync(join(EVIL, "evil.json"), "utf8"));
const TIME_BOUND_MS = 60_000;

type Outcome = { ok?: unknown; error?: string; message?: string; proto?: string; polluted?: boolean; ms: number };

/**
 * Loads `file` in a child process: "path" (torch.load(path, opts)), "bytes", "stream" (await torch.load(readable)),
 * "st" (safetensors loadFile). The value comes back as plain JSON (tensors as lists, big ints as strings).
 */
function loadInChild(file: string, how: "path" | "bytes" | "stream" | "st" = "path", opts: Record<string, unknown> = {}): Outcome {
  const script = `
    const torch = require(${JSON.stringify(join(LIB, "index.js"))}).default;
    const st = require(${JSON.stringify(join(LIB, "safetensors.js"))});
    const fs = require("fs"), { Readable } = require("stream");
    const F = ${JSON.stringify(file)}, OPTS = ${JSON.stringify(opts)};
    const plain = (v) => {
      if (v instanceof torch.Tensor) return { tensor: v.tolist(), dtype: String(v.dtype) };
      if (typeof v === "bigint") return { int: String(v) };
      if (typeof v === "function") return { function: v.name };
      if (v instanceof Map) return { dict: [...v.entries()].map(([k, x]) => [String(k), plain(x)]) };
      if (Array.isArray(v)) return v.length > 100 ? { len: v.length, head: v.slice(0, 3).map(plain) } : v.map(plain);
      if (v && typeof v === "object") return { dict: Object.entries(v).map(([k, x]) => [k, plain(x)]) };
      return v;
    };
    (async () => {
      const t0 = Date.now();
      let out;
      try {
        const v = ${JSON.stringify(how)} === "stream" ? await torch.load(Readable.from([fs.readFileSync(F)]), OPTS)
          : ${JSON.stringify(how)} === "bytes" ? torch.load(fs.readFileSync(F), OPTS)
          : ${JSON.stringify(how)} === "st" ? st.loadFile(F) : torch.load(F, OPTS);
        const proto = v && typeof v === "object" ? (Object.getPrototypeOf(v) === Object.prototype ? "Object.prototype" : String(Object.getPrototypeOf(v))) : undefined;
        out = { ok: plain(v), proto, polluted: ({}).polluted !== undefined || Object.prototype.hasOwnProperty("polluted") };
      } catch (e) {
        out = { error: e.constructor.name, message: e.message };
      }
      out.ms = Date.now() - t0;
      process.stdout.write(JSON.stringify(out));
    })();`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: TIME_BOUND_MS, maxBuffer: 64 * 2 ** 20 });
  expect(r.error, `${file}: ${String(r.error)}`).toBeUndefined(); // a hang: killed at the time bound
  expect(r.signal, `${file}: the child died (${r.signal}): ${r.stderr.slice(-2000)}`).toBeNull();
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  // a Promise that never settles lets the child exit without printing anything
  expect(r.stdout, `${file}: no result (a Promise that never settled?)`).not.toBe("");
  return JSON.parse(r.stdout);
}

const ev = (f: string) => join(EVIL, f);
/** The first sentence of Python's message ("Unsupported global: GLOBAL torch.constructor was not an allowed global by default"). */
const pyFirst = (f: string) => py[f].message!.split(". ")[0];
/** The reference safetensors' reason ("invalid offset for tensor `b`", "invalid JSON in header"). */
const stReason = (f: string) => py[f].message!.replace(/^Error while deserializing header: /, "").split(": ")[0];

describe("untrusted torch.save files (each in a child process, time-bounded)", () => {
  it("the allow-list is looked up as own names: GLOBAL torch.constructor / torch.__proto__ are not storage classes", () => {
    for (const f of ["global_constructor.pt", "global_proto.pt", "global_hasown.pt"]) {
      expect(py[f].error).toBe("UnpicklingError");
      const r = loadInChild(ev(f));
      expect(r.error, f).toBe("UnpicklingError");
      expect(r.message).toMatch(/^Weights only load failed\. Unsupported global: GLOBAL (torch\.constructor|torch\.__proto__|collections\.hasOwnProperty) was not an allowed global by default\./);
      expect(r.message).toContain(pyFirst(f));
    }
  });

  it("SETITEM(S), APPEND(S) and BUILD only on what Python's weights_only unpickler allows, with its message", () => {
    for (const f of ["setitem_on_tensor.pt", "setitems_on_tensor.pt", "setitem_on_list.pt", "append_on_dict.pt", "append_on_tuple.pt", "build_on_list.pt"]) {
      expect(py[f].error, f).toBe("UnpicklingError");
      const r = loadInChild(ev(f));
      expect(r.error, f).toBe("UnpicklingError");
      expect(r.message, f).toBe(`Weights only load failed. ${py[f].message}`);
    }
    // "Can only SETITEM for dict, collections.OrderedDict, collections.Counter, but got <class 'torch.Tensor'>"
    expect(py["setitem_on_tensor.pt"].message).toMatch(/Can only SETITEM for dict.*but got <class 'torch.Tensor'>/);
  });

  it('a "__proto__" key is a key: the dict keeps its prototype, nothing is polluted, values as in Python', () => {
    for (const f of ["proto_key.pt", "proto_key_ordereddict.pt"]) {
      for (const how of ["path", "stream"] as const) {
        const r = loadInChild(ev(f), how);
        expect(r.ok, f).toEqual(py[f].ok);
        expect(r.proto).toBe("Object.prototype");
        expect(r.polluted).toBe(false);
      }
    }
  });

  it('a global stored as a value ("then": OrderedDict) is refused, so await torch.load(stream) settles', () => {
    for (const f of ["then_key.pt", "then_key_tensor.pt", "global_result.pt"]) {
      expect(py[f].ok, `Python loads ${f} (a class or function as a value)`).toBeDefined();
      for (const how of ["path", "bytes", "stream"] as const) {
        const r = loadInChild(ev(f), how);
        expect(r.error, `${f} ${how}`).toBe("UnpicklingError");
        expect(r.message).toMatch(/^Weights only load failed\. A global \((collections\.OrderedDict|torch\._utils\._rebuild_tensor_v2)\) can only be called, not stored as a value\.$/);
      }
    }
  });

  it("LONG4 is refused as Python refuses it, at once (200 LONG4s of 64 KiB: no quadratic decoding)", () => {
    for (const f of ["long4.pt", "long4_many.pt"]) {
      expect(py[f].message).toBe("Unsupported operand 139");
      const r = loadInChild(ev(f));
      expect(r.message).toMatch(/^Weights only load failed\. Unsupported operand 139 \(0x8b\) at position \d+\.$/);
      expect(r.ms).toBeLessThan(5000);
    }
  });

  it("LONG1 of every length decodes as Python's (255-byte, negative, empty)", () => {
    const r = loadInChild(ev("long1_big.pt"));
    expect(r.ok).toEqual(py["long1_big.pt"].ok);
    expect((r.ok as { int: string }[])[0].int).toBe(String(2n ** (8n * 255n - 1n) - 1n));
    expect((r.ok as unknown[])[1]).toEqual({ int: String(-(2n ** 71n)) });
  });

  it("the unpickler's per-file limits: stack, marks, memo, opcodes (each a clear error), overridable", () => {
    const stack = loadInChild(ev("none_stack.pt")); // 5 M NONE (Python: loads, holding them all)
    expect(stack.message).toBe(`Weights only load failed. The pickle holds more than ${2 ** 22} values on its stack (refused: the maxPickleStack limit of torch.load).`);
    expect(loadInChild(ev("mark_stack.pt")).message).toMatch(/more than 4194304 values on its stack/);
    expect(loadInChild(ev("memo_many.pt")).message).toBe(`Weights only load failed. The pickle memoizes more than ${2 ** 22} values (refused: the maxPickleMemo limit of torch.load).`);
    const ops = loadInChild(ev("empty_lists.pt")); // 20 M empty lists (40 M opcodes) in 41 KB: Python builds them all
    expect(ops.message).toBe(`Weights only load failed. The pickle runs more than ${2 ** 25} opcodes (refused: the maxPickleOps limit of torch.load).`);
    expect(py["empty_lists.pt"].ok).toEqual({ len: 20 * 2 ** 20, head: [[], [], []] });
    // raised limits load what Python loads
    expect(loadInChild(ev("none_stack.pt"), "path", { maxPickleStack: 2 ** 23 }).ok).toBe(null);
    expect(py["none_stack.pt"].ok).toBe(null);
    // and lowered ones refuse an ordinary checkpoint
    expect(loadInChild(join(__dirname, "..", "fixtures", "load_checkpoint.pt"), "bytes", { maxPickleOps: 100 }).message).toMatch(/more than 100 opcodes/);
  });

  it("work that is not one opcode is charged: a memoized 1 M-pair list passed to OrderedDict 1 M times is refused quickly", () => {
    expect(py["repeat_call.pt"].not_run).toMatch(/quadratic/);
    const r = loadInChild(ev("repeat_call.pt"));
    expect(r.message).toBe(`Weights only load failed. The pickle runs more than ${2 ** 25} opcodes (refused: the maxPickleOps limit of torch.load).`);
    expect(r.ms).toBeLessThan(20_000);
  });

  it("dict keys: a list is unhashable as in Python; a tuple key has no JS form and is refused; STACK_GLOBAL takes strings", () => {
    expect(py["list_key.pt"]).toEqual({ error: "TypeError", message: "unhashable type: 'list'" });
    expect(loadInChild(ev("list_key.pt")).message).toBe("Weights only load failed. unhashable type: 'list' as a dict key.");
    expect(py["tuple_key.pt"].ok).toEqual({ dict: [["(1, 2)", 3]] });
    expect(loadInChild(ev("tuple_key.pt")).message).toBe(
      "Weights only load failed. Unsupported dict key of type <class 'tuple'> (str, int, float, bool and None keys are supported).",
    );
    expect(py["stack_global_list.pt"].message).toBe("Unsupported operand 147");
    expect(loadInChild(ev("stack_global_list.pt")).message).toBe("Weights only load failed. STACK_GLOBAL requires str");
  });

  it("zip entries outside the archive's folder are refused (../, absolute), as Python refuses them as the first entry", () => {
    for (const f of ["zip_dotdot.pt", "zip_absolute.pt"]) {
      expect(py[f].error).toBe("RuntimeError");
      expect(loadInChild(ev(f)).message).toMatch(/^torch\.load: zip entry '(\.\.\/\.\.\/evil\.txt|\/tmp\/evil\.txt)' lies outside the archive's folder '.*' \(refused\)$/);
    }
    // Python never reads these entries and loads the file; torch.save never writes them: refused
    expect(py["zip_dotdot_after.pt"].ok).toBe(1);
    expect(loadInChild(ev("zip_dotdot_after.pt")).message).toMatch(/zip entry 'archive\/\.\.\/\.\.\/evil\.txt' lies outside/);
    expect(loadInChild(ev("zip_pkl_outside.pt")).message).toMatch(/zip entry '\.\.\/data\.pkl' lies outside/);
  });

  it("non-regular files are refused before reading: /dev/zero, a FIFO (no hang), a directory", () => {
    if (existsSync("/dev/zero")) expect(loadInChild("/dev/zero").message).toBe("torch.load: '/dev/zero' is a character device, not a regular file (refused: it could be read without bound)");
    const d = mkdtempSync(join(tmpdir(), "tn-fifo-"));
    try {
      expect(loadInChild(d).message).toMatch(/is a directory, not a regular file/);
      const fifo = join(d, "f.pt");
      if (spawnSync("mkfifo", [fifo]).status === 0) {
        expect(loadInChild(fifo).message).toMatch(/is a FIFO, not a regular file/);
        expect(loadInChild(fifo, "st").message).toMatch(/safetensors\.loadFile: .* is a FIFO/);
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------- size bombs made at test time

/** A raw deflate stream of `unit` repeated `times` times, built without the whole: one byte-aligned block (full flush), repeated, then an empty final block. */
function deflateRepeat(unit: Buffer, times: number): Buffer {
  const block = zlib.deflateRawSync(unit, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array(times).fill(block), Buffer.from([0x03, 0x00])]);
}

/** A zip of [name, data, method, declared size] entries (no CRC: torch.load does not check it, as PyTorch's reader with its default). */
function zipOf(entries: [string, Buffer, 0 | 8, number][]): Buffer {
  const out: Buffer[] = [], cd: Buffer[] = [];
  let offset = 0;
  for (const [name, data, method, size] of entries) {
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(method, 8);
    h.writeUInt32LE(data.length, 18); h.writeUInt32LE(size, 22); h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(method, 10);
    c.writeUInt32LE(data.length, 20); c.writeUInt32LE(size, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    out.push(h, n, data);
    cd.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cdb = Buffer.concat(cd);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdb.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cdb, end]);
}

/** data.pkl of {"s0": tensor, ...}: one uint8 tensor of `numel` per storage key. */
function pickleOfStorages(count: number, numel: number): Buffer {
  const s = (x: string) => { const b = Buffer.from(x); const l = Buffer.alloc(5); l[0] = 0x58; l.writeUInt32LE(b.length, 1); return Buffer.concat([l, b]); };
  const i = (x: number) => { const b = Buffer.alloc(5); b[0] = 0x4a; b.writeInt32LE(x, 1); return b; };
  const g = (m: string, n: string) => Buffer.from(`c${m}\n${n}\n`);
  const parts: Buffer[] = [Buffer.from([0x80, 0x02, 0x7d, 0x28])];
  for (let k = 0; k < count; k++) {
    parts.push(s(`s${k}`), g("torch._utils", "_rebuild_tensor_v2"), Buffer.from("("), Buffer.from("("), s("storage"), g("torch", "ByteStorage"),
      s(String(k)), s("cpu"), i(numel), Buffer.from("tQ"), i(0), Buffer.from("("), i(numel), Buffer.from("t("), i(1), Buffer.from("t\x89", "latin1"),
      g("collections", "OrderedDict"), Buffer.from(")RtR"));
  }
  parts.push(Buffer.from("u."));
  return Buffer.concat(parts);
}

describe("size bombs (made at test time, each load in a child process)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tn-bombs-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("four compressed 300 MiB storages (1.2 GiB in about 1 MB): refused by the per-file limit before inflating", () => {
    const MiB = 2 ** 20, n = 300 * MiB;
    const z = deflateRepeat(Buffer.alloc(MiB), 300);
    const pkl = pickleOfStorages(4, n);
    const f = join(dir, "four_storages.pt");
    writeFileSync(f, zipOf([["archive/data.pkl", pkl, 0, pkl.length], ...[0, 1, 2, 3].map((k): [string, Buffer, 8, number] => [`archive/data/${k}`, z, 8, n])]));
    expect(readFileSync(f).length).toBeLessThan(2 * MiB);
    const r = loadInChild(f);
    expect(r.message).toBe(`torch.load: the compressed entries of this file declare ${4 * n} bytes, more than ${2 ** 30} (refused: the maxInflatedBytes limit of torch.load)`);
    expect(r.ms).toBeLessThan(5000);
    expect(LOAD_LIMITS.maxInflatedBytes).toBe(2 ** 30);
  });

  it("compressed storages within the limit load (and a lower maxInflatedBytes refuses them)", () => {
    const MiB = 2 ** 20;
    const unit = Buffer.alloc(MiB, 7);
    const pkl = pickleOfStorages(3, 2 * MiB);
    const f = join(dir, "small_deflated.pt");
    writeFileSync(f, zipOf([["archive/data.pkl", pkl, 0, pkl.length], ...[0, 1, 2].map((k): [string, Buffer, 8, number] => [`archive/data/${k}`, deflateRepeat(unit, 2), 8, 2 * MiB])]));
    const sd = torch.load(f);
    expect(Object.keys(sd)).toEqual(["s0", "s1", "s2"]);
    for (const k of ["s0", "s1", "s2"]) expect([sd[k].numel(), sd[k].eq(7).all().item()]).toEqual([2 * MiB, true]);
    expect(() => torch.load(f, { maxInflatedBytes: 5 * MiB })).toThrow(/declare 6291456 bytes, more than 5242880 \(refused: the maxInflatedBytes limit of torch\.load\)/);
    expect(() => torch.load(f, { maxInflatedBytes: -1 })).toThrow(/option 'maxInflatedBytes' must be a positive integer or Infinity/);
  });

  it("a 1 MB file whose data.pkl inflates to 1 GiB of NONE: the stack limit, not a V8 abort", () => {
    const z = deflateRepeat(Buffer.alloc(2 ** 20, 0x4e), 1023); // 1023 MiB: within the inflate limit
    const f = join(dir, "none_gib.pt");
    // data.pkl = PROTO 2 + 1023 MiB of NONE (no STOP), deflated
    const head = zlib.deflateRawSync(Buffer.from([0x80, 0x02]), { finishFlush: zlib.constants.Z_FULL_FLUSH });
    writeFileSync(f, zipOf([["archive/data.pkl", Buffer.concat([head, z]), 8, 2 + 1023 * 2 ** 20]]));
    expect(readFileSync(f).length).toBeLessThan(2 * 2 ** 20);
    const r = loadInChild(f);
    expect(r.message).toMatch(/The pickle holds more than 4194304 values on its stack \(refused: the maxPickleStack limit of torch\.load\)/);
  });
});

describe("untrusted safetensors files", () => {
  it("rejects what the reference rejects, with its reason", () => {
    for (const f of ["st_gap.safetensors", "st_overlap.safetensors", "st_trailing.safetensors", "st_meta_int.safetensors", "st_meta_nested.safetensors",
      "st_non_utf8.safetensors", "st_lone_surrogate.safetensors", "st_duplicate.safetensors"]) {
      expect(py[f].error, f).toBe("SafetensorError");
      const r = loadInChild(ev(f), "st");
      expect(r.error, f).toBe("RangeError");
      expect(r.message, f).toContain(stReason(f));
    }
    expect(stReason("st_gap.safetensors")).toBe("invalid offset for tensor `b`");
  });

  it('keeps a tensor named "__proto__" (and "constructor") as the reference does', () => {
    for (const how of ["st", "path"] as const) {
      const r = loadInChild(ev("st_proto.safetensors"), how);
      expect(r.ok).toEqual(py["st_proto.safetensors"].ok);
      expect(r.proto).toBe("Object.prototype");
    }
  });
});
