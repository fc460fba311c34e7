// `pnpm check:generated`: regenerates into a temporary folder and fails, naming each file,
// if the committed generated files differ (changed, missing or extra). For a changed file it
// names the generator that writes it and the first line that differs: a contributor who fixed
// a typo in a generated page learns where the text comes from, not only that `pnpm generate`
// (which would throw the fix away) makes the check pass.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateAll } from "./generate.mjs";
import { generators } from "./generators.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// An output is a folder, or one file (listed as "").
const listFiles = (dir) =>
  fs.existsSync(dir) && fs.statSync(dir).isFile()
    ? [""]
    : fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
      : [];

/** The first line where `committed` and `fresh` differ, each shown around its first differing character. */
function firstDifference(committed, fresh) {
  const [a, b] = [committed.split("\n"), fresh.split("\n")];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const [x, y] = [a[i] ?? "", b[i] ?? ""];
  let k = 0;
  while (k < x.length && x[k] === y[k]) k++;
  const from = Math.max(0, k - 40);
  const around = (line) => JSON.stringify(`${from ? "..." : ""}${line.slice(from, k + 60)}${line.length > k + 60 ? "..." : ""}`);
  return `line ${i + 1}: committed ${around(x)}, generated ${around(y)}`;
}

/** One line per generated file of `committedRoot` that a fresh generation (`freshRoot`) does not match. */
export function driftProblems(freshRoot, committedRoot, list = generators) {
  const problems = [];
  for (const g of list) {
    for (const o of g.outputs) {
      const fresh = new Set(listFiles(path.join(freshRoot, o)));
      const committed = new Set(listFiles(path.join(committedRoot, o)));
      for (const f of new Set([...fresh, ...committed])) {
        const rel = path.join(o, f);
        if (!committed.has(f)) problems.push(`missing (not generated into the tree): ${rel}`);
        else if (!fresh.has(f)) problems.push(`stale (no generator writes it): ${rel}`);
        else {
          const [c, n] = [fs.readFileSync(path.join(committedRoot, rel)), fs.readFileSync(path.join(freshRoot, rel))];
          if (!c.equals(n))
            problems.push(
              `differs from a fresh generation: ${rel}, written by the ${g.name} generator (${g.script}); ${firstDifference(String(c), String(n))}`,
            );
        }
      }
    }
  }
  return problems;
}

/** The whole failure message: what to run, and where a change to a generated file belongs. */
export const driftMessage = (problems) =>
  "Generated files are out of date.\n" +
  "- Changed the spec or a generator? Run `pnpm generate` and commit what it writes.\n" +
  "- Edited a generated file by hand (a typo in a page)? `pnpm generate` overwrites that edit: make it in openapi/src (descriptions, x-monet-model) or in the generator named below, then run `pnpm generate`.\n" +
  `  ${problems.join("\n  ")}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "monet-generated-"));
  try {
    await generateAll(tmp);
    const problems = driftProblems(tmp, root);
    if (problems.length) {
      console.error(driftMessage(problems));
      process.exitCode = 1;
    } else console.log(`generated files are up to date (${generators.length} generators)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
