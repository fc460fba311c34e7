// A reader told to install one of our packages from npm (`npx -y @monet-ai/mock`, `npm install
// @monet-ai/client`) while it is unpublished (version 0.0.0: npm answers 404) is told so on the
// same page, with the way round it (the repository's README, "Not on npm yet"). Scanned: every
// markdown file of the repository, the generated model guide included (its intro is written by
// scripts/gen-model-guide.mjs: the note goes there, not into docs/models/).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

/** Our packages that are not on npm yet, by name. */
const unpublished = new Set(
  fs
    .readdirSync(path.join(repoRoot, "packages"))
    .map((d) => path.join(repoRoot, "packages", d, "package.json"))
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as { name: string; version: string })
    .filter((m) => m.version === "0.0.0")
    .map((m) => m.name),
);

const INSTALL = /\b(?:npx(?:\s+-y)?|npm\s+(?:install|i)(?:\s+-g)?(?:\s+[\w-]+)*?)\s+(@monet-ai\/[\w-]+)/g;
const NOTE = /not on npm yet/i;

const markdown = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.md"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && !f.includes("node_modules/") && !f.startsWith(".changeset/") && fs.existsSync(path.join(repoRoot, f)));

test("the scan finds install lines (the rule's own cases)", () => {
  const found = (text: string) => [...text.matchAll(INSTALL)].map((m) => m[1]);
  expect(found("run `npx -y @monet-ai/mock --port 4020` or `npm install -g @monet-ai/cli`")).toEqual(["@monet-ai/mock", "@monet-ai/cli"]);
  expect(found("npm install ai @monet-ai/ai-sdk-provider")).toEqual(["@monet-ai/ai-sdk-provider"]);
  expect(found("import { Monet } from '@monet-ai/client'")).toEqual([]);
});

test("every page that installs an unpublished package of ours from npm says it is not on npm yet", () => {
  expect(unpublished.size, "no package at 0.0.0: the rule no longer applies; remove the notes and this test").toBeGreaterThan(0);
  const missing: string[] = [];
  let pages = 0;
  for (const file of markdown) {
    const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
    const installs = [...text.matchAll(INSTALL)].map((m) => m[1]).filter((name) => unpublished.has(name));
    if (!installs.length) continue;
    pages++;
    if (!NOTE.test(text)) missing.push(`${file}: installs ${[...new Set(installs)].join(", ")} from npm without "Not on npm yet"`);
  }
  expect(missing).toEqual([]);
  // The model guide's three pages are among them (their intro names the mock's npx command).
  expect(pages).toBeGreaterThan(10);
});
