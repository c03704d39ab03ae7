'use strict';
// `npm run pack:prebuild`: makes the prebuilt addon with prebuildify (N-API,
// --strip), in the layout node-gyp-build loads when the package has no
// build/Release (a user's install):
//   prebuilds/<platform>-<arch>/torch-node.<variant>.napi[.glibc].node
//   prebuilds/<platform>-<arch>/torch-node.<variant>.napi[.glibc].json   (sidecar)
// <variant> is the LibTorch variant it was built against (cpu, cu126, cu128,
// rocm6.4, ...): a tag node-gyp-build ignores and scripts/locate.js picks by
// (TORCH_NODE_VARIANT, else the variant of the LibTorch it finds, else cpu).
// napi: one file serves every Node >= 20.17; glibc (Linux): node-gyp-build
// skips it on musl (Alpine), where the source build is the fallback. The sidecar
// holds the LibTorch version and variant it needs and the libraries it links
// (scripts/locate.js checks the LibTorch it finds against it).
//
// prebuildify runs its build backend (node-gyp by default) in a staging folder;
// the backend given to it here is this script with --backend: it builds the
// addon with scripts/build-native.js (cmake-js; skipped when build/Release is
// up to date with the sources and LibTorch, so the file packed is the one the
// tests ran against) and puts a copy where prebuildify looks for it. prebuildify
// then strips it and moves it into prebuilds/. build/Release stays as it was.
//   node scripts/prebuild.js [--addon build/Release/torch_node.node] [--dest <package root>] [--no-build]
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');

/** The prebuild's file name (without .node / .json) for LibTorch `variant` on `platform`. */
function prebuildName(variant, platform = process.platform) {
  return `torch-node.${variant}.napi${platform === 'linux' ? '.glibc' : ''}`;
}

function readSidecar(addon) {
  const sidecar = addon.replace(/\.node$/, '.json');
  if (!fs.existsSync(sidecar)) throw new Error(`no ${sidecar}: rebuild with npm run build:native (it writes the LibTorch version the addon needs)`);
  const info = JSON.parse(fs.readFileSync(sidecar, 'utf8'));
  if (info.sanitize) throw new Error('a sanitizer build is not a prebuild');
  return info;
}

/**
 * Builds (unless `build` is false, or `addon` is given) and packs the prebuild
 * into <dest>/prebuilds/<platform>-<arch>/. Returns the .node file's path.
 */
async function prebuild({ addon, dest = root, strip = true, build = !addon } = {}) {
  if (build) addon = await require('./build-native').buildNative();
  addon = path.resolve(addon || path.join(root, 'build', 'Release', 'torch_node.node'));
  if (!fs.existsSync(addon)) throw new Error(`no addon at ${addon}: run npm run build:native first`);
  const info = readSidecar(addon);
  const variant = info.variant || 'cpu';
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-prebuildify-'));
  const prev = process.env.TORCH_NODE_PREBUILD_ADDON;
  process.env.TORCH_NODE_PREBUILD_ADDON = addon;  // read by the --backend child (prebuildify passes process.env on)
  try {
    let prebuildify;
    try { prebuildify = require('prebuildify'); } catch (e) {
      throw new Error(`prebuildify is not installed (${e.code || e.message}): it is a devDependency of a clone; run npm install`);
    }
    fs.writeFileSync(path.join(stage, 'package.json'), '{"name":"torch-node","private":true}\n');
    await new Promise((resolve, reject) => prebuildify({
      cwd: stage,
      out: path.resolve(dest),
      name: `torch-node.${variant}.napi`,  // the tags torch-node, <variant>, napi; prebuildify adds glibc (tagLibc)
      napi: true,
      strip,
      tagLibc: process.platform === 'linux' ? 'glibc' : false,
      targets: [{ runtime: 'node', target: process.versions.node }],
      nodeGyp: `"${process.execPath}" "${__filename}" --backend`,
      shell: true,
      quiet: false,
    }, (err) => (err ? reject(err) : resolve())));
  } finally {
    if (prev === undefined) delete process.env.TORCH_NODE_PREBUILD_ADDON; else process.env.TORCH_NODE_PREBUILD_ADDON = prev;
    fs.rmSync(stage, { recursive: true, force: true });
  }
  const file = path.join(path.resolve(dest), 'prebuilds', `${process.platform}-${process.arch}`, `${prebuildName(variant)}.node`);
  if (!fs.existsSync(file)) throw new Error(`prebuildify did not produce ${file}`);
  const { builtAgainst, ...keep } = info;  // no build machine path in the package
  fs.writeFileSync(file.replace(/\.node$/, '.json'), `${JSON.stringify(keep, null, 2)}\n`);
  return file;
}

/**
 * The backend prebuildify spawns as `<node-gyp> rebuild --target=... --release`
 * in its staging folder: copies the addon built by scripts/build-native.js
 * (TORCH_NODE_PREBUILD_ADDON) to ./build/Release, where prebuildify takes it from.
 */
function backend(args) {
  if (args[0] !== 'rebuild') throw new Error(`the prebuildify backend was asked for '${args.join(' ')}', not rebuild`);
  const addon = process.env.TORCH_NODE_PREBUILD_ADDON;
  if (!addon || !fs.existsSync(addon)) throw new Error(`no addon to pack (TORCH_NODE_PREBUILD_ADDON=${addon})`);
  const out = path.join(process.cwd(), 'build', 'Release');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(addon, path.join(out, 'torch_node.node'));
}

module.exports = { prebuild, prebuildName };

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--backend') {
    try { backend(argv.slice(1)); } catch (e) { console.error(`torch-node: ${e.message}`); process.exit(1); }
  } else {
    const arg = (name) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? path.resolve(argv[i + 1]) : undefined; };
    const addon = arg('addon');
    prebuild({ addon, dest: arg('dest'), build: !addon && !argv.includes('--no-build') }).then((file) => {
      console.log(`${path.relative(process.cwd(), file)} (${fs.statSync(file).size} bytes)`);
    }, (e) => {
      console.error(`torch-node: ${e.message}`);
      process.exit(1);
    });
  }
}
