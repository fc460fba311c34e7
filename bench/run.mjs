// `pnpm bench`: runs every suite, prints its table, writes bench/results/<suite>.json.
// `--quick` makes each suite tiny (the test run uses it as a smoke test); `--only=a,b` picks suites.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machine, printTable, withRatio, writeResults } from "./lib/report.mjs";

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
export const quick = args.includes("--quick");

const suites = ["size", "cold-start", "overhead", "cpu", "validation", "mock", "polling", "typecheck", "generate", "pipeline"];

// `--only=a,b` or `--only a,b`. A name that is no suite is refused with the list: it used to run
// nothing and exit 0 (`--only=siz`), and the space form ran every suite, for many minutes.
const onlyAt = args.findIndex((a) => a === "--only" || a.startsWith("--only="));
const only = onlyAt < 0 ? undefined : (args[onlyAt] === "--only" ? (args[onlyAt + 1] ?? "") : args[onlyAt].slice(7)).split(",").filter(Boolean);
const unknown = only && (only.length ? only.filter((n) => !suites.includes(n)) : ["(none given)"]);
if (unknown?.length) {
  console.error(`pnpm bench: no suite ${unknown.join(", ")}. Suites: ${suites.join(", ")} (e.g. pnpm bench --only=size,cpu).`);
  process.exit(2);
}

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
