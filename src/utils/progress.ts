// tqdm for training loops: a progress bar over any iterable (a DataLoader, a
// range), with count, rate, elapsed time, ETA and a postfix (the loss). Drawn
// with cli-progress on stderr when stderr is a terminal; otherwise (logs, CI)
// nothing is written until the end, then one final line.
//
//   const bar = tqdm(loader, { desc: `epoch ${epoch}` });
//   for (const [x, y] of bar) { ...; bar.setPostfix({ loss }); }
//   // epoch 1: 100%|██████████| 938/938 [00:12<00:00, 75.31it/s, loss=0.123]
import type { SingleBar } from "cli-progress";
// cli-progress is loaded on first use (a TTY bar), so loading torch-node never needs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cliProgress = (): typeof import("cli-progress") => require("cli-progress");
import { Tensor } from "../tensor";
import { describe } from "../device";

export interface ProgressOptions {
  /** Number of expected iterations (default: the iterable's `length`, if any). */
  total?: number | null;
  /** Prefix of the line. */
  desc?: string;
  /** Unit of one iteration (default "it"). */
  unit?: string;
  /** Keep the finished bar on screen (default true). */
  leave?: boolean;
  /** Write nothing at all. */
  disable?: boolean;
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Width of the whole line (default: the terminal's). */
  ncols?: number;
  /** Minimum seconds between redraws (default 0.1). */
  mininterval?: number;
  /** Initial postfix. */
  postfix?: Record<string, unknown> | string;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** mm:ss or h:mm:ss, as tqdm's format_interval */
export function formatInterval(seconds: number): string {
  const t = Math.floor(seconds);
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
  const p = (x: number) => String(x).padStart(2, "0");
  return h ? `${h}:${p(m)}:${p(s)}` : `${p(m)}:${p(s)}`;
}

/** tqdm's format_num: the shorter of 3 significant digits and the plain number */
function formatNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const short = String(Number(v.toPrecision(3)));
  const sci = v.toExponential(2).replace(/e([+-])(\d)$/, "e$10$2");
  const best = Math.abs(v) !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e16) ? sci : short;
  return best.length < String(v).length ? best : String(v);
}

function postfixValue(v: unknown): string {
  if (v instanceof Tensor) v = v.numel() === 1 ? v.item() : String(v);
  if (typeof v === "number") return formatNum(v);
  return String(v);
}

export class ProgressBar<T = number> implements Iterable<T>, AsyncIterable<T> {
  /** iterations done */
  n = 0;
  total: number | null;
  desc: string;
  readonly unit: string;
  readonly leave: boolean;
  readonly disable: boolean;
  private postfix = "";
  private readonly stream: Stream;
  private readonly tty: boolean;
  private readonly ncols: number | null;
  private readonly start = Date.now();
  private end: number | null = null;
  private bar: SingleBar | null = null;
  private closed = false;

  constructor(private readonly iterable: Iterable<T> | AsyncIterable<T> | null = null, opts: ProgressOptions = {}) {
    if (opts === null || typeof opts !== "object") throw new TypeError(`tqdm(): options must be an object, not ${describe(opts)}`);
    const len = iterable && typeof (iterable as { length?: unknown }).length === "number" ? (iterable as unknown as { length: number }).length : null;
    this.total = opts.total ?? len;
    if (this.total !== null && (typeof this.total !== "number" || this.total < 0)) throw new RangeError(`tqdm(): total must be a non-negative number, not ${describe(this.total)}`);
    this.desc = opts.desc ?? "";
    this.unit = opts.unit ?? "it";
    this.leave = opts.leave ?? true;
    this.disable = opts.disable ?? false;
    this.stream = opts.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.ncols = opts.ncols ?? null;
    if (opts.postfix !== undefined) this.setPostfix(opts.postfix, false);
    if (!this.disable && this.tty) {
      this.bar = new (cliProgress().SingleBar)({
        stream: this.stream as NodeJS.WriteStream,
        format: () => this.formatLine(),
        fps: 1 / (opts.mininterval ?? 0.1),
        clearOnComplete: !this.leave,
        hideCursor: false,
        linewrap: false,
        gracefulExit: true,
      });
      this.bar.start(this.total ?? 0, 0);
    }
  }

  /** Counts `n` more iterations. */
  update(n = 1): void {
    this.n += n;
    this.bar?.update(this.n);
  }

  /** Python's set_postfix: `bar.setPostfix({ loss: 0.123, acc })` shows ", loss=0.123, acc=...". */
  setPostfix(postfix: Record<string, unknown> | string, refresh = true): void {
    if (typeof postfix === "string") this.postfix = postfix;
    else if (postfix !== null && typeof postfix === "object") this.postfix = Object.entries(postfix).map(([k, v]) => `${k}=${postfixValue(v)}`).join(", ");
    else throw new TypeError(`setPostfix(): postfix must be an object or a string, not ${describe(postfix)}`);
    if (refresh) this.bar?.update(this.n);
  }

  setDescription(desc: string): void {
    this.desc = desc;
    this.bar?.update(this.n);
  }

  /** Seconds since the bar started. */
  get elapsed(): number {
    return ((this.end ?? Date.now()) - this.start) / 1000;
  }

  /** The bar as one line, tqdm's layout. */
  formatLine(width = this.ncols ?? (this.stream.columns || 80)): string {
    const elapsed = this.elapsed;
    const rate = elapsed > 0 ? this.n / elapsed : null;
    const rateStr = rate === null ? `?${this.unit}/s` : rate >= 1 || rate === 0 ? `${rate.toFixed(2)}${this.unit}/s` : `${(1 / rate).toFixed(2)}s/${this.unit}`;
    const post = this.postfix ? `, ${this.postfix}` : "";
    const desc = this.desc ? `${this.desc}: ` : "";
    if (this.total === null) return `${desc}${this.n}${this.unit} [${formatInterval(elapsed)}, ${rateStr}${post}]`;
    const frac = this.total > 0 ? Math.min(1, this.n / this.total) : 1;
    const eta = rate ? (this.total - this.n) / rate : null;
    const pct = `${Math.floor(frac * 100)}%`.padStart(4);
    const right = `| ${this.n}/${this.total} [${formatInterval(elapsed)}<${eta === null ? "?" : formatInterval(Math.max(0, eta))}, ${rateStr}${post}]`;
    const left = `${desc}${pct}|`;
    const barWidth = Math.max(1, Math.min(width - left.length - right.length, 60));
    const filled = frac * barWidth;
    const full = Math.floor(filled);
    const parts = " ▏▎▍▌▋▊▉";
    let bar = "█".repeat(full);
    if (full < barWidth) bar += parts[Math.floor((filled - full) * 8)] + " ".repeat(barWidth - full - 1);
    return `${left}${bar}${right}`;
  }

  /** Ends the bar: the terminal keeps its last state (or clears it when leave=false); elsewhere the one final line is written. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.end = Date.now();
    if (this.disable) return;
    if (this.bar) {
      this.bar.update(this.n);
      this.bar.stop();
    } else if (this.leave) this.stream.write(this.formatLine() + "\n");
  }

  *[Symbol.iterator](): Iterator<T> {
    const it = this.iterable as Iterable<T> | null;
    if (!it || typeof (it as Iterable<T>)[Symbol.iterator] !== "function") throw new TypeError("tqdm(): the iterable is not sync-iterable; use for await");
    try {
      for (const x of it) {
        yield x;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const it = this.iterable as AsyncIterable<T> | Iterable<T> | null;
    if (!it) throw new TypeError("tqdm(): no iterable");
    try {
      for await (const x of it as AsyncIterable<T>) {
        yield x;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }
}

/**
 * tqdm(iterable, { desc, total, unit, leave, disable, stream }): wraps an
 * iterable (for...of or for await...of) with a progress bar; `tqdm(null, { total })`
 * gives a bar driven by `update(n)`.
 */
export function tqdm<T>(iterable: Iterable<T> | AsyncIterable<T> | null = null, opts: ProgressOptions = {}): ProgressBar<T> {
  return new ProgressBar<T>(iterable, opts);
}

/** trange(n, opts): tqdm over 0..n-1. */
export function trange(n: number, opts: ProgressOptions = {}): ProgressBar<number> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`trange(): n must be a non-negative integer, not ${describe(n)}`);
  const r = { *[Symbol.iterator]() { for (let i = 0; i < n; i++) yield i; }, length: n };
  return new ProgressBar<number>(r, opts);
}
