// torch-node/vision datasets (torchvision.datasets).
export { VisionDataset, StandardTransform } from "./vision";
export type { Transform, JointTransform } from "./vision";
export { MNIST, FashionMNIST, KMNIST, EMNIST, QMNIST, readSn3PascalvincentTensor, readImageFile, readLabelFile } from "./mnist";
export type { MNISTOptions } from "./mnist";
export { CIFAR10, CIFAR100, loadCifarBatch } from "./cifar";
export type { CIFAROptions } from "./cifar";
export { SVHN } from "./svhn";
export {
  DatasetFolder, ImageFolder, IMG_EXTENSIONS, defaultLoader, findClasses, makeDataset, hasFileAllowedExtension, isImageFile,
} from "./folder";
export type { Loader, DatasetFolderOptions, ImageFolderOptions } from "./folder";
export * as utils from "./utils";
/** @internal run in a DataLoader worker (see _worker.ts) */
export { _buildDataset } from "./_worker";
