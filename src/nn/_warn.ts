// Python's warnings.warn(msg) (UserWarning) as a Node warning, once per message
// (Python's default filter shows a warning once per call site and text).
const seen = new Set<string>();

export function warnOnce(message: string, type = "UserWarning"): void {
  if (seen.has(message)) return;
  seen.add(message);
  process.emitWarning(message, type);
}
