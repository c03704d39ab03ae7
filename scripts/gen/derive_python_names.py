"""Derive the Python-visible operator names from the torch wheel, once; the
result (scripts/gen/python-names.json) is committed, since a LibTorch zip does
not carry Python's bindings. Run with the oracle:
  .oracle-venv/bin/python scripts/gen/derive_python_names.py
"""
import json, os
import torch

def public(names):
    return sorted(n for n in names if not n.startswith("__"))

C = torch._C
out = {
    "torch_version": torch.__version__,
    # torch.<name> functions that are aten operators (bound from _VariableFunctions)
    "functions": public(dir(C._VariableFunctions)),
    # torch.Tensor methods bound natively (TensorBase)
    "methods": public(n for n in dir(C.TensorBase) if callable(getattr(C.TensorBase, n, None))),
    # torch.nn.functional's native part (torch._C._nn)
    "nn": public(n for n in dir(C._nn) if callable(getattr(C._nn, n, None))),
    "linalg": public(dir(C._linalg)),
    "fft": public(dir(C._fft)),
    "special": public(dir(C._special)),
}
path = os.path.join(os.path.dirname(__file__), "python-names.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=0)
    fh.write("\n")
print({k: len(v) for k, v in out.items() if isinstance(v, list)})
