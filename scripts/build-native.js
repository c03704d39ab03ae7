'use strict';
// Builds binding/ with cmake-js against the LibTorch that scripts/libtorch.js finds.
// Skips the build when nothing changed (same sources, LibTorch, Node ABI): a
// second `npm install` does not rebuild.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { findLibtorch, libtorchVersion } = require('./libtorch');

const root = path.join(__dirname, '..');
const out = path.join(root, 'build', 'Release', 'torch_node.node');
const stampFile = path.join(root, 'build', 'torch-node.stamp');

function stamp(libtorch) {
  const h = crypto.createHash('sha256');
  h.update(`${libtorch}\n${libtorchVersion(libtorch)}\n${process.versions.modules}\n${process.platform}-${process.arch}\n`);
  const files = ['CMakeLists.txt', ...fs.readdirSync(path.join(root, 'binding')).sort().map((f) => `binding/${f}`)];
  for (const f of files) h.update(f).update(fs.readFileSync(path.join(root, f)));
  return h.digest('hex');
}

async function buildNative({ force = false } = {}) {
  const libtorch = await findLibtorch();
  const want = stamp(libtorch);
  if (!force && fs.existsSync(out) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === want) {
    process.stderr.write(`torch-node: native addon is up to date (LibTorch ${libtorchVersion(libtorch)} at ${libtorch})\n`);
    return out;
  }
  process.stderr.write(`torch-node: building the native addon against LibTorch ${libtorchVersion(libtorch)} at ${libtorch}\n`);
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  const args = [cmakeJs, 'build', '--out', 'build', `--CDLIBTORCH=${libtorch}`];
  const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL || String(Math.max(1, require('os').cpus().length));
  const res = spawnSync(process.execPath, args, {
    cwd: root, stdio: 'inherit', env: { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs },
  });
  if (res.status !== 0) throw new Error(`cmake-js build failed (exit ${res.status})`);
  if (!fs.existsSync(out)) throw new Error(`the build did not produce ${out}`);
  fs.writeFileSync(stampFile, want);
  return out;
}

module.exports = { buildNative };

if (require.main === module) {
  buildNative({ force: process.argv.includes('--force') }).catch((e) => {
    console.error(`torch-node: ${e.message}`);
    process.exit(1);
  });
}
