// The closing summary line cannot lie: a file that fails to load or a throwing hook counts as
// failed, and a red run never reads `0 failed`. Proved on a real vitest run of a small project
// with deliberately broken files, in a temporary directory.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { summaryLine } from "../../scripts/summary.mjs";
import { repoRoot } from "../support/seed.ts";

// Inside the repository (git-ignored) so the projects resolve the repository's vitest.
fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(repoRoot, ".tmp/summary-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function vitestOn(files: Record<string, string>) {
  const project = fs.mkdtempSync(path.join(dir, "p-"));
  fs.writeFileSync(path.join(project, "vitest.config.mjs"), 'export default { test: { include: ["*.test.mjs"] } };\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(project, name), text);
  const report = path.join(project, "report.json");
  const bin = path.join(repoRoot, "node_modules/vitest/vitest.mjs");
  const r = spawnSync(process.execPath, [bin, "run", "--root", project, "--reporter=json", `--outputFile.json=${report}`], { cwd: project, encoding: "utf8" });
  return { status: r.status ?? 1, line: summaryLine(report, r.status ?? 1) };
}

const passing = 'import { test, expect } from "vitest";\ntest("fine", () => expect(1).toBe(1));\n';

test("a file that fails to load counts as failed", () => {
  const r = vitestOn({ "ok.test.mjs": passing, "broken.test.mjs": 'import "./missing-module.mjs";\n' });
  expect(r.status).not.toBe(0);
  expect(r.line).toMatch(/^1 passed, 1 failed \(.*broken\.test\.mjs did not run\)$/);
}, 120_000);

test("a throwing hook counts as failed", () => {
  const r = vitestOn({
    "ok.test.mjs": passing,
    "hook.test.mjs": 'import { beforeAll, test } from "vitest";\nbeforeAll(() => { throw new Error("setup"); });\ntest("never runs", () => {});\n',
  });
  expect(r.status).not.toBe(0);
  expect(r.line).not.toMatch(/ 0 failed/);
}, 120_000);

test("a failing test is counted once; a green run says 0 failed", () => {
  expect(vitestOn({ "ok.test.mjs": passing, "bad.test.mjs": 'import { test, expect } from "vitest";\ntest("no", () => expect(1).toBe(2));\n' }).line).toBe(
    "1 passed, 1 failed",
  );
  expect(vitestOn({ "ok.test.mjs": passing })).toEqual({ status: 0, line: "1 passed, 0 failed" });
}, 120_000);

test("no report at all (vitest crashed) is a failure, never 0 failed", () => {
  expect(summaryLine(path.join(dir, "nothing.json"), 1)).toMatch(/^0 passed, 1 failed/);
});
