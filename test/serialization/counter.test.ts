// A scheduler checkpoint written by Python: MultiStepLR keeps its milestones in
// a collections.Counter, which Python's weights_only reader allows; torch-node
// reads it as a Map and the schedule resumes as Python's does.
import { it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import torch, { nn, optim } from "../../src";

const fx = (f: string) => join(__dirname, "..", "fixtures", f);

it("torch.load reads a Counter; MultiStepLR resumes from Python's state dict", () => {
  const sd = torch.load(fx("multisteplr_state.pt")) as Record<string, unknown>;
  expect(sd.milestones).toEqual(new Map([[3, 1], [5, 2]]));
  const o = new optim.SGD(new nn.Linear(2, 2).parameters(), { lr: 0.1 });
  const s = new optim.lrScheduler.MultiStepLR(o, [1]);
  s.loadStateDict(sd as never);
  o.paramGroups[0].lr = (sd._last_lr as number[])[0];
  const lrs: number[] = [];
  for (let i = 0; i < 8; i++) {
    o.step();
    s.step();
    lrs.push(s.getLastLr()[0]);
  }
  expect(lrs).toEqual(JSON.parse(readFileSync(fx("multisteplr.json"), "utf8")).next_lrs);
});
