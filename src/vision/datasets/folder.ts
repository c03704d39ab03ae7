// torchvision.datasets DatasetFolder and ImageFolder: one folder per class
// (sorted), files of allowed extensions (or accepted by isValidFile) found
// recursively, in torchvision's order. ImageFolder's default loader decodes
// with torch-node/vision io as RGB (uint8 CHW), where torchvision opens a PIL
// image and converts it to RGB.
import * as fs from "fs";
import * as path from "path";
import { bind } from "../../args";
import { describe } from "../../device";
import { VisionDataset, Transform, applyTransform, checkCallable, boolArg, checkIndex, rootArg, expandUser } from "./vision";
import { registerBuiltin, registerDataset } from "./_worker";
import { readImage, readImages } from "../io";
import type { Tensor } from "../../tensor";
import type { WorkerDatasetSpec, WorkerModuleSpec } from "../../utils/data/worker_spec";

export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"] as const;

/** A loader: path -> sample. */
export type Loader<S = any> = ((path: string) => S) | { __call__(path: string): S };

/** Python's string order (code points) for sorted(). */
function pySort(a: string[]): string[] {
  return a.sort((x, y) => {
    const ax = Array.from(x), ay = Array.from(y);
    for (let i = 0; i < Math.min(ax.length, ay.length); i++) {
      const d = ax[i].codePointAt(0)! - ay[i].codePointAt(0)!;
      if (d) return d;
    }
    return ax.length - ay.length;
  });
}

function extList(extensions: string | readonly string[]): readonly string[] {
  return typeof extensions === "string" ? [extensions] : extensions;
}

/** has_file_allowed_extension(filename, extensions) */
export function hasFileAllowedExtension(filename: string, extensions: string | readonly string[]): boolean {
  const f = filename.toLowerCase();
  return extList(extensions).some((e) => f.endsWith(e));
}

/** is_image_file(filename) */
export function isImageFile(filename: string): boolean {
  return hasFileAllowedExtension(filename, IMG_EXTENSIONS);
}

const isDir = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** find_classes(directory): [classes sorted, classToIdx]; throws when there is no class folder. */
export function findClasses(directory: string): [string[], Record<string, number>] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") throw Object.assign(new Error(`[Errno 2] No such file or directory: '${directory}'`), { code: "ENOENT", name: "FileNotFoundError" });
    throw e;
  }
  const classes = pySort(entries.filter((e) => e.isDirectory() || (e.isSymbolicLink() && isDir(path.join(directory, e.name)))).map((e) => e.name));
  if (!classes.length) throw fileNotFound(`Couldn't find any class folder in ${directory}.`);
  return [classes, Object.fromEntries(classes.map((c, i) => [c, i]))];
}

function fileNotFound(msg: string): Error {
  const e = new Error(msg);
  e.name = "FileNotFoundError";
  return e;
}

/** os.walk(top, followlinks=True) sorted by folder path: [folder, files sorted] */
function walk(top: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const seen = new Set<string>();
  const visit = (dir: string) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return; // a symlink loop
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const files: string[] = [], dirs: string[] = [];
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && isDir(p))) dirs.push(p);
      else files.push(e.name);
    }
    out.push([dir, pySort(files)]);
    for (const d of dirs) visit(d);
  };
  visit(top);
  const keys = pySort(out.map(([d]) => d));
  const by = new Map(out);
  return keys.map((k) => [k, by.get(k)!]);
}

/**
 * make_dataset(directory, classToIdx = findClasses(directory), extensions, isValidFile, allowEmpty = false):
 * [path, classIndex] pairs. Exactly one of extensions and isValidFile.
 */
export function makeDataset(
  directory: string, classToIdx: Record<string, number> | null = null, extensions: string | readonly string[] | null = null,
  isValidFile: ((p: string) => boolean) | null = null, allowEmpty = false,
): [string, number][] {
  directory = expandUser(directory);
  if (classToIdx === null || classToIdx === undefined) classToIdx = findClasses(directory)[1];
  else if (!Object.keys(classToIdx).length) throw new RangeError("'class_to_index' must have at least one entry to collect any samples.");
  const bothNone = (extensions ?? null) === null && (isValidFile ?? null) === null;
  const bothSomething = (extensions ?? null) !== null && (isValidFile ?? null) !== null;
  if (bothNone || bothSomething) throw new RangeError("Both extensions and is_valid_file cannot be None or not None at the same time");
  const valid = extensions !== null && extensions !== undefined ? (x: string) => hasFileAllowedExtension(x, extensions) : (x: string) => Boolean(applyTransform(isValidFile, x));
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const cls of pySort(Object.keys(classToIdx))) {
    const idx = classToIdx[cls];
    const target = path.join(directory, cls);
    if (!isDir(target)) continue;
    for (const [root, fnames] of walk(target))
      for (const f of fnames) {
        const p = path.join(root, f);
        if (valid(p)) {
          instances.push([p, idx]);
          available.add(cls);
        }
      }
  }
  const empty = Object.keys(classToIdx).filter((c) => !available.has(c));
  if (empty.length && !allowEmpty) {
    let msg = `Found no valid file for the classes ${pySort(empty).join(", ")}. `;
    if (extensions !== null && extensions !== undefined) msg += `Supported extensions are: ${typeof extensions === "string" ? extensions : extensions.join(", ")}`;
    throw fileNotFound(msg);
  }
  return instances;
}

/** The key of the worker-only argument holding the classes and samples. */
const RESTORE = "__folderState__";
interface FolderState {
  classes: string[];
  classToIdx: Record<string, number>;
  samples: [string, number][];
}
/** Takes the worker-only folder state out of a trailing options object. */
function takeRestore(args: unknown[]): { args: unknown[]; state: FolderState | null } {
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype && RESTORE in (last as object)) {
    const { [RESTORE]: state, ...rest } = last as Record<string, unknown>;
    return { args: [...args.slice(0, -1), rest], state: state as FolderState };
  }
  return { args, state: null };
}

const FOLDER_ARGS = ["root", "loader", "extensions", "transform", "targetTransform", "isValidFile", "allowEmpty"] as const;

export interface DatasetFolderOptions {
  loader?: Loader;
  extensions?: string | readonly string[] | null;
  transform?: Transform | null;
  targetTransform?: Transform | null;
  isValidFile?: ((path: string) => boolean) | null;
  allowEmpty?: boolean;
}

/**
 * DatasetFolder(root, loader, extensions = null, transform = null, targetTransform = null,
 * isValidFile = null, allowEmpty = false). Subclasses may override findClasses(directory)
 * and makeDataset(directory, classToIdx, extensions, isValidFile, allowEmpty).
 */
export class DatasetFolder<S = any> extends VisionDataset<[S, any]> {
  loader: Loader<S>;
  extensions: string | readonly string[] | null;
  classes: string[];
  classToIdx: Record<string, number>;
  /** [path, classIndex] pairs */
  samples: [string, number][];
  targets: number[];

  constructor(root: string, loader: Loader<S>, extensions?: string | readonly string[] | null, transform?: Transform | null, targetTransform?: Transform | null, isValidFile?: ((path: string) => boolean) | null, allowEmpty?: boolean);
  constructor(root: string, options: DatasetFolderOptions & { loader: Loader<S> });
  constructor(...args: unknown[]) {
    const fn = new.target.name;
    const restore = takeRestore(args);
    const [root, loader, extensions, transform, targetTransform, isValidFile, allowEmpty] = bind(fn, FOLDER_ARGS, restore.args);
    super(rootArg(fn, root), null, (transform ?? null) as Transform | null, (targetTransform ?? null) as Transform | null);
    if (loader === undefined || loader === null) throw new TypeError(`${fn}(): missing required argument 'loader'`);
    checkCallable(fn, "loader", loader);
    checkCallable(fn, "isValidFile", isValidFile);
    if (extensions !== null && extensions !== undefined && typeof extensions !== "string" && !(Array.isArray(extensions) && extensions.every((e) => typeof e === "string")))
      throw new TypeError(`${fn}(): argument 'extensions' must be a str or an array of str, not ${describe(extensions)}`);
    const allow = boolArg(fn, "allowEmpty", allowEmpty, false);
    // a DataLoader worker gets the classes and samples the main thread found (no second folder walk, the same order)
    const [classes, classToIdx] = restore.state ? [restore.state.classes, restore.state.classToIdx] : this.findClasses(this.root);
    const samples = restore.state
      ? restore.state.samples
      : this.makeDataset(this.root, classToIdx, (extensions ?? null) as string[] | null, (isValidFile ?? null) as ((p: string) => boolean) | null, allow);
    this.loader = loader as Loader<S>;
    this.extensions = (extensions ?? null) as string[] | null;
    this.classes = classes;
    this.classToIdx = classToIdx;
    this.samples = samples;
    this.targets = samples.map((s) => s[1]);
    this._recordArgs({
      root: this.root, loader: this.loader, extensions: this.extensions, transform: this.transform, targetTransform: this.targetTransform, allowEmpty: allow,
    });
  }

  /** Workers get the classes and samples with the constructor's arguments (isValidFile is not needed there). */
  workerSpec(): WorkerDatasetSpec {
    const spec = super.workerSpec() as WorkerModuleSpec;
    const [cls, [opts]] = spec.args as [string, [Record<string, unknown>]];
    return { ...spec, args: [cls, [{ ...opts, [RESTORE]: { classes: this.classes, classToIdx: this.classToIdx, samples: this.samples } }]] };
  }

  /** make_dataset as a method (override it to read samples another way). */
  makeDataset(
    directory: string, classToIdx: Record<string, number>, extensions: string | readonly string[] | null = null,
    isValidFile: ((p: string) => boolean) | null = null, allowEmpty = false,
  ): [string, number][] {
    if (classToIdx === null || classToIdx === undefined) throw new RangeError("The class_to_idx parameter cannot be None.");
    return makeDataset(directory, classToIdx, extensions, isValidFile, allowEmpty);
  }

  /** find_classes as a method (override it for another folder structure). */
  findClasses(directory: string): [string[], Record<string, number>] {
    return findClasses(directory);
  }

  getItem(index: number): [S, any] {
    const i = checkIndex(`${this.constructor.name}.getItem`, index, this.length);
    const [p, t] = this.samples[i];
    let sample: unknown = applyTransform(this.loader, p);
    let target: unknown = t;
    if (this.transform !== null) sample = applyTransform(this.transform, sample);
    if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
    return [sample as S, target];
  }
  /**
   * The samples at `indices`, as getItem gives each (the DataLoader's batched fetch, Python's __getitems__).
   * With the default loader the batch's files are decoded at once on sharp's thread pool; the transforms then
   * run item by item in index order, so random transforms draw as they would one getItem at a time.
   */
  getItems(indices: number[]): [S, any][] {
    // a subclass's own getItem, or another loader, is called item by item
    if (this.loader !== (defaultLoader as unknown as Loader<S>) || this.getItem !== DatasetFolder.prototype.getItem || indices.length < 2)
      return indices.map((i) => this.getItem(i));
    const fn = `${this.constructor.name}.getItems`;
    const picked = indices.map((index) => this.samples[checkIndex(fn, index, this.length)]);
    const images = readImages(picked.map(([p]) => p), "RGB");
    return picked.map(([, t], k) => {
      let sample: unknown = images[k];
      let target: unknown = t;
      if (this.transform !== null) sample = applyTransform(this.transform, sample);
      if (this.targetTransform !== null) target = applyTransform(this.targetTransform, target);
      return [sample as S, target];
    });
  }
  get length(): number {
    return this.samples.length;
  }
}

/**
 * default_loader(path): the image at `path` as a uint8 RGB tensor [3, H, W]
 * (torch-node/vision io.readImage(path, "RGB"); sharp is loaded on the first decode).
 */
export function defaultLoader(p: string): Tensor {
  return readImage(p, "RGB");
}
registerBuiltin("defaultLoader", defaultLoader);

const IMAGE_FOLDER_ARGS = ["root", "transform", "targetTransform", "loader", "isValidFile", "allowEmpty"] as const;

export interface ImageFolderOptions {
  transform?: Transform | null;
  targetTransform?: Transform | null;
  loader?: Loader;
  isValidFile?: ((path: string) => boolean) | null;
  allowEmpty?: boolean;
}

/**
 * ImageFolder(root, transform = null, targetTransform = null, loader = defaultLoader,
 * isValidFile = null, allowEmpty = false): root/<class>/**\/<image> with IMG_EXTENSIONS.
 */
export class ImageFolder<S = any> extends DatasetFolder<S> {
  /** the samples (torchvision's alias) */
  imgs: [string, number][];
  constructor(root: string, transform?: Transform | null, targetTransform?: Transform | null, loader?: Loader<S>, isValidFile?: ((path: string) => boolean) | null, allowEmpty?: boolean);
  constructor(root: string, options?: ImageFolderOptions);
  constructor(...args: unknown[]) {
    const restore = takeRestore(args);
    const [root, transform, targetTransform, loader, isValidFile, allowEmpty] = bind(new.target.name, IMAGE_FOLDER_ARGS, restore.args);
    // in a worker the samples come with the arguments: any file filter passes them (the main thread applied isValidFile)
    const valid = restore.state ? () => true : ((isValidFile ?? null) as ((p: string) => boolean) | null);
    const state = restore.state ? [{ [RESTORE]: restore.state }] : [];
    super(...([root, (loader ?? defaultLoader) as Loader<S>, valid === null ? IMG_EXTENSIONS : null, transform ?? null, targetTransform ?? null, valid, allowEmpty, ...state] as unknown as [string, Loader<S>]));
    this.imgs = this.samples;
    this._recordArgs({
      root: this.root, transform: this.transform, targetTransform: this.targetTransform, loader: this.loader, allowEmpty: allowEmpty ?? false,
    });
  }
}

registerDataset(DatasetFolder, ImageFolder);
