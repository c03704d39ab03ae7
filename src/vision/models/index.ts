// torch-node/vision models (torchvision.models): torchvision's module names and state_dict keys,
// builders (`models.resnet18({ weights, numClasses })`) and weights enums.
export * from "./_api";
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
