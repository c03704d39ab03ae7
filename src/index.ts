// torch-node: PyTorch for Node.js. `import torch, { Tensor } from "torch-node"`.
import { torch } from "./torch";

export default torch;
export { torch };
import type { Tensor as TensorClass } from "./tensor";
import { TensorProxy } from "./legacy";
/** The Tensor class (instanceof, types); also Python's legacy constructor `new Tensor([1, 2])`. */
export type Tensor = TensorClass;
export const Tensor = TensorProxy;
export { Size } from "./size";
export type { ValuesIndices, DeviceLike } from "./tensor";
export { dtype } from "./dtype";
export { layout } from "./layout";
export { memory_format } from "./memory_format";
export { Device, device } from "./device";
export { Generator, manualSeed } from "./random";
export type { TensorOptions, RandomOptions } from "./creation";
export type { LoadOptions, MapLocation } from "./serialization/load";
export type { SaveOptions } from "./serialization/save";
export { tidy, keep } from "./memory";
export { noGrad, enableGrad, inferenceMode } from "./grad_mode";
export { cuda, backends } from "./cuda";
export { jit } from "./jit";
export type { ScriptModule } from "./jit";
export { cpu } from "./cpu";
export type { CpuCacheStats } from "./cpu";
export { autocast, GradScaler } from "./amp";
export type { AutocastOptions, GradScalerOptions, GradScalerState } from "./amp";
export type { CudaDeviceProperties } from "./native";
import * as nn from "./nn";
import * as optim from "./optim";
export { nn, optim };
export * as distributions from "./distributions";
export { Dataset, IterableDataset, TensorDataset, Subset, DataLoader, randomSplit } from "./utils/data";
export { tqdm, trange, ProgressBar } from "./utils/progress";
export type { ProgressOptions } from "./utils/progress";
export const F = nn.functional;
