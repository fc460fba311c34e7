// `pnpm check:generated`: regenerates into a temporary folder and fails, naming each file,
// if the committed generated files differ (changed, missing or extra).
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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "monet-generated-"));
try {
  await generateAll(tmp);
  const problems = [];
  for (const g of generators) {
    for (const o of g.outputs) {
      const fresh = new Set(listFiles(path.join(tmp, o)));
      const committed = new Set(listFiles(path.join(root, o)));
      for (const f of new Set([...fresh, ...committed])) {
        const rel = path.join(o, f);
        if (!committed.has(f)) problems.push(`missing (not generated into the tree): ${rel}`);
        else if (!fresh.has(f)) problems.push(`stale (no generator writes it): ${rel}`);
        else if (!fs.readFileSync(path.join(tmp, rel)).equals(fs.readFileSync(path.join(root, rel)))) problems.push(`differs from a fresh generation: ${rel}`);
      }
    }
  }
  if (problems.length) {
    console.error(`Generated files are out of date. Run \`pnpm generate\` and commit.\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`generated files are up to date (${generators.length} generators)`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
