// optim.lrScheduler warnings: Python's UserWarning texts, each shown once (Python's default filter).
// A file of its own, so the once-per-process memory starts empty.
import { describe, it, expect, vi, afterEach } from "vitest";
import torch, { nn, optim } from "../../src";

const S = optim.lrScheduler;
const sgd = () => new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1, momentum: 0.9 });
const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
const count = (start: string) => spy.mock.calls.filter(([m, type]) => String(m).startsWith(start) && (type as unknown) === "UserWarning").length;
afterEach(() => spy.mockClear());

const DETECTED = "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the " +
  "opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value " +
  "of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

describe("scheduler warnings", () => {
  it("no warning when optimizer.step() comes first (every scheduler kind)", () => {
    const makers = [
      (o: optim.Optimizer) => new S.StepLR(o, 3),
      (o: optim.Optimizer) => new S.CyclicLR(o, 0.01, 0.1, 5),
      (o: optim.Optimizer) => new S.OneCycleLR(o, 0.1, 20),
      (o: optim.Optimizer) => new S.CosineAnnealingWarmRestarts(o, 5),
      (o: optim.Optimizer) => new S.SequentialLR(o, [new S.ConstantLR(o), new S.ExponentialLR(o, 0.9)], [3]),
      (o: optim.Optimizer) => new S.ChainedScheduler([new S.ConstantLR(o), new S.ExponentialLR(o, 0.9)]),
    ];
    for (const mk of makers) {
      const o = sgd();
      const s = mk(o);
      for (let i = 0; i < 5; i++) {
        o.step();
        s.step();
      }
    }
    expect(spy).not.toHaveBeenCalled();
  });
  it("scheduler.step() before optimizer.step(): Python's text, once", () => {
    for (let i = 0; i < 2; i++) {
      const s = new S.StepLR(sgd(), 3);
      s.step();
      s.step();
    }
    expect(spy.mock.calls).toEqual([[DETECTED, "UserWarning"]]);
  });
  it("the optimizer having stepped before the scheduler was made counts (Python never resets _opt_called)", () => {
    const o = sgd();
    o.step();
    const s = new S.ExponentialLR(o, 0.5);
    s.step();
    s.step();
    expect(spy).not.toHaveBeenCalled();
  });
  it("step(epoch): the deprecation warning, once (also from ReduceLROnPlateau.step(metric, epoch))", () => {
    const o = sgd();
    const s = new S.StepLR(o, 3);
    o.step();
    s.step(4);
    s.step(5);
    new S.ReduceLROnPlateau(o).step(1, 3);
    expect(count("The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible.")).toBe(1);
    expect(s.getLastLr()).toEqual([0.1 * 0.1]);
    // CosineAnnealingWarmRestarts.step(epoch) is not deprecated: no warning
    spy.mockClear();
    const c = new S.CosineAnnealingWarmRestarts(o, 5);
    c.step(2.5);
    expect(spy).not.toHaveBeenCalled();
  });
  it("getLr() outside step() points to getLastLr()", () => {
    const s = new S.CyclicLR(sgd(), 0.01, 0.1, 4);
    s.getLr();
    s.getLr();
    expect(spy.mock.calls).toEqual([["To get the last learning rate computed by the scheduler, please use `get_last_lr()`.", "UserWarning"]]);
  });
  it("optimizer.step replaced after the scheduler was made", () => {
    const o = sgd();
    const s = new S.StepLR(o, 3);
    (o as unknown as { step: () => void }).step = () => undefined;
    s.step();
    expect(count("Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. Please, make sure to call " +
      "`optimizer.step()` before `lr_scheduler.step()`. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")).toBe(1);
  });
  it("the step tracker wraps the optimizer's step once, however many schedulers there are, and keeps its result", () => {
    const o = sgd();
    new S.StepLR(o, 3);
    const first = o.step;
    new S.ExponentialLR(o, 0.9);
    expect(o.step).toBe(first);
    expect(o.step(() => 1.5)).toBe(1.5);
    expect(Object.keys(o)).not.toContain("step");
  });
});
