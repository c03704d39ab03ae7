// torch.optim
export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamsArg, GroupOptions } from "./optimizer";
export { SGD } from "./sgd";
export type { SGDOptions } from "./sgd";
export { Adam, AdamW } from "./adam";
export { RMSprop, Adagrad } from "./rmsprop";
export type { RMSpropOptions, AdagradOptions } from "./rmsprop";
export type { AdamOptions } from "./adam";
import * as lrScheduler from "./lr_scheduler";
export { lrScheduler };
