'use strict';
// How a batch's bytes should travel from a worker process to the main process
// (the choice behind DataLoader's workerType "process"): a child makes a
// float32 tensor of --mb MiB and sends it, one at a time, --n times:
//   ipc:      the raw bytes inside the IPC message (serialization "advanced"): what DataLoader does
//   shm-read: written to a /dev/shm file, read back with fs.readFileSync, unlinked
//   shm-map:  written to a /dev/shm file, mapped with torch.fromFile(file, shared=true), unlinked
// Usage: node bench/dataloader/process_transfer.js [--n 40] [--mb 12] [--rounds 2]; prints MB/s per method.
const { fork } = require('child_process');
const fs = require('fs');
const { torch } = require('../../lib');
const { native } = require('../../lib/native');

const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? Number(process.argv[i + 1]) : d; };

if (process.argv[2] === '--child') {
  const [mode, n] = [process.argv[3], Number(process.argv[4])];
  let k = 0;
  const one = () => {
    const bytes = native.toRawBuffer(torch.full([n], k, { dtype: torch.float32 })._h);
    if (mode === 'ipc') process.send({ bytes });
    else {
      const file = `/dev/shm/torch-node-bench-${process.pid}-${k}`;
      fs.writeFileSync(file, new Uint8Array(bytes));
      process.send({ file, n });
    }
    k++;
  };
  process.on('message', one);
  process.send('start');
  one();
} else {
  const N = arg('n', 40), MB = arg('mb', 12), rounds = arg('rounds', 2);
  const run = (mode) => new Promise((resolve) => {
    const n = MB * 2 ** 20 / 4;
    const child = fork(__filename, ['--child', mode, String(n)], { serialization: 'advanced' });
    let got = 0, t0 = 0n;
    child.on('message', (m) => {
      if (m === 'start') { t0 = process.hrtime.bigint(); return; }
      if (mode === 'ipc') void native.fromRawBuffer(new Uint8Array(m.bytes), [n], torch.float32.code);
      else if (mode === 'shm-read') { void native.fromRawBuffer(new Uint8Array(fs.readFileSync(m.file)), [n], torch.float32.code); fs.unlinkSync(m.file); }
      else { void torch.fromFile(m.file, true, m.n, { dtype: torch.float32 }); fs.unlinkSync(m.file); }
      if (++got < N) return child.send('next');
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      child.kill();
      resolve(N * MB / s);
    });
  });
  (async () => {
    const best = {};
    for (let r = 0; r < rounds; r++)
      for (const mode of ['ipc', 'shm-read', 'shm-map']) best[mode] = Math.max(best[mode] ?? 0, await run(mode));
    for (const [mode, v] of Object.entries(best)) console.log(`${mode}: ${v.toFixed(0)} MiB/s (${MB} MiB tensors, one at a time, tensor creation included)`);
  })();
}
