// `pnpm generate`: checks the hand-written spec, runs every generator into a staging folder and
// only then moves the outputs into the working tree, so a spec mistake leaves every committed
// output as it was. `node scripts/generate.mjs <dir>` does the same for a copy of the repository
// at <dir> (its openapi/src in, its outputs out), as the tests do.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generators } from "./generators.mjs";
import { checkSpec } from "./spec-check.mjs";
import { SpecError } from "./spec-error.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs every generator into `out`, reading the hand-written spec from `src`/openapi/src (a copy, in tests). */
export async function generateAll(out, src = root, { log = out === root } = {}) {
  checkSpec(path.join(src, "openapi/src"));
  // Staged inside `out` so each output moves in with a rename (same file system).
  fs.mkdirSync(path.join(out, ".tmp"), { recursive: true });
  const stage = fs.mkdtempSync(path.join(out, ".tmp", "generate-"));
  try {
    for (const g of generators) {
      const t = performance.now();
      await g.run({ root: src, out: stage });
      if (log) console.log(`generated ${g.name} in ${Math.round(performance.now() - t)} ms`);
    }
    for (const o of generators.flatMap((g) => g.outputs)) {
      fs.rmSync(path.join(out, o), { recursive: true, force: true });
      if (!fs.existsSync(path.join(stage, o))) continue;
      fs.mkdirSync(path.dirname(path.join(out, o)), { recursive: true });
      fs.renameSync(path.join(stage, o), path.join(out, o));
    }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
    try {
      fs.rmdirSync(path.join(out, ".tmp")); // only when empty: the repository's .tmp holds other things
    } catch {}
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : root;
  try {
    await generateAll(dir, dir, { log: true });
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    console.error(
      `pnpm generate: the spec has ${e.problems.length === 1 ? "a mistake" : `${e.problems.length} mistakes`}; nothing was written.\n  ${e.problems.join("\n  ")}`,
    );
    process.exit(1);
  }
}
