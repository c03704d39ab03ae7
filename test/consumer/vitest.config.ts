// The consumer suite (.ci/run runs it after the main suite; not part of `npm test`):
// the packed tarball installed into fresh projects with no compiler on PATH.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/consumer/**/*.consumer.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
