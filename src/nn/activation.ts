// Activation modules (more come with the nn issue).
import { Module } from "./module";
import { Tensor } from "../tensor";
import { pyFloat } from "./repr";

export class ReLU extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.inplace ? x.relu_() : x.relu();
  }
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01, readonly inplace = false) {
    super();
  }
  forward(x: Tensor): Tensor {
    return (x as unknown as { leakyRelu(s: number): Tensor }).leakyRelu(this.negativeSlope);
  }
  extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}
export class GELU extends Module {
  readonly approximate: string;
  constructor(opts: { approximate?: "none" | "tanh" } | "none" | "tanh" = {}) {
    super();
    this.approximate = typeof opts === "string" ? opts : (opts.approximate ?? "none");
  }
  forward(x: Tensor): Tensor {
    return (x as unknown as { gelu(o: object): Tensor }).gelu({ approximate: this.approximate });
  }
  extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim ?? (x.dim() <= 1 || x.dim() === 3 ? 0 : 1));
  }
  extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}
export class LogSoftmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim ?? (x.dim() <= 1 || x.dim() === 3 ? 0 : 1));
  }
  extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}
