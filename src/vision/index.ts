// torch-node/vision: torchvision for Node.js.
//   import { datasets, models, transforms, io, utils, ops } from "torch-node/vision";
// mirrors `from torchvision import datasets, models, transforms, io, utils, ops`.
// Image decoding and encoding use sharp, loaded lazily (src/vision/io/sharp.ts):
// importing this module never needs it; only reading or writing image files does.
export * as io from "./io";
export * as transforms from "./transforms";
export * as datasets from "./datasets";
export * as models from "./models";
export * as utils from "./utils";
export * as ops from "./ops";
