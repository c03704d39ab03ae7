// getWorkerInfo(): inside a DataLoader worker thread, which worker this is
// (Python's torch.utils.data.get_worker_info); null in the main thread.
import { Generator } from "../../random";

export interface WorkerInfo {
  /** 0 .. numWorkers - 1 */
  readonly id: number;
  readonly numWorkers: number;
  /** Python's seed: the loader iterator's base seed + id (an int64, as a bigint). */
  readonly seed: bigint;
  /** The worker's own copy of the dataset. */
  readonly dataset: unknown;
  /**
   * A generator seeded with `seed`: what Python's worker gets from
   * torch.manual_seed(seed). Worker threads share the process's default
   * generator with the main thread, so the worker does not reseed it; draw
   * per-worker random numbers from this one (`torch.rand(3, { generator })`)
   * to get the numbers Python's worker process gets.
   */
  readonly generator: Generator;
}

let current: WorkerInfo | null = null;

/** In a DataLoader worker: { id, numWorkers, seed, dataset, generator }; in the main thread: null. */
export function getWorkerInfo(): WorkerInfo | null {
  return current;
}

/** @internal set by the worker entry */
export function _setWorkerInfo(info: WorkerInfo | null): void {
  current = info;
}
