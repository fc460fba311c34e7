// Generation: wall time of `pnpm generate` (every generator), next to bare node start-up.
import { spawnSync } from "node:child_process";
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
  const bare = [], gen = [];
  for (let i = 0; i < runs; i++) {
    bare.push(time(["-e", ""]));
    gen.push(time(["scripts/generate.mjs"]));
  }
  return {
    title: "Generation (pnpm generate: bundle, client, catalog, model guide)",
    how: `${runs} runs, median wall time of \`node scripts/generate.mjs\` into the working tree; ratio against bare node start-up.`,
    baseline: "bare node",
    key: "median (ms)",
    columns: ["name", "median (ms)", "ratio"],
    rows: [
      { name: "bare node", "median (ms)": median(bare) },
      { name: "pnpm generate", "median (ms)": median(gen) },
    ],
  };
}
