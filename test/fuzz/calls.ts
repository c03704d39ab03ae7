// Call number i of a fuzz sweep with seed s: a target of the public surface
// (test/fuzz/surface.ts; round-robin, so a few thousand calls reach each one)
// and seeded arguments (test/fuzz/values.ts). Call i depends only on (s, i): a
// failure reproduces alone with `npm run fuzz -- --seed s --from i --calls 1`.
import torch from "../../src";
import { Tensor } from "../../src/tensor";
import type { GenSig } from "../../src/ops/surface";
import { relabel, type ChildCall } from "../harness/child_main";
import { targets, type Target } from "./surface";
import { Rng, POOL, TENSORS, COMMON_KEYS, validFor, type Value } from "./values";

interface Args { labels: string[]; make: () => unknown[] }

const small: Value[] = [1, 2, 3].map((x) => [String(x), () => x]);

function randomArgs(r: Rng, sigs: GenSig[], first?: Value[]): Args {
  const vals: Value[] = [];
  if (first) vals.push(r.pick(first));
  for (let n = r.int(first ? 4 : 5); n > 0; n--) vals.push(r.pick(POOL));
  const labels = vals.map((x) => x[0]);
  const makes = vals.map((x) => x[1]);
  if (r.chance(0.35)) {
    const names = [...new Set([...sigs.flatMap((s) => s.params.map((p) => p.name)), ...(sigs.length ? [] : COMMON_KEYS)])];
    const opts: [string, Value][] = [];
    for (let n = 1 + r.int(2); n > 0 && names.length; n--) opts.push([r.pick(names), r.pick(POOL)]);
    labels.push(`{ ${opts.map(([k, x]) => `${k}: ${x[0]}`).join(", ")} }`);
    makes.push(() => Object.fromEntries(opts.map(([k, x]) => [k, x[1]()])));
  }
  return { labels, make: () => makes.map((m) => m()) };
}

/** Valid values for a generated signature with one or two of them replaced by a pool value (deeper than the first type check). */
function nearValidArgs(r: Rng, sigs: GenSig[], skipSelf: boolean): Args {
  const sig = r.pick(sigs);
  let params = sig.params.filter((p) => p.name !== "out" && p.type !== "PythonOnly" && !p.type.startsWith("Literal:"));
  if (skipSelf) params = params.filter((p) => p.arg !== "self");
  const pos: [string, Value][] = [], kw: [string, Value][] = [];
  for (const p of params) {
    if (!p.hasDefault && !p.kwOnly && kw.length === 0) pos.push([p.name, validFor(p, r)]);
    else if (!p.hasDefault || r.chance(0.3)) kw.push([p.name, validFor(p, r)]);
  }
  if (sig.out && r.chance(0.15)) kw.push(["out", r.pick(TENSORS)]);
  const all = [...pos, ...kw];
  for (let n = 1 + r.int(2); n > 0 && all.length; n--) all[r.int(all.length)][1] = r.pick(POOL);
  const labels = pos.map(([, x]) => x[0]);
  if (kw.length) labels.push(`{ ${kw.map(([k, x]) => `${k}: ${x[0]}`).join(", ")} }`);
  return {
    labels,
    make: () => {
      const a = pos.map(([, x]) => x[1]());
      if (kw.length) a.push(Object.fromEntries(kw.map(([k, x]) => [k, x[1]()])));
      return a;
    },
  };
}

function argsFor(r: Rng, t: Target, skipSelf: boolean): Args {
  if (t.sigs.length && r.chance(0.5)) return nearValidArgs(r, t.sigs, skipSelf);
  // constructors: small integers often, so that the instance exists and its methods get fuzzed too
  if (t.kind === "class" && r.chance(0.4)) {
    const vals = Array.from({ length: r.int(4) }, () => r.pick(r.chance(0.7) ? small : POOL));
    return { labels: vals.map((x) => x[0]), make: () => vals.map((x) => x[1]()) };
  }
  return randomArgs(r, t.sigs, skipSelf || !t.name.startsWith("torch.") ? undefined : r.chance(0.6) ? TENSORS : undefined);
}

/** First arguments a family of classes needs to get past its first check. */
function firstFor(name: string): Value[] | undefined {
  const linParams: Value = ["new torch.nn.Linear(3, 2).parameters()", () => new torch.nn.Linear(3, 2).parameters()];
  if (/^new torch\.optim\.lrScheduler\./.test(name))
    return [["new torch.optim.SGD(new torch.nn.Linear(3, 2).parameters(), { lr: 0.1 })", () => new torch.optim.SGD(new torch.nn.Linear(3, 2).parameters(), { lr: 0.1 })]];
  if (/^new torch\.optim\./.test(name)) return [linParams, ["[torch.rand(2, { requiresGrad: true })]", () => [torch.rand(2, { requiresGrad: true })]]];
  if (/^new torch\.utils\.data\.DataLoader$/.test(name))
    return [["new torch.utils.data.TensorDataset(torch.ones(4, 2))", () => new torch.utils.data.TensorDataset(torch.ones(4, 2))]];
  return undefined;
}

const methodNames = (obj: object): string[] => {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p))
    for (const k of Object.getOwnPropertyNames(p)) {
      if (k === "constructor" || k.startsWith("_")) continue;
      const d = Object.getOwnPropertyDescriptor(p, k)!;
      if (typeof d.value === "function") names.add(k);
    }
  return [...names].sort();
};

export function makeCall(seed: number, index: number): ChildCall & { target: string } {
  const all = targets();
  const offset = new Rng(seed, -1).int(all.length);
  const t = all[(index + offset) % all.length];
  const r = new Rng(seed, index);
  const tag = ` [seed ${seed} #${index}]`;
  const call = (f: unknown, self: unknown, a: unknown[]) => (f as (...x: unknown[]) => unknown).apply(self, a);
  switch (t.kind) {
    case "getter": case "setter": case "method": {
      const self = r.pick(r.chance(0.6) ? TENSORS.slice(0, 10) : TENSORS);
      if (t.kind === "getter")
        return { target: t.name, label: `(${self[0]}).${t.key}${tag}`, run: () => (self[1]() as Record<string, unknown>)[t.key] };
      if (t.kind === "setter") {
        const val = r.pick(r.chance(0.5) ? TENSORS : POOL);
        return { target: t.name, label: `(${self[0]}).${t.key} = ${val[0]}${tag}`, run: () => { (self[1]() as Record<string, unknown>)[t.key] = val[1](); } };
      }
      const a = argsFor(r, t, true);
      return {
        target: t.name, label: `(${self[0]}).${t.key}(${a.labels.join(", ")})${tag}`,
        run: () => { const s = self[1]() as Tensor; return call((s as unknown as Record<string, unknown>)[t.key], s, a.make()); },
      };
    }
    case "function": {
      const a = argsFor(r, t, false);
      return { target: t.name, label: `${t.name}(${a.labels.join(", ")})${tag}`, run: () => call(t.fn, null, a.make()) };
    }
    case "class": {
      const first = firstFor(t.name);
      const a = first ? randomArgs(r, [], first) : argsFor(r, t, false);
      // then, half the time, one method of the instance (a module: calling it, i.e. forward) with random arguments
      const follow = r.chance(0.5) ? new Rng(seed ^ 0x5bd1e995, index) : null;
      const run = () => {
        const obj = Reflect.construct(t.fn as unknown as new (...x: unknown[]) => unknown, a.make()) as Record<string, unknown>;
        if (!follow || obj === null || (typeof obj !== "object" && typeof obj !== "function")) return obj;
        const names = methodNames(obj);
        const useCall = typeof obj === "function" && follow.chance(0.6);
        if (!useCall && !names.length) return obj;
        const m = useCall ? null : follow.pick(names);
        const fa = randomArgs(follow, [], follow.chance(0.7) ? TENSORS : undefined);
        // the follow-up is known only once the instance exists: the label is sent again with it
        relabel(`${t.name}(${a.labels.join(", ")})${m ? `.${m}` : ""}(${fa.labels.join(", ")})${tag}`);
        return m ? call(obj[m], obj, fa.make()) : call(obj, null, fa.make());
      };
      const label = `${t.name}(${a.labels.join(", ")})${follow ? " -> instance call" : ""}${tag}`;
      return { target: t.name, label, run };
    }
  }
}

/**
 * The systematic pass (`npm run fuzz -- --sparse`): every target with a sparse `new Array(2 ** 32 - 1)` as its
 * first, second or third argument (after valid tensors), the value that hung or aborted most often: call i is
 * target i / 3, position i % 3.
 */
export function makeSparseCall(index: number): ChildCall & { target: string } {
  const t = targets()[Math.floor(index / 3)];
  const pos = index % 3;
  const args = () => [...Array.from({ length: pos }, () => torch.ones(2, 3)), new Array(2 ** 32 - 1)];
  const shown = [...Array.from({ length: pos }, () => "torch.ones(2, 3)"), "new Array(2 ** 32 - 1)"].join(", ");
  const self = () => torch.ones(2, 3) as unknown as Record<string, unknown>;
  switch (t.kind) {
    case "getter": return { target: t.name, label: `torch.ones(2, 3).${t.key}`, run: () => self()[t.key] };
    case "setter": return { target: t.name, label: `torch.ones(2, 3).${t.key} = new Array(2 ** 32 - 1)`, run: () => { self()[t.key] = new Array(2 ** 32 - 1); } };
    case "method": return { target: t.name, label: `torch.ones(2, 3).${t.key}(${shown})`, run: () => { const s = self(); return (s[t.key] as (...a: unknown[]) => unknown)(...args()); } };
    case "class": return { target: t.name, label: `${t.name}(${shown})`, run: () => Reflect.construct(t.fn as unknown as new (...x: unknown[]) => unknown, args()) };
    default: return { target: t.name, label: `${t.name}(${shown})`, run: () => t.fn!(...args()) };
  }
}

/** Restores the global state a call may have changed, so that it does not leak into the next calls of the child. */
export function makeRestore(): () => void {
  const threads = torch.getNumThreads();
  return () => {
    if (torch.getDefaultDtype() !== torch.float32) torch.setDefaultDtype(torch.float32);
    if (!torch.isGradEnabled()) torch.setGradEnabled(true);
    if (torch.getNumThreads() !== threads) torch.setNumThreads(threads);
    if (torch.areDeterministicAlgorithmsEnabled()) torch.useDeterministicAlgorithms(false);
    if (torch.autograd.isAnomalyEnabled()) torch.autograd.setDetectAnomaly(false);
    if (torch.isAutocastEnabled("cpu")) torch.setAutocastEnabled("cpu", false);
    torch.setPrintoptions({ profile: "default" });
  };
}

export { Tensor };
