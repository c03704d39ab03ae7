// LeNet-5 (LeCun et al., 1998) for 1x32x32 inputs (MNIST resized to 32, as `transforms.Resize(32)`):
// conv1 5x5 (6) -> ReLU -> 2x2 max pool -> conv2 5x5 (16) -> ReLU -> 2x2 max pool -> fc1 400->120 -> ReLU
// -> fc2 120->84 -> ReLU -> fc3 84->numClasses. torchvision has no LeNet; this is the classic PyTorch
// definition (the class in test/fixtures/vision/make_models_cnn.py), with its module names.
import * as fs from "fs";
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as nn from "../../nn";
import * as F from "../../nn/functional";
import { bind, isOptions } from "../../args";
import { describe } from "../../device";
import { loadCheckpointFile, registerModel } from "./_api";

export interface LeNet5Options {
  numClasses?: number;
}

/** new LeNet5(numClasses = 10) */
export class LeNet5 extends Module {
  declare conv1: nn.Conv2d;
  declare pool: nn.MaxPool2d;
  declare conv2: nn.Conv2d;
  declare fc1: nn.Linear;
  declare fc2: nn.Linear;
  declare fc3: nn.Linear;

  constructor(options?: LeNet5Options);
  constructor(numClasses?: number);
  constructor(...args: unknown[]) {
    super();
    const [numClasses = 10] = bind("LeNet5", ["numClasses"], args) as [number?];
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new TypeError(`LeNet5(): argument 'numClasses' must be a positive int, not ${describe(numClasses)}`);
    this.conv1 = new nn.Conv2d(1, 6, 5);
    this.pool = new nn.MaxPool2d(2, 2);
    this.conv2 = new nn.Conv2d(6, 16, 5);
    this.fc1 = new nn.Linear(16 * 5 * 5, 120);
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, numClasses);
  }

  forward(x: Tensor): Tensor {
    x = this.pool(F.relu(this.conv1(x)));
    x = this.pool(F.relu(this.conv2(x)));
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}

export interface LeNet5BuilderOptions extends LeNet5Options {
  /** null, or a path to a checkpoint (.pth / .safetensors) holding a LeNet5 state dict (there are no published weights). */
  weights?: string | null;
  progress?: boolean;
}

/** lenet5({ weights, numClasses }): a LeNet5, with the weights of a local checkpoint file when `weights` is its path. */
export function lenet5(options: LeNet5BuilderOptions = {}): LeNet5 {
  if (!isOptions(options)) throw new TypeError(`lenet5() takes keyword arguments only ({ weights, numClasses }), not ${describe(options)}`);
  const { weights = null, progress, ...kwargs } = options;
  void progress;
  if (weights !== null && typeof weights !== "string")
    throw new TypeError(`lenet5(): LeNet5 has no published weights: 'weights' must be null or a path to a checkpoint file, not ${describe(weights)}`);
  if (weights !== null && !fs.existsSync(weights)) throw new Error(`weights: no such checkpoint file: '${weights}'`);
  const model = new LeNet5(kwargs);
  if (weights !== null) model.loadStateDict(loadCheckpointFile(weights));
  return model;
}
registerModel("lenet5", lenet5, null);
