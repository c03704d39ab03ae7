// torch.backends.cudnn, torch.backends.cuda.matmul, torch.useDeterministicAlgorithms
// and torch.setFloat32MatmulPrecision: LibTorch's global-context flags as Python
// exposes them (native.contextFlag reads and sets at::globalContext()), with
// Python's defaults and validation. Deterministic mode changes CPU behaviour too
// (torch.empty fills with NaN, nondeterministic ops throw or warn); the cuDNN and
// TF32 switches matter on CUDA.
import { native } from "./native";
import { describe } from "./device";
import { warnOnce } from "./warnings";

function boolFlag(setter: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${setter} expects a bool, but got ${describe(v)}`);
  return v;
}
const flag = (name: string) => native.contextFlag(name);
const setFlag = (name: string, setter: string, v: unknown) => native.contextFlag(name, boolFlag(setter, v));

/** torch.backends.cudnn: settable flags (enabled, benchmark, deterministic, allowTf32), isAvailable(), version(). */
export const cudnn = {
  get enabled(): boolean { return flag("enabled_cudnn"); },
  set enabled(v: boolean) { setFlag("enabled_cudnn", "set_enabled_cudnn", v); },
  get benchmark(): boolean { return flag("benchmark_cudnn"); },
  set benchmark(v: boolean) { setFlag("benchmark_cudnn", "set_benchmark_cudnn", v); },
  get deterministic(): boolean { return flag("deterministic_cudnn"); },
  set deterministic(v: boolean) { setFlag("deterministic_cudnn", "set_deterministic_cudnn", v); },
  get allowTf32(): boolean { return flag("allow_tf32_cudnn"); },
  set allowTf32(v: boolean) { setFlag("allow_tf32_cudnn", "set_allow_tf32_cudnn", v); },
  /** Whether cuDNN can be used: with a CUDA LibTorch and a visible GPU. */
  isAvailable(): boolean {
    return native.cudaIsAvailable();
  },
  /** The cuDNN version; null when cuDNN is not available (as Python's None). */
  version(): number | null {
    return null;
  },
};

type Precision = "highest" | "high" | "medium";
let matmulPrecision: Precision = "highest";
const matmulState = { allowFp16ReducedPrecisionReduction: true, allowBf16ReducedPrecisionReduction: true };

/** torch.getFloat32MatmulPrecision(): "highest" (default), "high" or "medium". */
export function getFloat32MatmulPrecision(): Precision {
  return matmulPrecision;
}
/** torch.setFloat32MatmulPrecision(precision): an unknown value warns and changes nothing, as in Python. */
export function setFloat32MatmulPrecision(precision: Precision): void {
  if (typeof precision !== "string") throw new TypeError(`_set_float32_matmul_precision(): argument 'precision' (position 1) must be str, not ${describe(precision)}`);
  if (precision !== "highest" && precision !== "high" && precision !== "medium") {
    warnOnce(`${precision} is not one of 'highest', 'high', or 'medium'; the current setFloat32MatmulPrecision call has no effect.`);
    return;
  }
  matmulPrecision = precision;
  native.contextFlag("allow_tf32_cublas", precision !== "highest");
}

/** torch.backends.cuda: isBuilt() and matmul's flags (allowTf32 is float32 matmul precision != "highest", as in Python). */
export const cudaBackend = {
  isBuilt(): boolean {
    return native.cudaIsBuilt();
  },
  matmul: {
    get allowTf32(): boolean { return matmulPrecision !== "highest"; },
    set allowTf32(v: boolean) { setFloat32MatmulPrecision(boolFlag("set_allow_tf32_cublas", v) ? "high" : "highest"); },
    get allowFp16ReducedPrecisionReduction(): boolean { return matmulState.allowFp16ReducedPrecisionReduction; },
    set allowFp16ReducedPrecisionReduction(v: boolean) {
      matmulState.allowFp16ReducedPrecisionReduction = boolFlag("set_allow_fp16_reduced_precision_reduction", v);
    },
    get allowBf16ReducedPrecisionReduction(): boolean { return matmulState.allowBf16ReducedPrecisionReduction; },
    set allowBf16ReducedPrecisionReduction(v: boolean) {
      matmulState.allowBf16ReducedPrecisionReduction = boolFlag("set_allow_bf16_reduced_precision_reduction", v);
    },
  },
};

/**
 * torch.useDeterministicAlgorithms(mode, { warnOnly = false }): LibTorch's
 * deterministic mode, as Python sets it (torch.empty then fills with NaN /
 * the integer maximum; ops without a deterministic kernel throw, or warn with warnOnly).
 */
export function useDeterministicAlgorithms(mode: boolean, warnOnly: boolean | { warnOnly?: boolean } = false): void {
  const wo = typeof warnOnly === "object" && warnOnly !== null ? (warnOnly.warnOnly ?? false) : warnOnly;
  if (typeof mode !== "boolean") throw new TypeError(`_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not ${describe(mode)}`);
  if (typeof wo !== "boolean") throw new TypeError(`_set_deterministic_algorithms(): argument 'warn_only' must be bool, not ${describe(wo)}`);
  native.contextFlag("deterministic_algorithms", mode, wo);
}
/** torch.areDeterministicAlgorithmsEnabled() */
export function areDeterministicAlgorithmsEnabled(): boolean {
  return flag("deterministic_algorithms");
}
/** torch.isDeterministicAlgorithmsWarnOnlyEnabled() */
export function isDeterministicAlgorithmsWarnOnlyEnabled(): boolean {
  return flag("deterministic_algorithms_warn_only");
}
/** torch.getDeterministicDebugMode(): 0 (off), 1 (warn) or 2 (error). */
export function getDeterministicDebugMode(): number {
  return areDeterministicAlgorithmsEnabled() ? (isDeterministicAlgorithmsWarnOnlyEnabled() ? 1 : 2) : 0;
}
