// A quick smoke of `pnpm bench`: every suite runs and prints its table (figures are not meaningful
// in quick mode; the real run is `pnpm bench`).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

test("pnpm bench --quick runs every suite", () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, "bench/run.mjs"), "--quick"], { cwd: repoRoot, encoding: "utf8", timeout: 170_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  for (const title of [
    "Bundle size",
    "Cold start",
    "Client overhead",
    "Client CPU per call",
    "Input validation",
    "Mock servers",
    "Polling vs streaming",
    "Type-check cost",
    "Generation",
  ])
    expect(r.stdout).toContain(`### ${title}`);
  expect(r.stdout).not.toMatch(/FAILED/);
}, 180_000);

const bench = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(repoRoot, "bench/run.mjs"), ...args], { cwd: repoRoot, encoding: "utf8", timeout: 170_000 });

test("pnpm bench --only with a name that is no suite is refused with the suites' list, not a silent run of none", () => {
  const r = bench("--only=siz");
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("no suite siz. Suites: size, cold-start,");
  expect(r.stdout).toBe("");
});

test("pnpm bench --only validation (space form) runs that suite alone, not every suite", () => {
  const r = bench("--quick", "--only", "validation");
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toContain("### Input validation");
  expect(r.stdout).not.toContain("### Bundle size");
}, 180_000);
