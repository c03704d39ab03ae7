// nn.utils.rnn: PackedSequence and the pad / pack helpers, as Python's
// torch/nn/utils/rnn.py (the kernels are aten's _pack_padded_sequence,
// _pad_packed_sequence and pad_sequence).
import { Tensor } from "../tensor";
import { native } from "../native";
import { opId } from "../dispatch";
import { bind, PyArgs, PyArgsReq } from "../args";
import { tensor, arange, emptyLike } from "../creation";
import { int64, float32, float64 } from "../dtype";
import { describe } from "../device";
import { inspect } from "util";

const PACK = opId("_pack_padded_sequence"), PAD_PACKED = opId("_pad_packed_sequence"), PAD_SEQ = opId("pad_sequence");

function checkTensor(fn: string, v: unknown, what: string): Tensor {
  if (v instanceof Tensor) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describe(v)}`);
}

function invertPermutation(p: Tensor | null): Tensor | null {
  if (p === null) return null;
  const out = emptyLike(p);
  out.scatter_(0, p, arange(0, p.numel(), { device: p.device }));
  return out;
}

/**
 * PackedSequence: the packed batch an RNN consumes (Python's namedtuple
 * `(data, batch_sizes, sorted_indices, unsorted_indices)`; iterable in that order).
 */
export class PackedSequence {
  constructor(
    readonly data: Tensor,
    readonly batchSizes: Tensor,
    readonly sortedIndices: Tensor | null = null,
    readonly unsortedIndices: Tensor | null = null,
  ) {
    if (unsortedIndices === null && sortedIndices !== null) this.unsortedIndices = invertPermutation(sortedIndices);
  }
  *[Symbol.iterator](): IterableIterator<Tensor | null> {
    yield this.data;
    yield this.batchSizes;
    yield this.sortedIndices;
    yield this.unsortedIndices;
  }
  /** to(device | dtype | ...): moves data (and the indices, with a device) like Python's PackedSequence.to. */
  to(...args: unknown[]): PackedSequence {
    const data = (this.data.to as (...a: unknown[]) => Tensor)(...args);
    if (data === this.data) return this;
    const dev = data.device;
    const mv = (t: Tensor | null) => (t === null ? null : t.to(dev));
    return new PackedSequence(data, this.batchSizes, mv(this.sortedIndices), mv(this.unsortedIndices));
  }
  cpu(): PackedSequence { return this.to("cpu"); }
  cuda(device?: number | string): PackedSequence { return this.to(device === undefined ? "cuda" : typeof device === "number" ? `cuda:${device}` : device); }
  float(): PackedSequence { return this.to(float32); }
  double(): PackedSequence { return this.to(float64); }
  get isCuda(): boolean { return this.data.device.type === "cuda"; }
  isPinned(): boolean { return this.data.isPinned(); }
  toString(): string {
    const s = (t: Tensor | null) => (t === null ? "None" : t.toString());
    return `PackedSequence(data=${s(this.data)}, batch_sizes=${s(this.batchSizes)}, sorted_indices=${s(this.sortedIndices)}, unsorted_indices=${s(this.unsortedIndices)})`;
  }
  [inspect.custom](): string { return this.toString(); }
}

function lengthsTensor(fn: string, lengths: unknown): Tensor {
  if (lengths instanceof Tensor) return lengths.to(int64);
  if (Array.isArray(lengths) && lengths.every((v) => typeof v === "number")) return tensor(lengths as number[], { dtype: int64 });
  throw new TypeError(`${fn}(): argument 'lengths' must be a Tensor or an array of ints, not ${describe(lengths)}`);
}

/** packPaddedSequence(input, lengths, batchFirst = false, enforceSorted = true) */
export function packPaddedSequence(input: Tensor, ...args: PyArgsReq<[lengths: Tensor | number[]], [batchFirst: boolean, enforceSorted: boolean], { lengths?: Tensor | number[]; batchFirst?: boolean; enforceSorted?: boolean }, "lengths">): PackedSequence;
export function packPaddedSequence(...args: unknown[]): PackedSequence {
  const [inp, len, batchFirst = false, enforceSorted = true] = bind("pack_padded_sequence", ["input", "lengths", "batchFirst", "enforceSorted"], args);
  let input = checkTensor("pack_padded_sequence", inp, "input");
  let lengths = lengthsTensor("pack_padded_sequence", len);
  let sortedIndices: Tensor | null = null;
  if (!enforceSorted) {
    const r = lengths.sort({ dim: -1, descending: true });
    lengths = r.values;
    sortedIndices = r.indices.to(input.device);
    input = input.indexSelect(batchFirst ? 0 : 1, sortedIndices);
  }
  const [data, batchSizes] = native.callOp(PACK, input._h, lengths._h, !!batchFirst) as [never, never];
  return new PackedSequence(new Tensor(data), new Tensor(batchSizes), sortedIndices, null);
}

/** padPackedSequence(sequence, batchFirst = false, paddingValue = 0, totalLength = null) -> [padded, lengths] */
export function padPackedSequence(sequence: PackedSequence, ...args: PyArgs<[batchFirst: boolean, paddingValue: number, totalLength: number | null], { batchFirst?: boolean; paddingValue?: number; totalLength?: number | null }>): [Tensor, Tensor];
export function padPackedSequence(...args: unknown[]): [Tensor, Tensor] {
  const [seq, batchFirst = false, paddingValue = 0.0, totalLength = null] =
    bind("pad_packed_sequence", ["sequence", "batchFirst", "paddingValue", "totalLength"], args);
  if (!(seq instanceof PackedSequence)) throw new TypeError(`pad_packed_sequence(): argument 'sequence' must be PackedSequence, not ${describe(seq)}`);
  let maxLen = seq.batchSizes.size(0);
  if (totalLength !== null && totalLength !== undefined) {
    if ((totalLength as number) < maxLen)
      throw new RangeError(
        `Expected total_length to be at least the length of the longest sequence in input, but got total_length=${totalLength} and max sequence length being ${maxLen}`,
      );
    maxLen = totalLength as number;
  }
  const [p, l] = native.callOp(PAD_PACKED, seq.data._h, seq.batchSizes._h, !!batchFirst, paddingValue, maxLen) as [never, never];
  const padded = new Tensor(p), lengths = new Tensor(l);
  if (seq.unsortedIndices !== null) {
    return [padded.indexSelect(batchFirst ? 0 : 1, seq.unsortedIndices), lengths.index(seq.unsortedIndices.cpu())];
  }
  return [padded, lengths];
}

/** padSequence(sequences, batchFirst = false, paddingValue = 0, paddingSide = "right") */
export function padSequence(sequences: Tensor | Tensor[], ...args: PyArgs<[batchFirst: boolean, paddingValue: number, paddingSide: "right" | "left"], { batchFirst?: boolean; paddingValue?: number; paddingSide?: "right" | "left" }>): Tensor;
export function padSequence(...args: unknown[]): Tensor {
  const [seqs, batchFirst = false, paddingValue = 0.0, paddingSide = "right"] =
    bind("pad_sequence", ["sequences", "batchFirst", "paddingValue", "paddingSide"], args);
  let list: Tensor[];
  if (seqs instanceof Tensor) list = seqs.unbind(0);
  else if (Array.isArray(seqs)) list = seqs.map((s, i) => checkTensor("pad_sequence", s, `sequences[${i}]`));
  else throw new TypeError(`pad_sequence(): argument 'sequences' must be a list of Tensors, not ${describe(seqs)}`);
  if (paddingSide !== "left" && paddingSide !== "right")
    throw new RangeError(`Expected padding_side to be one of left or right, but got ${String(paddingSide)}.`);
  return new Tensor(native.callOp(PAD_SEQ, list.map((t) => t._h), !!batchFirst, paddingValue, paddingSide));
}

/** unpadSequence(paddedSequences, lengths, batchFirst = false) -> the unpadded tensors */
export function unpadSequence(paddedSequences: Tensor, ...args: PyArgsReq<[lengths: Tensor | number[]], [batchFirst: boolean], { lengths?: Tensor | number[]; batchFirst?: boolean }, "lengths">): Tensor[];
export function unpadSequence(...args: unknown[]): Tensor[] {
  const [ps, len, batchFirst = false] = bind("unpad_sequence", ["paddedSequences", "lengths", "batchFirst"], args);
  let padded = checkTensor("unpad_sequence", ps, "padded_sequences");
  const lengths = lengthsTensor("unpad_sequence", len);
  if (!batchFirst) padded = padded.transpose(0, 1);  // Python transposes in place; a view gives the same rows
  const idx = arange(padded.shape[1], { device: lengths.device });
  const out: Tensor[] = [];
  const ls = lengths.tolist() as number[];
  for (let i = 0; i < ls.length; i++) out.push(padded.index(i).index(idx.lt(ls[i])));
  return out;
}

/** packSequence(sequences, enforceSorted = true) */
export function packSequence(sequences: Tensor[], ...args: PyArgs<[enforceSorted: boolean], { enforceSorted?: boolean }>): PackedSequence;
export function packSequence(...args: unknown[]): PackedSequence {
  const [seqs, enforceSorted = true] = bind("pack_sequence", ["sequences", "enforceSorted"], args);
  if (!Array.isArray(seqs)) throw new TypeError(`pack_sequence(): argument 'sequences' must be a list of Tensors, not ${describe(seqs)}`);
  const lengths = seqs.map((s, i) => checkTensor("pack_sequence", s, `sequences[${i}]`).size(0));
  return packPaddedSequence(padSequence(seqs), lengths, { enforceSorted: enforceSorted as boolean }); // checked by packPaddedSequence
}

/** unpackSequence(packedSequences) -> the tensors packSequence took */
export function unpackSequence(packed: PackedSequence): Tensor[] {
  const [padded, lengths] = padPackedSequence(packed, { batchFirst: true });
  return unpadSequence(padded, lengths, { batchFirst: true });
}

