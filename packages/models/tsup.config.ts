import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", validate: "src/validate-entry.ts", schemas: "src/schemas.ts", spec: "src/spec.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  // One chunk per shared module keeps `getModel` free of the validator and vice versa.
  splitting: true,
  treeshake: true,
  target: "es2022",
});
