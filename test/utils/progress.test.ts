// tqdm-like progress bar: tqdm's line layout, one final line when the stream
// is not a terminal, live redraws (cli-progress) when it is.
import { describe, it, expect } from "vitest";
import torch, { tqdm, trange, DataLoader, TensorDataset } from "../../src";
import { formatInterval } from "../../src/utils/progress";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY, columns: 100,
    write(s: string) { chunks.push(String(s)); return true; },
    cursorTo() { return true; }, moveCursor() { return true; }, clearLine() { return true; }, clearScreenDown() { return true; },
    on() { return stream; }, once() { return stream; }, removeListener() { return stream; },
  };
  return { stream: stream as unknown as NodeJS.WritableStream, chunks };
}

describe("tqdm", () => {
  it("not a terminal: nothing while running, then one tqdm-style line with the postfix", () => {
    const { stream, chunks } = sink(false);
    const loader = new DataLoader(new TensorDataset(torch.arange(10).float()), { batchSize: 3 });
    const bar = tqdm(loader, { desc: "epoch 1", stream });
    expect(bar.total).toBe(4);
    let seen = 0;
    for (const [x] of bar) {
      seen++;
      bar.setPostfix({ loss: x.mean(), lr: 0.001 });
      expect(chunks).toEqual([]);
    }
    expect(seen).toBe(4);
    expect(chunks.length).toBe(1);
    expect(chunks[0]).toMatch(/^epoch 1: 100%\|█+\| 4\/4 \[00:00<(00:00|\?), [\d.?]+it\/s, loss=9, lr=0\.001\]\n$/);
  });
  it("without a total: count and rate; update(n) drives a manual bar; leave=false and disable write nothing", () => {
    const a = sink(false);
    const gen = function* () { yield 1; yield 2; };
    for (const _ of tqdm(gen(), { stream: a.stream, unit: "batch" })) void _;
    expect(a.chunks[0]).toMatch(/^2batch \[00:00, [\d.?]+batch\/s\]\n$/);
    const b = sink(false);
    const bar = tqdm(null, { total: 10, stream: b.stream, desc: "dl" });
    bar.update(4);
    expect(bar.formatLine(60)).toMatch(/^dl:  40%\|█+[▏▎▍▌▋▊▉ ]* *\| 4\/10 \[00:00<\S+, [\d.?]+it\/s\]$/);
    bar.close();
    bar.close();
    expect(b.chunks.length).toBe(1);
    const c = sink(false);
    for (const _ of trange(3, { stream: c.stream, leave: false })) void _;
    for (const _ of trange(3, { stream: c.stream, disable: true })) void _;
    expect(c.chunks).toEqual([]);
  });
  it("a terminal: live redraws, ending on the full bar", () => {
    const { stream, chunks } = sink(true);
    const bar = trange(5, { stream, desc: "t", mininterval: 0 });
    for (const i of bar) bar.setPostfix(`i=${i}`);
    const out = chunks.join("");
    expect(out).toContain("t: 100%|");
    expect(out).toContain("5/5 [");
    expect(out).toContain("i=4]");
  });
  it("for await, early break closes the bar; formatInterval as tqdm", async () => {
    const { stream, chunks } = sink(false);
    const loader = new DataLoader(new TensorDataset(torch.arange(6)), { batchSize: 2 });
    for await (const _ of tqdm(loader, { stream })) { void _; break; }
    expect(chunks[0]).toMatch(/^  0%\|.* 0\/3 /);
    expect([formatInterval(5), formatInterval(65), formatInterval(3725)]).toEqual(["00:05", "01:05", "1:02:05"]);
    expect(() => tqdm([1], { total: -1 })).toThrow(/total must be a non-negative number/);
  });
});
