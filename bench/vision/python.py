"""The vision benchmark in Python: torchvision + PIL. Prints one JSON object.

ImageFolder (PIL loader) -> RandomResizedCrop(224) -> RandomHorizontalFlip -> ToTensor -> Normalize,
through DataLoader(batch_size=32, shuffle=True, num_workers=W) for W in 0, 2: images per second of
one epoch (after a warm-up of a few batches). Then ResNet-18 eval forward at batch 1 and 32 on
224x224 (random weights, inference_mode): ms per forward.
Usage: python bench/vision/python.py --root DIR [--reps 3] [--workers 0,2] [--threads 1] [--model-threads 2] [--model 0]
(--threads: intra-op threads for the data part; --model-threads for the ResNet part)
"""
import json, sys, time
import torchvision_cpu  # noqa: F401  (torchvision next to the CPU torch; see ../shared/oracle/setup.sh)
import torch
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms


def arg(n, d):
    return sys.argv[sys.argv.index(f"--{n}") + 1] if f"--{n}" in sys.argv else d


ROOT = arg("root", None)
REPS = int(arg("reps", "3"))
WORKERS = [int(w) for w in arg("workers", "0,2").split(",") if w != ""]
torch.set_num_threads(int(arg("threads", "1")))
res = {"program": "python", "ops": {}}

tf = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
ds = datasets.ImageFolder(ROOT, transform=tf)
for w in WORKERS:
    loader = DataLoader(ds, batch_size=32, shuffle=True, num_workers=w, persistent_workers=w > 0,
                        generator=torch.Generator().manual_seed(0))
    for n, (x, y) in enumerate(loader):
        if n >= 2: break
    ips = []
    cpu = []
    for _ in range(REPS):
        c0 = time.process_time()
        t0 = time.perf_counter()
        images = 0
        for x, y in loader:
            images += x.shape[0]
        ips.append(images / (time.perf_counter() - t0))
        cpu.append((time.process_time() - c0) * 1000 / images)
    res["ops"][f"ImageFolder pipeline, numWorkers {w}"] = {"images_per_s": max(ips), "reps": ips}
    # this process's CPU time (all its threads) per image: with no workers, the whole pipeline's cost
    if w == 0:
        res["ops"]["ImageFolder pipeline, numWorkers 0, CPU time"] = {"cpu_ms": min(cpu), "reps": cpu}
    del loader

if arg("model", "1") == "0":
    print(json.dumps(res))
    sys.exit(0)
torch.set_num_threads(int(arg("model-threads", "2")))
torch.manual_seed(0)
model = models.resnet18().eval()
for batch in (1, 32):
    x = torch.randn(batch, 3, 224, 224)
    with torch.inference_mode():
        for _ in range(3): model(x)
        ms = []
        iters = 20 if batch == 1 else 3
        for _ in range(REPS):
            t0 = time.perf_counter()
            for _ in range(iters): model(x)
            ms.append((time.perf_counter() - t0) * 1000 / iters)
    res["ops"][f"ResNet-18 eval forward, batch {batch}"] = {"ms": min(ms), "reps": ms}
print(json.dumps(res))
