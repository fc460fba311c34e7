import { defineConfig } from "tsup";

export default defineConfig({
  // concurrency: the flag rule alone, for tools that check it without loading the pipeline (the CLI).
  entry: { index: "src/index.ts", concurrency: "src/concurrency.ts" },
  format: ["esm", "cjs"],
  // One file per entry (no shared chunk to load): the concurrency rule is three numbers.
  splitting: false,
  dts: true,
  clean: true,
  target: "node20",
  platform: "node",
  // The generated schema (schema/, checked for drift) ships as dist/pipeline.schema.json.
  publicDir: "schema",
});
