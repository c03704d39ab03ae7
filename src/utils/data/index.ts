// torch.utils.data
export { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, StackDataset, randomSplit } from "./dataset";
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, DistributedSampler } from "./sampler";
export type { DistributedSamplerOptions, RandomSamplerOptions } from "./sampler";
export { DataLoader, DataLoaderIter } from "./dataloader";
export type { DataLoaderOptions } from "./dataloader";
export { defaultCollate } from "./collate";
export type { Collated } from "./collate";
export { getWorkerInfo } from "./worker_info";
export type { WorkerInfo } from "./worker_info";
export type { WorkerModuleSpec, WorkerDatasetSpec } from "./worker_spec";
export type { WorkerType } from "./worker_pool";
