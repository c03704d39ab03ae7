// torch.cuda and torch.backends.mps: availability and seeding. The same build
// works with a CPU-only LibTorch, where CUDA reports unavailable.
import { native, CudaDeviceProperties } from "./native";
import { Device } from "./device";
import { cudnn, cudaBackend } from "./backends";
import { cudaAmp } from "./amp";

export type CudaDeviceArg = number | string | Device | null | undefined;

// Python's _get_device_index(device, optional=True): an int, "cuda:1", a cuda
// device, or nothing for the current device (-1 here).
function cudaIndex(d: CudaDeviceArg, fn: string): number {
  if (d === undefined || d === null) return -1;
  if (typeof d === "number") {
    if (!Number.isInteger(d)) throw new TypeError(`${fn}(): device must be an int, str or torch.device`);
    return d;
  }
  let type: string, index: number | null;
  if (d instanceof Device) ({ type, index } = d);
  else if (typeof d === "string") {
    const m = /^([a-z]+)(?::(\d+))?$/.exec(d);
    if (!m) throw new RangeError(`Invalid device string: '${d}'`);
    type = m[1];
    index = m[2] === undefined ? null : Number(m[2]);
  } else throw new TypeError(`${fn}(): device must be an int, str or torch.device`);
  if (type !== "cuda") throw new RangeError(`Expected a cuda device, but got: ${d}`);
  return index ?? -1;
}

export const cuda = {
  /** torch.cuda.amp: the deprecated aliases of torch.amp's GradScaler and autocast. */
  amp: cudaAmp,
  /** True when LibTorch was built with CUDA and a GPU is visible. */
  isAvailable(): boolean {
    return native.cudaIsAvailable();
  },
  deviceCount(): number {
    return native.cudaDeviceCount();
  },
  /** Seeds the current GPU's generator; a silent no-op without CUDA, as in Python. */
  manualSeed(seed: number | bigint): void {
    native.cudaManualSeed(seed, false);
  },
  manualSeedAll(seed: number | bigint): void {
    native.cudaManualSeed(seed, true);
  },
  /** Index of the current CUDA device. */
  currentDevice(): number {
    return native.cudaCurrentDevice();
  },
  /** Makes `device` current; a negative index is a no-op, as in Python. */
  setDevice(device: CudaDeviceArg): void {
    native.cudaSetDevice(cudaIndex(device, "set_device"));
  },
  /** Waits for all kernels on the device (default: current) to finish. */
  synchronize(device?: CudaDeviceArg): void {
    native.cudaSynchronize(cudaIndex(device, "synchronize"));
  },
  getDeviceProperties(device?: CudaDeviceArg): CudaDeviceProperties {
    return native.cudaDeviceProperties(cudaIndex(device, "get_device_properties"));
  },
  getDeviceName(device?: CudaDeviceArg): string {
    return native.cudaDeviceProperties(cudaIndex(device, "get_device_name")).name;
  },
  getDeviceCapability(device?: CudaDeviceArg): [number, number] {
    const p = native.cudaDeviceProperties(cudaIndex(device, "get_device_capability"));
    return [p.major, p.minor];
  },
  /** Python's torch.cuda.memory_stats(): flat keys ("allocated_bytes.all.current", ...); {} before CUDA is used. */
  memoryStats(device?: CudaDeviceArg): Record<string, number> {
    if (!native.cudaIsAvailable()) return {};
    return native.cudaMemoryStats(cudaIndex(device, "memory_stats"));
  },
  /** Bytes held by tensors on the device now (0 without CUDA, as Python). */
  memoryAllocated(device?: CudaDeviceArg): number {
    return cuda.memoryStats(device)["allocated_bytes.all.current"] ?? 0;
  },
  maxMemoryAllocated(device?: CudaDeviceArg): number {
    return cuda.memoryStats(device)["allocated_bytes.all.peak"] ?? 0;
  },
  /** Bytes the caching allocator holds from the driver. */
  memoryReserved(device?: CudaDeviceArg): number {
    return cuda.memoryStats(device)["reserved_bytes.all.current"] ?? 0;
  },
  maxMemoryReserved(device?: CudaDeviceArg): number {
    return cuda.memoryStats(device)["reserved_bytes.all.peak"] ?? 0;
  },
  resetPeakMemoryStats(device?: CudaDeviceArg): void {
    native.cudaResetPeakStats(cudaIndex(device, "reset_peak_memory_stats"));
  },
  resetAccumulatedMemoryStats(device?: CudaDeviceArg): void {
    native.cudaResetAccumulatedStats(cudaIndex(device, "reset_accumulated_memory_stats"));
  },
  /** Returns cached, unused blocks to the driver (no-op without CUDA). */
  emptyCache(): void {
    native.cudaEmptyCache();
  },
  /** [free, total] bytes of device memory, from the driver. */
  memGetInfo(device?: CudaDeviceArg): [number, number] {
    return native.cudaMemGetInfo(cudaIndex(device, "mem_get_info"));
  },
  /** Whether bfloat16 is usable on the current device (false without CUDA). */
  isBf16Supported(): boolean {
    if (!native.cudaIsAvailable()) return false;
    try {
      return native.cudaDeviceProperties(-1).major >= 8;
    } catch {
      return false;
    }
  },
  /** True when the addon is linked against a CUDA LibTorch. */
  isBuilt(): boolean {
    return native.cudaIsBuilt();
  },
};

let mhaFastpath = true;

export const backends = {
  cudnn,
  cuda: cudaBackend,
  /** torch.backends.mha: whether MultiheadAttention / TransformerEncoder(Layer) may take their fused inference fast paths. */
  mha: {
    getFastpathEnabled(): boolean {
      return mhaFastpath;
    },
    setFastpathEnabled(value: boolean): void {
      if (typeof value !== "boolean") throw new TypeError(`set_fastpath_enabled(): argument 'value' must be bool, not ${typeof value}`);
      mhaFastpath = value;
    },
  },
  mps: {
    /** MPS exists only in macOS builds; false elsewhere. */
    isAvailable(): boolean {
      return native.mpsIsAvailable();
    },
    isBuilt(): boolean {
      return process.platform === "darwin";
    },
  },
};
