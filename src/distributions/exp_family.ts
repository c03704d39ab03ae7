// torch.distributions.ExponentialFamily: entropy and KL through the log normalizer
// (Bregman divergence), as Python's exp_family.py.
import { Tensor } from "../tensor";
import { grad } from "../autograd";
import { Distribution } from "./distribution";
import { NotImplementedError } from "./utils";

export abstract class ExponentialFamily extends Distribution {
  /** @internal the natural parameters */
  get _naturalParams(): Tensor[] {
    throw new NotImplementedError(`${this.constructor.name}._naturalParams is not implemented`);
  }
  /** @internal the log normalizer of the natural parameters */
  _logNormalizer(...naturalParams: Tensor[]): Tensor {
    void naturalParams;
    throw new NotImplementedError(`${this.constructor.name}._logNormalizer is not implemented`);
  }
  /** @internal expected carrier measure */
  get _meanCarrierMeasure(): number {
    throw new NotImplementedError(`${this.constructor.name}._meanCarrierMeasure is not implemented`);
  }
  entropy(): Tensor {
    const m = this._meanCarrierMeasure;
    const nparams = this._naturalParams.map((p) => p.detach().requiresGrad_());
    const lgNormal = this._logNormalizer(...nparams);
    const gradients = grad(lgNormal.sum(), nparams, { createGraph: true }) as Tensor[];
    // Python: result = -carrier (a float); result += lg_normal -> lg_normal + (-carrier)
    let result = lgNormal.add(m === 0 ? 0 : -m);
    nparams.forEach((np, i) => {
      result = result.sub(np.mul(gradients[i]).reshape([...this._batchShape, -1]).sum(-1));
    });
    return result;
  }
}
