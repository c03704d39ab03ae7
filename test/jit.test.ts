// torch.jit: TorchScript modules saved by Python (test/fixtures/make_jit.py) loaded, run and
// compared with Python's outputs; parameters, state dicts, save/load, train/eval, freeze,
// bad files and bad arguments, forwardAsync.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import torch, { Tensor } from "../src";
import type { ScriptModule } from "../src/jit";
import { inspect } from "node:util";
import * as ts from "typescript";
import { EXACT, KERNEL, Tol, afterSteps, expectTensorClose } from "./tolerance";

type Enc = unknown;
interface JitCase { method: string; args: Enc[]; kwargs: Record<string, Enc>; out: Enc }
interface JitFixture {
  file: string; training: boolean; cases: JitCase[]; methods: string[];
  namedParameters: [string, Enc][]; namedBuffers: [string, Enc][]; stateDict: [string, Enc][]; children: string[];
  trainForward?: Enc; trainInput?: Enc; failMessage?: string;
}
const fx = JSON.parse(readFileSync(join(__dirname, "fixtures", "jit.json"), "utf8")) as Record<string, JitFixture> & { frozen_attrs: string[] };
const path = (name: string) => join(__dirname, "fixtures", fx[name].file);
const tmp = mkdtempSync(join(tmpdir(), "torch-node-jit-"));

interface EncTensor { tensor: { shape: number[]; dtype: string; values: number[] | null } }
const isT = (v: unknown): v is EncTensor => typeof v === "object" && v !== null && "tensor" in v;

/** A fixture value as a user passes it: tensors, arrays for tuples and lists, objects / Maps for dicts. */
function dec(v: Enc): unknown {
  if (isT(v)) {
    const { shape, dtype, values } = v.tensor;
    return torch.tensor(values as number[], { dtype: (torch as unknown as Record<string, unknown>)[dtype] as never }).reshape(shape);
  }
  if (Array.isArray(v)) return v.map(dec);
  if (v !== null && typeof v === "object" && "tuple" in v) return (v as { tuple: Enc[] }).tuple.map(dec);
  if (v !== null && typeof v === "object" && "dict" in v) {
    const entries = (v as { dict: [Enc, Enc][] }).dict;
    if (entries.every(([k]) => typeof k === "string")) return Object.fromEntries(entries.map(([k, x]) => [k, dec(x)]));
    return new Map(entries.map(([k, x]) => [dec(k), dec(x)]));
  }
  return v;
}

/** Compares a result with Python's: tensors within tol (exact for integers), containers element by element. */
function expectSame(got: unknown, want: Enc, tol: Tol, where = "out"): void {
  if (isT(want)) {
    expect(got, where).toBeInstanceOf(Tensor);
    const t = got as Tensor;
    expect(String(t.dtype), where).toBe(`torch.${want.tensor.dtype}`);
    const floating = t.dtype.isFloatingPoint;
    expectTensorClose(floating ? t : t.double(), { shape: want.tensor.shape, values: want.tensor.values as number[] }, floating ? tol : EXACT, where);
    return;
  }
  if (Array.isArray(want) || (want !== null && typeof want === "object" && "tuple" in want)) {
    const items = Array.isArray(want) ? want : (want as { tuple: Enc[] }).tuple;
    expect(Array.isArray(got), where).toBe(true);
    expect((got as unknown[]).length, where).toBe(items.length);
    items.forEach((w, i) => expectSame((got as unknown[])[i], w, tol, `${where}[${i}]`));
    return;
  }
  if (want !== null && typeof want === "object" && "dict" in want) {
    const entries = (want as { dict: [Enc, Enc][] }).dict;
    if (entries.every(([k]) => typeof k === "string")) {
      expect(got instanceof Map, where).toBe(false);
      const o = got as Record<string, unknown>;
      expect(Object.keys(o), where).toEqual(entries.map(([k]) => k));
      for (const [k, w] of entries) expectSame(o[k as string], w, tol, `${where}.${k}`);
    } else {
      expect(got, where).toBeInstanceOf(Map);
      const m = got as Map<unknown, unknown>;
      expect([...m.keys()], where).toEqual(entries.map(([k]) => k));
      for (const [k, w] of entries) expectSame(m.get(k), w, tol, `${where}.get(${String(k)})`);
    }
    return;
  }
  expect(got, where).toEqual(want);
}

function run(m: ScriptModule, c: JitCase): unknown {
  const args = c.args.map(dec);
  const kw = Object.keys(c.kwargs).length ? [Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, dec(v)]))] : [];
  return m.runMethod(c.method, ...args, ...kw);
}

const TOL: Record<string, Tol> = { control_flow: KERNEL, mlp_traced: afterSteps(3), cnn_traced: afterSteps(5), structured: KERNEL, with_buffers: afterSteps(2), loop: afterSteps(5) };

describe("torch.jit.load: outputs equal Python's", () => {
  for (const name of ["control_flow", "mlp_traced", "cnn_traced", "structured", "with_buffers", "loop"]) {
    it(name, () => {
      const m = torch.jit.load(path(name));
      expect(m).toBeInstanceOf(torch.jit.ScriptModule);
      for (const c of fx[name].cases) expectSame(run(m, c), c.out, TOL[name], `${name}.${c.method}`);
    });
  }

  it("is callable, with forward, exported methods as properties and keyword arguments", () => {
    const cf = torch.jit.load(path("control_flow"));
    const [pos, , withN, kw] = fx.control_flow.cases;
    expectSame(cf(dec(pos.args[0])), pos.out, KERNEL);
    expectSame(cf.forward(dec(pos.args[0])), pos.out, KERNEL);
    expectSame(cf(dec(withN.args[0]), 4), withN.out, KERNEL);
    expectSame(cf(dec(kw.args[0]), { n: 0 }), kw.out, KERNEL);
    const st = torch.jit.load(path("structured"));
    expect(st.describe("net", true)).toBe("NET!");
    expect(st.describe("net", false, 7)).toBe("NET!".slice(0, 3) + "7");
    expect(st.describe("net", true, { maybe: 3 })).toBe("NET!3");
    expect(st.nothing(null)).toBe(null);
    const wb = torch.jit.load(path("with_buffers"));
    const x = dec(fx.with_buffers.cases[1].args[0]);
    expectSame(wb.scaled(x, 2.5), fx.with_buffers.cases[1].out, afterSteps(2));
    expect(wb.methodNames().sort()).toEqual(fx.with_buffers.methods);
    expect(st.methodNames().sort()).toEqual(fx.structured.methods);
  });

  it("code and graph print as Python prints them", () => {
    const p = (fx as unknown as { printed: Record<string, string> }).printed;
    const cf = torch.jit.load(path("control_flow"));
    expect(cf.code).toBe(p.controlFlowCode);
    expect(cf.graph).toBe(p.controlFlowGraph);
    expect(torch.jit.load(path("structured")).methodCode("describe")).toBe(p.describeCode);
    expect(() => cf.methodCode("nope")).toThrow(/Method 'nope' is not defined/);
  });

  it("loads from a Buffer, with a map location (positional or options)", () => {
    const bytes = readFileSync(path("mlp_traced"));
    const c = fx.mlp_traced.cases[0];
    for (const m of [torch.jit.load(bytes), torch.jit.load(bytes, "cpu"), torch.jit.load(path("mlp_traced"), { mapLocation: torch.device("cpu") })]) {
      expectSame(run(m, c), c.out, afterSteps(3));
      expect(String([...m.parameters()][0].device)).toBe("cpu");
    }
    expect(() => torch.jit.load(bytes, 3 as never)).toThrow(TypeError);
    expect(() => torch.jit.load(42 as never)).toThrow(/argument 'f' must be a path/);
  });
});

describe("ScriptModule parameters, buffers, state dict", () => {
  for (const name of ["mlp_traced", "cnn_traced", "with_buffers"]) {
    it(name, () => {
      const m = torch.jit.load(path(name));
      const f = fx[name];
      const params = [...m.namedParameters()];
      expect(params.map(([k]) => k)).toEqual(f.namedParameters.map(([k]) => k));
      params.forEach(([k, t], i) => expectSame(t, f.namedParameters[i][1], EXACT, k));
      expect([...m.parameters()].length).toBe(params.length);
      const bufs = [...m.namedBuffers()];
      expect(bufs.map(([k]) => k)).toEqual(f.namedBuffers.map(([k]) => k));
      bufs.forEach(([k, t], i) => expectSame(t, f.namedBuffers[i][1], EXACT, k));
      expect([...m.buffers()].length).toBe(bufs.length);
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(f.stateDict.map(([k]) => k));
      for (const [k, v] of f.stateDict) expectSame(sd[k], v, EXACT, k);
      expect([...m.namedChildren()].map(([k]) => k)).toEqual(f.children);
      expect(m.training).toBe(f.training);
    });
  }

  it("attributes: submodules, parameters and buffers as properties, shared with the module", () => {
    const m = torch.jit.load(path("with_buffers"));
    expect(m.lin).toBeInstanceOf(torch.jit.ScriptModule);
    expect(m.lin).toBe(m.lin);
    expect([...m.children()][0]).toBe(m.lin);
    expect(m.lin.originalName).toBe("Linear");
    expect(m.originalName).toBe("WithBuffers");
    expect([...m.lin.weight.shape]).toEqual([2, 3]);
    expect(m.count.item()).toBe(7);
    expect(m.bump().item()).toBe(8);
    expect(m.count.item()).toBe(8);
    // the tensors are the module's own: an in-place change shows in its outputs
    torch.noGrad(() => m.scale.fill_(0));
    const x = torch.ones(1, 3);
    expect(m(x).tolist()).toEqual([[0.5, -0.5]]);
    expect([...m.namedModules()].map(([k]) => k)).toEqual(["", "lin"]);
    expect(String(m)).toBe("RecursiveScriptModule(original_name=WithBuffers\n  (lin): RecursiveScriptModule(original_name=Linear)\n)");
  });

  it("loadStateDict copies values in; missing and unexpected keys as nn.Module reports them", () => {
    const a = torch.jit.load(path("mlp_traced"));
    const sd = a.stateDict();
    const zeros = Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, torch.zerosLike(v)]));
    const r = a.loadStateDict(zeros);
    expect(r).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const x = torch.randn(2, 4);
    expect(a(x).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    const b = torch.jit.load(path("mlp_traced"));
    a.loadStateDict(b.stateDict());
    expectTensorClose(a(x), { shape: [2, 3], values: (b(x) as Tensor).flatten().tolist<number[]>() }, EXACT);
    const partial = { ...b.stateDict(), extra: torch.ones(1) } as Record<string, Tensor>;
    delete partial["fc1.bias"];
    expect(() => a.loadStateDict(partial)).toThrow(/Missing key\(s\) in state_dict: "fc1.bias"[^]*Unexpected key\(s\) in state_dict: "extra"/);
    expect(a.loadStateDict(partial, false)).toEqual({ missingKeys: ["fc1.bias"], unexpectedKeys: ["extra"] });
    expect(() => a.loadStateDict({ "fc1.weight": torch.zeros(2, 2) }, { strict: false })).toThrow(/size mismatch for fc1.weight/);
  });

  it("train() / eval() and the training attribute (recursive; the training-dependent branch runs)", () => {
    const m = torch.jit.load(path("with_buffers"));
    const x = dec(fx.with_buffers.trainInput) as Tensor;
    expect(m.training).toBe(false);
    expect(m.train()).toBe(m);
    expect(m.training).toBe(true);
    expect(m.lin.training).toBe(true);
    expectSame(m(x), fx.with_buffers.trainForward, EXACT);
    m.eval();
    expect(m.training).toBe(false);
    expect(m.lin.training).toBe(false);
    expectSame(m(x), fx.with_buffers.cases[0].out, afterSteps(2));
    m.training = true;  // this module only, as Python's attribute
    expect(m.training).toBe(true);
    expect(m.lin.training).toBe(false);
    m.train(false);
    expect(m.training).toBe(false);
  });

  it("gradients flow through a loaded module into its parameters (Python's grads); zeroGrad, requiresGrad_", () => {
    const m = torch.jit.load(path("mlp_traced"));
    const f = fx.mlp_traced as JitFixture & { gradInput: Enc; grads: [string, Enc][] };
    (m(dec(f.gradInput)) as Tensor).pow(2).sum().backward();
    const params = [...m.namedParameters()];
    expect(params.map(([k]) => k)).toEqual(f.grads.map(([k]) => k));
    params.forEach(([k, p], i) => expectSame(p.grad, f.grads[i][1], afterSteps(3), `${k}.grad`));
    m.zeroGrad(false);
    for (const p of m.parameters()) expect(p.grad!.abs().sum().item()).toBe(0);
    m.zeroGrad();
    for (const p of m.parameters()) expect(p.grad).toBe(null);
    expect(m.requiresGrad_(false)).toBe(m);
    for (const p of m.parameters()) expect(p.requiresGrad).toBe(false);
    expect((m(torch.ones(1, 4)) as Tensor).requiresGrad).toBe(false);
  });

  it("is an nn.Module: a container holds it; stateDict, to(), apply, deepcopy through nn.Module's code", () => {
    const m = torch.jit.load(path("mlp_traced"));
    expect(m).toBeInstanceOf(torch.nn.Module);
    const seq = new torch.nn.Sequential(m, new torch.nn.Softmax(1));
    const x = dec(fx.mlp_traced.cases[0].args[0]) as Tensor;
    const want = (dec(fx.mlp_traced.cases[0].out) as Tensor).softmax(1);
    expectTensorClose(seq(x), { shape: [5, 3], values: want.flatten().tolist<number[]>() }, afterSteps(3));
    expect(Object.keys(seq.stateDict())).toEqual(fx.mlp_traced.stateDict.map(([k]) => `0.${k}`));
    expect([...seq.parameters()].length).toBe(4);
    seq.to(torch.float64);
    for (const p of m.parameters()) expect(p.dtype).toBe(torch.float64);
    seq.float();
    const seen: string[] = [];
    m.apply((c: ScriptModule) => seen.push(c.originalName));
    expect(seen).toEqual(["Linear", "ReLU", "Linear", "MLP"]);
    const copy = m.deepcopy();
    torch.noGrad(() => copy.fc1.weight.zero_());
    expect(m.fc1.weight.abs().sum().item()).toBeGreaterThan(0);
    expect(() => m.registerForwardHook(() => null)).toThrow(/register_forward_hook is not supported on ScriptModules/);
    expect(() => m.registerBuffer("extra", torch.ones(1))).toThrow(/Can't add a new parameter after ScriptModule construction/);
    const wb = torch.jit.load(path("with_buffers"));
    wb._buffers.set("offset", torch.zeros(2));
    expect(wb.offset.tolist()).toEqual([0, 0]);
    wb.registerBuffer("offset", torch.ones(2));
    expect(wb.offset.tolist()).toEqual([1, 1]);
    wb.offset = torch.full([2], 3);
    expect(wb.offset.tolist()).toEqual([3, 3]);
    expect(() => (wb.offset = "x")).toThrow(/Expected a value of type 'Tensor' for argument 'offset'/);
  });

  it("to(dtype) / to(device) cast and move the parameters in place", () => {
    const m = torch.jit.load(path("mlp_traced"));
    const x = dec(fx.mlp_traced.cases[0].args[0]) as Tensor;
    expect(m.to(torch.float64)).toBe(m);
    for (const p of m.parameters()) expect(p.dtype).toBe(torch.float64);
    expectSame((m(x.double()) as Tensor).float(), fx.mlp_traced.cases[0].out, afterSteps(3));
    m.to("cpu", torch.float32);
    for (const p of m.parameters()) expect(p.dtype).toBe(torch.float32);
    m.double().float();
    expect(() => m.to(torch.int64)).toThrow(/only accepts floating point/);
  });
});

describe("torch.jit.save", () => {
  it("round-trips through a file and a Buffer", () => {
    for (const name of ["control_flow", "structured", "with_buffers", "cnn_traced"]) {
      const m = torch.jit.load(path(name));
      const file = join(tmp, `${name}.pt`);
      expect(torch.jit.save(m, file)).toBe(undefined);
      const buf = torch.jit.save(m);
      expect(Buffer.isBuffer(buf)).toBe(true);
      m.save(join(tmp, `${name}-method.pt`));
      for (const again of [torch.jit.load(file), torch.jit.load(buf), torch.jit.load(join(tmp, `${name}-method.pt`))]) {
        for (const c of fx[name].cases) expectSame(run(again, c), c.out, TOL[name], `${name}.${c.method}`);
        expect(Object.keys(again.stateDict())).toEqual(fx[name].stateDict.map(([k]) => k));
      }
    }
  });

  it("keeps changed values and the training flag", () => {
    const m = torch.jit.load(path("with_buffers"));
    m.bump();
    m.train();
    const again = torch.jit.load(torch.jit.save(m));
    expect(again.count.item()).toBe(8);
    expect(again.training).toBe(true);
  });

  it("extra files: Python's read back, and written with the module (str or Buffer)", () => {
    const extra: Record<string, unknown> = { "meta.json": "" };
    torch.jit.load(path("with_buffers"), null, extra);
    expect(Buffer.isBuffer(extra["meta.json"])).toBe(true);
    expect(String(extra["meta.json"])).toBe((fx.with_buffers as JitFixture & { extraFiles: Record<string, string> }).extraFiles["meta.json"]);
    const m = torch.jit.load(path("control_flow"));
    const file = join(tmp, "extra.pt");
    torch.jit.save(m, file, { "a.txt": "hello", "b.bin": Buffer.from([0, 1, 255]) });
    const back: Record<string, unknown> = { "a.txt": "", "b.bin": "" };
    torch.jit.load(file, { _extraFiles: back });
    expect(String(back["a.txt"])).toBe("hello");
    expect([...(back["b.bin"] as Buffer)]).toEqual([0, 1, 255]);
    const fromBuf: Record<string, unknown> = { "a.txt": "" };
    torch.jit.load(torch.jit.save(m, null, { "a.txt": "in memory" }), "cpu", fromBuf);
    expect(String(fromBuf["a.txt"])).toBe("in memory");
    expect(() => torch.jit.save(m, file, { "a.txt": 3 } as never)).toThrow(/extra file 'a.txt' must be a str or a Buffer/);
    expect(() => torch.jit.load(file, null, "a.txt" as never)).toThrow(/'_extra_files' must be a dict/);
  });

  it("rejects what is not a ScriptModule", () => {
    expect(() => torch.jit.save(new torch.nn.Linear(2, 2) as never)).toThrow(/argument 'm' must be a ScriptModule/);
    expect(() => torch.jit.save(torch.jit.load(path("control_flow")), 5 as never)).toThrow(TypeError);
  });
});

describe("torch.jit.freeze, optimizeForInference, setFusionStrategy", () => {
  it("freeze inlines the parameters and keeps the outputs", () => {
    const m = torch.jit.load(path("mlp_traced"));
    expect(() => torch.jit.freeze(m.train())).toThrow(/eval mode/);
    m.eval();
    const f = torch.jit.freeze(m);
    expect([...f.namedParameters()].map(([k]) => k)).toEqual(fx.frozen_attrs);
    const c = fx.mlp_traced.cases[0];
    expectSame(run(f, c), c.out, afterSteps(3));
    const kept = torch.jit.freeze(m, ["fc1"]);
    expectSame(run(kept, c), c.out, afterSteps(3));
  });

  it("optimizeForInference keeps the outputs (conv + batchnorm folded)", () => {
    const m = torch.jit.load(path("cnn_traced"));
    const o = torch.jit.optimizeForInference(m);
    const c = fx.cnn_traced.cases[0];
    expectSame(run(o, c), c.out, afterSteps(10));
    expect(m.training).toBe(false);
  });

  it("setFusionStrategy returns the previous strategy", () => {
    const prev = torch.jit.setFusionStrategy([["STATIC", 2], ["DYNAMIC", 3]]);
    expect(Array.isArray(prev)).toBe(true);
    expect(torch.jit.setFusionStrategy(prev)).toEqual([["STATIC", 2], ["DYNAMIC", 3]]);
    expect(() => torch.jit.setFusionStrategy([["FAST", 1]])).toThrow(/'STATIC' or 'DYNAMIC'/);
    expect(() => torch.jit.setFusionStrategy("STATIC" as never)).toThrow(TypeError);
  });
});

describe("bad files and bad arguments", () => {
  it("a malformed, a truncated or a missing file throws an Error naming the file", () => {
    const bad = join(tmp, "malformed.pt");
    writeFileSync(bad, "this is not a TorchScript archive\n".repeat(20));
    expect(() => torch.jit.load(bad)).toThrow(new RegExp(`cannot load '${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'[^]*PytorchStreamReader`));
    const bytes = readFileSync(path("control_flow"));
    const cut = join(tmp, "truncated.pt");
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    expect(() => torch.jit.load(cut)).toThrow(/cannot load '.*truncated\.pt' as a TorchScript module/);
    expect(() => torch.jit.load(bytes.subarray(0, 100))).toThrow(/cannot load a buffer of 100 bytes/);
    expect(() => torch.jit.load(join(tmp, "missing.pt"))).toThrow(/cannot load '.*missing\.pt'/);
  });

  it("no crash on 300 seeded byte mutations of two small modules", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let loaded = 0, failed = 0;
    for (let i = 0; i < 300; i++) {
      const bytes = readFileSync(path(i % 2 ? "structured" : "control_flow"));
      const b = Buffer.from(bytes);
      const n = 1 + Math.floor(rand() * 8);
      for (let j = 0; j < n; j++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      let m: ScriptModule;
      try {
        m = torch.jit.load(b);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^torch\.jit\.load\(\): cannot load a buffer of \d+ bytes/);
        failed++;
        continue;
      }
      loaded++;
      try {
        m(torch.tensor([1, 2, 3]));
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
    expect(loaded + failed).toBe(300);
    expect(failed).toBeGreaterThan(0);
  });

  it("wrong argument types are rejected with a TypeError naming the argument", () => {
    const cf = torch.jit.load(path("control_flow"));
    expect(() => cf("x")).toThrow(/forward\(\) Expected a value of type 'Tensor' for argument 'x' but instead found type 'str'/);
    expect(() => cf(torch.ones(2), 1.5)).toThrow(/Expected a value of type 'int' for argument 'n' but instead found type 'float'/);
    expect(() => cf(torch.ones(2), 1, 2)).toThrow(/expected at most 3 argument\(s\) but received 4/);
    expect(() => cf(torch.ones(2), { m: 1 })).toThrow(/unexpected keyword argument 'm'/);
    expect(() => cf()).toThrow(/forward\(\) is missing value for argument 'x'/);
    const st = torch.jit.load(path("structured"));
    expect(() => st.describe(1, true)).toThrow(TypeError);
    expect(() => st.describe(1, true)).toThrow(/argument 'name'/);
    expect(() => st(torch.ones(2, 3), { a: 1 }, [1, 2.0])).toThrow(/argument 'opts'/);
    expect(() => st(torch.ones(2, 3), {}, [1])).toThrow(/Expected a value of type 'Tuple\[int, float\]' for argument 'pair'/);
    expect(() => st.runMethod("nope", 1)).toThrow(/Method 'nope' is not defined/);
    const x = torch.ones(2);
    x.dispose();
    expect(() => cf(x)).toThrow(/Tensor has been disposed \(x\)/);
  });

  it("an error inside the module carries LibTorch's message", () => {
    const m = torch.jit.load(path("loop"));
    expect(() => m.fail(torch.ones(3, 64))).toThrow(fx.loop.failMessage!.replace(/^RuntimeError: /, ""));
  });
});

describe("forwardAsync", () => {
  it("100 concurrent calls resolve with forward's results", async () => {
    const m = torch.jit.load(path("loop"));
    const c = fx.loop.cases[0];
    expectSame(await m.forwardAsync(...c.args.map(dec)), c.out, afterSteps(5));
    const inputs = Array.from({ length: 100 }, (_, i) => torch.randn(4, 64, { generator: new torch.Generator().manualSeed(i) }));
    const want = inputs.map((x, i) => (m(x, 1 + (i % 5)) as Tensor).tolist());
    const got = await Promise.all(inputs.map((x, i) => m.forwardAsync(x, 1 + (i % 5))));
    got.forEach((g, i) => expect((g as Tensor).tolist()).toEqual(want[i]));
  });

  it("keeps the inputs alive while the call runs, and the event loop keeps turning", async () => {
    const m = torch.jit.load(path("loop"));
    const x = torch.randn(8, 64);
    const want = (m(x, 3000) as Tensor).tolist();
    let done = false, ticks = 0;
    const p = m.forwardAsync(x, 3000).then((r: Tensor) => ((done = true), r));
    x.dispose();  // the call holds its own reference
    const tickedBeforeDone = await new Promise<boolean>((resolve) => setImmediate(() => ((ticks++), resolve(!done))));
    expect(tickedBeforeDone).toBe(true);
    expect(ticks).toBe(1);
    expect((await p).tolist()).toEqual(want);
  });

  it("runs under the caller's grad mode; keyword arguments and an AbortSignal in the options", async () => {
    const m = torch.jit.load(path("with_buffers"));
    const x = torch.ones(2, 3);
    // (no_grad first: once the module ran with grad, LibTorch's executor keeps the grad plan, in Python too)
    expect(((await torch.noGrad(() => m.forwardAsync(x))) as Tensor).requiresGrad).toBe(false);
    expect(((await m.forwardAsync(x)) as Tensor).requiresGrad).toBe(true);
    const cf = torch.jit.load(path("control_flow"));
    const kw = fx.control_flow.cases[3];
    expectSame(await cf.forwardAsync(dec(kw.args[0]), { n: 0 }), kw.out, KERNEL);
    expectSame(await cf.forwardAsync(dec(kw.args[0]), { n: 0, signal: new AbortController().signal }), kw.out, KERNEL);
    // an aborted signal: the call is never queued
    const ac = new AbortController();
    ac.abort();
    await expect(cf.forwardAsync(torch.ones(2), { signal: ac.signal })).rejects.toThrow(/aborted/);
  });

  it("an AbortSignal cancels calls still queued behind a busy pool; running ones finish", async () => {
    const m = torch.jit.load(path("loop"));
    const pool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const x = torch.randn(8, 64);
    const want = (m(x, 2000) as Tensor).tolist();
    const ac = new AbortController();
    // the pool's threads all take a long call; the rest wait in the queue
    const calls = Array.from({ length: pool + 3 }, () => m.forwardAsync(x, 2000, { signal: ac.signal }).then(
      (r: Tensor) => r.tolist(), (e: Error) => e));
    ac.abort();
    const results = await Promise.all(calls);
    const aborted = results.filter((r) => r instanceof Error);
    for (const e of aborted) expect((e as Error).name).toBe("AbortError");
    for (const r of results.filter((r) => !(r instanceof Error))) expect(r).toEqual(want);
    expect(aborted.length).toBeGreaterThanOrEqual(3);
    expect(results.length - aborted.length).toBeLessThanOrEqual(pool);
  });

  it("errors reject with LibTorch's message; bad arguments reject with a TypeError", async () => {
    const m = torch.jit.load(path("loop"));
    await expect(m.runMethodAsync("fail", torch.ones(3, 64))).rejects.toThrow(/mat1 and mat2 shapes cannot be multiplied/);
    await expect(m.forwardAsync("x", 1)).rejects.toThrow(TypeError);
    await expect(m.runMethodAsync("nope")).rejects.toThrow(/Method 'nope' is not defined/);
  });
});

describe("docs/jit.md", () => {
  // each ```ts example, with its model file read from the fixtures, prints what the page shows
  const doc = readFileSync(join(__dirname, "..", "docs", "jit.md"), "utf8");
  const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```\n\n```text\n([\s\S]*?)```/g)].map((b) => ({ code: b[1], out: b[2] }));
  const files: Record<string, string> = { "mlp.pt": path("mlp_traced"), "structured.pt": path("structured") };
  it("has examples", () => expect(blocks.length).toBe(2));
  blocks.forEach((b, k) => {
    it(`example ${k + 1} prints what the page shows`, async () => {
      const body = b.code.replace(/^import torch from "torch-node";\n/m, "").replace(/"(\w+\.pt)"/g, (_, f: string) => JSON.stringify(files[f]));
      const js = ts.transpileModule(`(async () => {${body}})()`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
      const lines: string[] = [];
      const con = { log: (...a: unknown[]) => lines.push(a.map((x) => (typeof x === "string" ? x : inspect(x))).join(" ")) };
      await new Function("torch", "console", `return ${js}`)(torch, con);
      expect(lines.join("\n") + "\n").toBe(b.out);
    });
  });
});
