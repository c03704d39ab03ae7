// examples/logistic.ts trains exactly as the same program in Python
// (test/fixtures/make_logistic.py): the data set's draws, the permutation split,
// the DataLoader's shuffling, Linear init, Adam and BCEWithLogitsLoss.
import { describe, it, expect } from "vitest";
import { readFileSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { io } from "torch-node/vision";
import { join } from "path";
import { run, SmDataset } from "../../examples/logistic";
import torch from "torch-node";
import { saveLinePlot, lineChartSpec } from "../../examples/_plot";

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
    expect(ds.x_data.index(":4").tolist<number[][]>().flat().map((v: number) => Math.round(v * 1e4))).toEqual(
      py.small.x_head.flat().map((v: number) => Math.round(v * 1e4)));
    expect(ds.getItem(3)[1].tolist()).toEqual([0]);
  });

  it("the loss plot: a PNG through vega + sharp, or a note saying what to install", async () => {
    let hasVega = true;
    try {
      // @ts-ignore: an optional package
      await import("vega");
    } catch {
      hasVega = false;
    }
    const messages: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), "plot-"));
    try {
      const file = join(dir, "loss.png");
      const out = await saveLinePlot(file, [{ name: "train", values: [1, 0.5, 0.3] }, { name: "test", values: [1.1, 0.7, 0.6] }],
        { warn: (m) => messages.push(m) });
      if (hasVega) {
        expect(out).toBe(file);
        const img = io.readImage(file);
        expect(img.shape[0]).toBe(3);
        expect(img.shape[1]).toBeGreaterThan(280); // the 480 x 280 plot area, axes and legend around it
        expect(img.shape[2]).toBeGreaterThan(480);
      } else {
        expect(out).toBeNull();
        expect(messages).toEqual([`note: ${file} not written: plots need the npm package vega (npm install --save-dev vega@6)`]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const spec = lineChartSpec([{ name: "loss", values: [3, NaN, 1] }], { title: "t" }) as any;
    expect(spec.data[0].values).toEqual([{ x: 0, y: 3, series: "loss" }, { x: 2, y: 1, series: "loss" }]); // non-finite points left out
  });
});
