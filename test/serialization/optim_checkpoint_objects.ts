// The optimizer / LR scheduler checkpoint torch-node writes for Python to check
// (test/fixtures/make_optim_checkpoint.ts writes it to optim_checkpoint.pt;
// check_optim_checkpoint.py loads it and builds the same one in Python). Every
// float in its pickle is exact on any CPU (the computed values are in tensors).
import torch, { Tensor, optim } from "../../src";

const S = optim.lrScheduler;
const param = () => torch.tensor([1.0, 2.0], { dtype: torch.float32, requiresGrad: true });

export function optimCheckpoint(): Record<string, unknown> {
  // Adam(params, 0.1, (0.8, 0.9)) after one step: betas a tuple, weight_decay 0 a float
  const pa = param();
  const adam = new optim.Adam([pa], 0.1, [0.8, 0.9]);
  pa.mul(pa).sum().backward();
  adam.step();
  // SGD(params, 1): lr 1, momentum 0, dampening 0, weight_decay 0 are floats
  const sgd = new optim.SGD([param()], 1);
  // LBFGS(params, 1, 1) after one step: max_iter, history_size, func_evals, n_iter ints; lr, prev_loss (5.0) floats
  const pl = param();
  const lbfgs = new optim.LBFGS([pl], 1, 1);
  lbfgs.step(() => {
    lbfgs.zeroGrad();
    const l = pl.mul(pl).sum();
    l.backward();
    return l;
  });
  // Rprop defaults: etas and step_sizes tuples, (1e-06, 50.0)
  const rprop = new optim.Rprop([param()]);
  // StepLR(SGD(lr=1), 2, 1.0) after 3 steps; OneCycleLR(SGD(0.1, 0.9), 1, 10) after 2 steps
  const o1 = new optim.SGD([param()], 1);
  const step = new S.StepLR(o1, 2, 1);
  const o2 = new optim.SGD([param()], 0.1, 0.9);
  const onecycle = new S.OneCycleLR(o2, 1, 10);
  for (let i = 0; i < 3; i++) {
    o1.step();
    step.step();
  }
  for (let i = 0; i < 2; i++) {
    o2.step();
    onecycle.step();
  }
  return {
    adam: adam.stateDict(), sgd: sgd.stateDict(), lbfgs: lbfgs.stateDict(), rprop: rprop.stateDict(),
    steplr: step.stateDict(), onecycle: onecycle.stateDict(), onecycle_optimizer: o2.stateDict(),
    epoch: 3, loss: 0.25,
  };
}

/** The data.pkl of a torch.save zip file (entries are stored, not compressed). */
export function dataPkl(zip: Uint8Array): Uint8Array {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 30 <= b.length;) {
    if (b.readUInt32LE(at) !== 0x04034b50) break;
    const size = b.readUInt32LE(at + 18), nameLen = b.readUInt16LE(at + 26), extraLen = b.readUInt16LE(at + 28);
    const name = b.subarray(at + 30, at + 30 + nameLen).toString();
    const start = at + 30 + nameLen + extraLen;
    if (name.endsWith("/data.pkl")) return b.subarray(start, start + size);
    at = start + size;
  }
  throw new Error("no data.pkl in the zip");
}

export type { Tensor };
