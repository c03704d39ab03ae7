// torch.nn
export { Module } from "./module";
export type { RemovableHandle, IncompatibleKeys } from "./module";
export { Parameter } from "./parameter";
export { Identity, Linear } from "./linear";
export { Sequential, ModuleList, ModuleDict } from "./container";
export { ReLU, Tanh, Sigmoid } from "./activation";
export { MSELoss, L1Loss, CrossEntropyLoss, BCEWithLogitsLoss } from "./loss";
import * as init from "./init";
import * as functional from "./functional";
export { init, functional };
