// scripts/: LibTorch discovery and the cached native build (a second
// `npm install` neither downloads, unpacks nor rebuilds).
import { describe, it, expect } from "vitest";
import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const root = join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lt = require("../scripts/libtorch.js") as {
  libtorchZipUrl(platform: string, arch: string, version?: string): string;
  findLibtorch(): Promise<string>;
  isLibtorch(dir: string): boolean;
  libtorchVersion(dir: string): string;
  TORCH_VERSION: string;
};

describe("official LibTorch zip URL (no network)", () => {
  it("per platform", () => {
    expect(lt.libtorchZipUrl("linux", "x64", "2.13.0")).toBe(
      "https://download.pytorch.org/libtorch/cpu/libtorch-shared-with-deps-2.13.0%2Bcpu.zip");
    expect(lt.libtorchZipUrl("darwin", "arm64", "2.13.0")).toBe(
      "https://download.pytorch.org/libtorch/cpu/libtorch-macos-arm64-2.13.0.zip");
    expect(lt.libtorchZipUrl("win32", "x64", "2.13.0")).toBe(
      "https://download.pytorch.org/libtorch/cpu/libtorch-win-shared-with-deps-2.13.0%2Bcpu.zip");
    expect(() => lt.libtorchZipUrl("linux", "s390x")).toThrow(/set LIBTORCH/);
  });
});

describe("finding LibTorch", () => {
  it("LIBTORCH that is not a LibTorch folder is refused with a clear error", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts", "libtorch.js")], {
      env: { ...process.env, LIBTORCH: "/nonexistent" }, encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("LIBTORCH=/nonexistent is not a LibTorch folder");
  });

  it("LIBTORCH pointing at a LibTorch folder wins", () => {
    const dir = mkdtempSync(join(tmpdir(), "fake-libtorch-"));
    mkdirSync(join(dir, "include", "ATen"), { recursive: true });
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "include", "ATen", "ATen.h"), "");
    writeFileSync(join(dir, "build-version"), "9.9.9\n");
    const out = execFileSync(process.execPath, [join(root, "scripts", "libtorch.js")], {
      env: { ...process.env, LIBTORCH: dir }, encoding: "utf8",
    });
    expect(out.trim()).toBe(dir);
    expect(lt.libtorchVersion(dir)).toBe("9.9.9");
    rmSync(dir, { recursive: true });
  });

  it("the cached LibTorch is found again without pip or unpacking", () => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [join(root, "scripts", "libtorch.js")], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(lt.isLibtorch(r.stdout.trim())).toBe(true);
    expect(r.stderr).not.toMatch(/fetching|unpacking|downloading/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
});

describe("native build", () => {
  it("a second build is a no-op when nothing changed", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts", "build-native.js")], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("native addon is up to date");
  });
});
