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

describe("huge print options", () => {
  // sha256 of Python's repr(torch.tensor(values, dtype=torch.float64)) under torch.set_printoptions(precision=p)
  const PY: Record<string, Record<number, [number, string]>> = {
    "0.1,1e-30,3": {
      60: [256, "c22fb0dc2e63871aed8b8e873bd4c0f3d29b7be91f63562dcb43cffad7356343"],
      1100: [3376, "7b303a8a2bd3f373f159f378195c5303b11f94102eb859153d6e9deeb566d855"],
      1000000: [3000076, "797a7a60887623b6039f609759bcbedbf53942f1b1039217494c21c08edfa81b"],
    },
    "0.1,0.25,3": {
      60: [244, "977f9edc9e1f8a9658edf2b99e3213f93522f9c008e1472e8a9b789eac45bee2"],
      1100: [3364, "a7a7a497f4765a4c82ea06de3a8bfa4a1c78ee8781b3828f1ea8679d122c38ae"],
      1000000: [3000064, "6b52995980a7e8ae978455e8244e884f8b20d12c095b82e6bbc6634015c00860"],
    },
  };
  it("precision up to a million digits prints Python's exact text, fast (exact expansions end in zeros)", async () => {
    const { createHash } = await import("node:crypto");
    for (const [vals, byPrec] of Object.entries(PY))
      for (const [p, [len, sha]] of Object.entries(byPrec)) {
        const values = vals.split(",").map(Number);
        const info: TensorPrintInfo = { shape: [3], dtype: "float64", values, device: "cpu", requiresGrad: false, gradFn: null };
        const s = withPrintoptions({ precision: Number(p) }, () => formatTensor(info));
        expect([s.length, createHash("sha256").update(s).digest("hex")], `${vals} precision ${p}`).toEqual([len, sha]);
      }
  });
  it("a string too long for JS, or Python's 'precision too big', is a RangeError, not an abort", () => {
    const info: TensorPrintInfo = { shape: [3], dtype: "float64", values: [1, 2, 3], device: "cpu", requiresGrad: false, gradFn: null };
    expect(() => withPrintoptions({ precision: 2 ** 31 }, () => formatTensor(info))).toThrow(new RangeError("precision too big"));
    const big: TensorPrintInfo = { shape: [3e7], dtype: "float32", values: new Float32Array(3e7) as unknown as number[], device: "cpu", requiresGrad: false, gradFn: null };
    expect(() => withPrintoptions({ threshold: Infinity }, () => formatTensor(big))).toThrow(/longer than a JavaScript string can hold/);
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
