// sharp (an optional dependency) is loaded only when an image is decoded or
// encoded, so `import "torch-node/vision"` never needs it.
import type { SharpModule } from "./_codec";

export const SHARP_MISSING = "torch-node/vision io needs the optional dependency sharp (npm install sharp)";

let cached: SharpModule | null = null;
let cachedPath: string | null = null;

function missing(e: unknown): Error {
  const code = (e as { code?: string } | null)?.code;
  const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
  // not installed, or installed without a binary for this platform
  return new Error(code === "MODULE_NOT_FOUND" ? SHARP_MISSING : `${SHARP_MISSING}: loading it failed: ${why}`, { cause: e });
}

/** sharp's absolute path (what the io helper thread requires); throws the "needs sharp" Error when it is not installed. */
export function sharpPath(): string {
  if (cachedPath) return cachedPath;
  try {
    cachedPath = require.resolve("sharp");
  } catch (e) {
    throw missing(e);
  }
  return cachedPath;
}

/** sharp itself, loaded on first use on this thread. */
export function loadSharp(): SharpModule {
  if (cached) return cached;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require(sharpPath()) as SharpModule;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(SHARP_MISSING)) throw e;
    throw missing(e);
  }
  return cached;
}
