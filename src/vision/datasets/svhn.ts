// torchvision.datasets.SVHN reads MATLAB .mat files (scipy.io.loadmat): that
// reader is not part of torch-node yet, so SVHN throws a clear error.
import { VisionDataset } from "./vision";

/** SVHN(root, split = "train", transform, targetTransform, download): not supported yet (the .mat reader is missing). */
export class SVHN extends VisionDataset<[any, any]> {
  constructor(..._args: unknown[]) {
    super(null);
    throw new Error(
      "SVHN is not supported by torch-node yet: its files are MATLAB .mat files (torchvision reads them with scipy.io.loadmat), " +
        "and torch-node has no .mat reader. Convert them once in Python (e.g. to an ImageFolder tree) or use another dataset.",
    );
  }
  getItem(): [any, any] {
    throw new Error("unreachable");
  }
  get length(): number {
    return 0;
  }
}
