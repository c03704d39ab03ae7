// nn.init (truncNormal_, orthogonal_, sparse_, eye_, dirac_, generators), RNNCell / LSTMCell /
// GRUCell and ParameterList / ParameterDict against Python (test/fixtures/make_nn_init_cells.py).
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";
import { KERNEL, ULPS, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; dtype: string; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_init_cells.json"), "utf8"));
const DT: Record<string, any> = { float32: torch.float32, float64: torch.float64 };
const tensorOf = (e: Enc) => torch.tensor(e.values, { dtype: DT[e.dtype] }).reshape(e.shape);
function close(t: Tensor, e: Enc, where: string, rtol = KERNEL.rtol, atol = KERNEL.atol): void {
  expect(t.dtype.name, `${where} dtype`).toBe(e.dtype);
  expectTensorClose(t, e, { rtol, atol }, where);
}
/** the same draws as Python: float draws within a few ulps (test/tolerance.ts) */
const exact = (t: Tensor, e: Enc, where: string) => close(t, e, where, ULPS.rtol, ULPS.atol);
const E = py.errors as Record<string, { type: string; message: string }>;
function throwsPy(id: string, fn: () => unknown, cls: new (...a: any[]) => Error): void {
  expect(E[id], id).toBeDefined();
  expect(fn).toThrow(cls);
  const msg = E[id].type === "KeyError" ? E[id].message.slice(1, -1).replace(/\\'/g, "'") : E[id].message;
  expect(fn).toThrow(msg);
}

describe("nn.init against Python (same seed, same draws)", () => {
  const I = nn.init;
  const G = (s: number) => new torch.Generator().manualSeed(s);
  const cases: [string, number, number[], (t: Tensor) => Tensor, boolean?, any?][] = [
    ["trunc_default", 0, [4, 5], (t) => I.truncNormal_(t)],
    ["trunc_mean_std_ab", 1, [3, 4], (t) => I.truncNormal_(t, 0.5, 0.2, 0.0, 1.0)],
    ["trunc_narrow", 2, [5, 6], (t) => I.truncNormal_(t, { mean: 0.0, std: 1.0, a: 2.0, b: 3.0 })],
    ["trunc_big", 3, [60, 70], (t) => I.truncNormal_(t, { std: 0.5, a: -0.3, b: 0.8 })],
    ["trunc_f64", 4, [7, 3], (t) => I.truncNormal_(t, { a: -1.0, b: 1.5 }), true, torch.float64],
    ["trunc_gen", 5, [4, 4], (t) => I.truncNormal_(t, 0.0, 1.0, -2.0, 2.0, G(7))],
    ["trunc_gen_narrow", 5, [4, 4], (t) => I.truncNormal_(t, 1.0, 0.5, 2.5, 4.0, { generator: G(8) })],
    ["orth_wide", 0, [4, 6], (t) => I.orthogonal_(t), false],
    ["orth_tall", 1, [6, 4], (t) => I.orthogonal_(t, 2.0), false],
    ["orth_3d", 2, [3, 2, 2], (t) => I.orthogonal_(t, { gain: 0.5 }), false],
    ["orth_gen", 3, [5, 5], (t) => I.orthogonal_(t, 1, G(3)), false],
    ["sparse", 0, [6, 5], (t) => I.sparse_(t, 0.5, 0.1)],
    ["sparse_default", 1, [10, 3], (t) => I.sparse_(t, 0.25)],
    ["sparse_gen", 2, [4, 4], (t) => I.sparse_(t, 0.4, { generator: G(11) })],
    ["eye_wide", 0, [3, 5], (t) => I.eye_(t)],
    ["eye_tall", 0, [4, 2], (t) => I.eye_(t)],
    ["dirac_3d", 0, [4, 2, 3], (t) => I.dirac_(t)],
    ["dirac_4d_groups", 0, [6, 2, 3, 3], (t) => I.dirac_(t, 2)],
    ["dirac_5d", 0, [2, 3, 3, 2, 3], (t) => I.dirac_(t, { groups: 1 })],
    ["uniform_gen", 0, [3, 3], (t) => I.uniform_(t, -1.0, 2.0, G(5))],
    ["normal_gen", 0, [3, 3], (t) => I.normal_(t, 1.0, 0.5, { generator: G(6) })],
    ["xavier_uniform_gen", 0, [3, 4], (t) => I.xavierUniform_(t, 2.0, G(1))],
    ["kaiming_normal_gen", 0, [3, 4], (t) => I.kaimingNormal_(t, 0, "fan_out", "relu", G(2))],
    ["kaiming_upper_mode", 0, [3, 4], (t) => I.kaimingUniform_(t, { mode: "FAN_OUT" })],
    ["deprecated_uniform", 0, [2, 3], (t) => I.uniform(t, -2.0, 2.0)],
    ["deprecated_xavier", 0, [2, 3], (t) => I.xavierNormal(t)],
  ];
  for (const [name, seed, shape, fn, isExact = true, dtype] of cases) {
    it(name, () => {
      torch.manualSeed(seed);
      const t = torch.empty(shape, dtype ? { dtype } : {});
      expect(fn(t)).toBe(t);
      // QR runs through LAPACK: equal to rounding; the samplers draw exactly Python's values
      if (isExact) exact(t, py.init[name], name);
      else close(t, py.init[name], name);
    });
  }
  it("initialisers run under no_grad: a leaf that requires grad stays a leaf", () => {
    const w = torch.empty([3, 3], { requiresGrad: true });
    nn.init.orthogonal_(w);
    nn.init.truncNormal_(w);
    nn.init.eye_(w);
    expect(w.requiresGrad).toBe(py.init_leaf.requires_grad);
    expect(w.gradFn !== null).toBe(py.init_leaf.grad_fn);
  });
  it("Python's errors", () => {
    throwsPy("eye_3d", () => nn.init.eye_(torch.empty(2, 2, 2)), RangeError);
    throwsPy("dirac_2d", () => nn.init.dirac_(torch.empty(2, 2)), RangeError);
    throwsPy("dirac_groups", () => nn.init.dirac_(torch.empty(5, 2, 3), 2), RangeError);
    throwsPy("orth_1d", () => nn.init.orthogonal_(torch.empty(3)), RangeError);
    throwsPy("sparse_3d", () => nn.init.sparse_(torch.empty(2, 2, 2), 0.5), RangeError);
    throwsPy("kaiming_mode", () => nn.init.kaimingUniform_(torch.empty(2, 2), { mode: "fan_x" }), RangeError);
    throwsPy("gain_param", () => nn.init.calculateGain("leaky_relu", "x" as never), RangeError);
    expect(() => nn.init.uniform_(torch.empty(2), 0, 1, 5 as never)).toThrow("argument 'generator' must be torch.Generator, not int");
  });
});

describe("RNNCell, LSTMCell, GRUCell against Python", () => {
  const X = py.cell_inputs;
  const [xb, xu, h2, h1, c2, c1] = ["xb", "xu", "h2", "h1", "c2", "c1"].map((k) => tensorOf(X[k]));
  const cases: [string, () => nn.Module, Tensor, unknown?][] = [
    ["RNNCell", () => new nn.RNNCell(3, 4), xb],
    ["RNNCell_hx", () => new nn.RNNCell(3, 4), xb, h2],
    ["RNNCell_unbatched", () => new nn.RNNCell(3, 4), xu, h1],
    ["RNNCell_relu_nobias", () => new nn.RNNCell(3, 4, false, "relu"), xb, h2],
    ["LSTMCell", () => new nn.LSTMCell(3, 4), xb],
    ["LSTMCell_hx", () => new nn.LSTMCell(3, 4), xb, [h2, c2]],
    ["LSTMCell_unbatched", () => new nn.LSTMCell(3, 4, { bias: false }), xu, [h1, c1]],
    ["GRUCell", () => new nn.GRUCell(3, 4), xb],
    ["GRUCell_hx", () => new nn.GRUCell(3, 4), xb, h2],
    ["GRUCell_unbatched", () => new nn.GRUCell(3, 4, false), xu],
    ["GRUCell_f64", () => new nn.GRUCell(3, 4, { dtype: torch.float64 }), xb.double(), h2.double()],
    ["LSTMCell_f64_relu", () => new nn.RNNCell(3, 4, { nonlinearity: "relu", dtype: torch.float64 }), xb.double()],
  ];
  for (const [name, make, x, hx] of cases) {
    it(name, () => {
      const want = py.cells[name];
      torch.manualSeed(0);
      const m = make();
      expect(String(m)).toBe(want.repr);
      const params = Object.fromEntries(m.namedParameters());
      expect(Object.keys(params)).toEqual(Object.keys(want.params));
      for (const [k, e] of Object.entries(want.params)) exact(params[k], e as Enc, k);
      const r = hx === undefined ? m(x) : m(x, hx);
      const outs: Tensor[] = Array.isArray(r) ? r : [r];
      expect(outs.length).toBe(want.out.length);
      outs.forEach((o, i) => close(o, want.out[i], `out ${i}`));
      outs.map((o, i) => o.sum().mul(i + 1)).reduce((a, b) => a.add(b)).backward();
      for (const [k, e] of Object.entries(want.grads)) close(params[k].grad!, e as Enc, `grad ${k}`);
    });
  }
  it("state dict keys and errors", () => {
    expect(Object.keys(new nn.LSTMCell(3, 4).stateDict())).toEqual(py.cells_state_keys);
    throwsPy("rnncell_3d", () => new nn.RNNCell(3, 4)(torch.randn(1, 2, 3)), RangeError);
    throwsPy("rnncell_hx_3d", () => new nn.RNNCell(3, 4)(xb, torch.randn(1, 2, 4)), RangeError);
    throwsPy("lstmcell_hx_3d", () => new nn.LSTMCell(3, 4)(xb, [h2, torch.randn(1, 2, 4)]), RangeError);
    throwsPy("grucell_0d", () => new nn.GRUCell(3, 4)(torch.tensor(1.0)), RangeError);
    throwsPy("rnncell_nonlinearity", () => new nn.RNNCell(3, 4, { nonlinearity: "sigmoid" } as never)(xb), Error);
  });
});

describe("ParameterList and ParameterDict against Python", () => {
  const C = py.containers;
  it("ParameterList: append, extend, print, stateDict keys, getItem, slices, iteration", () => {
    torch.manualSeed(0);
    const pl = new nn.ParameterList([torch.randn(2, 3), new nn.Parameter(torch.randn(3)), torch.randn([4, 1], { dtype: torch.float64 })]);
    pl.append(torch.randn(2));
    pl.extend([torch.zeros(1, 2, 3)]);
    expect(String(pl)).toBe(C.pl_repr);
    expect(Object.keys(pl.stateDict())).toEqual(C.pl_keys);
    expect(pl.length).toBe(C.pl_len);
    const vals = [...pl];
    vals.forEach((p, i) => {
      expect(p).toBeInstanceOf(nn.Parameter);
      exact(p, C.pl_values[i], `param ${i}`);
    });
    expect(pl.getItem(-1).shape).toEqual(C.pl_neg_shape);
    expect(String(pl.getItem("1:4:2"))).toBe(C.pl_slice_repr);
    expect(pl.getItem("1:4:2").getItem(0)).toBe(pl.getItem(1));
    expect([...pl.getItem("::-2")].map((q: Tensor) => q.shape)).toEqual([[1, 2, 3], [4, 1], [2, 3]]);
    expect([...pl.parameters()].length).toBe(5);
    const p = new nn.Parameter(torch.ones(7));
    pl.setItem(0, p);
    expect(pl.getItem(0)).toBe(p);
    expect(Object.keys(pl.stateDict())).toEqual(C.pl_keys);
    expect(String(new nn.ParameterList([torch.ones(2)]))).toBe(C.pl_one);
    expect(String(new nn.ParameterList())).toBe(C.pl_empty);
    expect(String(new nn.ParameterList([torch.ones(1), 3, "x"]))).toBe(C.pl_obj);
  });
  it("ParameterDict: sorted plain objects, ordered pairs, keys / values / items, print", () => {
    torch.manualSeed(0);
    const pd = new nn.ParameterDict({ weight: torch.randn(2, 2), alpha: torch.randn([3], { dtype: torch.float64 }), bias: torch.zeros(2) });
    expect(String(pd)).toBe(C.pd_repr);
    expect(pd.keys()).toEqual(C.pd_keys);
    expect(Object.keys(pd.stateDict())).toEqual(C.pd_state);
    const pd2 = new nn.ParameterDict([["z", torch.ones(1)], ["a", torch.ones(2, 2)]]);
    expect(String(pd2)).toBe(C.pd2_repr);
    expect([...pd2]).toEqual(C.pd2_keys);
    expect(pd2.values().every((v) => v instanceof nn.Parameter)).toBe(true);
    expect(pd2.items().map(([k]) => k)).toEqual(C.pd2_keys);
    expect(pd2.has("z")).toBe(true);
    const z = pd2.pop("z");
    expect(z.shape).toEqual([1]);
    expect(pd2.keys()).toEqual(["a"]);
    expect(pd2.length).toBe(1);
    expect(Object.keys(pd2.stateDict())).toEqual(["a"]);
    pd2.setItem("q", torch.zeros(3));
    expect(pd2.getItem("q")).toBeInstanceOf(nn.Parameter);
    expect(pd2.get("missing", 5)).toBe(5);
    const pd3 = new nn.ParameterDict(new Map([["z", torch.ones(1)], ["a", torch.ones(1)]]));
    expect(pd3.keys()).toEqual(["z", "a"]);
    expect(pd3.copy().keys()).toEqual(["z", "a"]);
    expect(pd3.popitem()[0]).toBe("a");
    pd2.clear();
    expect(pd2.length).toBe(0);
    expect([...pd2.parameters()].length).toBe(0);
  });
  it("inside a module: Python's print and stateDict keys", () => {
    class Holder extends nn.Module {
      params = new nn.ParameterList([torch.ones(2), torch.ones(3)]);
      pdict = new nn.ParameterDict({ b: torch.ones(1), a: torch.ones(1) });
    }
    const h = new Holder();
    expect(String(h)).toBe(C.holder_repr);
    expect(Object.keys(h.stateDict())).toEqual(C.holder_keys);
  });
  it("Python's errors", () => {
    throwsPy("pl_index", () => new nn.ParameterList([torch.ones(1)]).getItem(3), RangeError);
    throwsPy("pl_call", () => (new nn.ParameterList() as any)(1), Error);
    throwsPy("pd_call", () => (new nn.ParameterDict() as any)(1), Error);
    throwsPy("pl_extend", () => new nn.ParameterList().extend(torch.ones(2) as never), TypeError);
    throwsPy("pd_key", () => new nn.ParameterDict().getItem(1 as never), TypeError);
    throwsPy("pd_update", () => new nn.ParameterDict().update(3 as never), TypeError);
    throwsPy("pd_pair", () => new nn.ParameterDict([["a", torch.ones(1), 3] as never]), RangeError);
    throwsPy("pd_dot", () => new nn.ParameterDict({ "a.b": torch.ones(1) }), Error);
  });
});
