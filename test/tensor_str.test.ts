import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  formatTensor,
  getPrintoptions,
  pyFormatExp,
  pyFormatFixed,
  setPrintoptions,
  withPrintoptions,
  type SetPrintOptions,
  type TensorPrintInfo,
} from "../src/tensor_str";

// Cases are produced by test/fixtures/make_tensor_str.py (see its docstring for the encoding).
interface FixtureCase {
  name: string;
  shape: number[];
  dtype: string;
  values: Array<number | string | boolean>;
  device: string;
  requiresGrad: boolean;
  gradFn: string | null;
  printOptions: SetPrintOptions | null;
  expected: string;
}

const cases: FixtureCase[] = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "tensor_str.json"), "utf8"),
) as FixtureCase[];

function decodeFloat(v: number | string | boolean): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

/**
 * Build the values the way the Tensor class would hand them over: typed arrays
 * where a matching one exists, plain arrays otherwise. `variant` switches
 * between alternative but equivalent encodings to exercise every input path.
 */
function decodeValues(c: FixtureCase, variant: 0 | 1): ArrayLike<number | bigint | boolean> {
  const vs = c.values;
  switch (c.dtype) {
    case "float32":
      return variant === 0 ? Float32Array.from(vs, decodeFloat) : vs.map(decodeFloat);
    case "float64":
      return variant === 0 ? Float64Array.from(vs, decodeFloat) : vs.map(decodeFloat);
    case "float16":
    case "bfloat16":
      return vs.map(decodeFloat);
    case "int8":
      return Int8Array.from(vs, Number);
    case "int16":
      return Int16Array.from(vs, Number);
    case "int32":
      return Int32Array.from(vs, Number);
    case "uint8":
      return variant === 0 ? Uint8Array.from(vs, Number) : vs.map(Number);
    case "int64": {
      const unsafe = vs.some((v) => typeof v === "string");
      if (variant === 0 || unsafe) return BigInt64Array.from(vs, (v) => BigInt(v as number | string));
      return vs.map(Number);
    }
    case "bool":
      return variant === 0 ? (vs as boolean[]) : Uint8Array.from(vs, (v) => (v ? 1 : 0));
    default:
      throw new Error(`unexpected dtype ${c.dtype}`);
  }
}

function toInfo(c: FixtureCase, variant: 0 | 1): TensorPrintInfo {
  return {
    shape: c.shape,
    dtype: c.dtype,
    values: decodeValues(c, variant),
    device: c.device,
    requiresGrad: c.requiresGrad,
    gradFn: c.gradFn,
  };
}

afterEach(() => {
  setPrintoptions({ profile: "default" });
});

describe("formatTensor matches Python repr(t)", () => {
  it("has a substantial fixture", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    it(c.name, () => {
      if (c.printOptions) setPrintoptions(c.printOptions);
      expect(formatTensor(toInfo(c, 0))).toBe(c.expected);
      expect(formatTensor(toInfo(c, 1))).toBe(c.expected);
    });
  }
});

describe("print options", () => {
  it("defaults mirror torch", () => {
    expect(getPrintoptions()).toEqual({
      precision: 4,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 80,
      sciMode: null,
    });
  });

  it("profiles and sciMode reset like torch.set_printoptions", () => {
    setPrintoptions({ profile: "short", sciMode: true });
    expect(getPrintoptions()).toEqual({
      precision: 2,
      threshold: 1000,
      edgeitems: 2,
      linewidth: 80,
      sciMode: true,
    });
    // sci_mode is always assigned, so omitting it resets it to automatic
    setPrintoptions({ precision: 3 });
    expect(getPrintoptions().sciMode).toBeNull();
    expect(getPrintoptions().precision).toBe(3);
    setPrintoptions({ profile: "full" });
    expect(getPrintoptions().threshold).toBe(Infinity);
    setPrintoptions({ profile: "default" });
    expect(getPrintoptions().precision).toBe(4);
  });

  it("withPrintoptions restores the previous options", () => {
    const info: TensorPrintInfo = {
      shape: [2],
      dtype: "float32",
      values: [1.12345, 2],
      device: "cpu",
      requiresGrad: false,
      gradFn: null,
    };
    const s = withPrintoptions({ precision: 2 }, () => formatTensor(info));
    expect(s).toBe("tensor([1.12, 2.00])");
    expect(formatTensor(info)).toBe("tensor([1.1235, 2.0000])");
  });
});

describe("Python float format emulation", () => {
  it("rounds half to even on the exact binary value", () => {
    expect(pyFormatFixed(0.5, 0)).toBe("0");
    expect(pyFormatFixed(1.5, 0)).toBe("2");
    expect(pyFormatFixed(2.5, 0)).toBe("2");
    expect(pyFormatFixed(0.125, 2)).toBe("0.12");
    expect(pyFormatFixed(0.375, 2)).toBe("0.38");
    expect(pyFormatFixed(1.005, 2)).toBe("1.00"); // 1.00499999999999989...
    expect(pyFormatFixed(-0, 4)).toBe("-0.0000");
    expect(pyFormatFixed(-0.00001, 4)).toBe("-0.0000");
    expect(pyFormatFixed(1e22, 0)).toBe("10000000000000000000000");
  });

  it("formats exponents with at least two digits", () => {
    expect(pyFormatExp(1e-5, 4)).toBe("1.0000e-05");
    expect(pyFormatExp(2.00025, 4)).toBe("2.0002e+00"); // 2.00024999999999986...
    expect(pyFormatExp(9.99995, 4)).toBe("1.0000e+01"); // carry into the exponent
    expect(pyFormatFixed(0.99995, 4)).toBe("1.0000");
    expect(pyFormatExp(1e100, 4)).toBe("1.0000e+100");
    expect(pyFormatExp(0, 4)).toBe("0.0000e+00");
    expect(pyFormatExp(-0, 2)).toBe("-0.00e+00");
    expect(pyFormatExp(1.5, 0)).toBe("2e+00");
    expect(pyFormatExp(2.5, 0)).toBe("2e+00");
    expect(pyFormatExp(5e-324, 4)).toBe("4.9407e-324");
    expect(pyFormatExp(NaN, 4)).toBe("nan");
    expect(pyFormatExp(-Infinity, 4)).toBe("-inf");
  });
});
