// Losses, part 2, against Python (test/fixtures/make_nn_loss_more.py): every case is data
// (inputs, options), run here through the module (new nn[Name](opts)) or the F form
// (F[name](...inputs, opts)); forward values, gradients and print text must equal Python's.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, F } from "../../src";

type Enc = { shape: number[]; dtype: string; values: (number | string)[] };
type In = { tensor?: Enc & { grad: boolean }; value?: unknown };
interface Case {
  id: string; module: string | null; fn: string | null; opts: Record<string, unknown>; inputs: In[];
  repr: string | null; out: Enc; grads: (Enc | null)[];
}
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_loss_more.json"), "utf8")) as {
  cases: Case[]; custom: Record<string, any>; positional: Record<string, any>; state: Record<string, string[]>;
  errors: Record<string, { type: string; message: string }>;
};
const dec = (v: number | string) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const DT: Record<string, any> = { float32: torch.float32, float64: torch.float64, int64: torch.int64 };
function tensorOf(e: Enc, grad = false): Tensor {
  const flat = torch.tensor(e.values.map(dec), { dtype: DT[e.dtype] });
  const t = flat.reshape(e.shape).detach();
  return grad ? t.requiresGrad_(true) : t;
}
function close(t: Tensor, e: Enc, where: string, rtol = 1e-5, atol = 1e-6): void {
  expect(t.shape, `${where} shape`).toEqual(e.shape);
  expect(t.dtype.name, `${where} dtype`).toBe(e.dtype);
  const got = Array.from(t.detach().toTypedArray(), Number);
  const bad: string[] = [];
  e.values.map(dec).forEach((w, i) => {
    const g = got[i];
    if (Object.is(g, w) || (Number.isFinite(w) && Math.abs(g - w) <= atol + rtol * Math.abs(w))) return;
    if (bad.length < 6) bad.push(`[${i}] got ${g}, want ${w}`);
  });
  expect(bad, `${where} values`).toEqual([]);
}
function opts(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = v !== null && typeof v === "object" && "tensor" in (v as object) ? tensorOf((v as { tensor: Enc }).tensor) : v;
  return out;
}

describe("losses part 2: modules and F forms against Python", () => {
  for (const c of py.cases) {
    it(c.id, () => {
      const inputs = c.inputs.map((x) => (x.tensor ? tensorOf(x.tensor, x.tensor.grad) : x.value));
      let out: Tensor;
      if (c.module) {
        const m = new (nn as any)[c.module](opts(c.opts)) as nn.Module;
        expect(String(m)).toBe(c.repr);
        out = m(...inputs) as Tensor;
      } else {
        out = (F as any)[c.fn!](...inputs, opts(c.opts)) as Tensor;
      }
      close(out, c.out, "output");
      if (out.requiresGrad) {
        const w = torch.arange(1, out.numel() + 1, { dtype: out.dtype }).reshape(out.shape).div(out.numel());
        out.mul(w).sum().backward();
      }
      c.grads.forEach((g, i) => {
        const x = inputs[i];
        if (g === null) {
          if (x instanceof Tensor && x.requiresGrad) expect(x.grad, `grad ${i}`).toBeNull();
          return;
        }
        expect(x).toBeInstanceOf(Tensor);
        close((x as Tensor).grad!, g, `grad of input ${i}`);
      });
    });
  }
  it("covers every loss of the issue in module and F form", () => {
    const mods = new Set(py.cases.map((c) => c.module));
    for (const m of ["CosineEmbeddingLoss", "MarginRankingLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss", "CTCLoss", "PoissonNLLLoss",
      "GaussianNLLLoss", "HingeEmbeddingLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "MultiLabelMarginLoss", "MultiMarginLoss"])
      expect(mods.has(m), m).toBe(true);
    expect(py.cases.filter((c) => c.fn).length).toBeGreaterThanOrEqual(15);
  });
});

describe("TripletMarginWithDistanceLoss with a distance function", () => {
  const ins = () => {
    const c = py.cases.find((k) => k.id === "TripletMarginWithDistanceLoss")!;
    return c.inputs.map((x) => tensorOf(x.tensor!, true));
  };
  const fns: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
    cos: (x, y) => torch.cosineSimilarity(x, y).neg().add(1),
    l1: (x, y) => x.sub(y).abs().sum(-1),
  };
  for (const name of ["cos", "l1"]) {
    it(name, () => {
      const m = new nn.TripletMarginWithDistanceLoss({ distanceFunction: fns[name], margin: 0.5, swap: true });
      expect(String(m)).toBe(py.custom[name].repr);
      const xs = ins();
      const out = m(...(xs as Parameters<typeof m.forward>)) as Tensor;
      close(out, py.custom[name].out, "output");
      out.backward();
      xs.forEach((x, i) => close(x.grad!, py.custom[name].grads[i], `grad ${i}`));
    });
  }
  it("a Module distance is a registered child; the default prints PairwiseDistance()", () => {
    const m = new nn.TripletMarginWithDistanceLoss();
    expect(String(m)).toBe(py.custom.module_repr);
    expect([...m.namedChildren()].map(([n]) => n)).toEqual(["distance_function"]);
    expect(m.distanceFunction).toBeInstanceOf(nn.PairwiseDistance);
    const withModule = new nn.TripletMarginWithDistanceLoss({ distanceFunction: new nn.PairwiseDistance(1.0) });
    expect(String(withModule)).toBe(py.custom.module_repr);
    expect((withModule(...(ins() as Parameters<typeof withModule.forward>)) as Tensor).item()).toBeCloseTo(py.custom.module_out, 5);
    const custom = new nn.TripletMarginWithDistanceLoss({ distanceFunction: (x: Tensor, y: Tensor) => x.sub(y).abs().sum(-1) });
    expect(String(custom)).toBe("TripletMarginWithDistanceLoss()");
  });
});

describe("positional arguments in Python's order, buffers", () => {
  const get = (id: string) => py.cases.find((k) => k.id === id)!.inputs.map((x) => (x.tensor ? tensorOf(x.tensor) : x.value)) as Tensor[];
  const mw = torch.tensor([0.5, 1.0, 2.0, 1.5, 0.25]);
  const cw = torch.tensor([1.0, 2.0, 0.5, 1.0, 3.0]);
  it("modules and F", () => {
    const P = py.positional;
    expect(String(new nn.TripletMarginLoss(0.5, 1.0, 1e-3, true))).toBe(P.TripletMarginLoss);
    const [mmi, mmt] = get("MultiMarginLoss_mean");
    expect((new nn.MultiMarginLoss(2, 0.5, mw)(mmi, mmt) as Tensor).item()).toBeCloseTo(P.MultiMarginLoss, 6);
    const [ci] = get("CrossEntropyLoss_smooth");
    expect((new nn.CrossEntropyLoss(cw, null, 2, null, "sum", 0.1)(ci, torch.tensor([1, 0, 4, 2])) as Tensor).item()).toBeCloseTo(P.CrossEntropyLoss, 5);
    const [pos, cnt] = get("PoissonNLLLoss_nolog_none");
    expect((new nn.PoissonNLLLoss(false, true, null, 0.1)(pos, cnt) as Tensor).item()).toBeCloseTo(P.PoissonNLLLoss, 5);
    const [lp, tg, , tl] = get("CTCLoss_inf");
    expect((new nn.CTCLoss(0, "sum", true)(lp, tg, torch.tensor([12, 2, 11]), tl) as Tensor).item()).toBeCloseTo(P.CTCLoss, 4);
    const [a, b, y6] = get("MarginRankingLoss_mean");
    expect(F.marginRankingLoss(a, b, y6, 0.4, null, null, "sum").item()).toBeCloseTo(P.margin_ranking_loss, 6);
    const [an, po, ne] = get("TripletMarginLoss");
    expect(F.tripletMarginLoss(an, po, ne, 0.5, 1, 1e-6, true).item()).toBeCloseTo(P.triplet_margin_loss, 6);
    const cidx = torch.tensor([1, 0, 4, 2]);
    expect(F.crossEntropy(ci, cidx, cw, null, 4, null, "sum", 0.1).item()).toBeCloseTo(P.cross_entropy, 5);
    expect(F.nllLoss(ci.logSoftmax(1), cidx, cw, null, 0, null, "mean").item()).toBeCloseTo(P.nll_loss, 6);
    const [si, sy] = get("SoftMarginLoss_mean");
    const sw = tensorOf((py.cases.find((k) => k.id === "mse_loss_weight")!.opts.weight as { tensor: Enc }).tensor);
    expect(F.mseLoss(si, sy, null, null, "sum", sw).item()).toBeCloseTo(P.mse_loss, 5);
    const [mi, my] = get("MultiLabelSoftMarginLoss_mean");
    expect(F.binaryCrossEntropyWithLogits(mi, my, null, null, null, "mean", mw).item()).toBeCloseTo(P.binary_cross_entropy_with_logits, 6);
  });
  it("weights are buffers (stateDict keys equal Python's)", () => {
    expect(Object.keys(new nn.CrossEntropyLoss(cw).stateDict())).toEqual(py.state.CrossEntropyLoss_weight_state);
    expect(Object.keys(new nn.MSELoss().stateDict())).toEqual(py.state.MSELoss_state);
    expect(Object.keys(new nn.BCEWithLogitsLoss({ posWeight: mw }).stateDict())).toEqual(py.state.BCEWithLogitsLoss_state);
    expect(new nn.CrossEntropyLoss().weight).toBeNull();
  });
  it("legacy sizeAverage / reduce pick the reduction", () => {
    expect(new nn.MSELoss({ sizeAverage: false }).reduction).toBe("sum");
    expect(new nn.MSELoss(false).reduction).toBe("sum");
    expect(new nn.L1Loss(null, false).reduction).toBe("none");
    expect(new nn.NLLLoss(null, true, -100, true).reduction).toBe("mean");
  });
});

describe("Python's errors", () => {
  const E = py.errors;
  const get = (id: string) => py.cases.find((k) => k.id === id)!.inputs.map((x) => (x.tensor ? tensorOf(x.tensor) : x.value)) as Tensor[];
  const [x1, x2, y] = get("CosineEmbeddingLoss_mean");
  const [an, po, ne] = get("TripletMarginLoss");
  const [mmi, mmt] = get("MultiMarginLoss_mean");
  const [gi, gt, gv] = get("GaussianNLLLoss");
  const [gi4, gt4] = get("GaussianNLLLoss_var_chan");
  const [li, cnt] = get("PoissonNLLLoss");
  const [mi, my] = get("MultiLabelSoftMarginLoss_mean");
  const [lp, tg, il, tl] = get("CTCLoss_mean");
  const [ci] = get("CrossEntropyLoss_probs");
  const cases: [string, () => unknown, new (...a: any[]) => Error][] = [
    ["triplet_margin", () => new nn.TripletMarginLoss({ margin: 0.0 }), RangeError],
    ["triplet_margin_F", () => F.tripletMarginLoss(an, po, ne, { margin: -1.5 }), RangeError],
    ["triplet_dist_margin", () => new nn.TripletMarginWithDistanceLoss({ margin: -1.0 }), RangeError],
    ["triplet_dist_dims", () => F.tripletMarginWithDistanceLoss(an, po, ne.select(0, 0)), Error],
    ["triplet_dist_reduction", () => F.tripletMarginWithDistanceLoss(an, po, ne, { reduction: "avg" } as never), RangeError],
    ["margin_ranking_dims", () => F.marginRankingLoss(x1, x2.select(0, 0), y), Error],
    ["multi_margin_p", () => new nn.MultiMarginLoss({ p: 3 }), RangeError],
    ["multi_margin_weight", () => new nn.MultiMarginLoss({ weight: torch.ones(2, 2) }), RangeError],
    ["multi_margin_F_p", () => F.multiMarginLoss(mmi, mmt, { p: 3 }), RangeError],
    ["multi_margin_F_weight", () => F.multiMarginLoss(mmi, mmt, { weight: torch.ones(2, 2) }), RangeError],
    ["gaussian_neg_var", () => F.gaussianNllLoss(gi, gt, torch.ones(4, 3).neg()), RangeError],
    ["gaussian_neg_float", () => F.gaussianNllLoss(gi, gt, -1.0), RangeError],
    ["gaussian_size", () => F.gaussianNllLoss(gi, gt, torch.ones(3)), RangeError],
    ["gaussian_size2", () => F.gaussianNllLoss(gi4, gt4, torch.ones(2, 2, 4, 4)), RangeError],
    ["gaussian_reduction", () => F.gaussianNllLoss(gi, gt, gv, { reduction: "avg" } as never), RangeError],
    ["poisson_reduction", () => F.poissonNllLoss(li, cnt, { reduction: "avg" } as never), RangeError],
    ["multilabel_soft_reduction", () => F.multilabelSoftMarginLoss(mi, my, { reduction: "avg" } as never), RangeError],
    ["cosine_reduction", () => F.cosineEmbeddingLoss(x1, x2, y, { reduction: "avg" } as never), RangeError],
    ["ctc_reduction", () => F.ctcLoss(lp, tg, il, tl, { reduction: "avg" } as never), RangeError],
    ["huber_delta", () => new nn.HuberLoss({ delta: "1" as never }), TypeError],
    ["kl_reduction", () => F.klDiv(ci, ci, { reduction: "avg" } as never), RangeError],
    ["bce_size", () => F.binaryCrossEntropy(torch.rand(3, 5), torch.rand(5)), RangeError],
    ["bce_logits_size", () => F.binaryCrossEntropyWithLogits(mi, my.select(0, 0)), RangeError],
    ["mse_weight_size", () => F.mseLoss(gi, gt, { weight: torch.ones(4) }), RangeError],
    ["huber_weight_reduction", () => F.huberLoss(gi, gt, { reduction: "avg", weight: torch.ones(4, 3) } as never), RangeError],
    ["l1_weight_reduction", () => F.l1Loss(gi, gt, { reduction: "avg", weight: torch.ones(4, 3) } as never), RangeError],
  ];
  for (const [id, fn, cls] of cases) {
    it(id, () => {
      expect(E[id], `fixture has ${id}`).toBeDefined();
      expect(fn).toThrow(cls);
      expect(fn).toThrow(E[id].message);
    });
  }
  it("argument checks", () => {
    expect(() => F.cosineEmbeddingLoss(x1, 3 as never, y)).toThrow("cosine_embedding_loss(): argument 'input2' must be Tensor, not int");
    expect(() => F.ctcLoss(lp, tg, [1.5] as never, tl)).toThrow(TypeError);
    // Python resolves the overload: both lengths tensors or both int sequences
    expect(() => F.ctcLoss(lp, tg, [12, 10, 11], tl)).toThrow("ctc_loss() received an invalid combination of arguments - got (Tensor, Tensor, list, Tensor, int, int, bool)");
    expect(() => F.ctcLoss(lp, tg, il, [5, 3, 4])).toThrow("ctc_loss() received an invalid combination of arguments - got (Tensor, Tensor, Tensor, list, int, int, bool)");
    expect(F.ctcLoss(lp, tg, il.int(), tl.int()).item()).toBeCloseTo(F.ctcLoss(lp, tg, il, tl).item() as number, 6);
    expect(() => new nn.GaussianNLLLoss(true as never)).toThrow(TypeError);
    expect(() => (F.softMarginLoss as any)(x1)).toThrow("soft_margin_loss() missing 1 required positional argument: 'target'");
  });
});
