// What repr() of a sparse tensor (COO, CSR, CSC, BSR, BSC) prints, gathered for
// tensor_str's formatSparseTensor: the index and value tensors it is made of.
import { native, Handle } from "./native";
import { opId } from "./dispatch";
import { dtypeFromCode } from "./dtype";
import { layoutFromCode } from "./layout";
import { formatSparseTensor, SparsePart } from "./tensor_str";

const call = native.callOp;
const NNZ = opId("_nnz"), INDICES = opId("_indices"), VALUES = opId("_values"), CVALUES = opId("values");
const CROW = opId("crow_indices"), COL = opId("col_indices"), CCOL = opId("ccol_indices"), ROW = opId("row_indices");
const DETACH = opId("detach");

function typed(h: Handle): ArrayLike<number | bigint | boolean> {
  const buf = native.toBuffer(h);
  switch (dtypeFromCode(native.dtype(h)).name) {
    case "float64": return new Float64Array(buf);
    case "int64": return new BigInt64Array(buf);
    case "int32": return new Int32Array(buf);
    case "int16": return new Int16Array(buf);
    case "int8": return new Int8Array(buf);
    case "uint8": case "bool": return new Uint8Array(buf);
    default: return new Float32Array(buf); // float32, and float16/bfloat16 widened
  }
}

function part(name: string, h: Handle): SparsePart {
  try {
    return { name, shape: native.shape(h), dtype: dtypeFromCode(native.dtype(h)).name, values: typed(h) };
  } finally {
    native.dispose(h);
  }
}

/** repr(t) of a tensor whose layout code is not strided; `gradFn` as Python prints it. */
export function sparseRepr(h: Handle, layoutCode: number, gradFn: string | null): string {
  const lay = layoutFromCode(layoutCode);
  const d = call(DETACH, h) as Handle;
  try {
    let parts: SparsePart[];
    if (lay.name === "sparse_coo") parts = [part("indices", call(INDICES, d)), part("values", call(VALUES, d))];
    else if (lay.name === "sparse_csr" || lay.name === "sparse_bsr")
      parts = [part("crow_indices", call(CROW, d)), part("col_indices", call(COL, d)), part("values", call(CVALUES, d))];
    else if (lay.name === "sparse_csc" || lay.name === "sparse_bsc")
      parts = [part("ccol_indices", call(CCOL, d)), part("row_indices", call(ROW, d)), part("values", call(CVALUES, d))];
    else throw new TypeError(`printing a tensor of layout torch.${lay.name} is not supported`);
    return formatSparseTensor({
      layout: lay.name,
      shape: native.shape(h),
      dtype: dtypeFromCode(native.dtype(h)).name,
      nnz: call(NNZ, d) as number,
      device: native.device(h),
      requiresGrad: native.requiresGrad(h),
      gradFn,
      parts,
    });
  } finally {
    native.dispose(d);
  }
}
