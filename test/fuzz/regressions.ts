// Calls the fuzz sweep found crashing, hanging or throwing badly, minimized to
// one call each, with what they must do now. Run in a child process by
// test/fuzz/fuzz.test.ts (test/fuzz/regressions_child.ts), so a regression is a
// failed test, not a dead runner.
import torch from "../../src";

export interface Regression {
  label: string;
  run: () => unknown;
  /** the error the call must throw (constructor and a part of the message) */
  throws: [ErrorConstructor | typeof TypeError | typeof RangeError, RegExp];
}

export const REGRESSIONS: Regression[] = [
  // Array.prototype.every skips holes: a sparse array passed as an int list and the binding walked 4 billion holes (hang)
  { label: "torch.emptyStrided([1], new Array(2 ** 32 - 1))", run: () => torch.emptyStrided([1], new Array(2 ** 32 - 1)),
    throws: [TypeError, /argument 'stride' \(position 2\) must be tuple of ints/] },
  { label: "torch.emptyStrided([1, 2], [1, , 2])", run: () => torch.emptyStrided([1, 2], [1, , 2]), // eslint-disable-line no-sparse-arrays
    throws: [TypeError, /argument 'stride' \(position 2\) must be tuple of ints/] },
  // Python's bare NotImplementedError had an empty message here
  { label: "new torch.distributions.ExponentialFamily().entropy()", run: () => new (torch.distributions.ExponentialFamily as unknown as new () => { entropy(): unknown })().entropy(),
    throws: [Error, /^ExponentialFamily\.entropy is not implemented$/] },
  { label: "new RelaxedOneHotCategorical(1, { probs }).icdf(t)",
    run: () => new torch.distributions.RelaxedOneHotCategorical(torch.tensor(1.0), { probs: torch.tensor([0.5, 0.5]) }).icdf(torch.ones(2)),
    throws: [Error, /^RelaxedOneHotCategorical\.icdf is not implemented$/] },
];
