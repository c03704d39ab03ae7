// GroupNorm, InstanceNorm1d/2d/3d, LocalResponseNorm, RMSNorm: Python's modules over the F forms.
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { ones, zeros } from "../creation";
import { dtype } from "../dtype";
import { describe } from "../device";
import { bind, checkInt, checkBool, PyArgsReq } from "../args";
import type { DeviceLike } from "../tensor";
import { pyFloat, pyBool, pyTuple } from "./repr";
import { NormBase, type BatchNormModuleOptions } from "./layers";
import { warnOnce } from "./_util";
import * as F from "./functional";

function float(fn: string, v: unknown, what: string): number {
  if (typeof v === "number") return v;
  throw new TypeError(`${fn}(): argument '${what}' must be float, not ${describe(v)}`);
}
function shape(fn: string, v: unknown): number[] {
  const s = typeof v === "number" ? [v] : v;
  if (!Array.isArray(s) || !s.every((e) => Number.isInteger(e)))
    throw new TypeError(`${fn}(): argument 'normalized_shape' must be tuple of ints, not ${describe(v)}`);
  return [...(s as number[])];
}

/** nn.GroupNorm(numGroups, numChannels, eps = 1e-5, affine = true, { device, dtype, bias = true }) */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(...args: PyArgsReq<[numGroups: number, numChannels: number], [eps: number, affine: boolean, device: DeviceLike | null, dtype: dtype | null, bias: boolean], { numGroups?: number; numChannels?: number; eps?: number; affine?: boolean; device?: DeviceLike | null; dtype?: dtype | null; bias?: boolean }, "numGroups" | "numChannels">) {
    super();
    const [g, c, eps = 1e-5, affine = true, device, dt, bias = true] =
      bind("GroupNorm", ["numGroups", "numChannels", "eps", "affine", "device", "dtype", "bias"], args);
    this.numGroups = checkInt("GroupNorm", g, "num_groups");
    this.numChannels = checkInt("GroupNorm", c, "num_channels");
    if (this.numGroups === 0) throw new RangeError("integer modulo by zero");
    if (this.numChannels % this.numGroups !== 0)
      throw new RangeError(`num_channels (${this.numChannels}) must be divisible by num_groups (${this.numGroups})`);
    this.eps = float("GroupNorm", eps, "eps");
    this.affine = checkBool("GroupNorm", affine, "affine", true);
    const opts = { device: device as string | undefined, dtype: dt as dtype | undefined };
    if (this.affine) {
      this.weight = new Parameter(ones([this.numChannels], opts));
      if (checkBool("GroupNorm", bias, "bias", true)) this.bias = new Parameter(zeros([this.numChannels], opts));
      else this.registerParameter("bias", null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
  }
  forward(x: Tensor): Tensor {
    return F.groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }
  extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}, bias=${pyBool(this.bias !== null)}`;
  }
}

abstract class InstanceNormBase extends NormBase {
  constructor(name: string, args: unknown[]) {
    super(name, args, false, false);
  }
  /** The number of dimensions of an unbatched input. */
  protected abstract get noBatchDim(): number;
  protected abstract checkInput(x: Tensor): void;
  private applyNorm(x: Tensor): Tensor {
    return F.instanceNorm(x, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.trackRunningStats, this.momentum ?? 0, this.eps);
  }
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const featureDim = x.dim() - this.noBatchDim;
    if (x.size(featureDim) !== this.numFeatures) {
      if (this.affine)
        throw new RangeError(`expected input's size at dim=${featureDim} to match num_features (${this.numFeatures}), but got: ${x.size(featureDim)}.`);
      warnOnce(`input's size at dim=${featureDim} does not match num_features. You can silence this warning by not passing in num_features, ` +
        "which is not used because affine=False");
    }
    if (x.dim() === this.noBatchDim) return this.applyNorm(x.unsqueeze(0)).squeeze(0);
    return this.applyNorm(x);
  }
}
/** nn.InstanceNorm1d(numFeatures, eps = 1e-5, momentum = 0.1, affine = false, trackRunningStats = false): over (N, C, L) or (C, L). */
export class InstanceNorm1d extends InstanceNormBase {
  constructor(...args: PyArgsReq<[numFeatures: number], [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: DeviceLike | null, dtype: dtype | null], BatchNormModuleOptions, "numFeatures">) { super("InstanceNorm1d", args); }
  protected get noBatchDim(): number { return 2; }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 2 && x.dim() !== 3) throw new RangeError(`expected 2D or 3D input (got ${x.dim()}D input)`);
  }
}
/** nn.InstanceNorm2d(numFeatures, eps = 1e-5, momentum = 0.1, affine = false, trackRunningStats = false): over (N, C, H, W) or (C, H, W). */
export class InstanceNorm2d extends InstanceNormBase {
  constructor(...args: PyArgsReq<[numFeatures: number], [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: DeviceLike | null, dtype: dtype | null], BatchNormModuleOptions, "numFeatures">) { super("InstanceNorm2d", args); }
  protected get noBatchDim(): number { return 3; }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 3 && x.dim() !== 4) throw new RangeError(`expected 3D or 4D input (got ${x.dim()}D input)`);
  }
}
/** nn.InstanceNorm3d(numFeatures, eps = 1e-5, momentum = 0.1, affine = false, trackRunningStats = false): over (N, C, D, H, W) or (C, D, H, W). */
export class InstanceNorm3d extends InstanceNormBase {
  constructor(...args: PyArgsReq<[numFeatures: number], [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: DeviceLike | null, dtype: dtype | null], BatchNormModuleOptions, "numFeatures">) { super("InstanceNorm3d", args); }
  protected get noBatchDim(): number { return 4; }
  protected checkInput(x: Tensor): void {
    if (x.dim() !== 4 && x.dim() !== 5) throw new RangeError(`expected 4D or 5D input (got ${x.dim()}D input)`);
  }
}

/** nn.LocalResponseNorm(size, alpha = 1e-4, beta = 0.75, k = 1.0): normalizes each channel by its neighbours'. */
export class LocalResponseNorm extends Module {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(...args: PyArgsReq<[size: number], [alpha: number, beta: number, k: number], { size?: number; alpha?: number; beta?: number; k?: number }, "size">) {
    super();
    const [size, alpha = 1e-4, beta = 0.75, k = 1.0] = bind("LocalResponseNorm", ["size", "alpha", "beta", "k"], args);
    this.size = checkInt("LocalResponseNorm", size, "size");
    this.alpha = float("LocalResponseNorm", alpha, "alpha");
    this.beta = float("LocalResponseNorm", beta, "beta");
    this.k = float("LocalResponseNorm", k, "k");
  }
  forward(x: Tensor): Tensor {
    return F.localResponseNorm(x, this.size, this.alpha, this.beta, this.k);
  }
  extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}

/** nn.RMSNorm(normalizedShape, eps = null, elementwiseAffine = true, { device, dtype }): eps null means finfo(dtype).eps. */
export class RMSNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number | null;
  readonly elementwiseAffine: boolean;
  declare weight: Parameter | null;
  constructor(...args: PyArgsReq<[normalizedShape: number | number[]], [eps: number | null, elementwiseAffine: boolean, device: DeviceLike | null, dtype: dtype | null], { normalizedShape?: number | number[]; eps?: number | null; elementwiseAffine?: boolean; device?: DeviceLike | null; dtype?: dtype | null }, "normalizedShape">) {
    super();
    const [s, eps = null, affine = true, device, dt] = bind("RMSNorm", ["normalizedShape", "eps", "elementwiseAffine", "device", "dtype"], args);
    this.normalizedShape = shape("RMSNorm", s);
    this.eps = eps === null ? null : float("RMSNorm", eps, "eps");
    this.elementwiseAffine = checkBool("RMSNorm", affine, "elementwise_affine", true);
    if (this.elementwiseAffine) this.weight = new Parameter(ones(this.normalizedShape, { device: device as string | undefined, dtype: dt as dtype | undefined }));
    else this.registerParameter("weight", null);
  }
  forward(x: Tensor): Tensor {
    return F.rmsNorm(x, this.normalizedShape, this.weight, this.eps);
  }
  extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${this.eps === null ? "None" : pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
