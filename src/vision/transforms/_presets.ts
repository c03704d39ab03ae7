// torchvision.transforms._presets.ImageClassification: the evaluation preprocessing of the
// classification weights (`weights.transforms()`): resize -> center crop -> float in [0, 1] ->
// normalize, on CHW / NCHW tensors (uint8 or float; a uint8 tensor stands where torchvision
// has a PIL image, so pil_to_tensor has nothing to do).
import { Module } from "../../nn/module";
import { Tensor } from "../../tensor";
import * as dt from "../../dtype";
import { pyFloat } from "../../nn/repr";
import { describe } from "../../device";
import { isOptions } from "../../args";
import { convertImageDtype } from "./_image";
import { InterpolationMode, toInterpolationMode } from "./interpolation";
import * as F from "./functional";

type Fn = (...args: unknown[]) => Tensor;
/** transforms.functional's `name` (resize, centerCrop, normalize: the geometry and color halves). */
function functional(name: string): Fn {
  const f = (F as unknown as Record<string, unknown>)[name];
  if (typeof f !== "function") throw new Error(`ImageClassification: transforms.functional.${name} is not available in this build`);
  return f as Fn;
}

export interface ImageClassificationOptions {
  cropSize: number;
  resizeSize?: number;
  mean?: number[];
  std?: number[];
  interpolation?: InterpolationMode | number;
  antialias?: boolean | null;
}

const INTERP_NAME = Object.fromEntries(Object.entries(InterpolationMode).map(([k, v]) => [v, k])) as Record<string, string>;

/**
 * new ImageClassification({ cropSize, resizeSize = 256, mean = [0.485, 0.456, 0.406],
 * std = [0.229, 0.224, 0.225], interpolation = InterpolationMode.BILINEAR, antialias = true })
 * (keyword-only, as in torchvision).
 */
export class ImageClassification extends Module {
  readonly cropSize: number[];
  readonly resizeSize: number[];
  readonly mean: number[];
  readonly std: number[];
  readonly interpolation: InterpolationMode;
  readonly antialias: boolean | null;

  constructor(options: ImageClassificationOptions) {
    super();
    if (!isOptions(options)) throw new TypeError(`ImageClassification() takes keyword arguments only ({ cropSize, ... }), not ${describe(options)}`);
    const known = ["cropSize", "resizeSize", "mean", "std", "interpolation", "antialias"];
    for (const k of Object.keys(options))
      if (!known.includes(k)) throw new TypeError(`ImageClassification.__init__() got an unexpected keyword argument '${k}'`);
    const { cropSize, resizeSize = 256, mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225], interpolation = InterpolationMode.BILINEAR, antialias = true } = options;
    if (cropSize === undefined) throw new TypeError("ImageClassification.__init__() missing 1 required keyword-only argument: 'cropSize'");
    for (const [name, v] of [["cropSize", cropSize], ["resizeSize", resizeSize]] as const)
      if (!Number.isInteger(v) || (v as number) <= 0) throw new TypeError(`ImageClassification(): argument '${name}' must be a positive int, not ${describe(v)}`);
    for (const [name, v] of [["mean", mean], ["std", std]] as const)
      if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) throw new TypeError(`ImageClassification(): argument '${name}' must be a sequence of floats, not ${describe(v)}`);
    this.cropSize = [cropSize];
    this.resizeSize = [resizeSize];
    this.mean = [...mean];
    this.std = [...std];
    this.interpolation = toInterpolationMode(interpolation);
    this.antialias = antialias;
  }

  forward(img: Tensor): Tensor {
    if (!(img instanceof Tensor)) throw new TypeError(`ImageClassification: img should be a Tensor image. Got ${describe(img)}`);
    let x = functional("resize")(img, this.resizeSize, this.interpolation, null, this.antialias);
    x = functional("centerCrop")(x, this.cropSize);
    x = convertImageDtype(x, dt.float32);
    return functional("normalize")(x, this.mean, this.std);
  }

  toString(): string {
    const list = (xs: number[]) => `[${xs.map(pyFloat).join(", ")}]`;
    return "ImageClassification(" +
      `\n    crop_size=[${this.cropSize[0]}]` +
      `\n    resize_size=[${this.resizeSize[0]}]` +
      `\n    mean=${list(this.mean)}` +
      `\n    std=${list(this.std)}` +
      `\n    interpolation=InterpolationMode.${INTERP_NAME[this.interpolation]}` +
      "\n)";
  }

  /** torchvision's describe(): what the preset does, in words. */
  describe(): string {
    return "Accepts ``PIL.Image``, batched ``(B, C, H, W)`` and single ``(C, H, W)`` image ``torch.Tensor`` objects. " +
      `The images are resized to \`\`resize_size=[${this.resizeSize[0]}]\`\` using \`\`interpolation=InterpolationMode.${INTERP_NAME[this.interpolation]}\`\`, ` +
      `followed by a central crop of \`\`crop_size=[${this.cropSize[0]}]\`\`. Finally the values are first rescaled to ` +
      `\`\`[0.0, 1.0]\`\` and then normalized using \`\`mean=${`[${this.mean.map(pyFloat).join(", ")}]`}\`\` and \`\`std=${`[${this.std.map(pyFloat).join(", ")}]`}\`\`.`;
  }
}
