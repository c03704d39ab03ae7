// The type probes of test/types/*.ts fail for the reason they name. `tsc -p tsconfig.test.json` checks
// that each `// @ts-expect-error` line is followed by some error; here every marker is removed and the
// program compiled again with TypeScript's API: the line under each marker must then fail, with the
// error code the marker names (`// @ts-expect-error TS2345 ...`) when it names one, and no other line
// of a probe file may fail (the correct programs there type-check).
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import ts from "typescript";

const root = join(__dirname, "..");
const dir = join(__dirname, "types");
const files = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
const MARKER = /^\s*\/\/ @ts-expect-error(?:\s+(TS\d+))?/;

describe("type probes (test/types/*.ts)", () => {
  it("each @ts-expect-error line fails with the error it names; every other line type-checks", () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.test.json"), {}, {
      ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); },
    })!;
    // marker lines: [file, line] -> the code named (or null)
    const markers = new Map<string, Map<number, string | null>>();
    const unmarked = new Map<string, string>();
    for (const f of files) {
      const lines = readFileSync(f, "utf8").split("\n");
      const m = new Map<number, string | null>();
      lines.forEach((l, i) => {
        const hit = MARKER.exec(l);
        if (hit) { m.set(i + 1, hit[1] ?? null); lines[i] = l.replace("@ts-expect-error", "probe:"); }
      });
      markers.set(ts.sys.resolvePath(f), m);
      unmarked.set(ts.sys.resolvePath(f), lines.join("\n"));
    }
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, onError, create) => {
      const text = unmarked.get(ts.sys.resolvePath(name));
      return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, onError, create);
    };
    const program = ts.createProgram({ rootNames: files, options: { ...config.options, noEmit: true }, host });
    const problems: string[] = [];
    let probes = 0;
    for (const f of files) {
      const sf = program.getSourceFile(f)!;
      const want = markers.get(ts.sys.resolvePath(f))!;
      probes += want.size;
      const got = new Map<number, Set<string>>();
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const line = sf.getLineAndCharacterOfPosition(d.start ?? 0).line;  // 0-based: the line after the marker (1-based)
        if (!got.has(line)) got.set(line, new Set());
        got.get(line)!.add(`TS${d.code}`);
        if (!want.has(line)) problems.push(`${f}:${line + 1}: unexpected ${`TS${d.code}`}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
      }
      for (const [line, code] of want) {
        const codes = got.get(line);
        if (!codes) problems.push(`${f}:${line + 1}: the probe type-checks (expected ${code ?? "an error"})`);
        else if (code !== null && !codes.has(code)) problems.push(`${f}:${line + 1}: expected ${code}, got ${[...codes].join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
    expect(probes).toBeGreaterThanOrEqual(30);
  }, 300_000);
});
