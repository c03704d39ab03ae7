// torch.nn
export { Module } from "./module";
export type { RemovableHandle, IncompatibleKeys } from "./module";
export { Parameter } from "./parameter";
export { Identity, Linear } from "./linear";
export { Sequential, ModuleList, ModuleDict } from "./container";
export { ParameterList, ParameterDict } from "./container";
export {
  ReLU, Tanh, Sigmoid, LeakyReLU, GELU, Softmax, LogSoftmax, ELU, SELU, CELU, SiLU, Mish, Hardtanh, ReLU6, Hardswish,
  Hardsigmoid, Softplus, Softsign, Softmin, GLU, LogSigmoid, Tanhshrink, Threshold, PReLU,
} from "./activation";
export { Conv1d, Conv2d, Conv3d } from "./conv";
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d } from "./pooling";
export { Flatten, Dropout, BatchNorm1d, BatchNorm2d, LayerNorm, Embedding } from "./layers";
export { RNN, LSTM, GRU } from "./rnn";
export { RNNCell, LSTMCell, GRUCell } from "./rnn";
export { MultiheadAttention, TransformerEncoderLayer, NonDynamicallyQuantizableLinear } from "./transformer";
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
