'use strict';
// `npm install` hook: obtain LibTorch (the code `npx torch-node install` runs),
// then use a matching prebuild if one loads, else build binding/ from source.
// Never edits package.json. In a user's project (this package inside
// node_modules) a LibTorch that cannot be obtained (no network, a proxy) does not
// fail the whole install: it prints what to run instead, and `import "torch-node"`
// names the same command until it is run. In a clone (CI), it fails.
const path = require('path');
const fs = require('fs');

const root = path.join(__dirname, '..');

function insideNodeModules() {
  const parent = path.dirname(root);
  return path.basename(parent) === 'node_modules' || path.basename(path.dirname(parent)) === 'node_modules';
}

function hint(e) {
  process.stderr.write(
    `torch-node: could not obtain LibTorch now: ${e.message.split('\n').join('\n  ')}\n` +
    'torch-node: the package is installed; before using it run\n' +
    '    npx torch-node install            (add --variant cu126 for CUDA; HTTPS_PROXY is honoured)\n' +
    '  or set LIBTORCH to a LibTorch folder, then `npm rebuild torch-node` if no prebuilt addon matches.\n');
}

async function main() {
  if (process.env.TORCH_NODE_SKIP_INSTALL) return;
  const { findLibtorch } = require('./libtorch');
  try {
    await findLibtorch();
  } catch (e) {
    if (insideNodeModules()) { hint(e); return; }
    throw e;
  }
  if (fs.existsSync(path.join(root, 'prebuilds')) && !process.env.TORCH_NODE_BUILD_FROM_SOURCE) {
    try {
      const r = require('./locate').loadAddon(root);
      if (!/^build[\\/]/.test(path.relative(root, r.addon))) {
        process.stderr.write(`torch-node: using the prebuilt addon ${path.relative(root, r.addon)} with LibTorch ${r.libtorch.full} at ${r.libtorch.dir}\n`);
        return;
      }
    } catch { /* no prebuild matches or loads: build from source */ }
  }
  const { buildNative } = require('./build-native');
  await buildNative();
}

main().catch((e) => {
  console.error(`torch-node: install failed: ${e.message}`);
  process.exit(1);
});
