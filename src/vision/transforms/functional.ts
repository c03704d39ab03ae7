// transforms.functional (torchvision.transforms.functional): the geometry and the
// color halves live in their own files; this module is their union.
export { InterpolationMode } from "./interpolation";
export { getDimensions, getImageSize, getImageNumChannels, convertImageDtype } from "./_image";
export * from "./functional_geometry";
export * from "./functional_color";
