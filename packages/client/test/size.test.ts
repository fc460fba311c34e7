// The size budget written in package.json holds for the built package.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { entries, measure } from "../scripts/size.mjs";

const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8"));

test(`create + wait stays within ${pkg.sizeBudget.createAndWait} bytes min+gz`, async () => {
  const size = await measure(entries.createAndWait);
  expect(size.eager).toBeLessThanOrEqual(pkg.sizeBudget.createAndWait);
  // The validator and the rules of every model load with the first create, not at start.
  expect(size.firstCreate - size.eager).toBeGreaterThan(1000);
  expect(size.firstCreate).toBeLessThanOrEqual(pkg.sizeBudget.firstCreate);
  // Streaming, uploads and paging are not loaded at start.
  expect(size.total - size.eager).toBeGreaterThan(1000);
}, 30_000);
