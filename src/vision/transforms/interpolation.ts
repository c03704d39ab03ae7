// transforms.InterpolationMode: the resampling filters, as torchvision's enum values
// (strings, so `"bilinear"` and `InterpolationMode.BILINEAR` are the same argument).
export const InterpolationMode = Object.freeze({
  NEAREST: "nearest",
  NEAREST_EXACT: "nearest-exact",
  BILINEAR: "bilinear",
  BICUBIC: "bicubic",
  BOX: "box",
  HAMMING: "hamming",
  LANCZOS: "lanczos",
} as const);
export type InterpolationMode = (typeof InterpolationMode)[keyof typeof InterpolationMode];

const VALUES = new Set<string>(Object.values(InterpolationMode));
// torchvision also accepts PIL's integer filter codes
const PIL_CODES: Record<number, InterpolationMode> = { 0: "nearest", 2: "bilinear", 3: "bicubic", 4: "box", 5: "hamming", 1: "lanczos" };

/** The InterpolationMode named by `value` (a mode, its string, or a PIL filter code); throws naming `name`. */
export function toInterpolationMode(value: unknown, name = "interpolation"): InterpolationMode {
  if (typeof value === "string" && VALUES.has(value)) return value as InterpolationMode;
  if (typeof value === "number" && Number.isInteger(value) && value in PIL_CODES) return PIL_CODES[value];
  throw new TypeError(`Argument ${name} should be a InterpolationMode or a corresponding Pillow integer constant, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
}
