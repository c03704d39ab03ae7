// torch.cpu: Python's CPU device module (isAvailable, deviceCount,
// currentDevice, synchronize), plus emptyCache(), named after
// torch.cuda.emptyCache: torch-node caches freed CPU blocks per thread
// (binding/allocator.cc; Python has no such cache, so no such function).
import { native } from "./native";

export interface CpuCacheStats {
  /** Whether the cache is installed (TORCH_NODE_CPU_CACHE=0 turns it off). */
  enabled: boolean;
  /** Allocations this thread served from its cache, and those it asked malloc for. */
  hits: number;
  misses: number;
  /** Bytes this thread's cache holds now. */
  cachedBytes: number;
  /** Bytes a thread keeps at most (TORCH_NODE_CPU_CACHE_LIMIT_MB). */
  limit: number;
  /** Above this, each young-generation GC frees the blocks that stayed unused since the previous one. */
  highWater: number;
}

export const cpu = {
  /** Always true, as in Python. */
  isAvailable(): boolean {
    return true;
  },
  /** Always 1, as in Python. */
  deviceCount(): number {
    return 1;
  },
  /** "cpu", as in Python. */
  currentDevice(): string {
    return "cpu";
  },
  /** Does nothing: CPU ops are synchronous (Python's is a no-op too). */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  synchronize(device?: unknown): void {},
  /**
   * Frees the freed CPU blocks the allocator caches: the calling thread's now,
   * every other thread's (DataLoader worker threads, LibTorch's intra-op threads)
   * at its next allocation or free. Memory of live tensors is untouched.
   */
  emptyCache(): void {
    native.emptyCpuCache();
  },
  /** The calling thread's cache counters (torch-node only; Python has no CPU cache). */
  cacheStats(): CpuCacheStats {
    return native.cpuCacheStats();
  },
};
