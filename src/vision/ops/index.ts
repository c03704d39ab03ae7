// torch-node/vision ops (torchvision.ops): boxes, nms, roiAlign.
export {};
