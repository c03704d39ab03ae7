// torch.distributions.constraints: the regions parameters and samples must lie in
// (Python's torch/distributions/constraints.py; names camelCase).
import { checkNotSparse } from "../args";
import { Tensor } from "../tensor";
import { torch } from "../torch";
import * as dt from "../dtype";
import { finfo, pyValue, valueError, NotImplementedError } from "./utils";

type Bound = Tensor | number;

/** Abstract base class for constraints. */
export class Constraint {
  /** Whether the constrained space is discrete. */
  get isDiscrete(): boolean {
    return false;
  }
  /** Number of rightmost dimensions that together define an event. */
  get eventDim(): number {
    return 0;
  }
  /** A bool tensor of sample_shape + batch_shape: whether each event satisfies the constraint. */
  check(value: Tensor): Tensor {
    void value;
    throw new NotImplementedError(`${this.constructor.name}.check is not implemented`);
  }
  /** Python's repr: the class name without its leading underscore. */
  toString(): string {
    return `${this.constructor.name.replace(/^_/, "")}()`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function cmp(op: "lt" | "le" | "gt" | "ge", value: Tensor, bound: Bound): Tensor {
  return value[op](bound as never);
}
/** Python `bound <= value` etc. with the bound first (a number compares as a scalar). */
function le(a: Bound, b: Tensor | Bound): Tensor {
  // a <= b
  if (b instanceof Tensor) return cmp("ge", b, a);
  return cmp("le", a as Tensor, b);
}
function lt(a: Bound, b: Tensor | Bound): Tensor {
  if (b instanceof Tensor) return cmp("gt", b, a);
  return cmp("lt", a as Tensor, b);
}

/** Placeholder for variables whose support depends on other variables. */
export class _Dependent extends Constraint {
  constructor(readonly _isDiscrete: boolean | null = null, readonly _eventDim: number | null = null) {
    super();
  }
  get isDiscrete(): boolean {
    if (this._isDiscrete === null) throw new NotImplementedError(".is_discrete cannot be determined statically");
    return this._isDiscrete;
  }
  get eventDim(): number {
    if (this._eventDim === null) throw new NotImplementedError(".event_dim cannot be determined statically");
    return this._eventDim;
  }
  check(value: Tensor): Tensor {
    void value;
    throw valueError("Cannot determine validity of dependent constraint");
  }
}

/** Whether `c` is a dependent constraint. */
export function isDependent(c: unknown): boolean {
  return c instanceof _Dependent;
}

/** Aggregates a constraint over `reinterpretedBatchNdims` dims. */
export class _IndependentConstraint extends Constraint {
  constructor(readonly baseConstraint: Constraint, readonly reinterpretedBatchNdims: number) {
    super();
    if (!(baseConstraint instanceof Constraint)) throw new TypeError(`base_constraint must be a Constraint, got ${typeof baseConstraint}`);
    if (!Number.isInteger(reinterpretedBatchNdims) || reinterpretedBatchNdims < 0)
      throw new RangeError(`reinterpreted_batch_ndims must be >= 0, got ${reinterpretedBatchNdims}`);
  }
  get isDiscrete(): boolean {
    return this.baseConstraint.isDiscrete;
  }
  get eventDim(): number {
    return this.baseConstraint.eventDim + this.reinterpretedBatchNdims;
  }
  check(value: Tensor): Tensor {
    let result = this.baseConstraint.check(value);
    if (result.dim() < this.reinterpretedBatchNdims) {
      const expected = this.baseConstraint.eventDim + this.reinterpretedBatchNdims;
      throw valueError(`Expected value.dim() >= ${expected} but got ${value.dim()}`);
    }
    const s = result.shape;
    result = result.reshape([...s.slice(0, s.length - this.reinterpretedBatchNdims), -1]);
    return result.all(-1);
  }
  toString(): string {
    return `IndependentConstraint(${this.baseConstraint}, ${this.reinterpretedBatchNdims})`;
  }
}

/** Constraint of MixtureSameFamily: adds back the component dimension before checking. */
export class MixtureSameFamilyConstraint extends Constraint {
  constructor(readonly baseConstraint: Constraint) {
    super();
  }
  get isDiscrete(): boolean {
    return this.baseConstraint.isDiscrete;
  }
  get eventDim(): number {
    return this.baseConstraint.eventDim;
  }
  check(value: Tensor): Tensor {
    const unsqueezed = value.unsqueeze(-1 - this.eventDim);
    let result = this.baseConstraint.check(unsqueezed);
    if (value.dim() < this.eventDim) throw valueError(`Expected value.dim() >= ${this.eventDim} but got ${value.dim()}`);
    const keep = value.dim() - this.eventDim;
    result = result.reshape([...result.shape.slice(0, keep), -1]);
    return result.all(-1);
  }
  toString(): string {
    return `MixtureSameFamilyConstraint(${this.baseConstraint})`;
  }
}

export class _Boolean extends Constraint {
  get isDiscrete(): boolean { return true; }
  check(value: Tensor): Tensor {
    return value.eq(0).bitwiseOr(value.eq(1));
  }
}

export class _OneHot extends Constraint {
  get isDiscrete(): boolean { return true; }
  get eventDim(): number { return 1; }
  check(value: Tensor): Tensor {
    const isBoolean = value.eq(0).bitwiseOr(value.eq(1));
    const isNormalized = value.sum(-1).eq(1);
    return isBoolean.all(-1).bitwiseAnd(isNormalized);
  }
}

/** Python's `value % 1 == 0`. */
function isIntegral(value: Tensor): Tensor {
  return value.remainder(1).eq(0);
}

export class _IntegerInterval extends Constraint {
  constructor(readonly lowerBound: Bound, readonly upperBound: Bound) { super(); }
  get isDiscrete(): boolean { return true; }
  check(value: Tensor): Tensor {
    return isIntegral(value).bitwiseAnd(le(this.lowerBound, value)).bitwiseAnd(le(value, this.upperBound));
  }
  toString(): string {
    return `IntegerInterval(lower_bound=${pyValue(this.lowerBound)}, upper_bound=${pyValue(this.upperBound)})`;
  }
}

export class _IntegerLessThan extends Constraint {
  constructor(readonly upperBound: Bound) { super(); }
  get isDiscrete(): boolean { return true; }
  check(value: Tensor): Tensor {
    return isIntegral(value).bitwiseAnd(le(value, this.upperBound));
  }
  toString(): string {
    return `IntegerLessThan(upper_bound=${pyValue(this.upperBound)})`;
  }
}

export class _IntegerGreaterThan extends Constraint {
  constructor(readonly lowerBound: Bound) { super(); }
  get isDiscrete(): boolean { return true; }
  check(value: Tensor): Tensor {
    return isIntegral(value).bitwiseAnd(le(this.lowerBound, value));
  }
  toString(): string {
    return `IntegerGreaterThan(lower_bound=${pyValue(this.lowerBound)})`;
  }
}

export class _Real extends Constraint {
  check(value: Tensor): Tensor {
    return value.eq(value); // false for NaN
  }
}

/** Bounds written as Python floats in repr (0.0, 1.0) where the module defines them so. */
class Bounded extends Constraint {
  /** @internal print number bounds as Python floats */
  _float = false;
  protected fmt(v: Bound): string {
    return pyValue(v, this._float);
  }
}

export class _GreaterThan extends Bounded {
  constructor(readonly lowerBound: Bound) { super(); }
  check(value: Tensor): Tensor {
    return lt(this.lowerBound, value);
  }
  toString(): string {
    return `GreaterThan(lower_bound=${this.fmt(this.lowerBound)})`;
  }
}

export class _GreaterThanEq extends Bounded {
  constructor(readonly lowerBound: Bound) { super(); }
  check(value: Tensor): Tensor {
    return le(this.lowerBound, value);
  }
  toString(): string {
    return `GreaterThanEq(lower_bound=${this.fmt(this.lowerBound)})`;
  }
}

export class _LessThan extends Bounded {
  constructor(readonly upperBound: Bound) { super(); }
  check(value: Tensor): Tensor {
    return lt(value, this.upperBound);
  }
  toString(): string {
    return `LessThan(upper_bound=${this.fmt(this.upperBound)})`;
  }
}

export class _Interval extends Bounded {
  constructor(readonly lowerBound: Bound, readonly upperBound: Bound) { super(); }
  check(value: Tensor): Tensor {
    return le(this.lowerBound, value).bitwiseAnd(le(value, this.upperBound));
  }
  toString(): string {
    return `Interval(lower_bound=${this.fmt(this.lowerBound)}, upper_bound=${this.fmt(this.upperBound)})`;
  }
}

export class _HalfOpenInterval extends Bounded {
  constructor(readonly lowerBound: Bound, readonly upperBound: Bound) { super(); }
  check(value: Tensor): Tensor {
    return le(this.lowerBound, value).bitwiseAnd(lt(value, this.upperBound));
  }
  toString(): string {
    return `HalfOpenInterval(lower_bound=${this.fmt(this.lowerBound)}, upper_bound=${this.fmt(this.upperBound)})`;
  }
}

export class _Simplex extends Constraint {
  get eventDim(): number { return 1; }
  check(value: Tensor): Tensor {
    return torch.all(value.ge(0), -1).bitwiseAnd(value.sum(-1).sub(1).abs().lt(1e-6));
  }
}

export class _Multinomial extends Constraint {
  constructor(readonly upperBound: number) { super(); }
  get isDiscrete(): boolean { return true; }
  get eventDim(): number { return 1; }
  check(x: Tensor): Tensor {
    return x.ge(0).all(-1).bitwiseAnd(x.sum(-1).le(this.upperBound));
  }
}

export class _LowerTriangular extends Constraint {
  get eventDim(): number { return 2; }
  check(value: Tensor): Tensor {
    const tril = value.tril();
    return tril.eq(value).view([...value.shape.slice(0, -2), -1]).min(-1).values;
  }
}

export class _LowerCholesky extends Constraint {
  get eventDim(): number { return 2; }
  check(value: Tensor): Tensor {
    const tril = value.tril();
    const lowerTriangular = tril.eq(value).view([...value.shape.slice(0, -2), -1]).min(-1).values;
    const positiveDiagonal = value.diagonal({ dim1: -2, dim2: -1 }).gt(0).min(-1).values;
    return lowerTriangular.bitwiseAnd(positiveDiagonal);
  }
}

export class _CorrCholesky extends Constraint {
  get eventDim(): number { return 2; }
  check(value: Tensor): Tensor {
    const tol = finfo(value.dtype).eps * value.size(-1) * 10;
    const rowNorm = torch.linalg.norm(value.detach(), { dim: -1 });
    const unitRowNorm = rowNorm.sub(1.0).abs().le(tol).all(-1);
    return new _LowerCholesky().check(value).bitwiseAnd(unitRowNorm);
  }
}

export class _Square extends Constraint {
  get eventDim(): number { return 2; }
  check(value: Tensor): Tensor {
    const s = value.shape;
    return torch.full(s.slice(0, -2), s[s.length - 2] === s[s.length - 1], { dtype: dt.bool, device: value.device });
  }
}

export class _Symmetric extends _Square {
  check(value: Tensor): Tensor {
    const sq = super.check(value);
    if (!sq.all().item()) return sq;
    return torch.isclose(value, value.transpose(-2, -1), { atol: 1e-6 }).all(-2).all(-1);
  }
}

export class _PositiveSemidefinite extends _Symmetric {
  check(value: Tensor): Tensor {
    const sym = super.check(value);
    if (!sym.all().item()) return sym;
    return torch.linalg.eigvalsh(value).ge(0).all(-1);
  }
}

export class _PositiveDefinite extends _Symmetric {
  check(value: Tensor): Tensor {
    const sym = super.check(value);
    if (!sym.all().item()) return sym;
    return (torch.linalg.choleskyEx(value) as unknown as { info: Tensor }).info.eq(0);
  }
}

/** Applies a sequence of constraints to slices along `dim` (torch.cat-compatible). */
export class _Cat extends Constraint {
  readonly cseq: Constraint[];
  readonly lengths: number[];
  constructor(cseq: Constraint[], readonly dim = 0, lengths: number[] | null = null) {
    super();
    checkNotSparse("cat", "cseq", cseq);
    checkNotSparse("cat", "lengths", lengths);
    if (!cseq.every((c) => c instanceof Constraint)) throw new TypeError("All elements of cseq must be Constraint instances");
    this.cseq = [...cseq];
    this.lengths = lengths ? [...lengths] : cseq.map(() => 1);
    if (this.lengths.length !== this.cseq.length) throw new RangeError(`lengths (${this.lengths.length}) must match cseq (${this.cseq.length})`);
  }
  get isDiscrete(): boolean { return this.cseq.some((c) => c.isDiscrete); }
  get eventDim(): number { return Math.max(...this.cseq.map((c) => c.eventDim)); }
  check(value: Tensor): Tensor {
    const checks: Tensor[] = [];
    let start = 0;
    this.cseq.forEach((c, i) => {
      checks.push(c.check(value.narrow(this.dim, start, this.lengths[i])));
      start += this.lengths[i];
    });
    return torch.cat(checks, this.dim);
  }
}

/** Applies a sequence of constraints to the slices of `dim` (torch.stack-compatible). */
export class _Stack extends Constraint {
  readonly cseq: Constraint[];
  constructor(cseq: Constraint[], readonly dim = 0) {
    super();
    checkNotSparse("stack", "cseq", cseq);
    if (!cseq.every((c) => c instanceof Constraint)) throw new TypeError("All elements of cseq must be Constraint instances");
    this.cseq = [...cseq];
  }
  get isDiscrete(): boolean { return this.cseq.some((c) => c.isDiscrete); }
  get eventDim(): number {
    let d = Math.max(...this.cseq.map((c) => c.eventDim));
    if (this.dim + d < 0) d += 1;
    return d;
  }
  check(value: Tensor): Tensor {
    const vs = Array.from({ length: value.size(this.dim) }, (_, i) => value.select(this.dim, i));
    return torch.stack(vs.map((v, i) => this.cseq[i].check(v)), this.dim);
  }
}

function floats<T extends Bounded>(c: T): T {
  c._float = true;
  return c;
}

export const dependent = new _Dependent();
/** constraints.dependent(isDiscrete, eventDim) for a dependent property. */
export function dependentProperty(opts: { isDiscrete?: boolean; eventDim?: number } = {}): _Dependent {
  return new _Dependent(opts.isDiscrete ?? null, opts.eventDim ?? null);
}
export const independent = (base: Constraint, reinterpretedBatchNdims: number) => new _IndependentConstraint(base, reinterpretedBatchNdims);
export const boolean = new _Boolean();
export const oneHot = new _OneHot();
export const nonnegativeInteger = new _IntegerGreaterThan(0);
export const positiveInteger = new _IntegerGreaterThan(1);
export const integerInterval = (lowerBound: Bound, upperBound: Bound) => new _IntegerInterval(lowerBound, upperBound);
export const real = new _Real();
export const realVector = independent(real, 1);
export const positive = floats(new _GreaterThan(0.0));
export const nonnegative = floats(new _GreaterThanEq(0.0));
export const greaterThan = (lowerBound: Bound) => new _GreaterThan(lowerBound);
export const greaterThanEq = (lowerBound: Bound) => new _GreaterThanEq(lowerBound);
export const lessThan = (upperBound: Bound) => new _LessThan(upperBound);
export const multinomial = (upperBound: number) => new _Multinomial(upperBound);
export const unitInterval = floats(new _Interval(0.0, 1.0));
export const interval = (lowerBound: Bound, upperBound: Bound) => new _Interval(lowerBound, upperBound);
export const halfOpenInterval = (lowerBound: Bound, upperBound: Bound) => new _HalfOpenInterval(lowerBound, upperBound);
export const simplex = new _Simplex();
export const lowerTriangular = new _LowerTriangular();
export const lowerCholesky = new _LowerCholesky();
export const corrCholesky = new _CorrCholesky();
export const square = new _Square();
export const symmetric = new _Symmetric();
export const positiveSemidefinite = new _PositiveSemidefinite();
export const positiveDefinite = new _PositiveDefinite();
export const cat = (cseq: Constraint[], dim = 0, lengths: number[] | null = null) => new _Cat(cseq, dim, lengths);
export const stack = (cseq: Constraint[], dim = 0) => new _Stack(cseq, dim);
/** @internal Interval(-1.0, 1.0) with float bounds (TanhTransform's codomain). */
export const _floatInterval = (lo: number, hi: number) => floats(new _Interval(lo, hi));
