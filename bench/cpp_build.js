'use strict';
// Builds a bench's C++ LibTorch reference (<benchDir>/cpp/main.cc) against the LibTorch the addon
// uses, once: the binary is cached in <benchDir>/cpp/build/<hash of LibTorch folder and source>/.
// Used by bench/overhead and bench/training.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

/** Compiles `benchDir`/cpp/main.cc into a binary named `name`; returns its path. */
function buildCpp(benchDir, name, lt, log = (m) => process.stderr.write(`bench: ${m}\n`)) {
  const src = path.join(benchDir, 'cpp', 'main.cc');
  const key = crypto.createHash('sha256').update(lt).update('\0').update(fs.readFileSync(src)).digest('hex').slice(0, 16);
  const dir = path.join(benchDir, 'cpp', 'build', key);
  const bin = path.join(dir, name);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'libtorch.txt'), `${lt}\n`);
  const tmp = `${bin}.tmp-${process.pid}`;
  const args = ['-O2', '-std=c++20', '-DNDEBUG',
    '-isystem', path.join(lt, 'include'),
    '-isystem', path.join(lt, 'include', 'torch', 'csrc', 'api', 'include'),
    src, '-o', tmp,
    `-L${path.join(lt, 'lib')}`, `-Wl,-rpath,${path.join(lt, 'lib')}`, '-lc10', '-ltorch_cpu'];
  log(`compiling the C++ benchmark ${path.relative(path.join(__dirname, '..'), src)} against ${lt} (about a minute)`);
  execFileSync(process.env.CXX || 'g++', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  fs.renameSync(tmp, bin);
  return bin;
}

module.exports = { buildCpp };
