// Padding modules over F.pad (one aten::pad call): constant / zero, reflection,
// replication and circular padding in 1, 2 and 3 dims.
import { Module } from "./module";
import { Tensor } from "../tensor";
import { PyArgsReq, bind } from "../args";
import { describe } from "../device";
import * as SF from "./functional_spatial";
import { pyVal } from "./pooling";

/** Python's _pair / _quadruple / _ntuple(6) of the padding argument (a tuple is kept as given). */
function padArg(cls: string, n: number, v: unknown): number[] {
  if (typeof v === "number" && Number.isInteger(v)) return Array(n).fill(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isInteger(x))) return v.slice();
  throw new TypeError(`${cls}(): argument 'padding' must be int or tuple of ${n} ints, not ${describe(v)}`);
}

abstract class PadNd extends Module {
  readonly padding: number[];
  constructor(cls: string, n: number, padding: unknown, protected readonly mode: "constant" | "reflect" | "replicate" | "circular") {
    super();
    this.padding = padArg(cls, n, padding);
  }
  forward(input: Tensor): Tensor {
    return SF.pad(input, this.padding, this.mode);
  }
  extraRepr(): string {
    return pyVal(this.padding);
  }
}

abstract class ConstantPadNd extends PadNd {
  readonly value: number;
  constructor(cls: string, n: number, args: unknown[]) {
    const [padding, value] = bind(cls, ["padding", "value"], args);
    if (value === undefined) throw new TypeError(`${cls}.__init__() missing 1 required positional argument: 'value'`);
    if (typeof value !== "number") throw new TypeError(`${cls}(): argument 'value' must be float, not ${describe(value)}`);
    super(cls, n, padding, "constant");
    this.value = value;
  }
  forward(input: Tensor): Tensor {
    return SF.pad(input, this.padding, "constant", this.value);
  }
  extraRepr(): string {
    return `padding=${pyVal(this.padding)}, value=${pyVal(this.value)}`;
  }
}
/** nn.ConstantPad1d(padding, value): padding an int or [left, right] */
export class ConstantPad1d extends ConstantPadNd {
  constructor(...args: PyArgsReq<[padding: number | number[], value: number], [], { padding?: number | number[]; value?: number }, "padding" | "value">) { super(new.target.name, 2, args); }
}
/** nn.ConstantPad2d(padding, value): padding an int or [left, right, top, bottom] */
export class ConstantPad2d extends ConstantPadNd {
  constructor(...args: PyArgsReq<[padding: number | number[], value: number], [], { padding?: number | number[]; value?: number }, "padding" | "value">) { super(new.target.name, 4, args); }
}
/** nn.ConstantPad3d(padding, value): padding an int or [left, right, top, bottom, front, back] */
export class ConstantPad3d extends ConstantPadNd {
  constructor(...args: PyArgsReq<[padding: number | number[], value: number], [], { padding?: number | number[]; value?: number }, "padding" | "value">) { super(new.target.name, 6, args); }
}
/** nn.ZeroPad1d(padding) */
export class ZeroPad1d extends ConstantPad1d {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) {
    const [padding] = bind("ZeroPad1d", ["padding"], args);
    super(padding as number | number[], 0.0); // checked by PadNd
  }
  extraRepr(): string { return pyVal(this.padding); }
}
/** nn.ZeroPad2d(padding) */
export class ZeroPad2d extends ConstantPad2d {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) {
    const [padding] = bind("ZeroPad2d", ["padding"], args);
    super(padding as number | number[], 0.0); // checked by PadNd
  }
  extraRepr(): string { return pyVal(this.padding); }
}
/** nn.ZeroPad3d(padding) */
export class ZeroPad3d extends ConstantPad3d {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) {
    const [padding] = bind("ZeroPad3d", ["padding"], args);
    super(padding as number | number[], 0.0); // checked by PadNd
  }
  extraRepr(): string { return pyVal(this.padding); }
}

function onePadArg(cls: string, args: unknown[]): unknown {
  const [padding] = bind(cls, ["padding"], args);
  if (padding === undefined) throw new TypeError(`${cls}.__init__() missing 1 required positional argument: 'padding'`);
  return padding;
}
/** nn.ReflectionPad1d(padding) */
export class ReflectionPad1d extends PadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("ReflectionPad1d", 2, onePadArg("ReflectionPad1d", args), "reflect"); }
}
/** nn.ReflectionPad2d(padding) */
export class ReflectionPad2d extends PadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("ReflectionPad2d", 4, onePadArg("ReflectionPad2d", args), "reflect"); }
}
/** nn.ReflectionPad3d(padding) */
export class ReflectionPad3d extends PadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("ReflectionPad3d", 6, onePadArg("ReflectionPad3d", args), "reflect"); }
}
/** nn.ReplicationPad1d(padding) */
export class ReplicationPad1d extends PadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("ReplicationPad1d", 2, onePadArg("ReplicationPad1d", args), "replicate"); }
}
/** nn.ReplicationPad2d(padding) */
export class ReplicationPad2d extends PadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("ReplicationPad2d", 4, onePadArg("ReplicationPad2d", args), "replicate"); }
}
/** nn.ReplicationPad3d(padding) */
export class ReplicationPad3d extends PadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("ReplicationPad3d", 6, onePadArg("ReplicationPad3d", args), "replicate"); }
}

abstract class CircularPadNd extends PadNd {
  constructor(cls: string, protected readonly nd: number, args: unknown[]) {
    super(cls, 2 * nd, onePadArg(cls, args), "circular");
  }
  forward(input: Tensor): Tensor {
    const nd = this.nd, d = input.dim();
    if (d !== nd + 1 && d !== nd + 2) throw new RangeError(`expected ${nd + 1}D or ${nd + 2}D input (got ${d}D input)`);
    return SF.pad(input, this.padding, "circular");
  }
}
/** nn.CircularPad1d(padding) */
export class CircularPad1d extends CircularPadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("CircularPad1d", 1, args); }
}
/** nn.CircularPad2d(padding) */
export class CircularPad2d extends CircularPadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("CircularPad2d", 2, args); }
}
/** nn.CircularPad3d(padding) */
export class CircularPad3d extends CircularPadNd {
  constructor(...args: PyArgsReq<[padding: number | number[]], [], { padding?: number | number[] }, "padding">) { super("CircularPad3d", 3, args); }
}
