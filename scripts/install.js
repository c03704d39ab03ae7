'use strict';
// `npm install` hook: obtain LibTorch, then use a matching prebuild if one
// loads, else build binding/ from source. Never edits package.json.
const path = require('path');
const fs = require('fs');
const { buildNative } = require('./build-native');

async function main() {
  const root = path.join(__dirname, '..');
  if (process.env.TORCH_NODE_SKIP_INSTALL) return;
  const prebuilds = path.join(root, 'prebuilds');
  if (fs.existsSync(prebuilds) && !process.env.TORCH_NODE_BUILD_FROM_SOURCE) {
    try {
      require('node-gyp-build')(root);
      process.stderr.write('torch-node: using a prebuilt native addon\n');
      return;
    } catch { /* no matching prebuild: build from source */ }
  }
  await buildNative();
}

main().catch((e) => {
  console.error(`torch-node: install failed: ${e.message}`);
  process.exit(1);
});
