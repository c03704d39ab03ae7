// Python's grad-mode context managers as callback functions (PORTING.md rule 6):
// `with torch.no_grad(): ...` -> `torch.noGrad(() => ...)`, returning fn's result.
import { native } from "./native";

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`expected a callback function, not ${typeof fn}`);
  const prev = native.isGradEnabled();
  native.setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    native.setGradEnabled(prev);
  }
}

/** Runs fn with gradient tracking off (torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}
/** Runs fn with gradient tracking on (torch.enable_grad). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
/** torch.set_grad_enabled(mode), or with a callback: setGradEnabled(mode, fn). */
export function setGradEnabled<T>(mode: boolean, fn?: () => T): T | undefined {
  if (typeof mode !== "boolean") throw new TypeError(`set_grad_enabled(): argument 'mode' must be bool, not ${typeof mode}`);
  if (fn === undefined) {
    native.setGradEnabled(mode);
    return undefined;
  }
  return withGradMode(mode, fn);
}
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}
/** Runs fn in inference mode (torch.inference_mode); `inferenceMode(false, fn)` turns it off inside. */
export function inferenceMode<T>(modeOrFn: boolean | (() => T), fn?: () => T): T {
  const mode = typeof modeOrFn === "boolean" ? modeOrFn : true;
  const f = typeof modeOrFn === "function" ? modeOrFn : fn;
  if (typeof f !== "function") throw new TypeError("inferenceMode(): expected a callback function");
  native.pushInferenceMode(mode);
  try {
    return f();
  } finally {
    native.popInferenceMode();
  }
}
export function isInferenceModeEnabled(): boolean {
  return native.isInferenceMode();
}
