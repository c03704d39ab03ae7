// torch.accelerator: Python's device-agnostic view of the current accelerator
// (CUDA in this build; none on a CPU-only LibTorch).
import { native } from "./native";
import { Device, device as deviceFn } from "./device";

/** torch.accelerator: the current accelerator (CUDA here) and its devices, as Python's. */
export const accelerator = {
  /** Whether an accelerator is usable now. */
  isAvailable(): boolean {
    return native.cudaIsAvailable();
  },
  /**
   * The accelerator this build was made for (a torch.device, "cuda"), or null
   * without one, as Python's None; with checkAvailable, null too when it is not usable now.
   */
  currentAccelerator(checkAvailable: boolean | { checkAvailable?: boolean } = false): Device | null {
    const check = typeof checkAvailable === "object" && checkAvailable !== null ? (checkAvailable.checkAvailable ?? false) : checkAvailable;
    if (!native.cudaIsBuilt() || (check && !native.cudaIsAvailable())) return null;
    return deviceFn("cuda");
  },
  /** The number of accelerator devices (0 without one). */
  deviceCount(): number {
    return native.cudaIsAvailable() ? native.cudaDeviceCount() : 0;
  },
  /** The index of the current accelerator device. */
  currentDeviceIndex(): number {
    if (!native.cudaIsAvailable()) throw new Error("Accelerator is not available");
    return native.cudaCurrentDevice();
  },
  /** Makes `device` (an index, "cuda:1" or a torch.device) the current accelerator device. */
  setDeviceIndex(device: number | string | Device): void {
    if (!native.cudaIsAvailable()) throw new Error("Accelerator is not available");
    const i = typeof device === "number" ? device : deviceFn(device as string).index ?? 0;
    native.cudaSetDevice(i);
  },
  /** Waits for the accelerator's queued work; a no-op without one. */
  synchronize(device?: number | string | Device): void {
    if (!native.cudaIsAvailable()) return;
    native.cudaSynchronize(device === undefined ? -1 : typeof device === "number" ? device : deviceFn(device as string).index ?? -1);
  },
};
