// examples/logistic.ts trains exactly as the same program in Python
// (test/fixtures/make_logistic.py): the data set's draws, the permutation split,
// the DataLoader's shuffling, Linear init, Adam and BCEWithLogitsLoss.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { run, SmDataset } from "../../examples/logistic";
import torch from "torch-node";
import { saveLinePlot } from "../../examples/_plot";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "logistic.json"), "utf8"));

const close = (a: number, b: number, rel = 1e-5, abs = 1e-6) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

describe("examples/logistic.ts", () => {
  it("trains as the same program in Python (5 epochs on 200 points)", () => {
    const r = run({ numData: 200, epochs: 5, outDir: "", print: false });
    expect(r.repr).toBe(py.small.repr);
    r.trainLoss.forEach((l, i) => close(l, py.small.train_loss[i]));
    r.testLoss.forEach((l, i) => close(l, py.small.test_loss[i]));
    expect(r.testAccuracy).toEqual(py.small.test_accuracy);
    for (const [k, v] of Object.entries(r.state)) v.forEach((x, i) => close(x, py.small.state[k][i]));
  });

  it("learns to separate the clusters (20 epochs on 400 points, as Python)", () => {
    const r = run({ numData: 400, epochs: 20, outDir: "", print: false });
    r.trainLoss.forEach((l, i) => close(l, py.longer.train_loss[i], 1e-4, 1e-5));
    close(r.testAccuracy[19], py.longer.test_accuracy[19], 0, 0.02);
    expect(r.trainLoss[19]).toBeLessThan(r.trainLoss[0] * 0.6);
    expect(r.testAccuracy[19]).toBeGreaterThan(0.9);
  });

  it("SmDataset is a Dataset: getItem and length", () => {
    torch.manualSeed(42);
    const ds = new SmDataset(200); // the first draws of the 200-point run
    expect(ds.length).toBe(200);
    const [x, y] = ds.getItem(150);
    expect(x.shape).toEqual([2]);
    expect(y.tolist()).toEqual([1]);
    expect(ds.x_data.index(":4").tolist().flat().map((v: number) => Math.round(v * 1e4))).toEqual(
      py.small.x_head.flat().map((v: number) => Math.round(v * 1e4)));
    expect(ds.getItem(3)[1].tolist()).toEqual([0]);
  });

  it("the loss plot says what to install when vega is missing", async () => {
    const messages: string[] = [];
    const out = await saveLinePlot("/nonexistent/loss.png", [{ name: "loss", values: [1, 0.5] }], { vega: undefined, warn: (m) => messages.push(m) });
    let hasVega = true;
    try {
      // @ts-ignore: an optional package
      await import("vega");
    } catch {
      hasVega = false;
    }
    if (!hasVega) {
      expect(out).toBeNull();
      expect(messages.join("")).toMatch(/vega/);
    }
  });
});
