// Calls the fuzz sweep found crashing, hanging or throwing badly, minimized to
// one call each, with what they must do now. Run in a child process by
// test/fuzz/fuzz.test.ts (test/fuzz/regressions_child.ts), so a regression is a
// failed test, not a dead runner.
import torch from "../../src";

export interface Regression {
  label: string;
  run: () => unknown;
  /** the error the call must throw (constructor and a part of the message); "returns" where it must return */
  throws: [ErrorConstructor | typeof TypeError | typeof RangeError, RegExp] | "returns";
}

export const REGRESSIONS: Regression[] = [
  // Array.prototype.every skips holes: a sparse array passed as an int list and the binding walked 4 billion holes (hang)
  { label: "torch.emptyStrided([1], new Array(2 ** 32 - 1))", run: () => torch.emptyStrided([1], new Array(2 ** 32 - 1)),
    throws: [TypeError, /argument 'stride' \(position 2\) must be tuple of ints/] },
  { label: "torch.emptyStrided([1, 2], [1, , 2])", run: () => torch.emptyStrided([1, 2], [1, , 2] as number[]), // eslint-disable-line no-sparse-arrays
    throws: [TypeError, /argument 'stride' \(position 2\) must be tuple of ints/] },
  // spread, copied or mapped, a sparse array walked its 4 billion holes: a hang or a V8 heap out-of-memory abort
  { label: "torch.atleast3d(new Array(2 ** 32 - 1))", run: () => torch.atleast3d(new Array(2 ** 32 - 1)),
    throws: [TypeError, /atleast_3d\(\): expected Tensor as element 0 in argument 0, but got undefined/] },
  { label: "torch.nn.utils.vectorToParameters(torch.ones(2, 3), new Array(2 ** 32 - 1))",
    run: () => torch.nn.utils.vectorToParameters(torch.ones(2, 3), new Array(2 ** 32 - 1)),
    throws: [TypeError, /vector_to_parameters\(\): expected torch.Tensor in 'parameters', but got: undefined/] },
  { label: "new torch.optim.SGD(new Array(2 ** 32 - 1))", run: () => new torch.optim.SGD(new Array(2 ** 32 - 1)),
    throws: [TypeError, /argument 'params' is a sparse array of length 4294967295 \(no element at index 0\)/] },
  { label: "new torch.nn.Upsample(new Array(2 ** 32 - 1))", run: () => new torch.nn.Upsample(new Array(2 ** 32 - 1)),
    throws: [TypeError, /Upsample\(\): argument 'size' is a sparse array/] },
  { label: "torch.cat(new Array(2 ** 32 - 1))", run: () => torch.cat(new Array(2 ** 32 - 1)), throws: [TypeError, /cat\(\): argument 'tensors' is a sparse array/] },
  { label: "torch.ones(2).indexPut_(new Array(2 ** 32 - 1), 1)", run: () => torch.ones(2).indexPut_(new Array(2 ** 32 - 1), 1),
    throws: [RangeError, /index\(\): too many indices \(4294967295\)/] },
  { label: "new torch.utils.data.ConcatDataset(new Array(2 ** 32 - 1))", run: () => new torch.utils.data.ConcatDataset(new Array(2 ** 32 - 1)),
    throws: [TypeError, /ConcatDataset\(\): argument 'datasets' is a sparse array/] },
  { label: "new torch.nn.ParameterList(new Array(2 ** 32 - 1))", run: () => new torch.nn.ParameterList(new Array(2 ** 32 - 1)),
    throws: [TypeError, /ParameterList.extend\(\): argument 'values' is a sparse array/] },
  { label: "new torch.distributions.Distribution(new Array(2 ** 32 - 1))",
    run: () => new (torch.distributions.Distribution as unknown as new (b: unknown) => unknown)(new Array(2 ** 32 - 1)),
    throws: [TypeError, /argument 'batch_shape' is a sparse array/] },
  // a list too big for the JS heap was a V8 out-of-memory abort
  { label: "torch.ones(1).expand(2 ** 31).tolist()", run: () => torch.ones(1).expand(2 ** 31).tolist(),
    throws: [RangeError, /tolist\(\): a tensor of 2147483648 elements needs about 16.0 GiB of JavaScript heap/] },
  { label: "torch.ones(1).expand(2 ** 26, 2).tolist()", run: () => torch.ones(1).expand(2 ** 26, 2).tolist(),
    throws: [RangeError, /tolist\(\): a tensor of 134217728 elements needs about 6.0 GiB of JavaScript heap/] },
  // sizes that overflow or cannot be allocated: a clear error, not an abort
  { label: "torch.empty(2 ** 40, 2 ** 40)", run: () => torch.empty(2 ** 40, 2 ** 40), throws: [Error, /Storage size calculation overflowed/] },
  { label: "torch.zeros([1e300])", run: () => torch.zeros([1e300]), throws: [RangeError, /argument 'size' is out of the int64 range/] },
  { label: "torch.full([2 ** 40], 1)", run: () => torch.full([2 ** 40], 1), throws: [Error, /can't allocate memory/] },
  { label: "torch.eye(2 ** 40)", run: () => torch.eye(2 ** 40), throws: [Error, /integer multiplication overflow/] },
  { label: "new torch.distributions.HalfNormal(2).sample(new Array(2 ** 32 - 1))", run: () => new torch.distributions.HalfNormal(2).sample(new Array(2 ** 32 - 1)),
    throws: [TypeError, /sample\(\): argument 'sample_shape' must be a tuple of non-negative ints, not a list of length 4294967295/] },
  { label: "torch.nn.deepcopy(new Array(2 ** 32 - 1))", throws: "returns",
    run: () => {
      const a = new Array(2 ** 32 - 1);
      a[5] = torch.ones(2);
      const c = torch.nn.deepcopy(a);
      if (c.length !== a.length || Object.keys(c).length !== 1 || !(c[5] instanceof torch.Tensor) || c[5] === a[5]) throw new Error("deepcopy of a sparse array is wrong");
    } },
  // LibTorch's kernel loops forever on a negative n_bins (Python hangs too) and for hours on a huge one
  { label: "torch.chooseQparamsOptimized(torch.rand(2, 3, 4, 5), 2, -1, 0.5, 1)", run: () => torch.chooseQparamsOptimized(torch.rand(2, 3, 4, 5), 2, -1, 0.5, 1),
    throws: [RangeError, /choose_qparams_optimized\(\): argument 'n_bins' must be in \[0, 16777216\], got -1/] },
  { label: "torch.chooseQparamsOptimized(torch.rand(4), 2, { nBins: 2 ** 40, ratio: 0.5, bitWidth: 8 })",
    run: () => torch.chooseQparamsOptimized(torch.rand(4), 2, { nBins: 2 ** 40, ratio: 0.5, bitWidth: 8 } as never),
    throws: [RangeError, /argument 'n_bins' must be in \[0, 16777216\], got 1099511627776/] },
  { label: "torch.chooseQparamsOptimized(torch.rand(4), 4, 100, 0.5, 8) (valid)", throws: "returns",
    run: () => {
      const [a, b] = torch.chooseQparamsOptimized(torch.rand(4), 4, 100, 0.5, 8) as unknown as [unknown, unknown];
      if (!(a instanceof torch.Tensor) || !(b instanceof torch.Tensor)) throw new Error("not two tensors");
    } },
  // Python's bare NotImplementedError had an empty message here
  { label: "new torch.distributions.ExponentialFamily().entropy()", run: () => new (torch.distributions.ExponentialFamily as unknown as new () => { entropy(): unknown })().entropy(),
    throws: [Error, /^ExponentialFamily\.\w+ is not implemented$/] },
  { label: "new RelaxedOneHotCategorical(1, { probs }).icdf(t)",
    run: () => new torch.distributions.RelaxedOneHotCategorical(torch.tensor(1.0), { probs: torch.tensor([0.5, 0.5]) }).icdf(torch.ones(2)),
    throws: [Error, /^\w+\.icdf is not implemented$/] },
];
