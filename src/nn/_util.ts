// Helpers shared by the nn modules and F (not public).
import { checkInt } from "../args";

export { warnOnce } from "../warnings";

/** Python's padding_idx check and wrap-around (Embedding says "Padding_idx", EmbeddingBag "padding_idx"). */
export function paddingIndex(p: unknown, rows: number, fn: string, capital: boolean): number | null {
  if (p === null || p === undefined) return null;
  const i = checkInt(fn, p, "padding_idx");
  const msg = `${capital ? "P" : "p"}adding_idx must be within num_embeddings`;
  if (i > 0 && i >= rows) throw new Error(msg);
  if (i < 0) {
    if (i < -rows) throw new Error(msg);
    return rows + i;
  }
  return i;
}
