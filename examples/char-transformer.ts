// A character-level language model on examples/data/names.txt (the words of
// backprop-by-hand): token and position embeddings, an nn.TransformerEncoder
// of nn.TransformerEncoderLayer blocks (the seed's transformer layers) run with
// a causal mask from nn.Transformer.generateSquareSubsequentMask, so that each
// position sees only the characters before it, and a linear head over the
// vocabulary. Trained briefly with AdamW on random windows of the names joined
// by '.', then sampled one character at a time with torch.multinomial until
// the model writes '.'. The loss curve goes to a PNG.
// test/fixtures/make_char_transformer.py is the same program in Python.
//   npm run example -- char-transformer [--steps 1000] [--samples 20] [--out-dir example-out/char-transformer]
import { readFileSync } from "fs";
import { join } from "path";
import torch, { nn, optim, F, Tensor } from "torch-node";
import { parseFlags } from "./_args";
import { saveLossPlot } from "./_plot";

export class CharTransformer extends nn.Module {
  blockSize: number;
  tok_emb: nn.Embedding;
  pos_emb: nn.Embedding;
  encoder: nn.TransformerEncoder;
  ln_f: nn.LayerNorm;
  head: nn.Linear;
  constructor(vocabSize: number, blockSize: number, dModel = 64, nhead = 4, numLayers = 2, dropout = 0.1) {
    super();
    this.blockSize = blockSize;
    this.tok_emb = new nn.Embedding(vocabSize, dModel);
    this.pos_emb = new nn.Embedding(blockSize, dModel);
    const layer = new nn.TransformerEncoderLayer({ dModel, nhead, dimFeedforward: 4 * dModel, dropout, batchFirst: true, normFirst: true });
    this.encoder = new nn.TransformerEncoder(layer, numLayers, { enableNestedTensor: false });
    this.ln_f = new nn.LayerNorm(dModel);
    this.head = new nn.Linear(dModel, vocabSize);
  }
  /** idx: (batch, T) character indices -> (batch, T, vocab) logits for the next character. */
  forward(idx: Tensor): Tensor {
    const T = idx.shape[1];
    const pos = torch.arange(T, { device: idx.device });
    const x = this.tok_emb(idx).add(this.pos_emb(pos));
    const mask = nn.Transformer.generateSquareSubsequentMask(T, idx.device);
    const h = this.encoder(x, { mask, isCausal: true });
    return this.head(this.ln_f(h));
  }
}

export const defaults = {
  steps: 1000,
  batchSize: 32,
  blockSize: 16,
  dModel: 64,
  nhead: 4,
  numLayers: 2,
  dropout: 0.1,
  lr: 3e-3,
  samples: 20,
  seed: 1337,
  namesFile: "",
  /** where loss.png goes ("" for none) */
  outDir: "example-out/char-transformer",
  logEvery: 100,
  print: true,
};
export type Config = typeof defaults;

export interface Result {
  losses: number[];
  evalLoss: number;
  names: string[];
  numParams: number;
  repr: string;
  plot: Promise<string | null> | null;
}

export function run(config: Partial<Config> = {}): Result {
  const c = { ...defaults, ...config };
  const log = (s: string) => {
    if (c.print) console.log(s);
  };
  const text = readFileSync(c.namesFile || join(__dirname, "data", "names.txt"), "utf8");
  const words = text.split("\n").filter((w) => w.length > 0);
  const chars = [".", ...[...new Set(words.join(""))].sort()];
  const stoi = new Map(chars.map((ch, i) => [ch, i]));
  const itos = chars;
  const stream = "." + words.join(".") + ".";
  const data = torch.tensor([...stream].map((ch) => stoi.get(ch)!), { dtype: torch.long });
  const n = Math.floor(0.9 * data.shape[0]);
  const trainData = data.index(`:${n}`), valData = data.index(`${n}:`);

  torch.manualSeed(c.seed);
  const getBatch = (split: Tensor): [Tensor, Tensor] => {
    const ix = torch.randint(split.shape[0] - c.blockSize - 1, [c.batchSize]);
    const offs = ix.unsqueeze(1).add(torch.arange(c.blockSize));
    return [split.index(offs), split.index(offs.add(1))];
  };

  const model = new CharTransformer(chars.length, c.blockSize, c.dModel, c.nhead, c.numLayers, c.dropout);
  const numParams = [...model.parameters()].reduce((s, p) => s + p.numel(), 0);
  log(`${numParams} parameters, vocabulary of ${chars.length}: ${chars.join("")}`);
  const optimizer = new optim.AdamW(model.parameters(), { lr: c.lr });

  const losses: number[] = [];
  model.train();
  for (let step = 0; step < c.steps; step++) {
    const [xb, yb] = getBatch(trainData);
    const logits = model(xb);
    const loss = F.crossEntropy(logits.view(-1, chars.length), yb.view(-1));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item() as number);
    if (c.logEvery > 0 && (step % c.logEvery === 0 || step === c.steps - 1)) log(`step ${step} | loss ${losses[step].toFixed(4)}`);
  }

  model.eval();
  const evalLoss = torch.noGrad(() => {
    const [xb, yb] = getBatch(valData);
    return F.crossEntropy(model(xb).view(-1, chars.length), yb.view(-1)).item() as number;
  });
  log(`validation loss ${evalLoss.toFixed(4)}`);

  // sampling: start from '.', draw the next character from softmax(logits) until '.'
  const names: string[] = [];
  torch.noGrad(() => {
    for (let s = 0; s < c.samples; s++) {
      const ctx = [0];
      let name = "";
      for (let i = 0; i < 30; i++) {
        const window = torch.tensor([ctx.slice(-c.blockSize)], { dtype: torch.long });
        const logits = model(window).index(0, -1);
        const probs = F.softmax(logits, -1);
        const next = torch.multinomial(probs, 1).item() as number;
        if (next === 0) break;
        ctx.push(next);
        name += itos[next];
      }
      names.push(name);
    }
  });
  log(`samples: ${names.join(", ")}`);
  const plot = c.outDir ? saveLossPlot(join(c.outDir, "loss.png"), losses, { title: "char-transformer: cross-entropy per step" }) : null;
  plot?.then((f) => f && log(`wrote ${f}`));
  return { losses, evalLoss, names, numParams, repr: String(model), plot };
}

if (typeof require !== "undefined" && require.main === module) run(parseFlags(defaults));
