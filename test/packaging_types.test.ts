// The published types fit every project: the package is built fresh (tsc + scripts/build-esm.js) into a
// staging folder and packed with `npm pack`; @arethetypeswrong/cli and `publint --strict` find nothing in
// the tarball; a fresh ESM project (`"type": "module"`, `module: nodenext`) and a fresh CommonJS project
// (TypeScript and checked JavaScript) install it from the tarball, type-check with skipLibCheck off
// (so our .d.ts/.d.mts files are checked too), and their compiled programs run.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, dirname, join } from "path";
import { loadInfo } from "../src/native";

const root = join(__dirname, "..");
const bin = join(root, "node_modules", ".bin");
const builtAddon = join(root, "build", "Release", "torch_node.node");
const pkgJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[]; version: string };

let tmp: string;
let tarball: string;

/**
 * Runs a command (the tools of node_modules/.bin first on PATH) without blocking this worker (tsc over
 * the package takes a while; a blocked worker misses vitest's RPC deadlines); its status and output.
 */
function run(cmd: string, args: string[], cwd: string, env?: Record<string, string>): Promise<{ status: number | null; stdout: string; out: string }> {
  // the tools run as plain Node programs: not under test:asan's sanitizer preload, whose runtime a child need not load
  const { LD_PRELOAD, ASAN_OPTIONS, UBSAN_OPTIONS, TORCH_NODE_ADDON, ...base } = process.env;
  void LD_PRELOAD; void ASAN_OPTIONS; void UBSAN_OPTIONS; void TORCH_NODE_ADDON;
  const fullEnv = env ?? { ...base, PATH: `${bin}${delimiter}${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` };
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, env: fullEnv, shell: process.platform === "win32" });
    let stdout = "", out = "";
    const timer = setTimeout(() => p.kill(), 240_000);
    p.stdout.on("data", (d) => { stdout += String(d); out += String(d); });
    p.stderr.on("data", (d) => { out += String(d); });
    p.on("error", (e) => { out += String(e); });
    p.on("close", (status) => { clearTimeout(timer); resolve({ status, stdout, out }); });
  });
}

/** A fresh project at `dir` with the packed torch-node extracted into node_modules (and @types/node linked). */
function project(dir: string, pkg: object, tsconfig: object, sources: Record<string, string>): void {
  const mod = join(dir, "node_modules", "torch-node");
  mkdirSync(mod, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("tar") as { x(o: object): void }).x({ file: tarball, cwd: mod, strip: 1, sync: true });
  // its runtime dependencies (what `npm install` would put there); no network here
  symlinkSync(join(root, "node_modules"), join(mod, "node_modules"), "junction");
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"), "junction");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, ...pkg }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  for (const [f, s] of Object.entries(sources)) writeFileSync(join(dir, f), s);
}

/** Runs a compiled consumer program with this checkout's addon and LibTorch. */
function runNode(dir: string, file: string) {
  return run(process.execPath, [file], dir,
    { PATH: dirname(process.execPath), HOME: join(tmp, "home"), LIBTORCH: loadInfo.libtorch.dir, TORCH_NODE_ADDON: builtAddon });
}
const tsc = (project: string) => run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", project], project);

const compilerOptions = { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, skipLibCheck: false, types: ["node"], outDir: "out" };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "torch-node-types-"));
  mkdirSync(join(tmp, "home"));
  // the package as `npm pack` would make it, built from this checkout's sources (not a possibly stale lib/)
  const stage = join(tmp, "stage");
  mkdirSync(stage);
  for (const f of ["package.json", "README.md", "LICENSE", ...pkgJson.files]) {
    const src = join(root, f);
    if (f.replace(/\/$/, "") !== "lib" && f !== "prebuilds/" && existsSync(src)) cpSync(src, join(stage, f), { recursive: true });
  }
  const build = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json"), "--outDir", join(stage, "lib")], root);
  expect(build.out).toBe("");
  const esm = await run(process.execPath, [join(root, "scripts", "build-esm.js"), join(stage, "lib")], root);
  expect(esm.status, esm.out).toBe(0);
  const pack = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", tmp], stage);
  expect(pack.status, pack.out).toBe(0);
  tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith(".tgz"))!);
  expect(tarball).toContain(`torch-node-${pkgJson.version}.tgz`);
}, 300_000);
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe("the packed package's types", () => {
  it("ships an ES module declaration beside each ESM entry", async () => {
    const list = (await run("tar", ["tzf", tarball], tmp)).out;
    for (const f of ["lib/index.d.mts", "lib/safetensors.d.mts", "lib/vision/index.d.mts", "lib/index.mjs", "lib/index.d.ts"])
      expect(list).toContain(`package/${f}`);
  });

  it("the published declarations leave out @internal members (tsconfig stripInternal)", () => {
    const dir = join(tmp, "extract");
    mkdirSync(dir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("tar") as { x(o: object): void }).x({ file: tarball, cwd: dir, strip: 1, sync: true });
    const tensorDts = readFileSync(join(dir, "lib", "tensor.d.ts"), "utf8");
    const moduleDts = readFileSync(join(dir, "lib", "nn", "module.d.ts"), "utf8");
    expect(tensorDts).toMatch(/\bitem<T extends number \| boolean = number>\(\): T;/);  // public members stay
    expect(moduleDts).toMatch(/\bforward\(/);
    for (const internal of ["wrapSelf(", "_h:"]) expect(tensorDts).not.toContain(internal);
    for (const internal of ["_forwardHooks", "_self:", "export declare function wrapModule"]) expect(moduleDts).not.toContain(internal);
    expect(readFileSync(join(dir, "lib", "nn", "arity.d.ts"), "utf8")).not.toContain("FORWARD_ARITY");
  });

  it("@arethetypeswrong/cli finds no problem (node10, node16 from CJS and ESM, bundler)", async () => {
    // no rule is ignored
    const r = await run("attw", [tarball, "--format", "ascii"], tmp);
    expect(r.out).toContain("No problems found");
    expect(r.status, r.out).toBe(0);
    for (const entry of ['"torch-node"', '"torch-node/safetensors"', '"torch-node/vision"']) expect(r.out).toContain(entry);
    expect(r.out).not.toMatch(/Masquerading|Resolution failed|💀|🎭|❌/);
  }, 120_000);

  it("publint --strict reports nothing", async () => {
    const r = await run("publint", ["--strict", tarball], tmp);
    expect(r.status, r.out).toBe(0);
    expect(r.out).not.toMatch(/Errors|Warnings|Suggestions/);
  }, 120_000);

  it("an ESM project (module: nodenext) type-checks `import torch from \"torch-node\"` and runs it", async () => {
    const app = join(tmp, "esm-app");
    project(app, { type: "module" }, { compilerOptions, files: ["main.ts"] }, {
      "main.ts": `import torch, { nn, Tensor, torch as named } from "torch-node";
import { save, load } from "torch-node/safetensors";
import { transforms } from "torch-node/vision";
torch.manualSeed(0);
const x: Tensor = torch.randn(2, 3);
const model = new nn.Linear(3, 2);
const y: Tensor = model(x);
const back: Record<string, Tensor> = load(save({ y }));
const t = new transforms.Normalize([0.5], [0.5]);
// @ts-expect-error the default export is the torch namespace, not CommonJS's module.exports
const notThere = () => torch.default;
void notThere;
// @ts-expect-error a module's call returns its forward's result
const wrong: number = model(x);
void wrong;
console.log(JSON.stringify({ same: named === torch, shape: y.shape, back: back.y.shape, sum: torch.ones(2, 2).sum().item(), t: String(t) }));
`,
    });
    const checked = await tsc(app);
    expect(checked.out).toBe("");
    expect(checked.status).toBe(0);
    const r = await runNode(app, join("out", "main.js"));
    expect(r.out).toBe(r.stdout);  // nothing on stderr
    expect(JSON.parse(r.stdout)).toEqual({ same: true, shape: [2, 2], back: [2, 2], sum: 4, t: "Normalize(mean=[0.5], std=[0.5])" });
  }, 240_000);

  it("a CommonJS project type-checks `import torch from`, `import x = require()` and a checked `require()` in JavaScript, and runs them", async () => {
    const app = join(tmp, "cjs-app");
    project(app, {}, { compilerOptions: { ...compilerOptions, allowJs: true, checkJs: true }, files: ["main.ts", "plain.js"] }, {
      "main.ts": `import torch, { nn } from "torch-node";
import tn = require("torch-node");
import st = require("torch-node/safetensors");
const model = new nn.Linear(3, 2);
const y: tn.Tensor = model(tn.torch.ones(1, 3));
// @ts-expect-error not a function of the CommonJS module object: it is under .torch / .default
const notThere = () => tn.randn(2);
void notThere;
const back = st.load(st.save({ y }));
console.log(JSON.stringify({ same: torch === tn.default && tn.torch === torch, shape: back.y.shape }));
`,
      "plain.js": `const { torch } = require("torch-node");
const { saveFile } = require("torch-node/safetensors");
/** @type {number} */
const n = torch.arange(5).sum().item();
// @ts-expect-error saveFile takes a file name
const wrong = () => saveFile({ a: torch.ones(1) }, 42);
void wrong;
console.log(n);
`,
    });
    const checked = await tsc(app);
    expect(checked.out).toBe("");
    expect(checked.status).toBe(0);
    const r = await runNode(app, join("out", "main.js"));
    expect(r.out).toBe(r.stdout);  // nothing on stderr
    expect(JSON.parse(r.stdout)).toEqual({ same: true, shape: [1, 2] });
    const p = await runNode(app, join("out", "plain.js"));
    expect(p.stdout.trim().split("\n")[0]).toBe("10");
  }, 240_000);
});
