// Shared loader for test/fixtures/distributions.json (made by
// test/fixtures/make_distributions.py) and the harness that rebuilds its specs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import torch, { Tensor, distributions } from "../../src";
import { decode, flatValues, Tolerance } from "../helpers";

export interface Enc { shape: number[]; dtype: string; values: (number | string | boolean)[] }
export type Attempt = { ok: Enc } | { notImplemented: string } | { error: string; message: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture: any = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "distributions.json"), "utf8"));

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const DTYPES: Record<string, unknown> = { float32: torch.float32, float64: torch.float64, int64: torch.int64, bool: torch.bool };

/** A spec argument -> the JS value (tensors, numbers, nested distributions and transforms). */
export function build(v: unknown, leaves?: Tensor[]): unknown {
  if (Array.isArray(v)) return v.map((x) => build(x, leaves));
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("t" in o) {
      const t = torch.tensor(o.t as number[], { dtype: DTYPES[o.dtype as string] as never, requiresGrad: o.grad as boolean });
      if (o.grad && leaves) leaves.push(t);
      return t;
    }
    if ("kind" in o) {
      const kind = o.kind as string;
      const args = (o.args as unknown[]).map((x) => build(x, leaves));
      const kw = o.kwargs as Record<string, unknown>;
      if (Object.keys(kw).length) args.push(Object.fromEntries(Object.entries(kw).map(([k, x]) => [camel(k), build(x, leaves)])));
      const ns = distributions as unknown as Record<string, new (...a: unknown[]) => unknown>;
      const tr = (distributions as unknown as { transforms: unknown }).transforms as Record<string, new (...a: unknown[]) => unknown>;
      const C = ns[kind] ?? tr[kind];
      if (!C) throw new Error(`no distributions.${kind}`);
      return new C(...args);
    }
  }
  return v;
}

export function expectEnc(actual: unknown, exp: Enc, tol: Tolerance, where: string): void {
  expect(actual, `${where} should be a Tensor`).toBeInstanceOf(Tensor);
  const t = actual as Tensor;
  expect({ shape: t.shape, dtype: t.dtype.name }, `${where} shape/dtype`).toEqual({ shape: exp.shape, dtype: exp.dtype });
  const got = flatValues(t);
  const want = exp.values.map(decode) as (number | boolean)[];
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 6; i++) {
    const a = got[i], b = want[i];
    if (Object.is(a, b)) continue;
    if (typeof a === "number" && typeof b === "number" && Number.isFinite(a) && Number.isFinite(b) && (tol.rtol !== undefined || tol.atol !== undefined))
      if (Math.abs(a - b) <= (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(b)) continue;
    bad.push(`[${i}] got ${String(a)}, want ${String(b)}`);
  }
  expect(bad, `${where} values differ from Python`).toEqual([]);
}

/** Runs fn and compares with Python's attempt (value, NotImplementedError or error). */
export function expectAttempt(fn: () => unknown, exp: Attempt, tol: Tolerance, where: string): void {
  if ("ok" in exp) {
    expectEnc(fn(), exp.ok, tol, where);
  } else if ("notImplemented" in exp) {
    expect(fn, where).toThrow();
    try {
      fn();
    } catch (e) {
      expect((e as Error).name, where).toBe("NotImplementedError");
    }
  } else {
    expect(fn, where).toThrow(exp.message);
  }
}

export function encTensor(v: unknown): Tensor {
  const e = v as Enc;
  const vals = e.values.map(decode) as number[];
  const t = torch.tensor(vals, { dtype: DTYPES[e.dtype] as never });
  return t.reshape(e.shape);
}
