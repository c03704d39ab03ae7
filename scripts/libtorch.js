'use strict';
// Finds or fetches LibTorch for the native build, in the order DESIGN.md gives:
//   1. LIBTORCH (a folder with include/, lib/, share/cmake/Torch)
//   2. an importable Python torch (its package folder is a full LibTorch)
//   3. the pinned CPU torch wheel from this machine's pip, unpacked into a cache
//   4. the official LibTorch zip for the platform
// The result is cached: a second run neither downloads nor unpacks.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const TORCH_VERSION = '2.13.0';

function log(msg) { process.stderr.write(`torch-node: ${msg}\n`); }

function cacheDir() {
  if (process.env.TORCH_NODE_CACHE) return path.resolve(process.env.TORCH_NODE_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'torch-node');
}

function isLibtorch(dir) {
  return !!dir && fs.existsSync(path.join(dir, 'include', 'ATen', 'ATen.h')) &&
    fs.existsSync(path.join(dir, 'lib'));
}

/** Version of a LibTorch folder, read from its headers (torch/version.h or build-version). */
function libtorchVersion(dir) {
  const bv = path.join(dir, 'build-version');
  if (fs.existsSync(bv)) return fs.readFileSync(bv, 'utf8').trim();
  const vh = path.join(dir, 'include', 'torch', 'csrc', 'api', 'include', 'torch', 'version.h');
  if (fs.existsSync(vh)) {
    const m = /TORCH_VERSION\s+"([^"]+)"/.exec(fs.readFileSync(vh, 'utf8'));
    if (m) return m[1];
  }
  return 'unknown';
}

/** URL of the official LibTorch zip (the last resort); pure, tested without the network. */
function libtorchZipUrl(platform, arch, version = TORCH_VERSION) {
  const base = 'https://download.pytorch.org/libtorch';
  if (platform === 'linux' && arch === 'x64')
    return `${base}/cpu/libtorch-shared-with-deps-${version}%2Bcpu.zip`;
  if (platform === 'darwin' && arch === 'arm64')
    return `${base}/cpu/libtorch-macos-arm64-${version}.zip`;
  if (platform === 'win32' && arch === 'x64')
    return `${base}/cpu/libtorch-win-shared-with-deps-${version}%2Bcpu.zip`;
  throw new Error(`torch-node: no official LibTorch build for ${platform}-${arch}; set LIBTORCH to a LibTorch folder`);
}

function fromPython() {
  for (const py of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    try {
      const out = execFileSync(py, ['-c', 'import os, torch; print(os.path.dirname(torch.__file__))'],
        { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 }).toString().trim();
      if (isLibtorch(out)) return out;
    } catch { /* not importable here */ }
  }
  return null;
}

/** Extracts the entries of a zip whose names start with `prefix`, stripping it, into `dest`. */
function extractZip(zipPath, prefix, dest, keep = () => true) {
  const yauzl = require('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err) return reject(err);
      let count = 0;
      zip.on('error', reject);
      zip.on('end', () => resolve(count));
      zip.on('entry', (entry) => {
        const name = entry.fileName;
        if (!name.startsWith(prefix) || name.endsWith('/')) return zip.readEntry();
        const rel = name.slice(prefix.length);
        if (!keep(rel) || rel.split('/').includes('..')) return zip.readEntry();
        const out = path.join(dest, rel);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        zip.openReadStream(entry, (e2, rs) => {
          if (e2) return reject(e2);
          const ws = fs.createWriteStream(out, { mode: (entry.externalFileAttributes >>> 16) & 0o777 || 0o644 });
          rs.on('error', reject);
          ws.on('error', reject);
          ws.on('close', () => { count++; zip.readEntry(); });
          rs.pipe(ws);
        });
      });
      zip.readEntry();
    });
  });
}

async function fromPipWheel(cache) {
  const dest = path.join(cache, `libtorch-${TORCH_VERSION}-cpu`);
  if (fs.existsSync(path.join(dest, '.complete'))) return dest;
  const py = process.env.PYTHON || 'python3';
  const dl = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-wheel-'));
  try {
    log(`fetching the torch ${TORCH_VERSION} CPU wheel with pip`);
    execFileSync(py, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-d', dl,
      `torch==${TORCH_VERSION}+cpu`], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30 * 60000 });
    const wheel = fs.readdirSync(dl).find((f) => /^torch-.*\.whl$/.test(f));
    if (!wheel) throw new Error('pip download produced no torch wheel');
    const tmp = `${dest}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    log(`unpacking LibTorch from ${wheel} into ${dest}`);
    const keep = (rel) => /^(lib|include|share)\//.test(rel);
    await extractZip(path.join(dl, wheel), 'torch/', tmp, keep);
    fs.writeFileSync(path.join(tmp, 'build-version'), `${TORCH_VERSION}+cpu\n`);
    fs.writeFileSync(path.join(tmp, '.complete'), `${wheel}\n`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(tmp, dest);
    return dest;
  } finally {
    fs.rmSync(dl, { recursive: true, force: true });
  }
}

async function fromOfficialZip(cache) {
  const dest = path.join(cache, `libtorch-${TORCH_VERSION}-zip`);
  if (fs.existsSync(path.join(dest, '.complete'))) return dest;
  const url = libtorchZipUrl(process.platform, process.arch);
  log(`downloading ${url}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
  const zipPath = path.join(os.tmpdir(), `libtorch-${process.pid}.zip`);
  fs.writeFileSync(zipPath, Buffer.from(await res.arrayBuffer()));
  const tmp = `${dest}.tmp-${process.pid}`;
  try {
    await extractZip(zipPath, 'libtorch/', tmp);
    fs.writeFileSync(path.join(tmp, '.complete'), `${url}\n`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(tmp, dest);
  } finally {
    fs.rmSync(zipPath, { force: true });
  }
  return dest;
}

/** Returns the LibTorch folder to build against, fetching it into the cache if needed. */
async function findLibtorch() {
  const tried = [];
  if (process.env.LIBTORCH) {
    if (isLibtorch(process.env.LIBTORCH)) return path.resolve(process.env.LIBTORCH);
    throw new Error(`LIBTORCH=${process.env.LIBTORCH} is not a LibTorch folder (no include/ATen/ATen.h)`);
  }
  const py = fromPython();
  if (py) return py;
  tried.push('an importable Python torch: none');
  const cache = cacheDir();
  try { return await fromPipWheel(cache); } catch (e) { tried.push(`pip wheel: ${e.message.split('\n')[0]}`); }
  try { return await fromOfficialZip(cache); } catch (e) { tried.push(`official zip: ${e.message}`); }
  throw new Error(`could not find LibTorch. Tried:\n  - ${tried.join('\n  - ')}\n` +
    'Possible solutions: set LIBTORCH to a LibTorch folder, or `pip install torch`.');
}

module.exports = { findLibtorch, libtorchZipUrl, libtorchVersion, cacheDir, isLibtorch, TORCH_VERSION };

if (require.main === module) {
  findLibtorch().then((d) => console.log(d), (e) => { console.error(e.message); process.exit(1); });
}
