'use strict';
// GPU benchmark: per-op overhead on small CUDA tensors and one training step
// (forward, loss, backward, optimizer step) of an MLP and a LeNet-5 style CNN,
// torch-node vs Python torch on the same GPU. Usage: node bench/cuda/run.js [--rounds 3]
require('../compare').compare({
  dir: __dirname, name: 'cuda', column: 'CUDA op / step', defaultSteps: 200, target: 1.0,
  title: 'CUDA: torch-node vs Python torch on the same GPU',
  description: 'Small ops on 64-element float32 CUDA tensors (time per call, synchronized per rep); MLP 784-256-10 and ' +
    'LeNet-5 style CNN (batch 64) training steps with SGD momentum on CUDA.',
});
