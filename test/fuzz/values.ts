// The fuzz suite's seeded random numbers and its pool of bad (and some good)
// argument values. Every value is made fresh per call by a thunk, and has a
// short label, so that a failing call prints as code that reproduces it.
import torch from "../../src";
import type { GenParam } from "../../src/ops/surface";

/** xorshift32, seeded per call from (seed, index): any call reproduces alone. */
export class Rng {
  private s: number;
  constructor(seed: number, index: number) {
    // splitmix-style mixing of the two, never 0
    let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
    this.s = (h ^ (h >>> 16)) >>> 0 || 0x12345678;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.s = x;
    return x;
  }
  /** integer in [0, n) */
  int(n: number): number { return this.next() % n; }
  /** true with probability p */
  chance(p: number): boolean { return this.next() / 4294967296 < p; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
}

export type Value = [label: string, make: () => unknown];

const v = (label: string, make: () => unknown): Value => [label, make];

function disposed() {
  const t = torch.ones(2, 3);
  t.dispose();
  return t;
}

function detached() {
  const b = new ArrayBuffer(16);
  const a = new Float32Array(b);
  structuredClone(b, { transfer: [b] });
  return a;
}

function deep(n: number): unknown {
  let a: unknown = [1];
  for (let i = 0; i < n; i++) a = [a];
  return a;
}

/** Tensors: shapes, dtypes, layouts and states a kernel may not expect. */
export const TENSORS: Value[] = [
  v("torch.ones(2, 3)", () => torch.ones(2, 3)),
  v("torch.arange(6.0)", () => torch.arange(6.0)),
  v("torch.rand(2, 3, 4, 5)", () => torch.rand(2, 3, 4, 5)),
  v("torch.tensor(1.5)", () => torch.tensor(1.5)),
  v("torch.empty(0)", () => torch.empty(0)),
  v("torch.empty(0, 3)", () => torch.empty(0, 3)),
  v("torch.ones(3, 4).t()", () => torch.ones(3, 4).t()),
  v("torch.arange(12.0).reshape(3, 4).narrow(1, 0, 2).t()", () => torch.arange(12.0).reshape(3, 4).narrow(1, 0, 2).t()),
  v("torch.ones(1).expand(4, 4)", () => torch.ones(1).expand(4, 4)),
  v("torch.tensor([true, false])", () => torch.tensor([true, false])),
  v("torch.tensor([1, 2, 3]) (int64)", () => torch.tensor([1, 2, 3])),
  v("torch.tensor([-5, 2 ** 62]) (int64)", () => torch.tensor([-5n, 2n ** 62n], { dtype: torch.int64 })),
  v("torch.ones(2, 2, { dtype: torch.int32 })", () => torch.ones(2, 2, { dtype: torch.int32 })),
  v("torch.ones(2, 2, { dtype: torch.uint8 })", () => torch.ones(2, 2, { dtype: torch.uint8 })),
  v("torch.ones(2, 2, { dtype: torch.float16 })", () => torch.ones(2, 2, { dtype: torch.float16 })),
  v("torch.ones(2, 2, { dtype: torch.bfloat16 })", () => torch.ones(2, 2, { dtype: torch.bfloat16 })),
  v("torch.ones(2, 2, { dtype: torch.float64 })", () => torch.ones(2, 2, { dtype: torch.float64 })),
  v("torch.ones(2, { dtype: torch.complex64 })", () => torch.ones(2, { dtype: torch.complex64 })),
  v("torch.tensor([NaN, Infinity, -Infinity])", () => torch.tensor([NaN, Infinity, -Infinity])),
  v("torch.rand(2, 3, { requiresGrad: true })", () => torch.rand(2, 3, { requiresGrad: true })),
  v("disposed tensor", disposed),
  v("torch.empty(2, 3, { device: 'meta' })", () => torch.empty(2, 3, { device: "meta" })),
  v("torch.ones(2, 2).toSparse()", () => torch.ones(2, 2).toSparse()),
];

const NUMBERS: Value[] = [
  0, 1, 2, 3, -1, -2, 0.5, 1.5, -0, NaN, Infinity, -Infinity, 1e300, -1e300, 2 ** 40, -(2 ** 40), 2 ** 53, 2 ** 63, -(2 ** 63),
  Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, Number.MAX_VALUE,
].map((x) => v(Object.is(x, -0) ? "-0" : String(x), () => x));

const OTHERS: Value[] = [
  v("0n", () => 0n), v("1n", () => 1n), v("-1n", () => -1n), v("2n ** 64n", () => 2n ** 64n), v("-(2n ** 70n)", () => -(2n ** 70n)),
  ...["", "a", "mean", "sum", "none", "cpu", "cuda", "cuda:1", "meta", "mps", "float32", "channels_last", "ij", "fro", "reflect", "ortho", "\0", "🙂"]
    .map((s) => v(JSON.stringify(s), () => s)),
  v('"x".repeat(100000)', () => "x".repeat(100000)),
  v("null", () => null), v("undefined", () => undefined), v("true", () => true), v("false", () => false),
  v("Symbol()", () => Symbol("fuzz")),
  v("{}", () => ({})), v("{ dim: 0 }", () => ({ dim: 0 })), v("Object.create(null)", () => Object.create(null)),
  v("{ length: 2 ** 32 - 1 }", () => ({ length: 2 ** 32 - 1 })), v("{ valueOf: () => 3 }", () => ({ valueOf: () => 3 })),
  v("new Date(0)", () => new Date(0)), v("/re/", () => /re/), v("new Map()", () => new Map()), v("new Set([1])", () => new Set([1])),
  v("[]", () => []), v("[1, 2]", () => [1, 2]), v("[[1], [2, 3]]", () => [[1], [2, 3]]), v("[[]]", () => [[]]), v("[[1, 2], [3, 4]]", () => [[1, 2], [3, 4]]),
  v("deep(5000)", () => deep(5000)), v("new Array(2 ** 32 - 1)", () => new Array(2 ** 32 - 1)), v("[1, , 3]", () => [1, , 3]), // eslint-disable-line no-sparse-arrays
  v("[NaN]", () => [NaN]), v("[1e300]", () => [1e300]), v("[-1]", () => [-1]), v("[2 ** 40, 2 ** 40]", () => [2 ** 40, 2 ** 40]),
  v("[2 ** 62]", () => [2 ** 62]), v("[-1, -1]", () => [-1, -1]), v("[true, false]", () => [true, false]), v('["a"]', () => ["a"]),
  v("[null]", () => [null]), v("[undefined]", () => [undefined]), v("[1n, 2n]", () => [1n, 2n]), v("[0.5]", () => [0.5]), v("[Symbol()]", () => [Symbol("s")]),
  v("[{}]", () => [{}]), v("[[1, 2], 3]", () => [[1, 2], 3]),
  v("[torch.ones(2), torch.ones(3)]", () => [torch.ones(2), torch.ones(3)]), v("[torch.ones(2, 3), torch.ones(2, 3)]", () => [torch.ones(2, 3), torch.ones(2, 3)]),
  v("[disposed tensor]", () => [disposed()]), v("[torch.ones(2), torch.empty(2, { device: 'meta' })]", () => [torch.ones(2), torch.empty(2, { device: "meta" })]),
  v("new Float32Array([1, 2, 3])", () => new Float32Array([1, 2, 3])), v("new Float64Array([NaN])", () => new Float64Array([NaN])),
  v("new Int32Array(0)", () => new Int32Array(0)), v("new BigInt64Array([1n])", () => new BigInt64Array([1n])), v("new Uint8Array(3)", () => new Uint8Array(3)),
  v("new Int8Array([-1])", () => new Int8Array([-1])), v("new Uint16Array(2)", () => new Uint16Array(2)), v("new ArrayBuffer(8)", () => new ArrayBuffer(8)),
  v("new DataView(new ArrayBuffer(4))", () => new DataView(new ArrayBuffer(4))), v("detached Float32Array", detached),
  v("new Float32Array(new SharedArrayBuffer(8))", () => new Float32Array(new SharedArrayBuffer(8))),
  v("() => 1", () => () => 1), v("() => torch.ones(1)", () => () => torch.ones(1)), v("() => { throw new Error('user') }", () => () => { throw new Error("user"); }),
  v("class {}", () => class {}), v("async () => 1", () => async () => 1),
  v("torch.float32", () => torch.float32), v("torch.int64", () => torch.int64), v("torch.bool", () => torch.bool), v("torch.complex64", () => torch.complex64),
  v("torch.float16", () => torch.float16), v("torch.strided", () => torch.strided), v("torch.sparseCoo", () => torch.sparseCoo),
  v("torch.channelsLast", () => torch.channelsLast), v("torch.contiguousFormat", () => torch.contiguousFormat),
  v("torch.device('cpu')", () => torch.device("cpu")), v("torch.device('meta')", () => torch.device("meta")),
  v("new torch.Generator()", () => new torch.Generator()), v("torch.Size([2, 3])", () => new torch.Size([2, 3])),
  v("new torch.nn.Linear(3, 2)", () => new torch.nn.Linear(3, 2)),
];

/** Every value the fuzzer passes; tensors twice as likely as any other kind. */
export const POOL: Value[] = [...TENSORS, ...TENSORS, ...NUMBERS, ...OTHERS];

/** Keys tried in an options object when the signature does not name them. */
export const COMMON_KEYS = ["dim", "dtype", "keepdim", "out", "device", "inplace", "reduction", "generator", "requiresGrad", "memoryFormat",
  "layout", "size", "weight", "bias", "lr", "batchSize", "numWorkers", "shuffle", "mapLocation", "validateArgs", "p", "eps", "alpha"];

/** A value of the right type for a parameter (the "near-valid" calls start from these and break one or two). */
export function validFor(p: GenParam, r: Rng): Value {
  const base = p.type.replace(/\?$/, "");
  switch (base) {
    case "Tensor": return r.pick(TENSORS.slice(0, 8));
    case "Tensor[]": case "Tensor?[]": return v("[torch.ones(2, 3), torch.ones(2, 3)]", () => [torch.ones(2, 3), torch.ones(2, 3)]);
    case "Scalar": return v("2", () => 2);
    case "int": case "SymInt": return r.pick([v("0", () => 0), v("1", () => 1), v("-1", () => -1)]);
    case "float": return v("0.5", () => 0.5);
    case "bool": return r.pick([v("true", () => true), v("false", () => false)]);
    case "str": case "c10::string_view": return v('"mean"', () => "mean");
    case "ScalarType": return v("torch.float64", () => torch.float64);
    case "MemoryFormat": return v("torch.contiguousFormat", () => torch.contiguousFormat);
    case "Layout": return v("torch.strided", () => torch.strided);
    case "Device": return v('"cpu"', () => "cpu");
    case "Generator": return v("new torch.Generator()", () => new torch.Generator());
    default:
      if (/^(int|SymInt)\[\d*\]$/.test(base)) return v("[1]", () => [1]);
      if (/^float\[\d*\]$/.test(base)) return v("[0.5]", () => [0.5]);
      if (/^bool\[\d*\]$/.test(base)) return v("[false]", () => [false]);
      return r.pick(POOL);
  }
}
