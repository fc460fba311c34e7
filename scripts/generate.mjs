// `pnpm generate`: runs every generator into the working tree.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generators } from "./generators.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs every generator into `out`, reading the hand-written spec from `src`/openapi/src (a copy, in tests). */
export async function generateAll(out, src = root) {
  for (const g of generators) {
    for (const o of g.outputs) fs.rmSync(path.join(out, o), { recursive: true, force: true });
    const t = performance.now();
    await g.run({ root: src, out });
    if (out === root) console.log(`generated ${g.name} in ${Math.round(performance.now() - t)} ms`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await generateAll(root);
