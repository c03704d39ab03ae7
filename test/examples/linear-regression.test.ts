// examples/linear-regression.ts gives Python's loss curve and final weights.
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { run } from "../../examples/linear-regression";

const py = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "linear_regression.json"), "utf8"));

describe("examples/linear-regression.ts", () => {
  it("trains exactly as the same program in Python", () => {
    const r = run(false);
    r.trainLoss.forEach((l, i) => expect(l).toBeCloseTo(py.train_loss[i], 6));
    r.testLoss.forEach((l, i) => expect(l).toBeCloseTo(py.test_loss[i], 6));
    for (const k of Object.keys(py.state)) r.state[k].forEach((v, i) => expect(v).toBeCloseTo(py.state[k][i], 6));
  });
});
