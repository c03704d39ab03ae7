"""Optimizer step time on 10 million parameters in Python torch (its CPU default implementation)."""
import json, os, sys, time
import torch
def arg(n, d):
    return int(sys.argv[sys.argv.index(f"--{n}") + 1]) if f"--{n}" in sys.argv else d
STEPS, REPS = arg("steps", 20), arg("reps", 5)
torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
torch.manual_seed(0)
makers = {
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
    "adam": lambda p: torch.optim.Adam(p, lr=1e-3),
    "adamw": lambda p: torch.optim.AdamW(p, lr=1e-3),
}
res = {"program": "python", "ops": {}}
for name, make in makers.items():
    params = [torch.nn.Parameter(torch.randn(1_000_000)) for _ in range(10)]
    for p in params:
        p.grad = torch.randn(1_000_000)
    opt = make(params)
    for _ in range(3):
        opt.step()
    ms = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        for _ in range(STEPS):
            opt.step()
        ms.append((time.perf_counter() - t0) * 1000 / STEPS)
    res["ops"][name] = {"median_ms": sorted(ms)[len(ms) // 2]}
print(json.dumps(res))
