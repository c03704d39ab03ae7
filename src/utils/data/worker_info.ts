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
   * The worker thread's default generator, seeded with `seed` as Python's
   * worker process runs torch.manual_seed(seed): random ops in the worker
   * called without a generator (`torch.rand(3)`, `t.normal_()`,
   * `torch.randperm(n)`) draw from it, so they get the numbers Python's
   * worker gets. (Ops whose aten schema takes no generator, such as dropout,
   * still use the process-wide one.)
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
