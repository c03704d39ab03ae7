// What a user gets (#19 item 5): `npm run pack:prebuild` (prebuildify), `npm pack`,
// then the tarball installed into a fresh ES-module project and a fresh CommonJS
// project, once with --ignore-scripts and once with install scripts allowed,
// offline (npm's cache only) and with NO compiler on PATH (PATH is a folder
// holding only node, npm, npx and sh), and one MLP training step in each,
// compared with Python torch (test/fixtures/make_consumer_mlp.py). Records the
// install times and sizes in .ci/consumer-install.json and prints them.
//   npx vitest run --config test/consumer/vitest.config.ts
// TORCH_NODE_CONSUMER_ONLINE=1 lets npm reach the registry for what its cache
// lacks (a fresh CI runner); otherwise --offline.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync, spawnSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import { loadInfo } from "../../src/native";

const root = join(__dirname, "..", "..");
const fixture = JSON.parse(readFileSync(join(root, "test", "fixtures", "consumer_mlp.json"), "utf8")) as { loss0: number; loss1: number };
const tuple = `${process.platform}-${process.arch}`;
const COMPILERS = ["cc", "c++", "gcc", "g++", "clang", "clang++", "cmake", "make", "ninja", "cl"];

/** `name` on the PATH this process has, resolved through symlinks (npm's own script, not a shim). */
function which(name: string): string {
  for (const d of (process.env.PATH || "").split(delimiter)) {
    const f = join(d, name);
    if (d && existsSync(f)) return realpathSync(f);
  }
  throw new Error(`${name} is not on PATH`);
}

function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = join(dir, e.name);
    if (e.isDirectory()) n += du(f);
    else if (e.isFile()) n += statSync(f).size;
  }
  return n;
}

let tmp: string, bin: string, tarball: string;
const pack: { size?: number; unpackedSize?: number; entryCount?: number } = {};
const results: Record<string, unknown>[] = [];

// The environment of every npm and node child: this PATH and the folders that
// hold npm's cache and LibTorch, nothing else of this process (no sanitizer
// preload, no TORCH_NODE_ADDON).
function env(): Record<string, string> {
  const e: Record<string, string> = { PATH: bin, HOME: process.env.HOME || tmpdir(), TMPDIR: tmpdir() };
  for (const k of ["XDG_CACHE_HOME", "TORCH_NODE_CACHE", "npm_config_cache"]) if (process.env[k]) e[k] = process.env[k]!;
  // LibTorch as this process found it: a cache is found again on its own; LIBTORCH / a Python torch are handed on
  if (!loadInfo.libtorch.source.startsWith("cache")) e.LIBTORCH = loadInfo.libtorch.dir;
  return e;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "torch-node-consumer-"));
  if (!existsSync(join(root, "lib", "index.js")) || !existsSync(join(root, "lib", "index.mjs"))) {
    throw new Error("lib/ is not built: run npm run build:ts (npm install does) before the consumer test");
  }
  // the prebuild, made by prebuildify from the addon the suite ran against (no compile here), into prebuilds/
  rmSync(join(root, "prebuilds"), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, "scripts", "prebuild.js"), "--addon", join(root, "build", "Release", "torch_node.node")],
    { cwd: root, stdio: "pipe" });
  // npm pack (--ignore-scripts: prepare would recompile the TypeScript lib/ already holds)
  const out = execFileSync(process.execPath, [which("npm"), "pack", "--ignore-scripts", "--json", "--pack-destination", tmp],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  Object.assign(pack, JSON.parse(out)[0]);
  tarball = join(tmp, (JSON.parse(out)[0] as { filename: string }).filename);
  // a PATH with no compiler: node, npm, npx and the sh npm runs install scripts with
  bin = join(tmp, "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "node"));
  symlinkSync(which("npm"), join(bin, "npm"));
  symlinkSync(which("npx"), join(bin, "npx"));
  symlinkSync(which("sh"), join(bin, "sh"));
}, 300_000);

afterAll(() => {
  if (results.length) {
    const report = { tarball: { size: pack.size, unpackedSize: pack.unpackedSize, entries: pack.entryCount }, installs: results };
    mkdirSync(join(root, ".ci"), { recursive: true });
    writeFileSync(join(root, ".ci", "consumer-install.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`consumer install: tarball ${(pack.size! / 1e6).toFixed(2)} MB, unpacked ${(pack.unpackedSize! / 1e6).toFixed(2)} MB\n` +
      results.map((r) => `  ${r.project} ${r.scripts ? "scripts allowed " : "--ignore-scripts"}: npm install ${r.installSeconds} s, ` +
        `node_modules ${r.nodeModulesMB} MB (torch-node ${r.packageMB} MB), MLP step ${r.loss0} -> ${r.loss1}`).join("\n"));
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(process.platform === "win32")("the packed tarball in a fresh project, no compiler on PATH, offline", () => {
  it("the PATH holds no compiler or build tool", () => {
    expect(readdirSync(bin).sort()).toEqual(["node", "npm", "npx", "sh"]);
    const r = spawnSync("sh", ["-c", `for c in ${COMPILERS.join(" ")}; do command -v $c; done; exit 0`], { env: env(), encoding: "utf8" });
    expect(r.stdout).toBe("");
    const files = (pack as { files?: { path: string }[] }).files!.map((f) => f.path);
    expect(files).toContain(`prebuilds/${tuple}/torch-node.cpu.napi${process.platform === "linux" ? ".glibc" : ""}.node`);
  });

  for (const kind of ["esm", "cjs"] as const) {
    for (const scripts of [false, true]) {
      it(`${kind === "esm" ? "ES module" : "CommonJS"} project, ${scripts ? "install scripts allowed" : "--ignore-scripts"}: installs from the prebuild and trains one MLP step`, () => {
        const app = join(tmp, `${kind}-${scripts ? "scripts" : "noscripts"}`);
        mkdirSync(app);
        writeFileSync(join(app, "package.json"), JSON.stringify({ name: `consumer-${kind}`, version: "1.0.0", private: true, ...(kind === "esm" ? { type: "module" } : {}) }));
        const args = ["install", process.env.TORCH_NODE_CONSUMER_ONLINE ? "--prefer-offline" : "--offline", "--no-audit", "--no-fund",
          "--foreground-scripts", ...(scripts ? [] : ["--ignore-scripts"]), tarball];
        const t0 = process.hrtime.bigint();
        const r = spawnSync(join(bin, "npm"), args, { cwd: app, env: env(), encoding: "utf8", timeout: 170_000 });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        const pkg = join(app, "node_modules", "torch-node");
        const log = `${r.stdout}\n${r.stderr}`;
        // no compiler was invoked: the install script took the prebuild, and nothing was built
        if (scripts) expect(log).toMatch(/torch-node: using the prebuilt addon prebuilds\/.+ with LibTorch /);
        else expect(log).not.toContain("torch-node:");
        expect(log).not.toMatch(/building the native addon|cmake-js|fetching the build tools/);
        expect(existsSync(join(pkg, "build"))).toBe(false);
        // no generator inputs, sources of tests or build leftovers in the installed package
        expect(readdirSync(pkg)).toEqual(expect.arrayContaining(["LICENSE", "README.md", "lib", "package.json", "prebuilds", "scripts"]));
        expect(readdirSync(pkg).filter((f) => /^(src|test|bench|examples|docs|build|build-asan)$/.test(f))).toEqual([]);
        expect(readdirSync(join(pkg, "scripts")).sort()).toEqual(["build-native.js", "cli.js", "download.js", "install.js", "libtorch.js", "locate.js", "untar.js", "unzip.js"]);
        // the build tools are not runtime dependencies, nor what Node's zlib replaces
        for (const tool of ["cmake-js", "node-addon-api", "prebuildify", "tar", "yauzl", "fflate"]) expect(existsSync(join(app, "node_modules", tool)), tool).toBe(false);

        const file = `mlp.${kind === "esm" ? "mjs" : "cjs"}`;
        cpSync(join(__dirname, file), join(app, file));
        const run = spawnSync(join(bin, "node"), [file], { cwd: app, env: env(), encoding: "utf8", timeout: 120_000 });
        expect(run.status, run.stderr).toBe(0);
        const out = JSON.parse(run.stdout) as { loss0: number; loss1: number; addon: string; libtorch: string };
        expect(realpathSync(out.addon)).toBe(realpathSync(join(pkg, "prebuilds", tuple, `torch-node.cpu.napi${process.platform === "linux" ? ".glibc" : ""}.node`)));
        // Python's numbers (float32 through a 4-16-1 MLP: rtol 1e-5 on any CPU's kernels)
        expect(Math.abs(out.loss0 - fixture.loss0) / fixture.loss0).toBeLessThan(1e-5);
        expect(Math.abs(out.loss1 - fixture.loss1) / fixture.loss1).toBeLessThan(1e-5);
        expect(out.loss1).toBeLessThan(out.loss0);
        results.push({
          project: kind, scripts, installSeconds: Number(seconds.toFixed(2)),
          nodeModulesMB: Number((du(join(app, "node_modules")) / 1e6).toFixed(2)), packageMB: Number((du(pkg) / 1e6).toFixed(2)),
          loss0: out.loss0, loss1: out.loss1,
        });
      });
    }
  }
});
