// Python's torch/functional.py (and the Tensor methods torch/_tensor.py routes
// to it): functions Python writes in Python over aten operators, with Python's
// argument handling (varargs of tensors, Python-side defaults, result shaping).
import { native, Handle } from "./native";
import { opId } from "./dispatch";
import { Tensor } from "./tensor";
import { isOptions, Options, PyArgs } from "./args";
import type { dtype } from "./dtype";
import { describe } from "./device";
import { linalg } from "./ops/install";

const call = native.callOp;
const wrap = (h: Handle) => new Tensor(h);

/** Tensors given one by one or as one array (Python's *tensors). */
function tensorsArg(fn: string, args: unknown[]): Handle[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  // a plain loop: map() skips holes, and walked all of a sparse new Array(2 ** 32 - 1)
  const out: Handle[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (!(t instanceof Tensor)) throw new TypeError(`${fn}(): expected Tensor as element ${i} in argument 0, but got ${describe(t)}`);
    out.push(t._h);
  }
  return out;
}
function splitOptions(args: unknown[]): [unknown[], Options] {
  return args.length && isOptions(args[args.length - 1]) ? [args.slice(0, -1), args[args.length - 1] as Options] : [args, {}];
}

const EINSUM = opId("einsum"), MESHGRID = opId("meshgrid"), MESHGRID_IDX = opId("meshgrid", "indexing");
const BROADCAST_TENSORS = opId("broadcast_tensors"), BLOCK_DIAG = opId("block_diag");
const CARTESIAN_PROD = opId("cartesian_prod"), CHAIN_MATMUL = opId("chain_matmul");
const TENSORDOT = opId("tensordot"), UNIQUE2 = opId("_unique2"), UNIQUE_DIM = opId("unique_dim");
const UNIQUE_CONSECUTIVE = opId("unique_consecutive");
const ATLEAST = [opId("atleast_1d"), opId("atleast_2d"), opId("atleast_3d")];
const ATLEAST_SEQ = [opId("atleast_1d", "Sequence"), opId("atleast_2d", "Sequence"), opId("atleast_3d", "Sequence")];

/** torch.einsum(equation, ...operands) or torch.einsum(equation, [operands]) */
export function einsum(equation: string, ...operands: (Tensor | Tensor[])[]): Tensor {
  if (typeof equation !== "string") throw new TypeError(`einsum(): argument 'equation' must be str, not ${describe(equation)}`);
  return wrap(call(EINSUM, equation, tensorsArg("einsum", operands), null));
}
/** torch.meshgrid(...tensors, { indexing }) */
export function meshgrid(...tensors: Tensor[]): Tensor[];
export function meshgrid(...args: [...tensors: Tensor[], options: { indexing?: "ij" | "xy" }]): Tensor[];
export function meshgrid(tensors: readonly Tensor[], options?: { indexing?: "ij" | "xy" }): Tensor[];
export function meshgrid(...args: unknown[]): Tensor[] {
  const [ts, opts] = splitOptions(args);
  const hs = tensorsArg("meshgrid", ts);
  const r: Handle[] = opts.indexing === undefined ? call(MESHGRID, hs) : call(MESHGRID_IDX, hs, opts.indexing);
  return r.map(wrap);
}
/** torch.broadcastTensors(...tensors) */
export function broadcastTensors(...tensors: (Tensor | Tensor[])[]): Tensor[] {
  return (call(BROADCAST_TENSORS, tensorsArg("broadcast_tensors", tensors)) as Handle[]).map(wrap);
}
/** torch.blockDiag(...tensors) */
export function blockDiag(...tensors: (Tensor | Tensor[])[]): Tensor {
  return wrap(call(BLOCK_DIAG, tensorsArg("block_diag", tensors)));
}
/** torch.cartesianProd(...tensors) */
export function cartesianProd(...tensors: (Tensor | Tensor[])[]): Tensor {
  return wrap(call(CARTESIAN_PROD, tensorsArg("cartesian_prod", tensors)));
}
/** torch.chainMatmul(...matrices) (deprecated in Python in favour of torch.linalg.multi_dot) */
export function chainMatmul(...matrices: (Tensor | Tensor[])[]): Tensor {
  const hs = tensorsArg("chain_matmul", matrices);
  return hs.length === 1 ? wrap(call(opId("alias"), hs[0])) : wrap(call(CHAIN_MATMUL, hs));
}
function atleast(k: number, args: unknown[]): Tensor | Tensor[] {
  if (args.length === 1 && args[0] instanceof Tensor) return wrap(call(ATLEAST[k], args[0]._h));
  return (call(ATLEAST_SEQ[k], tensorsArg(`atleast_${k + 1}d`, args)) as Handle[]).map(wrap);
}
export function atleast1d(...tensors: (Tensor | Tensor[])[]): Tensor | Tensor[] { return atleast(0, tensors); }
export function atleast2d(...tensors: (Tensor | Tensor[])[]): Tensor | Tensor[] { return atleast(1, tensors); }
export function atleast3d(...tensors: (Tensor | Tensor[])[]): Tensor | Tensor[] { return atleast(2, tensors); }

/** torch.tensordot(a, b, dims = 2): dims an int, or [dimsA, dimsB]. */
export function tensordot(a: Tensor, b: Tensor, dims: number | [number | number[], number | number[]] | Options = 2, opts: Options = {}): Tensor {
  if (isOptions(dims)) {
    opts = dims;
    dims = (opts.dims as number) ?? 2;
  }
  let da: number[], db: number[];
  if (Array.isArray(dims)) {
    if (dims.length !== 2) throw new RangeError("tensordot expects dims to be a pair of lists of dims");
    const [x, y] = dims;
    da = Array.isArray(x) ? x : [x];
    db = Array.isArray(y) ? y : [y];
  } else if (typeof dims === "number" && Number.isInteger(dims)) {
    if (dims < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    da = Array.from({ length: dims }, (_, i) => i - dims);
    db = Array.from({ length: dims }, (_, i) => i);
  } else throw new TypeError(`tensordot expects dims to be int or tuple of lists, got ${describe(dims)}`);
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError("tensordot(): arguments 'a' and 'b' must be Tensors");
  const r = wrap(call(TENSORDOT, a._h, b._h, da, db));
  if (opts.out instanceof Tensor) return opts.out.copy_(r);
  return r;
}

function pick(fn: string, r: Handle[], returnInverse: boolean, returnCounts: boolean): Tensor | Tensor[] {
  const [out, inv, counts] = r.map(wrap);
  if (returnInverse && returnCounts) return [out, inv, counts];
  if (returnInverse) return [out, inv];
  if (returnCounts) return [out, counts];
  return out;
}
/** torch.unique(input, sorted = true, returnInverse = false, returnCounts = false, dim = null) */
export function unique(input: Tensor, ...args: PyArgs<[sorted: boolean, returnInverse: false, returnCounts: false, dim: number | null], { sorted?: boolean; returnInverse?: false; returnCounts?: false; dim?: number | null }>): Tensor;
export function unique(input: Tensor, ...args: PyArgs<[sorted: boolean, returnInverse: boolean, returnCounts: boolean, dim: number | null], { sorted?: boolean; returnInverse?: boolean; returnCounts?: boolean; dim?: number | null }>): Tensor | Tensor[];
export function unique(input: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  const [pos, opts] = splitOptions(args);
  const [sorted = opts.sorted ?? true, returnInverse = opts.returnInverse ?? false, returnCounts = opts.returnCounts ?? false, dim = opts.dim ?? null] = pos;
  if (!(input instanceof Tensor)) throw new TypeError(`unique(): argument 'input' must be Tensor, not ${describe(input)}`);
  const r = dim === null || dim === undefined
    ? call(UNIQUE2, input._h, sorted, returnInverse, returnCounts)
    : call(UNIQUE_DIM, input._h, dim, sorted, returnInverse, returnCounts);
  return pick("unique", r, returnInverse as boolean, returnCounts as boolean);
}
/** torch.uniqueConsecutive(input, returnInverse = false, returnCounts = false, dim = null) */
export function uniqueConsecutive(input: Tensor, ...args: PyArgs<[returnInverse: false, returnCounts: false, dim: number | null], { returnInverse?: false; returnCounts?: false; dim?: number | null }>): Tensor;
export function uniqueConsecutive(input: Tensor, ...args: PyArgs<[returnInverse: boolean, returnCounts: boolean, dim: number | null], { returnInverse?: boolean; returnCounts?: boolean; dim?: number | null }>): Tensor | Tensor[];
export function uniqueConsecutive(input: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  const [pos, opts] = splitOptions(args);
  const [returnInverse = opts.returnInverse ?? false, returnCounts = opts.returnCounts ?? false, dim = opts.dim ?? null] = pos;
  if (!(input instanceof Tensor)) throw new TypeError(`unique_consecutive(): argument 'input' must be Tensor, not ${describe(input)}`);
  const r = call(UNIQUE_CONSECUTIVE, input._h, returnInverse, returnCounts, dim);
  return pick("unique_consecutive", r, returnInverse as boolean, returnCounts as boolean);
}

/** torch.norm(input, p = "fro", dim = null, keepdim = false, { dtype }) as torch/functional.py computes it. */
export function norm(input: Tensor, ...args: PyArgs<[p: number | "fro" | "nuc" | null, dim: number | number[] | null, keepdim: boolean, dtype: dtype | null],
  { p?: number | "fro" | "nuc" | null; dim?: number | number[] | null; keepdim?: boolean; dtype?: dtype | null }>): Tensor;
export function norm(input: Tensor, ...args: unknown[]): Tensor {
  const [pos, opts] = splitOptions(args);
  const [p = opts.p ?? "fro", dim = opts.dim ?? null, keepdim = opts.keepdim ?? false, dtype = opts.dtype ?? null] = pos;
  const d = dim === null ? null : typeof dim === "number" ? [dim] : (dim as number[]);
  const la = linalg as unknown as Record<string, (...a: unknown[]) => Tensor>;
  if (typeof p === "string") {
    if (p === "fro" && (dim === null || typeof dim === "number" || (dim as number[]).length <= 2))
      return la.vectorNorm(input, 2, d, keepdim, { dtype });
    return la.matrixNorm(input, p, d ?? Array.from({ length: input.dim() }, (_, i) => i), keepdim, { dtype });
  }
  return la.vectorNorm(input, p === null ? 2 : p, d, keepdim, { dtype });
}

/** Installs the Tensor methods Python routes to torch/functional.py. */
export function installFunctionalMethods(): void {
  const proto = Tensor.prototype as unknown as Record<string, unknown>;
  // the arguments are checked by the functions themselves
  type Untyped = (input: Tensor, ...a: unknown[]) => unknown;
  proto.unique = function (this: Tensor, ...a: unknown[]) { return (unique as Untyped)(this, ...a); };
  proto.uniqueConsecutive = function (this: Tensor, ...a: unknown[]) { return (uniqueConsecutive as Untyped)(this, ...a); };
  proto.norm = function (this: Tensor, ...a: unknown[]) { return (norm as Untyped)(this, ...a); };
}
