// The torch namespace: everything `import torch from "torch-node"` offers,
// assembled from the area modules.
import { native } from "./native";
import { Tensor } from "./tensor";
import * as dt from "./dtype";
import { device, Device } from "./device";
import * as creation from "./creation";
import * as fromBuf from "./from_buffer";
import * as random from "./random";
import * as gradMode from "./grad_mode";
import { cuda, backends } from "./cuda";
import { jit } from "./jit";
import { cpu } from "./cpu";
import * as amp from "./amp";
import { cat, stack } from "./functions";
import * as functional from "./functional";
import * as autograd from "./autograd";
import * as nn from "./nn";
import * as optim from "./optim";
import * as distributions from "./distributions";
import * as data from "./utils/data";
import { tqdm, trange, ProgressBar } from "./utils/progress";
import { load } from "./serialization/load";
import { save } from "./serialization/save";
import { Function as AutogradFunction, FunctionCtx } from "./function";
import { tidy, keep } from "./memory";
import { setPrintoptions, getPrintoptions } from "./tensor_str";
import { sparseTorch } from "./sparse";
import { memoryFormatTorch } from "./memory_format";
import { generatedTorchFunctions, linalg, fft, special } from "./ops/install";
import type { GeneratedTorchFunctions } from "./generated/ops";
import { Size } from "./size";
import { finfo, iinfo } from "./finfo";
import { accelerator } from "./accelerator";
import * as bk from "./backends";
import * as legacy from "./legacy";
import { bind } from "./args";

const base = {
  Tensor: legacy.TensorProxy,
  Size,
  // Python's legacy constructors (torch.FloatTensor([1, 2]), torch.LongTensor(2, 3), ...)
  FloatTensor: legacy.FloatTensor, DoubleTensor: legacy.DoubleTensor, HalfTensor: legacy.HalfTensor,
  BFloat16Tensor: legacy.BFloat16Tensor, LongTensor: legacy.LongTensor, IntTensor: legacy.IntTensor,
  ShortTensor: legacy.ShortTensor, CharTensor: legacy.CharTensor, ByteTensor: legacy.ByteTensor, BoolTensor: legacy.BoolTensor,
  finfo, iinfo,
  accelerator,
  useDeterministicAlgorithms: bk.useDeterministicAlgorithms,
  areDeterministicAlgorithmsEnabled: bk.areDeterministicAlgorithmsEnabled,
  isDeterministicAlgorithmsWarnOnlyEnabled: bk.isDeterministicAlgorithmsWarnOnlyEnabled,
  getDeterministicDebugMode: bk.getDeterministicDebugMode,
  getFloat32MatmulPrecision: bk.getFloat32MatmulPrecision,
  setFloat32MatmulPrecision: bk.setFloat32MatmulPrecision,
  asTensor: creation.asTensor, asarray: creation.asarray,
  from: fromBuf.from, fromBuffer: fromBuf.fromBuffer, frombuffer: fromBuf.frombuffer,
  // dtypes
  dtype: dt.dtype,
  float32: dt.float32, float64: dt.float64, float16: dt.float16, bfloat16: dt.bfloat16,
  int8: dt.int8, int16: dt.int16, int32: dt.int32, int64: dt.int64, uint8: dt.uint8, bool: dt.bool,
  complex64: dt.complex64, complex128: dt.complex128,
  ...dt.aliases,
  getDefaultDtype: creation.getDefaultDtype,
  setDefaultDtype: creation.setDefaultDtype,
  // layouts and sparse tensors (torch.sparseCoo, torch.sparseCooTensor, torch.sparse.mm, ...)
  ...sparseTorch,
  // memory formats (torch.contiguousFormat, torch.channelsLast, ...; the class torch.memory_format)
  ...memoryFormatTorch,
  // devices
  device,
  Device,
  cuda,
  cpu,
  backends,
  jit,
  // creation
  tensor: creation.tensor,
  zeros: creation.zeros, ones: creation.ones, empty: creation.empty, full: creation.full,
  rand: creation.rand, randn: creation.randn, randint: creation.randint, randperm: creation.randperm,
  arange: creation.arange, linspace: creation.linspace, eye: creation.eye,
  zerosLike: creation.zerosLike, onesLike: creation.onesLike, emptyLike: creation.emptyLike,
  fullLike: creation.fullLike, randLike: creation.randLike, randnLike: creation.randnLike,
  randintLike: creation.randintLike,
  // random
  Generator: random.Generator,
  defaultGenerator: random.defaultGenerator,
  manualSeed: random.manualSeed,
  seed: random.seed,
  initialSeed: random.initialSeed,
  getRngState: random.getRngState,
  setRngState: random.setRngState,
  nn,
  optim,
  distributions,
  load,
  save,
  utils: { data, tqdm, trange, ProgressBar },
  // autograd
  autograd: {
    grad: autograd.grad,
    backward: autograd.backward,
    Node: autograd.Node,
    gradcheck: autograd.gradcheck,
    Function: AutogradFunction,
    FunctionCtx,
    setDetectAnomaly: autograd.setDetectAnomaly,
    detectAnomaly: autograd.detectAnomaly,
    isAnomalyEnabled: autograd.isAnomalyEnabled,
    noGrad: gradMode.noGrad,
    enableGrad: gradMode.enableGrad,
    setGradEnabled: gradMode.setGradEnabled,
    inferenceMode: gradMode.inferenceMode,
  },
  noGrad: gradMode.noGrad,
  enableGrad: gradMode.enableGrad,
  setGradEnabled: gradMode.setGradEnabled,
  isGradEnabled: gradMode.isGradEnabled,
  inferenceMode: gradMode.inferenceMode,
  isInferenceModeEnabled: gradMode.isInferenceModeEnabled,
  // ops (the rest of torch.* is generated: src/ops/install.ts)
  einsum: functional.einsum, meshgrid: functional.meshgrid, broadcastTensors: functional.broadcastTensors,
  blockDiag: functional.blockDiag, cartesianProd: functional.cartesianProd, chainMatmul: functional.chainMatmul,
  atleast1d: functional.atleast1d, atleast2d: functional.atleast2d, atleast3d: functional.atleast3d,
  tensordot: functional.tensordot, unique: functional.unique, uniqueConsecutive: functional.uniqueConsecutive,
  norm: functional.norm,
  cat,
  stack,
  isTensor: (v: unknown): v is Tensor => v instanceof Tensor,
  // memory
  tidy,
  keep,
  // printing
  setPrintoptions,
  getPrintoptions,
  // mixed precision
  autocast: amp.autocast,
  amp: { autocast: amp.autocast, GradScaler: amp.GradScaler },
  isAutocastAvailable: amp.isAutocastAvailable,
  isAutocastEnabled: amp.isAutocastEnabled,
  setAutocastEnabled: amp.setAutocastEnabled,
  getAutocastDtype: amp.getAutocastDtype,
  setAutocastDtype: amp.setAutocastDtype,
  isAutocastCacheEnabled: amp.isAutocastCacheEnabled,
  setAutocastCacheEnabled: amp.setAutocastCacheEnabled,
  clearAutocastCache: amp.clearAutocastCache,
  // threads and version
  getNumThreads: () => native.getNumThreads(),
  setNumThreads: (n: number) => native.setNumThreads(n),
  version: native.version(),
  __version__: native.version(),
};

functional.installFunctionalMethods();
type Base = typeof base;
/** The torch namespace: hand-written functions, then the generated surface. */
export type Torch = Base & Omit<GeneratedTorchFunctions, keyof Base> & {
  linalg: typeof linalg;
  fft: typeof fft;
  special: typeof special;
};
export const torch: Torch = Object.assign(generatedTorchFunctions(base), base, { linalg, fft, special }) as Torch;

// torch.chooseQparamsOptimized(input, numel, nBins, ratio, bitWidth): LibTorch's kernel never returns for a
// negative n_bins (Python hangs there too) and runs O(n_bins) (hours at 2**40): refused up front
{
  const generated = torch.chooseQparamsOptimized;
  torch.chooseQparamsOptimized = function chooseQparamsOptimized(...args: unknown[]) {
    const nBins = bind("choose_qparams_optimized", ["input", "numel", "nBins", "ratio", "bitWidth"], args)[2];
    if (typeof nBins === "number" && (nBins < 0 || nBins > 2 ** 24))
      throw new RangeError(`choose_qparams_optimized(): argument 'n_bins' must be in [0, ${2 ** 24}], got ${nBins}`);
    return (generated as (...a: unknown[]) => ReturnType<typeof generated>)(...args);
  } as typeof generated;
}
