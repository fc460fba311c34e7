import { defineConfig } from "tsup";

// Each entry is one file with no hashed chunks, and the error classes exist once (the errors
// entry, which every other entry imports), so `instanceof` holds across entries and packages.
// Importing the package loads two modules (the catalog and validator, and the errors); the
// client, which imports only the errors at start, loads one; every module Node loads costs about
// a millisecond of cold start. The validator is in both the main entry and the validate entry
// (what the client loads on its first create): someone who uses both evaluates it twice, which
// costs less than a third module for everyone who imports the package.
const errorsEntry = {
  name: "errors-entry",
  setup(build: import("esbuild").PluginBuild) {
    // tsup builds its CommonJS output as ESM first; the file extension tells the two apart.
    const ext = build.initialOptions.outExtension?.[".js"] ?? ".js";
    build.onResolve({ filter: /^\.\/errors\.js$/ }, ({ path }) => ({ path: path.replace(".js", ext), external: true }));
  },
};

export default defineConfig({
  entry: { index: "src/index.ts", errors: "src/errors.ts", validate: "src/validate-entry.ts", schemas: "src/schemas.ts", spec: "src/spec.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  splitting: false,
  treeshake: true,
  target: "es2022",
  esbuildPlugins: [errorsEntry],
});
