// Runs before every test file (vitest.config.ts setupFiles).
//
// vitest's worker talks to the main process over an RPC channel whose replies
// arrive as I/O; awaiting a synchronous test's resolved promise does not let
// I/O in, so a file of synchronous tests that block for over 60 s in all (a run
// of child processes through spawnSync, an ASan-instrumented build, a loaded
// machine) made the worker's "onTaskUpdate" call time out: an unhandled error
// that fails the run with every test passed. One macrotask turn after each
// test lets the replies in.
import { afterEach } from "vitest";

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
