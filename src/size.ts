// torch.Size: what `t.shape` and `t.size()` return. An Array of numbers (so
// indexing, length, destructuring, Array.isArray and JSON work unchanged) that
// prints as Python's `torch.Size([2, 3])` and has Python's numel().
import { inspect } from "util";
import { describe } from "./device";

export class Size extends Array<number> {
  /** new torch.Size([2, 3]) (Python's torch.Size((2, 3))): the sizes, each an integer. */
  constructor(sizes: Iterable<number> = []) {
    super();
    if (typeof sizes === "number" || sizes === null || typeof (sizes as Iterable<number>)[Symbol.iterator] !== "function")
      throw new TypeError(`'${describe(sizes)}' object is not iterable`);
    for (const s of sizes) {
      if (typeof s !== "number" || !Number.isInteger(s))
        throw new TypeError(`torch.Size() takes an iterable of 'int' (item ${this.length} is '${describe(s)}')`);
      this.push(s);
    }
  }
  /** map, slice, filter, ... return plain arrays. */
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  /** The number of elements a tensor of this size holds (the product of the sizes; 1 for []). */
  numel(): number {
    let n = 1;
    for (let i = 0; i < this.length; i++) n *= this[i];
    return n;
  }
  toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

const PROTO = Size.prototype;
/** @internal makes an array of sizes (a fresh one, e.g. from native.shape) a torch.Size in place. */
export function asSize(a: number[]): Size {
  return Object.setPrototypeOf(a, PROTO) as Size;
}
