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

// the pinned version and the cache folders are locate.js's (what the run time searches)
const { TORCH_VERSION, cacheDir, readVersion } = require('./locate');

function log(msg) { process.stderr.write(`torch-node: ${msg}\n`); }

function isLibtorch(dir) {
  return !!dir && fs.existsSync(path.join(dir, 'include', 'ATen', 'ATen.h')) &&
    fs.existsSync(path.join(dir, 'lib'));
}

/** Version of a LibTorch folder (build-version, version.py or torch/version.h), or 'unknown'. */
function libtorchVersion(dir) {
  return readVersion(dir) || 'unknown';
}

const VARIANT_RE = /^(cpu|cu\d{3}|rocm\d+\.\d+(\.\d+)?)$/;

/**
 * URL of the official LibTorch zip; pure, tested without the network. `variant`
 * is cpu, or the CUDA (cu126, cu128, ...) or ROCm build (Linux); macOS has cpu
 * (with MPS) only. TORCH_NODE_LIBTORCH_MIRROR replaces https://download.pytorch.org/libtorch.
 */
function libtorchZipUrl(platform, arch, version = TORCH_VERSION, variant = 'cpu', env = process.env) {
  if (!VARIANT_RE.test(variant)) throw new Error(`torch-node: unknown LibTorch variant '${variant}' (cpu, cu126, cu128, ..., rocm6.4)`);
  const base = (env.TORCH_NODE_LIBTORCH_MIRROR || 'https://download.pytorch.org/libtorch').replace(/\/+$/, '');
  if (platform === 'linux' && arch === 'x64')
    return `${base}/${variant}/libtorch-shared-with-deps-${version}%2B${variant}.zip`;
  if (platform === 'darwin' && arch === 'arm64') {
    if (variant !== 'cpu') throw new Error(`torch-node: LibTorch for macOS comes as the cpu variant only (MPS included), not ${variant}`);
    return `${base}/cpu/libtorch-macos-arm64-${version}.zip`;
  }
  if (platform === 'win32' && arch === 'x64') {
    if (variant.startsWith('rocm')) throw new Error(`torch-node: no ROCm LibTorch for Windows`);
    return `${base}/${variant}/libtorch-win-shared-with-deps-${version}%2B${variant}.zip`;
  }
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

/** Extracts the entries of a zip whose names start with `prefix`, stripping it, into `dest` (streamed; scripts/unzip.js). */
function extractZip(zipPath, prefix, dest, keep = () => true) {
  return require('./unzip').extract(zipPath, dest, { prefix, keep });
}

async function fromPipWheel(cache, dest = path.join(cache, `libtorch-${TORCH_VERSION}-cpu`)) {
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
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(tmp, dest);
    return dest;
  } finally {
    fs.rmSync(dl, { recursive: true, force: true });
  }
}

/**
 * Downloads the official LibTorch zip for `variant` into `dest` (streamed to
 * <dest>.zip.partial, resumable, checksummed: scripts/download.js), unpacks it
 * and records the URL, size and sha256 in <dest>/.complete.
 */
async function fromOfficialZip(cache, { variant = 'cpu', dest = path.join(cache, `libtorch-${TORCH_VERSION}-${variant}`), url, sha256, onProgress } = {}) {
  if (fs.existsSync(path.join(dest, '.complete'))) return dest;
  const { download } = require('./download');
  url = url || libtorchZipUrl(process.platform, process.arch, TORCH_VERSION, variant);
  log(`downloading ${url}`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const zipPath = `${dest}.zip`;
  const got = await download(url, zipPath, { sha256, onProgress });
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const n = await extractZip(zipPath, 'libtorch/', tmp);
    if (!n) throw new Error(`${url} holds no libtorch/ folder`);
    if (!fs.existsSync(path.join(tmp, 'build-version'))) fs.writeFileSync(path.join(tmp, 'build-version'), `${TORCH_VERSION}+${variant}\n`);
    fs.writeFileSync(path.join(tmp, '.complete'), `${JSON.stringify({ url, size: got.size, sha256: got.sha256, verified: got.verified }, null, 2)}\n`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(tmp, dest);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    fs.rmSync(zipPath, { force: true });
  }
  return dest;
}

/**
 * `npx torch-node install`: puts LibTorch `variant` into `dir` (default: the
 * cache) as libtorch-<version>-<variant>: the pip wheel route for cpu (offline
 * machines with a pip index), else / then the official zip. from: 'auto' | 'pip' | 'zip'.
 */
async function installLibtorch({ variant = 'cpu', dir, from = 'auto', url, sha256, onProgress } = {}) {
  if (!VARIANT_RE.test(variant)) throw new Error(`unknown LibTorch variant '${variant}' (cpu, cu126, cu128, ..., rocm6.4)`);
  const base = dir ? path.resolve(dir) : cacheDir();
  const dest = path.join(base, `libtorch-${TORCH_VERSION}-${variant}`);
  if (fs.existsSync(path.join(dest, '.complete'))) return { dir: dest, route: 'already installed' };
  const errors = [];
  if (!url && variant === 'cpu' && from !== 'zip') {
    try { return { dir: await fromPipWheel(base, dest), route: 'pip wheel' }; } catch (e) {
      errors.push(`pip wheel: ${e.message.split('\n')[0]}`);
      if (from === 'pip') throw new Error(errors[0]);
    }
  }
  try {
    return { dir: await fromOfficialZip(base, { variant, dest, url, sha256, onProgress }), route: 'official zip' };
  } catch (e) {
    errors.push(`official zip: ${e.message}`);
    throw new Error(errors.join('\n'));
  }
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

module.exports = { findLibtorch, installLibtorch, fromOfficialZip, libtorchZipUrl, libtorchVersion, cacheDir, isLibtorch, TORCH_VERSION, VARIANT_RE };

if (require.main === module) {
  findLibtorch().then((d) => console.log(d), (e) => { console.error(e.message); process.exit(1); });
}
