// `pnpm bench`: runs every suite, prints its table, writes bench/results/<suite>.json.
// `--quick` makes each suite tiny (the test run uses it as a smoke test); `--only a,b` picks suites.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machine, printTable, withRatio, writeResults } from "./lib/report.mjs";

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
export const quick = args.includes("--quick");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");

const suites = ["size", "cold-start", "overhead", "cpu", "validation", "mock", "polling", "typecheck", "generate", "pipeline"];

console.log(`# Monet SDK benchmarks${quick ? " (quick smoke run: figures are not meaningful)" : ""}\nMachine: ${machine}`);
let failed = 0;
for (const name of suites.filter((s) => !only || only.includes(s))) {
  try {
    const mod = await import(`./suites/${name}.mjs`);
    const t = await mod.run({ quick });
    const rows = t.baseline ? withRatio(t.rows, t.key, t.baseline) : t.rows;
    printTable({ ...t, rows });
    writeResults(path.join(dir, "results"), name, { ...t, rows, quick });
  } catch (err) {
    failed++;
    console.error(`\n### ${name}: FAILED\n${err.stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
