'use strict';
// `npm run test:asan [-- vitest args / test paths]`: the test suite under
// AddressSanitizer + UndefinedBehaviorSanitizer.
//   1. builds the sanitizer addon into build-asan/ if it is missing or stale
//      (scripts/build-native.js --sanitize; never touches build/),
//   2. builds lib/ when older than src/ (the examples tests run the built package),
//   3. runs vitest with the ASan runtime preloaded into node (the addon is
//      instrumented, node is not, so the runtime must be loaded first) and
//      TORCH_NODE_ADDON pointing at the sanitizer addon. Test files that spawn
//      their own node children pass the environment on, so the children run
//      the sanitizer addon too.
// Only binding/ is instrumented: LibTorch and node are not.
// Options (docs/architecture.md, "Sanitizer build"): ASAN_OPTIONS /
// UBSAN_OPTIONS set in the environment are appended to the defaults below
// (a later option wins). TORCH_NODE_SANITIZE picks other sanitizers for the
// build (default address,undefined).
const fs = require('fs');
const path = require('path');
const { spawnSync, execFileSync } = require('child_process');
const { buildNative } = require('./build-native');

const root = path.join(__dirname, '..');

// The ASan runtime the addon was linked against (ldd), else the compiler's.
function asanRuntime(addon) {
  try {
    const m = /\blibasan\.so[.\d]*\s*=>\s*(\S+)/.exec(execFileSync('ldd', [addon], { encoding: 'utf8' }));
    if (m && fs.existsSync(m[1])) return m[1];
  } catch { /* no ldd: ask the compiler */ }
  for (const cxx of [process.env.CXX, 'g++', 'c++', 'clang++'].filter(Boolean)) {
    try {
      const p = execFileSync(cxx, ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
      if (path.isAbsolute(p) && fs.existsSync(p)) return p;
    } catch { /* next */ }
  }
  throw new Error('cannot find the ASan runtime (libasan.so): is the addon built with -fsanitize=address?');
}

// Defaults, and why:
//  detect_leaks=0          LibTorch (operator registry, thread pools) and V8 keep
//                          memory to exit by design: every run would "leak".
//  abort_on_error=1        a report aborts the process (vitest sees the fork die,
//                          a child test sees a signal) instead of exit(1) that a
//                          test could mistake for an ordinary failure code.
//  allocator_may_return_null=1
//                          an allocation ASan cannot serve returns null as
//                          malloc does, so LibTorch throws its "can't allocate
//                          memory" error (tests ask for 2**46 bytes on purpose)
//                          instead of ASan aborting the process.
// ASan's own SIGSEGV handler stays on (a crash in the addon gets a report with
// its stack): V8's WebAssembly trap handler still works beside it (an
// out-of-bounds wasm load still throws WebAssembly.RuntimeError; tried with GCC 12's libasan),
// so handle_segv=0 is not needed. ASan's quarantine (256 MB) stays at its
// default: tests that bound the RSS skip under ASan (test/sanitizer.ts).
const ASAN = 'detect_leaks=0:abort_on_error=1:allocator_may_return_null=1:symbolize=1:print_summary=1';
//  halt_on_error=1         every UB report fails the run (the checks are built
//                          recoverable so this single switch decides).
const UBSAN_SUPP = path.join(root, 'scripts', 'sanitizer', 'ubsan.supp');
const UBSAN = `print_stacktrace=1:halt_on_error=1:abort_on_error=1:report_error_type=1:suppressions=${UBSAN_SUPP}`;

// lib/ is missing or older than some file in src/ (tests that spawn the built
// package need it current; `npm install` has built it in CI).
function libStale() {
  const built = path.join(root, 'lib', 'index.mjs');
  if (!fs.existsSync(built)) return true;
  const t = fs.statSync(built).mtimeMs;
  const newer = (dir) => fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > t;
  });
  return newer(path.join(root, 'src'));
}

async function main() {
  const args = process.argv.slice(2);
  if (process.platform !== 'linux') throw new Error('test:asan preloads the ASan runtime with LD_PRELOAD: Linux only');
  const addon = await buildNative({ sanitize: true });
  if (libStale()) {
    const ts = spawnSync('npm', ['run', 'build:ts'], { cwd: root, stdio: 'inherit' });
    if (ts.status !== 0) throw new Error('npm run build:ts failed');
  }
  const runtime = asanRuntime(addon);
  const preload = [runtime, process.env.LD_PRELOAD].filter(Boolean).join(':');
  const env = {
    ...process.env,
    LD_PRELOAD: preload,
    TORCH_NODE_ADDON: addon,
    ASAN_OPTIONS: [ASAN, process.env.ASAN_OPTIONS].filter(Boolean).join(':'),
    UBSAN_OPTIONS: [UBSAN, process.env.UBSAN_OPTIONS].filter(Boolean).join(':'),
  };
  process.stderr.write(`torch-node: vitest under ASan+UBSan\n  LD_PRELOAD=${env.LD_PRELOAD}\n  TORCH_NODE_ADDON=${addon}\n` +
    `  ASAN_OPTIONS=${env.ASAN_OPTIONS}\n  UBSAN_OPTIONS=${env.UBSAN_OPTIONS}\n`);
  const vitest = require.resolve('vitest/vitest.mjs');
  const r = spawnSync(process.execPath, [vitest, 'run', ...args], { cwd: root, stdio: 'inherit', env });
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
}

main().catch((e) => {
  console.error(`torch-node: test:asan: ${e.message}`);
  process.exit(1);
});
