// Shared by test/vision/models_mobile*.test.ts and ops_misc.test.ts: the fixture of
// test/fixtures/vision/make_models_mobile.py and the same weight-setting rule as its set_weights.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { expect } from "vitest";
import torch, { Tensor, nn } from "../../src";
import { expectTensorClose, expectValues, sameKernelsAsFixtures, ULPS, EXACT, Tol } from "../tolerance";

export interface Enc { shape: number[]; values: number[] }
export interface Forward { input: number[]; eval: Enc; eval_grad?: Enc; train_input?: number[]; train?: Enc; after_train_rand?: number[] }
export interface ModelCase {
  keys?: [string, number[], string][];
  keys_digest?: [number, string];
  init?: Record<string, number[]>;
  init_some?: Record<string, number[]>;
  forward?: Forward;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const FX: any = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "models_mobile.json"), "utf8"));

/** [key, shape, dtype] of each state_dict entry, in order. */
export function keysOf(m: nn.Module): [string, number[], string][] {
  return Object.entries(m.stateDict()).map(([k, v]) => [k, [...v.shape], v.dtype.name]);
}

/** keys and shapes equal the fixture's (whole, or through its digest). */
export function expectKeys(m: nn.Module, c: ModelCase): void {
  const got = keysOf(m);
  if (c.keys) expect(got).toEqual(c.keys);
  else {
    const [n, md5] = c.keys_digest!;
    expect(got.length).toBe(n);
    expect(createHash("md5").update(JSON.stringify(got)).digest("hex")).toBe(md5);
  }
}

/** [sum, sum |x|, first, last] in float64 (make_models_mobile.py's stats). */
function stats(t: Tensor): number[] {
  const d = t.detach().double().flatten();
  if (d.numel() === 0) return [0, 0];
  return [d.sum().item() as number, d.abs().sum().item() as number, d.index(0).item() as number, d.index(-1).item() as number];
}

/** The default initialisation equals Python's for the same seed (exact where this CPU has the fixtures' kernels). */
export function expectInit(m: nn.Module, want: Record<string, number[]>): void {
  const sd = m.stateDict();
  // the values themselves: exact where this CPU has the fixtures' kernels, a few ulps elsewhere;
  // their float64 sums also differ in the last bits with the summation order (threads)
  const exact = sameKernelsAsFixtures();
  const tol: Tol = exact ? EXACT : ULPS;
  const sumRtol = exact ? 1e-12 : 1e-6;
  for (const [k, w] of Object.entries(want)) {
    expect(sd[k], k).toBeDefined();
    const g = stats(sd[k]);
    // the signed sum may cancel: its error is bounded by the error of the sum of |x|
    expectValues(g.slice(0, 2), w.slice(0, 2), { rtol: sumRtol, atol: sumRtol * (w[1] ?? 0) }, `${k} [sum, sum |x|]`);
    expectValues(g.slice(2), w.slice(2), tol, `${k} [first, last]`);
  }
}

/** make_models_mobile.py's set_weights: every floating entry in state_dict order after manualSeed(seed). */
export function setWeights(m: nn.Module, seed = 0): void {
  torch.manualSeed(seed);
  torch.noGrad(() => {
    for (const [k, v] of Object.entries(m.stateDict())) {
      if (!v.isFloatingPoint()) continue;
      if (k.endsWith("running_var")) v.copy_(torch.rand(v.shape).add(0.5));
      else if (v.dim() >= 2) {
        const fanIn = v.numel() / v.shape[0];
        v.copy_(torch.randn(v.shape).mul(1 / Math.sqrt(fanIn)));
      } else if (k.endsWith("weight")) v.copy_(torch.randn(v.shape).mul(0.1).add(1));
      else v.copy_(torch.randn(v.shape).mul(0.1));
    }
  });
}

/** Model outputs after many layers: 1e-4 as the issue asks (float32 chains of convolutions and norms). */
export const CHAIN: Tol = { rtol: 1e-4, atol: 1e-4 };

/**
 * Train-mode outputs: batch statistics (8 images of 64 px: 32 values per channel in the last stages)
 * amplify float32 rounding differences (thread count, vector width). A different random draw (a
 * dropped row or unit) changes an output by far more.
 */
export const TRAIN_CHAIN: Tol = { rtol: 2e-3, atol: 2e-3 };

/** The fixture's forward checks: eval (no_grad, and with grad when stored), then train with its random draws. */
export function expectForwards(m: nn.Module, f: Forward, tol: Tol = CHAIN, trainTol: Tol = TRAIN_CHAIN): void {
  setWeights(m);
  m.eval();
  torch.manualSeed(1);
  const x = torch.randn(f.input);
  expectTensorClose(torch.noGrad(() => m(x) as Tensor), f.eval, tol, "eval output");
  if (f.eval_grad) expectTensorClose(m(x) as Tensor, f.eval_grad, tol, "eval output with grad enabled");
  if (f.train) {
    m.train();
    torch.manualSeed(2);
    const xt = torch.randn(f.train_input!);
    expectTensorClose(m(xt) as Tensor, f.train, trainTol, "train output");
    expectValues(torch.rand(3).tolist() as number[], f.after_train_rand!, ULPS, "draws after the train forward");
  }
}
