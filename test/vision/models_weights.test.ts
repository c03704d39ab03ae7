// The weights API of torch-node/vision models (torchvision.models._api): the weights enums and their
// metadata and presets against torchvision (test/fixtures/vision/make_models_cnn.py), getWeight /
// getModelWeights, checkpoints found in torch.hub's cache ($TORCH_HOME/hub/checkpoints, a temporary
// TORCH_HOME here), local .pth / .safetensors paths, the download (a local HTTP server in a child
// process: never the network), its hash check and atomicity, and the errors.
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from "vitest";
import { mkdtempSync, mkdirSync, rmSync, readdirSync, existsSync, writeFileSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { spawn, ChildProcess } from "child_process";
import { createHash } from "crypto";
import torch, { nn, Tensor } from "../../src";
import { models, transforms } from "../../src/vision";
import { ImageClassification } from "../../src/vision/transforms/_presets";
import { saveFile } from "../../src/safetensors";
import { py } from "./models_cnn_helpers";

const { ResNet18_Weights, ResNet50_Weights, ResNet34_Weights } = models;

describe("weights enums equal torchvision's", () => {
  it("members, DEFAULT, repr, url, meta", () => {
    const enums: Record<string, models.WeightsEnumClass<"IMAGENET1K_V1">> = {
      ResNet18_Weights: models.ResNet18_Weights, ResNet50_Weights: models.ResNet50_Weights, VGG16_Weights: models.VGG16_Weights,
      SqueezeNet1_1_Weights: models.SqueezeNet1_1_Weights, DenseNet121_Weights: models.DenseNet121_Weights,
      AlexNet_Weights: models.AlexNet_Weights, Wide_ResNet50_2_Weights: models.Wide_ResNet50_2_Weights,
    };
    for (const [name, e] of Object.entries(enums)) {
      const want = py.weights[name];
      expect(e.name).toBe(name);
      expect(e.members().map((m) => m.name)).toEqual(want.members);
      expect([...e].map((m) => m.name)).toEqual(want.members);
      expect(e.DEFAULT.name).toBe(want.default);
      expect(String(e.DEFAULT)).toBe(want.repr);
      expect(e.DEFAULT.url).toBe(want.url);
      expect(e.DEFAULT.meta.numParams).toBe(want.num_params);
      expect(e.DEFAULT.meta.minSize).toEqual(want.min_size);
      expect(e.DEFAULT.meta.categories!.length).toBe(want.n_categories);
      expect(String(e.DEFAULT.transforms())).toBe(want.preset_repr);
      expect((e.DEFAULT.transforms() as ImageClassification).describe()).toBe(want.preset_describe);
    }
    expect(ResNet18_Weights.DEFAULT.meta.categories!.slice(0, 5)).toEqual(py.categories_head);
    expect(ResNet50_Weights.DEFAULT).toBe(ResNet50_Weights.IMAGENET1K_V2);
    expect(ResNet50_Weights.IMAGENET1K_V1 instanceof models.WeightsEnum).toBe(true);
    expect(ResNet50_Weights.IMAGENET1K_V1 instanceof ResNet50_Weights).toBe(true);
    expect(ResNet50_Weights.IMAGENET1K_V1 instanceof ResNet18_Weights).toBe(false);
    expect(ResNet18_Weights.IMAGENET1K_V1.fileName).toBe("resnet18-f37072fd.pth");
    expect(ResNet50_Weights.DEFAULT.meta._metrics!["ImageNet-1K"]["acc@1"]).toBe(80.858);
  });

  it("verify, getWeight, getModelWeights", () => {
    expect(ResNet50_Weights.verify("DEFAULT")).toBe(ResNet50_Weights.IMAGENET1K_V2);
    expect(ResNet50_Weights.verify("IMAGENET1K_V1")).toBe(ResNet50_Weights.IMAGENET1K_V1);
    expect(ResNet50_Weights.verify("ResNet50_Weights.IMAGENET1K_V1")).toBe(ResNet50_Weights.IMAGENET1K_V1);
    expect(ResNet50_Weights.verify(null)).toBe(null);
    expect(() => ResNet18_Weights.verify(ResNet34_Weights.DEFAULT)).toThrow("Invalid Weight class provided; expected ResNet18_Weights but received ResNet34_Weights.");
    expect(() => ResNet18_Weights.verify("IMAGENET1K_V9")).toThrow("'IMAGENET1K_V9' is not a member of ResNet18_Weights");
    expect(models.getWeight("ResNet50_Weights.IMAGENET1K_V2")).toBe(ResNet50_Weights.DEFAULT);
    expect(models.getWeight("DenseNet121_Weights.DEFAULT")).toBe(models.DenseNet121_Weights.IMAGENET1K_V1);
    expect(() => models.getWeight("ResNet50")).toThrow("Invalid weight name provided: 'ResNet50'.");
    expect(() => models.getWeight("ResNet51_Weights.DEFAULT")).toThrow("The weight enum 'ResNet51_Weights' for the specific method couldn't be retrieved.");
    expect(models.getModelWeights("resnet50")).toBe(ResNet50_Weights);
    expect(models.getModelWeights(models.vgg16)).toBe(models.VGG16_Weights);
    expect(models.VGG16_Weights.IMAGENET1K_FEATURES.meta.categories).toBe(null);
  });
});

describe("builder call forms", () => {
  it("torchvision's deprecated positional (weights, progress) and the module filter of listModels", () => {
    const m = models.resnet18(null, false, { numClasses: 3 });
    expect(m.fc.outFeatures).toBe(3);
    expect(() => models.resnet18(null, true, false as never)).toThrow("resnet18() takes from 0 to 2 positional arguments but 3 were given");
    expect(() => models.resnet18(null, { weights: null } as never)).toThrow("resnet18() got multiple values for argument 'weights'");
    const names = models.listModels(models);
    for (const n of ["resnet18", "vgg16", "densenet121", "squeezenet1_1", "alexnet", "lenet5"]) expect(names).toContain(n);
    expect(models.listModels({ module: { resnet18: models.resnet18 } })).toEqual(["resnet18"]);
  });
});

describe("the ImageClassification preset", () => {
  const hasGeometry = typeof (transforms.functional as Record<string, unknown>).resize === "function" &&
    typeof (transforms.functional as Record<string, unknown>).normalize === "function";
  it("repr and arguments as torchvision's", () => {
    for (const c of py.preset.cases) {
      const kw = c.kwargs as Record<string, unknown>;
      const t = new ImageClassification({ cropSize: kw.crop_size as number, resizeSize: kw.resize_size as number,
        interpolation: (kw.interpolation ?? "bilinear") as never, mean: kw.mean as number[] | undefined, std: kw.std as number[] | undefined });
      expect(String(t)).toBe(c.repr);
    }
    expect(() => new ImageClassification({ resizeSize: 3 } as never)).toThrow("missing 1 required keyword-only argument: 'cropSize'");
    expect(() => new ImageClassification({ cropSize: 3, foo: 1 } as never)).toThrow("unexpected keyword argument 'foo'");
    expect(String(ResNet50_Weights.DEFAULT.transforms({ cropSize: 100 })).split("\n")[1]).toBe("    crop_size=[100]");
  });
  // needs transforms.functional.resize / centerCrop / normalize (branches vision-geometry, vision-color)
  it.skipIf(!hasGeometry)("output equals torchvision's on a uint8 image and a float batch", () => {
    const img = torch.tensor(py.preset.img, { dtype: torch.uint8 }).reshape(py.preset.img_shape);
    const batch = torch.tensor(py.preset.batch, { dtype: torch.float32 }).reshape(py.preset.batch_shape);
    for (const c of py.preset.cases) {
      const kw = c.kwargs as Record<string, unknown>;
      const t = new ImageClassification({ cropSize: kw.crop_size as number, resizeSize: kw.resize_size as number,
        interpolation: (kw.interpolation ?? "bilinear") as never, mean: kw.mean as number[] | undefined, std: kw.std as number[] | undefined });
      for (const [x, want] of [[img, c.out], [batch, c.out_batch]] as [Tensor, number[]][]) {
        const got = t(x).flatten().tolist() as number[];
        expect(got.length).toBe(want.length);
        // uint8 resampling within one step (1/255 before normalizing: std >= 0.224 here)
        got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(x.dtype === torch.uint8 ? 1 / 255 / 0.224 + 1e-5 : 1e-5));
      }
    }
  });
});

/** A seeded squeezenet1_1's state dict saved with torch.save as `file`. */
function fakeCheckpoint(file: string, seed = 11): Record<string, Tensor> {
  torch.manualSeed(seed);
  const sd = models.squeezenet1_1().stateDict();
  torch.save(sd, file);
  return sd;
}
function expectSameWeights(model: nn.Module, sd: Record<string, Tensor>): void {
  const got = model.stateDict();
  expect(Object.keys(got)).toEqual(Object.keys(sd));
  for (const k of Object.keys(sd)) expect(torch.equal(got[k], sd[k]), k).toBe(true);
}

describe("checkpoints from torch.hub's cache", () => {
  let home: string;
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "torch-home-"));
    for (const k of ["TORCH_HOME", "XDG_CACHE_HOME", "TORCH_NODE_NO_DOWNLOAD"]) saved[k] = process.env[k];
    process.env.TORCH_HOME = home;
    process.env.TORCH_NODE_NO_DOWNLOAD = "1";
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it("finds $TORCH_HOME/hub/checkpoints/<file of the url> for a member, its name, its full name, DEFAULT", () => {
    expect(models.getDir()).toBe(join(home, "hub"));
    const dir = join(home, "hub", "checkpoints");
    mkdirSync(dir, { recursive: true });
    const sd = fakeCheckpoint(join(dir, "squeezenet1_1-b8a52dc0.pth"));
    for (const weights of [models.SqueezeNet1_1_Weights.IMAGENET1K_V1, "IMAGENET1K_V1", "DEFAULT", "SqueezeNet1_1_Weights.IMAGENET1K_V1"])
      expectSameWeights(models.squeezenet1_1({ weights }), sd);
    expectSameWeights(models.getModel("squeezenet1_1", { weights: "DEFAULT" }), sd);
    expect(Object.keys(models.SqueezeNet1_1_Weights.DEFAULT.getStateDict())).toEqual(Object.keys(sd));
    // torchvision's legacy `pretrained: true` is DEFAULT
    expectSameWeights(models.squeezenet1_1({ pretrained: true }), sd);
  });

  it("falls back to $XDG_CACHE_HOME/torch, then ~/.cache/torch", () => {
    delete process.env.TORCH_HOME;
    process.env.XDG_CACHE_HOME = join(home, "xdg");
    expect(models.getDir()).toBe(join(home, "xdg", "torch", "hub"));
    const dir = join(home, "xdg", "torch", "hub", "checkpoints");
    mkdirSync(dir, { recursive: true });
    const sd = fakeCheckpoint(join(dir, "squeezenet1_1-b8a52dc0.pth"));
    expectSameWeights(models.squeezenet1_1({ weights: "DEFAULT" }), sd);
    delete process.env.XDG_CACHE_HOME;
    expect(models.getDir()).toBe(join(require("os").homedir(), ".cache", "torch", "hub"));
  });

  it("DenseNet's old checkpoint keys (norm.1) are renamed as torchvision does", () => {
    const dir = join(home, "hub", "checkpoints");
    mkdirSync(dir, { recursive: true });
    torch.manualSeed(2);
    const sd = models.densenet121().stateDict();
    const old: Record<string, Tensor> = {};
    // LuaTorch's port: "norm.1" keys and no num_batches_tracked (Python's BatchNorm keeps its own then)
    for (const [k, v] of Object.entries(sd))
      if (!k.endsWith("num_batches_tracked")) old[k.replace(/(denselayer\d+\.(?:norm|relu|conv))([12])\./, "$1.$2.")] = v;
    expect(Object.keys(old)).toContain("features.denseblock1.denselayer1.norm.1.weight");
    torch.save(old, join(dir, "densenet121-a639ec97.pth"));
    expectSameWeights(models.densenet121({ weights: "DEFAULT" }), sd);
  });

  it("numClasses with weights must equal the number of categories", () => {
    const dir = join(home, "hub", "checkpoints");
    mkdirSync(dir, { recursive: true });
    fakeCheckpoint(join(dir, "squeezenet1_1-b8a52dc0.pth"));
    expect(models.squeezenet1_1({ weights: "DEFAULT", numClasses: 1000 }).numClasses).toBe(1000);
    expect(() => models.squeezenet1_1({ weights: "DEFAULT", numClasses: 10 })).toThrow("The parameter 'numClasses' expected value 1000 but got 10 instead.");
  });

  it("errors: unknown name, other model's weights, missing file with downloads off", () => {
    expect(() => models.resnet18({ weights: "IMAGENET1K_V2" })).toThrow("'IMAGENET1K_V2' is not a member of ResNet18_Weights: use one of IMAGENET1K_V1, DEFAULT");
    expect(() => models.resnet18({ weights: ResNet34_Weights.DEFAULT })).toThrow("expected ResNet18_Weights but received ResNet34_Weights");
    expect(() => models.resnet18({ weights: "DEFAULT" })).toThrow(`weights file not found: ${join(home, "hub", "checkpoints", "resnet18-f37072fd.pth")} (downloads are disabled by TORCH_NODE_NO_DOWNLOAD)`);
    delete process.env.TORCH_NODE_NO_DOWNLOAD;
    expect(() => models.resnet18({ weights: "DEFAULT", download: false })).toThrow("downloads are disabled by download: false");
    expect(() => models.resnet18({ weights: join(home, "nope.pth") })).toThrow(`weights: no such checkpoint file: '${join(home, "nope.pth")}'`);
    expect(() => models.resnet18({ weights: "DEFAULT", download: "no" } as never)).toThrow("argument 'download' must be bool");
  });
});

describe("weights from a local file", () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "weights-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a .pth or .safetensors path loads as is (numClasses from the options)", () => {
    torch.manualSeed(3);
    const src = models.resnet18({ numClasses: 10 });
    const sd = src.stateDict();
    torch.save(sd, join(dir, "r18.pth"));
    saveFile(sd, join(dir, "r18.safetensors"));
    expectSameWeights(models.resnet18({ weights: join(dir, "r18.pth"), numClasses: 10 }), sd);
    expectSameWeights(models.resnet18({ weights: join(dir, "r18.safetensors"), numClasses: 10 }), sd);
    // a mismatch is loadStateDict's error
    expect(() => models.resnet18({ weights: join(dir, "r18.pth") })).toThrow("size mismatch for fc.weight");
    // a checkpoint that is not a state dict
    torch.save({ epoch: 3, model_state_dict: sd }, join(dir, "ckpt.pth"));
    expect(() => models.resnet18({ weights: join(dir, "ckpt.pth"), numClasses: 10 })).toThrow("its entry 'epoch' is int, not a Tensor");
  });
});

// ---------------------------------------------------------------- downloads from a local server

const SERVER = `
const http = require("http"), fs = require("fs"), path = require("path");
const root = process.argv[1];
const srv = http.createServer((req, res) => {
  if (req.url.startsWith("/redirect/")) { res.writeHead(302, { Location: "/" + req.url.slice(10) }); return res.end(); }
  const f = path.join(root, path.basename(req.url));
  if (!fs.existsSync(f)) { res.writeHead(404, "Not Found"); return res.end(); }
  const data = fs.readFileSync(f);
  if (req.url.includes("truncated")) { res.writeHead(200, { "Content-Length": data.length + 100 }); res.write(data); return res.destroy(); }
  res.writeHead(200, { "Content-Length": data.length });
  res.end(data);
});
srv.listen(0, "127.0.0.1", () => console.log(srv.address().port));
`;

describe("downloads (a local HTTP server)", () => {
  let served: string, home: string, server: ChildProcess, base: string, hash: string;
  let sd: Record<string, Tensor>;
  beforeAll(async () => {
    served = mkdtempSync(join(tmpdir(), "served-"));
    home = mkdtempSync(join(tmpdir(), "torch-home-"));
    sd = fakeCheckpoint(join(served, "tmp.pth"));
    const bytes = readFileSync(join(served, "tmp.pth"));
    hash = createHash("sha256").update(bytes).digest("hex");
    writeFileSync(join(served, `lenet-${hash.slice(0, 8)}.pth`), bytes);
    writeFileSync(join(served, "squeezenet1_1-b8a52dc0.pth"), bytes);
    writeFileSync(join(served, `truncated-${hash.slice(0, 8)}.pth`), bytes);
    server = spawn(process.execPath, ["-e", SERVER, served], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<string>((resolve) => server.stdout!.once("data", (d) => resolve(String(d).trim())));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    server.kill();
    rmSync(served, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("downloads into the cache, checks the hash prefix of the file name, then loads from the cache", () => {
    const modelDir = join(home, "a");
    const url = `${base}/lenet-${hash.slice(0, 8)}.pth`;
    const got = models.loadStateDictFromUrl(url, { modelDir, checkHash: true, progress: false, download: true });
    expect(Object.keys(got)).toEqual(Object.keys(sd));
    expect(readdirSync(modelDir)).toEqual([`lenet-${hash.slice(0, 8)}.pth`]);
    expect(createHash("sha256").update(readFileSync(join(modelDir, `lenet-${hash.slice(0, 8)}.pth`))).digest("hex")).toBe(hash);
    // a redirect is followed; the default folder is $TORCH_HOME/hub/checkpoints
    const saved = process.env.TORCH_HOME;
    process.env.TORCH_HOME = home;
    try {
      models.loadStateDictFromUrl(`${base}/redirect/lenet-${hash.slice(0, 8)}.pth`, { progress: false, download: true });
      expect(existsSync(join(home, "hub", "checkpoints", `lenet-${hash.slice(0, 8)}.pth`))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TORCH_HOME;
      else process.env.TORCH_HOME = saved;
    }
  });

  it("a wrong hash, a 404 and a truncated body leave nothing behind", () => {
    const modelDir = join(home, "b");
    // the real file name's hash prefix (b8a52dc0) does not match this file's SHA-256
    expect(() => models.loadStateDictFromUrl(`${base}/squeezenet1_1-b8a52dc0.pth`, { modelDir, checkHash: true, progress: false, download: true }))
      .toThrow(`invalid hash value (expected "b8a52dc0", got "${hash}")`);
    expect(readdirSync(modelDir)).toEqual([]);
    // without checkHash the same file is accepted (torch.hub's default)
    models.downloadUrlToFile(`${base}/squeezenet1_1-b8a52dc0.pth`, join(modelDir, "x.pth"), null, false);
    expect(readdirSync(modelDir)).toEqual(["x.pth"]);
    rmSync(join(modelDir, "x.pth"));
    expect(() => models.loadStateDictFromUrl(`${base}/missing-00000000.pth`, { modelDir, progress: false, download: true })).toThrow("HTTP Error 404");
    expect(() => models.loadStateDictFromUrl(`${base}/truncated-${hash.slice(0, 8)}.pth`, { modelDir, progress: false, download: true }))
      .toThrow(/downloading .* failed/);
    expect(readdirSync(modelDir)).toEqual([]);
  });

  it("draws a progress bar when asked", () => {
    const modelDir = join(home, "c");
    const chunks: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((c: string) => { chunks.push(String(c)); return true; }) as typeof process.stderr.write;
    try {
      models.loadStateDictFromUrl(`${base}/lenet-${hash.slice(0, 8)}.pth`, { modelDir, progress: true, download: true });
    } finally {
      process.stderr.write = write;
    }
    const text = chunks.join("");
    expect(text).toContain(`Downloading: "${base}/lenet-${hash.slice(0, 8)}.pth" to ${join(modelDir, `lenet-${hash.slice(0, 8)}.pth`)}`);
    expect(text).toMatch(/100%\|.*\| \d+\/\d+ \[/);
  });
});
