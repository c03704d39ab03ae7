#!/usr/bin/env node
// npm run example -- NAME [flags]: runs examples/<file>.ts with tsx (a devDependency).
// npm run example -- --list prints the examples, one line each.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const EXAMPLES = {
  "linear-regression": ["linear-regression.ts", [], "the seed's workflow: nn.Module, L1Loss, SGD, train/eval, inferenceMode"],
  logistic: ["logistic.ts", [], "two features, a sigmoid hidden layer, BCEWithLogitsLoss, Adam; writes the loss curve"],
  "mnist-cnn": ["mnist-cnn.ts", [], "LeNet-style CNN on real MNIST: Resize(32)/ToTensor/Normalize, randomSplit, accuracy by argmax"],
  "deep-cnn": ["deep-cnn.ts", [], "residual/skip blocks, RandomRotation + RandomHorizontalFlip, CosineAnnealingLR, checkpoint"],
  "transfer-learning": ["transfer-learning.ts", [], "frozen ResNet-18 backbone, a new fc, ImageFolder of MNIST PNGs, checkpoint resume"],
  "autoencoder-vae": ["autoencoder-vae.ts", [], "denoising conv autoencoder and a VAE on real MNIST; PNGs of reconstructions and samples"],
  autoencoder: ["autoencoder-vae.ts", ["--only", "autoencoder"], "the autoencoder half of autoencoder-vae"],
  vae: ["autoencoder-vae.ts", ["--only", "vae"], "the VAE half of autoencoder-vae"],
  "char-transformer": ["char-transformer.ts", [], "character-level TransformerEncoder with a causal mask on names.txt, sampled with multinomial"],
  "backprop-by-hand": ["backprop-by-hand.ts", [], "every gradient of a char-level MLP by hand, checked against autograd"],
  distributions: ["distributions.ts", [], "torch.distributions in a REINFORCE policy-gradient loop"],
};

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === "--list" || name === "-l" || name === "--help" || name === "-h") {
  if (name === undefined || name.startsWith("--h") || name === "-h") console.log("usage: npm run example -- NAME [flags]   (flags: see the top of examples/NAME.ts)\n");
  const width = Math.max(...Object.keys(EXAMPLES).map((n) => n.length));
  for (const [n, [, , what]] of Object.entries(EXAMPLES)) console.log(`${n.padEnd(width)}  ${what}`);
  process.exit(name === undefined ? 1 : 0);
}
const entry = EXAMPLES[name];
if (entry === undefined) {
  console.error(`unknown example '${name}'; npm run example -- --list shows them`);
  process.exit(2);
}
const root = path.join(__dirname, "..");
const file = path.join(root, "examples", entry[0]);
const r = spawnSync(process.execPath, ["--import", "tsx", file, ...entry[1], ...rest], { stdio: "inherit", cwd: process.cwd() });
if (r.error) throw r.error;
process.exit(r.status === null ? 1 : r.status);
