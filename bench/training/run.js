'use strict';
// Training-step benchmark: torch-node vs Python torch vs the LibTorch C++ frontend, one workload and
// thread count per process, the three programs interleaved, several rounds. Writes
// bench/results/training.{md,json} (--quick: training-quick.{md,json}, git-ignored).
//
// Usage: node bench/training/run.js [--quick] [--rounds 2] [--workloads mlp,lenet,...] [--threads 1,2]
//        [--programs node,python,cpp] [--out training]
// Env:   TORCH_NODE_BENCH_PYTHON  a Python with torch (and torchvision for resnet18) for the Python column
//        LIBTORCH                  the LibTorch folder for the C++ column (else as the native build finds it)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { buildCpp: buildCppIn } = require('../cpp_build');

const ROOT = path.resolve(__dirname, '..', '..');
const HERE = __dirname;
const RESULTS = path.join(ROOT, 'bench', 'results');

const argv = process.argv.slice(2);
const has = (n) => argv.includes(`--${n}`);
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
const QUICK = has('quick');

// Each workload: label, and its phases (full run / --quick): first = the fresh process's first
// window, warmup = steps before the steady state (in all, first window included), block = steps per
// fault-trace block during warm-up, steps x reps = the timed steady state.
const SMALL = { first: 250, warmup: 2000, block: 250 };
const HEAVY = { first: 10, warmup: 20, block: 5 };
const WORKLOADS = {
  mlp: { label: 'MLP 784-256-10, batch 64', full: { ...SMALL, steps: 500, reps: 3 } },
  mlp1024: { label: 'MLP 1024-1024-10, batch 256', full: { ...SMALL, steps: 50, reps: 3 } },
  mlp4096: { label: 'MLP 4096-4096-10, batch 256', heavy: true, full: { ...HEAVY, steps: 5, reps: 3 } },
  lenet: { label: 'LeNet-5 on 1x28x28, batch 64', full: { ...SMALL, steps: 100, reps: 3 } },
  lstm: { label: '2-layer LSTM (input 64, hidden 128, seq 32, batch 32) + linear head', full: { ...SMALL, steps: 50, reps: 3 } },
  transformer: { label: 'TransformerEncoder, 1 layer, d_model 256, 4 heads, ff 1024, seq 128, batch 32, + linear head', heavy: true, full: { ...HEAVY, steps: 3, reps: 3 } },
  resnet18: { label: 'ResNet-18, batch 16, 3x64x64, 1000 classes', heavy: true, full: { ...HEAVY, steps: 4, reps: 3 } },
};
const QUICK_SMALL = { first: 50, warmup: 150, block: 50, steps: 20, reps: 2 };
const QUICK_HEAVY = { first: 2, warmup: 4, block: 2, steps: 1, reps: 2 };
const phases = (w) => (QUICK ? (WORKLOADS[w].heavy ? QUICK_HEAVY : QUICK_SMALL) : WORKLOADS[w].full);

const ROUNDS = Number(opt('rounds', QUICK ? 1 : 2));
const SELECTED = opt('workloads', Object.keys(WORKLOADS).join(',')).split(',').filter(Boolean);
const THREADS = opt('threads', '1,2').split(',').map(Number);
const PROGRAMS = opt('programs', 'node,python,cpp').split(',');
const OUT = opt('out', QUICK ? 'training-quick' : 'training');
for (const w of SELECTED) if (!WORKLOADS[w]) throw new Error(`unknown workload '${w}' (known: ${Object.keys(WORKLOADS).join(', ')})`);

// Targets of issue #23, item 4.
const PY_LIMIT = 0.9, CPP_LIMIT = 1.05, FAULT_LIMIT = 1, RSS_LIMIT = 1.2;

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

const buildCpp = (lt) => buildCppIn(HERE, 'training', lt, log);

/** The first Python that imports torch: TORCH_NODE_BENCH_PYTHON, <repo>/.oracle-venv, python3. */
function findPython() {
  const candidates = [process.env.TORCH_NODE_BENCH_PYTHON, path.join(ROOT, '.oracle-venv', 'bin', 'python'), 'python3']
    .filter(Boolean);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import sys, torch; print(torch.__version__, sys.version.split()[0])'], { encoding: 'utf8', timeout: 120000 });
    if (r.status === 0) return { py, version: r.stdout.trim() };
  }
  log(`no Python with torch found (tried ${candidates.join(', ')}); skipping the Python column`);
  return null;
}

function gitCommit() {
  try { return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

function runOne(p, workload, threads) {
  const ph = phases(workload);
  const args = [...p.args, '--workload', workload, '--threads', String(threads),
    '--first', String(ph.first), '--warmup', String(ph.warmup), '--block', String(ph.block),
    '--steps', String(ph.steps), '--reps', String(ph.reps)];
  const t0 = Date.now();
  const r = spawnSync(p.cmd, args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 16 << 20,
    env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) } });
  const wall = (Date.now() - t0) / 1000;
  if (r.status !== 0) {
    log(`${p.label} ${workload} x${threads} failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    return { error: `exit ${r.status ?? r.signal}: ${r.stderr.trim().slice(-2000)}`, wall_s: wall };
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  out.wall_s = wall;
  return out;
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const f = (x, d = 2) => (x == null || !Number.isFinite(x) ? '-' : x.toFixed(d));
const fms = (x) => (x == null ? '-' : x >= 100 ? x.toFixed(1) : x >= 10 ? x.toFixed(2) : x.toFixed(3));
const ffault = (x) => (x == null ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/**
 * The statistic: per process, the steady state is the median of its reps (ms/step); across rounds each
 * program keeps its fastest steady median and its fastest first window (noise on a shared host only
 * adds time). Faults per step: the mean over rounds; peak RSS: the largest over rounds.
 */
function summarize(runs, workload, threads, key) {
  const ok = runs.filter((r) => r.workload === workload && r.threads_asked === threads && r.program_key === key && !r.out.error).map((r) => r.out);
  if (!ok.length) return null;
  return {
    steady_ms: Math.min(...ok.map((o) => median(o.steady.reps_ms))),
    first_ms: Math.min(...ok.map((o) => o.first.ms_per_step)),
    steady_faults: mean(ok.map((o) => o.steady.faults_per_step)),
    first_faults: mean(ok.map((o) => o.first.faults_per_step)),
    maxrss_mb: Math.max(...ok.map((o) => o.maxrss_kb)) / 1024,
    rss_setup_mb: Math.max(...ok.map((o) => o.rss_setup_kb)) / 1024,
    threads: ok[0].threads, first_steps: ok[0].first.steps, warmup_steps: ok[0].warmup.steps, rounds: ok.length,
  };
}

function report(state, done) {
  const { runs, info } = state;
  const rows = [];
  for (const w of SELECTED) {
    for (const t of THREADS) {
      const s = Object.fromEntries(PROGRAMS.map((k) => [k, summarize(runs, w, t, k)]));
      const ratio = (a, b, field) => (a && b ? a[field] / b[field] : null);
      rows.push({
        workload: w, label: WORKLOADS[w].label, threads: t, ...s,
        steady_node_python: ratio(s.node, s.python, 'steady_ms'), steady_node_cpp: ratio(s.node, s.cpp, 'steady_ms'),
        first_node_python: ratio(s.node, s.python, 'first_ms'), first_node_cpp: ratio(s.node, s.cpp, 'first_ms'),
        rss_node_python: ratio(s.node, s.python, 'maxrss_mb'),
      });
    }
  }
  const check = (field, limit, what) => {
    const have = rows.filter((r) => r[field] != null);
    if (!have.length) return `${what}: n/a`;
    const bad = have.filter((r) => r[field] > limit);
    return `${what}: ${bad.length ? 'NOT met' : 'met'}` +
      (bad.length ? ` (${bad.length}/${have.length} rows over: ${bad.map((r) => `${r.workload} x${r.threads} ${f(r[field])}`).join(', ')})` : ` (${have.length} rows)`);
  };
  const faultRows = rows.filter((r) => r.node);
  const faultBad = faultRows.filter((r) => r.node.steady_faults > FAULT_LIMIT);
  const targets = [
    check('steady_node_python', PY_LIMIT, `steady state: node <= ${PY_LIMIT}x Python`),
    check('first_node_python', PY_LIMIT, `first window: node <= ${PY_LIMIT}x Python`),
    check('steady_node_cpp', CPP_LIMIT, `steady state: node <= ${CPP_LIMIT}x C++`),
    check('first_node_cpp', CPP_LIMIT, `first window: node <= ${CPP_LIMIT}x C++`),
    `steady state: node <= ${FAULT_LIMIT} page fault per step: ${faultBad.length ? 'NOT met' : 'met'}` +
      (faultBad.length ? ` (${faultBad.length}/${faultRows.length} rows over: ${faultBad.map((r) => `${r.workload} x${r.threads} ${ffault(r.node.steady_faults)}`).join(', ')})` : ` (${faultRows.length} rows)`),
    check('rss_node_python', RSS_LIMIT, `peak RSS: node <= ${RSS_LIMIT}x Python`),
  ];

  const timeHeader = ['workload', 'thr', 'node', 'python', 'c++', 'node/py', 'node/c++', 'node', 'python', 'c++', 'node/py', 'node/c++'];
  const timeCells = rows.map((r) => [r.workload, String(r.threads),
    fms(r.node?.steady_ms), fms(r.python?.steady_ms), fms(r.cpp?.steady_ms), f(r.steady_node_python), f(r.steady_node_cpp),
    fms(r.node?.first_ms), fms(r.python?.first_ms), fms(r.cpp?.first_ms), f(r.first_node_python), f(r.first_node_cpp)]);
  const memHeader = ['workload', 'thr', 'node', 'python', 'c++', 'node', 'python', 'c++', 'node', 'python', 'c++', 'node/py'];
  const memCells = rows.map((r) => [r.workload, String(r.threads),
    ffault(r.node?.steady_faults), ffault(r.python?.steady_faults), ffault(r.cpp?.steady_faults),
    ffault(r.node?.first_faults), ffault(r.python?.first_faults), ffault(r.cpp?.first_faults),
    f(r.node?.maxrss_mb, 0), f(r.python?.maxrss_mb, 0), f(r.cpp?.maxrss_mb, 0), f(r.rss_node_python)]);
  const table = (header, cells) => [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 1 ? '---' : '---:')).join(' | ')} |`,
    ...cells.map((c) => `| ${c.join(' | ')} |`)];

  // Fault trace of the heavy workloads (node): faults per step per warm-up block, to show the window is passed.
  const traces = [];
  for (const w of SELECTED) {
    for (const t of THREADS) {
      for (const k of PROGRAMS) {
        const o = runs.find((r) => r.workload === w && r.threads_asked === t && r.program_key === k && !r.out.error)?.out;
        if (!o) continue;
        traces.push(`- ${w} x${t} ${k}: ${o.warmup.blocks.map((b) => ffault(b.faults / b.steps)).join(', ')} | steady ${ffault(o.steady.faults_per_step)}`);
      }
    }
  }

  const elapsed = (Date.now() - state.t0) / 1000;
  const md = [
    '# Training step: torch-node vs Python torch vs the LibTorch C++ frontend',
    '',
    `Generated by \`node bench/training/run.js${argv.length ? ` ${argv.join(' ')}` : ''}\` on ${info.date}` +
      (info.commit ? ` at commit ${info.commit}` : '') + (done ? '' : ` (PARTIAL: ${state.roundsDone} of ${ROUNDS} rounds)`) + '.',
    '',
    `- CPU: ${info.cpu} (${info.cpus} logical CPUs), ${info.platform}; load average (1/5/15 min) ${info.loadavg_start.map((x) => x.toFixed(2)).join(' ')} at the start, ` +
      `${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end (shared host)`,
    `- node ${info.node_version} (torch-node, LibTorch ${info.torch_version}); ${info.python ?? 'no Python column'}; C++: ${info.cxx ?? 'no C++ column'} -O2 against ${info.libtorch}`,
    `- Intra-op threads: ${THREADS.join(' and ')}, the same in all three programs (torch.setNumThreads / torch.set_num_threads / at::set_num_threads, OMP_NUM_THREADS and MKL_NUM_THREADS set alike)`,
    `- Each step: zero grads (optimizer, set to None), forward, cross-entropy, backward, SGD step (lr 0.01, momentum 0.9). One process per program, workload and thread count (peak RSS is the workload's); the three programs run interleaved, ${ROUNDS} round(s); run time ${(elapsed / 60).toFixed(1)} min.`,
    `- Phases per process: ${QUICK ? 'QUICK MODE (short phases: a check, not a measurement): ' : ''}first window = steps 1-${phases(SELECTED.find((w) => !WORKLOADS[w].heavy) ?? SELECTED[0]).first} of the fresh process for the small workloads, ` +
      `steps 1-${(QUICK ? QUICK_HEAVY : HEAVY).first} for the heavy ones (mlp4096, transformer, resnet18); then warm-up to ${(QUICK ? QUICK_SMALL : SMALL).warmup} steps in all (heavy: ${(QUICK ? QUICK_HEAVY : HEAVY).warmup}); ` +
      'then the steady state: reps of timed steps (counts in training.json).',
    '- Statistic: steady ms/step = the median of a process\'s reps, the fastest over rounds; first-window ms/step = the fastest over rounds; faults/step (getrusage minor + major) = the mean over rounds; peak RSS (ru_maxrss) = the largest over rounds.',
    '',
    'Workloads:',
    '',
    ...SELECTED.map((w) => `- ${w}: ${WORKLOADS[w].label}`),
    '',
    '## Time per step (ms)',
    '',
    'Columns 3-7: steady state; 8-12: first window.',
    '',
    ...table(timeHeader, timeCells),
    '',
    '## Page faults per step and peak RSS (MiB)',
    '',
    'Columns 3-5: faults/step in the steady state; 6-8: in the first window; 9-12: peak RSS.',
    '',
    ...table(memHeader, memCells),
    '',
    '## Targets (issue #23, item 4)',
    '',
    ...targets.map((t) => `- ${t}`),
    '',
    '## Fault trace',
    '',
    'Faults per step in the first window and in each warm-up block (small workloads: blocks of ' +
      `${(QUICK ? QUICK_SMALL : SMALL).block} steps; heavy: ${(QUICK ? QUICK_HEAVY : HEAVY).block}), then the steady state; first round:`,
    '',
    ...traces,
    '',
  ].join('\n');

  fs.mkdirSync(RESULTS, { recursive: true });
  const json = { ...info, rounds: ROUNDS, rounds_done: state.roundsDone, complete: done, quick: QUICK, run_seconds: elapsed,
    loadavg_end: os.loadavg(), workloads: Object.fromEntries(SELECTED.map((w) => [w, { label: WORKLOADS[w].label, phases: phases(w) }])),
    threads: THREADS, statistic: 'steady: min over rounds of the median of reps; first: min over rounds; faults: mean over rounds; maxrss: max over rounds',
    targets: { node_over_python: PY_LIMIT, node_over_cpp: CPP_LIMIT, faults_per_step: FAULT_LIMIT, rss_over_python: RSS_LIMIT, lines: targets },
    rows, runs };
  fs.writeFileSync(path.join(RESULTS, `${OUT}.json`), JSON.stringify(json, null, 1) + '\n');
  fs.writeFileSync(path.join(RESULTS, `${OUT}.md`), md);
  return md;
}

async function main() {
  const t0 = Date.now();
  const lt = PROGRAMS.includes('cpp') ? await require(path.join(ROOT, 'scripts', 'libtorch.js')).findLibtorch() : null;
  const cppBin = lt ? buildCpp(lt) : null;
  const python = PROGRAMS.includes('python') ? findPython() : null;
  const programs = [
    { key: 'node', label: 'torch-node', cmd: process.execPath, args: [path.join(HERE, 'node.js')] },
    ...(python ? [{ key: 'python', label: 'python', cmd: python.py, args: [path.join(HERE, 'python.py')] }] : []),
    ...(cppBin ? [{ key: 'cpp', label: 'c++', cmd: cppBin, args: [] }] : []),
  ].filter((p) => PROGRAMS.includes(p.key));

  const info = {
    date: new Date().toISOString(), commit: gitCommit(), cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length,
    platform: `${process.platform}-${process.arch}`, node_version: process.version, loadavg_start: os.loadavg(),
    python: python ? `Python ${python.version.split(' ')[1]}, torch ${python.version.split(' ')[0]} (${python.py})` : null,
    libtorch: lt, cxx: null, torch_version: null,
  };
  const state = { runs: [], info, t0, roundsDone: 0 };
  const total = ROUNDS * SELECTED.length * THREADS.length * programs.length;
  let n = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const w of SELECTED) {
      for (const t of THREADS) {
        for (const p of programs) {
          n++;
          const out = runOne(p, w, t);
          if (!out.error) {
            if (p.key === 'node') info.torch_version = out.torch_version;
            if (p.key === 'cpp') info.cxx = out.runtime;
            log(`[${n}/${total}] round ${round} ${w} x${t} ${p.label}: steady ${fms(median(out.steady.reps_ms))} ms, ` +
              `first ${fms(out.first.ms_per_step)} ms, faults ${ffault(out.steady.faults_per_step)}/step, ` +
              `maxrss ${(out.maxrss_kb / 1024).toFixed(0)} MiB (${out.wall_s.toFixed(1)} s)`);
          }
          state.runs.push({ round, workload: w, threads_asked: t, program_key: p.key, out });
        }
      }
    }
    state.roundsDone = round;
    report(state, round === ROUNDS);  // results are written after every round
  }
  process.stdout.write(report(state, true));
  log(`wrote bench/results/${OUT}.json and ${OUT}.md in ${((Date.now() - t0) / 60000).toFixed(1)} min`);
}

main().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
