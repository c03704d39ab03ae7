// Optimizer / LR scheduler checkpoints keep Python's value types through
// torch.save and torch.load: tuples (betas, etas, step_sizes) stay tuples and
// float hyperparameters stay floats when their value is integral (weight_decay 0.0,
// lr 1.0), ints stay ints (max_iter). Python checked the file torch-node writes
// (test/fixtures/check_optim_checkpoint.py -> optim_checkpoint.json); this test
// checks that the writer still writes that pickle, that the loader keeps the types
// (of that file and of Python's own checkpoint), and that load -> save keeps them.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, optim } from "../../src";
import { saveToBuffer } from "../../src/serialization/save";
import { isTuple, isFloatAt } from "../../src/pytypes";
import { optimCheckpoint, dataPkl } from "./optim_checkpoint_objects";

const fx = (f: string) => join(__dirname, "..", "fixtures", f);
const py = JSON.parse(readFileSync(fx("optim_checkpoint.json"), "utf8"));

/** The Python type tree of a value as torch-node holds it (check_optim_checkpoint.py's `types`). */
function types(v: unknown, container?: object, key?: string | number): unknown {
  if (v instanceof Tensor) return "Tensor";
  if (Array.isArray(v)) return [isTuple(v) ? "tuple" : "list", v.map((x, i) => types(x, v, i))];
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), types(x, v, k)]));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, types(x, v, k)]));
  if (typeof v === "number") return !Number.isInteger(v) || (container !== undefined && isFloatAt(container, key!)) ? "float" : "int";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "str";
  if (v === null) return "NoneType";
  return typeof v;
}

describe("optimizer and scheduler checkpoints keep Python's value types", () => {
  it("torch.save writes the pickle Python read with Python's types (tuples, floats, ints)", () => {
    const mine = saveToBuffer(optimCheckpoint());
    expect(Buffer.compare(dataPkl(mine), dataPkl(readFileSync(fx("optim_checkpoint.pt"))))).toBe(0);
    // what Python saw in that file: the types of the same checkpoint built in Python
    expect(py.same_types).toBe(true);
    expect(py.js_types).toEqual(py.py_types);
    expect([py.betas_is_tuple, py.weight_decay_is_float, py.lbfgs_max_iter_is_int]).toEqual([true, true, true]);
    expect(py.js_opcodes).toEqual(py.py_opcodes);
    expect(py.js_opcodes).toMatchObject({ betas: "tuple", weight_decay: "float", lr: "float", max_iter: "int" });
    expect(py.js_values.adam_groups[0]).toMatchObject({ lr: 0.1, betas: [0.8, 0.9], weight_decay: 0, eps: 1e-8 });
    expect(py.js_values.lbfgs_prev_loss).toBe(5);
  });

  it("stateDict() values stay plain JS numbers and arrays", () => {
    const g = optimCheckpoint().adam as { param_groups: Record<string, unknown>[] };
    const { betas, weight_decay: wd } = g.param_groups[0];
    const [b1, b2] = betas as number[];
    expect(b1 + b2).toBeCloseTo(1.7, 12);
    expect(wd).toBe(0);
    expect(betas).toEqual([0.8, 0.9]);
    expect(JSON.stringify(g.param_groups[0].betas)).toBe("[0.8,0.9]");
    expect(Object.keys(betas as object)).toEqual(["0", "1"]);
  });

  it("torch.load of that file keeps the types (the types tree is Python's)", () => {
    const c = torch.load(saveToBuffer(optimCheckpoint()));
    expect(types(c)).toEqual(py.js_types);
    const g = c.adam.param_groups[0];
    expect(isTuple(g.betas)).toBe(true);
    expect(isFloatAt(g, "weight_decay")).toBe(true);
    expect(isFloatAt(c.lbfgs.param_groups[0], "max_iter")).toBe(false);
    expect(isFloatAt(c.onecycle._schedule_phases[0], "end_step")).toBe(true);
  });

  it("Python's own checkpoint: torch.load keeps its tuples and floats, and load -> save -> load keeps them", () => {
    const c = torch.load(fx("optim_checkpoint_py.pt"));
    expect(types(c)).toEqual(py.py_types);
    const again = torch.load(saveToBuffer(c));
    expect(types(again)).toEqual(py.py_types);
    expect(again.adam.param_groups[0].betas).toEqual([0.8, 0.9]);
  });

  it("a Python optimizer state loaded into a torch-node optimizer is saved with Python's types", () => {
    const c = torch.load(fx("optim_checkpoint_py.pt"));
    const adam = new optim.Adam([torch.tensor([1.0, 2.0], { dtype: torch.float32, requiresGrad: true })]);
    adam.loadStateDict(c.adam);
    const back = torch.load(saveToBuffer({ adam: adam.stateDict() }));
    expect(types(back.adam.param_groups)).toEqual((py.py_types as { adam: { param_groups: unknown } }).adam.param_groups);
  });

  it("a Python scheduler state loaded into a torch-node scheduler is saved with Python's types", () => {
    const c = torch.load(fx("optim_checkpoint_py.pt"));
    const o = new optim.SGD([torch.tensor([1.0, 2.0], { dtype: torch.float32, requiresGrad: true })], 0.1, 0.9);
    const s = new optim.lrScheduler.OneCycleLR(o, 1, 10);
    s.loadStateDict(c.onecycle);
    o.loadStateDict(c.onecycle_optimizer);
    const back = torch.load(saveToBuffer({ onecycle: s.stateDict(), onecycle_optimizer: o.stateDict() }));
    const want = py.py_types as Record<string, unknown>;
    expect(types(back)).toEqual({ onecycle: want.onecycle, onecycle_optimizer: want.onecycle_optimizer });
  });

  it("-0.0 is written as a float (its sign kept)", () => {
    const v = torch.load(saveToBuffer({ z: -0 })).z;
    expect(Object.is(v, -0)).toBe(true);
  });
});
