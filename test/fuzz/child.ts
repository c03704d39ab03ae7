// Runs fuzz calls [start, end) of a seed in a child process (test/harness/).
// argv: seed start end ("sparse" for the seed: the systematic sparse-array pass)
import { runChild } from "../harness/child_main";
import { makeCall, makeSparseCall, makeRestore } from "./calls";

const [seed, ...range] = process.argv.slice(2);
void runChild((i) => (seed === "sparse" ? makeSparseCall(i) : makeCall(Number(seed), i)), range, 5000, makeRestore());
