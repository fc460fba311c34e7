// Tallies of the reliability suites, one file per suite (suites run in parallel workers);
// scripts/reliability-summary.mjs prints them as one table after the run.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../support/seed.ts";

export interface Tally {
  suite: string;
  cases: number;
  tasksCreated: number;
  tasksExpected: number;
  secretsLeaked: number;
}

export function record(t: Tally) {
  const dir = path.join(repoRoot, ".tmp/reliability");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${t.suite.replace(/\W+/g, "-")}.json`), JSON.stringify(t));
}
