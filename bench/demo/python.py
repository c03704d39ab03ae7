"""The demo's training epoch in Python (bench/demo/node.js's program): LeNet-5 on the 60,000 MNIST training digits
read by torchvision.datasets.MNIST from <root>/MNIST/raw/ (the same IDX files), ToTensor -> Resize(32) ->
Normalize((0.1307,), (0.3081,)), DataLoader(batch 64, shuffle), Adam lr 1e-3, cross-entropy; one epoch per
num_workers setting, data loading (and worker start-up) included. Prints one JSON object.
Usage: python bench/demo/python.py --root DIR [--workers 0,2] [--threads 1] [--batch-size 64] [--limit 60000]"""
import json
import sys
import time

import torchvision_cpu  # noqa: F401  (before torchvision: its C++ ops do not load next to the CPU torch)
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


def arg(n, d):
    return sys.argv[sys.argv.index(f"--{n}") + 1] if f"--{n}" in sys.argv else d


ROOT = arg("root", None)
WORKERS = [int(w) for w in arg("workers", "0,2").split(",") if w != ""]
BATCH = int(arg("batch-size", "64"))
LIMIT = int(arg("limit", "60000"))
torch.set_num_threads(int(arg("threads", "1")))


class LeNet5(nn.Module):
    """torch-node's models.LeNet5."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def main():
    transform = transforms.Compose([transforms.ToTensor(), transforms.Resize(32), transforms.Normalize((0.1307,), (0.3081,))])
    full = datasets.MNIST(ROOT, train=True, transform=transform)
    ds = Subset(full, range(LIMIT)) if LIMIT < len(full) else full
    res = {"program": "python", "threads": torch.get_num_threads(), "ops": {}}
    for w in WORKERS:
        torch.manual_seed(1)
        model = LeNet5()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loader = DataLoader(ds, batch_size=BATCH, shuffle=True, num_workers=w)
        model.train()
        t0 = time.perf_counter()
        images, loss = 0, 0.0
        for x, y in loader:
            optimizer.zero_grad()
            l = F.cross_entropy(model(x), y)
            l.backward()
            optimizer.step()
            loss = l.item()
            images += x.shape[0]
        s = time.perf_counter() - t0
        del loader
        res["ops"][f"training epoch, numWorkers {w}"] = {"epoch_s": s, "images_per_s": images / s, "images": images, "last_loss": loss}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
