// torch.distributions in the two places deep-learning code meets it most:
// a REINFORCE policy-gradient update with a Categorical policy, and a VAE's
// reparameterized Normal with the KL term to the prior.
//   npx tsx examples/distributions.ts
import torch, { nn, optim, distributions } from "torch-node";

const { Categorical, Normal, klDivergence } = distributions;

export function run(print = true): { pgLoss: number[]; finalProbs: number[]; vaeLoss: number[] } {
  // ---------------------------------------------------------------- REINFORCE
  // A linear policy over 3 actions; action 0 pays 1, action 1 pays -1, action 2 pays 0.5.
  torch.manualSeed(0);
  const policy = new nn.Linear(4, 3);
  const opt = new optim.Adam(policy.parameters(), { lr: 0.05 });
  const payoff = torch.tensor([1.0, -1.0, 0.5]);
  const pgLoss: number[] = [];
  for (let step = 0; step < 30; step++) {
    const state = torch.randn(16, 4);
    const dist = new Categorical({ logits: policy(state) });
    const action = dist.sample();
    const reward = payoff.index(action);
    const loss = dist.logProb(action).mul(reward).mean().neg().sub(dist.entropy().mean().mul(0.01));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    pgLoss.push(loss.item() as number);
  }
  const finalProbs = torch.noGrad(() => new Categorical({ logits: policy(torch.ones(1, 4)) }).probs.index(0).tolist() as number[]);
  if (print) console.log("policy probs after 30 updates:", finalProbs.map((p) => p.toFixed(4)).join(" "));

  // ---------------------------------------------------------------- VAE
  // Encoder -> (mu, logvar); z = mu + sigma * eps via rsample(); decoder; loss = MSE + KL(q || N(0, 1)).
  torch.manualSeed(1);
  const encoder = new nn.Linear(8, 4);
  const decoder = new nn.Linear(2, 8);
  const vopt = new optim.SGD([...encoder.parameters(), ...decoder.parameters()], { lr: 0.1 });
  const x = torch.rand(32, 8);
  const vaeLoss: number[] = [];
  for (let step = 0; step < 20; step++) {
    const [mu, logvar] = encoder(x).chunk(2, -1);
    const q = new Normal(mu, logvar.mul(0.5).exp());
    const z = q.rsample();
    const recon = decoder(z);
    const prior = new Normal(torch.zerosLike(mu), torch.onesLike(mu));
    const kl = klDivergence(q, prior).sum(-1).mean();
    const loss = nn.functional.mseLoss(recon, x).add(kl);
    vopt.zeroGrad();
    loss.backward();
    vopt.step();
    vaeLoss.push(loss.item() as number);
  }
  if (print) console.log("VAE loss:", vaeLoss[0].toFixed(4), "->", vaeLoss[vaeLoss.length - 1].toFixed(4));
  return { pgLoss, finalProbs, vaeLoss };
}

if (require.main === module) run();
