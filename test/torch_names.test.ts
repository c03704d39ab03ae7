// Names that real PyTorch scripts use verbatim: torch.accelerator, torch.backends.*,
// torch.cuda.amp, finfo/iinfo, setPrintoptions, deterministic algorithms, legacy
// constructors, Tensor.newTensor/nonzero(asTuple)/type()/nelement/ndimension,
// asTensor/asarray/frombuffer, RNN flattenParameters. Expected values and
// messages: test/fixtures/make_tensor_attrs.py.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import torch, { nn, Tensor } from "../src";

const py = JSON.parse(readFileSync(join(__dirname, "fixtures", "tensor_attrs.json"), "utf8"));
interface Enc { shape: number[]; dtype: string; values: (number | boolean)[]; repr: string }

function same(t: Tensor, e: Enc): void {
  expect(t).toBeInstanceOf(Tensor);
  expect(t.shape).toEqual(e.shape);
  expect(t.dtype.name).toBe(e.dtype);
  expect(Array.from(t.toTypedArray() as ArrayLike<number | bigint>, (v) => (e.dtype === "bool" ? v !== 0 : Number(v)))).toEqual(e.values);
  expect(String(t)).toBe(e.repr);
}

describe("torch.accelerator and torch.backends", () => {
  it("accelerator reports the CUDA accelerator when there is one, null/0/false otherwise", () => {
    const avail = torch.cuda.isAvailable();
    expect(torch.accelerator.isAvailable()).toBe(avail);
    expect(torch.accelerator.deviceCount()).toBe(avail ? torch.cuda.deviceCount() : 0);
    const acc = torch.accelerator.currentAccelerator();
    if (torch.cuda.isBuilt()) expect(String(acc)).toBe("cuda");
    else expect(acc).toBe(null);
    if (!avail) expect(torch.accelerator.currentAccelerator({ checkAvailable: true })).toBe(null);
    // the idiom of current scripts
    const device = torch.accelerator.isAvailable() ? torch.accelerator.currentAccelerator()!.type : "cpu";
    expect(torch.zeros(1, { device }).device.type).toBe(avail ? "cuda" : "cpu");
  });

  it("cudnn flags are settable attributes with Python's defaults and checks", () => {
    const c = torch.backends.cudnn;
    expect([c.enabled, c.benchmark, c.deterministic, c.allowTf32]).toEqual(py.flags.cudnn);
    c.benchmark = true;
    c.deterministic = true;
    expect([c.benchmark, c.deterministic]).toEqual([true, true]);
    c.benchmark = false;
    c.deterministic = false;
    expect(() => { (c as { enabled: unknown }).enabled = 1; }).toThrow(py.flags.cudnn_bad.message);
    expect(() => { (c as { enabled: unknown }).enabled = 1; }).toThrow(TypeError);
    expect(c.isAvailable()).toBe(torch.cuda.isAvailable());
    if (!torch.cuda.isAvailable()) expect(c.version()).toBe(null);
  });

  it("cuda.matmul.allowTf32 follows the float32 matmul precision, as in Python", () => {
    const m = torch.backends.cuda.matmul;
    expect(m.allowTf32).toBe(py.flags.matmul_tf32);
    m.allowTf32 = true;
    expect(torch.getFloat32MatmulPrecision()).toBe("high");
    torch.setFloat32MatmulPrecision("highest");
    expect(m.allowTf32).toBe(false);
    expect(torch.backends.cuda.isBuilt()).toBe(torch.cuda.isBuilt());
    expect(torch.backends.mps.isAvailable()).toBe(false);
    expect(typeof torch.backends.mps.isBuilt()).toBe("boolean");
  });

  it("useDeterministicAlgorithms(mode, { warnOnly }) and areDeterministicAlgorithmsEnabled()", () => {
    expect(torch.areDeterministicAlgorithmsEnabled()).toBe(py.flags.deterministic);
    torch.useDeterministicAlgorithms(true);
    expect(torch.areDeterministicAlgorithmsEnabled()).toBe(true);
    expect(torch.isDeterministicAlgorithmsWarnOnlyEnabled()).toBe(false);
    torch.useDeterministicAlgorithms(true, { warnOnly: true });
    expect(torch.isDeterministicAlgorithmsWarnOnlyEnabled()).toBe(true);
    expect(torch.getDeterministicDebugMode()).toBe(1);
    torch.useDeterministicAlgorithms(false);
    expect([torch.areDeterministicAlgorithmsEnabled(), torch.getDeterministicDebugMode()]).toEqual([false, 0]);
    expect(() => torch.useDeterministicAlgorithms(1 as unknown as boolean)).toThrow(py.flags.det_bad.message);
  });
  it("deterministic mode is LibTorch's: torch.empty fills with NaN / the int64 maximum, as Python's", () => {
    try {
      torch.useDeterministicAlgorithms(true);
      // Python: torch.use_deterministic_algorithms(True); torch.empty(3), torch.empty(2, dtype=torch.long)
      expect(torch.empty(3).tolist()).toEqual([NaN, NaN, NaN]);
      expect(torch.empty(2, { dtype: torch.long }).tolist()).toEqual([9223372036854775807n, 9223372036854775807n].map(Number));
    } finally {
      torch.useDeterministicAlgorithms(false);
    }
  });
  it("setNumThreads refuses a count far beyond the machine's cores (OpenMP would crash)", () => {
    const n = torch.getNumThreads();
    expect(() => torch.setNumThreads(100000)).toThrow(RangeError);
    expect(() => torch.setNumThreads(100000)).toThrow(/threads is more than this machine can run/);
    expect(torch.getNumThreads()).toBe(n);
  });
});

describe("torch.cuda.amp (deprecated aliases)", () => {
  afterEach(() => vi.restoreAllMocks());
  it("GradScaler and autocast work as torch.amp's, with Python's FutureWarning", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const s = new torch.cuda.amp.GradScaler({ initScale: 1024 });
    expect(s).toBeInstanceOf(torch.amp.GradScaler);
    const r = torch.cuda.amp.autocast(() => 42);
    expect(r).toBe(42);
    const calls = warn.mock.calls.map((c) => [String(c[0]), c[1]]);
    expect(calls).toContainEqual(["`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use `torch.amp.GradScaler('cuda', args...)` instead.", "FutureWarning"]);
    expect(calls).toContainEqual(["`torch.cuda.amp.autocast(args...)` is deprecated. Please use `torch.amp.autocast('cuda', args...)` instead.", "FutureWarning"]);
    if (!torch.cuda.isAvailable()) {
      // disabled without CUDA, as Python: scale() returns its input
      const loss = torch.tensor(2.0);
      expect(s.scale(loss)).toBe(loss);
    }
  });
});

describe("torch.finfo / torch.iinfo", () => {
  it("attributes and repr equal Python's", () => {
    for (const n of ["float32", "float64", "float16", "bfloat16", "complex64"] as const) {
      const f = torch.finfo(torch[n]);
      const e = py.finfo[n];
      expect([f.bits, f.eps, f.max, f.min, f.tiny, f.smallestNormal, f.resolution, f.dtype]).toEqual(
        [e.bits, e.eps, e.max, e.min, e.tiny, e.smallest_normal, e.resolution, e.dtype]);
      expect(String(f)).toBe(e.repr);
      expect(inspect(f)).toBe(e.repr);
    }
    expect(String(torch.finfo())).toBe(py.finfo.default);
    for (const n of ["uint8", "int8", "int16", "int32", "int64"] as const) {
      const i = torch.iinfo(torch[n]);
      const e = py.iinfo[n];
      expect([i.bits, String(i.max), String(i.min), i.dtype]).toEqual([e.bits, e.max, e.min, e.dtype]);
      expect(String(i)).toBe(e.repr);
    }
    expect(torch.iinfo(torch.int64).max).toBe(2n ** 63n - 1n);
    expect(new torch.finfo(torch.float16)).toBeInstanceOf(torch.finfo);
    // the usual idiom: a fill value for masked softmax
    const m = torch.zeros(2).maskedFill(torch.tensor([true, false]), torch.finfo(torch.float32).min);
    expect(m.tolist()).toEqual([py.finfo.float32.min, 0]);
  });

  it("throw Python's TypeErrors for the wrong kind of dtype", () => {
    expect(() => torch.finfo(torch.int64)).toThrow(py.info_errors.finfo_int.message);
    expect(() => torch.iinfo(torch.float32)).toThrow(py.info_errors.iinfo_float.message);
    expect(() => torch.iinfo(torch.bool)).toThrow(py.info_errors.iinfo_bool.message);
    expect(() => torch.finfo("float32" as never)).toThrow(TypeError);
  });
});

describe("torch.setPrintoptions", () => {
  afterEach(() => torch.setPrintoptions({ profile: "default" }));
  it("positional and options forms change printing as Python's", () => {
    const t = torch.tensor([1.0, 2.5, 3.14159], { dtype: torch.float32 });
    torch.setPrintoptions(2);
    expect(String(t)).toBe(py.printoptions.p2);
    torch.setPrintoptions({ precision: 6 });
    expect(String(t)).toBe(py.printoptions.p6);
    torch.setPrintoptions({ threshold: 5, edgeitems: 2 });
    expect(String(torch.arange(10, { dtype: torch.float32 }))).toBe(py.printoptions.threshold);
    torch.setPrintoptions({ sciMode: true });
    expect(String(t)).toBe(py.printoptions.sci);
    torch.setPrintoptions({ profile: "short" });
    expect(String(t)).toBe(py.printoptions.short);
    torch.setPrintoptions({ profile: "default" });
    expect(String(t)).toBe(py.printoptions.default);
    expect(() => torch.setPrintoptions({ precison: 2 } as never)).toThrow("set_printoptions() got an unexpected keyword argument 'precison'");
    expect(() => torch.setPrintoptions("2" as never)).toThrow(TypeError);
  });
});

describe("legacy constructors", () => {
  it("torch.FloatTensor / LongTensor / ... and new torch.Tensor(data) as Python's", () => {
    const L = py.legacy;
    same(torch.FloatTensor([1, 2]), L.FloatTensor_list);
    expect(torch.FloatTensor(2, 3).shape).toEqual(L.FloatTensor_size);
    expect(torch.FloatTensor(2, 3).dtype).toBe(torch.float32);
    same(new torch.Tensor([1, 2]), L.Tensor_list);
    same(torch.Tensor([[1, 2], [3, 4]]), L.Tensor_nested);
    same(new torch.Tensor(), L.Tensor_empty);
    expect(new torch.Tensor(new torch.Size([2, 4])).shape).toEqual(L.Tensor_Size);
    expect(new torch.Tensor(torch.zeros(2, 4).shape).shape).toEqual(L.Tensor_Size);
    same(torch.LongTensor([1.7, -2.5]), L.LongTensor);
    same(torch.IntTensor([1, 2]), L.IntTensor);
    same(torch.DoubleTensor([1, 2]), L.DoubleTensor);
    same(torch.BoolTensor([1, 0]), L.BoolTensor);
    same(torch.ByteTensor([1, 2]), L.ByteTensor);
    same(new torch.HalfTensor([1, 2]), L.HalfTensor);
    expect(torch.ones(2) instanceof torch.FloatTensor).toBe(L.isinstance_float);
    expect(torch.ones(2).long() instanceof torch.FloatTensor).toBe(L.isinstance_long);
    expect(() => torch.FloatTensor(2.5)).toThrow(L.err_float.message);
  });

  it("torch.Tensor is still the class: instanceof, subclassing and op results are unchanged", () => {
    const x = torch.ones(2);
    expect(x instanceof torch.Tensor).toBe(true);
    expect(new torch.Tensor([1]) instanceof Tensor).toBe(true);
    expect(new torch.Tensor([1])).toBeInstanceOf(torch.Tensor);
    expect(new nn.Linear(1, 1).weight).toBeInstanceOf(torch.Tensor);
    expect(torch.Tensor.prototype).toBe(Object.getPrototypeOf(x));
    const same_ = torch.tensor([1.5]);
    expect(torch.FloatTensor(same_)).toBe(same_);
    expect(() => torch.FloatTensor(torch.tensor([1]))).toThrow(TypeError);
  });
});

describe("Tensor methods", () => {
  it("nonzero({ asTuple: true }) and torch.nonzero(x, { asTuple: true })", () => {
    const x = torch.tensor([[1, 0], [0, 3]]);
    const N = py.nonzero;
    const t = x.nonzero({ asTuple: true });
    expect(Array.isArray(t)).toBe(true);
    t.forEach((v, i) => same(v, N.tuple[i]));
    torch.nonzero(x, { asTuple: true }).forEach((v, i) => same(v, N.fn_tuple[i]));
    same(x.nonzero(), N.plain);
    torch.tensor(5).nonzero({ asTuple: true }).forEach((v, i) => same(v, N["0d"][i]));
    torch.tensor(0).nonzero({ asTuple: true }).forEach((v, i) => same(v, N["0d_zero"][i]));
    // the usual idiom
    const [rows, cols] = x.nonzero({ asTuple: true });
    expect(x.index(rows, cols).tolist()).toEqual([1, 3]);
  });

  it("type() names the legacy type; type(dtype | name) casts", () => {
    const x = torch.tensor([[1, 0], [0, 3]]);
    const T = py.type;
    expect(x.type()).toBe(T.long);
    expect(x.float().type()).toBe(T.float);
    expect(torch.tensor(true).type()).toBe(T.bool);
    expect(torch.zeros(1, { dtype: torch.float16 }).type()).toBe(T.half);
    expect(torch.zeros(1, { dtype: torch.bfloat16 }).type()).toBe(T.bf16);
    same(x.type(torch.float64), T.to_double);
    same(x.type("torch.DoubleTensor"), T.str_double);
    expect(x.type(torch.int64)).toBe(x);
    expect(() => x.type("torch.Foo")).toThrow(T.bad_str.message);
    expect(() => x.type(5 as never)).toThrow(T.bad_type.message);
  });

  it("newTensor(data, opts) takes this tensor's dtype and device unless given", () => {
    const y = torch.tensor([1.0, 2.0], { dtype: torch.float32 });
    const x = torch.tensor([[1, 0], [0, 3]]);
    const N = py.new_tensor;
    same(y.newTensor([1, 2]), N.float_self);
    same(x.newTensor([1.5]), N.long_self);
    same(y.newTensor([1, 2], { dtype: torch.int32 }), N.dtype);
    same(y.newTensor([3], { requiresGrad: true }), N.grad);
    expect(y.newTensor([1], { requiresGrad: true }).isLeaf).toBe(true);
  });

  it("nelement() and ndimension()", () => {
    const z = torch.zeros(2, 3, 4);
    expect([z.nelement(), z.ndimension()]).toEqual([py.aliases.nelement, py.aliases.ndimension]);
  });
});

describe("asTensor / asarray / frombuffer", () => {
  it("frombuffer reads a buffer's bytes as a dtype, with count and offset", () => {
    const F = py.frombuffer;
    const b = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    same(torch.frombuffer(b, { dtype: torch.int32 }), F.all);
    same(torch.frombuffer(b.buffer.slice(b.byteOffset, b.byteOffset + 12), { dtype: torch.int32, count: 2, offset: 4 }), F.count_offset);
    same(torch.frombuffer(new Uint8Array(b), { dtype: torch.uint8, count: 3 }), F.u8);
    same(torch.frombuffer(new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]), { dtype: torch.float32 }), F.f32);
    expect(() => torch.frombuffer(b, { dtype: torch.int32, offset: 13 })).toThrow(F.err_offset.message);
    expect(() => torch.frombuffer(b, { dtype: torch.int32, count: 4 })).toThrow(F.err_count.message);
    expect(() => torch.frombuffer(b, { dtype: torch.int32, offset: 2 })).toThrow(F.err_multiple.message);
    expect(() => torch.frombuffer(b, { dtype: torch.int32, count: 0 })).toThrow(F.err_zero.message);
    expect(() => torch.frombuffer(b)).toThrow(F.err_nodtype.message);
    expect(() => torch.frombuffer([1, 2] as never, { dtype: torch.int32 })).toThrow(TypeError);
  });

  it("asTensor and asarray share a tensor when nothing changes, else convert or copy", () => {
    const y = torch.tensor([1.0, 2.0], { dtype: torch.float32 });
    expect(torch.asTensor(y)).toBe(y);
    expect(torch.asarray(y)).toBe(y);
    same(torch.asTensor([1, 2], { dtype: torch.float32 }), py.as_tensor.list_f32);
    same(torch.asTensor(2.5), py.as_tensor.scalar);
    same(torch.asTensor(y, { dtype: torch.float64 }), py.as_tensor.to_double);
    same(torch.asarray([1, 2]), py.asarray.list);
    same(torch.asarray([1.5], { requiresGrad: true }), py.asarray.grad);
    same(torch.asarray(3), py.asarray.scalar);
    const c = torch.asarray(y, { copy: true });
    expect(c).not.toBe(y);
    c.fill_(0);
    expect(y.tolist()).toEqual([1, 2]);
    expect(() => torch.asarray(y, { dtype: torch.float64, copy: false })).toThrow(py.asarray.err_alias.message);
  });
});

describe("RNN.flattenParameters()", () => {
  it("is a no-op the usual scripts may call before forward", () => {
    for (const M of [nn.LSTM, nn.GRU, nn.RNN]) {
      torch.manualSeed(0);
      const m = new M(3, 4);
      const before = m.stateDict();
      expect(m.flattenParameters()).toBe(undefined);
      for (const [k, v] of Object.entries(m.stateDict())) expect((v as Tensor).equal(before[k] as Tensor)).toBe(true);
      const out = (m as nn.Module)(torch.randn(2, 1, 3)) as [Tensor, unknown];  // a union of modules with overloaded forwards is not callable in TypeScript
      expect(out[0].shape).toEqual([2, 1, 4]);
    }
  });
});
