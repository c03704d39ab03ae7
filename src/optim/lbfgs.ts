// optim.LBFGS (history_size, max_iter, max_eval, tolerances, line_search_fn
// null or "strong_wolfe"): Python's algorithm line for line. Python mixes
// Python floats with 0-dim float32 tensors (dot products, t, H_diag, ro, gtd);
// the helpers below keep each value's kind so every operation rounds as Python's.
import { Optimizer, ParamGroup, ParamsArg } from "./optimizer";
import { Tensor } from "../tensor";
import { noGrad, enableGrad } from "../grad_mode";
import { cat } from "../functions";
import { zeros } from "../creation";
import { Signature, PyArgs } from "../args";
import { realT } from "./_foreach";

export interface LBFGSOptions {
  lr?: number; maxIter?: number; maxEval?: number | null; toleranceGrad?: number; toleranceChange?: number;
  historySize?: number; lineSearchFn?: "strong_wolfe" | null;
}

/** A Python float or a 0-dim tensor, combined with Python's operator semantics. */
type N = number | Tensor;
const isT = (v: N): v is Tensor => v instanceof Tensor;
const add = (a: N, b: N): N => (isT(a) ? a.add(b) : isT(b) ? b.add(a) : a + b);
// number - tensor is Python's rsub: -tensor + number, the same IEEE result
const sub = (a: N, b: N): N => (isT(a) ? a.sub(b) : isT(b) ? b.neg().add(a) : a - b);
const mul = (a: N, b: N): N => (isT(a) ? a.mul(b) : isT(b) ? b.mul(a) : a * b);
// number / tensor is Python's __rdiv__: tensor.reciprocal() * number
const div = (a: N, b: N): N => (isT(a) ? a.div(b) : isT(b) ? b.reciprocal().mul(a) : a / b);
const neg = (a: N): N => (isT(a) ? a.neg() : -a);
const abs = (a: N): N => (isT(a) ? a.abs() : Math.abs(a));
const sq = (a: N): N => (isT(a) ? a.pow(2) : a * a);
const bool = (t: Tensor): boolean => t.item() as boolean;
const gt = (a: N, b: N): boolean => (isT(a) ? bool(a.gt(b)) : isT(b) ? bool(b.lt(a)) : a > b);
const lt = (a: N, b: N): boolean => (isT(a) ? bool(a.lt(b)) : isT(b) ? bool(b.gt(a)) : a < b);
const ge = (a: N, b: N): boolean => (isT(a) ? bool(a.ge(b)) : isT(b) ? bool(b.le(a)) : a >= b);
const le = (a: N, b: N): boolean => (isT(a) ? bool(a.le(b)) : isT(b) ? bool(b.ge(a)) : a <= b);
// Python's builtin max/min: the first item unless a later one compares greater (smaller)
const max = (...xs: N[]): N => xs.reduce((m, x) => (gt(x, m) ? x : m));
const min = (...xs: N[]): N => xs.reduce((m, x) => (lt(x, m) ? x : m));
const scalar = (a: N): number => (isT(a) ? (a.item() as number) : a);

function cubicInterpolate(x1: N, f1: N, g1: N, x2: N, f2: N, g2: N, bounds?: [N, N]): N {
  const [xminBound, xmaxBound] = bounds ?? (le(x1, x2) ? [x1, x2] : [x2, x1]);
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2Square = sub(sq(d1), mul(g1, g2));
  if (ge(d2Square, 0)) {
    const d2 = isT(d2Square) ? d2Square.sqrt() : Math.sqrt(d2Square);
    const minPos = le(x1, x2)
      ? sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))))
      : sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return min(max(minPos, xminBound), xmaxBound);
  }
  return div(add(xminBound, xmaxBound), 2.0);
}

type ObjFunc = (x: Tensor[], t: N, d: Tensor) => [number, Tensor];

function strongWolfe(objFunc: ObjFunc, x: Tensor[], t: N, d: Tensor, f: number, g: Tensor, gtd: Tensor,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25): [number, Tensor, N, number] {
  const dNorm = d.abs().max() as Tensor;
  g = g.clone();
  let [fNew, gNew] = objFunc(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew: N = gNew.dot(d);
  let tPrev: N = 0, fPrev = f, gPrev = g, gtdPrev: N = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: N[] = [], bracketF: number[] = [], bracketG: Tensor[] = [], bracketGtd: N[] = [];
  while (lsIter < maxLs) {
    if (gt(fNew, add(f, mul(mul(c1, t), gtd))) || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (le(abs(gtdNew), mul(-c2, gtd))) {
      bracket = [t]; bracketF = [fNew]; bracketG = [gNew];
      done = true;
      break;
    }
    if (ge(gtdNew, 0)) {
      bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = add(t, mul(0.01, sub(t, tPrev)));
    const maxStep = mul(t, 10);
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp; fPrev = fNew; gPrev = gNew.clone(); gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = gNew.dot(d);
    lsIter += 1;
  }
  if (lsIter === maxLs) {
    bracket = [0, t]; bracketF = [f, fNew]; bracketG = [g, gNew];
  }
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (lt(mul(abs(sub(bracket[1], bracket[0])), dNorm), toleranceChange)) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    const eps = mul(0.1, sub(max(...bracket), min(...bracket)));
    if (lt(min(sub(max(...bracket), t), sub(t, min(...bracket))), eps)) {
      if (insufProgress || ge(t, max(...bracket)) || le(t, min(...bracket))) {
        if (lt(abs(sub(t, max(...bracket))), abs(sub(t, min(...bracket))))) t = sub(max(...bracket), eps);
        else t = add(min(...bracket), eps);
        insufProgress = false;
      } else insufProgress = true;
    } else insufProgress = false;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = gNew.dot(d);
    lsIter += 1;
    if (gt(fNew, add(f, mul(mul(c1, t), gtd))) || fNew >= bracketF[lowPos]) {
      bracket[highPos] = t; bracketF[highPos] = fNew; bracketG[highPos] = gNew.clone(); bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (le(abs(gtdNew), mul(-c2, gtd))) done = true;
      else if (ge(mul(gtdNew, sub(bracket[highPos], bracket[lowPos])), 0)) {
        bracket[highPos] = bracket[lowPos]; bracketF[highPos] = bracketF[lowPos];
        bracketG[highPos] = bracketG[lowPos]; bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t; bracketF[lowPos] = fNew; bracketG[lowPos] = gNew.clone(); bracketGtd[lowPos] = gtdNew;
    }
  }
  return [bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsFuncEvals];
}

export class LBFGS extends Optimizer {
  private readonly params: Tensor[];
  /** @internal `t` and `prev_loss` are Python floats (H_diag starts as the int 1; func_evals, n_iter are ints). */
  static readonly stateFloatKeys = ["t", "prev_loss"];
  static readonly signature = new Signature("LBFGS.__init__",
    "params, lr: float = 1, max_iter: int = 20, max_eval: int | None = None, tolerance_grad: float = 1e-07, " +
    "tolerance_change: float = 1e-09, history_size: int = 100, line_search_fn: str | None = None");
  constructor(params: ParamsArg, ...args: PyArgs<[lr: number, maxIter: number, maxEval: number | null, toleranceGrad: number,
    toleranceChange: number, historySize: number, lineSearchFn: "strong_wolfe" | null], LBFGSOptions>);
  constructor(options: LBFGSOptions & { params: ParamsArg });
  constructor(...args: unknown[]) {
    const { params, lr, max_iter: maxIter, max_eval: maxEval, tolerance_grad: toleranceGrad, tolerance_change: toleranceChange,
      history_size: historySize, line_search_fn: lineSearchFn } = LBFGS.signature.bind(args);
    const mi = maxIter as number;
    super(params as ParamsArg, { lr, max_iter: mi, max_eval: maxEval ?? Math.floor((mi * 5) / 4), tolerance_grad: toleranceGrad,
      tolerance_change: toleranceChange, history_size: historySize, line_search_fn: lineSearchFn });
    if (this.paramGroups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
    this.params = this.paramGroups[0].params;
  }

  protected updateGroup(_g: ParamGroup): void {
    throw new Error("LBFGS.step() needs a closure");
  }

  // complex parameters take part as their real views (Python's view_as_real)
  private gatherFlatGrad(): Tensor {
    return cat(this.params.map((p) => {
      const view = p.grad === null ? zeros([p.numel()], { dtype: p.dtype, device: p.device }) : p.grad.view(-1);
      return view.isComplex() ? realT(view).view(-1) : view;
    }), 0);
  }
  private addGrad(stepSize: N, update: Tensor): void {
    let offset = 0;
    const alpha = scalar(stepSize);
    for (const p of this.params.map(realT)) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).view(p.shape), alpha);
      offset += n;
    }
  }
  private directionalEvaluate(closure: () => Tensor | number, x: Tensor[], t: N, d: Tensor): [number, Tensor] {
    this.addGrad(t, d);
    const loss = Number(scalar(enableGrad(closure) as N));
    const flatGrad = this.gatherFlatGrad();
    this.params.forEach((p, i) => p.copy_(x[i]));
    return [loss, flatGrad];
  }

  /** step(closure): up to max_iter L-BFGS iterations; the closure re-evaluates the loss (grad enabled) and returns it. */
  step(closure?: () => Tensor | number): Tensor | number {
    if (typeof closure !== "function") throw new TypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    return noGrad(() => this.run(closure));
  }

  private run(closure: () => Tensor | number): Tensor | number {
    if (this.paramGroups.length !== 1) throw new Error(`Expected exactly one param_group, but got ${this.paramGroups.length}`);
    const group = this.paramGroups[0];
    const lr = group.lr as number, maxIter = group.max_iter as number, maxEval = group.max_eval as number;
    const toleranceGrad = group.tolerance_grad as number, toleranceChange = group.tolerance_change as number;
    const lineSearchFn = group.line_search_fn as string | null, historySize = group.history_size as number;
    const p0 = this.params[0];
    if (!this.state.has(p0)) this.state.set(p0, {});
    const state = this.state.get(p0)! as Record<string, any>;
    state.func_evals ??= 0;
    state.n_iter ??= 0;

    const origLoss = enableGrad(closure);
    let loss = Number(scalar(origLoss as N));
    let currentEvals = 1;
    state.func_evals += 1;
    let flatGrad = this.gatherFlatGrad();
    let optCond = le(flatGrad.abs().max() as Tensor, toleranceGrad);
    if (optCond) return origLoss;

    let d = state.d as Tensor | undefined;
    let t = state.t as N | undefined;
    let oldDirs = state.old_dirs as Tensor[] | undefined;
    let oldStps = state.old_stps as Tensor[] | undefined;
    let ro = state.ro as Tensor[] | undefined;
    let HDiag = state.H_diag as N | undefined;
    let prevFlatGrad = state.prev_flat_grad as Tensor | undefined | null;
    let prevLoss = state.prev_loss as number | undefined;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      state.n_iter += 1;
      if (state.n_iter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        HDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad!);
        const s = d!.mul(t!);
        const ys = y.dot(s);
        if (gt(ys, 1e-10)) {
          if (oldDirs!.length === historySize) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(div(1.0, ys) as Tensor);
          HDiag = ys.div(y.dot(y));
        }
        const numOld = oldDirs!.length;
        if (!("al" in state)) state.al = new Array(historySize).fill(null);
        const al = state.al as (Tensor | null)[];
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          al[i] = oldStps![i].dot(q).mul(ro![i]);
          q.add_(oldDirs![i], scalar(al[i]!.neg()));
        }
        const r = q.mul(HDiag!);
        d = r;
        for (let i = 0; i < numOld; i++) {
          const beI = oldDirs![i].dot(r).mul(ro![i]);
          r.add_(oldStps![i], scalar(al[i]!.sub(beI)));
        }
      }
      if (prevFlatGrad === undefined || prevFlatGrad === null) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      if (state.n_iter === 1) t = mul(min(1.0, div(1.0, flatGrad.abs().sum())), lr);
      else t = lr;
      const gtd = flatGrad.dot(d!);
      if (gt(gtd, -toleranceChange)) break;

      let lsFuncEvals = 0;
      if (lineSearchFn !== null && lineSearchFn !== undefined) {
        if (lineSearchFn !== "strong_wolfe") throw new Error("only 'strong_wolfe' is supported");
        const xInit = this.params.map((p) => p.clone());
        const objFunc: ObjFunc = (x, tt, dd) => this.directionalEvaluate(closure, x, tt, dd);
        [loss, flatGrad, t, lsFuncEvals] = strongWolfe(objFunc, xInit, t, d!, loss, flatGrad, gtd, 1e-4, 0.9, 1e-9, maxEval - currentEvals);
        this.addGrad(t, d!);
        optCond = le(flatGrad.abs().max() as Tensor, toleranceGrad);
      } else {
        this.addGrad(t, d!);
        if (nIter !== maxIter) {
          loss = Number(scalar(enableGrad(closure) as N));
          flatGrad = this.gatherFlatGrad();
          optCond = le(flatGrad.abs().max() as Tensor, toleranceGrad);
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.func_evals += lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (le(d!.mul(t).abs().max() as Tensor, toleranceChange)) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }
    Object.assign(state, { d, t, old_dirs: oldDirs, old_stps: oldStps, ro, H_diag: HDiag, prev_flat_grad: prevFlatGrad, prev_loss: prevLoss });
    return origLoss;
  }
}
