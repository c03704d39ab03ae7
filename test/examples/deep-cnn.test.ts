// examples/deep-cnn.ts (the former resnet-cnn.ts) trains exactly as the same program in Python
// (test/fixtures/make_resnet_cnn.py): split, shuffling, dropout, BatchNorm
// statistics, SGD with momentum, the cosine schedule and the eval-mode logits.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch from "torch-node";
import { transforms } from "torch-node/vision";
import { run, DeepCNN, ConvBlock } from "../../examples/deep-cnn";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "resnet_cnn.json"), "utf8"));

const close = (a: number, b: number, rel = 1e-5, abs = 1e-6) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

describe("examples/deep-cnn.ts", () => {
  it("trains exactly as the same program in Python", () => {
    const r = run({ augment: false, outDir: "", print: false });
    expect(r.repr).toBe(py.repr);
    expect(r.trainIndices).toEqual(py.train_indices);
    expect(r.numParams).toBe(py.num_params);
    expect(r.losses.length).toBe(9);
    r.losses.forEach((l, i) => close(l, py.losses[i]));
    r.lrs.forEach((l, i) => close(l, py.lrs[i], 1e-12, 1e-15));
    r.validLoss.forEach((l, i) => close(l, py.valid_loss[i]));
    expect(r.validCorrect).toEqual(py.valid_correct);
    expect(r.logits.length).toBe(4);
    r.logits.forEach((row, i) => row.forEach((v, j) => close(v, py.logits[i][j])));
    expect(r.resumedLogits).toEqual(r.logits);
    r.runningMean.forEach((v, i) => close(v, py.running_mean[i]));
    r.runningVar.forEach((v, i) => close(v, py.running_var[i]));
    expect(r.numBatchesTracked).toBe(py.num_batches_tracked);
    // transfer learning: only the new head trains
    expect(r.reprHead).toBe(py.repr_head);
    expect(r.trainable).toEqual(py.trainable);
    expect(r.headLosses.length).toBe(3);
    r.headLosses.forEach((l, i) => close(l, py.head_losses[i]));
    r.headWeight.forEach((v, i) => close(v, py.head_weight[i]));
  });

  it("with RandomRotation + RandomHorizontalFlip (the default) trains as Python's augmented run", () => {
    // the transforms draw from the default generator between the DataLoader's batches and dropout
    const r = run({ epochs: 1, outDir: "", print: false });
    expect(r.losses.length).toBe(3);
    r.losses.forEach((l, i) => close(l, py.aug_losses[i], 1e-4, 1e-5));
    r.validLoss.forEach((l, i) => close(l, py.aug_valid_loss[i], 1e-4, 1e-5));
    expect(r.losses.slice(0, 3)).not.toEqual(py.losses.slice(0, 3));
    // the augmentation itself, on one image after manualSeed(7)
    torch.manualSeed(0);
    const x0 = torch.randn(64, 3, 16, 16).index(0);
    torch.manualSeed(7);
    const sample = new transforms.Compose([new transforms.RandomRotation(15), new transforms.RandomHorizontalFlip()])(x0);
    close(sample.sum().item() as number, py.aug_sample_sum, 1e-5, 1e-5);
    (sample.index(0, 8).tolist() as number[]).forEach((v, i) => close(v, py.aug_sample_row[i], 1e-5, 1e-6));
  });

  it("prints other block types as Python does", () => {
    expect(String(new DeepCNN(3, { numBlocks: 1, layerType: ConvBlock }))).toBe(py.repr_conv);
    expect(String(new DeepCNN(3, { numBlocks: 0 }))).toBe(py.repr_identity);
  });
});
