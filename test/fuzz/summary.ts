// Figures of a fuzz sweep: outcome counts, crashes and hangs, bad throws, slowest calls.
import { badOutcomes, type CallResult, type ChildFailure } from "../harness/children";

export function outcomeCounts(results: CallResult[]): Record<string, number> {
  const c: Record<string, number> = { returned: 0, TypeError: 0, RangeError: 0, Error: 0, "other Error": 0, "non-Error throw": 0, "unsettled promise": 0 };
  for (const r of results) {
    if (r.outcome === "returned") c.returned++;
    else if (r.outcome === "non-error") c["non-Error throw"]++;
    else if (r.outcome === "hang") c["unsettled promise"]++;
    else if (r.type in c && r.type !== "returned") c[r.type]++;
    else c["other Error"]++;
  }
  return c;
}

export function summarize(run: { results: CallResult[]; failures: ChildFailure[]; children: number }, seed: number, seconds: number): string {
  const lines: string[] = [];
  const c = outcomeCounts(run.results);
  const other = new Map<string, number>();
  for (const r of run.results) if (r.outcome === "threw" && !["TypeError", "RangeError", "Error"].includes(r.type)) other.set(r.type, (other.get(r.type) ?? 0) + 1);
  lines.push(`seed ${seed}: ${run.results.length + run.failures.length} calls in ${seconds.toFixed(1)} s (${run.children} child processes)`);
  lines.push(`outcomes: ${Object.entries(c).map(([k, n]) => `${k} ${n}`).join(", ")}${other.size ? ` (other: ${[...other].map(([k, n]) => `${k} ${n}`).join(", ")})` : ""}`);
  lines.push(`crashes and hangs: ${run.failures.length}`);
  for (const f of run.failures) lines.push(`  #${f.index} ${f.how}${f.alone ? "" : " (only after the calls before it)"}: ${f.label}\n    ${f.stderr.split("\n").join("\n    ")}`);
  const bad = badOutcomes(run.results);
  lines.push(`non-Error throws, empty messages, unsettled promises: ${bad.length}`);
  for (const b of bad) lines.push(`  ${b}`);
  const slow = [...run.results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push(`slowest calls: ${slow.map((r) => `${r.ms} ms #${r.index} ${r.label.slice(0, 120)}`).join("\n  ")}`);
  return lines.join("\n");
}
