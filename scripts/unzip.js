'use strict';
// Zip extraction with Node's own zlib (no dependency): the LibTorch archives and
// pip wheels (scripts/libtorch.js, streamed entry by entry, never a whole entry
// in memory: libtorch_cuda is over 1 GB) and torchvision's extract_archive for
// .zip datasets (src/vision/datasets/utils.ts, synchronous). Reads the central
// directory (ZIP64 included: archives and entries over 4 GB), stored (0) and
// deflated (8) entries; refuses names that would land outside the destination.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { pipeline } = require('stream/promises');

function readAt(fd, pos, len) {
  const b = Buffer.alloc(len);
  let n = 0;
  while (n < len) {
    const r = fs.readSync(fd, b, n, len - n, pos + n);
    if (r === 0) break;
    n += r;
  }
  return b.subarray(0, n);
}

/** The entries of the zip open as `fd`: [{ name, method, csize, size, offset (local header), mode, dir }]. */
function entries(fd) {
  const size = fs.fstatSync(fd).size;
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = readAt(fd, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits just before the end record and points at the ZIP64 end record
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw new Error('ZIP64 archive without its end of central directory locator');
    const rec = readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
    if (rec.readUInt32LE(0) !== 0x06064b50) throw new Error('bad ZIP64 end of central directory record');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  const cd = readAt(fd, cdOffset, cdSize);
  const out = [];
  for (let o = 0, i = 0; i < count; i++) {
    if (cd.readUInt32LE(o) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = cd.readUInt16LE(o + 10);
    let csize = cd.readUInt32LE(o + 20), usize = cd.readUInt32LE(o + 24);
    const nameLen = cd.readUInt16LE(o + 28), extraLen = cd.readUInt16LE(o + 30), commentLen = cd.readUInt16LE(o + 32);
    const attrs = cd.readUInt32LE(o + 38);
    let offset = cd.readUInt32LE(o + 42);
    const name = cd.toString('utf8', o + 46, o + 46 + nameLen);
    // ZIP64 extra field: the 64-bit values of the fields saturated above, in this order
    for (let e = o + 46 + nameLen, end = e + extraLen; e + 4 <= end;) {
      const id = cd.readUInt16LE(e), len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let p = e + 4;
        if (usize === 0xffffffff) { usize = Number(cd.readBigUInt64LE(p)); p += 8; }
        if (csize === 0xffffffff) { csize = Number(cd.readBigUInt64LE(p)); p += 8; }
        if (offset === 0xffffffff) { offset = Number(cd.readBigUInt64LE(p)); p += 8; }
      }
      e += 4 + len;
    }
    out.push({ name, method, csize, size: usize, offset, mode: (attrs >>> 16) & 0o777, dir: name.endsWith('/') });
    o += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Where an entry's data starts (after its local header, whose name and extra lengths may differ from the central one's). */
function dataStart(fd, entry) {
  const h = readAt(fd, entry.offset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
  return entry.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
}

/** dest/rel, refusing a name that leaves dest (`..`, an absolute path). */
function target(dest, rel, zipPath) {
  const top = path.resolve(dest);
  const out = path.resolve(top, rel);
  if (out !== top && !out.startsWith(top + path.sep)) throw new Error(`refusing to extract ${rel} outside ${dest} (${zipPath})`);
  return out;
}

function checkMethod(e, zipPath) {
  if (e.method !== 0 && e.method !== 8) throw new Error(`${zipPath}: ${e.name} uses compression method ${e.method} (only stored and deflated are supported)`);
}

/**
 * Extracts the files whose names start with `prefix` (stripped) and pass
 * `keep(rel)` into `dest`, streaming each. Resolves to the number of files.
 */
async function extract(zipPath, dest, { prefix = '', keep = () => true } = {}) {
  const fd = fs.openSync(zipPath, 'r');
  let count = 0;
  try {
    for (const e of entries(fd)) {
      if (e.dir || !e.name.startsWith(prefix)) continue;
      const rel = e.name.slice(prefix.length);
      if (!rel || !keep(rel)) continue;
      checkMethod(e, zipPath);
      const out = target(dest, rel, zipPath);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const start = dataStart(fd, e);
      const src = fs.createReadStream(zipPath, { start, end: start + e.csize - 1 });
      const stages = e.csize === 0 ? [] : [src];
      if (e.method === 8 && e.csize) stages.push(zlib.createInflateRaw());
      const ws = fs.createWriteStream(out, { mode: e.mode || 0o644 });
      if (stages.length) await pipeline(...stages, ws); else await new Promise((res, rej) => ws.on('error', rej).end(res));
      if (fs.statSync(out).size !== e.size) throw new Error(`${zipPath}: ${e.name} unpacked to ${fs.statSync(out).size} bytes, not ${e.size}`);
      count++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

/** Extracts every entry of `zipPath` into `dest`, synchronously (archives that fit in memory entry by entry). */
function extractSync(zipPath, dest) {
  const fd = fs.openSync(zipPath, 'r');
  try {
    for (const e of entries(fd)) {
      const out = target(dest, e.name, zipPath);
      if (e.dir) { fs.mkdirSync(out, { recursive: true }); continue; }
      checkMethod(e, zipPath);
      const raw = readAt(fd, dataStart(fd, e), e.csize);
      const data = e.method === 8 ? zlib.inflateRawSync(raw) : raw;
      if (data.length !== e.size) throw new Error(`${zipPath}: ${e.name} unpacked to ${data.length} bytes, not ${e.size}`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, data);
    }
  } finally {
    fs.closeSync(fd);
  }
}

module.exports = { entries, extract, extractSync };
