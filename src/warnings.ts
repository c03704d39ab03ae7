// Python's warnings.warn under its default filter, as a Node warning: each
// message is shown once (per thread). The one helper every module uses; LibTorch's
// own warnings take the same route in binding/handle.cc (JsWarningHandler).
const shown = new Set<string>();

/** Emits `message` as a Node warning of `type` ("UserWarning", "FutureWarning", ...) the first time only. */
export function warnOnce(message: string, type = "UserWarning"): void {
  if (shown.has(message)) return;
  shown.add(message);
  process.emitWarning(message, type);
}
