// Deterministic release on top of GC (DESIGN.md, memory model): torch.tidy
// scopes. Tensors created while a scope is open join it; when the scope
// ends, every tensor in it that the callback did not return is disposed.
interface Disposable {
  dispose(): void;
}

const scopes: Disposable[][] = [];

/** Called by every new Tensor: joins the innermost open scope. */
export function track(t: Disposable): void {
  if (scopes.length) scopes[scopes.length - 1].push(t);
}


/** Tensors reachable from `result` (tensor, array, Map, plain object; nested). */
function collect(result: unknown, keep: Set<unknown>, seen = new Set<unknown>()): void {
  if (result === null || typeof result !== "object" || seen.has(result)) return;
  seen.add(result);
  if (typeof (result as Disposable).dispose === "function" && "_h" in (result as object)) {
    keep.add(result);
    return;
  }
  if (Array.isArray(result)) for (const v of result) collect(v, keep, seen);
  else if (result instanceof Map) for (const v of result.values()) collect(v, keep, seen);
  else if (Object.getPrototypeOf(result) === Object.prototype) for (const v of Object.values(result)) collect(v, keep, seen);
}

/**
 * Runs `fn` and disposes every tensor created inside it except those it
 * returns (found in arrays and plain objects too). Scopes nest: what an inner
 * scope returns joins the outer scope. `fn` must be synchronous.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`tidy(): argument 'fn' must be a function, not ${typeof fn}`);
  // an async function would go on running on tensors the scope has freed: refuse it before it runs
  const kind = (fn as { constructor?: { name?: string } }).constructor?.name;
  if (kind === "AsyncFunction" || kind === "AsyncGeneratorFunction")
    throw new TypeError("tidy(): fn is an async function; tidy scopes must be synchronous (dispose tensors yourself, or use `using`, across awaits)");
  const scope: Disposable[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) t.dispose();
    result.then(undefined, () => undefined); // its rejection (from the freed tensors) is reported by this throw, not as unhandled
    throw new TypeError("tidy(): fn returned a Promise; tidy scopes must be synchronous");
  }
  const keep = new Set<unknown>();
  collect(result, keep);
  const outer = scopes.length ? scopes[scopes.length - 1] : null;
  for (const t of scope) {
    if (keep.has(t)) outer?.push(t);
    else t.dispose();
  }
  return result;
}

/** Removes `t` from the open scopes so tidy() does not dispose it (like tf.keep). */
export function keep<T extends Disposable>(t: T): T {
  for (const s of scopes) {
    const i = s.indexOf(t);
    if (i >= 0) s.splice(i, 1);
  }
  return t;
}
