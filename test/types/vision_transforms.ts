// Type probes for the typed vision transforms (src/vision/transforms: geometry classes and the
// functional color ops). Checked by `npx tsc -p tsconfig.test.json` (never run): each
// `@ts-expect-error` line must be a type error, every other line must type-check.
import type { Tensor } from "torch-node";
import { transforms } from "torch-node/vision";

declare const img: Tensor;

new transforms.Resize(32);
new transforms.Resize([32, 48], "bilinear", null, true);
new transforms.Resize({ size: 32, interpolation: transforms.InterpolationMode.BICUBIC });
// @ts-expect-error unknown interpolation mode
new transforms.Resize(32, "cubic");
// @ts-expect-error size is required
new transforms.Resize();
new transforms.RandomCrop(32, { padding: 4 });
new transforms.RandomResizedCrop(224, { scale: [0.08, 1.0] });
// @ts-expect-error scale is a [min, max] range
new transforms.RandomResizedCrop(224, { scale: 0.5 });
new transforms.RandomHorizontalFlip();
new transforms.RandomHorizontalFlip(0.3);
// @ts-expect-error p is a number
new transforms.RandomHorizontalFlip("0.3");
new transforms.Pad(2, 0, "reflect");
// @ts-expect-error unknown padding mode
new transforms.Pad(2, { paddingMode: "wrap" });
new transforms.RandomRotation(10, { expand: true });
new transforms.RandomAffine(0, { translate: [0.1, 0.1] });
new transforms.RandomErasing({ p: 0.5, value: "random" });
new transforms.CenterCrop(224);
transforms.functional.adjustBrightness(img, 1.5);
transforms.functional.normalize(img, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
transforms.functional.gaussianBlur(img, 3, { sigma: 1.0 });
// @ts-expect-error brightnessFactor is required
transforms.functional.adjustBrightness(img);
// @ts-expect-error gamma is a number
transforms.functional.adjustGamma(img, "2");
