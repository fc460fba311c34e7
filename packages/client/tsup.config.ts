import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// The ESM build (what browsers, bundlers and `import` load) is built in two passes: the main
// entry alone, then the other entries. The main entry alone, so what `import "@monet-ai/client"`
// loads is its own file and one chunk it shares with the parts that load on first use
// (streaming, uploads, paging, `request`, the validator): two modules instead of five, each of
// which costs Node about a millisecond of cold start. Built with the other entries, esbuild would
// split the code they share with it into a chunk per combination of entries. The other entries
// share no class with the main one (the error classes are @monet-ai/models' own, outside both),
// so building them apart duplicates no `instanceof`. The types are built together, so `Monet` is
// one type across entries.
//
// The CommonJS build (what `require` loads) is one file per entry with no `import()` left: the
// lazy parts are bundled in, and `import("@monet-ai/models/validate")` becomes a `require` of the
// models' CommonJS build. Runtimes that compile CommonJS without an ESM loader (Jest's default
// runtime, `node:vm` scripts) refuse every `import()`, and an `import()` from CommonJS would load
// the ESM copy of @monet-ai/models beside the CommonJS one the app `require`s. Lazy loading is a
// size measure for browsers, which load the ESM build.
rmSync(new URL("dist", import.meta.url), { recursive: true, force: true });

const js: Options = {
  dts: false,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  external: ["node:fs", "node:path"],
};
// Streaming, uploads, paging and the validator load on first use, so create + wait stays small.
const esm: Options = { ...js, format: ["esm"], splitting: true };
const cjs: Options = {
  ...js,
  format: ["cjs"],
  splitting: false,
  treeshake: false,
  // treeshake off: tsup's tree-shaking pass would build ESM first and turn it into CommonJS with a
  // `__require` shim that bundlers cannot follow; esbuild writes plain `require("…")` itself.
  esbuildOptions: (o) => {
    o.supported = { ...o.supported, "dynamic-import": false };
  },
};
const entries = { index: "src/index.ts", node: "src/node.ts", operations: "src/operations.ts", outputs: "src/outputs.ts" };
const { index, ...others } = entries;

export default defineConfig([
  { ...esm, entry: { index } },
  { ...esm, entry: others },
  { ...cjs, entry: entries },
  { entry: entries, format: ["esm", "cjs"], dts: { only: true }, target: "es2022" },
]);
