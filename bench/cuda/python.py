"""Python side of bench/cuda: the same calls on the same GPU. Prints JSON."""
import json, sys, time
import torch
from torch import nn
import torch.nn.functional as F

def arg(n, d):
    return int(sys.argv[sys.argv.index(f"--{n}") + 1]) if f"--{n}" in sys.argv else d

STEPS, REPS = arg("steps", 200), arg("reps", 5)
res = {"program": "python", "ops": {}}
if not torch.cuda.is_available():
    print(json.dumps(res)); sys.exit(0)
dev = "cuda"
torch.manual_seed(0)
a, b = torch.randn(64, device=dev), torch.randn(64, device=dev)
m = torch.randn(8, 8, device=dev)
mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)).to(dev)
lenet = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                      nn.Linear(84, 10)).to(dev)
opt_m = torch.optim.SGD(mlp.parameters(), lr=0.01, momentum=0.9)
opt_l = torch.optim.SGD(lenet.parameters(), lr=0.01, momentum=0.9)
xm, ym = torch.randn(64, 784, device=dev), torch.randint(0, 10, (64,), device=dev)
xc, yc = torch.randn(64, 1, 28, 28, device=dev), torch.randint(0, 10, (64,), device=dev)

def mlp_step():
    opt_m.zero_grad(); F.cross_entropy(mlp(xm), ym).backward(); opt_m.step()
def lenet_step():
    opt_l.zero_grad(); F.cross_entropy(lenet(xc), yc).backward(); opt_l.step()
cases = [("add", lambda: a.add(b)), ("mul", lambda: a.mul(b)), ("sum", lambda: a.sum()), ("matmul", lambda: m.matmul(m)),
         ("relu", lambda: a.relu()), ("mlp_step", mlp_step), ("lenet_step", lenet_step)]
for name, f in cases:
    n = max(10, STEPS >> 2) if name.endswith("_step") else STEPS * 10
    for _ in range(20):
        f()
    torch.cuda.synchronize()
    ms = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        torch.cuda.synchronize()
        ms.append((time.perf_counter() - t0) * 1000 / n)
    res["ops"][name] = {"median_ms": sorted(ms)[len(ms) // 2], "reps_ms": ms}
res["device"] = torch.cuda.get_device_name()
print(json.dumps(res))
