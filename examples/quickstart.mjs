// The README's example: run with `node examples/quickstart.mjs` after `npm install`.
import torch from "torch-node";

const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
torch.manualSeed(42);

const x = torch.rand(3, 4, { device });
console.log(x);                        // tensor([[0.8823, 0.9150, 0.3829, 0.9593], ...]) as Python prints it

const w = torch.randn(4, 2, { requiresGrad: true, device });
const loss = x.matmul(w).relu().sum();
loss.backward();
console.log(loss);                     // tensor(..., grad_fn=<SumBackward0>)
console.log(w.grad.shape);             // torch.Size([4, 2])

const { values, indices } = x.max(1);  // named tuple, also `const [values, indices] = x.max(1)`
console.log(values.tolist(), indices.tolist());

console.log(x.index(":", 0));          // x[:, 0]
x.indexPut_([x.gt(0.9)], 0);           // x[x > 0.9] = 0
console.log(x.sum(1, { keepdim: true }).shape); // torch.Size([3, 1])

// Deterministic release when you want it (GC frees tensors otherwise):
const y = torch.tidy(() => x.mul(2).add(1).exp().mean());
console.log(y.item());
