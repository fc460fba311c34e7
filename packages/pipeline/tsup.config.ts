import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  platform: "node",
  // The generated schema (schema/, checked for drift) ships as dist/pipeline.schema.json.
  publicDir: "schema",
});
