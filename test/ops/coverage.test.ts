// Coverage of the Python-visible aten surface: every public torch.* function,
// Tensor method, torch.linalg/fft/special function that is an aten operator in
// the linked LibTorch must be callable from torch-node (>= 95%); the rest are
// listed with the reason.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { Tensor } from "../../src";
import { native } from "../../src/native";
import { NOT_GENERATED } from "../../src/generated/ops";

const names = JSON.parse(readFileSync(join(__dirname, "..", "..", "scripts", "gen", "python-names.json"), "utf8"));
const aten = new Set(native.listOps().filter((o) => o.startsWith("aten::")).map((o) => o.slice(6).split(".")[0]));
const camel = (s: string): string => (s.endsWith("_") ? camel(s.slice(0, -1)) + "_" : s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));

interface Area {
  area: string;
  list: string[];
  atenName: (n: string) => string;
  jsName: (n: string) => string;
  has: (js: string) => boolean;
}
const ns = torch as unknown as Record<string, Record<string, unknown>>;
const areas: Area[] = [
  { area: "torch", list: names.functions, atenName: (n) => n, jsName: camel, has: (j) => typeof ns[j] === "function" },
  { area: "Tensor", list: names.methods, atenName: (n) => n, jsName: camel, has: (j) => typeof (Tensor.prototype as unknown as Record<string, unknown>)[j] === "function" },
  { area: "linalg", list: names.linalg, atenName: (n) => n, jsName: (n) => camel(n.replace(/^linalg_/, "")), has: (j) => typeof ns.linalg?.[j] === "function" },
  { area: "fft", list: names.fft, atenName: (n) => n, jsName: (n) => camel(n.replace(/^fft_/, "")), has: (j) => typeof ns.fft?.[j] === "function" },
  { area: "special", list: names.special, atenName: (n) => n, jsName: (n) => camel(n.replace(/^special_/, "")), has: (j) => typeof ns.special?.[j] === "function" },
];

describe("op surface coverage", () => {
  it("covers at least 95% of the Python-visible aten operators", () => {
    let total = 0, covered = 0;
    const missing: string[] = [];
    for (const a of areas) {
      for (const n of a.list) {
        if (n.replace(/^(linalg|fft|special)_/, "").startsWith("_") || !aten.has(a.atenName(n))) continue;
        total++;
        if (a.has(a.jsName(n))) covered++;
        else missing.push(`${a.area}.${a.jsName(n)}: ${NOT_GENERATED[`${a.area}.${a.jsName(n)}`] ?? "NO REASON RECORDED"}`);
      }
    }
    const pct = (100 * covered) / total;
    console.log(`op surface: ${covered}/${total} = ${pct.toFixed(1)}% of the Python-visible aten operators; not covered:\n  ${missing.join("\n  ")}`);
    for (const m of missing) expect(m).not.toContain("NO REASON RECORDED");
    expect(total).toBeGreaterThan(1000);
    expect(pct).toBeGreaterThanOrEqual(95);
  });
});
