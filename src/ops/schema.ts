// Parses aten operator schema strings, as LibTorch's dispatcher prints them:
//   aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)

export interface SchemaArg {
  name: string;
  /** The type without alias annotations: "Tensor", "int[1]?", "Tensor?[]", "ScalarType?". */
  type: string;
  kwOnly: boolean;
  hasDefault: boolean;
  /** An out argument (`Tensor(a!) out`, kwarg-only and written to). */
  isOut: boolean;
}

export interface SchemaReturn {
  name: string;
  type: string;
}

export interface Schema {
  name: string;
  overload: string;
  args: SchemaArg[];
  returns: SchemaReturn[];
}

/** Splits on commas outside brackets, parentheses and quotes. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = "", start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** Drops alias annotations: "Tensor(a!)" -> "Tensor", "Tensor(a -> *)[]" -> "Tensor[]". */
function cleanType(t: string): { type: string; written: boolean } {
  let written = false;
  const type = t.replace(/\(([^)]*)\)/g, (_m, inner: string) => {
    if (inner.includes("!")) written = true;
    return "";
  });
  return { type: type.trim(), written };
}

export function parseSchema(schema: string): Schema {
  const m = /^(?:(\w+)::)?([\w.]+)\((.*)\)\s*->\s*(.*)$/s.exec(schema.trim());
  if (!m) throw new Error(`cannot parse schema: ${schema}`);
  const [name, overload = ""] = m[2].split(".");
  const args: SchemaArg[] = [];
  let kwOnly = false;
  for (const part of splitTop(m[3])) {
    if (part === "*") {
      kwOnly = true;
      continue;
    }
    const eq = part.indexOf("=");
    const decl = eq >= 0 ? part.slice(0, eq).trim() : part;
    const sp = decl.lastIndexOf(" ");
    const { type, written } = cleanType(decl.slice(0, sp));
    args.push({ name: decl.slice(sp + 1), type, kwOnly, hasDefault: eq >= 0, isOut: written && kwOnly });
  }
  let ret = m[4].trim();
  const returns: SchemaReturn[] = [];
  if (ret.startsWith("(") && ret.endsWith(")")) ret = ret.slice(1, -1);
  for (const part of splitTop(ret)) {
    const sp = part.lastIndexOf(" ");
    const hasName = sp > 0 && !part.slice(sp + 1).includes(")") && /^\w+$/.test(part.slice(sp + 1));
    const { type } = cleanType(hasName ? part.slice(0, sp) : part);
    returns.push({ name: hasName ? part.slice(sp + 1) : "", type });
  }
  return { name, overload, args, returns };
}
