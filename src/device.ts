// torch.device: interned, so `t.device === torch.device("cpu")` holds.
import { inspect } from "util";
import { native } from "./native";

const DEVICE_RE = /^(cpu|cuda|mps|meta|xpu)(?::(\d+))?$/;

export class Device {
  /** @internal */
  constructor(
    readonly type: string,
    readonly index: number | null,
  ) {
    Object.freeze(this);
  }
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  [inspect.custom](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

const interned = new Map<string, Device>();

/** torch.device("cuda:0"), torch.device("cuda", 1), torch.device(existing). */
export function device(spec: string | Device, index?: number): Device {
  if (spec instanceof Device) return spec;
  if (typeof spec !== "string")
    throw new TypeError(`device(): argument 'type' must be str, not ${describe(spec)}`);
  const m = DEVICE_RE.exec(spec);
  if (!m)
    throw new Error(
      `Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: ${spec}`,
    );
  let idx: number | null = m[2] === undefined ? null : Number(m[2]);
  if (index !== undefined) {
    if (idx !== null) throw new Error(`type (string) must not include an index because index was passed explicitly: ${spec}`);
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`Device index must not be negative`);
    idx = index;
  }
  if (m[1] === "cpu" && idx !== null && idx !== 0) throw new Error(`CPU device index must be -1 or zero, got ${idx}`);
  const key = idx === null ? m[1] : `${m[1]}:${idx}`;
  let d = interned.get(key);
  if (!d) {
    d = new Device(m[1], idx);
    interned.set(key, d);
  }
  return d;
}

/** The string the native side takes for a device argument; checks availability like Python's lazy init. */
export function deviceArg(d: string | Device, what = "device", fn?: string): string {
  if (d instanceof Device) return checkAvailable(d);
  if (typeof d === "string") return checkAvailable(device(d));
  throw new TypeError(`${fn === undefined ? "" : `${fn}(): `}argument '${what}' must be torch.device, not ${describe(d)}`);
}

function checkAvailable(d: Device): string {
  if (d.type === "cuda") {
    if (!native.cudaIsAvailable()) {
      throw new Error(native.cudaDeviceCount() === 0 && !cudaBuilt() ? "Torch not compiled with CUDA enabled" : "No CUDA GPUs are available");
    }
  } else if (d.type === "mps" && !native.mpsIsAvailable()) {
    throw new Error("MPS backend is not available on this machine (torch.backends.mps.isAvailable() is false)");
  }
  return d.toString();
}

function cudaBuilt(): boolean {
  return native.cudaIsBuilt();
}

/** Python's names of the torch classes whose JS names differ (as Python's type errors print them). */
const PY_CLASS: Record<string, string> = {
  dtype: "torch.dtype", layout: "torch.layout", memory_format: "torch.memory_format", Device: "torch.device", Generator: "torch.Generator",
};

/** Python's type name of a JS value, as Python's TypeErrors print it (int, float, str, list, Tensor, torch.dtype, ...). */
export function describe(v: unknown): string {
  if (v === null) return "NoneType";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") {
    const name = (v as object).constructor?.name ?? "object";
    return PY_CLASS[name] ?? name;
  }
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
