'use strict';
// Builds binding/ with cmake-js against the LibTorch that scripts/libtorch.js finds.
// Skips the build when nothing changed (same sources, LibTorch, Node ABI): a
// second `npm install` does not rebuild.
//   node scripts/build-native.js [--force]             build/Release/torch_node.node
//   node scripts/build-native.js --sanitize [--force]  build-asan/Release/torch_node.node,
//     binding/ compiled with -fsanitize=address,undefined (or the comma list in
//     TORCH_NODE_SANITIZE, read only with --sanitize); never replaces the normal build. Load it with
//     TORCH_NODE_ADDON=build-asan/Release/torch_node.node and the ASan runtime
//     preloaded: `npm run test:asan` (scripts/test-asan.js) does both.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { findLibtorch, libtorchVersion } = require('./libtorch');
const locate = require('./locate');

const root = path.join(__dirname, '..');
const DEFAULT_SANITIZERS = 'address,undefined';

function outputs(sanitize) {
  const dir = sanitize ? 'build-asan' : 'build';
  return {
    dir,
    out: path.join(root, dir, 'Release', 'torch_node.node'),
    stampFile: path.join(root, dir, 'torch-node.stamp'),
  };
}

function stamp(libtorch, sanitize) {
  const h = crypto.createHash('sha256');
  h.update(`${libtorch}\n${libtorchVersion(libtorch)}\n${process.versions.modules}\n${process.platform}-${process.arch}\n`);
  if (sanitize) h.update(`sanitize=${sanitize}\n`);
  const files = ['CMakeLists.txt', ...fs.readdirSync(path.join(root, 'binding')).sort().map((f) => `binding/${f}`)];
  for (const f of files) h.update(f).update(fs.readFileSync(path.join(root, f)));
  return h.digest('hex');
}

/**
 * Builds the addon; `sanitize` (true or a comma list such as 'address,undefined')
 * builds the sanitizer variant into build-asan/ instead. Returns the .node path.
 */
async function buildNative({ force = false, sanitize = false } = {}) {
  if (sanitize === true) sanitize = process.env.TORCH_NODE_SANITIZE || DEFAULT_SANITIZERS;
  if (sanitize && !/^[a-z,]+$/.test(sanitize)) throw new Error(`TORCH_NODE_SANITIZE must be a comma list of sanitizers such as ${DEFAULT_SANITIZERS}, got '${sanitize}'`);
  if (sanitize && (process.platform === 'win32')) throw new Error('the sanitizer build needs gcc or clang (Linux or macOS)');
  const { dir, out, stampFile } = outputs(sanitize);
  const libtorch = await findLibtorch();
  const want = stamp(libtorch, sanitize);
  if (!force && fs.existsSync(out) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === want) {
    process.stderr.write(`torch-node: native addon${sanitize ? ` (${sanitize} sanitizers)` : ''} is up to date (LibTorch ${libtorchVersion(libtorch)} at ${libtorch})\n`);
    writeAddonInfo(out, libtorch, sanitize);
    return out;
  }
  process.stderr.write(`torch-node: building the native addon${sanitize ? ` with the ${sanitize} sanitizers into ${dir}/` : ''} against LibTorch ${libtorchVersion(libtorch)} at ${libtorch}\n`);
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  const args = [cmakeJs, 'build', '--out', dir, `--CDLIBTORCH=${libtorch}`];
  if (sanitize) args.push(`--CDTORCH_NODE_SANITIZE=${sanitize}`);
  const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL || String(Math.max(1, require('os').cpus().length));
  const res = spawnSync(process.execPath, args, {
    cwd: root, stdio: 'inherit', env: { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs },
  });
  if (res.status !== 0) throw new Error(`cmake-js build failed (exit ${res.status})`);
  if (!fs.existsSync(out)) throw new Error(`the build did not produce ${out}`);
  fs.writeFileSync(stampFile, want);
  writeAddonInfo(out, libtorch, sanitize);
  return out;
}

/**
 * Writes what the addon needs next to it (<addon>.json: the LibTorch version and
 * variant it was built against and the libraries it links; src/native.ts checks
 * the LibTorch it finds against it), and records the LibTorch folder used in the
 * package (.torch-node.json), so a Python torch is found again without spawning Python.
 */
function writeAddonInfo(out, libtorch, sanitize) {
  const { version, variant } = locate.splitVersion(libtorchVersion(libtorch));
  const info = {
    version, variant: variant || 'cpu',
    needed: locate.neededLibraries(out),
    builtAgainst: libtorch,
    platform: `${process.platform}-${process.arch}`,
    ...(sanitize ? { sanitize } : {}),
  };
  fs.writeFileSync(out.replace(/\.node$/, '.json'), `${JSON.stringify(info, null, 2)}\n`);
  if (sanitize) return;
  const source = process.env.LIBTORCH ? 'LIBTORCH' : fs.existsSync(path.join(libtorch, 'version.py')) ? 'python'
    : libtorch.startsWith(locate.cacheDir()) ? 'cache' : 'folder';
  locate.writeRecord({ libtorch, source, version: libtorchVersion(libtorch) });
}

module.exports = { buildNative, outputs, writeAddonInfo };

if (require.main === module) {
  const sanitize = process.argv.includes('--sanitize');  // the list: TORCH_NODE_SANITIZE, else address,undefined
  buildNative({ force: process.argv.includes('--force'), sanitize }).catch((e) => {
    console.error(`torch-node: ${e.message}`);
    process.exit(1);
  });
}
