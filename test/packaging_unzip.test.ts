// scripts/unzip.js: zip extraction with Node's own zlib (replaces yauzl and fflate
// at run time): the LibTorch archives and pip wheels (streamed, prefix-filtered,
// ZIP64) and torchvision's extractArchive for .zip datasets (synchronous).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { crc32 } from "zlib";
import { zipSync } from "fflate";
import { extractArchive } from "../src/vision/datasets/utils";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const unzip = require("../scripts/unzip.js") as {
  entries(fd: number): { name: string; method: number; csize: number; size: number; offset: number; mode: number; dir: boolean }[];
  extract(zip: string, dest: string, o?: { prefix?: string; keep?: (rel: string) => boolean }): Promise<number>;
  extractSync(zip: string, dest: string): void;
};

const enc = (s: string) => new TextEncoder().encode(s);
// 1 MiB of incompressible bytes (several stream chunks) and 1 MiB of compressible ones
const noise = new Uint8Array(1 << 20);
for (let i = 0, x = 7; i < noise.length; i++) { x = (x * 1103515245 + 12345) >>> 0; noise[i] = x >>> 24; }
const text = enc("tensor([1., 2., 3.])\n".repeat(50_000));

/**
 * A ZIP64 archive of stored entries written by hand (fflate writes none): every
 * 32-bit size and offset saturated to 0xffffffff with the real values in the
 * ZIP64 extra field, and the ZIP64 end record + locator before the classic one.
 */
function zip64(files: Record<string, Uint8Array>): Buffer {
  const parts: Buffer[] = [], central: Buffer[] = [];
  let off = 0;
  for (const [name, data] of Object.entries(files)) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(45, 4); local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    parts.push(local, n, Buffer.from(data));
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(1, 0); extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4); extra.writeBigUInt64LE(BigInt(data.length), 12); extra.writeBigUInt64LE(BigInt(off), 20);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(45, 4); c.writeUInt16LE(45, 6); c.writeUInt32LE(crc32(data), 16);
    c.writeUInt32LE(0xffffffff, 20); c.writeUInt32LE(0xffffffff, 24); c.writeUInt16LE(n.length, 28); c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE((0o100755 << 16) >>> 0, 38); c.writeUInt32LE(0xffffffff, 42);
    central.push(c, n, extra);
    off += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const count = Object.keys(files).length;
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0); rec.writeBigUInt64LE(44n, 4); rec.writeUInt16LE(45, 12); rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(count), 24); rec.writeBigUInt64LE(BigInt(count), 32);
  rec.writeBigUInt64LE(BigInt(cd.length), 40); rec.writeBigUInt64LE(BigInt(off), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0); loc.writeBigUInt64LE(BigInt(off + cd.length), 8); loc.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(0xffff, 8); end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12); end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...parts, cd, rec, loc, end]);
}

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), "torch-node-unzip-")); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("scripts/unzip.js", () => {
  it("streams the entries under a prefix (stripped) that keep() accepts: deflated, stored, empty", async () => {
    const zip = join(tmp, "wheel.zip");
    writeFileSync(zip, zipSync({
      torch: { lib: { "libc10.so": noise, "empty.so": new Uint8Array(0) }, include: { "a.h": [text, { level: 9 }] }, "__init__.py": enc("x") },
      "torch-2.13.0.dist-info": { RECORD: enc("r") },
      stored: [noise, { level: 0 }],
    }));
    const dest = join(tmp, "wheel");
    const n = await unzip.extract(zip, dest, { prefix: "torch/", keep: (rel) => /^(lib|include)\//.test(rel) });
    expect(n).toBe(3);
    expect(Buffer.compare(readFileSync(join(dest, "lib", "libc10.so")), Buffer.from(noise))).toBe(0);
    expect(statSync(join(dest, "lib", "empty.so")).size).toBe(0);
    expect(readFileSync(join(dest, "include", "a.h"), "utf8")).toBe(new TextDecoder().decode(text));
    expect(existsSync(join(dest, "__init__.py"))).toBe(false);
    expect(existsSync(join(tmp, "torch-2.13.0.dist-info"))).toBe(false);
    const all = join(tmp, "all");
    expect(await unzip.extract(zip, all)).toBe(6);
    expect(Buffer.compare(readFileSync(join(all, "stored")), Buffer.from(noise))).toBe(0);
  });

  it("reads ZIP64 archives (saturated 32-bit fields, the ZIP64 end record) and keeps the file mode", async () => {
    const zip = join(tmp, "z64.zip");
    writeFileSync(zip, zip64({ "libtorch/lib/libtorch.so": noise.subarray(0, 1000), "libtorch/build-version": enc("2.13.0+cpu\n") }));
    const dest = join(tmp, "z64");
    expect(await unzip.extract(zip, dest, { prefix: "libtorch/" })).toBe(2);
    expect(readFileSync(join(dest, "build-version"), "utf8")).toBe("2.13.0+cpu\n");
    expect(Buffer.compare(readFileSync(join(dest, "lib", "libtorch.so")), Buffer.from(noise.subarray(0, 1000)))).toBe(0);
    if (process.platform !== "win32") expect(statSync(join(dest, "lib", "libtorch.so")).mode & 0o777).toBe(0o755);
    const sync = join(tmp, "z64sync");
    unzip.extractSync(zip, sync);
    expect(readFileSync(join(sync, "libtorch", "build-version"), "utf8")).toBe("2.13.0+cpu\n");
  });

  it("refuses a name outside the destination, and what is not a zip", async () => {
    const evil = join(tmp, "evil.zip");
    writeFileSync(evil, zipSync({ "../escape.txt": enc("no") }));
    await expect(unzip.extract(evil, join(tmp, "e1"))).rejects.toThrow(/refusing to extract \.\.\/escape\.txt outside/);
    expect(existsSync(join(tmp, "escape.txt"))).toBe(false);
    const bad = join(tmp, "bad.zip");
    writeFileSync(bad, "not a zip at all");
    expect(() => unzip.extractSync(bad, join(tmp, "e2"))).toThrow(/not a zip file/);
  });
});

describe("vision extractArchive(.zip) through scripts/unzip.js", () => {
  it("extracts folders and files; a traversal is refused; a corrupt file names itself", () => {
    const zip = join(tmp, "data.zip");
    writeFileSync(zip, zipSync({ data: { "x.txt": enc("hello"), sub: { "y.bin": noise } } }));
    const to = join(tmp, "ds");
    expect(extractArchive(zip, to)).toBe(to);
    expect(readFileSync(join(to, "data", "x.txt"), "utf8")).toBe("hello");
    expect(Buffer.compare(readFileSync(join(to, "data", "sub", "y.bin")), Buffer.from(noise))).toBe(0);
    const evil = join(tmp, "evil2.zip");
    writeFileSync(evil, zipSync({ "../../out.txt": enc("no") }));
    expect(() => extractArchive(evil, join(tmp, "ds2"))).toThrow(`Refusing to extract ../../out.txt outside ${join(tmp, "ds2")} (${evil})`);
    const bad = join(tmp, "bad2.zip");
    writeFileSync(bad, "PK but not really");
    expect(() => extractArchive(bad, join(tmp, "ds3"))).toThrow(`Could not extract ${bad}: not a zip file`);
  });
});
