// examples/transfer-learning.ts on 64 + 64 MNIST digits written as PNGs, against the
// same program in Python (test/fixtures/make_transfer_learning.py): the ImageFolder's
// classes and order, the frozen ResNet-18's init, the new head's training, the
// checkpoint (model and optimizer state) that a fresh model resumes from. Then the
// pretrained path, with a checkpoint put in a temporary torch.hub cache.
import { describe, it, expect, afterAll } from "vitest";
import { readFileSync, mkdtempSync, mkdirSync, rmSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import torch from "torch-node";
import { models } from "torch-node/vision";
import { run } from "../../examples/transfer-learning";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "transfer_learning.json"), "utf8"));

const close = (a: number, b: number, rel: number, abs: number, what = "") =>
  expect(Math.abs(a - b), `${what} ${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

const dirs: string[] = [];
const temp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("examples/transfer-learning.ts", () => {
  it("trains the new head and resumes from the checkpoint as Python does", () => {
    const out = temp("transfer-learning-");
    const home = process.env.TORCH_HOME;
    process.env.TORCH_HOME = join(out, "no-torch-home"); // no cached ImageNet weights: random backbone
    try {
      const r = run({ epochs: 2, numTrain: 64, numVal: 64, imageSize: 32, outDir: out, print: false });
      expect(r.pretrained).toBe(false);
      expect(r.classes).toEqual(py.small.classes);
      expect(r.numSamples).toBe(py.small.num_samples);
      expect(r.trainable).toEqual(py.small.trainable); // only the new fc
      expect(r.resumedEqual).toBe(true);
      expect(r.losses.length).toBe(4);
      r.losses.forEach((l, i) => close(l, py.small.losses[i], 1e-4, 1e-5, `loss ${i}`));
      r.resumedLogits[0].forEach((v, i) => close(v, py.small.resumed_logits[0][i], 1e-4, 1e-5, `logit ${i}`));
      r.valAccuracy.forEach((a, i) => close(a, py.small.val_accuracy[i], 0, 1 / 64 + 1e-9, `val accuracy ${i}`));
      expect(existsSync(join(out, "model.pth"))).toBe(true);
      expect(existsSync(join(out, "val_digits.png"))).toBe(true);
      const ckpt = torch.load(join(out, "model.pth"));
      expect(ckpt.epoch).toBe(1);
      expect(Object.keys(ckpt.optimizer_state_dict)).toEqual(["state", "param_groups"]);
      expect(ckpt.optimizer_state_dict.param_groups[0].params).toEqual([0, 1]); // fc.weight, fc.bias
    } finally {
      if (home === undefined) delete process.env.TORCH_HOME;
      else process.env.TORCH_HOME = home;
    }
  });

  it("uses the ResNet-18 weights found in torch.hub's cache, frozen", () => {
    const out = temp("transfer-learning-hub-");
    const checkpoints = join(out, "torch", "hub", "checkpoints");
    mkdirSync(checkpoints, { recursive: true });
    torch.manualSeed(123);
    const source = models.resnet18();
    torch.save(source.stateDict(), join(checkpoints, models.ResNet18_Weights.DEFAULT.fileName));
    const home = process.env.TORCH_HOME;
    process.env.TORCH_HOME = join(out, "torch");
    try {
      const r = run({ epochs: 1, numTrain: 64, numVal: 64, imageSize: 32, batchSize: 64, outDir: join(out, "run"), print: false });
      expect(r.pretrained).toBe(true);
      // the backbone is the cached checkpoint's, unchanged by training
      expect(torch.equal(r.model.conv1.weight, source.conv1.weight)).toBe(true);
      expect(torch.equal((r.model.layer4.getItem(1) as models.BasicBlock).conv2.weight, (source.layer4.getItem(1) as models.BasicBlock).conv2.weight)).toBe(true);
      expect(r.model.fc.outFeatures).toBe(10);
    } finally {
      if (home === undefined) delete process.env.TORCH_HOME;
      else process.env.TORCH_HOME = home;
    }
  });
});
