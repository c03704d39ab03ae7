// nn.Sequential, nn.ModuleList, nn.ModuleDict.
import { Module } from "./module";
import { describe } from "../device";

/** Python's container[i] on the registered modules (negative counts from the end). */
function moduleAt(m: Module, i: number): Module {
  const mods = [...m._self._modules.values()];
  const k = i < 0 ? i + mods.length : i;
  if (k < 0 || k >= mods.length) throw new RangeError(`index ${i} is out of range`);
  return mods[k]!;
}

/** new nn.Sequential(m1, m2, ...) or new nn.Sequential({ name: module, ... }) */
export class Sequential extends Module {
  constructor(...modules: (Module | Record<string, Module>)[]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module) && typeof modules[0] === "object") {
      for (const [name, m] of Object.entries(modules[0] as Record<string, Module>)) this.registerModule(name, m);
    } else {
      modules.forEach((m, i) => {
        if (!(m instanceof Module)) throw new TypeError(`Sequential: argument ${i} is not a Module subclass (${describe(m)})`);
        this.registerModule(String(i), m);
      });
    }
  }
  forward(input: unknown): unknown {
    let x = input;
    for (const m of this.children()) x = m(x);
    return x;
  }
  get length(): number {
    return this._self._modules.size;
  }
  /** Python's seq[i] (negative counts from the end). */
  getItem(i: number): Module {
    return moduleAt(this, i);
  }
  append(m: Module): this {
    this.registerModule(String(this._self._modules.size), m);
    return this;
  }
  *[Symbol.iterator](): Iterator<Module> {
    yield* this.children();
  }
}

export class ModuleList extends Module {
  constructor(modules: Module[] = []) {
    super();
    for (const m of modules) this.append(m);
  }
  append(m: Module): this {
    this.registerModule(String(this._self._modules.size), m);
    return this;
  }
  extend(ms: Iterable<Module>): this {
    for (const m of ms) this.append(m);
    return this;
  }
  get length(): number {
    return this._self._modules.size;
  }
  getItem(i: number): Module {
    return moduleAt(this, i);
  }
  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._self._modules.values()) if (m) yield m;
  }
  /** Python's ModuleList.__repr__: runs of identical entries print once, as "(0-5): 6 x Layer(...)". */
  toString(): string {
    const reprs = [...this].map((m) => String(m));
    if (reprs.length === 0) return `${this.constructor.name}()`;
    const blocks: [number, number, string][] = [[0, 0, reprs[0]]];
    for (let i = 1; i < reprs.length; i++) {
      const last = blocks[blocks.length - 1];
      if (reprs[i] === last[2]) last[1]++;
      else blocks.push([i, i, reprs[i]]);
    }
    const lines = blocks.map(([a, b, r]) => (a === b ? `(${a}): ${r}` : `(${a}-${b}): ${b - a + 1} x ${r}`).split("\n").join("\n  "));
    return `${this.constructor.name}(\n  ${lines.join("\n  ")}\n)`;
  }
}

export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.registerModule(k, m);
  }
  getItem(key: string): Module {
    const m = this._self._modules.get(key);
    if (!m) throw new RangeError(`KeyError: '${key}'`);
    return m;
  }
  setItem(key: string, m: Module): void {
    this.registerModule(key, m);
  }
  keys(): string[] {
    return [...this._self._modules.keys()];
  }
  get length(): number {
    return this._self._modules.size;
  }
}
