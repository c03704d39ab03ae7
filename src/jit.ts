// torch.jit: TorchScript modules exported from Python (torch.jit.script / trace + save),
// loaded and run through LibTorch's interpreter (binding/jit.cc).
//
//   const m = torch.jit.load("model.pt");      // or a Buffer; { mapLocation: "cpu" }
//   const y = m(x);                            // forward; m.forward(x), m.runMethod("name", ...)
//   const z = await m.forwardAsync(x);         // on a native worker thread
//   torch.jit.save(m, "copy.pt");              // or torch.jit.save(m) -> Buffer
import { inspect, types as utilTypes } from "util";
import { native, Handle } from "./native";
import { Tensor } from "./tensor";
import { Device, describe } from "./device";
import { dtype, float16, float32, float64 } from "./dtype";
import { bind, isOptions } from "./args";
import { noGrad } from "./grad_mode";
import { Module, copyStateDict } from "./nn/module";

/** @internal an opaque native torch::jit::Module handle */
export type JitHandle = { readonly __jitModule: unique symbol };

interface JitNative {
  jitLoad(f: string | Uint8Array, device: string | null, extraFiles: Record<string, unknown> | null): JitHandle;
  jitSave(m: JitHandle, path: string | undefined, extraFiles: Record<string, string | Uint8Array> | null): Buffer | undefined;
  jitMethods(m: JitHandle): string[];
  jitRun(m: JitHandle, name: string, ...args: unknown[]): unknown;
  jitRunAsync(m: JitHandle, name: string, token: { cancel?: () => boolean } | null, ...args: unknown[]): Promise<unknown>;
  jitNamedParameters(m: JitHandle, recurse: boolean): [string, Handle][];
  jitNamedBuffers(m: JitHandle, recurse: boolean): [string, Handle][];
  jitStateDict(m: JitHandle): [string, Handle][];
  jitNamedChildren(m: JitHandle): [string, JitHandle][];
  jitAttributeNames(m: JitHandle): string[];
  jitAttr(m: JitHandle, name: string): unknown;
  jitSetAttr(m: JitHandle, name: string, value: unknown): void;
  jitTrain(m: JitHandle, mode: boolean): void;
  jitIsTraining(m: JitHandle): boolean;
  jitTo(m: JitHandle, device: string | null, dtype: number | null, nonBlocking: boolean): void;
  jitTypeName(m: JitHandle): string;
  jitCode(m: JitHandle, method: string): string;
  jitGraph(m: JitHandle, method: string): string;
  jitIsModule(v: unknown): boolean;
  jitClone(m: JitHandle): JitHandle;
  jitFreeze(m: JitHandle, preservedAttrs: string[] | null, optimizeNumerics: boolean): JitHandle;
  jitOptimizeForInference(m: JitHandle, otherMethods: string[] | null): JitHandle;
  jitSetFusionStrategy(strategy: [string, number][]): [string, number][];
}
const jn = native as unknown as JitNative;

/** Tensors handed to LibTorch: a Tensor's handle (its dispose state checked natively). */
function checkArgs(fn: string, args: unknown[]): void {
  for (const a of args) if (a instanceof ScriptModule) throw new TypeError(`${fn}(): a ScriptModule cannot be passed as an argument`);
}

/** A native result: handles become Tensors, submodules ScriptModules (in place: the native side made fresh containers). */
function fromNative(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (utilTypes.isExternal(v)) return new Tensor(v as Handle);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromNative(v[i]);
    return v;
  }
  if (v instanceof Map) {
    const out = new Map();
    for (const [k, x] of v) out.set(fromNative(k), fromNative(x));
    return out;
  }
  const o = v as Record<string, unknown>;
  if ("__jitModule__" in o && utilTypes.isExternal(o.__jitModule__)) return wrap(o.__jitModule__ as JitHandle);
  for (const k of Object.keys(o)) o[k] = fromNative(o[k]);
  return o;
}

export interface ScriptModule {
  /** A ScriptModule is callable: m(x) runs forward. */
  (...args: any[]): any;
  /** Exported methods, submodules, parameters, buffers and attributes, by their TorchScript names. */
  [name: string]: any;
}

/**
 * A TorchScript module (Python's torch.jit.ScriptModule / RecursiveScriptModule), made by
 * torch.jit.load. Parameters and buffers are the module's own tensors (shared, not copied).
 */
export class ScriptModule {
  /** @internal */ declare _m: JitHandle;

  /** @internal ScriptModules are made by torch.jit.load (or freeze / optimizeForInference). */
  constructor() {
    throw new TypeError("ScriptModules are made by torch.jit.load (a module scripted or traced and saved in Python)");
  }

  /** Runs the module's forward method (what calling the module does). */
  forward(...args: unknown[]): any {
    return this.runMethod("forward", ...args);
  }

  /**
   * Runs the TorchScript method `name`. Arguments are converted by the method's declared types
   * (Tensor, int, float, bool, str, None, List, Tuple (an array), Dict (an object or a Map), Optional,
   * nested); a trailing plain object holds keyword arguments unless the method takes a dict there.
   */
  runMethod(name: string, ...args: unknown[]): any {
    if (typeof name !== "string") throw new TypeError(`runMethod(): argument 'name' must be str, not ${describe(name)}`);
    checkArgs(name, args);
    return fromNative(jn.jitRun(this._m, name, ...args));
  }

  /**
   * forward on a native worker thread (libuv's pool): the event loop keeps running meanwhile.
   * The inputs are held by the call until it finishes; an error rejects with LibTorch's message.
   * `{ signal }` as the last argument: an AbortSignal that cancels the call while it is queued.
   */
  forwardAsync(...args: unknown[]): Promise<any> {
    return this.runMethodAsync("forward", ...args);
  }

  /**
   * runMethod on a native worker thread (see forwardAsync). A trailing options object's `signal`
   * (an AbortSignal) cancels the call while it is still queued: the promise rejects with the
   * signal's reason. (Its other keys are the method's keyword arguments.)
   */
  runMethodAsync(name: string, ...args: unknown[]): Promise<any> {
    try {
      if (typeof name !== "string") throw new TypeError(`runMethodAsync(): argument 'name' must be str, not ${describe(name)}`);
      let signal: AbortSignal | null = null;
      const last = args[args.length - 1];
      if (args.length > 0 && isOptions(last) && last.signal instanceof AbortSignal) {
        signal = last.signal;
        const { signal: _s, ...kw } = last;
        void _s;
        args = Object.keys(kw).length ? [...args.slice(0, -1), kw] : args.slice(0, -1);
      }
      checkArgs(name, args);
      if (signal === null) return jn.jitRunAsync(this._m, name, null, ...args).then(fromNative);
      const sig = signal;
      if (sig.aborted) return Promise.reject(sig.reason);
      const token: { cancel?: () => boolean } = {};
      let cancelled = false;
      const onAbort = () => {
        cancelled = token.cancel!();
      };
      const p = jn.jitRunAsync(this._m, name, token, ...args);
      sig.addEventListener("abort", onAbort, { once: true });
      return p.then(
        (v) => {
          sig.removeEventListener("abort", onAbort);
          return fromNative(v);
        },
        (e) => {
          sig.removeEventListener("abort", onAbort);
          throw cancelled ? sig.reason : e;
        },
      );
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** forward's TorchScript source as Python prints it (m.code). */
  get code(): string {
    return jn.jitCode(this._m, "forward");
  }
  /** forward's graph, printed (Python's str(m.graph)). */
  get graph(): string {
    return jn.jitGraph(this._m, "forward");
  }
  /** Method `name`'s TorchScript source (Python's m.name.code). */
  methodCode(name: string): string {
    if (typeof name !== "string") throw new TypeError(`methodCode(): argument 'name' must be str, not ${describe(name)}`);
    return jn.jitCode(this._m, name);
  }

  /** The names of the module's TorchScript methods (forward and @torch.jit.export ones). */
  methodNames(): string[] {
    return jn.jitMethods(this._m);
  }

  /** Python's original_name: the class name the module was scripted or traced from. */
  get originalName(): string {
    return jn.jitTypeName(this._m);
  }

  /** Whether the module is in training mode (m.training = false sets this module's flag only, as Python's). */
  get training(): boolean {
    return jn.jitIsTraining(this._m);
  }
  set training(mode: boolean) {
    jn.jitSetAttr(this._m, "training", Boolean(mode));
  }
  /** Sets training mode on the module and its submodules. Returns this. */
  train(mode: boolean | { mode?: boolean } = true): this {
    const m = isOptions(mode) ? (mode.mode ?? true) : mode;
    if (typeof m !== "boolean") throw new TypeError(`train(): argument 'mode' must be bool, not ${describe(m)}`);
    jn.jitTrain(this._m, m);
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  // ---------------------------------------------------------------- parameters and buffers

  *namedParameters(prefix: string | { prefix?: string; recurse?: boolean } = "", recurse = true): Generator<[string, Tensor]> {
    if (isOptions(prefix)) ({ prefix = "", recurse = true } = prefix);
    const pre = prefix ? `${prefix}.` : "";
    for (const [k, h] of jn.jitNamedParameters(this._m, recurse)) yield [pre + k, new Tensor(h)];
  }
  *parameters(recurse: boolean | { recurse?: boolean } = true): Generator<Tensor> {
    const r = isOptions(recurse) ? (recurse.recurse ?? true) : recurse;
    for (const [, t] of this.namedParameters("", r)) yield t;
  }
  *namedBuffers(prefix: string | { prefix?: string; recurse?: boolean } = "", recurse = true): Generator<[string, Tensor]> {
    if (isOptions(prefix)) ({ prefix = "", recurse = true } = prefix);
    const pre = prefix ? `${prefix}.` : "";
    for (const [k, h] of jn.jitNamedBuffers(this._m, recurse)) yield [pre + k, new Tensor(h)];
  }
  *buffers(recurse: boolean | { recurse?: boolean } = true): Generator<Tensor> {
    const r = isOptions(recurse) ? (recurse.recurse ?? true) : recurse;
    for (const [, t] of this.namedBuffers("", r)) yield t;
  }
  *namedChildren(): Generator<[string, ScriptModule]> {
    for (const [k, h] of jn.jitNamedChildren(this._m)) yield [k, this._child(k, h)];
  }
  *children(): Generator<ScriptModule> {
    for (const [, m] of this.namedChildren()) yield m;
  }
  *namedModules(prefix = ""): Generator<[string, ScriptModule]> {
    yield [prefix, this];
    for (const [k, c] of this.namedChildren()) yield* c.namedModules(prefix ? `${prefix}.${k}` : k);
  }
  *modules(): Generator<ScriptModule> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Parameters and buffers by Python's keys, in Python's order (detached unless keepVars). */
  stateDict(options: { prefix?: string; keepVars?: boolean } = {}): Record<string, Tensor> {
    if (!isOptions(options)) throw new TypeError(`stateDict(): expected an options object, got ${describe(options)}`);
    const { prefix = "", keepVars = false } = options;
    const out: Record<string, Tensor> = {};
    for (const [k, h] of jn.jitStateDict(this._m)) {
      const t = new Tensor(h);
      out[prefix + k] = keepVars ? t : t.detach();
    }
    return out;
  }

  /** Copies values into the parameters and buffers; missing / unexpected keys as nn.Module reports them. */
  loadStateDict(stateDict: Record<string, Tensor> | Map<string, Tensor>, strict: boolean | { strict?: boolean } = true): { missingKeys: string[]; unexpectedKeys: string[] } {
    const s = isOptions(strict) ? (strict.strict ?? true) : strict;
    if (stateDict === null || typeof stateDict !== "object" || stateDict instanceof Tensor)
      throw new TypeError(`Expected state_dict to be dict-like, got ${describe(stateDict)}.`);
    const entries = new Map(stateDict instanceof Map ? stateDict : Object.entries(stateDict));
    return copyStateDict(this.stateDict({ keepVars: true }), entries, s, "RecursiveScriptModule");
  }

  /** Sets the parameters' gradients to None (setToNone, the default) or zero. */
  zeroGrad(setToNone: boolean | { setToNone?: boolean } = true): void {
    const toNone = isOptions(setToNone) ? (setToNone.setToNone ?? true) : setToNone;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (toNone) p.grad = null;
      else noGrad(() => g.zero_());
    }
  }
  /** Sets requiresGrad on every parameter. Returns this. */
  requiresGrad_(requiresGrad: boolean | { requiresGrad?: boolean } = true): this {
    const r = isOptions(requiresGrad) ? (requiresGrad.requiresGrad ?? true) : requiresGrad;
    for (const p of this.parameters()) p.requiresGrad_(r);
    return this;
  }

  // ---------------------------------------------------------------- device and dtype

  /**
   * to(device), to(dtype), to(device, dtype), or { device, dtype, nonBlocking }: moves and casts the
   * parameters and buffers in place (a dtype applies to floating-point ones). Returns this.
   */
  to(...args: unknown[]): this {
    let device: unknown = null, dt: unknown = null, nonBlocking: unknown = false;
    let rest = args;
    if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
      const o = rest[rest.length - 1] as Record<string, unknown>;
      for (const k of Object.keys(o)) if (!["device", "dtype", "nonBlocking"].includes(k)) throw new TypeError(`to() got an unexpected keyword argument '${k}'`);
      device = o.device ?? null;
      dt = o.dtype ?? null;
      nonBlocking = o.nonBlocking ?? false;
      rest = rest.slice(0, -1);
    }
    for (const a of rest) {
      if (typeof a === "string" || a instanceof Device) device = a;
      else if (a instanceof dtype) dt = a;
      else if (typeof a === "boolean") nonBlocking = a;
      else if (a instanceof Tensor) {
        device = a.device;
        dt = a.dtype;
      } else throw new TypeError(`to() received an invalid combination of arguments - got (${args.map(describe).join(", ")})`);
    }
    if (dt !== null && !(dt as dtype).isFloatingPoint && !(dt as dtype).isComplex)
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${String(dt)}`);
    jn.jitTo(this._m, device === null ? null : String(device), dt === null ? null : (dt as dtype).code, Boolean(nonBlocking));
    return this;
  }
  cpu(): this {
    return this.to("cpu");
  }
  cuda(device?: number | string): this {
    return this.to(device === undefined ? "cuda" : typeof device === "number" ? `cuda:${device}` : device);
  }
  float(): this {
    return this.to(float32);
  }
  double(): this {
    return this.to(float64);
  }
  half(): this {
    return this.to(float16);
  }

  /** torch.jit.save(this, f) */
  save(f: string): void {
    save(this, f);
  }
  /** A deep copy (Python's copy.deepcopy). */
  copy(): ScriptModule {
    return wrap(jn.jitClone(this._m));
  }

  // ---------------------------------------------------------------- nn.Module compatibility
  // A ScriptModule is an nn.Module (as in Python): containers (nn.Sequential, ...) hold it, and
  // nn.Module's generic code reads its members through these views of the native module.

  /** @internal */ get _self(): this {
    return this;
  }
  /** @internal the module's own parameters (setting one assigns the TorchScript attribute) */
  get _parameters(): Map<string, Tensor | null> {
    return new AttrMap(this._m, jn.jitNamedParameters(this._m, false).map(([k, h]) => [k, new Tensor(h)]));
  }
  /** @internal the module's own buffers (setting one assigns the TorchScript attribute) */
  get _buffers(): Map<string, Tensor | null> {
    return new AttrMap(this._m, jn.jitNamedBuffers(this._m, false).map(([k, h]) => [k, new Tensor(h)]));
  }
  /** @internal */ get _nonPersistentBuffers(): Set<string> {
    return new Set();
  }
  /** @internal */ get _modules(): Map<string, Module | null> {
    return new Map(jn.jitNamedChildren(this._m).map(([k, h]) => [k, this._child(k, h) as unknown as Module]));
  }
  /** @internal no hooks: Python's ScriptModules take none */
  get _forwardPreHooks(): Map<number, never> {
    return new Map<number, never>();
  }
  /** @internal */ get _forwardHooks(): Map<number, never> {
    return new Map<number, never>();
  }
  /** @internal */ get _backwardHooks(): Map<number, never> {
    return new Map<number, never>();
  }
  /** @internal */ get _backwardPreHooks(): Map<number, never> {
    return new Map<number, never>();
  }
  /** @internal */ get _isFullBackwardHook(): null {
    return null;
  }

  /** @internal the submodule `name` (one ScriptModule object per submodule: m.fc1 === m.fc1) */
  _child(name: string, h: JitHandle): ScriptModule {
    const cache = (this as unknown as { _childCache: Map<string, ScriptModule> })._childCache;
    let c = cache.get(name);
    if (c === undefined) cache.set(name, (c = wrap(h)));
    return c;
  }

  /** Calling the module: forward (ScriptModules run no Python-side hooks). */
  __call__(...args: unknown[]): any {
    return this.forward(...args);
  }
  /** Calls fn on every submodule (children first), then on this module. Returns this. */
  apply(fn: (m: ScriptModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }
  /** @internal sets each parameter's and buffer's data to fn(data), keeping the tensors. */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const t of [...this.parameters(), ...this.buffers()]) {
      const moved = noGrad(() => fn(t));
      if (moved !== t) native.setData(t._h, moved._h);
    }
    return this;
  }
  /** Assigns an existing parameter (Python's ScriptModules take no new ones). */
  registerParameter(name: string, param: Tensor | null): void {
    if (!jn.jitNamedParameters(this._m, false).some(([k]) => k === name))
      throw new Error(`Can't add a new parameter after ScriptModule construction. Tried to add '${name}'`);
    jn.jitSetAttr(this._m, name, param);
  }
  /** Assigns an existing buffer (Python's ScriptModules take no new ones). */
  registerBuffer(name: string, tensor: Tensor | null): void {
    if (!jn.jitNamedBuffers(this._m, false).some(([k]) => k === name))
      throw new Error(`Can't add a new parameter after ScriptModule construction. Tried to add '${name}'`);
    jn.jitSetAttr(this._m, name, tensor);
  }
  registerModule(name: string, module: unknown): void {
    void module;
    throw new Error(`Can't add a new module after ScriptModule construction. Tried to add '${name}'`);
  }
  addModule(name: string, module: unknown): void {
    this.registerModule(name, module);
  }
  registerForwardPreHook(hook?: unknown): never {
    void hook;
    throw new Error("register_forward_pre_hook is not supported on ScriptModules");
  }
  registerForwardHook(hook?: unknown): never {
    void hook;
    throw new Error("register_forward_hook is not supported on ScriptModules");
  }
  registerFullBackwardPreHook(hook?: unknown): never {
    void hook;
    throw new Error("register_full_backward_pre_hook is not supported on ScriptModules");
  }
  registerFullBackwardHook(hook?: unknown): never {
    void hook;
    throw new Error("register_full_backward_hook is not supported on ScriptModules");
  }
  /** copy.deepcopy(m): a deep copy (parameters and buffers copied). */
  deepcopy(): ScriptModule {
    return this.copy();
  }
  extraRepr(): string {
    return "";
  }

  toString(): string {
    const children = [...this.namedChildren()];
    const head = `RecursiveScriptModule(original_name=${this.originalName}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(([k, c]) => `(${k}): ${c.toString().replace(/\n/g, "\n  ")}`);
    return `${head}\n  ${lines.join("\n  ")}\n)`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** A snapshot of a module's members whose set() also assigns the TorchScript attribute. */
class AttrMap<V> extends Map<string, V> {
  constructor(private readonly h: JitHandle, entries: [string, V][]) {
    super(entries);
  }
  set(k: string, v: V): this {
    // (Map's constructor calls set before h exists)
    if (this.h !== undefined) jn.jitSetAttr(this.h, k, v);
    return super.set(k, v);
  }
}

// isinstance(m, nn.Module) holds, as in Python
Object.setPrototypeOf(ScriptModule.prototype, Module.prototype);

const PROTO_NAMES = new Set<string>();
for (let p: object | null = ScriptModule.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
  for (const k of Object.getOwnPropertyNames(p)) PROTO_NAMES.add(k);

/** @internal a callable ScriptModule over a native module handle */
export function wrap(h: JitHandle): ScriptModule {
  const m = function (this: unknown, ...args: unknown[]) {
    return m.forward(...args);
  } as unknown as ScriptModule;
  Object.setPrototypeOf(m, ScriptModule.prototype);
  Object.defineProperty(m, "_m", { value: h, enumerable: false });
  Object.defineProperty(m, "_childCache", { value: new Map(), enumerable: false });
  // the function's own `name` / `length` are not attributes of the module
  for (const k of ["name", "length"]) Object.defineProperty(m, k, { value: undefined, configurable: true, writable: true, enumerable: false });
  // exported methods as properties (m.scaled(x, 2)), then attributes (parameters, buffers,
  // submodules, constants) as live getters
  const methods = jn.jitMethods(h);
  for (const name of methods) {
    if (PROTO_NAMES.has(name)) continue;
    Object.defineProperty(m, name, {
      value: { [name]: (...args: unknown[]) => m.runMethod(name, ...args) }[name],
      enumerable: false, configurable: true, writable: true,
    });
  }
  for (const name of jn.jitAttributeNames(h)) {
    if (PROTO_NAMES.has(name) || methods.includes(name)) continue;
    Object.defineProperty(m, name, {
      get: () => {
        const v = jn.jitAttr(h, name) as { __jitModule__?: JitHandle };
        if (v !== null && typeof v === "object" && "__jitModule__" in v && utilTypes.isExternal(v.__jitModule__))
          return m._child(name, v.__jitModule__ as JitHandle);
        return fromNative(v);
      },
      set: (v: unknown) => jn.jitSetAttr(h, name, v),
      enumerable: true, configurable: true,
    });
  }
  return m;
}

/** torch.jit.RecursiveScriptModule: what Python's loaded modules are (the same class here). */
export const RecursiveScriptModule = ScriptModule;

/**
 * bind() where the last parameter takes a dict: a trailing plain object in that position whose keys
 * are not all parameter names is that dict (torch.jit.load(f, null, { "meta.json": "" })), not options.
 */
function bindDictLast(fn: string, names: readonly string[], args: readonly unknown[]): unknown[] {
  const last = args[names.length - 1];
  if (args.length === names.length && isOptions(last) && !Object.keys(last).every((k) => names.includes(k)))
    return [...bind(fn, names, [...args.slice(0, -1), null]).slice(0, -1), last];
  return bind(fn, names, args);
}

function fileArg(fn: string, f: unknown): string | Uint8Array {
  if (typeof f === "string") return f;
  if (f instanceof Uint8Array) return f;
  if (f instanceof ArrayBuffer) return new Uint8Array(f);
  throw new TypeError(`${fn}(): argument 'f' must be a path (str) or a Buffer, not ${describe(f)}`);
}

/**
 * torch.jit.load(f, mapLocation?): a ScriptModule from a file Python's torch.jit.save (or
 * torch.jit.save here) wrote, or from its bytes (a Buffer / Uint8Array). mapLocation: a device
 * ("cpu", "cuda:0", a torch.device) to put the tensors on.
 */
export function load(...args: unknown[]): ScriptModule {
  const [f, mapLocation, extraFiles] = bindDictLast("torch.jit.load", ["f", "mapLocation", "_extraFiles"], args);
  if (extraFiles !== undefined && extraFiles !== null && !isOptions(extraFiles))
    throw new TypeError(`torch.jit.load(): argument '_extra_files' must be a dict (an object of file names), not ${describe(extraFiles)}`);
  const src = fileArg("torch.jit.load", f);
  let device: string | null = null;
  if (mapLocation !== undefined && mapLocation !== null) {
    if (typeof mapLocation === "string" || mapLocation instanceof Device) device = String(mapLocation);
    else throw new TypeError(`torch.jit.load(): argument 'map_location' must be a str or torch.device, not ${describe(mapLocation)}`);
  }
  let h: JitHandle;
  try {
    h = jn.jitLoad(src, device, (extraFiles as Record<string, unknown> | undefined) ?? null);
  } catch (e) {
    const what = typeof src === "string" ? `'${src}'` : `a buffer of ${src.byteLength} bytes`;
    const err = e as Error;
    const wrapped = new (err instanceof TypeError ? TypeError : Error)(`torch.jit.load(): cannot load ${what} as a TorchScript module: ${err.message}`);
    throw wrapped;
  }
  return wrap(h);
}

/**
 * torch.jit.save(m, f?, _extraFiles?): writes the module to the file f, or returns its bytes (a Buffer)
 * when f is left out (or null). _extraFiles ({ name: str | Buffer }) are stored in the archive's
 * extra/ folder; torch.jit.load(f, null, { name: "" }) reads them back (as Buffers) into its object.
 */
export function save(m: ScriptModule, f: string, extraFiles?: Record<string, string | Uint8Array>): void;
export function save(m: ScriptModule, f?: null, extraFiles?: Record<string, string | Uint8Array>): Buffer;
export function save(m: ScriptModule, options: { f?: string | null; _extraFiles?: Record<string, string | Uint8Array> }): Buffer | void;
export function save(...args: unknown[]): Buffer | void {
  const [m, f, extra] = bindDictLast("torch.jit.save", ["m", "f", "_extraFiles"], args);
  if (!(m instanceof ScriptModule)) throw new TypeError(`torch.jit.save(): argument 'm' must be a ScriptModule, not ${describe(m)}`);
  if (f !== undefined && f !== null && typeof f !== "string") throw new TypeError(`torch.jit.save(): argument 'f' must be a path (str), not ${describe(f)}`);
  if (extra !== undefined && extra !== null && !isOptions(extra))
    throw new TypeError(`torch.jit.save(): argument '_extra_files' must be a dict (an object of file names), not ${describe(extra)}`);
  const r = jn.jitSave(m._m, (f as string | null | undefined) ?? undefined, (extra as Record<string, string | Uint8Array> | undefined) ?? null);
  return f === undefined || f === null ? r : undefined;
}

/**
 * torch.jit.freeze(mod, preservedAttrs?, optimizeNumerics = true): a new module with parameters and
 * attributes inlined as constants (the module must be in eval mode).
 */
export function freeze(...args: unknown[]): ScriptModule {
  const [m, preserved, opt] = bind("torch.jit.freeze", ["mod", "preservedAttrs", "optimizeNumerics"], args);
  if (!(m instanceof ScriptModule)) throw new TypeError(`torch.jit.freeze(): argument 'mod' must be a ScriptModule, not ${describe(m)}`);
  if (preserved !== undefined && preserved !== null && !(Array.isArray(preserved) && preserved.every((s) => typeof s === "string")))
    throw new TypeError(`torch.jit.freeze(): argument 'preserved_attrs' must be a list of str, not ${describe(preserved)}`);
  if (opt !== undefined && typeof opt !== "boolean")
    throw new TypeError(`torch.jit.freeze(): argument 'optimize_numerics' must be bool, not ${describe(opt)}`);
  return wrap(jn.jitFreeze(m._m, (preserved as string[] | undefined) ?? null, (opt as boolean | undefined) ?? true));
}

/**
 * torch.jit.optimizeForInference(mod, otherMethods?): puts the module in eval mode, freezes it and runs
 * LibTorch's inference passes (conv/batchnorm folding, MKLDNN layouts where they pay off).
 */
export function optimizeForInference(...args: unknown[]): ScriptModule {
  const [m, other] = bind("torch.jit.optimize_for_inference", ["mod", "otherMethods"], args);
  if (!(m instanceof ScriptModule)) throw new TypeError(`torch.jit.optimize_for_inference(): argument 'mod' must be a ScriptModule, not ${describe(m)}`);
  if (other !== undefined && other !== null && !(Array.isArray(other) && other.every((s) => typeof s === "string")))
    throw new TypeError(`torch.jit.optimize_for_inference(): argument 'other_methods' must be a list of str, not ${describe(other)}`);
  if (jn.jitAttributeNames(m._m).includes("training")) m.eval();
  return wrap(jn.jitOptimizeForInference(m._m, (other as string[] | undefined) ?? null));
}

/**
 * torch.jit.setFusionStrategy([["STATIC", 2], ["DYNAMIC", 10]]): how many static / dynamic shape
 * specializations the fuser compiles; returns the previous strategy.
 */
export function setFusionStrategy(strategy: [string, number][]): [string, number][] {
  if (!Array.isArray(strategy)) throw new TypeError(`torch.jit.set_fusion_strategy(): argument 'strategy' must be a list of (str, int) pairs, not ${describe(strategy)}`);
  return jn.jitSetFusionStrategy(strategy);
}

/** The torch.jit namespace. */
export const jit = {
  load,
  save,
  freeze,
  optimizeForInference,
  setFusionStrategy,
  ScriptModule,
  RecursiveScriptModule,
};
