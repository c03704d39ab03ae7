// A restricted unpickler (Python's weights_only unpickler): runs no code; only
// the globals a checkpoint needs are accepted (tensor rebuilding, storages,
// OrderedDict, a few builtins); anything else is refused with a clear error.
// Bounded: every length is checked against the remaining bytes.

export type Persistent = (pid: unknown) => unknown;
export type GlobalResolver = (module: string, name: string) => ((...args: unknown[]) => unknown) | StorageType;

/** A torch.<X>Storage class named in a pickle. */
export class StorageType {
  constructor(readonly name: string) {}
}

import { asTuple, markFloats } from "../pytypes";

const MARK = Symbol("mark");

/**
 * A Python float with an integral value (0.0, 1.0) while on the stack: when it
 * lands in a list, tuple or dict it becomes a plain number and the container
 * notes that it is a float (src/pytypes.ts), so torch.save writes it back as one.
 */
class IntegralFloat {
  constructor(readonly v: number) {}
}
const unbox = (v: unknown): unknown => (v instanceof IntegralFloat ? v.v : v);
/** Unboxes the items of `a` from index `from` on, marking where floats were. */
function unboxItems(a: unknown[], from = 0): unknown[] {
  for (let i = from; i < a.length; i++) {
    const x = a[i];
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
export function unpickle(data: Uint8Array, persistentLoad: Persistent, resolve: GlobalResolver): unknown {
  return unpickleAt(data, 0, persistentLoad, resolve).value;
}

/**
 * Unpickles the one pickle that starts at `start` (the legacy torch.save format
 * is several pickles in a row); returns its value and the position after its STOP.
 */
export function unpickleAt(data: Uint8Array, start: number, persistentLoad: Persistent, resolve: GlobalResolver): { value: unknown; end: number } {
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
  const line = () => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new UnpicklingError("Truncated pickle data.");
    const s = UTF8.decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const long = (n: number) => {
    const b = bytes(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (n > 0 && b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
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
  const setItems = (d: unknown, kv: unknown[]) => {
    if (!(d instanceof Map) && (d === null || typeof d !== "object")) throw new UnpicklingError("SETITEMS on a non-dict.");
    for (let i = 0; i + 1 < kv.length; i += 2) {
      const k = unbox(kv[i]), v = kv[i + 1];
      if (d instanceof Map) d.set(k, unbox(v));
      else (d as Record<string, unknown>)[String(k)] = unbox(v);
      if (v instanceof IntegralFloat) markFloats(d, [String(k)]);
    }
  };
  const call = (f: unknown, args: unknown) => {
    if (typeof f !== "function") throw new UnpicklingError("REDUCE of a non-callable.");
    if (!Array.isArray(args)) throw new UnpicklingError("REDUCE arguments must be a tuple.");
    return (f as (...a: unknown[]) => unknown)(...args);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: bytes(8); break; // FRAME
      case 0x2e: return { value: unbox(pop()), end: pos }; // STOP
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x7d: stack.push({}); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(tuple([])); break; // EMPTY_TUPLE
      case 0x74: stack.push(tuple(popMark())); break; // TUPLE
      case 0x85: stack.push(tuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(), a = pop(); stack.push(tuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); stack.push(tuple([a, b, c])); break; } // TUPLE3
      case 0x6c: stack.push(unboxItems(popMark())); break; // LIST
      case 0x64: { const kv = popMark(); const d = {}; setItems(d, kv); stack.push(d); break; } // DICT
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l)) throw new UnpicklingError("APPEND on a non-list."); l.push(v); unboxItems(l, l.length - 1); break; }
      case 0x65: { const items = popMark(); const l = top(); if (!Array.isArray(l)) throw new UnpicklingError("APPENDS on a non-list."); const n = l.length; l.push(...items); unboxItems(l, n); break; }
      case 0x73: { const v = pop(), k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const kv = popMark(); setItems(top(), kv); break; } // SETITEMS
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: stack.push(long(u8())); break; // LONG1
      case 0x8b: { const n = i32(); if (n > 1 << 16) throw new UnpicklingError("LONG4 too large."); stack.push(long(n)); break; } // LONG4
      case 0x55: stack.push(utf8(u8())); break; // SHORT_BINSTRING (Python 2 str, decoded as utf-8 like torch.load)
      case 0x54: stack.push(utf8(u32())); break; // BINSTRING
      case 0x47: { need(8); const x = view.getFloat64(pos, false); pos += 8; stack.push(Number.isInteger(x) ? new IntegralFloat(x) : x); break; } // BINFLOAT (big-endian)
      case 0x58: stack.push(utf8(u32())); break; // BINUNICODE
      case 0x8c: stack.push(utf8(u8())); break; // SHORT_BINUNICODE
      case 0x8d: { need(8); const lo = view.getUint32(pos, true), hi = view.getUint32(pos + 4, true); pos += 8; if (hi) throw new UnpicklingError("String too large."); stack.push(utf8(lo)); break; }
      case 0x43: stack.push(bytes(u8())); break; // SHORT_BINBYTES
      case 0x42: stack.push(bytes(u32())); break; // BINBYTES
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: { const k = u8(); if (!memo.has(k)) throw new UnpicklingError("Memo key missing."); stack.push(memo.get(k)); break; }
      case 0x6a: { const k = u32(); if (!memo.has(k)) throw new UnpicklingError("Memo key missing."); stack.push(memo.get(k)); break; }
      case 0x63: { const module = line(), name = line(); stack.push(resolve(module, name)); break; } // GLOBAL
      case 0x93: { const name = pop(), module = pop(); stack.push(resolve(String(module), String(name))); break; } // STACK_GLOBAL
      case 0x52: { const args = pop(), f = pop(); stack.push(call(f, args)); break; } // REDUCE
      case 0x81: { const args = pop(), cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ
      case 0x51: stack.push(persistentLoad(pop())); break; // BINPERSID
      case 0x62: { // BUILD: only a dict's attribute state (OrderedDict._metadata) is accepted, and dropped
        const state = pop();
        const obj = top();
        if (obj === null || typeof obj !== "object") throw new UnpicklingError("BUILD on an unsupported object.");
        void state;
        break;
      }
      default:
        throw new UnpicklingError(`Unsupported operand ${op} (0x${op.toString(16)}) at position ${pos - 1}.`);
    }
  }
}
