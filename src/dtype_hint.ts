// The hint for the commonest porting slip: `torch.tensor([0, 1])` of JS numbers
// is int64 (PORTING.md rule 12), and LibTorch's dtype-mismatch errors do not say
// why an int64 tensor showed up. `dtypeHint(e)` recognises that family of
// messages and puts the cause and the fix first, keeping LibTorch's text after
// it. Applied to every LibTorch error in one place: src/native.ts registers
// dtypeHint with the addon (native.setErrorHint, per JS thread), and
// binding/handle.cc's rethrowAsJs passes each error through it before throwing
// (the error class is kept; successful calls pay nothing). Idempotent.
const HINTED = Symbol("torch-node.dtypeHinted");

// LibTorch's spellings of int64 and of the floating types
const INT64 = /^(Long|long int|long|int64|torch\.int64|long long)$/;
const FLOAT = /^(Float|Double|Half|BFloat16|float|double|c10::Half|c10::BFloat16|float32|float64|float16|bfloat16)$/;

const FLOAT_FIX = "expected a floating point input but got int64 (Long): torch.tensor([0, 1]) of JS numbers is int64; " +
  "pass { dtype: torch.float32 } (or call .float())";
const MIXED_FIX = "an int64 (Long) tensor met a floating point one: torch.tensor([0, 1]) of JS numbers is int64; " +
  "pass { dtype: torch.float32 } for inputs (or call .float()), and keep class-index targets int64 (.long())";
const TARGET_FIX = "expected a class-index target of dtype int64 (Long) but got a floating point tensor: " +
  "pass integer class indices (torch.tensor([0, 1]) of JS integers is int64) or call .long() on the target";

function hintFor(msg: string): string | null {
  let m: RegExpExecArray | null;
  // mat1 and mat2 must have the same dtype, but got Long and Float
  if ((m = /(?:must|to) have the same dtype, but got:? ([\w: ]+?) (?:and|!=) ([\w: ]+)/.exec(msg))) {
    if ((INT64.test(m[1]) && FLOAT.test(m[2])) || (FLOAT.test(m[1]) && INT64.test(m[2]))) return FLOAT_FIX;
    return null;
  }
  // dot : expected both vectors to have same dtype, but found Long and Float
  if ((m = /to have same dtype, but found (\w+) and (\w+)/.exec(msg))) {
    if ((INT64.test(m[1]) && FLOAT.test(m[2])) || (FLOAT.test(m[1]) && INT64.test(m[2]))) return FLOAT_FIX;
    return null;
  }
  // expected scalar type Float but found Long: a float op given int64.
  // expected scalar type Long but found Float: either an int64 input met float
  // weights (conv2d, bmm: the op follows the input's dtype) or a float target
  // met an op that needs class indices (multi_margin_loss): say both.
  if ((m = /expected scalar type (\w+) but found (\w+)/.exec(msg))) {
    if (FLOAT.test(m[1]) && INT64.test(m[2])) return FLOAT_FIX;
    if (INT64.test(m[1]) && FLOAT.test(m[2])) return MIXED_FIX;
    return null;
  }
  // Found dtype Long but expected Float (binary_cross_entropy's target / input)
  if ((m = /Found dtype (\w+) but expected (\w+)/.exec(msg))) {
    if ((INT64.test(m[1]) && FLOAT.test(m[2])) || (FLOAT.test(m[1]) && INT64.test(m[2]))) return FLOAT_FIX;
    return null;
  }
  // Input type (long int) and bias type (float) should be the same (convolutions)
  if ((m = /Input type \(([^)]+)\) and (?:bias|weight) type \(([^)]+)\) should be the same/.exec(msg))) {
    if (INT64.test(m[1]) && FLOAT.test(m[2])) return FLOAT_FIX;
    return null;
  }
  // result type Float can't be cast to the desired output type Long
  if ((m = /result type (\w+) can't be cast to the desired output type (\w+)/.exec(msg))) {
    if (FLOAT.test(m[1]) && INT64.test(m[2])) return FLOAT_FIX;
    return null;
  }
  // expected target dtype to be Long or Byte, but got Float (cross_entropy / nll_loss with a float class-index target)
  if ((m = /expected target dtype to be Long or Byte, but got (\w+)/.exec(msg))) return FLOAT.test(m[1]) ? TARGET_FIX : null;
  // "nll_loss_forward_reduce_cuda_kernel_2d_index" not implemented for 'Float' (the target, on CUDA)
  if ((m = /"nll_loss\w*" not implemented for '(\w+)'/.exec(msg))) return FLOAT.test(m[1]) ? TARGET_FIX : null;
  // "log_softmax_lastdim_kernel_impl" / "mse_cpu" not implemented for 'Long': a floating-point kernel given int64
  if ((m = /"\w+" not implemented for '(\w+)'/.exec(msg))) return INT64.test(m[1]) ? FLOAT_FIX : null;
  // mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long
  if ((m = /Input dtype must be either a floating point or complex dtype\. Got: (\w+)/.exec(msg))) return INT64.test(m[1]) ? FLOAT_FIX : null;
  return null;
}

/**
 * Returns `e` with the int64-from-JS-numbers hint in front of its message when
 * the message is one of LibTorch's dtype-mismatch errors (else `e` unchanged).
 */
export function dtypeHint(e: unknown): unknown {
  if (!(e instanceof Error) || (e as { [HINTED]?: boolean })[HINTED]) return e;
  const hint = hintFor(e.message);
  if (hint === null) return e;
  const old = e.message;
  e.message = `${hint}. (${old})`;
  if (typeof e.stack === "string") e.stack = e.stack.replace(old, e.message);
  Object.defineProperty(e, HINTED, { value: true });
  return e;
}
