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
  const tools = buildTools();
  const args = [tools.cmakeJs, 'build', '--out', dir, `--CDLIBTORCH=${libtorch}`, `--CDNODE_ADDON_API_DIR=${tools.addonApi}`];
  if (sanitize) args.push(`--CDTORCH_NODE_SANITIZE=${sanitize}`);
  const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL || String(Math.max(1, require('os').cpus().length));
  const res = spawnSync(process.execPath, args, {
    cwd: root, stdio: 'inherit', env: { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs },
  });
  if (res.status !== 0) throw new Error(`cmake-js build failed (exit ${res.status})`);
  if (!fs.existsSync(out)) throw new Error(`the build did not produce ${out}`);
  fs.writeFileSync(stampFile, want);
  writeAddonInfo(out, libtorch, sanitize);
  if (insideNodeModules()) pruneBuild(dir);
  return out;
}

/** True when this package is installed in a project's node_modules (a user's install, not a clone). */
function insideNodeModules() {
  const parent = path.dirname(root);
  return path.basename(parent) === 'node_modules' || path.basename(path.dirname(parent)) === 'node_modules';
}

/**
 * A source build in a user's node_modules keeps only the addon, its sidecar and
 * the stamp: the object files, CMake's cache and the precompiled header (~220 MB
 * with GCC) and the build tools fetched on demand are deleted. A clone keeps
 * them (incremental rebuilds).
 */
function pruneBuild(dir) {
  const keep = new Set(['Release', 'torch-node.stamp']);
  const base = path.join(root, dir);
  for (const e of fs.readdirSync(base)) if (!keep.has(e)) fs.rmSync(path.join(base, e), { recursive: true, force: true });
  const rel = path.join(base, 'Release');
  for (const e of fs.readdirSync(rel)) if (!/^torch_node\.(node|json)$/.test(e)) fs.rmSync(path.join(rel, e), { recursive: true, force: true });
}

/**
 * The build tools: cmake-js and node-addon-api (its C++ headers). They are
 * devDependencies, so a clone has them and a user's install that uses a
 * prebuild never downloads them; the source fallback in a user's install
 * fetches the versions package.json names into build/tools (npm's cache first),
 * deleted again after the build. Returns { cmakeJs, addonApi } (absolute paths).
 */
function buildTools() {
  const find = (paths) => ({
    cmakeJs: require.resolve('cmake-js/bin/cmake-js', paths ? { paths } : undefined),
    addonApi: path.dirname(require.resolve('node-addon-api/package.json', paths ? { paths } : undefined)),
  });
  try { return find(); } catch { /* not installed: a user's install building from source */ }
  const dev = require(path.join(root, 'package.json')).devDependencies || {};
  const specs = ['cmake-js', 'node-addon-api'].map((n) => `${n}@${dev[n] || 'latest'}`);
  const prefix = path.join(root, 'build', 'tools');
  process.stderr.write(`torch-node: fetching the build tools ${specs.join(' ')} into ${prefix}\n`);
  const npmCli = process.env.npm_execpath;
  const npmArgs = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--prefix', prefix, ...specs];
  fs.mkdirSync(prefix, { recursive: true });
  const res = npmCli && /\.c?js$/.test(npmCli)
    ? spawnSync(process.execPath, [npmCli, ...npmArgs], { stdio: 'inherit' })
    : spawnSync('npm', npmArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (res.status !== 0) throw new Error(`could not install the build tools (${specs.join(' ')}) with npm (exit ${res.status})`);
  return find([prefix]);
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

module.exports = { buildNative, outputs, writeAddonInfo, buildTools, pruneBuild };

if (require.main === module) {
  const sanitize = process.argv.includes('--sanitize');  // the list: TORCH_NODE_SANITIZE, else address,undefined
  buildNative({ force: process.argv.includes('--force'), sanitize }).catch((e) => {
    console.error(`torch-node: ${e.message}`);
    process.exit(1);
  });
}
