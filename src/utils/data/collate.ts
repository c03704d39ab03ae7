// default_collate: Python's batching of samples.
import { Tensor } from "../../tensor";
import { stack } from "../../functions";
import { tensor } from "../../creation";
import * as dt from "../../dtype";
import { describe } from "../../device";

/**
 * The type of a batch that defaultCollate makes from samples of type T: tensors, numbers, booleans and
 * bigints become a Tensor, strings an array of strings, arrays and plain objects are collated element by
 * element / field by field. An unknown (or any) sample type gives any.
 */
export type Collated<T> =
  unknown extends T ? any  // eslint-disable-line @typescript-eslint/no-explicit-any
  : T extends Tensor | number | boolean | bigint ? Tensor
  : T extends string ? string[]
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
  : T extends object ? { -readonly [K in keyof T]: Collated<T[K]> }
  : unknown;

/**
 * Tensors are stacked; numbers become a tensor (int64 for integers, float64
 * otherwise, as Python's ints and floats); booleans a bool tensor; arrays and
 * plain objects are collated field by field; strings are kept as arrays.
 */
export function defaultCollate<T>(batch: T[]): Collated<T>;
export function defaultCollate(batch: unknown[]): unknown {
  const first = batch[0];
  if (first instanceof Tensor) return stack(batch as Tensor[], 0);
  if (typeof first === "number") {
    const ints = (batch as number[]).every((x) => Number.isSafeInteger(x));
    return tensor(batch as number[], { dtype: ints ? dt.int64 : dt.float64 });
  }
  if (typeof first === "boolean") return tensor(batch as boolean[]);
  if (typeof first === "bigint") return tensor(batch as bigint[]);
  if (typeof first === "string") return batch;
  if (Array.isArray(first)) {
    const n = first.length;
    if (!batch.every((b) => Array.isArray(b) && b.length === n)) throw new Error("each element in list of batch should be of equal size");
    return Array.from({ length: n }, (_, i) => defaultCollate(batch.map((b) => (b as unknown[])[i])));
  }
  if (first !== null && typeof first === "object") {
    return Object.fromEntries(Object.keys(first).map((k) => [k, defaultCollate(batch.map((b) => (b as Record<string, unknown>)[k]))]));
  }
  throw new TypeError(`default_collate: batch must contain tensors, numbers, dicts or lists; found ${describe(first)}`);
}
