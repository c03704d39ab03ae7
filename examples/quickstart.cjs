// CommonJS works too: run with `node examples/quickstart.cjs`.
const { torch, Tensor } = require("torch-node");

torch.manualSeed(42);
const t = torch.tensor([[1, 2], [3, 4]]);
console.log(t, t.dtype, t instanceof Tensor); // tensor([[1, 2], [3, 4]]) torch.int64 true
console.log(torch.rand(2, 2));
