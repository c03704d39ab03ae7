"""The same training steps in Python torch. Prints JSON (ms per step)."""
import json, os, sys, time
import torch
from torch import nn
import torch.nn.functional as F

def arg(n, d):
    return int(sys.argv[sys.argv.index(f"--{n}") + 1]) if f"--{n}" in sys.argv else d

STEPS, REPS = arg("steps", 50), arg("reps", 5)
torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
torch.manual_seed(0)
mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
lenet = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
lstm = nn.LSTM(64, 128, 2)
head = nn.Linear(128, 10)
xm, ym = torch.randn(64, 784), torch.randint(0, 10, (64,))
xc, yc = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
xs, ys = torch.randn(32, 32, 64), torch.randint(0, 10, (32,))

def s_mlp():
    mlp.zero_grad(); F.cross_entropy(mlp(xm), ym).backward()
def s_lenet():
    lenet.zero_grad(); F.cross_entropy(lenet(xc), yc).backward()
def s_lstm():
    lstm.zero_grad(); head.zero_grad(); out, _ = lstm(xs); F.cross_entropy(head(out[-1]), ys).backward()

res = {"program": "python", "ops": {}}
for name, f in [("mlp", s_mlp), ("lenet", s_lenet), ("lstm", s_lstm)]:
    for _ in range(5):
        f()
    ms = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        for _ in range(STEPS):
            f()
        ms.append((time.perf_counter() - t0) * 1000 / STEPS)
    res["ops"][name] = {"median_ms": sorted(ms)[len(ms) // 2], "reps_ms": ms}
print(json.dumps(res))
