// Backprop by hand (the seed's exercise): a character-level MLP
// (embedding C, linear W1/b1, batch norm with Bessel's correction, tanh,
// linear W2/b2, cross-entropy), every gradient computed by hand with tensor
// ops and compared with autograd's; then the fused cross-entropy and
// batch-norm backward passes; then a short training run driven only by the
// manual gradients.
//   npx tsx examples/backprop-by-hand.ts            (after npm install)
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor } from "torch-node";

export interface Comparison {
  name: string;
  exact: boolean;
  approximate: boolean;
  maxdiff: number;
}

export interface Options {
  /** training steps of the manual-gradient run */
  steps?: number;
  /** print as the exercise does */
  print?: boolean;
  namesFile?: string;
}

export function run(options: Options = {}): { comparisons: Comparison[]; losses: number[] } {
  const { steps = 2000, print = true } = options;
  const log = (s: string) => {
    if (print) console.log(s);
  };
  const file = options.namesFile ?? join(__dirname, "data", "names.txt");
  const words = readFileSync(file, "utf8").split("\n").filter((w) => w.length > 0);

  // vocabulary: '.' then a-z
  const chars = [...new Set(words.join(""))].sort();
  const stoi = new Map<string, number>(chars.map((c, i) => [c, i + 1]));
  stoi.set(".", 0);
  const vocabSize = stoi.size;
  const blockSize = 3;

  // the dataset: every context of blockSize characters and the next one
  const buildDataset = (ws: string[]): [Tensor, Tensor] => {
    const X: number[][] = [];
    const Y: number[] = [];
    for (const w of ws) {
      let context = Array(blockSize).fill(0);
      for (const ch of w + ".") {
        const ix = stoi.get(ch)!;
        X.push(context);
        Y.push(ix);
        context = [...context.slice(1), ix];
      }
    }
    return [torch.tensor(X), torch.tensor(Y)];
  };
  const [Xtr, Ytr] = buildDataset(words.slice(0, Math.floor(0.8 * words.length)));

  // parameters, initialised as in the exercise
  const nEmbd = 10, nHidden = 64;
  torch.manualSeed(42); // bngain/bnbias use the global generator, as in the exercise
  const g = new torch.Generator().manualSeed(2147483647);
  const C = torch.randn([vocabSize, nEmbd], { generator: g });
  const W1 = torch.randn([nEmbd * blockSize, nHidden], { generator: g }).mul((5 / 3) / Math.sqrt(nEmbd * blockSize));
  const b1 = torch.randn(nHidden, { generator: g }).mul(0.1);
  const W2 = torch.randn([nHidden, vocabSize], { generator: g }).mul(0.1);
  const b2 = torch.randn(vocabSize, { generator: g }).mul(0.1);
  const bngain = torch.randn([1, nHidden]).mul(0.1).add(1.0);
  const bnbias = torch.randn([1, nHidden]).mul(0.1);
  const parameters = [C, W1, b1, W2, b2, bngain, bnbias];
  for (const p of parameters) p.requiresGrad_(true);

  const batchSize = 32;
  const n = batchSize;
  const ix = torch.randint(0, Xtr.shape[0], [batchSize], { generator: g });
  const Xb = Xtr.index(ix), Yb = Ytr.index(ix);

  // forward pass, "chunkated" into small steps we can backward one at a time
  const emb = C.index(Xb);
  const embcat = emb.view(emb.shape[0], -1);
  const hprebn = embcat.matmul(W1).add(b1);
  const bnmeani = hprebn.sum(0, true).mul(1 / n);
  const bndiff = hprebn.sub(bnmeani);
  const bndiff2 = bndiff.pow(2);
  const bnvar = bndiff2.sum(0, true).mul(1 / (n - 1)); // Bessel's correction
  const bnvarInv = bnvar.add(1e-5).pow(-0.5);
  const bnraw = bndiff.mul(bnvarInv);
  const hpreact = bngain.mul(bnraw).add(bnbias);
  const h = hpreact.tanh();
  const logits = h.matmul(W2).add(b2);
  const logitMaxes = logits.max(1, true).values;
  const normLogits = logits.sub(logitMaxes);
  const counts = normLogits.exp();
  const countsSum = counts.sum(1, true);
  const countsSumInv = countsSum.pow(-1);
  const probs = counts.mul(countsSumInv);
  const logprobs = probs.log();
  const rangeN = torch.arange(n);
  const loss = logprobs.index(rangeN, Yb).mean().neg();

  for (const t of [logprobs, probs, counts, countsSum, countsSumInv, normLogits, logitMaxes, logits, h, hpreact,
    bnraw, bnvarInv, bnvar, bndiff2, bndiff, hprebn, bnmeani, embcat, emb]) t.retainGrad();
  loss.backward();
  log(`loss ${loss.item()}`);

  const comparisons: Comparison[] = [];
  const cmp = (name: string, dt: Tensor, t: Tensor) => {
    const tg = t.grad!;
    const exact = dt.eq(tg).all().item() as boolean;
    const approximate = dt.allclose(tg);
    const maxdiff = dt.sub(tg).abs().max().item() as number;
    comparisons.push({ name, exact, approximate, maxdiff });
    log(`${name.padEnd(15)} | exact: ${String(exact).padEnd(5)} | approximate: ${String(approximate).padEnd(5)} | maxdiff: ${maxdiff}`);
  };

  // Exercise 1: backprop through the whole thing manually
  torch.noGrad(() => {
    const dlogprobs = torch.zerosLike(logprobs);
    dlogprobs.indexPut_([rangeN, Yb], -1.0 / n);
    const dprobs = probs.reciprocal().mul(dlogprobs);
    const dcountsSumInv = counts.mul(dprobs).sum(1, true);
    const dcounts = countsSumInv.mul(dprobs);
    const dcountsSum = countsSum.pow(-2).neg().mul(dcountsSumInv);
    dcounts.add_(torch.onesLike(counts).mul(dcountsSum));
    const dnormLogits = counts.mul(dcounts);
    const dlogits = dnormLogits.clone();
    const dlogitMaxes = dnormLogits.neg().sum(1, true);
    const oneHot = torch.zerosLike(logits);
    oneHot.indexPut_([rangeN, logits.max(1).indices], 1);
    dlogits.add_(oneHot.mul(dlogitMaxes));
    const dh = dlogits.matmul(W2.T);
    const dW2 = h.T.matmul(dlogits);
    const db2 = dlogits.sum(0);
    const dhpreact = h.pow(2).neg().add(1).mul(dh);
    const dbngain = bnraw.mul(dhpreact).sum(0, true);
    const dbnraw = bngain.mul(dhpreact);
    const dbnbias = dhpreact.sum(0, true);
    const dbndiff = bnvarInv.mul(dbnraw);
    const dbnvarInv = bndiff.mul(dbnraw).sum(0, true);
    const dbnvar = bnvar.add(1e-5).pow(-1.5).mul(-0.5).mul(dbnvarInv);
    const dbndiff2 = torch.onesLike(bndiff2).mul(1.0 / (n - 1)).mul(dbnvar);
    dbndiff.add_(bndiff.mul(2).mul(dbndiff2));
    const dhprebn = dbndiff.clone();
    const dbnmeani = dbndiff.neg().sum(0);
    dhprebn.add_(torch.onesLike(hprebn).mul(dbnmeani).mul(1.0 / n));
    const dembcat = dhprebn.matmul(W1.T);
    const dW1 = embcat.T.matmul(dhprebn);
    const db1 = dhprebn.sum(0);
    const demb = dembcat.view(emb.shape);
    const dC = torch.zerosLike(C);
    dC.indexPut_([Xb.view(-1)], demb.view(-1, nEmbd), true); // dC[Xb[k, j]] += demb[k, j]

    cmp("logprobs", dlogprobs, logprobs);
    cmp("probs", dprobs, probs);
    cmp("counts_sum_inv", dcountsSumInv, countsSumInv);
    cmp("counts_sum", dcountsSum, countsSum);
    cmp("counts", dcounts, counts);
    cmp("norm_logits", dnormLogits, normLogits);
    cmp("logit_maxes", dlogitMaxes, logitMaxes);
    cmp("logits", dlogits, logits);
    cmp("h", dh, h);
    cmp("W2", dW2, W2);
    cmp("b2", db2, b2);
    cmp("hpreact", dhpreact, hpreact);
    cmp("bngain", dbngain, bngain);
    cmp("bnbias", dbnbias, bnbias);
    cmp("bnraw", dbnraw, bnraw);
    cmp("bnvar_inv", dbnvarInv, bnvarInv);
    cmp("bnvar", dbnvar, bnvar);
    cmp("bndiff2", dbndiff2, bndiff2);
    cmp("bndiff", dbndiff, bndiff);
    cmp("bnmeani", dbnmeani, bnmeani);
    cmp("hprebn", dhprebn, hprebn);
    cmp("embcat", dembcat, embcat);
    cmp("W1", dW1, W1);
    cmp("b1", db1, b1);
    cmp("emb", demb, emb);
    cmp("C", dC, C);

    // Exercise 2: the cross-entropy backward in one step: (softmax - one_hot) / n
    const lossFast = logits.logSoftmax(1).index(rangeN, Yb).mean().neg();
    log(`${lossFast.item()} diff: ${(lossFast.item() as number) - (loss.item() as number)}`);
    const dlogitsFast = logits.softmax(1);
    dlogitsFast.indexPut_([rangeN, Yb], dlogitsFast.index(rangeN, Yb).sub(1));
    dlogitsFast.div_(n);
    cmp("logits (fused)", dlogitsFast, logits);

    // Exercise 3: the batch-norm backward in one step
    const dhprebnFast = bngain.mul(bnvarInv).div(n).mul(
      dhpreact.mul(n).sub(dhpreact.sum(0)).sub(bnraw.mul(n / (n - 1)).mul(dhpreact.mul(bnraw).sum(0))));
    cmp("hprebn (fused)", dhprebnFast, hprebn);
  });

  // Exercise 4: train with the manual gradients only
  const losses: number[] = [];
  for (const p of parameters) p.grad = null;
  const lr = 0.1;
  for (let step = 0; step < steps; step++) {
    torch.tidy(() => {
      const bix = torch.randint(0, Xtr.shape[0], [batchSize], { generator: g });
      const xb = Xtr.index(bix), yb = Ytr.index(bix);
      torch.noGrad(() => {
        const e = C.index(xb);
        const ec = e.view(e.shape[0], -1);
        const hpre = ec.matmul(W1).add(b1);
        const mean = hpre.mean(0, true);
        const diff = hpre.sub(mean);
        const varInv = diff.pow(2).sum(0, true).div(n - 1).add(1e-5).pow(-0.5);
        const raw = diff.mul(varInv);
        const hp = bngain.mul(raw).add(bnbias);
        const hh = hp.tanh();
        const lg = hh.matmul(W2).add(b2);
        const l = lg.logSoftmax(1).index(rangeN, yb).mean().neg();
        // manual backward
        const dlg = lg.softmax(1);
        dlg.indexPut_([rangeN, yb], dlg.index(rangeN, yb).sub(1));
        dlg.div_(n);
        const dhh = dlg.matmul(W2.T);
        const dW2s = hh.T.matmul(dlg), db2s = dlg.sum(0);
        const dhp = hh.pow(2).neg().add(1).mul(dhh);
        const dgain = raw.mul(dhp).sum(0, true), dbias = dhp.sum(0, true);
        const dhpre = bngain.mul(varInv).div(n).mul(
          dhp.mul(n).sub(dhp.sum(0)).sub(raw.mul(n / (n - 1)).mul(dhp.mul(raw).sum(0))));
        const dec = dhpre.matmul(W1.T);
        const dW1s = ec.T.matmul(dhpre), db1s = dhpre.sum(0);
        const dCs = torch.zerosLike(C);
        dCs.indexPut_([xb.view(-1)], dec.view(-1, nEmbd), true);
        const grads = [dCs, dW1s, db1s, dW2s, db2s, dgain, dbias];
        const rate = step < steps / 2 ? lr : lr / 10;
        parameters.forEach((p, i) => p.sub_(grads[i].mul(rate)));
        if (step % Math.max(1, Math.floor(steps / 10)) === 0) log(`${String(step).padStart(7)}/${steps}: ${(l.item() as number).toFixed(4)}`);
        losses.push(l.item() as number);
      });
      return null;
    });
  }
  return { comparisons, losses };
}

// Run when executed directly (npx tsx examples/backprop-by-hand.ts)
if (typeof require !== "undefined" && require.main === module) run();
