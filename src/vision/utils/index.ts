// torch-node/vision utils (torchvision.utils): makeGrid, saveImage, drawBoundingBoxes, drawSegmentationMasks.
export * from "./grid";
export * from "./draw";
