// Generation: wall time of `pnpm generate` (every generator), next to bare node start-up.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../lib/report.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const time = (args) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return performance.now() - t;
};

export async function run({ quick }) {
  const runs = quick ? 1 : 5;
  const bare = [],
    gen = [];
  // Into a temporary folder, so a run never rewrites the working tree under other readers.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "monet-bench-generate-"));
  try {
    for (let i = 0; i < runs; i++) {
      bare.push(time(["-e", ""]));
      gen.push(time(["--input-type=module", "-e", `import { generateAll } from "./scripts/generate.mjs"; await generateAll(${JSON.stringify(out)});`]));
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return {
    title: "Generation (pnpm generate: bundle, client, catalog, model guide)",
    how: `${runs} runs, median wall time of a fresh node process running every generator into a temporary folder; ratio against bare node start-up.`,
    baseline: "bare node",
    key: "median (ms)",
    columns: ["name", "median (ms)", "ratio"],
    rows: [
      { name: "bare node", "median (ms)": median(bare) },
      { name: "pnpm generate", "median (ms)": median(gen) },
    ],
  };
}
