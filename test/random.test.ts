// Random draws against Python torch: the same LibTorch generator, so every
// draw must match bit for bit (oracle: test/fixtures/core.json, "random.*").
import { describe, expect, it } from "vitest";
import torch, { Generator, manualSeed } from "../src";
import { check, coverageTest } from "./helpers";

describe("global generator draws", () => {
  check("random.rand", () => { torch.manualSeed(0); return torch.rand(3, 4); });
  check("random.rand_list", () => { torch.manualSeed(0); return torch.rand([3, 4]); });
  check("random.rand_size_opt", () => { torch.manualSeed(0); return torch.rand({ size: [2, 3] }); });
  check("random.rand_large", () => { torch.manualSeed(0); return torch.rand(100); });
  check("random.randn_small", () => { torch.manualSeed(0); return torch.randn(5); });
  check("random.randn_large", () => { torch.manualSeed(0); return torch.randn(4, 8); });
  check("random.randn_odd", () => { torch.manualSeed(0); return torch.randn(19); });
  check("random.randint_high", () => { torch.manualSeed(0); return torch.randint(10, [8]); });
  check("random.randint_low_high", () => { torch.manualSeed(0); return torch.randint(-5, 5, [2, 4]); });
  check("random.randint_dtype", () => { torch.manualSeed(0); return torch.randint(0, 100, [5], { dtype: torch.int32 }); });
  check("random.randint_opts", () => { torch.manualSeed(0); return torch.randint({ low: 3, high: 9, size: [6] }); });
  check("random.randint_big_range", () => { torch.manualSeed(0); return torch.randint(0, 2 ** 40, [4]); });
  check("random.randperm", () => { torch.manualSeed(0); return torch.randperm(10); });
  check("random.randperm_large", () => { torch.manualSeed(3); return torch.randperm(50); });
  check("random.randperm_dtype", () => { torch.manualSeed(0); return torch.randperm(6, { dtype: torch.float32 }); });
  check("random.rand_float64", () => { torch.manualSeed(0); return torch.rand(4, { dtype: torch.float64 }); });
  check("random.randn_float64", () => { torch.manualSeed(0); return torch.randn(3, { dtype: torch.float64 }); });
  check("random.randn_float64_large", () => { torch.manualSeed(0); return torch.randn(20, { dtype: torch.float64 }); });
  check("random.rand_requires_grad", () => { torch.manualSeed(0); return torch.rand(3, { requiresGrad: true }); });
  check("random.rand_like", () => { torch.manualSeed(0); return torch.randLike(torch.zeros(2, 3)); });
  check("random.randn_like", () => { torch.manualSeed(0); return torch.randnLike(torch.zeros(2, 3, { dtype: torch.float64 })); });
  check("random.randint_like", () => { torch.manualSeed(0); return torch.randintLike(torch.zeros(5), 10); });
  check("random.uniform_", () => { torch.manualSeed(0); return torch.empty(5).uniform_(-1, 1); });
  check("random.normal_", () => { torch.manualSeed(0); return torch.empty(5).normal_(2, 3); });
  check("random.normal_float64", () => { torch.manualSeed(0); return torch.empty(3, { dtype: torch.float64 }).normal_(); });
  check("random.negative_seed", () => { torch.manualSeed(-1); return torch.rand(2); });
  check("random.rand_int_dtype_error", () => torch.rand(2, { dtype: torch.int64 }));
  check("random.randint_float_dtype", () => { torch.manualSeed(0); return torch.randint(5, [3], { dtype: torch.float32 }); });
  check("random.randperm_0", () => torch.randperm(0));
  check("random.randn_negative_error", () => torch.randn(-2));
});

describe("sequences and seeds", () => {
  check("random.two_draws", () => { torch.manualSeed(0); return [torch.rand(3), torch.rand(3)]; });
  check("random.mixed_draws", () => {
    torch.manualSeed(0);
    return [torch.randn(3), torch.randint(5, [3]), torch.rand(2), torch.randperm(4)];
  });
  check("random.other_seed", () => { torch.manualSeed(123); return torch.rand(5); });
  check("random.big_seed", () => { torch.manualSeed(2 ** 40 + 5); return torch.rand(3); });
  check("random.reseed_repeats", () => {
    torch.manualSeed(5);
    const a = torch.randn(4);
    torch.manualSeed(5);
    return [a, torch.randn(4)];
  });
  check("random.initial_seed", () => { torch.manualSeed(7); return torch.initialSeed(); });
  check("random.rng_state", () => { torch.manualSeed(0); return torch.getRngState(); });
  check("random.rng_replay", () => {
    torch.manualSeed(0);
    torch.rand(2);
    const s = torch.getRngState();
    const a = torch.rand(3);
    const b = torch.randn(3);
    torch.setRngState(s);
    return [a, b, torch.rand(3), torch.randn(3)];
  });

  it("manualSeed accepts a bigint seed and matches the number seed", () => {
    torch.manualSeed(2n ** 40n + 5n);
    const a = torch.rand(3).tolist();
    torch.manualSeed(2 ** 40 + 5);
    expect(torch.rand(3).tolist()).toEqual(a);
  });
  it("manualSeed refuses seeds outside [-2**63, 2**64) as Python does (ValueError: Overflow when unpacking long)", () => {
    // numbers past the range were converted to int64 before the range check
    // (undefined behaviour, reported by the sanitizer build)
    for (const seed of [1e30, -1e30, 2 ** 64, -(2 ** 64), 2n ** 64n, -(2n ** 63n) - 1n]) {
      expect(() => torch.manualSeed(seed)).toThrow(RangeError);
      expect(() => torch.manualSeed(seed)).toThrow(/Overflow when unpacking long/);
      expect(() => new torch.Generator().manualSeed(seed)).toThrow(/Overflow when unpacking long/);
    }
    // the ends of the range still seed: 2**64 - 2048 is the largest double below 2**64, -2**63 wraps to 2**63
    torch.manualSeed(2 ** 64 - 2048);
    expect(torch.initialSeed()).toBe(2n ** 64n - 2048n);
    torch.manualSeed(-(2 ** 63));
    expect(torch.initialSeed()).toBe(2n ** 63n);
  });
  it("manualSeed is also a named export and returns the default generator", () => {
    expect(manualSeed(0)).toBe(torch.defaultGenerator);
  });
});

describe("torch.Generator", () => {
  check("random.generator_rand", () => {
    const g = new torch.Generator().manualSeed(42);
    return torch.rand(3, { generator: g });
  });
  check("random.generator_sequence", () => {
    const g = new torch.Generator().manualSeed(42);
    return [
      torch.rand(3, { generator: g }),
      torch.randn(3, { generator: g }),
      torch.randperm(5, { generator: g }),
      torch.randint(0, 10, [4], { generator: g }),
    ];
  });
  check("random.generator_independent", () => {
    torch.manualSeed(0);
    const g = new torch.Generator().manualSeed(1);
    const a = torch.rand(2, { generator: g });
    const b = torch.rand(2);
    return [a, b];
  });
  check("random.generator_default_seed", () => torch.rand(2, { generator: new torch.Generator() }));
  check("random.generator_initial_seed", () => new torch.Generator().manualSeed(99).initialSeed());
  check("random.generator_state_replay", () => {
    const g = new torch.Generator().manualSeed(5);
    const s = g.getState();
    const a = torch.rand(3, { generator: g });
    g.setState(s);
    return [a, torch.rand(3, { generator: g })];
  });
  check("random.normal_generator", () => {
    const g = new torch.Generator().manualSeed(3);
    return torch.zeros(4).normal_({ generator: g });
  });

  it("Generator is a named export, manualSeed chains", () => {
    const g = new Generator();
    expect(g.manualSeed(1)).toBe(g);
  });
});

coverageTest(["random."]);
