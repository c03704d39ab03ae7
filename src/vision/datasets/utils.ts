// torchvision.datasets.utils: calculateMd5, checkMd5, checkIntegrity,
// downloadUrl, extractArchive, downloadAndExtractArchive, verifyStrArg.
//
// Downloads are resumable and atomic: bytes go to `<file>.partial` (an
// interrupted download resumes with an HTTP Range request), and the file gets
// its final name only once its MD5 matches; a partial file or one with a wrong
// MD5 never passes for a finished one. Dataset constructors are synchronous
// (as torchvision's), so the download runs in a child Node process that the
// constructor waits for (its progress bar goes straight to the terminal);
// `downloadUrlAsync` is the same download without blocking.
//
// Mirrors: torchvision's URLs; `baseUrl` (or the environment variable
// TORCH_NODE_DATASETS_MIRROR) replaces everything up to the file name, so a
// local server or an internal mirror serves the same files.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import * as crypto from "crypto";
import { spawn, spawnSync } from "child_process";
import { describe } from "../../device";

/** calculate_md5(fpath): the file's MD5 as lowercase hex. */
export function calculateMd5(fpath: string, chunkSize = 1024 * 1024): string {
  const h = crypto.createHash("md5");
  const fd = fs.openSync(fpath, "r");
  try {
    const buf = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunkSize, null);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest("hex");
}

/** check_md5(fpath, md5) */
export function checkMd5(fpath: string, md5: string): boolean {
  return md5 === calculateMd5(fpath);
}

/** check_integrity(fpath, md5 = None): the file exists (and has this MD5 when one is given). */
export function checkIntegrity(fpath: string, md5: string | null = null): boolean {
  if (!fs.existsSync(fpath) || !fs.statSync(fpath).isFile()) return false;
  if (md5 === null || md5 === undefined) return true;
  return checkMd5(fpath, md5);
}

/** verify_str_arg(value, arg, validValues): torchvision's ValueError text (here an Error subclass RangeError). */
export function verifyStrArg(value: unknown, arg: string | null = null, validValues: readonly string[] | null = null): string {
  if (typeof value !== "string") {
    const t = `<class '${value === null || value === undefined ? "NoneType" : typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : typeof value === "boolean" ? "bool" : describe(value)}'>`;
    throw new TypeError(arg === null ? `Expected type str, but got type ${t}.` : `Expected type str for argument ${arg}, but got type ${t}.`);
  }
  if (validValues !== null && !validValues.includes(value))
    throw new RangeError(`Unknown value '${value}' for argument ${arg}. Valid values are {${"'" + validValues.join("', '") + "'"}}.`);
  return value;
}

/** The URL a download really uses: `baseUrl` / TORCH_NODE_DATASETS_MIRROR in place of the URL's folder. */
export function mirroredUrl(url: string, baseUrl: string | null = null): string {
  const base = baseUrl ?? process.env.TORCH_NODE_DATASETS_MIRROR ?? "";
  if (!base) return url;
  return base.replace(/\/*$/, "/") + url.slice(url.lastIndexOf("/") + 1);
}

export interface DownloadOptions {
  /** Replaces the URL's folder (default: the environment variable TORCH_NODE_DATASETS_MIRROR, else none). */
  baseUrl?: string | null;
  /** Draw no progress bar. */
  quiet?: boolean;
  /** Seconds without data before a request fails (default 60). */
  timeout?: number;
}

// The downloader, run by a child Node process (sync) or a spawned one (async):
// plain JavaScript on node's own modules only. argv: JSON { url, fpath, md5, quiet, timeout }.
// Exit 0: fpath is complete with the right MD5. Otherwise stderr's last line is the error.
const DOWNLOADER = String.raw`
"use strict";
const fs = require("fs"), path = require("path"), crypto = require("crypto"), http = require("http"), https = require("https");
const { url, fpath, md5, quiet, timeout } = JSON.parse(process.argv[process.argv.length - 1]);
const partial = fpath + ".partial";
const fail = (msg) => { process.stderr.write((bar.drawn ? "\n" : "") + "ERROR " + msg + "\n"); process.exit(1); };
const bar = { drawn: false, last: 0, start: Date.now(), name: path.basename(fpath) };
const human = (n) => n >= 1 << 30 ? (n / (1 << 30)).toFixed(2) + "G" : n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + "M" : n >= 1024 ? (n / 1024).toFixed(1) + "k" : String(n);
function draw(done, total, force) {
  if (quiet || !process.stderr.isTTY) return;
  const now = Date.now();
  if (!force && now - bar.last < 100) return;
  bar.last = now; bar.drawn = true;
  const secs = Math.max((now - bar.start) / 1000, 1e-3), rate = human(done / secs) + "B/s";
  let line;
  if (total > 0) {
    const f = Math.min(done / total, 1), w = 20, full = Math.floor(f * w);
    line = bar.name + ": " + String(Math.floor(f * 100)).padStart(3) + "%|" + "\u2588".repeat(full) + " ".repeat(w - full) + "| " + human(done) + "B/" + human(total) + "B [" + rate + "]";
  } else line = bar.name + ": " + human(done) + "B [" + rate + "]";
  process.stderr.write("\r" + line);
}
function get(u, start, hops, cb) {
  const lib = u.startsWith("https:") ? https : http;
  const headers = { "User-Agent": "pytorch/vision" };
  if (start > 0) headers.Range = "bytes=" + start + "-";
  const req = lib.get(u, { headers }, (res) => {
    if ([301, 302, 303, 307, 308].includes(res.statusCode) && res.headers.location) {
      res.resume();
      if (hops >= 3) return fail("Too many redirects (more than 3) for " + url);
      return get(new URL(res.headers.location, u).href, start, hops + 1, cb);
    }
    cb(res);
  });
  req.setTimeout((timeout || 60) * 1000, () => req.destroy(new Error("no data for " + (timeout || 60) + " s")));
  req.on("error", (e) => inFlight ? inFlight(e.message) : fail("Downloading " + url + " failed: " + e.message + (fs.existsSync(partial) ? " (the bytes so far are kept in " + partial + "; downloading again resumes)" : "")));
}
fs.mkdirSync(path.dirname(fpath), { recursive: true });
let inFlight = null;
let have = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
get(url, have, 0, (res) => {
  let append = false;
  if (res.statusCode === 206 && have > 0) {
    const m = /^bytes (\d+)-/.exec(res.headers["content-range"] || "");
    if (m && Number(m[1]) === have) append = true;
  } else if (res.statusCode === 416 && have > 0) {
    // the partial file is already complete (or longer than the file): start over when its MD5 is wrong
    res.resume();
    return finish();
  } else if (res.statusCode !== 200) {
    res.resume();
    return fail("Downloading " + url + " failed: HTTP " + res.statusCode + " " + (res.statusMessage || ""));
  }
  if (!append) have = 0;
  const len = Number(res.headers["content-length"] || 0);
  const total = len > 0 ? have + len : 0;
  const out = fs.createWriteStream(partial, { flags: append ? "a" : "w" });
  let done = have, failed = false;
  // the bytes received so far are flushed to the partial file before the process ends
  const cut = (why) => {
    if (failed) return;
    failed = true;
    res.unpipe(out);
    out.end(() => fail("Downloading " + url + " failed: " + why + " after " + done + (total > 0 ? " of " + total : "") + " bytes (kept in " + partial + "; downloading again resumes)"));
  };
  inFlight = cut;
  res.on("data", (c) => { done += c.length; draw(done, total, false); });
  res.on("error", (e) => cut(e.message));
  res.on("aborted", () => cut("the connection closed"));
  res.on("close", () => { if (!res.complete) cut("the connection closed"); });
  res.pipe(out);
  out.on("finish", () => {
    if (failed) return;
    if (total > 0 && done < total) return cut("the connection closed");
    draw(done, total, true);
    if (bar.drawn) process.stderr.write("\n");
    finish();
  });
});
function finish() {
  if (md5) {
    const h = crypto.createHash("md5");
    const fd = fs.openSync(partial, "r"), buf = Buffer.allocUnsafe(1 << 20);
    for (;;) { const n = fs.readSync(fd, buf, 0, buf.length, null); if (n <= 0) break; h.update(buf.subarray(0, n)); }
    fs.closeSync(fd);
    const got = h.digest("hex");
    if (got !== md5) {
      fs.rmSync(partial, { force: true });
      return fail("The MD5 of " + url + " is " + got + ", expected " + md5 + ": the file is corrupted or not the one expected (deleted; nothing was kept).");
    }
  }
  fs.renameSync(partial, fpath);
  process.exit(0);
}
`;

function downloaderArgs(url: string, fpath: string, md5: string | null, o: DownloadOptions): string[] {
  return ["-e", DOWNLOADER, "--", JSON.stringify({ url, fpath, md5, quiet: o.quiet ?? false, timeout: o.timeout ?? 60 })];
}

function lastError(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.startsWith("ERROR "));
  return lines.length ? lines[lines.length - 1].slice(6) : stderr.trim() || "the downloader failed";
}

function prepare(fn: string, url: unknown, root: unknown, filename: unknown, md5: unknown): { fpath: string; md5: string | null } {
  if (typeof url !== "string") throw new TypeError(`${fn}(): argument 'url' must be a str, not ${describe(url)}`);
  if (typeof root !== "string") throw new TypeError(`${fn}(): argument 'root' must be a str, not ${describe(root)}`);
  if (filename !== null && filename !== undefined && typeof filename !== "string") throw new TypeError(`${fn}(): argument 'filename' must be a str, not ${describe(filename)}`);
  if (md5 !== null && md5 !== undefined && (typeof md5 !== "string" || !/^[0-9a-f]{32}$/i.test(md5)))
    throw new TypeError(`${fn}(): argument 'md5' must be 32 hex digits, not ${describe(md5)}`);
  const name = (filename as string) || path.basename(new URL(url).pathname);
  return { fpath: path.join(root, name), md5: md5 ? (md5 as string).toLowerCase() : null };
}

/**
 * download_url(url, root, filename = basename(url), md5 = None): downloads
 * into root/filename unless a file with that MD5 is there already.
 * Blocks until done (a child process downloads). Throws a RuntimeError-like
 * Error ("File not found or corrupted." with the reason) on failure.
 */
export function downloadUrl(url: string, root: string, filename: string | null = null, md5: string | null = null, options: DownloadOptions = {}): void {
  const { fpath, md5: sum } = prepare("downloadUrl", url, root, filename, md5);
  fs.mkdirSync(root, { recursive: true });
  if (checkIntegrity(fpath, sum)) return;
  const r = spawnSync(process.execPath, downloaderArgs(mirroredUrl(url, options.baseUrl), fpath, sum, options), {
    stdio: ["ignore", "inherit", "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.error) throw new Error(`Downloading ${url} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(lastError(r.stderr ?? ""));
  if (!checkIntegrity(fpath, sum)) throw new Error("File not found or corrupted.");
}

/** downloadUrl without blocking: resolves when the file is complete (same checks and errors). */
export async function downloadUrlAsync(url: string, root: string, filename: string | null = null, md5: string | null = null, options: DownloadOptions = {}): Promise<void> {
  const { fpath, md5: sum } = prepare("downloadUrlAsync", url, root, filename, md5);
  fs.mkdirSync(root, { recursive: true });
  if (checkIntegrity(fpath, sum)) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, downloaderArgs(mirroredUrl(url, options.baseUrl), fpath, sum, options), { stdio: ["ignore", "inherit", "pipe"] });
    let err = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (c: string) => {
      err += c;
      if (!c.includes("ERROR ")) process.stderr.write(c);
    });
    child.on("error", (e) => reject(new Error(`Downloading ${url} failed: ${e.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(lastError(err)))));
  });
}

/** The archive kind of a file name: [suffix, archiveType, compression] as torchvision's _detect_file_type. */
function detectFileType(file: string): [string, string | null, string | null] {
  const base = path.basename(file);
  const m = /(\.tar\.gz|\.tgz|\.tar|\.zip|\.gz|\.xz|\.bz2)$/i.exec(base);
  if (!m) throw new Error(`File '${file}' has no suffixes that could be used to detect the archive type and compression.`);
  const s = m[1].toLowerCase();
  if (s === ".tar.gz" || s === ".tgz") return [s, "tar", ".gz"];
  if (s === ".tar") return [s, "tar", null];
  if (s === ".zip") return [s, "zip", null];
  return [s, null, s];
}

/**
 * extract_archive(fromPath, toPath = dirname(fromPath), removeFinished = false):
 * .tar, .tar.gz / .tgz (the `tar` package), .zip (yauzl... here fflate), or a
 * lone .gz file. .xz and .bz2 are not supported (a clear error).
 */
export function extractArchive(fromPath: string, toPath: string | null = null, removeFinished = false): string {
  const to = toPath ?? path.dirname(fromPath);
  const [suffix, archive, compression] = detectFileType(fromPath);
  fs.mkdirSync(to, { recursive: true });
  if (archive === null) {
    if (compression !== ".gz") throw new Error(`Decompressing ${compression} files is not supported by torch-node (only .gz): ${fromPath}`);
    const out = path.join(to, path.basename(fromPath).slice(0, -suffix.length));
    let bytes: Buffer;
    try {
      bytes = zlib.gunzipSync(fs.readFileSync(fromPath));
    } catch (e) {
      throw new Error(`Could not decompress ${fromPath}: ${(e as Error).message}`);
    }
    atomicWrite(out, bytes);
    if (removeFinished) fs.rmSync(fromPath);
    return out;
  }
  if (archive === "tar") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tar = require("tar") as { x(o: Record<string, unknown>): void };
    try {
      tar.x({ file: fromPath, cwd: to, sync: true, strict: true, gzip: compression === ".gz" ? true : undefined });
    } catch (e) {
      throw new Error(`Could not extract ${fromPath}: ${(e as Error).message}`);
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { unzipSync } = require("fflate") as { unzipSync(b: Uint8Array): Record<string, Uint8Array> };
    const files = unzipSync(fs.readFileSync(fromPath));
    const top = path.resolve(to);
    for (const [name, data] of Object.entries(files)) {
      const dest = path.resolve(top, name);
      if (dest !== top && !dest.startsWith(top + path.sep)) throw new Error(`Refusing to extract ${name} outside ${to} (${fromPath})`);
      if (name.endsWith("/")) fs.mkdirSync(dest, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.writeFileSync(dest, data);
      }
    }
  }
  if (removeFinished) fs.rmSync(fromPath);
  return to;
}

/** Writes a file under a temporary name, then renames it (a reader never sees half a file). */
export function atomicWrite(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/** download_and_extract_archive(url, downloadRoot, extractRoot = downloadRoot, filename, md5, removeFinished = false) */
export function downloadAndExtractArchive(
  url: string, downloadRoot: string, extractRoot: string | null = null, filename: string | null = null, md5: string | null = null,
  removeFinished = false, options: DownloadOptions = {},
): void {
  const name = filename || path.basename(new URL(url).pathname);
  downloadUrl(url, downloadRoot, name, md5, options);
  extractArchive(path.join(downloadRoot, name), extractRoot ?? downloadRoot, removeFinished);
}
