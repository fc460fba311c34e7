import { defineConfig } from "tsup";

// Each entry is one file, and an entry that uses another imports that entry's file: no hashed
// chunks. Importing the package loads three modules (the catalog, the validator, the errors), and
// the client, which imports only the errors at start, loads one; every module Node loads costs
// about a millisecond of cold start. The error classes exist once, so `instanceof` holds
// across entries and packages.
const importsOtherEntries = {
  name: "imports-other-entries",
  setup(build: import("esbuild").PluginBuild) {
    // tsup builds its CommonJS output as ESM first; the file extension tells the two apart.
    const ext = build.initialOptions.outExtension?.[".js"] ?? ".js";
    // src/errors.ts is the errors entry itself; src/validate.ts is bundled only by the validate entry.
    build.onResolve({ filter: /^\.\/(errors|validate)\.js$/ }, ({ path, importer }) =>
      path === "./validate.js" && importer.endsWith("validate-entry.ts") ? undefined : { path: path.replace(".js", ext), external: true },
    );
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
  esbuildPlugins: [importsOtherEntries],
});
