// Loads test/fixtures/sparse.json (made by test/fixtures/make_sparse.py) and compares
// torch-node results with what Python torch gave: repr exactly, layout, shape, dtype,
// nnz and integer indices exactly, float values with a relative tolerance.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { Tensor } from "../../src";

interface Flat { shape: number[]; values: number[] }
export interface Enc {
  layout: string; shape: number[]; dtype: string; repr: string; requiresGrad: boolean; gradFn: string | null;
  dense: number[]; nnz?: number; coalesced?: boolean; indices?: Flat; values?: Flat; compressed?: Flat; plain?: Flat;
}
export interface ErrEnc { error: string; message: string }

const C = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "sparse.json"), "utf8")) as Record<string, unknown>;

export function fx<T = Enc>(name: string): T {
  if (!(name in C)) throw new Error(`no case '${name}' in sparse.json (rerun make_sparse.py)`);
  return C[name] as T;
}
export function value(name: string): unknown {
  return (fx<{ value: unknown }>(name)).value;
}

const num = (x: number | bigint | boolean) => Number(x);
function flat(t: Tensor): number[] {
  return Array.from(t.detach().contiguous().reshape(-1).tolist() as (number | boolean)[], num);
}

export function close(got: number[], want: number[], rtol = 1e-5, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  for (let k = 0; k < want.length; k++) {
    if (Math.abs(got[k] - want[k]) > atol + rtol * Math.abs(want[k]))
      expect.fail(`value ${k}: got ${got[k]}, want ${want[k]} (all: ${got} vs ${want})`);
  }
}

/** `t` equals Python's result `name`: repr, layout, shape, dtype, nnz, indices exactly; values within tolerance. */
export function matches(t: Tensor, name: string, tol: { rtol?: number; atol?: number } = {}): void {
  const e = fx(name);
  expect(String(t.layout)).toBe(e.layout);
  expect(t.shape).toEqual(e.shape);
  expect(t.dtype.name).toBe(e.dtype);
  expect(t.requiresGrad).toBe(e.requiresGrad);
  const gf = t.gradFn;
  expect(gf === null ? null : gf.name().split("::").pop()).toBe(e.gradFn);
  close(flat(t.detach().layout.name === "strided" ? t : t.detach().toDense()), e.dense, tol.rtol, tol.atol);
  if (e.nnz !== undefined) expect(t._nnz()).toBe(e.nnz);
  if (e.coalesced !== undefined) expect(t.isCoalesced()).toBe(e.coalesced);
  if (e.indices) {
    expect(t._indices().shape).toEqual(e.indices.shape);
    expect(flat(t._indices())).toEqual(e.indices.values);
  }
  const vals = e.layout === "torch.sparse_coo" ? t._values() : e.values ? t.values() : null;
  if (e.values && vals) {
    expect(vals.shape).toEqual(e.values.shape);
    close(flat(vals), e.values.values, tol.rtol, tol.atol);
  }
  if (e.compressed) {
    const [c, p] = e.layout === "torch.sparse_csr" || e.layout === "torch.sparse_bsr" ? [t.crowIndices(), t.colIndices()] : [t.ccolIndices(), t.rowIndices()];
    expect(c.shape).toEqual(e.compressed.shape);
    expect(flat(c)).toEqual(e.compressed.values);
    expect(p.shape).toEqual(e.plain!.shape);
    expect(flat(p)).toEqual(e.plain!.values);
  }
  // repr exactly, unless float values were printed (last digits may differ between CPUs after arithmetic)
  if (tol.rtol === undefined) expect(String(t)).toBe(e.repr);
}

/** `fn` throws Python's error `name` (message text exactly; RuntimeError -> Error, IndexError -> RangeError). */
export function throwsLike(fn: () => unknown, name: string): void {
  const e = fx<ErrEnc>(name);
  let err: unknown;
  try {
    fn();
  } catch (x) {
    err = x;
  }
  expect(err, `expected ${e.error}: ${e.message}`).toBeInstanceOf(Error);
  const m = (err as Error).message;
  expect(m.split("\n")[0]).toBe(e.message);
  if (e.error === "IndexError") expect(err).toBeInstanceOf(RangeError);
  if (e.error === "TypeError") expect(err).toBeInstanceOf(TypeError);
}
