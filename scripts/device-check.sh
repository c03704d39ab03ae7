#!/usr/bin/env bash
# The CUDA check on a GPU machine (issue #9). Run there as
#   bash .device/run.sh bash scripts/device-check.sh
# after ../shared/device/pack.sh, carrying .device, lib and the node_modules the
# build and lib need (node_modules/node-addon-api, node_modules/node-gyp-build,
# node_modules/fflate; cli-progress is loaded only for a TTY bar). Builds the addon with plain cmake against $LIBTORCH (the GPU
# machine's CUDA torch), runs test/device with Node's test runner and
# bench/cuda against Python torch on the same GPU; writes everything to $OUT.
# On a CPU machine it builds, and the CUDA tests skip.
set -uo pipefail
out=${OUT:-$PWD/.device/out}
mkdir -p "$out"
t0=$(date +%s)
inc=${NODE_API_INCLUDE_DIR:-$(dirname "$(readlink -f "$(command -v node)")")/../include/node}
{
  cmake -S . -B build/device -DCMAKE_BUILD_TYPE=Release -DLIBTORCH="$LIBTORCH" -DNODE_API_INCLUDE_DIR="$inc" \
    -DNODE_ADDON_API_DIR="$PWD/node_modules/node-addon-api" &&
  cmake --build build/device -j"$(nproc)"
} > "$out/build.log" 2>&1
rc=$?
echo "build rc=$rc in $(( $(date +%s) - t0 ))s" | tee "$out/summary.txt"
[ $rc -eq 0 ] || { tail -40 "$out/build.log"; exit $rc; }
mkdir -p build/Release && cp build/device/torch_node.node build/Release/torch_node.node
node -e '
const { torch } = require("./lib");
const info = { version: torch.version, cudaBuilt: torch.cuda.isBuilt(), cudaAvailable: torch.cuda.isAvailable(), devices: torch.cuda.deviceCount() };
if (info.cudaAvailable) { try { info.props = torch.cuda.getDeviceProperties(0); } catch (e) { info.propsError = e.message; } }
console.log(JSON.stringify(info));' 2>&1 | tee -a "$out/summary.txt"
node --test test/device/ > "$out/tests.txt" 2>&1
echo "device tests rc=$?" | tee -a "$out/summary.txt"
grep -E "^# (tests|pass|fail|skipped)" "$out/tests.txt" | tee -a "$out/summary.txt"
grep -B2 -A12 "^not ok" "$out/tests.txt" | head -80 >> "$out/summary.txt"
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  TORCH_NODE_BENCH_PYTHON=${TORCH_NODE_BENCH_PYTHON:-python3} timeout 300 node bench/cuda/run.js --rounds 2 > "$out/bench.txt" 2>&1
  echo "bench rc=$?" | tee -a "$out/summary.txt"
  cat "$out/bench.txt" >> "$out/summary.txt"
  cp bench/results/cuda.md bench/results/cuda.json "$out/" 2>/dev/null
fi
echo "total $(( $(date +%s) - t0 ))s" | tee -a "$out/summary.txt"
