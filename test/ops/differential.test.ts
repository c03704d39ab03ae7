// Differential tests against Python torch: every call of
// test/fixtures/ops_diff.json (made by test/fixtures/make_ops_diff.py) runs
// here through the generated op surface -- torch.<camel>(...),
// x.<camel>(...), torch.linalg/fft/special.<camel>(...) with the keyword
// arguments in ONE trailing options object -- and its result must equal
// Python's: exactly for exact ops, at float tolerance otherwise; error
// cases must throw Python's message.
//
// SHOW_BUGS=1 npx vitest run test/ops/differential.test.ts registers the
// known-bug calls as ordinary tests, so their failures (or fixes) show.
import { describe, expect, it } from "vitest";
import torch, { Tensor } from "../../src";
import { compare, expectPythonError, invoke, jsName, loadCalls, type DiffCall } from "./diff_helpers";

/**
 * Known torch-node discrepancies (id -> what differs). Each is registered with
 * it.fails, so a fix shows up as a failure here: then delete its line.
 */
const BUGS: Record<string, string> = {
  // BUG: torch.norm is Python-level (torch/functional.py): p="fro" (a string) is not accepted.
  //   torch.norm(x, "fro") -> TypeError "norm() received an invalid combination of arguments"; Python: tensor(5.) for [[3,4],[0,0]].
  "norm.fro": "torch.norm(x, 'fro') rejected",
  // BUG: torch.unique (Python-level, torch/functional.py) is missing: "torch.unique is not a function";
  //   Python: torch.unique(torch.tensor([3, 1, 3])) -> tensor([1, 3]).
  "unique.sorted": "torch.unique missing",
  "unique.inverse_counts": "torch.unique missing",
  "unique.dim": "torch.unique missing",
  "unique.float_counts": "torch.unique missing",
  // BUG: torch.uniqueConsecutive(t, { returnCounts: true }) returns the aten triple (output, inverse, counts);
  //   Python's wrapper returns only what was asked for: (output, counts).
  "unique_consecutive.counts": "returns 3 tensors, Python 2",
  // BUG: Python's varargs functions (torch/functional.py) reject tensors given one by one:
  //   torch.broadcastTensors(a, b), torch.meshgrid(a, b, { indexing: "ij" }), torch.blockDiag(a, b),
  //   torch.cartesianProd(a, b), torch.chainMatmul(a, b) -> TypeError "... received an invalid combination of arguments";
  //   torch.einsum("ii", m) likewise (torch.einsum("i,i->", [a, b]) with a list works). Python accepts *tensors.
  "broadcast_tensors.basic": "varargs tensors rejected",
  "meshgrid.ij": "varargs tensors rejected",
  "meshgrid.xy": "varargs tensors rejected",
  "block_diag.basic": "varargs tensors rejected",
  "cartesian_prod.basic": "varargs tensors rejected",
  "chain_matmul.alias": "varargs tensors rejected",
  "einsum.mm": "varargs operands rejected",
  "einsum.trace": "varargs operands rejected",
  "einsum.batch": "varargs operands rejected",
  "einsum.outer_sum": "varargs operands rejected",
  "err.einsum_operands": "varargs operands rejected: TypeError instead of Python's RuntimeError 'einsum(): fewer operands ...'",
  // BUG: torch.tensordot (Python-level) rejects dims as an int or as a pair of lists:
  //   torch.tensordot(torch.ones(2, 3), torch.ones(3, 2), 1) -> TypeError; Python: 2x2 of 3.
  "tensordot.int_dims": "dims int rejected",
  "tensordot.list_dims": "dims lists rejected",
  // BUG: Python's argument parser reads the schema default `reduction=at::Reduction::Mean` of these
  //   torch.* functions as 0 (none), so Python returns the unreduced loss; torch-node applies Mean:
  //   torch.binaryCrossEntropyWithLogits(torch.ones(4), torch.full([4], 0.5)).shape -> [] ; Python: [4].
  "binary_cross_entropy_with_logits.basic": "default reduction is Mean, Python's is none",
  "kl_div.default_reduction": "default reduction is Mean, Python's is none",
  "hinge_embedding_loss.default_reduction": "default reduction is Mean, Python's is none",
};

const SHOW_BUGS = !!process.env.SHOW_BUGS;
const calls = loadCalls();

describe("differential: op calls against Python torch", () => {
  it("the fixture is large and varied", () => {
    expect(calls.length).toBeGreaterThanOrEqual(320);
    expect(new Set(calls.map((c) => `${c.kind}.${c.name}`)).size).toBeGreaterThanOrEqual(150);
    expect(calls.filter((c) => "error" in c.expect).length).toBeGreaterThanOrEqual(20);
    expect(torch).toBeDefined();
    expect(Tensor).toBeDefined();
  });

  for (const c of calls) register(c);
});

function register(c: DiffCall): void {
  const bug = BUGS[c.id];
  const test = bug && !SHOW_BUGS ? it.fails : it;
  const title = `${c.id}: ${jsName(c)}`;
  const exp = c.expect;
  if ("error" in exp) {
    test(title, () => expectPythonError(() => invoke(c), exp.error));
    return;
  }
  test(title, () => compare(invoke(c), exp, { exact: c.exact ?? false, tol: c.tol }));
}
