'use strict';
// Tar extraction with Node's own zlib (no dependency) for torchvision's
// extract_archive (.tar, .tar.gz / .tgz: src/vision/datasets/utils.ts): ustar,
// GNU long names (L/K) and pax headers (path, linkpath, size), regular files,
// folders, hard links and symbolic links that stay inside the destination; the
// file mode and modification time are kept. Streamed: an archive of any size is
// never held in memory. extractSync runs the streamed extraction in a child
// process (extract_archive is synchronous, as in Python; zlib has no
// incremental synchronous inflate).
//   node scripts/untar.js <archive> <dest> [gzip]
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { Writable } = require('stream');
const { pipeline } = require('stream/promises');

/** A NUL-terminated string field. */
function str(b, start, len) {
  const f = b.subarray(start, start + len);
  const z = f.indexOf(0);
  return f.toString('utf8', 0, z < 0 ? len : z);
}

/** A numeric field: octal text, or base-256 when its first byte has the high bit set (GNU, sizes >= 8 GB). */
function num(b, start, len) {
  if (b[start] & 0x80) {
    let v = b[start] & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + b[start + i];
    return v;
  }
  const t = str(b, start, len).trim();
  return t ? parseInt(t, 8) : 0;
}

/** pax records "<len> key=value\n" -> { key: value }. */
function parsePax(buf) {
  const out = {};
  let o = 0;
  while (o < buf.length) {
    const sp = buf.indexOf(0x20, o);
    if (sp < 0) break;
    const len = parseInt(buf.toString('utf8', o, sp), 10);
    if (!(len > 0)) break;
    const rec = buf.toString('utf8', sp + 1, o + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    o += len;
  }
  return out;
}

/** A Writable that unpacks the tar stream written to it into `dest`. */
function tarSink(dest, archive) {
  const top = path.resolve(dest);
  fs.mkdirSync(top, { recursive: true });
  const inside = (rel) => {
    const out = path.resolve(top, rel.replace(/^\/+/, ''));
    if (out !== top && !out.startsWith(top + path.sep)) throw new Error(`refusing to extract ${rel} outside ${dest} (${archive})`);
    return out;
  };
  let pending = Buffer.alloc(0);
  let entry = null;          // { kind, remaining, pad, fd, collect, header }
  let ext = {};              // from L / K / pax headers, for the next entry
  let ended = false;
  const dirs = [];           // folders' times are set last (writing into a folder changes its mtime)

  function startEntry(h) {
    if (h.every((x) => x === 0)) { ended = true; return; }
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (sum !== num(h, 148, 8)) throw new Error(`not a tar archive, or a corrupt one (bad header checksum) (${archive})`);
    const type = String.fromCharCode(h[156] || 48);
    const magic = str(h, 257, 6);
    const prefix = magic.startsWith('ustar') ? str(h, 345, 155) : '';
    let name = ext.path || (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    const linkname = ext.linkpath || str(h, 157, 100);
    const size = ext.size !== undefined ? Number(ext.size) : num(h, 124, 12);
    const mode = num(h, 100, 8) & 0o777;
    const mtime = num(h, 136, 12);
    ext = {};
    const pad = (512 - (size % 512)) % 512;
    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      entry = { kind: type, remaining: size, pad, collect: [] };
    } else if (type === '0' || type === '7') {
      const out = inside(name);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.rmSync(out, { force: true });
      entry = { kind: 'file', remaining: size, pad, fd: fs.openSync(out, 'w', mode || 0o644), out, mtime };
    } else {
      if (type === '5') {
        const out = inside(name);
        fs.mkdirSync(out, { recursive: true });
        dirs.push([out, mtime]);
      } else if (type === '2' || type === '1') {
        const out = inside(name);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.rmSync(out, { force: true });
        if (type === '2') {
          inside(path.relative(top, path.resolve(path.dirname(out), linkname)));  // a link out of dest is refused
          fs.symlinkSync(linkname, out);
        } else {
          fs.copyFileSync(inside(linkname), out);
        }
      }
      // other types (devices, fifos) are skipped, as Python's tarfile filter='data' does
      entry = { kind: 'skip', remaining: size, pad };
    }
    if (entry.remaining === 0 && entry.pad === 0) finishEntry();
  }

  function finishEntry() {
    const e = entry;
    entry = null;
    if (e.kind === 'file') {
      fs.closeSync(e.fd);
      if (e.mtime) fs.utimesSync(e.out, e.mtime, e.mtime);
    } else if (e.kind === 'L') ext.path = Buffer.concat(e.collect).toString('utf8').replace(/\0.*$/s, '');
    else if (e.kind === 'K') ext.linkpath = Buffer.concat(e.collect).toString('utf8').replace(/\0.*$/s, '');
    else if (e.kind === 'x') Object.assign(ext, parsePax(Buffer.concat(e.collect)));
  }

  function consume(chunk) {
    let b = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (b.length && !ended) {
      if (!entry) {
        if (b.length < 512) break;
        startEntry(b.subarray(0, 512));
        b = b.subarray(512);
        continue;
      }
      if (entry.remaining > 0) {
        const n = Math.min(entry.remaining, b.length);
        const part = b.subarray(0, n);
        if (entry.kind === 'file') fs.writeSync(entry.fd, part);
        else if (entry.collect) entry.collect.push(Buffer.from(part));
        entry.remaining -= n;
        b = b.subarray(n);
        if (entry.remaining === 0 && entry.pad === 0) finishEntry();
        continue;
      }
      const n = Math.min(entry.pad, b.length);
      entry.pad -= n;
      b = b.subarray(n);
      if (entry.pad === 0) finishEntry();
    }
    if (b.length && !ended) pending = Buffer.from(b);
  }

  return new Writable({
    write(chunk, _enc, cb) {
      try { consume(chunk); cb(); } catch (e) { cb(e); }
    },
    final(cb) {
      if (entry && entry.fd !== undefined) fs.closeSync(entry.fd);
      if (!ended && (entry || pending.length)) return cb(new Error(`unexpected end of the archive (${archive})`));
      for (const [d, t] of dirs.reverse()) if (t) fs.utimesSync(d, t, t);
      cb();
    },
  });
}

/** Extracts `archive` (a tar, gzipped when `gzip`) into `dest`, streamed. */
async function extract(archive, dest, { gzip = false } = {}) {
  const stages = [fs.createReadStream(archive)];
  if (gzip) stages.push(zlib.createGunzip());
  stages.push(tarSink(dest, archive));
  await pipeline(...stages);
}

/** extract, synchronously: the streamed extraction in a child process; its error is thrown here. */
function extractSync(archive, dest, { gzip = false } = {}) {
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath, [__filename, archive, dest, gzip ? 'gzip' : ''], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error((r.stderr || `exit ${r.status}`).trim());
}

module.exports = { extract, extractSync };

if (require.main === module) {
  const [archive, dest, gz] = process.argv.slice(2);
  extract(archive, dest, { gzip: gz === 'gzip' }).catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
