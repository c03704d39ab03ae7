// torch-node/vision transforms (torchvision.transforms, v1 names): classes that are
// called on CHW / NCHW tensors (uint8 or float), and their functional forms.
export * as functional from "./functional";
export { InterpolationMode } from "./interpolation";
export * from "./transforms_geometry";
export * from "./transforms_color";
export * from "./autoaugment";
