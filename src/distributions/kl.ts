// torch.distributions.kl: klDivergence(p, q) with Python's registry and
// most-specific-match dispatch (Python's kl.py). Pairs are registered in
// kl_pairs.ts, next to every distribution they need.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { warnOnce } from "../warnings";
import { Distribution } from "./distribution";
import { NotImplementedError } from "./utils";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DistributionClass = abstract new (...args: any[]) => Distribution;
export type KlFn = (p: any, q: any) => Tensor; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Source of truth: (TypeP, TypeQ) -> fn, in registration order. */
const REGISTRY = new Map<DistributionClass, Map<DistributionClass, KlFn>>();
const ORDER: [DistributionClass, DistributionClass][] = [];
const MEMO = new Map<DistributionClass, Map<DistributionClass, KlFn | null>>();

function isClass(v: unknown): v is DistributionClass {
  return typeof v === "function" && (v === Distribution || v.prototype instanceof Distribution);
}

/**
 * registerKl(TypeP, TypeQ)(fn): registers fn as KL(p || q) for p of TypeP and q
 * of TypeQ (subclasses included; the most specific registration wins).
 */
export function registerKl(typeP: DistributionClass, typeQ: DistributionClass): <F extends KlFn>(fn: F) => F {
  if (!isClass(typeP)) throw new TypeError(`Expected type_p to be a Distribution subclass but got ${String(typeP)}`);
  if (!isClass(typeQ)) throw new TypeError(`Expected type_q to be a Distribution subclass but got ${String(typeQ)}`);
  return <F extends KlFn>(fn: F): F => {
    if (typeof fn !== "function") throw new TypeError("registerKl(...)(fn): fn must be a function");
    let m = REGISTRY.get(typeP);
    if (!m) REGISTRY.set(typeP, (m = new Map()));
    if (!m.has(typeQ)) ORDER.push([typeP, typeQ]);
    m.set(typeQ, fn);
    MEMO.clear();
    return fn;
  };
}

function issubclass(a: DistributionClass, b: DistributionClass): boolean {
  return a === b || a.prototype instanceof b;
}
/** Python's _Match.__le__ over a pair of types. */
function le(x: DistributionClass[], y: DistributionClass[]): boolean {
  for (let i = 0; i < x.length; i++) {
    if (!issubclass(x[i], y[i])) return false;
    if (x[i] !== y[i]) break;
  }
  return true;
}
function minMatch(ms: DistributionClass[][]): DistributionClass[] {
  let cur = ms[0];
  for (const m of ms.slice(1)) {
    const eq = m.every((t, i) => t === cur[i]);
    if (le(m, cur) && !eq) cur = m;
  }
  return cur;
}

function dispatch(typeP: DistributionClass, typeQ: DistributionClass): KlFn | null {
  const matches = ORDER.filter(([p, q]) => issubclass(typeP, p) && issubclass(typeQ, q));
  if (matches.length === 0) return null;
  const [leftP, leftQ] = minMatch(matches);
  const [rightQ, rightP] = minMatch(matches.map(([p, q]) => [q, p]));
  const leftFun = REGISTRY.get(leftP)!.get(leftQ)!;
  const rightFun = REGISTRY.get(rightP)!.get(rightQ)!;
  if (leftFun !== rightFun)
    warnOnce(`Ambiguous kl_divergence(${typeP.name}, ${typeQ.name}). Please register_kl(${leftP.name}, ${rightQ.name})`, "RuntimeWarning");
  return leftFun;
}

/** KL(p || q), batched over the batch shape. */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  if (!(p instanceof Distribution) || !(q instanceof Distribution))
    throw new TypeError("klDivergence(p, q): p and q must be Distributions");
  const tp = p.constructor as DistributionClass, tq = q.constructor as DistributionClass;
  let m = MEMO.get(tp);
  if (!m) MEMO.set(tp, (m = new Map()));
  let fn = m.get(tq);
  if (fn === undefined) {
    fn = dispatch(tp, tq);
    m.set(tq, fn);
  }
  if (fn === null) throw new NotImplementedError(`No KL(p || q) is implemented for p type ${tp.name} and q type ${tq.name}`);
  return fn(p, q);
}

/** @internal shared helpers of the registered pairs */
export function infiniteLike(t: Tensor): Tensor {
  return torch.fullLike(t, Infinity);
}
export function xLogX(t: Tensor): Tensor {
  return torch.special.xlogy(t, t);
}
export function batchTraceXXT(bmat: Tensor): Tensor {
  const n = bmat.size(-1), m = bmat.size(-2);
  const flatTrace = bmat.reshape(-1, m * n).pow(2).sum(-1);
  return flatTrace.reshape(bmat.shape.slice(0, -2));
}
