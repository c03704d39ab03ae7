'use strict';
// Locates LibTorch at run time and preloads its libraries, so the addon carries
// no RUNPATH into a user folder (docs/packaging.md, "How LibTorch is found").
// Used by src/native.ts (every `import "torch-node"`), by `npx torch-node doctor`
// and by the install script. Plain CommonJS with Node built-ins only: it runs
// before lib/ is built (a clone's `npm install`) and must cost ~nothing at import.
//
// Candidates, first usable wins:
//   1. LIBTORCH                       (an explicit folder: an unusable one is an error, never skipped)
//   2. TORCH_NODE_CACHE               (explicit cache folder)
//   3. the folder recorded by install (.torch-node.json in the package: the Python torch
//                                      or folder the build used, checked cheaply, no Python spawned)
//   4. the user cache                 (XDG_CACHE_HOME/torch-node, ~/.cache/torch-node)
//   5. project-local                  (<project>/node_modules/.cache/torch-node)
//   6. a Python torch                 (spawns `python3`; only when 1-5 found nothing, and then
//                                      recorded so the next import does not spawn it again)
// A candidate is rejected with a reason: missing lib/ or a library the addon needs,
// or another LibTorch version than the addon was built against.
const fs = require('fs');
const os = require('os');
const path = require('path');

const TORCH_VERSION = '2.13.0';
const ROOT = path.join(__dirname, '..');
const RECORD = path.join(ROOT, '.torch-node.json');

/** File name of LibTorch library `name` (c10, torch_cpu, ...) on `platform`. */
function libFile(name, platform = process.platform) {
  if (platform === 'win32') return `${name}.dll`;
  if (platform === 'darwin') return `lib${name}.dylib`;
  return `lib${name}.so`;
}

/** The cache folders, in the order they are searched. */
function cacheDirs(env = process.env) {
  const dirs = [];
  if (env.TORCH_NODE_CACHE) dirs.push({ source: 'TORCH_NODE_CACHE', dir: path.resolve(env.TORCH_NODE_CACHE) });
  if (env.XDG_CACHE_HOME) dirs.push({ source: 'XDG_CACHE_HOME', dir: path.join(env.XDG_CACHE_HOME, 'torch-node') });
  const home = env.HOME || env.USERPROFILE || os.homedir();
  if (home) dirs.push({ source: 'user cache', dir: path.join(home, '.cache', 'torch-node') });
  return dirs;
}

/** The cache folder install writes to (the first of cacheDirs). */
function cacheDir(env = process.env) {
  return cacheDirs(env)[0].dir;
}

/** Project-local caches: node_modules/.cache/torch-node of the project holding this package, and of the cwd. */
function projectDirs() {
  const out = [];
  const parent = path.dirname(ROOT);
  if (path.basename(parent) === 'node_modules') out.push(path.join(parent, '.cache', 'torch-node'));
  else if (path.basename(path.dirname(parent)) === 'node_modules') out.push(path.join(path.dirname(parent), '.cache', 'torch-node')); // @scope/pkg
  const cwd = path.join(process.cwd(), 'node_modules', '.cache', 'torch-node');
  if (!out.includes(cwd)) out.push(cwd);
  return out;
}

function readText(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return null; }
}

function readJson(file) {
  const t = readText(file);
  if (t == null) return null;
  try { return JSON.parse(t); } catch { return null; }
}

/**
 * Version of a LibTorch folder ("2.13.0+cpu"), or null: build-version (official
 * archives and our cache), torch/version.py (a Python torch), or the C++ header.
 */
function readVersion(dir) {
  const bv = readText(path.join(dir, 'build-version'));
  if (bv && bv.trim()) return bv.trim();
  const py = readText(path.join(dir, 'version.py'));
  if (py) {
    const m = /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(py);
    if (m) return m[1];
  }
  const vh = readText(path.join(dir, 'include', 'torch', 'csrc', 'api', 'include', 'torch', 'version.h'));
  if (vh) {
    const m = /TORCH_VERSION\s+"([^"]+)"/.exec(vh);
    if (m) return m[1];
  }
  return null;
}

/** "2.13.0+cu126" -> { version: "2.13.0", variant: "cu126" }; no local part -> variant null. */
function splitVersion(v) {
  const [version, local] = String(v).split('+');
  return { version, variant: local || null };
}

// ---- the libraries the addon links (DT_NEEDED / LC_LOAD_DYLIB) ----

function readAt(fd, pos, len) {
  const b = Buffer.alloc(len);
  const n = fs.readSync(fd, b, 0, len, pos);
  return b.subarray(0, n);
}

/** DT_NEEDED entries of a little-endian ELF64 file, or null when it is not one. */
function elfNeeded(fd) {
  const h = readAt(fd, 0, 64);
  if (h.length < 64 || h.readUInt32BE(0) !== 0x7f454c46 || h[4] !== 2 || h[5] !== 1) return null;
  const phoff = Number(h.readBigUInt64LE(0x20));
  const phentsize = h.readUInt16LE(0x36), phnum = h.readUInt16LE(0x38);
  const ph = readAt(fd, phoff, phentsize * phnum);
  const loads = [];
  let dyn = null;
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    const type = ph.readUInt32LE(o);
    const seg = { offset: Number(ph.readBigUInt64LE(o + 8)), vaddr: Number(ph.readBigUInt64LE(o + 16)), filesz: Number(ph.readBigUInt64LE(o + 32)) };
    if (type === 1) loads.push(seg);
    else if (type === 2) dyn = seg;
  }
  if (!dyn) return [];
  const d = readAt(fd, dyn.offset, dyn.filesz);
  const needed = [];
  let strtab = 0, strsz = 0;
  for (let o = 0; o + 16 <= d.length; o += 16) {
    const tag = Number(d.readBigInt64LE(o)), val = Number(d.readBigUInt64LE(o + 8));
    if (tag === 0) break;
    if (tag === 1) needed.push(val);
    else if (tag === 5) strtab = val;
    else if (tag === 10) strsz = val;
  }
  const seg = loads.find((s) => strtab >= s.vaddr && strtab < s.vaddr + s.filesz);
  if (!seg) return null;
  const strs = readAt(fd, strtab - seg.vaddr + seg.offset, strsz);
  return needed.map((off) => strs.toString('latin1', off, strs.indexOf(0, off)));
}

/** LC_LOAD_DYLIB entries (base names) of a thin 64-bit Mach-O file, or null. */
function machoNeeded(fd) {
  const h = readAt(fd, 0, 32);
  if (h.length < 32 || h.readUInt32LE(0) !== 0xfeedfacf) return null;
  const ncmds = h.readUInt32LE(16), size = h.readUInt32LE(20);
  const c = readAt(fd, 32, size);
  const out = [];
  for (let i = 0, o = 0; i < ncmds && o + 8 <= c.length; i++) {
    const cmd = c.readUInt32LE(o), cmdsize = c.readUInt32LE(o + 4);
    if (cmd === 0xc || cmd === 0x80000018 || cmd === 0x8000001f) {
      const s = o + c.readUInt32LE(o + 8);
      out.push(path.posix.basename(c.toString('latin1', s, c.indexOf(0, s))));
    }
    o += cmdsize;
  }
  return out;
}

/** Shared libraries `file` (the addon) links by name, or null when its format is not read here (Windows). */
function neededLibraries(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    return elfNeeded(fd) || machoNeeded(fd);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The LibTorch libraries to preload for `addon`, in load order: those it links
 * that are LibTorch's (c10*, torch*, and anything else found in the lib folder,
 * e.g. libgomp), c10 first. Without a readable addon: c10, torch_cpu, torch.
 */
function libtorchNeeds(addonInfo, platform = process.platform) {
  let names = addonInfo && addonInfo.needed;
  if (!names) names = ['c10', 'torch_cpu', 'torch'].map((n) => libFile(n, platform));
  const rank = (n) => (/^(lib)?c10\./.test(n) ? 0 : /^(lib)?c10/.test(n) ? 1 : /^(lib)?torch_cpu\./.test(n) ? 2 : /^(lib)?torch\./.test(n) ? 3 : 4);
  return names.filter((n) => !/^(libc\.|libm\.|libdl\.|librt\.|libpthread\.|libstdc\+\+\.|libgcc_s\.|ld-linux|ld64\.|libSystem|libc\+\+|libobjc)/.test(n))
    .map((n, i) => [n, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([n]) => n);
}

/** What the addon at `file` needs: the sidecar its build wrote (<addon>.json), else its linked libraries. */
function addonInfo(file) {
  const side = readJson(file.replace(/\.node$/, '.json'));
  const info = { file, version: null, variant: null, needed: null };
  if (side) Object.assign(info, { version: side.version || null, variant: side.variant || null, needed: side.needed || null });
  if (!info.needed) info.needed = neededLibraries(file);
  if (!info.version) info.version = TORCH_VERSION;
  return info;
}

/** The lib/ folder of a LibTorch folder or Python torch package. */
function libDirOf(dir) {
  return path.join(dir, 'lib');
}

/**
 * Checks one candidate folder against what the addon needs. Returns
 * { ok: true, dir, libDir, version, variant } or { ok: false, dir, reason }.
 */
function check(dir, want, platform = process.platform) {
  if (!dir) return { ok: false, dir, reason: 'not set' };
  if (!fs.existsSync(dir)) return { ok: false, dir, reason: 'does not exist' };
  const libDir = libDirOf(dir);
  if (!fs.existsSync(libDir)) return { ok: false, dir, reason: 'has no lib/ folder' };
  const needs = libtorchNeeds(want, platform);
  // the core libraries must be in lib/; others the addon links (libgomp, ...) may come from the system
  const core = needs.filter((n) => /^(lib)?(c10|torch)/.test(n));
  for (const n of core) {
    if (!fs.existsSync(path.join(libDir, n))) return { ok: false, dir, reason: `has no lib/${n} (the addon needs it)` };
  }
  const full = readVersion(dir);
  if (!full) return { ok: false, dir, reason: 'has no version information (build-version, version.py or torch/version.h)' };
  const { version, variant } = splitVersion(full);
  if (want && want.version && version !== splitVersion(want.version).version) {
    return { ok: false, dir, reason: `is LibTorch ${full}, but this addon was built against LibTorch ${want.version}${want.variant ? `+${want.variant}` : ''}` };
  }
  return { ok: true, dir, libDir, version, variant, full };
}

/** LibTorch folders inside one cache folder: libtorch-<version>-<variant>, the addon's variant first. */
function cacheEntries(cache, want) {
  let names;
  try { names = fs.readdirSync(cache); } catch { return []; }
  const v = splitVersion((want && want.version) || TORCH_VERSION).version;
  const pref = `libtorch-${v}-${(want && want.variant) || 'cpu'}`;
  // not the downloads (.zip, .zip.partial) or unpacking (.tmp-<pid>) of an install under way
  const ents = names.filter((n) => n.startsWith('libtorch-') && !/\.(zip|partial|json)$|\.tmp-/.test(n));
  ents.sort((a, b) => (b === pref) - (a === pref) || (b.startsWith(`libtorch-${v}-`)) - (a.startsWith(`libtorch-${v}-`)) || a.localeCompare(b));
  return ents.map((n) => path.join(cache, n));
}

/** Where a Python torch package is, asked without importing torch (fast), or null. */
function probePython(env = process.env) {
  const { execFileSync } = require('child_process');
  const code = 'import importlib.util as u; s = u.find_spec("torch"); print(s.submodule_search_locations[0] if s else "")';
  for (const py of [env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    try {
      const out = execFileSync(py, ['-c', code], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 20000, env }).toString().trim();
      if (out) return { python: py, dir: out };
    } catch { /* not here */ }
  }
  return null;
}

/** Records the LibTorch folder install or a Python probe found, so later imports check it without spawning Python. */
function writeRecord(rec) {
  try {
    fs.writeFileSync(RECORD, `${JSON.stringify({ ...rec, recorded: new Date().toISOString() }, null, 2)}\n`);
    return true;
  } catch { return false; }
}

function readRecord() {
  return readJson(RECORD);
}

/**
 * Finds LibTorch for `want` (addonInfo). Returns { found, tried } where tried
 * lists every candidate looked at: { source, dir, ok, reason }. An unusable
 * LIBTORCH stops the search (found null). `probe: false` skips spawning Python.
 */
function locate(want, { env = process.env, probe = true, all = false, platform = process.platform } = {}) {
  const tried = [];
  let found = null;
  const consider = (source, dir) => {
    if (!dir || tried.some((t) => t.dir === dir)) return false;
    const r = { source, ...check(dir, want, platform) };
    tried.push(r);
    if (r.ok && !found) found = r;
    return !!found && !all;
  };
  if (env.LIBTORCH) {
    consider('LIBTORCH', path.resolve(env.LIBTORCH));
    return { found, tried };
  }
  const [explicit, ...defaults] = cacheDirs(env);
  const caches = explicit && explicit.source === 'TORCH_NODE_CACHE' ? [explicit] : [];
  for (const c of caches) for (const d of cacheEntries(c.dir, want)) if (consider(`cache (${c.source}=${c.dir})`, d)) return { found, tried };
  const rec = readRecord();
  if (rec && rec.libtorch && consider(`recorded by install (${rec.source || 'unknown'})`, rec.libtorch)) return { found, tried };
  for (const c of (caches.length ? defaults : [explicit, ...defaults])) {
    for (const d of cacheEntries(c.dir, want)) if (consider(`cache (${c.source === 'user cache' ? c.dir : `${c.source}=${c.dir}`})`, d)) return { found, tried };
  }
  for (const p of projectDirs()) for (const d of cacheEntries(p, want)) if (consider(`project-local (${p})`, d)) return { found, tried };
  if (probe && (!found || all)) {
    const py = probePython(env);
    if (py) {
      const hit = consider(`Python torch (${py.python})`, py.dir);
      if (found && found.dir === py.dir && !(rec && rec.libtorch === py.dir)) writeRecord({ libtorch: py.dir, source: 'python', version: found.full });
      if (hit) return { found, tried };
    } else {
      tried.push({ source: 'Python torch', dir: null, ok: false, reason: 'no python3 with torch installed' });
    }
  }
  return { found, tried };
}

/**
 * Loads LibTorch's libraries from `libDir` by absolute path, so the addon's
 * dependencies (linked by name, no rpath) resolve to them. RTLD_NOW fails here,
 * with the library named, rather than later; RTLD_LOCAL as Python torch does
 * (its symbols do not leak into other addons); RTLD_NODELETE keeps them loaded
 * although Node unloads a library that registers no module.
 */
function preload(libDir, names, platform = process.platform) {
  if (platform === 'win32') {
    // LoadLibraryEx (libuv) searches PATH for a DLL's dependencies: put LibTorch's folder first.
    const key = Object.keys(process.env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
    const cur = process.env[key] || '';
    if (!cur.split(path.delimiter).includes(libDir)) process.env[key] = `${libDir}${path.delimiter}${cur}`;
  }
  const c = os.constants.dlopen || {};
  const nodelete = platform === 'linux' ? 0x1000 : platform === 'darwin' ? 0x80 : 0;
  const flags = ((c.RTLD_NOW || 0) | nodelete);
  const loaded = [];
  for (const n of names) {
    const file = path.join(libDir, n);
    if (!fs.existsSync(file)) continue;  // a system library (libgomp from the OS, ...)
    try {
      process.dlopen({ exports: {} }, file, flags);
    } catch (e) {
      // Node unloads what registers no N-API module and says so: the library itself loaded fine
      if (!/did not self-register|Module did not self-register/.test(e.message)) {
        throw new Error(`could not load ${file}: ${e.message}`);
      }
    }
    loaded.push(file);
  }
  return loaded;
}

/** The commands that fix a missing addon or LibTorch, for error messages and docs. */
const FIX_COMMANDS = [
  'npx torch-node install          (downloads LibTorch into the cache; --variant cu126 for CUDA)',
  'npm rebuild torch-node          (runs the install script that --ignore-scripts skipped)',
  'pnpm approve-builds && pnpm rebuild torch-node   (pnpm blocks install scripts by default)',
];

const VARIANT_TAG = /^(cpu|cu\d{3}|rocm\d+(\.\d+)*)$/;

/**
 * The prebuilds in <root>/prebuilds/ that node-gyp-build would accept here (its
 * own tag matching: platform-arch, runtime, napi, libc), each with its LibTorch
 * variant, read from its name: torch-node.<variant>.napi[.glibc].node (the name
 * scripts/prebuild.js gives). [{ file, variant }], cpu first.
 */
function prebuildCandidates(root = ROOT) {
  const ngb = require('node-gyp-build');
  const tuple = fs.existsSync(path.join(root, 'prebuilds'))
    ? fs.readdirSync(path.join(root, 'prebuilds')).map(ngb.parseTuple)
      .filter(ngb.matchTuple(process.platform, process.arch)).sort(ngb.compareTuples)[0]
    : null;
  if (!tuple) return [];
  const dir = path.join(root, 'prebuilds', tuple.name);
  return fs.readdirSync(dir).map(ngb.parseTags).filter(ngb.matchTags('node', process.versions.modules))
    .sort(ngb.compareTags('node'))
    .map((t) => ({ file: path.join(dir, t.file), variant: t.file.split('.').slice(0, -1).find((x) => VARIANT_TAG.test(x)) || 'cpu' }))
    .sort((a, b) => (b.variant === 'cpu') - (a.variant === 'cpu'));
}

/**
 * Where the addon is: TORCH_NODE_ADDON if set; else node-gyp-build's order:
 * build/Release (a source build), then a prebuild matching this platform, arch
 * and libc. With prebuilds for several LibTorch variants, the one named by
 * TORCH_NODE_VARIANT, else `pickVariant(candidates)` (loadAddon: the variant of
 * the LibTorch found), else cpu.
 */
function resolveAddon(root = ROOT, env = process.env, pickVariant = null) {
  if (env.TORCH_NODE_ADDON) {
    const file = path.resolve(env.TORCH_NODE_ADDON);
    if (!fs.existsSync(file)) throw loadError(`the native addon TORCH_NODE_ADDON=${env.TORCH_NODE_ADDON} (${file}) does not exist.`, 'addon');
    return file;
  }
  const hasBuild = !env.PREBUILDS_ONLY && fs.existsSync(path.join(root, 'build', 'Release', 'torch_node.node'));
  if (!hasBuild) {
    const cands = prebuildCandidates(root);
    const want = env.TORCH_NODE_VARIANT;
    if (want) {
      const hit = cands.find((c) => c.variant === want);
      if (hit) return hit.file;
      if (cands.length) {
        throw loadError(`TORCH_NODE_VARIANT=${want}: this package has no prebuilt addon for ${want} on ${process.platform}-${process.arch} ` +
          `(it has ${cands.map((c) => c.variant).join(', ')}).\nBuild one from source: TORCH_NODE_BUILD_FROM_SOURCE=1 npm rebuild torch-node ` +
          `(with LIBTORCH or \`npx torch-node install --variant ${want}\` first), or unset TORCH_NODE_VARIANT.`, 'addon');
      }
    } else if (cands.length > 1 && pickVariant) {
      const v = pickVariant(cands);
      const hit = v && cands.find((c) => c.variant === v);
      if (hit) return hit.file;
    }
    if (cands.length) return cands[0].file;
  }
  try {
    return require('node-gyp-build').resolve(root);
  } catch {
    throw loadError(
      `the native addon is not built: no build/Release/torch_node.node and no prebuild for ${process.platform}-${process.arch} under ${root}.\n` +
      'Its install script did not run (npm install --ignore-scripts, pnpm without approve-builds, an npm deny list) or failed.\n' +
      `Run, in your project:\n  npm rebuild torch-node\n` +
      '  (pnpm: pnpm approve-builds, then pnpm rebuild torch-node; yarn: yarn rebuild torch-node)\n' +
      'It obtains LibTorch (or run `npx torch-node install` first) and builds or picks the addon.', 'addon');
  }
}

// The message says everything (the cause's text included where it matters): no `cause`
// property, whose stack Node would print after it, burying the command to run.
function loadError(msg, code) {
  const e = new Error(`torch-node: ${msg}`);
  e.code = code === 'addon' ? 'TORCH_NODE_NO_ADDON' : code === 'libtorch' ? 'TORCH_NODE_NO_LIBTORCH' : 'TORCH_NODE_LOAD_FAILED';
  return e;
}

function describeTried(tried) {
  return tried.map((t) => `  - ${t.source}: ${t.dir || ''}${t.dir ? ' ' : ''}${t.ok ? 'usable' : t.reason}`).join('\n');
}

/**
 * Finds the addon and LibTorch, preloads LibTorch and loads the addon: what
 * `import "torch-node"` does (src/native.ts). Returns { native, addon, want,
 * libtorch, tried, preloaded }; throws one Error naming the command to run.
 */
function loadAddon(root = ROOT, env = process.env) {
  // several variants' prebuilds: the one matching the LibTorch found (a CUDA LibTorch in the cache -> its CUDA build)
  const pickVariant = (cands) => {
    const { found } = locate(addonInfo(cands[0].file), { env, probe: false });
    return found && found.variant;
  };
  const addon = resolveAddon(root, env, pickVariant);
  const want = addonInfo(addon);
  const { found, tried } = locate(want, { env });
  if (!found) {
    const wanted = `LibTorch ${want.version}${want.variant ? ` (${want.variant})` : ''}`;
    const head = env.LIBTORCH
      ? `LIBTORCH=${env.LIBTORCH} is not a usable ${wanted} folder.`
      : `${wanted} was not found.`;
    throw loadError(`${head}\nTried:\n${describeTried(tried)}\n` +
      `Run \`npx torch-node install${want.variant && want.variant !== 'cpu' ? ` --variant ${want.variant}` : ''}\` to install it into ${cacheDir(env)}, ` +
      `or set LIBTORCH to a ${wanted} folder (one with lib/${libFile('torch_cpu')}).`, 'libtorch');
  }
  let preloaded;
  try {
    preloaded = preload(found.libDir, libtorchNeeds(want));
  } catch (e) {
    throw loadError(`LibTorch at ${found.dir} (${found.source}) could not be loaded: ${e.message}`, 'load');
  }
  let native;
  try {
    native = require(addon);
  } catch (e) {
    throw loadError(`could not load the native addon ${addon} with LibTorch ${found.full} at ${found.dir} (${found.source}).\n` +
      `Cause: ${e.message}\nRebuild it: npm rebuild torch-node (or, in a clone, npm run build:native -- --force).`, 'load');
  }
  return { native, addon, want, libtorch: found, tried, preloaded };
}

module.exports = {
  resolveAddon, prebuildCandidates, loadAddon, describeTried,
  TORCH_VERSION, ROOT, RECORD, libFile, cacheDirs, cacheDir, projectDirs, readVersion, splitVersion,
  neededLibraries, libtorchNeeds, addonInfo, check, cacheEntries, probePython, locate, preload,
  writeRecord, readRecord, FIX_COMMANDS,
};
