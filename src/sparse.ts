// Sparse tensors: the factories (torch.sparseCooTensor, torch.sparseCsrTensor, ...), the torch.sparse
// namespace (mm, addmm, sum, softmax, logSoftmax), torch.spmm, and the Tensor attributes and methods
// Python has for sparse layouts (t.layout, t.isSparse, t._nnz(), t._indices(), ...). The kernels are
// LibTorch's; printing is in tensor_str.ts / sparse_print.ts.
import { native, Handle } from "./native";
import { opId } from "./dispatch";
import { Tensor } from "./tensor";
import { tensor as tensorFrom } from "./creation";
import * as dt from "./dtype";
import { describe, Device } from "./device";
import { bind, checkBool, checkInt, checkSize, dtypeArg, layoutArg } from "./args";
import { layout, layoutFromCode, strided, sparseCoo, sparseCsr, sparseCsc, sparseBsr, sparseBsc, isCompressed } from "./layout";

const call = native.callOp;
const COO = opId("sparse_coo_tensor", "indices"), COO_SIZE = opId("sparse_coo_tensor", "indices_size");
const COMPRESSED = opId("sparse_compressed_tensor", "comp_plain_value");
const COMPRESSED_SIZE = opId("sparse_compressed_tensor", "comp_plain_value_size");
const VALIDATE_COO = opId("_validate_sparse_coo_tensor_args");
const VALIDATE_COMPRESSED = opId("_validate_sparse_compressed_tensor_args");
const TO = opId("to", "dtype_layout");
const NNZ = opId("_nnz"), INDICES = opId("_indices"), VALUES = opId("_values"), TO_SPARSE = opId("to_sparse");
const SPARSE_MM = opId("_sparse_mm"), SPARSE_MM_REDUCE = opId("_sparse_mm", "reduce"), SPARSE_ADDMM = opId("_sparse_addmm");
const SPARSE_SUM = opId("_sparse_sum"), SPARSE_SUM_DIM = opId("_sparse_sum", "dim");
const SPARSE_SUM_DTYPE = opId("_sparse_sum", "dtype"), SPARSE_SUM_DIM_DTYPE = opId("_sparse_sum", "dim_dtype");
const SPARSE_SOFTMAX = opId("_sparse_softmax", "int"), SPARSE_LOG_SOFTMAX = opId("_sparse_log_softmax", "int");
const MM = opId("mm");

/** Indices or values: a Tensor, or (nested) arrays / a TypedArray read by torch.tensor. */
export type SparseData = Tensor | number | boolean | unknown[] | ArrayBufferView;
export interface SparseOptions {
  size?: number[] | null;
  dtype?: dt.dtype | null;
  device?: string | Device | null;
  pinMemory?: boolean | null;
  requiresGrad?: boolean;
  /** Check indices against the size (default true; Python's default is false). */
  checkInvariants?: boolean | null;
}
export interface SparseCooOptions extends SparseOptions {
  isCoalesced?: boolean | null;
}
export interface SparseCompressedOptions extends SparseOptions {
  layout?: layout | null;
}

/** An index or value argument: a Tensor as given, anything else through torch.tensor (Python's type inference). */
function asTensor(fn: string, v: unknown, what: string, dtype: dt.dtype | null = null): Tensor {
  if (v instanceof Tensor) return dtype && v.dtype !== dtype ? v.to(dtype) : v;
  if (v === undefined || v === null) throw new TypeError(`${fn}() missing required argument '${what}'`);
  if (typeof v !== "number" && typeof v !== "boolean" && !Array.isArray(v) && !ArrayBuffer.isView(v))
    throw new TypeError(`${fn}(): argument '${what}' must be a Tensor or a (nested) list of numbers, not ${describe(v)}`);
  const t = tensorFrom(v as never);
  return dtype && t.dtype !== dtype ? t.to(dtype) : t;
}

function deviceArg(fn: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || v instanceof Device) return String(v);
  throw new TypeError(`${fn}(): argument 'device' must be torch.device, not ${describe(v)}`);
}

function sizeArg(fn: string, v: unknown): number[] | null {
  return v === undefined || v === null ? null : checkSize(fn, v, "size");
}

/** Moves a tensor to `device` (Python converts indices and values to the target device first). */
function onDevice(t: Tensor, device: string | null): Handle {
  return device === null ? t._h : (call(TO, t._h, null, null, device, null, false, false, null) as Handle);
}

function finish(fn: string, h: Handle, requiresGrad: unknown): Tensor {
  const t = new Tensor(h);
  if (checkBool(fn, requiresGrad, "requires_grad", false)) t.requiresGrad_(true);
  return t;
}

/**
 * torch.sparseCooTensor(indices, values, size?, { dtype, device, pinMemory, requiresGrad, checkInvariants,
 * isCoalesced }): a sparse COO tensor from a (sparseDim x nnz) int64 index tensor and nnz values (each a
 * value or, for a hybrid tensor, a dense block). Without `size` it is inferred from the largest indices.
 * Unlike Python, the invariants (indices in range, matching nnz, ...) are checked unless
 * `checkInvariants: false`: an invalid sparse tensor can crash the process in later kernels.
 */
export function sparseCooTensor(indices: SparseData, values: SparseData, size?: number[] | null, options?: SparseCooOptions): Tensor;
export function sparseCooTensor(indices: SparseData, values: SparseData, options?: SparseCooOptions): Tensor;
export function sparseCooTensor(...args: unknown[]): Tensor {
  const fn = "sparse_coo_tensor";
  const [indices, values, size0, dtype0, device0, pinMemory, requiresGrad, checkInvariants, isCoalesced] = bind(fn,
    ["indices", "values", "size", "dtype", "device", "pinMemory", "requiresGrad", "checkInvariants", "isCoalesced"], args);
  const dtype = dtypeArg(fn, dtype0) === null ? null : (dtype0 as dt.dtype);
  const device = deviceArg(fn, device0);
  const size = sizeArg(fn, size0);
  const check = checkBool(fn, checkInvariants ?? undefined, "check_invariants", true);
  const coalesced = isCoalesced === undefined || isCoalesced === null ? null : checkBool(fn, isCoalesced, "is_coalesced", false);
  const pin = pinMemory === undefined || pinMemory === null ? null : checkBool(fn, pinMemory, "pin_memory", false);
  const i = onDevice(asTensor(fn, indices, "indices", dt.int64), device);
  const v = onDevice(asTensor(fn, values, "values", dtype), device);
  let h: Handle;
  if (size !== null) {
    if (check) call(VALIDATE_COO, i, v, size, coalesced);
    h = call(COO_SIZE, i, v, size, dtype?.code ?? null, sparseCoo.code, device, pin, coalesced) as Handle;
  } else {
    h = call(COO, i, v, dtype?.code ?? null, sparseCoo.code, device, pin, coalesced) as Handle;
    if (check) {
      try {
        call(VALIDATE_COO, i, v, native.shape(h), coalesced);
      } catch (e) {
        native.dispose(h);
        throw e;
      }
    }
  }
  return finish(fn, h, requiresGrad);
}

function compressedTensor(fn: string, lay: layout | null, names: [string, string], args: unknown[], withLayout: boolean): Tensor {
  const params = ["compressedIndices", "plainIndices", "values", "size", "dtype", ...(withLayout ? ["layout"] : []), "device", "pinMemory",
    "requiresGrad", "checkInvariants"];
  if (!withLayout) params.splice(0, 2, names[0], names[1]);
  const b = bind(fn, params, args);
  const [ci, pi, values, size0, dtype0] = b;
  let k = 5;
  if (withLayout) {
    const l = b[k++];
    lay = layoutArg(fn, l) === null ? null : (l as layout);
  }
  const [device0, pinMemory, requiresGrad, checkInvariants] = b.slice(k);
  const dtype = dtypeArg(fn, dtype0) === null ? null : (dtype0 as dt.dtype);
  const device = deviceArg(fn, device0);
  const size = sizeArg(fn, size0);
  const check = checkBool(fn, checkInvariants ?? undefined, "check_invariants", true);
  const pin = pinMemory === undefined || pinMemory === null ? null : checkBool(fn, pinMemory, "pin_memory", false);
  const c = onDevice(asTensor(fn, ci, withLayout ? "compressed_indices" : names[0].replace(/[A-Z]/g, (m) => "_" + m.toLowerCase())), device);
  const p = onDevice(asTensor(fn, pi, withLayout ? "plain_indices" : names[1].replace(/[A-Z]/g, (m) => "_" + m.toLowerCase())), device);
  const v = onDevice(asTensor(fn, values, "values", dtype), device);
  const code = lay === null ? null : lay.code;
  let h: Handle;
  if (size !== null) {
    if (check && lay !== null && isCompressed(lay)) call(VALIDATE_COMPRESSED, c, p, v, size, code);
    h = call(COMPRESSED_SIZE, c, p, v, size, dtype?.code ?? null, code, device, pin) as Handle;
  } else {
    h = call(COMPRESSED, c, p, v, dtype?.code ?? null, code, device, pin) as Handle;
    if (check) {
      try {
        call(VALIDATE_COMPRESSED, c, p, v, native.shape(h), native.layout(h));
      } catch (e) {
        native.dispose(h);
        throw e;
      }
    }
  }
  return finish(fn, h, requiresGrad);
}

/** torch.sparseCsrTensor(crowIndices, colIndices, values, size?, { dtype, device, pinMemory, requiresGrad, checkInvariants }) */
export function sparseCsrTensor(crowIndices: SparseData, colIndices: SparseData, values: SparseData, size?: number[] | null, options?: SparseOptions): Tensor;
export function sparseCsrTensor(crowIndices: SparseData, colIndices: SparseData, values: SparseData, options?: SparseOptions): Tensor;
export function sparseCsrTensor(...args: unknown[]): Tensor {
  return compressedTensor("sparse_csr_tensor", sparseCsr, ["crowIndices", "colIndices"], args, false);
}
/** torch.sparseCscTensor(ccolIndices, rowIndices, values, size?, { dtype, device, pinMemory, requiresGrad, checkInvariants }) */
export function sparseCscTensor(ccolIndices: SparseData, rowIndices: SparseData, values: SparseData, size?: number[] | null, options?: SparseOptions): Tensor;
export function sparseCscTensor(ccolIndices: SparseData, rowIndices: SparseData, values: SparseData, options?: SparseOptions): Tensor;
export function sparseCscTensor(...args: unknown[]): Tensor {
  return compressedTensor("sparse_csc_tensor", sparseCsc, ["ccolIndices", "rowIndices"], args, false);
}
/** torch.sparseBsrTensor(crowIndices, colIndices, values, size?, { ... }): values are (nnz, blockRows, blockCols) blocks. */
export function sparseBsrTensor(crowIndices: SparseData, colIndices: SparseData, values: SparseData, size?: number[] | null, options?: SparseOptions): Tensor;
export function sparseBsrTensor(crowIndices: SparseData, colIndices: SparseData, values: SparseData, options?: SparseOptions): Tensor;
export function sparseBsrTensor(...args: unknown[]): Tensor {
  return compressedTensor("sparse_bsr_tensor", sparseBsr, ["crowIndices", "colIndices"], args, false);
}
/** torch.sparseBscTensor(ccolIndices, rowIndices, values, size?, { ... }): values are (nnz, blockRows, blockCols) blocks. */
export function sparseBscTensor(ccolIndices: SparseData, rowIndices: SparseData, values: SparseData, size?: number[] | null, options?: SparseOptions): Tensor;
export function sparseBscTensor(ccolIndices: SparseData, rowIndices: SparseData, values: SparseData, options?: SparseOptions): Tensor;
export function sparseBscTensor(...args: unknown[]): Tensor {
  return compressedTensor("sparse_bsc_tensor", sparseBsc, ["ccolIndices", "rowIndices"], args, false);
}
/** torch.sparseCompressedTensor(compressedIndices, plainIndices, values, size?, { dtype, layout, device, ... }) */
export function sparseCompressedTensor(compressedIndices: SparseData, plainIndices: SparseData, values: SparseData, size?: number[] | null,
  options?: SparseCompressedOptions): Tensor;
export function sparseCompressedTensor(compressedIndices: SparseData, plainIndices: SparseData, values: SparseData, options?: SparseCompressedOptions): Tensor;
export function sparseCompressedTensor(...args: unknown[]): Tensor {
  return compressedTensor("sparse_compressed_tensor", null, ["compressedIndices", "plainIndices"], args, true);
}

/** Throws Python's error when a sparse tensor breaks its layout's invariants (indices in range, sorted crow indices, ...). */
export function validateSparse(t: Tensor): void {
  const lay = t.layout;
  if (lay === sparseCoo) call(VALIDATE_COO, t._indices()._h, t._values()._h, t.shape, t.isCoalesced());
  else if (isCompressed(lay)) {
    const [c, p] = lay === sparseCsr || lay === sparseBsr ? [t.crowIndices(), t.colIndices()] : [t.ccolIndices(), t.rowIndices()];
    call(VALIDATE_COMPRESSED, c._h, p._h, t.values()._h, t.shape, lay.code);
  }
}

function tensorArg(fn: string, v: unknown, what: string): Tensor {
  if (v instanceof Tensor) return v;
  throw new TypeError(`${fn}(): argument '${what}' must be Tensor, not ${describe(v)}`);
}

/**
 * torch.sparse.mm(mat1, mat2, reduce?): mat1 sparse (COO or CSR) times mat2 (dense or sparse). The
 * gradient flows to both; for a sparse mat1 it is sparse (with mat1's pattern).
 */
function mm(mat1: Tensor, mat2: Tensor, reduce?: string | null | { reduce?: string | null }): Tensor;
function mm(...args: unknown[]): Tensor {
  const [mat1, mat2, reduce] = bind("mm", ["mat1", "mat2", "reduce"], args);
  const a = tensorArg("mm", mat1, "mat1"), b = tensorArg("mm", mat2, "mat2");
  if (reduce !== undefined && reduce !== null) {
    if (typeof reduce !== "string") throw new TypeError(`mm(): argument 'reduce' must be str, not ${describe(reduce)}`);
    return new Tensor(call(SPARSE_MM_REDUCE, a._h, b._h, reduce) as Handle);
  }
  return new Tensor(call(SPARSE_MM, a._h, b._h) as Handle);
}

/** torch.sparse.addmm(mat, mat1, mat2, { beta = 1, alpha = 1 }): beta * mat + alpha * (mat1 @ mat2), mat1 sparse. */
function addmm(mat: Tensor, mat1: Tensor, mat2: Tensor, options?: { beta?: number; alpha?: number }): Tensor;
function addmm(...args: unknown[]): Tensor {
  const [mat, mat1, mat2, beta, alpha] = bind("addmm", ["mat", "mat1", "mat2", "beta", "alpha"], args);
  const m = tensorArg("addmm", mat, "mat"), a = tensorArg("addmm", mat1, "mat1"), b = tensorArg("addmm", mat2, "mat2");
  for (const [v, w] of [[beta, "beta"], [alpha, "alpha"]] as const)
    if (v !== undefined && v !== null && typeof v !== "number") throw new TypeError(`addmm(): argument '${w}' must be Number, not ${describe(v)}`);
  return new Tensor(call(SPARSE_ADDMM, m._h, a._h, b._h, beta ?? null, alpha ?? null) as Handle);
}

/**
 * torch.sparse.sum(input, dim?, dtype?): the sum over `dim` (an int or a list; negative counts from the end).
 * Summing over every sparse dim gives a dense tensor, otherwise a sparse one; no dim sums everything (0-d).
 */
function sum(input: Tensor, dim?: number | number[] | null, dtype?: dt.dtype | null): Tensor;
function sum(input: Tensor, options: { dim?: number | number[] | null; dtype?: dt.dtype | null }): Tensor;
function sum(input: Tensor, dim: number | number[] | null, options: { dtype?: dt.dtype | null }): Tensor;
function sum(...args: unknown[]): Tensor {
  const [input, dim, dtype] = bind("sum", ["input", "dim", "dtype"], args);
  const t = tensorArg("sum", input, "input");
  const d = dtypeArg("sum", dtype);
  if (dim === undefined || dim === null)
    return new Tensor((d === null ? call(SPARSE_SUM, t._h) : call(SPARSE_SUM_DTYPE, t._h, d)) as Handle);
  const dims = Array.isArray(dim) ? checkSize("sum", dim, "dim") : [checkInt("sum", dim, "dim")];
  return new Tensor((d === null ? call(SPARSE_SUM_DIM, t._h, dims) : call(SPARSE_SUM_DIM_DTYPE, t._h, dims, d)) as Handle);
}

function softmaxLike(fn: string, id: number, args: unknown[]): Tensor {
  const [input, dim, dtype] = bind(fn, ["input", "dim", "dtype"], args);
  const t = tensorArg(fn, input, "input");
  if (dim === undefined || dim === null) throw new TypeError(`${fn}() missing 1 required positional argument: 'dim'`);
  return new Tensor(call(id, t._h, checkInt(fn, dim, "dim"), dtypeArg(fn, dtype)) as Handle);
}
/** torch.sparse.softmax(input, dim, { dtype }): softmax over the specified elements only (unspecified ones count as -inf). */
function softmax(input: Tensor, dim: number, options?: { dtype?: dt.dtype | null }): Tensor;
function softmax(input: Tensor, options: { dim: number; dtype?: dt.dtype | null }): Tensor;
function softmax(...args: unknown[]): Tensor {
  return softmaxLike("softmax", SPARSE_SOFTMAX, args);
}
/** torch.sparse.logSoftmax(input, dim, { dtype }) */
function logSoftmax(input: Tensor, dim: number, options?: { dtype?: dt.dtype | null }): Tensor;
function logSoftmax(input: Tensor, options: { dim: number; dtype?: dt.dtype | null }): Tensor;
function logSoftmax(...args: unknown[]): Tensor {
  return softmaxLike("log_softmax", SPARSE_LOG_SOFTMAX, args);
}

/** torch.sparse: the functions of Python's torch.sparse module. */
export const sparse = { mm, addmm, sum, softmax, logSoftmax };

/** torch.spmm(input, mat2): torch.mm, kept by Python for sparse inputs. */
export function spmm(input: Tensor, mat2: Tensor): Tensor;
export function spmm(...args: unknown[]): Tensor {
  const [input, mat2] = bind("spmm", ["input", "mat2"], args);
  return new Tensor(call(MM, tensorArg("spmm", input, "input")._h, tensorArg("spmm", mat2, "mat2")._h) as Handle);
}

/** The torch.* names of this module. */
export const sparseTorch = {
  layout,
  strided, sparseCoo, sparseCsr, sparseCsc, sparseBsr, sparseBsc,
  sparseCooTensor, sparseCsrTensor, sparseCscTensor, sparseBsrTensor, sparseBscTensor, sparseCompressedTensor,
  sparse, spmm,
};

// ---------------------------------------------------------------- Tensor attributes and methods

declare module "./tensor" {
  interface Tensor {
    /** torch.strided, torch.sparseCoo (prints torch.sparse_coo), torch.sparseCsr, ... */
    readonly layout: layout;
    /** Whether the layout is sparse COO (Python's is_sparse). */
    readonly isSparse: boolean;
    /** Whether the layout is sparse CSR (Python's is_sparse_csr). */
    readonly isSparseCsr: boolean;
    /** The number of specified elements of a sparse tensor. */
    _nnz(): number;
    /** The indices of a COO tensor, coalesced or not (indices() requires a coalesced tensor). */
    _indices(): Tensor;
    /** The values of a COO tensor, coalesced or not. */
    _values(): Tensor;
    /** toSparseCoo(): toSparse() (Python's to_sparse_coo). */
    toSparseCoo(): Tensor;
  }
}

const proto = Tensor.prototype as unknown as Record<string, unknown>;
Object.defineProperties(Tensor.prototype, {
  layout: { get(this: Tensor) { return layoutFromCode(native.layout(this._h)); }, configurable: true },
  isSparse: { get(this: Tensor) { return native.layout(this._h) === sparseCoo.code; }, configurable: true },
  isSparseCsr: { get(this: Tensor) { return native.layout(this._h) === sparseCsr.code; }, configurable: true },
});
proto._nnz = function (this: Tensor): number { return call(NNZ, this._h) as number; };
proto._indices = function (this: Tensor): Tensor { return new Tensor(call(INDICES, this._h) as Handle); };
proto._values = function (this: Tensor): Tensor { return new Tensor(call(VALUES, this._h) as Handle); };
proto.toSparseCoo = function (this: Tensor): Tensor { return new Tensor(call(TO_SPARSE, this._h) as Handle); };
