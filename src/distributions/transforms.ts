// torch.distributions.transforms: invertible maps with log|det J| (Python's
// transforms.py). A Transform is callable: `t(x)` is Python's `t(x)`.
import { checkNotSparse } from "../args";
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { softplus, logsigmoid, pad } from "../nn/functional";
import * as constraints from "./constraints";
import { broadcastAll, broadcastShapes, finfo, isNumber, lazyProperty, numel, pySize, rsub, rdiv, sameShape, sumRightmost, trilMatrixToVec, vecToTrilMatrix, valueError, NotImplementedError } from "./utils";

type Sign = number | Tensor;

function mulSign(a: Sign, b: Sign): Sign {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if (a instanceof Tensor) return a.mul(b as never);
  return (b as Tensor).mul(a);
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Transform {
  /** y = t(x) */
  (x: Tensor): Tensor;
}

/** Abstract base class of invertible transforms with computable log|det J|. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Transform {
  /** @internal */ declare _cacheSize: number;
  /** @internal */ declare _inv: Transform | null;
  /** @internal */ declare _cachedXY: [Tensor | null, Tensor | null];

  constructor(cacheSize = 0) {
    const self = ((x: Tensor) => self._forward(x)) as unknown as Transform;
    Object.setPrototypeOf(self, new.target.prototype);
    if (cacheSize !== 0 && cacheSize !== 1) throw valueError("cache_size must be 0 or 1");
    self._cacheSize = cacheSize;
    self._inv = null;
    if (cacheSize === 1) self._cachedXY = [null, null];
    return self;
  }
  get bijective(): boolean {
    return false;
  }
  get domain(): constraints.Constraint {
    throw new NotImplementedError(`${this.constructor.name}.domain is not implemented`);
  }
  get codomain(): constraints.Constraint {
    throw new NotImplementedError(`${this.constructor.name}.codomain is not implemented`);
  }
  get eventDim(): number {
    if (this.domain.eventDim === this.codomain.eventDim) return this.domain.eventDim;
    throw valueError("Please use either .domain.event_dim or .codomain.event_dim");
  }
  /** The inverse transform (cached). */
  get inv(): Transform {
    let inv = this._inv;
    if (inv === null) {
      inv = new _InverseTransform(this);
      this._inv = inv;
    }
    return inv;
  }
  get sign(): Sign {
    throw new NotImplementedError(`${this.constructor.name}.sign is not implemented`);
  }
  /** This transform with a cache of size `cacheSize`. */
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    if (SIMPLE.has(this.constructor as never)) return new (this.constructor as new (c: number) => Transform)(cacheSize);
    throw new NotImplementedError(`${this.constructor.name}.with_cache is not implemented`);
  }
  /** Python's __eq__. */
  equals(other: Transform): boolean {
    return this === other;
  }
  /** @internal Python's __call__ */
  _forward(x: Tensor): Tensor {
    if (this._cacheSize === 0) return this._call(x);
    const [xOld, yOld] = this._cachedXY;
    if (x === xOld) return yOld as Tensor;
    const y = this._call(x);
    this._cachedXY = [x, y];
    return y;
  }
  /** @internal */
  _invCall(y: Tensor): Tensor {
    if (this._cacheSize === 0) return this._inverse(y);
    const [xOld, yOld] = this._cachedXY;
    if (y === yOld) return xOld as Tensor;
    const x = this._inverse(y);
    this._cachedXY = [x, y];
    return x;
  }
  /** y = t(x) (also `t(x)`). */
  forward(x: Tensor): Tensor {
    return this._forward(x);
  }
  /** @internal */
  _call(x: Tensor): Tensor {
    void x;
    throw new NotImplementedError(`${this.constructor.name}._call is not implemented`);
  }
  /** @internal */
  _inverse(y: Tensor): Tensor {
    void y;
    throw new NotImplementedError(`${this.constructor.name}._inverse is not implemented`);
  }
  /** log |dy/dx| */
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    void x;
    void y;
    throw new NotImplementedError(`${this.constructor.name}.logAbsDetJacobian is not implemented`);
  }
  forwardShape(shape: number[]): number[] {
    return shape;
  }
  inverseShape(shape: number[]): number[] {
    return shape;
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** The inverse of a transform (what `t.inv` returns). */
export class _InverseTransform extends Transform {
  constructor(transform: Transform) {
    super(transform._cacheSize);
    this._inv = transform;
  }
  get domain(): constraints.Constraint {
    return this._inv!.codomain;
  }
  get codomain(): constraints.Constraint {
    return this._inv!.domain;
  }
  get bijective(): boolean {
    return this._inv!.bijective;
  }
  get sign(): Sign {
    return this._inv!.sign;
  }
  get inv(): Transform {
    return this._inv!;
  }
  withCache(cacheSize = 1): Transform {
    return this.inv.withCache(cacheSize).inv;
  }
  equals(other: Transform): boolean {
    if (!(other instanceof _InverseTransform)) return false;
    return this._inv!.equals(other._inv!);
  }
  toString(): string {
    return `_InverseTransform(${this._inv})`;
  }
  _forward(x: Tensor): Tensor {
    return this._inv!._invCall(x);
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return this._inv!.logAbsDetJacobian(y, x).neg();
  }
  forwardShape(shape: number[]): number[] {
    return this._inv!.inverseShape(shape);
  }
  inverseShape(shape: number[]): number[] {
    return this._inv!.forwardShape(shape);
  }
}

/** Composes transforms in a chain: parts[0] first. */
export class ComposeTransform extends Transform {
  declare parts: Transform[];
  constructor(parts: Transform[], cacheSize = 0) {
    super(cacheSize);
    checkNotSparse("ComposeTransform", "parts", parts);
    if (!Array.isArray(parts) || !parts.every((p) => p instanceof Transform)) throw new TypeError("ComposeTransform(parts): parts must be an array of Transforms");
    this.parts = cacheSize ? parts.map((p) => p.withCache(cacheSize)) : parts;
  }
  equals(other: Transform): boolean {
    if (!(other instanceof ComposeTransform)) return false;
    return this.parts.length === other.parts.length && this.parts.every((p, i) => p.equals(other.parts[i]));
  }
  get domain(): constraints.Constraint {
    if (!this.parts.length) return constraints.real;
    let domain = this.parts[0].domain;
    let eventDim = this.parts[this.parts.length - 1].codomain.eventDim;
    for (const part of [...this.parts].reverse()) {
      eventDim += part.domain.eventDim - part.codomain.eventDim;
      eventDim = Math.max(eventDim, part.domain.eventDim);
    }
    if (eventDim > domain.eventDim) domain = constraints.independent(domain, eventDim - domain.eventDim);
    return domain;
  }
  get codomain(): constraints.Constraint {
    if (!this.parts.length) return constraints.real;
    let codomain = this.parts[this.parts.length - 1].codomain;
    let eventDim = this.parts[0].domain.eventDim;
    for (const part of this.parts) {
      eventDim += part.codomain.eventDim - part.domain.eventDim;
      eventDim = Math.max(eventDim, part.codomain.eventDim);
    }
    if (eventDim > codomain.eventDim) codomain = constraints.independent(codomain, eventDim - codomain.eventDim);
    return codomain;
  }
  get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }
  get sign(): Sign {
    let sign: Sign = 1;
    for (const p of this.parts) sign = mulSign(sign, p.sign);
    return sign;
  }
  get inv(): Transform {
    let inv = this._inv;
    if (inv === null) {
      inv = new ComposeTransform([...this.parts].reverse().map((p) => p.inv));
      this._inv = inv;
      inv._inv = this;
    }
    return inv;
  }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new ComposeTransform(this.parts, cacheSize);
  }
  _forward(x: Tensor): Tensor {
    for (const part of this.parts) x = part(x);
    return x;
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    if (!this.parts.length) return torch.zerosLike(x);
    const xs = [x];
    for (const part of this.parts.slice(0, -1)) xs.push(part(xs[xs.length - 1]));
    xs.push(y);
    const terms: Tensor[] = [];
    let eventDim = this.domain.eventDim;
    this.parts.forEach((part, i) => {
      terms.push(sumRightmost(part.logAbsDetJacobian(xs[i], xs[i + 1]), eventDim - part.domain.eventDim));
      eventDim += part.codomain.eventDim - part.domain.eventDim;
    });
    return terms.reduce((a, b) => a.add(b));
  }
  forwardShape(shape: number[]): number[] {
    for (const part of this.parts) shape = part.forwardShape(shape);
    return shape;
  }
  inverseShape(shape: number[]): number[] {
    for (const part of [...this.parts].reverse()) shape = part.inverseShape(shape);
    return shape;
  }
  toString(): string {
    return `ComposeTransform(\n    ${this.parts.map(String).join(",\n    ")}\n)`;
  }
}

/** Reinterprets batch dims of a transform's input as event dims. */
export class IndependentTransform extends Transform {
  declare baseTransform: Transform;
  declare reinterpretedBatchNdims: number;
  constructor(baseTransform: Transform, reinterpretedBatchNdims: number, cacheSize = 0) {
    super(cacheSize);
    this.baseTransform = baseTransform.withCache(cacheSize);
    this.reinterpretedBatchNdims = reinterpretedBatchNdims;
  }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new IndependentTransform(this.baseTransform, this.reinterpretedBatchNdims, cacheSize);
  }
  get domain(): constraints.Constraint {
    return constraints.independent(this.baseTransform.domain, this.reinterpretedBatchNdims);
  }
  get codomain(): constraints.Constraint {
    return constraints.independent(this.baseTransform.codomain, this.reinterpretedBatchNdims);
  }
  get bijective(): boolean {
    return this.baseTransform.bijective;
  }
  get sign(): Sign {
    return this.baseTransform.sign;
  }
  _call(x: Tensor): Tensor {
    if (x.dim() < this.domain.eventDim) throw valueError("Too few dimensions on input");
    return this.baseTransform(x);
  }
  _inverse(y: Tensor): Tensor {
    if (y.dim() < this.codomain.eventDim) throw valueError("Too few dimensions on input");
    return this.baseTransform.inv(y);
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return sumRightmost(this.baseTransform.logAbsDetJacobian(x, y), this.reinterpretedBatchNdims);
  }
  toString(): string {
    return `IndependentTransform(${this.baseTransform}, ${this.reinterpretedBatchNdims})`;
  }
  forwardShape(shape: number[]): number[] {
    return this.baseTransform.forwardShape(shape);
  }
  inverseShape(shape: number[]): number[] {
    return this.baseTransform.inverseShape(shape);
  }
}

/** y = exp(x) */
export class ExpTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.real; }
  get codomain(): constraints.Constraint { return constraints.positive; }
  get bijective(): boolean { return true; }
  get sign(): Sign { return 1; }
  equals(other: Transform): boolean { return other instanceof ExpTransform; }
  _call(x: Tensor): Tensor { return x.exp(); }
  _inverse(y: Tensor): Tensor { return y.log(); }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor { return x; }
}

/** y = x ** exponent */
export class PowerTransform extends Transform {
  declare exponent: Tensor;
  constructor(exponent: Tensor | number, cacheSize = 0) {
    super(cacheSize);
    [this.exponent] = broadcastAll(exponent);
  }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new PowerTransform(this.exponent, cacheSize);
  }
  get domain(): constraints.Constraint { return constraints.positive; }
  get codomain(): constraints.Constraint { return constraints.positive; }
  get bijective(): boolean { return true; }
  equals(other: Transform): boolean {
    return other instanceof PowerTransform && !!this.exponent.eq(other.exponent).all().item();
  }
  _call(x: Tensor): Tensor { return x.pow(this.exponent); }
  _inverse(y: Tensor): Tensor { return y.pow(rdiv(1, this.exponent)); }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return this.exponent.mul(y).div(x).abs().log();
  }
  forwardShape(shape: number[]): number[] { return broadcastShapes(shape, this.exponent.shape); }
  inverseShape(shape: number[]): number[] { return broadcastShapes(shape, this.exponent.shape); }
}
lazyProperty(PowerTransform, "sign", (t: PowerTransform) => t.exponent.sign());

function clippedSigmoid(x: Tensor): Tensor {
  const f = finfo(x.dtype);
  return torch.clamp(torch.sigmoid(x), { min: f.tiny, max: 1.0 - f.eps });
}

/** y = sigmoid(x) (clipped into (0, 1)) */
export class SigmoidTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.real; }
  get codomain(): constraints.Constraint { return constraints.unitInterval; }
  get bijective(): boolean { return true; }
  get sign(): Sign { return 1; }
  equals(other: Transform): boolean { return other instanceof SigmoidTransform; }
  _call(x: Tensor): Tensor { return clippedSigmoid(x); }
  _inverse(y: Tensor): Tensor {
    const f = finfo(y.dtype);
    y = y.clamp({ min: f.tiny, max: 1.0 - f.eps });
    return y.log().sub(y.neg().log1p());
  }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor {
    return softplus(x.neg()).neg().sub(softplus(x));
  }
}

/** y = log(1 + exp(x)) */
export class SoftplusTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.real; }
  get codomain(): constraints.Constraint { return constraints.positive; }
  get bijective(): boolean { return true; }
  get sign(): Sign { return 1; }
  equals(other: Transform): boolean { return other instanceof SoftplusTransform; }
  _call(x: Tensor): Tensor { return softplus(x); }
  _inverse(y: Tensor): Tensor { return y.neg().expm1().neg().log().add(y); }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor { return softplus(x.neg()).neg(); }
}

const TANH_CODOMAIN = constraints._floatInterval(-1.0, 1.0);
/** y = tanh(x) */
export class TanhTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.real; }
  get codomain(): constraints.Constraint { return TANH_CODOMAIN; }
  get bijective(): boolean { return true; }
  get sign(): Sign { return 1; }
  equals(other: Transform): boolean { return other instanceof TanhTransform; }
  _call(x: Tensor): Tensor { return x.tanh(); }
  _inverse(y: Tensor): Tensor { return torch.atanh(y); }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor {
    // 2.0 * (math.log(2.0) - x - softplus(-2.0 * x))
    return rsub(Math.log(2.0), x).sub(softplus(x.mul(-2.0))).mul(2.0);
  }
}

/** y = |x| */
export class AbsTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.real; }
  get codomain(): constraints.Constraint { return constraints.positive; }
  equals(other: Transform): boolean { return other instanceof AbsTransform; }
  _call(x: Tensor): Tensor { return x.abs(); }
  _inverse(y: Tensor): Tensor { return y; }
}

/** y = loc + scale * x */
export class AffineTransform extends Transform {
  declare loc: Tensor | number;
  declare scale: Tensor | number;
  /** @internal */ declare _eventDim: number;
  constructor(loc: Tensor | number | { loc?: Tensor | number; scale?: Tensor | number; eventDim?: number; cacheSize?: number }, scale?: Tensor | number, eventDim = 0, cacheSize = 0) {
    if (loc !== null && typeof loc === "object" && !(loc instanceof Tensor)) {
      const o = loc;
      super(o.cacheSize ?? 0);
      this.loc = o.loc as Tensor | number;
      this.scale = o.scale as Tensor | number;
      this._eventDim = o.eventDim ?? 0;
    } else {
      super(cacheSize);
      this.loc = loc;
      this.scale = scale as Tensor | number;
      this._eventDim = eventDim;
    }
    if (this.loc === undefined || this.scale === undefined) throw new TypeError("AffineTransform(loc, scale): loc and scale are required");
  }
  get eventDim(): number {
    return this._eventDim;
  }
  get domain(): constraints.Constraint {
    return this._eventDim === 0 ? constraints.real : constraints.independent(constraints.real, this._eventDim);
  }
  get codomain(): constraints.Constraint {
    return this._eventDim === 0 ? constraints.real : constraints.independent(constraints.real, this._eventDim);
  }
  get bijective(): boolean { return true; }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new AffineTransform(this.loc, this.scale, this._eventDim, cacheSize);
  }
  equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: Tensor | number, b: Tensor | number) =>
      isNumber(a) && isNumber(b) ? a === b : !!(a instanceof Tensor ? a.eq(b as never) : (b as Tensor).eq(a)).all().item();
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
  get sign(): Sign {
    if (isNumber(this.scale)) return this.scale > 0 ? 1 : this.scale < 0 ? -1 : 0;
    return this.scale.sign();
  }
  _call(x: Tensor): Tensor {
    // self.loc + self.scale * x
    const sx = this.scale instanceof Tensor ? this.scale.mul(x) : x.mul(this.scale);
    return this.loc instanceof Tensor ? this.loc.add(sx) : sx.add(this.loc);
  }
  _inverse(y: Tensor): Tensor {
    return y.sub(this.loc as never).div(this.scale as never);
  }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor {
    let shape: number[] = x.shape;
    let result: Tensor;
    if (isNumber(this.scale)) result = torch.fullLike(x, Math.log(Math.abs(this.scale)));
    else result = torch.abs(this.scale).log();
    if (this._eventDim) {
      const size = [...result.shape.slice(0, -this._eventDim), -1];
      result = result.view(size).sum(-1);
      shape = shape.slice(0, -this._eventDim);
    }
    return result.expand(shape);
  }
  forwardShape(shape: number[]): number[] {
    return broadcastShapes(shape, this.loc instanceof Tensor ? this.loc.shape : [], this.scale instanceof Tensor ? this.scale.shape : []);
  }
  inverseShape(shape: number[]): number[] {
    return this.forwardShape(shape);
  }
}

/** Unconstrained vector -> simplex by softmax (not bijective). */
export class SoftmaxTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.realVector; }
  get codomain(): constraints.Constraint { return constraints.simplex; }
  equals(other: Transform): boolean { return other instanceof SoftmaxTransform; }
  _call(x: Tensor): Tensor {
    const probs = x.sub(x.max(-1, true).values).exp();
    return probs.div(probs.sum(-1, true));
  }
  _inverse(y: Tensor): Tensor { return y.log(); }
  forwardShape(shape: number[]): number[] {
    if (shape.length < 1) throw valueError("Too few dimensions on input");
    return shape;
  }
  inverseShape(shape: number[]): number[] {
    if (shape.length < 1) throw valueError("Too few dimensions on input");
    return shape;
  }
}

/** Unconstrained vector of K-1 -> simplex of K by stick breaking (bijective). */
export class StickBreakingTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.realVector; }
  get codomain(): constraints.Constraint { return constraints.simplex; }
  get bijective(): boolean { return true; }
  equals(other: Transform): boolean { return other instanceof StickBreakingTransform; }
  _call(x: Tensor): Tensor {
    const k = x.shape[x.dim() - 1];
    const offset = rsub(k + 1, x.newOnes([k]).cumsum(-1));
    const z = clippedSigmoid(x.sub(offset.log()));
    const zCumprod = rsub(1, z).cumprod(-1);
    return pad(z, [0, 1], "constant", 1).mul(pad(zCumprod, [1, 0], "constant", 1));
  }
  _inverse(y: Tensor): Tensor {
    const yCrop = y.index("...", ":-1");
    const offset = rsub(y.shape[y.dim() - 1], y.newOnes([yCrop.shape[yCrop.dim() - 1]]).cumsum(-1));
    let sf = rsub(1, yCrop.cumsum(-1));
    sf = torch.clamp(sf, { min: finfo(y.dtype).tiny });
    return yCrop.log().sub(sf.log()).add(offset.log());
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const k = x.shape[x.dim() - 1];
    const offset = rsub(k + 1, x.newOnes([k]).cumsum(-1));
    x = x.sub(offset.log());
    return x.neg().add(logsigmoid(x)).add(y.index("...", ":-1").log()).sum(-1);
  }
  forwardShape(shape: number[]): number[] {
    if (shape.length < 1) throw valueError("Too few dimensions on input");
    return [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  }
  inverseShape(shape: number[]): number[] {
    if (shape.length < 1) throw valueError("Too few dimensions on input");
    return [...shape.slice(0, -1), shape[shape.length - 1] - 1];
  }
}

/** Unconstrained square matrix -> lower-triangular with positive diagonal. */
export class LowerCholeskyTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.independent(constraints.real, 2); }
  get codomain(): constraints.Constraint { return constraints.lowerCholesky; }
  equals(other: Transform): boolean { return other instanceof LowerCholeskyTransform; }
  _call(x: Tensor): Tensor {
    return x.tril(-1).add(x.diagonal({ dim1: -2, dim2: -1 }).exp().diagEmbed());
  }
  _inverse(y: Tensor): Tensor {
    return y.tril(-1).add(y.diagonal({ dim1: -2, dim2: -1 }).log().diagEmbed());
  }
}

/** Reshapes the rightmost dims from inShape to outShape. */
export class ReshapeTransform extends Transform {
  declare inShape: number[];
  declare outShape: number[];
  constructor(inShape: number[], outShape: number[], cacheSize = 0) {
    checkNotSparse("ReshapeTransform", "in_shape", inShape);
    checkNotSparse("ReshapeTransform", "out_shape", outShape);
    if (numel(inShape) !== numel(outShape)) throw valueError("in_shape, out_shape have different numbers of elements");
    super(cacheSize);
    this.inShape = [...inShape];
    this.outShape = [...outShape];
  }
  get bijective(): boolean { return true; }
  get domain(): constraints.Constraint { return constraints.independent(constraints.real, this.inShape.length); }
  get codomain(): constraints.Constraint { return constraints.independent(constraints.real, this.outShape.length); }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new ReshapeTransform(this.inShape, this.outShape, cacheSize);
  }
  _call(x: Tensor): Tensor {
    return x.reshape([...x.shape.slice(0, x.dim() - this.inShape.length), ...this.outShape]);
  }
  _inverse(y: Tensor): Tensor {
    return y.reshape([...y.shape.slice(0, y.dim() - this.outShape.length), ...this.inShape]);
  }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor {
    return x.newZeros(x.shape.slice(0, x.dim() - this.inShape.length));
  }
  forwardShape(shape: number[]): number[] {
    if (shape.length < this.inShape.length) throw valueError("Too few dimensions on input");
    const cut = shape.length - this.inShape.length;
    if (!sameShape(shape.slice(cut), this.inShape)) throw valueError(`Shape mismatch: expected ${pySize(shape.slice(cut))} but got ${pySize(this.inShape)}`);
    return [...shape.slice(0, cut), ...this.outShape];
  }
  inverseShape(shape: number[]): number[] {
    if (shape.length < this.outShape.length) throw valueError("Too few dimensions on input");
    const cut = shape.length - this.outShape.length;
    if (!sameShape(shape.slice(cut), this.outShape)) throw valueError(`Shape mismatch: expected ${pySize(shape.slice(cut))} but got ${pySize(this.outShape)}`);
    return [...shape.slice(0, cut), ...this.inShape];
  }
}

/** Unconstrained vector of D(D-1)/2 -> Cholesky factor of a D x D correlation matrix. */
export class CorrCholeskyTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.realVector; }
  get codomain(): constraints.Constraint { return constraints.corrCholesky; }
  get bijective(): boolean { return true; }
  _call(x: Tensor): Tensor {
    x = torch.tanh(x);
    const eps = finfo(x.dtype).eps;
    x = x.clamp({ min: -1 + eps, max: 1 - eps });
    let r = vecToTrilMatrix(x, -1);
    const z = r.pow(2);
    const z1mCumprodSqrt = rsub(1, z).sqrt().cumprod(-1);
    r = r.add(torch.eye(r.shape[r.dim() - 1], { dtype: r.dtype, device: r.device }));
    return r.mul(pad(z1mCumprodSqrt.index("...", ":-1"), [1, 0], "constant", 1));
  }
  _inverse(y: Tensor): Tensor {
    const yCumsum = rsub(1, torch.cumsum(y.mul(y), -1));
    const yCumsumShifted = pad(yCumsum.index("...", ":-1"), [1, 0], "constant", 1);
    const yVec = trilMatrixToVec(y, -1);
    const yCumsumVec = trilMatrixToVec(yCumsumShifted, -1);
    const t = yVec.div(yCumsumVec.sqrt());
    return t.log1p().sub(t.neg().log1p()).div(2);
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const y1mCumsum = rsub(1, y.mul(y).cumsum(-1));
    const y1mCumsumTril = trilMatrixToVec(y1mCumsum, -2);
    const stickBreakingLogdet = y1mCumsumTril.log().sum(-1).mul(0.5);
    const tanhLogdet = x.add(softplus(x.mul(-2))).sub(Math.log(2.0)).sum(-1).mul(-2);
    return stickBreakingLogdet.add(tanhLogdet);
  }
  forwardShape(shape: number[]): number[] {
    if (shape.length < 1) throw valueError("Too few dimensions on input");
    const N = shape[shape.length - 1];
    const D = Math.round((0.25 + 2 * N) ** 0.5 + 0.5);
    if ((D * (D - 1)) / 2 !== N) throw valueError("Input is not a flattened lower-diagonal number");
    return [...shape.slice(0, -1), D, D];
  }
  inverseShape(shape: number[]): number[] {
    if (shape.length < 2) throw valueError("Too few dimensions on input");
    if (shape[shape.length - 2] !== shape[shape.length - 1]) throw valueError("Input is not square");
    const D = shape[shape.length - 1];
    return [...shape.slice(0, -2), (D * (D - 1)) / 2];
  }
}

/** Unconstrained square matrix -> positive-definite matrix (L L^T of LowerCholeskyTransform). */
export class PositiveDefiniteTransform extends Transform {
  get domain(): constraints.Constraint { return constraints.independent(constraints.real, 2); }
  get codomain(): constraints.Constraint { return constraints.positiveDefinite; }
  equals(other: Transform): boolean { return other instanceof PositiveDefiniteTransform; }
  _call(x: Tensor): Tensor {
    x = new LowerCholeskyTransform()(x);
    return x.matmul(x.transpose(-2, -1));
  }
  _inverse(y: Tensor): Tensor {
    y = torch.linalg.cholesky(y);
    return new LowerCholeskyTransform().inv(y);
  }
}

/** Applies transforms to consecutive slices along `dim` (torch.cat-compatible). */
export class CatTransform extends Transform {
  declare transforms: Transform[];
  declare lengths: number[];
  declare dim: number;
  constructor(tseq: Transform[], dim = 0, lengths: number[] | null = null, cacheSize = 0) {
    checkNotSparse("CatTransform", "tseq", tseq);
    checkNotSparse("CatTransform", "lengths", lengths);
    if (!tseq.every((t) => t instanceof Transform)) throw new TypeError("All elements of tseq must be Transform instances");
    super(cacheSize);
    this.transforms = cacheSize ? tseq.map((t) => t.withCache(cacheSize)) : [...tseq];
    this.lengths = lengths ? [...lengths] : tseq.map(() => 1);
    if (this.lengths.length !== this.transforms.length) throw new RangeError(`lengths (${this.lengths.length}) must match transforms (${this.transforms.length})`);
    this.dim = dim;
    // a Transform is a function object, whose own `length` would hide a getter on the prototype
    Object.defineProperty(this, "length", { get: () => this.lengths.reduce((a, b) => a + b, 0), configurable: true, enumerable: false });
  }
  get eventDim(): number {
    return Math.max(...this.transforms.map((t) => t.eventDim));
  }
  /** Sum of lengths. */
  declare readonly length: number;
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new CatTransform(this.transforms, this.dim, this.lengths, cacheSize);
  }
  private check(t: Tensor, what: string): void {
    if (!(-t.dim() <= this.dim && this.dim < t.dim())) throw new RangeError(`dim ${this.dim} out of range for tensor with ${t.dim()} dimensions`);
    if (t.size(this.dim) !== this.length) throw new RangeError(`${what}.size(${this.dim}) = ${t.size(this.dim)} must equal length ${this.length}`);
  }
  _call(x: Tensor): Tensor {
    this.check(x, "x");
    let start = 0;
    const ys = this.transforms.map((t, i) => {
      const y = t(x.narrow(this.dim, start, this.lengths[i]));
      start += this.lengths[i];
      return y;
    });
    return torch.cat(ys, this.dim);
  }
  _inverse(y: Tensor): Tensor {
    this.check(y, "y");
    let start = 0;
    const xs = this.transforms.map((t, i) => {
      const x = t.inv(y.narrow(this.dim, start, this.lengths[i]));
      start += this.lengths[i];
      return x;
    });
    return torch.cat(xs, this.dim);
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    this.check(x, "x");
    this.check(y, "y");
    let start = 0;
    const eventDim = this.eventDim;
    const ls = this.transforms.map((t, i) => {
      let l = t.logAbsDetJacobian(x.narrow(this.dim, start, this.lengths[i]), y.narrow(this.dim, start, this.lengths[i]));
      if (t.eventDim < eventDim) l = sumRightmost(l, eventDim - t.eventDim);
      start += this.lengths[i];
      return l;
    });
    let dim = this.dim;
    if (dim >= 0) dim = dim - x.dim();
    dim = dim + eventDim;
    if (dim < 0) return torch.cat(ls, dim);
    return ls.reduce((a, b) => a.add(b));
  }
  get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  get domain(): constraints.Constraint {
    return constraints.cat(this.transforms.map((t) => t.domain), this.dim, this.lengths);
  }
  get codomain(): constraints.Constraint {
    return constraints.cat(this.transforms.map((t) => t.codomain), this.dim, this.lengths);
  }
}

/** Applies one transform to each slice of `dim` (torch.stack-compatible). */
export class StackTransform extends Transform {
  declare transforms: Transform[];
  declare dim: number;
  constructor(tseq: Transform[], dim = 0, cacheSize = 0) {
    checkNotSparse("StackTransform", "tseq", tseq);
    if (!tseq.every((t) => t instanceof Transform)) throw new TypeError("All elements of tseq must be Transform instances");
    super(cacheSize);
    this.transforms = cacheSize ? tseq.map((t) => t.withCache(cacheSize)) : [...tseq];
    this.dim = dim;
  }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new StackTransform(this.transforms, this.dim, cacheSize);
  }
  private slices(z: Tensor): Tensor[] {
    return Array.from({ length: z.size(this.dim) }, (_, i) => z.select(this.dim, i));
  }
  private check(t: Tensor, what: string): void {
    if (!(-t.dim() <= this.dim && this.dim < t.dim())) throw new RangeError(`dim ${this.dim} out of range for tensor with ${t.dim()} dimensions`);
    if (t.size(this.dim) !== this.transforms.length)
      throw new RangeError(`${what}.size(${this.dim}) = ${t.size(this.dim)} must equal len(transforms) ${this.transforms.length}`);
  }
  _call(x: Tensor): Tensor {
    this.check(x, "x");
    return torch.stack(this.slices(x).map((xs, i) => this.transforms[i](xs)), this.dim);
  }
  _inverse(y: Tensor): Tensor {
    this.check(y, "y");
    return torch.stack(this.slices(y).map((ys, i) => this.transforms[i].inv(ys)), this.dim);
  }
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    this.check(x, "x");
    this.check(y, "y");
    const ys = this.slices(y);
    return torch.stack(this.slices(x).map((xs, i) => this.transforms[i].logAbsDetJacobian(xs, ys[i])), this.dim);
  }
  get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  get domain(): constraints.Constraint {
    return constraints.stack(this.transforms.map((t) => t.domain), this.dim);
  }
  get codomain(): constraints.Constraint {
    return constraints.stack(this.transforms.map((t) => t.codomain), this.dim);
  }
}

/** A distribution's cdf as a transform onto the unit interval. */
export class CumulativeDistributionTransform extends Transform {
  declare distribution: { support: constraints.Constraint; cdf(x: Tensor): Tensor; icdf(y: Tensor): Tensor; logProb(x: Tensor): Tensor };
  constructor(distribution: CumulativeDistributionTransform["distribution"], cacheSize = 0) {
    super(cacheSize);
    this.distribution = distribution;
  }
  get bijective(): boolean { return true; }
  get codomain(): constraints.Constraint { return constraints.unitInterval; }
  get domain(): constraints.Constraint { return this.distribution.support; }
  get sign(): Sign { return 1; }
  _call(x: Tensor): Tensor { return this.distribution.cdf(x); }
  _inverse(y: Tensor): Tensor { return this.distribution.icdf(y); }
  logAbsDetJacobian(x: Tensor, _y?: Tensor): Tensor { return this.distribution.logProb(x); }
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new CumulativeDistributionTransform(this.distribution, cacheSize);
  }
}

/** Transforms constructed with only a cache size (Python's `type(self)(cache_size=...)`). */
const SIMPLE = new Set<unknown>([ExpTransform, SigmoidTransform, SoftplusTransform, TanhTransform, AbsTransform, SoftmaxTransform, StickBreakingTransform, LowerCholeskyTransform, CorrCholeskyTransform, PositiveDefiniteTransform]);

/** The identity (an empty ComposeTransform). */
export const identityTransform = new ComposeTransform([]);
