// Python's torch/nn/_reduction.py: the reduction string -> enum, and the
// deprecated size_average / reduce pair -> reduction string (with its warning).

import { warnOnce } from "./_util";
export { warnOnce };

/** get_enum: "none" 0, "mean" 1 ("elementwise_mean" warns), "sum" 2; anything else is Python's ValueError. */
export function getEnum(reduction: unknown): number {
  if (reduction === "none") return 0;
  if (reduction === "mean") return 1;
  if (reduction === "elementwise_mean") {
    warnOnce("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.");
    return 1;
  }
  if (reduction === "sum") return 2;
  throw new RangeError(`${String(reduction)} is not a valid value for reduction`);
}

/** legacy_get_string(size_average, reduce): "mean", "sum" or "none", with Python's deprecation warning. */
export function legacyGetString(sizeAverage: unknown, reduce: unknown, emitWarning = true): "mean" | "sum" | "none" {
  const sa = sizeAverage === undefined || sizeAverage === null ? true : !!sizeAverage;
  const rd = reduce === undefined || reduce === null ? true : !!reduce;
  const ret = sa && rd ? "mean" : rd ? "sum" : "none";
  if (emitWarning)
    warnOnce(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

/** The reduction a loss uses: the legacy pair when either is given, else `reduction` (default "mean"). */
export function resolveReduction(sizeAverage: unknown, reduce: unknown, reduction: unknown): string {
  if ((sizeAverage !== undefined && sizeAverage !== null) || (reduce !== undefined && reduce !== null))
    return legacyGetString(sizeAverage, reduce);
  return reduction === undefined ? "mean" : (reduction as string);
}
