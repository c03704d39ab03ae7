#!/usr/bin/env node
'use strict';
// The torch-node command (package.json "bin"):
//   npx torch-node install [--variant cpu|cu126|cu128|...] [--dir PATH] [--from auto|pip|zip] [--url URL] [--sha256 HEX]
//   npx torch-node doctor
// install puts LibTorch where `import "torch-node"` finds it (scripts/locate.js);
// doctor prints what the import finds and why every other candidate was rejected.
const path = require('path');
const fs = require('fs');

const USAGE = `Usage:
  npx torch-node install [--variant cpu|cu126|cu128|...] [--dir PATH] [--from auto|pip|zip] [--url URL] [--sha256 HEX]
      Installs LibTorch ${require('./locate').TORCH_VERSION} (default variant: the addon's, else cpu) into
      the cache (TORCH_NODE_CACHE, else XDG_CACHE_HOME/torch-node, else ~/.cache/torch-node) or PATH.
      --from pip: the CPU torch wheel from this machine's pip (offline machines with a pip index);
      --from zip: the official LibTorch archive (streamed, resumable, checksummed, HTTPS_PROXY honoured).
  npx torch-node doctor
      Prints the LibTorch found (path, version, variant), CUDA/MPS availability, the addon file
      loaded, and why each other candidate was rejected.`;

function parseArgs(argv) {
  const opts = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(a);
    if (!m) { opts._.push(a); continue; }
    const key = m[1];
    if (key === 'help') { opts.help = true; continue; }
    if (!['variant', 'dir', 'from', 'url', 'sha256'].includes(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
    const v = m[2] !== undefined ? m[2] : argv[++i];
    if (v === undefined) throw new Error(`--${key} needs a value`);
    opts[key] = v;
  }
  return opts;
}

/** A progress bar on a terminal (cli-progress), else a line every 10%. */
function progress(label) {
  let bar = null, lastTenth = -1, started = false;
  const tty = process.stderr.isTTY;
  const mb = (n) => (n / 1048576).toFixed(1);
  return {
    update(received, total) {
      if (tty) {
        if (!bar) {
          const cliProgress = require('cli-progress');
          bar = new cliProgress.SingleBar({
            format: `${label} {bar} {percentage}% | {got}/{all} MB | {speed} MB/s | ETA {eta_formatted}`,
            stream: process.stderr, hideCursor: true,
          }, cliProgress.Presets.shades_classic);
          bar.start(total || 0, received, { got: mb(received), all: total ? mb(total) : '?', speed: '0.0' });
          bar.t0 = Date.now(); bar.r0 = received;
        }
        const speed = (received - bar.r0) / 1048576 / Math.max(0.001, (Date.now() - bar.t0) / 1000);
        bar.update(received, { got: mb(received), all: total ? mb(total) : '?', speed: speed.toFixed(1) });
      } else {
        if (!started) { started = true; process.stderr.write(`${label}: ${total ? `${mb(total)} MB` : 'size unknown'}${received ? `, resuming at ${mb(received)} MB` : ''}\n`); }
        const tenth = total ? Math.floor((received / total) * 10) : -1;
        if (tenth > lastTenth) { lastTenth = tenth; process.stderr.write(`${label}: ${tenth * 10}% (${mb(received)} MB)\n`); }
      }
    },
    stop() { if (bar) bar.stop(); },
  };
}

async function install(opts) {
  const locate = require('./locate');
  const { installLibtorch, TORCH_VERSION } = require('./libtorch');
  let variant = opts.variant;
  if (!variant) {
    try { variant = locate.addonInfo(locate.resolveAddon()).variant || 'cpu'; } catch { variant = 'cpu'; }
  }
  const from = opts.from || 'auto';
  if (!['auto', 'pip', 'zip'].includes(from)) throw new Error(`--from must be auto, pip or zip, not ${from}`);
  const bar = progress(`LibTorch ${TORCH_VERSION}+${variant}`);
  let r;
  try {
    r = await installLibtorch({ variant, dir: opts.dir, from, url: opts.url, sha256: opts.sha256, onProgress: (a, b) => bar.update(a, b) });
  } finally { bar.stop(); }
  const complete = path.join(r.dir, '.complete');
  let detail = '';
  try {
    const c = JSON.parse(fs.readFileSync(complete, 'utf8'));
    detail = ` (${c.size} bytes, sha256 ${c.sha256}${c.verified === 'sha256' ? ', verified' : ', recorded: no published checksum'})`;
  } catch { /* the pip route writes the wheel's name */ }
  console.log(`LibTorch ${locate.readVersion(r.dir)} ${r.route === 'already installed' ? 'is already installed' : `installed (${r.route})`} at ${r.dir}${detail}`);
  const searched = [...locate.cacheDirs().map((c) => c.dir), ...locate.projectDirs()];
  if (opts.dir && !searched.includes(path.resolve(opts.dir))) {
    console.log(`${path.resolve(opts.dir)} is not searched by default: set TORCH_NODE_CACHE=${path.resolve(opts.dir)} (or LIBTORCH=${r.dir}) where torch-node runs.`);
  }
}

function doctor() {
  const locate = require('./locate');
  const lines = [];
  const out = (s) => lines.push(s);
  out(`torch-node doctor (node ${process.version}, ${process.platform}-${process.arch})`);
  let addon = null, want = null;
  try {
    addon = locate.resolveAddon();
    want = locate.addonInfo(addon);
    out(`addon: ${addon}`);
    out(`  built against LibTorch ${want.version}${want.variant ? `+${want.variant}` : ''}; links ${(locate.libtorchNeeds(want)).join(', ')}`);
  } catch (e) {
    out(`addon: none\n  ${e.message.split('\n').join('\n  ')}`);
  }
  const { found, tried } = locate.locate(want || { version: locate.TORCH_VERSION, variant: null, needed: null }, { all: true });
  if (found) {
    out(`LibTorch: ${found.dir}`);
    out(`  version ${found.version}, variant ${found.variant || 'unknown'}, found by: ${found.source}`);
  } else {
    out('LibTorch: not found. Run `npx torch-node install` (or set LIBTORCH).');
  }
  out('candidates, in search order:');
  for (const t of tried) out(`  ${t === found ? '*' : t.ok ? '+' : '-'} ${t.source}: ${t.dir || ''}${t.dir ? ' ' : ''}${t === found ? '(used)' : t.ok ? '(usable, not used: an earlier candidate wins)' : `rejected: ${t.reason}`}`);
  let code = found && addon ? 0 : 1;
  if (found && addon) {
    try {
      const r = locate.loadAddon();
      const n = r.native;
      out(`loaded: ${r.addon} with LibTorch ${n.version ? n.version() : found.full}`);
      out(`  preloaded: ${r.preloaded.join(', ')}`);
      out(`CUDA: ${n.cudaIsAvailable() ? `available (${n.cudaDeviceCount()} device${n.cudaDeviceCount() === 1 ? '' : 's'})` : n.cudaIsBuilt() ? 'compiled in, no device available' : 'not compiled in (cpu variant)'}`);
      out(`MPS: ${n.mpsIsAvailable() ? 'available' : 'not available'}`);
    } catch (e) {
      out(`loading failed: ${e.message}`);
      code = 1;
    }
  }
  console.log(lines.join('\n'));
  return code;
}

async function main(argv) {
  const opts = parseArgs(argv);
  const cmd = opts._[0];
  if (opts.help || !cmd || cmd === 'help') { console.log(USAGE); return 0; }
  if (cmd === 'install') { await install(opts); return 0; }
  if (cmd === 'doctor') return doctor();
  throw new Error(`unknown command '${cmd}'\n${USAGE}`);
}

module.exports = { main, parseArgs };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    console.error(`torch-node: ${e.message}`);
    process.exitCode = 1;
  });
}
