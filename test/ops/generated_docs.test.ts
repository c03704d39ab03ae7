// The generated declarations (src/generated/ops.ts, made by scripts/gen-ops.js): every generated name
// carries a doc comment with its Python signature and, where PyTorch documents it on a page of its
// own, the link to that page (rule in docs/architecture.md); no signature takes `options?: {}`.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";

const text = readFileSync(join(__dirname, "..", "..", "src", "generated", "ops.ts"), "utf8");
const body = (iface: string): string => {
  const i = text.indexOf(`export interface ${iface} {`);
  return text.slice(i, text.indexOf("\n}\n", i));
};
/** The doc comment right above the first overload of `name` in interface `iface`. */
function docOf(iface: string, name: string): string {
  const b = body(iface);
  const at = b.search(new RegExp(`\\n  ${name}\\(`));
  expect(at, `${iface}.${name} is generated`).toBeGreaterThan(0);
  const open = b.lastIndexOf("/**", at);
  const close = b.indexOf("*/", open);
  expect(close).toBeLessThan(at);
  expect(b.slice(close + 2, at).trim()).toBe(""); // the comment belongs to this overload
  return b.slice(open, close);
}
const DOCS = "https://pytorch.org/docs/stable/";

describe("generated op declarations", () => {
  it("carry the Python signature and the page in PyTorch's docs", () => {
    const cases: [string, string, string, string | null][] = [
      ["GeneratedTensorMethods", "topk", "`Tensor.topk(k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> (values: Tensor, indices: Tensor)`", `${DOCS}generated/torch.Tensor.topk.html`],
      ["GeneratedTensorMethods", "cumsum", "`Tensor.cumsum(dim: int, *, dtype: dtype | None = None) -> Tensor`", `${DOCS}generated/torch.Tensor.cumsum.html`],
      ["GeneratedTensorMethods", "absolute", "`Tensor.absolute() -> Tensor`", `${DOCS}generated/torch.Tensor.absolute.html`],
      ["GeneratedTorchFunctions", "cumsum", "`torch.cumsum(input: Tensor, dim: int, *, dtype: dtype | None = None, out: Tensor | None = None) -> Tensor`", `${DOCS}generated/torch.cumsum.html`],
      // no torch.conv2d page: F's
      ["GeneratedTorchFunctions", "conv2d", "`torch.conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: int | Sequence[int] = 1, padding: int | Sequence[int] = 0, dilation: int | Sequence[int] = 1, groups: int = 1) -> Tensor`", `${DOCS}generated/torch.nn.functional.conv2d.html`],
      ["GeneratedLinalg", "vectorNorm", "torch.linalg.vector_norm(", `${DOCS}generated/torch.linalg.vector_norm.html`],
      ["GeneratedFft", "rfft", "`torch.fft.rfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *, out: Tensor | None = None) -> Tensor`", `${DOCS}generated/torch.fft.rfft.html`],
      ["GeneratedSpecial", "logit", "`torch.special.logit(input: Tensor, eps: float | None = None, *, out: Tensor | None = None) -> Tensor`", `${DOCS}special.html#torch.special.logit`],
      // undocumented in PyTorch: no link
      ["GeneratedTorchFunctions", "constantPadNd", "torch.constant_pad_nd(", null],
    ];
    for (const [iface, name, sig, link] of cases) {
      const doc = docOf(iface, name);
      expect(doc, `${iface}.${name}`).toContain(sig);
      if (link) expect(doc).toContain(`@see ${link}\n`);
      else expect(doc).not.toContain("@see");
    }
  });

  it("list every Python signature on a name's first overload", () => {
    const doc = docOf("GeneratedTorchFunctions", "max");
    expect(doc).toContain("- `torch.max(input: Tensor, *, out: Tensor | None = None) -> Tensor`");
    expect(doc).toContain("- `torch.max(input: Tensor, dim: int, keepdim: bool = False, *, out: Tensor | Sequence[Tensor] | None = None) -> (values: Tensor, indices: Tensor)`");
    expect(doc).toContain("@returns an object { values, indices } that also destructures as an array");
  });

  it("give every generated name a doc comment and no `options?: {}`", () => {
    for (const iface of ["GeneratedTensorMethods", "GeneratedTorchFunctions", "GeneratedLinalg", "GeneratedFft", "GeneratedSpecial"]) {
      const b = body(iface);
      expect(b).not.toContain("options?: {}");
      expect(b).not.toContain("options: {}");
      const lines = b.split("\n");
      let previous = "";
      for (let k = 0; k < lines.length; k++) {
        const m = /^ {2}(\w+)\(/.exec(lines[k]);
        if (!m) continue;
        // the first overload of each name follows a doc comment
        if (m[1] !== previous) expect(lines[k - 1], `${iface}.${m[1]}`).toBe("   */");
        previous = m[1];
      }
      for (const url of b.match(/@see \S+/g) ?? [])
        expect(url).toMatch(/^@see https:\/\/pytorch\.org\/docs\/stable\/(generated\/torch\.[\w.]+\.html|special\.html#torch\.special\.\w+)$/);
    }
  });
});
