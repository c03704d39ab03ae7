// Small Python-semantics helpers for the geometry transforms: round() (half to
// even), int() of a float, repr() of the values torchvision's reprs and error
// messages print, and Python's slice bounds.
import { isTuple, isFloatAt } from "../../pytypes";
import { pyFloat } from "../../nn/repr";
import { Tensor } from "../../tensor";

/** Python's round(x) for a float: to the nearest integer, ties to even. */
export function pyRound(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return Math.round(x);
}

/** Python's round(x, nd) for a float: the exact binary value rounded to nd decimals, exact ties to even. */
export function pyRoundTo(x: number, nd: number): number {
  if (!Number.isFinite(x)) return x;
  const scaled = x * 10 ** nd;
  // an exact tie (x * 10^nd a half-integer, exactly representable) rounds to even; toFixed would round it up
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled) && scaled / 10 ** nd === x) return pyRound(scaled) / 10 ** nd;
  return Number(x.toFixed(nd));
}

/** repr() of a value as it appears in torchvision's reprs and messages (tuples, lists, floats, None, bools, str). */
export function pyRepr(v: unknown, float = false, inContainer = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return float || !Number.isInteger(v) ? pyFloat(v) : String(v);
  if (typeof v === "string") return inContainer ? `'${v}'` : v;
  if (v instanceof Tensor) return String(v);
  if (Array.isArray(v)) {
    const items = v.map((x, i) => pyRepr(x, float || isFloatAt(v, i), true));
    if (isTuple(v)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    return `[${items.join(", ")}]`;
  }
  return String(v);
}

/** [start, length] of Python's slice start:stop over a dimension of size n. */
export function pySlice(start: number, stop: number, n: number): [number, number] {
  const norm = (i: number) => (i < 0 ? Math.max(i + n, 0) : Math.min(i, n));
  const s = norm(start);
  const e = norm(stop);
  return [s, Math.max(e - s, 0)];
}

/** x[..., top:bottom, left:right] with Python's slice semantics. */
export function sliceHW(img: Tensor, top: number, bottom: number, left: number, right: number): Tensor {
  const n = img.dim();
  const [ys, yl] = pySlice(top, bottom, img.shape[n - 2]);
  const [xs, xl] = pySlice(left, right, img.shape[n - 1]);
  return img.narrow(n - 2, ys, yl).narrow(n - 1, xs, xl);
}

/** Whether v is a Python int (an integral JS number). */
export const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
/** Whether v is a Python number (int or float). */
export const isNumber = (v: unknown): v is number => typeof v === "number";
