// torch.memory_format objects: one frozen instance per c10::MemoryFormat, compared
// by identity (`{ memoryFormat: torch.channelsLast }`), printing as Python prints
// them (`torch.channels_last`). As in Python, no other instances can be made: an
// argument typed MemoryFormat takes exactly these four objects (never a number),
// so no invalid code can reach LibTorch.
import { inspect } from "util";

let sealed = false;

export class memory_format {
  /** @internal */
  constructor(
    /** Python's name without "torch.", e.g. "channels_last". */
    readonly name: string,
    /** c10::MemoryFormat code. */
    readonly code: number,
  ) {
    if (sealed) throw new TypeError("cannot create 'torch.memory_format' instances");
    Object.freeze(this);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

export const contiguousFormat = new memory_format("contiguous_format", 0);
export const preserveFormat = new memory_format("preserve_format", 1);
export const channelsLast = new memory_format("channels_last", 2);
export const channelsLast3d = new memory_format("channels_last_3d", 3);
sealed = true;

const byCode: readonly memory_format[] = [contiguousFormat, preserveFormat, channelsLast, channelsLast3d];

/** Whether `v` is one of the four torch.memory_format objects (not a look-alike). */
export function isMemoryFormat(v: unknown): v is memory_format {
  return v instanceof memory_format && byCode[v.code] === v;
}

export function memoryFormatFromCode(code: number): memory_format {
  const f = byCode[code];
  if (!f) throw new TypeError(`unsupported memory format code ${code}`);
  return f;
}

/** The torch.* names of this module. */
export const memoryFormatTorch = { memory_format, contiguousFormat, preserveFormat, channelsLast, channelsLast3d };
