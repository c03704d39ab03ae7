// Package hygiene (#19 item 9): what `npm pack` puts in the tarball (only what
// runs or builds the addon: no generator inputs, tests or build leftovers), the
// LICENSE and repository fields, README links that work on the registry's page,
// and runtime dependencies that are all used, with no build tool among them.
import { describe, it, expect } from "vitest";
import { execFileSync } from "child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";

const root = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const REPO = "https://github.com/torch-node/torch-node";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

let listing: string[] | undefined;
function packed(): string[] {
  if (!listing) {
    const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ["npm"];
    const out = execFileSync(npm[0], [...npm.slice(1), "pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    listing = (JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path);
  }
  return listing;
}

describe("the npm package", () => {
  it("holds lib/, the addon's sources, the prebuilds and the scripts that run, nothing else", () => {
    const files = packed();
    const allowed = /^(lib\/.+\.(c?js|mjs|d\.[cm]?ts)|binding\/[\w.]+\.(cc|h)|prebuilds\/[\w-]+\/torch-node\.[\w.]+\.(node|json)|CMakeLists\.txt|LICENSE|README\.md|package\.json|scripts\/(build-native|cli|download|install|libtorch|locate|untar|unzip)\.js)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const f of ["LICENSE", "README.md", "package.json", "CMakeLists.txt", "lib/index.js", "lib/index.mjs", "lib/index.d.ts", "scripts/install.js"]) expect(files).toContain(f);
    // no generator inputs, tests, sources of lib/ or sanitizer files
    expect(files.filter((f) => /(^|\/)(gen|test|src|sanitizer)\/|\.py$|\.map$|tsbuildinfo/.test(f))).toEqual([]);
  });

  it("every file the shipped code requires from scripts/ is shipped", () => {
    const files = new Set(packed());
    const shipped = [...files].filter((f) => /\.(js|mjs)$/.test(f));
    for (const f of shipped) {
      const src = readFileSync(join(root, f), "utf8");
      for (const m of src.matchAll(/require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
        let target = relative(root, join(root, f, "..", m[1])).split("\\").join("/");
        if (!/\.(js|json|node|mjs)$/.test(target)) target += existsSync(join(root, `${target}.js`)) ? ".js" : "/index.js";
        if (target.startsWith("scripts/") || target === "package.json") expect(files.has(target), `${f} requires ${m[1]}`).toBe(true);
      }
    }
  });

  it("LICENSE is BSD-3-Clause, as package.json says; repository, homepage and bugs point at the repository", () => {
    expect(pkg.license).toBe("BSD-3-Clause");
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toContain("BSD 3-Clause License");
    expect(license).toContain("the torch-node authors");
    expect(license).toContain("Neither the name of the copyright holder nor the names of its");
    expect(pkg.repository).toEqual({ type: "git", url: `git+${REPO}.git` });
    expect(pkg.homepage).toBe(`${REPO}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
  });

  it("README links are absolute (they work on the registry's page) and name files the repository has", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !/^(https?:|mailto:)/.test(l))).toEqual([]);
    for (const l of links) {
      const m = /^(?:https:\/\/github\.com\/torch-node\/torch-node\/(?:blob|tree)\/main|https:\/\/raw\.githubusercontent\.com\/torch-node\/torch-node\/main)\/([^#]+)/.exec(l);
      if (m) expect(existsSync(join(root, decodeURIComponent(m[1]))), l).toBe(true);
    }
  });

  it("runtime dependencies are all used by the shipped code, and the build tools are not among them", () => {
    const deps = Object.keys(pkg.dependencies).sort();
    expect(deps).toEqual(["cli-progress", "node-gyp-build"]);
    for (const tool of ["cmake-js", "node-addon-api", "prebuildify", "yauzl", "fflate", "tar"]) {
      expect(pkg.dependencies).not.toHaveProperty(tool);
    }
    expect(pkg.devDependencies).toHaveProperty("cmake-js");
    expect(pkg.devDependencies).toHaveProperty("node-addon-api");
    expect(pkg.devDependencies).toHaveProperty("prebuildify");
    const code = [...walk(join(root, "lib")).filter((f) => f.endsWith(".js")), ...packed().filter((f) => f.startsWith("scripts/")).map((f) => join(root, f))]
      .map((f) => readFileSync(f, "utf8")).join("\n");
    for (const d of deps) expect(code, d).toMatch(new RegExp(`require\\(["']${d}["']\\)`));
    // the source fallback fetches the build tools named in devDependencies, never at a floating version
    expect(readFileSync(join(root, "scripts", "build-native.js"), "utf8")).toContain("devDependencies");
  });
});
