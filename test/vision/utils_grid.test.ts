// torchvision.utils.make_grid / save_image against torchvision (test/fixtures/vision/make_io_grid.py).
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import torch, { Tensor } from "../../src";
import type { dtype } from "../../src/dtype";
import { io, utils } from "../../src/vision";

interface Enc { shape: number[]; dtype: string; values: number[] }
interface GridCase { name: string; kwargs: Record<string, unknown>; expected: Enc; input?: Enc; list?: Enc[] }
interface SaveCase { name: string; kwargs: Record<string, unknown>; pixels: { shape: number[]; values: number[] }; input?: Enc; list?: Enc[] }
const fx = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "vision", "io_grid.json"), "utf8")) as { make_grid: GridCase[]; save_image: SaveCase[] };

const DT: Record<string, dtype> = { float32: torch.float32, float64: torch.float64, uint8: torch.uint8 };
const tensorOf = (e: Enc): Tensor => torch.tensor(e.values, { dtype: DT[e.dtype] }).view(e.shape);
const inputOf = (c: { input?: Enc; list?: Enc[] }): Tensor | Tensor[] => (c.list ? c.list.map(tensorOf) : tensorOf(c.input!));
const camel = (k: string) => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const optsOf = (kw: Record<string, unknown>) => Object.fromEntries(Object.entries(kw).map(([k, v]) => [camel(k), v]));

function expectClose(got: Tensor, want: Enc): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(DT[want.dtype]);
  const g = Array.from(got.contiguous().toTypedArray() as ArrayLike<number>);
  const bad = g.findIndex((v, i) => !(Math.abs(v - want.values[i]) <= 1e-6 + 1e-5 * Math.abs(want.values[i])));
  expect(bad, bad < 0 ? "" : `element ${bad}: ${g[bad]} vs ${want.values[bad]}`).toBe(-1);
}

describe("utils.makeGrid", () => {
  for (const c of fx.make_grid) {
    it(`${c.name} equals torchvision.utils.make_grid (options object)`, () => {
      expectClose(utils.makeGrid(inputOf(c), optsOf(c.kwargs)), c.expected);
    });
  }

  it("positional arguments in torchvision's order", () => {
    const c = fx.make_grid.find((x) => x.name === "normalize_value_range")!;
    // make_grid(b5, nrow=2, normalize=True, value_range=(-0.5, 1.25)) == make_grid(b5, 2, 2, True, (-0.5, 1.25))
    expectClose(utils.makeGrid(inputOf(c), 2, 2, true, [-0.5, 1.25]), c.expected);
    const d = fx.make_grid.find((x) => x.name === "nrow3_pad_value")!;
    expectClose(utils.makeGrid(inputOf(d), 3, 3, false, null, false, 0.5), d.expected);
    const e = fx.make_grid.find((x) => x.name === "normalize_scale_each")!;
    expectClose(utils.makeGrid(inputOf(e), 3, { normalize: true, scaleEach: true }), e.expected);
  });

  it("normalize does not change the caller's tensor", () => {
    const c = fx.make_grid.find((x) => x.name === "normalize")!;
    const x = inputOf(c) as Tensor;
    const before = x.clone();
    utils.makeGrid(x, { normalize: true, scaleEach: true });
    expect(x.equal(before)).toBe(true);
  });

  it("bad arguments: torchvision's TypeErrors", () => {
    expect(() => utils.makeGrid("x" as never)).toThrow(new TypeError("tensor or list of tensors expected, got str"));
    expect(() => utils.makeGrid([torch.zeros(3, 2, 2), 5] as never)).toThrow(new TypeError("tensor or list of tensors expected, got a list containing int"));
    expect(() => utils.makeGrid(torch.zeros(2, 3, 2, 2), { normalize: true, valueRange: 3 as never })).toThrow(
      new TypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers"));
    expect(() => utils.makeGrid(torch.zeros(2, 3, 2, 2), "2" as never)).toThrow(TypeError);
    expect(() => utils.makeGrid(torch.zeros(2, 3, 2, 2), { nrows: 2 } as never)).toThrow("makeGrid() got an unexpected keyword argument 'nrows'");
  });
});

describe("utils.saveImage", () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-save-image-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of fx.save_image) {
    it(`${c.name}: the PNG holds the pixels torchvision.utils.save_image writes`, () => {
      const file = join(dir, `${c.name}.png`);
      utils.saveImage(inputOf(c), file, optsOf(c.kwargs));
      const img = io.readImage(file); // C x H x W
      const [h, w, ch] = c.pixels.shape.length === 3 ? c.pixels.shape : [...c.pixels.shape, 1];
      expect(img.shape).toEqual([ch, h, w]);
      expect(Array.from(img.permute([1, 2, 0]).contiguous().toTypedArray() as Uint8Array)).toEqual(c.pixels.values);
    });
  }

  it("positional format and make_grid options; a .jpg name writes a JPEG", () => {
    const c = fx.save_image.find((x) => x.name === "batch_rand")!;
    const png = join(dir, "positional.out");
    utils.saveImage(inputOf(c), png, "png", { nrow: 3 });
    const bytes = io.readFile(png);
    expect(Array.from(bytes.index(":8").toTypedArray() as Uint8Array)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const jpg = join(dir, "grid.jpg");
    utils.saveImage(inputOf(c), jpg, { nrow: 3 });
    const j = io.readFile(jpg);
    expect(Array.from(j.index(":3").toTypedArray() as Uint8Array)).toEqual([0xff, 0xd8, 0xff]);
    const decoded = io.decodeImage(j).to(torch.int32);
    const want = torch.tensor(c.pixels.values, { dtype: torch.int32 }).view(c.pixels.shape).permute([2, 0, 1]);
    expect(decoded.shape).toEqual(want.shape);
    // JPEG at quality 75 of noise: loose, but it must be the same picture
    expect(decoded.sub(want).abs().to(torch.float32).mean().item()).toBeLessThan(40);
  });

  it("bad arguments", () => {
    const x = torch.rand(3, 4, 4);
    expect(() => utils.saveImage(x, join(dir, "a.bmpx"))).toThrow(RangeError);
    expect(() => utils.saveImage(x, join(dir, "noext"))).toThrow(/unknown file extension/);
    expect(() => utils.saveImage(x, 42 as never)).toThrow(TypeError);
    expect(() => utils.saveImage(x, join(dir, "a.png"), { nrows: 2 } as never)).toThrow("makeGrid() got an unexpected keyword argument 'nrows'");
  });
});
