// examples/mnist-cnn.ts on a slice of the real MNIST digits (640 training, 256
// test) against the same program in Python (test/fixtures/make_mnist_cnn.py):
// the seeded random_split, the DataLoader's shuffling, the CNN's init and the
// Adam steps. torch-node's MNIST gives uint8 tensors where torchvision gives PIL
// images, so Resize(32) runs on tensors: equal to torchvision's tensor pipeline
// (PILToTensor first) to float rounding, and within resampling rounding of the
// seed's PIL pipeline.
import { describe, it, expect } from "vitest";
import { readFileSync, mkdtempSync, rmSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { run, CNN } from "../../examples/mnist-cnn";
import { io } from "torch-node/vision";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "mnist_cnn.json"), "utf8"));

const close = (a: number, b: number, rel: number, abs: number, what = "") =>
  expect(Math.abs(a - b), `${what} ${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

describe("examples/mnist-cnn.ts", () => {
  const out = mkdtempSync(join(tmpdir(), "mnist-cnn-"));
  const r = run({ numTrain: 640, numTest: 256, outDir: out, print: false });

  it("splits, shuffles and initializes as Python", () => {
    expect(r.trainIndices).toEqual(py.tensor.train_indices);
    expect(r.repr).toBe(py.tensor.repr);
    expect(r.losses.length).toBe(py.tensor.losses.length); // 576 digits in batches of 64
  });

  it("trains as Python's tensor pipeline (Resize on uint8 tensors)", () => {
    // equal here; on another CPU's kernels the 9 Adam steps drift by float rounding
    close(r.losses[0], py.tensor.losses[0], 1e-5, 1e-6, "first loss");
    r.losses.forEach((l, i) => close(l, py.tensor.losses[i], 1e-4, 1e-5, `loss ${i}`));
    close(r.validLoss[0], py.tensor.valid_loss[0], 1e-4, 1e-5, "valid loss");
    close(r.testAccuracy, py.tensor.test_accuracy, 0, 2 / 256, "test accuracy");
    const agree = r.testPredictions.filter((p, i) => p === py.tensor.test_predictions[i]).length;
    expect(agree).toBeGreaterThanOrEqual(250);
  });

  it("is within resampling rounding of the seed's PIL pipeline, and learns", () => {
    r.losses.forEach((l, i) => close(l, py.pil.losses[i], 5e-3, 1e-3, `loss ${i}`));
    expect(r.losses[r.losses.length - 1]).toBeLessThan(r.losses[0] - 0.05);
    expect(r.testAccuracy).toBeGreaterThan(0.3); // chance is 0.1
  });

  it("writes the predictions grid (8 x 4 digits of 28 + 2 pixels)", () => {
    const f = join(out, "predictions.png");
    expect(existsSync(f)).toBe(true);
    const img = io.readImage(f);
    expect(img.shape).toEqual([3, 4 * 30 + 2, 8 * 30 + 2]);
    rmSync(out, { recursive: true, force: true });
  });

  it("the CNN maps 32x32 digits to 10 logits", () => {
    expect(new CNN()(require("torch-node").default.zeros(2, 1, 32, 32)).shape).toEqual([2, 10]);
  });
});
