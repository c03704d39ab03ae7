// torch-node/vision utils (torchvision.utils): makeGrid, saveImage, drawBoundingBoxes, drawSegmentationMasks.
export {};
