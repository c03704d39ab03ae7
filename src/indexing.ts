// PORTING.md rule 7: t.index(...idx) / t.indexPut_(idx, value). Each index is a
// number, a slice string (":", "1:3", "::2", "-1:"), null (None), "..."
// (Ellipsis), a boolean, a Tensor (integer or boolean), or an array of integers
// or booleans. Parsed here; applied natively by ATen's own indexing (the code
// path Python's __getitem__/__setitem__ use).
import { describe } from "./device";

export type IndexSpec = number | string | null | boolean | { _h: unknown } | unknown[];

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

/** Parses one slice string into [start|null, stop|null, step]. */
export function parseSlice(s: string): [number | null, number | null, number] {
  const m = SLICE_RE.exec(s);
  if (!m) throw new TypeError(`index(): invalid index string '${s}' (expected a slice like ':', '1:3', '::2' or '...')`);
  const start = m[1] === undefined ? null : Number(m[1]);
  const stop = m[2] === undefined ? null : Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (step === 0) throw new RangeError("slice step cannot be zero");
  if (step < 0) throw new RangeError("step must be greater than zero");
  return [start, stop, step];
}

/**
 * Converts user indices to the native form; arrays become tensors through
 * `toTensor` (kept alive by the returned list until the native call ends).
 */
export function toNativeIndices(
  idx: readonly unknown[],
  isTensor: (v: unknown) => v is { _h: unknown },
  toTensor: (v: unknown[]) => { _h: unknown },
): unknown[] {
  // each index is at least one dimension (null adds one): far more than any tensor has is an error up front,
  // not a walk over a sparse new Array(2 ** 32 - 1)
  if (idx.length > 65536) throw new RangeError(`index(): too many indices (${idx.length})`);
  const out = new Array<unknown>(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (typeof v === "number") {
      if (!Number.isInteger(v)) throw new TypeError(`index(): only integers, slices, '...', null, booleans, arrays and tensors are valid indices (got float ${v})`);
      out[i] = v;
    } else if (v === null || v === undefined) out[i] = null;
    else if (typeof v === "boolean") out[i] = v;
    else if (typeof v === "string") out[i] = v.trim() === "..." ? "..." : parseSlice(v);
    else if (isTensor(v)) out[i] = v._h;
    else if (Array.isArray(v)) out[i] = toTensor(v)._h;
    else if (typeof v === "bigint") out[i] = v;
    else throw new TypeError(`index(): only integers, slices, '...', null, booleans, arrays and tensors are valid indices (got ${describe(v)})`);
  }
  return out;
}
