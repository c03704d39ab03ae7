// One resumable, MD5-checked, atomic HTTP(S) download (used by utils.ts):
// bytes go to `<file>.partial`; a partial file left by an interrupted download
// is resumed with a Range request; the file gets its final name only once its
// MD5 matches (a wrong file is deleted). Progress: a tqdm bar
// (src/utils/progress.ts, unit "B", the file's size as total) on stderr.
import * as fs from "fs";
import * as path from "path";
import * as http from "http";
import * as https from "https";
import * as crypto from "crypto";
import { ProgressBar } from "../../utils/progress";

export interface FileDownload {
  url: string;
  fpath: string;
  md5: string | null;
  quiet: boolean;
  /** seconds without data before the request fails */
  timeout: number;
}

function md5Of(file: string): string {
  const h = crypto.createHash("md5");
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest("hex");
}

function get(url: string, start: number, timeout: number, hops = 0): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith("https:") ? https : http;
    const headers: Record<string, string> = { "User-Agent": "pytorch/vision" };
    if (start > 0) headers.Range = `bytes=${start}-`;
    const req = lib.get(url, { headers }, (res) => {
      const loc = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && loc) {
        res.resume();
        if (hops >= 3) return reject(new Error(`Too many redirects (more than 3) for ${url}`));
        return resolve(get(new URL(loc, url).href, start, timeout, hops + 1));
      }
      resolve(res);
    });
    req.setTimeout(timeout * 1000, () => req.destroy(new Error(`no data for ${timeout} s`)));
    req.on("error", reject);
  });
}

/** Downloads `url` to `fpath` (see the file's header); rejects with an Error saying what failed. */
export async function downloadFile(o: FileDownload): Promise<void> {
  const { url, fpath, md5 } = o;
  const partial = fpath + ".partial";
  fs.mkdirSync(path.dirname(fpath), { recursive: true });
  let have = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
  let res: http.IncomingMessage;
  try {
    res = await get(url, have, o.timeout);
  } catch (e) {
    const kept = fs.existsSync(partial) ? ` (the bytes so far are kept in ${partial}; downloading again resumes)` : "";
    throw new Error(`Downloading ${url} failed: ${(e as Error).message}${kept}`);
  }
  let append = false;
  if (res.statusCode === 206 && have > 0) {
    const m = /^bytes (\d+)-/.exec(res.headers["content-range"] ?? "");
    append = m !== null && Number(m[1]) === have;
  } else if (res.statusCode === 416 && have > 0) {
    // the partial file is already whole (or too long): its MD5 decides
    res.resume();
    return finish(o, partial);
  } else if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`Downloading ${url} failed: HTTP ${res.statusCode} ${res.statusMessage ?? ""}`.trimEnd());
  }
  if (!append) have = 0;
  const len = Number(res.headers["content-length"] ?? 0);
  const total = len > 0 ? have + len : null;
  const bar = new ProgressBar(null, { total, desc: path.basename(fpath), unit: "B", disable: o.quiet, leave: true });
  bar.update(have);
  const out = fs.createWriteStream(partial, { flags: append ? "a" : "w" });
  let done = have;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    // the bytes received so far are flushed to the partial file before the error goes up
    const cut = (why: string) => {
      if (failed) return;
      failed = true;
      res.unpipe(out);
      out.end(() =>
        reject(new Error(`Downloading ${url} failed: ${why} after ${done}${total !== null ? ` of ${total}` : ""} bytes (kept in ${partial}; downloading again resumes)`)),
      );
    };
    res.on("data", (c: Buffer) => {
      done += c.length;
      bar.update(c.length);
    });
    res.on("error", (e) => cut(e.message));
    res.on("aborted", () => cut("the connection closed"));
    res.on("close", () => {
      if (!res.complete) cut("the connection closed");
    });
    out.on("error", (e) => cut(e.message));
    out.on("finish", () => {
      if (failed) return;
      if (total !== null && done < total) return cut("the connection closed");
      resolve();
    });
    res.pipe(out);
  }).finally(() => bar.close());
  return finish(o, partial);
}

function finish(o: FileDownload, partial: string): void {
  if (o.md5) {
    const got = md5Of(partial);
    if (got !== o.md5) {
      fs.rmSync(partial, { force: true });
      throw new Error(`The MD5 of ${o.url} is ${got}, expected ${o.md5}: the file is corrupted or not the one expected (deleted; nothing was kept).`);
    }
  }
  fs.renameSync(partial, o.fpath);
}
