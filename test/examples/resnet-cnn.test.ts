// examples/resnet-cnn.ts trains exactly as the same program in Python
// (test/fixtures/make_resnet_cnn.py): split, shuffling, dropout, BatchNorm
// statistics, SGD with momentum, the cosine schedule and the eval-mode logits.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { run, DeepCNN, ConvBlock } from "../../examples/resnet-cnn";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "resnet_cnn.json"), "utf8"));

const close = (a: number, b: number, rel = 1e-5, abs = 1e-6) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

describe("examples/resnet-cnn.ts", () => {
  it("trains exactly as the same program in Python", () => {
    const r = run(false);
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

  it("prints other block types as Python does", () => {
    expect(String(new DeepCNN(3, { numBlocks: 1, layerType: ConvBlock }))).toBe(py.repr_conv);
    expect(String(new DeepCNN(3, { numBlocks: 0 }))).toBe(py.repr_identity);
  });
});
