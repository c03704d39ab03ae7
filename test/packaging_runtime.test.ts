// LibTorch located at run time (scripts/locate.js, src/native.ts): the addon has
// no rpath into a user folder, a moved cache or a copied package still loads,
// a wrong LIBTORCH or a missing addon / LibTorch gives one clear error naming
// the command to run, and `npx torch-node doctor` says what it found.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync, spawnSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { native, loadInfo } from "../src/native";

const root = join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const locate = require("../scripts/locate.js") as {
  neededLibraries(file: string): string[] | null;
  readVersion(dir: string): string | null;
  TORCH_VERSION: string;
};
const realLibtorch = loadInfo.libtorch.dir;
const addon = loadInfo.addon;
// the normal build (under `npm run test:asan` this process runs the sanitizer build, which children cannot load without its runtime)
const builtAddon = join(root, "build", "Release", "torch_node.node");
const linux = process.platform === "linux";

/** A LibTorch folder at `dest` whose lib/ files are symlinks to the real ones (a moved cache, without copying 450 MB). */
function libtorchFarm(dest: string, version?: string): string {
  if (existsSync(join(dest, "build-version"))) return dest;
  mkdirSync(join(dest, "lib"), { recursive: true });
  for (const f of readdirSync(join(realLibtorch, "lib"))) symlinkSync(join(realLibtorch, "lib", f), join(dest, "lib", f));
  writeFileSync(join(dest, "build-version"), `${version ?? loadInfo.libtorch.full}\n`);
  return dest;
}

/** This package copied to `<app>/node_modules/torch-node` (lib/, scripts/, the addon), its dependencies linked. */
function copyPackage(app: string, { withAddon = true } = {}): string {
  const pkg = join(app, "node_modules", "torch-node");
  if (existsSync(pkg)) return pkg;
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  cpSync(join(root, "lib"), join(pkg, "lib"), { recursive: true });
  cpSync(join(root, "scripts"), join(pkg, "scripts"), { recursive: true });
  if (withAddon) {
    mkdirSync(join(pkg, "build", "Release"), { recursive: true });
    for (const f of ["torch_node.node", "torch_node.json"]) {
      const src = join(dirname(builtAddon), f);
      if (existsSync(src)) cpSync(src, join(pkg, "build", "Release", f));
    }
  }
  symlinkSync(join(root, "node_modules"), join(pkg, "node_modules"));
  return pkg;
}

/** A child `node -e` in `cwd` with only the variables given (HOME an empty folder unless set). */
function child(cwd: string, code: string, env: Record<string, string>) {
  const base: Record<string, string> = { PATH: dirname(process.execPath), HOME: join(tmp, "empty-home") };
  return spawnSync(process.execPath, ["-e", code], { cwd, env: { ...base, ...env }, encoding: "utf8", timeout: 120_000 });
}

const PROBE = `const { torch } = require('torch-node'); const info = require(require.resolve('torch-node/package.json').replace('package.json', 'lib/native.js')).loadInfo;
console.log(JSON.stringify({ dir: info.libtorch.dir, source: info.libtorch.source, sum: torch.arange(5).sum().item(), mm: torch.ones(2, 3).matmul(torch.ones(3, 2)).tolist() }));`;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "torch-node-runtime-"));
  mkdirSync(join(tmp, "empty-home"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the addon carries no path to LibTorch", () => {
  it.runIf(linux)("readelf -d shows no RUNPATH/RPATH (LibTorch is preloaded by absolute path)", () => {
    for (const file of new Set([builtAddon, addon])) {  // the normal build, and the one loaded (the sanitizer build under test:asan)
      const dyn = execFileSync("readelf", ["-d", file], { encoding: "utf8" });
      expect(dyn).toMatch(/NEEDED.*\[libc10\.so\]/);
      expect(dyn).not.toMatch(/RUNPATH|RPATH/);
      expect(dyn).not.toContain(realLibtorch);
    }
  });

  it.runIf(linux)("the addon's DT_NEEDED, read without readelf, lists the LibTorch libraries", () => {
    const needed = locate.neededLibraries(builtAddon)!;
    expect(needed.slice(0, 2)).toEqual(["libc10.so", "libtorch_cpu.so"]);
    const dyn = execFileSync("readelf", ["-d", builtAddon], { encoding: "utf8" });
    const fromReadelf = [...dyn.matchAll(/NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    expect(needed).toEqual(fromReadelf);
  });

  it("this process loaded LibTorch from the folder it found, by absolute path", () => {
    expect(native.version()).toBe(locate.readVersion(realLibtorch)!.split("+")[0]);
    expect(loadInfo.preloaded[0]).toBe(join(loadInfo.libtorch.libDir, process.platform === "win32" ? "c10.dll" : process.platform === "darwin" ? "libc10.dylib" : "libc10.so"));
    if (linux) {
      const maps = readFileSync("/proc/self/maps", "utf8");
      expect(maps).toMatch(/libtorch_cpu\.so/);
    }
  });
});

describe("LibTorch found at run time", () => {
  it("a moved cache: TORCH_NODE_CACHE pointing at it works", () => {
    const cache = join(tmp, "moved-cache");
    libtorchFarm(join(cache, `libtorch-${locate.TORCH_VERSION}-cpu`));
    const app = join(tmp, "app-moved");
    copyPackage(app);
    const r = child(app, PROBE, { TORCH_NODE_CACHE: cache });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.dir).toBe(join(cache, `libtorch-${locate.TORCH_VERSION}-cpu`));
    expect(out.source).toContain("TORCH_NODE_CACHE");
    expect(out.sum).toBe(10);
    expect(out.mm).toEqual([[3, 3], [3, 3]]);
  });

  it("the package and the cache copied elsewhere (a Docker stage): found in ~/.cache and in node_modules/.cache", () => {
    const home = join(tmp, "other-home");
    libtorchFarm(join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const app = join(tmp, "app-copied");
    copyPackage(app);
    const r = child(app, PROBE, { HOME: home });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ dir: join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`), sum: 10 });

    // project-local: <project>/node_modules/.cache/torch-node, with an empty HOME
    const local = join(app, "node_modules", ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`);
    libtorchFarm(local);
    const r2 = child(app, PROBE, {});
    expect(r2.stderr).toBe("");
    expect(JSON.parse(r2.stdout)).toMatchObject({ dir: local, source: expect.stringContaining("project-local"), sum: 10 });
  });

  it("ESM import of the copied package works the same", () => {
    const app = join(tmp, "app-copied");
    copyPackage(app);
    libtorchFarm(join(tmp, "other-home", ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", "import torch from 'torch-node'; console.log(torch.tensor([1, 2, 3]).sum().item())"],
      { cwd: app, env: { PATH: dirname(process.execPath), HOME: join(tmp, "other-home") }, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("6");
  });

  it("a stale record of the install folder is skipped with its reason", () => {
    const app = join(tmp, "app-stale");
    const pkg = copyPackage(app);
    libtorchFarm(join(tmp, "other-home", ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    writeFileSync(join(pkg, ".torch-node.json"), JSON.stringify({ libtorch: join(tmp, "cleaned-cache", "libtorch-x"), source: "cache" }));
    const home = join(tmp, "other-home");
    const r = child(app, PROBE, { HOME: home });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).dir).toBe(join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const doc = child(app, `process.argv = ['node', 'cli', 'doctor']; require('./node_modules/torch-node/scripts/cli.js').main(['doctor']).then((c) => process.exitCode = c)`, { HOME: home });
    expect(doc.stdout).toContain(`- recorded by install (cache): ${join(tmp, "cleaned-cache", "libtorch-x")} rejected: does not exist`);
  });

  // the oracle venv's Python torch (a dev machine's; a fresh clone in CI has none)
  const venvPython = join(root, ".oracle-venv", "bin", "python");
  it.runIf(existsSync(venvPython))("a Python torch of the same version: probed once, then found through the record without Python", () => {
    const app = join(tmp, "app-python");
    const pkg = copyPackage(app);
    const r = child(app, PROBE, { PYTHON: venvPython });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.source).toBe(`Python torch (${venvPython})`);
    expect(existsSync(join(out.dir, "version.py"))).toBe(true);
    expect(out.sum).toBe(10);
    const rec = JSON.parse(readFileSync(join(pkg, ".torch-node.json"), "utf8"));
    expect(rec).toMatchObject({ libtorch: out.dir, source: "python" });
    // no Python reachable now: the record is checked with a few stats
    const r2 = child(app, PROBE, { PYTHON: join(tmp, "no-python") });
    expect(r2.stderr).toBe("");
    expect(JSON.parse(r2.stdout)).toMatchObject({ dir: out.dir, source: "recorded by install (python)", sum: 10 });
  });

  it("LIBTORCH wins, and a wrong LIBTORCH is one clear error naming what was tried", () => {
    const app = join(tmp, "app-lt");
    copyPackage(app);
    libtorchFarm(join(tmp, "other-home", ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const good = libtorchFarm(join(tmp, "explicit-libtorch"));
    const r = child(app, PROBE, { LIBTORCH: good, HOME: join(tmp, "other-home") });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ dir: good, source: "LIBTORCH", sum: 10 });

    const bad = child(app, "require('torch-node')", { LIBTORCH: join(tmp, "nonexistent"), HOME: join(tmp, "other-home") });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain(`torch-node: LIBTORCH=${join(tmp, "nonexistent")} is not a usable LibTorch ${locate.TORCH_VERSION} (cpu) folder.`);
    expect(bad.stderr).toContain(`- LIBTORCH: ${join(tmp, "nonexistent")} does not exist`);
    expect(bad.stderr).toContain("npx torch-node install");
    // never falls back silently past an explicit LIBTORCH (the ~/.cache copy was usable)
    expect(bad.stderr.match(/^ {2}- /gm)).toHaveLength(1);

    const noLib = join(tmp, "not-libtorch");
    mkdirSync(noLib);
    const bad2 = child(app, "require('torch-node')", { LIBTORCH: noLib });
    expect(bad2.stderr).toContain(`- LIBTORCH: ${noLib} has no lib/ folder`);
  });

  it("a LibTorch of another version is rejected with the reason", () => {
    const app = join(tmp, "app-lt");
    copyPackage(app);
    libtorchFarm(join(tmp, "other-home", ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const old = libtorchFarm(join(tmp, "old-libtorch"), "2.12.0+cpu");
    const r = child(app, "require('torch-node')", { LIBTORCH: old });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`- LIBTORCH: ${old} is LibTorch 2.12.0+cpu, but this addon was built against LibTorch ${locate.TORCH_VERSION}+cpu`);

    // in the cache it is skipped, and the next candidate is used
    const cache = join(tmp, "cache-with-old");
    libtorchFarm(join(cache, "libtorch-2.12.0-cpu"), "2.12.0+cpu");
    const r2 = child(app, PROBE, { TORCH_NODE_CACHE: cache, HOME: join(tmp, "other-home") });
    expect(r2.stderr).toBe("");
    expect(JSON.parse(r2.stdout).dir).toBe(join(tmp, "other-home", ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
  });
});

describe("TORCH_NODE_ADDON (the sanitizer build's switch)", () => {
  it("loads the addon named (relative to the current directory) with the LibTorch found; a missing one is named", () => {
    const app = join(tmp, "app-addon-env");
    copyPackage(app, { withAddon: false });
    mkdirSync(join(app, "custom"));
    cpSync(builtAddon, join(app, "custom", "torch_node.node"));
    cpSync(builtAddon.replace(/\.node$/, ".json"), join(app, "custom", "torch_node.json"));
    const home = join(tmp, "other-home");
    libtorchFarm(join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const r = child(app, PROBE.replace("dir: info.libtorch.dir", "dir: info.addon"), { HOME: home, TORCH_NODE_ADDON: "custom/torch_node.node" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ dir: join(app, "custom", "torch_node.node"), sum: 10 });
    const bad = child(app, "require('torch-node')", { HOME: home, TORCH_NODE_ADDON: "custom/nope.node" });
    expect(bad.stderr).toContain(`torch-node: the native addon TORCH_NODE_ADDON=custom/nope.node (${join(app, "custom", "nope.node")}) does not exist.`);
  });
});

describe("prebuilds (scripts/prebuild.js: prebuildify, loaded by node-gyp-build)", () => {
  it("a package with only prebuilds/ (no build/) loads the stripped prebuild; the variant tag picks among several", async () => {
    const app = join(tmp, "app-prebuilt");
    const pkg = copyPackage(app, { withAddon: false });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { prebuild } = require("../scripts/prebuild.js") as { prebuild(o: { addon: string; dest: string }): Promise<string> };
    const file = await prebuild({ addon: builtAddon, dest: pkg });
    const tuple = `${process.platform}-${process.arch}`;
    const name = `torch-node.cpu.napi${linux ? ".glibc" : ""}`;
    expect(file).toBe(join(pkg, "prebuilds", tuple, `${name}.node`));
    expect(readdirSync(join(pkg, "prebuilds", tuple)).sort()).toEqual([`${name}.json`, `${name}.node`]);
    expect(existsSync(builtAddon)).toBe(true);  // prebuildify moved a copy, not the build
    const side = JSON.parse(readFileSync(join(pkg, "prebuilds", tuple, `${name}.json`), "utf8"));
    expect(side).toMatchObject({ version: locate.TORCH_VERSION, variant: "cpu" });
    expect(side.builtAgainst).toBeUndefined();
    if (linux) expect(execFileSync("readelf", ["-S", file], { encoding: "utf8" })).not.toContain(".symtab");
    const home = join(tmp, "other-home");
    libtorchFarm(join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const probe = PROBE.replace("dir: info.libtorch.dir", "dir: info.addon");
    const r = child(app, probe, { HOME: home });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ dir: file, sum: 10 });

    // a second variant's prebuild beside it (a copy of the cpu one, tagged cu128)
    const cu = join(pkg, "prebuilds", tuple, `${name.replace(".cpu.", ".cu128.")}.node`);
    cpSync(file, cu);
    writeFileSync(cu.replace(/\.node$/, ".json"), JSON.stringify({ ...side, variant: "cu128" }));
    // picked by TORCH_NODE_VARIANT
    const r2 = child(app, probe, { HOME: home, TORCH_NODE_VARIANT: "cu128" });
    expect(r2.stderr).toBe("");
    expect(JSON.parse(r2.stdout).dir).toBe(cu);
    // a variant with no prebuild is one clear error
    const r3 = child(app, "try { require('torch-node') } catch (e) { console.error(e.message); process.exit(3) }", { HOME: home, TORCH_NODE_VARIANT: "cu126" });
    expect(r3.status).toBe(3);
    expect(r3.stderr).toContain("TORCH_NODE_VARIANT=cu126: this package has no prebuilt addon for cu126");
    expect(r3.stderr).toContain("(it has cpu, cu128)");
    // without TORCH_NODE_VARIANT: the variant of the LibTorch found (a cu128 LibTorch in the cache -> the cu128 prebuild)
    const cudaHome = join(tmp, "cuda-home");
    libtorchFarm(join(cudaHome, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cu128`), `${locate.TORCH_VERSION}+cu128`);
    const r4 = child(app, probe, { HOME: cudaHome });
    expect(r4.stderr).toBe("");
    expect(JSON.parse(r4.stdout).dir).toBe(cu);
    // and the cpu one with the cpu LibTorch
    expect(JSON.parse(child(app, probe, { HOME: home }).stdout).dir).toBe(file);
  });
});

describe("install scripts blocked (npm install --ignore-scripts, pnpm without approve-builds)", () => {
  it("no addon built: one error naming npm rebuild / pnpm approve-builds", () => {
    const app = join(tmp, "app-noscripts");
    copyPackage(app, { withAddon: false });
    const r = child(app, "require('torch-node')", { HOME: join(tmp, "other-home") });
    expect(r.status).not.toBe(0);
    const msgs = r.stderr.match(/torch-node: /g) ?? [];
    expect(msgs.length).toBe(1);
    expect(r.stderr).toContain("torch-node: the native addon is not built");
    expect(r.stderr).toContain("npm rebuild torch-node");
    expect(r.stderr).toContain("pnpm approve-builds");
    expect(r.stderr).not.toContain("npm install` in");  // the old advice (fails with TS5058)
    const esm = spawnSync(process.execPath, ["--input-type=module", "-e", "import torch from 'torch-node'"],
      { cwd: app, env: { PATH: dirname(process.execPath), HOME: join(tmp, "empty-home") }, encoding: "utf8" });
    expect(esm.stderr).toContain("npm rebuild torch-node");
  });

  it("no LibTorch anywhere: one error naming npx torch-node install and every place looked at", () => {
    const app = join(tmp, "app-bare");
    copyPackage(app);
    const r = child(app, "try { require('torch-node') } catch (e) { console.error(e.code); console.error(e.message); process.exit(3) }", {});
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^TORCH_NODE_NO_LIBTORCH\n/);
    expect(r.stderr).toContain(`torch-node: LibTorch ${locate.TORCH_VERSION} (cpu) was not found.`);
    expect(r.stderr).toContain("Run `npx torch-node install` to install it into");
    expect(r.stderr).toContain("- Python torch: no python3 with torch installed");
  });
});

describe("npx torch-node doctor", () => {
  it("prints the LibTorch used, the addon, CUDA/MPS, and why other candidates were rejected", () => {
    const cache = join(tmp, "doctor-cache");
    libtorchFarm(join(cache, "libtorch-2.12.0-cpu"), "2.12.0+cpu");
    const home = join(tmp, "other-home");
    libtorchFarm(join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`));
    const app = join(tmp, "app-lt");
    copyPackage(app);
    const r = spawnSync(process.execPath, [join(app, "node_modules", "torch-node", "scripts", "cli.js"), "doctor"],
      { cwd: app, env: { PATH: dirname(process.execPath), HOME: home, TORCH_NODE_CACHE: cache }, encoding: "utf8" });
    expect(r.status).toBe(0);
    const lt = join(home, ".cache", "torch-node", `libtorch-${locate.TORCH_VERSION}-cpu`);
    expect(r.stdout).toContain(`addon: ${join(app, "node_modules", "torch-node", "build", "Release", "torch_node.node")}`);
    expect(r.stdout).toContain(`LibTorch: ${lt}\n  version ${locate.TORCH_VERSION}, variant cpu, found by: cache (${join(home, ".cache", "torch-node")})`);
    expect(r.stdout).toContain(`- cache (TORCH_NODE_CACHE=${cache}): ${join(cache, "libtorch-2.12.0-cpu")} rejected: is LibTorch 2.12.0+cpu, but this addon was built against LibTorch ${locate.TORCH_VERSION}+cpu`);
    expect(r.stdout).toContain(`* cache (${join(home, ".cache", "torch-node")}): ${lt} (used)`);
    expect(r.stdout).toMatch(new RegExp(`loaded: .*torch_node\\.node with LibTorch ${locate.TORCH_VERSION.replace(/\./g, "\\.")}`));
    expect(r.stdout).toMatch(/^CUDA: (available|compiled in|not compiled in)/m);
    expect(r.stdout).toMatch(/^MPS: (available|not available)$/m);
    expect(r.stdout).toContain("- Python torch: rejected: no python3 with torch installed");
  });

  it("without LibTorch it says so and exits 1", () => {
    const app = join(tmp, "app-bare");
    copyPackage(app);
    const r = spawnSync(process.execPath, [join(app, "node_modules", "torch-node", "scripts", "cli.js"), "doctor"],
      { cwd: app, env: { PATH: dirname(process.execPath), HOME: join(tmp, "empty-home") }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("LibTorch: not found. Run `npx torch-node install`");
  });
});
