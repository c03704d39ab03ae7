// Python value types that JS values lose: a tuple is a JS array, and a float
// with an integral value (0.0, 1.0) is a JS number like an int. A container
// (array or plain object) can carry a hidden (non-enumerable, symbol-keyed)
// note of which of these it is / holds; torch.save consults it, so a checkpoint
// keeps Python's types (`betas` a tuple, `weight_decay` 0.0 a float), and
// torch.load sets it, so a load -> save round trip keeps them. The values
// themselves stay plain JS numbers and arrays.

const PY = Symbol.for("torch-node.pytypes");

interface Note {
  /** the array is a Python tuple */
  tuple?: boolean;
  /** keys (object) or indices (array, as strings) whose integral numbers are Python floats; true: all of them */
  floats?: Set<string> | true;
}

function note(o: object, create: boolean): Note | undefined {
  let n = (o as { [PY]?: Note })[PY];
  if (n === undefined && create && Object.isExtensible(o)) {
    n = {};
    Object.defineProperty(o, PY, { value: n, enumerable: false, writable: true, configurable: true });
  }
  return n;
}

/** Marks `a` as a Python tuple (torch.save writes a tuple); returns `a`. */
export function asTuple<T extends unknown[]>(a: T): T {
  const n = note(a, true);
  if (n) n.tuple = true;
  return a;
}

/** Whether `a` is an array marked as a Python tuple. */
export function isTuple(a: unknown): boolean {
  return Array.isArray(a) && note(a, false)?.tuple === true;
}

/**
 * Marks the numbers under `keys` of `o` (object keys or array indices), or all
 * of its numbers (`true`), as Python floats; returns `o`.
 */
export function markFloats<T extends object>(o: T, keys: Iterable<string | number> | true): T {
  const n = note(o, true);
  if (!n) return o;
  if (keys === true) n.floats = true;
  else if (n.floats !== true) {
    const s = n.floats ?? new Set<string>();
    for (const k of keys) s.add(String(k));
    n.floats = s;
  }
  return o;
}

/** Whether the number at `key` of container `o` is a Python float (marked so). */
export function isFloatAt(o: object, key: string | number): boolean {
  const f = note(o, false)?.floats;
  return f === true || (f !== undefined && f.has(String(key)));
}

/** Gives `to` (a copy of `from`) the tuple / float marks of `from`; returns `to`. */
export function copyMarks<T extends object>(from: object, to: T): T {
  const n = note(from, false);
  if (n) {
    const m = note(to, true);
    if (m) {
      if (n.tuple) m.tuple = true;
      if (n.floats) m.floats = n.floats === true ? true : new Set(n.floats);
    }
  }
  return to;
}
