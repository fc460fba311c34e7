import { defineConfig } from "tsup";

export default defineConfig({
  // concurrency, rate-limited-wait: a flag's rule or default alone, for tools that check or show it
  // without loading the pipeline (the CLI).
  entry: { index: "src/index.ts", concurrency: "src/concurrency.ts", "rate-limited-wait": "src/rate-limited-wait.ts" },
  format: ["esm", "cjs"],
  // One file per entry (no shared chunk to load): each small entry is a few numbers.
  splitting: false,
  dts: true,
  clean: true,
  target: "node20",
  platform: "node",
  // The generated schema (schema/, checked for drift) ships as dist/pipeline.schema.json.
  publicDir: "schema",
});
