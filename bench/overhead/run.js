'use strict';
// Per-op overhead benchmark: the same loops in torch-node, Python torch and a
// small C++ LibTorch program, run interleaved; prints microseconds per op and
// the ratios, and writes bench/results/overhead.{json,md}.
//
// Usage: npm run bench  (or: node bench/overhead/run.js [--rounds N] [--iters N] [--reps N])
// Env:   TORCH_NODE_BENCH_PYTHON  a Python with torch for the Python column
//        LIBTORCH                  the LibTorch folder for the C++ column (else as the build finds it)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { buildCpp: buildCppIn } = require('../cpp_build');

const ROOT = path.resolve(__dirname, '..', '..');
const HERE = __dirname;
const RESULTS = path.join(ROOT, 'bench', 'results');

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const ROUNDS = arg('rounds', 5);
const ITERS = arg('iters', 100000);
const REPS = arg('reps', 5);
const OPS = ['add', 'mul', 'matmul', 'sum', 'atan2', 'cumsum'];
const SMALL_OPS = ['add', 'mul', 'sum', 'atan2', 'cumsum'];
const PY_TARGET = 1.0;
const CPP_TARGET = 1.5;

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

const buildCpp = (lt) => buildCppIn(HERE, 'overhead', lt, log);

/** The first Python that imports torch: TORCH_NODE_BENCH_PYTHON, <repo>/.oracle-venv, python3. */
function findPython() {
  const candidates = [process.env.TORCH_NODE_BENCH_PYTHON, path.join(ROOT, '.oracle-venv', 'bin', 'python'), 'python3']
    .filter(Boolean);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120000 });
    if (r.status === 0) return { py, version: r.stdout.trim() };
  }
  log(`no Python with torch found (tried ${candidates.join(', ')}); skipping the Python column. ` +
    'Set TORCH_NODE_BENCH_PYTHON, or create one with ../shared/oracle/setup.sh .oracle-venv');
  return null;
}

function runJson(label, cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 16 << 20,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`${label} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

function gitCommit() {
  try { return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

const fmt = (x, d = 2) => (x == null ? '-' : x.toFixed(d));

async function main() {
  const lt = await require(path.join(ROOT, 'scripts', 'libtorch.js')).findLibtorch();
  const cppBin = buildCpp(lt);
  const python = findPython();
  const loopArgs = ['--iters', String(ITERS), '--reps', String(REPS)];

  const programs = [
    { key: 'node', label: 'torch-node', cmd: process.execPath, args: [path.join(HERE, 'node.js'), ...loopArgs] },
    ...(python ? [{ key: 'python', label: 'python', cmd: python.py, args: [path.join(HERE, 'python.py'), ...loopArgs] }] : []),
    { key: 'cpp', label: 'c++', cmd: cppBin, args: loopArgs },
  ];

  // best[program][op] = the fastest rep of any round (min_us); runs[program] = every round's output.
  // The minimum, not the median: on a shared host noise only ever adds time,
  // and the same statistic is taken for all three programs.
  const best = {}, runs = {}, meta = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const p of programs) {
      log(`round ${round}/${ROUNDS}: ${p.label}`);
      const out = runJson(p.label, p.cmd, p.args);
      (runs[p.key] ||= []).push(out);
      meta[p.key] = { torch_version: out.torch_version, runtime: out.runtime, threads: out.threads };
      best[p.key] ||= {};
      for (const op of OPS) {
        const v = out.ops[op].min_us;
        if (best[p.key][op] == null || v < best[p.key][op]) best[p.key][op] = v;
      }
    }
  }

  const rows = OPS.map((op) => {
    const node = best.node[op], py = best.python?.[op] ?? null, cpp = best.cpp[op];
    const nodePy = py != null ? node / py : null;
    const nodeCpp = node / cpp;
    return {
      op, node_us: node, python_us: py, cpp_us: cpp, node_over_python: nodePy, node_over_cpp: nodeCpp,
      python_target: SMALL_OPS.includes(op) ? (nodePy == null ? null : nodePy <= PY_TARGET) : undefined,
      cpp_target: nodeCpp <= CPP_TARGET,
    };
  });
  const pyMet = python ? rows.filter((r) => r.python_target !== undefined).every((r) => r.python_target) : null;
  const cppMet = rows.every((r) => r.cpp_target);

  const info = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    platform: `${process.platform}-${process.arch}`,
    node_version: process.version,
    torch_version: meta.node.torch_version,
    python_torch_version: python ? meta.python.torch_version : null,
    python: python ? `${python.py} (${meta.python.runtime})` : null,
    cxx: meta.cpp.runtime,
    libtorch: lt,
    threads: { node: meta.node.threads, python: python ? meta.python.threads : null, cpp: meta.cpp.threads },
    iters: ITERS, reps: REPS, rounds: ROUNDS,
    method: `each program runs each op loop ${REPS}x${ITERS} iterations after warmup; ` +
      `the programs run interleaved ${ROUNDS} times and the table keeps each program's fastest ${ITERS}-iteration rep ` +
      `(noise on a shared host only adds time; every rep is in overhead.json)`,
  };

  const header = ['op', 'torch-node us', 'python us', 'c++ us', 'node/python', 'node/c++'];
  const cells = rows.map((r) => [r.op, fmt(r.node_us, 3), fmt(r.python_us, 3), fmt(r.cpp_us, 3),
    fmt(r.node_over_python), fmt(r.node_over_cpp)]);
  const mark = (ok) => (ok == null ? 'n/a (no Python torch)' : ok ? 'met' : 'NOT met');
  const targetLines = [
    `node/python <= ${PY_TARGET} on ${SMALL_OPS.join('/')}: ${mark(pyMet)}` +
      (python ? ` (${rows.filter((r) => r.python_target !== undefined).map((r) => `${r.op} ${fmt(r.node_over_python)}`).join(', ')})` : ''),
    `node/c++ <= ${CPP_TARGET} on all ops: ${mark(cppMet)} (${rows.map((r) => `${r.op} ${fmt(r.node_over_cpp)}`).join(', ')})`,
  ];

  // Console table
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ');
  console.log(`\nPer-op overhead, us/op (fastest of ${ROUNDS} interleaved rounds x ${REPS} reps of ${ITERS} iterations; 1 thread)`);
  console.log(`${info.cpu} x${info.cpus}, node ${info.node_version}, torch ${info.torch_version}` +
    (python ? `, ${meta.python.runtime}` : ''));
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
  console.log('');
  for (const t of targetLines) console.log(`target: ${t}`);

  // Results files
  fs.mkdirSync(RESULTS, { recursive: true });
  const json = { ...info, rows, targets: { node_over_python_small_ops: { limit: PY_TARGET, met: pyMet },
    node_over_cpp: { limit: CPP_TARGET, met: cppMet } }, runs };
  fs.writeFileSync(path.join(RESULTS, 'overhead.json'), JSON.stringify(json, null, 2) + '\n');
  const md = [
    '# Per-op overhead: torch-node vs Python torch vs C++ LibTorch',
    '',
    `Generated by \`npm run bench\` (bench/overhead/run.js) on ${info.date}` + (info.commit ? ` at commit ${info.commit}` : '') + '.',
    '',
    `- CPU: ${info.cpu} (${info.cpus} logical CPUs), ${info.platform}`,
    `- Node ${info.node_version}, torch-node torch ${info.torch_version}`,
    `- Python: ${python ? `${meta.python.runtime}, torch ${meta.python.torch_version}` : 'none with torch (column skipped)'}`,
    `- C++: ${info.cxx} -O2, LibTorch ${meta.cpp.torch_version}`,
    `- All programs set 1 intra-op thread. Ops: add/mul of 10-element float32 tensors, matmul of 64x64 float32, sum of 10 elements; atan2 and cumsum(0) of 10 elements go through torch-node's generated op surface (the others through its hand-written fast paths).`,
    `- Method: ${info.method}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...cells.map((c) => `| ${c.join(' | ')} |`),
    '',
    'Targets:',
    '',
    ...targetLines.map((t) => `- ${t}`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(RESULTS, 'overhead.md'), md);
  log(`wrote ${path.relative(ROOT, path.join(RESULTS, 'overhead.json'))} and overhead.md`);
}

main().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
