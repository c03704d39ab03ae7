// The seed's CNN (TinyVGG) and common layers against Python: initial
// parameters after the same seed, print, forward, loss, gradients, train/eval.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor, nn, F } from "../../src";
import { ULPS, expectTensorClose } from "../tolerance";

type Enc = { shape: number[]; values: number[] };
const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nn_layers.json"), "utf8"));
/** the same draws / one kernel as Python: floats within test/tolerance.ts ULPS, integers exact */
const exact = (t: Tensor, e: Enc) => expectTensorClose(t, e, ULPS);
const close = (t: Tensor, e: Enc, tol = 1e-5) => {
  expect(t.shape).toEqual(e.shape);
  const got = Array.from(t.detach().toTypedArray(), Number);
  got.forEach((v, i) => expect(Math.abs(v - e.values[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(e.values[i]))));
};

class TinyVGG extends nn.Module {
  block_1: nn.Sequential;
  block_2: nn.Sequential;
  classifier: nn.Sequential;
  constructor(inputShape: number, hiddenUnits: number, outputShape: number) {
    super();
    this.block_1 = new nn.Sequential(
      new nn.Conv2d({ inChannels: inputShape, outChannels: hiddenUnits, kernelSize: 3, stride: 1, padding: 1 }), new nn.ReLU(),
      new nn.Conv2d({ inChannels: hiddenUnits, outChannels: hiddenUnits, kernelSize: 3, stride: 1, padding: 1 }), new nn.ReLU(),
      new nn.MaxPool2d({ kernelSize: 2, stride: 2 }));
    this.block_2 = new nn.Sequential(
      new nn.Conv2d(hiddenUnits, hiddenUnits, 3, { padding: 1 }), new nn.ReLU(),
      new nn.Conv2d(hiddenUnits, hiddenUnits, 3, { padding: 1 }), new nn.ReLU(),
      new nn.MaxPool2d(2));
    this.classifier = new nn.Sequential(new nn.Flatten(), new nn.Linear(hiddenUnits * 7 * 7, outputShape));
  }
  forward(x: Tensor): Tensor {
    return this.classifier(this.block_2(this.block_1(x)));
  }
}

describe("the seed's CNN (TinyVGG)", () => {
  it("initial parameters, print, forward, cross-entropy and gradients equal Python's", () => {
    torch.manualSeed(42);
    const model = new TinyVGG(1, 4, 10);
    expect(String(model)).toBe(py.vgg_repr);
    const sd = model.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(py.vgg_state));
    for (const k of Object.keys(sd)) exact(sd[k], py.vgg_state[k]);
    torch.manualSeed(7);
    const x = torch.rand(2, 1, 28, 28);
    const logits = model(x) as Tensor;
    const loss = F.crossEntropy(logits, torch.tensor([3, 7]));
    loss.backward();
    close(logits, py.vgg_logits);
    expect(loss.item()).toBeCloseTo(py.vgg_loss, 5);
    for (const [n, p] of model.namedParameters()) close(p.grad!, py.vgg_grads[n], 1e-4);
  });
});

describe("layers", () => {
  it("BatchNorm2d: training updates running stats, eval uses them", () => {
    torch.manualSeed(0);
    const bn = new nn.BatchNorm2d(3);
    const xb = torch.randn(4, 3, 5, 5);
    const yb = bn(xb) as Tensor;
    expect(String(bn)).toBe(py.bn_repr);
    close(yb, py.bn_train[0]);
    close(bn.running_mean!, py.bn_train[1]);
    close(bn.running_var!, py.bn_train[2]);
    expect(bn.num_batches_tracked!.item()).toBe(py.bn_train[3]);
    bn.eval();
    close(bn(xb) as Tensor, py.bn_eval);
    expect(Object.keys(bn.stateDict())).toEqual(py.bn_keys);
  });

  it("Dropout draws Python's mask in training and is the identity in eval", () => {
    torch.manualSeed(1);
    const drop = new nn.Dropout(0.3);
    expect(String(drop)).toBe(py.dropout_repr);
    close(drop(torch.ones(20)) as Tensor, py.dropout_train);
    drop.eval();
    exact(drop(torch.ones(5)) as Tensor, py.dropout_eval);
  });

  it("Embedding with paddingIdx", () => {
    torch.manualSeed(2);
    const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
    expect(String(emb)).toBe(py.emb_repr);
    exact(emb.weight, py.emb_weight);
    exact(emb(torch.tensor([[0, 2], [9, 0]])) as Tensor, py.emb_out);
  });

  it("LayerNorm", () => {
    const ln = new nn.LayerNorm(4);
    expect(String(ln)).toBe(py.ln_repr);
    close(ln(torch.tensor([[1, 2, 3, 5], [0, -1, 1, 0.5]], { dtype: torch.float32 })) as Tensor, py.ln_out);
  });

  it("prints as Python", () => {
    expect([
      String(new nn.GELU()), String(new nn.LeakyReLU(0.2)), String(new nn.Softmax(1)), String(new nn.Flatten()),
      String(new nn.BatchNorm1d(4, { momentum: null })), String(new nn.Conv1d(1, 10, 3)),
      String(new nn.Conv2d(3, 8, 5, { stride: 2, padding: 2, bias: false })),
      String(new nn.AvgPool2d(2)), String(new nn.AdaptiveAvgPool2d([1, 1])), String(new nn.Dropout()),
    ]).toEqual(py.misc_repr);
  });

  it("bad constructor arguments throw clearly", () => {
    expect(() => new nn.Conv2d(3, 8, 5, { groups: 2 })).toThrow(/in_channels must be divisible by groups/);
    expect(() => new nn.Conv2d(3, 8, 5, { padding: "full" } as never)).toThrow(/Invalid padding string 'full'/);
    expect(() => new nn.Dropout(1.5)).toThrow(/dropout probability has to be between 0 and 1/);
    expect(() => new nn.BatchNorm2d(3)(torch.ones(2, 3))).toThrow(/expected 4D input \(got 2D input\)/);
  });
});
