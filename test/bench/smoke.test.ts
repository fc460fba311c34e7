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
