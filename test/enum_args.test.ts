// Enum-valued arguments (memory format, dtype, layout, device): only the torch.*
// objects are accepted, as in Python; anything else throws a TypeError naming the
// argument, and never reaches LibTorch (where a bad code crashed the process with
// SIGSEGV / SIGFPE). The bad calls run in child processes (test/enum_args/child.ts)
// so a crash is seen as a signal. Messages and valid results against Python
// (test/fixtures/make_enum_args.py).
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { runInChildren, badOutcomes, type CallResult } from "./harness/children";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import torch, { Tensor } from "../src";
import { native } from "../src/native";
import { opId } from "../src/dispatch";
import { allCases, listedCases, schemaCases } from "./enum_args/cases";

const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "enum_args.json"), "utf8")) as {
  errors: Record<string, { error: string; message: string }>;
  valid: Record<string, { shape: number[]; stride: number[]; is_contiguous: boolean; is_channels_last: boolean } | { value: unknown }>;
  reprs: Record<string, string>;
};

const child = join(__dirname, "enum_args", "child.ts");

describe("enum arguments: no bad value crashes the process", () => {
  const cases = allCases();
  const labels = cases.map((c) => c.label);
  const byLabel = new Map(cases.map((c) => [c.label, c]));
  let results: CallResult[] = [];

  it("every call runs in child processes without a crash", async () => {
    const run = await runInChildren({ script: child, total: cases.length, batch: 600, timeoutMs: 120_000 });
    results = run.results;
    expect(run.failures.map((f) => `${f.label}: ${f.how}${f.alone ? "" : " (not alone)"} ${f.stderr}`)).toEqual([]);
    expect(badOutcomes(results)).toEqual([]);
    expect(results.map((r) => r.label)).toEqual(labels);
  }, 300_000);

  it("covers the listed calls and every enum-typed parameter of the generated surface", () => {
    expect(listedCases().length).toBeGreaterThan(250);
    const schema = schemaCases().map((c) => c.label);
    // one per (function or method, enum parameter, bad value, form): at least these
    for (const l of ["t.chalf(memoryFormat: 4) [chalf]", "t.resize_(memoryFormat: 4) [resize_]", "t.resizeAs_(memoryFormat: -1) [resize_as_]",
      "torch.viewCopy(..., look-alike) [view_copy.dtype]", "torch.logspace(dtype: look-alike) [logspace]", "torch.emptyLike(memoryFormat: NaN) [empty_like]",
      "torch.canCast(..., 99) [can_cast]", "torch.emptyPermuted(layout: 8) [empty_permuted]",
      "torch.emptyStrided(device: \"foo\") [empty_strided]", "torch.linalg.vectorNorm(dtype: 6) [linalg_vector_norm]", "t.toDense(dtype: \"float32\") [to_dense]"])
      expect(schema, l).toContain(l);
    expect(schema.length).toBeGreaterThan(1500);
  });

  it("a bad memory format, dtype or layout throws a TypeError naming the argument", () => {
    const wrong: string[] = [];
    for (const r of results) {
      const c = byLabel.get(r.label)!;
      if (r.outcome !== "threw") wrong.push(`${r.label}: no error`);
      else if (c.expect === "TypeError") {
        const named = c.names.some((n) => r.message.includes(`'${n}'`) || r.message.includes(`${n}=`));
        const combination = c.positional && r.message.includes("() received an invalid combination of arguments - got (");
        if (r.type !== "TypeError" || !(named || combination)) wrong.push(`${r.label}: ${r.type}: ${r.message}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("enum arguments: messages as Python's", () => {
  const t = () => torch.ones(2, 3, 4, 5);
  const calls: Record<string, () => unknown> = {
    clone_int: () => t().clone({ memoryFormat: 4 as never }),
    clone_str: () => t().clone({ memoryFormat: "channels_last" as never }),
    clone_valid_code_int: () => t().clone({ memoryFormat: 2 as never }),
    contiguous_int: () => t().contiguous({ memoryFormat: 2 as never }),
    is_contiguous_int: () => t().isContiguous({ memoryFormat: 4 as never }),
    empty_like_int: () => torch.emptyLike(t(), { memoryFormat: 4 as never }),
    empty_like_nan: () => torch.emptyLike(t(), { memoryFormat: NaN as never }),
    zeros_like_7: () => torch.zerosLike(t(), { memoryFormat: 7 as never }),
    ones_like_int: () => torch.onesLike(t(), { memoryFormat: 4 as never }),
    full_like_int: () => torch.fullLike(t(), 1, { memoryFormat: 4 as never }),
    resize_int: () => torch.ones(2).resize_([4, 4], { memoryFormat: 4 as never }),
    resize_as_int: () => torch.ones(2).resizeAs_(t(), { memoryFormat: 4 as never }),
    chalf_int: () => t().chalf({ memoryFormat: 4 as never }),
    torch_clone_int: () => torch.clone(t(), { memoryFormat: 4 as never }),
    empty_int: () => torch.empty(2, 3, { memoryFormat: 4 as never }),
    empty_99: () => torch.empty([2, 3], { memoryFormat: 99 as never }),
    empty_bool: () => torch.empty(2, { memoryFormat: true as never }),
    zeros_layout_int: () => torch.zeros(2, { layout: 1 as never }),
    zeros_dtype_str: () => torch.zeros(2, { dtype: "float32" as never }),
    zeros_device_dtype: () => torch.zeros(2, { device: torch.float32 as never }),
    empty_strided_layout_int: () => torch.emptyStrided([2], [1], { layout: 3 as never }),
    empty_dtype_int: () => torch.empty(2, { layout: torch.strided, dtype: 5 as never }),
    can_cast_int_pos: () => torch.canCast(5 as never, torch.float32),
    can_cast_int_kw: () => torch.canCast(torch.float32, { to: 5 as never }),
    to_dense_int: () => t().toDense({ dtype: 3 as never }),
    linalg_vector_norm_int: () => torch.linalg.vectorNorm(t(), { dtype: 5 as never }),
    special_log_softmax_int: () => torch.special.logSoftmax(t(), 0, { dtype: 5 as never }),
    nan_to_num_str: () => torch.nanToNum(t(), { nan: "a" as never }),
    tensor_dtype_int: () => torch.tensor([1], { dtype: 5 as never }),
    clone_channels_last_3d_rank4: () => t().clone({ memoryFormat: torch.channelsLast3d }),
    empty_channels_last_rank1: () => torch.empty(2, { memoryFormat: torch.channelsLast }),
    new_dtype: () => new (torch.dtype as unknown as new (...a: unknown[]) => unknown)("x", 99, 0, false, false, false),
    new_layout: () => new (torch.layout as unknown as new (...a: unknown[]) => unknown)("x", 99),
    new_memory_format: () => new (torch.memory_format as unknown as new (...a: unknown[]) => unknown)("x", 99),
  };
  for (const [label, f] of Object.entries(calls)) {
    it(label, () => {
      const want = fixture.errors[label];
      // Python's RuntimeError is a plain Error here
      const type = want.error === "RuntimeError" ? Error : TypeError;
      let err: unknown;
      try { f(); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message.split("\n")[0]).toBe(want.message);
    });
  }
  it("every Python case has its call", () => expect(Object.keys(calls).sort()).toEqual(Object.keys(fixture.errors).sort()));

  it("a look-alike object is not the torch.* object", () => {
    expect(() => t().view(Object.create(torch.float32))).toThrow(
      "view(): argument 'dtype' (position 1) must be torch.dtype, not a look-alike torch.dtype object (only the torch.* objects are accepted)");
    expect(() => t().clone({ memoryFormat: Object.create(torch.channelsLast) })).toThrow(
      "clone(): argument 'memory_format' must be torch.memory_format, not a look-alike torch.memory_format object");
  });
});

describe("enum arguments: valid calls with the torch.* objects", () => {
  it("torch.memory_format objects print as Python's", () => {
    const objs = [torch.contiguousFormat, torch.preserveFormat, torch.channelsLast, torch.channelsLast3d];
    expect(objs.map(String)).toEqual(Object.keys(fixture.reprs));
    for (const o of objs) expect(o).toBeInstanceOf(torch.memory_format);
    expect(Object.isFrozen(torch.channelsLast)).toBe(true);
  });

  const t = () => torch.ones(2, 3, 4, 5);
  const t5 = () => torch.ones(2, 3, 4, 5, 6);
  const cl = () => torch.ones(2, 3, 4, 5).contiguous(torch.channelsLast);
  const calls: Record<string, () => unknown> = {
    clone_channels_last: () => t().clone({ memoryFormat: torch.channelsLast }),
    clone_contiguous_of_cl: () => cl().clone({ memoryFormat: torch.contiguousFormat }),
    clone_preserve_of_cl: () => cl().clone({ memoryFormat: torch.preserveFormat }),
    clone_default_of_cl: () => cl().clone(),
    contiguous_channels_last: () => t().contiguous({ memoryFormat: torch.channelsLast }),
    contiguous_channels_last_3d: () => t5().contiguous({ memoryFormat: torch.channelsLast3d }),
    empty_like_default_of_cl: () => torch.emptyLike(cl()),
    zeros_like_channels_last: () => torch.zerosLike(t(), { memoryFormat: torch.channelsLast }),
    ones_like_contiguous_of_cl: () => torch.onesLike(cl(), { memoryFormat: torch.contiguousFormat }),
    full_like_channels_last: () => torch.fullLike(t(), 2.0, { memoryFormat: torch.channelsLast }),
    rand_like_channels_last: () => torch.randLike(t(), { memoryFormat: torch.channelsLast }),
    randint_like_channels_last: () => torch.randintLike(t(), 5, { memoryFormat: torch.channelsLast }),
    empty_channels_last: () => torch.empty(2, 3, 4, 5, { memoryFormat: torch.channelsLast }),
    to_channels_last: () => t().to({ memoryFormat: torch.channelsLast }),
    to_dtype_channels_last: () => t().to(torch.float64, { memoryFormat: torch.channelsLast }),
    to_other_channels_last: () => t().to(torch.ones(1, { dtype: torch.float64 }), { memoryFormat: torch.channelsLast }),
    resize_channels_last: () => torch.ones(2).resize_([2, 3, 4, 5], { memoryFormat: torch.channelsLast }),
    resize_as_channels_last: () => torch.ones(2).resizeAs_(t(), { memoryFormat: torch.channelsLast }),
    torch_clone_channels_last: () => torch.clone(t(), { memoryFormat: torch.channelsLast }),
    chalf_channels_last: () => t().chalf({ memoryFormat: torch.channelsLast }),
    view_dtype_int32: () => t().view(torch.int32),
    view_dtype_uint8: () => t().view({ dtype: torch.uint8 }),
    is_contiguous_cl_channels_last: () => cl().isContiguous({ memoryFormat: torch.channelsLast }),
    is_contiguous_cl: () => cl().isContiguous(),
    zeros_strided: () => torch.zeros(2, 3, { layout: torch.strided }),
  };
  for (const [label, f] of Object.entries(calls)) {
    it(label, () => {
      const want = fixture.valid[label];
      const r = f();
      if ("value" in want) {
        expect(r).toBe(want.value);
        return;
      }
      const x = r as Tensor;
      expect([x.shape, x.stride(), x.isContiguous(), x.isContiguous(torch.channelsLast)]).toEqual(
        [want.shape, want.stride, want.is_contiguous, want.is_channels_last]);
    });
  }
  it("every Python case has its call", () => expect(Object.keys(calls).sort()).toEqual(Object.keys(fixture.valid).sort()));
});

describe("enum codes at the native boundary (binding/)", () => {
  // The TypeScript layer never passes these; the binding range-checks them anyway.
  // Run in a child process: with an unguarded binding they crash it.
  const bad: [string, string, RegExp][] = [
    ["callOp clone(memory_format=4)", `native.callOp(opId("clone"), h(), 4)`, /argument 'memory_format' must be torch.memory_format \(got the invalid code 4\)/],
    ["callOp clone(memory_format=-1)", `native.callOp(opId("clone"), h(), -1)`, /invalid code -1\)/],
    ["callOp empty_like(layout=8)", `native.callOp(opId("empty_like"), h(), null, 8)`, /argument 'layout' must be torch.layout \(got the invalid code 8\)/],
    ["callOp view.dtype(99)", `native.callOp(opId("view", "dtype"), h(), 99)`, /argument 'dtype' must be torch.dtype \(got the invalid code 99\)/],
    ["callOp sum(dtype=1000) (unboxed)", `native.callOp(opId("sum"), h(), 1000)`, /must be torch.dtype \(got the invalid code 1000\)/],
    ["callOp to.dtype_layout(dtype=-3)", `native.callOp(opId("to", "dtype_layout"), h(), -3)`, /invalid code -3\)/],
    ["fromRawBuffer(dtype=99)", `native.fromRawBuffer(new Uint8Array(4), [1], 99)`, /must be torch.dtype/],
    ["fromTypedArray(dtype=99)", `native.fromTypedArray(new Float32Array(1), [1], 99)`, /must be torch.dtype/],
    ["setDefaultDtype(99)", `native.setDefaultDtype(99)`, /must be torch.dtype/],
    ["setAutocastDtype(cpu, 99)", `native.setAutocastDtype("cpu", 99)`, /must be torch.dtype/],
  ];
  it("a code outside the enum throws a TypeError", () => {
    const src = (f: string) => JSON.stringify(join(__dirname, "..", "src", f));
    const script = `
      const { native } = require(${src("native.ts")});
      const { opId } = require(${src("dispatch.ts")});
      const torch = require(${src("index.ts")}).default;
      const h = () => torch.ones(2, 3)._h;
      const out = [];
      for (const f of [${bad.map(([, f]) => `() => ${f}`).join(", ")}]) {
        try { f(); out.push("no error"); } catch (e) { out.push(e.constructor.name + ": " + e.message); }
      }
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
    expect(r.signal).toBe(null);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as string[];
    bad.forEach(([label, , re], i) => {
      expect(out[i], label).toMatch(/^TypeError: /);
      expect(out[i], label).toMatch(re);
    });
  });
  it("valid codes still work", () => {
    expect(torch.getDefaultDtype()).toBe(torch.float32);
    const x = new Tensor(native.callOp(opId("clone"), torch.ones(2, 3, 4, 5)._h, torch.channelsLast.code));
    expect(x.stride()).toEqual([60, 1, 15, 3]);
  });
});
