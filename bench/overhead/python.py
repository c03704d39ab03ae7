"""Per-op overhead loops in Python torch. Prints one JSON object to stdout.

Usage: python bench/overhead/python.py [--iters N] [--reps N] [--warmup N]
"""
import argparse
import json
import platform
import statistics
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--iters", type=int, default=100000)
p.add_argument("--reps", type=int, default=5)
p.add_argument("--warmup", type=int, default=10000)
args = p.parse_args()

torch.set_num_threads(1)
torch.manual_seed(0)
a, b = torch.randn(10), torch.randn(10)
m, n = torch.randn(64, 64), torch.randn(64, 64)


def op_add(iters):
    r = None
    for _ in range(iters):
        r = a.add(b)
    return r


def op_mul(iters):
    r = None
    for _ in range(iters):
        r = a.mul(b)
    return r


def op_matmul(iters):
    r = None
    for _ in range(iters):
        r = m.matmul(n)
    return r


def op_sum(iters):
    r = None
    for _ in range(iters):
        r = a.sum()
    return r


def op_atan2(iters):
    r = None
    for _ in range(iters):
        r = a.atan2(b)
    return r


def op_cumsum(iters):
    r = None
    for _ in range(iters):
        r = a.cumsum(0)
    return r


ops = {"add": op_add, "mul": op_mul, "matmul": op_matmul, "sum": op_sum, "atan2": op_atan2, "cumsum": op_cumsum}
result = {
    "program": "python",
    "torch_version": torch.__version__,
    "runtime": f"python {platform.python_version()}",
    "threads": torch.get_num_threads(),
    "iters": args.iters,
    "reps": args.reps,
    "ops": {},
}
for name, fn in ops.items():
    fn(args.warmup)
    us = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        fn(args.iters)
        t1 = time.perf_counter()
        us.append((t1 - t0) * 1e6 / args.iters)
    result["ops"][name] = {"median_us": statistics.median(us), "min_us": min(us), "reps_us": us}
print(json.dumps(result), flush=True)
