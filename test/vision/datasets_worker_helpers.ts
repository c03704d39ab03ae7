// Transforms and loaders that DataLoader workers rebuild from this module
// (test/vision/datasets_workers.test.ts): each says how with workerSpec().
import torch, { Tensor } from "../../src";

/** img -> float img * k / 255 */
export class Scale {
  constructor(readonly k: number) {}
  __call__(img: Tensor): Tensor {
    return img.to(torch.float32).mul(this.k / 255);
  }
  workerSpec() {
    return { module: __filename, export: "Scale", args: [this.k] };
  }
}

/** target -> target + 100 (a function given as it is: no args) */
export function plus100(t: number): number {
  return t + 100;
}
(plus100 as unknown as { workerSpec(): object }).workerSpec = () => ({ module: __filename, export: "plus100" });

/** a loader: the file's size as a tensor */
export function sizeLoader(p: string): Tensor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return torch.tensor([require("node:fs").statSync(p).size]);
}
(sizeLoader as unknown as { workerSpec(): object }).workerSpec = () => ({ module: __filename, export: "sizeLoader" });

/** a Compose-like transform: its worker spec holds the transforms themselves */
export class Chain {
  constructor(readonly transforms: (((x: any) => any) | { __call__(x: any): any })[]) {}
  __call__(x: unknown): unknown {
    for (const t of this.transforms) x = typeof t === "function" ? t(x) : t.__call__(x);
    return x;
  }
  workerSpec() {
    return { module: __filename, export: "Chain", args: [this.transforms] };
  }
}

/** img -> img + 1 */
export function addOne(img: Tensor): Tensor {
  return img.add(1);
}
(addOne as unknown as { workerSpec(): object }).workerSpec = () => ({ module: __filename, export: "addOne" });
