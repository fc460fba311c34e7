import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", operations: "src/operations.ts", outputs: "src/outputs.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  // Streaming and uploads load on first use, so create + wait stays small.
  splitting: true,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  external: ["node:fs", "node:path"],
});
