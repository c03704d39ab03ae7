'use strict';
// A dataset whose getItem is expensive (an augmentation-like chain of small ops
// on a 1x28x28 image), for the numWorkers benchmark. Worker threads build it
// from this module: DataLoader({ numWorkers, workerDataset: { module: __filename, export: 'Expensive', args } }).
const { torch, Dataset } = require('../../lib');

class Expensive extends Dataset {
  constructor(n, work) {
    super();
    this.n = n;
    this.work = work;
    this.kernel = torch.ones(1, 1, 3, 3).div(9);
  }
  getItem(i) {
    let x = torch.full([1, 1, 28, 28], (i % 255) / 255, { dtype: torch.float32 });
    for (let k = 0; k < this.work; k++) x = torch.conv2d(x, this.kernel, null, 1, 1).mul(1.01).clamp(0, 1);
    return [x.squeeze(0), i % 10];
  }
  get length() { return this.n; }
  workerSpec() { return { module: __filename, export: 'Expensive', args: [this.n, this.work] }; }
}

module.exports = { Expensive };
