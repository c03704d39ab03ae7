// Mixed precision: torch.autocast and torch.amp.GradScaler, as Python has them.
// Autocast is LibTorch's own (the Autocast dispatch keys); this file keeps the
// thread-local state as Python's context manager does, around a callback
// (PORTING.md rule 6: `with torch.autocast("cuda"): ...` -> `torch.autocast("cuda", () => ...)`).
import { warnOnce } from "./warnings";
import { native } from "./native";
import { Tensor } from "./tensor";
import { dtype, isDtype, dtypeFromCode, bfloat16, float16, float32, int32 } from "./dtype";
import { Device } from "./device";
import { isOptions, bind, enumArgError } from "./args";
import { noGrad } from "./grad_mode";
import { opId } from "./dispatch";
import { full } from "./creation";
import type { Optimizer } from "./optim/optimizer";

export interface AutocastOptions {
  /** The low-precision type; default torch.getAutocastDtype(deviceType): float16 on CUDA, bfloat16 on CPU. */
  dtype?: dtype | null;
  enabled?: boolean;
  /** Cache casts of leaf weights inside the region; default torch.isAutocastCacheEnabled(). */
  cacheEnabled?: boolean | null;
}

function deviceTypeArg(v: unknown): string {
  if (v instanceof Device) return v.type;
  if (typeof v !== "string") throw new RangeError(`Expected \`device_type\` of type \`str\`, got: \`${typeof v}\``);
  return v;
}


/** torch.isAutocastAvailable(deviceType) */
export function isAutocastAvailable(deviceType: string): boolean {
  return native.isAutocastAvailable(deviceTypeArg(deviceType));
}
/** torch.isAutocastEnabled(deviceType = "cuda") */
export function isAutocastEnabled(deviceType: string = "cuda"): boolean {
  return native.isAutocastEnabled(deviceTypeArg(deviceType));
}
/** torch.setAutocastEnabled(deviceType, enabled) */
export function setAutocastEnabled(deviceType: string, enabled: boolean): void {
  native.setAutocastEnabled(deviceTypeArg(deviceType), !!enabled);
}
/** torch.getAutocastDtype(deviceType): the type autocast casts to on that device. */
export function getAutocastDtype(deviceType: string): dtype {
  return dtypeFromCode(native.getAutocastDtype(deviceTypeArg(deviceType)));
}
/** torch.setAutocastDtype(deviceType, dtype) */
export function setAutocastDtype(deviceType: string, dt: dtype): void {
  if (!isDtype(dt)) throw enumArgError("set_autocast_dtype", "dtype", "torch.dtype", dt);
  native.setAutocastDtype(deviceTypeArg(deviceType), dt.code);
}
export function isAutocastCacheEnabled(): boolean {
  return native.isAutocastCacheEnabled();
}
export function setAutocastCacheEnabled(enabled: boolean): void {
  native.setAutocastCacheEnabled(!!enabled);
}
export function clearAutocastCache(): void {
  native.clearAutocastCache();
}

/**
 * torch.autocast(deviceType, { dtype, enabled, cacheEnabled }, fn): runs fn with
 * autocast on (or off, with enabled: false) and returns its result. The region
 * is the synchronous call: fn must not return a Promise.
 */
export function autocast<T>(deviceType: string | Device, fn: () => T): T;
export function autocast<T>(deviceType: string | Device, options: AutocastOptions, fn: () => T): T;
export function autocast<T>(deviceType: string | Device, a?: AutocastOptions | (() => T), b?: () => T): T {
  const device = deviceTypeArg(deviceType);
  const opts: AutocastOptions = isOptions(a) ? (a as AutocastOptions) : {};
  const fn = typeof a === "function" ? a : b;
  if (typeof fn !== "function") throw new TypeError("autocast(): expected a callback function as the last argument");
  const fastDtype = opts.dtype ?? getAutocastDtype(device);
  if (!native.isAutocastAvailable(device)) throw new Error(`User specified an unsupported autocast device_type '${device}'`);
  if (!isDtype(fastDtype)) throw enumArgError("autocast", "dtype", "torch.dtype", fastDtype);
  const cacheEnabled = opts.cacheEnabled ?? native.isAutocastCacheEnabled();
  let enabled = opts.enabled ?? true;
  if (typeof enabled !== "boolean") throw new TypeError("autocast(): argument 'enabled' must be bool");
  const name = device.toUpperCase();
  if (enabled) {
    if (device === "cuda") {
      if (!native.cudaIsAvailable()) {
        warnOnce("CUDA is not available or torch_xla is imported. Disabling autocast.");
        enabled = false;
      }
    } else if (fastDtype !== bfloat16 && fastDtype !== float16) {
      warnOnce(
        `In ${name} autocast, but the target dtype is not supported. Disabling autocast.\n` +
          `${name} Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.`,
      );
      enabled = false;
    }
  }
  // __enter__
  const prevCache = native.isAutocastCacheEnabled();
  const prev = native.isAutocastEnabled(device);
  const prevDtype = native.getAutocastDtype(device);
  native.setAutocastEnabled(device, enabled);
  native.setAutocastDtype(device, fastDtype.code);
  native.autocastIncrementNesting();
  native.setAutocastCacheEnabled(cacheEnabled);
  let result: T;
  try {
    result = fn();
  } finally {
    // __exit__
    if (native.autocastDecrementNesting() === 0) native.clearAutocastCache();
    native.setAutocastEnabled(device, prev);
    native.setAutocastDtype(device, prevDtype);
    native.setAutocastCacheEnabled(prevCache);
  }
  if (result instanceof Promise) throw new TypeError("autocast(): fn returned a Promise; an autocast region must be synchronous");
  return result;
}

// ---------------------------------------------------------------- GradScaler

const UNSCALE = opId("_amp_foreach_non_finite_check_and_unscale_");
const UPDATE_SCALE = opId("_amp_update_scale_");

type Stage = "ready" | "unscaled" | "stepped";
interface OptState {
  stage: Stage;
  foundInfPerDevice: Map<string, Tensor>;
}

export interface GradScalerOptions {
  device?: string;
  initScale?: number;
  growthFactor?: number;
  backoffFactor?: number;
  growthInterval?: number;
  enabled?: boolean;
}

export interface GradScalerState {
  scale: number;
  growth_factor: number;
  backoff_factor: number;
  growth_interval: number;
  _growth_tracker: number;
}

/**
 * torch.amp.GradScaler(device = "cuda", { initScale = 2**16, growthFactor = 2,
 * backoffFactor = 0.5, growthInterval = 2000, enabled = true }): loss scaling
 * for float16 training, step for step as Python's.
 */
export class GradScaler {
  private readonly device: string;
  private enabled: boolean;
  private initScale = 2.0 ** 16;
  private scaleT: Tensor | null = null;
  private growthFactor = 2.0;
  private backoffFactor = 0.5;
  private growthInterval = 2000;
  private initGrowthTracker = 0;
  private growthTracker: Tensor | null = null;
  private perOptimizer = new Map<Optimizer, OptState>();

  constructor(device?: string | GradScalerOptions, options: GradScalerOptions = {}) {
    if (isOptions(device)) {
      options = device as GradScalerOptions;
      device = undefined;
    }
    const dev = (device as string | undefined) ?? options.device ?? "cuda";
    if (typeof dev !== "string") throw new TypeError("GradScaler(): argument 'device' must be str");
    const { initScale = 2.0 ** 16, growthFactor = 2.0, backoffFactor = 0.5, growthInterval = 2000, enabled = true } = options;
    this.device = dev;
    this.enabled = enabled;
    if (dev === "cuda" && enabled && !native.cudaIsAvailable()) {
      warnOnce("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.");
      this.enabled = false;
    }
    if (this.enabled) {
      if (!(growthFactor > 1.0)) throw new RangeError("The growth factor must be > 1.0.");
      if (!(backoffFactor < 1.0)) throw new RangeError("The backoff factor must be < 1.0.");
      this.initScale = initScale;
      this.growthFactor = growthFactor;
      this.backoffFactor = backoffFactor;
      this.growthInterval = growthInterval;
    }
  }

  private state(opt: Optimizer): OptState {
    let s = this.perOptimizer.get(opt);
    if (!s) {
      s = { stage: "ready", foundInfPerDevice: new Map() };
      this.perOptimizer.set(opt, s);
    }
    return s;
  }

  private check(funcname: string): [Tensor, Tensor] {
    const fix = "This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.";
    if (this.scaleT === null) throw new Error(`Attempted ${funcname} but _scale is None.  ` + fix);
    if (this.growthTracker === null) throw new Error(`Attempted ${funcname} but _growth_tracker is None.  ` + fix);
    return [this.scaleT, this.growthTracker];
  }

  private lazyInit(device: string): void {
    this.scaleT = full([], this.initScale, { dtype: float32, device });
    this.growthTracker = full([], this.initGrowthTracker, { dtype: int32, device });
  }

  /** scale(outputs): multiplies a tensor (or the tensors of nested arrays) by the scale factor. */
  scale<T extends Tensor | Iterable<unknown>>(outputs: T): T {
    if (!this.enabled) return outputs;
    const apply = (v: unknown): unknown => {
      if (v instanceof Tensor) {
        if (this.scaleT === null) this.lazyInit(v.device.toString());
        return v.mul(this.scaleT!.to(v.device, { nonBlocking: true }));
      }
      if (Array.isArray(v)) return v.map(apply);
      if (v !== null && typeof v === "object" && Symbol.iterator in v) return Array.from(v as Iterable<unknown>, apply);
      throw new RangeError("outputs must be a Tensor or an iterable of Tensors");
    };
    return apply(outputs) as T;
  }

  private unscaleGrads(opt: Optimizer, invScale: Tensor, foundInf: Tensor, allowFp16: boolean): Map<string, Tensor> {
    const perDevice = new Map<string, Map<number, Tensor[]>>();
    return noGrad(() => {
      for (const g of opt.paramGroups) {
        for (const p of g.params) {
          const grad = p.grad;
          if (grad === null) continue;
          if (!allowFp16 && grad.dtype === float16) throw new RangeError("Attempting to unscale FP16 gradients.");
          const dev = grad.device.toString();
          let byDtype = perDevice.get(dev);
          if (!byDtype) perDevice.set(dev, (byDtype = new Map()));
          const list = byDtype.get(grad.dtype.code);
          if (list) list.push(grad);
          else byDtype.set(grad.dtype.code, [grad]);
        }
      }
      const found = new Map<string, Tensor>();
      for (const [dev, byDtype] of perDevice) {
        const fi = dev === foundInf.device.toString() ? foundInf : foundInf.to(dev, { nonBlocking: true, copy: true });
        const inv = dev === invScale.device.toString() ? invScale : invScale.to(dev, { nonBlocking: true, copy: true });
        for (const grads of byDtype.values()) native.callOp(UNSCALE, grads.map((t) => t._h), fi._h, inv._h);
        found.set(dev, fi);
      }
      return found;
    });
  }

  /** unscale_(optimizer): divides the optimizer's gradients by the scale (once per step) and records infs/NaNs. */
  unscale_(optimizer: Optimizer): void {
    if (!this.enabled) return;
    this.check("unscale_");
    const st = this.state(optimizer);
    if (st.stage === "unscaled") throw new Error("unscale_() has already been called on this optimizer since the last update().");
    if (st.stage === "stepped") throw new Error("unscale_() is being called after step().");
    const scale = this.scaleT!;
    const invScale = scale.double().reciprocal().float();
    const foundInf = full([], 0.0, { dtype: float32, device: scale.device.toString() });
    st.foundInfPerDevice = this.unscaleGrads(optimizer, invScale, foundInf, false);
    st.stage = "unscaled";
  }

  /** step(optimizer, closure?): unscales if needed, then steps the optimizer unless a gradient was inf/NaN. */
  step(optimizer: Optimizer, ...args: unknown[]): unknown {
    if (!this.enabled) return (optimizer.step as (...a: unknown[]) => unknown)(...args);
    if (args.length && (typeof args[0] === "function" || (isOptions(args[0]) && "closure" in (args[0] as object))))
      throw new Error("Closure use is not currently supported if GradScaler is enabled.");
    this.check("step");
    const st = this.state(optimizer);
    if (st.stage === "stepped") throw new Error("step() has already been called since the last update().");
    if (st.stage === "ready") this.unscale_(optimizer);
    if (st.foundInfPerDevice.size === 0) throw new Error("No inf checks were recorded for this optimizer.");
    let retval: unknown;
    let sum = 0;
    for (const v of st.foundInfPerDevice.values()) sum += v.item() as number;
    if (!sum) retval = (optimizer.step as (...a: unknown[]) => unknown)(...args);
    st.stage = "stepped";
    return retval;
  }

  /** update(newScale?): grows or backs off the scale from this iteration's inf checks (or sets newScale). */
  update(newScale?: number | Tensor | null): void {
    if (!this.enabled) return;
    const [scale, tracker] = this.check("update");
    if (newScale !== undefined && newScale !== null) {
      if (typeof newScale === "number") scale.fill_(newScale);
      else {
        const reason = "new_scale should be a float or a 1-element torch.cuda.FloatTensor or torch.FloatTensor with requires_grad=False.";
        if (!(newScale instanceof Tensor) || newScale.device.type !== this.device || newScale.numel() !== 1 || newScale.requiresGrad)
          throw new Error(reason);
        scale.copy_(newScale);
      }
    } else {
      const founds: Tensor[] = [];
      for (const st of this.perOptimizer.values())
        for (const f of st.foundInfPerDevice.values()) founds.push(f.to(scale.device, { nonBlocking: true }));
      if (founds.length === 0) throw new Error("No inf checks were recorded prior to update.");
      const combined = founds[0];
      for (let i = 1; i < founds.length; i++) combined.add_(founds[i]);
      native.callOp(UPDATE_SCALE, scale._h, tracker._h, combined._h, this.growthFactor, this.backoffFactor, this.growthInterval);
    }
    this.perOptimizer = new Map();
  }

  /** The current scale as a number (initScale before the first scale()); 1.0 when disabled. */
  getScale(): number {
    if (!this.enabled) return 1.0;
    return this.scaleT === null ? this.initScale : (this.scaleT.item() as number);
  }
  getGrowthFactor(): number { return this.growthFactor; }
  setGrowthFactor(f: number): void { this.growthFactor = f; }
  getBackoffFactor(): number { return this.backoffFactor; }
  setBackoffFactor(f: number): void { this.backoffFactor = f; }
  getGrowthInterval(): number { return this.growthInterval; }
  setGrowthInterval(n: number): void { this.growthInterval = n; }
  isEnabled(): boolean { return this.enabled; }
  private getGrowthTracker(): number {
    if (!this.enabled) return 0;
    return this.growthTracker === null ? this.initGrowthTracker : (this.growthTracker.item() as number);
  }

  /** Python's state_dict(): { scale, growth_factor, backoff_factor, growth_interval, _growth_tracker } ({} when disabled). */
  stateDict(): GradScalerState | Record<string, never> {
    if (!this.enabled) return {};
    return {
      scale: this.getScale(),
      growth_factor: this.growthFactor,
      backoff_factor: this.backoffFactor,
      growth_interval: this.growthInterval,
      _growth_tracker: this.getGrowthTracker(),
    };
  }
  loadStateDict(sd: GradScalerState | Record<string, never>): void {
    if (!this.enabled) return;
    if (Object.keys(sd).length === 0)
      throw new Error("The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.");
    const s = sd as GradScalerState;
    this.initScale = s.scale;
    if (this.scaleT !== null) this.scaleT.fill_(s.scale);
    this.growthFactor = s.growth_factor;
    this.backoffFactor = s.backoff_factor;
    this.growthInterval = s.growth_interval;
    this.initGrowthTracker = s._growth_tracker;
    if (this.growthTracker !== null) this.growthTracker.fill_(s._growth_tracker);
  }
}

// ---------------------------------------------------------------- torch.cuda.amp (deprecated aliases)

/**
 * torch.cuda.amp.GradScaler(initScale, growthFactor, backoffFactor, growthInterval, enabled):
 * Python's deprecated alias of torch.amp.GradScaler("cuda", ...), with its FutureWarning (once).
 */
export class CudaAmpGradScaler extends GradScaler {
  constructor(...args: unknown[]) {
    warnOnce("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use `torch.amp.GradScaler('cuda', args...)` instead.", "FutureWarning");
    const [initScale, growthFactor, backoffFactor, growthInterval, enabled] =
      bind("GradScaler", ["initScale", "growthFactor", "backoffFactor", "growthInterval", "enabled"], args);
    const opts: GradScalerOptions = {};
    if (initScale !== undefined) opts.initScale = initScale as number;
    if (growthFactor !== undefined) opts.growthFactor = growthFactor as number;
    if (backoffFactor !== undefined) opts.backoffFactor = backoffFactor as number;
    if (growthInterval !== undefined) opts.growthInterval = growthInterval as number;
    if (enabled !== undefined) opts.enabled = enabled as boolean;
    super("cuda", opts);
  }
}
Object.defineProperty(CudaAmpGradScaler, "name", { value: "GradScaler" });

/**
 * torch.cuda.amp.autocast({ enabled, dtype = float16, cacheEnabled }, fn): Python's deprecated
 * alias of torch.autocast("cuda", ...), with its FutureWarning (once).
 */
export function cudaAmpAutocast<T>(fn: () => T): T;
export function cudaAmpAutocast<T>(options: AutocastOptions, fn: () => T): T;
export function cudaAmpAutocast<T>(a: AutocastOptions | (() => T), b?: () => T): T {
  warnOnce("`torch.cuda.amp.autocast(args...)` is deprecated. Please use `torch.amp.autocast('cuda', args...)` instead.", "FutureWarning");
  const opts = isOptions(a) ? (a as AutocastOptions) : {};
  const fn = typeof a === "function" ? a : b;
  return autocast("cuda", { dtype: float16, ...opts }, fn as () => T);
}

export const cudaAmp = { GradScaler: CudaAmpGradScaler, autocast: cudaAmpAutocast };
