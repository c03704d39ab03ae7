// torchvision.utils.make_grid and save_image.
import * as path from "path";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { describe } from "../../device";
import { bind, isOptions } from "../../args";
import { encodePng, encodeJpeg, writeFile, pathArg, type PathLike } from "../io/image";

export interface MakeGridOptions {
  /** images per row (default 8) */
  nrow?: number;
  /** pixels between and around the images (default 2) */
  padding?: number;
  /** shift the images to [0, 1] by valueRange or by their min and max (default false) */
  normalize?: boolean;
  /** [min, max] used by normalize (default: the tensor's own) */
  valueRange?: [number, number] | null;
  /** normalize each image by its own min and max (default false) */
  scaleEach?: boolean;
  /** the value of the padding pixels (default 0) */
  padValue?: number;
}

const GRID_NAMES = ["tensor", "nrow", "padding", "normalize", "valueRange", "scaleEach", "padValue"] as const;

function intArg(fn: string, v: unknown, what: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be int, not ${describe(v)}`);
}

function boolArg(fn: string, v: unknown, what: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be bool, not ${describe(v)}`);
}

function gridImpl(fn: string, tensor: unknown, nrowA: unknown, paddingA: unknown, normalizeA: unknown,
  valueRange: unknown, scaleEachA: unknown, padValueA: unknown): Tensor {
  if (!(tensor instanceof Tensor)) {
    if (Array.isArray(tensor)) {
      for (const t of tensor)
        if (!(t instanceof Tensor)) throw new TypeError(`tensor or list of tensors expected, got a list containing ${describe(t)}`);
    } else throw new TypeError(`tensor or list of tensors expected, got ${describe(tensor)}`);
  }
  const nrow = intArg(fn, nrowA, "nrow", 8);
  const padding = intArg(fn, paddingA, "padding", 2);
  const normalize = boolArg(fn, normalizeA, "normalize", false);
  const scaleEach = boolArg(fn, scaleEachA, "scaleEach", false);
  const padValue = padValueA === undefined ? 0.0 : padValueA;
  if (typeof padValue !== "number" && typeof padValue !== "boolean") throw new TypeError(`${fn}(): argument 'padValue' must be float, not ${describe(padValue)}`);
  if (nrow < 1) throw new RangeError(`${fn}(): argument 'nrow' must be at least 1, got ${nrow}`);

  let t: Tensor = Array.isArray(tensor) ? torch.stack(tensor as Tensor[], 0) : (tensor as Tensor);
  if (t.dim() === 2) t = t.unsqueeze(0); // a single H x W image
  if (t.dim() === 3) {
    if (t.size(0) === 1) t = torch.cat([t, t, t], 0); // single channel -> 3 channels
    t = t.unsqueeze(0);
  }
  if (t.dim() === 4 && t.size(1) === 1) t = torch.cat([t, t, t], 1);

  if (normalize) {
    t = t.clone(); // not in place on the caller's tensor
    if (valueRange !== undefined && valueRange !== null &&
        !(Array.isArray(valueRange) && valueRange.length === 2 && valueRange.every((v) => typeof v === "number")))
      throw new TypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers");
    const range = valueRange as [number, number] | null | undefined;
    const normIp = (img: Tensor, low: number, high: number) => {
      img.clamp_(low, high);
      img.sub_(low).div_(Math.max(high - low, 1e-5));
    };
    const normRange = (img: Tensor) => {
      if (range) normIp(img, range[0], range[1]);
      else normIp(img, img.min().item() as number, img.max().item() as number);
    };
    if (scaleEach) for (let i = 0; i < t.size(0); i++) normRange(t.select(0, i));
    else normRange(t);
  }
  if (t.dim() !== 4) throw new RangeError(`${fn}(): expected a 4-d mini-batch (B x C x H x W), a 3-d image or a list of images, got shape [${t.shape.join(", ")}]`);
  if (t.size(0) === 1) return t.squeeze(0);

  // the mini-batch as a grid
  const nmaps = t.size(0);
  const xmaps = Math.min(nrow, nmaps);
  const ymaps = Math.ceil(nmaps / xmaps);
  const height = t.size(2) + padding, width = t.size(3) + padding;
  const numChannels = t.size(1);
  const grid = t.newFull([numChannels, height * ymaps + padding, width * xmaps + padding], padValue);
  let k = 0;
  for (let y = 0; y < ymaps; y++) {
    for (let x = 0; x < xmaps; x++) {
      if (k >= nmaps) break;
      grid.narrow(1, y * height + padding, height - padding).narrow(2, x * width + padding, width - padding).copy_(t.select(0, k));
      k++;
    }
  }
  return grid;
}

/**
 * torchvision.utils.make_grid: a grid of images from a B x C x H x W tensor or
 * a list of C x H x W tensors (same size). One-channel images become three
 * channels; `normalize` shifts values to [0, 1] by `valueRange` or by the
 * min and max (of all images, or of each with `scaleEach`).
 */
export function makeGrid(tensor: Tensor | Tensor[], nrow?: number, padding?: number, normalize?: boolean,
  valueRange?: [number, number] | null, scaleEach?: boolean, padValue?: number): Tensor;
export function makeGrid(tensor: Tensor | Tensor[], options: MakeGridOptions): Tensor;
export function makeGrid(tensor: Tensor | Tensor[], nrow: number, options: MakeGridOptions): Tensor;
export function makeGrid(tensor: Tensor | Tensor[], nrow: number, padding: number, options: MakeGridOptions): Tensor;
export function makeGrid(options: MakeGridOptions & { tensor: Tensor | Tensor[] }): Tensor;
export function makeGrid(...args: unknown[]): Tensor {
  const a = bind("makeGrid", GRID_NAMES, args);
  return gridImpl("makeGrid", a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
}

export interface SaveImageOptions extends MakeGridOptions {
  /** "png" or "jpeg"/"jpg"; default: from the file name's extension */
  format?: string | null;
}

/** The format from an explicit name or the file's extension, as PIL's Image.save chooses it. */
function saveFormat(file: string, format: unknown): "png" | "jpeg" {
  let f: string;
  if (format === undefined || format === null) {
    const ext = path.extname(file).toLowerCase();
    if (ext === "") throw new RangeError(`unknown file extension: (none) in '${file}': pass format ("png" or "jpeg")`);
    f = ext.slice(1);
  } else if (typeof format === "string") f = format.toLowerCase();
  else throw new TypeError(`saveImage(): argument 'format' must be str, not ${describe(format)}`);
  if (f === "png") return "png";
  if (f === "jpg" || f === "jpeg" || f === "jpe" || f === "jfif") return "jpeg";
  throw new RangeError(`saveImage(): unsupported format '${f}' for '${file}' (torch-node saves png and jpeg)`);
}

/**
 * torchvision.utils.save_image: makeGrid(tensor, ...), then
 * `mul(255).add_(0.5).clamp_(0, 255)` to uint8 and written as PNG (or JPEG at
 * PIL's default quality 75, by the extension or `format`).
 */
export function saveImage(tensor: Tensor | Tensor[], fp: PathLike, format?: string | null, options?: MakeGridOptions): void;
export function saveImage(tensor: Tensor | Tensor[], fp: PathLike, options: SaveImageOptions): void;
export function saveImage(options: SaveImageOptions & { tensor: Tensor | Tensor[]; fp: PathLike }): void;
export function saveImage(...args: unknown[]): void {
  // Python: save_image(tensor, fp, format=None, **kwargs) with kwargs for make_grid
  let n = args.length;
  let opts: Record<string, unknown> = {};
  if (n > 0 && isOptions(args[n - 1])) {
    opts = { ...(args[n - 1] as Record<string, unknown>) };
    n--;
  }
  if (n > 3) throw new TypeError(`saveImage() takes from 2 to 3 positional arguments but ${n} were given`);
  const pick = (i: number, key: string): unknown => {
    if (i < n) {
      if (key in opts) throw new TypeError(`saveImage() got multiple values for argument '${key}'`);
      return args[i];
    }
    const v = opts[key];
    delete opts[key];
    return v;
  };
  const tensor = pick(0, "tensor");
  const fp = pick(1, "fp");
  const format = pick(2, "format");
  if (tensor === undefined) throw new TypeError("saveImage() missing 1 required positional argument: 'tensor'");
  if (fp === undefined) throw new TypeError("saveImage() missing 1 required positional argument: 'fp'");
  for (const key of Object.keys(opts))
    if (!(GRID_NAMES as readonly string[]).includes(key) || key === "tensor") throw new TypeError(`makeGrid() got an unexpected keyword argument '${key}'`);
  const file = pathArg("saveImage", fp, "fp");
  const fmt = saveFormat(file, format);
  const grid = torch.noGrad(() =>
    gridImpl("makeGrid", tensor, opts.nrow, opts.padding, opts.normalize, opts.valueRange, opts.scaleEach, opts.padValue));
  // Add 0.5 after unnormalizing to [0, 255] to round to the nearest integer
  const img = torch.noGrad(() => grid.mul(255).add_(0.5).clamp_(0, 255).to("cpu", dt.uint8));
  const bytes = fmt === "png" ? encodePng(img) : encodeJpeg(img, 75);
  writeFile(file, bytes);
}
