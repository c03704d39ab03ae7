// torchvision.models._api: the weights API (Weights, WeightsEnum and the per-model enums such as
// ResNet18_Weights), the model registry (getModel, getModelBuilder, getModelWeights, getWeight,
// listModels) and torch.hub's checkpoint cache (loadStateDictFromUrl), which the builders use:
//
//   const weights = models.ResNet18_Weights.DEFAULT;          // ResNet18_Weights.IMAGENET1K_V1
//   const model = models.resnet18({ weights }).eval();        // or { weights: "IMAGENET1K_V1" }
//   const preprocess = weights.transforms();                   // the ImageClassification preset
//   weights.meta.categories[model(preprocess(img).unsqueeze(0)).argmax().item()]
//
// Checkpoints are looked up where Python's torch.hub keeps them, $TORCH_HOME/hub/checkpoints/<file name
// of the url> (TORCH_HOME defaults to $XDG_CACHE_HOME/torch, or ~/.cache/torch), so the files a user
// already has from Python are found. A missing one is downloaded there (a progress bar on stderr, to a
// .partial file renamed when complete, checked against the hash prefix in its name as torch.hub's
// check_hash does) unless downloads are off: `download: false`, or TORCH_NODE_NO_DOWNLOAD=1.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import { inspect } from "util";
import { Worker } from "worker_threads";
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import { load } from "../../serialization/load";
import { ProgressBar } from "../../utils/progress";
import { describe } from "../../device";
import { isOptions } from "../../args";
import { warnOnce } from "../../warnings";
import { ImageClassification, ImageClassificationOptions } from "../transforms/_presets";
import { _WEIGHTS } from "./_meta";

// ---------------------------------------------------------------- Weights and WeightsEnum

/** The metadata of a set of weights (torchvision's meta dict, camelCase keys). */
export interface WeightsMeta {
  /** The class names, in output order (ImageNet's 1000 for the classification weights). */
  categories?: string[];
  /** Number of parameters of the model. */
  numParams?: number;
  /** Smallest [height, width] input the model accepts. */
  minSize?: [number, number];
  recipe?: string;
  /** Accuracies: { "ImageNet-1K": { "acc@1": ..., "acc@5": ... } }. */
  _metrics?: Record<string, Record<string, number>>;
  /** GFLOPS. */
  _ops?: number;
  /** Checkpoint size in MB. */
  _fileSize?: number;
  _docs?: string;
  [key: string]: unknown;
}

/** The preset transform factory of a set of weights (torchvision's functools.partial). */
export type TransformsFactory = (overrides?: Record<string, unknown>) => Module;

/** torchvision's Weights dataclass: where the checkpoint is, its preprocessing, its metadata. */
export class Weights {
  constructor(
    readonly url: string,
    /** Builds the preprocessing module (call it: `weights.transforms()`). */
    readonly transforms: TransformsFactory,
    readonly meta: WeightsMeta,
  ) {}
}

/** Options of getStateDict / loadStateDictFromUrl. */
export interface StateDictOptions {
  /** Draw a progress bar on stderr while downloading (default true). */
  progress?: boolean;
  /** Check the downloaded file's SHA-256 against the hash prefix in its name (default false; the builders pass true). */
  checkHash?: boolean;
  /** Download a checkpoint that is not in the cache (default true, false when TORCH_NODE_NO_DOWNLOAD is set). */
  download?: boolean;
  /** The cache folder (default `$TORCH_HOME/hub/checkpoints`). */
  modelDir?: string | null;
  /** The file name in the cache (default the url's). */
  fileName?: string | null;
  /** torch.load's mapLocation. */
  mapLocation?: unknown;
}

/**
 * One member of a weights enum (Python's `ResNet18_Weights.IMAGENET1K_V1`): `name`, `value` (the
 * Weights), and `url`, `meta`, `transforms` from it. `String(w)` is Python's repr,
 * "ResNet18_Weights.IMAGENET1K_V1". Every member is an instance of WeightsEnum and of its own enum class.
 */
export class WeightsEnum {
  /** @internal */ declare readonly _enumName: string;
  constructor(
    /** The member's name ("IMAGENET1K_V1"; DEFAULT is an alias and carries the name of the member it stands for). */
    readonly name: string,
    readonly value: Weights,
  ) {}
  get url(): string {
    return this.value.url;
  }
  get meta(): WeightsMeta {
    return this.value.meta;
  }
  /** The preset preprocessing (ImageClassification with these weights' sizes, mean, std and interpolation). */
  transforms(overrides?: Record<string, unknown>): Module {
    return this.value.transforms(overrides);
  }
  /** The checkpoint's state dict: from torch.hub's cache, downloaded first when absent (loadStateDictFromUrl). */
  getStateDict(options: StateDictOptions | boolean = {}): Record<string, Tensor> {
    const opts = typeof options === "boolean" ? { progress: options } : options;
    return loadStateDictFromUrl(this.url, opts);
  }
  /** The file name under $TORCH_HOME/hub/checkpoints ("resnet18-f37072fd.pth"). */
  get fileName(): string {
    return urlFileName(this.url);
  }
  toString(): string {
    return `${this._enumName}.${this.name}`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
  toJSON(): string {
    return this.toString();
  }
}

/** A per-model weights enum (ResNet18_Weights): its members as static fields, DEFAULT among them. */
export type WeightsEnumClass<K extends string = never> = {
  readonly [P in K | "DEFAULT"]: WeightsEnum;
} & {
  /** Python's `cls.__name__`: "ResNet18_Weights". */
  readonly name: string;
  /** WeightsEnum.verify: a member, its name ("IMAGENET1K_V1", "DEFAULT", "ResNet18_Weights.IMAGENET1K_V1") or null. */
  verify(obj: unknown): WeightsEnum | null;
  /** Python's `cls[name]` (DEFAULT included). */
  getItem(name: string): WeightsEnum;
  /** Python's `list(cls)`: the members without aliases, in definition order. */
  members(): WeightsEnum[];
  /** The names that `getItem` accepts (aliases included), Python's `cls.__members__`. */
  readonly memberNames: string[];
  [Symbol.iterator](): Iterator<WeightsEnum>;
  new (...args: never[]): WeightsEnum;
};

const ENUMS = new Map<string, WeightsEnumClass>();

/**
 * Defines the weights enum `enumName` with the given members and aliases (`{ DEFAULT: "IMAGENET1K_V2" }`),
 * registered for getWeight. The result is a class: `ResNet18_Weights.IMAGENET1K_V1 instanceof ResNet18_Weights`.
 */
export function defineWeightsEnum<K extends string>(enumName: string, members: Record<K, Weights>,
  aliases: Record<string, K> = {}): WeightsEnumClass<K> {
  if (ENUMS.has(enumName)) throw new Error(`A weights enum is already registered under the name '${enumName}'.`);
  // a distinct subclass per enum, named as in Python
  const cls = { [enumName]: class extends WeightsEnum {} }[enumName];
  Object.defineProperty(cls.prototype, "_enumName", { value: enumName, enumerable: false });
  const byName = new Map<string, WeightsEnum>();
  const list: WeightsEnum[] = [];
  for (const [k, w] of Object.entries(members) as [K, Weights][]) {
    const m = Object.freeze(new cls(k, w));
    byName.set(k, m);
    list.push(m);
  }
  for (const [alias, target] of Object.entries(aliases)) {
    const m = byName.get(target);
    if (m === undefined) throw new Error(`${enumName}: alias ${alias} names no member '${target}'`);
    byName.set(alias, m);
  }
  const statics: Record<string, unknown> = {};
  for (const [k, m] of byName) statics[k] = m;
  Object.assign(cls, statics);
  const getItem = (name: string): WeightsEnum => {
    const m = typeof name === "string" ? byName.get(name) : undefined;
    if (m === undefined)
      throw new RangeError(`${typeof name === "string" ? `'${name}'` : describe(name)} is not a member of ${enumName}: use one of ${[...byName.keys()].join(", ")}, or a path to a checkpoint file`);
    return m;
  };
  Object.defineProperties(cls, {
    getItem: { value: getItem },
    members: { value: () => list.slice() },
    memberNames: { get: () => [...byName.keys()] },
    [Symbol.iterator]: { value: () => list[Symbol.iterator]() },
    verify: {
      value: (obj: unknown): WeightsEnum | null => {
        if (obj === null || obj === undefined) return null;
        if (typeof obj === "string") return getItem(obj.replace(`${enumName}.`, ""));
        if (!(obj instanceof cls))
          throw new TypeError(`Invalid Weight class provided; expected ${enumName} but received ${obj instanceof WeightsEnum ? (obj as WeightsEnum)._enumName : describe(obj)}.`);
        return obj as WeightsEnum;
      },
    },
  });
  const out = cls as unknown as WeightsEnumClass<K>;
  ENUMS.set(enumName, out as WeightsEnumClass);
  return out;
}

/**
 * The weights enum `enumName` as torchvision defines it (its generated table in _meta.ts: urls, the
 * ImageClassification preset's arguments, meta), defined and registered with defineWeightsEnum.
 */
export function weightsEnumFromMeta<K extends string>(enumName: string): WeightsEnumClass<K> {
  const table = _WEIGHTS[enumName];
  if (table === undefined) throw new Error(`no generated weights table for ${enumName} (scripts/gen-vision-meta.py)`);
  const members = {} as Record<K, Weights>;
  for (const [k, e] of Object.entries(table.members)) {
    const preset = e.transforms as unknown as ImageClassificationOptions;
    members[k as K] = new Weights(e.url, (overrides = {}) => new ImageClassification({ ...preset, ...overrides } as ImageClassificationOptions), e.meta as WeightsMeta);
  }
  return defineWeightsEnum<K>(enumName, members, table.aliases as Record<string, K>);
}

/** Python's get_weight: the member named by its full name, "ResNet50_Weights.IMAGENET1K_V2". */
export function getWeight(name: string): WeightsEnum {
  if (typeof name !== "string") throw new TypeError(`getWeight(): argument 'name' must be str, not ${describe(name)}`);
  const parts = name.split(".");
  if (parts.length !== 2) throw new RangeError(`Invalid weight name provided: '${name}'.`);
  const [enumName, valueName] = parts;
  const e = ENUMS.get(enumName);
  if (e === undefined) throw new RangeError(`The weight enum '${enumName}' for the specific method couldn't be retrieved.`);
  return e.getItem(valueName);
}

// ---------------------------------------------------------------- the model registry

/** A model builder: `builder({ weights, progress, numClasses, ... })`. */
export type ModelBuilder = (...args: any[]) => Module;

interface Registered {
  builder: ModelBuilder;
  weights: WeightsEnumClass | null;
}
const BUILTIN_MODELS = new Map<string, Registered>();
const BY_BUILDER = new Map<ModelBuilder, Registered>();

/** Python's @register_model(name): registers `builder` (and its weights enum, Python's annotation) under `name`. */
export function registerModel<B extends ModelBuilder>(name: string, builder: B, weights: WeightsEnumClass | null = null): B {
  if (BUILTIN_MODELS.has(name)) throw new Error(`An entry is already registered under the name '${name}'.`);
  const r = { builder, weights };
  BUILTIN_MODELS.set(name, r);
  BY_BUILDER.set(builder, r);
  return builder;
}

/** Python's list_models(module, include, exclude): sorted names; include/exclude are fnmatch patterns. */
/** list_models' options: `module` (an object of builders, e.g. the `models` namespace), include / exclude patterns. */
export interface ListModelsOptions { module?: object | null; include?: string | string[] | null; exclude?: string | string[] | null }
export function listModels(module?: object | null, include?: string | string[] | null, exclude?: string | string[] | null): string[];
export function listModels(options: ListModelsOptions): string[];
export function listModels(...args: unknown[]): string[] {
  let [module, include, exclude] = args;
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last) && ("include" in last || "exclude" in last || "module" in last) && args.length === 1 &&
    Object.keys(last).every((k) => ["module", "include", "exclude"].includes(k))) {
    ({ module, include, exclude } = last as Record<string, unknown>);
  }
  const inModule = (b: ModelBuilder) =>
    module === undefined || module === null || Object.values(module as Record<string, unknown>).includes(b);
  const all = [...BUILTIN_MODELS].filter(([, r]) => inModule(r.builder)).map(([k]) => k);
  const pats = (v: unknown): string[] => (v === undefined || v === null ? [] : typeof v === "string" ? [v] : [...(v as Iterable<string>)]);
  let names = new Set(all);
  const inc = pats(include);
  if (inc.length) {
    names = new Set();
    for (const p of inc) for (const n of all) if (fnmatch(n, p)) names.add(n);
  }
  for (const p of pats(exclude)) for (const n of all) if (fnmatch(n, p)) names.delete(n);
  return [...names].sort();
}

/** Python's fnmatch.fnmatch on names (case-sensitive here, as on POSIX): *, ?, [seq], [!seq]. */
function fnmatch(name: string, pat: string): boolean {
  let re = "";
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const j = pat.indexOf("]", i + 2);
      if (j < 0) re += "\\[";
      else {
        let body = pat.slice(i + 1, j);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = j;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s").test(name);
}

/** Python's get_model_builder(name). */
export function getModelBuilder(name: string): ModelBuilder {
  if (typeof name !== "string") throw new TypeError(`getModelBuilder(): argument 'name' must be str, not ${describe(name)}`);
  const r = BUILTIN_MODELS.get(name.toLowerCase());
  if (r === undefined) throw new RangeError(`Unknown model ${name.toLowerCase()}`);
  return r.builder;
}

/** Python's get_model(name, **config): `getModel("resnet18", { weights: "DEFAULT", numClasses: 1000 })`. */
export function getModel(name: string, config: Record<string, unknown> = {}): Module {
  return getModelBuilder(name)(config);
}

/** Python's get_model_weights(name or builder): the model's weights enum. */
export function getModelWeights(name: string | ModelBuilder): WeightsEnumClass {
  const r = typeof name === "string" ? BY_BUILDER.get(getModelBuilder(name)) : BY_BUILDER.get(name);
  if (r === undefined) throw new RangeError(`${describe(name)} is not a registered model builder`);
  if (r.weights === null) throw new RangeError("The WeightsEnum class for the specific method couldn't be retrieved.");
  return r.weights;
}

// ---------------------------------------------------------------- builder helpers

/** What a builder's `weights` accepts: a member, its name, null, or a path to a .pth / .safetensors file. */
export type WeightsArg = WeightsEnum | string | null | undefined;

/** The options every builder takes besides the model's own. */
export interface BuilderOptions {
  /** A member of the model's weights enum, its name ("IMAGENET1K_V1", "DEFAULT", "ResNet18_Weights.IMAGENET1K_V1"), null, or a checkpoint path. */
  weights?: WeightsArg;
  /** Progress bar while downloading (default true). */
  progress?: boolean;
  /** Download a checkpoint missing from the cache (default true unless TORCH_NODE_NO_DOWNLOAD is set). */
  download?: boolean;
  /** Deprecated (torchvision's legacy interface): true means weights DEFAULT. */
  pretrained?: boolean;
}

/**
 * A builder's call forms: `builder({ weights, progress, ...modelOptions })`, or (torchvision's legacy,
 * deprecated) positional `builder(weights, progress, { ...modelOptions })`.
 */
export interface Builder<O, M extends Module> {
  (options?: O & BuilderOptions): M;
  (weights: WeightsArg, progress?: boolean, options?: O & BuilderOptions): M;
}

/** What a builder resolves its `weights` to: an enum member, a checkpoint file, or nothing. */
export type ResolvedWeights = { kind: "enum"; weights: WeightsEnum } | { kind: "file"; path: string } | null;

const CHECKPOINT_EXT = /\.(pth|pt|bin|ckpt|safetensors|tar)$/i;

/**
 * Binds a builder's arguments (Python's `fn(*, weights=None, progress=True, **kwargs)`, also positionally
 * as torchvision's legacy interface allows) and resolves `weights`: returns the weights, progress, download
 * flag and the remaining model options. `pretrained: true` means DEFAULT (with torchvision's warning).
 */
export function builderArgs(fn: string, enumCls: WeightsEnumClass, args: unknown[]): {
  weights: ResolvedWeights; progress: boolean; download: boolean | undefined; kwargs: Record<string, unknown>;
} {
  let n = args.length;
  let opts: Record<string, unknown> = {};
  if (n > 0 && isOptions(args[n - 1])) opts = { ...(args[--n] as Record<string, unknown>) };
  else if (n > 0 && args[n - 1] === undefined) n--;
  if (n > 2) throw new TypeError(`${fn}() takes from 0 to 2 positional arguments but ${n} were given`);
  const names = ["weights", "progress"];
  for (let i = 0; i < n; i++) {
    if (names[i] in opts) throw new TypeError(`${fn}() got multiple values for argument '${names[i]}'`);
    opts[names[i]] = args[i];
  }
  if (n > 0)
    warnOnce(`Using '${names.slice(0, n).join("', '")}' as positional parameter(s) is deprecated since 0.13 and may be removed in the future. Please use keyword parameter(s) instead.`);
  let { weights, progress = true, download, pretrained, ...kwargs } = opts;
  if (pretrained !== undefined) {
    if (weights !== undefined && weights !== null) throw new TypeError(`${fn}() got multiple values for argument 'weights' (pretrained and weights)`);
    warnOnce("The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, please use 'weights' instead.");
    if (pretrained) {
      warnOnce(`Arguments other than a weight enum or \`None\` for 'weights' are deprecated since 0.13 and may be removed in the future. The current behavior is equivalent to passing \`weights=${enumCls.name}.DEFAULT\`. You can also use \`weights=${enumCls.name}.DEFAULT\` to get the most up-to-date weights.`);
      weights = enumCls.DEFAULT;
    }
  }
  if (typeof progress !== "boolean") throw new TypeError(`${fn}(): argument 'progress' must be bool, not ${describe(progress)}`);
  if (download !== undefined && typeof download !== "boolean") throw new TypeError(`${fn}(): argument 'download' must be bool, not ${describe(download)}`);
  return { weights: resolveWeights(enumCls, weights), progress, download: download as boolean | undefined, kwargs };
}

/** `weights` as a member of `enumCls` (WeightsEnum.verify), or a checkpoint path (a string naming no member that looks like a file). */
export function resolveWeights(enumCls: WeightsEnumClass, weights: unknown): ResolvedWeights {
  if (weights === null || weights === undefined || weights === false) return null;
  if (typeof weights === "string") {
    const bare = weights.replace(`${enumCls.name}.`, "");
    if (enumCls.memberNames.includes(bare)) return { kind: "enum", weights: enumCls.getItem(bare) };
    if (weights.includes("/") || weights.includes(path.sep) || CHECKPOINT_EXT.test(weights)) {
      if (!fs.existsSync(weights)) throw new Error(`weights: no such checkpoint file: '${weights}'`);
      return { kind: "file", path: weights };
    }
    enumCls.getItem(bare); // throws naming the members
  }
  return { kind: "enum", weights: enumCls.verify(weights)! };
}

/** Python's _ovewrite_named_param: sets kwargs[param] to newValue, or throws if the caller gave another value. */
export function ovewriteNamedParam(kwargs: Record<string, unknown>, param: string, newValue: unknown): void {
  if (param in kwargs && kwargs[param] !== undefined) {
    if (!sameValue(kwargs[param], newValue))
      throw new RangeError(`The parameter '${param}' expected value ${pyRepr(newValue)} but got ${pyRepr(kwargs[param])} instead.`);
  } else kwargs[param] = newValue;
}

/** Python's _ovewrite_value_param: `expected`, unless the caller gave another value (an error). */
export function ovewriteValueParam<V>(param: string, actual: V | null | undefined, expected: V): V {
  if (actual !== null && actual !== undefined && !sameValue(actual, expected))
    throw new RangeError(`The parameter '${param}' expected value ${pyRepr(expected)} but got ${pyRepr(actual)} instead.`);
  return expected;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}
function pyRepr(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (typeof v === "string") return `'${v}'`;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

/** The weights' num_classes rule of the classification builders: numClasses must equal len(categories). */
export function applyWeightsNumClasses(weights: ResolvedWeights, kwargs: Record<string, unknown>): void {
  const categories = weights !== null && weights.kind === "enum" ? weights.weights.meta.categories : null;
  if (categories !== null && categories !== undefined) ovewriteNamedParam(kwargs, "numClasses", categories.length);
}

/**
 * Loads resolved weights into `model` (strict loadStateDict). `transform` rewrites a checkpoint's keys
 * first (DenseNet's old checkpoints). Returns the model.
 */
export function loadWeights<M extends Module>(model: M, weights: ResolvedWeights, opts: { progress?: boolean; download?: boolean },
  transform?: (sd: Record<string, Tensor>) => Record<string, Tensor>): M {
  if (weights === null) return model;
  let sd = weights.kind === "enum"
    ? weights.weights.getStateDict({ progress: opts.progress ?? true, checkHash: true, download: opts.download })
    : loadCheckpointFile(weights.path);
  if (transform) sd = transform(sd);
  model.loadStateDict(sd);
  return model;
}

export interface MakeBuilderOptions {
  /** Model options the builder sets (resnext50_32x4d: { groups: 32, widthPerGroup: 4 }); a different value given is an error. */
  fixed?: Record<string, unknown>;
  /** Set numClasses from the weights' categories (default true: the classification builders). */
  numClassesFromWeights?: boolean;
  /** Rewrites a checkpoint's keys before loading (DenseNet's old checkpoints). */
  transform?: (sd: Record<string, Tensor>) => Record<string, Tensor>;
}

/**
 * A registered builder `name` with torchvision's classification flow: verify the weights, fix the model
 * options (numClasses = len(categories) with weights), construct with the remaining options, load the weights.
 */
export function makeBuilder<O, M extends Module>(name: string, weightsEnum: WeightsEnumClass,
  construct: (kwargs: Record<string, unknown>, weights: ResolvedWeights) => M, options: MakeBuilderOptions = {}): Builder<O, M> {
  const { fixed = {}, numClassesFromWeights = true, transform } = options;
  const fn = (...args: unknown[]): M => {
    const { weights, progress, download, kwargs } = builderArgs(name, weightsEnum, args);
    for (const [k, v] of Object.entries(fixed)) ovewriteNamedParam(kwargs, k, v);
    if (numClassesFromWeights) applyWeightsNumClasses(weights, kwargs);
    const model = construct(kwargs, weights);
    return loadWeights(model, weights, { progress, download }, transform);
  };
  Object.defineProperty(fn, "name", { value: name });
  registerModel(name, fn, weightsEnum);
  return fn as Builder<O, M>;
}

/** A checkpoint file as a state dict (a .safetensors file, or a torch.save file holding one). */
export function loadCheckpointFile(file: string, mapLocation?: unknown): Record<string, Tensor> {
  const obj = load(file, (mapLocation ?? null) as never);
  return asStateDict(obj, file);
}

function asStateDict(obj: unknown, file: string): Record<string, Tensor> {
  const sd = obj instanceof Map ? Object.fromEntries(obj) : obj;
  if (sd === null || typeof sd !== "object" || Array.isArray(sd) || sd instanceof Tensor)
    throw new TypeError(`weights: '${file}' does not hold a state dict (a dict of tensors), but ${describe(obj)}`);
  const bad = Object.entries(sd as Record<string, unknown>).find(([, v]) => !(v instanceof Tensor));
  if (bad !== undefined)
    throw new TypeError(`weights: '${file}' does not hold a state dict: its entry '${bad[0]}' is ${describe(bad[1])}, not a Tensor (a checkpoint with the state dict under a key? load it with torch.load and pass that entry to loadStateDict)`);
  return sd as Record<string, Tensor>;
}

// ---------------------------------------------------------------- torch.hub's cache and download

/** torch.hub.get_dir(): $TORCH_HOME/hub, TORCH_HOME defaulting to $XDG_CACHE_HOME/torch or ~/.cache/torch. */
export function getDir(): string {
  const env = process.env;
  const torchHome = env.TORCH_HOME ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "torch");
  return path.join(expandUser(torchHome), "hub");
}

function expandUser(p: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

/** The last path component of a url (Python's os.path.basename(urlparse(url).path)). */
export function urlFileName(url: string): string {
  let p: string;
  try {
    p = new URL(url).pathname;
  } catch {
    p = url;
  }
  return decodeURIComponent(p.slice(p.lastIndexOf("/") + 1));
}

/** torch.hub's HASH_REGEX: the hex digits after the last "-" of a file name, before its first "." after it. */
const HASH_REGEX = /-([a-f0-9]*)\./;

/** The hash prefix torch.hub checks for a file name ("resnet18-f37072fd.pth" -> "f37072fd"), or null. */
export function hashPrefix(fileName: string): string | null {
  const m = HASH_REGEX.exec(fileName);
  return m ? m[1] : null;
}

/** The SHA-256 hex digest of a file. */
export function sha256File(file: string): string {
  const h = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest("hex");
}

function downloadsAllowed(download: boolean | undefined): boolean {
  if (download !== undefined) return download;
  const v = process.env.TORCH_NODE_NO_DOWNLOAD;
  return v === undefined || v === "" || v === "0" || v.toLowerCase() === "false";
}

/**
 * torch.hub.load_state_dict_from_url(url, modelDir, mapLocation, progress, checkHash, fileName): the
 * cached file `modelDir/<fileName>` (default $TORCH_HOME/hub/checkpoints/<the url's file name>), downloaded
 * first when absent and downloads are allowed; then torch.load of it.
 */
export function loadStateDictFromUrl(url: string, options: StateDictOptions = {}): Record<string, Tensor> {
  const { progress = true, checkHash = false, download, modelDir = null, fileName = null, mapLocation } = options;
  const dir = modelDir ?? path.join(getDir(), "checkpoints");
  const name = fileName ?? urlFileName(url);
  const cached = path.join(dir, name);
  if (!fs.existsSync(cached)) {
    if (!downloadsAllowed(download))
      throw new Error(`weights file not found: ${cached} (downloads are disabled${download === false ? " by download: false" : " by TORCH_NODE_NO_DOWNLOAD"}). ` +
        `Put the file from ${url} there (Python's torch.hub cache is the same folder), set TORCH_HOME, or allow downloads.`);
    fs.mkdirSync(dir, { recursive: true });
    downloadUrlToFile(url, cached, checkHash ? hashPrefix(name) : null, progress);
  }
  return loadCheckpointFile(cached, mapLocation);
}

const STATUS_RUNNING = 0, STATUS_DONE = 1, STATUS_FAILED = 2;
const ERROR_BYTES = 4096;

// The download runs in a worker thread (its own event loop) while this thread waits for it, so that
// the builders stay synchronous as in Python; this thread wakes every 100 ms to redraw the bar.
const DOWNLOAD_WORKER = `
const { workerData } = require("worker_threads");
const fs = require("fs");
const status = new Int32Array(workerData.sab, 0, 1);
const counts = new Float64Array(workerData.sab, 8, 2);
const errBytes = new Uint8Array(workerData.sab, 24);
function finish(code, msg) {
  if (msg) errBytes.set(Buffer.from(String(msg)).subarray(0, errBytes.length - 1));
  Atomics.store(status, 0, code);
  Atomics.notify(status, 0);
}
function get(url, redirects) {
  const lib = url.startsWith("https:") ? require("https") : require("http");
  const req = lib.get(url, { headers: { "User-Agent": "torch-node" } }, (res) => {
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      res.resume();
      if (redirects > 10) return finish(2, "too many redirects");
      return get(new URL(res.headers.location, url).toString(), redirects + 1);
    }
    if (res.statusCode !== 200) { res.resume(); return finish(2, "HTTP Error " + res.statusCode + ": " + (res.statusMessage || "")); }
    const len = Number(res.headers["content-length"]);
    counts[1] = Number.isFinite(len) ? len : -1;
    const out = fs.createWriteStream(workerData.tmp);
    res.on("data", (c) => { counts[0] += c.length; });
    res.on("error", (e) => finish(2, e.message));
    out.on("error", (e) => finish(2, e.message));
    res.on("aborted", () => finish(2, "the connection closed before the end of the file"));
    res.pipe(out);
    out.on("finish", () => {
      if (counts[1] >= 0 && counts[0] !== counts[1]) return finish(2, "incomplete download: " + counts[0] + " of " + counts[1] + " bytes");
      finish(1);
    });
  });
  req.on("error", (e) => finish(2, e.message));
  req.setTimeout(60000, () => req.destroy(new Error("timed out")));
}
try { get(workerData.url, 0); } catch (e) { finish(2, e && e.message); }
`;

/**
 * torch.hub.download_url_to_file(url, dst, hashPrefix, progress): downloads to `dst.<random>.partial`
 * in dst's folder, checks the SHA-256 against `hashPrefix` (when given), then renames to `dst`. On any
 * error the partial file is removed and `dst` is untouched.
 */
export function downloadUrlToFile(url: string, dst: string, hashPrefix: string | null = null, progress = true): void {
  const tmp = `${dst}.${crypto.randomBytes(16).toString("hex")}.partial`;
  const sab = new SharedArrayBuffer(24 + ERROR_BYTES);
  const status = new Int32Array(sab, 0, 1);
  const counts = new Float64Array(sab, 8, 2);
  if (progress) process.stderr.write(`Downloading: "${url}" to ${dst}\n`);
  const worker = new Worker(DOWNLOAD_WORKER, { eval: true, workerData: { sab, url, tmp } });
  worker.unref();
  let bar: ProgressBar | null = null;
  try {
    while (Atomics.load(status, 0) === STATUS_RUNNING) {
      Atomics.wait(status, 0, STATUS_RUNNING, 100);
      if (progress && counts[1] !== 0) {
        bar ??= new ProgressBar(null, { total: counts[1] > 0 ? counts[1] : null, unit: "B" });
        bar.update(counts[0] - bar.n);
      }
    }
    if (Atomics.load(status, 0) === STATUS_FAILED) {
      const bytes = new Uint8Array(sab, 24);
      const end = bytes.indexOf(0);
      const msg = Buffer.from(bytes.subarray(0, end < 0 ? bytes.length : end)).toString();
      throw new Error(`downloading ${url} failed: ${msg}`);
    }
    if (progress) {
      bar ??= new ProgressBar(null, { total: counts[0], unit: "B" });
      bar.update(counts[0] - bar.n);
    }
  } catch (e) {
    void worker.terminate();
    rmQuiet(tmp);
    throw e;
  } finally {
    bar?.close();
  }
  void worker.terminate();
  if (hashPrefix !== null && hashPrefix !== "") {
    const digest = sha256File(tmp);
    if (digest.slice(0, hashPrefix.length) !== hashPrefix) {
      rmQuiet(tmp);
      throw new Error(`invalid hash value (expected "${hashPrefix}", got "${digest}")`);
    }
  }
  fs.renameSync(tmp, dst);
}

function rmQuiet(p: string): void {
  try {
    fs.rmSync(p, { force: true });
  } catch {
    /* already gone */
  }
}
