// Runs every ```ts example of docs/sparse.md (transpiled, with "torch-node" resolved to src/) and compares
// what it prints with the ```text block that follows it.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { inspect } from "util";
import * as ts from "typescript";
import * as torchNode from "../../src";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "sparse.md"), "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```\n\n```text\n([\s\S]*?)```/g)].map((m) => ({ code: m[1], out: m[2] }));

function run(code: string): string {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const lines: string[] = [];
  const fakeConsole = { log: (...a: unknown[]) => lines.push(a.map((x) => (typeof x === "string" ? x : inspect(x))).join(" ")) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = (m: string) => (m === "torch-node" ? { ...torchNode, __esModule: true } : require(m));
  new Function("require", "exports", "console", js)(req, {}, fakeConsole);
  return lines.join("\n") + "\n";
}

describe("docs/sparse.md", () => {
  it("has examples", () => expect(blocks.length).toBeGreaterThanOrEqual(8));
  blocks.forEach((b, k) => {
    it(`example ${k + 1} prints what the page shows`, () => {
      expect(run(b.code)).toBe(b.out);
    });
  });
});
