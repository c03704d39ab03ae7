// ElasticTransform.get_params: random displacement fields smoothed by transforms.functional.gaussianBlur,
// as torchvision's get_params calls F.gaussian_blur.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { gaussianBlur } from "./functional_color";
import { pyRepr } from "./geometry_util";

/** ElasticTransform.get_params(alpha, sigma, size): a [1, H, W, 2] displacement (dx normalized by W, dy by H). */
export function elasticDisplacement(alpha: number[], sigma: number[], size: number[]): Tensor {
  const field = (s: number, a: number, norm: number) => {
    let d = torch.rand([1, 1, ...size]).mul(2).sub(1);
    if (s > 0.0) {
      if (sigma.some((v) => v <= 0.0)) throw new RangeError(`sigma should have positive values. Got [${sigma.map((v) => pyRepr(v, true)).join(", ")}]`);
      let k = Math.trunc(8 * s + 1);
      if (k % 2 === 0) k += 1;
      d = gaussianBlur(d, [k, k], sigma);
    }
    return d.mul(a).div(norm);
  };
  const dx = field(sigma[0], alpha[0], size[1]);
  const dy = field(sigma[1], alpha[1], size[0]);
  return torch.cat([dx, dy], 1).permute([0, 2, 3, 1]);
}
