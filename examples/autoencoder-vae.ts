// The seed notes' auto encoders. A denoising conv autoencoder of Down blocks
// (Conv2d(in, out, 3, 2, 1)) and Up blocks (ConvTranspose2d(in, out, 3, 2, 1, 1),
// the opposite of the strided Conv2d, plus a Conv2d(in, out, 3, 1, 1) shortcut
// on the nearest-upsampled input), trained with MSE on noisy inputs; then a
// variational autoencoder (encoder -> mu, logvar; z = mu + eps * exp(0.5 * logvar);
// decoder) trained on the negative ELBO: reconstruction + KL(q(z|x) || N(0, 1)).
// Adam, synthetic images, a few steps.
// test/fixtures/make_autoencoder_vae.py is the same program in Python.
//   npx tsx examples/autoencoder-vae.ts
import torch, { nn, optim, F, Tensor } from "torch-node";

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

export function run(print = true): Result {
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

if (typeof require !== "undefined" && require.main === module) run();
