// torchvision.models' classic CNNs against torchvision (test/fixtures/vision/make_models_cnn.py):
// state_dict keys, shapes and dtypes, eval forward on the same weights, the default initialisation
// after manualSeed (bit-identical), reprs, builders' options, the transfer-learning idiom, and a LeNet-5
// checkpoint saved by Python. The big models are in models_cnn_large.test.ts.
import { describe, it, expect } from "vitest";
import { join } from "path";
import torch, { nn, optim, Tensor } from "../../src";
import { models } from "../../src/vision";
import { py, expectEntries, expectForward, entries, FIXTURE_DIR } from "./models_cnn_helpers";

describe("state_dict entries and eval forward equal torchvision's", () => {
  const builders: Record<string, () => nn.Module> = {
    lenet5: () => new models.LeNet5(),
    alexnet: () => models.alexnet(),
    resnet18: () => models.resnet18(),
    resnet34: () => models.resnet34(),
    resnet50: () => models.resnet50(),
    squeezenet1_0: () => models.squeezenet1_0(),
    squeezenet1_1: () => models.squeezenet1_1(),
    densenet121: () => models.densenet121(),
  };
  for (const [name, build] of Object.entries(builders)) {
    it(name, () => {
      const rec = py.models[name];
      const model = build();
      expectEntries(model, rec);
      if (rec.input_shape) expectForward(model, rec);
    });
  }
});

describe("default initialisation after manualSeed equals torchvision's, draw for draw", () => {
  const builders: Record<string, () => nn.Module> = {
    resnet18: () => models.resnet18(),
    resnet18_zero_init: () => models.resnet18({ zeroInitResidual: true }),
    squeezenet1_1: () => models.squeezenet1_1(),
    densenet121: () => models.densenet121(),
    lenet5: () => new models.LeNet5(),
  };
  for (const [name, build] of Object.entries(builders)) {
    it(name, () => {
      torch.manualSeed(7);
      const sd = build().stateDict();
      const want = py.init[name].entries;
      expect(Object.keys(sd)).toEqual(want.map((e) => e[0]));
      // the same draws in the same order; the normal / uniform transforms of the raw bits are float
      // kernels (the vectorised and the scalar ones differ in the last bits): within 1e-5 of the tensor's scale
      for (const [k, head, sum] of want) {
        const t = sd[k];
        const got = t.flatten().index("0:6").tolist() as number[];
        expect(got.length, k).toBe(head.length);
        const scale = t.numel() ? (t.abs().max().item() as number) : 0;
        got.forEach((v, i) => expect(Math.abs(v - head[i]), k).toBeLessThanOrEqual(1e-5 * scale + 1e-12));
        const total = t.double().sum().item() as number;
        expect(Math.abs(total - sum), k).toBeLessThanOrEqual(1e-5 * scale * t.numel() + 1e-12);
      }
    });
  }
  it("zeroInitResidual zeroes the last norm of each residual branch only", () => {
    const m = models.resnet18({ zeroInitResidual: true });
    const bn = (x: nn.Module) => (x as nn.BatchNorm2d).weight!;
    expect(bn((m.layer1.getItem(0) as models.BasicBlock).bn2).abs().sum().item()).toBe(0);
    expect(bn((m.layer1.getItem(0) as models.BasicBlock).bn1).sum().item()).toBe(64);
    const b = models.resnet50({ zeroInitResidual: true }).layer4.getItem(2) as models.Bottleneck;
    expect(bn(b.bn3).abs().sum().item()).toBe(0);
    expect(bn(b.bn2).sum().item()).toBe(512);
  });
});

describe("repr equals torchvision's", () => {
  it("resnet18, squeezenet1_1, alexnet, densenet121, LeNet5", () => {
    expect(String(models.resnet18())).toBe(py.repr.resnet18);
    expect(String(models.squeezenet1_1())).toBe(py.repr.squeezenet1_1);
    expect(String(models.alexnet())).toBe(py.repr.alexnet);
    expect(String(models.densenet121())).toBe(py.repr.densenet121);
    expect(String(new models.LeNet5())).toBe(py.repr.lenet5);
    expect(String(models.resnet50({ numClasses: 10 }).fc)).toBe(py.repr.resnet50_fc10);
  });
});

describe("builders and classes", () => {
  it("numClasses and the other model options", () => {
    expect([...models.resnet18({ numClasses: 10 }).fc.weight.shape]).toEqual([10, 512]);
    expect(models.squeezenet1_1({ numClasses: 7 }).numClasses).toBe(7);
    expect([...models.densenet121({ numClasses: 5 }).classifier.weight.shape]).toEqual([5, 1024]);
    expect([...(models.alexnet({ numClasses: 3, dropout: 0.2 }).classifier.getItem(6) as nn.Linear).weight.shape]).toEqual([3, 4096]);
    expect((models.alexnet({ dropout: 0.2 }).classifier.getItem(0) as nn.Dropout).p).toBe(0.2);
    expect([...new models.LeNet5(4).fc3.weight.shape]).toEqual([4, 84]);
    expect([...models.lenet5({ numClasses: 4 }).fc3.weight.shape]).toEqual([4, 84]);
    // the ResNet class, positionally and with options, as torchvision's
    const r = new models.ResNet(models.BasicBlock, [1, 1, 1, 1], 10);
    expect(entries(r).length).toBe(entries(new models.ResNet(models.BasicBlock, [1, 1, 1, 1], { numClasses: 10 })).length);
    expect([...r.fc.weight.shape]).toEqual([10, 512]);
    expect(r.layer2.length).toBe(1);
    // resnext / wide resnet fix groups and width: another value is torchvision's error
    expect(() => models.resnext50_32x4d({ groups: 8 })).toThrow("The parameter 'groups' expected value 32 but got 8 instead.");
    // replaceStrideWithDilation keeps the resolution of the last stages
    const d = models.resnet50({ replaceStrideWithDilation: [false, true, true] });
    d.eval();
    const feats = torch.noGrad(() => d.layer4(d.layer3(d.layer2(d.layer1(d.maxpool(d.relu(d.bn1(d.conv1(torch.randn(1, 3, 64, 64)))))))))) as Tensor;
    expect([...feats.shape]).toEqual([1, 2048, 8, 8]);
    // a norm layer factory
    const g = models.resnet18({ normLayer: (n: number) => new nn.GroupNorm(4, n) });
    expect(g.bn1 instanceof nn.GroupNorm).toBe(true);
    // VGG without the initialisation and with its own features
    const v = new models.VGG(models.makeLayers([8, "M", 512, "M"], true), { numClasses: 2, initWeights: false });
    expect(entries(v).slice(0, 3).map((e) => e[0])).toEqual(["features.0.weight", "features.0.bias", "features.1.weight"]);
  });

  it("getModel, getModelBuilder, listModels", () => {
    expect(models.getModelBuilder("ResNet18")).toBe(models.resnet18);
    expect(String((models.getModel("squeezenet1_1", { numClasses: 4 }) as models.SqueezeNet).classifier.getItem(1))).toBe("Conv2d(512, 4, kernel_size=(1, 1), stride=(1, 1))");
    expect(models.listModels({ include: "resnet*" })).toEqual(py.list_models_resnet);
    expect(models.listModels(null, "vgg*", "*_bn")).toEqual(py.list_models_vgg_no_bn);
    for (const n of ["alexnet", "densenet121", "lenet5", "resnet152", "squeezenet1_0", "vgg19_bn", "wide_resnet50_2"])
      expect(models.listModels()).toContain(n);
    expect(() => models.getModel("resnet9")).toThrow("Unknown model resnet9");
  });

  it("bad arguments are clear errors", () => {
    expect(() => models.resnet18({ numClasses: 10, foo: 1 } as never)).toThrow("ResNet() got an unexpected keyword argument 'foo'");
    expect(() => models.alexnet({ numClasses: 0 })).toThrow(TypeError);
    expect(() => new models.SqueezeNet("2_0" as never)).toThrow("Unsupported SqueezeNet version 2_0: 1_0 or 1_1 expected");
    expect(() => new models.BasicBlock(64, 64, 1, null, 2)).toThrow("BasicBlock only supports groups=1 and base_width=64");
    expect(() => new models.ResNet(models.BasicBlock, [2, 2, 2, 2], { replaceStrideWithDilation: [true] })).toThrow("replace_stride_with_dilation should be None or a 3-element tuple");
    expect(() => models.resnet18({ progress: "yes" } as never)).toThrow("argument 'progress' must be bool");
    expect(() => new models.LeNet5({ numClasses: 2.5 })).toThrow("numClasses");
  });
});

describe("transfer learning as the seed does it", () => {
  it("freeze the backbone, replace fc, train only the new head", () => {
    torch.manualSeed(0);
    const model = models.resnet18();
    for (const p of model.parameters()) p.requiresGrad_(false);
    model.fc = new nn.Linear(model.fc.inFeatures, 10);
    // the assignment replaces the registered submodule: state_dict, parameters and forward use the new one
    expect([...model.stateDict()["fc.weight"].shape]).toEqual([10, 512]);
    expect(String(model).endsWith("(fc): Linear(in_features=512, out_features=10, bias=True)\n)")).toBe(true);
    const trainable = [...model.namedParameters()].filter(([, p]) => p.requiresGrad).map(([k]) => k);
    expect(trainable).toEqual(["fc.weight", "fc.bias"]);
    const before = model.conv1.weight.clone();
    const fcBefore = model.fc.weight.clone();
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const x = torch.randn(4, 3, 32, 32), y = torch.tensor([0, 1, 2, 3]);
    const loss = nn.functional.crossEntropy(model(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    expect(model.conv1.weight.grad).toBe(null);
    expect(torch.equal(model.conv1.weight, before)).toBe(true);
    expect(torch.equal(model.fc.weight, fcBefore)).toBe(false);
    // requiresGrad_ on the module does the same in one call
    const m2 = models.squeezenet1_1().requiresGrad_(false);
    expect([...m2.parameters()].every((p) => !p.requiresGrad)).toBe(true);
  });
});

describe("a LeNet-5 trained and saved by Python", () => {
  const file = join(FIXTURE_DIR, "lenet5_py.pth");
  const check = (model: nn.Module) => {
    model.eval();
    torch.manualSeed(py.lenet5_py.input_seed);
    const y = torch.noGrad(() => model(torch.randn(py.lenet5_py.input_shape))) as Tensor;
    const got = y.flatten().tolist() as number[];
    got.forEach((v, i) => expect(Math.abs(v - py.lenet5_py.out[i])).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(py.lenet5_py.out[i])));
  };
  it("loads with torch.load + loadStateDict, and as the builder's weights path", () => {
    const m = new models.LeNet5();
    m.loadStateDict(torch.load(file));
    check(m);
    check(models.lenet5({ weights: file }));
    check(models.getModel("lenet5", { weights: file }));
  });
});
