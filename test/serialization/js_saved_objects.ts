// The objects torch-node saves for Python to read (test/fixtures/make_js_saved.mjs
// builds the same ones from lib/ to write the fixture files; check_js_saved.py reads them).
import torch, { nn } from "../../src";

export function checkpoint() {
  const base = torch.arange(6, { dtype: torch.float32 });
  return {
    weights: { w: torch.tensor([[1.5, -2], [0.25, 4]], { dtype: torch.float32 }), b: torch.tensor([1, 2, 3]) },
    epoch: 3, loss: 0.5, name: "torch-node", flags: [true, false, null], big: 2 ** 40, neg: -70000,
    view: base.index("1:4"), base, t: torch.arange(6).reshape(2, 3).t(),
    f64: torch.tensor([0.1], { dtype: torch.float64 }), f16: torch.tensor([0.5, 3], { dtype: torch.float16 }),
    bf16: torch.tensor([2], { dtype: torch.bfloat16 }), mask: torch.tensor([true, false]), u8: torch.tensor([255], { dtype: torch.uint8 }),
    param: new nn.Parameter(torch.tensor([1, 2], { dtype: torch.float32 })),
    state: { 0: { momentum_buffer: torch.tensor([0.5], { dtype: torch.float32 }) } },
  };
}

/** checkpoint() plus a complex tensor: what the legacy-format writer is checked with. */
export function legacyCheckpoint() {
  return { ...checkpoint(), c64: torch.complex(torch.tensor([1, -0.5]), torch.tensor([2, 0], { dtype: torch.float32 })) };
}
