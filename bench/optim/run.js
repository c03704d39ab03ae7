'use strict';
// Optimizer-step benchmark: torch-node vs Python torch. Usage: node bench/optim/run.js [--rounds 3] [--steps 20] [--reps 5]
require('../compare').compare({
  dir: __dirname, name: 'optim', column: 'optimizer step (10M params)', defaultSteps: 20, target: 1.0,
  title: 'Optimizer step: torch-node vs Python torch',
  description: '10 million float32 parameters in 10 tensors, gradients set; Python uses its CPU default (single-tensor) ' +
    'implementation, torch-node its foreach kernels.',
});
