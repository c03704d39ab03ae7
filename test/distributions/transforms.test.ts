// distributions.transforms and distributions.constraints against Python:
// forward (calling the transform), inv, logAbsDetJacobian, sign, repr, domains;
// constraint reprs and check().
import { describe, expect, it } from "vitest";
import torch, { Tensor, distributions } from "../../src";
import { f32 } from "../helpers";
import { encTensor, expectAttempt, expectEnc, fixture } from "./helpers";
import { sameKernelsAsFixtures } from "../tolerance";

const T = distributions.transforms;
const C = distributions.constraints;
const TOL = (process.env.DIST_EXACT || sameKernelsAsFixtures()) ? {} : { rtol: 2e-5, atol: 2e-6 };

const make: Record<string, () => distributions.Transform> = {
  ExpTransform: () => new T.ExpTransform(),
  AffineTransform: () => new T.AffineTransform(f32([1, 0, -1]), f32([2, -0.5, 1.5])),
  AffineTransform_num: () => new T.AffineTransform(0.5, -2.0),
  SigmoidTransform: () => new T.SigmoidTransform(),
  TanhTransform: () => new T.TanhTransform(),
  SoftmaxTransform: () => new T.SoftmaxTransform(),
  PowerTransform: () => new T.PowerTransform(f32(2.0)),
  AbsTransform: () => new T.AbsTransform(),
  StickBreakingTransform: () => new T.StickBreakingTransform(),
  ComposeTransform: () => new T.ComposeTransform([new T.AffineTransform(0.0, 2.0), new T.TanhTransform()]),
  ExpTransform_inv: () => new T.ExpTransform().inv,
  CorrCholeskyTransform: () => new T.CorrCholeskyTransform(),
  PositiveDefiniteTransform: () => new T.PositiveDefiniteTransform(),
  ReshapeTransform: () => new T.ReshapeTransform([3], [3, 1]),
  CatTransform: () => new T.CatTransform([new T.ExpTransform(), new T.AffineTransform(1.0, 2.0)], 1, [2, 1]),
  StackTransform: () => new T.StackTransform([new T.ExpTransform(), new T.TanhTransform(), new T.AffineTransform(0.0, -1.0)], 1),
  CumulativeDistributionTransform: () => new T.CumulativeDistributionTransform(new distributions.Normal(0.0, 2.0)),
  LowerCholeskyTransform: () => new T.LowerCholeskyTransform(),
  SoftplusTransform: () => new T.SoftplusTransform(),
  IndependentTransform: () => new T.IndependentTransform(new T.ExpTransform(), 1),
};

describe("transforms", () => {
  for (const [name, c] of Object.entries(fixture.transforms) as [string, any][]) { // eslint-disable-line @typescript-eslint/no-explicit-any
    it(name, () => {
      const t = make[name]();
      const x = encTensor(c.x);
      const y = t(x);
      expectEnc(y, c.y, TOL, "t(x)");
      expectEnc(t.forward(x), c.y, TOL, "t.forward(x)");
      if (c.inv) expectEnc(t.inv(y), c.inv, TOL, "t.inv(y)");
      expectAttempt(() => t.logAbsDetJacobian(x, y), c.ladj, TOL, "logAbsDetJacobian");
      expect(String(t)).toBe(c.repr);
      expect(String(t.domain)).toBe(c.domain);
      expect(String(t.codomain)).toBe(c.codomain);
      expect(t.bijective).toBe(c.bijective);
      if (c.sign === null) expect(() => t.sign).toThrow();
      else if (typeof c.sign === "number") expect(t.sign).toBe(c.sign);
      else expectEnc(t.sign, c.sign, {}, "sign");
    });
  }
  it("inv of inv is the transform; equality as Python's __eq__", () => {
    const e = new T.ExpTransform();
    expect(e.inv.inv).toBe(e);
    expect(e.equals(new T.ExpTransform())).toBe(true);
    expect(e.inv.equals(new T.ExpTransform().inv)).toBe(true);
    expect(new T.AffineTransform(1, 2).equals(new T.AffineTransform(1, 2))).toBe(true);
    expect(new T.AffineTransform(1, 2).equals(new T.AffineTransform(1, 3))).toBe(false);
    expect(typeof e).toBe("function");
    expect(e).toBeInstanceOf(T.Transform);
  });
  it("withCache(1) returns the cached y for the same x", () => {
    const t = new T.ExpTransform().withCache(1);
    const x = f32([0.5]);
    const y = t(x);
    expect(t(x)).toBe(y);
    expect(t.inv(y)).toBe(x);
    expect(() => new T.ExpTransform(2)).toThrow("cache_size must be 0 or 1");
  });
  it("AffineTransform in the options form", () => {
    const t = new T.AffineTransform({ loc: 1, scale: f32([2, 3]), eventDim: 1 });
    expect(t.eventDim).toBe(1);
    expect(t(f32([1, 1])).tolist()).toEqual([3, 4]);
    expect(t.logAbsDetJacobian(f32([1, 1]), f32([3, 4])).item()).toBeCloseTo(Math.log(6), 6);
  });
});

describe("bijectTo / transformTo (constraint registry)", () => {
  const R: Record<string, () => distributions.constraints.Constraint> = {
    real: () => C.real, positive: () => C.positive, nonnegative: () => C.nonnegative, greater_than: () => C.greaterThan(2.0),
    less_than: () => C.lessThan(1.0), unit_interval: () => C.unitInterval, interval: () => C.interval(-1.0, 3.0),
    interval_t: () => C.interval(f32([0, -1, 2]), f32([1, 1, 5])), simplex: () => C.simplex, lower_cholesky: () => C.lowerCholesky,
    corr_cholesky: () => C.corrCholesky, real_vector: () => C.realVector, independent_positive: () => C.independent(C.positive, 1),
  };
  for (const [key, exp] of Object.entries(fixture.registry) as [string, any][]) { // eslint-disable-line @typescript-eslint/no-explicit-any
    it(key, () => {
      const [reg, name] = key.split(".");
      const registry = reg === "biject_to" ? distributions.bijectTo : distributions.transformTo;
      const c = R[name]();
      if (exp.notImplemented) {
        expect(() => registry(c)).toThrow(exp.notImplemented);
        return;
      }
      const t = registry(c);
      expect(String(t)).toBe(exp.repr);
      const y = t(encTensor(exp.x));
      expectEnc(y, exp.y, TOL, "t(x)");
      expect(!!c.check(y).all().item()).toBe(exp.inside);
    });
  }
  it("register a new constraint class (decorator form and direct form)", () => {
    class MyPositive extends C.Constraint {
      check(v: Tensor): Tensor {
        return v.gt(0);
      }
    }
    const reg = new distributions.ConstraintRegistry();
    (reg.register(MyPositive) as (f: () => distributions.Transform) => unknown)(() => new T.ExpTransform());
    expect(String(reg(new MyPositive()))).toBe("ExpTransform()");
    reg.register(C.interval, () => new T.SigmoidTransform());
    expect(String(reg(C.interval(0, 2)))).toBe("SigmoidTransform()");
    expect(() => reg(C.simplex)).toThrow("Cannot transform _Simplex constraints");
    expect(() => reg.register(42, () => new T.ExpTransform())).toThrow(TypeError);
  });
});

describe("constraints", () => {
  it("repr as Python", () => {
    const got = {
      real: String(C.real), positive: String(C.positive), nonnegative: String(C.nonnegative), unit_interval: String(C.unitInterval),
      simplex: String(C.simplex), boolean: String(C.boolean), real_vector: String(C.realVector),
      nonnegative_integer: String(C.nonnegativeInteger), positive_integer: String(C.positiveInteger),
      integer_interval: String(C.integerInterval(0, 5)), interval: String(C.interval(-1.5, 2.5)), greater_than: String(C.greaterThan(0.5)),
      lower_cholesky: String(C.lowerCholesky), positive_definite: String(C.positiveDefinite), one_hot: String(C.oneHot),
    };
    expect(got).toEqual(fixture.constraints);
  });
  it("check() as Python", () => {
    const cv = f32([-1, 0, 0.5, 1, 2, NaN]);
    const k = fixture.constraint_checks;
    expectEnc(C.real.check(cv), k.real, {}, "real");
    expectEnc(C.positive.check(cv), k.positive, {}, "positive");
    expectEnc(C.nonnegative.check(cv), k.nonnegative, {}, "nonnegative");
    expectEnc(C.unitInterval.check(cv), k.unit_interval, {}, "unitInterval");
    expectEnc(C.boolean.check(cv), k.boolean, {}, "boolean");
    expectEnc(C.nonnegativeInteger.check(cv), k.nonnegative_integer, {}, "nonnegativeInteger");
    expectEnc(C.integerInterval(0, 1).check(cv), k.integer_interval, {}, "integerInterval");
    expectEnc(C.simplex.check(f32([[0.2, 0.8], [0.5, 0.6]])), k.simplex, {}, "simplex");
    expectEnc(C.positiveDefinite.check(f32([[[2, 0.5], [0.5, 1]], [[1, 2], [2, 1]]])), k.positive_definite, {}, "positiveDefinite");
    expectEnc(C.lowerCholesky.check(f32([[[2, 0], [0.5, 1]], [[1, 2], [2, 1]]])), k.lower_cholesky, {}, "lowerCholesky");
  });
  it("eventDim, isDiscrete, isDependent", () => {
    expect(C.simplex.eventDim).toBe(1);
    expect(C.realVector.eventDim).toBe(1);
    expect(C.lowerCholesky.eventDim).toBe(2);
    expect(C.boolean.isDiscrete).toBe(true);
    expect(C.real.isDiscrete).toBe(false);
    expect(C.isDependent(C.dependent)).toBe(true);
    expect(C.isDependent(C.real)).toBe(false);
    expect(() => C.dependent.check(torch.zeros(1))).toThrow("Cannot determine validity of dependent constraint");
    expect(C.positive).toBeInstanceOf(C.Constraint);
    expect(new distributions.Normal(0, 1).argConstraints.scale).toBe(C.positive);
    void Tensor;
  });
});
