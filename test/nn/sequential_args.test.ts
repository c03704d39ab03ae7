// nn.Sequential takes modules (or one name -> module object, Python's OrderedDict);
// a list, as in nn.Sequential([a, b]), is refused with Python's TypeError.
import { describe, it, expect } from "vitest";
import { nn } from "../../src";

describe("nn.Sequential arguments", () => {
  it("refuses a list of modules and other non-modules with Python's message", () => {
    // Python: nn.Sequential([nn.ReLU()]) -> TypeError: list is not a Module subclass
    expect(() => new nn.Sequential([new nn.ReLU(), new nn.Tanh()] as never)).toThrow(TypeError);
    expect(() => new nn.Sequential([new nn.ReLU(), new nn.Tanh()] as never)).toThrow(/^list is not a Module subclass$/);
    // Python: nn.Sequential(5) / nn.Sequential(nn.ReLU(), "x")
    expect(() => new nn.Sequential(5 as never)).toThrow(/^int is not a Module subclass$/);
    expect(() => new nn.Sequential(new nn.ReLU(), "x" as never)).toThrow(/^str is not a Module subclass$/);
  });
  it("still takes modules, spread arrays and a name -> module object", () => {
    const blocks = [new nn.ReLU(), new nn.Tanh()];
    expect(String(new nn.Sequential(...blocks))).toBe("Sequential(\n  (0): ReLU()\n  (1): Tanh()\n)");
    expect(String(new nn.Sequential({ act: new nn.ReLU() }))).toBe("Sequential(\n  (act): ReLU()\n)");
  });
});
