'use strict';
// Training-step benchmark: torch-node vs Python torch. Usage: node bench/training/run.js [--rounds 3] [--steps 50] [--reps 5]
require('../compare').compare({
  dir: __dirname, name: 'training', column: 'training step', defaultSteps: 50, target: 1.05,
  title: 'Training step: torch-node vs Python torch',
  description: 'MLP 784-256-10 (batch 64), LeNet-5 style CNN on 1x28x28 (batch 64), 2-layer LSTM (input 64, hidden 128, ' +
    'sequence 32, batch 32) with a linear head; each step: zero grads, forward, cross-entropy, backward.',
});
