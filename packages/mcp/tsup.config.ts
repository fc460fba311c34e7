import { defineConfig } from "tsup";

// The API's schemas come from src/generated/api.gen.ts (pnpm generate), not from the spec at build time.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
});
