// Type probes for the hand-written nn signatures (src/nn/*: functional forms and module constructors):
// positional arguments in Python's order, or one trailing options object with camelCase keys.
// Checked by `npx tsc -p tsconfig.test.json` (never run): each `@ts-expect-error` line must be a
// type error, every other line must type-check. Runtime behaviour is tested in test/nn/.
import torch, { nn, F, Tensor } from "torch-node";

declare const x: Tensor;
declare const w: Tensor;
declare const y: Tensor;

// ---- functional ----
F.dropout(x, 0.2);
F.dropout(x, 0.2, true, false);
F.dropout(x, { p: 0.2, training: false });
F.dropout(x, 0.2, { training: false });
// @ts-expect-error p is a number
F.dropout(x, "0.2");
// @ts-expect-error unknown option
F.dropout(x, { prob: 0.2 });
F.linear(x, w);
F.linear(x, w, null);
// @ts-expect-error weight is a Tensor
F.linear(x, 3);
F.crossEntropy(x, y);
F.crossEntropy(x, y, { reduction: "sum", labelSmoothing: 0.1 });
F.mseLoss(x, y, { reduction: "none" });
F.conv2d(x, w);
F.conv2d(x, w, null, 1, 1);
F.conv2d(x, w, { padding: "same", groups: 2 });
F.conv2d(x, w, null, [2, 2], "valid");
// @ts-expect-error padding is a number, an array, "same" or "valid"
F.conv2d(x, w, { padding: "full" });
// @ts-expect-error bias is a Tensor or null
F.conv2d(x, w, 1);
F.convTranspose2d(x, w, null, 2, 1, 1);
const mp: Tensor = F.maxPool2d(x, 2);
F.maxPool2d(x, 2, { stride: 1, ceilMode: true });
F.maxPool2d(x, { kernelSize: 2 });
const [mpOut, mpIdx] = F.maxPool2d(x, 2, { returnIndices: true });
const mpIdxT: Tensor = mpIdx;
void mp; void mpOut; void mpIdxT;
// @ts-expect-error kernelSize is required
F.maxPool2d(x, { stride: 2 });
// @ts-expect-error ceilMode is a boolean
F.maxPool2d(x, 2, 2, 0, 1, 1);
F.avgPool2d(x, 2, { countIncludePad: false, divisorOverride: 3 });
F.adaptiveAvgPool2d(x, [4, null]);
F.pad(x, [1, 1]);
F.pad(x, [1, 1, 2, 2], "reflect");
F.pad(x, [1, 1], { mode: "constant", value: 0.5 });
// @ts-expect-error unknown pad mode
F.pad(x, [1, 1], "mirror");
// @ts-expect-error pad is a list of ints
F.pad(x, 1);
F.interpolate(x, { scaleFactor: 2, mode: "bilinear", alignCorners: false });
F.interpolate(x, [8, 8]);
F.interpolate(x, null, 2, "nearest");
// @ts-expect-error unknown interpolation mode
F.interpolate(x, { scaleFactor: 2, mode: "cubic" });
// @ts-expect-error alignCorners is a boolean
F.interpolate(x, { size: 4, alignCorners: "yes" });
F.layerNorm(x, [4]);
F.layerNorm(x, { normalizedShape: 4, eps: 1e-6 });
// @ts-expect-error normalizedShape is required in the options form
F.layerNorm(x, { eps: 1e-6 });
F.batchNorm(x, null, null, { training: true });
F.embedding(y, w, { paddingIdx: 0 });
// @ts-expect-error mode is "sum", "mean" or "max"
F.embeddingBag(y, w, { mode: "avg" });
F.oneHot(y, 10);
F.normalize(x, { dim: -1 });
F.cosineSimilarity(x, y, 0);

// ---- module constructors ----
new nn.Linear(3, 2);
new nn.Linear(3, 2, false);
new nn.Linear({ inFeatures: 3, outFeatures: 2 });
new nn.Linear(3, 2, { bias: false, dtype: torch.float64 });
// @ts-expect-error inFeatures and outFeatures are numbers
new nn.Linear(true, true);
// @ts-expect-error outFeatures is required
new nn.Linear({ inFeatures: 3 });
// @ts-expect-error dtype is a torch.dtype
new nn.Linear(3, 2, { dtype: "float64" });
new nn.Conv2d(3, 16, 3);
new nn.Conv2d(3, 16, 3, 1, 1);
new nn.Conv2d(3, 16, { kernelSize: 3, padding: "same", paddingMode: "reflect" });
new nn.Conv2d({ inChannels: 3, outChannels: 16, kernelSize: [3, 3] });
// @ts-expect-error unknown padding mode
new nn.Conv2d(3, 16, 3, { paddingMode: "mirror" });
// @ts-expect-error kernelSize is required
new nn.Conv2d({ inChannels: 3, outChannels: 16 });
new nn.ConvTranspose2d(16, 3, 4, { stride: 2, outputPadding: 1 });
new nn.MaxPool2d(2);
new nn.MaxPool2d(2, { stride: 1, ceilMode: true });
// @ts-expect-error kernelSize is a number or an array
new nn.MaxPool2d("2");
new nn.AvgPool2d(3, { countIncludePad: false });
new nn.AdaptiveAvgPool2d([1, 1]);
new nn.AdaptiveAvgPool2d(1);
new nn.BatchNorm2d(16);
new nn.BatchNorm2d(16, { momentum: null, affine: false });
// @ts-expect-error numFeatures is a number
new nn.BatchNorm2d("16");
new nn.LayerNorm([10], { eps: 1e-6, elementwiseAffine: false });
new nn.GroupNorm(2, 16);
new nn.Dropout(0.5);
new nn.Dropout({ p: 0.1, inplace: true });
new nn.Dropout();
// @ts-expect-error p is a number
new nn.Dropout("0.5");
new nn.Embedding(10, 3, { paddingIdx: 0 });
nn.Embedding.fromPretrained(w, { freeze: false });
// @ts-expect-error embeddings is a Tensor
nn.Embedding.fromPretrained([[1, 2]]);
new nn.EmbeddingBag(10, 3, { mode: "sum" });
new nn.Flatten();
new nn.Flatten(0, -1);
new nn.Unflatten(1, [2, 3]);
new nn.ZeroPad2d(1);
new nn.ReflectionPad2d([1, 1, 2, 2]);
new nn.ConstantPad1d(2, 0.5);
// @ts-expect-error value is required
new nn.ConstantPad1d(2);
new nn.Upsample({ scaleFactor: 2, mode: "nearest" });
// @ts-expect-error unknown upsampling mode
new nn.Upsample({ scaleFactor: 2, mode: "cubic" });
new nn.PixelShuffle(2);
new nn.LSTM(10, 20, 2, { batchFirst: true, bidirectional: true });
new nn.GRU({ inputSize: 10, hiddenSize: 20 });
new nn.RNN(10, 20, { nonlinearity: "relu" });
// @ts-expect-error nonlinearity is "tanh" or "relu"
new nn.RNN(10, 20, { nonlinearity: "sigmoid" });
new nn.LSTMCell(10, 20, false);
// @ts-expect-error hiddenSize is a number
new nn.GRUCell(10, "20");
nn.utils.rnn.padSequence([x, y], { batchFirst: true });
nn.utils.rnn.packPaddedSequence(x, [3, 2], true, false);
// @ts-expect-error lengths is required
nn.utils.rnn.packPaddedSequence(x, { batchFirst: true });
new nn.PairwiseDistance({ p: 1 });
new nn.CosineSimilarity(0);

// ---- losses ----
F.crossEntropy(x, y, w);
F.crossEntropy(x, y, null, null, -1);
F.crossEntropy(x, y, { ignoreIndex: -1, labelSmoothing: 0.1 });
// @ts-expect-error reduction is "none", "mean" or "sum"
F.crossEntropy(x, y, { reduction: "avg" });
// @ts-expect-error the third positional is weight (a Tensor), not the reduction
F.crossEntropy(x, y, "sum");
F.mseLoss(x, y, { reduction: "sum", weight: w });
// @ts-expect-error unknown option
F.mseLoss(x, y, { reductions: "sum" });
F.nllLoss(x, y, { ignoreIndex: 0 });
F.binaryCrossEntropyWithLogits(x, y, { posWeight: w });
F.klDiv(x, y, { reduction: "batchmean", logTarget: true });
F.smoothL1Loss(x, y, { beta: 0.5 });
F.huberLoss(x, y, "mean", 2);
F.tripletMarginLoss(x, y, w, { margin: 0.5, swap: true });
F.ctcLoss(x, y, [4], [2], { blank: 0, zeroInfinity: true });
F.gaussianNllLoss(x, y, w, { full: true });
// @ts-expect-error margin is a number
F.marginRankingLoss(x, y, w, "1");
new nn.CrossEntropyLoss();
new nn.CrossEntropyLoss({ labelSmoothing: 0.1, ignoreIndex: -1 });
new nn.CrossEntropyLoss(w, null, -100);
// @ts-expect-error the first positional is weight (a Tensor), not the reduction
new nn.CrossEntropyLoss("sum");
new nn.MSELoss({ reduction: "sum" });
// @ts-expect-error reduction is "none", "mean" or "sum"
new nn.MSELoss({ reduction: "avg" });
new nn.BCEWithLogitsLoss({ posWeight: w });
new nn.KLDivLoss({ reduction: "batchmean", logTarget: true });
new nn.HuberLoss("sum", 0.5);
new nn.Transformer({ dModel: 32, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1, batchFirst: true });
new nn.Transformer(32, 4, 1, 1, 64);
// @ts-expect-error dModel is a number
new nn.Transformer("32");
// @ts-expect-error activation is "relu", "gelu", a function or a Module
new nn.Transformer({ activation: "tanh" });
new nn.TransformerEncoderLayer({ dModel: 32, nhead: 4, normFirst: true });
