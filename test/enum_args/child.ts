// Runs cases [start, end) of test/enum_args/cases.ts in a child process for
// test/enum_args.test.ts, through the shared child harness (test/harness/), so a
// crash is a signal there.
import { allCases } from "./cases";
import { runChild } from "../harness/child_main";

const cases = allCases();
void runChild((i) => cases[i], process.argv.slice(2));
