// nn.Sequential, nn.ModuleList, nn.ModuleDict.
import { Module } from "./module";
import { describe } from "../device";
import { checkNotSparse } from "../args";

// Library leaf modules (exact classes, registered by nn/index.ts) keep neither
// their input nor their output. Between two of them (with no hooks), a
// Sequential's intermediate result is referenced by nothing but the loop, so
// the loop drops its handle at once, as Python's refcount frees it: a training
// loop then reuses warm memory instead of growing its working set until the
// next GC. Autograd keeps what it saved; storage shared with views stays.
const releasable = new WeakSet<object>();
/** @internal */
export function registerReleasableLeaves(...classes: (abstract new (...a: never[]) => Module)[]): void {
  for (const c of classes) releasable.add(c.prototype);
}
function releasesOutputs(m: Module): boolean {
  const s = m._self;
  return releasable.has(Object.getPrototypeOf(s)) && s._forwardHooks.size === 0 && s._forwardPreHooks.size === 0 &&
    s._backwardHooks.size === 0 && s._backwardPreHooks.size === 0;
}

/** Python's container[i] on the registered modules (negative counts from the end). */
function moduleAt(m: Module, i: number): Module {
  const mods = [...m._self._modules.values()];
  const k = i < 0 ? i + mods.length : i;
  if (k < 0 || k >= mods.length) throw new RangeError(`index ${i} is out of range`);
  return mods[k]!;
}

/** new nn.Sequential(m1, m2, ...) or new nn.Sequential({ name: module, ... }) */
export class Sequential extends Module {
  constructor(...modules: (Module | Record<string, Module>)[]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module) && typeof modules[0] === "object" && modules[0] !== null &&
      !Array.isArray(modules[0])) {
      for (const [name, m] of Object.entries(modules[0] as Record<string, Module>)) this.registerModule(name, m);
    } else {
      modules.forEach((m, i) => {
        if (!(m instanceof Module)) throw new TypeError(`${describe(m)} is not a Module subclass`); // Python's add_module text
        this.registerModule(String(i), m);
      });
    }
  }
  /** Runs each module on the previous one's output. The types are Python's (Any): a Sequential holds any modules. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(input: any): any {
    let x: unknown = input;
    let owned = false;  // x was made by a releasable leaf: only this loop holds it
    for (const m of this.children()) {
      const y = m(x);
      const leaf = releasesOutputs(m);
      // the same tensor, or a new wrapper of the same handle (dropout in eval mode returns its input)
      const same = y === x || (y instanceof Tensor && x instanceof Tensor && y._h === x._h);
      if (owned && leaf && !same) (x as Tensor).dispose();
      owned = same ? owned && leaf : leaf && y instanceof Tensor;
      x = y;
    }
    return x;
  }
  get length(): number {
    return this._self._modules.size;
  }
  /** Python's seq[i] (negative counts from the end). */
  getItem(i: number): Module {
    return moduleAt(this, i);
  }
  append(m: Module): this {
    this.registerModule(String(this._self._modules.size), m);
    return this;
  }
  *[Symbol.iterator](): Iterator<Module> {
    yield* this.children();
  }
}

export class ModuleList extends Module {
  constructor(modules: Module[] = []) {
    super();
    for (const m of modules) this.append(m);
  }
  append(m: Module): this {
    this.registerModule(String(this._self._modules.size), m);
    return this;
  }
  extend(ms: Iterable<Module>): this {
    for (const m of ms) this.append(m);
    return this;
  }
  get length(): number {
    return this._self._modules.size;
  }
  getItem(i: number): Module {
    return moduleAt(this, i);
  }
  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._self._modules.values()) if (m) yield m;
  }
  /** Python's ModuleList.__repr__: runs of identical entries print once, as "(0-5): 6 x Layer(...)". */
  toString(): string {
    const reprs = [...this].map((m) => String(m));
    if (reprs.length === 0) return `${this.constructor.name}()`;
    const blocks: [number, number, string][] = [[0, 0, reprs[0]]];
    for (let i = 1; i < reprs.length; i++) {
      const last = blocks[blocks.length - 1];
      if (reprs[i] === last[2]) last[1]++;
      else blocks.push([i, i, reprs[i]]);
    }
    const lines = blocks.map(([a, b, r]) => (a === b ? `(${a}): ${r}` : `(${a}-${b}): ${b - a + 1} x ${r}`).split("\n").join("\n  "));
    return `${this.constructor.name}(\n  ${lines.join("\n  ")}\n)`;
  }
}

export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.registerModule(k, m);
  }
  getItem(key: string): Module {
    const m = this._self._modules.get(key);
    if (!m) throw new RangeError(`KeyError: '${key}'`);
    return m;
  }
  setItem(key: string, m: Module): void {
    this.registerModule(key, m);
  }
  keys(): string[] {
    return [...this._self._modules.keys()];
  }
  get length(): number {
    return this._self._modules.size;
  }
}

// ------------------------------------------------------------------ ParameterList, ParameterDict (nnloss)
import { Tensor } from "../tensor";
import { Parameter } from "./parameter";

const TYPE_NAMES: Record<string, string> = {
  float32: "FloatTensor", float64: "DoubleTensor", float16: "HalfTensor", bfloat16: "BFloat16Tensor", int64: "LongTensor",
  int32: "IntTensor", int16: "ShortTensor", int8: "CharTensor", uint8: "ByteTensor", bool: "BoolTensor",
  complex64: "ComplexFloatTensor", complex128: "ComplexDoubleTensor",
};
/** torch.typename(t): "torch.FloatTensor", "torch.cuda.DoubleTensor", ... */
function typename(t: Tensor): string {
  const base = TYPE_NAMES[t.dtype.name] ?? `${t.dtype.name}Tensor`;
  return t.device.type === "cpu" ? `torch.${base}` : `torch.${t.device.type}.${base}`;
}
/** One line of ParameterList / ParameterDict's extra_repr. */
function paramLine(k: string, p: unknown, dtypeText: (t: Tensor) => string): string {
  if (p instanceof Tensor) {
    const dev = p.device.type === "cuda" ? ` (${String(p.device)})` : "";
    return `  (${k}): ${p instanceof Parameter ? "Parameter" : "Tensor"} containing: [${dtypeText(p)} of size ${p.shape.join("x")}${dev}]`;
  }
  return `  (${k}): Object of type: ${describe(p)}`;
}
/** Python's setattr(self, key, value) for the list/dict part: Parameters register (name checked), other values are plain attributes. */
function setEntry(m: Module, key: string, value: unknown): void {
  const v = value instanceof Tensor && !(value instanceof Parameter) ? new Parameter(value) : value;
  if (v instanceof Parameter) {
    delete (m._self as unknown as Record<string, unknown>)[key];
    m.registerParameter(key, v);
  } else (m as unknown as Record<string, unknown>)[key] = v;
}
function getEntry(m: Module, key: string): unknown {
  const self = m._self;
  if (self._parameters.has(key)) return self._parameters.get(key);
  return (self as unknown as Record<string, unknown>)[key];
}
function delEntry(m: Module, key: string): void {
  const self = m._self;
  if (self._parameters.has(key)) self._parameters.delete(key);
  else delete (self as unknown as Record<string, unknown>)[key];
}
function hidden<T>(m: Module, name: string, value: T): T {
  Object.defineProperty(m._self, name, { value, writable: true, configurable: true, enumerable: false });
  return value;
}

/**
 * nn.ParameterList(values?): Parameters registered as "0", "1", ... (so stateDict keys equal Python's);
 * Tensors are wrapped in Parameters. `append`, `extend`, `getItem(i | "a:b")`, `setItem(i, v)`, `length`, iteration.
 */
export class ParameterList extends Module {
  declare _plSize: number;
  constructor(values?: Iterable<unknown> | null) {
    super();
    hidden(this, "_plSize", 0);
    if (values !== undefined && values !== null) this.extend(values);
  }
  private absIndex(idx: number): string {
    if (typeof idx !== "number" || !Number.isInteger(idx))
      throw new TypeError(`'${describe(idx)}' object cannot be interpreted as an integer`);
    const n = this.length;
    if (!(-n <= idx && idx < n)) throw new RangeError(`index ${idx} is out of range`);
    return String(idx < 0 ? idx + n : idx);
  }
  get length(): number {
    return (this._self as ParameterList)._plSize;
  }
  /** Python's list[i] (negative counts from the end) or list[a:b:c] as a slice string (a new ParameterList). */
  getItem(idx: number | string): any {
    if (typeof idx === "string") {
      const n = this.length;
      const parts = idx.split(":");
      if (parts.length < 2 || parts.length > 3) throw new TypeError(`list indices must be integers or slices, not str`);
      const step = parts[2] ? Number(parts[2]) : 1;
      if (step === 0) throw new RangeError("slice step cannot be zero");
      const norm = (s: string, dflt: number, lo: number, hi: number) => {
        if (s === "") return dflt;
        let v = Number(s);
        if (v < 0) v += n;
        return Math.min(Math.max(v, lo), hi);
      };
      const start = step > 0 ? norm(parts[0], 0, 0, n) : norm(parts[0], n - 1, -1, n - 1);
      const stop = step > 0 ? norm(parts[1], n, 0, n) : norm(parts[1], -1, -1, n - 1);
      const out = new ParameterList();
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.append(this.getItem(i));
      return out;
    }
    return getEntry(this, this.absIndex(idx));
  }
  setItem(idx: number, param: unknown): void {
    setEntry(this, this.absIndex(idx), param);
  }
  append(value: unknown): this {
    const i = this.length;
    (this._self as ParameterList)._plSize = i + 1;
    this.setItem(i, value);
    return this;
  }
  extend(values: Iterable<unknown>): this {
    if (values === null || typeof values !== "object" || !(Symbol.iterator in (values as object)) || values instanceof Tensor)
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${describe(values)}`);
    checkNotSparse("ParameterList.extend", "values", values);
    for (const v of values) this.append(v);
    return this;
  }
  *[Symbol.iterator](): Iterator<any> {
    for (let i = 0; i < this.length; i++) yield this.getItem(i);
  }
  extraRepr(): string {
    return [...this].map((p, k) => paramLine(String(k), p, (t) => String(t.dtype))).join("\n");
  }
  __call__(): never {
    throw new Error("ParameterList should not be called.");
  }
}

type Entries = Map<string, unknown> | ParameterDict | Record<string, unknown> | Iterable<[string, unknown]>;

/**
 * nn.ParameterDict(parameters?): Parameters registered under their keys. A plain object is added in
 * sorted key order (Python's dict), a Map / ParameterDict / array of pairs in its order.
 */
export class ParameterDict extends Module {
  declare _pdKeys: Set<string>;
  constructor(parameters?: Entries | null) {
    super();
    hidden(this, "_pdKeys", new Set<string>());
    if (parameters !== undefined && parameters !== null) this.update(parameters);
  }
  private attr(key: unknown): string {
    if (typeof key !== "string")
      throw new TypeError(`Index given to ParameterDict cannot be used as a key as it is not a string (type is '${describe(key)}'). Open an issue on github if you need non-string keys.`);
    return key;
  }
  getItem(key: string): any {
    const k = this.attr(key);
    if (!this._self._parameters.has(k) && !Object.prototype.hasOwnProperty.call(this._self, k))
      throw new Error(`'ParameterDict' object has no attribute '${k}'`);
    return getEntry(this, k);
  }
  setItem(key: string, value: unknown): void {
    (this._self as ParameterDict)._pdKeys.add(key);
    setEntry(this, this.attr(key), value);
  }
  delItem(key: string): void {
    if (!(this._self as ParameterDict)._pdKeys.has(key)) throw new RangeError(`KeyError: '${key}'`);
    (this._self as ParameterDict)._pdKeys.delete(key);
    delEntry(this, this.attr(key));
  }
  get length(): number {
    return (this._self as ParameterDict)._pdKeys.size;
  }
  /** Python's `key in d`. */
  has(key: string): boolean {
    return (this._self as ParameterDict)._pdKeys.has(key);
  }
  keys(): string[] {
    return [...(this._self as ParameterDict)._pdKeys];
  }
  values(): any[] {
    return this.keys().map((k) => this.getItem(k));
  }
  items(): [string, any][] {
    return this.keys().map((k) => [k, this.getItem(k)]);
  }
  *[Symbol.iterator](): Iterator<string> {
    yield* this.keys();
  }
  get(key: string, dflt: unknown = null): any {
    return this.has(key) ? this.getItem(key) : dflt;
  }
  setdefault(key: string, dflt: unknown = null): any {
    if (!this.has(key)) this.setItem(key, dflt);
    return this.getItem(key);
  }
  pop(key: string): any {
    const v = this.getItem(key);
    this.delItem(key);
    return v;
  }
  popitem(): [string, any] {
    const keys = this.keys();
    if (keys.length === 0) throw new RangeError("KeyError: 'popitem(): dictionary is empty'");
    const k = keys[keys.length - 1]!;
    return [k, this.pop(k)];
  }
  clear(): void {
    for (const k of this.keys()) this.delItem(k);
  }
  copy(): ParameterDict {
    return new ParameterDict(new Map(this.items()));
  }
  fromkeys(keys: Iterable<string>, dflt: unknown = null): ParameterDict {
    return new ParameterDict([...keys].map((k) => [k, dflt] as [string, unknown]));
  }
  update(parameters: Entries): void {
    if (parameters === null || typeof parameters !== "object")
      throw new TypeError(`ParametersDict.update should be called with an iterable of key/value pairs, but got ${describe(parameters)}`);
    if (parameters instanceof Map || parameters instanceof ParameterDict) {
      for (const [k, v] of parameters instanceof Map ? parameters : parameters.items()) this.setItem(k, v);
    } else if (!(Symbol.iterator in parameters)) {
      const rec = parameters as Record<string, unknown>;
      for (const k of Object.keys(rec).sort()) this.setItem(k, rec[k]);
    } else {
      let j = 0;
      for (const p of parameters as Iterable<unknown>) {
        if (p === null || typeof p !== "object" || !(Symbol.iterator in (p as object)))
          throw new TypeError(`ParameterDict update sequence element #${j} should be Iterable; is${describe(p)}`);
        const pair = [...(p as Iterable<unknown>)];
        if (pair.length !== 2) throw new RangeError(`ParameterDict update sequence element #${j} has length ${pair.length}; 2 is required`);
        this.setItem(pair[0] as string, pair[1]);
        j++;
      }
    }
  }
  extraRepr(): string {
    return this.items().map(([k, p]) => paramLine(k, p, typename)).join("\n");
  }
  __call__(): never {
    throw new Error("ParameterDict should not be called.");
  }
}
