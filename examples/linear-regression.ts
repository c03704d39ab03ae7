// The seed's first workflow: a linear-regression model as an nn.Module
// subclass, L1 loss, SGD, train/eval, inference mode, on CPU or CUDA.
//   npx tsx examples/linear-regression.ts
import torch, { nn, optim, Tensor } from "torch-node";

export function run(print = true): { trainLoss: number[]; testLoss: number[]; state: Record<string, number[]> } {
  const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
  const weight = 0.7, bias = 0.3;
  const X = torch.arange(0, 1, 0.02).unsqueeze(1);
  const y = X.mul(weight).add(bias);
  const split = Math.floor(0.8 * X.shape[0]);
  const [XTrain, yTrain] = [X.index(`:${split}`).to(device), y.index(`:${split}`).to(device)];
  const [XTest, yTest] = [X.index(`${split}:`).to(device), y.index(`${split}:`).to(device)];

  class LRM extends nn.Module {
    linear_layer = new nn.Linear({ inFeatures: 1, outFeatures: 1 });
    forward(x: Tensor): Tensor {
      return this.linear_layer(x);
    }
  }

  torch.manualSeed(42);
  const model = new LRM().to(device);
  const lossFn = new nn.L1Loss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
  const trainLoss: number[] = [], testLoss: number[] = [];
  for (let epoch = 0; epoch < 200; epoch++) {
    model.train();
    const yPred = model(XTrain);
    const loss = lossFn(yPred, yTrain);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    model.eval();
    const testPred = torch.inferenceMode(() => model(XTest));
    const tl = lossFn(testPred, yTest);
    trainLoss.push(loss.item() as number);
    testLoss.push(tl.item() as number);
    if (print && epoch % 20 === 0) console.log(`Epoch: ${epoch} | Train Loss: ${loss.item()} | Test Loss: ${tl.item()}`);
  }
  const state = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, v.cpu().flatten().tolist()]));
  if (print) console.log(model.stateDict());
  return { trainLoss, testLoss, state };
}

if (typeof require !== "undefined" && require.main === module) run();
