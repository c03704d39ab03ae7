'use strict';
// Small-op benchmark: torch-node vs Python torch on ops model code calls (views,
// reductions, indexing, cat/stack, ...). Usage: node bench/ops/run.js [--rounds 3] [--steps 20000] [--reps 5]
require('../compare').compare({
  dir: __dirname, name: 'ops', column: 'op', defaultSteps: 20000, target: 1.0, unit: 'us', stat: 'min',
  title: 'Small ops: torch-node vs Python torch',
  description: 'Each expression in a loop of its own (no closure call in Python, a monomorphic call site in node), ' +
    '1 intra-op thread; tensors of 10 elements (a, b), 4x5 (m), 64 of 784 elements (stack). ' +
    'The table keeps each side\'s fastest rep (noise on a shared host only adds time).',
});
