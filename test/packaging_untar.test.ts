// scripts/untar.js: .tar / .tar.gz extraction with Node's own zlib (replaces the
// `tar` package at run time) for vision's extractArchive: archives made by the
// tar package (pax headers for long names) and headers written here (GNU long
// names, links, a traversal), streamed, errors that name the archive.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gzipSync } from "zlib";
import { extractArchive } from "../src/vision/datasets/utils";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const untar = require("../scripts/untar.js") as {
  extract(f: string, dest: string, o?: { gzip?: boolean }): Promise<void>;
  extractSync(f: string, dest: string, o?: { gzip?: boolean }): void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tar = require("tar") as { c(o: Record<string, unknown>, files: string[]): void };

const noise = Buffer.alloc(1 << 20);
for (let i = 0, x = 3; i < noise.length; i++) { x = (x * 1103515245 + 12345) >>> 0; noise[i] = x >>> 24; }

/** One tar header block (ustar) for `name` of `type` with `size` bytes of data following. */
function header(name: string, { type = "0", size = 0, linkname = "", mode = 0o644, mtime = 1_700_000_000 } = {}): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0);
  h.write(`${mode.toString(8).padStart(7, "0")}\0`, 100);
  h.write("0000000\0", 108); h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write(`${mtime.toString(8).padStart(11, "0")}\0`, 136);
  h.write(type, 156);
  h.write(linkname, 157);
  h.write("ustar\x0000", 257);
  h.write("        ", 148);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}
const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
const entry = (name: string, data: Buffer, o: Parameters<typeof header>[1] = {}) => Buffer.concat([header(name, { ...o, size: data.length }), pad(data)]);
const end = Buffer.alloc(1024);

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), "torch-node-untar-")); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("scripts/untar.js", () => {
  it("extracts what the tar package writes (pax long names, folders, modes, mtimes, an empty file, 1 MiB), plain and gzipped", async () => {
    const src = join(tmp, "src");
    const long = `${"d".repeat(60)}/${"e".repeat(70)}/file-with-a-long-name-${"f".repeat(40)}.bin`;
    mkdirSync(join(src, "data", long, ".."), { recursive: true });
    writeFileSync(join(src, "data", long), noise);
    writeFileSync(join(src, "data", "empty.txt"), "");
    writeFileSync(join(src, "data", "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    utimesSync(join(src, "data", "empty.txt"), 1_600_000_000, 1_600_000_000);
    symlinkSync("run.sh", join(src, "data", "link.sh"));
    for (const gzip of [false, true]) {
      const file = join(tmp, gzip ? "a.tar.gz" : "a.tar");
      tar.c({ file, cwd: src, gzip, sync: true, portable: false }, ["data"]);
      const dest = join(tmp, gzip ? "out-gz" : "out");
      if (gzip) untar.extractSync(file, dest, { gzip }); else await untar.extract(file, dest);
      expect(Buffer.compare(readFileSync(join(dest, "data", long)), noise)).toBe(0);
      expect(statSync(join(dest, "data", "empty.txt")).size).toBe(0);
      expect(statSync(join(dest, "data", "empty.txt")).mtimeMs).toBe(1_600_000_000_000);
      if (process.platform !== "win32") {
        expect(statSync(join(dest, "data", "run.sh")).mode & 0o111).not.toBe(0);
        expect(readlinkSync(join(dest, "data", "link.sh"))).toBe("run.sh");
      }
    }
  });

  it("GNU long names and link names (L, K) and hard links; a symlink or an entry that leaves the destination is refused", async () => {
    const longName = `gnu/${"x".repeat(150)}.txt`;
    const gnu = join(tmp, "gnu.tar");
    writeFileSync(gnu, Buffer.concat([
      entry("././@LongLink", Buffer.from(`${longName}\0`), { type: "L" }),
      entry(longName.slice(0, 100), Buffer.from("long")),
      entry("././@LongLink", Buffer.from(`${longName}\0`), { type: "K" }),
      entry("gnu/hard.txt", Buffer.alloc(0), { type: "1", linkname: longName.slice(0, 100) }),
      header("gnu/sub/", { type: "5", mode: 0o755 }),
      end,
    ]));
    const dest = join(tmp, "gnu-out");
    await untar.extract(gnu, dest);
    expect(readFileSync(join(dest, longName), "utf8")).toBe("long");
    expect(readFileSync(join(dest, "gnu", "hard.txt"), "utf8")).toBe("long");
    expect(statSync(join(dest, "gnu", "sub")).isDirectory()).toBe(true);

    const evil = join(tmp, "evil.tar");
    writeFileSync(evil, Buffer.concat([entry("../escape.txt", Buffer.from("no")), end]));
    await expect(untar.extract(evil, join(tmp, "e1"))).rejects.toThrow(`refusing to extract ../escape.txt outside ${join(tmp, "e1")} (${evil})`);
    expect(existsSync(join(tmp, "escape.txt"))).toBe(false);
    const link = join(tmp, "link.tar");
    writeFileSync(link, Buffer.concat([header("l", { type: "2", linkname: "/etc/passwd" }), end]));
    await expect(untar.extract(link, join(tmp, "e2"))).rejects.toThrow(/refusing to extract/);
    expect(() => lstatSync(join(tmp, "e2", "l"))).toThrow();
  });

  it("a corrupt or cut archive is an error naming it", async () => {
    const bad = join(tmp, "bad.tar");
    writeFileSync(bad, Buffer.alloc(1024, 7));
    await expect(untar.extract(bad, join(tmp, "b1"))).rejects.toThrow(`bad header checksum) (${bad})`);
    const cut = join(tmp, "cut.tar");
    writeFileSync(cut, entry("a.bin", noise).subarray(0, 10_000));
    await expect(untar.extract(cut, join(tmp, "b2"))).rejects.toThrow(`unexpected end of the archive (${cut})`);
    const notGz = join(tmp, "x.tar.gz");
    writeFileSync(notGz, "plain text");
    expect(() => untar.extractSync(notGz, join(tmp, "b3"), { gzip: true })).toThrow(/incorrect header check/);
  });
});

describe("vision extractArchive(.tar / .tar.gz / .tgz) through scripts/untar.js", () => {
  it("extracts; a traversal and a corrupt file are clear errors", () => {
    const tgz = join(tmp, "ds.tgz");
    writeFileSync(tgz, gzipSync(Buffer.concat([header("ds/", { type: "5", mode: 0o755 }), entry("ds/a.txt", Buffer.from("hello")), end])));
    const to = join(tmp, "ds-out");
    expect(extractArchive(tgz, to)).toBe(to);
    expect(readFileSync(join(to, "ds", "a.txt"), "utf8")).toBe("hello");
    const evil = join(tmp, "evil2.tar");
    writeFileSync(evil, Buffer.concat([entry("../../out.txt", Buffer.from("no")), end]));
    expect(() => extractArchive(evil, join(tmp, "ds2"))).toThrow(`Refusing to extract ../../out.txt outside ${join(tmp, "ds2")} (${evil})`);
    const bad = join(tmp, "bad2.tar.gz");
    writeFileSync(bad, "not gzip");
    expect(() => extractArchive(bad, join(tmp, "ds3"))).toThrow(`Could not extract ${bad}: incorrect header check`);
  });
});
