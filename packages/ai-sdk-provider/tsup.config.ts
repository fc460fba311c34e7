import { defineConfig } from "tsup";

// ESM only, like `ai` 7 and `@ai-sdk/provider` 4 themselves: there is no CommonJS AI SDK to plug into.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  treeshake: true,
  target: "node22",
  platform: "neutral",
});
