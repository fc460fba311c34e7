// The size budget written in scripts/size-budget.json holds for the built package.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { budget, entries, measure } from "../scripts/size.mjs";

test(`create + wait stays within ${budget.createAndWait} bytes min+gz`, async () => {
  const size = await measure(entries.createAndWait);
  expect(size.eager).toBeLessThanOrEqual(budget.createAndWait);
  // The validator and the rules of every model load with the first create, not at start.
  expect(size.firstCreate - size.eager).toBeGreaterThan(1000);
  expect(size.firstCreate).toBeLessThanOrEqual(budget.firstCreate);
  // Streaming, uploads and paging are not loaded at start.
  expect(size.total - size.eager).toBeGreaterThan(1000);
}, 30_000);

test("the README states the budgets of scripts/size-budget.json, not figures that go stale", () => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Size and speed"), readme.indexOf("## How it is built"));
  const bytes = (n: number) => n.toLocaleString("en-US");
  expect(section).toContain(`at most ${bytes(budget.createAndWait)} B min+gz at start`);
  expect(section).toContain(`at most ${bytes(budget.firstCreate)} B\n  once its first \`create\``);
  // Measured figures (kB) would be stale after the next change: the script prints them.
  expect(section).not.toMatch(/\d kB min\+gz at start/);
  expect(section).toContain("node packages/client/scripts/size.mjs");
});
