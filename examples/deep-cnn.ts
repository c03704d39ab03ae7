// The seed notes' Deep CNN: a conv-bn-relu stem, residual blocks ("x + x0")
// built by createBlocks() into an nn.Sequential(...blocks), a focus-down block
// (strided conv with a 1x1 strided shortcut), a skip block that concatenates
// across depth (torch.cat([x, x3], 1)), maxpool, dropout and a linear head.
// Trained on synthetic images (randomSplit with a seeded generator, DataLoader),
// augmented by the notes' RandomRotation and RandomHorizontalFlip from
// torch-node/vision's transforms (a Dataset that applies them in getItem, as a
// torchvision dataset's transform does), with SGD + momentum,
// CosineAnnealingLR and CrossEntropyLoss; model.train() /
// model.eval() switch BatchNorm and Dropout; then a checkpoint as in the notes
// ({ model_state_dict, optimizer_state_dict }) that a fresh model resumes from,
// and transfer learning: frozen weights, a new head (numFtrs = linear.inFeatures).
// Writes the train / valid loss curves to a PNG.
// test/fixtures/make_resnet_cnn.py is the same program in Python.
//   npm run example -- deep-cnn [--epochs 3] [--no-augment] [--out-dir example-out/deep-cnn]
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import torch, { nn, optim, F, Tensor, TensorDataset, DataLoader, Dataset, randomSplit } from "torch-node";
import { transforms } from "torch-node/vision";
import { parseFlags } from "./_args";
import { saveLinePlot } from "./_plot";

/** A dataset whose images go through `transform` each time they are read (torchvision's transform=). */
export class TransformedDataset<T> extends Dataset<[Tensor, T]> {
  constructor(public dataset: Dataset<[Tensor, T]>, public transform: (x: Tensor) => Tensor) {
    super();
  }
  getItem(index: number): [Tensor, T] {
    const [x, y] = this.dataset.getItem(index);
    return [this.transform(x), y];
  }
  get length(): number {
    return this.dataset.length;
  }
}

export class ConvBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  constructor(channels: number) {
    super();
    this.conv1 = new nn.Conv2d(channels, Math.floor(channels / 2), { kernelSize: 3, stride: 1, padding: 1 });
    this.bn1 = new nn.BatchNorm2d(Math.floor(channels / 2));
    this.conv2 = new nn.Conv2d(Math.floor(channels / 2), channels, { kernelSize: 3, stride: 1, padding: 1 });
  }
  forward(x: Tensor): Tensor {
    x = F.relu(x);
    x = F.relu(this.bn1(this.conv1(x)));
    x = this.conv2(x);
    return x;
  }
}

export class ResBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  constructor(channels: number) {
    super();
    this.conv1 = new nn.Conv2d(channels, Math.floor(channels / 2), { kernelSize: 3, stride: 1, padding: 1 });
    this.bn1 = new nn.BatchNorm2d(Math.floor(channels / 2));
    this.conv2 = new nn.Conv2d(Math.floor(channels / 2), channels, { kernelSize: 3, stride: 1, padding: 1 });
  }
  forward(x: Tensor): Tensor {
    const x0 = x;
    x = F.relu(x);
    x = F.relu(this.bn1(this.conv1(x)));
    x = this.conv2(x);
    return x.add(x0);
  }
}

/** Halves height and width; a strided 1x1 convolution makes the shortcut the same size. */
export class FocusDownBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  conv3: nn.Conv2d;
  constructor(inChannels: number, outChannels: number) {
    super();
    this.conv1 = new nn.Conv2d(inChannels, outChannels, { kernelSize: 3, stride: 2, padding: 1 });
    this.bn1 = new nn.BatchNorm2d(outChannels);
    this.conv2 = new nn.Conv2d(outChannels, outChannels, { kernelSize: 3, stride: 1, padding: 1 });
    this.conv3 = new nn.Conv2d(inChannels, outChannels, { kernelSize: 1, stride: 2 });
  }
  forward(x: Tensor): Tensor {
    x = F.relu(x);
    const x0 = this.conv3(x);
    x = F.relu(this.bn1(this.conv1(x)));
    x = this.conv2(x);
    return x.add(x0);
  }
}

/** Output has 2 * channels: the input and the block's result, concatenated across depth. */
export class SkipBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  constructor(channels: number) {
    super();
    this.conv1 = new nn.Conv2d(channels, Math.floor(channels / 2), { kernelSize: 3, stride: 1, padding: 1 });
    this.bn1 = new nn.BatchNorm2d(Math.floor(channels / 2));
    this.conv2 = new nn.Conv2d(Math.floor(channels / 2), channels, { kernelSize: 3, stride: 1, padding: 1 });
  }
  forward(x: Tensor): Tensor {
    x = F.relu(x);
    const x2 = F.relu(this.bn1(this.conv1(x)));
    const x3 = this.conv2(x2);
    return torch.cat([x, x3], 1); // across depth
  }
}

export interface DeepCNNOptions {
  numClasses?: number;
  numBlocks?: number;
  chWidth?: number;
  layerType?: new (channels: number) => nn.Module;
  imageSize?: number;
}

export class DeepCNN extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  conv3: nn.Conv2d;
  maxpool: nn.MaxPool2d;
  layers: nn.Module;
  down: FocusDownBlock;
  skip: SkipBlock;
  dropout: nn.Dropout;
  linear: nn.Linear;
  constructor(inChannels: number, options: DeepCNNOptions = {}) {
    super();
    const { numClasses = 10, numBlocks = 2, chWidth = 8, layerType = ResBlock, imageSize = 16 } = options;
    this.conv1 = new nn.Conv2d(inChannels, chWidth, 3, 1, 1);
    this.bn1 = new nn.BatchNorm2d(chWidth);
    this.conv2 = new nn.Conv2d(chWidth, chWidth, 3, 1, 1);
    this.bn2 = new nn.BatchNorm2d(chWidth);
    this.conv3 = new nn.Conv2d(chWidth, chWidth, 3, 1, 1);
    this.maxpool = new nn.MaxPool2d(2, 2);
    this.layers = numBlocks > 0 ? this.createBlocks(numBlocks, layerType, chWidth) : new nn.Identity();
    this.down = new FocusDownBlock(chWidth, 2 * chWidth);
    this.skip = new SkipBlock(2 * chWidth);
    this.dropout = new nn.Dropout(0.25);
    this.linear = new nn.Linear(4 * chWidth * Math.floor(imageSize / 4) ** 2, numClasses);
  }
  createBlocks(numBlocks: number, blockType: new (channels: number) => nn.Module, channels: number): nn.Sequential {
    const blocks: nn.Module[] = [];
    for (let i = 0; i < numBlocks; i++) blocks.push(new blockType(channels));
    return new nn.Sequential(...blocks); // Python's nn.Sequential(*blocks)
  }
  forward(x: Tensor): Tensor {
    x = F.relu(this.bn1(this.conv1(x)));
    x = F.relu(this.bn2(this.conv2(x)));
    x = this.maxpool(this.conv3(x));
    x = F.relu(this.layers(x));
    x = this.down(x);
    x = F.relu(this.skip(x));
    x = this.dropout(x.flatten(1));
    return this.linear(x);
  }
}

export interface Result {
  repr: string;
  trainIndices: number[];
  losses: number[];
  lrs: number[];
  validLoss: number[];
  validCorrect: number[];
  logits: number[][];
  resumedLogits: number[][];
  runningMean: number[];
  runningVar: number[];
  numBatchesTracked: number;
  numParams: number;
  headLosses: number[];
  reprHead: string;
  trainable: string[];
  headWeight: number[];
}

export const defaults = {
  epochs: 3,
  /** RandomRotation(15) and RandomHorizontalFlip() on the training images */
  augment: true,
  /** where loss.png goes ("" for none) */
  outDir: "example-out/deep-cnn",
  print: true,
};
export type Config = typeof defaults;

export function run(config: Partial<Config> | boolean = {}): Result {
  const c = { ...defaults, ...(typeof config === "boolean" ? { print: config, augment: false, outDir: "" } : config) };
  const log = (s: string) => {
    if (c.print) console.log(s);
  };
  torch.manualSeed(0);
  // synthetic "images": 64 of 3x16x16, 10 classes
  const X = torch.randn(64, 3, 16, 16);
  const y = torch.randint(0, 10, [64]);
  const [trainSet, validSet] = randomSplit(new TensorDataset(X, y), [48, 16], new torch.Generator().manualSeed(42));
  const augmentation = new transforms.Compose([new transforms.RandomRotation(15), new transforms.RandomHorizontalFlip()]);
  const trainData = c.augment ? new TransformedDataset(trainSet as unknown as Dataset<[Tensor, Tensor]>, augmentation) : trainSet;
  const trainLoader = new DataLoader(trainData, { batchSize: 16, shuffle: true, generator: new torch.Generator().manualSeed(1) });
  const validLoader = new DataLoader(validSet, { batchSize: 16 });

  const model = new DeepCNN(3);
  const numEpochs = c.epochs;
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 });
  const scheduler = new optim.lrScheduler.CosineAnnealingLR(optimizer, { TMax: numEpochs, etaMin: 0 });

  const losses: number[] = [], lrs: number[] = [], validLoss: number[] = [], validCorrect: number[] = [];
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    model.train();
    for (const [xb, yb] of trainLoader as Iterable<[Tensor, Tensor]>) {
      const loss = lossFn(model(xb), yb);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
    }
    scheduler.step();
    lrs.push(scheduler.getLastLr()[0]);
    model.eval();
    let total = 0, correct = 0;
    torch.noGrad(() => {
      for (const [xb, yb] of validLoader as Iterable<[Tensor, Tensor]>) {
        const fx = model(xb);
        total += (lossFn(fx, yb).item() as number) * yb.shape[0];
        correct += fx.argmax(1).eq(yb).sum().item() as number;
      }
    });
    validLoss.push(total / validSet.length);
    validCorrect.push(correct);
    log(`epoch ${epoch} | train loss ${losses[losses.length - 1].toFixed(4)} | valid loss ${validLoss[epoch].toFixed(4)} | ` +
      `valid acc ${correct}/${validSet.length} | lr ${lrs[epoch].toFixed(5)}`);
  }

  model.eval();
  const logits = torch.noGrad(() => model(X.index(":4")));

  // checkpoint as in the notes, then a fresh model resumes from it
  const dir = mkdtempSync(join(tmpdir(), "deep-cnn-"));
  const model2 = new DeepCNN(3);
  try {
    const path = join(dir, "model.pth");
    torch.save({ model_state_dict: model.stateDict(), optimizer_state_dict: optimizer.stateDict() }, path);
    const ckpt = torch.load(path);
    model2.loadStateDict(ckpt.model_state_dict);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  model2.eval();
  const logits2 = torch.noGrad(() => model2(X.index(":4")));
  if (!torch.equal(logits, logits2)) throw new Error("the resumed model gives other logits");

  // transfer learning as in the notes: freeze the trained weights, replace the head
  for (const p of model2.parameters()) p.requiresGrad = false;
  const numFtrs = model2.linear.inFeatures;
  model2.linear = new nn.Linear(numFtrs, 3);
  const headOptimizer = new optim.SGD([...model2.parameters()].filter((p) => p.requiresGrad), { lr: 0.1, momentum: 0.9 });
  const frozen = model2.conv1.weight.clone();
  const headLosses: number[] = [];
  model2.train();
  for (const [xb, yb] of trainLoader as Iterable<[Tensor, Tensor]>) {
    const loss = lossFn(model2(xb), yb.remainder(3));
    headOptimizer.zeroGrad();
    loss.backward();
    headOptimizer.step();
    headLosses.push(loss.item() as number);
  }
  if (!torch.equal(frozen, model2.conv1.weight)) throw new Error("a frozen weight changed");
  log(`head losses ${headLosses}`);

  log(String(model));
  if (c.outDir) {
    const perEpoch = losses.length / numEpochs;
    const trainCurve = { name: "train (per batch)", values: losses, xs: losses.map((_, i) => (i + 1) / perEpoch) };
    const validCurve = { name: "valid", values: validLoss, xs: validLoss.map((_, i) => i + 1) };
    saveLinePlot(join(c.outDir, "loss.png"), [trainCurve, validCurve], { title: "deep CNN: CrossEntropyLoss", xLabel: "epoch" })
      .then((f) => f && log(`wrote ${f}`));
  }
  const layers = model.layers as nn.Sequential;
  return {
    repr: String(model),
    trainIndices: trainSet.indices,
    losses,
    lrs,
    validLoss,
    validCorrect,
    logits: logits.tolist() as number[][],
    resumedLogits: logits2.tolist() as number[][],
    runningMean: model.bn1.running_mean!.tolist() as number[],
    runningVar: (layers.getItem(1) as ResBlock).bn1.running_var!.tolist() as number[],
    numBatchesTracked: model.bn1.num_batches_tracked!.item() as number,
    numParams: [...model.parameters()].reduce((n, p) => n + p.numel(), 0),
    headLosses,
    reprHead: String(model2.linear),
    trainable: [...model2.namedParameters()].filter(([, p]) => p.requiresGrad).map(([n]) => n),
    headWeight: model2.linear.weight.flatten().tolist() as number[],
  };
}

if (typeof require !== "undefined" && require.main === module) run(parseFlags(defaults));
