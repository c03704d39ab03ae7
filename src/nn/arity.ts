// Python's "X.forward() takes N positional arguments but M were given" for the
// built-in modules: their forward's positional arity is read once from its
// parameter list when nn loads, and kept on the function, so the call path
// (Module.__call__) checks one property and a length. A user's forward (its
// own function, rest parameters or not) is never checked.
/** @internal the key of a marked forward's arity: `{ max, min, name }` (max/min count positional parameters, without self). */
export const FORWARD_ARITY = Symbol("torch-node.forwardArity");
const MAX = FORWARD_ARITY;

interface Marked {
  [MAX]?: { max: number; min: number; name: string };
}

/** The positional parameters of a function's source: [count, required], or null with a rest parameter. */
function parameterCounts(fn: (...a: never[]) => unknown): [number, number] | null {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf("(");
  if (open < 0) return null;
  const params: string[] = [];
  let depth = 0, cur = "", quote = "";
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i];
    if (quote) {
      cur += ch;
      if (ch === "\\") cur += src[++i];
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) break;
      depth--;
    } else if (ch === "," && depth === 0) {
      params.push(cur.trim());
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) params.push(cur.trim());
  if (params.some((p) => p.startsWith("..."))) return null;
  const firstDefault = params.findIndex((p) => /^[\w$]+\s*=/.test(p));
  return [params.length, firstDefault < 0 ? params.length : firstDefault];
}

/** Marks the own forward of each class (built-in modules) with its positional arity. */
export function registerForwardArity(...classes: (abstract new (...a: never[]) => object)[]): void {
  for (const c of classes) {
    if (!Object.prototype.hasOwnProperty.call(c.prototype, "forward")) continue;
    const fwd = (c.prototype as { forward: (...a: never[]) => unknown }).forward;
    const counts = parameterCounts(fwd);
    if (counts === null) continue;
    (fwd as unknown as Marked)[MAX] = { max: counts[0], min: counts[1], name: c.name };
  }
}

/**
 * @internal Throws Python's TypeError when a marked forward gets more
 * positional arguments than it takes (a trailing options object is Python's
 * kwargs and not counted). Called by Module.__call__ only when the input is longer than the forward's max.
 */
export function checkForwardArity(fwd: unknown, input: readonly unknown[], isOptions: (v: unknown) => boolean): void {
  const m = (fwd as Marked)[MAX];
  if (m === undefined) return;
  const n = input.length > 0 && isOptions(input[input.length - 1]) ? input.length - 1 : input.length;
  if (n <= m.max) return;
  const takes = m.min === m.max ? `${m.max + 1}` : `from ${m.min + 1} to ${m.max + 1}`;
  throw new TypeError(`${m.name}.forward() takes ${takes} positional argument${m.max === 0 && m.min === m.max ? "" : "s"} but ${n + 1} were given`);
}
