// torchvision.utils._parse_colors and PIL's ImageColor.getrgb (not part of the public utils namespace).
import * as dt from "../../dtype";
import { describe } from "../../device";
import { COLOR_NAMES } from "./_pil_data";

export type RGB = [number, number, number];
/** A color: a PIL color string ("red", "#ff0000", "#f00", "rgb(255, 0, 0)") or [r, g, b]. */
export type Color = string | RGB;

/** PIL's ImageColor.getrgb for names, #rgb, #rgba, #rrggbb, #rrggbbaa and rgb(r, g, b) / rgb(r%, g%, b%) (alpha dropped). */
export function getrgb(color: string): RGB {
  if (color.length > 100) throw new RangeError("color specifier is too long");
  const c = color.toLowerCase();
  const named = COLOR_NAMES[c];
  if (named) return [named[0], named[1], named[2]];
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])([0-9a-f])?$/.exec(c);
  if (m) return [parseInt(m[1], 16) * 17, parseInt(m[2], 16) * 17, parseInt(m[3], 16) * 17];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})?$/.exec(c);
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(c);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^rgb\(\s*(\d+)%\s*,\s*(\d+)%\s*,\s*(\d+)%\s*\)$/.exec(c);
  if (m) return [1, 2, 3].map((i) => Math.trunc((Number(m![i]) * 255) / 100 + 0.5)) as RGB;
  throw new RangeError(`unknown color specifier: '${color}'`);
}

export function isRGB(v: unknown): v is RGB {
  return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "number");
}

/** _generate_color_palette: torchvision's default colors, one per object. */
function palette(n: number): RGB[] {
  const p = [2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1];
  return Array.from({ length: n }, (_, i) => p.map((v) => (i * v) % 255) as RGB);
}

/**
 * torchvision.utils._parse_colors: null (the default palette), one color for all objects, or an array
 * with at least one color per object; returns [r, g, b] in 0..255 (scaled to [0, 1] for a float dtype).
 */
export function parseColors(colors: unknown, numObjects: number, dtype: dt.dtype = dt.uint8): RGB[] {
  let list: unknown[];
  if (colors === null || colors === undefined) list = palette(numObjects);
  else if (typeof colors === "string" || isRGB(colors)) list = Array.from({ length: numObjects }, () => colors);
  else if (Array.isArray(colors)) {
    if (colors.length < numObjects)
      throw new RangeError(`Number of colors must be equal or larger than the number of objects, but got ${colors.length} < ${numObjects}.`);
    list = colors;
  } else throw new TypeError(`colors must be a tuple or a string, or a list thereof, but got ${describe(colors)}.`);
  const out = list.map((c) => {
    if (typeof c === "string") return getrgb(c);
    if (isRGB(c)) return [c[0], c[1], c[2]] as RGB;
    throw new TypeError(`If passed as tuple, colors should be an RGB triplet, but got ${describe(c)}.`);
  });
  if (!dtype.isFloatingPoint) return out;
  // the default palette holds int64 tensors, whose `v / 255` is a float32 division; given colors divide as Python floats
  const scale = colors === null || colors === undefined ? (v: number) => Math.fround(v / 255) : (v: number) => v / 255;
  return out.map((c) => c.map(scale) as RGB);
}

