// torchvision.datasets.VisionDataset and StandardTransform: the base of the
// vision datasets (root, transforms / transform + targetTransform, repr),
// over the project's map-style Dataset (getItem(i) -> [img, target], length).
import * as os from "os";
import * as path from "path";
import "../../torch"; // installs the generated tensor methods (a worker may load only this module tree)
import { Dataset } from "../../utils/data/dataset";
import { shareTensor } from "../../utils/data/worker_spec";
import type { WorkerDatasetSpec, WorkerModuleSpec, SharedTensorSpec } from "../../utils/data/worker_spec";
import { Tensor } from "../../tensor";
import { fromBuffer } from "../../from_buffer";
import { dtypeFromCode } from "../../dtype";
import { describe } from "../../device";
import { datasetWorkerSpec, isRegistered } from "./_worker";

/** A transform: a function or a callable object (a torch-node/vision transform, a Compose). */
export type Transform<I = any, O = any> = ((x: I) => O) | { __call__(x: I): O };
/** A joint transform of (input, target), as VisionDataset's `transforms`. */
export type JointTransform = ((input: any, target: any) => [any, any]) | { __call__(input: any, target: any): [any, any] };

/** Calls a transform (a function, or an object with `__call__` / `forward`). */
export function applyTransform(t: unknown, ...args: unknown[]): any {
  if (typeof t === "function") return (t as (...a: unknown[]) => unknown)(...args);
  if (t !== null && typeof t === "object") {
    const o = t as { __call__?: (...a: unknown[]) => unknown; forward?: (...a: unknown[]) => unknown };
    if (typeof o.__call__ === "function") return o.__call__(...args);
    if (typeof o.forward === "function") return o.forward(...args);
  }
  throw new TypeError(`'${describe(t)}' object is not callable`);
}

/** Checks an optional callable argument (a transform, a loader...). */
export function checkCallable(fn: string, name: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v === "function") return;
  if (typeof v === "object" && (typeof (v as { __call__?: unknown }).__call__ === "function" || typeof (v as { forward?: unknown }).forward === "function")) return;
  throw new TypeError(`${fn}(): argument '${name}' must be callable or None, not ${describe(v)}`);
}

/** repr(transform): its own toString (a transform's repr), or Python's form for a plain function. */
export function reprOf(t: unknown): string {
  if (typeof t === "function") {
    const s = (t as { toString(): string }).toString;
    if (s !== Function.prototype.toString) return String(t);
    return `<function ${t.name || "<lambda>"}>`;
  }
  return String(t);
}

function formatTransformRepr(transform: unknown, head: string): string[] {
  const lines = reprOf(transform).split("\n");
  return [`${head}${lines[0]}`, ...lines.slice(1).map((l) => " ".repeat(head.length) + l)];
}

/** StandardTransform(transform, targetTransform): applies each to input and target. */
export class StandardTransform {
  constructor(readonly transform: Transform | null = null, readonly targetTransform: Transform | null = null) {}
  __call__(input: unknown, target: unknown): [any, any] {
    if (this.transform !== null) input = applyTransform(this.transform, input);
    if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
    return [input, target];
  }
  toString(): string {
    const body = [this.constructor.name];
    if (this.transform !== null) body.push(...formatTransformRepr(this.transform, "Transform: "));
    if (this.targetTransform !== null) body.push(...formatTransformRepr(this.targetTransform, "Target transform: "));
    return body.join("\n");
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Expands a leading "~" (Python's os.path.expanduser). */
export function expandUser(p: string): string {
  if (p === "~") return os.homedir();
  if (p.startsWith("~/") || p.startsWith("~" + path.sep)) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** Checks and normalizes a dataset root (a string or a file URL). */
export function rootArg(fn: string, root: unknown, optional = false): string {
  if ((root === undefined || root === null) && optional) return root as unknown as string;
  if (root instanceof URL) return root.pathname;
  if (typeof root !== "string") throw new TypeError(`${fn}(): argument 'root' must be a str or a path, not ${describe(root)}`);
  return expandUser(root);
}

/** Checks a boolean argument (Python accepts any truthy value; here a boolean, 0 or 1). */
export function boolArg(fn: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw new TypeError(`${fn}(): argument '${name}' must be a bool, not ${describe(v)}`);
}

/**
 * VisionDataset(root, transforms, transform, targetTransform): the base class.
 * Subclasses define getItem(i) and the `length` getter, and may define extraRepr().
 */
export abstract class VisionDataset<T = [any, any]> extends Dataset<T> {
  root: string;
  transforms: JointTransform | StandardTransform | null;
  transform: Transform | null;
  targetTransform: Transform | null;
  /** @internal how a DataLoader worker rebuilds this dataset: the constructor's arguments */
  _ctorArgs: unknown[] | null = null;

  constructor(
    root: string | URL | null = null,
    transforms: JointTransform | null = null,
    transform: Transform | null = null,
    targetTransform: Transform | null = null,
  ) {
    super();
    const fn = this.constructor.name;
    checkCallable(fn, "transforms", transforms);
    checkCallable(fn, "transform", transform);
    checkCallable(fn, "targetTransform", targetTransform);
    this.root = root === null || root === undefined ? (null as unknown as string) : rootArg(fn, root);
    const hasTransforms = transforms !== null && transforms !== undefined;
    const hasSeparate = (transform ?? null) !== null || (targetTransform ?? null) !== null;
    if (hasTransforms && hasSeparate) throw new Error("Only transforms or transform/target_transform can be passed as argument");
    this.transform = transform ?? null;
    this.targetTransform = targetTransform ?? null;
    this.transforms = hasSeparate ? new StandardTransform(this.transform, this.targetTransform) : (transforms ?? null);
  }

  abstract getItem(index: number): T;
  abstract get length(): number;

  /** Extra lines of the repr (Python's extra_repr). */
  extraRepr(): string {
    return "";
  }

  toString(): string {
    const head = "Dataset " + this.constructor.name;
    const body = [`Number of datapoints: ${this.length}`];
    if (this.root !== null && this.root !== undefined) body.push(`Root location: ${this.root}`);
    const extra = this.extraRepr();
    if (extra) body.push(...extra.split("\n"));
    if (this.transforms !== null && this.transforms !== undefined) body.push(reprOf(this.transforms));
    // as Python: each body entry is indented once (a multi-line transforms repr only on its first line)
    return [head, ...body.map((l) => "    " + l)].join("\n");
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * DataLoader workers rebuild the dataset from its constructor's arguments in
   * each worker (the files are read there). Transforms travel when they are
   * null, define `workerSpec()`, or are torch-node/vision transforms.
   */
  workerSpec(): WorkerDatasetSpec {
    if (this._ctorArgs === null)
      throw new TypeError(
        `DataLoader workers cannot rebuild ${this.constructor.name}: define workerSpec() on the class, or give DataLoader the option workerDataset: { module, export, args }`,
      );
    if (!isRegistered(this.constructor))
      throw new TypeError(
        `DataLoader workers cannot rebuild ${this.constructor.name} (a subclass of a torch-node/vision dataset): define workerSpec() on it ` +
          "({ module: __filename, export, args }), or give DataLoader the option workerDataset: { module, export, args }",
      );
    const spec = datasetWorkerSpec(this.constructor.name, this._ctorArgs) as WorkerModuleSpec;
    const state = this._workerState();
    if (state === null) return spec;
    // the loaded arrays go along in shared memory: a worker reads no file and holds no copy of its own
    const [cls, [opts, ...rest]] = spec.args as [string, [Record<string, unknown>, ...unknown[]]];
    const shared = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v instanceof Tensor ? { __shared__: shareTensor(v) } : v]));
    return { ...spec, args: [cls, [{ ...opts, [SHARED_KEY]: shared }, ...rest]] };
  }

  /** @internal what a worker's replica takes instead of reading the files (tensors travel in shared memory); null: nothing */
  protected _workerState(): Record<string, unknown> | null {
    return null;
  }

  /** @internal records the constructor's named arguments (transforms replaced by their worker specs on demand). */
  _recordArgs(args: Record<string, unknown>): void {
    this._ctorArgs = [args];
  }
}

const SHARED_KEY = "__sharedState__";

/**
 * @internal takes a worker's shared state out of a trailing options object:
 * the tensors are views of the main thread's shared memory (no copy).
 */
export function takeShared(args: unknown[]): { args: unknown[]; state: Record<string, any> | null } {
  const last = args[args.length - 1];
  if (last === null || typeof last !== "object" || Object.getPrototypeOf(last) !== Object.prototype || !(SHARED_KEY in (last as object))) return { args, state: null };
  const { [SHARED_KEY]: raw, ...rest } = last as Record<string, unknown>;
  const state: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const sh = v !== null && typeof v === "object" && "__shared__" in (v as object) ? ((v as { __shared__: SharedTensorSpec }).__shared__) : null;
    state[k] = sh ? fromBuffer(sh.buffer, { dtype: dtypeFromCode(sh.dtype), size: Array.from(sh.shape) }) : v;
  }
  return { args: [...args.slice(0, -1), rest], state };
}

/** @internal Python's index normalization for a sequence of length n. */
export function checkIndex(fn: string, index: unknown, n: number): number {
  if (typeof index !== "number" || !Number.isInteger(index))
    throw new TypeError(`${fn}: indices must be integers, not ${describe(index)}`);
  const i = index < 0 ? index + n : index;
  if (i < 0 || i >= n) throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
  return i;
}

