// Runs fuzz calls [start, end) of a seed in a child process (test/harness/).
// argv: seed start end
import { runChild } from "../harness/child_main";
import { makeCall, makeRestore } from "./calls";

const [seed, ...range] = process.argv.slice(2);
void runChild((i) => makeCall(Number(seed), i), range, 5000, makeRestore());
