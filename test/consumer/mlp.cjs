// One MLP training step, as a user's CommonJS module writes it (test/consumer/packed_install.consumer.ts
// copies it into a fresh project that installed the packed tarball; make_consumer_mlp.py is Python's).
const { torch, nn, optim } = require("torch-node");
const { dirname, join } = require("path");

// where the addon and LibTorch came from (lib/native.js, not an export of the package)
const { loadInfo } = require(join(dirname(require.resolve("torch-node/package.json")), "lib", "native.js"));

torch.manualSeed(0);
const model = new nn.Sequential(new nn.Linear(4, 16), new nn.Tanh(), new nn.Linear(16, 1));
const x = torch.randn(32, 4);
const y = x.sum(1, true);
const opt = new optim.SGD(model.parameters(), 0.1);
const loss0 = nn.functional.mseLoss(model(x), y);
opt.zeroGrad();
loss0.backward();
opt.step();
const loss1 = nn.functional.mseLoss(model(x), y);
console.log(JSON.stringify({ loss0: loss0.item(), loss1: loss1.item(), addon: loadInfo.addon, libtorch: loadInfo.libtorch.dir }));
