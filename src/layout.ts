// torch.layout objects: one frozen instance per c10::Layout, compared by identity
// (`t.layout === torch.sparseCoo`), printing as Python prints them (`torch.sparse_coo`).
import { inspect } from "util";

/** Set once this module's layouts exist: no other torch.layout can be made, as in Python. */
let sealed = false;

export class layout {
  /** @internal */
  constructor(
    /** Python's name without "torch.", e.g. "sparse_coo". */
    readonly name: string,
    /** c10::Layout code. */
    readonly code: number,
  ) {
    if (sealed) throw new TypeError("cannot create 'torch.layout' instances");
    Object.freeze(this);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

export const strided = new layout("strided", 0);
export const sparseCoo = new layout("sparse_coo", 1);
export const sparseCsr = new layout("sparse_csr", 2);
export const _mkldnn = new layout("_mkldnn", 3);
export const sparseCsc = new layout("sparse_csc", 4);
export const sparseBsr = new layout("sparse_bsr", 5);
export const sparseBsc = new layout("sparse_bsc", 6);
export const jagged = new layout("jagged", 7);

const byCode: layout[] = [strided, sparseCoo, sparseCsr, _mkldnn, sparseCsc, sparseBsr, sparseBsc, jagged];
sealed = true;

/** Whether `v` is one of the torch.layout objects (not a look-alike). */
export function isLayout(v: unknown): v is layout {
  return v instanceof layout && byCode[v.code] === v;
}

export function layoutFromCode(code: number): layout {
  const l = byCode[code];
  if (!l) throw new TypeError(`unsupported layout code ${code}`);
  return l;
}

/** The compressed sparse layouts (CSR, CSC, BSR, BSC). */
export function isCompressed(l: layout): boolean {
  return l === sparseCsr || l === sparseCsc || l === sparseBsr || l === sparseBsc;
}
