// Installs the generated op surface: Tensor methods and the torch, torch.linalg,
// torch.fft and torch.special functions that are not written by hand.
import { Tensor } from "../tensor";
import { Generator, _threadGeneratorHandle } from "../random";
import { Handle } from "../native";
import { callSurface, registerClasses, registerThreadGenerator, GenSig, Sig } from "./surface";
import { isOptions } from "../args";
import { SIGNATURES } from "../generated/ops";
import type { GeneratedTorchFunctions, GeneratedLinalg, GeneratedFft, GeneratedSpecial } from "../generated/ops";

registerClasses(Tensor, Generator as never, (h: Handle, self: Tensor | null) =>
  self !== null && (h as unknown) === (self._h as unknown) ? self : new Tensor(h));
registerThreadGenerator(_threadGeneratorHandle);

// Methods written by hand (fast paths) are the class's own; the generated
// ones are added below only where none exists.
const handwritten = new Set(Object.getOwnPropertyNames(Tensor.prototype));
const proto = Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;

function functions(ns: string, skip: Record<string, unknown> = {}): Record<string, (...a: unknown[]) => unknown> {
  const out: Record<string, (...a: unknown[]) => unknown> = {};
  for (const [name, sigs] of Object.entries(SIGNATURES[ns] ?? {})) {
    if (name in skip) continue;
    const s = (sigs as GenSig[]).map((g) => new Sig(g));
    const method = ns === "torch" && handwritten.has(name) ? proto[name] : null;
    out[name] = {
      [name](...args: unknown[]) {
        // torch.add(x, y) is x.add(y): take the hand-written fast path unless out= is given or
        // more arguments come than it declares (torch.mm(a, b, { outDtype })): the generated
        // binding checks those, where the fast path would ignore them
        if (method && args[0] instanceof Tensor && (method.length === 0 || args.length - 1 <= method.length)) {
          const last = args[args.length - 1];
          if (!(args.length > 1 && isOptions(last) && "out" in last)) return method.apply(args[0], args.slice(1));
        }
        return callSurface(ns, name, s, null, args);
      },
    }[name];
  }
  return out;
}

for (const [name, sigs] of Object.entries(SIGNATURES.Tensor ?? {})) {
  if (name in Tensor.prototype) continue; // written by hand
  const s = (sigs as GenSig[]).map((g) => new Sig(g));
  Object.defineProperty(Tensor.prototype, name, {
    value: {
      [name](this: Tensor, ...args: unknown[]) {
        return callSurface("Tensor", name, s, this, args);
      },
    }[name],
    writable: true,
    configurable: true,
  });
}

/** torch.* functions from the generated surface, minus those in `handwritten`. */
export function generatedTorchFunctions(handwritten: Record<string, unknown>): GeneratedTorchFunctions {
  return functions("torch", handwritten) as unknown as GeneratedTorchFunctions;
}
export const linalg = functions("linalg") as unknown as GeneratedLinalg;
export const fft = functions("fft") as unknown as GeneratedFft;
export const special = functions("special") as unknown as GeneratedSpecial;
