// nn.Module: Python's module system in TypeScript (PORTING.md rule 5).
//
// A Module is callable (`model(x)` runs hooks and forward): its constructor
// returns a Proxy over a function, forwarding every property to the module
// object. Submodules, Parameters and buffers assigned as class fields or in
// the constructor are registered under the field's name, in assignment order,
// through the Proxy's defineProperty/set traps, so stateDict() keys equal
// Python's.
import { inspect, types as utilTypes } from "util";
import { Tensor } from "../tensor";
import { Parameter } from "./parameter";
import { noGrad } from "../grad_mode";
import { describe, Device } from "../device";
import { dtype } from "../dtype";
import { native } from "../native";
import { isOptions, Options } from "../args";
import { BackwardHook } from "./backward_hook";
import { FORWARD_ARITY, checkForwardArity } from "./arity";

type Hook = (...a: any[]) => unknown;

/** Python's RemovableHandle. */
export interface RemovableHandle {
  remove(): void;
}

/**
 * What a module class does in Python's _load_from_state_dict before its entries are copied: a checkpoint
 * without version metadata (every file torch-node reads: Python's _metadata is not kept) is upgraded as
 * Python upgrades one (BatchNorm keeps its own num_batches_tracked where the file has none; torchvision's
 * FrozenBatchNorm2d drops it, ViT's MLPBlock renames pre-0.13 keys). `prefix` ends with "." (or is "").
 * @internal
 */
export interface StateDictUpgrade {
  _upgradeStateDict?(entries: Map<string, Tensor>, prefix: string, module: Module): void;
}

/** Runs every submodule's class upgrade (duplicates under each name, as Python's recursive load). */
function upgradeStateDict(root: Module, entries: Map<string, Tensor>): void {
  for (const [name, m] of root.namedModules(new Set(), "", false)) {
    const up = (m.constructor as StateDictUpgrade)._upgradeStateDict;
    if (typeof up === "function") up.call(m.constructor, entries, name ? `${name}.` : "", m);
  }
}

/**
 * @internal The copy step of load_state_dict, shared by Module and jit's ScriptModule: copies `entries` into
 * `own` (a stateDict({ keepVars: true })), with Python's missing / unexpected / type / size-mismatch errors
 * for a module of type `typeName`.
 */
export function copyStateDict(own: Record<string, Tensor>, entries: Map<string, unknown>, strict: boolean, typeName: string): IncompatibleKeys {
  const missingKeys = Object.keys(own).filter((k) => !entries.has(k));
  const unexpectedKeys = [...entries.keys()].filter((k) => !(k in own));
  const errors: string[] = [];
  for (const [k, target] of Object.entries(own)) {
    const v = entries.get(k);
    if (v === undefined) continue;
    if (!(v instanceof Tensor)) {
      errors.push(`While copying the parameter named "${k}", expected torch.Tensor or Tensor-like object from checkpoint but received ${describe(v)}`);
      continue;
    }
    const a = target.shape, b = v.shape;
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      errors.push(`size mismatch for ${k}: copying a param with shape torch.Size([${b.join(", ")}]) from checkpoint, the shape in current model is torch.Size([${a.join(", ")}]).`);
      continue;
    }
    noGrad(() => target.copy_(v));
  }
  if (strict) {
    if (unexpectedKeys.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `);
    if (missingKeys.length) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `);
  }
  if (errors.length)
    throw new Error(`Error(s) in loading state_dict for ${typeName}:\n\t${errors.join("\n\t")}`);
  return { missingKeys, unexpectedKeys };
}

/** Result of loadStateDict (Python's _IncompatibleKeys). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const INTERNAL = new Set(["_parameters", "_buffers", "_nonPersistentBuffers", "_modules", "_forwardPreHooks",
  "_forwardHooks", "_self", "training", "_backwardHooks", "_backwardPreHooks", "_isFullBackwardHook"]);

// The call signatures of a module are its forward's: up to four overloads of
// forward (TypeScript matches an overloaded function against this four-signature
// pattern from its last overload up, repeating one when there are fewer) become
// call signatures, so `lstm(x)` and `lstm(packed)` keep their own results.
type ForwardSignatures<F> = F extends {
  (...a: infer A1): infer R1; (...a: infer A2): infer R2; (...a: infer A3): infer R3; (...a: infer A4): infer R4;
} ? [[A1, R1], [A2, R2], [A3, R3], [A4, R4]] : [[unknown[], unknown], [unknown[], unknown], [unknown[], unknown], [unknown[], unknown]];
type ForwardArgs<F, I extends 0 | 1 | 2 | 3> = ForwardSignatures<F>[I] extends [infer A extends unknown[], unknown] ? A : never;
type ForwardResult<F, I extends 0 | 1 | 2 | 3> = ForwardSignatures<F>[I][1];

export interface Module {
  /**
   * Modules are callable: model(x) === model.__call__(x) runs the hooks and
   * forward, so the call takes forward's parameters and returns its result.
   */
  (...args: ForwardArgs<this["forward"], 0>): ForwardResult<this["forward"], 0>;
  (...args: ForwardArgs<this["forward"], 1>): ForwardResult<this["forward"], 1>;
  (...args: ForwardArgs<this["forward"], 2>): ForwardResult<this["forward"], 2>;
  (...args: ForwardArgs<this["forward"], 3>): ForwardResult<this["forward"], 3>;
}

export class Module {
  /** @internal */ _parameters!: Map<string, Parameter | null>;
  /** @internal */ _buffers!: Map<string, Tensor | null>;
  /** @internal */ _nonPersistentBuffers!: Set<string>;
  /** @internal */ _modules!: Map<string, Module | null>;
  /** @internal */ _forwardPreHooks!: Map<number, Hook>;
  /** @internal */ _forwardHooks!: Map<number, Hook>;
  /** @internal full backward hooks (Python's _backward_hooks) */ _backwardHooks!: Map<number, Hook>;
  /** @internal */ _backwardPreHooks!: Map<number, Hook>;
  /** @internal true once a full backward hook is registered (Python's _is_full_backward_hook) */ _isFullBackwardHook!: boolean | null;
  /** @internal the target object behind the callable proxy */ _self!: Module;
  training!: boolean;

  constructor() {
    const self = this;
    const define = (k: string, v: unknown) =>
      Object.defineProperty(self, k, { value: v, writable: true, configurable: true, enumerable: false });
    define("_parameters", new Map());
    define("_buffers", new Map());
    define("_nonPersistentBuffers", new Set());
    define("_modules", new Map());
    define("_forwardPreHooks", new Map());
    define("_forwardHooks", new Map());
    define("_backwardHooks", new Map());
    define("_backwardPreHooks", new Map());
    define("_isFullBackwardHook", null);
    define("_self", self);
    self.training = true;
    return wrapModule(self);
  }

  /** Computes the module's output; subclasses override it. */
  forward(...args: any[]): any {
    void args;
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /** Runs forward pre-hooks, forward, then forward hooks (what calling the module does). */
  __call__(...args: unknown[]): unknown {
    let input = args;
    const self = this._self;
    for (const h of self._forwardPreHooks.values()) {
      const r = h(this, input);
      if (r !== undefined && r !== null) input = Array.isArray(r) ? r : [r];
    }
    // full backward (pre-)hooks: Python's BackwardHook around the inputs and outputs
    let bw: BackwardHook | null = null;
    if (self._backwardHooks.size > 0 || self._backwardPreHooks.size > 0) {
      const full = self._isFullBackwardHook === true ? [...self._backwardHooks.values()] : [];
      const pre = [...self._backwardPreHooks.values()];
      if (full.length > 0 || pre.length > 0) {
        bw = new BackwardHook(this, full, pre);
        // a trailing options object is Python's kwargs: not part of gradInput, its tensors not wrapped
        const last = input[input.length - 1];
        const kw = input.length > 0 && isOptions(last);
        input = bw.setupInputHook(kw ? input.slice(0, -1) : input);
        if (kw) input = [...input, last];
      }
    }
    const fwd = this.forward;
    const arity = (fwd as { [FORWARD_ARITY]?: { max: number } })[FORWARD_ARITY];
    if (arity !== undefined && input.length > arity.max) checkForwardArity(fwd, input, isOptions);
    let out: unknown = fwd.apply(this, input);
    for (const h of self._forwardHooks.values()) {
      const r = h(this, input, out);
      if (r !== undefined && r !== null) out = r;
    }
    if (bw !== null) out = bw.setupOutputHook(out);
    return out;
  }

  // ---------------------------------------------------------------- registration

  registerParameter(name: string, param: Parameter | null): void {
    checkName("parameter", name);
    if (param !== null && !(param instanceof Parameter))
      throw new TypeError(`cannot assign '${describe(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    this._self._parameters.set(name, param);
  }
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkName("buffer", name);
    if (tensor !== null && !(tensor instanceof Tensor))
      throw new TypeError(`cannot assign '${describe(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    this._self._buffers.set(name, tensor);
    if (persistent) this._self._nonPersistentBuffers.delete(name);
    else this._self._nonPersistentBuffers.add(name);
  }
  registerModule(name: string, module: Module | null): void {
    checkName("module", name);
    if (module !== null && !(module instanceof Module))
      throw new TypeError(`${describe(module)} is not a Module subclass`);
    this._self._modules.set(name, module);
  }
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  // ---------------------------------------------------------------- traversal

  *namedModules(memo: Set<Module> = new Set(), prefix = "", removeDuplicate = true): Generator<[string, Module]> {
    const self = this._self;
    if (removeDuplicate && memo.has(self)) return;
    if (removeDuplicate) memo.add(self);
    yield [prefix, this];
    for (const [name, m] of self._modules) {
      if (m === null) continue;
      yield* m.namedModules(memo, prefix ? `${prefix}.${name}` : name, removeDuplicate);
    }
  }
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }
  *namedChildren(): Generator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, m] of this._self._modules) {
      if (m !== null && !seen.has(m._self)) {
        seen.add(m._self);
        yield [name, m];
      }
    }
  }
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }
  *namedParameters(prefix = "", recurse = true, removeDuplicate = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const mods = recurse ? [...this.namedModules(new Set(), prefix, removeDuplicate)] : [[prefix, this] as [string, Module]];
    for (const [mp, m] of mods) {
      for (const [name, p] of m._self._parameters) {
        if (p === null || (removeDuplicate && seen.has(p))) continue;
        seen.add(p);
        yield [mp ? `${mp}.${name}` : name, p];
      }
    }
  }
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.namedParameters("", recurse)) yield p;
  }
  *namedBuffers(prefix = "", recurse = true, removeDuplicate = true): Generator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    const mods = recurse ? [...this.namedModules(new Set(), prefix, removeDuplicate)] : [[prefix, this] as [string, Module]];
    for (const [mp, m] of mods) {
      for (const [name, b] of m._self._buffers) {
        if (b === null || (removeDuplicate && seen.has(b))) continue;
        seen.add(b);
        yield [mp ? `${mp}.${name}` : name, b];
      }
    }
  }
  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.namedBuffers("", recurse)) yield b;
  }

  // ---------------------------------------------------------------- modes and conversions

  /** train(mode = true): sets training mode here and in every submodule; returns this. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError("training mode is expected to be boolean");
    for (const m of this.modules()) m._self.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }
  /** requiresGrad_(flag = true) on every parameter; returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }
  /** zeroGrad(setToNone = true) */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      // with setToNone no JS wrapper of the old gradient is made, so its memory
      // is released now (and reused hot by the next backward), as in Python
      if (setToNone) native.setGrad(p._h, null);
      else {
        const g = p.grad;
        if (g !== null) g.detach_().zero_();
      }
    }
  }
  /** apply(fn): fn on every submodule (children first) then this; returns this. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }
  /**
   * to(device), to(dtype), to(device, dtype), to(tensor): moves/casts every
   * parameter and buffer in place (the same Parameter objects, new data, as
   * Python does); a dtype applies to floating-point tensors only. Returns this.
   */
  to(...args: unknown[]): this {
    const hasDtype = args.some((a) => a instanceof dtype || (isOptions(a) && (a as Options).dtype !== undefined));
    const device = args.find((a) => typeof a === "string" || a instanceof Device) ??
      (args.find((a) => isOptions(a) && (a as Options).device !== undefined) as Options | undefined)?.device;
    const to = Tensor.prototype.to as (this: Tensor, ...a: unknown[]) => Tensor;  // the arguments as given (checked by Tensor.to)
    return this._apply((t) => (!hasDtype || t.isFloatingPoint() ? to.apply(t, args) : device !== undefined ? to.call(t, device) : t));
  }
  cpu(): this {
    return this.to("cpu");
  }
  cuda(device?: number | string): this {
    return this.to(device === undefined ? "cuda" : typeof device === "number" ? `cuda:${device}` : device);
  }
  float(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.float() : t));
  }
  double(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.double() : t));
  }
  half(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.half() : t));
  }

  /** @internal sets each parameter's and buffer's data to fn(data), keeping the objects (Python's param.data = ...). */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.modules()) {
      const self = m._self;
      for (const p of self._parameters.values()) {
        if (p === null) continue;
        const moved = noGrad(() => fn(p));
        if (moved !== p) native.setData(p._h, moved._h);
        const g = p.grad;
        if (g !== null) {
          const mg = noGrad(() => fn(g));
          if (mg !== g) native.setData(g._h, mg._h);
        }
      }
      for (const [name, b] of self._buffers) if (b !== null) self._buffers.set(name, noGrad(() => fn(b)));
    }
    return this;
  }

  // ---------------------------------------------------------------- state dict

  /** stateDict(): parameters and persistent buffers by Python's key, detached, in order. */
  stateDict(options: { prefix?: string; keepVars?: boolean } = {}): Record<string, Tensor> {
    const { prefix = "", keepVars = false } = options;
    const out: Record<string, Tensor> = {};
    const visit = (m: Module, pre: string) => {
      const self = m._self;
      for (const [name, p] of self._parameters) if (p !== null) out[pre + name] = keepVars ? p : p.detach();
      for (const [name, b] of self._buffers)
        if (b !== null && !self._nonPersistentBuffers.has(name)) out[pre + name] = keepVars ? b : b.detach();
      for (const [name, c] of self._modules) if (c !== null) visit(c, `${pre}${name}.`);
    };
    visit(this, prefix);
    return out;
  }

  /**
   * loadStateDict(stateDict, strict = true): copies values into the parameters
   * and buffers. Reports missing and unexpected keys as Python does (an Error
   * when strict), and shape mismatches always.
   */
  loadStateDict(stateDict: Record<string, Tensor> | Map<string, Tensor>, strict: boolean | { strict?: boolean } = true): IncompatibleKeys {
    const s = typeof strict === "object" ? (strict.strict ?? true) : strict;
    if (stateDict === null || typeof stateDict !== "object" || stateDict instanceof Tensor)
      throw new TypeError(`Expected state_dict to be dict-like, got ${describe(stateDict)}.`);
    // a copy (as Python's), which the modules' _load_from_state_dict upgrades may change
    const entries = new Map(stateDict instanceof Map ? stateDict : Object.entries(stateDict));
    upgradeStateDict(this, entries);
    return copyStateDict(this.stateDict({ keepVars: true }), entries, s, this.constructor.name);
  }

  // ---------------------------------------------------------------- hooks

  registerForwardPreHook(hook: (module: Module, input: unknown[]) => unknown): RemovableHandle {
    return addHook(this._self._forwardPreHooks, hook);
  }
  registerForwardHook(hook: (module: Module, input: unknown[], output: unknown) => unknown): RemovableHandle {
    return addHook(this._self._forwardHooks, hook);
  }
  /**
   * registerFullBackwardPreHook(hook, prepend = false): hook(module, gradOutput)
   * runs when the gradients with respect to the module's outputs are computed;
   * it may return replacement gradOutput (an array, one entry per output).
   */
  registerFullBackwardPreHook(hook: (module: Module, gradOutput: (Tensor | null)[]) => (Tensor | null)[] | null | undefined | void,
    prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    return addHook(this._self._backwardPreHooks, hook, typeof prepend === "object" ? (prepend.prepend ?? false) : prepend);
  }
  /**
   * registerFullBackwardHook(hook, prepend = false): hook(module, gradInput,
   * gradOutput) runs when the gradients with respect to the module's inputs are
   * computed (gradInput has one entry per forward argument: null for
   * non-tensors); it may return replacement gradInput.
   */
  registerFullBackwardHook(hook: (module: Module, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => (Tensor | null)[] | null | undefined | void,
    prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    const self = this._self;
    if (self._isFullBackwardHook === false)
      throw new Error("Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.");
    self._isFullBackwardHook = true;
    return addHook(self._backwardHooks, hook, typeof prepend === "object" ? (prepend.prepend ?? false) : prepend);
  }

  // ---------------------------------------------------------------- copying

  /** Python's copy.deepcopy(module): see deepcopy(). */
  deepcopy(): this {
    return deepcopy(this);
  }

  // ---------------------------------------------------------------- printing

  /** The extra text inside Python's repr, e.g. "in_features=1, out_features=1, bias=True". */
  extraRepr(): string {
    return "";
  }
  toString(): string {
    const self = this._self;
    const extra = this.extraRepr();
    const lines: string[] = extra ? extra.split("\n") : [];
    for (const [name, m] of self._modules) {
      const s = m === null ? "None" : String(m).split("\n").join("\n  ");
      lines.push(`(${name}): ${s}`);
    }
    const main = `${this.constructor.name}(`;
    if (lines.length === 0) return `${main})`;
    if (lines.length === 1 && !extra.includes("\n") && self._modules.size === 0) return `${main}${lines[0]})`;
    return `${main}\n  ${lines.join("\n  ")}\n)`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** @internal the callable Proxy over a module object (what `new` returns; deepcopy wraps its copies the same way). */
export function wrapModule(self: Module): Module {
  const callable = (...args: unknown[]) => proxy.__call__(...args);
  // util.inspect (console.log) looks through a Proxy at its target without traps: give the target the
  // module's own inspect, so console.log(model) prints Python's repr instead of [Function: callable]
  Object.defineProperty(callable, inspect.custom, {
    value: (depth: number, options: object, insp: typeof inspect) => (proxy as unknown as Record<symbol, (...a: unknown[]) => unknown>)[inspect.custom](depth, options, insp),
    configurable: true,
  });
  const proxy: Module = new Proxy(callable as unknown as Module, {
    apply: (_t, _this, args) => proxy.__call__(...args),
    get: (_t, p) => {
      if (typeof p === "string" && !INTERNAL.has(p)) {
        const v = lookup(self, p);
        if (v !== NOT_FOUND) return v;
      }
      return Reflect.get(self, p, proxy);
    },
    set: (_t, p, v) => {
      if (typeof p === "string") assign(self, p, v);
      else Reflect.set(self, p, v, proxy);
      return true;
    },
    defineProperty: (_t, p, desc) => {
      // class fields: `linear_layer = new nn.Linear(1, 1)`
      if (typeof p === "string" && "value" in desc && !INTERNAL.has(p)) {
        assign(self, p, desc.value);
        return true;
      }
      return Reflect.defineProperty(self, p, desc);
    },
    deleteProperty: (_t, p) => {
      if (typeof p === "string") {
        self._parameters.delete(p);
        self._buffers.delete(p);
        self._modules.delete(p);
      }
      return Reflect.deleteProperty(self, p);
    },
    has: (_t, p) => (typeof p === "string" && lookup(self, p) !== NOT_FOUND) || Reflect.has(self, p),
    ownKeys: () => Reflect.ownKeys(self),
    getOwnPropertyDescriptor: (_t, p) => {
      if (typeof p === "string") {
        const v = lookup(self, p);
        if (v !== NOT_FOUND) return { value: v, writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(self, p);
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(self),
    setPrototypeOf: (_t, p) => Reflect.setPrototypeOf(self, p),
  });
  return proxy;
}

let hookId = 0;
function addHook(map: Map<number, Hook>, hook: Hook, prepend = false): RemovableHandle {
  if (typeof hook !== "function") throw new TypeError(`hook must be callable, not ${describe(hook)}`);
  const id = hookId++;
  if (prepend) {
    const rest = [...map];
    map.clear();
    map.set(id, hook);
    for (const [k, v] of rest) map.set(k, v);
  } else map.set(id, hook);
  return { remove: () => void map.delete(id) };
}

function checkName(kind: string, name: string): void {
  if (typeof name !== "string") throw new TypeError(`${kind} name should be a string. Got ${describe(name)}`);
  if (name.includes(".")) throw new Error(`${kind} name can't contain "."`);
  if (name === "") throw new Error(`${kind} name can't be empty string ""`);
}

const NOT_FOUND = Symbol("not found");
function lookup(self: Module, name: string): unknown {
  if (self._parameters.has(name)) return self._parameters.get(name);
  if (self._buffers.has(name)) return self._buffers.get(name);
  if (self._modules.has(name)) return self._modules.get(name);
  return NOT_FOUND;
}

/** Python's Module.__setattr__: Parameters, Modules and (existing) buffers register; other values are plain fields. */
function assign(self: Module, name: string, value: unknown): void {
  const params = self._parameters, buffers = self._buffers, modules = self._modules;
  if (value instanceof Parameter) {
    buffers.delete(name);
    modules.delete(name);
    delete (self as unknown as Record<string, unknown>)[name];
    params.set(name, value);
  } else if (params.has(name)) {
    if (value !== null) throw new TypeError(`cannot assign '${describe(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    params.set(name, null);
  } else if (value instanceof Module) {
    params.delete(name);
    buffers.delete(name);
    delete (self as unknown as Record<string, unknown>)[name];
    modules.set(name, value);
  } else if (modules.has(name)) {
    if (value !== null) throw new TypeError(`cannot assign '${describe(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    modules.set(name, null);
  } else if (buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) throw new TypeError(`cannot assign '${describe(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    buffers.set(name, value as Tensor | null);
  } else {
    Object.defineProperty(self, name, { value, writable: true, configurable: true, enumerable: true });
  }
}

// ---------------------------------------------------------------- deepcopy

const NON_LEAF_DEEPCOPY = "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  " +
  "If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001";

/**
 * Python's copy.deepcopy for modules and the values they hold. A Module is
 * copied into a new instance of the same class (user subclasses too) without
 * running its constructor: every field is copied, Parameters become new
 * Parameters with cloned data and the same requiresGrad (Python's
 * Parameter.__deepcopy__: the grad is not copied), buffers and other leaf
 * tensors are cloned (requiresGrad and grad kept), submodules are copied
 * recursively, and the hook maps are new maps holding the same hook functions.
 * Objects reached twice (tied weights, a module used twice) are copied once,
 * as Python's memo does. Arrays, Maps, Sets, plain objects, typed arrays and
 * Dates are copied; an object with a `__deepcopy__(memo)` method is copied by
 * it; functions and other class instances (dtype, Device, Generator, ...) are
 * shared. A non-leaf tensor throws, as in Python.
 */
export function deepcopy<T>(value: T, memo: Map<unknown, unknown> = new Map()): T {
  return copyValue(value, memo) as T;
}

function copyValue(x: unknown, memo: Map<unknown, unknown>): unknown {
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return x;
  if (memo.has(x)) return memo.get(x);
  if (utilTypes.isExternal(x)) return x;
  if (x instanceof Module) return copyModule(x, memo);
  if (typeof x === "function") return x;
  const dc = (x as { __deepcopy__?: unknown }).__deepcopy__;
  if (typeof dc === "function") {
    const r = dc.call(x, memo);
    memo.set(x, r);
    return r;
  }
  if (x instanceof Parameter) {
    const P = x.constructor as new (data: Tensor, requiresGrad: boolean) => Parameter;
    const r = new P(noGrad(() => x.detach().clone()), x.requiresGrad);
    memo.set(x, r);
    return r;
  }
  if (x instanceof Tensor) {
    if (!x.isLeaf) throw new Error(NON_LEAF_DEEPCOPY);
    const r = noGrad(() => x.detach().clone());
    if (x.requiresGrad) r.requiresGrad_(true);
    memo.set(x, r);
    const g = x.grad;
    if (g !== null) r.grad = copyValue(g, memo) as Tensor;
    return r;
  }
  if (Array.isArray(x)) {
    const r: unknown[] = [];
    memo.set(x, r);
    if (x.length > 2 ** 24) {
      // a very long array is copied by its own keys, holes kept: a sparse new Array(2 ** 32 - 1) stays sparse
      // instead of being walked (4 billion pushes, a V8 heap out-of-memory abort)
      r.length = x.length;
      for (const k of Object.keys(x)) r[k as unknown as number] = copyValue(x[k as unknown as number], memo);
      return r;
    }
    for (const v of x) r.push(copyValue(v, memo));
    return r;
  }
  if (x instanceof Map) {
    const r = new Map();
    memo.set(x, r);
    for (const [k, v] of x) r.set(copyValue(k, memo), copyValue(v, memo));
    return r;
  }
  if (x instanceof Set) {
    const r = new Set();
    memo.set(x, r);
    for (const v of x) r.add(copyValue(v, memo));
    return r;
  }
  if (ArrayBuffer.isView(x)) {
    const r = (x as unknown as { slice(): unknown }).slice?.() ?? x;
    memo.set(x, r);
    return r;
  }
  if (x instanceof Date) return new Date(x.getTime());
  if (isOptions(x)) {
    const r = Object.create(Object.getPrototypeOf(x));
    memo.set(x, r);
    copyProps(x, r, memo);
    return r;
  }
  return x;
}

function copyProps(src: object, dst: object, memo: Map<unknown, unknown>): void {
  for (const key of Reflect.ownKeys(src)) {
    const desc = Object.getOwnPropertyDescriptor(src, key)!;
    if ("value" in desc) desc.value = copyValue(desc.value, memo);
    Object.defineProperty(dst, key, desc);
  }
}

function copyModule(m: Module, memo: Map<unknown, unknown>): Module {
  const src = m._self;
  const dst = Object.create(Object.getPrototypeOf(src)) as Module;
  const proxy = wrapModule(dst);
  memo.set(src, dst);
  if (m !== src) memo.set(m, proxy);
  copyProps(src, dst, memo);
  return m === src ? dst : proxy;
}
