// Loss modules over nn.functional.
import { Module } from "./module";
import { Tensor } from "../tensor";
import * as F from "./functional";

type Reduction = "none" | "mean" | "sum";
abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(opts: { reduction?: Reduction } = {}) {
    super();
    this.reduction = opts.reduction ?? "mean";
    F.reductionCode(this.reduction);
  }
}
export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}
export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}
export class CrossEntropyLoss extends Loss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(opts: { reduction?: Reduction; ignoreIndex?: number; labelSmoothing?: number; weight?: Tensor } = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
    if (opts.weight) this.registerBuffer("weight", opts.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const weight = (this as unknown as { weight?: Tensor }).weight ?? null;
    return F.crossEntropy(input, target, { weight, reduction: this.reduction, ignoreIndex: this.ignoreIndex, labelSmoothing: this.labelSmoothing });
  }
}
export class BCEWithLogitsLoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { reduction: this.reduction });
  }
}

import { native } from "../native";
import { opId } from "../dispatch";
const SMOOTH_L1 = opId("smooth_l1_loss"), HUBER = opId("huber_loss"), KL_DIV = opId("kl_div");

export class NLLLoss extends Loss {
  readonly ignoreIndex: number;
  constructor(opts: { reduction?: Reduction; ignoreIndex?: number; weight?: Tensor } = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    if (opts.weight) this.registerBuffer("weight", opts.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const weight = (this as unknown as { weight?: Tensor }).weight ?? null;
    return F.nllLoss(input, target, { weight, reduction: this.reduction, ignoreIndex: this.ignoreIndex });
  }
}
export class BCELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { reduction: this.reduction });
  }
}
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: { reduction?: Reduction; beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return new Tensor(native.callOp(SMOOTH_L1, input._h, target._h, F.reductionCode(this.reduction), this.beta));
  }
}
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return new Tensor(native.callOp(HUBER, input._h, target._h, F.reductionCode(this.reduction), this.delta));
  }
}
/** nn.KLDivLoss({ reduction = "mean", logTarget = false }); "batchmean" divides the sum by the batch size. */
export class KLDivLoss extends Module {
  readonly reduction: string;
  readonly logTarget: boolean;
  constructor(opts: { reduction?: "none" | "mean" | "sum" | "batchmean"; logTarget?: boolean } = {}) {
    super();
    this.reduction = opts.reduction ?? "mean";
    this.logTarget = opts.logTarget ?? false;
    if (this.reduction !== "batchmean") F.reductionCode(this.reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    if (this.reduction === "batchmean") {
      const sum = new Tensor(native.callOp(KL_DIV, input._h, target._h, 2, this.logTarget));
      return input.dim() === 0 ? sum : sum.div(input.size(0));
    }
    return new Tensor(native.callOp(KL_DIV, input._h, target._h, F.reductionCode(this.reduction), this.logTarget));
  }
}
