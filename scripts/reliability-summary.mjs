// Prints the reliability suites' tallies (written by test/reliability/) as one table.
import fs from "node:fs";
import path from "node:path";
import { root } from "./run.mjs";

const dir = path.join(root, ".tmp/reliability");
const rows = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))) : [];
const line = (r) => `| ${r.join(" | ")} |`;
console.log(
  [
    "",
    "Reliability summary",
    line(["suite", "cases tried", "tasks created", "tasks expected", "secrets leaked"]),
    line(["---", "---:", "---:", "---:", "---:"]),
    ...rows.map((r) => line([r.suite, r.cases, r.tasksCreated, r.tasksExpected, r.secretsLeaked])),
  ].join("\n"),
);
