// The one place that loads the native addon (node-gyp-build), and its types.
// Every entry throws a JS Error carrying libtorch's message on failure.
import * as path from "path";
import { dtypeHint } from "./dtype_hint";

/** An opaque handle to one native tensor reference (a napi External). */
export type Handle = { readonly __tensorHandle: unique symbol };
/** An opaque handle to a native at::Generator. */
export type GeneratorHandle = { readonly __generatorHandle: unique symbol };

export interface Native {
  // handles
  dispose(h: Handle): void;
  isDisposed(h: Handle): boolean;
  flushExternalMemory(): number;
  sameTensor(a: Handle, b: Handle): boolean;
  // operators (boxed dispatcher)
  resolveOp(name: string, overload: string): number;
  opSchema(id: number): string;
  /** whether callOp calls this operator unboxed (binding/typed.cc) */
  opTyped(id: number): boolean;
  /** whether callOp may call operators unboxed (tests turn it off to run the boxed path) */
  setTypedCalls(flag: boolean): void;
  /** Calls operator `id` with arguments in schema order; undefined/null takes the default. */
  callOp(id: number, ...args: unknown[]): any;
  /** Calls operator `id` as (self, [...dims]) with every later argument its default; the dims as separate numbers. */
  callOpDims(id: number, self: Handle, ...dims: number[]): any;
  /** Calls operator `id` of (Tensor[] tensors, int dim) with the tensors as separate arguments (cat, stack). */
  callOpTensors(id: number, dim: number, ...tensors: Handle[]): Handle;
  /** Unboxed fast paths (binding/fast.cc): codes in src/fast.ts. */
  unary(code: number, self: Handle): Handle;
  binary(code: number, self: Handle, other: unknown): Handle;
  listOps(): string[];
  // data and metadata
  fromTypedArray(data: ArrayBufferView, shape: number[], dtypeCode?: number): Handle;
  toBuffer(h: Handle): ArrayBuffer;
  toRawBuffer(h: Handle): ArrayBuffer;
  storageInfo(h: Handle): [string, number, number];
  storageBytes(h: Handle): ArrayBuffer;
  fromRawBuffer(bytes: Uint8Array, shape: number[], dtypeCode: number): Handle;
  /**
   * A CPU tensor over the memory of `view` (no copy), `byteOffset` bytes past its start, of `shape`:
   * the view's ArrayBuffer stays alive while the tensor's storage does (src/from_buffer.ts).
   * A misaligned address is copied when copyIfMisaligned, else a RangeError.
   */
  /** How many ArrayBuffer references released off their JS thread wait for it (tests). */
  queuedBufferRefs(): number;
  shareBuffer(view: ArrayBufferView, byteOffset: number, shape: number[], dtypeCode: number, copyIfMisaligned: boolean): Handle;
  /** A new CPU tensor read from an open file at `position` (torch.load of a path). */
  fromFile(fd: number, position: number, shape: number[], dtypeCode: number): Handle;
  item(h: Handle): number | boolean;
  shape(h: Handle): number[];
  strides(h: Handle): number[];
  dim(h: Handle): number;
  numel(h: Handle): number;
  dtype(h: Handle): number;
  device(h: Handle): string;
  /** The c10::Layout code: 0 strided, 1 sparse COO, 2 CSR, 3 mkldnn, 4 CSC, 5 BSR, 6 BSC, 7 jagged. */
  layout(h: Handle): number;
  isContiguous(h: Handle): boolean;
  storageOffset(h: Handle): number;
  // autograd basics
  requiresGrad(h: Handle): boolean;
  setRequiresGrad(h: Handle, flag: boolean): void;
  grad(h: Handle): Handle | null;
  setGrad(h: Handle, g: Handle | null): void;
  gradFnName(h: Handle): string | null;
  isLeaf(h: Handle): boolean;
  setData(h: Handle, src: Handle): void;
  retainGrad(h: Handle): void;
  backward(tensors: Handle[], grads: (Handle | null)[], retainGraph: boolean | undefined, createGraph: boolean, inputs?: Handle[]): void;
  retainsGrad(h: Handle): boolean;
  gradFn(h: Handle): object | null;
  nodeName(n: object): string;
  nodeNextFunctions(n: object): [object | null, number][];
  nodeId(n: object): string;
  autogradGrad(outputs: Handle[], inputs: Handle[], gradOutputs: (Handle | null)[], retainGraph: boolean | undefined, createGraph: boolean, allowUnused: boolean): (Handle | null)[];
  registerHook(h: Handle, fn: (grad: Handle) => Handle | null): number;
  removeHook(h: Handle, id: number): void;
  functionApply(inputs: Handle[], forward: (ctx: object) => Handle[], backward: (ctx: object, grads: (Handle | null)[]) => (Handle | null)[], name: string): Handle[];
  ctxSaveForBackward(ctx: object, tensors: (Handle | null)[]): void;
  ctxSavedTensors(ctx: object): (Handle | null)[];
  ctxMarkDirty(ctx: object, tensors: Handle[]): void;
  ctxMarkNonDifferentiable(ctx: object, tensors: Handle[]): void;
  ctxSetMaterializeGrads(ctx: object, value: boolean): void;
  setAnomalyEnabled(enabled: boolean, checkNan: boolean): void;
  isAnomalyEnabled(): boolean;
  isAnomalyCheckNanEnabled(): boolean;
  // indexing
  /** x[...]: an index list (see src/indexing.ts), or one integer */
  index(h: Handle, specs: unknown[] | number): Handle;
  indexPut(h: Handle, specs: unknown[], value: Handle | number | boolean): Handle;
  // runtime
  newGenerator(device: string): GeneratorHandle;
  defaultGenerator(device: string): GeneratorHandle;
  generatorManualSeed(g: GeneratorHandle, seed: number | bigint): void;
  generatorSeed(g: GeneratorHandle): bigint;
  generatorInitialSeed(g: GeneratorHandle): bigint;
  generatorDevice(g: GeneratorHandle): string;
  generatorGetState(g: GeneratorHandle): Handle;
  generatorSetState(g: GeneratorHandle, state: Handle): void;
  manualSeed(seed: number | bigint): void;
  cudaManualSeed(seed: number | bigint, all: boolean): void;
  cudaIsAvailable(): boolean;
  cudaIsBuilt(): boolean;
  cudaDeviceCount(): number;
  mpsIsAvailable(): boolean;
  isGradEnabled(): boolean;
  setGradEnabled(flag: boolean): void;
  isInferenceMode(): boolean;
  pushInferenceMode(flag: boolean): void;
  popInferenceMode(): void;
  getDefaultDtype(): number;
  setDefaultDtype(code: number): void;
  getNumThreads(): number;
  setNumThreads(n: number): void;
  /** LibTorch's global-context switch `name` (deterministic_algorithms, benchmark_cudnn, ...), set first when a value is given. */
  contextFlag(name: string, value?: boolean, extra?: boolean): boolean;
  version(): string;
  // allocation failures collect garbage once and retry (binding/handle.cc)
  setGarbageCollector(fn: () => void): void;
  /** The function every LibTorch error passes through before it is thrown (this thread's; it may rewrite error.message). */
  setErrorHint(fn: (e: Error) => void): void;
  gcRetries(): number;
  /** Run backward / autograd.grad on a native thread, JS callbacks marshalled back (the CUDA path), for tests. */
  setAutogradOffThread(flag: boolean): void;
  /** The young-generation GC the addon runs every 16 MB of new tensor memory (data + ~512 bytes a handle). */
  setMinorGc(fn: () => void): void;
  minorGcs(): number;
  /** The CPU allocator's per-thread caches of freed blocks (binding/allocator.cc; TORCH_NODE_CPU_CACHE=0 turns them off): this thread's counters. */
  cpuCacheStats(): { enabled: boolean; hits: number; misses: number; cachedBytes: number; limit: number; highWater: number };
  /** Frees the calling thread's cached CPU blocks now, every other thread's at its next allocation or free (torch.cpu.emptyCache). */
  emptyCpuCache(): void;
  // autocast (thread-local state of torch.autocast)
  isAutocastAvailable(deviceType: string): boolean;
  isAutocastEnabled(deviceType: string): boolean;
  setAutocastEnabled(deviceType: string, enabled: boolean): void;
  getAutocastDtype(deviceType: string): number;
  setAutocastDtype(deviceType: string, code: number): void;
  autocastIncrementNesting(): number;
  autocastDecrementNesting(): number;
  clearAutocastCache(): void;
  isAutocastCacheEnabled(): boolean;
  setAutocastCacheEnabled(enabled: boolean): void;
  // torch.cuda runtime
  cudaCurrentDevice(): number;
  cudaSetDevice(device: number): void;
  cudaSynchronize(device?: number | null): void;
  cudaMemoryStats(device?: number | null): Record<string, number>;
  cudaResetPeakStats(device?: number | null): void;
  cudaResetAccumulatedStats(device?: number | null): void;
  cudaEmptyCache(): void;
  cudaMemGetInfo(device?: number | null): [number, number];
  cudaDeviceProperties(device?: number | null): CudaDeviceProperties;
  // image decoding through sharp's libvips (binding/image_codec.cc; src/vision/io/_native.ts)
  /** dlopen()s and starts libvips at `path`: true, or why it cannot be used */
  imageCodecLoad(path: string): true | string;
  /** decodes on this thread: a uint8 [C, H, W] ([N, C, H, W] for GIF frames) tensor, or what libvips refused */
  imageDecode(path: string, bytes: Uint8Array, format: string, mode: number, applyExifOrientation: boolean): Handle | { kind: string; message: string };
  /** imageDecode of each, decoded in parallel (the calling thread and up to cores - 1 more) */
  imageDecodeMany(path: string, bytes: Uint8Array[], formats: string[], mode: number, applyExifOrientation: boolean): (Handle | { kind: string; message: string })[];
}

/** torch.cuda.getDeviceProperties(device): what Python's _CudaDeviceProperties holds. */
export interface CudaDeviceProperties {
  name: string;
  major: number;
  minor: number;
  totalMemory: number;
  multiProcessorCount: number;
  isIntegrated: boolean;
  isMultiGpuBoard: boolean;
  L2CacheSize: number;
  warpSize: number;
  maxThreadsPerMultiProcessor: number;
}

/** Where LibTorch was found and which addon file was loaded (`npx torch-node doctor` prints the same). */
export interface LoadInfo {
  /** the addon file loaded */
  addon: string;
  /** the LibTorch folder used, how it was found, its version and variant (cpu, cu126, ...) */
  libtorch: { source: string; dir: string; libDir: string; version: string; variant: string | null; full: string };
  /** every candidate looked at, with why it was rejected */
  tried: { source: string; dir: string | null; ok: boolean; reason?: string }[];
  /** the LibTorch libraries loaded by absolute path before the addon */
  preloaded: string[];
}

interface Locate {
  loadAddon(root: string): LoadInfo & { native: Native };
}

// LibTorch is located at run time (scripts/locate.js: LIBTORCH, TORCH_NODE_CACHE,
// the folder install recorded, the user cache, a project-local cache, a Python
// torch), its libraries are loaded by absolute path, then the addon (which has
// no rpath) is loaded: TORCH_NODE_ADDON=path/to/torch_node.node (the sanitizer
// build in build-asan/, `npm run test:asan`; relative to the current directory),
// else node-gyp-build's build/Release or prebuilds/. A missing addon or LibTorch
// throws one error naming the command to run (docs/packaging.md).
function load(): LoadInfo & { native: Native } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const locate = require("../scripts/locate.js") as Locate;
  return locate.loadAddon(path.join(__dirname, ".."));
}

const loaded = load();
export const loadInfo: LoadInfo = {
  addon: loaded.addon, libtorch: loaded.libtorch, tried: loaded.tried, preloaded: loaded.preloaded,
};
export const native: Native = loaded.native;

// V8 cannot see device memory, and may not have collected tensors that are
// already unreachable: an allocation that fails (CUDA out of memory, or the CPU
// allocator refusing) runs a full garbage collection once and retries (R torch
// does the same). And every 16 MB of new tensor bytes the addon asks for a
// young-generation GC, so short-lived results are freed while their memory is
// still warm (binding/handle.cc). gc() is made on first need: exposing it costs
// nothing until then. TORCH_NODE_MINOR_GC=0 turns the young-generation GCs off.
let gcFn: ((opts?: { type?: "major" | "minor" }) => void) | undefined;
function collector(): (opts?: { type?: "major" | "minor" }) => void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === "function") gcFn = g;
    else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require("v8").setFlagsFromString("--expose-gc");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      gcFn = require("vm").runInNewContext("gc") as () => void;
    }
  }
  return gcFn;
}
native.setGarbageCollector(() => collector()());
// LibTorch's dtype-mismatch errors get the int64-from-JS-numbers hint, from every op (dtype_hint.ts)
native.setErrorHint(dtypeHint);
if (process.env.TORCH_NODE_MINOR_GC !== "0") native.setMinorGc(() => collector()({ type: "minor" }));
