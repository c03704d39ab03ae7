// Runs cases [start, end) of test/enum_args/cases.ts and prints one JSON line of
// results: { label, threw, type, message } each. Run by test/enum_args.test.ts
// in a child process (node --import tsx), so a crash is a signal there.
import { allCases } from "./cases";

const [start, end] = process.argv.slice(2).map(Number);
const cases = allCases().slice(start, end);
const results = cases.map((c) => {
  try {
    c.run();
    return { label: c.label, threw: false, type: "", message: "" };
  } catch (e) {
    const err = e as Error;
    return { label: c.label, threw: true, type: err?.constructor?.name ?? typeof e, message: String(err?.message ?? e).split("\n")[0] };
  }
});
process.stdout.write(`${JSON.stringify(results)}\n`);
