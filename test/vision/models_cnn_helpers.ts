// Shared by the models_cnn*.test.ts files: the fixture (test/fixtures/vision/make_models_cnn.py),
// the deterministic weights it sets, and the comparisons of state_dict entries and outputs.
import { readFileSync } from "fs";
import { join } from "path";
import { createHash } from "crypto";
import { expect } from "vitest";
import torch, { Tensor, nn } from "../../src";

export interface ModelRecord {
  count: number;
  sha256: string;
  num_params: number;
  entries?: [string, number[], string][];
  input_shape?: number[];
  out_shape?: number[];
  out_head?: number[];
  out_sum?: number;
  out_abs_sum?: number;
  out_absmax?: number;
}

export const FIXTURE_DIR = join(__dirname, "..", "fixtures", "vision");
export const py = JSON.parse(readFileSync(join(FIXTURE_DIR, "models_cnn.json"), "utf8")) as {
  models: Record<string, ModelRecord>;
  init: Record<string, { kwargs: Record<string, unknown>; entries: [string, number[], number][] }>;
  repr: Record<string, string>;
  weights: Record<string, {
    members: string[]; default: string; repr: string; url: string; num_params: number; min_size: number[];
    n_categories: number; preset_repr: string; preset_describe: string;
  }>;
  categories_head: string[];
  list_models_resnet: string[];
  list_models_vgg_no_bn: string[];
  lenet5_py: { input_seed: number; input_shape: number[]; out: number[] };
  preset: {
    img: number[]; img_shape: number[]; batch: number[]; batch_shape: number[];
    cases: { kwargs: Record<string, unknown>; repr: string; out: number[]; out_batch: number[] }[];
  };
};

/** [key, shape, dtype] of each state_dict entry, in order. */
export function entries(model: nn.Module): [string, number[], string][] {
  return Object.entries(model.stateDict()).map(([k, v]) => [k, [...v.shape], v.dtype.name]);
}

/** The fixture's SHA-256 of the "key shape dtype" lines. */
export function digest(ents: [string, number[], string][]): string {
  return createHash("sha256").update(ents.map(([k, s, d]) => `${k} ${s.join("x")} ${d}\n`).join("")).digest("hex");
}

/** The state_dict entries equal torchvision's (in full where the fixture has them, else count and digest). */
export function expectEntries(model: nn.Module, rec: ModelRecord): void {
  const ents = entries(model);
  if (rec.entries) expect(ents).toEqual(rec.entries);
  expect(ents.length).toBe(rec.count);
  expect(digest(ents)).toBe(rec.sha256);
  let n = 0;
  for (const p of model.parameters()) n += p.numel();
  expect(n).toBe(rec.num_params);
}

/** The fixture's deterministic weights (same draws, same order as set_weights in the Python script). */
export function setWeights(model: nn.Module): void {
  torch.manualSeed(0);
  torch.noGrad(() => {
    for (const [k, t] of Object.entries(model.stateDict())) {
      if (!t.isFloatingPoint()) continue;
      let v: Tensor;
      if (t.dim() > 1) {
        const fanIn = Math.floor(t.numel() / t.shape[0]);
        v = torch.randn([...t.shape]).mul(Math.sqrt(2.0 / fanIn));
      } else if (k.endsWith("running_var")) v = torch.rand([...t.shape]).add(0.5);
      else if (k.endsWith("weight")) v = torch.randn([...t.shape]).mul(0.1).add(1);
      else v = torch.randn([...t.shape]).mul(0.1);
      t.copy_(v);
    }
  });
}

/** Eval-mode forward on the fixture's weights and input, compared with Python within 1e-4 (relative to the output's scale). */
export function expectForward(model: nn.Module, rec: ModelRecord): void {
  setWeights(model);
  model.eval();
  torch.manualSeed(1);
  const x = torch.randn(rec.input_shape!);
  const y = torch.noGrad(() => model(x)) as Tensor;
  expect([...y.shape]).toEqual(rec.out_shape);
  const head = y.index(":", "0:50").flatten().tolist() as number[];
  const scale = rec.out_absmax!;
  const tol = 1e-4 * Math.max(scale, 1e-3);
  expect(head.length).toBe(rec.out_head!.length);
  head.forEach((v, i) => {
    if (Math.abs(v - rec.out_head![i]) > tol + 1e-4 * Math.abs(rec.out_head![i]))
      throw new Error(`output ${i}: ${v} vs Python's ${rec.out_head![i]} (tolerance ${tol})`);
  });
  const sum = y.double().sum().item() as number, absSum = y.double().abs().sum().item() as number;
  const n = y.numel();
  expect(Math.abs(sum - rec.out_sum!)).toBeLessThanOrEqual(n * tol);
  expect(Math.abs(absSum - rec.out_abs_sum!)).toBeLessThanOrEqual(n * tol);
  expect(Math.abs((y.abs().max().item() as number) - scale)).toBeLessThanOrEqual(tol);
}
