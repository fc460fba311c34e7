import { defineConfig } from "tsup";

export default defineConfig({ entry: { index: "src/index.ts" }, format: ["esm"], clean: true, target: "node20", banner: { js: "#!/usr/bin/env node" } });
