// torch.save(obj, path) and safetensors' saveFile never lose the last good
// file: they write a temporary file in the same folder, fsync it and rename it
// over the target. A process killed mid-save (SIGKILL in a child process), a
// full disk (a write that fails with ENOSPC), a read-only folder or a parent
// that is not a folder leave the old file as it was, and no partial file.
// Storages are written piece by piece (not built into one archive buffer): the
// files are byte for byte what the in-memory writer makes (Python reads those:
// test/fixtures/check_js_saved.py). The killed child processes load lib/
// (npm run build:ts first).
import { describe, it, expect, afterEach } from "vitest";
import { readFileSync, writeFileSync, mkdtempSync, rmSync, readdirSync, existsSync, chmodSync, statSync, symlinkSync, lstatSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { spawn } from "child_process";
import { PassThrough } from "stream";
import torch, { Tensor } from "../../src";
import { saveToBuffer } from "../../src/serialization/save";
import { _io } from "../../src/serialization/files";
import { saveFile, loadFile, save as stSave } from "../../src/safetensors";
import { checkpoint } from "./js_saved_objects";

const LIB = join(__dirname, "..", "..", "lib", "index.js");
const FIX = join(__dirname, "..", "fixtures");
const TMP_RE = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "tn-atomic-"));
  dirs.push(d);
  return d;
};
const realWrite = _io.writeSync;
afterEach(() => {
  _io.writeSync = realWrite;
  for (const d of dirs.splice(0)) {
    try { chmodSync(d, 0o755); } catch { /* gone */ }
    rmSync(d, { recursive: true, force: true });
  }
});

const old = () => ({ w: torch.arange(1000, { dtype: torch.float32 }), step: 7 });
const isOld = (o: { w: Tensor; step: number }) => o.step === 7 && o.w.equal(torch.arange(1000, { dtype: torch.float32 }));

/** A write that fails with ENOSPC once `limit` bytes are written (a disk that fills up). */
function fullDiskAfter(limit: number) {
  let written = 0;
  _io.writeSync = (fd, b, off, len, pos) => {
    if (written + len > limit) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 });
    written += len;
    return realWrite(fd, b, off, len, pos);
  };
}

describe("torch.save(obj, path) is atomic", () => {
  it("writes the same bytes as the in-memory writer (the file Python was checked to read)", () => {
    const d = tmp();
    torch.save(checkpoint(), join(d, "c.pt"));
    expect(Buffer.compare(readFileSync(join(d, "c.pt")), readFileSync(join(FIX, "js_saved.pt")))).toBe(0);
    // a storage bigger than one write chunk (16 MiB), shared by two views, and an empty one
    const big = torch.arange(5 * 2 ** 20, { dtype: torch.float64 }); // 40 MiB
    const obj = { big, view: big.narrow(0, 10, 5), empty: torch.zeros(0) };
    torch.save(obj, join(d, "big.pt"));
    expect(Buffer.compare(readFileSync(join(d, "big.pt")), saveToBuffer(obj))).toBe(0);
    const back = torch.load(join(d, "big.pt"));
    expect(back.big.equal(big)).toBe(true);
    expect(back.view.tolist()).toEqual([10, 11, 12, 13, 14]);
    // the legacy format, from a path and from a stream, and no temporary file left over
    torch.save(obj, join(d, "legacy.pt"), { _useNewZipfileSerialization: false });
    expect(torch.load(join(d, "legacy.pt")).big.equal(big)).toBe(true);
    expect(readdirSync(d).sort()).toEqual(["big.pt", "c.pt", "legacy.pt"]);
  });

  it("the stream form writes the same bytes", async () => {
    const s = new PassThrough();
    const chunks: Buffer[] = [];
    s.on("data", (c: Buffer) => chunks.push(c));
    await torch.save(checkpoint(), s);
    expect(Buffer.compare(Buffer.concat(chunks), readFileSync(join(FIX, "js_saved.pt")))).toBe(0);
  });

  it("replaces the file a symlink points at (the link stays) and keeps the file's mode", () => {
    const d = tmp();
    torch.save(old(), join(d, "real.pt"));
    chmodSync(join(d, "real.pt"), 0o640);
    symlinkSync(join(d, "real.pt"), join(d, "link.pt"));
    torch.save({ step: 8 }, join(d, "link.pt"));
    expect(lstatSync(join(d, "link.pt")).isSymbolicLink()).toBe(true);
    expect(torch.load(join(d, "real.pt")).step).toBe(8);
    expect(statSync(join(d, "real.pt")).mode & 0o777).toBe(0o640);
  });

  it("a full disk: a clear error naming the path, the old file intact, no partial file", () => {
    const d = tmp();
    const f = join(d, "m.pt");
    torch.save(old(), f);
    const before = readFileSync(f);
    fullDiskAfter(100_000);
    expect(() => torch.save({ w: torch.zeros(2 ** 20) }, f)).toThrow(
      new RegExp(`torch\\.save: cannot write '${f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}': no space left on device \\(ENOSPC\\); the file was not changed`),
    );
    try {
      torch.save({ w: torch.zeros(2 ** 20) }, f);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe("ENOSPC");
      expect((e as NodeJS.ErrnoException).path).toBe(f);
    }
    _io.writeSync = realWrite;
    expect(Buffer.compare(readFileSync(f), before)).toBe(0);
    expect(isOld(torch.load(f))).toBe(true);
    expect(readdirSync(d)).toEqual(["m.pt"]);
    // the same for the legacy format and a file that did not exist yet
    fullDiskAfter(1000);
    expect(() => torch.save({ w: torch.zeros(2 ** 16) }, join(d, "new.pt"), { _useNewZipfileSerialization: false })).toThrow(/no space left on device/);
    expect(readdirSync(d)).toEqual(["m.pt"]);
  });

  it.skipIf(!existsSync("/dev/full"))("a device is written in place, not replaced: /dev/full gives ENOSPC naming it", () => {
    expect(() => torch.save({ w: torch.zeros(10) }, "/dev/full")).toThrow(/torch\.save: cannot write '\/dev\/full': no space left on device/);
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("a parent that is a file, a missing folder, a directory as target: clear errors, nothing written", () => {
    const d = tmp();
    writeFileSync(join(d, "afile"), "x");
    expect(() => torch.save(old(), join(d, "afile", "m.pt"))).toThrow(/cannot write .*afile\/m\.pt': a component of the path is not a directory \(ENOTDIR\)/);
    expect(() => torch.save(old(), join(d, "nope", "m.pt"))).toThrow(/Parent directory .*nope does not exist\./);
    expect(() => torch.save(old(), d)).toThrow(/cannot write .*: it is a directory/);
    expect(readdirSync(d)).toEqual(["afile"]);
  });

  // root writes into a chmod 0o555 folder anyway: the parent-is-a-file case above covers refusals there
  it.skipIf(process.getuid?.() === 0)("a read-only folder: permission denied naming the path, the old file intact", () => {
    const d = tmp();
    const f = join(d, "m.pt");
    torch.save(old(), f);
    chmodSync(d, 0o555);
    expect(() => torch.save({ step: 8 }, f)).toThrow(/torch\.save: cannot write .*m\.pt': permission denied \(EACCES\)/);
    chmodSync(d, 0o755);
    expect(isOld(torch.load(f))).toBe(true);
    expect(readdirSync(d)).toEqual(["m.pt"]);
  });

  it("a value that cannot be saved throws before the file is touched", () => {
    const d = tmp();
    const f = join(d, "m.pt");
    torch.save(old(), f);
    expect(() => torch.save({ f: () => 1 }, f)).toThrow(/cannot save a value of type function/);
    expect(isOld(torch.load(f))).toBe(true);
    expect(readdirSync(d)).toEqual(["m.pt"]);
  });

  it("a process killed mid-save (SIGKILL) leaves the old file intact: 200 MB state dict", async () => {
    const d = tmp();
    const f = join(d, "sd.pt");
    torch.save(old(), f);
    const before = readFileSync(f);
    // 50 tensors of 4 MiB: the child is killed once its temporary file has grown past 8 MiB
    const script = `
      const torch = require(${JSON.stringify(LIB)}).default;
      const sd = {};
      for (let i = 0; i < 50; i++) sd["layer" + i] = torch.full([2 ** 20], i);
      console.log("saving");
      torch.save(sd, ${JSON.stringify(f)});
      console.log("saved");`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on("exit", (code, sig) => res(sig ?? code)));
    let killedMidway = false;
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      const t = readdirSync(d).find((n) => TMP_RE.test(n));
      if (t !== undefined) {
        let size = 0;
        try { size = statSync(join(d, t)).size; } catch { /* renamed meanwhile */ }
        if (size > 8 * 2 ** 20) {
          child.kill("SIGKILL");
          killedMidway = true;
          break;
        }
      }
      if (out.includes("saved")) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await exited).toBe("SIGKILL");
    expect(killedMidway).toBe(true);
    expect(out).not.toContain("saved");
    // the target is the old file, byte for byte; the killed process's temporary file may remain
    expect(Buffer.compare(readFileSync(f), before)).toBe(0);
    expect(isOld(torch.load(f))).toBe(true);
    const left = readdirSync(d).filter((n) => n !== "sd.pt");
    expect(left.length).toBeLessThanOrEqual(1);
    for (const n of left) expect(n).toMatch(TMP_RE);
  }, 90_000);

  it("killed at any moment, the target is the old file or the whole new one", async () => {
    const d = tmp();
    const f = join(d, "sd.pt");
    torch.save(old(), f);
    const script = `
      const torch = require(${JSON.stringify(LIB)}).default;
      const sd = { step: 8 };
      for (let i = 0; i < 8; i++) sd["layer" + i] = torch.full([2 ** 20], i);
      process.stdout.write("ready\\n");
      torch.save(sd, ${JSON.stringify(f)});`;
    for (const delay of [0, 5, 20, 60]) {
      const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((res) => child.stdout.once("data", () => res()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      await new Promise((res) => child.on("exit", res));
      const o = torch.load(f);
      if (o.step === 7) expect(isOld(o)).toBe(true);
      else {
        expect(o.step).toBe(8);
        for (let i = 0; i < 8; i++) expect(o[`layer${i}`].eq(i).all().item()).toBe(true);
      }
    }
  }, 90_000);
});

describe("safetensors saveFile is atomic", () => {
  it("writes the same bytes as save(), piece by piece for large tensors", () => {
    const d = tmp();
    const big = torch.arange(5 * 2 ** 20, { dtype: torch.float32 }).reshape(5, 2 ** 20); // 20 MiB
    const t = { big, small: torch.tensor([1, 2, 3]), t: torch.ones(3, 4).t() };
    saveFile(t, join(d, "a.safetensors"), { k: "v" });
    expect(Buffer.compare(readFileSync(join(d, "a.safetensors")), stSave(t, { k: "v" }))).toBe(0);
    expect(loadFile(join(d, "a.safetensors")).big.equal(big)).toBe(true);
    expect(readdirSync(d)).toEqual(["a.safetensors"]);
  });

  it("a full disk or a parent that is a file: a clear error, the old file intact, no partial file", () => {
    const d = tmp();
    const f = join(d, "m.safetensors");
    saveFile({ x: torch.arange(10) }, f);
    fullDiskAfter(1000);
    expect(() => saveFile({ x: torch.zeros(2 ** 16) }, f)).toThrow(/safetensors\.saveFile: cannot write '.*m\.safetensors': no space left on device \(ENOSPC\)/);
    _io.writeSync = realWrite;
    expect(loadFile(f).x.tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(readdirSync(d)).toEqual(["m.safetensors"]);
    expect(() => saveFile({ x: torch.zeros(2) }, join(f, "x.safetensors"))).toThrow(/not a directory \(ENOTDIR\)/);
  });
});
