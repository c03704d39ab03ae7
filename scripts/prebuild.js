'use strict';
// Packs the built addon as a prebuild, in prebuildify's layout, loaded by
// node-gyp-build when no build/Release exists (a user's install):
//   prebuilds/<platform>-<arch>/torch-node.napi.node          the cpu variant
//   prebuilds/<platform>-<arch>/<variant>/torch-node.napi.node  cu126, cu128, ... (TORCH_NODE_VARIANT picks one)
// with the sidecar torch-node.napi.json (the LibTorch version and variant it
// needs: scripts/locate.js checks the LibTorch it finds against it). The copy is
// stripped of debug symbols. N-API: one file serves every Node version >= 20.17.
//   node scripts/prebuild.js [--addon build/Release/torch_node.node] [--out prebuilds]
// (prebuildify itself would rebuild with its own backend; this packs the build
// that scripts/build-native.js made and the tests ran against.)
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');

function prebuild({ addon = path.join(root, 'build', 'Release', 'torch_node.node'), out = path.join(root, 'prebuilds'),
  platform = process.platform, arch = process.arch, strip = true } = {}) {
  if (!fs.existsSync(addon)) throw new Error(`no addon at ${addon}: run npm run build:native first`);
  const sidecar = addon.replace(/\.node$/, '.json');
  if (!fs.existsSync(sidecar)) throw new Error(`no ${sidecar}: rebuild with npm run build:native (it writes the LibTorch version the addon needs)`);
  const info = JSON.parse(fs.readFileSync(sidecar, 'utf8'));
  if (info.sanitize) throw new Error('a sanitizer build is not a prebuild');
  const variant = info.variant || 'cpu';
  const dir = path.join(out, `${platform}-${arch}`, ...(variant === 'cpu' ? [] : [variant]));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'torch-node.napi.node');
  fs.copyFileSync(addon, file);
  if (strip && platform !== 'win32') {
    const r = spawnSync('strip', platform === 'darwin' ? ['-x', file] : ['--strip-unneeded', file], { stdio: 'ignore' });
    if (r.status !== 0) process.stderr.write('torch-node: strip is not available; the prebuild keeps its symbols\n');
  }
  const { builtAgainst, ...keep } = info;  // no build machine path in the package
  fs.writeFileSync(path.join(dir, 'torch-node.napi.json'), `${JSON.stringify(keep, null, 2)}\n`);
  return file;
}

module.exports = { prebuild };

if (require.main === module) {
  const arg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? path.resolve(process.argv[i + 1]) : undefined; };
  try {
    const file = prebuild({ addon: arg('addon'), out: arg('out') });
    console.log(`${path.relative(process.cwd(), file)} (${fs.statSync(file).size} bytes)`);
  } catch (e) {
    console.error(`torch-node: ${e.message}`);
    process.exit(1);
  }
}
