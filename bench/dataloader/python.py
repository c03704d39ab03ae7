"""The same DataLoader epochs in Python torch (num_workers=0). Prints JSON (ms per batch)."""
import json, os, sys, time
import torch
from torch.utils.data import DataLoader, TensorDataset, Dataset

def arg(n, d):
    return int(sys.argv[sys.argv.index(f"--{n}") + 1]) if f"--{n}" in sys.argv else d

REPS = arg("reps", 3)
torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
torch.manual_seed(0)
N = 60000
X, Y = torch.randn(N, 1, 28, 28), torch.randint(0, 10, (N,))

class Custom(Dataset):
    def __getitem__(self, i): return X[i], Y[i]
    def __len__(self): return N

res = {"program": "python", "ops": {}}
for name, ds in [("TensorDataset", TensorDataset(X, Y)), ("Dataset subclass", Custom())]:
    loader = DataLoader(ds, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0))
    for n, (x, y) in enumerate(loader):
        if n > 20: break
    ms = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        batches = 0
        for x, y in loader:
            batches += 1
        ms.append((time.perf_counter() - t0) * 1000 / batches)
    res["ops"][name] = {"median_ms": sorted(ms)[len(ms) // 2], "reps_ms": ms}
print(json.dumps(res))
