// torch.utils.data
export { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, StackDataset, randomSplit } from "./dataset";
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, BatchSampler } from "./sampler";
export { DataLoader } from "./dataloader";
export type { DataLoaderOptions } from "./dataloader";
export { defaultCollate } from "./collate";
