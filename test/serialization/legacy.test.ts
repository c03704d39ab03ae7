// torch.load of the legacy format (torch.save(..., _use_new_zipfile_serialization=False)),
// mapLocation in all of Python's forms (storages saved on "cuda:0"), zip64 and big-endian
// archives written by Python, streams in and out, and bad legacy files refused cleanly.
// Fixtures: test/fixtures/make_load_legacy.py -> legacy_*.pt, zip_*.pt, load_legacy.json.
import { describe, it, expect } from "vitest";
import { readFileSync, createReadStream, createWriteStream, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PassThrough, Readable } from "stream";
import torch, { Tensor, nn, optim } from "../../src";
import { saveToBuffer } from "../../src/serialization/save";
import { legacyCheckpoint } from "./js_saved_objects";

type Enc = { dtype: string; shape: number[]; values: number[] };
const fx = (f: string) => join(__dirname, "..", "fixtures", f);
const py = JSON.parse(readFileSync(fx("load_legacy.json"), "utf8"));
const same = (t: Tensor, e: Enc) => {
  const r = t.dtype.isComplex ? torch.viewAsReal(t) : t;
  expect(r.dtype.name).toBe(e.dtype);
  expect(r.shape).toEqual(e.shape);
  expect(Array.from(r.float().flatten().toTypedArray() as Float32Array)).toEqual(e.values.map(Math.fround));
};
const makeModel = () => new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
const noCuda = !torch.cuda.isAvailable();

describe("torch.load: the legacy format", () => {
  it("a module state_dict saved with _use_new_zipfile_serialization=False loads into the same architecture", () => {
    const sd = torch.load(fx("legacy_state_dict.pt"));
    expect(Object.keys(sd)).toEqual(Object.keys(py.state_dict));
    for (const [k, e] of Object.entries(py.state_dict as Record<string, Enc>)) same(sd[k], e);
    const m = makeModel();
    m.loadStateDict(sd);
    same(m.stateDict()["0.weight"], py.state_dict["0.weight"]);
  });

  it("a checkpoint: every dtype, scalars, nested values, shared storage, strides, Parameters, optimizer state", () => {
    const c = torch.load(fx("legacy_checkpoint.pt"));
    expect([c.epoch, c.loss, c.name, c.flags, c.big, c.neg, c.nested]).toEqual([7, 0.125, "legacy", [true, false, null], 2 ** 40, -5, { list: [1, [2.5, "x"]] }]);
    expect(Object.keys(c.dtypes)).toEqual(Object.keys(py.dtypes));
    for (const [k, e] of Object.entries(py.dtypes as Record<string, Enc>)) same(c.dtypes[k], e);
    expect(c.dtypes.i64.tolist()).toEqual([2 ** 40, -3]);
    expect(c.view.tolist()).toEqual([2, 3, 4]);
    c.base.indexPut_([3], 100); // one storage in the file, one here: the view follows the base
    expect(c.view.tolist()).toEqual([2, 100, 4]);
    same(c.strided.contiguous(), py.strided);
    expect(c.strided.isContiguous()).toBe(false);
    expect(c.param).toBeInstanceOf(nn.Parameter);
    expect([c.param.requiresGrad, c.frozen.requiresGrad]).toEqual([true, false]);
    const m = makeModel();
    m.loadStateDict(c.model_state_dict);
    const opt = new optim.SGD(m.parameters(), { lr: 0.5 });
    opt.loadStateDict(c.optimizer_state_dict);
    expect(opt.stateDict().param_groups).toEqual(py.opt_groups);
    for (const [k, v] of Object.entries(py.opt_state as Record<string, Record<string, Enc>>))
      same(opt.stateDict().state[Number(k)].momentum_buffer as Tensor, v.momentum_buffer);
  });

  it("pickle protocol 4 (frames, memoize): read here, although Python's weights_only reader stops at FRAME", () => {
    const c = torch.load(fx("legacy_proto4.pt"));
    same(c.w, py.proto4.w);
    same(c.ids, py.proto4.ids);
    expect(c.tag).toBe("p4");
  });

  it("an old file's storage views (view_metadata) share their root storage, as in Python", () => {
    const v = torch.load(fx("legacy_views.pt"));
    for (const k of Object.keys(py.views)) expect(v[k].tolist()).toEqual(py.views[k]);
    v.whole.indexPut_([5], -1);
    for (const k of Object.keys(py.views)) expect(v[k].tolist()).toEqual(py.views_after_write[k]);
  });

  it("older files name CUDA storages torch.cuda.FloatStorage: the same storage type (allowed by Python's weights_only too)", () => {
    const b = readFileSync(fx("legacy_cuda.pt"));
    const old = Buffer.from("ctorch\nFloatStorage\n");
    expect(b.indexOf(old)).toBeGreaterThan(0);
    const at = b.indexOf(old);
    const cudaTyped = Buffer.concat([b.subarray(0, at), Buffer.from("ctorch.cuda\nFloatStorage\n"), b.subarray(at + old.length)]);
    same(torch.load(cudaTyped, "cpu").w, py.small.w);
  });

  it("a legacy file is read the same from a path, a Buffer, an ArrayBuffer and a stream", async () => {
    const bytes = readFileSync(fx("legacy_proto4.pt"));
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    for (const c of [torch.load(bytes), torch.load(ab), await torch.load(createReadStream(fx("legacy_proto4.pt")))]) same(c.w, py.proto4.w);
  });
});


describe("torch.save: the legacy format (_useNewZipfileSerialization: false)", () => {
  it("writes the bytes Python's torch.load read with the same values as the zip file (check_js_saved.py)", () => {
    const dir = mkdtempSync(join(tmpdir(), "legacy-"));
    torch.save(legacyCheckpoint(), join(dir, "l.pt"), { _useNewZipfileSerialization: false });
    expect(Buffer.compare(readFileSync(join(dir, "l.pt")), readFileSync(fx("js_saved_legacy.pt")))).toBe(0);
    const seen = JSON.parse(readFileSync(fx("js_saved.json"), "utf8"));
    expect(seen.legacy_same).toBe(true);
    expect(seen.legacy_c64).toEqual(["torch.complex64", [[1, 2], [-0.5, 0]]]);
  });

  it("round-trips through torch.load, also positionally and through a stream", async () => {
    const dir = mkdtempSync(join(tmpdir(), "legacy-"));
    torch.save({ x: torch.arange(3), v: torch.arange(4).index("1:") }, join(dir, "p.pt"), null, 2, false);
    const p = torch.load(join(dir, "p.pt"));
    expect([p.x.tolist(), p.v.tolist()]).toEqual([[0, 1, 2], [1, 2, 3]]);
    const pass = new PassThrough();
    const got: Buffer[] = [];
    pass.on("data", (c: Buffer) => got.push(c));
    await torch.save(legacyCheckpoint(), pass, { _useNewZipfileSerialization: false });
    const c = torch.load(Buffer.concat(got));
    expect(Buffer.concat(got)[0]).toBe(0x80); // a pickle, not a zip
    expect(torch.viewAsReal(c.c64).tolist()).toEqual([[1, 2], [-0.5, 0]]);
    expect([c.weights.w.tolist(), c.epoch, c.state[0].momentum_buffer.tolist()]).toEqual([[[1.5, -2], [0.25, 4]], 3, [0.5]]);
    c.base.indexPut_([2], 100);
    expect(c.view.tolist()).toEqual([1, 100, 3]);
  });

  it("bad arguments throw as Python's would", () => {
    expect(() => torch.save({}, "x.pt", { pickleProtocol: 4 })).toThrow(/pickle_protocol 4 is not supported/);
    expect(() => torch.save({}, "x.pt", { pickleModule: {} as never })).toThrow(/only the default pickle module/);
    expect(() => torch.save({}, "x.pt", { _useNewZipfileSerialization: 0 as never })).toThrow(/argument '_use_new_zipfile_serialization' must be bool, not int/);
    expect(() => torch.save({}, "x.pt", { compress: true } as never)).toThrow(/unexpected keyword argument 'compress'/);
    expect(() => (torch.save as (...a: unknown[]) => void)({ a: 1 })).toThrow("save() missing 1 required positional argument: 'f'");
    expect(() => torch.save({}, join("no", "such", "dir", "x.pt"))).toThrow(`Parent directory ${join("no", "such", "dir")} does not exist.`);
  });
});

describe("torch.load: mapLocation (storages saved on cuda:0)", () => {
  for (const f of ["zip_cuda.pt", "legacy_cuda.pt"]) {
    it(`${f}: "cpu", torch.device("cpu"), {"cuda:0": "cpu"}, a Map and a function all load it on the CPU`, () => {
      const forms: unknown[] = [
        "cpu", torch.device("cpu"), { "cuda:0": "cpu" }, new Map([["cuda:0", "cpu"]]),
        (s: Tensor, loc: string) => (expect(loc).toBe("cuda:0"), s),
      ];
      for (const m of forms) {
        for (const c of [torch.load(fx(f), m as never), torch.load(fx(f), { mapLocation: m as never })]) {
          same(c.w, py.small.w);
          same(c.b, py.small.b);
          expect(String(c.w.device)).toBe("cpu");
        }
      }
      // a function that returns null falls back to the saved location, as Python's does
      if (noCuda) expect(() => torch.load(fx(f), () => null)).toThrow(py.cuda_errors[f]);
    });

    it.skipIf(!noCuda)(`${f}: without mapLocation and without CUDA, Python's error`, () => {
      expect(() => torch.load(fx(f))).toThrow(py.cuda_errors[f]);
      expect(py.cuda_errors[f]).toMatch(/^Attempting to deserialize object on a CUDA device but torch.cuda.is_available\(\) is False/);
    });

    it.skipIf(noCuda)(`${f}: with CUDA it loads on cuda:0, and mapLocation "cpu" keeps it on the CPU`, () => {
      const c = torch.load(fx(f));
      expect(String(c.w.device)).toBe("cuda:0");
      same(c.w.cpu(), py.small.w);
    });
  }

  it("a mapping to other places gives Python's messages; bad mapLocation types are refused", () => {
    for (const loc of ["gpu", "xpu:0", "hpu", ...(noCuda ? ["cuda:1"] : [])])
      expect(() => torch.load(fx("zip_cuda.pt"), { "cuda:0": loc })).toThrow(py.cuda_errors[loc]);
    expect(() => torch.load(fx("zip_cuda.pt"), 3 as never)).toThrow(/argument 'map_location' must be a str, torch.device, dict or function, not int/);
    expect(() => torch.load(fx("zip_cuda.pt"), { "cuda:0": 1 } as never)).toThrow(/map_location\['cuda:0'\] must be a location string/);
    expect(() => torch.load(fx("zip_cuda.pt"), () => torch.zeros(1))).toThrow(/map_location must return the storage/);
    expect(() => torch.load(fx("zip_cuda.pt"), { maplocation: "cpu" } as never)).toThrow(/unexpected keyword argument 'maplocation'/);
    expect(() => torch.load(fx("zip_cuda.pt"), "cpu", { mapLocation: "cpu" })).toThrow(/multiple values for argument 'mapLocation'/);
    expect(() => torch.load(fx("zip_cuda.pt"), { pickleModule: {} as never })).toThrow("Can not safely load weights when explicit pickle_module is specified");
    expect(() => torch.load(readFileSync(fx("zip_cuda.pt")), { mmap: true })).toThrow("f must be a file path in order to use the mmap argument");
    expect(() => torch.load(fx("legacy_cuda.pt"), { mmap: true, mapLocation: "cpu" })).toThrow(/mmap can only be used with files saved with `torch.save\(.*legacy_cuda.pt, _use_new_zipfile_serialization=True\)/);
    same(torch.load(fx("zip_cuda.pt"), { mmap: true, mapLocation: "cpu" }).w, py.small.w);
  });

  it('mapLocation "meta" gives meta tensors of the saved shapes without reading the data', () => {
    for (const f of ["zip_cuda.pt", "legacy_cuda.pt"]) {
      const c = torch.load(fx(f), "meta");
      expect([String(c.w.device), c.w.shape, c.b.dtype]).toEqual(["meta", [2, 2], torch.int64]);
    }
  });
});

describe("zip64 and byte order", () => {
  it("reads a zip64 archive written by Python's zipfile (sizes, offsets and counts in zip64 records)", () => {
    const c = torch.load(fx("zip64_python.pt"));
    same(c.w, py.small.w);
    same(c.b, py.small.b);
  });

  it("writes zip64 records when forced (Python read that file: test/fixtures/check_js_saved.py) and reads them back", () => {
    const z = saveToBuffer({ w: torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 }) }, { forceZip64: true });
    expect(z.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0);
    expect(Buffer.compare(z, readFileSync(fx("js_saved_zip64.pt")))).toBe(0);
    expect(torch.load(z).w.tolist()).toEqual([[1, 2], [3, 4]]);
    const seen = JSON.parse(readFileSync(fx("js_saved.json"), "utf8"));
    expect(seen.zip64).toEqual({ w: [[1, 2], [3, 4]], zipfile_zip64: true });
  });

  it("over 65535 entries: zip64 end records are written and read", () => {
    const xs = Array.from({ length: 65540 }, (_x, i) => torch.tensor([i % 251], { dtype: torch.uint8 }));
    const z = saveToBuffer(xs);
    const end = z.subarray(z.length - 22);
    expect(end.readUInt16LE(10)).toBe(0xffff);
    const back = torch.load(z) as Tensor[];
    expect(back.length).toBe(65540);
    expect([back[0].item(), back[65539].item()]).toEqual([0, 65539 % 251]);
  }, 60_000);

  it("a zip storage declared larger than the file is refused before anything is allocated", () => {
    const z = saveToBuffer({ w: torch.zeros(4) });
    const name = z.indexOf("archive/data/0", z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const cd = name - 46; // its central directory entry: both sizes to 3 GiB
    z.writeUInt32LE(3 * 2 ** 30, cd + 20);
    z.writeUInt32LE(3 * 2 ** 30, cd + 24);
    expect(() => torch.load(z)).toThrow(/storage 0 has 3221225472 bytes, expected 16|truncated zip entry/);
    // and a pickle that declares 2**40 elements for a 16-byte record
    const p = saveToBuffer({ w: torch.zeros(4) });
    const at = p.indexOf(Buffer.from("X\x03\x00\x00\x00cpuK\x04", "latin1"));
    const big = Buffer.from(p);
    big[at + 9] = 0xff; // numel 255
    expect(() => torch.load(big)).toThrow("torch.load: storage 0 has 16 bytes, expected 1020");
  });

  it('a big-endian archive (byteorder "big") is byte-swapped on load, as Python does', () => {
    const c = torch.load(fx("zip_bigendian.pt"));
    for (const [k, e] of Object.entries(py.bigendian as Record<string, Enc>)) same(c[k], e);
  });
});

describe("a .safetensors path (Python 2.13 reads it with safetensors' load_file)", () => {
  it("loads the tensors; dict and function mapLocation throw Python's messages", () => {
    const st = JSON.parse(readFileSync(fx("safetensors.json"), "utf8"));
    for (const t of [torch.load(fx("tensors.safetensors")), torch.load(fx("tensors.safetensors"), torch.device("cpu"))]) {
      expect(Object.keys(t).sort()).toEqual(Object.keys(st.tensors).sort());
      same(t.weight, st.tensors.weight);
      same(t.bias64, st.tensors.bias64);
    }
    expect(() => torch.load(fx("tensors.safetensors"), { "cuda:0": "cpu" })).toThrow(
      "Loading safetensors file with dict map_location is not supported. Use a device string or torch.device instead.");
    expect(() => torch.load(fx("tensors.safetensors"), (s: Tensor) => s)).toThrow(
      "Loading safetensors file with callable map_location is not supported. Use a device string or torch.device instead.");
  });
});

describe("streams", () => {
  it("torch.save to a writable stream, torch.load from a readable stream", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stream-"));
    const obj = { w: torch.arange(6, { dtype: torch.float64 }).reshape(2, 3), step: 3 };
    const done = torch.save(obj, createWriteStream(join(dir, "s.pt")));
    expect(done).toBeInstanceOf(Promise);
    await done;
    expect(Buffer.compare(readFileSync(join(dir, "s.pt")), saveToBuffer(obj))).toBe(0);
    const back = await torch.load(createReadStream(join(dir, "s.pt")));
    expect([back.w.tolist(), back.step]).toEqual([[[0, 1, 2], [3, 4, 5]], 3]);
    // an in-memory stream, and any async iterable of chunks (small chunks)
    const pass = new PassThrough();
    const got: Buffer[] = [];
    pass.on("data", (c: Buffer) => got.push(c));
    await torch.save(obj, pass);
    const bytes = Buffer.concat(got);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_x, i) => bytes.subarray(7 * i, 7 * i + 7));
    expect((await torch.load(Readable.from(chunks))).w.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it("stream errors reject the promise; bad arguments throw", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stream-"));
    await expect(torch.save({ a: 1 }, createWriteStream(join(dir, "no", "such", "dir.pt")))).rejects.toThrow(/ENOENT/);
    await expect(torch.load(createReadStream(join(dir, "missing.pt")))).rejects.toThrow(/ENOENT/);
    const text = createReadStream(fx("legacy_cuda.pt"), { encoding: "latin1" });
    await expect(torch.load(text as never)).rejects.toThrow(/the stream must yield bytes, not str/);
    await expect(torch.save({ f: () => 1 }, new PassThrough())).rejects.toThrow(/cannot save a value of type function/);
    expect(() => torch.load(42 as never)).toThrow(/argument 'f' must be a path, bytes or a readable stream, not int/);
    expect(() => torch.save({}, 42 as never)).toThrow(/argument 'f' must be a path string or a writable stream, not int/);
  });
});

describe("bad legacy files are refused cleanly", () => {
  const good = readFileSync(fx("legacy_checkpoint.pt"));

  it("wrong magic, wrong protocol version, truncation, missing storages", () => {
    const magic = Buffer.from(good);
    magic[5] ^= 1; // inside the magic number's LONG1
    expect(() => torch.load(magic)).toThrow("Invalid magic number; corrupt file?");
    const version = Buffer.from(good);
    const at = version.indexOf(Buffer.from([0x4d, 0xe9, 0x03])); // BININT2 1001
    version[at + 1] = 0xea;
    expect(() => torch.load(version)).toThrow("Invalid protocol version: 1002");
    expect(() => torch.load(good.subarray(0, good.length - 3))).toThrow(/truncated file \(storage/);
    expect(() => torch.load(good.subarray(0, 400))).toThrow(/Truncated pickle data/);
    expect(() => torch.load(Buffer.alloc(600))).toThrow(/not a valid torch.save file/);
    const tar = Buffer.alloc(1024);
    tar.write("ustar", 257);
    expect(() => torch.load(tar)).toThrow(/legacy .tar format/);
  });

  it("a storage declared larger than the file is refused before anything is allocated", () => {
    // views fixture: rewrite the root storage's numel 8 (BININT1 8 after 'cpu') to 2**40
    const b = readFileSync(fx("legacy_views.pt"));
    const at = b.indexOf(Buffer.from([0x4b, 0x08]), b.indexOf("cpu")); // BININT1 8 after the first "cpu"
    const big = Buffer.concat([b.subarray(0, at), Buffer.from([0x8a, 0x06, 0, 0, 0, 0, 0, 0x01]), b.subarray(at + 2)]); // LONG1 2**40
    expect(() => torch.load(big)).toThrow(/declares 4398046511104 bytes, more than the file holds \(refused\)/);
  });

  it("a storage whose recorded element count differs is refused with Python's message", () => {
    const b = Buffer.from(readFileSync(fx("legacy_views.pt")));
    b.writeBigInt64LE(7n, b.length - 32 - 8); // the 8-byte count before the 8 int32 values
    expect(() => torch.load(b)).toThrow("storage has wrong byte size: expected 28 got 32");
  });

  it("a legacy pickle that would run code is refused", () => {
    // the main pickle calls os.system: same restrictions as the zip format
    const b = Buffer.from(readFileSync(fx("legacy_views.pt")));
    const g = Buffer.from("ctorch._utils\n_rebuild_tensor_v2\n");
    const at = b.indexOf(g);
    const evil = Buffer.concat([b.subarray(0, at), Buffer.from("cos\nsystem\n"), Buffer.alloc(g.length - 11, 0x4e) /* NONE padding is invalid */, b.subarray(at + g.length)]);
    expect(() => torch.load(evil)).toThrow(/Weights only load failed. Unsupported global: GLOBAL os.system was not an allowed global by default/);
  });

  it("1,000 randomly mutated legacy files throw an Error or load, never crash or hang", () => {
    let seed = 777;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let threw = 0, loaded = 0;
    for (let i = 0; i < 1000; i++) {
      const b = Buffer.from(good);
      const flips = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < flips; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.2 ? Math.floor(rnd() * b.length) : b.length;
      try {
        torch.load(b.subarray(0, cut));
        loaded++;
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        threw++;
      }
    }
    expect(threw + loaded).toBe(1000);
    expect(threw).toBeGreaterThan(100);
  });
});
