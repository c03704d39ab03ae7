// A dataset whose getItem decodes an image with the synchronous io API, built by
// DataLoader worker threads from this module (test/vision/io.test.ts).
import { Dataset, Tensor } from "../../src";
import { io } from "../../src/vision";
import { getWorkerInfo } from "../../src/utils/data";

/** item i: [the image files[i % n] decoded as RGB, the worker id (-1 on the main thread)] */
export class ImageFiles extends Dataset<[Tensor, number]> {
  constructor(private readonly files: string[], private readonly n: number) {
    super();
  }
  getItem(i: number): [Tensor, number] {
    const img = io.readImage(this.files[i % this.files.length], io.ImageReadMode.RGB);
    return [img, getWorkerInfo()?.id ?? -1];
  }
  get length(): number {
    return this.n;
  }
  workerSpec() {
    return { module: __filename, export: "ImageFiles", args: [this.files, this.n] };
  }
}
