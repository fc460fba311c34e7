import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { defineConfig, type Options } from "tsup";

// The ESM build (what browsers, bundlers and `import` load) is built in two passes: the main
// entry alone, then the other entries. The main entry alone, so what `import "@monet-ai/client"`
// loads is one file, which the parts that load on first use (streaming, uploads, paging,
// `request`, the validator) import what they share with it from: each module Node loads costs
// it about a millisecond of cold start. esbuild puts that shared code in a chunk of its own;
// rollup then folds the chunk into the entry (foldSharedChunk), which exports it under short
// names that its types do not declare. Built with the other entries, esbuild would
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
const dist = fileURLToPath(new URL("dist", import.meta.url));
rmSync(dist, { recursive: true, force: true });

// esbuild writes the main entry's first pass here, apart from the other entries' files: their
// chunks are named by content and could share a name with one of its own.
const firstPass = path.join(dist, ".main");

/** Writes the main entry's ESM output so the code it shares with its lazy parts is in its own file. */
async function foldSharedChunk() {
  const bundle = await rollup({
    input: path.join(firstPass, "index.js"),
    // The entry may export more than its source does: the shared code its lazy parts import.
    preserveEntrySignatures: "allow-extension",
    // The package has no side effects (package.json): an import nothing is used from is dropped.
    treeshake: { moduleSideEffects: false },
    external: (id) => !id.startsWith(".") && !path.isAbsolute(id),
  });
  // Its lazy parts get a prefix of their own, for the same reason.
  // hoistTransitiveImports off: rollup would add a bare `import "./x.js"` for each module a chunk
  // loads through another, which a bundler must drop (the package has no side effects) and esbuild
  // warns about in every app that bundles the client (ignored-bare-import).
  await bundle.write({ dir: dist, format: "es", chunkFileNames: "main-[name].js", hoistTransitiveImports: false });
  await bundle.close();
  rmSync(firstPass, { recursive: true });
}

const js: Options = {
  dts: false,
  // rollup's pass; no side effects, as package.json says, so no bare import of a chunk is kept.
  treeshake: { moduleSideEffects: false },
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
  { ...esm, entry: { index }, outDir: firstPass, onSuccess: foldSharedChunk },
  { ...esm, entry: others },
  { ...cjs, entry: entries },
  { entry: entries, format: ["esm", "cjs"], dts: { only: true }, target: "es2022" },
]);
