'use strict';
// `npm run test:asan [-- vitest args / test paths]`: the test suite under
// AddressSanitizer + UndefinedBehaviorSanitizer.
//   1. builds the sanitizer addon into build-asan/ if it is missing or stale
//      (scripts/build-native.js --sanitize; never touches build/),
//   2. builds lib/ (the examples tests run the built package),
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
//  handle_segv=0, handle_sigbus=0, allow_user_segv_handler=1
//                          V8 installs its own SIGSEGV handler (WebAssembly trap
//                          handling); ASan must leave those signals to it.
//  detect_odr_violation=0  LibTorch's libraries define some globals twice (not
//                          instrumented anyway); only binding/ is under test.
//  symbolize=1             readable stacks (addr2line/llvm-symbolizer where present).
const ASAN = 'detect_leaks=0:abort_on_error=1:handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:' +
  'detect_odr_violation=0:symbolize=1:print_summary=1';
//  halt_on_error=1         every UB report fails the run (the checks are built
//                          recoverable so this single switch decides).
const UBSAN_SUPP = path.join(root, 'scripts', 'sanitizer', 'ubsan.supp');
const UBSAN = `print_stacktrace=1:halt_on_error=1:abort_on_error=1:report_error_type=1:suppressions=${UBSAN_SUPP}`;

async function main() {
  const args = process.argv.slice(2);
  const addon = await buildNative({ sanitize: true });
  if (!process.env.TORCH_NODE_ASAN_SKIP_TS) {
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
