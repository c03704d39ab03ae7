// Loss curves as PNG files, where the Python programs call matplotlib's
// plt.plot(losses); plt.savefig("loss.png"). Vega (https://vega.github.io, the
// npm package `vega`, 6.x) lays the chart out and renders SVG headless, with no
// canvas; sharp (torch-node's optional dependency, also behind
// torch-node/vision's io) turns the SVG into a PNG. Neither is required: when
// one is missing the example says so once and goes on without the plot.
import { mkdirSync } from "fs";
import { dirname } from "path";

/** One named curve: y values at x = 0, 1, 2, ... (or at the given xs). */
export interface Series {
  name: string;
  values: number[];
  xs?: number[];
}

export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** a y axis on a log scale (positive values only) */
  logY?: boolean;
  /** the vega module to use (default: import("vega")) */
  vega?: any;
  /** the sharp module to use (default: require("sharp")) */
  sharp?: any;
  /** where to say that the plot was skipped (default: console.warn) */
  warn?: (message: string) => void;
}

/** The Vega specification of a line chart of `series` (exported for tests and for other renderers). */
export function lineChartSpec(series: Series[], options: PlotOptions = {}): Record<string, unknown> {
  const { title = "", xLabel = "step", yLabel = "loss", width = 480, height = 280, logY = false } = options;
  const values = series.flatMap((s) => s.values.map((y, i) => ({ x: s.xs ? s.xs[i] : i, y, series: s.name })).filter((p) => Number.isFinite(p.y)));
  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width,
    height,
    padding: 8,
    background: "white",
    title: title ? { text: title } : undefined,
    data: [{ name: "points", values }],
    scales: [
      { name: "x", type: "linear", domain: { data: "points", field: "x" }, range: "width", zero: false, nice: true },
      { name: "y", type: logY ? "log" : "linear", domain: { data: "points", field: "y" }, range: "height", zero: false, nice: true },
      { name: "color", type: "ordinal", domain: { data: "points", field: "series" }, range: "category" },
    ],
    axes: [
      { orient: "bottom", scale: "x", title: xLabel, grid: true, gridOpacity: 0.3 },
      { orient: "left", scale: "y", title: yLabel, grid: true, gridOpacity: 0.3 },
    ],
    legends: series.length > 1 ? [{ stroke: "color", title: "", orient: "top-right", symbolType: "stroke" }] : [],
    marks: [
      {
        type: "group",
        from: { facet: { name: "one", data: "points", groupby: "series" } },
        marks: [
          {
            type: "line",
            from: { data: "one" },
            encode: {
              enter: {
                x: { scale: "x", field: "x" },
                y: { scale: "y", field: "y" },
                stroke: { scale: "color", field: "series" },
                strokeWidth: { value: 1.5 },
              },
            },
          },
        ],
      },
    ],
  };
}

const warned = new Set<string>();
function warnOnce(warn: (m: string) => void, key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  warn(message);
}

// import() kept as a real dynamic import under CommonJS compilation (vega 6 is an ES module)
const importModule = (name: string): Promise<any> => import(name);

/**
 * Draws the curves and writes a PNG at `file`. Resolves to the file's path, or to null when
 * vega or sharp is not installed (with a message saying what to install).
 */
export async function saveLinePlot(file: string, series: Series[], options: PlotOptions = {}): Promise<string | null> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  let vega = options.vega;
  if (vega === undefined) {
    try {
      vega = await importModule("vega");
    } catch {
      warnOnce(warn, "vega", `note: ${file} not written: plots need the npm package vega (npm install --save-dev vega@6)`);
      return null;
    }
  }
  let sharp = options.sharp;
  if (sharp === undefined) {
    try {
      sharp = require("sharp");
    } catch {
      warnOnce(warn, "sharp", `note: ${file} not written: plots need the npm package sharp (torch-node's optional dependency)`);
      return null;
    }
  }
  const view = new vega.View(vega.parse(lineChartSpec(series, options)), { renderer: "none" });
  const svg: string = await view.toSVG();
  view.finalize();
  mkdirSync(dirname(file), { recursive: true });
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

/** plt.plot(losses) for a single loss curve. */
export function saveLossPlot(file: string, losses: number[], options: PlotOptions = {}): Promise<string | null> {
  return saveLinePlot(file, [{ name: "loss", values: losses }], { title: "training loss", ...options });
}
