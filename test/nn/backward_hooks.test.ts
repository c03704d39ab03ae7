// Module full backward hooks and pre-hooks against Python (fixtures in
// nn_transformer_more.json): the order of the calls, gradInput / gradOutput
// values (null where Python gives None), replacement gradients, handles, and
// Python's errors.
import { describe, it, expect, vi } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn } from "../../src";

type Enc = { shape: number[]; values: (number | string)[] } | null;
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_transformer_more.json"), "utf8"));
const enc = (t: Tensor | null): Enc => (t === null ? null : { shape: t.shape, values: Array.from(t.detach().double().toTypedArray() as Float64Array) });
const close = (t: Tensor | null, e: Enc, tol = 1e-5) => {
  if (e === null) return expect(t).toBeNull();
  expect(t).not.toBeNull();
  expect(t!.shape).toEqual(e.shape);
  Array.from(t!.detach().double().toTypedArray() as Float64Array).forEach((v, i) => {
    const want = Number(e.values[i]);
    if (tol === 0) expect(v).toBe(Math.fround(want)); // fixtures hold float32 values to 9 significant digits
    else if (Math.abs(v - want) > tol * (1 + Math.abs(want))) expect(v).toBeCloseTo(want, 10);
  });
};
/** Compares a log of [name, Enc[], Enc[]?] entries, values within float32 tolerance. */
const sameLog = (got: unknown[][], want: unknown[][]) => {
  expect(got.map((l) => l[0])).toEqual(want.map((l) => l[0]));
  got.forEach((entry, i) => {
    for (let j = 1; j < entry.length; j++) {
      const g = entry[j] as Enc[], w = want[i][j] as Enc[];
      expect(g.length).toBe(w.length);
      g.forEach((e, k) => {
        if (w[k] === null) expect(e).toBeNull();
        else {
          expect(e!.shape).toEqual(w[k]!.shape);
          e!.values.forEach((v, n) => expect(Math.abs((v as number) - Number(w[k]!.values[n]))).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(Number(w[k]!.values[n])))));
        }
      });
    }
  });
};
const errorOf = (fn: () => unknown): string | null => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
};

describe("Module.registerFullBackwardHook / registerFullBackwardPreHook", () => {
  it("Sequential: hooks fire in Python's order with Python's gradients; handles remove them", () => {
    torch.manualSeed(60);
    const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
    const log: unknown[][] = [];
    const rec = (name: string) => (_m: nn.Module, gi: (Tensor | null)[], go: (Tensor | null)[]) => void log.push([name, gi.map(enc), go.map(enc)]);
    const recPre = (name: string) => (_m: nn.Module, go: (Tensor | null)[]) => void log.push([`${name}:pre`, go.map(enc)]);
    const [l0, tanh, l2] = [...seq];
    const hs = [l0.registerFullBackwardHook(rec("lin0")), tanh.registerFullBackwardHook(rec("tanh")),
      l2.registerFullBackwardPreHook(recPre("lin2")), seq.registerFullBackwardHook(rec("seq")), l2.registerFullBackwardHook(rec("lin2"))];
    torch.manualSeed(61);
    const x = torch.randn([5, 3], { requiresGrad: true });
    (seq(x) as Tensor).pow(2).sum().backward();
    sameLog(log, py.hooks_log);
    for (const [n, p] of seq.namedParameters()) close(p.grad, py.hooks_grads[n]);
    close(x.grad, py.hooks_xgrad);
    for (const h of hs) h.remove();
    log.length = 0;
    (seq(x) as Tensor).sum().backward();
    expect(log).toEqual([]);
  });

  it("hooks may replace gradOutput (pre-hook) and gradInput (hook)", () => {
    torch.manualSeed(60);
    const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
    torch.manualSeed(61);
    const x = torch.randn([5, 3], { requiresGrad: true });
    seq.getItem(2).registerFullBackwardPreHook((_m, go) => [go[0]!.mul(2)]);
    seq.getItem(1).registerFullBackwardHook((_m, gi) => [gi[0]!.mul(0.5)]);
    (seq(x) as Tensor).pow(2).sum().backward();
    for (const [n, p] of seq.namedParameters()) close(p.grad, py.hooks_mod_grads[n]);
    close(x.grad, py.hooks_mod_xgrad);
  });

  it("null for non-tensor arguments and unused outputs, zeros for tensors without grad, no-input-grad case", () => {
    class Two extends nn.Module {
      forward(a: Tensor, b: Tensor, c: unknown): Tensor[] {
        void c;
        return [a.mul(2), b.mul(3)];
      }
    }
    class Unused extends nn.Module {
      forward(a: Tensor, b: Tensor): Tensor {
        void b;
        return a.mul(2);
      }
    }
    const log: unknown[][] = [];
    const two = new Two();
    two.registerFullBackwardHook((_m, gi, go) => void log.push(["hook", gi.map(enc), go.map(enc)]));
    two.registerFullBackwardPreHook((_m, go) => void log.push(["pre", go.map(enc)]));
    const f = torch.float32;
    const a = torch.tensor([1, 2], { dtype: f, requiresGrad: true }), b = torch.tensor([3, 4], { dtype: f, requiresGrad: true });
    const c = torch.tensor([5, 6], { dtype: f });
    let [ya, yc] = two(a, c, 5) as Tensor[];
    expect([ya.gradFn!.name(), yc.requiresGrad]).toEqual(py.two_meta);
    ya.sum().backward();
    [ya] = two(a, b, c) as Tensor[];
    ya.pow(2).sum().backward();
    const un = new Unused();
    un.registerFullBackwardHook((_m, gi, go) => void log.push(["unused", gi.map(enc), go.map(enc)]));
    (un(a, b) as Tensor).sum().backward();
    close(b.grad, py.two_b_grad);
    const lin = new nn.Linear(2, 1);
    lin.registerFullBackwardHook((_m, gi, go) => void log.push(["nograd_in", gi.map(enc), go.map(enc)]));
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    (lin(torch.ones(1, 2)) as Tensor).sum().backward();
    expect(String(warn.mock.calls[0]?.[0])).toContain("Full backward hook is firing when gradients are computed with respect to module outputs");
    warn.mockRestore();
    sameLog(log, py.two_log);
  });

  it("a trailing options object is Python's kwargs: not in gradInput", () => {
    torch.manualSeed(0);
    const mh = new nn.MultiheadAttention(4, 2);
    const log: unknown[][] = [];
    mh.registerFullBackwardHook((_m, gi, go) => void log.push(["mha", gi.map(enc), go.map(enc)]));
    const q = torch.randn([3, 1, 4], { requiresGrad: true }), k = torch.randn(3, 1, 4);
    (mh(q, k, k, { needWeights: false }) as [Tensor, null])[0].sum().backward();
    sameLog(log, py.mha_hook.map((l: unknown[]) => ["mha", ...l]));
  });

  it("Python's errors for wrong-length replacements and returning gradients when no input needs them", () => {
    const errs: (string | null)[] = [];
    let bad = new nn.Linear(2, 2);
    bad.registerFullBackwardHook((_m, gi) => [gi[0], gi[0]]);
    errs.push(errorOf(() => (bad(torch.ones([1, 2], { requiresGrad: true })) as Tensor).sum().backward()));
    bad = new nn.Linear(2, 2);
    bad.registerFullBackwardPreHook((_m, go) => [go[0], go[0]]);
    errs.push(errorOf(() => (bad(torch.ones([1, 2], { requiresGrad: true })) as Tensor).sum().backward()));
    bad = new nn.Linear(2, 2);
    bad.registerFullBackwardHook(() => [torch.ones(1, 2)]);
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    errs.push(errorOf(() => (bad(torch.ones(1, 2)) as Tensor).sum().backward()));
    warn.mockRestore();
    errs.forEach((e, i) => expect(e).toContain(py.hook_errors[i]));
    expect(() => bad.registerFullBackwardHook(42 as never)).toThrow(TypeError);
  });

  it("prepend, noGrad (no wrapping), forward hooks see the wrapped inputs, deepcopy keeps the hooks", () => {
    const order: string[] = [];
    const lin = new nn.Linear(2, 2);
    lin.registerFullBackwardHook(() => void order.push("first"));
    lin.registerFullBackwardHook(() => void order.push("prepended"), { prepend: true });
    lin.registerFullBackwardPreHook(() => void order.push("pre"));
    lin.registerFullBackwardPreHook(() => void order.push("pre-prepended"), true);
    let seen: Tensor | null = null;
    lin.registerForwardHook((_m, input) => void (seen = input[0] as Tensor));
    const x = torch.ones([1, 2], { requiresGrad: true });
    const y = lin(x) as Tensor;
    expect(y.gradFn!.name()).toBe("BackwardHookFunctionBackward");
    expect(seen!.gradFn!.name()).toBe("BackwardHookFunctionBackward");
    y.sum().backward();
    expect(order).toEqual(["pre-prepended", "pre", "prepended", "first"]);
    const z = torch.noGrad(() => lin(x) as Tensor);
    expect(z.gradFn).toBeNull();
    order.length = 0;
    const copy = lin.deepcopy();
    (copy(x) as Tensor).sum().backward();
    expect(order).toEqual(["pre-prepended", "pre", "prepended", "first"]);
  });
});
