// The public surface the fuzz suite calls, enumerated from the objects
// themselves (so a new function is fuzzed without being listed): every function
// and class reachable from the torch namespace (torch.*, nn, nn.functional,
// nn.init, linalg, fft, special, sparse, optim, distributions, utils.data,
// autograd, amp, cuda, backends, ...), every Tensor method, getter and setter
// (Object.getOwnPropertyNames of Tensor.prototype, generated ones included).
import torch from "../../src";
import { Tensor } from "../../src/tensor";
import { SIGNATURES } from "../../src/generated/ops";
import type { GenSig } from "../../src/ops/surface";

export type TargetKind = "function" | "class" | "method" | "getter" | "setter";

export interface Target {
  /** how a user writes it: torch.nn.functional.relu, t.addmm, new torch.nn.Linear */
  name: string;
  kind: TargetKind;
  /** the function or class (for a method, getter or setter: the property name on Tensor.prototype) */
  fn: ((...a: unknown[]) => unknown) | null;
  key: string;
  /** the generated signatures where there are */
  sigs: GenSig[];
}

/**
 * Left out on purpose, with the reason (not crashes: calls that would make the
 * sweep itself meaningless or that wait by design).
 */
export const EXCLUDED: Record<string, string> = {
  // none at present: every call the sweeps found crashing or hanging is fixed (test/fuzz/regressions.ts)
};

const isClass = (f: unknown): boolean => typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));

const GEN_NS: Record<string, string> = { torch: "torch", "torch.linalg": "linalg", "torch.fft": "fft", "torch.special": "special" };

const sigsOf = (ns: string, key: string): GenSig[] =>
  Object.hasOwn(SIGNATURES[ns], key) ? SIGNATURES[ns][key].filter((s) => !s.deprecated) : [];

let cache: Target[] | null = null;

/** Every target, in a fixed order (namespaces walked by key order, Tensor.prototype by property order). */
export function targets(): Target[] {
  if (cache) return cache;
  const out: Target[] = [];
  const seenFns = new Set<unknown>();
  const seenObjs = new Set<unknown>();
  const walk = (obj: Record<string, unknown>, path: string, depth: number) => {
    if (seenObjs.has(obj) || depth > 4) return;
    seenObjs.add(obj);
    for (const key of Object.keys(obj).sort()) {
      let val: unknown;
      try { val = obj[key]; } catch { continue; }
      const name = `${path}.${key}`;
      if (typeof val === "function") {
        if (seenFns.has(val) || EXCLUDED[name]) continue;
        seenFns.add(val);
        const ns = GEN_NS[path];
        const sigs = ns ? sigsOf(ns, key) : [];
        out.push({ name: isClass(val) ? `new ${name}` : name, kind: isClass(val) ? "class" : "function", fn: val as never, key, sigs });
      } else if (val !== null && typeof val === "object" && !(val instanceof Tensor) && Object.getPrototypeOf(val) === Object.prototype) {
        walk(val as Record<string, unknown>, name, depth + 1);
      } else if (val !== null && typeof val === "object" && !(val instanceof Tensor) && Object.getPrototypeOf(val) === null) {
        walk(val as Record<string, unknown>, name, depth + 1);
      }
    }
  };
  walk(torch as unknown as Record<string, unknown>, "torch", 0);
  // module namespaces (import * as nn) are plain objects with a null or Object prototype: walked above
  for (const key of Object.getOwnPropertyNames(Tensor.prototype).sort()) {
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(Tensor.prototype, key)!;
    const sigs = sigsOf("Tensor", key);
    if (d.get) out.push({ name: `t.${key}`, kind: "getter", fn: null, key, sigs: [] });
    if (d.set) out.push({ name: `t.${key} =`, kind: "setter", fn: null, key, sigs: [] });
    if (typeof d.value === "function") out.push({ name: `t.${key}`, kind: "method", fn: null, key, sigs });
  }
  cache = out;
  return out;
}
