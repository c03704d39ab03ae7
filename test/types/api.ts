// Type probes for the hand-written public API: module calls typed from forward, item()/tolist(),
// torch.load<T>(), DataLoader batches, constructors. Checked by `npx tsc -p tsconfig.test.json`
// (never run), and by test/types.test.ts, which removes each `@ts-expect-error` and checks that
// the line under it fails with the error code the comment names (TSxxxx), not some other error.
// Every line without a marker must type-check.
import torch, { Tensor, nn, optim, DataLoader, Dataset, TensorDataset } from "torch-node";
import * as safetensors from "torch-node/safetensors";
import { ops, utils as visionUtils } from "torch-node/vision";

declare const x: Tensor;
declare const ids: Tensor;

// ---- a module's call is its forward ----
const linear = new nn.Linear(3, 2);
const y: Tensor = linear(x);
// @ts-expect-error TS2322 a Linear returns a Tensor, not a number
const yn: number = linear(x);
// @ts-expect-error TS2554 Linear.forward takes one input (Python's TypeError at run time)
linear(x, x);
// @ts-expect-error TS2769 the input is a Tensor
linear(3);
// @ts-expect-error TS2554 forward needs its input
linear();

class MLP extends nn.Module {
  fc1 = new nn.Linear(4, 8);
  fc2 = new nn.Linear(8, 2);
  forward(input: Tensor, scale = 1): Tensor {
    return this.fc2(torch.relu(this.fc1(input))).mul(scale);
  }
}
const mlp = new MLP();
const out: Tensor = mlp(x);
const scaled: Tensor = mlp(x, 2);
// @ts-expect-error TS2769 scale is a number
mlp(x, "2");
// @ts-expect-error TS2554 MLP.forward takes at most two arguments
mlp(x, 2, 3);
// @ts-expect-error TS2322 a user module returns what its forward returns
const mlpOut: string = mlp(x);

class Pair extends nn.Module {
  forward(a: Tensor, b: Tensor): { sum: Tensor; diff: Tensor } {
    return { sum: a.add(b), diff: a.sub(b) };
  }
}
const { sum, diff } = new Pair()(x, x);
// @ts-expect-error TS2339 the result's fields are forward's
new Pair()(x, x).product;
// @ts-expect-error TS2554 both inputs are required
new Pair()(x);

// overloaded forwards keep each overload's result
const lstm = new nn.LSTM(3, 4);
const [seqOut, [h, c]] = lstm(x);
const [seqOut2] = lstm(x, [h, c]);
// @ts-expect-error TS2769 hx of an LSTM is a [h, c] pair
lstm(x, h);
const mha = new nn.MultiheadAttention(4, 2);
const [attnOut, attnWeights] = mha(x, x, x, { needWeights: false });
const [attnOut2] = mha(x, x, x, null, true, null);
// @ts-expect-error TS2769 an unknown option of MultiheadAttention.forward
mha(x, x, x, { needWieghts: false });

// max pooling: a Tensor, or [output, indices] when the class says returnIndices
const pooled: Tensor = new nn.MaxPool2d(2)(x);
const [pv, pi]: [Tensor, Tensor] = new nn.MaxPool2d<true>(2, { returnIndices: true })(x);
// @ts-expect-error TS2322 without returnIndices the result is one Tensor
const [pv2, pi2]: [Tensor, Tensor] = new nn.MaxPool2d(2)(x);

// containers: a Sequential's forward is Python's Any
const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 1));
const seqY: Tensor = seq(x);
// @ts-expect-error TS2554 Sequential.forward takes one input
seq(x, x);

// ---- constructors ----
new nn.Linear(3, 2, false);
new nn.Linear(3, 2, { bias: false, dtype: torch.float64 });
new nn.Linear({ inFeatures: 3, outFeatures: 2 });
// @ts-expect-error TS2345 in/out features are numbers
new nn.Linear(true, true);
// @ts-expect-error TS2345 bias is a boolean
new nn.Linear(3, 2, "yes");
// @ts-expect-error TS2345 an options object needs both sizes
new nn.Linear({ inFeatures: 3 });
// @ts-expect-error TS2345 unknown option
new nn.Linear(3, 2, { biass: false });
const sgd = new optim.SGD(mlp.parameters(), 0.1);
new optim.Adam(mlp.parameters(), { lr: 1e-3 });
// @ts-expect-error TS2345 lr is a number
new optim.SGD(mlp.parameters(), { lr: "0.1" });

// ---- tensors ----
const v: number = x.sum().item();
const b: boolean = x.gt(0).all().item<boolean>();
const b2: boolean = x.gt(0).all().item();  // the annotation picks item's type
const sqrt: number = Math.sqrt(x.sum().item());
// @ts-expect-error TS2322 item() is a number or a boolean, never a string
const bWrong: string = x.all().item();
// @ts-expect-error TS2344 item()'s type is a number or a boolean
x.item<string>();
const rows = x.tolist<number[][]>();
const first: number = rows[0][0];
const anyList = x.tolist();
// @ts-expect-error TS2339 tolist() without a type may be a number: say the shape to index it
anyList.map((r) => r);
// @ts-expect-error TS2344 tolist() holds numbers and booleans
x.tolist<string[]>();
// @ts-expect-error TS2769 softmax's dim is a number
x.softmax("dim");
// @ts-expect-error TS2345 matmul takes a Tensor
x.matmul([1, 2]);
// @ts-expect-error TS2551 Python's attribute names are camelCase
x.requires_grad;
// @ts-expect-error TS2322 shape is number[]
const shape: string[] = x.shape;
// @ts-expect-error TS2345 randn takes sizes and options
torch.randn("2");

// ---- serialization ----
const sd = torch.load<Record<string, Tensor>>("model.pt");
const w: Tensor = sd["fc1.weight"];
mlp.loadStateDict(torch.load("model.pt"));
// @ts-expect-error TS2322 load<T>() returns a T
const wrongLoad: string = torch.load<Record<string, Tensor>>("model.pt");
const fromSt: Record<string, Tensor> = safetensors.load(safetensors.save({ w }));
// @ts-expect-error TS2322 safetensors.save takes tensors
safetensors.save({ w: 1 });

// ---- data ----
const ds = new TensorDataset(x, ids);
for (const [bx, by] of new DataLoader(ds, { batchSize: 4 })) {
  const bxT: Tensor = bx;
  // @ts-expect-error TS2322 a TensorDataset's batch is Tensor[]
  const byN: number = by;
  void bxT; void byN;
}
class Pairs extends Dataset<[Tensor, number]> {
  getItem(i: number): [Tensor, number] { return [x.index(i), i % 2]; }
  get length(): number { return 10; }
}
for (const [img, label] of new DataLoader(new Pairs(), { batchSize: 2, shuffle: true })) {
  // numbers are collated into a Tensor, as Python's default_collate
  const labels: Tensor = label;
  // @ts-expect-error TS2322 the label batch is a Tensor, not number
  const labelN: number = label;
  void img; void labels; void labelN;
}
class Records extends Dataset<{ image: Tensor; name: string }> {
  getItem(i: number) { return { image: x.index(i), name: `n${i}` }; }
  get length(): number { return 3; }
}
for (const batch of new DataLoader(new Records(), 2)) {
  const names: string[] = batch.name;
  const images: Tensor = batch.image;
  // @ts-expect-error TS2339 a batch has the sample's fields
  batch.label;
  void names; void images;
}
// a collateFn decides the batch type
for (const n of new DataLoader(new Pairs(), { batchSize: 2, collateFn: (items) => items.length })) {
  const count: number = n;
  // @ts-expect-error TS2322 collateFn returned a number
  const countT: Tensor = n;
  void count; void countT;
}
// @ts-expect-error TS2769 collateFn takes the samples of the dataset
new DataLoader(new Pairs(), { batchSize: 2, collateFn: (items: string[]) => items });

void [y, yn, out, scaled, mlpOut, sum, diff, seqOut, seqOut2, attnOut, attnWeights, attnOut2, pooled, pv, pi, pv2, pi2, seqY,
  sgd, v, b, b2, sqrt, bWrong, first, shape, w, wrongLoad, fromSt];

// ---- creation ----
const ar: Tensor = torch.arange(10);
torch.arange(0, 10, 2, { dtype: torch.float64 });
torch.full([2, 3], 1.5);
torch.randint(0, 10, [3]);
torch.eye(3, { dtype: torch.float64 });
torch.linspace(0, 1, 5);
// @ts-expect-error TS2769 arange takes numbers
torch.arange("10");
// @ts-expect-error TS2345 full needs its fill value
torch.full([2, 3]);
// @ts-expect-error TS2769 randint's size is an array
torch.randint(10, 3);
// @ts-expect-error TS2769 randperm's n is a number
torch.randperm([3]);
void ar;

// ---- torch.cat / stack, autograd, functional ----
const catted: Tensor = torch.cat([x, x], 1);
torch.stack([x, x], { dim: 0 });
const [gx] = torch.autograd.grad(x.sum(), [x], null, true);
torch.autograd.backward([x.sum()], { inputs: [x] });
const u: Tensor = torch.unique(x);
const uAll = torch.unique(x, true, true, true);
// @ts-expect-error TS2345 cat takes an array of tensors
torch.cat(x, x);
// @ts-expect-error TS2345 grad's retainGraph is a boolean
torch.autograd.grad(x.sum(), [x], null, "yes");
// @ts-expect-error TS2322 with returnInverse the result may be [output, inverse]
const uWrong: Tensor = torch.unique(x, true, true);
void [catted, gx, u, uAll, uWrong];

// ---- vision ops (positional, or a trailing options object) ----
const keep: Tensor = ops.nms(x, ids, 0.5);
ops.nms(x, ids, { iouThreshold: 0.5 });
visionUtils.drawBoundingBoxes(x, ids, { width: 2, colors: "red" });
// @ts-expect-error TS2769 the IoU threshold is a number
ops.nms(x, ids, "0.5");
// @ts-expect-error TS2769 an unknown option
ops.boxIou(x, ids, { format: "xyxy" });
void keep;
