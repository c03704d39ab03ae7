// torch.Generator and the global seed functions, giving Python's exact draws.
import { native, GeneratorHandle } from "./native";
import { Device, device as toDevice, deviceArg, describe } from "./device";
import { Tensor, hooks } from "./tensor";

export class Generator {
  /** @internal */
  readonly _g: GeneratorHandle;

  /** new torch.Generator(device = "cpu"): a fresh generator (Python's default seed). */
  constructor(device: string | Device | { device?: string | Device } = "cpu", /** @internal */ handle?: GeneratorHandle) {
    if (handle) {
      this._g = handle;
      return;
    }
    const d = typeof device === "object" && !(device instanceof Device) ? (device.device ?? "cpu") : device;
    this._g = native.newGenerator(deviceArg(d as string | Device));
  }
  /** Seeds the generator; returns it, so `new torch.Generator().manualSeed(42)` chains. */
  manualSeed(seed: number | bigint): this {
    checkSeed(seed);
    native.generatorManualSeed(this._g, seed);
    return this;
  }
  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): bigint {
    return native.generatorSeed(this._g);
  }
  initialSeed(): bigint {
    return native.generatorInitialSeed(this._g);
  }
  get device(): Device {
    return toDevice(native.generatorDevice(this._g));
  }
  getState(): Tensor {
    return new Tensor(native.generatorGetState(this._g));
  }
  setState(state: Tensor): this {
    if (!(state instanceof Tensor)) throw new TypeError(`set_state(): argument 'new_state' must be Tensor, not ${describe(state)}`);
    native.generatorSetState(this._g, state._h);
    return this;
  }
}

function checkSeed(seed: unknown): void {
  if (typeof seed === "bigint") return;
  if (typeof seed !== "number" || !Number.isInteger(seed))
    throw new TypeError(`manual_seed expected an int or bigint seed, got ${describe(seed)}`);
}

/** The global CPU generator (torch.default_generator). */
export const defaultGenerator = new Generator("cpu", native.defaultGenerator("cpu"));

// LibTorch's default CPU generator is one per process, shared by worker
// threads. A thread may have a default of its own (a DataLoader worker gets
// one seeded as Python seeds its worker process): random ops called there
// without a generator draw from it, and manualSeed / seed / initialSeed /
// getRngState / setRngState act on it.
let threadDefault: Generator | null = null;
/** @internal makes `g` this thread's default generator (null: the process's). */
export function _setThreadDefaultGenerator(g: Generator | null): void {
  threadDefault = g;
}
/** @internal the handle random ops use when no generator is given (null: the process default). */
export function _threadGeneratorHandle(): GeneratorHandle | null {
  return threadDefault === null ? null : threadDefault._g;
}

/** torch.manualSeed(seed): seeds the CPU and every CUDA generator; returns the default generator. */
export function manualSeed(seed: number | bigint): Generator {
  checkSeed(seed);
  if (threadDefault !== null) return threadDefault.manualSeed(seed);
  native.manualSeed(seed);
  return defaultGenerator;
}

/** torch.seed(): seeds from a non-deterministic source; returns the seed. */
export function seed(): bigint {
  if (threadDefault !== null) return threadDefault.seed();
  const s = defaultGenerator.seed();
  native.cudaManualSeed(s, true);
  return s;
}

export function initialSeed(): bigint {
  return (threadDefault ?? defaultGenerator).initialSeed();
}

export function getRngState(): Tensor {
  return (threadDefault ?? defaultGenerator).getState();
}
export function setRngState(state: Tensor): void {
  (threadDefault ?? defaultGenerator).setState(state);
}

/** Generator option -> native handle (absent: this thread's default, or null for the process default). */
export function generatorArg(g: unknown): GeneratorHandle | null {
  if (g === undefined || g === null) return threadDefault === null ? null : threadDefault._g;
  if (g instanceof Generator) return g._g;
  throw new TypeError(`argument 'generator' must be torch.Generator, not ${describe(g)}`);
}

hooks.genArg = generatorArg;
