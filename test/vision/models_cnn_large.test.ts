// The big classic CNNs against torchvision (test/fixtures/vision/make_models_cnn.py): state_dict
// keys, shapes and dtypes of every VGG, ResNet-101/152, ResNeXt, Wide ResNet and DenseNet variant,
// and the eval forward on the same weights of VGG-11 (+BN), ResNet-152, ResNeXt-50 and Wide ResNet-50
// on 32x32 inputs.
import { describe, it } from "vitest";
import { nn } from "../../src";
import { models } from "../../src/vision";
import { py, expectEntries, expectForward } from "./models_cnn_helpers";

const NAMES = ["vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn", "resnet101", "resnet152",
  "resnext50_32x4d", "wide_resnet50_2", "densenet161", "densenet169", "densenet201"];

describe("state_dict entries (and eval forward where the fixture has one) equal torchvision's", () => {
  for (const name of NAMES) {
    it(name, () => {
      const rec = py.models[name];
      // VGG's initialisation draws 130M+ values: built without it (initWeights: false) when only the keys are compared
      const opts = name.startsWith("vgg") && !rec.input_shape ? { initWeights: false } : {};
      const model = models.getModel(name, opts) as nn.Module;
      expectEntries(model, rec);
      if (rec.input_shape) expectForward(model, rec);
    });
  }
});
