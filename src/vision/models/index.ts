// torch-node/vision models (torchvision.models): torchvision's module names and state_dict keys,
// builders (`models.resnet18({ weights, numClasses })`) and weights enums.
// torchvision.models' names from _api (its helpers stay private), and torch.hub's functions
export {
  Weights, WeightsEnum, getWeight, listModels, getModelBuilder, getModel, getModelWeights,
  getDir, loadStateDictFromUrl, downloadUrlToFile,
} from "./_api";
export type {
  ListModelsOptions, WeightsMeta, TransformsFactory, StateDictOptions, WeightsEnumClass, ModelBuilder, WeightsArg, BuilderOptions, Builder,
} from "./_api";
export * from "./lenet";
export * from "./alexnet";
export * from "./vgg";
export * from "./resnet";
export * from "./squeezenet";
export * from "./densenet";
export * from "./mobilenetv2";
export * from "./mobilenetv3";
export * from "./efficientnet";
export * from "./vision_transformer";

// Builder names: camelCase as PORTING.md rule 2 (`vgg16Bn`, `wideResnet50_2`, `mobilenetV2`, `vitB16`),
// and torchvision's own spelling for code ported as written (`vgg16_bn`, `mobilenet_v2`, `vit_b_16`).
// Names with a digit after the underscore keep it (`resnext50_32x4d`, `squeezenet1_1`, `wideResnet50_2`).
export { vgg11_bn as vgg11Bn, vgg13_bn as vgg13Bn, vgg16_bn as vgg16Bn, vgg19_bn as vgg19Bn } from "./vgg";
export { wide_resnet50_2 as wideResnet50_2, wide_resnet101_2 as wideResnet101_2 } from "./resnet";
export { mobilenetV2 as mobilenet_v2 } from "./mobilenetv2";
export { mobilenetV3Small as mobilenet_v3_small, mobilenetV3Large as mobilenet_v3_large } from "./mobilenetv3";
export {
  efficientnetB0 as efficientnet_b0, efficientnetB1 as efficientnet_b1, efficientnetB2 as efficientnet_b2,
  efficientnetB3 as efficientnet_b3, efficientnetB4 as efficientnet_b4, efficientnetB5 as efficientnet_b5,
  efficientnetB6 as efficientnet_b6, efficientnetB7 as efficientnet_b7,
  efficientnetV2S as efficientnet_v2_s, efficientnetV2M as efficientnet_v2_m, efficientnetV2L as efficientnet_v2_l,
} from "./efficientnet";
export {
  vitB16 as vit_b_16, vitB32 as vit_b_32, vitL16 as vit_l_16, vitL32 as vit_l_32, vitH14 as vit_h_14,
  interpolateEmbeddings as interpolate_embeddings,
} from "./vision_transformer";
