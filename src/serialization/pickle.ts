// A restricted unpickler (Python's weights_only unpickler): runs no code; only
// the globals a checkpoint needs are accepted (tensor rebuilding, storages,
// OrderedDict, a few builtins); anything else is refused with a clear error.
// Bounded: every length is checked against the remaining bytes, and the
// opcodes run, the stack and the memo are limited per file (PickleLimits), so
// a small crafted file can neither exhaust memory nor run for long. What it
// builds is plain data: dicts are objects whose keys are own data properties
// ("__proto__" is a key like any other) or Maps (Counter); a global can only
// be called, never stored as a value (a "then" function would make a
// Promise of the result never settle).

export type Persistent = (pid: unknown) => unknown;
export type GlobalResolver = (module: string, name: string) => ((...args: unknown[]) => unknown) | StorageType;

/**
 * An object a resolver's function returned may define this method to take
 * the state of a BUILD opcode (numpy arrays read by torchvision's CIFAR:
 * src/vision/datasets/cifar.ts). Only objects made by the allowed globals
 * can have it: unpickled data never holds symbols.
 */
export const SET_STATE: unique symbol = Symbol("setstate");

/** How Python 2 str (SHORT_BINSTRING, BINSTRING) is decoded: Python's `encoding` argument of pickle.load. */
export type Py2StringEncoding = "utf-8" | "latin1";

/** A torch.<X>Storage class named in a pickle. */
export class StorageType {
  constructor(readonly name: string) {}
}

import { asTuple, markFloats, isTuple } from "../pytypes";
import { Tensor } from "../tensor";
import { Parameter } from "../nn/parameter";

/** Limits of one file's unpickling (all its pickles together); each a clear error when passed. */
export interface PickleLimits {
  /** Opcodes run (default 2 ** 25: a checkpoint of 100,000 tensors runs about 5 million). */
  maxOps: number;
  /** Values on the stack at once, marks included (default 2 ** 22). */
  maxStack: number;
  /** Memo entries (default 2 ** 22). */
  maxMemo: number;
}
export const DEFAULT_PICKLE_LIMITS: Readonly<PickleLimits> = Object.freeze({ maxOps: 2 ** 25, maxStack: 2 ** 22, maxMemo: 2 ** 22 });

/** The budget of one file: the opcodes left are shared by the pickles of a legacy file. */
export class PickleBudget {
  ops = 0;
  constructor(readonly limits: Readonly<PickleLimits> = DEFAULT_PICKLE_LIMITS) {}
}

/** Python's name of a value's type in the unpickler's messages. */
function pyType(v: unknown): string {
  const t =
    v === null || v === undefined ? "NoneType" : typeof v === "boolean" ? "bool" : typeof v === "string" ? "str" :
    typeof v === "number" ? (Number.isInteger(v) ? "int" : "float") : typeof v === "bigint" ? "int" :
    typeof v === "function" ? "function" : v instanceof Parameter ? "torch.nn.parameter.Parameter" : v instanceof Tensor ? "torch.Tensor" :
    Array.isArray(v) ? (isTuple(v) ? "tuple" : "list") : v instanceof Map ? "collections.Counter" : v instanceof Set ? "set" :
    v instanceof Uint8Array ? "bytes" : v instanceof StorageType ? "type" : Object.getPrototypeOf(v) === Object.prototype ? "dict" :
    (v as object).constructor?.name ?? "object";
  return `<class '${t}'>`;
}
/** A dict of the pickle: a plain object (dict, OrderedDict) or a Map (Counter). */
const isDict = (d: unknown): d is Record<string, unknown> | Map<unknown, unknown> =>
  d instanceof Map || (d !== null && typeof d === "object" && Object.getPrototypeOf(d) === Object.prototype);
/**
 * The key of a dict (a JS object) for a pickled key: str, int, float, bool and None
 * (as JS objects do, by their string form). Python refuses lists, dicts and sets as
 * keys (unhashable); tuples and tensors, hashable in Python, have no faithful JS key.
 */
function dictKey(k: unknown): string {
  if (k === null || typeof k === "string" || typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return String(k);
  const t = pyType(k);
  if (t === "<class 'list'>" || t === "<class 'dict'>" || t === "<class 'set'>" || t === "<class 'collections.Counter'>")
    throw new UnpicklingError(`unhashable type: '${t.slice(8, -2)}' as a dict key.`);
  throw new UnpicklingError(`Unsupported dict key of type ${t} (str, int, float, bool and None keys are supported).`);
}
/** The size of a call's arguments, `depth` levels of containers deep. */
function work(v: unknown, depth: number): number {
  if (Array.isArray(v)) {
    let n = v.length;
    if (depth > 0) for (const x of v) if (x !== null && typeof x === "object") n += work(x, depth - 1);
    return n;
  }
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length;
  return 0;
}
/** Sets an own data property: "__proto__", "constructor" are keys like any other. */
export function setKey(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
/** A value that goes into a container or is the result: a global (a function) must have been called. */
function stored(v: unknown): unknown {
  if (typeof v === "function")
    throw new UnpicklingError(`A global (${GLOBAL_NAMES.get(v) ?? (v.name || "a function")}) can only be called, not stored as a value.`);
  return v;
}
/** The names the globals of the pickles read so far were resolved from (for messages). */
const GLOBAL_NAMES = new WeakMap<object, string>();
function named(v: unknown, module: string, name: string): unknown {
  if (typeof v === "function") GLOBAL_NAMES.set(v, `${module}.${name}`);
  return v;
}

const MARK = Symbol("mark");

/**
 * A Python float with an integral value (0.0, 1.0) while on the stack: when it
 * lands in a list, tuple or dict it becomes a plain number and the container
 * notes that it is a float (src/pytypes.ts), so torch.save writes it back as one.
 */
class IntegralFloat {
  constructor(readonly v: number) {}
}
const unbox = (v: unknown): unknown => (v instanceof IntegralFloat ? v.v : stored(v));
/** Unboxes the items of `a` from index `from` on, marking where floats were. */
function unboxItems(a: unknown[], from = 0): unknown[] {
  for (let i = from; i < a.length; i++) {
    const x = stored(a[i]);
    if (x instanceof IntegralFloat) {
      a[i] = x.v;
      markFloats(a, [i]);
    }
  }
  return a;
}
const tuple = (a: unknown[]) => asTuple(unboxItems(a));
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export class UnpicklingError extends Error {
  constructor(msg: string) {
    super(`Weights only load failed. ${msg}`);
  }
}

/** Unpickles `data` (protocols 2-5) with `persistentLoad` and the allowed globals of `resolve`. */
export function unpickle(
  data: Uint8Array, persistentLoad: Persistent, resolve: GlobalResolver, budget = new PickleBudget(), encoding: Py2StringEncoding = "utf-8",
): unknown {
  return unpickleAt(data, 0, persistentLoad, resolve, budget, encoding).value;
}

/**
 * Unpickles the one pickle that starts at `start` (the legacy torch.save format
 * is several pickles in a row); returns its value and the position after its STOP.
 */
export function unpickleAt(
  data: Uint8Array, start: number, persistentLoad: Persistent, resolve: GlobalResolver, budget = new PickleBudget(),
  encoding: Py2StringEncoding = "utf-8",
): { value: unknown; end: number } {
  const { maxOps, maxStack, maxMemo } = budget.limits;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = start;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const need = (n: number) => {
    if (n < 0 || pos + n > data.length) throw new UnpicklingError("Truncated pickle data.");
  };
  const u8 = () => (need(1), data[pos++]);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const bytes = (n: number) => (need(n), (pos += n), data.subarray(pos - n, pos));
  const utf8 = (n: number) => UTF8.decode(bytes(n));
  const py2str = (n: number) => {
    if (encoding === "utf-8") return utf8(n);
    const b = bytes(n);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
  };
  const line = () => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new UnpicklingError("Truncated pickle data.");
    const s = UTF8.decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  // LONG1 (at most 255 bytes): little-endian two's complement, read in one pass through a hex string
  const long = (n: number) => {
    const b = bytes(n);
    if (n === 0) return 0;
    let hex = "";
    for (let i = n - 1; i >= 0; i--) hex += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    let v = BigInt("0x" + hex);
    if (b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const push = (v: unknown) => {
    if (stack.length + marks.length >= maxStack)
      throw new UnpicklingError(`The pickle holds more than ${maxStack} values on its stack (refused: the maxPickleStack limit of torch.load).`);
    stack.push(v);
  };
  const memoize = (k: number, v: unknown) => {
    if (memo.size >= maxMemo && !memo.has(k))
      throw new UnpicklingError(`The pickle memoizes more than ${maxMemo} values (refused: the maxPickleMemo limit of torch.load).`);
    memo.set(k, v);
  };
  const pop = () => {
    if (!stack.length) throw new UnpicklingError("Pickle stack underflow.");
    return stack.pop();
  };
  const popMark = () => {
    const m = marks.pop();
    if (m === undefined) throw new UnpicklingError("Pickle MARK missing.");
    return stack.splice(m);
  };
  const top = () => {
    if (!stack.length) throw new UnpicklingError("Pickle stack underflow.");
    return stack[stack.length - 1];
  };
  const setItems = (op: string, d: unknown, kv: unknown[]) => {
    // as Python's weights_only unpickler: only into dict, OrderedDict, Counter (never a tensor, a list...)
    if (!isDict(d)) throw new UnpicklingError(`Can only ${op} for dict, collections.OrderedDict, collections.Counter, but got ${pyType(d)}`);
    if (kv.length % 2) throw new UnpicklingError(`${op} with an odd number of items.`);
    for (let i = 0; i + 1 < kv.length; i += 2) {
      const k = unbox(kv[i]), v = kv[i + 1];
      if (d instanceof Map) d.set(k, unbox(v));
      else setKey(d, dictKey(k), unbox(v));
      if (v instanceof IntegralFloat) markFloats(d, [String(k)]);
    }
  };
  const list = (op: string, l: unknown): unknown[] => {
    if (!Array.isArray(l) || isTuple(l))
      throw new UnpicklingError(`Can only ${op === "APPEND" ? "append to" : "extend"} lists, but got ${pyType(l)}`);
    return l;
  };
  const call = (f: unknown, args: unknown) => {
    if (typeof f !== "function") throw new UnpicklingError(`Trying to call reduce for unrecognized function ${describeValue(f)}`);
    if (!Array.isArray(args) || args.length > 16) throw new UnpicklingError("REDUCE arguments must be a (short) tuple.");
    // a call walks its arguments (OrderedDict(items), torch.Size(dims), ...): it costs their size in
    // opcodes, so a memoized big list passed again and again cannot make the load quadratic
    budget.ops += work(args, 2);
    if (budget.ops > maxOps)
      throw new UnpicklingError(`The pickle runs more than ${maxOps} opcodes (refused: the maxPickleOps limit of torch.load).`);
    return (f as (...a: unknown[]) => unknown)(...args);
  };

  for (;;) {
    if (++budget.ops > maxOps)
      throw new UnpicklingError(`The pickle runs more than ${maxOps} opcodes (refused: the maxPickleOps limit of torch.load).`);
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: bytes(8); break; // FRAME
      case 0x2e: return { value: unbox(pop()), end: pos }; // STOP
      case 0x28: // MARK
        if (marks.length + stack.length >= maxStack) push(null); // throws: marks count against the stack limit
        marks.push(stack.length);
        break;
      case 0x7d: push({}); break; // EMPTY_DICT
      case 0x5d: push([]); break; // EMPTY_LIST
      case 0x29: push(tuple([])); break; // EMPTY_TUPLE
      case 0x74: push(tuple(popMark())); break; // TUPLE
      case 0x85: push(tuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(), a = pop(); push(tuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); push(tuple([a, b, c])); break; } // TUPLE3
      case 0x6c: push(unboxItems(popMark())); break; // LIST
      case 0x64: { const kv = popMark(); const d = {}; setItems("DICT", d, kv); push(d); break; } // DICT
      case 0x61: { const v = pop(); const l = list("APPEND", top()); l.push(v); unboxItems(l, l.length - 1); break; } // APPEND
      case 0x65: { const items = popMark(); const l = list("APPENDS", top()); const n = l.length; for (const x of items) l.push(x); unboxItems(l, n); break; } // APPENDS
      case 0x73: { const v = pop(), k = pop(); setItems("SETITEM", top(), [k, v]); break; } // SETITEM
      case 0x75: { const kv = popMark(); setItems("SETITEMS", top(), kv); break; } // SETITEMS
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x4a: push(i32()); break; // BININT
      case 0x4b: push(u8()); break; // BININT1
      case 0x4d: push(u16()); break; // BININT2
      case 0x8a: push(long(u8())); break; // LONG1
      // LONG4 (0x8b) is refused as Python's weights_only unpickler refuses it (and its decoding would be unbounded)
      case 0x55: push(py2str(u8())); break; // SHORT_BINSTRING (Python 2 str, decoded as utf-8 like torch.load, or latin1)
      case 0x54: push(py2str(u32())); break; // BINSTRING
      case 0x47: { need(8); const x = view.getFloat64(pos, false); pos += 8; push(Number.isInteger(x) ? new IntegralFloat(x) : x); break; } // BINFLOAT (big-endian)
      case 0x58: push(utf8(u32())); break; // BINUNICODE
      case 0x8c: push(utf8(u8())); break; // SHORT_BINUNICODE
      case 0x8d: { need(8); const lo = view.getUint32(pos, true), hi = view.getUint32(pos + 4, true); pos += 8; if (hi) throw new UnpicklingError("String too large."); push(utf8(lo)); break; }
      case 0x43: push(bytes(u8())); break; // SHORT_BINBYTES
      case 0x42: push(bytes(u32())); break; // BINBYTES
      case 0x71: memoize(u8(), top()); break; // BINPUT
      case 0x72: memoize(u32(), top()); break; // LONG_BINPUT
      case 0x94: memoize(memo.size, top()); break; // MEMOIZE
      case 0x68: { const k = u8(); if (!memo.has(k)) throw new UnpicklingError("Memo key missing."); push(memo.get(k)); break; }
      case 0x6a: { const k = u32(); if (!memo.has(k)) throw new UnpicklingError("Memo key missing."); push(memo.get(k)); break; }
      case 0x63: { const module = line(), name = line(); push(named(resolve(module, name), module, name)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof name !== "string" || typeof module !== "string") throw new UnpicklingError("STACK_GLOBAL requires str");
        push(named(resolve(module, name), module, name));
        break;
      }
      case 0x52: { const args = pop(), f = pop(); push(call(f, args)); break; } // REDUCE
      case 0x81: { const args = pop(), cls = pop(); push(call(cls, args)); break; } // NEWOBJ
      case 0x51: push(persistentLoad(pop())); break; // BINPERSID
      case 0x62: { // BUILD: a dict's attribute state (OrderedDict._metadata) or a tensor's is accepted, and dropped
        const state = pop();
        const obj = top();
        if (obj !== null && typeof obj === "object" && typeof (obj as { [SET_STATE]?: unknown })[SET_STATE] === "function") {
          (obj as { [SET_STATE]: (s: unknown) => void })[SET_STATE](unbox(state));
          break;
        }
        if (!isDict(obj) && !(obj instanceof Tensor))
          throw new UnpicklingError(`Can only build Tensor, Parameter, OrderedDict or types allowlisted via \`add_safe_globals\`, but got ${pyType(obj)}`);
        void state;
        break;
      }
      default:
        throw new UnpicklingError(`Unsupported operand ${op} (0x${op.toString(16)}) at position ${pos - 1}.`);
    }
  }
}

function describeValue(v: unknown): string {
  if (v instanceof StorageType) return `torch.${v.name}`;
  return pyType(v);
}
