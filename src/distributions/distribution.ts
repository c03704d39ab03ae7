// torch.distributions.Distribution: the abstract base class (Python's
// torch/distributions/distribution.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import { warnOnce } from "../warnings";
import { isOptions, checkNotSparse } from "../args";
import { Constraint, isDependent } from "./constraints";
import { inDict, isLazy, numel, pyName, pySize, pyTuple, pyValue, valueError, NotImplementedError } from "./utils";

/** A sample shape: an array of sizes (`[5]`, `[2, 3]`), one size, or `{ sampleShape }`. */
export type SampleShape = number[] | number | { sampleShape?: number[] | number };
/** A batch shape for expand: an array of sizes or `{ batchShape }`. */
export type BatchShape = number[] | { batchShape?: number[] };

export function toShape(fn: string, s: unknown, what = "sample_shape"): number[] {
  if (isOptions(s)) {
    const key = what === "batch_shape" ? "batchShape" : "sampleShape";
    for (const k of Object.keys(s)) if (k !== key) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    s = s[key];
  }
  if (s === undefined || s === null) return [];
  if (typeof s === "number") s = [s];
  // a plain loop (every() skips holes: a sparse new Array(2 ** 32 - 1) walked its 4 billion), and a long list not printed whole
  let ok = Array.isArray(s);
  if (ok) for (let i = 0; i < (s as unknown[]).length && ok; i++) ok = typeof (s as unknown[])[i] === "number" && Number.isInteger((s as unknown[])[i]) && ((s as number[])[i] >= 0);
  if (!ok) throw new TypeError(`${fn}(): argument '${what}' must be a tuple of non-negative ints, not ${Array.isArray(s) && s.length > 64 ? "a list of length " + s.length : String(s)}`);
  return [...(s as number[])];
}

/** Validation default (Python's Distribution._validate_args, on unless `python -O`). */
let defaultValidateArgs = true;

export abstract class Distribution {
  /** @internal */ declare _batchShape: number[];
  /** @internal */ declare _eventShape: number[];
  /** @internal the instance's own validate_args (else the class default) */ declare _va: boolean | undefined;
  /** @internal */
  get _validateArgs(): boolean {
    return this._va ?? defaultValidateArgs;
  }
  set _validateArgs(v: boolean) {
    this._va = v;
  }

  /**
   * Subclasses written by users may pass the shapes here (Python's
   * `super().__init__(batch_shape, event_shape, validate_args)`); the library's
   * subclasses set their parameters first and call `_init` afterwards, as Python does.
   */
  constructor(batchShape?: number[], eventShape?: number[], validateArgs?: boolean | null) {
    if (batchShape !== undefined) this._init(batchShape, eventShape ?? [], validateArgs);
  }

  /** Turns argument validation on or off for distributions made afterwards without `validateArgs`. */
  static setDefaultValidateArgs(value: boolean): void {
    if (value !== true && value !== false) throw valueError("");
    defaultValidateArgs = value;
  }
  /** @internal the current default of argument validation */
  static get _defaultValidateArgs(): boolean {
    return defaultValidateArgs;
  }

  /**
   * @internal Python's Distribution.__init__: sets the shapes and validates the
   * parameters against argConstraints. Subclasses call it after setting their parameters.
   */
  _init(batchShape: number[] = [], eventShape: number[] = [], validateArgs?: boolean | null): void {
    checkNotSparse(this.constructor.name, "batch_shape", batchShape);
    checkNotSparse(this.constructor.name, "event_shape", eventShape);
    this._batchShape = [...batchShape];
    this._eventShape = [...eventShape];
    if (validateArgs !== undefined && validateArgs !== null) {
      if (typeof validateArgs !== "boolean") throw new TypeError(`validate_args must be a bool or null, not ${String(validateArgs)}`);
      this._va = validateArgs;
    }
    if (this._validateArgs) {
      let argConstraints: Record<string, Constraint>;
      try {
        argConstraints = this.argConstraints;
      } catch (e) {
        if (!(e instanceof NotImplementedError)) throw e;
        argConstraints = {};
        warnOnce(`${this.constructor.name} does not define \`arg_constraints\`. Please set \`arg_constraints = {}\` or initialize the distribution with \`validate_args=False\` to turn off validation.`);
      }
      for (const [param, constraint] of Object.entries(argConstraints)) {
        if (isDependent(constraint)) continue;
        if (!inDict(this, param) && isLazy(this, param)) continue;
        const value = (this as unknown as Record<string, Tensor>)[param];
        const valid = constraint.check(value);
        if (!valid.all().item())
          throw valueError(
            `Expected parameter ${pyName(param)} (Tensor of shape ${pyTuple(value.shape)}) of distribution ${this.toString()} ` +
              `to satisfy the constraint ${constraint.toString()}, but found invalid values:\n${pyValue(value)}`,
          );
      }
    }
  }

  /** @internal a new instance of this class without running its constructor (Python's __new__). */
  _newInstance(): this {
    return Object.create(Object.getPrototypeOf(this)) as this;
  }
  /** @internal finishes expand(): Python's `super().__init__(batch_shape, validate_args=False)`. */
  _finishExpand(neu: Distribution, batchShape: number[], eventShape: number[] = this._eventShape): void {
    neu._init(batchShape, eventShape, false);
    neu._validateArgs = this._validateArgs;
  }

  /**
   * A new distribution with batch dimensions expanded to `batchShape` (views of
   * the parameters; arguments are not validated again).
   */
  expand(batchShape: BatchShape, _instance?: Distribution): Distribution {
    void batchShape;
    void _instance;
    throw new NotImplementedError(`${this.constructor.name}.expand is not implemented`);
  }

  /** The shape over which parameters are batched. */
  get batchShape(): number[] {
    return [...this._batchShape];
  }
  /** The shape of a single sample (without batching). */
  get eventShape(): number[] {
    return [...this._eventShape];
  }
  /** Constraints each argument must satisfy, keyed by attribute name. */
  get argConstraints(): Record<string, Constraint> {
    throw new NotImplementedError(`${this.constructor.name}.argConstraints is not implemented`);
  }
  /** The distribution's support. */
  get support(): Constraint {
    throw new NotImplementedError(`${this.constructor.name}.support is not implemented`);
  }
  get hasRsample(): boolean {
    return false;
  }
  get hasEnumerateSupport(): boolean {
    return false;
  }
  get mean(): Tensor {
    throw new NotImplementedError(`${this.constructor.name}.mean is not implemented`);
  }
  get mode(): Tensor {
    throw new NotImplementedError(`<class 'torch.distributions.${this.constructor.name}'> does not implement mode`);
  }
  get variance(): Tensor {
    throw new NotImplementedError(`${this.constructor.name}.variance is not implemented`);
  }
  get stddev(): Tensor {
    return this.variance.sqrt();
  }
  /** Whether arguments and samples are validated. */
  get validateArgs(): boolean {
    return this._validateArgs;
  }

  /** A sample of shape sampleShape + batchShape + eventShape (no gradient). */
  sample(sampleShape: SampleShape = []): Tensor {
    return noGrad(() => this.rsample(sampleShape));
  }
  /** A reparameterized sample: gradients flow to the parameters. */
  rsample(sampleShape: SampleShape = []): Tensor {
    void sampleShape;
    throw new NotImplementedError(`${this.constructor.name}.rsample is not implemented`);
  }
  /** n samples (deprecated in Python: use sample([n])). */
  sampleN(n: number): Tensor {
    warnOnce("`sample_n(n)` will be deprecated. Use `sample((n,))` instead.", "FutureWarning");
    return this.sample([n]);
  }
  /** Log of the probability density/mass function at `value`. */
  logProb(value: Tensor): Tensor {
    void value;
    throw new NotImplementedError(`${this.constructor.name}.logProb is not implemented`);
  }
  /** Cumulative distribution function at `value`. */
  cdf(value: Tensor): Tensor {
    void value;
    throw new NotImplementedError(`${this.constructor.name}.cdf is not implemented`);
  }
  /** Inverse cumulative distribution function at `value`. */
  icdf(value: Tensor): Tensor {
    void value;
    throw new NotImplementedError(`${this.constructor.name}.icdf is not implemented`);
  }
  /** All values of a discrete support along dim 0 (expanded over the batch unless `expand` is false). */
  enumerateSupport(expand: boolean | { expand?: boolean } = true): Tensor {
    void expand;
    throw new NotImplementedError(`${this.constructor.name}.enumerateSupport is not implemented`);
  }
  /** Entropy, batched over batchShape. */
  entropy(): Tensor {
    throw new NotImplementedError(`${this.constructor.name}.entropy is not implemented`);
  }
  /** exp(entropy). */
  perplexity(): Tensor {
    return torch.exp(this.entropy());
  }

  /** @internal sample_shape + batch_shape + event_shape */
  _extendedShape(sampleShape: SampleShape = []): number[] {
    return [...toShape("sample", sampleShape), ...this._batchShape, ...this._eventShape];
  }

  /** @internal checks a value given to logProb/cdf: shape against batch/event shapes, then the support. */
  _validateSample(value: Tensor): void {
    if (!(value instanceof Tensor)) throw valueError("The value argument to log_prob must be a Tensor");
    const shape = value.shape;
    const start = shape.length - this._eventShape.length;
    const tail = shape.slice(Math.max(start, 0));
    if (start < 0 || tail.length !== this._eventShape.length || tail.some((v, i) => v !== this._eventShape[i]))
      throw valueError(`The right-most size of value must match event_shape: ${pySize(shape)} vs ${pySize(this._eventShape)}.`);
    const expected = [...this._batchShape, ...this._eventShape];
    for (let k = 1; k <= Math.min(shape.length, expected.length); k++) {
      const i = shape[shape.length - k], j = expected[expected.length - k];
      if (i !== 1 && j !== 1 && i !== j)
        throw valueError(`Value is not broadcastable with batch_shape+event_shape: ${pySize(shape)} vs ${pySize(expected)}.`);
    }
    let support: Constraint;
    try {
      support = this.support;
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
      warnOnce(`${this.constructor.name} does not define \`support\` to enable sample validation. Please initialize the distribution with \`validate_args=False\` to turn off validation.`);
      return;
    }
    const valid = support.check(value);
    if (!valid.all().item())
      throw valueError(
        `Expected value argument (Tensor of shape ${pyTuple(shape)}) to be within the support (${support.toString()}) ` +
          `of the distribution ${this.toString()}, but found invalid values:\n${pyValue(value)}`,
      );
  }

  /** Python's repr: `Normal(loc: torch.Size([3]), scale: torch.Size([3]))`. */
  toString(): string {
    let names: string[] = [];
    try {
      names = Object.keys(this.argConstraints).filter((k) => inDict(this, k));
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
    }
    const args = names.map((p) => {
      const v = (this as unknown as Record<string, Tensor>)[p];
      return `${pyName(p)}: ${v.numel() === 1 ? pyValue(v) : pySize(v.shape)}`;
    });
    return `${this.constructor.name}(${args.join(", ")})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** The number of elements of a sample shape. */
export function sampleNumel(s: SampleShape): number {
  return numel(toShape("sample", s));
}
