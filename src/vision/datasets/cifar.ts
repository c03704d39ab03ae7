// torchvision.datasets CIFAR10 and CIFAR100: the python-pickle batches
// (cifar-10-batches-py, cifar-100-python) read through the project's
// restricted unpickler, which runs no code: the only globals allowed are the
// ones these files name (numpy's _reconstruct, ndarray and dtype, and
// _codecs.encode for Python 3 pickles of bytes), building uint8 arrays from
// their raw bytes; anything else is refused. The binary version
// (cifar-10-batches-bin: 1 label byte + 3072 pixel bytes per image;
// cifar-100-binary: coarse and fine label bytes + 3072) is read when the
// pickle folder is absent.
import * as fs from "fs";
import * as path from "path";
import { Tensor } from "../../tensor";
import * as dt from "../../dtype";
import { fromBuffer } from "../../from_buffer";
import { bind } from "../../args";
import { unpickle, StorageType, UnpicklingError, SET_STATE, PickleBudget } from "../../serialization/pickle";
import { registerDataset } from "./_worker";
import { VisionDataset, Transform, applyTransform, boolArg, checkIndex, takeShared } from "./vision";
import { checkIntegrity, downloadAndExtractArchive, DownloadOptions } from "./utils";

/** numpy.ndarray / numpy.dtype named in a pickle (a type, passed to _reconstruct). */
class NumpyType extends StorageType {}

/** numpy.dtype(spec, align, copy) with its BUILD state: only "u1" (uint8) is accepted. */
class NpDtype {
  byteorder = "|";
  constructor(readonly spec: string) {}
  [SET_STATE](state: unknown): void {
    if (Array.isArray(state) && typeof state[1] === "string") this.byteorder = state[1];
  }
}

/** The array numpy's _reconstruct makes; its BUILD state gives shape, dtype and the raw bytes. */
class NdArray {
  shape: number[] = [0];
  bytes: Uint8Array = new Uint8Array(0);
  [SET_STATE](state: unknown): void {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) throw new UnpicklingError("numpy.ndarray: unsupported state");
    const [shape, dtype, fortran, raw] = state.length === 5 ? state.slice(1) : state;
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) throw new UnpicklingError("numpy.ndarray: bad shape");
    if (!(dtype instanceof NpDtype) || dtype.spec !== "u1")
      throw new UnpicklingError(`numpy.ndarray: only uint8 ('u1') arrays are supported, not ${dtype instanceof NpDtype ? `'${dtype.spec}'` : typeof dtype}`);
    if (fortran !== false && fortran !== 0) throw new UnpicklingError("numpy.ndarray: Fortran-ordered arrays are not supported");
    const bytes = typeof raw === "string" ? Buffer.from(raw, "latin1") : raw instanceof Uint8Array ? raw : null;
    if (bytes === null) throw new UnpicklingError("numpy.ndarray: the raw data must be bytes");
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    if (bytes.length !== n) throw new UnpicklingError(`numpy.ndarray: ${bytes.length} bytes of data for shape (${(shape as number[]).join(", ")})`);
    this.shape = shape as number[];
    this.bytes = bytes;
  }
}

const NDARRAY = new NumpyType("numpy.ndarray");

function resolveNumpy(module: string, name: string): ((...a: unknown[]) => unknown) | StorageType {
  if ((module === "numpy.core.multiarray" || module === "numpy._core.multiarray") && name === "_reconstruct")
    return (cls: unknown) => {
      if (cls !== NDARRAY) throw new UnpicklingError("numpy _reconstruct: only numpy.ndarray is supported");
      return new NdArray();
    };
  if (module === "numpy" && name === "ndarray") return NDARRAY;
  if (module === "numpy" && name === "dtype")
    return (spec: unknown) => {
      if (typeof spec !== "string") throw new UnpicklingError("numpy.dtype: the type must be a str");
      return new NpDtype(spec);
    };
  if (module === "_codecs" && name === "encode")
    return (s: unknown, enc: unknown) => {
      if (typeof s !== "string" || (enc !== "latin1" && enc !== "latin-1")) throw new UnpicklingError("_codecs.encode: only latin1 strings are supported");
      return Buffer.from(s, "latin1");
    };
  throw new UnpicklingError(`Unsupported global: GLOBAL ${module}.${name} (a CIFAR batch holds only dicts, lists, str and numpy uint8 arrays).`);
}

/** Reads one CIFAR python batch (a pickled dict) as torchvision's pickle.load(f, encoding="latin1"). */
export function loadCifarBatch(file: string): Record<string, unknown> {
  const bytes = fs.readFileSync(file);
  const noPersistent = () => {
    throw new UnpicklingError("persistent ids are not supported in a CIFAR batch");
  };
  let v: unknown;
  try {
    v = unpickle(bytes, noPersistent, resolveNumpy, new PickleBudget(), "latin1");
  } catch (e) {
    throw new Error(`Could not read the CIFAR batch ${file}: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) throw new Error(`Could not read the CIFAR batch ${file}: not a dict`);
  return v as Record<string, unknown>;
}

const CIFAR_ARGS = ["root", "train", "transform", "targetTransform", "download"] as const;

export interface CIFAROptions {
  train?: boolean;
  transform?: Transform | null;
  targetTransform?: Transform | null;
  download?: boolean;
  /** Download from here instead of torchvision's URL (default: TORCH_NODE_DATASETS_MIRROR). */
  baseUrl?: string | null;
}

/**
 * CIFAR10(root, train = true, transform = null, targetTransform = null, download = false):
 * root/cifar-10-batches-py/{data_batch_1..5, test_batch, batches.meta} (MD5-checked
 * as torchvision), or root/cifar-10-batches-bin/ when that folder is there instead.
 */
export class CIFAR10 extends VisionDataset<[any, any]> {
  static baseFolder = "cifar-10-batches-py";
  static binFolder = "cifar-10-batches-bin";
  static url = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz";
  static filename = "cifar-10-python.tar.gz";
  static tgzMd5 = "c58f30108f718f92721af3b95e74349a";
  static trainList: [string, string][] = [
    ["data_batch_1", "c99cafc152244af753f735de768cd75f"],
    ["data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"],
    ["data_batch_3", "54ebc095f3ab1f0389bbae665268c751"],
    ["data_batch_4", "634d18415352ddfa80567beed471001a"],
    ["data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"],
  ];
  static testList: [string, string][] = [["test_batch", "40351d587109b95175f43aff81a1287e"]];
  static meta = { filename: "batches.meta", key: "label_names", md5: "5ff9c542aee3614f3951f8cda6e48888" };

  train: boolean;
  /** uint8 [N, 32, 32, 3] (HWC, as torchvision's numpy array) */
  data: Tensor;
  targets: number[];
  classes!: string[];
  classToIdx!: Record<string, number>;
  baseUrl: string | null;

  constructor(root: string, train?: boolean, transform?: Transform | null, targetTransform?: Transform | null, download?: boolean, options?: CIFAROptions);
  constructor(root: string, options?: CIFAROptions);
  constructor(...args: unknown[]) {
    let base: string | null = null;
    const last = args[args.length - 1];
    if (last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype && "baseUrl" in (last as object)) {
      const { baseUrl, ...o } = last as { baseUrl?: string | null };
      base = baseUrl ?? null;
      args = [...args.slice(0, -1), o];
    }
    const fn = new.target.name;
    const { args: rest, state } = takeShared(args);
    const [root, train, transform, targetTransform, download] = bind(fn, CIFAR_ARGS, rest);
    super(root as string, null, (transform ?? null) as Transform | null, (targetTransform ?? null) as Transform | null);
    this.train = boolArg(fn, "train", train, true);
    this.baseUrl = base;
    if (state !== null) {
      // a DataLoader worker: the main thread's arrays, in shared memory
      this.data = state.data;
      this.targets = state.targets;
      this.classes = state.classes;
      this.classToIdx = state.classToIdx;
      return;
    }
    const C = this.constructor as typeof CIFAR10;
    if (boolArg(fn, "download", download, false)) this.download();
    const binDir = path.join(this.root, C.binFolder);
    let chunks: Buffer[];
    if (!fs.existsSync(path.join(this.root, C.baseFolder)) && fs.existsSync(binDir)) {
      [chunks, this.targets] = this._loadBinary(binDir);
    } else {
      if (!this._checkIntegrity()) throw new Error("Dataset not found or corrupted. You can use download=True to download it");
      chunks = [];
      this.targets = [];
      for (const [name] of this.train ? C.trainList : C.testList) {
        const file = path.join(this.root, C.baseFolder, name);
        const entry = loadCifarBatch(file);
        const d = entry.data;
        if (!(d instanceof NdArray) || d.bytes.length % 3072 !== 0) throw new Error(`The CIFAR batch ${file} has no uint8 'data' array of rows of 3072 bytes`);
        chunks.push(Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength));
        const labels = "labels" in entry ? entry.labels : entry.fine_labels;
        if (!Array.isArray(labels) || !labels.every((l) => Number.isInteger(l))) throw new Error(`The CIFAR batch ${file} has no list of integer labels`);
        if (labels.length * 3072 !== d.bytes.length) throw new Error(`The CIFAR batch ${file} has ${labels.length} labels for ${d.bytes.length / 3072} images`);
        this.targets.push(...(labels as number[]));
      }
      this._loadMeta();
    }
    const all = Buffer.concat(chunks);
    const n = all.length / 3072;
    this.data = fromBuffer(all, { dtype: dt.uint8, size: [n, 3, 32, 32] }).permute(0, 2, 3, 1);
    this._recordArgs({ root: this.root, train: this.train, transform: this.transform, targetTransform: this.targetTransform, baseUrl: base });
  }

  private _loadMeta(): void {
    const C = this.constructor as typeof CIFAR10;
    const file = path.join(this.root, C.baseFolder, C.meta.filename);
    if (!checkIntegrity(file, C.meta.md5)) throw new Error("Dataset metadata file not found or corrupted. You can use download=True to download it");
    const names = loadCifarBatch(file)[C.meta.key];
    if (!Array.isArray(names) || !names.every((s) => typeof s === "string")) throw new Error(`${file} has no list '${C.meta.key}' of class names`);
    this.classes = names as string[];
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** The binary version: 1 label byte (CIFAR-100: coarse, fine) then 3072 pixel bytes per image. */
  private _loadBinary(dir: string): [Buffer[], number[]] {
    const hundred = this.constructor.name === "CIFAR100" || (this.constructor as typeof CIFAR10).baseFolder === "cifar-100-python";
    const files = hundred ? [this.train ? "train.bin" : "test.bin"] : this.train ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ["test_batch.bin"];
    const rec = hundred ? 3074 : 3073;
    const chunks: Buffer[] = [], targets: number[] = [];
    for (const f of files) {
      const file = path.join(dir, f);
      if (!fs.existsSync(file)) throw new Error("Dataset not found or corrupted. You can use download=True to download it");
      const b = fs.readFileSync(file);
      if (b.length % rec !== 0) throw new Error(`Truncated CIFAR binary batch ${file}: ${b.length} bytes is not a whole number of ${rec}-byte records`);
      const n = b.length / rec;
      const px = Buffer.allocUnsafe(n * 3072);
      for (let i = 0; i < n; i++) {
        targets.push(b[i * rec + rec - 3073]);
        b.copy(px, i * 3072, i * rec + rec - 3072, (i + 1) * rec);
      }
      chunks.push(px);
    }
    const meta = path.join(dir, hundred ? "fine_label_names.txt" : "batches.meta.txt");
    this.classes = fs.existsSync(meta) ? fs.readFileSync(meta, "utf8").split(/\r?\n/).map((s) => s.trim()).filter((s) => s) : [];
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
    return [chunks, targets];
  }

  getItem(index: number): [any, any] {
    const i = checkIndex(`${this.constructor.name}.getItem`, index, this.length);
    let img: unknown = this.data.select(0, i).permute(2, 0, 1).contiguous();
    let target: unknown = this.targets[i];
    if (this.transform !== null) img = applyTransform(this.transform, img);
    if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
    return [img, target];
  }
  get length(): number {
    return this.data.size(0);
  }

  protected _checkIntegrity(): boolean {
    const C = this.constructor as typeof CIFAR10;
    return [...C.trainList, ...C.testList].every(([f, md5]) => checkIntegrity(path.join(this.root, C.baseFolder, f), md5));
  }

  /** Downloads and extracts the archive (MD5-checked) unless the batches are there. */
  download(): void {
    if (this._checkIntegrity()) return;
    const C = this.constructor as typeof CIFAR10;
    const o: DownloadOptions = { baseUrl: this.baseUrl };
    downloadAndExtractArchive(C.url, this.root, null, C.filename, C.tgzMd5, false, o);
  }

  extraRepr(): string {
    return `Split: ${this.train === true ? "Train" : "Test"}`;
  }
  protected _workerState(): Record<string, unknown> {
    return { data: this.data, targets: this.targets, classes: this.classes, classToIdx: this.classToIdx };
  }
}

/** CIFAR100(root, train, transform, targetTransform, download): root/cifar-100-python/{train, test, meta}. */
export class CIFAR100 extends CIFAR10 {
  static baseFolder = "cifar-100-python";
  static binFolder = "cifar-100-binary";
  static url = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz";
  static filename = "cifar-100-python.tar.gz";
  static tgzMd5 = "eb9058c3a382ffc7106e4002c42a8d85";
  static trainList: [string, string][] = [["train", "16019d7e3df5f24257cddd939b257f8d"]];
  static testList: [string, string][] = [["test", "f0ef6b0ae62326f3e7ffdfab6717acfc"]];
  static meta = { filename: "meta", key: "fine_label_names", md5: "7973b15100ade9c7d40fb424638fde48" };
}

registerDataset(CIFAR10, CIFAR100);
