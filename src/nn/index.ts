// torch.nn
export { Module } from "./module";
export type { RemovableHandle, IncompatibleKeys } from "./module";
export { Parameter } from "./parameter";
export { Identity, Linear, Bilinear } from "./linear";
export { Sequential, ModuleList, ModuleDict } from "./container";
export { ParameterList, ParameterDict } from "./container";
export {
  ReLU, Tanh, Sigmoid, LeakyReLU, GELU, Softmax, LogSoftmax, ELU, SELU, CELU, SiLU, Mish, Hardtanh, ReLU6, Hardswish,
  Hardsigmoid, Softplus, Softsign, Softmin, GLU, LogSigmoid, Tanhshrink, Threshold, PReLU,
  Softshrink, Hardshrink, RReLU, Softmax2d,
} from "./activation";
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "./conv";
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d,
  AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, LPPool1d, LPPool2d, LPPool3d,
} from "./pooling";
export {
  ZeroPad1d, ZeroPad2d, ZeroPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d,
} from "./padding";
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, PixelShuffle, PixelUnshuffle } from "./upsampling";
export {
  Flatten, Unflatten, Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout, BatchNorm1d, BatchNorm2d, BatchNorm3d,
  LayerNorm, Embedding, EmbeddingBag,
} from "./layers";
export { GroupNorm, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm, RMSNorm } from "./normalization";
export { PairwiseDistance, CosineSimilarity } from "./distance";
export { RNN, LSTM, GRU } from "./rnn";
export {
  MultiheadAttention, TransformerEncoderLayer, NonDynamicallyQuantizableLinear, TransformerDecoderLayer, TransformerEncoder, TransformerDecoder,
  Transformer,
} from "./transformer";
export { deepcopy } from "./module";
export { RNNCell, LSTMCell, GRUCell } from "./rnn";
export { MSELoss, L1Loss, CrossEntropyLoss, BCEWithLogitsLoss, NLLLoss, BCELoss, SmoothL1Loss, HuberLoss, KLDivLoss } from "./loss";
export {
  CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CTCLoss, PoissonNLLLoss,
  GaussianNLLLoss, HingeEmbeddingLoss, SoftMarginLoss, MultiLabelSoftMarginLoss, MultiLabelMarginLoss, MultiMarginLoss,
} from "./loss";
import * as utils from "./utils";
export { utils };
import * as init from "./init";
import * as functional from "./functional";
export { init, functional };

// Leaf layers whose outputs a Sequential may release at once (see container.ts).
import { registerReleasableLeaves } from "./container";
import { Module as Module_ } from "./module";
import * as linear_ from "./linear";
import * as activation_ from "./activation";
import * as conv_ from "./conv";
import * as pooling_ from "./pooling";
import * as padding_ from "./padding";
import * as upsampling_ from "./upsampling";
import * as layers_ from "./layers";
import * as normalization_ from "./normalization";
registerReleasableLeaves(
  ...[linear_, activation_, conv_, pooling_, padding_, upsampling_, layers_, normalization_]
    .flatMap((m) => Object.values(m))
    .filter((v): v is new (...a: never[]) => Module_ => typeof v === "function" && v.prototype instanceof Module_),
);

// Built-in forwards throw Python's TypeError for too many positional arguments (see arity.ts).
import { registerForwardArity } from "./arity";
import * as loss_ from "./loss";
import * as rnn_ from "./rnn";
import * as transformer_ from "./transformer";
import * as distance_ from "./distance";
import * as container_ from "./container";
registerForwardArity(
  ...[linear_, activation_, conv_, pooling_, padding_, upsampling_, layers_, normalization_, loss_, rnn_, transformer_, distance_, container_]
    .flatMap((m) => Object.values(m))
    .filter((v): v is new (...a: never[]) => Module_ => typeof v === "function" && v.prototype instanceof Module_),
);
