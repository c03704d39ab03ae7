// How a vision dataset reaches a DataLoader worker: the worker imports this
// module and rebuilds the dataset from its class name and constructor
// arguments (the files are read again in the worker; the OS page cache makes
// that cheap). Callables among the arguments (transform, targetTransform,
// transforms, loader, isValidFile) cannot be cloned to another thread; each
// travels as a module spec: its own `workerSpec()` ({ module, export, args }),
// or, for the built-in loaders, a name.
import { loadExport, normalizeModuleSpec } from "../../utils/data/worker_spec";
import type { WorkerDatasetSpec, WorkerModuleSpec } from "../../utils/data/worker_spec";
import { describe } from "../../device";
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { tensor as makeTensor } from "../../creation";
import { dtypeFromCode } from "../../dtype";
import * as visionTransforms from "../transforms";

/** An encoded callable: a module spec the worker loads, or a built-in by name. */
export type CallableSpec =
  | { __module__: WorkerModuleSpec }
  | { __builtin__: string }
  | { __transform__: string; attrs: Record<string, unknown> }
  | null;

/** The name under which torch-node/vision transforms exports a Module's class, or null. */
function transformName(v: unknown): string | null {
  if (!(v instanceof Module)) return null;
  const C = (v as { constructor: unknown }).constructor;
  for (const [k, x] of Object.entries(visionTransforms)) if (x === C) return k;
  return null;
}

/**
 * A torch-node/vision transform (an nn.Module of plain attributes: numbers,
 * strings, arrays, nested transforms, tensors) as its class name and state.
 */
function transformState(cls: string, name: string, v: Module, tname: string, prefix = tname): CallableSpec {
  const self = v._self;
  if (self._parameters.size || self._buffers.size)
    throw new TypeError(`DataLoader workers cannot receive the ${name} of ${cls}: ${tname} holds parameters or buffers`);
  const enc = (x: unknown, where: string): unknown => {
    if (x === null || x === undefined || typeof x === "number" || typeof x === "string" || typeof x === "boolean" || typeof x === "bigint") return x;
    if (Array.isArray(x)) return x.map((e, i) => enc(e, `${where}[${i}]`));
    if (x instanceof Tensor) return { __tensor__: x.dtype.code, shape: x.shape, values: Array.from(x.detach().to("cpu").contiguous().toTypedArray() as ArrayLike<number | bigint>, Number) };
    if (typeof x === "function" || typeof x === "object") {
      if (Object.getPrototypeOf(x) === Object.prototype) return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, enc(e, `${where}.${k}`)]));
      const inner = transformName(x);
      if (inner !== null && typeof (x as { workerSpec?: unknown }).workerSpec !== "function")
        return { __callable__: transformState(cls, name, x as Module, inner, where) };
      return { __callable__: callableSpec(cls, `${name} (${where})`, x) };
    }
    throw new TypeError(`DataLoader workers cannot receive the ${name} of ${cls}: ${where} is ${describe(x)}`);
  };
  const attrs: Record<string, unknown> = {};
  for (const k of Object.keys(self)) attrs[k] = enc((self as unknown as Record<string, unknown>)[k], `${prefix}.${k}`);
  for (const [k, m] of self._modules) attrs[k] = m === null ? null : enc(m, `${prefix}.${k}`);
  return { __transform__: tname, attrs };
}

async function rebuildTransform(tname: string, attrs: Record<string, unknown>): Promise<unknown> {
  const C = (visionTransforms as Record<string, unknown>)[tname];
  if (typeof C !== "function") throw new TypeError(`torch-node/vision transforms has no class ${tname}`);
  // the Module base alone (no constructor argument checks), then the attributes through the module's proxy
  const obj = Reflect.construct(Module, [], C as new () => Module) as unknown as Record<string, unknown>;
  for (const [k, x] of Object.entries(attrs)) obj[k] = await decodeState(x);
  return obj;
}

async function decodeState(x: unknown): Promise<unknown> {
  if (Array.isArray(x)) return Promise.all(x.map(decodeState));
  if (x !== null && typeof x === "object") {
    const o = x as Record<string, unknown>;
    if ("__tensor__" in o) return makeTensor(o.values as number[], { dtype: dtypeFromCode(o.__tensor__ as number) }).reshape(o.shape as number[]);
    if ("__callable__" in o) return decodeCallable(o.__callable__ as CallableSpec);
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(o)) out[k] = await decodeState(e);
    return out;
  }
  return x;
}

/** The built-in callables a worker can name (default loaders). */
const BUILTINS = new Map<unknown, string>();
export function registerBuiltin(name: string, f: unknown): void {
  BUILTINS.set(f, name);
}

/** The worker form of a callable argument `name` of dataset `cls`. */
export function callableSpec(cls: string, name: string, v: unknown): CallableSpec {
  if (v === null || v === undefined) return null;
  const b = BUILTINS.get(v);
  if (b !== undefined) return { __builtin__: b };
  const ws = (v as { workerSpec?: () => WorkerModuleSpec }).workerSpec;
  if (typeof ws === "function") {
    const spec = ws.call(v);
    // the arguments may hold callables too (a Compose of transforms): each travels by its own spec
    return { __module__: spec.args === undefined ? spec : { ...spec, args: encodeArgs(cls, name, spec.args) as unknown[] } };
  }
  const tname = transformName(v);
  if (tname !== null) return transformState(cls, name, v as Module, tname);
  throw new TypeError(
    `DataLoader workers cannot receive the ${name} of ${cls} (${describe(v)}): a worker thread cannot clone a function or an object with its closures. ` +
      `torch-node/vision transforms travel by themselves (a Lambda does not); for anything else define workerSpec() on it (returning { module, export, args }: the worker imports the module and uses the export, constructed with args when args are given), ` +
      "or give DataLoader the option workerDataset: { module, export, args } that builds the whole dataset.",
  );
}

/** Arrays and plain objects are walked; functions and class instances go through callableSpec. */
function encodeArgs(cls: string, name: string, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => encodeArgs(cls, name, x));
  if (typeof v === "function" || (v !== null && typeof v === "object" && (typeof (v as { workerSpec?: unknown }).workerSpec === "function" || transformName(v) !== null)))
    return { __callable__: callableSpec(cls, name, v) };
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeArgs(cls, name, x)]));
  return v;
}
async function decodeArgs(v: unknown): Promise<unknown> {
  if (Array.isArray(v)) return Promise.all(v.map(decodeArgs));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    if ("__callable__" in o) return decodeCallable(o.__callable__ as CallableSpec);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = await decodeArgs(x);
    return out;
  }
  return v;
}

const CALLABLE_KEYS = ["transforms", "transform", "targetTransform", "loader", "isValidFile"];

/** The dataset classes a worker can rebuild by name (the built-in ones register themselves). */
const DATASETS = new Map<string, unknown>();
export function registerDataset(...classes: (abstract new (...a: never[]) => unknown)[]): void {
  for (const c of classes) DATASETS.set(c.name, c);
}
export function isRegistered(c: unknown): boolean {
  return typeof c === "function" && DATASETS.get(c.name) === c;
}

/** The worker spec of a dataset built as `new datasets[cls](...args)`. */
export function datasetWorkerSpec(cls: string, args: unknown[]): WorkerDatasetSpec {
  const enc = args.map((a) => {
    if (a === null || typeof a !== "object" || Array.isArray(a)) return a;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a as Record<string, unknown>)) o[k] = CALLABLE_KEYS.includes(k) ? callableSpec(cls, k, v) : v;
    return o;
  });
  return { module: __filename, export: "_buildDataset", args: [cls, enc] };
}

async function decodeCallable(v: CallableSpec): Promise<unknown> {
  if (v === null) return null;
  if ("__transform__" in v) return rebuildTransform(v.__transform__, v.attrs);
  if ("__builtin__" in v) {
    const f = [...BUILTINS].find(([, n]) => n === v.__builtin__);
    if (!f) throw new TypeError(`unknown built-in ${v.__builtin__}`);
    return f[0];
  }
  const spec = v.__module__;
  const e = await loadExport(normalizeModuleSpec({ ...spec, args: [] }, "workerSpec()"));
  if (spec.args === undefined) return e;
  if (typeof e !== "function") throw new TypeError(`${String(spec.module)}: export ${spec.export ?? "default"} is not a function or class`);
  const args = (await decodeArgs(spec.args)) as unknown[];
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(e));
  return isClass ? new (e as new (...a: unknown[]) => unknown)(...args) : (e as (...a: unknown[]) => unknown)(...args);
}

/** @internal run in a worker: rebuilds `new datasets[cls](...args)` with its callables. */
export async function _buildDataset(cls: string, args: unknown[]): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("./index"); // registers the classes (run in a worker: CommonJS, or TypeScript under tsx)
  const C = DATASETS.get(cls) as (new (...a: unknown[]) => unknown) | undefined;
  if (typeof C !== "function") throw new TypeError(`torch-node/vision datasets has no class ${cls}`);
  const dec = [];
  for (const a of args) {
    if (a === null || typeof a !== "object" || Array.isArray(a)) {
      dec.push(a);
      continue;
    }
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a as Record<string, unknown>)) o[k] = CALLABLE_KEYS.includes(k) ? await decodeCallable(v as CallableSpec) : v;
    dec.push(o);
  }
  return new C(...dec);
}
