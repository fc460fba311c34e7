import { defineConfig } from "tsup";

// ESM, and CommonJS for `require` (which loads the ESM-only `@ai-sdk/provider` through Node's
// require(esm), Node >= 22.12), so both resolution modes find the package and its types.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  treeshake: true,
  target: "node22",
  platform: "neutral",
});
