// torchvision.utils drawing: drawBoundingBoxes, drawSegmentationMasks (and the color parsing they share).
//
// torchvision draws boxes with PIL's ImageDraw; this is PIL's rectangle (libImaging/Draw.c:
// ImagingDrawRectangle with its hline/line primitives and the RGBA blend of a filled box) over a
// Uint8Array, so axis-aligned boxes come out pixel for pixel as torchvision's. Labels use the glyphs of
// PIL's default font (Aileron Regular 10 px, ASCII and Latin-1, pre-rendered by FreeType into
// _pil_data.ts), placed and blended as PIL does; PIL lays out whole strings (kerning, glyphs reaching
// left of their origin), so a few pixels of some strings may differ from torchvision's (none for the
// tested labels). drawSegmentationMasks is torchvision's tensor code, op for op.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { bind } from "../../args";
import type { PyArgs } from "../../args";
import { describe } from "../../device";
import { warnOnce as warn } from "../../warnings";
import { FONT_GLYPHS } from "./_pil_data";
import { getrgb, isRGB, parseColors, type RGB, type Color } from "./_colors";

export type { RGB, Color } from "./_colors";

function checkImage(fn: string, image: unknown, rgbOnly: boolean): asserts image is Tensor {
  if (!(image instanceof Tensor)) throw new TypeError(`${fn}(): Tensor expected, got ${describe(image)}`);
  if (!(image.dtype === dt.uint8 || image.isFloatingPoint())) throw new TypeError(`The image dtype must be uint8 or float, got ${image.dtype}`);
  if (image.dim() !== 3) throw new RangeError("Pass individual images, not batches");
  if (rgbOnly) {
    if (image.shape[0] !== 3) throw new RangeError("Pass an RGB image. Other Image formats are not supported");
  } else if (image.shape[0] !== 1 && image.shape[0] !== 3) throw new RangeError("Only grayscale and RGB images are supported");
}

// ------------------------------------------------------------------ PIL's drawing primitives (Draw.c)

/** A [3, H, W] uint8 canvas with PIL's ink: opaque (draw mode "RGB") or alpha-blended (draw mode "RGBA"). */
class Canvas {
  /** rgba: PIL's "RGBA" draw mode on an RGB image (hline32rgba), which also changes how polygons are filled. */
  constructor(readonly data: Uint8Array, readonly h: number, readonly w: number, readonly rgba = false) {}
  /** point32 / point32rgba: writes or blends one pixel, ignoring pixels outside the image. */
  point(x: number, y: number, ink: RGB, alpha: number): void {
    if (x < 0 || x >= this.w || y < 0 || y >= this.h) return;
    const hw = this.h * this.w, o = y * this.w + x;
    for (let c = 0; c < 3; c++) {
      const i = c * hw + o;
      if (alpha === 255) this.data[i] = ink[c];
      else {
        const t = this.data[i] * (255 - alpha) + ink[c] * alpha + 128; // BLEND / DIV255
        this.data[i] = ((t >> 8) + t) >> 8;
      }
    }
  }
  /** hline: x0..x1 inclusive on row y, clipped. */
  hline(x0: number, y: number, x1: number, ink: RGB, alpha: number): void {
    if (y < 0 || y >= this.h) return;
    if (x0 < 0) x0 = 0;
    else if (x0 >= this.w) return;
    if (x1 < 0) return;
    else if (x1 >= this.w) x1 = this.w - 1;
    for (let x = x0; x <= x1; x++) this.point(x, y, ink, alpha);
  }
  /** line for a vertical segment (the only one a rectangle draws): |y1 - y0| points from y0 toward y1. */
  vline(x: number, y0: number, y1: number, ink: RGB, alpha: number): void {
    if (x < 0 || x >= this.w || y0 === y1) return;
    // the points y0, y0 +- 1, ... (|y1 - y0| of them, y1 excluded), visited only where they are in the image
    const last = y1 < y0 ? y1 + 1 : y1 - 1;
    const lo = Math.max(Math.min(y0, last), 0), hi = Math.min(Math.max(y0, last), this.h - 1);
    for (let y = lo; y <= hi; y++) this.point(x, y, ink, alpha);
  }
  /** ImagingDrawRectangle: filled, or an outline of `width` drawn inward. */
  rectangle(x0: number, y0: number, x1: number, y1: number, ink: RGB, alpha: number, fill: boolean, width: number): void {
    if (y0 > y1) [y0, y1] = [y1, y0];
    if (fill) {
      if (y0 < 0) y0 = 0;
      else if (y0 >= this.h) return;
      if (y1 < 0) return;
      else if (y1 > this.h) y1 = this.h;
      for (let y = y0; y <= y1; y++) this.hline(x0, y, x1, ink, alpha);
      return;
    }
    if (width === 0) width = 1;
    for (let i = 0; i < width; i++) {
      this.hline(x0, y0 + i, x1, ink, alpha);
      this.hline(x0, y1 - i, x1, ink, alpha);
      this.vline(x1 - i, y0 + width, y1 - width + 1, ink, alpha);
      this.vline(x0 + i, y0 + width, y1 - width + 1, ink, alpha);
    }
  }
  /** line32: Bresenham from (x0, y0) toward (x1, y1), the end point excluded. */
  line(x0: number, y0: number, x1: number, y1: number, ink: RGB): void {
    let dx = x1 - x0, dy = y1 - y0;
    const xs = dx < 0 ? -1 : 1, ys = dy < 0 ? -1 : 1;
    dx = Math.abs(dx);
    dy = Math.abs(dy);
    if (dx === 0 || dy === 0) {
      for (let i = 0, n = dx + dy; i < n; i++, x0 += dx ? xs : 0, y0 += dy ? ys : 0) this.point(x0, y0, ink, 255);
    } else if (dx > dy) {
      let e = 2 * dy - dx;
      for (let i = 0; i < dx; i++, x0 += xs) {
        this.point(x0, y0, ink, 255);
        if (e >= 0) {
          y0 += ys;
          e -= 2 * dx;
        }
        e += 2 * dy;
      }
    } else {
      let e = 2 * dx - dy;
      for (let i = 0; i < dy; i++, y0 += ys) {
        this.point(x0, y0, ink, 255);
        if (e >= 0) {
          x0 += xs;
          e -= 2 * dy;
        }
        e += 2 * dx;
      }
    }
  }
  /** ImagingDrawWideLine: the quad around the segment, offset by half the pen rounded both ways, scan-filled. */
  wideLine(x0: number, y0: number, x1: number, y1: number, width: number, ink: RGB): void {
    const dx = x1 - x0, dy = y1 - y0;
    if (dx === 0 && dy === 0) {
      this.point(x0, y0, ink, 255);
      return;
    }
    const big = Math.sqrt(dx * dx + dy * dy);
    const small = (width - 1) / 2.0;
    const rMax = roundUpD(small) / big, rMin = roundDownD(small) / big;
    const dxmin = roundDownD(rMin * dy), dxmax = roundDownD(rMax * dy);
    const dymin = roundDownD(rMin * dx), dymax = roundDownD(rMax * dx);
    const v = [[x0 - dxmin, y0 + dymax], [x1 - dxmin, y1 + dymax], [x1 + dxmax, y1 - dymin], [x0 + dxmax, y0 - dymin]];
    this.fillPolygon([0, 1, 2, 3].map((k) => edge(v[k][0], v[k][1], v[(k + 1) % 4][0], v[(k + 1) % 4][1])), ink, 255);
  }
  /** ImageDraw.line over two points: nothing for width 0, a Bresenham line and its end point for 1, else a wide line. */
  drawLine(x0: number, y0: number, x1: number, y1: number, width: number, ink: RGB): void {
    if (width === 0) return;
    if (width === 1) {
      this.line(x0, y0, x1, y1, ink);
      this.point(x1, y1, ink, 255);
    } else this.wideLine(x0, y0, x1, y1, width, ink);
  }
  /** ImagingDrawPolygon, filled: the edges of the closed path (runs of horizontal edges merged), scan-filled. */
  polygon(xy: number[], ink: RGB, alpha: number): void {
    const count = xy.length / 2;
    const edges: Edge[] = [];
    let i = 0;
    for (; i < count - 1; i++) {
      const x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
      if (y0 === y1 && i !== 0 && y0 === xy[2 * i - 1]) {
        const last = edges[edges.length - 1];
        if (x1 > x0 && x0 > xy[2 * i - 2]) {
          last.xmax = x1;
          continue;
        } else if (x1 < x0 && x0 < xy[2 * i - 2]) {
          last.xmin = x1;
          continue;
        }
      }
      edges.push(edge(x0, y0, x1, y1));
    }
    if (xy[2 * i] !== xy[0] || xy[2 * i + 1] !== xy[1]) edges.push(edge(xy[2 * i], xy[2 * i + 1], xy[0], xy[1]));
    this.fillPolygon(edges, ink, alpha);
  }
  /** draw_horizontal_lines (RGBA mode): the horizontal edges on row y not yet covered left of xPos. */
  private horizontalEdges(edges: Edge[], y: number, xPos: { v: number }, ink: RGB, alpha: number): void {
    for (const e of edges) {
      if (e.ymin !== y || e.ymin !== e.ymax) continue;
      let xmin = e.xmin;
      if (xPos.v !== -1 && xPos.v < xmin) continue;
      const xmax = e.xmax;
      if (xPos.v > xmin) {
        xmin = xPos.v;
        if (xmax < xmin) continue;
      }
      this.hline(xmin, e.ymin, xmax, ink, alpha);
      xPos.v = xmax + 1;
    }
  }
  /** polygon_generic: scanline fill over float32 edge crossings (in RGBA mode no pixel is blended twice). */
  fillPolygon(edges: Edge[], ink: RGB, alpha: number): void {
    const fr = Math.fround;
    let ymin = this.h - 1, ymax = 0;
    const table: Edge[] = [];
    for (const e of edges) {
      if (ymin > e.ymin) ymin = e.ymin;
      if (ymax < e.ymax) ymax = e.ymax;
      if (e.ymin === e.ymax) {
        if (!this.rgba) this.hline(e.xmin, e.ymin, e.xmax, ink, alpha);
        continue;
      }
      table.push(e);
    }
    if (ymin < 0) ymin = 0;
    if (ymax > this.h) ymax = this.h;
    const at = (e: Edge, y: number) => fr(fr((y - e.y0) * e.dx) + e.x0);
    for (let y = ymin; y <= ymax; y++) {
      const xx: number[] = [];
      for (let i = 0; i < table.length; i++) {
        const cur = table[i];
        if (y < cur.ymin || y > cur.ymax) continue;
        xx.push(at(cur, y));
        if (y === cur.ymax && y < ymax) {
          xx.push(xx[xx.length - 1]); // keeps polygons consistent
        } else if ((y === cur.ymin || y === cur.ymax) && cur.dx !== 0) {
          // a corner where two slanted edges meet: pull the crossing to the neighbouring row's edge
          for (let k = 0; k < i; k++) {
            const other = table[k];
            if ((y !== other.ymin && y !== other.ymax) || other.dx === 0) continue;
            if (roundf(xx[xx.length - 1]) !== roundf(at(other, y))) continue;
            const off = y === cur.ymax ? -1 : 1;
            const adj = at(cur, y + off);
            if (y + off >= other.ymin && y + off <= other.ymax) {
              const adjOther = at(other, y + off);
              const last = xx[xx.length - 1];
              if (last > fr(adj + 1) && last > fr(adjOther + 1)) xx[xx.length - 1] = roundf(Math.max(adj, adjOther)) + 1;
              else if (last < fr(adj - 1) && last < fr(adjOther - 1)) xx[xx.length - 1] = roundf(Math.min(adj, adjOther)) - 1;
              break;
            }
          }
        }
      }
      xx.sort((a, b) => a - b);
      if (!this.rgba) {
        for (let i = 1; i < xx.length; i += 2) this.hline(roundUpF(xx[i - 1]), y, roundDownF(xx[i]), ink, alpha);
        continue;
      }
      const xPos = { v: xx.length === 0 ? -1 : 0 };
      for (let i = 1; i < xx.length; i += 2) {
        const xEnd = roundDownF(xx[i]);
        if (xEnd < xPos.v) continue;
        this.horizontalEdges(edges, y, xPos, ink, alpha);
        if (xEnd < xPos.v) continue;
        let xStart = roundUpF(xx[i - 1]);
        if (xPos.v > xStart) {
          xStart = xPos.v;
          if (xEnd < xStart) continue;
        }
        this.hline(xStart, y, xEnd, ink, alpha);
        xPos.v = xEnd + 1;
      }
      this.horizontalEdges(edges, y, xPos, ink, alpha);
    }
  }
  /** _ImageDrawTV.dashed_line over one segment: dashes and gaps of 5 pixels, each dash an ImageDraw.line. */
  dashedLine(x1: number, y1: number, x2: number, y2: number, width: number, ink: RGB): void {
    let seg = Math.sqrt((x2 - x1) ** 2 + (y2 - y1) ** 2);
    let dash = true;
    while (seg > 0) {
      const d = Math.min(seg, 5);
      const angle = Math.atan2(y2 - y1, x2 - x1);
      const ex = x1 + Math.cos(angle) * d, ey = y1 + Math.sin(angle) * d;
      if (dash) this.drawLine(Math.trunc(x1), Math.trunc(y1), Math.trunc(ex), Math.trunc(ey), width, ink);
      seg -= d;
      x1 = ex;
      y1 = ey;
      dash = !dash;
    }
  }
  /** ellipseNew, filled: PIL's integer ellipse (quarter curves on a doubled grid), one hline per row segment. */
  fillEllipse(x0: number, y0: number, x1: number, y1: number, ink: RGB): void {
    const a = x1 - x0, b = y1 - y0;
    if (a < 0 || b < 0) return;
    for (const [l, yy, r] of ellipseSpans(a, b, a + b)) this.hline(x0 + Math.trunc((l + a) / 2), y0 + Math.trunc((yy + b) / 2), x0 + Math.trunc((r + a) / 2), ink, 255);
  }
  /** ImageDraw.text with PIL's default font: glyph coverage masks blended with the ink. */
  text(x: number, y: number, s: string, ink: RGB): void {
    // getmask2 renders the whole string into one mask (glyphs combined by max), then it is pasted with the ink.
    const cover = new Map<number, number>();
    let pen = 0;
    for (const ch of s) {
      const g = FONT_GLYPHS[ch.codePointAt(0)!] ?? FONT_GLYPHS[63]; // '?' for characters outside ASCII and Latin-1
      const [adv, ox, oy, gw, gh, b64] = g;
      if (gw > 0 && gh > 0) {
        const bits = glyphBits(b64);
        for (let r = 0; r < gh; r++)
          for (let c = 0; c < gw; c++) {
            const v = bits[r * gw + c];
            if (v === 0) continue;
            const px = x + pen + ox + c, py = y + oy + r;
            if (px < 0 || px >= this.w || py < 0 || py >= this.h) continue;
            const k = py * this.w + px;
            if ((cover.get(k) ?? 0) < v) cover.set(k, v);
          }
      }
      pen += adv;
    }
    for (const [k, m] of cover) this.point(k % this.w, Math.floor(k / this.w), ink, m);
  }
}

interface Edge { x0: number; y0: number; xmin: number; xmax: number; ymin: number; ymax: number; dx: number }

/** add_edge: an edge from (x0, y0) to (x1, y1) with its float32 inverse slope. */
function edge(x0: number, y0: number, x1: number, y1: number): Edge {
  return {
    x0, y0, xmin: Math.min(x0, x1), xmax: Math.max(x0, x1), ymin: Math.min(y0, y1), ymax: Math.max(y0, y1),
    dx: y0 === y1 ? 0 : Math.fround(Math.fround(x1 - x0) / (y1 - y0)),
  };
}
/**
 * ROUND_UP / ROUND_DOWN of Draw.c (halves away from / toward zero, symmetric). For a float32 value the
 * positive branch adds 0.5F in float32 while fabs() of the negative branch computes in double, as in C.
 */
function roundUpF(f: number): number {
  return f >= 0 ? Math.floor(Math.fround(f + 0.5)) : -Math.floor(Math.abs(f) + 0.5);
}
function roundDownF(f: number): number {
  return f >= 0 ? Math.ceil(Math.fround(f - 0.5)) : -Math.ceil(Math.abs(f) - 0.5);
}
/** The same on a double. */
function roundUpD(f: number): number {
  return f >= 0 ? Math.floor(f + 0.5) : -Math.floor(Math.abs(f) + 0.5);
}
function roundDownD(f: number): number {
  return f >= 0 ? Math.ceil(f - 0.5) : -Math.ceil(Math.abs(f) - 0.5);
}
/** C roundf: half away from zero. */
function roundf(f: number): number {
  return f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5);
}

/**
 * One quarter of the ellipse x^2/a^2 + y^2/b^2 = 1 on the grid {(2i + a % 2, 2j + b % 2)}, from (a, b % 2)
 * to (a % 2, b): at each step the next of (x, y + 2), (x - 2, y + 2), (x - 2, y) closest to the curve.
 */
class Quarter {
  private cx = 0; private cy = 0; private ex = 0; private ey = 0;
  private a2 = 0; private b2 = 0; private a2b2 = 0;
  finished = false;
  constructor(a: number, b: number) {
    if (a < 0 || b < 0) {
      this.finished = true;
      return;
    }
    this.cx = a;
    this.cy = b % 2;
    this.ex = a % 2;
    this.ey = b;
    this.a2 = a * a;
    this.b2 = b * b;
    this.a2b2 = this.a2 * this.b2;
  }
  private delta(x: number, y: number): number {
    return Math.abs(this.a2 * y * y + this.b2 * x * x - this.a2b2);
  }
  /** The next point, or null when done. */
  next(): [number, number] | null {
    if (this.finished) return null;
    const out: [number, number] = [this.cx, this.cy];
    if (this.cx === this.ex && this.cy === this.ey) this.finished = true;
    else {
      let nx = this.cx, ny = this.cy + 2;
      let nd = this.delta(nx, ny);
      if (nx > 1) {
        let d = this.delta(this.cx - 2, this.cy + 2);
        if (nd > d) {
          nx = this.cx - 2;
          ny = this.cy + 2;
          nd = d;
        }
        d = this.delta(this.cx - 2, this.cy);
        if (nd > d) {
          nx = this.cx - 2;
          ny = this.cy;
        }
      }
      this.cx = nx;
      this.cy = ny;
    }
    return out;
  }
}

/** The horizontal spans [left, y, right] (doubled grid, centred) of an ellipse ring of thickness w (ellipse_*). */
function ellipseSpans(a: number, b: number, w: number): [number, number, number][] {
  const spans: [number, number, number][] = [];
  const leftmost = a % 2;
  const outer = new Quarter(a, b);
  const first = outer.next();
  if (w < 1 || first === null) return spans;
  let [pr, py] = first;
  const inner = new Quarter(a - 2 * (w - 1), b - 2 * (w - 1));
  let pl = leftmost;
  let finished = false;
  while (!finished) {
    const y = py, r = pr;
    let l = pl;
    let p: [number, number] | null;
    while ((p = outer.next()) !== null && p[1] <= y) { /* skip to the next row */ }
    if (p === null) finished = true;
    else [pr, py] = p;
    let q: [number, number] | null;
    while ((q = inner.next()) !== null && q[1] <= y) l = q[0];
    pl = q === null ? leftmost : q[0];
    // emitted in the reverse order of ellipse_next's buffer (it pops from the end)
    const buf: [number, number, number][] = [];
    if ((l > 0 || l < r) && y > 0) buf.push([l === 0 ? 2 : l, y, r]);
    if (y > 0) buf.push([-r, y, -l]);
    if (l > 0 || l < r) buf.push([l === 0 ? 2 : l, -y, r]);
    buf.push([-r, -y, -l]);
    for (let k = buf.length - 1; k >= 0; k--) spans.push(buf[k]);
  }
  return spans;
}

/** ImageDraw.textbbox((x, y), text) with PIL's default font: the union of the glyph boxes. */
function textBBox(x: number, y: number, s: string): [number, number, number, number] {
  let pen = 0, l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
  for (const ch of s) {
    const [adv, ox, oy, w, h] = FONT_GLYPHS[ch.codePointAt(0)!] ?? FONT_GLYPHS[63];
    l = Math.min(l, pen + ox);
    r = Math.max(r, pen + ox + w);
    t = Math.min(t, oy);
    b = Math.max(b, oy + h);
    pen += adv;
  }
  return l === Infinity ? [x, y, x, y] : [x + l, y + t, x + r, y + b];
}

/** PIL draws at C int coordinates: a non-finite or out-of-int range coordinate is an error, not a hang. */
function checkCoords(fn: string, name: string, t: Tensor, ints: BigInt64Array): void {
  if (t.isFloatingPoint() && t.numel() > 0 && !torch.isfinite(t).all().item())
    throw new RangeError(`${fn}(): ${name} must be finite`);
  const lim = 2n ** 31n - 1n;
  for (const v of ints) if (v > lim || v < -lim) throw new RangeError(`${fn}(): ${name} coordinate ${v} is out of the range of a C int`);
}

const glyphCache = new Map<string, Uint8Array>();
function glyphBits(b64: string): Uint8Array {
  let g = glyphCache.get(b64);
  if (!g) {
    g = new Uint8Array(Buffer.from(b64, "base64"));
    glyphCache.set(b64, g);
  }
  return g;
}

/**
 * torchvision.utils.draw_bounding_boxes(image, boxes, labels=None, colors=None, fill=False, width=1,
 * font=None, font_size=None, label_colors=None): draws xyxy boxes (Tensor[N, 4], truncated to integers)
 * on a uint8 or float image [C, H, W] (C = 1 or 3); returns a uint8 [3, H, W] image (float in, float out).
 * fill blends the box's color at alpha 100/255 inside it. Labels are drawn in PIL's default font at
 * (x1 + width + 1, y1 + width + 1), in labelColors (black with fillLabels), on a box of
 * labelBackgroundColors (default: the box colors) when fillLabels; `font` (a TrueType file) is not supported.
 */
export function drawBoundingBoxes(
  image: Tensor, boxes: Tensor, labels?: string[] | null, colors?: Color | Color[] | null, fill?: boolean,
  width?: number, font?: string | null, fontSize?: number | null, labelColors?: Color | Color[] | null,
  labelBackgroundColors?: Color | Color[] | null, fillLabels?: boolean,
): Tensor;
export function drawBoundingBoxes(...args: PyArgs<[image: Tensor, boxes: Tensor, labels: string[] | null, colors: Color | Color[] | null, fill: boolean, width: number, font: string | null, fontSize: number | null, labelColors: Color | Color[] | null, labelBackgroundColors: Color | Color[] | null, fillLabels: boolean], { image?: Tensor; boxes?: Tensor; labels?: string[] | null; colors?: Color | Color[] | null; fill?: boolean; width?: number; font?: string | null; fontSize?: number | null; labelColors?: Color | Color[] | null; labelBackgroundColors?: Color | Color[] | null; fillLabels?: boolean }>): Tensor;
export function drawBoundingBoxes(...args: unknown[]): Tensor {
  const [image, boxes, labels = null, colors = null, fill = false, width = 1, font = null, fontSize = null, labelColors = null,
    labelBackgroundColors = null, fillLabels = false] = bind("draw_bounding_boxes",
    ["image", "boxes", "labels", "colors", "fill", "width", "font", "fontSize", "labelColors", "labelBackgroundColors", "fillLabels"], args);
  checkImage("draw_bounding_boxes", image, false);
  if (!(boxes instanceof Tensor)) throw new TypeError(`draw_bounding_boxes(): argument 'boxes' must be a Tensor, not ${describe(boxes)}`);
  if (boxes.dim() !== 2 || (boxes.shape[1] !== 4 && boxes.shape[1] !== 8))
    throw new RangeError(`draw_bounding_boxes(): boxes should be a Tensor[N, 4] (xmin, ymin, xmax, ymax) or Tensor[N, 8] (four corners), got shape [${boxes.shape.join(", ")}]`);
  const nc = boxes.shape[1];
  if (typeof width !== "number" || !Number.isInteger(width) || width < 0)
    throw new TypeError(`draw_bounding_boxes(): argument 'width' must be a non-negative int, not ${describe(width)}`);
  if (font !== null) throw new TypeError("draw_bounding_boxes(): 'font' (a TrueType file) is not supported by torch-node; labels use PIL's default font");
  const num = boxes.shape[0];
  const b = boxes.to(dt.int64).contiguous().toTypedArray() as BigInt64Array;
  if (b.length > 0 && nc === 4) {
    const fb = boxes.index(":", 0).gt(boxes.index(":", 2)).any().item() || boxes.index(":", 1).gt(boxes.index(":", 3)).any().item();
    if (fb) throw new RangeError("Boxes need to be in (xmin, ymin, xmax, ymax) format. Use torchvision.ops.box_convert to convert them");
  }
  checkCoords("draw_bounding_boxes", "boxes", boxes, b);
  if (num === 0) {
    warn("boxes doesn't contain any box. No box was drawn");
    return image;
  }
  let labs: (string | null)[];
  if (labels === null) labs = new Array(num).fill(null);
  else if (!Array.isArray(labels)) throw new TypeError(`draw_bounding_boxes(): argument 'labels' must be a list of strings, not ${describe(labels)}`);
  else if (labels.length !== num)
    throw new RangeError(`Number of boxes (${num}) and labels (${labels.length}) mismatch. Please specify labels for each box.`);
  else labs = labels.map((l) => (l === null || l === undefined ? null : String(l)));
  const cols = parseColors(colors, num);
  const given = (v: unknown) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);
  const lcols = given(labelColors) || fillLabels ? parseColors(given(labelColors) ? labelColors : "black", num) : cols.slice();
  const bgcols = fillLabels && given(labelBackgroundColors) ? parseColors(labelBackgroundColors, num) : cols.slice();
  if (fontSize !== null) warn("Argument 'font_size' will be ignored since 'font' is not set.");

  let img = image;
  if (img.shape[0] === 1) img = torch.tile(img, [3, 1, 1]);
  const originalDtype = img.dtype;
  if (originalDtype.isFloatingPoint) img = img.mul(255 + 1.0 - 1e-3).to(dt.uint8);
  const [, h, w] = img.shape;
  const data = new Uint8Array(img.contiguous().toTypedArray() as Uint8Array);
  const canvas = new Canvas(data, h, w, fill as boolean);
  for (let i = 0; i < num; i++) {
    const xy = Array.from({ length: nc }, (_, k) => Number(b[nc * i + k]));
    const [x0, y0, x1, y1] = xy;
    const color = cols[i].map((v) => Math.trunc(v)) as RGB;
    if (nc === 8) {
      // _ImageDrawTV.oriented_rectangle: a dashed first side, the three others solid, then the fill
      const lw = width as number;
      canvas.dashedLine(xy[0], xy[1], xy[2], xy[3], lw, color);
      for (let k = 2; k < 8; k += 2) canvas.drawLine(xy[k], xy[k + 1], xy[(k + 2) % 8], xy[(k + 3) % 8], lw, color);
      if (fill) canvas.polygon(xy, color, 100);
    } else if (fill) {
      canvas.rectangle(x0, y0, x1, y1, color, 100, true, 0);
      if (width !== 0) canvas.rectangle(x0, y0, x1, y1, color, 255, false, width as number);
    } else if (width !== 0) canvas.rectangle(x0, y0, x1, y1, color, 255, false, width as number);
    const label = labs[i];
    if (label !== null) {
      const margin = (width as number) + 1;
      if (fillLabels) {
        const [l, t, r, bt] = textBBox(x0 + margin, y0 + margin, label);
        canvas.rectangle(l - 1, t - 1, r + 1, bt + 1, bgcols[i].map((v) => Math.trunc(v)) as RGB, 255, true, 0);
      }
      canvas.text(x0 + margin, y0 + margin, label, lcols[i].map((v) => Math.trunc(v)) as RGB);
    }
  }
  let out = torch.tensor(data).reshape([3, h, w]).to(image.device);
  if (originalDtype.isFloatingPoint) out = out.to(originalDtype).mul_(1.0 / 255);
  return out;
}

/**
 * torchvision.utils.draw_segmentation_masks(image, masks, alpha=0.8, colors=None): blends each bool mask
 * ([N, H, W] or [H, W]) in its color over an RGB image (uint8 or float [3, H, W]); pixels under more than
 * one mask are blended with black.
 */
export function drawSegmentationMasks(image: Tensor, masks: Tensor, alpha?: number, colors?: Color | Color[] | null): Tensor;
export function drawSegmentationMasks(...args: PyArgs<[image: Tensor, masks: Tensor, alpha: number, colors: Color | Color[] | null], { image?: Tensor; masks?: Tensor; alpha?: number; colors?: Color | Color[] | null }>): Tensor;
export function drawSegmentationMasks(...args: unknown[]): Tensor {
  const [image, masks_, alpha = 0.8, colors = null] = bind("draw_segmentation_masks", ["image", "masks", "alpha", "colors"], args);
  checkImage("draw_segmentation_masks", image, true);
  if (!(masks_ instanceof Tensor)) throw new TypeError(`draw_segmentation_masks(): argument 'masks' must be a Tensor, not ${describe(masks_)}`);
  if (typeof alpha !== "number") throw new TypeError(`draw_segmentation_masks(): argument 'alpha' must be a number, not ${describe(alpha)}`);
  let masks = masks_;
  if (masks.dim() === 2) masks = masks.index(null, ":", ":");
  if (masks.dim() !== 3) throw new RangeError("masks must be of shape (H, W) or (batch_size, H, W)");
  if (masks.dtype !== dt.bool) throw new TypeError(`The masks must be of dtype bool. Got ${masks.dtype}`);
  if (masks.shape[1] !== image.shape[1] || masks.shape[2] !== image.shape[2])
    throw new RangeError("The image and the masks must have the same height and width");
  const numMasks = masks.shape[0];
  const overlapping = masks.sum(0).gt(1);
  if (numMasks === 0) {
    warn("masks doesn't contain any mask. No mask was drawn");
    return image;
  }
  return torch.noGrad(() => {
    const originalDtype = image.dtype;
    const cols = parseColors(colors, numMasks, originalDtype);
    let imgToDraw = image.detach().clone();
    for (let i = 0; i < numMasks; i++) {
      const color = torch.tensor(cols[i], { dtype: originalDtype, device: image.device }).index(":", null, null);
      imgToDraw = torch.where(masks.index(i).index(null), color, imgToDraw);
    }
    imgToDraw = torch.where(overlapping.index(null), torch.zeros([], { dtype: originalDtype, device: image.device }), imgToDraw);
    // image * (1 - alpha) + img_to_draw * alpha with Python's float alpha: an integer image computes in float32
    const a = image.isFloatingPoint() ? image : image.to(dt.float32);
    const bImg = imgToDraw.isFloatingPoint() ? imgToDraw : imgToDraw.to(dt.float32);
    const out = a.mul(1 - alpha).add(bImg.mul(alpha));
    return out.to(originalDtype);
  });
}

/**
 * torchvision.utils.draw_keypoints(image, keypoints, connectivity=None, colors=None, radius=2, width=3,
 * visibility=None): draws each visible keypoint ([N, K, 2] x, y, truncated to integers) as a filled circle
 * of `radius` in `colors` (one color; null draws no circles, as torchvision) and the `connectivity` pairs
 * of visible keypoints as white lines of `width` pixels, with PIL's ellipse and wide-line algorithms.
 */
export function drawKeypoints(
  image: Tensor, keypoints: Tensor, connectivity?: [number, number][] | null, colors?: Color | null,
  radius?: number, width?: number, visibility?: Tensor | null,
): Tensor;
export function drawKeypoints(...args: PyArgs<[image: Tensor, keypoints: Tensor, connectivity: [number, number][] | null, colors: Color | null, radius: number, width: number, visibility: Tensor | null], { image?: Tensor; keypoints?: Tensor; connectivity?: [number, number][] | null; colors?: Color | null; radius?: number; width?: number; visibility?: Tensor | null }>): Tensor;
export function drawKeypoints(...args: unknown[]): Tensor {
  const [image, keypoints, connectivity = null, colors = null, radius = 2, width = 3, visibility_ = null] = bind(
    "draw_keypoints", ["image", "keypoints", "connectivity", "colors", "radius", "width", "visibility"], args);
  if (!(image instanceof Tensor)) throw new TypeError(`The image must be a tensor, got ${describe(image)}`);
  checkImage("draw_keypoints", image, true);
  if (!(keypoints instanceof Tensor)) throw new TypeError(`draw_keypoints(): argument 'keypoints' must be a Tensor, not ${describe(keypoints)}`);
  if (keypoints.dim() !== 3) throw new RangeError("keypoints must be of shape (num_instances, K, 2)");
  for (const [name, v] of [["radius", radius], ["width", width]] as const)
    if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`draw_keypoints(): argument '${name}' must be an int, not ${describe(v)}`);
  let visibility: Tensor;
  if (visibility_ === null) visibility = torch.ones(keypoints.shape.slice(0, -1), { dtype: dt.bool });
  else if (!(visibility_ instanceof Tensor)) throw new TypeError(`draw_keypoints(): argument 'visibility' must be a Tensor, not ${describe(visibility_)}`);
  else visibility = visibility_;
  if (visibility.dim() === 3) visibility = visibility.squeeze(-1);
  if (visibility.dim() !== 2) throw new RangeError(`visibility must be of shape (num_instances, K). Got ndim=${visibility.dim()}`);
  if (visibility.shape[0] !== keypoints.shape[0] || visibility.shape[1] !== keypoints.shape[1])
    throw new RangeError(
      "keypoints and visibility must have the same dimensionality for num_instances and K. " +
      `Got visibility.shape=torch.Size([${visibility.shape.join(", ")}]) and keypoints.shape=torch.Size([${keypoints.shape.join(", ")}])`);
  let fill: RGB | null = null;
  if (typeof colors === "string") fill = getrgb(colors);
  else if (isRGB(colors)) fill = [colors[0], colors[1], colors[2]];
  else if (colors !== null) throw new TypeError(`draw_keypoints(): colors must be a color string or [r, g, b], not ${describe(colors)}`);
  const conn = connectivity === null ? [] : (connectivity as unknown[]);
  if (!Array.isArray(conn) || !conn.every((c) => Array.isArray(c) && c.length === 2 && c.every((i) => Number.isInteger(i))))
    throw new TypeError(`draw_keypoints(): connectivity must be a list of [i, j] pairs, not ${describe(connectivity)}`);

  const originalDtype = image.dtype;
  let img = image;
  if (originalDtype.isFloatingPoint) img = img.mul(255 + 1.0 - 1e-3).to(dt.uint8);
  const [, h, w] = img.shape;
  const data = new Uint8Array(img.contiguous().toTypedArray() as Uint8Array);
  const canvas = new Canvas(data, h, w);
  const [n, k] = keypoints.shape;
  const kp = Array.from(keypoints.to(dt.int64).contiguous().toTypedArray() as BigInt64Array, Number);
  checkCoords("draw_keypoints", "keypoints", keypoints, keypoints.to(dt.int64).contiguous().toTypedArray() as BigInt64Array);
  const vis = Array.from(visibility.bool().contiguous().toTypedArray() as Uint8Array, Boolean);
  const white: RGB = [255, 255, 255];
  const r = radius as number, lw = width as number;
  for (let i = 0; i < n; i++) {
    const X = (j: number) => kp[(i * k + j) * 2], Y = (j: number) => kp[(i * k + j) * 2 + 1], V = (j: number) => vis[i * k + j];
    for (let j = 0; j < k; j++) {
      if (!V(j) || fill === null) continue;
      if (r * 2 < 0) continue;
      canvas.fillEllipse(X(j) - r, Y(j) - r, X(j) + r, Y(j) + r, fill);
    }
    for (const [s, e] of conn as [number, number][]) {
      if (s < -k || s >= k || e < -k || e >= k) throw new RangeError(`draw_keypoints(): connectivity index out of range for ${k} keypoints: [${s}, ${e}]`);
      const a = s < 0 ? s + k : s, b = e < 0 ? e + k : e;
      if (!V(a) || !V(b) || lw === 0) continue;
      if (lw === 1) {
        canvas.line(X(a), Y(a), X(b), Y(b), white);
        canvas.point(X(b), Y(b), white, 255);
      } else canvas.wideLine(X(a), Y(a), X(b), Y(b), lw, white);
    }
  }
  let out = torch.tensor(data).reshape([3, h, w]).to(image.device);
  if (originalDtype.isFloatingPoint) out = out.to(originalDtype).mul_(1.0 / 255);
  return out;
}
