// torch.distributions.VonMises (Python's von_mises.py): circular distribution,
// sampled by Best & Fisher's rejection sampler in double precision.
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { noGrad } from "../grad_mode";
import * as dt from "../dtype";
import * as constraints from "./constraints";
import { Distribution, SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, inDict, lazyProperty, rdiv, rsub, TensorOrNumber } from "./utils";

function evalPoly(y: Tensor, coef: number[]): Tensor {
  const c = [...coef];
  let result: Tensor | number = c.pop() as number;
  while (c.length) {
    const next = c.pop() as number;
    result = (typeof result === "number" ? y.mul(result) : y.mul(result)).add(next);
  }
  return result as Tensor;
}
const I0_COEF_SMALL = [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.360768e-1, 0.45813e-2];
const I0_COEF_LARGE = [0.39894228, 0.1328592e-1, 0.225319e-2, -0.157565e-2, 0.916281e-2, -0.2057706e-1, 0.2635537e-1, -0.1647633e-1, 0.392377e-2];
const I1_COEF_SMALL = [0.5, 0.87890594, 0.51498869, 0.15084934, 0.2658733e-1, 0.301532e-2, 0.32411e-3];
const I1_COEF_LARGE = [0.39894228, -0.3988024e-1, -0.362018e-2, 0.163801e-2, -0.1031555e-1, 0.2282967e-1, -0.2895312e-1, 0.1787654e-1, -0.420059e-2];

/** log of the modified Bessel function of the first kind, order 0 or 1 (polynomial approximation). */
function logModifiedBesselFn(x: Tensor, order = 0): Tensor {
  let y = x.div(3.75);
  y = y.mul(y);
  let small = evalPoly(y, order === 0 ? I0_COEF_SMALL : I1_COEF_SMALL);
  if (order === 1) small = x.abs().mul(small);
  small = small.log();
  y = rdiv(3.75, x);
  const large = x.sub(x.log().mul(0.5)).add(evalPoly(y, order === 0 ? I0_COEF_LARGE : I1_COEF_LARGE).log());
  return torch.where(x.lt(3.75), small, large);
}

function rejectionSample(loc: Tensor, concentration: Tensor, proposalR: Tensor, x: Tensor): Tensor {
  let done = torch.zeros(x.shape, { dtype: dt.bool, device: loc.device });
  while (!done.all().item()) {
    const u = torch.rand([3, ...x.shape], { dtype: loc.dtype, device: loc.device });
    const [u1, u2, u3] = u.unbind();
    const z = torch.cos(u1.mul(Math.PI));
    const f = proposalR.mul(z).add(1).div(proposalR.add(z));
    const c = concentration.mul(proposalR.sub(f));
    const accept = c.mul(rsub(2, c)).sub(u2).gt(0).bitwiseOr(c.div(u2).log().add(1).sub(c).ge(0));
    if (accept.any().item()) {
      x = torch.where(accept, u3.sub(0.5).sign().mul(f.acos()), x);
      done = done.bitwiseOr(accept);
    }
  }
  return x.add(Math.PI).add(loc).remainder(2 * Math.PI).sub(Math.PI);
}

/** Von Mises distribution on the circle with mean direction `loc` and `concentration`. */
export class VonMises extends Distribution {
  declare loc: Tensor;
  declare concentration: Tensor;
  /** @internal */ declare _loc: Tensor;
  /** @internal */ declare _concentration: Tensor;
  /** @internal */ declare _proposalR: Tensor;
  constructor(loc: TensorOrNumber | { loc?: TensorOrNumber; concentration?: TensorOrNumber; validateArgs?: boolean | null }, concentration?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [loc, concentration, validateArgs] = bindArgs("VonMises", ["loc", "concentration", "validateArgs"], args, 2);
    [this.loc, this.concentration] = broadcastAll(loc, concentration);
    this._init(this.loc.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, concentration: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.real;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const lp = this.concentration.mul(torch.cos(value.sub(this.loc)));
    return lp.sub(Math.log(2 * Math.PI)).sub(logModifiedBesselFn(this.concentration, 0));
  }
  sample(sampleShape: SampleShape = []): Tensor {
    return noGrad(() => {
      const shape = this._extendedShape(sampleShape);
      const x = torch.empty(shape, { dtype: this._loc.dtype, device: this.loc.device });
      return rejectionSample(this._loc, this._concentration, this._proposalR, x).to(this.loc.dtype);
    });
  }
  expand(batchShapeArg: BatchShape): VonMises {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const va = inDict(this, "_va") ? this._va : null;
    return new VonMises(this.loc.expand(batchShape), this.concentration.expand(batchShape), va);
  }
  get mean(): Tensor {
    return this.loc;
  }
  get mode(): Tensor {
    return this.loc;
  }
}
lazyProperty(VonMises, "_loc", (d: VonMises) => d.loc.to(dt.float64));
lazyProperty(VonMises, "_concentration", (d: VonMises) => d.concentration.to(dt.float64));
lazyProperty(VonMises, "_proposalR", (d: VonMises) => {
  const kappa = d._concentration;
  const tau = kappa.pow(2).mul(4).add(1).sqrt().add(1);
  const rho = tau.sub(tau.mul(2).sqrt()).div(kappa.mul(2));
  const r = rho.pow(2).add(1).div(rho.mul(2));
  const taylor = rdiv(1, kappa).add(kappa);
  return torch.where(kappa.lt(1e-5), taylor, r);
});
lazyProperty(VonMises, "variance", (d: VonMises) =>
  rsub(1, logModifiedBesselFn(d.concentration, 1).sub(logModifiedBesselFn(d.concentration, 0)).exp()));

/** Generalized Pareto distribution with loc, scale and concentration (shape). */
export class GeneralizedPareto extends Distribution {
  declare loc: Tensor;
  declare scale: Tensor;
  declare concentration: Tensor;
  constructor(loc: TensorOrNumber | { loc?: TensorOrNumber; scale?: TensorOrNumber; concentration?: TensorOrNumber; validateArgs?: boolean | null }, scale?: TensorOrNumber | object, concentration?: TensorOrNumber | object, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, concentration, validateArgs] = bindArgs("GeneralizedPareto", ["loc", "scale", "concentration", "validateArgs"], args, 3);
    [this.loc, this.scale, this.concentration] = broadcastAll(loc, scale, concentration);
    const allNumbers = [loc, scale, concentration].every((v) => typeof v === "number");
    this._init(allNumbers ? [] : this.loc.shape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive, concentration: constraints.real };
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: GeneralizedPareto): GeneralizedPareto {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.loc = this.loc.expand(batchShape);
    neu.scale = this.scale.expand(batchShape);
    neu.concentration = this.concentration.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = torch.rand(shape, { dtype: this.loc.dtype, device: this.loc.device });
    return this.icdf(u);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const z = this._z(value);
    const eqZero = torch.isclose(this.concentration, torch.tensor(0.0, { dtype: torch.getDefaultDtype() }));
    const safeConc = torch.where(eqZero, torch.onesLike(this.concentration), this.concentration);
    const y = rdiv(1, safeConc).add(torch.onesLike(z));
    const whereNonzero = torch.where(y.eq(0), y, y.mul(torch.log1p(safeConc.mul(z))));
    return this.scale.log().neg().sub(torch.where(eqZero, z, whereNonzero));
  }
  /** log(1 - cdf(value)) */
  logSurvivalFunction(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const z = this._z(value);
    const eqZero = torch.isclose(this.concentration, torch.tensor(0.0, { dtype: torch.getDefaultDtype() }));
    const safeConc = torch.where(eqZero, torch.onesLike(this.concentration), this.concentration);
    const whereNonzero = torch.log1p(safeConc.mul(z)).neg().div(safeConc);
    return torch.where(eqZero, z.neg(), whereNonzero);
  }
  /** log(cdf(value)) */
  logCdf(value: Tensor): Tensor {
    return torch.log1p(torch.exp(this.logSurvivalFunction(value)).neg());
  }
  cdf(value: Tensor): Tensor {
    return torch.exp(this.logCdf(value));
  }
  icdf(value: Tensor): Tensor {
    const { loc, scale, concentration } = this;
    const eqZero = torch.isclose(concentration, torch.zerosLike(concentration));
    const safeConc = torch.where(eqZero, torch.onesLike(concentration), concentration);
    const logu = torch.log1p(value.neg());
    const whereNonzero = loc.add(scale.div(safeConc).mul(torch.expm1(safeConc.neg().mul(logu))));
    const whereZero = loc.sub(scale.mul(logu));
    return torch.where(eqZero, whereZero, whereNonzero);
  }
  /** @internal */
  _z(x: Tensor): Tensor {
    return x.sub(this.loc).div(this.scale);
  }
  get mean(): Tensor {
    const valid = this.concentration.lt(1);
    const safeConc = torch.where(valid, this.concentration, 0.5);
    const result = this.loc.add(this.scale.div(rsub(1, safeConc)));
    return torch.where(valid, result, NaN);
  }
  get variance(): Tensor {
    const valid = this.concentration.lt(0.5);
    const safeConc = torch.where(valid, this.concentration, 0.25);
    const result = this.scale.pow(2).div(rsub(1, safeConc).pow(2).mul(rsub(1, safeConc.mul(2))));
    return torch.where(valid, result, NaN);
  }
  entropy(): Tensor {
    const ans = torch.log(this.scale).add(this.concentration).add(1);
    return torch.broadcastTo(ans, this._batchShape);
  }
  get mode(): Tensor {
    return this.loc;
  }
  get support(): constraints.Constraint {
    const lower = this.loc;
    const upper = torch.where(this.concentration.lt(0), lower.sub(this.scale.div(this.concentration)), Infinity);
    return constraints.interval(lower, upper);
  }
}
