// A thread's own default generator (what a DataLoader worker gets): every
// random op called without a generator draws from it, through each path
// (hand-written creation, the generated surface's planned and general calls,
// in-place Tensor methods), and seeding functions act on it.
import { it, expect, afterEach } from "vitest";
import torch, { Tensor } from "../src";
import { _setThreadDefaultGenerator } from "../src/random";

afterEach(() => _setThreadDefaultGenerator(null));

const draws = (g?: InstanceType<typeof torch.Generator>) => {
  const o = g ? { generator: g } : {};
  return [
    torch.rand(3, o),
    torch.randn([2], o),
    torch.randint(0, 10, [4], o),
    torch.randperm(5, o),
    torch.bernoulli(torch.full([4], 0.5), o),
    torch.normal(0, 1, [3], o),
    torch.multinomial(torch.tensor([0.2, 0.3, 0.5]), 4, true, o),
    torch.empty(3).uniform_(0, 1, o),
    torch.empty(3).exponential_(1, o),
  ].map((t: Tensor) => t.tolist());
};

it("random ops without a generator draw from the thread's default", () => {
  const expected = draws(new torch.Generator().manualSeed(123));
  torch.manualSeed(7);
  const processDraw = torch.rand(2).tolist();
  _setThreadDefaultGenerator(new torch.Generator().manualSeed(123));
  expect(draws()).toEqual(expected);
  // manualSeed / initialSeed / rng state act on the thread's generator
  torch.manualSeed(123);
  expect(torch.initialSeed()).toBe(123n);
  const state = torch.getRngState();
  const a = torch.rand(4).tolist();
  torch.setRngState(state);
  expect(torch.rand(4).tolist()).toEqual(a);
  // the process default was left alone
  _setThreadDefaultGenerator(null);
  torch.manualSeed(7);
  expect(torch.rand(2).tolist()).toEqual(processDraw);
});
