// Loader and comparisons for the torchvision geometry fixtures (test/fixtures/vision/make_transforms_geometry.py).
import { sameKernelsAsFixtures } from "../tolerance";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import torch, { Tensor } from "../../src";

export interface EncTensor { shape: number[]; dtype: string; b64: string }
export type Enc = EncTensor | { list: Enc[] } | { value: unknown };

export interface Fixture {
  inputs: Record<string, [string, number[], number]>;
  cases: Record<string, { input: string; out: Enc }>;
  random: Record<string, { input: string; seeds: Record<string, Enc> }>;
  params: Record<string, Record<string, unknown>>;
  values: Record<string, number[]>;
  reprs: Record<string, string>;
  errors: Record<string, [string, string]>;
}

export const fx: Fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "transforms_geometry.json"), "utf8"));

const DTYPES: Record<string, typeof torch.float32> = { uint8: torch.uint8, float32: torch.float32, float64: torch.float64, int64: torch.int64 };

/** The input `name`, regenerated from its seed as the fixture script made it. */
export function input(name: string): Tensor {
  const [dtype, shape, seed] = fx.inputs[name];
  torch.manualSeed(seed);
  if (dtype === "uint8") return torch.randint(0, 256, shape, { dtype: torch.uint8 });
  return torch.rand(shape, { dtype: DTYPES[dtype] });
}

function values(e: EncTensor): number[] {
  const buf = Buffer.from(e.b64, "base64");
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  switch (e.dtype) {
    case "uint8": return Array.from(new Uint8Array(ab));
    case "float32": return Array.from(new Float32Array(ab));
    case "float64": return Array.from(new Float64Array(ab));
    case "int64": return Array.from(new BigInt64Array(ab), Number);
    default: throw new Error(`dtype ${e.dtype}`);
  }
}

export interface Tol { u8: number; rtol: number; atol: number; grid?: boolean }
/** exact: integers exact, floats to a few ulps (flips, crops, pads, rotations by multiples of 90). */
export const EXACT: Tol = { u8: 0, rtol: 1e-6, atol: 1e-7 };
/** resampling: uint8 within 1 step, floats within 1e-5 relative / 1e-6 absolute. */
export const RESAMPLE: Tol = { u8: 1, rtol: 1e-5, atol: 1e-6 };

/**
 * Nearest-neighbour grid sampling (rotate, affine, perspective, elastic) picks a pixel by rounding a coordinate
 * computed with bmm / linspace: at an exact tie (a pixel edge, the image border) another BLAS or kernel family
 * rounds the other way and takes the neighbouring pixel (or the fill). A rotation by 90 degrees of an image
 * whose height and width differ by an odd number puts a whole column on such a tie (1/11 of the fixture's 8x11
 * batch). Where this CPU does not run the fixtures' kernels, a `grid` comparison lets that many elements (at
 * most 10%) differ; elsewhere it is exact.
 */
export const GRID_TIES = 0.1;
export function gridTiesAllowed(n: number): number {
  return sameKernelsAsFixtures() ? 0 : Math.ceil(n * GRID_TIES);
}

/** Compares a result (a Tensor or a list of them) with the fixture's encoding. */
export function expectEnc(got: unknown, want: Enc, tol: Tol, what: string): void {
  if ("list" in want) {
    expect(Array.isArray(got), `${what}: a list`).toBe(true);
    const g = got as unknown[];
    expect(g.length, `${what}: length`).toBe(want.list.length);
    want.list.forEach((w, k) => expectEnc(g[k], w, tol, `${what}[${k}]`));
    return;
  }
  if ("value" in want) {
    expect(got, what).toEqual(want.value);
    return;
  }
  expect(got, `${what}: a Tensor`).toBeInstanceOf(Tensor);
  const t = got as Tensor;
  expect([...t.shape], `${what}: shape`).toEqual(want.shape);
  expect(String(t.dtype).replace("torch.", ""), `${what}: dtype`).toBe(want.dtype);
  const g = Array.from(t.contiguous().toTypedArray() as ArrayLike<number | bigint>, Number);
  const w = values(want);
  let worst = 0, at = -1, off = 0;
  for (let k = 0; k < w.length; k++) {
    const d = Math.abs(g[k] - w[k]);
    const allowed = want.dtype === "uint8" || want.dtype === "int64" ? tol.u8 : tol.atol + tol.rtol * Math.abs(w[k]);
    if (!(d <= allowed)) off++;
    if (!(d <= allowed) && d - allowed > worst) {
      worst = d - allowed;
      at = k;
    }
  }
  if (tol.grid && off > 0 && off <= gridTiesAllowed(w.length)) return; // pixels taken across a tie (see GRID_TIES)
  expect(at, `${what}: element ${at} is ${g[at]}, Python ${w[at]} (${off} of ${w.length} differ)`).toBe(-1);
}
