import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    // Generous: a loaded 2-core machine is slow. Tests that run a compiler or a browser set their
    // own per-step budget above this.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
