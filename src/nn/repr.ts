// Python's repr() of the values that appear in module reprs (floats, tuples, bools).

/** repr(float) as Python writes it: 1e-05, 0.1, 1.0, 1e+16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e"); // shortest round-trip digits
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mant}e${exp < 0 ? "-" : "+"}${e}`;
  }
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}
/** (1, 1) / (3,) as Python prints a tuple of ints. */
export function pyTuple(xs: number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}
