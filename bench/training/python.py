"""Training-step benchmark in Python torch: the same workloads and phases as node.js (one workload
per process). Each step: optimizer.zero_grad(), forward, cross-entropy, backward, SGD step
(lr 0.01, momentum 0.9). Prints one JSON object.

Usage: python bench/training/python.py --workload mlp [--threads 1] [--first 250] [--warmup 2000]
       [--warmup-s 0] [--block 250] [--steps 100] [--reps 3]
"""
import json, resource, sys, time
import torch
from torch import nn
import torch.nn.functional as F


def opt(n, d):
    return sys.argv[sys.argv.index(f"--{n}") + 1] if f"--{n}" in sys.argv else d


WORKLOAD = opt("workload", "mlp")
THREADS, FIRST, WARMUP = int(opt("threads", 1)), int(opt("first", 250)), int(opt("warmup", 2000))
WARMUP_S, BLOCK = float(opt("warmup-s", 0)), int(opt("block", 250))
STEPS, REPS = int(opt("steps", 100)), int(opt("reps", 3))

torch.set_num_threads(THREADS)
torch.manual_seed(0)


def sgd(params):
    return torch.optim.SGD(params, lr=0.01, momentum=0.9)


def mlp_of(inp, hidden, batch):
    m = nn.Sequential(nn.Linear(inp, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    x, y = torch.randn(batch, inp), torch.randint(0, 10, (batch,))
    return sgd(m.parameters()), lambda: F.cross_entropy(m(x), y)


def lenet():
    m = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                      nn.Linear(84, 10))
    x, y = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    return sgd(m.parameters()), lambda: F.cross_entropy(m(x), y)


def lstm():
    rnn, head = nn.LSTM(64, 128, 2), nn.Linear(128, 10)
    x, y = torch.randn(32, 32, 64), torch.randint(0, 10, (32,))

    def loss():
        out, _ = rnn(x)
        return F.cross_entropy(head(out[-1]), y)
    return sgd([*rnn.parameters(), *head.parameters()]), loss


def transformer():
    # One encoder layer, d_model 256, 4 heads, feed-forward 1024, (seq 128, batch 32, d_model).
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(256, 4, 1024), 1, enable_nested_tensor=False)
    head = nn.Linear(256, 10)
    x, y = torch.randn(128, 32, 256), torch.randint(0, 10, (32,))
    return sgd([*enc.parameters(), *head.parameters()]), lambda: F.cross_entropy(head(enc(x).mean(0)), y)


def resnet18():
    import torchvision_cpu  # noqa: F401  (torchvision next to the CPU torch; see ../shared/oracle/setup.sh)
    import torchvision
    m = torchvision.models.resnet18()
    x, y = torch.randn(16, 3, 64, 64), torch.randint(0, 1000, (16,))
    return sgd(m.parameters()), lambda: F.cross_entropy(m(x), y)


WORKLOADS = {"mlp": lambda: mlp_of(784, 256, 64), "mlp1024": lambda: mlp_of(1024, 1024, 256),
             "mlp4096": lambda: mlp_of(4096, 4096, 256), "lenet": lenet, "lstm": lstm,
             "transformer": transformer, "resnet18": resnet18}
if WORKLOAD not in WORKLOADS:
    sys.exit(f"unknown workload '{WORKLOAD}'")
optimizer, loss_fn = WORKLOADS[WORKLOAD]()


def step():
    optimizer.zero_grad()
    loss_fn().backward()
    optimizer.step()


def faults():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_minflt + u.ru_majflt


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (resource.getpagesize() // 1024)


rss_setup = rss_kb()
now = time.perf_counter

# First window: steps 1..FIRST of a fresh process.
f0, t0 = faults(), now()
for _ in range(FIRST):
    step()
first_ms, first_faults = (now() - t0) * 1000, faults() - f0
blocks = [{"steps": FIRST, "ms": first_ms, "faults": first_faults}]

# Warm-up until WARMUP steps in all and WARMUP_S seconds; faults per block.
done, w0 = FIRST, now()
while done < WARMUP or now() - w0 < WARMUP_S:
    b0, tb = faults(), now()
    for _ in range(BLOCK):
        step()
    done += BLOCK
    blocks.append({"steps": BLOCK, "ms": (now() - tb) * 1000, "faults": faults() - b0})
warmup_seconds = now() - w0

# Steady state.
reps_ms, s0 = [], faults()
for _ in range(REPS):
    tr = now()
    for _ in range(STEPS):
        step()
    reps_ms.append((now() - tr) * 1000 / STEPS)
steady_faults = faults() - s0

print(json.dumps({
    "program": "python", "workload": WORKLOAD, "threads": torch.get_num_threads(), "torch_version": torch.__version__,
    "runtime": f"Python {sys.version.split()[0]}",
    "first": {"steps": FIRST, "ms_per_step": first_ms / FIRST if FIRST else 0,
              "faults_per_step": first_faults / FIRST if FIRST else 0},
    "warmup": {"steps": done, "seconds": warmup_seconds, "blocks": blocks},
    "steady": {"steps": STEPS, "reps_ms": reps_ms,
               "faults_per_step": steady_faults / (STEPS * REPS) if STEPS * REPS else 0},
    "rss_setup_kb": rss_setup, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
