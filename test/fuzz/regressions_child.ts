// Runs test/fuzz/regressions.ts in a child process (test/harness/). argv: start end
import { runChild } from "../harness/child_main";
import { REGRESSIONS } from "./regressions";

void runChild((i) => REGRESSIONS[i], process.argv.slice(2));
