// torchvision.datasets.SVHN: root/{train,test,extra}_32x32.mat (MATLAB
// level-5 files, read by ./_mat.ts where torchvision uses scipy.io.loadmat),
// MD5-checked as torchvision. `data` is uint8 [N, 3, 32, 32] and `labels`
// int64 [N] with label 10 mapped to 0, as torchvision's arrays.
import * as path from "path";
import { Tensor } from "../../tensor";
import * as dt from "../../dtype";
import { fromBuffer } from "../../from_buffer";
import { bind } from "../../args";
import { registerDataset } from "./_worker";
import { VisionDataset, Transform, applyTransform, boolArg, checkIndex, takeShared } from "./vision";
import { checkIntegrity, downloadUrl, verifyStrArg } from "./utils";
import { loadMat } from "./_mat";

export interface SVHNOptions {
  split?: string;
  transform?: Transform | null;
  targetTransform?: Transform | null;
  download?: boolean;
  /** Download from here instead of torchvision's URL (default: TORCH_NODE_DATASETS_MIRROR). */
  baseUrl?: string | null;
}

/** SVHN(root, split = "train", transform = null, targetTransform = null, download = false) */
export class SVHN extends VisionDataset<[any, any]> {
  static splitList: Record<string, [string, string, string]> = {
    train: ["http://ufldl.stanford.edu/housenumbers/train_32x32.mat", "train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373"],
    test: ["http://ufldl.stanford.edu/housenumbers/test_32x32.mat", "test_32x32.mat", "eb5a983be6a315427106f1b164d9cef3"],
    extra: ["http://ufldl.stanford.edu/housenumbers/extra_32x32.mat", "extra_32x32.mat", "a93ce644f1a588dc4d68dda5feec44a7"],
  };
  split: string;
  url: string;
  filename: string;
  fileMd5: string;
  /** uint8 [N, 3, 32, 32] */
  data: Tensor;
  /** int64 [N] */
  labels: Tensor;
  baseUrl: string | null;
  private _labels: BigInt64Array;
  private _labelsOf: Tensor | null = null;

  constructor(root: string, split?: string, transform?: Transform | null, targetTransform?: Transform | null, download?: boolean, options?: SVHNOptions);
  constructor(root: string, options?: SVHNOptions);
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
    const [root, split, transform, targetTransform, download] = bind(fn, ["root", "split", "transform", "targetTransform", "download"], rest);
    super(root as string, null, (transform ?? null) as Transform | null, (targetTransform ?? null) as Transform | null);
    const C = this.constructor as typeof SVHN;
    this.split = verifyStrArg(split ?? "train", "split", Object.keys(C.splitList));
    [this.url, this.filename, this.fileMd5] = C.splitList[this.split];
    this.baseUrl = base;
    if (state !== null) {
      // a DataLoader worker: the main thread's arrays, in shared memory
      this.data = state.data;
      this.labels = state.labels;
      this._labels = new BigInt64Array(0);
      return;
    }
    if (boolArg(fn, "download", download, false)) this.download();
    if (!this._checkIntegrity()) throw new Error("Dataset not found or corrupted. You can use download=True to download it");
    const file = path.join(this.root, this.filename);
    const mat = loadMat(file);
    const X = mat.X, y = mat.y;
    if (!X || X.mclass !== "uint8" || X.dims.length !== 4 || X.dims[0] !== 32 || X.dims[1] !== 32 || X.dims[2] !== 3)
      throw new Error(`${file} has no uint8 array X of 32 x 32 x 3 x N images`);
    const n = X.dims[3];
    if (!y || y.data.length !== n) throw new Error(`${file} has no array y of ${n} labels`);
    // X(row, col, channel, n) in column-major order is [n][channel][col][row] row-major
    const x = X.data as Uint8Array;
    this.data = fromBuffer(Buffer.from(x.buffer, x.byteOffset, x.byteLength), { dtype: dt.uint8, size: [n, 3, 32, 32] }).transpose(2, 3);
    const labels = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const v = BigInt(Math.trunc(Number(y.data[i]))); // astype(np.int64)
      labels[i] = v === 10n ? 0n : v;
    }
    this._labels = labels;
    this.labels = fromBuffer(labels, { dtype: dt.int64 });
    this._labelsOf = this.labels;
    this._recordArgs({ root: this.root, split: this.split, transform: this.transform, targetTransform: this.targetTransform, baseUrl: base });
  }

  getItem(index: number): [any, any] {
    const i = checkIndex(`${this.constructor.name}.getItem`, index, this.length);
    let img: unknown = this.data.select(0, i).contiguous();
    if (this._labelsOf !== this.labels) {
      // `labels` was replaced: read the new one
      this._labels = BigInt64Array.from(this.labels.contiguous().toTypedArray() as ArrayLike<bigint | number>, (v) => BigInt(v));
      this._labelsOf = this.labels;
    }
    let target: unknown = Number(this._labels[i]);
    if (this.transform !== null) img = applyTransform(this.transform, img);
    if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
    return [img, target];
  }
  get length(): number {
    return this.data.size(0);
  }
  protected _checkIntegrity(): boolean {
    return checkIntegrity(path.join(this.root, this.filename), this.fileMd5);
  }
  download(): void {
    downloadUrl(this.url, this.root, this.filename, this.fileMd5, { baseUrl: this.baseUrl });
  }
  extraRepr(): string {
    return `Split: ${this.split}`;
  }
  protected _workerState(): Record<string, unknown> {
    return { data: this.data, labels: this.labels };
  }
}

registerDataset(SVHN);
