// torchvision.datasets.utils: calculateMd5, checkMd5, checkIntegrity,
// downloadUrl, extractArchive, downloadAndExtractArchive, verifyStrArg.
//
// Downloads are resumable and atomic: bytes go to `<file>.partial` (an
// interrupted download resumes with an HTTP Range request), and the file gets
// its final name only once its MD5 matches; a partial file or one with a wrong
// MD5 never passes for a finished one (./_download.ts). Dataset constructors
// are synchronous (as torchvision's), so the download runs in a child Node
// process that the constructor waits for (its progress bar goes straight to
// the terminal); `downloadUrlAsync` is the same download in this process.
//
// Mirrors: torchvision's URLs; `baseUrl` (or the environment variable
// TORCH_NODE_DATASETS_MIRROR) replaces everything up to the file name, so a
// local server or an internal mirror serves the same files.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import * as crypto from "crypto";
import { spawnSync } from "child_process";
import { downloadFile, FileDownload } from "./_download";
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

/** How to start the child that runs a blocking download (_download_child: JavaScript, or TypeScript under tsx in the tests). */
function childArgs(job: FileDownload): string[] {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `_download_child${ext}`);
  const json = JSON.stringify(job);
  if (ext !== ".ts") return [file, json];
  const tsx = require.resolve("tsx/cjs/api");
  return ["-e", `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`, "--", json];
}

function job(url: string, fpath: string, md5: string | null, o: DownloadOptions): FileDownload {
  return { url: mirroredUrl(url, o.baseUrl), fpath, md5, quiet: o.quiet ?? false, timeout: o.timeout ?? 60 };
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
  // the child's progress bar goes to this process's stderr; its error message comes back on fd 3
  const r = spawnSync(process.execPath, childArgs(job(url, fpath, sum, options)), { stdio: ["ignore", "inherit", "inherit", "pipe"], maxBuffer: 1 << 20 });
  if (r.error) throw new Error(`Downloading ${url} failed: ${r.error.message}`);
  if (r.status !== 0) {
    const msg = r.output?.[3] ? String(r.output[3]).trim() : "";
    throw new Error(msg || `Downloading ${url} failed: the download process exited with ${r.status ?? r.signal}`);
  }
  if (!checkIntegrity(fpath, sum)) throw new Error("File not found or corrupted.");
}

/** downloadUrl without blocking: resolves when the file is complete (same checks and errors). */
export async function downloadUrlAsync(url: string, root: string, filename: string | null = null, md5: string | null = null, options: DownloadOptions = {}): Promise<void> {
  const { fpath, md5: sum } = prepare("downloadUrlAsync", url, root, filename, md5);
  fs.mkdirSync(root, { recursive: true });
  if (checkIntegrity(fpath, sum)) return;
  await downloadFile(job(url, fpath, sum, options));
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
 * .tar, .tar.gz / .tgz (scripts/untar.js), .zip (scripts/unzip.js), both with Node's own zlib, or a
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
    const { extractSync } = require("../../../scripts/untar.js") as { extractSync(f: string, dest: string, o: { gzip: boolean }): void };
    try {
      extractSync(fromPath, to, { gzip: compression === ".gz" });
    } catch (e) {
      const m = /^refusing to extract (.*) outside /.exec((e as Error).message);
      if (m) throw new Error(`Refusing to extract ${m[1]} outside ${to} (${fromPath})`);
      throw new Error(`Could not extract ${fromPath}: ${(e as Error).message}`);
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { extractSync } = require("../../../scripts/unzip.js") as { extractSync(zip: string, dest: string): void };
    try {
      extractSync(fromPath, to);
    } catch (e) {
      const m = /^refusing to extract (.*) outside /.exec((e as Error).message);
      if (m) throw new Error(`Refusing to extract ${m[1]} outside ${to} (${fromPath})`);
      throw new Error(`Could not extract ${fromPath}: ${(e as Error).message}`);
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
