// The `torch-node/vision` subpath export from ESM and CommonJS (the built lib/), without loading sharp.
import { describe, it, expect } from "vitest";
import { spawnSync } from "child_process";
import { join } from "path";

const root = join(__dirname, "..", "..");
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 60_000 });

describe("torch-node/vision subpath", () => {
  it("imports from ESM with the namespaces torchvision has", () => {
    const r = run(["--input-type=module", "-e", `
      import torch from "torch-node";
      import { datasets, models, transforms, io, utils, ops } from "torch-node/vision";
      import * as vision from "torch-node/vision";
      const img = torch.arange(48, { dtype: torch.uint8 }).view(3, 4, 4);
      const out = new transforms.Compose([new transforms.CenterCrop(2), new transforms.ToTensor()])(img);
      console.log(JSON.stringify({ keys: Object.keys(vision).sort(), shape: out.shape, dtype: String(out.dtype),
        fns: [typeof datasets.MNIST, typeof models.resnet18, typeof io.readImage, typeof utils.makeGrid, typeof ops.nms],
        sharp: Object.keys(await import("module").then((m) => m.createRequire(import.meta.url).cache)).some((k) => k.includes("/sharp/")) }));
    `]);
    expect(r.stderr).toBe("");
    const o = JSON.parse(r.stdout);
    expect(o.keys).toEqual(["datasets", "io", "models", "ops", "transforms", "utils"]);
    expect(o.shape).toEqual([3, 2, 2]);
    expect(o.dtype).toBe("torch.float32");
    expect(o.fns).toEqual(["function", "function", "function", "function", "function"]);
    expect(o.sharp).toBe(false);
  });

  it("requires from CommonJS", () => {
    const r = run(["-e", `
      const { transforms, models } = require("torch-node/vision");
      const torch = require("torch-node").default;
      const x = new transforms.Normalize([0.5], [0.5])(torch.ones(1, 2, 2));
      console.log(JSON.stringify({ v: x.sum().item(), builders: [typeof models.vgg16Bn, typeof models.vgg16_bn] }));
    `]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ v: 4, builders: ["function", "function"] });
  });
});
