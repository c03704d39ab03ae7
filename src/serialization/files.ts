// The file side of torch.save / torch.load and of safetensors' saveFile / loadFile:
// atomic replacement of the target (a save killed midway, a full disk or a
// failed write never leaves a truncated file where the last good one was) and
// opening only regular files for reading (a device or a FIFO would be read
// without bound or block).
import * as fs from "fs";
import { dirname, basename, join } from "path";
import { randomBytes } from "crypto";

/** The calls the writer makes (tests replace writeSync to simulate a full disk). */
export const _io = {
  writeSync: fs.writeSync as (fd: number, b: Uint8Array, off: number, len: number, pos: number | null) => number,
  fsyncSync: fs.fsyncSync,
};

/** A sink for the bytes of a file being written in order; `at(pos, b)` rewrites bytes already written. */
export interface FileSink {
  write(b: Uint8Array): void;
  /** Rewrites bytes at an absolute position (headers whose CRC is known only after their data). */
  at(pos: number, b: Uint8Array): void;
  readonly position: number;
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;

function fail(who: string, path: string, e: unknown): never {
  const code = errCode(e);
  const why =
    code === "ENOSPC" ? "no space left on device" :
    code === "EDQUOT" ? "disk quota exceeded" :
    code === "EACCES" || code === "EPERM" ? "permission denied" :
    code === "EROFS" ? "read-only file system" :
    code === "ENOTDIR" ? "a component of the path is not a directory" :
    code === "ENOENT" ? "no such file or directory" :
    code === "EISDIR" ? "it is a directory" :
    (e as Error)?.message ?? String(e);
  const err = new Error(`${who}: cannot write '${path}': ${why}${code ? ` (${code})` : ""}; the file was not changed`) as NodeJS.ErrnoException;
  if (code) err.code = code;
  err.path = path;
  (err as { cause?: unknown }).cause = e;
  throw err;
}

function writeAll(fd: number, b: Uint8Array, pos: number | null): void {
  for (let done = 0; done < b.length; ) {
    const n = _io.writeSync(fd, b, done, b.length - done, pos === null ? null : pos + done);
    if (n <= 0) throw Object.assign(new Error("write returned no progress"), { code: "EIO" });
    done += n;
  }
}

/**
 * Writes a file by `produce(sink)` so that `path` is replaced atomically: the
 * bytes go to a temporary file in the same folder (`.<name>.<pid>.<random>.tmp`),
 * which is flushed (fsync), renamed over `path`, and the folder is fsynced
 * where the platform allows. An error (including one thrown by `produce`)
 * removes the temporary file and leaves `path` as it was. A process killed
 * midway cannot clean up: a stale `.tmp` may remain, `path` is intact.
 * A path that exists and is not a regular file (/dev/null, a FIFO) is written
 * in place: it cannot be replaced, and renaming over a device would be wrong.
 */
export function writeFileAtomic(path: string, who: string, produce: (sink: FileSink) => void): void {
  let target = path;
  let mode: number | undefined;
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(path); // follows a symlink: the file it points at is replaced, the link stays
  } catch (e) {
    if (errCode(e) !== "ENOENT") fail(who, path, e);
  }
  if (st && !st.isFile()) {
    if (st.isDirectory()) fail(who, path, Object.assign(new Error("is a directory"), { code: "EISDIR" }));
    return writeInPlace(path, who, produce);
  }
  if (st) {
    try {
      target = fs.realpathSync(path);
    } catch (e) {
      fail(who, path, e);
    }
    mode = st.mode & 0o7777;
  }
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, "wx", mode ?? 0o666);
  } catch (e) {
    fail(who, path, e);
  }
  let ok = false;
  try {
    let position = 0;
    produce({
      write(b) {
        writeAll(fd, b, position);
        position += b.length;
      },
      at(pos, b) {
        writeAll(fd, b, pos);
      },
      get position() {
        return position;
      },
    });
    _io.fsyncSync(fd);
    if (mode !== undefined) fs.fchmodSync(fd, mode); // the umask may have narrowed it
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, target);
    ok = true;
  } catch (e) {
    if (fd >= 0) try { fs.closeSync(fd); } catch { /* already failing */ }
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    if (errCode(e) === undefined) throw e; // not an I/O error: the caller's (a value torch.save cannot write)
    fail(who, path, e);
  }
  if (ok) syncDir(dir);
}

function writeInPlace(path: string, who: string, produce: (sink: FileSink) => void): void {
  let fd: number;
  try {
    fd = fs.openSync(path, "w");
  } catch (e) {
    fail(who, path, e);
  }
  try {
    let position = 0;
    produce({
      write(b) {
        writeAll(fd, b, null);
        position += b.length;
      },
      at() {
        throw Object.assign(new Error("cannot seek back in a file that is not a regular file"), { code: "ESPIPE" });
      },
      get position() {
        return position;
      },
    });
  } catch (e) {
    if (errCode(e) === undefined) throw e;
    fail(who, path, e);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync of a folder, so the rename survives a power cut (not possible on Windows: skipped). */
function syncDir(dir: string): void {
  if (process.platform === "win32") return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse fsync of a directory (EINVAL): the file itself is synced
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Opens `path` for reading only if it is a regular file: /dev/zero would be read
 * without bound, a FIFO would block. O_NONBLOCK keeps the open of a FIFO from
 * waiting for a writer; the check is on the opened file (no race with a swap).
 */
export function openRegular(path: string, who: string): { fd: number; size: number } {
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
  const fd = fs.openSync(path, flags);
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    const kind = st.isDirectory() ? "a directory" : st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" :
      st.isFIFO() ? "a FIFO" : st.isSocket() ? "a socket" : "not a regular file";
    throw new Error(`${who}: '${path}' is ${kind}, not a regular file (refused: it could be read without bound)`);
  }
  return { fd, size: st.size };
}

/** The whole of an open regular file (its size as opened; a file that grows meanwhile is cut there). */
export function readOpen(fd: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const r = fs.readSync(fd, out, got, size - got, got);
    if (r <= 0) break;
    got += r;
  }
  return got === size ? out : out.subarray(0, got);
}
