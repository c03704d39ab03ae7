// The examples run as a user runs them (the built package, from ESM and from
// CommonJS) and print what the same program prints in Python.
import { describe, it, expect } from "vitest";
import { execFileSync } from "child_process";
import { readFileSync, existsSync } from "fs";
import { join } from "path";

const root = join(__dirname, "..");
const expected: Record<string, string[]> = JSON.parse(readFileSync(join(__dirname, "fixtures", "examples.json"), "utf8"));
const run = (file: string) => execFileSync(process.execPath, [join(root, "examples", file)], { cwd: root, encoding: "utf8" });
const squash = (s: string) => s.replace(/\s+/g, "");

describe("examples (the built package in lib/, made by npm install)", () => {
  it("lib/ is built", () => expect(existsSync(join(root, "lib", "index.mjs"))).toBe(true));
  it("quickstart.mjs (ESM) prints Python's output", () => {
    const lines = run("quickstart.mjs").trimEnd().split("\n");
    expect(lines.map(squash)).toEqual(expected.quickstart.map(squash));
  });

  it("quickstart.cjs (CommonJS) loads and prints", () => {
    const out = run("quickstart.cjs");
    expect(out).toContain("tensor([[1, 2],\n        [3, 4]]) torch.int64 true");
    expect(out).toContain("tensor([[0.8823, 0.9150],\n        [0.3829, 0.9593]])");
  });

  it("torch-node/safetensors loads from ESM and CommonJS", () => {
    const esm = execFileSync(process.execPath, ["--input-type=module", "-e",
      "import { save, load } from 'torch-node/safetensors'; import torch from 'torch-node'; console.log(load(save({ a: torch.ones(2) })).a.tolist())"],
      { cwd: root, encoding: "utf8" });
    expect(esm.trim()).toBe("[ 1, 1 ]");
    const cjs = execFileSync(process.execPath, ["-e",
      "const { save, load } = require('torch-node/safetensors'); const { torch } = require('torch-node'); console.log(load(save({ a: torch.ones(2) })).a.tolist())"],
      { cwd: root, encoding: "utf8" });
    expect(cjs.trim()).toBe("[ 1, 1 ]");
  });
});
