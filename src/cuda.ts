// torch.cuda and torch.backends.mps: availability and seeding. The same build
// works with a CPU-only LibTorch, where CUDA reports unavailable.
import { native } from "./native";

export const cuda = {
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
  /** True when the addon is linked against a CUDA LibTorch. */
  isBuilt(): boolean {
    return native.cudaIsBuilt();
  },
};

let mhaFastpath = true;

export const backends = {
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
