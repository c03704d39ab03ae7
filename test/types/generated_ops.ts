// Type probes for the generated op surface (src/generated/ops.ts, made by scripts/gen-ops.js).
// Checked by `npx tsc -p tsconfig.test.json` (never run): each `@ts-expect-error` line must be a
// type error, every other line must type-check. Runtime behaviour is tested in test/ops/.
import torch, { Tensor } from "torch-node";

declare const x: Tensor;
declare const idx: Tensor;

// ---- Tensor methods (generated) ----
const tk = x.topk(2);
const tkValues: Tensor = tk.values;
const [tkV, tkI]: Tensor[] = [tk[0], tk[1]];
void tkValues; void tkV; void tkI;
x.topk(2, 1, false);
x.topk(2, { dim: 1, largest: false });
x.topk({ k: 2 });
// @ts-expect-error k is required: an options object without it is not a topk call
x.topk({ dim: 1 });
// @ts-expect-error k is a number
x.topk("2");
// @ts-expect-error a key given positionally may not repeat in the options (Python: got multiple values)
x.topk(2, { k: 3 });
// @ts-expect-error unknown option
x.topk(2, { dimension: 1 });

x.absolute();
// @ts-expect-error absolute() takes no arguments (its options used to be {}, which took anything)
x.absolute(5);
// @ts-expect-error absolute() takes no options either
x.absolute({ dim: 1 });
const isC: boolean = x.isComplex();
void isC;
// @ts-expect-error isComplex() returns boolean, not a Tensor
const isCT: Tensor = x.isComplex();
void isCT;

x.cumsum(1);
x.cumsum({ dim: 1, dtype: torch.float64 });
// @ts-expect-error dtype must be a torch.dtype, not a string
x.cumsum(1, { dtype: "float64" });
x.kthvalue(1, 0, true);
// @ts-expect-error keepdim is a boolean
x.kthvalue(1, 0, 1);
x.nanToNum({ nan: 0, posinf: 1 });
x.indexSelect(0, idx);
// @ts-expect-error index is a Tensor
x.indexSelect(0, [0, 1]);
x.scatterAdd(0, idx, x);
x.narrow(0, 1, 2);
// @ts-expect-error length is required
x.narrow(0, 1);
x.narrow(0, { start: 1, length: 2 });

// ---- torch.* functions (generated) ----
torch.topk(x, 2, { largest: false });
const mx = torch.max(x, 1);
const mxIdx: Tensor = mx.indices;
void mxIdx;
const mxAll: Tensor = torch.max(x);
void mxAll;
torch.cumsum(x, 0);
torch.cumsum(x, { dim: 0 });
// @ts-expect-error dim is required
torch.cumsum(x, {});
// @ts-expect-error input given positionally may not repeat as an option
torch.cumsum(x, 0, { input: x });
torch.conv2d(x, x, null, 1, 1);
torch.conv2d(x, x, { padding: "same" });
// @ts-expect-error padding is a number, an array or "same"/"valid"
torch.conv2d(x, x, { padding: true });
torch.clamp(x, { min: 0 });
torch.logsumexp(x, 1, true);
// @ts-expect-error keepdim is a boolean
torch.logsumexp(x, 1, "yes");

// ---- torch.linalg / fft / special ----
torch.linalg.norm(x, { dim: 1 });
const qr = torch.linalg.qr(x);
const q: Tensor = qr.Q;
void q;
// @ts-expect-error mode is a string
torch.linalg.qr(x, 1);
torch.fft.rfft(x, { n: 8, norm: "ortho" });
// @ts-expect-error n is a number
torch.fft.rfft(x, "8");
torch.special.logit(x, { eps: 1e-6 });
// @ts-expect-error eps is a number
torch.special.logit(x, { eps: "small" });

// ---- hand-written torch.* factories (src/creation.ts) ----
torch.arange(5);
torch.arange(1, 5, 2, { dtype: torch.float32 });
torch.arange({ end: 5 });
// @ts-expect-error end is a number
torch.arange("5");
// @ts-expect-error end is required in the options form
torch.arange({ start: 1 });
torch.full([2, 3], 1.5);
torch.full([2], true, { dtype: torch.bool });
// @ts-expect-error fillValue is required
torch.full([2, 3]);
torch.randint(10, [3]);
torch.randint(0, 10, [3], { dtype: torch.int32 });
torch.randint({ high: 10, size: [3] });
// @ts-expect-error size is required
torch.randint(10);
torch.randperm(5, { generator: new torch.Generator() });
// @ts-expect-error n is a number
torch.randperm("5");
torch.linspace(0, 1, 5);
// @ts-expect-error steps is required
torch.linspace(0, 1);
torch.eye(3);
torch.eye(3, 4, { dtype: torch.float64 });
torch.randintLike(x, 10);
torch.asTensor([1, 2, 3], torch.float32);
torch.asarray([1, 2], { dtype: torch.float64 });
torch.cat([x, x]);
torch.cat([x, x], 1);
torch.cat({ tensors: [x, x], dim: 1 });
// @ts-expect-error tensors is a list of Tensors
torch.cat([1, 2]);
// @ts-expect-error dim is a number
torch.stack([x, x], "1");
const [gx, gy] = torch.meshgrid(x, x, { indexing: "ij" });
void gx; void gy;
torch.meshgrid([x, x]);
// @ts-expect-error indexing is "ij" or "xy"
torch.meshgrid(x, x, { indexing: "ji" });
const u: Tensor = torch.unique(x);
const uc: Tensor | Tensor[] = torch.unique(x, { returnCounts: true });
void u; void uc;
// @ts-expect-error with returnInverse the result may be a list
const u2: Tensor = torch.unique(x, true, true);
void u2;
torch.norm(x, "fro", 1, true);
torch.norm(x, { p: 2, dim: [0, 1] });
// @ts-expect-error p is a number, "fro", "nuc" or null
torch.norm(x, "l2");
