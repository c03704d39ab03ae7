// torch-node/vision ops (torchvision.ops): box operations, nms, roiAlign, and the
// building blocks torchvision's models share (Conv2dNormActivation, SqueezeExcitation, StochasticDepth).
export * from "./boxes";
export * from "./roi_align";
export * from "./misc";
export * from "./stochastic_depth";
