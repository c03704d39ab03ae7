// npm run example -- NAME runs examples/NAME.ts (scripts/example.js); --list lists them.
import { describe, it, expect } from "vitest";
import { spawnSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join } from "path";

const root = join(__dirname, "..", "..");
const runner = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "scripts", "example.js"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

describe("scripts/example.js", () => {
  it("--list names every example, each with a file, and README lists them", () => {
    const r = runner("--list");
    expect(r.status).toBe(0);
    const names = r.stdout.trim().split("\n").map((l) => l.split(/\s+/)[0]);
    for (const n of ["logistic", "mnist-cnn", "deep-cnn", "transfer-learning", "autoencoder-vae", "autoencoder", "vae", "char-transformer", "backprop-by-hand"])
      expect(names).toContain(n);
    const src = readFileSync(join(root, "scripts", "example.js"), "utf8");
    for (const [, file] of src.matchAll(/\["([\w-]+\.ts)"/g)) expect(existsSync(join(root, "examples", file)), file).toBe(true);
    const readme = readFileSync(join(root, "README.md"), "utf8");
    for (const n of names) expect(readme, n).toContain(`npm run example -- ${n}`);
  });

  it("an unknown name fails with a pointer to --list", () => {
    const r = runner("nope");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown example 'nope'.*--list/);
  });

  it("runs an example with its flags (logistic, 2 epochs)", () => {
    const r = runner("logistic", "--epochs", "2", "--num-data", "40", "--out-dir", "");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Epoch: 0 \| Train Loss: [\d.]+ \| Test Loss: [\d.]+ \| Test acc: [\d.]+%\nEpoch: 1 /);
    const bad = runner("logistic", "--epochs", "two");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--epochs must be a number/);
  });
});
