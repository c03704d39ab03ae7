// ElasticTransform.get_params: random displacement fields smoothed by torchvision's tensor
// gaussian_blur (_functional_tensor.gaussian_blur: a separable-kernel depthwise conv2d over a
// reflect-padded image), kept here so the geometry half does not depend on the color half.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { conv2d, pad as torchPad } from "../../nn/functional_spatial";
import { castSqueezeIn, castSqueezeOut } from "./_image";
import { pyRepr } from "./geometry_util";

/** _get_gaussian_kernel1d */
function gaussianKernel1d(kernelSize: number, sigma: number, dtype: Tensor["dtype"], device: Tensor["device"]): Tensor {
  const half = (kernelSize - 1) * 0.5;
  const x = torch.linspace(-half, half, kernelSize, { dtype, device });
  const pdf = torch.exp(x.div(sigma).pow(2).mul(-0.5));
  return pdf.div(pdf.sum());
}

/** _functional_tensor.gaussian_blur(img, kernelSize, sigma) for float images (the arguments already checked). */
export function gaussianBlurTensor(img: Tensor, kernelSize: number[], sigma: number[]): Tensor {
  const dtype = img.isFloatingPoint() ? img.dtype : torch.float32;
  const kx = gaussianKernel1d(kernelSize[0], sigma[0], dtype, img.device);
  const ky = gaussianKernel1d(kernelSize[1], sigma[1], dtype, img.device);
  let kernel = torch.mm(ky.unsqueeze(1), kx.unsqueeze(0));
  const c = img.shape[img.dim() - 3];
  kernel = kernel.expand(c, 1, kernel.shape[0], kernel.shape[1]);
  let [x, needCast, needSqueeze, outDtype] = castSqueezeIn(img, [kernel.dtype]);
  const p = [Math.floor(kernelSize[0] / 2), Math.floor(kernelSize[0] / 2), Math.floor(kernelSize[1] / 2), Math.floor(kernelSize[1] / 2)];
  x = torchPad(x, p, "reflect");
  x = conv2d(x, kernel, { groups: x.shape[x.dim() - 3] });
  return castSqueezeOut(x, needCast, needSqueeze, outDtype);
}

/** ElasticTransform.get_params(alpha, sigma, size): a [1, H, W, 2] displacement (dx normalized by W, dy by H). */
export function elasticDisplacement(alpha: number[], sigma: number[], size: number[]): Tensor {
  const field = (s: number, a: number, norm: number) => {
    let d = torch.rand([1, 1, ...size]).mul(2).sub(1);
    if (s > 0.0) {
      if (sigma.some((v) => v <= 0.0)) throw new RangeError(`sigma should have positive values. Got [${sigma.map((v) => pyRepr(v, true)).join(", ")}]`);
      let k = Math.trunc(8 * s + 1);
      if (k % 2 === 0) k += 1;
      d = gaussianBlurTensor(d, [k, k], sigma);
    }
    return d.mul(a).div(norm);
  };
  const dx = field(sigma[0], alpha[0], size[1]);
  const dy = field(sigma[1], alpha[1], size[0]);
  return torch.cat([dx, dy], 1).permute([0, 2, 3, 1]);
}
