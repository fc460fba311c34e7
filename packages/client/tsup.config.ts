import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// Built in three passes: the main entry alone, the other entries, and the types of all of them.
// The main entry alone, so what `import "@monet-ai/client"` loads is its own file and one chunk
// it shares with the parts that load on first use (streaming, uploads, paging, `request`, the
// validator): two modules instead of five, each of which costs Node about a millisecond of
// cold start. Built with the other entries, esbuild would split the code they share with it into
// a chunk per combination of entries. The other entries share no class with the main one (the
// error classes are @monet-ai/models' own, outside both), so building them apart duplicates no
// `instanceof`. The types are built together, so `Monet` is one type across entries.
rmSync(new URL("dist", import.meta.url), { recursive: true, force: true });

const js: Options = {
  format: ["esm", "cjs"],
  dts: false,
  // Streaming, uploads, paging and the validator load on first use, so create + wait stays small.
  splitting: true,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  external: ["node:fs", "node:path"],
};
const entries = { index: "src/index.ts", node: "src/node.ts", operations: "src/operations.ts", outputs: "src/outputs.ts" };
const { index, ...others } = entries;

export default defineConfig([
  { ...js, entry: { index } },
  { ...js, entry: others },
  { entry: entries, format: ["esm", "cjs"], dts: { only: true }, target: "es2022" },
]);
