// nn.Upsample (and its UpsamplingNearest2d / UpsamplingBilinear2d forms) over
// F.interpolate; nn.PixelShuffle / PixelUnshuffle over aten::pixel_(un)shuffle.
import { Module } from "./module";
import { Tensor } from "../tensor";
import { bind, checkInt, PyArgs, PyArgsReq } from "../args";
import { describe } from "../device";
import { pyFloat } from "./repr";
import * as SF from "./functional_spatial";
import { pyVal } from "./pooling";

/**
 * nn.Upsample(size = null, scaleFactor = null, mode = "nearest", alignCorners = null, recomputeScaleFactor = null):
 * modes nearest, linear, bilinear, bicubic, trilinear, area, nearest-exact.
 */
export class Upsample extends Module {
  readonly name: string;
  readonly size: number | number[] | null;
  readonly scaleFactor: number | number[] | null;
  readonly mode: SF.InterpolateMode;
  readonly alignCorners: boolean | null;
  readonly recomputeScaleFactor: boolean | null;
  constructor(...args: PyArgs<[size: SF.OptIntOrTuple | null, scaleFactor: number | number[] | null, mode: SF.InterpolateMode, alignCorners: boolean | null, recomputeScaleFactor: boolean | null], { size?: SF.OptIntOrTuple | null; scaleFactor?: number | number[] | null; mode?: SF.InterpolateMode; alignCorners?: boolean | null; recomputeScaleFactor?: boolean | null }>) {
    super();
    const cls = new.target.name;
    const [size = null, scaleFactor = null, mode = "nearest", alignCorners = null, recompute = null] =
      bind(cls, ["size", "scaleFactor", "mode", "alignCorners", "recomputeScaleFactor"], args);
    this.name = cls;
    if (size !== null && typeof size !== "number" && !Array.isArray(size))
      throw new TypeError(`${cls}(): argument 'size' must be int or tuple of ints, not ${describe(size)}`);
    this.size = Array.isArray(size) ? (size.slice() as number[]) : (size as number | null);
    // Python: a tuple of floats, float(scale_factor), or None for a falsy factor
    if (Array.isArray(scaleFactor)) {
      for (const f of scaleFactor)
        if (typeof f !== "number") throw new TypeError(`float() argument must be a string or a real number, not '${describe(f)}'`);
      this.scaleFactor = (scaleFactor as number[]).slice();
    } else if (scaleFactor === null || scaleFactor === 0 || scaleFactor === false) this.scaleFactor = null;
    else if (typeof scaleFactor === "number") this.scaleFactor = scaleFactor;
    else throw new TypeError(`float() argument must be a string or a real number, not '${describe(scaleFactor)}'`);
    if (typeof mode !== "string") throw new TypeError(`${cls}(): argument 'mode' must be str, not ${describe(mode)}`);
    this.mode = mode as SF.InterpolateMode; // an unknown mode throws at forward, as in Python
    this.alignCorners = alignCorners as boolean | null;
    this.recomputeScaleFactor = recompute as boolean | null;
  }
  forward(input: Tensor): Tensor {
    return SF.interpolate(input, this.size, this.scaleFactor, this.mode, this.alignCorners, { recomputeScaleFactor: this.recomputeScaleFactor });
  }
  extraRepr(): string {
    const sf = this.scaleFactor;
    let info: string;
    if (sf !== null) info = "scale_factor=" + (Array.isArray(sf) ? (sf.length === 1 ? `(${pyFloat(sf[0])},)` : `(${sf.map(pyFloat).join(", ")})`) : pyFloat(sf));
    else info = "size=" + pyVal(this.size);
    return `${info}, mode='${this.mode}'`;
  }
}

/** nn.UpsamplingNearest2d(size = null, scaleFactor = null): Upsample with mode "nearest" */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: PyArgs<[size: SF.OptIntOrTuple | null, scaleFactor: number | number[] | null], { size?: SF.OptIntOrTuple | null; scaleFactor?: number | number[] | null }>) {
    const [size = null, scaleFactor = null] = bind("UpsamplingNearest2d", ["size", "scaleFactor"], args);
    super(size as SF.OptIntOrTuple | null, scaleFactor as number | null, { mode: "nearest" }); // checked by Upsample
  }
}
/** nn.UpsamplingBilinear2d(size = null, scaleFactor = null): Upsample with mode "bilinear" and alignCorners true */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: PyArgs<[size: SF.OptIntOrTuple | null, scaleFactor: number | number[] | null], { size?: SF.OptIntOrTuple | null; scaleFactor?: number | number[] | null }>) {
    const [size = null, scaleFactor = null] = bind("UpsamplingBilinear2d", ["size", "scaleFactor"], args);
    super(size as SF.OptIntOrTuple | null, scaleFactor as number | null, { mode: "bilinear", alignCorners: true }); // checked by Upsample
  }
}

/** nn.PixelShuffle(upscaleFactor): (*, C*r*r, H, W) -> (*, C, H*r, W*r) */
export class PixelShuffle extends Module {
  readonly upscaleFactor: number;
  constructor(...args: PyArgsReq<[upscaleFactor: number], [], { upscaleFactor?: number }, "upscaleFactor">) {
    super();
    const [r] = bind("PixelShuffle", ["upscaleFactor"], args);
    this.upscaleFactor = checkInt("PixelShuffle", r, "upscale_factor");
  }
  forward(input: Tensor): Tensor {
    return SF.pixelShuffle(input, this.upscaleFactor);
  }
  extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}
/** nn.PixelUnshuffle(downscaleFactor): (*, C, H*r, W*r) -> (*, C*r*r, H, W) */
export class PixelUnshuffle extends Module {
  readonly downscaleFactor: number;
  constructor(...args: PyArgsReq<[downscaleFactor: number], [], { downscaleFactor?: number }, "downscaleFactor">) {
    super();
    const [r] = bind("PixelUnshuffle", ["downscaleFactor"], args);
    this.downscaleFactor = checkInt("PixelUnshuffle", r, "downscale_factor");
  }
  forward(input: Tensor): Tensor {
    return SF.pixelUnshuffle(input, this.downscaleFactor);
  }
  extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}
