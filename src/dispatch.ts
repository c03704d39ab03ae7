// Operators by name: resolved once against LibTorch's dispatcher, then called by id.
import { native } from "./native";

const ids = new Map<string, number>();

/** The dispatcher id of `aten::name.overload` (resolved once, then cached). */
export function opId(name: string, overload = ""): number {
  const key = overload ? `${name}.${overload}` : name;
  let id = ids.get(key);
  if (id === undefined) {
    id = native.resolveOp(name, overload);
    ids.set(key, id);
  }
  return id;
}
