// torch.distributions.constraint_registry: bijectTo / transformTo map a
// constraint to a transform from unconstrained space (Python's constraint_registry.py).
import * as C from "./constraints";
import * as T from "./transforms";
import { isNumber, NotImplementedError } from "./utils";
import { Tensor } from "../tensor";

type ConstraintClass = abstract new (...a: never[]) => C.Constraint;
type Factory = (constraint: any) => T.Transform; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The constraint factories exported by constraints, by the class they make (Python registers the classes). */
const FACTORY_CLASS = new Map<unknown, ConstraintClass>([
  [C.independent, C._IndependentConstraint], [C.greaterThan, C._GreaterThan], [C.greaterThanEq, C._GreaterThanEq],
  [C.lessThan, C._LessThan], [C.interval, C._Interval], [C.halfOpenInterval, C._HalfOpenInterval],
  [C.integerInterval, C._IntegerInterval], [C.multinomial, C._Multinomial], [C.cat, C._Cat], [C.stack, C._Stack],
]);

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ConstraintRegistry {
  /** The transform registered for `constraint`'s class. */
  (constraint: C.Constraint): T.Transform;
}
/** A registry from constraint classes to transform factories; call it with a constraint. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ConstraintRegistry {
  /** @internal */ declare _registry: Map<unknown, Factory>;
  constructor() {
    const self = ((constraint: C.Constraint) => self._lookup(constraint)) as unknown as ConstraintRegistry;
    Object.setPrototypeOf(self, new.target.prototype);
    self._registry = new Map();
    return self;
  }
  /**
   * register(constraint, factory) registers factory for the constraint's class
   * (an instance, a class, or one of the factories such as constraints.interval);
   * register(constraint) returns a function taking the factory.
   */
  register(constraint: unknown, factory?: Factory): Factory | ((f: Factory) => Factory) {
    if (factory === undefined) return (f: Factory) => this.register(constraint, f) as Factory;
    let key: unknown = constraint;
    if (constraint instanceof C.Constraint) key = constraint.constructor;
    else if (FACTORY_CLASS.has(constraint)) key = FACTORY_CLASS.get(constraint);
    if (typeof key !== "function" || !(key === C.Constraint || (key as { prototype: unknown }).prototype instanceof C.Constraint))
      throw new TypeError(`Expected constraint to be either a Constraint subclass or instance, but got ${String(constraint)}`);
    this._registry.set(key, factory);
    return factory;
  }
  /** @internal */
  _lookup(constraint: C.Constraint): T.Transform {
    const factory = this._registry.get(constraint?.constructor);
    if (!factory) throw new NotImplementedError(`Cannot transform ${constraint?.constructor?.name} constraints`);
    return factory(constraint);
  }
}

/** Bijective transforms from unconstrained space (for reparameterized optimization, HMC...). */
export const bijectTo = new ConstraintRegistry();
/** Transforms from unconstrained space, not necessarily bijective (for constrained optimization). */
export const transformTo = new ConstraintRegistry();

const both = (c: unknown, f: Factory) => {
  bijectTo.register(c, f);
  transformTo.register(c, f);
};

both(C.real, () => T.identityTransform);
bijectTo.register(C.independent, (c: C._IndependentConstraint) => new T.IndependentTransform(bijectTo(c.baseConstraint), c.reinterpretedBatchNdims));
transformTo.register(C.independent, (c: C._IndependentConstraint) => new T.IndependentTransform(transformTo(c.baseConstraint), c.reinterpretedBatchNdims));
both(C.positive, () => new T.ExpTransform());
both(C.nonnegative, () => new T.ExpTransform());
// Python then registers greater_than / greater_than_eq, the same classes as positive / nonnegative: these win
const greaterThan = (c: C._GreaterThan | C._GreaterThanEq) => new T.ComposeTransform([new T.ExpTransform(), new T.AffineTransform(c.lowerBound, 1)]);
both(C.greaterThan, greaterThan);
both(C.greaterThanEq, greaterThan);
both(C.lessThan, (c: C._LessThan) => new T.ComposeTransform([new T.ExpTransform(), new T.AffineTransform(c.upperBound, -1)]));
const interval = (c: C._Interval | C._HalfOpenInterval) => {
  const lowerIs0 = isNumber(c.lowerBound) && c.lowerBound === 0;
  const upperIs1 = isNumber(c.upperBound) && c.upperBound === 1;
  if (lowerIs0 && upperIs1) return new T.SigmoidTransform();
  const loc = c.lowerBound;
  const scale = c.upperBound instanceof Tensor ? c.upperBound.sub(loc as never) : loc instanceof Tensor ? loc.neg().add(c.upperBound) : c.upperBound - loc;
  return new T.ComposeTransform([new T.SigmoidTransform(), new T.AffineTransform(loc, scale)]);
};
both(C.interval, interval);
both(C.halfOpenInterval, interval);
bijectTo.register(C.simplex, () => new T.StickBreakingTransform());
transformTo.register(C.simplex, () => new T.SoftmaxTransform());
transformTo.register(C.lowerCholesky, () => new T.LowerCholeskyTransform());
transformTo.register(C.positiveDefinite, () => new T.PositiveDefiniteTransform());
transformTo.register(C.positiveSemidefinite, () => new T.PositiveDefiniteTransform());
both(C.corrCholesky, () => new T.CorrCholeskyTransform());
bijectTo.register(C.cat, (c: C._Cat) => new T.CatTransform(c.cseq.map((x) => bijectTo(x)), c.dim, c.lengths));
transformTo.register(C.cat, (c: C._Cat) => new T.CatTransform(c.cseq.map((x) => transformTo(x)), c.dim, c.lengths));
bijectTo.register(C.stack, (c: C._Stack) => new T.StackTransform(c.cseq.map((x) => bijectTo(x)), c.dim));
transformTo.register(C.stack, (c: C._Stack) => new T.StackTransform(c.cseq.map((x) => transformTo(x)), c.dim));
