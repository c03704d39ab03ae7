// Command-line flags for the examples: every key of a config object becomes a
// flag (batchSize -> --batch-size N), typed as its default value is; a boolean
// is --name or --no-name.
import { parseArgs } from "util";

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function parseFlags<T extends Record<string, unknown>>(defaults: T, argv = process.argv.slice(2)): T {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const [k, v] of Object.entries(defaults)) options[kebab(k)] = { type: typeof v === "boolean" ? "boolean" : "string" };
  const negated: Record<string, boolean> = {};
  const args = argv.filter((a) => {
    const m = /^--no-(.+)$/.exec(a);
    const key = m && Object.keys(defaults).find((k) => kebab(k) === m[1] && typeof defaults[k] === "boolean");
    if (key) negated[key] = false;
    return !key;
  });
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(defaults)) {
    const given = (values as Record<string, unknown>)[kebab(k)];
    if (given === undefined) continue;
    if (typeof v === "number") {
      const n = Number(given);
      if (!Number.isFinite(n)) throw new TypeError(`--${kebab(k)} must be a number, not '${given}'`);
      out[k] = n;
    } else out[k] = given;
  }
  return { ...out, ...negated } as T;
}
