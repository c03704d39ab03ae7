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
// Known gaps (call id -> what differs), registered with it.fails until fixed.
const BUGS: Record<string, string> = {};

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
