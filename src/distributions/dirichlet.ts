// torch.distributions.Dirichlet and Beta (Python's dirichlet.py, beta.py).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { native } from "../native";
import { opId } from "../dispatch";
import { Function as AutogradFunction, FunctionCtx } from "../function";
import { oneHot } from "../nn/functional";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { SampleShape, BatchShape, toShape } from "./distribution";
import { bindArgs, broadcastAll, isNumber, rsub, valueError, TensorOrNumber } from "./utils";

/** Python's _Dirichlet: torch._sample_dirichlet with the implicit reparameterization gradient. */
class _Dirichlet extends AutogradFunction {
  static forward(ctx: FunctionCtx, concentration: Tensor): Tensor {
    const x = new Tensor(native.callOp(opId("_sample_dirichlet"), concentration._h, null));
    ctx.saveForBackward(x, concentration);
    return x;
  }
  static backward(ctx: FunctionCtx, gradOutput: Tensor | null): Tensor {
    const [x, concentration] = ctx.savedTensors;
    const g = gradOutput as Tensor;
    const total = concentration.sum(-1, true).expandAs(concentration);
    const grad = new Tensor(native.callOp(opId("_dirichlet_grad"), x._h, concentration._h, total._h));
    return grad.mul(g.sub(x.mul(g).sum(-1, true)));
  }
}

/** Dirichlet distribution with concentration (last dim = event). */
export class Dirichlet extends ExponentialFamily {
  declare concentration: Tensor;
  constructor(concentration: Tensor | { concentration?: Tensor; validateArgs?: boolean | null }, validateArgs?: boolean | null | object);
  constructor(...args: unknown[]) {
    super();
    const [concentration, validateArgs] = bindArgs("Dirichlet", ["concentration", "validateArgs"], args, 1);
    if (!(concentration instanceof Tensor)) throw new TypeError("Dirichlet(): argument 'concentration' must be a Tensor");
    if (concentration.dim() < 1) throw valueError("`concentration` parameter must be at least one-dimensional.");
    this.concentration = concentration;
    const s = concentration.shape;
    this._init(s.slice(0, -1), s.slice(-1), validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.independent(constraints.positive, 1) };
  }
  get support(): constraints.Constraint {
    return constraints.simplex;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: Dirichlet): Dirichlet {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu.concentration = this.concentration.expand([...batchShape, ...this._eventShape]);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return _Dirichlet.apply(this.concentration.expand(shape)) as Tensor;
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return torch.xlogy(this.concentration.sub(1.0), value).sum(-1)
      .add(torch.lgamma(this.concentration.sum(-1)))
      .sub(torch.lgamma(this.concentration).sum(-1));
  }
  get mean(): Tensor {
    return this.concentration.div(this.concentration.sum(-1, true));
  }
  get mode(): Tensor {
    const cm1 = this.concentration.sub(1).clamp({ min: 0.0 });
    const mode = cm1.div(cm1.sum(-1, true));
    const mask = this.concentration.lt(1).all(-1);
    mode.indexPut_([mask], oneHot(mode.index(mask).argmax({ dim: -1 }), cm1.shape[cm1.dim() - 1]).to(mode));
    return mode;
  }
  get variance(): Tensor {
    const con0 = this.concentration.sum(-1, true);
    return this.concentration.mul(con0.sub(this.concentration)).div(con0.pow(2).mul(con0.add(1)));
  }
  entropy(): Tensor {
    const k = this.concentration.size(-1);
    const a0 = this.concentration.sum(-1);
    return torch.lgamma(this.concentration).sum(-1)
      .sub(torch.lgamma(a0))
      .sub(rsub(k, a0).mul(torch.digamma(a0)))
      .sub(this.concentration.sub(1.0).mul(torch.digamma(this.concentration)).sum(-1));
  }
  get _naturalParams(): Tensor[] {
    return [this.concentration];
  }
  _logNormalizer(x: Tensor): Tensor {
    return x.lgamma().sum(-1).sub(torch.lgamma(x.sum(-1)));
  }
}

type BetaOptions = { concentration1?: TensorOrNumber; concentration0?: TensorOrNumber; validateArgs?: boolean | null };

/** Beta distribution with concentration1 (alpha) and concentration0 (beta). */
export class Beta extends ExponentialFamily {
  /** @internal */ declare _dirichlet: Dirichlet;
  constructor(concentration1: TensorOrNumber | BetaOptions, concentration0?: TensorOrNumber | BetaOptions, validateArgs?: boolean | null | BetaOptions);
  constructor(...args: unknown[]) {
    super();
    let [c1, c0, validateArgs] = bindArgs("Beta", ["concentration1", "concentration0", "validateArgs"], args, 2);
    let both: Tensor;
    if (isNumber(c1) && isNumber(c0)) both = torch.tensor([Number(c1), Number(c0)], { dtype: torch.getDefaultDtype() });
    else {
      [c1, c0] = broadcastAll(c1, c0);
      both = torch.stack([c1 as Tensor, c0 as Tensor], -1);
    }
    this._dirichlet = new Dirichlet(both, validateArgs as boolean | null);
    this._init(this._dirichlet._batchShape, [], validateArgs as boolean | null);
  }
  get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  get hasRsample(): boolean {
    return true;
  }
  expand(batchShapeArg: BatchShape, _instance?: Beta): Beta {
    const batchShape = toShape("expand", batchShapeArg, "batch_shape");
    const neu = _instance ?? this._newInstance();
    neu._dirichlet = this._dirichlet.expand(batchShape);
    this._finishExpand(neu, batchShape);
    return neu;
  }
  get mean(): Tensor {
    return this.concentration1.div(this.concentration1.add(this.concentration0));
  }
  get mode(): Tensor {
    return this._dirichlet.mode.index("...", 0);
  }
  get variance(): Tensor {
    const total = this.concentration1.add(this.concentration0);
    return this.concentration1.mul(this.concentration0).div(total.pow(2).mul(total.add(1)));
  }
  rsample(sampleShape: SampleShape = []): Tensor {
    return this._dirichlet.rsample(sampleShape).select(-1, 0);
  }
  logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const headsTails = torch.stack([value, rsub(1.0, value)], -1);
    return this._dirichlet.logProb(headsTails);
  }
  entropy(): Tensor {
    return this._dirichlet.entropy();
  }
  get concentration1(): Tensor {
    return this._dirichlet.concentration.index("...", 0);
  }
  get concentration0(): Tensor {
    return this._dirichlet.concentration.index("...", 1);
  }
  get _naturalParams(): Tensor[] {
    return [this.concentration1, this.concentration0];
  }
  _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return torch.lgamma(x).add(torch.lgamma(y)).sub(torch.lgamma(x.add(y)));
  }
}
