// How a DataLoader worker thread gets the dataset (and functions) it runs,
// and how tensors cross between threads.
//
// A worker is a fresh JS realm: closures and class instances cannot be sent to
// it. So a dataset reaches a worker in one of two ways:
// - built-in datasets over tensors (TensorDataset, Subset, ConcatDataset,
//   StackDataset of those) are shipped as a description whose tensor bytes sit
//   in SharedArrayBuffers, copied once per loader and read by every worker;
// - any other dataset names a module that builds it in the worker:
//   { module: path or file URL, export: name, args: [...] } (the export is a
//   Dataset subclass constructed with `new`, a function called with args, or a
//   dataset instance), given as DataLoader's `workerDataset` option or returned
//   by the dataset's own `workerSpec()` method.
import { Tensor } from "../../tensor";
import { native } from "../../native";
import { dtypeFromCode } from "../../dtype";
import { describe } from "../../device";
import { pathToFileURL, fileURLToPath } from "url";
import * as path from "path";
import { existsSync } from "fs";

/** A module that builds a dataset (or exports a function) inside a worker. */
export interface WorkerModuleSpec {
  /** An absolute path, a path relative to the current directory, or a file: URL (import.meta.url works). */
  module: string | URL;
  /** The export's name (default "default", then the module itself). */
  export?: string;
  /** Arguments for the constructor / factory (structured-cloneable). */
  args?: unknown[];
}

/** a tensor's bytes in shared memory */
export interface SharedTensorSpec {
  buffer: SharedArrayBuffer;
  shape: number[];
  dtype: number;
}

/** What a worker receives to rebuild a dataset. */
export type WorkerDatasetSpec =
  | WorkerModuleSpec
  | { kind: "TensorDataset"; tensors: SharedTensorSpec[] }
  | { kind: "Subset"; dataset: WorkerDatasetSpec; indices: number[] }
  | { kind: "ConcatDataset"; datasets: WorkerDatasetSpec[] }
  | { kind: "StackDataset"; list: WorkerDatasetSpec[] | null; dict: Record<string, WorkerDatasetSpec> | null };

const sharedCache = new WeakMap<Tensor, SharedTensorSpec>();

/** @internal copies a CPU tensor's values (contiguous) into shared memory, once per tensor. */
export function shareTensor(t: Tensor): SharedTensorSpec {
  let s = sharedCache.get(t);
  if (s) return s;
  if (t.device.type !== "cpu") throw new TypeError("DataLoader workers: a dataset's tensors must be on the CPU");
  const bytes = new Uint8Array(native.toRawBuffer(t._h));
  const buffer = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  s = { buffer, shape: t.shape, dtype: t.dtype.code };
  sharedCache.set(t, s);
  return s;
}

/** @internal checks and normalizes a module spec (absolute file path). */
export function normalizeModuleSpec(spec: WorkerModuleSpec, what: string): WorkerModuleSpec {
  if (spec === null || typeof spec !== "object" || !("module" in spec))
    throw new TypeError(`${what} must be { module, export?, args? }, not ${describe(spec)}`);
  let m = spec.module instanceof URL ? spec.module.href : spec.module;
  if (typeof m !== "string") throw new TypeError(`${what}.module must be a path or a file URL, not ${describe(spec.module)}`);
  if (m.startsWith("file:")) m = fileURLToPath(m);
  else if (!path.isAbsolute(m)) {
    if (m.startsWith(".") || existsSync(path.resolve(m))) m = path.resolve(m); // relative paths from the current directory
    else {
      // a package name, resolved from the current directory (not from torch-node's folder)
      try {
        m = require.resolve(m, { paths: [process.cwd()] });
      } catch {
        /* left as it is: an ESM-only package is resolved by import() in the worker */
      }
    }
  }
  if (spec.args !== undefined && !Array.isArray(spec.args)) throw new TypeError(`${what}.args must be an array, not ${describe(spec.args)}`);
  return { module: m, export: spec.export, args: spec.args ?? [] };
}

/** @internal loads a module's export (CommonJS, TypeScript under tsx, or ESM). */
export async function loadExport(spec: WorkerModuleSpec): Promise<unknown> {
  const m = String(spec.module);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(m);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== "ERR_REQUIRE_ESM" && code !== "ERR_REQUIRE_ASYNC_MODULE") throw e;
    // a real dynamic import (tsc would turn `import()` into require)
    const importer = new Function("u", "return import(u)") as (u: string) => Promise<Record<string, unknown>>;
    mod = await importer(path.isAbsolute(m) ? pathToFileURL(m).href : m);
  }
  const name = spec.export ?? "default";
  const v = name in mod ? mod[name] : spec.export === undefined ? mod : undefined;
  if (v === undefined) throw new TypeError(`module ${m} has no export '${name}'`);
  return v;
}

// ---- tensors across threads: structured clone of their bytes --------------

interface EncodedTensor {
  __tensor__: true;
  dtype: number;
  shape: number[];
  bytes: ArrayBuffer;
}

/** @internal replaces tensors by their bytes (pushed to `transfer`), recursively through arrays and plain objects. */
export function encode(v: unknown, transfer: ArrayBuffer[]): unknown {
  if (v instanceof Tensor) {
    const t = v.device.type === "cpu" ? v : v.to("cpu");
    const bytes = native.toRawBuffer(t._h);
    transfer.push(bytes);
    return { __tensor__: true, dtype: t.dtype.code, shape: t.shape, bytes } satisfies EncodedTensor;
  }
  if (Array.isArray(v)) return v.map((x) => encode(x, transfer));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encode(x, transfer);
    return out;
  }
  return v;
}

/** @internal the inverse of encode */
export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    if (o.__tensor__ === true) {
      const e = o as unknown as EncodedTensor;
      // the transferred bytes belong to this thread now: the tensor shares them (no copy; binding shareBuffer)
      return new Tensor(native.shareBuffer(new Uint8Array(e.bytes), 0, e.shape, e.dtype, true));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = decode(x);
    return out;
  }
  return v;
}

/** @internal a tensor over row `i` of a shared tensor (its bytes copied out). */
export function sharedRow(s: SharedTensorSpec, i: number): Tensor {
  const item = dtypeFromCode(s.dtype).itemsize;
  const rowElems = s.shape.slice(1).reduce((a, b) => a * b, 1);
  const rowBytes = rowElems * item;
  return new Tensor(native.fromRawBuffer(new Uint8Array(s.buffer, i * rowBytes, rowBytes), s.shape.slice(1), s.dtype));
}

/** @internal rows `indices` of a shared tensor, gathered into the message form of one tensor (its bytes pushed to `transfer`) */
export function sharedRows(s: SharedTensorSpec, indices: number[], transfer: ArrayBuffer[]): unknown {
  const item = dtypeFromCode(s.dtype).itemsize;
  const rowBytes = s.shape.slice(1).reduce((a, b) => a * b, 1) * item;
  const src = new Uint8Array(s.buffer);
  const out = new Uint8Array(rowBytes * indices.length);
  indices.forEach((i, k) => out.set(src.subarray(i * rowBytes, (i + 1) * rowBytes), k * rowBytes));
  transfer.push(out.buffer);
  return { __tensor__: true, dtype: s.dtype, shape: [indices.length, ...s.shape.slice(1)], bytes: out.buffer } satisfies EncodedTensor;
}

/** @internal the ArrayBuffers of the encoded tensors in `v` (each once), to transfer with a message */
export function transferables(v: unknown, out: ArrayBuffer[]): void {
  if (Array.isArray(v)) for (const x of v) transferables(x, out);
  else if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    if (o.__tensor__ === true) {
      if (o.bytes instanceof ArrayBuffer && !out.includes(o.bytes)) out.push(o.bytes);
      return;
    }
    for (const x of Object.values(o)) transferables(x, out);
  }
}
