// nn.RNN, nn.LSTM, nn.GRU: the whole sequence in one native call (aten::lstm,
// aten::gru, aten::rnn_tanh/rnn_relu), with Python's parameter names, order
// and initialisation.
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { PackedSequence } from "./utils_rnn";
import { empty, zeros } from "../creation";
import * as init from "./init";
import { bind, checkInt, checkBool, PyArgsReq } from "../args";
import type { DeviceLike } from "../tensor";
import type { dtype } from "../dtype";

/** nn.LSTM / GRU / RNN's keyword arguments (projSize: LSTM only). */
export interface RNNOptions {
  inputSize?: number; hiddenSize?: number; numLayers?: number; bias?: boolean; batchFirst?: boolean; dropout?: number;
  bidirectional?: boolean; projSize?: number; device?: DeviceLike | null; dtype?: dtype | null;
}
/** nn.LSTMCell / GRUCell / RNNCell's keyword arguments. */
export interface RNNCellOptions { inputSize?: number; hiddenSize?: number; bias?: boolean; device?: DeviceLike | null; dtype?: dtype | null }
import { describe } from "../device";
import { pyFloat } from "./repr";

const LSTM_OP = opId("lstm", "input"), GRU_OP = opId("gru", "input");
// the PackedSequence forms: (data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional)
const LSTM_DATA = opId("lstm", "data"), GRU_DATA = opId("gru", "data");
const RNN_TANH_DATA = opId("rnn_tanh", "data"), RNN_RELU_DATA = opId("rnn_relu", "data");
const RNN_TANH = opId("rnn_tanh", "input"), RNN_RELU = opId("rnn_relu", "input");

type Mode = "LSTM" | "GRU" | "RNN_TANH" | "RNN_RELU";

abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;
  /** @internal parameter names in Python's _flat_weights order */
  readonly flatWeightNames: string[];

  constructor(mode: Mode, name: string, args: unknown[], extra: string[] = []) {
    super();
    const names = ["inputSize", "hiddenSize", "numLayers", ...extra, "bias", "batchFirst", "dropout", "bidirectional", "projSize", "device", "dtype"];
    const v = bind(name, names, args);
    const get = (k: string) => v[names.indexOf(k)];
    this.mode = mode;
    this.inputSize = checkInt(name, get("inputSize"), "input_size");
    this.hiddenSize = checkInt(name, get("hiddenSize"), "hidden_size");
    this.numLayers = checkInt(name, get("numLayers") ?? 1, "num_layers");
    this.bias = checkBool(name, get("bias"), "bias", true);
    this.batchFirst = checkBool(name, get("batchFirst"), "batch_first", false);
    const dropout = get("dropout") ?? 0;
    if (typeof dropout !== "number" || dropout < 0 || dropout > 1)
      throw new RangeError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    this.dropout = dropout;
    this.bidirectional = checkBool(name, get("bidirectional"), "bidirectional", false);
    this.projSize = checkInt(name, get("projSize") ?? 0, "proj_size");
    if (this.hiddenSize <= 0) throw new RangeError("hidden_size must be greater than zero");
    if (this.numLayers <= 0) throw new RangeError("num_layers must be greater than zero");
    if (this.projSize < 0) throw new RangeError("proj_size should be a positive integer or zero to disable projections");
    if (this.projSize >= this.hiddenSize) throw new RangeError("proj_size has to be smaller than hidden_size");
    if (this.projSize && mode !== "LSTM") throw new RangeError("proj_size argument is only supported for LSTM, not RNN or GRU");
    const gate = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 }[mode] * this.hiddenSize;
    const dirs = this.bidirectional ? 2 : 1;
    const realHidden = this.projSize > 0 ? this.projSize : this.hiddenSize;
    const flat: string[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const inSize = layer === 0 ? this.inputSize : realHidden * dirs;
        const sfx = d === 1 ? "_reverse" : "";
        const ps: [string, number[]][] = [[`weight_ih_l${layer}${sfx}`, [gate, inSize]], [`weight_hh_l${layer}${sfx}`, [gate, realHidden]]];
        if (this.bias) ps.push([`bias_ih_l${layer}${sfx}`, [gate]], [`bias_hh_l${layer}${sfx}`, [gate]]);
        if (this.projSize > 0) ps.push([`weight_hr_l${layer}${sfx}`, [this.projSize, this.hiddenSize]]);
        for (const [n, shape] of ps) {
          this.registerParameter(n, new Parameter(empty(shape)));
          flat.push(n);
        }
      }
    }
    this.flatWeightNames = flat;
    this.resetParameters();
  }

  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  /** @internal */
  /**
   * Python's flatten_parameters(): compacts the weights into one cuDNN buffer.
   * The weights are passed to LibTorch's RNN kernels as a list each call, so
   * there is nothing to compact: a no-op (as on CPU in Python).
   */
  flattenParameters(): void {}
  flatWeights(): unknown[] {
    const ps = this._self._parameters;
    return this.flatWeightNames.map((n) => ps.get(n)!._h);
  }

  /** @internal unbatched (2-D) inputs gain and lose a batch dimension, as in Python. */
  prepare(input: Tensor): { x: Tensor; batched: boolean; batch: number } {
    if (!(input instanceof Tensor)) throw new TypeError(`${this.constructor.name}: input must be a Tensor, not ${describe(input)}`);
    const d = input.dim();
    if (d !== 2 && d !== 3)
      throw new RangeError(`${this.constructor.name}: Expected input to be 2D or 3D, got ${d}D tensor instead`);
    const batched = d === 3;
    const x = batched ? input : input.unsqueeze(this.batchFirst ? 0 : 1);
    if (x.size(2) !== this.inputSize)
      throw new RangeError(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.size(2)}`);
    return { x, batched, batch: x.size(this.batchFirst ? 0 : 1) };
  }

  extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ", bias=False";
    if (this.batchFirst) s += ", batch_first=True";
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ", bidirectional=True";
    return s;
  }
}

function stateArg(name: string, h: unknown, batched: boolean): Tensor {
  if (!(h instanceof Tensor)) throw new TypeError(`${name}: the initial state must be a Tensor, not ${describe(h)}`);
  return batched ? h : h.unsqueeze(1);
}

/**
 * nn.LSTM(inputSize, hiddenSize, numLayers = 1, bias = true, batchFirst = false,
 * dropout = 0, bidirectional = false, projSize = 0). Called as
 * `const [output, [hN, cN]] = lstm(input, [h0, c0]?)`.
 */
export class LSTM extends RNNBase {
  constructor(...args: PyArgsReq<[inputSize: number, hiddenSize: number], [numLayers: number, bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean, projSize: number, device: DeviceLike | null, dtype: dtype | null], RNNOptions, "inputSize" | "hiddenSize">) {
    super("LSTM", "LSTM", args);
  }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(input: PackedSequence, hx?: [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, hx: [Tensor, Tensor] | null = null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    if (input instanceof PackedSequence) {
      if (hx !== undefined && hx !== null && (!Array.isArray(hx) || hx.length !== 2)) throw new TypeError("LSTM: hx must be a pair [h0, c0]");
      const [o, hs] = runPacked(this, LSTM_DATA, input, hx ? [hx[0], hx[1]] : null, true);
      return [o, [hs[0], hs[1]]];
    }
    const { x, batched, batch } = this.prepare(input);
    const dirs = this.bidirectional ? 2 : 1;
    const realHidden = this.projSize > 0 ? this.projSize : this.hiddenSize;
    let h0: Tensor, c0: Tensor;
    if (hx === undefined || hx === null) {
      h0 = zeros([this.numLayers * dirs, batch, realHidden], { dtype: x.dtype, device: x.device });
      c0 = zeros([this.numLayers * dirs, batch, this.hiddenSize], { dtype: x.dtype, device: x.device });
    } else {
      if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError("LSTM: hx must be a pair [h0, c0]");
      h0 = stateArg("LSTM", hx[0], batched);
      c0 = stateArg("LSTM", hx[1], batched);
    }
    const [out, hn, cn] = native.callOp(LSTM_OP, x._h, [h0._h, c0._h], this.flatWeights(), this.bias, this.numLayers,
      this.dropout, this.training, this.bidirectional, this.batchFirst) as unknown[];
    let o = new Tensor(out as never), h = new Tensor(hn as never), c = new Tensor(cn as never);
    if (!batched) {
      o = o.squeeze(this.batchFirst ? 0 : 1);
      h = h.squeeze(1);
      c = c.squeeze(1);
    }
    return [o, [h, c]];
  }
}

/** nn.GRU(...): `const [output, hN] = gru(input, h0?)` */
export class GRU extends RNNBase {
  constructor(...args: PyArgsReq<[inputSize: number, hiddenSize: number], [numLayers: number, bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean, device: DeviceLike | null, dtype: dtype | null], Omit<RNNOptions, "projSize">, "inputSize" | "hiddenSize">) {
    super("GRU", "GRU", args);
  }
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    if (input instanceof PackedSequence) {
      const [o, hs] = runPacked(this, GRU_DATA, input, hx ? [hx] : null, false);
      return [o, hs[0]];
    }
    return runSimple(this, GRU_OP, input, hx);
  }
}

/** nn.RNN(inputSize, hiddenSize, numLayers = 1, nonlinearity = "tanh", bias, batchFirst, dropout, bidirectional) */
export class RNN extends RNNBase {
  readonly nonlinearity: string;
  constructor(...args: PyArgsReq<[inputSize: number, hiddenSize: number], [numLayers: number, nonlinearity: "tanh" | "relu", bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean, device: DeviceLike | null, dtype: dtype | null], Omit<RNNOptions, "projSize"> & { nonlinearity?: "tanh" | "relu" }, "inputSize" | "hiddenSize">) {
    const names = ["inputSize", "hiddenSize", "numLayers", "nonlinearity", "bias", "batchFirst", "dropout", "bidirectional", "projSize", "device", "dtype"];
    const nl = (bind("RNN", names, args)[3] as string | undefined) ?? "tanh";
    if (nl !== "tanh" && nl !== "relu") throw new RangeError(`Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`);
    super(nl === "tanh" ? "RNN_TANH" : "RNN_RELU", "RNN", args, ["nonlinearity"]);
    this.nonlinearity = nl;
  }
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    if (input instanceof PackedSequence) {
      const [o, hs] = runPacked(this, this.mode === "RNN_TANH" ? RNN_TANH_DATA : RNN_RELU_DATA, input, hx ? [hx] : null, false);
      return [o, hs[0]];
    }
    return runSimple(this, this.mode === "RNN_TANH" ? RNN_TANH : RNN_RELU, input, hx);
  }
}

// A PackedSequence input: one aten call over the packed data, the hidden
// state permuted into the packed (sorted) batch order and back, as Python.
function runPacked(m: RNNBase, op: number, input: PackedSequence, hx: Tensor[] | null, lstm: boolean): [PackedSequence, Tensor[]] {
  const { data, batchSizes, sortedIndices, unsortedIndices } = input;
  if (data.dim() !== 2) throw new RangeError(`${m.constructor.name}: input must have 2 dimensions, got ${data.dim()}`);
  if (data.size(1) !== m.inputSize)
    throw new RangeError(`input.size(-1) must be equal to input_size. Expected ${m.inputSize}, got ${data.size(1)}`);
  const maxBatch = batchSizes.index(0).item() as number;
  const dirs = m.bidirectional ? 2 : 1;
  let states: Tensor[];
  if (hx === null) {
    const realHidden = lstm && m.projSize > 0 ? m.projSize : m.hiddenSize;
    states = [zeros([m.numLayers * dirs, maxBatch, realHidden], { dtype: data.dtype, device: data.device })];
    if (lstm) states.push(zeros([m.numLayers * dirs, maxBatch, m.hiddenSize], { dtype: data.dtype, device: data.device }));
  } else {
    states = hx.map((h) => {
      if (!(h instanceof Tensor)) throw new TypeError(`${m.constructor.name}: the initial state must be a Tensor, not ${describe(h)}`);
      return sortedIndices === null ? h : h.indexSelect(1, sortedIndices);
    });
  }
  const hArg = lstm ? states.map((t) => t._h) : states[0]._h;
  const r = native.callOp(op, data._h, batchSizes._h, hArg, m.flatWeights(), m.bias, m.numLayers, m.dropout, m.training,
    m.bidirectional) as unknown[];
  const out = new PackedSequence(new Tensor(r[0] as never), batchSizes, sortedIndices, unsortedIndices);
  const hidden = r.slice(1).map((h) => {
    const t = new Tensor(h as never);
    return unsortedIndices === null ? t : t.indexSelect(1, unsortedIndices);
  });
  return [out, hidden];
}

function runSimple(m: RNNBase, op: number, input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
  const { x, batched, batch } = m.prepare(input);
  const dirs = m.bidirectional ? 2 : 1;
  const h0 = hx === undefined || hx === null
    ? zeros([m.numLayers * dirs, batch, m.hiddenSize], { dtype: x.dtype, device: x.device })
    : stateArg(m.constructor.name, hx, batched);
  const [out, hn] = native.callOp(op, x._h, h0._h, m.flatWeights(), m.bias, m.numLayers, m.dropout, m.training,
    m.bidirectional, m.batchFirst) as unknown[];
  let o = new Tensor(out as never), h = new Tensor(hn as never);
  if (!batched) {
    o = o.squeeze(m.batchFirst ? 0 : 1);
    h = h.squeeze(1);
  }
  return [o, h];
}

// ------------------------------------------------------------------ cells (nnloss)

const RNN_TANH_CELL = opId("rnn_tanh_cell"), RNN_RELU_CELL = opId("rnn_relu_cell");
const LSTM_CELL = opId("lstm_cell"), GRU_CELL = opId("gru_cell");

abstract class RNNCellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(name: string, numChunks: number, args: unknown[], extra: string[] = []) {
    super();
    const names = ["inputSize", "hiddenSize", "bias", ...extra, "device", "dtype"];
    const v = bind(name, names, args);
    const get = (k: string) => v[names.indexOf(k)];
    this.inputSize = checkInt(name, get("inputSize"), "input_size");
    this.hiddenSize = checkInt(name, get("hiddenSize"), "hidden_size");
    this.bias = checkBool(name, get("bias"), "bias", true);
    const opts = { device: get("device") as string | undefined, dtype: get("dtype") as never };
    this.weight_ih = new Parameter(empty([numChunks * this.hiddenSize, this.inputSize], opts));
    this.weight_hh = new Parameter(empty([numChunks * this.hiddenSize, this.hiddenSize], opts));
    if (this.bias) {
      this.bias_ih = new Parameter(empty([numChunks * this.hiddenSize], opts));
      this.bias_hh = new Parameter(empty([numChunks * this.hiddenSize], opts));
    } else {
      this.registerParameter("bias_ih", null);
      this.registerParameter("bias_hh", null);
    }
    this.resetParameters();
  }
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }
  extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ", bias=False";
    const nl = (this as unknown as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== "tanh") s += `, nonlinearity=${nl}`;
    return s;
  }
  /** @internal input and hidden-state checks of Python's cells; unbatched (1-D) inputs gain a batch dimension. */
  cellInput(input: unknown): { x: Tensor; batched: boolean } {
    const name = this.constructor.name;
    if (!(input instanceof Tensor)) throw new TypeError(`${name}: input must be a Tensor, not ${describe(input)}`);
    const d = input.dim();
    if (d !== 1 && d !== 2) throw new RangeError(`${name}: Expected input to be 1D or 2D, got ${d}D instead`);
    const batched = d === 2;
    return { x: batched ? input : input.unsqueeze(0), batched };
  }
  /** @internal */
  cellWeights(): unknown[] {
    return [this.weight_ih._h, this.weight_hh._h, this.bias_ih?._h ?? null, this.bias_hh?._h ?? null];
  }
}

function cellHidden(name: string, hx: unknown, what: string): Tensor {
  if (!(hx instanceof Tensor)) throw new TypeError(`${name}: ${what} must be a Tensor, not ${describe(hx)}`);
  if (hx.dim() !== 1 && hx.dim() !== 2) throw new RangeError(`${name}: Expected ${what} to be 1D or 2D, got ${hx.dim()}D instead`);
  return hx;
}

/** nn.RNNCell(inputSize, hiddenSize, bias = true, nonlinearity = "tanh"): `h1 = cell(input, h0?)` */
export class RNNCell extends RNNCellBase {
  nonlinearity: string;
  constructor(...args: PyArgsReq<[inputSize: number, hiddenSize: number], [bias: boolean, nonlinearity: "tanh" | "relu", device: DeviceLike | null, dtype: dtype | null], RNNCellOptions & { nonlinearity?: "tanh" | "relu" }, "inputSize" | "hiddenSize">) {
    super("RNNCell", 1, args, ["nonlinearity"]);
    const nl = bind("RNNCell", ["inputSize", "hiddenSize", "bias", "nonlinearity", "device", "dtype"], args)[3];
    this.nonlinearity = (nl ?? "tanh") as string;
  }
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const { x, batched } = this.cellInput(input);
    const h = hx === undefined || hx === null ? null : cellHidden("RNNCell", hx, "hidden");
    const h0 = h === null ? zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device }) : batched ? h : h.unsqueeze(0);
    let op: number;
    if (this.nonlinearity === "tanh") op = RNN_TANH_CELL;
    else if (this.nonlinearity === "relu") op = RNN_RELU_CELL;
    else throw new Error(`Unknown nonlinearity: ${this.nonlinearity}`);
    const out = new Tensor(native.callOp(op, x._h, h0._h, ...this.cellWeights()));
    return batched ? out : out.squeeze(0);
  }
}

/** nn.LSTMCell(inputSize, hiddenSize, bias = true): `const [h1, c1] = cell(input, [h0, c0]?)` */
export class LSTMCell extends RNNCellBase {
  constructor(...args: PyArgsReq<[inputSize: number, hiddenSize: number], [bias: boolean, device: DeviceLike | null, dtype: dtype | null], RNNCellOptions, "inputSize" | "hiddenSize">) {
    super("LSTMCell", 4, args);
  }
  forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const { x, batched } = this.cellInput(input);
    let state: [Tensor, Tensor] | null = null;
    if (hx !== undefined && hx !== null) {
      if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError("LSTMCell: hx must be a pair [h0, c0]");
      state = [cellHidden("LSTMCell", hx[0], "hx[0]"), cellHidden("LSTMCell", hx[1], "hx[1]")];
    }
    let h0: Tensor, c0: Tensor;
    if (state === null) h0 = c0 = zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device });
    else [h0, c0] = batched ? state : [state[0].unsqueeze(0), state[1].unsqueeze(0)];
    const [h, c] = native.callOp(LSTM_CELL, x._h, [h0._h, c0._h], ...this.cellWeights()) as unknown[];
    const ht = new Tensor(h as never), ct = new Tensor(c as never);
    return batched ? [ht, ct] : [ht.squeeze(0), ct.squeeze(0)];
  }
}

/** nn.GRUCell(inputSize, hiddenSize, bias = true): `h1 = cell(input, h0?)` */
export class GRUCell extends RNNCellBase {
  constructor(...args: PyArgsReq<[inputSize: number, hiddenSize: number], [bias: boolean, device: DeviceLike | null, dtype: dtype | null], RNNCellOptions, "inputSize" | "hiddenSize">) {
    super("GRUCell", 3, args);
  }
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const { x, batched } = this.cellInput(input);
    const h = hx === undefined || hx === null ? null : cellHidden("GRUCell", hx, "hidden");
    const h0 = h === null ? zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device }) : batched ? h : h.unsqueeze(0);
    const out = new Tensor(native.callOp(GRU_CELL, x._h, h0._h, ...this.cellWeights()));
    return batched ? out : out.squeeze(0);
  }
}
