// Python's `random` module (random.Random: MT19937 seeded as CPython seeds it), the
// generator torchvision's RandomOrder (random.shuffle) and RandomChoice (random.choices)
// draw from: torchvision does not use torch's generator there. torch-node/vision exposes it
// as `transforms.random`; `transforms.random.seed(s)` is Python's `random.seed(s)`, so the
// same seed gives the same order/choice as Python. It lives in the core because DataLoader
// workers seed it (random.seed(base_seed + worker_id)) as Python's _worker_loop does.

const N = 624, M = 397;

/** random.Random: CPython's Mersenne Twister, its integer seeding, random(), getrandbits, shuffle, choices. */
export class Random {
  private mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(x: number | bigint | null = null) {
    this.seed(x);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1, j = 0;
    const len = key.length;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++; j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
  }

  /** random.seed(a): an int seeds as CPython does (its absolute value, as 32-bit words); null seeds from the OS. */
  seed(a: number | bigint | null = null): void {
    let n: bigint;
    if (a === null || a === undefined) {
      const words = new Uint32Array(N);
      for (let i = 0; i < N; i++) words[i] = Math.floor(Math.random() * 2 ** 32) >>> 0;
      this.initByArray([...words]);
      return;
    }
    if (typeof a === "number") {
      if (!Number.isInteger(a)) throw new TypeError(`random.seed(): only int seeds are supported here, got ${a}`);
      n = BigInt(a);
    } else if (typeof a === "bigint") n = a;
    else throw new TypeError(`The only supported seed types are: None, int, float, str, bytes, and bytearray.`);
    if (n < 0n) n = -n;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.initByArray(key);
  }

  private genrandUint32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      let kk = 0, y: number;
      const mag = (v: number) => (v & 1 ? 0x9908b0df : 0);
      for (; kk < N - M; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ mag(y);
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ mag(y);
      }
      y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ mag(y);
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random(): a float in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.genrandUint32() >>> 5, b = this.genrandUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** getrandbits(k) for 0 <= k <= 32 (what shuffle and randrange of small ranges need). */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0) throw new RangeError("number of bits must be non-negative");
    if (k === 0) return 0;
    if (k > 32) throw new RangeError("getrandbits: k > 32 is not supported here");
    return this.genrandUint32() >>> (32 - k);
  }

  private randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** randrange(stop) / randrange(start, stop). */
  randrange(start: number, stop?: number): number {
    if (stop === undefined) { stop = start; start = 0; }
    const width = stop - start;
    if (width <= 0) throw new RangeError(`empty range in randrange(${start}, ${stop})`);
    return start + this.randbelow(width);
  }

  /** shuffle(x): Fisher-Yates in place, as CPython draws it. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i]; x[i] = x[j]; x[j] = t;
    }
  }

  /** choices(population, weights = null, { cumWeights, k = 1 }). */
  choices<T>(population: readonly T[], weights: readonly number[] | null = null, opts: { cumWeights?: readonly number[] | null; k?: number } = {}): T[] {
    const k = opts.k ?? 1;
    const n = population.length;
    let cum = opts.cumWeights ?? null;
    if (cum === null) {
      if (weights === null || weights === undefined) {
        const out: T[] = [];
        for (let i = 0; i < k; i++) out.push(population[Math.floor(this.random() * n)]);
        return out;
      }
      const acc: number[] = [];
      let s = 0;
      for (const w of weights) { s += w; acc.push(s); }
      cum = acc;
    } else if (weights !== null && weights !== undefined) throw new TypeError("Cannot specify both weights and cumulative weights");
    if (cum.length !== n) throw new RangeError("The number of weights does not match the population");
    const total = cum[cum.length - 1] + 0.0;
    if (total <= 0.0) throw new RangeError("Total of weights must be greater than zero");
    if (!Number.isFinite(total)) throw new RangeError("Total of weights must be finite");
    const hi = n - 1;
    const out: T[] = [];
    for (let i = 0; i < k; i++) {
      const x = this.random() * total;
      // bisect_right(cum, x, 0, hi)
      let lo = 0, h = hi;
      while (lo < h) {
        const mid = (lo + h) >> 1;
        if (x < cum[mid]) h = mid;
        else lo = mid + 1;
      }
      out.push(population[lo]);
    }
    return out;
  }
}

/** The module-level generator (Python's `random` functions), seeded from the OS at load. */
const inst = new Random();

/** Python's `random` module: seed, random, getrandbits, randrange, shuffle, choices on one shared generator. */
export const random = Object.freeze({
  Random,
  seed: (a: number | bigint | null = null) => inst.seed(a),
  random: () => inst.random(),
  getrandbits: (k: number) => inst.getrandbits(k),
  randrange: (start: number, stop?: number) => inst.randrange(start, stop),
  shuffle: <T>(x: T[]) => inst.shuffle(x),
  choices: <T>(population: readonly T[], weights: readonly number[] | null = null, opts: { cumWeights?: readonly number[] | null; k?: number } = {}) =>
    inst.choices(population, weights, opts),
});
