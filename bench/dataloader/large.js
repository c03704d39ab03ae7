'use strict';
// A dataset whose samples are large and cheap (a 3xSxS float32 image, no work):
// the numWorkers benchmark's measure of how fast batches travel from the
// workers to the main thread (worker threads: transferred ArrayBuffers; worker
// processes: bytes over the IPC pipe).
const { torch, Dataset } = require('../../lib');

class Large extends Dataset {
  constructor(n, size) {
    super();
    this.n = n;
    this.size = size;
  }
  getItem(i) {
    return [torch.full([3, this.size, this.size], (i % 255) / 255, { dtype: torch.float32 }), i % 10];
  }
  get length() { return this.n; }
  workerSpec() { return { module: __filename, export: 'Large', args: [this.n, this.size] }; }
}

module.exports = { Large };
