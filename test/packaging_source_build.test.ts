// The source fallback in a user's install (no prebuild matches): the build
// tools are devDependencies, so scripts/build-native.js fetches the versions
// package.json names into build/tools (npm's cache first), and after the build
// keeps only the addon, its sidecar and the stamp in node_modules (no CMake
// files, objects, precompiled header or tools). The compile itself is covered by
// CI's clone build and the workflow's source-fallback step; here, without it.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, dirname, join } from "path";

const root = join(__dirname, "..");
const pkgJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

let tmp: string, pkg: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "torch-node-source-"));
  // the package as a user's node_modules holds it, with no dependency installed beside it
  pkg = join(tmp, "app", "node_modules", "torch-node");
  mkdirSync(join(pkg, "scripts"), { recursive: true });
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  for (const f of ["build-native.js", "libtorch.js", "locate.js"]) cpSync(join(root, "scripts", f), join(pkg, "scripts", f));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** node -e `code` in the copied package, with PATH (npm) and HOME (npm's cache), no NODE_PATH. */
function run(code: string) {
  const env: Record<string, string> = { PATH: [dirname(process.execPath), ...(process.env.PATH || "").split(delimiter)].join(delimiter), HOME: process.env.HOME || tmp };
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return spawnSync(process.execPath, ["-e", code], { cwd: pkg, env, encoding: "utf8", timeout: 170_000 });
}

describe("source build in a user's node_modules", () => {
  it("fetches cmake-js and node-addon-api (the devDependencies' versions) into build/tools when they are not installed", () => {
    const r = run("console.log(JSON.stringify(require('./scripts/build-native.js').buildTools()))");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`fetching the build tools cmake-js@${pkgJson.devDependencies["cmake-js"]} node-addon-api@${pkgJson.devDependencies["node-addon-api"]}`);
    const tools = JSON.parse(r.stdout.trim().split("\n").pop()!) as { cmakeJs: string; addonApi: string };
    const prefix = join(pkg, "build", "tools");
    expect(tools.cmakeJs.startsWith(prefix)).toBe(true);
    expect(existsSync(tools.cmakeJs)).toBe(true);
    expect(existsSync(join(tools.addonApi, "napi.h"))).toBe(true);
    expect(tools.addonApi.startsWith(prefix)).toBe(true);
  });

  it("in a clone they come from node_modules, nothing is fetched", () => {
    const r = spawnSync(process.execPath, ["-e", "console.log(JSON.stringify(require('./scripts/build-native.js').buildTools()))"], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("fetching the build tools");
    expect(existsSync(join(root, "build", "tools"))).toBe(false);
    expect(JSON.parse(r.stdout).cmakeJs).toContain(join("node_modules", "cmake-js"));
  });

  it("after the build only the addon, its sidecar and the stamp stay (no precompiled header, objects or tools)", () => {
    const b = join(pkg, "build");
    for (const f of ["CMakeFiles/torch_node.dir/cmake_pch.hxx.gch", "CMakeFiles/torch_node.dir/binding/ops.cc.o", "CMakeCache.txt", "Makefile",
      "Release/torch_node.node", "Release/torch_node.json", "Release/obj/x.o", "torch-node.stamp", "tools/node_modules/cmake-js/package.json"]) {
      mkdirSync(dirname(join(b, f)), { recursive: true });
      writeFileSync(join(b, f), "x");
    }
    const r = run("require('./scripts/build-native.js').pruneBuild('build')");
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(b).sort()).toEqual(["Release", "torch-node.stamp"]);
    expect(readdirSync(join(b, "Release")).sort()).toEqual(["torch_node.json", "torch_node.node"]);
  });
});
