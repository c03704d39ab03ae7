// torch.autocast (CPU, bfloat16 / float16) and torch.amp.GradScaler against
// Python (test/fixtures/make_amp.py): the same casts, the same loss-scale
// sequence (growth, overflow back-off, skipped steps) and the same weights.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, optim, F } from "../../src";
import { native } from "../../src/native";

type Enc = { shape: number[]; dtype: string; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "amp.json"), "utf8"));

function expectTensor(t: Tensor, e: Enc, tol = 0) {
  expect(t.shape).toEqual(e.shape);
  expect(t.dtype.toString()).toBe(`torch.${e.dtype}`);
  const got = Array.from(t.float().toTypedArray() as Float32Array);
  got.forEach((v, i) => expect(Math.abs(v - e.values[i]), `[${i}] ${v} vs ${e.values[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e.values[i]))));
}

describe("torch.autocast", () => {
  torch.manualSeed(0);
  const a = torch.randn(4, 5), b = torch.randn(5, 3);
  const lin = new nn.Linear(5, 3);

  it("casts matmul, linear and conv to the fast dtype and leaves others, as Python's CPU lists", () => {
    torch.autocast("cpu", () => {
      expectTensor(torch.mm(a, b), py.mm);
      expectTensor(lin(a) as Tensor, py.linear);
      expect(torch.softmax(torch.mm(a, b), 1).dtype.toString()).toBe(py.softmax_dtype);
      expect(a.add(1).dtype.toString()).toBe(py.add_dtype);
      expect(torch.isAutocastEnabled("cpu")).toBe(py.enabled_inside);
    });
    expect(torch.isAutocastEnabled("cpu")).toBe(py.enabled_after);
  });

  it("nests: enabled false inside an enabled region", () => {
    torch.autocast("cpu", () => {
      const inner = torch.autocast("cpu", { enabled: false }, () => torch.mm(a, b));
      expect(inner.dtype.toString()).toBe(py.inner_disabled);
      expect(torch.mm(a, b).dtype).toBe(torch.bfloat16);
    });
  });

  it("takes a dtype (float16) and restores the previous dtype after", () => {
    expectTensor(torch.autocast("cpu", { dtype: torch.float16 }, () => torch.mm(a, b)), py.mm_fp16);
    expect(torch.getAutocastDtype("cpu")).toBe(torch.bfloat16);
  });

  it("restores the state when fn throws, and rejects async callbacks", () => {
    expect(() => torch.autocast("cpu", () => { throw new Error("boom"); })).toThrow("boom");
    expect(torch.isAutocastEnabled("cpu")).toBe(false);
    expect(() => torch.autocast("cpu", async () => 1)).toThrow(/Promise/);
    expect(torch.isAutocastEnabled("cpu")).toBe(false);
  });

  it("gives Python's errors and warnings for bad devices and dtypes", () => {
    expect(() => torch.autocast("tpu_nope", () => 1)).toThrow(py.errors.bad_device);
    expect(() => torch.autocast(3 as never, () => 1)).toThrow(/device_type/);
    // float64 is not an autocast dtype on CPU: Python warns and runs without autocast
    const r = torch.autocast("cpu", { dtype: torch.float64 }, () => torch.isAutocastEnabled("cpu"));
    expect(r).toBe(false);
    if (!torch.cuda.isAvailable()) {
      expect(torch.autocast("cuda", () => torch.isAutocastEnabled("cuda"))).toBe(false);
      expect(torch.getAutocastDtype("cuda")).toBe(torch.float16);
    }
  });
});

describe("torch.amp.GradScaler", () => {
  function train(initScale: number, growthInterval: number, mult: number, ref: any) {
    torch.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 2));
    const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const scaler = new torch.amp.GradScaler("cpu", { initScale, growthInterval });
    torch.manualSeed(1);
    const x = torch.randn(32, 4), y = torch.randn(32, 2);
    for (let i = 0; i < 12; i++) {
      opt.zeroGrad();
      const loss = torch.autocast("cpu", { dtype: torch.bfloat16 }, () => F.mseLoss((model(x) as Tensor).float(), y).mul(mult));
      scaler.scale(loss).backward();
      scaler.step(opt);
      scaler.update();
      expect(Math.abs((loss.item() as number) - ref.losses[i]), `loss ${i}`).toBeLessThanOrEqual(1e-6 * Math.abs(ref.losses[i]));
      expect(scaler.getScale(), `scale ${i}`).toBe(ref.scales[i]);
      expect(scaler.stateDict()._growth_tracker, `tracker ${i}`).toBe(ref.trackers[i]);
    }
    const sd = model.stateDict();
    for (const [k, e] of Object.entries(ref.params as Record<string, Enc>)) expectTensor(sd[k], e, 1e-6);
    expect(scaler.stateDict()).toEqual(ref.state);
  }

  it("grows the scale every growthInterval clean steps", () => train(2 ** 10, 3, 1, py.train_grow));
  it("skips the step and backs off when gradients overflow", () => train(3.0e38, 2000, 1000, py.train_overflow));

  it("unscale_ before clipping, then step and update; scale() of a list", () => {
    torch.manualSeed(0);
    const model = new nn.Linear(3, 2);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const scaler = new torch.amp.GradScaler("cpu", { initScale: 256 });
    const x = torch.randn(5, 3);
    scaler.scale((model(x) as Tensor).pow(2).sum()).backward();
    scaler.unscale_(opt);
    expectTensor(model.weight.grad!, py.unscaled_grad, 1e-6);
    expect(() => scaler.unscale_(opt)).toThrow("unscale_() has already been called on this optimizer since the last update().");
    nn.utils.clipGradNorm_(model.parameters(), 0.5);
    scaler.step(opt);
    expect(() => scaler.step(opt)).toThrow("step() has already been called since the last update().");
    scaler.update();
    expectTensor(model.weight, py.clip_weight, 1e-6);
    const scaled = scaler.scale([torch.ones(2), torch.full([1], 2.0)]);
    scaled.forEach((t, i) => expectTensor(t, py.scaled_list[i]));
    expect(() => scaler.update()).toThrow(py.errors.update_without_scale);
    expect(() => new torch.amp.GradScaler("cpu").step(opt)).toThrow(py.errors.step_before_scale);
    expect(() => new torch.amp.GradScaler("cpu", { growthFactor: 1.0 })).toThrow(py.errors.growth);
    expect(() => scaler.step(opt, () => 1)).toThrow("Closure use is not currently supported if GradScaler is enabled.");
  });

  it("stateDict round-trips; a disabled scaler passes through", () => {
    const s = new torch.amp.GradScaler("cpu", { initScale: 8, growthInterval: 7 });
    const t = new torch.amp.GradScaler("cpu");
    t.loadStateDict(s.stateDict());
    expect(t.stateDict()).toEqual({ scale: 8, growth_factor: 2, backoff_factor: 0.5, growth_interval: 7, _growth_tracker: 0 });
    const off = new torch.amp.GradScaler("cpu", { enabled: false });
    const x = torch.ones(2);
    expect(off.scale(x)).toBe(x);
    expect(off.getScale()).toBe(1);
    expect(off.stateDict()).toEqual({});
    expect(() => t.loadStateDict({})).toThrow(/source state dict is empty/);
  });
});

describe("torch.cuda without a GPU, and the allocation retry", () => {
  it("answers as Python's CPU build does", () => {
    if (torch.cuda.isAvailable()) return;
    expect(torch.cuda.memoryAllocated()).toBe(0);
    expect(torch.cuda.maxMemoryAllocated()).toBe(0);
    expect(torch.cuda.memoryReserved()).toBe(0);
    expect(torch.cuda.memoryStats()).toEqual({});
    expect(torch.cuda.isBf16Supported()).toBe(false);
    expect(() => torch.cuda.emptyCache()).not.toThrow();
    for (const f of [() => torch.cuda.currentDevice(), () => torch.cuda.synchronize(), () => torch.cuda.getDeviceName(),
      () => torch.cuda.getDeviceProperties(0), () => torch.cuda.memGetInfo(), () => torch.cuda.setDevice(0)])
      expect(f).toThrow("Torch not compiled with CUDA enabled");
    expect(() => torch.cuda.synchronize("cpu")).toThrow(/Expected a cuda device/);
  });

  it("an allocation failure collects garbage once, retries, then throws the allocator's message", () => {
    const before = native.gcRetries();
    expect(() => torch.empty(2 ** 46, { dtype: torch.uint8 })).toThrow(/can't allocate memory/);
    expect(native.gcRetries() - before).toBe(1);
    expect(torch.ones(2).sum().item()).toBe(2);
  });
});
