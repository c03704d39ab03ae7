// torchvision.datasets MNIST, FashionMNIST, KMNIST, EMNIST, QMNIST: the IDX
// ("SN3 Pascal Vincent") files in root/<ClassName>/raw/, plain or gzipped.
// getItem(i) gives [image, target]: the image a uint8 tensor [1, 28, 28]
// (where torchvision gives a PIL image of mode L: what ToTensor / PILToTensor
// take the same way), the target a number.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { Tensor } from "../../tensor";
import * as dt from "../../dtype";
import { fromBuffer } from "../../from_buffer";
import { bind } from "../../args";
import { load as torchLoad } from "../../serialization/load";
import { registerDataset } from "./_worker";
import { VisionDataset, Transform, applyTransform, boolArg, checkIndex, takeShared } from "./vision";
import { checkIntegrity, downloadAndExtractArchive, extractArchive, verifyStrArg, DownloadOptions } from "./utils";

const TYPEMAP: Record<number, dt.dtype> = { 8: dt.uint8, 9: dt.int8, 11: dt.int16, 12: dt.int32, 13: dt.float32, 14: dt.float64 };

/** The bytes of an IDX file: `file`, or `file.gz` when only that exists (gunzipped). */
function readIdxBytes(file: string): { bytes: Buffer; name: string } {
  if (fs.existsSync(file)) return { bytes: fs.readFileSync(file), name: file };
  const gz = file + ".gz";
  if (fs.existsSync(gz)) {
    try {
      return { bytes: zlib.gunzipSync(fs.readFileSync(gz)), name: gz };
    } catch (e) {
      throw new Error(`Could not decompress the IDX file ${gz}: ${(e as Error).message}`);
    }
  }
  throw new Error(`No such file: ${file}`);
}

/**
 * read_sn3_pascalvincent_tensor(path, strict = true): an IDX file (plain, or
 * `path.gz`) as a tensor of its dtype and shape. A bad magic number or a
 * file shorter than its header says throws an Error naming the file.
 */
export function readSn3PascalvincentTensor(file: string, strict = true): Tensor {
  const { bytes, name } = readIdxBytes(file);
  if (bytes.length < 4) throw new Error(`${name} is not an IDX file: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  const nd = bytes[3], ty = bytes[2];
  if (bytes[0] !== 0 || bytes[1] !== 0 || nd < 1 || nd > 3 || !(ty in TYPEMAP))
    throw new Error(`${name} is not an IDX file: bad magic number 0x${bytes.readUInt32BE(0).toString(16).padStart(8, "0")} (expected 0x000008nn..0x00000enn with 1 to 3 dimensions)`);
  const head = 4 * (nd + 1);
  if (bytes.length < head) throw new Error(`Truncated IDX file ${name}: ${bytes.length} bytes, shorter than its ${head}-byte header`);
  const shape: number[] = [];
  for (let i = 0; i < nd; i++) shape.push(bytes.readUInt32BE(4 * (i + 1)));
  const dtype = TYPEMAP[ty];
  const numel = shape.reduce((a, b) => a * b, 1);
  const need = head + numel * dtype.itemsize;
  if (bytes.length < need)
    throw new Error(`Truncated IDX file ${name}: its header gives shape [${shape.join(", ")}] (${need} bytes) but the file has ${bytes.length} bytes`);
  if (strict && bytes.length !== need)
    throw new Error(`IDX file ${name}: its header gives shape [${shape.join(", ")}] (${need} bytes) but the file has ${bytes.length} bytes`);
  // big-endian values: copy (and byte-swap for multi-byte types) into an aligned buffer of their own
  const out = Buffer.alloc(numel * dtype.itemsize);
  bytes.copy(out, 0, head, need);
  if (dtype.itemsize === 2) out.swap16();
  else if (dtype.itemsize === 4) out.swap32();
  else if (dtype.itemsize === 8) out.swap64();
  return fromBuffer(out, { dtype, size: shape });
}

/** read_image_file(path): an IDX file of uint8 images [N, H, W]. */
export function readImageFile(file: string): Tensor {
  const x = readSn3PascalvincentTensor(file, false);
  if (x.dtype !== dt.uint8) throw new TypeError(`x should be of dtype torch.uint8 instead of ${x.dtype}`);
  if (x.dim() !== 3) throw new RangeError(`x should have 3 dimension instead of ${x.dim()}`);
  return x;
}

/** read_label_file(path): an IDX file of uint8 labels [N], as int64. */
export function readLabelFile(file: string): Tensor {
  const x = readSn3PascalvincentTensor(file, false);
  if (x.dtype !== dt.uint8) throw new TypeError(`x should be of dtype torch.uint8 instead of ${x.dtype}`);
  if (x.dim() !== 1) throw new RangeError(`x should have 1 dimension instead of ${x.dim()}`);
  return x.to(dt.int64);
}

const DEFER = Symbol("defer");
const MNIST_ARGS = ["root", "train", "transform", "targetTransform", "download"] as const;

/** Options of the MNIST family (Python's keyword arguments). */
export interface MNISTOptions {
  train?: boolean;
  transform?: Transform | null;
  targetTransform?: Transform | null;
  download?: boolean;
  /** Download from here instead of torchvision's mirrors (default: TORCH_NODE_DATASETS_MIRROR). */
  baseUrl?: string | null;
}

/**
 * MNIST(root, train = true, transform = null, targetTransform = null, download = false):
 * root/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte (or the .gz files).
 */
export class MNIST extends VisionDataset<[any, any]> {
  static mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
    ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
    ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
    ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
  ];
  static classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];
  static trainingFile = "training.pt";
  static testFile = "test.pt";

  train!: boolean;
  /** uint8 [N, 28, 28] */
  data!: Tensor;
  /** int64 [N] (QMNIST: [N, 8]) */
  targets!: Tensor;
  classes!: string[];
  baseUrl!: string | null;
  private _tcache: { t: Tensor; v: ArrayLike<number | bigint> } | null = null;

  constructor(root: string, train?: boolean, transform?: Transform | null, targetTransform?: Transform | null, download?: boolean, options?: MNISTOptions);
  constructor(root: string, options?: MNISTOptions);
  constructor(...args: unknown[]) {
    if (args[0] === DEFER) {
      // a subclass with its own arguments (EMNIST, QMNIST): it calls _init itself
      super(args[1] as string, null, (args[2] ?? null) as Transform | null, (args[3] ?? null) as Transform | null);
      return;
    }
    const { base, rest: rest0 } = splitBaseUrl(args);
    const { args: rest, state } = takeShared(rest0);
    const [root, train, transform, targetTransform, download] = bind(new.target.name, MNIST_ARGS, rest);
    super(root as string, null, (transform ?? null) as Transform | null, (targetTransform ?? null) as Transform | null);
    this._init(boolArg(new.target.name, "train", train, true), boolArg(new.target.name, "download", download, false), base, state);
    this._recordArgs({ root: this.root, train: this.train, transform: this.transform, targetTransform: this.targetTransform, baseUrl: base });
  }

  /** @internal the shared part of the constructors (the subclasses set their fields first) */
  protected _init(train: boolean, download: boolean, baseUrl: string | null, state: Record<string, any> | null = null): void {
    this.train = train;
    this.baseUrl = baseUrl;
    this.classes ??= (this.constructor as typeof MNIST).classes;
    if (state !== null) {
      // a DataLoader worker: the main thread's arrays, in shared memory
      this.data = state.data;
      this.targets = state.targets;
      this.classes = state.classes;
      return;
    }
    if (this._checkLegacyExist()) {
      [this.data, this.targets] = this._loadLegacyData();
      return;
    }
    if (download) this.download();
    if (!this._checkExists()) throw new Error("Dataset not found. You can use download=True to download it");
    [this.data, this.targets] = this._loadData();
  }

  get rawFolder(): string {
    return path.join(this.root, this.constructor.name, "raw");
  }
  get processedFolder(): string {
    return path.join(this.root, this.constructor.name, "processed");
  }
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }
  protected get _trainingFile(): string {
    return (this.constructor as typeof MNIST).trainingFile;
  }
  protected get _testFile(): string {
    return (this.constructor as typeof MNIST).testFile;
  }

  protected _checkLegacyExist(): boolean {
    if (!fs.existsSync(this.processedFolder)) return false;
    return [this._trainingFile, this._testFile].every((f) => checkIntegrity(path.join(this.processedFolder, f)));
  }
  protected _loadLegacyData(): [Tensor, Tensor] {
    const [data, targets] = torchLoad(path.join(this.processedFolder, this.train ? this._trainingFile : this._testFile)) as [Tensor, Tensor];
    return [data, targets];
  }

  /** The raw files this split reads (without .gz). */
  protected _files(): [string, string] {
    const p = this.train ? "train" : "t10k";
    return [path.join(this.rawFolder, `${p}-images-idx3-ubyte`), path.join(this.rawFolder, `${p}-labels-idx1-ubyte`)];
  }
  protected _checkExists(): boolean {
    const all = (this.constructor as typeof MNIST).resources.map(([url]) => path.join(this.rawFolder, path.basename(url).replace(/\.gz$/, "")));
    return all.every((f) => checkIntegrity(f) || checkIntegrity(f + ".gz"));
  }
  protected _loadData(): [Tensor, Tensor] {
    const [images, labels] = this._files();
    return [readImageFile(images), readLabelFile(labels)];
  }

  /** The integer target of item i (from a cached copy of `targets`). */
  protected _target(i: number): number {
    const t = this.targets;
    if (this._tcache === null || this._tcache.t !== t) this._tcache = { t, v: t.contiguous().toTypedArray() as ArrayLike<number | bigint> };
    const cols = t.dim() === 2 ? t.size(1) : 1;
    return Number(this._tcache.v[i * cols]);
  }

  getItem(index: number): [any, any] {
    const i = checkIndex(`${this.constructor.name}.getItem`, index, this.length);
    let img: unknown = this.data.select(0, i).unsqueeze(0).clone();
    let target: unknown = this._target(i);
    if (this.transform !== null) img = applyTransform(this.transform, img);
    if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
    return [img, target];
  }
  get length(): number {
    return this.data.size(0);
  }

  /** Downloads the raw files (MD5-checked) and unzips them, unless they are there. */
  download(): void {
    if (this._checkExists()) return;
    fs.mkdirSync(this.rawFolder, { recursive: true });
    const C = this.constructor as typeof MNIST;
    for (const [filename, md5] of C.resources) {
      const errors: string[] = [];
      let ok = false;
      for (const mirror of C.mirrors) {
        try {
          downloadAndExtractArchive(`${mirror}${filename}`, this.rawFolder, null, filename, md5, false, this._dlOptions());
          ok = true;
          break;
        } catch (e) {
          errors.push(`Tried ${mirror}, got:\n${(e as Error).message}\n`);
          if (this.baseUrl || process.env.TORCH_NODE_DATASETS_MIRROR) break; // one mirror
        }
      }
      if (!ok) throw new Error(`Error downloading ${filename}:\n${errors.join("")}`);
    }
  }
  protected _dlOptions(): DownloadOptions {
    return { baseUrl: this.baseUrl };
  }

  extraRepr(): string {
    return `Split: ${this.train === true ? "Train" : "Test"}`;
  }
  protected _workerState(): Record<string, unknown> {
    return { data: this.data, targets: this.targets, classes: this.classes };
  }
}

/** Takes a trailing `baseUrl` out of the options object (it is not one of Python's arguments). */
function splitBaseUrl(args: unknown[]): { base: string | null; rest: unknown[] } {
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype && "baseUrl" in (last as object)) {
    const { baseUrl, ...o } = last as { baseUrl?: unknown };
    if (baseUrl !== null && baseUrl !== undefined && typeof baseUrl !== "string") throw new TypeError(`argument 'baseUrl' must be a str, not ${typeof baseUrl}`);
    return { base: (baseUrl as string | null) ?? null, rest: [...args.slice(0, -1), o] };
  }
  return { base: null, rest: args };
}

/** FashionMNIST(root, train, transform, targetTransform, download): root/FashionMNIST/raw/... */
export class FashionMNIST extends MNIST {
  static mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
    ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
    ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
    ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
  ];
  static classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}

/** KMNIST(root, train, transform, targetTransform, download): root/KMNIST/raw/... */
export class KMNIST extends MNIST {
  static mirrors = ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"],
    ["train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"],
    ["t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"],
    ["t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"],
  ];
  static classes = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"];
}

const DIGITS = "0123456789".split("");
const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");
const UPPER = LOWER.map((c) => c.toUpperCase());
const ALL = [...DIGITS, ...UPPER, ...LOWER]; // sorted by code point, as Python's sorted()
const MERGED = new Set("cijklmopsuvwxyz".split(""));

/** EMNIST(root, split, train = true, transform, targetTransform, download): root/EMNIST/raw/emnist-<split>-<train|test>-... */
export class EMNIST extends MNIST {
  static url = "https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip";
  static md5 = "58c8d27c78d21e728a6bc7b3cc06412e";
  static splits = ["byclass", "bymerge", "balanced", "letters", "digits", "mnist"] as const;
  static classesSplitDict: Record<string, string[]> = {
    byclass: ALL,
    bymerge: ALL.filter((c) => !MERGED.has(c)),
    balanced: ALL.filter((c) => !MERGED.has(c)),
    letters: ["N/A", ...LOWER],
    digits: DIGITS,
    mnist: DIGITS,
  };
  split: string;

  constructor(root: string, split: string, train?: boolean, transform?: Transform | null, targetTransform?: Transform | null, download?: boolean, options?: MNISTOptions);
  constructor(root: string, split: string, options?: MNISTOptions);
  constructor(...args: unknown[]) {
    const { base, rest: rest0 } = splitBaseUrl(args);
    const { args: rest, state } = takeShared(rest0);
    const [root, split, train, transform, targetTransform, download] = bind("EMNIST", ["root", "split", ...MNIST_ARGS.slice(1)], rest);
    super(...([DEFER, root, transform, targetTransform] as unknown as [string]));
    this.split = verifyStrArg(split, "split", EMNIST.splits);
    this.classes = EMNIST.classesSplitDict[this.split];
    this._init(boolArg("EMNIST", "train", train, true), boolArg("EMNIST", "download", download, false), base, state);
    this._recordArgs({ root: this.root, split: this.split, train: this.train, transform: this.transform, targetTransform: this.targetTransform, baseUrl: base });
  }
  protected get _trainingFile(): string {
    return `training_${this.split}.pt`;
  }
  protected get _testFile(): string {
    return `test_${this.split}.pt`;
  }
  private get _filePrefix(): string {
    return `emnist-${this.split}-${this.train ? "train" : "test"}`;
  }
  get imagesFile(): string {
    return path.join(this.rawFolder, `${this._filePrefix}-images-idx3-ubyte`);
  }
  get labelsFile(): string {
    return path.join(this.rawFolder, `${this._filePrefix}-labels-idx1-ubyte`);
  }
  protected _files(): [string, string] {
    return [this.imagesFile, this.labelsFile];
  }
  protected _checkExists(): boolean {
    return this._files().every((f) => checkIntegrity(f) || checkIntegrity(f + ".gz"));
  }
  download(): void {
    if (this._checkExists()) return;
    fs.mkdirSync(this.rawFolder, { recursive: true });
    downloadAndExtractArchive(EMNIST.url, this.rawFolder, null, null, EMNIST.md5, false, this._dlOptions());
    const gzipFolder = path.join(this.rawFolder, "gzip");
    for (const f of fs.readdirSync(gzipFolder)) if (f.endsWith(".gz")) extractArchive(path.join(gzipFolder, f), this.rawFolder);
    fs.rmSync(gzipFolder, { recursive: true, force: true });
  }
}

/**
 * QMNIST(root, what = null, compat = true, train = true, transform, targetTransform, download):
 * what is "train", "test", "test10k", "test50k" or "nist"; with compat the target
 * is the class number, otherwise the int64 row of 8 QMNIST fields.
 */
export class QMNIST extends MNIST {
  static subsets: Record<string, string> = { train: "train", test: "test", test10k: "test", test50k: "test", nist: "nist" };
  static qresources: Record<string, [string, string][]> = {
    train: [
      ["https://raw.githubusercontent.com/facebookresearch/qmnist/master/qmnist-train-images-idx3-ubyte.gz", "ed72d4157d28c017586c42bc6afe6370"],
      ["https://raw.githubusercontent.com/facebookresearch/qmnist/master/qmnist-train-labels-idx2-int.gz", "0058f8dd561b90ffdd0f734c6a30e5e4"],
    ],
    test: [
      ["https://raw.githubusercontent.com/facebookresearch/qmnist/master/qmnist-test-images-idx3-ubyte.gz", "1394631089c404de565df7b7aeaf9412"],
      ["https://raw.githubusercontent.com/facebookresearch/qmnist/master/qmnist-test-labels-idx2-int.gz", "5b5b05890a5e13444e108efe57b788aa"],
    ],
    nist: [
      ["https://raw.githubusercontent.com/facebookresearch/qmnist/master/xnist-images-idx3-ubyte.xz", "7f124b3b8ab81486c9d8c2749c17f834"],
      ["https://raw.githubusercontent.com/facebookresearch/qmnist/master/xnist-labels-idx2-int.xz", "5ed0e788978e45d4a8bd4b7caec3d79d"],
    ],
  };
  what: string;
  compat: boolean;

  constructor(root: string, what?: string | null, compat?: boolean, train?: boolean, transform?: Transform | null, targetTransform?: Transform | null, download?: boolean, options?: MNISTOptions);
  constructor(root: string, options?: MNISTOptions & { what?: string | null; compat?: boolean });
  constructor(...args: unknown[]) {
    const { base, rest: rest0 } = splitBaseUrl(args);
    const { args: rest, state } = takeShared(rest0);
    const [root, what, compat, train, transform, targetTransform, download] = bind("QMNIST", ["root", "what", "compat", ...MNIST_ARGS.slice(1)], rest);
    super(...([DEFER, root, transform, targetTransform] as unknown as [string]));
    const tr = boolArg("QMNIST", "train", train, true);
    this.what = verifyStrArg(what ?? (tr ? "train" : "test"), "what", Object.keys(QMNIST.subsets));
    this.compat = boolArg("QMNIST", "compat", compat, true);
    this._init(tr, boolArg("QMNIST", "download", download, false), base, state);
    this._recordArgs({ root: this.root, what: this.what, compat: this.compat, train: this.train, transform: this.transform, targetTransform: this.targetTransform, baseUrl: base });
  }
  protected get _trainingFile(): string {
    return `${this.what}.pt`;
  }
  protected get _testFile(): string {
    return `${this.what}.pt`;
  }
  private _raw(k: 0 | 1): string {
    const url = QMNIST.qresources[QMNIST.subsets[this.what]][k][0];
    return path.join(this.rawFolder, path.basename(url).replace(/\.[^.]*$/, ""));
  }
  get imagesFile(): string {
    return this._raw(0);
  }
  get labelsFile(): string {
    return this._raw(1);
  }
  protected _checkExists(): boolean {
    return [this.imagesFile, this.labelsFile].every((f) => checkIntegrity(f) || checkIntegrity(f + ".gz"));
  }
  protected _loadData(): [Tensor, Tensor] {
    let data = readSn3PascalvincentTensor(this.imagesFile);
    if (data.dtype !== dt.uint8) throw new TypeError(`data should be of dtype torch.uint8 instead of ${data.dtype}`);
    if (data.dim() !== 3) throw new RangeError(`data should have 3 dimensions instead of ${data.dim()}`);
    let targets = readSn3PascalvincentTensor(this.labelsFile).to(dt.int64);
    if (targets.dim() !== 2) throw new RangeError(`targets should have 2 dimensions instead of ${targets.dim()}`);
    if (this.what === "test10k") {
      data = data.narrow(0, 0, Math.min(10000, data.size(0))).clone();
      targets = targets.narrow(0, 0, Math.min(10000, targets.size(0))).clone();
    } else if (this.what === "test50k") {
      data = data.narrow(0, Math.min(10000, data.size(0)), Math.max(0, data.size(0) - 10000)).clone();
      targets = targets.narrow(0, Math.min(10000, targets.size(0)), Math.max(0, targets.size(0) - 10000)).clone();
    }
    return [data, targets];
  }
  download(): void {
    if (this._checkExists()) return;
    if (this.what === "nist")
      throw new Error("QMNIST(what='nist'): its files are .xz archives, which torch-node cannot decompress; download and unpack xnist-images-idx3-ubyte.xz and xnist-labels-idx2-int.xz into " + this.rawFolder);
    fs.mkdirSync(this.rawFolder, { recursive: true });
    for (const [url, md5] of QMNIST.qresources[QMNIST.subsets[this.what]]) downloadAndExtractArchive(url, this.rawFolder, null, null, md5, false, this._dlOptions());
  }
  getItem(index: number): [any, any] {
    const i = checkIndex("QMNIST.getItem", index, this.length);
    let img: unknown = this.data.select(0, i).unsqueeze(0).clone();
    let target: unknown = this.compat ? this._target(i) : this.targets.select(0, i).clone();
    if (this.transform !== null) img = applyTransform(this.transform, img);
    if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
    return [img, target];
  }
  extraRepr(): string {
    return `Split: ${this.what}`;
  }
}

registerDataset(MNIST, FashionMNIST, KMNIST, EMNIST, QMNIST);
