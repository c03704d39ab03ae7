// The seed's transfer learning: a torchvision ResNet-18 (vision.models.resnet18)
// as a frozen feature extractor (every weight requiresGrad_(false)), a new head
// for 10 classes (model.fc = new nn.Linear(model.fc.inFeatures, 10)) trained
// alone, on an ImageFolder: MNIST digits written as PNG files (io.writePng) into
// <outDir>/digits/{train,val}/<digit>/NNNNN.png, read back as RGB images. After
// the first epoch a checkpoint holds the model's and the optimizer's state
// (the notes' torch.save({ model_state_dict, optimizer_state_dict }, "model.pth"));
// a fresh model and optimizer load it and train on.
//
// The ImageNet weights are used when their checkpoint is in torch.hub's cache
// ($TORCH_HOME/hub/checkpoints/resnet18-f37072fd.pth, where Python keeps it too);
// otherwise the backbone keeps its random initialisation (a note says so) and only
// the new head learns, from random features. Nothing is downloaded.
// test/fixtures/make_transfer_learning.py is the same program in Python.
//   npm run example -- transfer-learning [--epochs 3] [--num-train 1000] [--image-size 64]
import { existsSync, mkdirSync, rmSync } from "fs";
import { join } from "path";
import torch, { nn, optim, Tensor, DataLoader } from "torch-node";
import { datasets, io, models, transforms, utils } from "torch-node/vision";
import { parseFlags } from "./_args";
import { saveLossPlot } from "./_plot";
import { mnistRoot } from "./_mnist";

export const defaults = {
  epochs: 3,
  /** training digits written as PNGs (the first of MNIST's training set) */
  numTrain: 1000,
  /** validation digits (the first of MNIST's test set) */
  numVal: 500,
  /** the images are resized to this (ResNet-18 was trained at 224; small inputs keep it quick) */
  imageSize: 64,
  batchSize: 32,
  lr: 1e-3,
  seed: 42,
  /** "": the ImageNet weights when cached, else random; "none": random */
  weights: "",
  outDir: "example-out/transfer-learning",
  print: true,
};
export type Config = typeof defaults;

export interface Result {
  pretrained: boolean;
  classes: string[];
  numSamples: number;
  losses: number[];
  valAccuracy: number[];
  trainable: string[];
  resumedEqual: boolean;
  resumedLogits: number[][];
  /** the resumed, trained model */
  model: models.ResNet;
  plot: Promise<string | null> | null;
}

/** Writes `count` MNIST digits from `split` as <dir>/<digit>/<index>.png (uint8 gray, 28 x 28). */
export function writeDigits(dir: string, train: boolean, count: number): void {
  const mnist = new datasets.MNIST(mnistRoot(), { train });
  const labels = mnist.targets.index(`:${count}`).tolist() as number[];
  for (let d = 0; d < 10; d++) mkdirSync(join(dir, String(d)), { recursive: true });
  for (let i = 0; i < count; i++) {
    io.writePng(mnist.data.index(i).unsqueeze(0), join(dir, String(labels[i]), `${String(i).padStart(5, "0")}.png`));
  }
}

/** ResNet-18 with every weight frozen and a new fc for 10 classes. */
export function buildModel(pretrained: boolean): models.ResNet {
  const model = pretrained ? models.resnet18({ weights: models.ResNet18_Weights.DEFAULT }) : models.resnet18();
  for (const p of model.parameters()) p.requiresGrad_(false);
  model.fc = new nn.Linear(model.fc.inFeatures, 10); // a new head: the only trainable weights
  return model;
}

export function run(config: Partial<Config> = {}): Result {
  const c = { ...defaults, ...config };
  const log = (s: string) => {
    if (c.print) console.log(s);
  };
  const weights = models.ResNet18_Weights.DEFAULT;
  const cached = join(models.getDir(), "checkpoints", weights.fileName);
  const pretrained = c.weights !== "none" && existsSync(cached);
  if (pretrained) log(`backbone: ${weights} from ${cached}`);
  else if (c.weights !== "none") log(`note: no ${weights.fileName} in ${join(models.getDir(), "checkpoints")}: the backbone keeps its random initialisation ` +
    `(put Python's torch.hub checkpoint there, or set TORCH_HOME, for ImageNet features)`);

  // the ImageFolder: MNIST digits as PNG files
  const root = join(c.outDir, "digits");
  rmSync(root, { recursive: true, force: true });
  writeDigits(join(root, "train"), true, c.numTrain);
  writeDigits(join(root, "val"), false, c.numVal);
  const transform = new transforms.Compose([
    new transforms.Resize(c.imageSize),
    new transforms.ToTensor(),
    new transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]), // ImageNet's statistics
  ]);
  const trainSet = new datasets.ImageFolder(join(root, "train"), { transform });
  const valSet = new datasets.ImageFolder(join(root, "val"), { transform });
  log(`ImageFolder: ${trainSet.length} training and ${valSet.length} validation PNGs, classes ${trainSet.classes.join(" ")}`);

  torch.manualSeed(c.seed);
  const model = buildModel(pretrained);
  const trainable = [...model.namedParameters()].filter(([, p]) => p.requiresGrad).map(([n]) => n);
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.fc.parameters(), { lr: c.lr });
  const trainLoader = new DataLoader(trainSet, { batchSize: c.batchSize, shuffle: true });
  const valLoader = new DataLoader(valSet, { batchSize: 100 });

  const losses: number[] = [], valAccuracy: number[] = [];
  const trainEpoch = (m: models.ResNet, opt: optim.Optimizer) => {
    m.train();
    for (const [xb, yb] of trainLoader as Iterable<[Tensor, Tensor]>) {
      const loss = lossFn(m(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
  };
  const validate = (m: models.ResNet) => {
    m.eval();
    let correct = 0;
    torch.noGrad(() => {
      for (const [xb, yb] of valLoader as Iterable<[Tensor, Tensor]>) correct += m(xb).argmax(1).eq(yb).sum().item() as number;
    });
    valAccuracy.push(correct / valSet.length);
    log(`epoch ${valAccuracy.length - 1} | train loss ${losses[losses.length - 1].toFixed(4)} | val accuracy ${(100 * correct / valSet.length).toFixed(1)}%`);
  };

  trainEpoch(model, optimizer);
  validate(model);

  // checkpoint, then a fresh model and optimizer resume from it
  const ckptPath = join(c.outDir, "model.pth");
  torch.save({ epoch: 1, model_state_dict: model.stateDict(), optimizer_state_dict: optimizer.stateDict() }, ckptPath);
  log(`saved ${ckptPath}`);
  const checkpoint = torch.load(ckptPath);
  const resumed = buildModel(false);
  resumed.loadStateDict(checkpoint.model_state_dict);
  const resumedOptimizer = new optim.Adam(resumed.fc.parameters(), { lr: c.lr });
  resumedOptimizer.loadStateDict(checkpoint.optimizer_state_dict);
  const probe = valSet.getItem(0)[0].unsqueeze(0);
  model.eval();
  resumed.eval();
  const [before, after] = torch.noGrad(() => [model(probe), resumed(probe)]);
  const resumedEqual = torch.equal(before, after);
  log(`resumed from epoch ${checkpoint.epoch}: the same logits ${resumedEqual}`);

  for (let epoch = checkpoint.epoch as number; epoch < c.epochs; epoch++) {
    trainEpoch(resumed, resumedOptimizer);
    validate(resumed);
  }

  let plot: Promise<string | null> | null = null;
  if (c.outDir) {
    // 16 validation PNGs spread over the classes (the ImageFolder lists them class by class)
    const shown = Math.min(16, valSet.length);
    const picks = Array.from({ length: shown }, (_, i) => Math.floor((i * valSet.length) / shown));
    const imgs = picks.map((i) => io.readImage(valSet.samples[i][0]));
    utils.saveImage(torch.stack(imgs).float().div(255), join(c.outDir, "val_digits.png"), { nrow: 8 });
    const preds = torch.noGrad(() => resumed(torch.stack(picks.map((i) => valSet.getItem(i)[0]))).argmax(1).tolist() as number[]);
    log(`wrote ${join(c.outDir, "val_digits.png")}; predicted: ${preds.join(" ")}; true: ${picks.map((i) => valSet.targets[i]).join(" ")}`);
    plot = saveLossPlot(join(c.outDir, "loss.png"), losses, { title: "transfer learning: the new head's loss", xLabel: "batch" });
    plot.then((f) => f && log(`wrote ${f}`));
  }
  return {
    pretrained,
    classes: trainSet.classes,
    numSamples: trainSet.length,
    losses,
    valAccuracy,
    trainable,
    resumedEqual,
    resumedLogits: after.tolist() as number[][],
    model: resumed,
    plot,
  };
}

if (typeof require !== "undefined" && require.main === module) run(parseFlags(defaults));
