// `npm test` / `pnpm test`: everything CI checks, in the order a failure is cheapest to find.
import fs from "node:fs";
import path from "node:path";
import { ensureDevNode } from "./node.mjs";
import { root, run } from "./run.mjs";
import { summaryLine } from "./summary.mjs";

await ensureDevNode(); // on an older Node, everything below runs on the development Node instead

const step = (title) => console.log(`\n▶ ${title}`);

step("install");
run("pnpm", ["install"]);
step("generated files are up to date");
run("pnpm", ["run", "check:generated"]);
step("lint and format of the code (Biome), spec lint (Redocly, recommended rules)");
run("pnpm", ["run", "lint"]);
step("build packages");
run("pnpm", ["run", "build"]);
step("type-check every package and test (tsc --noEmit)");
run("pnpm", ["run", "typecheck"]);
step("tests (vitest)");
fs.rmSync(path.join(root, ".tmp/reliability"), { recursive: true, force: true });
const report = path.join(root, ".tmp/vitest-report.json");
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true }); // a stale report must not speak for this run
const r = run("pnpm", ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
  allowFail: true,
});
await import("./reliability-summary.mjs");
// The plain closing line CI reads.
console.log(`\n${summaryLine(report, r.status ?? 1)}`);
process.exit(r.status ?? 1);
