"""The small ops of bench/ops/node.js in Python torch. Prints JSON (us per op)."""
import json, sys, time
import torch
import torch.nn.functional as F

def arg(n, d):
    return int(sys.argv[sys.argv.index(f"--{n}") + 1]) if f"--{n}" in sys.argv else d

STEPS, REPS = arg("steps", 20000), arg("reps", 5)
torch.set_num_threads(1)
torch.manual_seed(0)
a, b, m = torch.randn(10), torch.randn(10), torch.randn(4, 5)
c, w, bias = a.gt(0), torch.randn(3, 5), torch.randn(3)
xs = [torch.randn(784) for _ in range(64)]
ops = {
    "view(5, 4)": "m.view(5, 4)", "reshape([20])": "m.reshape([20])", "unsqueeze(0)": "a.unsqueeze(0)",
    "transpose(0, 1)": "m.transpose(0, 1)", "permute(1, 0)": "m.permute(1, 0)", "x[1]": "m[1]",
    "sum(1)": "m.sum(1)", "mean(1, keepdim)": "m.mean(1, True)", "max(1)": "m.max(1)",
    "softmax(m, 1)": "F.softmax(m, 1)", "relu(a)": "F.relu(a)", "add(2)": "a.add(2)",
    "add(b, alpha=2)": "a.add(b, alpha=2)", "clamp(-0.5, 0.5)": "a.clamp(-0.5, 0.5)",
    "where(c, a, b)": "torch.where(c, a, b)", "cat([a, b])": "torch.cat([a, b])",
    "stack(64 x 784)": "torch.stack(xs)", "linear(m, w, bias)": "F.linear(m, w, bias)",
}
res = {"program": "python", "ops": {}}
for name, expr in ops.items():
    # the expression inlined in its own loop (no lambda call per iteration)
    scope = dict(globals())
    exec(f"def loop(n):\n    for _ in range(n):\n        r = {expr}\n", scope)
    loop = scope["loop"]
    loop(STEPS)
    us = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        loop(STEPS)
        us.append((time.perf_counter() - t0) * 1e6 / STEPS)
    res["ops"][name] = {"median_us": sorted(us)[len(us) // 2], "min_us": min(us), "reps_us": us}
print(json.dumps(res))
