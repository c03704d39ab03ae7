// The seed's logistic model: two features, a hidden layer of two sigmoid
// units (linear1 -> torch.sigmoid -> linear2), BCEWithLogitsLoss on the logits
// and Adam at lr 1e-2. The data set is the notes' SmDataset (a Dataset with
// getItem / length), split 80% / 20% by slicing, batched by a DataLoader;
// training prints the train and test loss every 100 epochs as the notes do,
// and the loss curves go to a PNG (plt.plot in Python).
// test/fixtures/make_logistic.py is the same program in Python.
//   npm run example -- logistic [--epochs 300] [--num-data 1000] [--out-dir example-out/logistic]
import { join } from "path";
import torch, { nn, optim, Tensor, Dataset, DataLoader, Subset } from "torch-node";
import { parseFlags } from "./_args";
import { saveLinePlot } from "./_plot";

/** Two Gaussian clusters of 2-d points, labelled 0 and 1 (float labels, as BCE wants). */
export class SmDataset extends Dataset<[Tensor, Tensor]> {
  x_data: Tensor;
  y_data: Tensor;
  constructor(numData: number) {
    super();
    const half = Math.floor(numData / 2);
    const centers = torch.tensor([[-1.0, -1.0], [1.0, 1.0]], { dtype: torch.float32 });
    const labels = torch.cat([torch.zeros(half, { dtype: torch.long }), torch.ones(numData - half, { dtype: torch.long })]);
    this.x_data = centers.index(labels).add(torch.randn(numData, 2).mul(0.8));
    this.y_data = labels.float().unsqueeze(1);
  }
  getItem(index: number): [Tensor, Tensor] {
    return [this.x_data.index(index), this.y_data.index(index)];
  }
  get length(): number {
    return this.x_data.shape[0];
  }
}

export class Model extends nn.Module {
  linear1: nn.Linear;
  linear2: nn.Linear;
  constructor(inputSize: number, outputSize: number, hiddenSize: number) {
    super();
    this.linear1 = new nn.Linear(inputSize, hiddenSize);
    this.linear2 = new nn.Linear(hiddenSize, outputSize);
  }
  forward(x: Tensor): Tensor {
    const h1 = this.linear1(x);
    const h2 = torch.sigmoid(h1);
    const h3 = this.linear2(h2);
    return h3;
  }
}

export const defaults = {
  numData: 1000,
  epochs: 300,
  batchSize: 64,
  lr: 1e-2,
  seed: 42,
  /** where the loss curve goes ("" for no PNG) */
  outDir: "example-out/logistic",
  print: true,
};
export type Config = typeof defaults;

export interface Result {
  trainLoss: number[];
  testLoss: number[];
  testAccuracy: number[];
  state: Record<string, number[]>;
  repr: string;
  plot: Promise<string | null> | null;
}

export function run(config: Partial<Config> = {}): Result {
  const c = { ...defaults, ...config };
  const log = (s: string) => {
    if (c.print) console.log(s);
  };
  torch.manualSeed(c.seed);
  const data = new SmDataset(c.numData);
  // 80% / 20%, by slicing a random permutation
  const perm = torch.randperm(c.numData).tolist() as number[];
  const split = Math.floor(0.8 * c.numData);
  const trainSet = new Subset(data, perm.slice(0, split));
  const [XTest, yTest] = [data.x_data.index(torch.tensor(perm.slice(split))), data.y_data.index(torch.tensor(perm.slice(split)))];
  const trainLoader = new DataLoader(trainSet, { batchSize: c.batchSize, shuffle: true });

  const logistic = new Model(2, 1, 2); // Model(input_size=2, output_size=1, hidden_size=2)
  const lossFn = new nn.BCEWithLogitsLoss();
  const optimizer = new optim.Adam(logistic.parameters(), { lr: c.lr });

  const trainLoss: number[] = [], testLoss: number[] = [], testAccuracy: number[] = [];
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    logistic.train();
    let total = 0;
    for (const [xb, yb] of trainLoader as Iterable<[Tensor, Tensor]>) {
      const yPred = logistic(xb);
      const loss = lossFn(yPred, yb);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      total += (loss.item() as number) * xb.shape[0];
    }
    trainLoss.push(total / split);

    logistic.eval();
    const [tl, acc] = torch.inferenceMode(() => {
      const testPred = logistic(XTest);
      const correct = testPred.gt(0).float().eq(yTest).float().mean().item() as number;
      return [lossFn(testPred, yTest).item() as number, correct];
    });
    testLoss.push(tl);
    testAccuracy.push(acc);
    if (epoch % 100 === 0 || epoch === c.epochs - 1)
      log(`Epoch: ${epoch} | Train Loss: ${trainLoss[epoch].toFixed(5)} | Test Loss: ${tl.toFixed(5)} | Test acc: ${(100 * acc).toFixed(1)}%`);
  }
  const state = Object.fromEntries(Object.entries(logistic.stateDict()).map(([k, v]) => [k, v.flatten().tolist() as number[]]));
  const plot = c.outDir
    ? saveLinePlot(join(c.outDir, "loss.png"), [{ name: "train", values: trainLoss }, { name: "test", values: testLoss }], { title: "logistic: BCEWithLogitsLoss", xLabel: "epoch" })
    : null;
  plot?.then((f) => f && log(`wrote ${f}`));
  return { trainLoss, testLoss, testAccuracy, state, repr: String(logistic), plot };
}

if (typeof require !== "undefined" && require.main === module) run(parseFlags(defaults));
