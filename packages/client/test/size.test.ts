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

test("the client's CONTRIBUTING.md states the budgets of scripts/size-budget.json, not figures that go stale", () => {
  // The figures left the README (for users) for the client's CONTRIBUTING.md; the check went with them.
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../CONTRIBUTING.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Size and speed"), readme.indexOf("## How it is built"));
  const bytes = (n: number) => n.toLocaleString("en-US");
  expect(section).toContain(`at most ${bytes(budget.createAndWait)} B min+gz at start`);
  expect(section).toContain(`at most ${bytes(budget.firstCreate)} B\n  once its first \`create\``);
  // Measured figures (kB) would be stale after the next change: the script prints them.
  expect(section).not.toMatch(/\d kB min\+gz at start/);
  expect(section).toContain("node packages/client/scripts/size.mjs");
});

// The package says `sideEffects: false`: a bare `import "./chunk.js"` left in dist is one a bundler
// must drop, and esbuild warns about each (ignored-bare-import) in every app that bundles us.
test("bundling the client for a browser (esbuild, every entry a page uses) prints no warning", async () => {
  const { build } = await import("esbuild");
  const r = await build({
    stdin: {
      contents: `import { Monet } from "@monet-ai/client";
import { outputs } from "@monet-ai/client/outputs";
import { operations } from "@monet-ai/client/operations";
const monet = new Monet({ apiKey: "monet_x", dangerouslyAllowBrowser: true });
monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } });
monet.files.upload(new Blob([])); monet.tasks.list(); monet.request("listTasks", {});
console.log(outputs, operations);`,
      resolveDir: path.resolve(import.meta.dirname, ".."),
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  expect(r.warnings.map((w) => `${w.id}: ${w.text}`)).toEqual([]);
}, 30_000);
